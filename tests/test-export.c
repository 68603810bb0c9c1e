/* test-export.c — standalone HTML and Markdown exports: self-containment, structure, escaping
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "kf-document.h"
#include "kf-export.h"
#include "kf-markdown.h"
#include "kf-renderer.h"

/* --- fixtures --------------------------------------------------------------------------- */

static KfDocument *
load_guide (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "guide",
                                                 "kaifang-guide.json", NULL);
  g_autoptr(GError) error = NULL;
  KfDocument *doc = kf_document_load_from_path (path, &error);

  g_assert_no_error (error);
  return doc;
}

/* The app's style sheets: the page's and the insight views' */
static char *
load_css (void)
{
  const char *names[] = { "reader.css", "insight.css" };
  GString *css = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "src", "web", names[i], NULL);
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;

      g_file_get_contents (path, &text, NULL, &error);
      g_assert_no_error (error);
      g_string_append (css, text);
    }
  return g_string_free (css, FALSE);
}

/* Every id is unique, and every reference to one resolves: labels and SVG references always,
 * "#id" links when @links (a page on its own links to the rest of the document). */
static void
assert_ids_unique (const char *html,
                   gboolean    links)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char * const refs[] = { " href=\"#", " aria-labelledby=\"", "url(#" };

  for (const char *p = html; (p = strstr (p, " id=\"")) != NULL; p++)
    {
      char *id = g_strndup (p + 5, strcspn (p + 5, "\""));

      if (!g_hash_table_add (ids, id))
        g_error ("duplicate id \"%s\"", id);
    }
  for (guint r = links ? 0 : 1; r < G_N_ELEMENTS (refs); r++)
    for (const char *p = html; (p = strstr (p, refs[r])) != NULL; p++)
      {
        const char *start = p + strlen (refs[r]);
        g_autofree char *id = g_strndup (start, strcspn (start, "\")"));

        if (!g_hash_table_contains (ids, id))
          g_error ("reference to a missing id \"%s\"", id);
      }
}

static KfCatalog *
load_arabic (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "guide-ar.mo", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  KfCatalog *catalog = kf_catalog_new_from_file (file, "ar", &error);

  g_assert_no_error (error);
  return catalog;
}

/* A valid document with @hostile in every text field, and links of every kind. */
static KfDocument *
hostile_document (const char *hostile)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *rich = g_strdup_printf ("%s [%s](#t1) [ext](https://example.org/?q=\"'><b>) "
                                           "[js](javascript:alert(1)) ![img](http://127.0.0.1:9/x) "
                                           "[term](#term) [the section](#s1)",
                                           hostile, hostile);
  g_autoptr(GError) error = NULL;
  KfDocument *doc;

#define MEMBER(name, value) json_builder_set_member_name (b, name); json_builder_add_string_value (b, value)
  json_builder_begin_object (b);
  MEMBER ("format", "kaifang-document");
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 2);
  json_builder_set_member_name (b, "metadata");
  json_builder_begin_object (b);
  MEMBER ("id", "hostile");
  MEMBER ("title", hostile);
  MEMBER ("subtitle", hostile);
  MEMBER ("intro", rich);
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
  MEMBER ("url", "https://example.org/a_b*c?b=c&d='e'");
  MEMBER ("title", hostile);
  MEMBER ("author", hostile);
  MEMBER ("date", "2024-01-02");
  json_builder_end_object (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "themes");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  MEMBER ("id", "t1");
  json_builder_set_member_name (b, "number");
  json_builder_add_int_value (b, 1);
  MEMBER ("title", hostile);
  MEMBER ("short_title", hostile);
  MEMBER ("summary", rich);
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
  MEMBER ("kind", hostile);
  json_builder_set_member_name (b, "blocks");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  MEMBER ("type", "paragraph");
  MEMBER ("text", rich);
  json_builder_end_object (b);
  json_builder_begin_object (b);
  MEMBER ("type", "list");
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, hostile);
  json_builder_add_string_value (b, rich);
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
  json_builder_set_member_name (b, "year");
  json_builder_add_int_value (b, 2023);
  MEMBER ("qualifier", "over");
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

  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  MEMBER ("id", "ev");
  MEMBER ("date", "2013-09");
  MEMBER ("title", hostile);
  MEMBER ("description", hostile);
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

static const char * const hostile_payloads[] = {
  "<script>alert(1)</script>",
  "<img src=http://127.0.0.1:9/x onerror=alert(1)>",
  "<iframe src=\"file:///etc/passwd\"></iframe>",
  "\" onmouseover=\"alert(1)",
  "' onfocus='alert(1)",
  "<a href=\"javascript:alert(1)\">x</a>",
  "<meta http-equiv=\"refresh\" content=\"0;url=http://127.0.0.1:9/\">",
  "<style>body{background:url(http://127.0.0.1:9/x)}</style>",
  "# heading\n## another\n- list\n1. ordered\n    code\n> quote\n---\n===\n| a | b |\n```\nfence",
  "*em* _em_ **strong** `code` ~~del~~ [x](javascript:alert(1)) ![i](http://127.0.0.1:9/i.png) "
  "<http://127.0.0.1:9/> &lt;script&gt; \\[x\\] [^1] {#id}",
  "]]>--> </article></main> &#60;script&#62;",
  "\xE2\x80\xAE override",
};

/* --- HTML checks ------------------------------------------------------------------------ */

static const char * const allowed_tags[] = {
  "html", "head", "meta", "title", "style", "body", "main", "footer", "div", "article",
  "header", "section", "nav", "h1", "h2", "h3", "p", "a", "ol", "ul", "li", "figure",
  "figcaption", "data", "span", "dl", "dt", "dd", "time", "table", "caption", "thead", "tbody",
  "tr", "th", "td",
  /* the insight charts */
  "svg", "g", "defs", "marker", "path", "rect", "line", "circle", "text",
};

static gboolean
is_allowed_tag (const char *name,
                gsize       length)
{
  for (guint i = 0; i < G_N_ELEMENTS (allowed_tags); i++)
    if (strlen (allowed_tags[i]) == length && strncmp (allowed_tags[i], name, length) == 0)
      return TRUE;
  return FALSE;
}

static void
check_attribute (const char *name,
                 gsize       name_length,
                 const char *value,
                 gsize       value_length)
{
  g_autofree char *n = g_strndup (name, name_length);
  g_autofree char *v = g_strndup (value, value_length);

  /* no event handlers, no loading */
  g_assert_false (g_str_has_prefix (n, "on"));
  g_assert_cmpstr (n, !=, "src");
  g_assert_cmpstr (n, !=, "srcset");
  g_assert_cmpstr (n, !=, "style");
  g_assert_cmpstr (n, !=, "action");
  g_assert_cmpstr (n, !=, "formaction");
  /* values are escaped */
  g_assert_null (strchr (v, '<'));
  g_assert_null (strchr (v, '>'));
  g_assert_null (strchr (v, '"'));
  /* links go to the page itself or to the web ("javascript:" in a data- attribute is text) */
  if (strcmp (n, "href") == 0)
    g_assert_true (v[0] == '#' || g_str_has_prefix (v, "https://") || g_str_has_prefix (v, "http://"));
}

/* Walks every tag: only the renderer's elements, with harmless attributes; the style sheet
 * loads nothing. */
static void
assert_safe_html (const char *html)
{
  const char *p = html;
  guint n_style = 0;

  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n"));
  p += strlen ("<!DOCTYPE html>\n");

  while ((p = strchr (p, '<')) != NULL)
    {
      const char *name;
      gsize name_length;

      p++;
      if (*p == '/')
        p++;
      name = p;
      while (g_ascii_isalnum (*p))
        p++;
      name_length = p - name;
      if (!is_allowed_tag (name, name_length))
        g_error ("unexpected tag <%.*s", (int) MAX (name_length, 20), name);

      /* attributes */
      for (;;)
        {
          const char *attr, *value;
          gsize attr_length;

          while (*p == ' ' || *p == '\n')
            p++;
          if (*p == '>')
            break;
          if (p[0] == '/' && p[1] == '>')
            {
              p++;
              break;
            }
          g_assert_true (g_ascii_isalpha (*p));
          attr = p;
          while (g_ascii_isalnum (*p) || *p == '-')
            p++;
          attr_length = p - attr;
          if (*p != '=')
            {
              check_attribute (attr, attr_length, "", 0);
              continue;
            }
          p++;
          g_assert_cmpint (*p, ==, '"');
          value = ++p;
          p = strchr (p, '"');
          g_assert_nonnull (p);
          check_attribute (attr, attr_length, value, p - value);
          p++;
        }

      if (name_length == 5 && strncmp (name, "style", 5) == 0 && name[-1] == '<')
        {
          const char *end = strstr (p, "</style>");

          n_style++;
          g_assert_nonnull (end);
          /* nothing in the style sheet can end it early or load anything */
          for (const char *q = p + 1; q < end; q++)
            g_assert_cmpint (*q, !=, '<');
          for (const char *q = p; (q = strstr (q, "url(")) && q < end; q++)
            g_assert_cmpint (q[4], ==, '#');
          {
            g_autofree char *sheet = g_strndup (p, end - p);

            g_assert_null (strstr (sheet, "http:"));
            g_assert_null (strstr (sheet, "https:"));
            g_assert_null (strstr (sheet, "file:"));
            g_assert_null (strstr (sheet, "data:"));
            g_assert_null (strstr (sheet, "@import"));
          }
          p = end;
        }
    }
  g_assert_cmpuint (n_style, ==, 1);
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = haystack; (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;
  return n;
}

/* --- Markdown checks -------------------------------------------------------------------- */

static guint
count_lines_with_prefix (const char *text,
                         const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], prefix))
      n++;
  return n;
}

/* Every unescaped piece of Markdown syntax is ours: links to "#id" or to the web, headings
 * of our three levels, our list items, no HTML. Links to ids must be in @ids (if given). */
static void
assert_safe_markdown (const char  *md,
                      const char **ids)
{
  g_auto(GStrv) lines = g_strsplit (md, "\n", -1);

  for (const char *p = md; *p; p++)
    {
      if (*p == '\\')
        {
          g_assert_true (g_ascii_ispunct (p[1]));
          p++;
          continue;
        }
      /* no HTML, no autolinks, no entities, no code */
      g_assert_cmpint (*p, !=, '<');
      g_assert_cmpint (*p, !=, '>');
      g_assert_cmpint (*p, !=, '&');
      g_assert_cmpint (*p, !=, '`');
      g_assert_cmpint (*p, !=, '_');
      g_assert_cmpint (*p, !=, '|');
      g_assert_false (*p == '!' && p[1] == '[');
      g_assert_cmpint (*p, !=, ']');
      if (*p == '[')
        {
          const char *end = p + 1;
          const char *dest;

          /* the label runs to the next unescaped ']' */
          while (*end && *end != ']')
            end += *end == '\\' ? 2 : 1;
          g_assert_cmpint (end[0], ==, ']');
          g_assert_cmpint (end[1], ==, '(');
          dest = end + 2;
          if (dest[0] == '#')
            {
              g_autofree char *id = g_strndup (dest + 1, strcspn (dest + 1, ")"));

              for (const char *c = id; *c; c++)
                g_assert_true (g_ascii_isalnum (*c) || *c == '-' || *c == '_');
              if (ids)
                g_assert_true (g_strv_contains (ids, id));
            }
          else
            g_assert_true (g_str_has_prefix (dest, "https://") || g_str_has_prefix (dest, "http://"));
          p = dest + strcspn (dest, ")");
          g_assert_cmpint (*p, ==, ')');
          /* nothing in the destination that could end it or be markup */
          for (const char *c = dest; c < p; c++)
            g_assert_true (!g_ascii_isspace (*c) && *c != '<' && *c != '>' && *c != '"' &&
                           *c != '(' && *c != '\\');
        }
    }

  for (guint i = 0; lines[i]; i++)
    {
      const char *line = lines[i];

      /* headings: the title first, then ours */
      if (line[0] == '#')
        g_assert_true (i == 0 ? g_str_has_prefix (line, "# ") :
                       g_str_has_prefix (line, "## ") || g_str_has_prefix (line, "### "));
      if (i > 0)
        g_assert_false (g_str_has_prefix (line, "# "));
      /* no code blocks, no quotes, no tables, no setext headings */
      g_assert_false (g_str_has_prefix (line, "    "));
      g_assert_false (line[0] == '\t');
      g_assert_false (line[0] == '=');
      g_assert_false (line[0] == '+');
      g_assert_false (line[0] == '*' && line[1] != '*');
      /* lists and rules are ours: "- " items and "---" */
      if (line[0] == '-')
        g_assert_true (g_str_has_prefix (line, "- ") || strcmp (line, "---") == 0);
      if (g_ascii_isdigit (line[0]))
        {
          const char *q = line;

          while (g_ascii_isdigit (*q))
            q++;
          g_assert_true (*q != '.' && *q != ')');
        }
    }
}

/* --- tests: HTML ------------------------------------------------------------------------ */

static void
test_html_guide (void)
{
  g_autoptr(KfDocument) doc = load_guide ();
  g_autofree char *css = load_css ();
  g_autofree char *html = kf_export_html (doc, NULL, NULL, css);
  const KfMetadata *m = kf_document_get_metadata (doc);
  g_autofree char *title = g_strdup_printf ("<title>%s</title>", m->title);
  g_autofree char *footer = NULL;

  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n"
                                         "<meta charset=\"utf-8\">\n"));
  g_assert_nonnull (strstr (html, title));
  g_assert_cmpuint (count (html, "<style>"), ==, 1);
  g_assert_cmpuint (count (html, "</style>"), ==, 1);
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "<SCRIPT"));
  g_assert_null (strstr (html, "<link"));
  g_assert_null (strstr (html, " src="));
  g_assert_null (strstr (html, "url(h"));
  g_assert_null (strstr (html, "file:"));
  /* the style sheet is in it */
  g_assert_nonnull (strstr (html, "--line-width"));
  assert_safe_html (html);

  assert_ids_unique (html, TRUE);

  /* every page, in outline order, the sections once (inside their theme); the timeline, whose
   * events are nowhere else, but not the key figures and the map, which repeat the themes */
  g_assert_cmpuint (count (html, "<article class=\"insight timeline\""), ==, 1);
  g_assert_null (strstr (html, "id=\"figures\""));
  g_assert_null (strstr (html, "id=\"map\""));
  g_assert_cmpuint (count (html, "<article class=\"overview\""), ==, 1);
  g_assert_cmpuint (count (html, "<article class=\"theme\""), ==, 6);
  g_assert_cmpuint (count (html, "<article class=\"glossary\""), ==, 1);
  g_assert_cmpuint (count (html, "<article class=\"about\""), ==, 1);
  g_assert_true (strstr (html, "id=\"institutional\"") < strstr (html, "id=\"security\""));
  g_assert_true (strstr (html, "id=\"security\"") < strstr (html, "id=\"glossary\""));
  g_assert_true (strstr (html, "id=\"glossary\"") < strstr (html, "id=\"about\""));
  for (guint t = 0; t < kf_document_get_n_themes (doc); t++)
    {
      const KfTheme *theme = kf_document_get_theme (doc, t);

      for (guint s = 0; s < theme->n_sections; s++)
        {
          g_autofree char *block = g_strdup_printf ("data-block=\"sections/%s/blocks/0\"",
                                                    theme->sections[s].id);
          g_autofree char *anchor = g_strdup_printf ("id=\"%s\"", theme->sections[s].id);

          g_assert_cmpuint (count (html, block), ==, 1);
          g_assert_cmpuint (count (html, anchor), ==, 1);
        }
    }
  /* the accents, which the page script sets in the app */
  g_assert_nonnull (strstr (html, "[data-accent=\""));

  /* the footer: the attribution and the original's address as text */
  footer = g_strndup (strstr (html, "<footer"), strlen (strstr (html, "<footer")));
  g_assert_nonnull (strstr (footer, "Qiu Ping"));
  g_assert_nonnull (strstr (footer, "Source: https://en.qstheory.cn/2024-12/27/c_1059904.htm</p>"));
  g_assert_null (strstr (footer, "href"));
  g_assert_true (g_str_has_suffix (html, "</footer>\n</body>\n</html>\n"));
}

static void
check_every_page (KfDocument   *doc,
                  const KfNode *node,
                  const char   *css)
{
  g_autofree char *html = kf_export_html (doc, node, NULL, css);
  g_autofree char *md = kf_export_markdown (doc, node, NULL);

  assert_safe_html (html);
  assert_ids_unique (html, FALSE);
  assert_safe_markdown (md, NULL);
  for (guint i = 0; i < node->n_children; i++)
    check_every_page (doc, node->children[i], css);
}

/* Every page of the outline exports on its own, the insight views included. */
static void
test_html_every_page (void)
{
  g_autoptr(KfDocument) doc = load_guide ();
  g_autofree char *css = load_css ();

  check_every_page (doc, kf_document_get_root (doc), css);
}

static void
test_html_node (void)
{
  g_autoptr(KfDocument) doc = load_guide ();
  const KfNode *node = kf_document_lookup_node (doc, "security-going-forward");
  g_autofree char *html = kf_export_html (doc, node, NULL, NULL);

  g_assert_nonnull (strstr (html, "<title>Going forward \xE2\x80\x94 High-Standard Opening Up: A Study Guide</title>"));
  g_assert_cmpuint (count (html, "<article "), ==, 1);
  g_assert_nonnull (strstr (html, "<article class=\"section\""));
  g_assert_nonnull (strstr (html, "data-block=\"sections/security-going-forward/blocks/0\""));
  g_assert_null (strstr (html, "sections/institutional"));
  assert_safe_html (html);
}

static void
test_html_rtl (void)
{
  g_autoptr(KfDocument) doc = load_guide ();
  g_autoptr(KfCatalog) arabic = load_arabic ();
  KfRenderOptions options = { .content = arabic, .labels = arabic };
  g_autofree char *html = kf_export_html (doc, NULL, &options, NULL);
  g_autofree char *markdown = kf_export_markdown (doc, NULL, &options);

  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n"));
  g_assert_nonnull (strstr (html, "<title>الانفتاح عالي المستوى: دليل دراسي</title>"));
  g_assert_nonnull (strstr (html, "مواءمة المنظومة المؤسسية"));
  assert_safe_html (html);

  /* the Markdown is translated by the same contexts */
  g_assert_true (g_str_has_prefix (markdown, "# الانفتاح عالي المستوى: دليل دراسي\n"));
  g_assert_nonnull (strstr (markdown, "\n## 1. مواءمة المنظومة المؤسسية في الصين مع المعايير الدولية عالية المستوى\n"));
  g_assert_nonnull (strstr (markdown, "\n**مسرد المصطلحات**\n"));

  /* bilingual: the renderer's pairs */
  options.bilingual = TRUE;
  g_clear_pointer (&html, g_free);
  html = kf_export_html (doc, kf_document_lookup_node (doc, "institutional"), &options, NULL);
  g_assert_nonnull (strstr (html, "class=\"kf-pair\""));
  assert_safe_html (html);
}

static void
test_html_hostile_css (void)
{
  g_autoptr(KfDocument) doc = load_guide ();
  const char *css =
    "@import url(http://127.0.0.1:9/a.css);\n"
    "@IMPORT \"https://127.0.0.1:9/b.css\" screen;\n"
    "body { background: url(http://127.0.0.1:9/x.png) no-repeat; }\n"
    "p { background-image: URL( 'https://127.0.0.1:9/y.png' ); }\n"
    "h1 { background: image-set(\"http://127.0.0.1:9/z.png\" 1x); }\n"
    "h2 { background: -webkit-image-set(url(file:///etc/passwd) 1x); }\n"
    "h3 { background: u\\72l(http://127.0.0.1:9/escaped); }\n"
    "li { content: \"unterminated\n; background: url(data:image/png;base64,AAAA); }\n"
    "@font-face { font-family: x; src: url(https://127.0.0.1:9/f.woff2) format(\"woff2\"); }\n"
    "dd { background: src(\"http://127.0.0.1:9/src\"); }\n"
    "svg { filter: url(#local-filter); }\n"
    "/* </style><script>alert(1)</script> */\n"
    "a::after { content: \"</style><script>alert(2)</script>\"; }\n"
    "</style><script>alert(3)</script><style>\n";
  g_autofree char *html = kf_export_html (doc, kf_document_lookup_node (doc, "about"), NULL, css);
  const char *start = strstr (html, "<style>");
  const char *end = strstr (html, "</style>");
  g_autofree char *sheet = NULL;

  g_assert_nonnull (start);
  g_assert_nonnull (end);
  sheet = g_strndup (start, end - start);
  g_test_message ("%s", sheet);
  g_assert_null (strstr (sheet, "127.0.0.1"));
  g_assert_null (strstr (sheet, "passwd"));
  g_assert_null (strstr (sheet, "base64"));
  g_assert_nonnull (strstr (sheet, "url(#local-filter)"));
  g_assert_nonnull (strstr (sheet, "svg {"));
  g_assert_null (strstr (html, "<script"));
  /* and a policy that forbids any load and any script, should anything slip through */
  g_assert_nonnull (strstr (html, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                                  "style-src 'unsafe-inline'\">"));
  assert_safe_html (html);
}

/* --- tests: both, on a hostile document ------------------------------------------------- */

static void
check_all_nodes_markdown (KfDocument   *doc,
                          const KfNode *node)
{
  g_autofree char *md = kf_export_markdown (doc, node, NULL);

  assert_safe_markdown (md, NULL);
  for (guint i = 0; i < node->n_children; i++)
    check_all_nodes_markdown (doc, node->children[i]);
}

static void
check_all_nodes_html (KfDocument   *doc,
                      const KfNode *node)
{
  g_autofree char *html = kf_export_html (doc, node, NULL, NULL);

  assert_safe_html (html);
  for (guint i = 0; i < node->n_children; i++)
    check_all_nodes_html (doc, node->children[i]);
}

static void
test_hostile (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (hostile_payloads); i++)
    {
      g_autoptr(KfDocument) doc = hostile_document (hostile_payloads[i]);
      g_autofree char *html = kf_export_html (doc, NULL, NULL, NULL);
      g_autofree char *md = kf_export_markdown (doc, NULL, NULL);
      const char *ids[] = { "hostile", "t1", "s1", "fig", "term", "glossary", "about", NULL };

      g_test_message ("payload %u", i);
      assert_safe_html (html);
      assert_ids_unique (html, TRUE);
      assert_safe_markdown (md, ids);
      check_all_nodes_html (doc, kf_document_get_root (doc));
      check_all_nodes_markdown (doc, kf_document_get_root (doc));

      /* the links survive: internal, and external with the URL made safe */
      g_assert_nonnull (strstr (md, " [the section](#s1)"));
      g_assert_nonnull (strstr (md, "[ext](https://example.org/?q=%22'%3E%3Cb%3E)"));
      g_assert_nonnull (strstr (html, "href=\"https://example.org/?q=&quot;&#39;&gt;&lt;b&gt;\""));
      /* "!" and a link stay a "!" and a link, never an image */
      g_assert_nonnull (strstr (md, " \\![img](http://127.0.0.1:9/x)"));
      /* javascript: is never a link, only text */
      for (const char *q = strstr (md, "](javascript"); q; q = strstr (q + 1, "](javascript"))
        g_assert_cmpint (q[-1], ==, '\\');
      g_assert_nonnull (strstr (md, "\\[js\\](javascript:alert(1))"));
      /* one title, one theme */
      g_assert_cmpuint (count_lines_with_prefix (md, "# "), ==, 1);
      g_assert_cmpuint (count_lines_with_prefix (md, "## "), ==, 1);
      g_assert_cmpuint (count_lines_with_prefix (md, "### "), ==, 1);
    }

  /* the text itself comes through, escaped */
  {
    g_autoptr(KfDocument) doc = hostile_document (hostile_payloads[0]);
    g_autofree char *html = kf_export_html (doc, NULL, NULL, NULL);
    g_autofree char *md = kf_export_markdown (doc, NULL, NULL);

    g_assert_true (g_str_has_prefix (md, "# \\<script\\>alert(1)\\</script\\>\n"));
    g_assert_nonnull (strstr (md, "\n## 1. \\<script\\>alert(1)\\</script\\>\n"));
    g_assert_nonnull (strstr (md, "\n- **over 2.5 \\<script\\>alert(1)\\</script\\>** \xE2\x80\x94 "
                                  "\\<script\\>alert(1)\\</script\\> (2023)\n"));
    g_assert_nonnull (strstr (md, "\n**\\<script\\>alert(1)\\</script\\>** (\\<script\\>alert(1)\\</script\\>): "
                                  "\\<script\\>alert(1)\\</script\\>\n"));
    g_assert_nonnull (strstr (html, "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
    /* the source URL, as text in the footer and escaped in the link */
    g_assert_nonnull (strstr (html, "Source: https://example.org/a_b*c?b=c&amp;d=&#39;e&#39;</p>"));
    g_assert_nonnull (strstr (md, "Source: [https://example.org/a\\_b\\*c?b=c\\&d='e']"
                                  "(https://example.org/a_b*c?b=c&d='e')\n"));
  }
  /* a Markdown payload stays text */
  {
    g_autoptr(KfDocument) doc = hostile_document (hostile_payloads[8]);
    g_autofree char *md = kf_export_markdown (doc, NULL, NULL);

    g_assert_true (g_str_has_prefix (md, "# \\# heading \\#\\# another - list 1. ordered code \\> quote "
                                         "--- === \\| a \\| b \\| \\`\\`\\` fence\n"));
  }
}

/* --- tests: Markdown -------------------------------------------------------------------- */

static void
test_markdown_guide (void)
{
  g_autoptr(KfDocument) doc = load_guide ();
  g_autofree char *md = kf_export_markdown (doc, NULL, NULL);
  const KfMetadata *m = kf_document_get_metadata (doc);
  g_autofree char *title = g_strdup_printf ("# %s\n", m->title);
  guint n_sections = 0, n_figure_blocks = 0, n_term_blocks = 0;
  const char *previous = md;

  g_assert_true (g_str_has_prefix (md, title));
  g_assert_cmpuint (count_lines_with_prefix (md, "# "), ==, 1);
  /* exactly one "## " heading per theme, "## N. Title", in order */
  g_assert_cmpuint (kf_document_get_n_themes (doc), ==, 6);
  g_assert_cmpuint (count_lines_with_prefix (md, "## "), ==, 6);
  for (guint t = 0; t < kf_document_get_n_themes (doc); t++)
    {
      const KfTheme *theme = kf_document_get_theme (doc, t);
      g_autofree char *heading = g_strdup_printf ("\n## %" G_GINT64_FORMAT ". %s\n", theme->number, theme->title);
      const char *at = strstr (md, heading);

      g_assert_nonnull (at);
      g_assert_true (at > previous);
      previous = at;
      n_sections += theme->n_sections;
      for (guint s = 0; s < theme->n_sections; s++)
        for (guint b = 0; b < theme->sections[s].n_blocks; b++)
          {
            n_figure_blocks += theme->sections[s].blocks[b].type == KF_BLOCK_FIGURE;
            n_term_blocks += theme->sections[s].blocks[b].type == KF_BLOCK_TERM;
          }
    }
  g_assert_cmpuint (count_lines_with_prefix (md, "### "), ==, n_sections);
  g_assert_cmpuint (count_lines_with_prefix (md, "### Since 2012"), ==, 6);
  g_assert_cmpuint (count_lines_with_prefix (md, "- **"), ==, n_figure_blocks);
  /* terms: in their blocks, then the whole glossary after the timeline, each under its name */
  g_assert_cmpuint (count_lines_with_prefix (md, "**"), ==, n_term_blocks + 2 + kf_document_get_n_terms (doc));
  g_assert_true (strstr (md, "\n---\n\n**Timeline**\n") < strstr (md, "\n---\n\n**Glossary**\n"));
  g_assert_true (strstr (md, "\n## 6. ") < strstr (md, "\n---\n\n**Timeline**\n"));
  g_assert_cmpuint (kf_document_get_n_events (doc), >, 0);
  {
    const KfEvent *first = kf_document_get_event (doc, 0);
    g_autofree char *line = g_strdup_printf ("\n- %s \xE2\x80\x94 %s", first->date, first->title);
    guint n_events = 0;

    g_assert_nonnull (strstr (md, line));
    for (char c = '0'; c <= '9'; c++)
      {
        char prefix[] = { '-', ' ', c, '\0' };

        n_events += count_lines_with_prefix (md, prefix);
      }
    g_assert_cmpuint (n_events, ==, kf_document_get_n_events (doc));
  }
  g_assert_nonnull (strstr (md, "\n**CPTPP** (Comprehensive and Progressive Agreement for Trans-Pacific Partnership): "));

  /* the internal links all resolve within the whole document, and stay links */
  g_assert_nonnull (strstr (md, "[18th CPC National Congress](#18th-congress)"));
  assert_safe_markdown (md, NULL);
  for (const char *p = md; (p = strstr (p, "](#")) != NULL; p++)
    {
      g_autofree char *id = g_strndup (p + 3, strcspn (p + 3, ")"));

      g_assert_nonnull (kf_document_resolve_link (doc, id, NULL));
    }

  /* the attribution and the original */
  g_assert_nonnull (strstr (md, "\n---\n\nBased on \"The Essential Meaning of High-Standard Opening Up\" by Qiu Ping"));
  g_assert_true (g_str_has_suffix (md, "Source: [https://en.qstheory.cn/2024-12/27/c\\_1059904.htm]"
                                       "(https://en.qstheory.cn/2024-12/27/c_1059904.htm)\n"));
}

static void
test_markdown_node (void)
{
  g_autoptr(KfDocument) doc = load_guide ();
  const KfNode *node = kf_document_lookup_node (doc, "institutional");
  g_autofree char *md = kf_export_markdown (doc, node, NULL);
  g_autofree char *section_md = NULL;
  g_autofree char *glossary_md = NULL;
  g_autofree char *about_md = NULL;
  const char *ids[] = { "institutional", "institutional-since-2012", "institutional-going-forward",
                        "fig-agreements-applied-2021", "institutional-opening", NULL };

  g_assert_cmpuint (count_lines_with_prefix (md, "# "), ==, 1);
  g_assert_cmpuint (count_lines_with_prefix (md, "## "), ==, 1);
  g_assert_cmpuint (count_lines_with_prefix (md, "### "), ==, 2);
  /* links to what is in the export stay links, the others become their label */
  assert_safe_markdown (md, ids);
  g_assert_null (strstr (md, "(#18th-congress)"));
  g_assert_nonnull (strstr (md, "18th CPC National Congress"));
  g_assert_nonnull (strstr (md, "](#institutional-opening)"));

  section_md = kf_export_markdown (doc, kf_document_lookup_node (doc, "wellbeing-since-2012"), NULL);
  g_assert_nonnull (strstr (section_md, "\n## 4. Opening up to improve people's lives\n\n### Since 2012\n"));
  g_assert_null (strstr (section_md, "Going forward"));
  g_assert_cmpuint (count_lines_with_prefix (section_md, "- **"), ==, 1);
  assert_safe_markdown (section_md, NULL);

  glossary_md = kf_export_markdown (doc, kf_document_lookup_node (doc, "glossary"), NULL);
  g_assert_cmpuint (count_lines_with_prefix (glossary_md, "**"), ==, 1 + kf_document_get_n_terms (doc));
  assert_safe_markdown (glossary_md, NULL);

  about_md = kf_export_markdown (doc, kf_document_lookup_node (doc, "about"), NULL);
  g_assert_nonnull (strstr (about_md, "\n- Author: Qiu Ping\n"));
  assert_safe_markdown (about_md, NULL);
}

static void
test_markdown_escape (void)
{
  struct {
    const char      *in;
    KfMarkdownFlags  flags;
    const char      *out;
  } cases[] = {
    { "plain text, with (parentheses) and 2.7%", KF_MARKDOWN_LINE_START, "plain text, with (parentheses) and 2.7%" },
    { "# not a heading", KF_MARKDOWN_LINE_START, "\\# not a heading" },
    { "a # b", KF_MARKDOWN_INLINE, "a \\# b" },
    { "- item", KF_MARKDOWN_LINE_START, "\\- item" },
    { "- item", KF_MARKDOWN_INLINE, "- item" },
    { "+ item", KF_MARKDOWN_LINE_START, "\\+ item" },
    { "2024. A year", KF_MARKDOWN_LINE_START, "2024\\. A year" },
    { "1) one", KF_MARKDOWN_LINE_START, "1\\) one" },
    { "3.5 billion", KF_MARKDOWN_LINE_START, "3\\.5 billion" },
    { "    code", KF_MARKDOWN_LINE_START, "code" },
    { "a\nb", KF_MARKDOWN_INLINE, "a b" },
    { "a\r\n# b", KF_MARKDOWN_MULTILINE | KF_MARKDOWN_LINE_START, "a\n\\# b" },
    { "<b>&amp;</b>", KF_MARKDOWN_INLINE, "\\<b\\>\\&amp;\\</b\\>" },
    { "*a* _b_ `c` ~d~ |e| {f} [g] \\h", KF_MARKDOWN_INLINE,
      "\\*a\\* \\_b\\_ \\`c\\` \\~d\\~ \\|e\\| \\{f\\} \\[g\\] \\\\h" },
    { "![x](y)", KF_MARKDOWN_LINE_START, "\\!\\[x\\](y)" },
    { "===", KF_MARKDOWN_LINE_START, "\\===" },
    { "开放 — «ok»", KF_MARKDOWN_LINE_START, "开放 — «ok»" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      kf_markdown_append_escaped (out, cases[i].in, -1, cases[i].flags, NULL);
      g_assert_cmpstr (out->str, ==, cases[i].out);
    }

  /* a prefix on every kept line */
  {
    g_autoptr(GString) out = g_string_new ("> ");

    kf_markdown_append_escaped (out, "one\n\n- two", -1, KF_MARKDOWN_MULTILINE | KF_MARKDOWN_LINE_START, "> ");
    g_assert_cmpstr (out->str, ==, "> one\n> \n> \\- two");
  }
  /* "!" before a link would make it an image */
  {
    const char *cases_link[][2] = {
      { "see!", "see\\![" },
      { "see\\!", "see\\![" },
      { "see\\\\!", "see\\\\\\![" },
      { "see", "see[" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases_link); i++)
      {
        g_autoptr(GString) out = g_string_new (cases_link[i][0]);

        kf_markdown_open_link (out);
        g_assert_cmpstr (out->str, ==, cases_link[i][1]);
      }
  }
  /* URLs */
  {
    g_autoptr(GString) out = g_string_new (NULL);

    kf_markdown_append_url (out, "https://example.org/a b?c=\"<d>\"&e=(f)\\", -1);
    g_assert_cmpstr (out->str, ==, "https://example.org/a%20b?c=%22%3Cd%3E%22&e=%28f%29%5C");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/html/guide", test_html_guide);
  g_test_add_func ("/export/html/node", test_html_node);
  g_test_add_func ("/export/html/every-page", test_html_every_page);
  g_test_add_func ("/export/html/rtl", test_html_rtl);
  g_test_add_func ("/export/html/hostile-css", test_html_hostile_css);
  g_test_add_func ("/export/hostile", test_hostile);
  g_test_add_func ("/export/markdown/guide", test_markdown_guide);
  g_test_add_func ("/export/markdown/node", test_markdown_node);
  g_test_add_func ("/export/markdown/escape", test_markdown_escape);

  return g_test_run ();
}
