/* test-search.c — the search index (kf-search)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gstdio.h>

#include "kf-search.h"

static KfDocument *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "search", name, NULL);
  g_autoptr(GError) error = NULL;
  KfDocument *doc = kf_document_load_from_path (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static KfSearchIndex *
index_with (const char *fixture)
{
  g_autoptr(KfDocument) doc = load_fixture (fixture);
  g_autoptr(GError) error = NULL;
  KfSearchIndex *index = kf_search_index_new (":memory:", &error);

  g_assert_no_error (error);
  g_assert_true (kf_search_index_add_document (index, doc, NULL, &error));
  g_assert_no_error (error);
  return index;
}

static GPtrArray *
query (KfSearchIndex *index,
       const char    *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *results = kf_search_index_query (index, text, 50, &error);

  g_assert_no_error (error);
  g_assert_nonnull (results);
  return results;
}

/* The position of the result for @block_id (in @language, or any when NULL), or -1 */
static int
find_block (GPtrArray  *results,
            const char *block_id,
            const char *language)
{
  for (guint i = 0; i < results->len; i++)
    {
      KfSearchResult *r = g_ptr_array_index (results, i);

      if (strcmp (r->block_id, block_id) == 0 &&
          (language == NULL || strcmp (r->language, language) == 0))
        return i;
    }
  return -1;
}

static KfSearchResult *
get_block (GPtrArray  *results,
           const char *block_id)
{
  int i = find_block (results, block_id, NULL);

  g_assert_cmpint (i, >=, 0);
  return g_ptr_array_index (results, i);
}

/* Well-formed, with only the entities Pango knows: what a GtkLabel can show */
static gboolean
markup_is_valid (const char *markup)
{
  static const GMarkupParser parser = { 0 };
  g_autofree char *wrapped = g_strdup_printf ("<markup>%s</markup>", markup);
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, NULL, NULL);

  return g_markup_parse_context_parse (context, wrapped, -1, NULL) &&
         g_markup_parse_context_end_parse (context, NULL);
}

static void
test_normalize (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "Café", "cafe" },
    { "CAFE\xcc\x81", "cafe" },
    { "Ёлка", "елка" },
    { "ÄÖÜ ß", "aou ss" },
    { "高水平对外开放", "高水平对外开放" },
    { "ПРИВЕТ", "привет" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *norm = kf_search_normalize (cases[i].in);

      g_assert_cmpstr (norm, ==, cases[i].out);
    }
}

static void
test_ranking (void)
{
  g_autoptr(KfSearchIndex) index = index_with ("latin.json");
  g_autoptr(GPtrArray) results = query (index, "trade");
  int twice = find_block (results, "sections/trade-goods/blocks/0", NULL);
  int once = find_block (results, "sections/trade-other/blocks/0", NULL);
  KfSearchResult *r;

  g_assert_cmpint (twice, >=, 0);
  g_assert_cmpint (once, >=, 0);
  g_assert_cmpint (twice, <, once);

  for (guint i = 1; i < results->len; i++)
    g_assert_cmpfloat (((KfSearchResult *) g_ptr_array_index (results, i - 1))->rank, <=,
                       ((KfSearchResult *) g_ptr_array_index (results, i))->rank);

  r = g_ptr_array_index (results, twice);
  g_assert_cmpstr (r->document_id, ==, "search-latin");
  g_assert_cmpstr (r->document_title, ==, "Search fixture");
  g_assert_cmpstr (r->node_id, ==, "trade-goods");
  g_assert_cmpstr (r->heading, ==, "Harbour trade");
  g_assert_cmpstr (r->theme_title, ==, "Trade");
  g_assert_cmpstr (r->language, ==, "en");
  g_assert_cmpstr (r->match, ==, "trade");

  /* the heading counts: the same text under a heading with the word ranks first */
  g_clear_pointer (&results, g_ptr_array_unref);
  results = query (index, "canal");
  twice = find_block (results, "sections/trade-canal/blocks/0", NULL);
  once = find_block (results, "sections/trade-other/blocks/2", NULL);
  g_assert_cmpint (twice, >=, 0);
  g_assert_cmpint (once, >=, 0);
  g_assert_cmpint (twice, <, once);

  /* ... but it does not match by itself: this paragraph under "Harbour trade" lacks the word */
  g_clear_pointer (&results, g_ptr_array_unref);
  results = query (index, "harbour");
  g_assert_cmpint (find_block (results, "sections/trade-goods/blocks/0", NULL), >=, 0);
  g_assert_cmpint (find_block (results, "sections/trade-goods/blocks/1", NULL), <, 0);

  /* words in any order, all required */
  g_clear_pointer (&results, g_ptr_array_unref);
  results = query (index, "path harbour");
  g_assert_cmpuint (results->len, ==, 1);
  g_assert_cmpstr (((KfSearchResult *) g_ptr_array_index (results, 0))->block_id, ==,
                   "sections/trade-goods/blocks/0");
  g_clear_pointer (&results, g_ptr_array_unref);
  results = query (index, "harbour zebra");
  g_assert_cmpuint (results->len, ==, 0);

  /* the limit */
  g_clear_pointer (&results, g_ptr_array_unref);
  {
    g_autoptr(GError) error = NULL;

    results = kf_search_index_query (index, "trade", 2, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (results->len, ==, 2);
  }
}

static void
test_nodes (void)
{
  g_autoptr(KfSearchIndex) index = index_with ("latin.json");
  g_autoptr(GPtrArray) results = NULL;
  KfSearchResult *r;

  /* a figure: its theme's page */
  results = query (index, "seaport");
  r = get_block (results, "figures/fig-ports/label");
  g_assert_cmpstr (r->node_id, ==, "trade");
  g_assert_cmpstr (r->heading, ==, "Trade");
  g_assert_cmpstr (r->theme_title, ==, "Trade");

  /* an event: the timeline */
  r = get_block (results, "events/ev-harbour/description");
  g_assert_cmpstr (r->node_id, ==, "timeline");
  g_assert_cmpstr (r->theme_title, ==, "Trade");

  /* a term: the glossary */
  g_clear_pointer (&results, g_ptr_array_unref);
  results = query (index, "tariffs");
  r = get_block (results, "glossary/fta/definition");
  g_assert_cmpstr (r->node_id, ==, "glossary");
  g_assert_cmpstr (r->heading, ==, "Glossary");
  g_assert_null (r->theme_title);

  /* a theme summary */
  g_clear_pointer (&results, g_ptr_array_unref);
  results = query (index, "borders");
  r = get_block (results, "themes/trade/summary");
  g_assert_cmpstr (r->node_id, ==, "trade");
  g_assert_cmpstr (r->heading, ==, "Trade");

  /* metadata: the document's page */
  g_clear_pointer (&results, g_ptr_array_unref);
  results = query (index, "written for");
  r = get_block (results, "metadata/attribution");
  g_assert_cmpstr (r->node_id, ==, "search-latin");
  g_assert_cmpstr (r->heading, ==, "Search fixture");
  g_assert_null (r->theme_title);

  /* inline links are searched as the page shows them: their label, not the target */
  g_clear_pointer (&results, g_ptr_array_unref);
  results = query (index, "the trade theme");
  r = get_block (results, "sections/culture-a/blocks/0");
  g_assert_null (strstr (r->snippet, "](#"));
  g_clear_pointer (&results, g_ptr_array_unref);
  results = query (index, "#fta");
  g_assert_cmpuint (results->len, ==, 0);
}

static void
test_cjk (void)
{
  g_autoptr(KfSearchIndex) index = index_with ("zh.json");
  const char *queries[] = { "对外开放", "开放", "高水平对外开放", "水平", "外" };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GPtrArray) results = query (index, queries[i]);
      KfSearchResult *r = get_block (results, "sections/opening-a/blocks/0");

      g_assert_cmpstr (r->match, ==, queries[i]);
      g_assert_cmpstr (r->language, ==, "zh-CN");
      g_assert_cmpstr (r->node_id, ==, "opening-a");
      g_assert_cmpstr (r->heading, ==, "2012年以来");
      g_assert_cmpstr (r->theme_title, ==, "对外开放");
      g_assert_nonnull (strstr (r->snippet, queries[i]));
    }

  /* a short and a long term together; Japanese */
  {
    g_autoptr(GPtrArray) results = query (index, "开放 积极主动");
    g_assert_cmpuint (results->len, ==, 1);
    g_clear_pointer (&results, g_ptr_array_unref);

    results = query (index, "本語");
    get_block (results, "sections/opening-a/blocks/1/items/1");
    g_clear_pointer (&results, g_ptr_array_unref);

    results = query (index, "贸试");
    get_block (results, "glossary/ftz/term");
    g_assert_cmpstr (((KfSearchResult *) g_ptr_array_index (results, 0))->node_id, ==, "glossary");
  }
}

static void
test_diacritics (void)
{
  g_autoptr(KfSearchIndex) index = index_with ("latin.json");
  const char *cafe_queries[] = { "café", "CAFE", "Cafe", "CAFÉ" };

  for (guint i = 0; i < G_N_ELEMENTS (cafe_queries); i++)
    {
      g_autoptr(GPtrArray) results = query (index, cafe_queries[i]);

      g_assert_cmpstr (get_block (results, "sections/trade-other/blocks/1/items/0")->match, ==,
                       "café");
      g_assert_cmpstr (get_block (results, "sections/trade-other/blocks/1/items/1")->match, ==,
                       "CAFE");
      /* a decomposed accent belongs to the match */
      g_assert_cmpstr (get_block (results, "sections/trade-other/blocks/1/items/3")->match, ==,
                       "cafe\xcc\x81");
    }

  {
    g_autoptr(GPtrArray) results = query (index, "елка");

    g_assert_cmpstr (get_block (results, "themes/culture/summary")->match, ==, "Ёлка");
    g_assert_cmpstr (get_block (results, "sections/culture-a/blocks/0")->match, ==, "елка");
    g_clear_pointer (&results, g_ptr_array_unref);

    results = query (index, "ЁЛКА");
    get_block (results, "themes/culture/summary");
    get_block (results, "sections/culture-a/blocks/0");
    g_clear_pointer (&results, g_ptr_array_unref);

    results = query (index, "apfel");
    g_assert_cmpstr (get_block (results, "sections/trade-other/blocks/1/items/2")->match, ==,
                     "Äpfel");
    g_clear_pointer (&results, g_ptr_array_unref);

    /* a two-letter term goes through the fallback scan */
    results = query (index, "är");
    g_assert_cmpstr (get_block (results, "sections/trade-other/blocks/1/items/2")->match, ==,
                     "Är");
  }
}

static void
test_snippets (void)
{
  g_autoptr(KfSearchIndex) index = index_with ("latin.json");
  g_autoptr(GPtrArray) results = query (index, "danger");
  KfSearchResult *r = get_block (results, "sections/trade-goods/blocks/1");

  g_assert_cmpstr (r->snippet, ==,
                   "Tensions over <script>alert(\"x\")</script> & other danger were calm.");
  g_assert_cmpstr (r->snippet_markup, ==,
                   "Tensions over &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; other "
                   "<b>danger</b> were calm.");
  g_assert_true (markup_is_valid (r->snippet_markup));

  /* a long text: cut around the match, with ellipses */
  g_clear_pointer (&results, g_ptr_array_unref);
  results = query (index, "needle haystack");
  r = get_block (results, "sections/culture-a/blocks/1");
  g_assert_nonnull (strstr (r->snippet, "Needle in the haystack"));
  g_assert_true (g_str_has_prefix (r->snippet, "…"));
  g_assert_true (g_str_has_suffix (r->snippet, "…"));
  g_assert_cmpint (g_utf8_strlen (r->snippet, -1), <=, 200);
  g_assert_cmpint (g_utf8_strlen (r->snippet, -1), >=, 100);
  g_assert_nonnull (strstr (r->snippet_markup, "<b>Needle</b> in the <b>haystack</b>"));
  g_assert_cmpstr (r->match, ==, "Needle");
}

static void
test_catalog (void)
{
  g_autofree char *mo_path = g_test_build_filename (G_TEST_BUILT, "minimal-fr.mo", NULL);
  g_autofree char *doc_path = g_test_build_filename (G_TEST_DIST, "fixtures", "documents",
                                                     "minimal.json", NULL);
  g_autoptr(GFile) mo_file = g_file_new_for_path (mo_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KfCatalog) fr = kf_catalog_new_from_file (mo_file, "fr", &error);
  g_autoptr(KfDocument) doc = NULL;
  g_autoptr(KfSearchIndex) index = NULL;
  g_autoptr(GPtrArray) results = NULL;
  KfCatalog *catalogs[] = { NULL, NULL };
  KfSearchResult *r;
  int i;

  g_assert_no_error (error);
  catalogs[0] = fr;
  doc = kf_document_load_from_path (doc_path, &error);
  g_assert_no_error (error);
  index = kf_search_index_new (":memory:", &error);
  g_assert_no_error (error);
  g_assert_true (kf_search_index_add_document (index, doc, catalogs, &error));
  g_assert_no_error (error);
  /* the same catalogs: up to date */
  g_assert_false (kf_search_index_add_document (index, doc, catalogs, &error));
  g_assert_no_error (error);

  results = query (index, "Premier");
  g_assert_cmpuint (results->len, >=, 1);
  r = get_block (results, "themes/first/title");
  g_assert_cmpstr (r->language, ==, "fr");
  g_assert_cmpstr (r->match, ==, "Premier");
  g_assert_cmpstr (r->node_id, ==, "first");
  g_assert_cmpstr (r->heading, ==, "Premier thème");
  g_assert_cmpstr (r->theme_title, ==, "Premier thème");

  /* both languages; untranslated texts are not repeated */
  g_clear_pointer (&results, g_ptr_array_unref);
  results = query (index, "point");
  g_assert_cmpint (find_block (results, "sections/first-a/blocks/1/items/0", "fr"), >=, 0);
  g_assert_cmpint (find_block (results, "sections/first-a/blocks/1/items/0", "en"), >=, 0);
  g_assert_cmpint (find_block (results, "sections/first-a/blocks/1/items/1", "en"), >=, 0);
  g_assert_cmpint (find_block (results, "sections/first-a/blocks/1/items/1", "fr"), <, 0);
  i = find_block (results, "sections/first-a/blocks/1/items/0", "fr");
  r = g_ptr_array_index (results, i);
  g_assert_cmpstr (r->heading, ==, "Since 2012");  /* not in the catalog: the original */
  g_assert_cmpstr (r->theme_title, ==, "Premier thème");

  /* without the catalog, the French rows go */
  g_assert_true (kf_search_index_add_document (index, doc, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&results, g_ptr_array_unref);
  results = query (index, "Premier");
  g_assert_cmpuint (results->len, ==, 0);
}

static const char changing_doc[] =
  "{ \"format\": \"kaifang-document\", \"version\": 2,"
  "  \"metadata\": { \"id\": \"changing\", \"title\": \"Changing\", \"authors\": [\"A\"],"
  "    \"language\": \"en\", \"date\": \"2024-01-01\", \"attribution\": \"Test.\","
  "    \"source\": { \"name\": \"X\", \"url\": \"https://example.org/\" } },"
  "  \"themes\": [ { \"id\": \"t\", \"number\": 1, \"title\": \"Theme\", \"summary\": \"Summary.\","
  "    \"sections\": [ { \"id\": \"s\", \"title\": \"Section\","
  "      \"blocks\": [ { \"type\": \"paragraph\", \"text\": \"%s\" } ] } ] } ] }";

static KfDocument *
changing_document (const char *text)
{
  g_autofree char *json = g_strdup_printf (changing_doc, text);
  g_autoptr(GError) error = NULL;
  KfDocument *doc = kf_document_load_from_data (json, strlen (json), "changing.json", &error);

  g_assert_no_error (error);
  return doc;
}

static void
test_rebuild (void)
{
  g_autoptr(KfDocument) v1 = changing_document ("The old walrus text.");
  g_autoptr(KfDocument) v1_again = changing_document ("The old walrus text.");
  g_autoptr(KfDocument) v2 = changing_document ("The new pelican text.");
  g_autoptr(KfDocument) other = load_fixture ("latin.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(KfSearchIndex) index = kf_search_index_new (":memory:", &error);
  g_autoptr(GPtrArray) results = NULL;

  g_assert_no_error (error);
  g_assert_true (kf_search_index_add_document (index, v1, NULL, &error));
  g_assert_true (kf_search_index_add_document (index, other, NULL, &error));
  g_assert_false (kf_search_index_add_document (index, v1_again, NULL, &error));
  g_assert_no_error (error);

  results = query (index, "walrus");
  g_assert_cmpuint (results->len, ==, 1);
  g_clear_pointer (&results, g_ptr_array_unref);

  g_assert_true (kf_search_index_add_document (index, v2, NULL, &error));
  g_assert_no_error (error);
  results = query (index, "walrus");
  g_assert_cmpuint (results->len, ==, 0);
  g_clear_pointer (&results, g_ptr_array_unref);
  results = query (index, "pelican");
  g_assert_cmpuint (results->len, ==, 1);
  g_clear_pointer (&results, g_ptr_array_unref);
  g_assert_false (kf_search_index_add_document (index, v2, NULL, &error));

  /* the other document is untouched; then removed */
  results = query (index, "harbour");
  g_assert_cmpuint (results->len, >, 0);
  g_clear_pointer (&results, g_ptr_array_unref);
  g_assert_true (kf_search_index_remove_document (index, "search-latin", &error));
  g_assert_no_error (error);
  results = query (index, "harbour");
  g_assert_cmpuint (results->len, ==, 0);
  g_clear_pointer (&results, g_ptr_array_unref);
  results = query (index, "pelican");
  g_assert_cmpuint (results->len, ==, 1);
  g_assert_true (kf_search_index_remove_document (index, "not-indexed", &error));
  g_assert_no_error (error);
}

static void
test_hostile (void)
{
  g_autoptr(KfSearchIndex) index = index_with ("latin.json");
  g_autoptr(GString) long_query = g_string_new (NULL);
  g_autoptr(GString) many_words = g_string_new (NULL);
  const char *queries[] = {
    "\"", "\"\"", "*", "NEAR(", "NEAR(a b", "a OR", "OR", "AND", "NOT", ")", "(", "'", "''",
    "^", "-", "+", ":", "norm:", "title_norm : x", "{norm}", "a AND OR b", "\"trade", "trade\"",
    "tra\"de", "trade*", "\\", "%", "_", "%%trade%%", "NEAR(\"a\" \"b\", 1)", "x' OR 1=1 --",
    "\xff\xfe invalid", "\xcc\x81", "\t\n", "caf\xc3", "\xe2\x80\x8b",
    "\"\"\"", "'''", "(((", "***", "\"trade\"", "NEAR(\"trade\" \"harbour\")", "trade -harbour",
  };
  const char *empty[] = { "", " ", "\t \n", "\xe3\x80\x80" /* ideographic space */ };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GPtrArray) results = kf_search_index_query (index, queries[i], 20, &error);

      g_assert_no_error (error);
      g_assert_nonnull (results);
      for (guint j = 0; j < results->len; j++)
        {
          KfSearchResult *r = g_ptr_array_index (results, j);

          g_assert_true (g_utf8_validate (r->snippet, -1, NULL));
          g_assert_true (g_utf8_validate (r->snippet_markup, -1, NULL));
          g_assert_nonnull (r->match);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (empty); i++)
    {
      g_autoptr(GPtrArray) results = kf_search_index_query (index, empty[i], 20, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (results->len, ==, 0);
    }
  {
    g_autoptr(GPtrArray) results = kf_search_index_query (index, NULL, 20, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (results->len, ==, 0);
  }

  for (guint i = 0; i < 20000; i++)
    g_string_append (long_query, i % 7 == 0 ? "\"" : "ab");
  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (many_words, "w%u OR ( ", i);
  {
    g_autoptr(GPtrArray) results = kf_search_index_query (index, long_query->str, 20, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (results->len, ==, 0);
    g_clear_pointer (&results, g_ptr_array_unref);
    results = kf_search_index_query (index, many_words->str, 20, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (results->len, ==, 0);
  }
}

typedef struct
{
  GMainLoop *loop;
  GPtrArray *results;
  GError    *error;
} AsyncData;

static void
query_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncData *data = user_data;

  data->results = kf_search_index_query_finish (KF_SEARCH_INDEX (source), result, &data->error);
  g_main_loop_quit (data->loop);
}

static void
test_async (void)
{
  g_autoptr(KfSearchIndex) index = index_with ("latin.json");
  const char *queries[] = { "trade", "café", "är", "", "NEAR(" };

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GPtrArray) sync = query (index, queries[q]);
      g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
      AsyncData data = { loop, NULL, NULL };

      kf_search_index_query_async (index, queries[q], 50, NULL, query_done, &data);
      g_main_loop_run (loop);
      g_assert_no_error (data.error);
      g_assert_nonnull (data.results);
      g_assert_cmpuint (data.results->len, ==, sync->len);
      for (guint i = 0; i < sync->len; i++)
        {
          KfSearchResult *a = g_ptr_array_index (sync, i);
          KfSearchResult *b = g_ptr_array_index (data.results, i);

          g_assert_cmpstr (a->block_id, ==, b->block_id);
          g_assert_cmpstr (a->language, ==, b->language);
          g_assert_cmpstr (a->snippet_markup, ==, b->snippet_markup);
          g_assert_cmpfloat (a->rank, ==, b->rank);
        }
      g_ptr_array_unref (data.results);
    }

  /* cancelled before it runs */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
    AsyncData data = { loop, NULL, NULL };

    g_cancellable_cancel (cancellable);
    kf_search_index_query_async (index, "trade", 50, cancellable, query_done, &data);
    g_main_loop_run (loop);
    g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_null (data.results);
    g_clear_error (&data.error);
  }
}

static void
test_guide (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "guide",
                                                 "kaifang-guide.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KfDocument) doc = kf_document_load_from_path (path, &error);
  g_autoptr(KfSearchIndex) index = NULL;
  g_autoptr(GPtrArray) results = NULL;

  g_assert_no_error (error);
  index = kf_search_index_new (":memory:", &error);
  g_assert_no_error (error);
  g_assert_true (kf_search_index_add_document (index, doc, NULL, &error));
  g_assert_no_error (error);

  results = query (index, "CPTPP");
  g_assert_cmpuint (results->len, >, 0);
  for (guint i = 0; i < results->len; i++)
    {
      KfSearchResult *r = g_ptr_array_index (results, i);

      g_assert_nonnull (kf_document_lookup_node (doc, r->node_id));
      g_assert_cmpstr (r->document_id, ==, kf_document_get_metadata (doc)->id);
      g_assert_cmpstr (r->match, ==, "CPTPP");
      g_assert_nonnull (r->heading);
      g_assert_nonnull (strstr (r->snippet_markup, "<b>CPTPP</b>"));
    }

  /* lower case finds the same texts */
  {
    g_autoptr(GPtrArray) lower = query (index, "cptpp");

    g_assert_cmpuint (lower->len, ==, results->len);
  }
}

/* A file index: kept between runs; a damaged file or another schema version is replaced. */
static void
test_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kf-search-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(KfDocument) doc = load_fixture ("latin.json");
  g_autoptr(GPtrArray) results = NULL;
  KfSearchIndex *index;

  g_assert_no_error (error);
  path = g_build_filename (dir, "cache", "kaifang", "search.db", NULL);

  index = kf_search_index_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (kf_search_index_add_document (index, doc, NULL, &error));
  g_object_unref (index);

  /* reopened: still there, up to date */
  index = kf_search_index_new (path, &error);
  g_assert_no_error (error);
  g_assert_false (kf_search_index_add_document (index, doc, NULL, &error));
  g_assert_no_error (error);
  results = query (index, "harbour");
  g_assert_cmpuint (results->len, >, 0);
  g_clear_pointer (&results, g_ptr_array_unref);
  g_object_unref (index);

  /* garbage */
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_remove (wal);
    g_remove (shm);
  }
  g_assert_true (g_file_set_contents (path, "This is not an SQLite database, not at all. "
                                            "It is long enough to have a header.", -1, &error));
  index = kf_search_index_new (path, &error);
  g_assert_no_error (error);
  results = query (index, "harbour");
  g_assert_cmpuint (results->len, ==, 0);
  g_clear_pointer (&results, g_ptr_array_unref);
  g_assert_true (kf_search_index_add_document (index, doc, NULL, &error));
  g_assert_no_error (error);
  results = query (index, "harbour");
  g_assert_cmpuint (results->len, >, 0);
  g_clear_pointer (&results, g_ptr_array_unref);
  g_object_unref (index);

  /* another schema version: an SQLite file with the wrong user_version */
  {
    g_autofree char *other = g_build_filename (dir, "other.db", NULL);
    g_autofree char *contents = NULL;
    gsize length;

    index = kf_search_index_new (other, &error);
    g_assert_no_error (error);
    g_object_unref (index);
    /* the user_version is the big-endian integer at offset 60 of the header */
    g_assert_true (g_file_get_contents (other, &contents, &length, &error));
    g_assert_cmpuint (length, >=, 100);
    g_assert_cmpint (contents[63], ==, KF_SEARCH_SCHEMA_VERSION);
    contents[63] = 99;
    g_assert_true (g_file_set_contents (path, contents, length, &error));
    g_remove (other);
  }
  index = kf_search_index_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (kf_search_index_add_document (index, doc, NULL, &error));
  g_assert_no_error (error);
  g_object_unref (index);

  {
    g_autofree char *parent = g_path_get_dirname (path);
    g_autoptr(GDir) d = g_dir_open (parent, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)))
      {
        g_autofree char *file = g_build_filename (parent, name, NULL);

        g_remove (file);
      }
    g_rmdir (parent);
    g_clear_pointer (&parent, g_free);
    parent = g_build_filename (dir, "cache", NULL);
    g_rmdir (parent);
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/normalize", test_normalize);
  g_test_add_func ("/search/ranking", test_ranking);
  g_test_add_func ("/search/nodes", test_nodes);
  g_test_add_func ("/search/cjk", test_cjk);
  g_test_add_func ("/search/diacritics", test_diacritics);
  g_test_add_func ("/search/snippets", test_snippets);
  g_test_add_func ("/search/catalog", test_catalog);
  g_test_add_func ("/search/rebuild", test_rebuild);
  g_test_add_func ("/search/hostile", test_hostile);
  g_test_add_func ("/search/async", test_async);
  g_test_add_func ("/search/guide", test_guide);
  g_test_add_func ("/search/file", test_file);

  return g_test_run ();
}
