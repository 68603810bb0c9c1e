/* test-renderer.c — HTML from the model: structure and escaping
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "kf-document.h"
#include "kf-inline.h"
#include "kf-renderer.h"

#define HOSTILE "<script>alert(1)</script>"

/* A valid document with @hostile in every text field. */
static KfDocument *
hostile_document (const char *hostile)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *link_text = g_strdup_printf ("%s [%s](#t1) [x](https://example.org/?q=\"'><b>)",
                                                hostile, "a&b");
  g_autoptr(GError) error = NULL;
  KfDocument *doc;

#define MEMBER(name, value) json_builder_set_member_name (b, name); json_builder_add_string_value (b, value)
  json_builder_begin_object (b);
  MEMBER ("format", "kaifang-document");
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "metadata");
  json_builder_begin_object (b);
  MEMBER ("id", "hostile");
  MEMBER ("title", hostile);
  MEMBER ("subtitle", hostile);
  MEMBER ("intro", link_text);
  json_builder_set_member_name (b, "authors");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, hostile);
  json_builder_end_array (b);
  MEMBER ("language", "en");
  MEMBER ("date", "2024-01-01");
  MEMBER ("attribution", hostile);
  json_builder_set_member_name (b, "source");
  json_builder_begin_object (b);
  MEMBER ("name", hostile);
  MEMBER ("url", "https://example.org/a?b=c&d='e'");
  MEMBER ("title", hostile);
  MEMBER ("author", hostile);
  json_builder_end_object (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "themes");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  MEMBER ("id", "t1");
  json_builder_set_member_name (b, "number");
  json_builder_add_int_value (b, 1);
  MEMBER ("title", hostile);
  MEMBER ("summary", link_text);
  MEMBER ("accent", "#123456");
  json_builder_set_member_name (b, "terms");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "#term");
  json_builder_end_array (b);
  json_builder_set_member_name (b, "sections");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  MEMBER ("id", "s1");
  MEMBER ("title", hostile);
  json_builder_set_member_name (b, "blocks");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  MEMBER ("type", "paragraph");
  MEMBER ("text", link_text);
  json_builder_end_object (b);
  json_builder_begin_object (b);
  MEMBER ("type", "list");
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, hostile);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_begin_object (b);
  MEMBER ("type", "figure");
  MEMBER ("ref", "#fig");
  json_builder_end_object (b);
  json_builder_begin_object (b);
  MEMBER ("type", "term");
  MEMBER ("ref", "#term");
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "figures");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  MEMBER ("id", "fig");
  json_builder_set_member_name (b, "value");
  json_builder_add_double_value (b, 2.5);
  MEMBER ("unit", hostile);
  MEMBER ("label", hostile);
  MEMBER ("source", hostile);
  MEMBER ("theme", "#t1");
  json_builder_end_object (b);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "glossary");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  MEMBER ("id", "term");
  MEMBER ("term", hostile);
  MEMBER ("expansion", hostile);
  MEMBER ("definition", hostile);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
#undef MEMBER

  root = json_builder_get_root (b);
  json = json_to_string (root, TRUE);
  doc = kf_document_load_from_data (json, strlen (json), "hostile.json", &error);
  g_assert_no_error (error);
  return doc;
}

static void
assert_no_raw_markup (const char *html)
{
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "<b>"));
  g_assert_null (strstr (html, "\"'>"));
}

static void
check_node (KfDocument   *doc,
            const KfNode *node)
{
  g_autofree char *html = kf_render_node (doc, node, NULL);

  assert_no_raw_markup (html);
  for (guint i = 0; i < node->n_children; i++)
    check_node (doc, node->children[i]);
}

static void
test_escaping (void)
{
  g_autoptr(KfDocument) doc = hostile_document (HOSTILE);
  g_autofree char *theme = NULL;
  g_autofree char *about = NULL;
  g_autofree char *title = NULL;

  /* every page of the document */
  check_node (doc, kf_document_get_root (doc));

  theme = kf_render_node (doc, kf_document_lookup_node (doc, "t1"), NULL);
  /* the title comes out as text */
  g_assert_nonnull (strstr (theme, "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"));
  /* link labels are escaped, internal links keep their target */
  g_assert_nonnull (strstr (theme, "<a class=\"internal\" href=\"#t1\">a&amp;b</a>"));
  /* the external URL's quotes cannot leave the attribute */
  g_assert_nonnull (strstr (theme, "href=\"https://example.org/?q=&quot;&#39;&gt;&lt;b&gt;\""));

  about = kf_render_node (doc, kf_document_lookup_node (doc, "about"), NULL);
  g_assert_nonnull (strstr (about, "href=\"https://example.org/a?b=c&amp;d=&#39;e&#39;\""));

  /* titles are plain text: the UI shows them as such */
  title = kf_render_node_title (doc, kf_document_lookup_node (doc, "t1"), NULL);
  g_assert_cmpstr (title, ==, HOSTILE);
}

static void
test_attribute_breakers (void)
{
  const char *payloads[] = {
    "\" onmouseover=\"alert(1)",
    "' onfocus='alert(1)",
    "<img src=http://127.0.0.1:9/x onerror=alert(1)>",
    "<iframe src=\"file:///etc/passwd\"></iframe>",
    "<meta http-equiv=\"refresh\" content=\"0;url=http://127.0.0.1:9/\">",
    "\xE2\x80\xAE override",
  };

  for (guint i = 0; i < G_N_ELEMENTS (payloads); i++)
    {
      g_autoptr(KfDocument) doc = hostile_document (payloads[i]);
      g_autofree char *html = kf_render_node (doc, kf_document_lookup_node (doc, "s1"), NULL);

      g_assert_null (strstr (html, "<img"));
      g_assert_null (strstr (html, "<iframe"));
      g_assert_null (strstr (html, "<meta"));
      g_assert_null (strstr (html, "\" onmouseover"));
      g_assert_null (strstr (html, "' onfocus"));
    }
}

static void
test_structure (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "documents", "minimal.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KfDocument) doc = kf_document_load_from_file (file, NULL, &error);
  g_autofree char *theme = NULL;
  g_autofree char *section = NULL;
  g_autofree char *glossary = NULL;
  g_autofree char *overview = NULL;

  g_assert_no_error (error);

  theme = kf_render_node (doc, kf_document_lookup_node (doc, "first"), NULL);
  g_assert_true (g_str_has_prefix (theme, "<article class=\"theme\" lang=\"en\" dir=\"ltr\""));
  g_assert_nonnull (strstr (theme, "<h1>First theme</h1>"));
  g_assert_nonnull (strstr (theme, "<h2 id=\"kf-figures-heading\">Key figures</h2>"));
  g_assert_nonnull (strstr (theme, "<h2 id=\"kf-related-heading\">Related themes</h2>"));
  g_assert_nonnull (strstr (theme, "<a class=\"internal\" href=\"#second\">2. Second theme</a>"));

  /* figure cards: qualifier, value, unit, label, year, source */
  section = kf_render_node (doc, kf_document_lookup_node (doc, "first-a"), NULL);
  g_assert_nonnull (strstr (section, "<figure class=\"figure-card\" id=\"fig-one\">"));
  g_assert_nonnull (strstr (section, "over <data value=\"2.7\">2.7</data> <span class=\"figure-unit\">trillion yuan</span>"));
  g_assert_nonnull (strstr (section, "<figcaption class=\"figure-label\">A measured amount</figcaption>"));
  g_assert_nonnull (strstr (section, "<span class=\"figure-year\">2023</span>"));
  g_assert_nonnull (strstr (section, "<ul class=\"key-points\">\n<li data-block=\"sections/first-a/blocks/1/items/0\">One point</li>"));
  g_assert_nonnull (strstr (section, "<p data-block=\"sections/first-a/blocks/0\">A paragraph with a "));
  g_assert_nonnull (strstr (section, "<a class=\"external\" rel=\"noopener noreferrer\" href=\"https://example.org/\">web link</a>"));

  glossary = kf_render_node (doc, kf_document_lookup_node (doc, "glossary"), NULL);
  g_assert_nonnull (strstr (glossary, "<h1>Glossary</h1>"));
  g_assert_nonnull (strstr (glossary, "<div class=\"term\" id=\"term-one\">"));

  overview = kf_render_node (doc, kf_document_get_root (doc), NULL);
  g_assert_nonnull (strstr (overview, "<h1>A minimal document</h1>"));
  g_assert_nonnull (strstr (overview, "href=\"#first\""));
}

static gboolean
collect_cb (KfInlineKind  kind,
            const char   *text,
            gsize         text_len,
            const char   *target,
            gsize         target_len,
            gpointer      user_data)
{
  GString *out = user_data;

  g_string_append_printf (out, "%d{%.*s|%.*s}", kind, (int) text_len, text, (int) target_len,
                          target ? target : "");
  return TRUE;
}

static void
test_inline (void)
{
  struct { const char *in, *out; } cases[] = {
    { "plain", "0{plain|}" },
    { "a [b](#c) d", "0{a |}1{b|c}0{ d|}" },
    { "[x](https://e.org/)", "2{x|https://e.org/}" },
    { "[x](javascript:alert(1))", "0{[x](javascript:alert(1))|}" },
    { "[x](#)", "0{[x](#)|}" },
    { "[](#a)", "0{[](#a)|}" },
    { "[a [b](#c)", "0{[a |}1{b|c}" },
    { "unclosed [a](#b", "0{unclosed [a](#b|}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      kf_inline_parse (cases[i].in, collect_cb, out);
      g_assert_cmpstr (out->str, ==, cases[i].out);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/renderer/escaping", test_escaping);
  g_test_add_func ("/renderer/attribute-breakers", test_attribute_breakers);
  g_test_add_func ("/renderer/structure", test_structure);
  g_test_add_func ("/renderer/inline", test_inline);

  return g_test_run ();
}
