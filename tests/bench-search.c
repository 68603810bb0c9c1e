/* bench-search.c — how long indexing and queries take on large documents
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not a pass/fail test. Generates a document with 1,000 and one with 10,000 sections (about
 * 5 and 50 MB of JSON) in memory with json-glib, loads it with kf_document_load_from_data(),
 * indexes it into a temporary file and runs ~200 varied queries, printing the index time and
 * the query latency (p50, p95, max). Usage:
 *   bench-search [SECTIONS…]     (default: 1000 10000)
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "kf-search.h"

#define SECTIONS_PER_THEME 10
#define QUERY_LIMIT        50
#define N_QUERIES          200

static const char * const syllables[] = {
  "ka", "lo", "mi", "tra", "de", "sen", "vor", "pel", "qui", "zan", "ber", "tol", "fen", "gar",
  "hul", "jis", "nor", "pra", "ste", "wen", "yul", "bri", "cos", "dap", "eth", "fro", "gim",
  "hax", "ivo", "jun",
};

/* real words, about a third of the text */
static const char * const common[] = {
  "the", "of", "and", "to", "in", "a", "for", "is", "that", "on", "with", "as", "by", "its",
  "trade", "opening", "investment", "reform", "services", "market", "rules", "China", "digital",
  "green", "development", "security", "cooperation", "standards", "zones", "pilot", "foreign",
  "growth", "policy", "agreement", "customs", "café", "Ёлка", "Äpfel", "naïve", "résumé",
};

static const char * const chinese[] = {
  "推动高水平对外开放不断深化。", "自由贸易试验区建设取得重要进展。",
  "坚持实行更加积极主动的开放战略。", "稳步扩大规则、规制、管理、标准等制度型开放。",
  "日本語の文章もここにあります。", "数字经济和绿色发展为合作提供新机遇。",
};

typedef struct
{
  GRand  *rand;
  char  **vocabulary;  /* generated words, most frequent first */
  guint   n_vocabulary;
} Generator;

static void
generator_init (Generator *g)
{
  g->rand = g_rand_new_with_seed (20241227);
  g->n_vocabulary = 8000;
  g->vocabulary = g_new0 (char *, g->n_vocabulary + 1);
  for (guint i = 0; i < g->n_vocabulary; i++)
    {
      GString *word = g_string_new (NULL);
      guint n = 2 + g_rand_int_range (g->rand, 0, 2);

      for (guint s = 0; s < n; s++)
        g_string_append (word, syllables[g_rand_int_range (g->rand, 0, G_N_ELEMENTS (syllables))]);
      g->vocabulary[i] = g_string_free (word, FALSE);
    }
}

static void
generator_clear (Generator *g)
{
  g_strfreev (g->vocabulary);
  g_rand_free (g->rand);
}

/* a word: a third common words, the rest from the vocabulary, skewed towards its start */
static const char *
pick_word (Generator *g)
{
  double u;

  if (g_rand_int_range (g->rand, 0, 3) == 0)
    return common[g_rand_int_range (g->rand, 0, G_N_ELEMENTS (common))];
  u = g_rand_double (g->rand);
  return g->vocabulary[(guint) (g->n_vocabulary * u * u * u)];
}

static char *
make_text (Generator *g,
           guint      chars)
{
  GString *text = g_string_sized_new (chars + 32);
  gboolean capital = TRUE;

  while (text->len < chars)
    {
      const char *word = pick_word (g);

      if (capital)
        {
          g_string_append_c (text, g_ascii_toupper (word[0]));
          g_string_append (text, word + 1);
        }
      else
        g_string_append (text, word);
      capital = g_rand_int_range (g->rand, 0, 12) == 0;
      g_string_append (text, capital ? ". " : " ");
    }
  g_string_truncate (text, text->len - 1);
  g_string_append_c (text, '.');

  return g_string_free (text, FALSE);
}

static void
add_text_block (JsonBuilder *b,
                Generator   *g,
                guint        chars)
{
  g_autofree char *text = make_text (g, chars);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "paragraph");
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, text);
  json_builder_end_object (b);
}

static void
add_member (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

/* A document with @n_sections sections of about 5 KB each */
static char *
make_document (Generator *g,
               guint      n_sections,
               gsize     *length)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n_themes = (n_sections + SECTIONS_PER_THEME - 1) / SECTIONS_PER_THEME;
  guint section = 0;

  json_builder_begin_object (b);
  add_member (b, "format", "kaifang-document");
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 2);

  json_builder_set_member_name (b, "metadata");
  json_builder_begin_object (b);
  add_member (b, "id", "bench");
  add_member (b, "title", "A very long generated document");
  json_builder_set_member_name (b, "authors");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "Bench Author");
  json_builder_end_array (b);
  add_member (b, "language", "en");
  add_member (b, "date", "2024-12-27");
  add_member (b, "attribution", "Generated for the search benchmark.");
  json_builder_set_member_name (b, "source");
  json_builder_begin_object (b);
  add_member (b, "name", "Example");
  add_member (b, "url", "https://example.org/bench");
  json_builder_end_object (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "themes");
  json_builder_begin_array (b);
  for (guint t = 0; t < n_themes; t++)
    {
      g_autofree char *id = g_strdup_printf ("theme-%u", t);
      g_autofree char *title = g_strdup_printf ("Theme %u: %s and %s", t + 1, pick_word (g), pick_word (g));
      g_autofree char *summary = make_text (g, 400);

      json_builder_begin_object (b);
      add_member (b, "id", id);
      json_builder_set_member_name (b, "number");
      json_builder_add_int_value (b, t + 1);
      add_member (b, "title", title);
      add_member (b, "summary", summary);
      json_builder_set_member_name (b, "sections");
      json_builder_begin_array (b);
      for (guint s = 0; s < SECTIONS_PER_THEME && section < n_sections; s++, section++)
        {
          g_autofree char *section_id = g_strdup_printf ("section-%u", section);
          g_autofree char *section_title = g_strdup_printf ("%s %s", pick_word (g), pick_word (g));

          json_builder_begin_object (b);
          add_member (b, "id", section_id);
          add_member (b, "title", section_title);
          json_builder_set_member_name (b, "blocks");
          json_builder_begin_array (b);
          for (guint p = 0; p < 4; p++)
            add_text_block (b, g, 1000);
          if (section % 7 == 0)
            {
              json_builder_begin_object (b);
              add_member (b, "type", "paragraph");
              add_member (b, "text", chinese[section / 7 % G_N_ELEMENTS (chinese)]);
              json_builder_end_object (b);
            }
          json_builder_begin_object (b);
          add_member (b, "type", "list");
          json_builder_set_member_name (b, "items");
          json_builder_begin_array (b);
          for (guint i = 0; i < 3; i++)
            {
              g_autofree char *item = make_text (g, 250);

              json_builder_add_string_value (b, item);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, length);
}

/* ~200 queries: rare and frequent generated words, common English words, two- and three-word
 * queries, substrings, accents, Chinese and Japanese (including two-character terms, which
 * cannot use the trigram index), and misses. */
static GPtrArray *
make_queries (Generator *g)
{
  GPtrArray *queries = g_ptr_array_new_with_free_func (g_free);
  static const char * const fixed[] = {
    "the", "trade", "investment", "opening", "China", "digital green", "pilot zones",
    "cafe", "CAFÉ", "елка", "apfel", "naive", "resume", "对外开放", "开放", "试验区", "日本語",
    "本語", "积极主动", "标准", "nothing-matches-this", "zzzz", "\"", "NEAR(", "a OR",
    "trade rules customs", "reform of", "of", "and the",
  };

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (queries, g_strdup (fixed[i]));

  while (queries->len < N_QUERIES)
    {
      guint kind = queries->len % 5;
      const char *word = g->vocabulary[g_rand_int_range (g->rand, 0, g->n_vocabulary)];
      const char *frequent = g->vocabulary[g_rand_int_range (g->rand, 0, 100)];

      switch (kind)
        {
        case 0:
          g_ptr_array_add (queries, g_strdup (word));
          break;
        case 1:
          g_ptr_array_add (queries, g_strdup (frequent));
          break;
        case 2:
          g_ptr_array_add (queries, g_strdup_printf ("%s %s", frequent, word));
          break;
        case 3:
          /* a substring: the start of a word, upper case */
          g_ptr_array_add (queries, g_ascii_strup (word, MAX (3, strlen (word) - 2)));
          break;
        default:
          g_ptr_array_add (queries, g_strdup_printf ("%s %s %s", pick_word (g), pick_word (g), word));
          break;
        }
    }

  return queries;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint i = (guint) (p * (sorted->len - 1) + 0.5);

  return g_array_index (sorted, double, MIN (i, sorted->len - 1));
}

static void
bench (Generator *g,
       guint      n_sections)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KfDocument) doc = NULL;
  g_autoptr(KfSearchIndex) index = NULL;
  g_autoptr(GPtrArray) queries = make_queries (g);
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) short_latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = g_dir_make_tmp ("kf-bench-search-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;
  gsize length = 0;
  gint64 t0;
  double load_ms, index_ms, reindex_ms;
  double total_results = 0;
  GStatBuf st;

  g_assert_no_error (error);
  path = g_build_filename (dir, "search.db", NULL);

  t0 = g_get_monotonic_time ();
  json = make_document (g, n_sections, &length);
  printf ("%u sections: %.1f MB of JSON, generated in %.0f ms\n", n_sections,
          length / 1e6, (g_get_monotonic_time () - t0) / 1e3);

  t0 = g_get_monotonic_time ();
  doc = kf_document_load_from_data (json, length, "bench.json", &error);
  g_assert_no_error (error);
  load_ms = (g_get_monotonic_time () - t0) / 1e3;
  g_clear_pointer (&json, g_free);

  index = kf_search_index_new (path, &error);
  g_assert_no_error (error);
  t0 = g_get_monotonic_time ();
  g_assert_true (kf_search_index_add_document (index, doc, NULL, &error));
  g_assert_no_error (error);
  index_ms = (g_get_monotonic_time () - t0) / 1e3;
  t0 = g_get_monotonic_time ();
  g_assert_false (kf_search_index_add_document (index, doc, NULL, &error));
  reindex_ms = (g_get_monotonic_time () - t0) / 1e3;
  g_assert_no_error (error);
  g_assert_true (g_stat (path, &st) == 0);

  printf ("  load %.0f ms, index %.0f ms (index file %.1f MB), unchanged re-add %.2f ms\n",
          load_ms, index_ms, st.st_size / 1e6, reindex_ms);

  /* warm up the page cache and the statements' code paths */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GPtrArray) results = kf_search_index_query (index, g_ptr_array_index (queries, i),
                                                            QUERY_LIMIT, &error);
      g_assert_no_error (error);
    }

  for (guint i = 0; i < queries->len; i++)
    {
      const char *q = g_ptr_array_index (queries, i);
      g_autoptr(GPtrArray) results = NULL;
      g_auto(GStrv) words = g_strsplit (q, " ", -1);
      gboolean has_short = FALSE;
      double ms;

      t0 = g_get_monotonic_time ();
      results = kf_search_index_query (index, q, QUERY_LIMIT, &error);
      ms = (g_get_monotonic_time () - t0) / 1e3;
      g_assert_no_error (error);
      total_results += results->len;

      for (guint w = 0; words[w]; w++)
        has_short |= words[w][0] && g_utf8_strlen (words[w], -1) < 3;
      /* queries made only of short terms scan the table instead of using the index */
      g_array_append_val (has_short ? short_latencies : latencies, ms);
      if (g_getenv ("BENCH_VERBOSE"))
        printf ("    %8.2f ms %3u results  %s\n", ms, results->len, q);
    }

  g_array_sort (latencies, compare_doubles);
  printf ("  %u indexed queries (limit %d, %.1f results on average): "
          "p50 %.2f ms, p95 %.2f ms, max %.2f ms\n",
          latencies->len, QUERY_LIMIT, total_results / queries->len,
          percentile (latencies, 0.5), percentile (latencies, 0.95),
          g_array_index (latencies, double, latencies->len - 1));
  if (short_latencies->len > 0)
    {
      g_array_sort (short_latencies, compare_doubles);
      printf ("  %u queries with 1–2 character terms (table scan): p50 %.2f ms, max %.2f ms\n",
              short_latencies->len, percentile (short_latencies, 0.5),
              g_array_index (short_latencies, double, short_latencies->len - 1));
    }
  g_array_append_vals (latencies, short_latencies->data, short_latencies->len);
  g_array_sort (latencies, compare_doubles);
  printf ("  all %u queries: p50 %.2f ms, p95 %.2f ms\n", latencies->len,
          percentile (latencies, 0.5), percentile (latencies, 0.95));

  g_clear_object (&index);
  if (g_getenv ("BENCH_KEEP"))
    printf ("  kept %s\n", path);
  else
  {
    static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

        g_remove (file);
      }
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  Generator g;

  generator_init (&g);
  if (argc > 1)
    for (int i = 1; i < argc; i++)
      bench (&g, (guint) strtoul (argv[i], NULL, 10));
  else
    {
      bench (&g, 1000);
      bench (&g, 10000);
    }
  generator_clear (&g);

  return 0;
}
