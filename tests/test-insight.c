/* test-insight.c — dated events in the model, and the insight views (charts, timeline, map)
 *
 * Every view is parsed as XML (GMarkup) to prove that it is well formed, then checked against
 * the model: bar lengths, the order of the events, one edge per "related" reference.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "kf-catalog.h"
#include "kf-document.h"
#include "kf-insight.h"
#include "kf-renderer.h"

#define HOSTILE "<script>alert(1)</script> \" ' & <b>"
#define VIEW_W  480.0

/* ------------------------------------------------------------------------------------------ */
/* Documents                                                                                   */

static KfDocument *
load_path (const char *path)
{
  g_autoptr(GError) error = NULL;
  KfDocument *doc = kf_document_load_from_path (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static KfDocument *
load_guide (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "guide",
                                                 "kaifang-guide.json", NULL);
  return load_path (path);
}

static KfDocument *
load_minimal (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "documents",
                                                 "minimal.json", NULL);
  return load_path (path);
}

static KfDocument *
load_json (const char *json,
           GError    **error)
{
  return kf_document_load_from_data (json, strlen (json), "test.json", error);
}

/* Three themes (t1 ⇄ t2, t1 → t3, t3 → t3; t1 shares a term with t2 and another with t3),
 * four figures (three share a unit), five events out of order; @text in every text. */
static const char template[] =
  "{ \"format\": \"kaifang-document\", \"version\": 2,\n"
  "  \"metadata\": { \"id\": \"doc\", \"title\": @T@, \"authors\": [@T@], \"language\": \"@LANG@\",\n"
  "    \"date\": \"2024-01-01\", \"attribution\": @T@,\n"
  "    \"source\": { \"name\": @T@, \"url\": \"https://example.org/\" } },\n"
  "  \"themes\": [\n"
  "    { \"id\": \"t1\", \"number\": 1, \"title\": @T@, \"short_title\": @T@, \"accent\": \"#123456\",\n"
  "      \"summary\": @T@, \"related\": [\"#t2\", \"#t3\"], \"terms\": [\"#term\", \"#term2\"],\n"
  "      \"sections\": [ { \"id\": \"s1\", \"title\": @T@, \"blocks\": [ { \"type\": \"paragraph\", \"text\": @T@ } ] } ] },\n"
  "    { \"id\": \"t2\", \"number\": 2, \"title\": @T@, \"summary\": @T@, \"related\": [\"#t1\"],\n"
  "      \"terms\": [\"#term\"],\n"
  "      \"sections\": [ { \"id\": \"s2\", \"title\": @T@, \"blocks\": [ { \"type\": \"paragraph\", \"text\": @T@ } ] } ] },\n"
  "    { \"id\": \"t3\", \"number\": 3, \"title\": @T@, \"summary\": @T@, \"related\": [\"#t3\"],\n"
  "      \"terms\": [\"#term2\"],\n"
  "      \"sections\": [ { \"id\": \"s3\", \"title\": @T@, \"blocks\": [ { \"type\": \"paragraph\", \"text\": @T@ } ] } ] }\n"
  "  ],\n"
  "  \"figures\": [\n"
  "    { \"id\": \"f1\", \"value\": 10, \"unit\": @T@, \"label\": @T@, \"theme\": \"#t1\", \"source\": @T@,\n"
  "      \"qualifier\": \"over\", \"year\": 2020 },\n"
  "    { \"id\": \"f2\", \"value\": 2.5, \"unit\": \"other\", \"label\": @T@, \"theme\": \"#t3\" },\n"
  "    { \"id\": \"f3\", \"value\": 2.5, \"unit\": @T@, \"label\": @T@, \"theme\": \"#t2\" },\n"
  "    { \"id\": \"f4\", \"value\": 7.25, \"unit\": @T@, \"label\": @T@, \"theme\": \"#t3\", \"qualifier\": \"about\" }\n"
  "  ],\n"
  "  \"glossary\": [ { \"id\": \"term\", \"term\": @T@, \"definition\": @T@ },\n"
  "                 { \"id\": \"term2\", \"term\": @T@, \"definition\": @T@ } ],\n"
  "  \"events\": [\n"
  "    { \"id\": \"e3\", \"date\": \"2021-09-16\", \"title\": @T@, \"description\": @T@, \"theme\": \"#t1\" },\n"
  "    { \"id\": \"e1\", \"date\": \"2013\", \"title\": @T@ },\n"
  "    { \"id\": \"e2\", \"date\": \"2013-09-29\", \"title\": @T@, \"theme\": \"#t2\" },\n"
  "    { \"id\": \"e0\", \"date\": \"2013-09\", \"title\": @T@, \"description\": @T@ },\n"
  "    { \"id\": \"e4\", \"date\": \"2021-09-16\", \"title\": @T@ }\n"
  "  ]\n"
  "}\n";

static char *
json_string (const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), text);

  return json_to_string (node, FALSE);
}

static KfDocument *
test_document (const char *text,
               const char *language)
{
  g_autoptr(GString) json = g_string_new (template);
  g_autofree char *quoted = json_string (text);
  g_autoptr(GError) error = NULL;
  KfDocument *doc;

  g_string_replace (json, "@T@", quoted, 0);
  g_string_replace (json, "@LANG@", language, 0);
  doc = load_json (json->str, &error);
  g_assert_no_error (error);
  return doc;
}

/* one theme, no figures, no events */
static KfDocument *
bare_document (void)
{
  static const char json[] =
    "{ \"format\": \"kaifang-document\", \"version\": 2,\n"
    "  \"metadata\": { \"id\": \"bare\", \"title\": \"Bare\", \"authors\": [\"A\"], \"language\": \"en\",\n"
    "    \"date\": \"2024-01-01\", \"attribution\": \"A.\",\n"
    "    \"source\": { \"name\": \"S\", \"url\": \"https://example.org/\" } },\n"
    "  \"themes\": [ { \"id\": \"t\", \"number\": 1, \"title\": \"T\", \"summary\": \"S.\",\n"
    "    \"sections\": [ { \"id\": \"s\", \"title\": \"S\", \"blocks\": [ { \"type\": \"paragraph\", \"text\": \"P.\" } ] } ] } ]\n"
    "}\n";
  g_autoptr(GError) error = NULL;
  KfDocument *doc = load_json (json, &error);

  g_assert_no_error (error);
  return doc;
}

/* ------------------------------------------------------------------------------------------ */
/* Parsed markup                                                                               */

typedef struct
{
  char    *name;
  char   **attr_names;
  char   **attr_values;
  GString *text;
  int      parent;       /* index in the element list, -1 for the root */
} Element;

typedef struct
{
  GPtrArray *elements;
  GArray    *stack;      /* of int */
} Markup;

static void
element_free (Element *e)
{
  g_free (e->name);
  g_strfreev (e->attr_names);
  g_strfreev (e->attr_values);
  g_string_free (e->text, TRUE);
  g_free (e);
}

static void
markup_free (Markup *m)
{
  g_ptr_array_unref (m->elements);
  g_array_unref (m->stack);
  g_free (m);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Markup, markup_free)

static void
start_element_cb (GMarkupParseContext  *context,
                  const char           *name,
                  const char          **attr_names,
                  const char          **attr_values,
                  gpointer              user_data,
                  GError              **error)
{
  Markup *m = user_data;
  Element *e = g_new0 (Element, 1);
  int index = m->elements->len;

  e->name = g_strdup (name);
  e->attr_names = g_strdupv ((char **) attr_names);
  e->attr_values = g_strdupv ((char **) attr_values);
  e->text = g_string_new (NULL);
  e->parent = m->stack->len ? g_array_index (m->stack, int, m->stack->len - 1) : -1;
  g_ptr_array_add (m->elements, e);
  g_array_append_val (m->stack, index);
}

static void
end_element_cb (GMarkupParseContext  *context,
                const char           *name,
                gpointer              user_data,
                GError              **error)
{
  Markup *m = user_data;

  g_array_set_size (m->stack, m->stack->len - 1);
}

static void
text_cb (GMarkupParseContext  *context,
         const char           *text,
         gsize                 text_len,
         gpointer              user_data,
         GError              **error)
{
  Markup *m = user_data;

  /* every open element collects its whole text */
  for (guint i = 0; i < m->stack->len; i++)
    {
      Element *e = m->elements->pdata[g_array_index (m->stack, int, i)];

      g_string_append_len (e->text, text, text_len);
    }
}

/* Parses @html wrapped in a root element; fails the test if it is not well-formed XML. */
static Markup *
parse (const char *html)
{
  static const GMarkupParser parser = { start_element_cb, end_element_cb, text_cb, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wrapped = g_strconcat ("<root>", html, "</root>", NULL);
  Markup *m = g_new0 (Markup, 1);

  m->elements = g_ptr_array_new_with_free_func ((GDestroyNotify) element_free);
  m->stack = g_array_new (FALSE, FALSE, sizeof (int));
  context = g_markup_parse_context_new (&parser, 0, m, NULL);
  if (!g_markup_parse_context_parse (context, wrapped, -1, &error) ||
      !g_markup_parse_context_end_parse (context, &error))
    {
      g_test_message ("not well-formed: %s\n%s", error->message, html);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (m->stack->len, ==, 0);
  return m;
}

static Element *
element (Markup *m,
         guint   i)
{
  return m->elements->pdata[i];
}

static const char *
attr (Element    *e,
      const char *name)
{
  for (guint i = 0; e->attr_names[i]; i++)
    if (strcmp (e->attr_names[i], name) == 0)
      return e->attr_values[i];
  return NULL;
}

static double
attr_double (Element    *e,
             const char *name)
{
  const char *value = attr (e, name);

  g_assert_nonnull (value);
  return g_ascii_strtod (value, NULL);
}

static gboolean
has_class (Element    *e,
           const char *klass)
{
  const char *value = attr (e, "class");
  g_auto(GStrv) classes = NULL;

  if (value == NULL)
    return FALSE;
  classes = g_strsplit (value, " ", -1);
  return g_strv_contains ((const char * const *) classes, klass);
}

/* the elements named @name (or any, with NULL) that have every class in @classes */
static GPtrArray *
find_all (Markup     *m,
          const char *name,
          const char *classes)
{
  g_auto(GStrv) wanted = g_strsplit (classes ? classes : "", " ", -1);
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < m->elements->len; i++)
    {
      Element *e = element (m, i);
      gboolean ok = name == NULL || strcmp (e->name, name) == 0;

      for (guint k = 0; ok && wanted[k]; k++)
        ok = wanted[k][0] == '\0' || has_class (e, wanted[k]);
      if (ok)
        g_ptr_array_add (found, e);
    }
  return found;
}

static guint
count (Markup     *m,
       const char *name,
       const char *classes)
{
  g_autoptr(GPtrArray) found = find_all (m, name, classes);

  return found->len;
}

typedef void (*ViewFunc) (GString *out, KfDocument *doc, const KfRenderOptions *options);

static char *
render (ViewFunc               view,
        KfDocument            *doc,
        const KfRenderOptions *options)
{
  GString *out = g_string_new (NULL);

  view (out, doc, options);
  return g_string_free (out, FALSE);
}

static const ViewFunc views[] = {
  kf_insight_figures_page,
  kf_insight_timeline,
  kf_insight_theme_map,
};

/* Text stays at least 11 px on a page 360 px wide: the drawing is then 328 px wide. */
static void
assert_readable (Markup *m)
{
  g_autoptr(GPtrArray) svgs = find_all (m, "svg", NULL);

  for (guint i = 0; i < svgs->len; i++)
    {
      Element *svg = svgs->pdata[i];
      double width = 0;

      g_assert_cmpint (sscanf (attr (svg, "viewBox"), "0 0 %lf", &width), ==, 1);
      g_assert_cmpfloat (attr_double (svg, "font-size") * 328 / width, >=, 11);
      g_assert_cmpstr (attr (svg, "xmlns"), ==, "http://www.w3.org/2000/svg");
    }
  for (guint i = 0; i < m->elements->len; i++)
    g_assert_null (attr (element (m, i), "style"));   /* the page's CSP allows no inline style */
}

/* ------------------------------------------------------------------------------------------ */
/* The model                                                                                   */

static void
test_events_model (void)
{
  g_autoptr(KfDocument) doc = test_document ("x", "en");
  const char *order[] = { "e1", "e0", "e2", "e3", "e4" };
  const KfEvent *e;

  g_assert_cmpuint (kf_document_get_n_events (doc), ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    g_assert_cmpstr (kf_document_get_event (doc, i)->id, ==, order[i]);

  e = kf_document_get_event (doc, 0);
  g_assert_cmpstr (e->date, ==, "2013");
  g_assert_cmpint (e->year, ==, 2013);
  g_assert_cmpint (e->month, ==, 0);
  g_assert_cmpint (e->day, ==, 0);
  g_assert_null (e->theme);
  g_assert_null (e->description);

  e = kf_document_get_event (doc, 1);
  g_assert_cmpint (e->year, ==, 2013);
  g_assert_cmpint (e->month, ==, 9);
  g_assert_cmpint (e->day, ==, 0);
  g_assert_cmpstr (e->description, ==, "x");

  e = kf_document_get_event (doc, 2);
  g_assert_cmpstr (e->date, ==, "2013-09-29");
  g_assert_cmpint (e->day, ==, 29);
  g_assert_true (e->theme == kf_document_lookup_theme (doc, "t2"));
  g_assert_cmpstr (e->title, ==, "x");

  /* the same date keeps the file's order */
  g_assert_true (kf_document_get_event (doc, 3)->theme == kf_document_get_theme (doc, 0));
  g_assert_null (kf_document_get_event (doc, 4)->theme);
}

static void
test_events_guide (void)
{
  g_autoptr(KfDocument) doc = load_guide ();
  const KfEvent *first, *last;
  guint n = kf_document_get_n_events (doc);

  g_assert_cmpuint (n, ==, 7);
  first = kf_document_get_event (doc, 0);
  last = kf_document_get_event (doc, n - 1);
  g_assert_cmpstr (first->id, ==, "ev-2012-congress");
  g_assert_cmpint (first->year, ==, 2012);
  g_assert_cmpint (first->month, ==, 11);
  g_assert_cmpint (first->day, ==, 0);
  g_assert_cmpstr (last->id, ==, "ev-2021-depa");
  for (guint i = 0; i < n; i++)
    {
      const KfEvent *e = kf_document_get_event (doc, i);

      g_assert_nonnull (e->theme);
      g_assert_nonnull (e->description);
      if (i > 0)
        g_assert_cmpstr (kf_document_get_event (doc, i - 1)->date, <=, e->date);
    }
}

static void
test_versions (void)
{
  g_autoptr(GString) json = g_string_new (template);
  g_autoptr(KfDocument) v1 = NULL;
  g_autoptr(KfDocument) none = NULL;
  g_autoptr(GError) error = NULL;

  /* version 1 with events still loads, with its events */
  g_string_replace (json, "@T@", "\"x\"", 0);
  g_string_replace (json, "@LANG@", "en", 0);
  g_string_replace (json, "\"version\": 2", "\"version\": 1", 1);
  v1 = load_json (json->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kf_document_get_n_events (v1), ==, 5);

  /* a document without events has none */
  none = load_minimal ();
  g_assert_cmpuint (kf_document_get_n_events (none), ==, 0);

  /* events keep every check: a bad date, a dangling theme */
  {
    g_autoptr(GString) bad = g_string_new (json->str);
    g_autoptr(KfDocument) doc = NULL;

    g_string_replace (bad, "\"2013-09-29\"", "\"2013-02-30\"", 1);
    doc = load_json (bad->str, &error);
    g_assert_null (doc);
    g_assert_error (error, KF_DOCUMENT_ERROR, KF_DOCUMENT_ERROR_VALUE);
    g_assert_nonnull (strstr (error->message, "events[2].date"));
    g_clear_error (&error);
  }
  {
    g_autoptr(GString) bad = g_string_new (json->str);
    g_autoptr(KfDocument) doc = NULL;

    g_string_replace (bad, "\"2013-09-29\", \"title\": \"x\", \"theme\": \"#t2\"",
                      "\"2013-09-29\", \"title\": \"x\", \"theme\": \"#nope\"", 1);
    doc = load_json (bad->str, &error);
    g_assert_null (doc);
    g_assert_error (error, KF_DOCUMENT_ERROR, KF_DOCUMENT_ERROR_DANGLING_REFERENCE);
    g_assert_nonnull (strstr (error->message, "events[2].theme"));
    g_clear_error (&error);
  }
  {
    g_autoptr(GString) bad = g_string_new (json->str);
    g_autoptr(KfDocument) doc = NULL;

    g_string_replace (bad, "\"version\": 1", "\"version\": 0", 1);
    doc = load_json (bad->str, &error);
    g_assert_null (doc);
    g_assert_error (error, KF_DOCUMENT_ERROR, KF_DOCUMENT_ERROR_VERSION);
    g_assert_nonnull (strstr (error->message,
                              "unknown version 0 (this reader knows versions 1 and 2)"));
  }
}

/* ------------------------------------------------------------------------------------------ */
/* The views                                                                                   */

static void
check_well_formed (KfDocument *doc)
{
  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      g_autofree char *html = render (views[v], doc, NULL);
      g_autoptr(Markup) m = parse (html);

      g_assert_true (g_str_has_prefix (html, "<article class=\"insight "));
      g_assert_cmpuint (count (m, "article", "insight"), ==, 1);
      g_assert_cmpuint (count (m, "h1", NULL), ==, 1);
      assert_readable (m);
    }
}

static void
test_well_formed (void)
{
  g_autoptr(KfDocument) guide = load_guide ();
  g_autoptr(KfDocument) minimal = load_minimal ();
  g_autoptr(KfDocument) bare = bare_document ();
  g_autoptr(KfDocument) test = test_document ("Plain & simple", "en");

  check_well_formed (guide);
  check_well_formed (minimal);
  check_well_formed (bare);
  check_well_formed (test);
}

static void
test_escaping (void)
{
  const char *payloads[] = {
    HOSTILE,
    "\" onmouseover=\"alert(1)",
    "' onfocus='alert(1)",
    "<img src=x onerror=alert(1)>",
    "]]><script>x</script><![CDATA[",
    "%s %1$s %n %% {{",
    /* one long word, and text without spaces: the labels are cut, on character boundaries */
    "Pneumonoultramicroscopicsilicovolcanoconiosis&Pneumonoultramicroscopicsilicovolcanoconiosis",
    "高水平对外开放高水平对外开放高水平对外开放高水平对外开放高水平对外开放",
  };

  for (guint p = 0; p < G_N_ELEMENTS (payloads); p++)
    {
      g_autoptr(KfDocument) doc = test_document (payloads[p], "en");

      for (guint v = 0; v < G_N_ELEMENTS (views); v++)
        {
          g_autofree char *html = render (views[v], doc, NULL);
          g_autoptr(Markup) m = parse (html);

          g_assert_null (strstr (html, "<script"));
          g_assert_null (strstr (html, "<b>"));
          g_assert_null (strstr (html, "<img"));
          g_assert_null (strstr (html, "\" onmouseover"));
          g_assert_null (strstr (html, "' onfocus"));
          g_assert_cmpuint (count (m, "script", NULL), ==, 0);
          g_assert_cmpuint (count (m, "b", NULL), ==, 0);
          g_assert_cmpuint (count (m, "img", NULL), ==, 0);
          for (guint i = 0; i < m->elements->len; i++)
            {
              g_assert_null (attr (element (m, i), "onmouseover"));
              g_assert_null (attr (element (m, i), "onfocus"));
            }
        }
    }

  /* and the text does come out, as text */
  {
    g_autoptr(KfDocument) doc = test_document (HOSTILE, "en");
    g_autofree char *html = render (kf_insight_timeline, doc, NULL);
    g_autoptr(Markup) m = parse (html);
    g_autoptr(GPtrArray) titles = find_all (m, "h2", "event-title");

    g_assert_cmpuint (titles->len, ==, 5);
    g_assert_cmpstr (((Element *) titles->pdata[0])->text->str, ==, HOSTILE);
  }
}

/* Checks that the bars' widths are proportional to their figures' values, chart by chart. */
static guint
check_bars (KfDocument *doc,
            Markup     *m)
{
  g_autoptr(GPtrArray) charts = find_all (m, "svg", "bars");
  guint n_bars = 0;

  for (guint c = 0; c < charts->len; c++)
    {
      Element *svg = charts->pdata[c];
      int svg_index = -1;
      g_autoptr(GArray) widths = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
      double max_w = 0, max_v = 0;

      g_assert_cmpstr (attr (svg, "role"), ==, "img");
      g_assert_nonnull (attr (svg, "aria-labelledby"));
      for (guint i = 0; i < m->elements->len; i++)
        if (element (m, i) == svg)
          svg_index = i;

      for (guint i = svg_index + 1; i < m->elements->len; i++)
        {
          Element *e = element (m, i);
          const char *id;
          double w, v = 0;
          int up;

          /* only this chart's bars */
          for (up = e->parent; up > svg_index; up = element (m, up)->parent)
            ;
          if (up != svg_index)
            break;
          if (strcmp (e->name, "rect") != 0 || !has_class (e, "bar"))
            continue;

          id = attr (e, "data-figure");
          g_assert_nonnull (id);
          for (guint f = 0; f < kf_document_get_n_figures (doc); f++)
            if (strcmp (kf_document_get_figure (doc, f)->id, id) == 0)
              v = kf_document_get_figure (doc, f)->value;
          w = attr_double (e, "width");
          g_array_append_val (widths, w);
          g_array_append_val (values, v);
          max_w = MAX (max_w, w);
          max_v = MAX (max_v, v);

          /* the bar links to its figure's theme */
          g_assert_cmpstr (element (m, e->parent)->name, ==, "a");
          g_assert_true (g_str_has_prefix (attr (element (m, e->parent), "href"), "#"));
        }

      g_assert_cmpuint (widths->len, >=, 2);
      g_assert_cmpfloat (max_w, >, 0);
      for (guint i = 0; i < widths->len; i++)
        {
          double ratio_w = g_array_index (widths, double, i) / max_w;
          double ratio_v = g_array_index (values, double, i) / max_v;

          g_assert_cmpfloat (fabs (ratio_w - ratio_v), <=, 0.005);
        }
      n_bars += widths->len;
    }

  return n_bars;
}

static void
test_bars (void)
{
  g_autoptr(KfDocument) guide = load_guide ();
  g_autoptr(KfDocument) test = test_document ("same", "en");
  g_autoptr(KfDocument) minimal = load_minimal ();
  g_autofree char *guide_html = render (kf_insight_figures_page, guide, NULL);
  g_autofree char *test_html = render (kf_insight_figures_page, test, NULL);
  g_autofree char *minimal_html = render (kf_insight_figures_page, minimal, NULL);
  g_autoptr(Markup) guide_m = parse (guide_html);
  g_autoptr(Markup) test_m = parse (test_html);
  g_autoptr(Markup) minimal_m = parse (minimal_html);

  /* the guide: two figures in trillion yuan make the one chart */
  g_assert_cmpuint (check_bars (guide, guide_m), ==, 2);
  g_assert_cmpuint (count (guide_m, "figure", "figure-card"), ==, kf_document_get_n_figures (guide));
  g_assert_cmpuint (count (guide_m, "table", "kf-sr-only"), ==, 1);
  g_assert_nonnull (strstr (guide_html, "<h1>Key figures</h1>"));

  /* three of the four test figures share a unit ("same"): 10, 2.5, 7.25 */
  g_assert_cmpuint (check_bars (test, test_m), ==, 3);
  g_assert_cmpuint (count (test_m, "svg", "bars"), ==, 1);

  /* one figure: cards, no chart */
  g_assert_cmpuint (count (minimal_m, "svg", NULL), ==, 0);
  g_assert_cmpuint (count (minimal_m, "figure", "figure-card"), ==, 1);
  g_assert_nonnull (strstr (minimal_html, "<figure class=\"figure-card\" id=\"fig-one\">"));
}

static void
test_bar_chart (void)
{
  g_autoptr(KfDocument) doc = test_document ("u", "en");
  const KfFigure *figures[4];
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(Markup) m = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) cells = NULL;

  for (guint i = 0; i < 4; i++)
    figures[i] = kf_document_get_figure (doc, i);

  /* fewer than two figures: nothing */
  kf_insight_bar_chart (out, doc, NULL, figures, 1);
  g_assert_cmpuint (out->len, ==, 0);
  kf_insight_bar_chart (out, doc, NULL, figures, 0);
  g_assert_cmpuint (out->len, ==, 0);

  /* any figures, even of different units, are drawn to one scale */
  kf_insight_bar_chart (out, doc, NULL, figures, 4);
  m = parse (out->str);
  g_assert_cmpuint (check_bars (doc, m), ==, 4);
  g_assert_cmpuint (count (m, "title", NULL), >=, 1);

  /* the text alternative: one row per figure, with the value, qualifier and unit */
  rows = find_all (m, "tr", NULL);
  g_assert_cmpuint (rows->len, ==, 1 + 4);
  cells = find_all (m, "td", NULL);
  g_assert_cmpstr (((Element *) cells->pdata[0])->text->str, ==, "over 10 u");
  g_assert_cmpstr (((Element *) cells->pdata[1])->text->str, ==, "2020");
  g_assert_cmpstr (((Element *) cells->pdata[2])->text->str, ==, "2.5 other");
  g_assert_cmpstr (((Element *) cells->pdata[6])->text->str, ==, "about 7.25 u");
}

static void
check_timeline_order (KfDocument *doc)
{
  g_autofree char *html = render (kf_insight_timeline, doc, NULL);
  g_autoptr(Markup) m = parse (html);
  g_autoptr(GPtrArray) times = find_all (m, "time", NULL);
  int previous = 0;

  g_assert_cmpuint (times->len, ==, kf_document_get_n_events (doc));
  g_assert_cmpuint (count (m, "li", "timeline-event"), ==, kf_document_get_n_events (doc));
  g_assert_cmpuint (count (m, "circle", "event-dot"), ==, kf_document_get_n_events (doc));
  for (guint i = 0; i < times->len; i++)
    {
      Element *time = times->pdata[i];
      const char *datetime = attr (time, "datetime");
      int y = 0, mo = 0, d = 0, key;

      g_assert_cmpint (sscanf (datetime, "%d-%d-%d", &y, &mo, &d), >=, 1);
      key = y * 10000 + mo * 100 + d;
      g_assert_cmpint (key, >=, previous);
      previous = key;
      g_assert_cmpstr (time->text->str, ==, datetime);
    }
}

static void
test_timeline (void)
{
  g_autoptr(KfDocument) guide = load_guide ();
  g_autoptr(KfDocument) test = test_document ("t", "en");
  g_autofree char *html = NULL;
  g_autoptr(Markup) m = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) links = NULL;
  const char *order[] = { "e1", "e0", "e2", "e3", "e4" };

  check_timeline_order (guide);
  check_timeline_order (test);

  html = render (kf_insight_timeline, test, NULL);
  m = parse (html);
  items = find_all (m, "li", "timeline-event");
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    g_assert_cmpstr (attr (items->pdata[i], "id"), ==, order[i]);
  /* events with a theme link to it */
  links = find_all (m, "a", "internal");
  g_assert_cmpuint (links->len, ==, 2);
  g_assert_cmpstr (attr (links->pdata[0], "href"), ==, "#t2");
  g_assert_cmpstr (attr (links->pdata[1], "href"), ==, "#t1");
  g_assert_nonnull (strstr (html, "<h1>Timeline</h1>"));
  /* the drawing is decoration: the list says it all */
  g_assert_cmpuint (count (m, "svg", "timeline-axis"), ==, 1);
  {
    g_autoptr(GPtrArray) svgs = find_all (m, "svg", NULL);

    g_assert_cmpstr (attr (svgs->pdata[0], "aria-hidden"), ==, "true");
  }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
check_map (KfDocument *doc,
           guint       expected_shared)
{
  g_autofree char *html = render (kf_insight_theme_map, doc, NULL);
  g_autoptr(Markup) m = parse (html);
  g_autoptr(GPtrArray) edges = find_all (m, "line", "edge related");
  g_autoptr(GPtrArray) drawn = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) model = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) nodes = find_all (m, "a", "map-node");
  g_autoptr(GPtrArray) sr = find_all (m, "ul", "kf-sr-only");
  guint n_themes = kf_document_get_n_themes (doc);

  for (guint t = 0; t < n_themes; t++)
    {
      const KfTheme *theme = kf_document_get_theme (doc, t);

      for (guint r = 0; r < theme->n_related; r++)
        g_ptr_array_add (model, g_strdup_printf ("%s>%s", theme->id, theme->related[r]->id));
    }
  for (guint i = 0; i < edges->len; i++)
    g_ptr_array_add (drawn, g_strdup_printf ("%s>%s", attr (edges->pdata[i], "data-from"),
                                             attr (edges->pdata[i], "data-to")));

  /* exactly one line per reference */
  g_assert_cmpuint (edges->len, ==, model->len);
  g_ptr_array_sort (model, compare_strings);
  g_ptr_array_sort (drawn, compare_strings);
  for (guint i = 0; i < model->len; i++)
    g_assert_cmpstr (model->pdata[i], ==, drawn->pdata[i]);

  g_assert_cmpuint (count (m, NULL, "edge shared"), ==, expected_shared);

  /* every theme is a node that links to it */
  g_assert_cmpuint (nodes->len, ==, n_themes);
  for (guint t = 0; t < n_themes; t++)
    {
      Element *node = nodes->pdata[t];
      g_autofree char *href = g_strconcat ("#", kf_document_get_theme (doc, t)->id, NULL);

      g_assert_cmpstr (attr (node, "href"), ==, href);
      g_assert_true (has_class (node, "internal"));
    }

  /* the text alternative: one item per connection */
  g_assert_cmpuint (sr->len, ==, 1);
  {
    Element *list = sr->pdata[0];
    guint items = 0;

    for (guint i = 0; i < m->elements->len; i++)
      if (element (m, i)->parent >= 0 && element (m, element (m, i)->parent) == list)
        items++;
    g_assert_cmpuint (items, ==, model->len + expected_shared);
  }
}

static void
test_map (void)
{
  g_autoptr(KfDocument) guide = load_guide ();
  g_autoptr(KfDocument) minimal = load_minimal ();
  g_autoptr(KfDocument) test = test_document ("m", "en");

  /* the guide: cooperation and security share "high-standard-opening" */
  check_map (guide, 1);
  check_map (minimal, 0);
  /* t1 ⇄ t2 are two lines, t3 → t3 one more; t1 shares a term with t2 and one with t3 */
  check_map (test, 2);
}

/* Events from year 1 to 9999, and many on one day: the drawing stays small. */
static void
test_timeline_extremes (void)
{
  g_autoptr(GString) json = g_string_new (template);
  g_autoptr(GString) events = g_string_new ("\"events\": [\n"
                                            "    { \"id\": \"first\", \"date\": \"0001\", \"title\": \"x\" },\n"
                                            "    { \"id\": \"last\", \"date\": \"9999-12-31\", \"title\": \"x\" },\n");
  g_autoptr(KfDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;
  g_autoptr(Markup) m = NULL;
  g_autoptr(GPtrArray) svgs = NULL;
  double height = 0;

  for (guint i = 0; i < 50; i++)
    g_string_append_printf (events, "    { \"id\": \"same-%u\", \"date\": \"2000-01-01\", \"title\": \"x\" },\n", i);
  g_string_append (events, "    { \"id\": \"end\", \"date\": \"2000\", \"title\": \"x\" } ] }");
  g_string_truncate (json, strstr (json->str, "\"events\"") - json->str);
  g_string_append (json, events->str);
  g_string_replace (json, "@T@", "\"x\"", 0);
  g_string_replace (json, "@LANG@", "en", 0);
  doc = load_json (json->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kf_document_get_n_events (doc), ==, 53);
  g_assert_cmpstr (kf_document_get_event (doc, 0)->id, ==, "first");
  g_assert_cmpstr (kf_document_get_event (doc, 1)->id, ==, "end");
  g_assert_cmpstr (kf_document_get_event (doc, 2)->id, ==, "same-0");
  g_assert_cmpstr (kf_document_get_event (doc, 51)->id, ==, "same-49");
  g_assert_cmpstr (kf_document_get_event (doc, 52)->id, ==, "last");

  html = render (kf_insight_timeline, doc, NULL);
  m = parse (html);
  check_timeline_order (doc);
  g_assert_cmpuint (count (m, "text", "year"), <=, 12);
  g_assert_cmpuint (count (m, "text", "year"), >=, 2);
  svgs = find_all (m, "svg", NULL);
  g_assert_cmpint (sscanf (attr (svgs->pdata[0], "viewBox"), "0 0 %*f %lf", &height), ==, 1);
  g_assert_cmpfloat (height, <, 120);
}

static void
test_empty (void)
{
  g_autoptr(KfDocument) bare = bare_document ();
  g_autoptr(KfDocument) minimal = load_minimal ();

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      g_autofree char *html = render (views[v], bare, NULL);
      g_autoptr(Markup) m = parse (html);

      g_assert_cmpuint (count (m, "p", "empty"), ==, 1);
      g_assert_cmpuint (count (m, "svg", NULL), ==, 0);
    }

  {
    g_autofree char *html = render (kf_insight_timeline, minimal, NULL);

    g_assert_nonnull (strstr (html, "<p class=\"empty\">This document has no dated events.</p>"));
  }
  {
    g_autofree char *html = render (kf_insight_figures_page, bare, NULL);

    g_assert_nonnull (strstr (html, "<p class=\"empty\">This document has no key figures.</p>"));
  }
}

/* An RTL reading language mirrors the drawings: x becomes VIEW_W - x. */
static void
test_rtl (void)
{
  g_autoptr(KfDocument) ltr = test_document ("نص", "en");
  g_autoptr(KfDocument) rtl = test_document ("نص", "ar");

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      g_autofree char *html_l = render (views[v], ltr, NULL);
      g_autofree char *html_r = render (views[v], rtl, NULL);
      g_autoptr(Markup) l = parse (html_l);
      g_autoptr(Markup) r = parse (html_r);
      g_autoptr(GPtrArray) circles_l = find_all (l, "circle", NULL);
      g_autoptr(GPtrArray) circles_r = find_all (r, "circle", NULL);
      g_autoptr(GPtrArray) bars_l = find_all (l, "rect", "bar");
      g_autoptr(GPtrArray) bars_r = find_all (r, "rect", "bar");
      g_autoptr(GPtrArray) svgs = find_all (r, "svg", NULL);

      g_assert_true (g_str_has_prefix (html_r, "<article class=\"insight "));
      g_assert_nonnull (strstr (html_r, " lang=\"ar\" dir=\"rtl\">"));
      g_assert_nonnull (strstr (html_l, " lang=\"en\" dir=\"ltr\">"));
      g_assert_cmpuint (svgs->len, >=, 1);
      for (guint i = 0; i < svgs->len; i++)
        g_assert_cmpstr (attr (svgs->pdata[i], "direction"), ==, "rtl");

      g_assert_cmpuint (circles_l->len, ==, circles_r->len);
      for (guint i = 0; i < circles_l->len; i++)
        {
          g_assert_cmpfloat_with_epsilon (attr_double (circles_r->pdata[i], "cx"),
                                          VIEW_W - attr_double (circles_l->pdata[i], "cx"), 0.011);
          g_assert_cmpfloat_with_epsilon (attr_double (circles_r->pdata[i], "cy"),
                                          attr_double (circles_l->pdata[i], "cy"), 0.011);
        }

      g_assert_cmpuint (bars_l->len, ==, bars_r->len);
      for (guint i = 0; i < bars_l->len; i++)
        {
          double x_l = attr_double (bars_l->pdata[i], "x");
          double w = attr_double (bars_l->pdata[i], "width");

          g_assert_cmpfloat_with_epsilon (attr_double (bars_r->pdata[i], "width"), w, 0.011);
          g_assert_cmpfloat_with_epsilon (attr_double (bars_r->pdata[i], "x"), VIEW_W - x_l - w, 0.011);
        }
    }
}

static void
test_translated (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "minimal-fr.mo", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KfCatalog) catalog = kf_catalog_new_from_file (file, "fr", &error);
  g_autoptr(KfDocument) doc = load_minimal ();
  KfRenderOptions options = { 0 };
  g_autofree char *figures = NULL;
  g_autofree char *map = NULL;

  g_assert_no_error (error);
  options.content = catalog;
  options.labels = catalog;

  figures = render (kf_insight_figures_page, doc, &options);
  g_assert_true (g_str_has_prefix (figures, "<article class=\"insight figures\" lang=\"fr\" dir=\"ltr\">"));
  g_assert_nonnull (strstr (figures, "<h1>Chiffres clés</h1>"));
  g_assert_nonnull (strstr (figures, "plus de <data value=\"2.7\">2.7</data>"));
  g_assert_nonnull (strstr (figures, "billions de yuans"));
  g_assert_nonnull (strstr (figures, ">1. Premier thème</a>"));

  map = render (kf_insight_theme_map, doc, &options);
  g_assert_nonnull (strstr (map, ">Premier thème</text>"));
  g_assert_nonnull (strstr (map, "1. Premier thème lists 2. Second theme as a related theme"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/insight/events/model", test_events_model);
  g_test_add_func ("/insight/events/guide", test_events_guide);
  g_test_add_func ("/insight/events/versions", test_versions);
  g_test_add_func ("/insight/well-formed", test_well_formed);
  g_test_add_func ("/insight/escaping", test_escaping);
  g_test_add_func ("/insight/bars", test_bars);
  g_test_add_func ("/insight/bar-chart", test_bar_chart);
  g_test_add_func ("/insight/timeline", test_timeline);
  g_test_add_func ("/insight/timeline/extremes", test_timeline_extremes);
  g_test_add_func ("/insight/map", test_map);
  g_test_add_func ("/insight/empty", test_empty);
  g_test_add_func ("/insight/rtl", test_rtl);
  g_test_add_func ("/insight/translated", test_translated);

  return g_test_run ();
}
