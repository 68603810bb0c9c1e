/* test-document.c — the document model and its loader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kf-document.h"
#include "kf-renderer.h"

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "documents", name, NULL);
}

static KfDocument *
load_fixture (const char  *name,
              GError     **error)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return kf_document_load_from_file (file, NULL, error);
}

static void
test_minimal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KfDocument) doc = load_fixture ("minimal.json", &error);
  const KfMetadata *m;
  const KfTheme *first, *second;
  const KfSection *section;
  const KfFigure *figure;
  const KfNode *root, *node;
  const char *anchor = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (doc);

  m = kf_document_get_metadata (doc);
  g_assert_cmpstr (m->id, ==, "minimal");
  g_assert_cmpstr (m->title, ==, "A minimal document");
  g_assert_cmpstr (m->authors[0], ==, "Test Author");
  g_assert_null (m->authors[1]);
  g_assert_cmpstr (m->source_url, ==, "https://example.org/article");
  g_assert_null (m->subtitle);

  g_assert_cmpuint (kf_document_get_n_themes (doc), ==, 2);
  first = kf_document_get_theme (doc, 0);
  second = kf_document_get_theme (doc, 1);
  g_assert_cmpstr (first->id, ==, "first");
  g_assert_cmpint (first->number, ==, 1);
  g_assert_cmpuint (first->n_related, ==, 1);
  g_assert_true (first->related[0] == second);
  g_assert_cmpuint (first->n_terms, ==, 1);
  g_assert_cmpstr (first->terms[0]->term, ==, "T1");
  g_assert_cmpuint (first->n_figures, ==, 1);
  g_assert_cmpuint (second->n_figures, ==, 0);

  section = &first->sections[0];
  g_assert_true (section->theme == first);
  g_assert_cmpuint (section->n_blocks, ==, 4);
  g_assert_cmpint (section->blocks[0].type, ==, KF_BLOCK_PARAGRAPH);
  g_assert_cmpint (section->blocks[1].type, ==, KF_BLOCK_LIST);
  g_assert_cmpuint (section->blocks[1].n_items, ==, 2);
  g_assert_cmpstr (section->blocks[1].items[1], ==, "Another point");
  g_assert_cmpint (section->blocks[2].type, ==, KF_BLOCK_FIGURE);
  g_assert_cmpint (section->blocks[3].type, ==, KF_BLOCK_TERM);

  figure = section->blocks[2].figure;
  g_assert_cmpstr (figure->id, ==, "fig-one");
  g_assert_cmpfloat_with_epsilon (figure->value, 2.7, 1e-9);
  g_assert_cmpint (figure->year, ==, 2023);
  g_assert_cmpint (figure->qualifier, ==, KF_QUALIFIER_OVER);
  g_assert_true (figure->theme == first);

  /* outline: document → 2 themes, figures, timeline, map, glossary, about; themes → sections */
  root = kf_document_get_root (doc);
  g_assert_cmpstr (root->id, ==, "minimal");
  g_assert_cmpuint (root->n_children, ==, 7);
  g_assert_cmpint (root->children[0]->kind, ==, KF_NODE_THEME);
  g_assert_cmpint (root->children[2]->kind, ==, KF_NODE_FIGURES);
  g_assert_cmpint (root->children[3]->kind, ==, KF_NODE_TIMELINE);
  g_assert_cmpint (root->children[4]->kind, ==, KF_NODE_MAP);
  g_assert_cmpint (root->children[5]->kind, ==, KF_NODE_GLOSSARY);
  g_assert_cmpint (root->children[6]->kind, ==, KF_NODE_ABOUT);
  g_assert_cmpuint (root->children[0]->n_children, ==, 1);
  g_assert_cmpuint (root->children[0]->children[0]->depth, ==, 2);

  node = kf_document_lookup_node (doc, "first-a");
  g_assert_nonnull (node);
  g_assert_true (node->parent == root->children[0]);
  g_assert_null (kf_document_lookup_node (doc, "nope"));

  /* a term link opens the glossary at the term, a figure link the theme at the figure */
  node = kf_document_resolve_link (doc, "term-one", &anchor);
  g_assert_cmpint (node->kind, ==, KF_NODE_GLOSSARY);
  g_assert_cmpstr (anchor, ==, "term-one");
  node = kf_document_resolve_link (doc, "fig-one", &anchor);
  g_assert_cmpstr (node->id, ==, "first");
  g_assert_cmpstr (anchor, ==, "fig-one");
  node = kf_document_resolve_link (doc, "second", &anchor);
  g_assert_cmpstr (node->id, ==, "second");
  g_assert_null (anchor);

  g_assert_cmpuint (strlen (kf_document_get_content_hash (doc)), ==, 64);
}

typedef struct
{
  const char     *fixture;
  KfDocumentError code;
  const char     *message;
} BadCase;

static const BadCase bad_cases[] = {
  { "bad-empty.json", KF_DOCUMENT_ERROR_EMPTY, "bad-empty.json:1:1: the file is empty" },
  { "bad-whitespace.json", KF_DOCUMENT_ERROR_EMPTY, "bad-whitespace.json:1:1: the file is empty" },
  { "bad-utf8.json", KF_DOCUMENT_ERROR_ENCODING, "bad-utf8.json:6:25: the file is not valid UTF-8 text" },
  { "bad-nul.json", KF_DOCUMENT_ERROR_ENCODING,
    "bad-nul.json:1:30: the file contains a NUL byte (is it a binary file?)" },
  { "bad-deep.json", KF_DOCUMENT_ERROR_TOO_DEEP,
    "bad-deep.json:1:68: arrays and objects are nested more than 32 deep" },
  { "bad-syntax.json", KF_DOCUMENT_ERROR_SYNTAX, "bad-syntax.json:3:15: syntax error: " },
  /* json-glib quotes the string it stopped in, here without the last byte of its U+FEFF */
  { "bad-syntax-cut.json", KF_DOCUMENT_ERROR_SYNTAX, "bad-syntax-cut.json:13:3: syntax error: " },
  { "bad-root.json", KF_DOCUMENT_ERROR_TYPE, "bad-root.json:1:1: (document): expected an object, found an array" },
  { "bad-format.json", KF_DOCUMENT_ERROR_VALUE,
    "bad-format.json:2:13: format: expected “kaifang-document”, found “something-else”" },
  { "bad-version.json", KF_DOCUMENT_ERROR_VERSION,
    "bad-version.json:3:14: version: unknown version 3 (this reader knows versions 1 and 2)" },
  { "bad-missing.json", KF_DOCUMENT_ERROR_MISSING,
    "bad-missing.json:34:5: themes[1]: missing required member “title”" },
  { "bad-type.json", KF_DOCUMENT_ERROR_TYPE,
    "bad-type.json:37:16: themes[1].title: expected a string, found an integer" },
  { "bad-duplicate.json", KF_DOCUMENT_ERROR_DUPLICATE_ID,
    "bad-duplicate.json:40:17: themes[1].sections[0].id: duplicate id “first-a”" },
  { "bad-reserved-id.json", KF_DOCUMENT_ERROR_DUPLICATE_ID,
    "bad-reserved-id.json:45:13: figures[0].id: the id “glossary” is reserved" },
  { "bad-dangling.json", KF_DOCUMENT_ERROR_DANGLING_REFERENCE,
    "bad-dangling.json:19:19: themes[0].related[0]: dangling reference “#third”" },
  { "bad-dangling-inline.json", KF_DOCUMENT_ERROR_DANGLING_REFERENCE,
    "bad-dangling-inline.json:18:18: themes[0].summary: dangling reference “#no-such-term”" },
  { "bad-ref-kind.json", KF_DOCUMENT_ERROR_DANGLING_REFERENCE,
    "bad-ref-kind.json:28:40: themes[0].sections[0].blocks[2].ref: “#term-one” does not name a figure" },
  { "bad-id.json", KF_DOCUMENT_ERROR_VALUE,
    "bad-id.json:15:13: themes[0].id: “First Theme” is not a valid id (use 1–64 of a-z, 0-9, “-” and “_”)" },
  { "bad-date.json", KF_DOCUMENT_ERROR_VALUE,
    "bad-date.json:9:13: metadata.date: expected a date YYYY-MM-DD, found “2024-02-30”" },
  { "bad-url.json", KF_DOCUMENT_ERROR_VALUE,
    "bad-url.json:11:43: metadata.source.url: expected an http or https URL, found “javascript:alert(1)”" },
  { "bad-accent.json", KF_DOCUMENT_ERROR_VALUE,
    "bad-accent.json:17:17: themes[0].accent: expected a colour #rrggbb, found “red; background: url(x)”" },
  { "bad-block-type.json", KF_DOCUMENT_ERROR_VALUE,
    "bad-block-type.json:27:23: themes[0].sections[0].blocks[1].type: unknown block type “video”" },
  { "bad-surrogate.json", KF_DOCUMENT_ERROR_ENCODING,
    "bad-surrogate.json:6:16: \\ud800 is half of a UTF-16 surrogate pair without its other half" },
  { "bad-two-documents.json", KF_DOCUMENT_ERROR_SYNTAX,
    "bad-two-documents.json:53:1: syntax error: unexpected text after the end of the document" },
  { "bad-var.json", KF_DOCUMENT_ERROR_SYNTAX,
    "bad-var.json:1:1: syntax error: expected a JSON object at the start of the file" },
  { "bad-empty-themes.json", KF_DOCUMENT_ERROR_VALUE,
    "bad-empty-themes.json:13:13: themes: must not be empty" },
};

static void
test_bad (gconstpointer data)
{
  const BadCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KfDocument) doc = load_fixture (c->fixture, &error);

  g_assert_null (doc);
  g_assert_error (error, KF_DOCUMENT_ERROR, (gint) c->code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  /* the syntax message's tail is json-glib's own wording; all others are exact */
  if (c->code == KF_DOCUMENT_ERROR_SYNTAX)
    g_assert_true (g_str_has_prefix (error->message, c->message));
  else
    g_assert_cmpstr (error->message, ==, c->message);
}

static void
test_too_large (void)
{
  gsize size = KF_DOCUMENT_MAX_SIZE + 1;
  g_autofree char *data = g_malloc (size);
  g_autoptr(GError) error = NULL;
  g_autoptr(KfDocument) doc = NULL;

  memset (data, ' ', size);
  doc = kf_document_load_from_data (data, size, "huge.json", &error);
  g_assert_null (doc);
  g_assert_error (error, KF_DOCUMENT_ERROR, KF_DOCUMENT_ERROR_TOO_LARGE);
  g_assert_true (g_str_has_prefix (error->message, "huge.json:1:1: the file is too large"));
}

/* Every prefix of a valid file is rejected cleanly, never half-loaded. */
static void
test_truncated (void)
{
  g_autofree char *path = fixture_path ("minimal.json");
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  for (gsize cut = 0; cut < length - 2; cut++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KfDocument) doc = kf_document_load_from_data (contents, cut, "cut.json", &error);

      g_assert_null (doc);
      g_assert_nonnull (error);
      g_assert_true (g_str_has_prefix (error->message, "cut.json:"));
    }
}

/* minimal.json with its title replaced by @title (raw JSON string content) */
static char *
minimal_with_title (const char *title)
{
  g_autofree char *path = fixture_path ("minimal.json");
  g_autofree char *contents = NULL;
  g_autoptr(GString) text = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  text = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (text, "\"A minimal document\"", title, 1), ==, 1);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Loads minimal.json with its title replaced by @title, as "bad.json", and expects it refused
 * with @code and a message that starts with @prefix */
static void
assert_title_refused (const char      *title,
                      KfDocumentError  code,
                      const char      *prefix)
{
  g_autofree char *text = minimal_with_title (title);
  g_autoptr(GError) error = NULL;
  g_autoptr(KfDocument) doc = kf_document_load_from_data (text, strlen (text), "bad.json", &error);

  g_assert_null (doc);
  g_assert_error (error, KF_DOCUMENT_ERROR, (gint) code);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("expected “%s…”, got “%s”", prefix, error->message);
}

/* json-glib 1.6 decodes a lone surrogate escape into bytes that are not UTF-8; the loader
 * refuses every unpaired half and keeps real pairs */
static void
test_surrogates (void)
{
  static const struct { const char *title; const char *message; } lone[] = {
    { "\"\\ud800\"", "bad.json:6:15: \\ud800 is half of a UTF-16 surrogate pair without its other half" },
    { "\"ab\\udfff\"", "bad.json:6:17: \\udfff is half of a UTF-16 surrogate pair without its other half" },
    { "\"\\uD83D\\u0041\"", "bad.json:6:15: \\uD83D is half of a UTF-16 surrogate pair without its other half" },
    { "\"x\\udbff\"", "bad.json:6:16: \\udbff is half of a UTF-16 surrogate pair without its other half" },
    { "\"\\\\ud800 \\ude00\"", "bad.json:6:23: \\ude00 is half of a UTF-16 surrogate pair without its other half" },
  };
  g_autofree char *pair = minimal_with_title ("\"smile \\ud83d\\ude00 \\\\ud800\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(KfDocument) doc = kf_document_load_from_data (pair, strlen (pair), "pair.json", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (kf_document_get_metadata (doc)->title, ==, "smile \xF0\x9F\x98\x80 \\ud800");

  for (guint i = 0; i < G_N_ELEMENTS (lone); i++)
    assert_title_refused (lone[i].title, KF_DOCUMENT_ERROR_ENCODING, lone[i].message);
}

/* Escapes json-glib 1.6 gets wrong ("\q" taken, a broken \u leaked) are syntax errors */
static void
test_escapes (void)
{
  static const struct { const char *title; const char *message; } cases[] = {
    { "\"a\\qb\"", "bad.json:6:16: syntax error: invalid escape in a string" },
    { "\"\\u12\"", "bad.json:6:15: syntax error: \\u must be followed by four hexadecimal digits" },
    { "\"\\ud80]\\ud80/\"", "bad.json:6:15: syntax error: \\u must be followed by four" },
    { "\"\\uzzzz\"", "bad.json:6:15: syntax error: \\u must be followed by four" },
  };
  g_autofree char *good = minimal_with_title ("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(KfDocument) doc = kf_document_load_from_data (good, strlen (good), "good.json", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (kf_document_get_metadata (doc)->title, ==, "\" \\ / \b \f \n \r \t \xC3\xA9");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_title_refused (cases[i].title, KF_DOCUMENT_ERROR_SYNTAX, cases[i].message);
}

/* Only white space may follow the document; json-glib 1.6 would take (and leak) the rest */
static void
test_trailing (void)
{
  static const struct { const char *tail; const char *where; } cases[] = {
    { " {}", "51:3:" },
    { "\n[1]", "52:1:" },
    { "x", "51:2:" },
    { ";", "51:2:" },
    { "\n\n  \"a\"", "53:3:" },
  };
  g_autofree char *path = fixture_path ("minimal.json");
  g_autofree char *contents = NULL;
  g_autofree char *spaced = NULL;
  g_autoptr(KfDocument) doc = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_strchomp (contents);

  spaced = g_strconcat ("\n  ", contents, " \r\n\t\n", NULL);
  doc = kf_document_load_from_data (spaced, strlen (spaced), "spaced.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strconcat (contents, cases[i].tail, NULL);
      g_autofree char *prefix = g_strconcat ("tail.json:", cases[i].where,
                                             " syntax error: unexpected text after the end", NULL);
      g_autoptr(GError) tail_error = NULL;
      g_autoptr(KfDocument) tail_doc = kf_document_load_from_data (text, strlen (text), "tail.json",
                                                                   &tail_error);

      g_assert_null (tail_doc);
      g_assert_error (tail_error, KF_DOCUMENT_ERROR, KF_DOCUMENT_ERROR_SYNTAX);
      if (!g_str_has_prefix (tail_error->message, prefix))
        g_error ("%s", tail_error->message);
    }
}

static void
test_bom (void)
{
  g_autofree char *path = fixture_path ("minimal.json");
  g_autofree char *contents = NULL;
  g_autofree char *with_bom = NULL;
  g_autoptr(KfDocument) doc = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  with_bom = g_strconcat ("\xEF\xBB\xBF", contents, NULL);
  doc = kf_document_load_from_data (with_bom, strlen (with_bom), "bom.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
}

/* The bundled guide: six themes, each complete, every reference resolved (by loading). */
static void
test_guide (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "guide",
                                                 "kaifang-guide.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KfDocument) doc = kf_document_load_from_file (file, NULL, &error);
  const KfMetadata *m;
  g_autofree char *outline = NULL;

  g_assert_no_error (error);
  m = kf_document_get_metadata (doc);
  g_assert_cmpstr (m->source_title, ==, "The Essential Meaning of High-Standard Opening Up");
  g_assert_cmpstr (m->source_author, ==, "Qiu Ping");
  g_assert_cmpstr (m->source_date, ==, "2024-12-27");
  g_assert_true (g_str_has_prefix (m->source_url, "https://en.qstheory.cn/"));

  g_assert_cmpuint (kf_document_get_n_themes (doc), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      const KfTheme *theme = kf_document_get_theme (doc, i);
      gboolean since = FALSE, forward = FALSE;

      g_assert_cmpint (theme->number, ==, i + 1);
      g_assert_cmpuint (strlen (theme->summary), >, 40);
      g_assert_cmpuint (theme->n_figures, >=, 1);
      g_assert_cmpuint (theme->n_terms, >=, 1);
      g_assert_cmpuint (theme->n_related, >=, 1);
      for (guint s = 0; s < theme->n_sections; s++)
        {
          since |= g_strcmp0 (theme->sections[s].kind, "since-2012") == 0;
          forward |= g_strcmp0 (theme->sections[s].kind, "going-forward") == 0;
        }
      g_assert_true (since && forward);
    }

  /* the figures the article gives */
  {
    gboolean digital = FALSE, ecommerce = FALSE, jobs = FALSE, partners = FALSE, growth = FALSE;

    for (guint i = 0; i < kf_document_get_n_figures (doc); i++)
      {
        const KfFigure *f = kf_document_get_figure (doc, i);

        digital |= f->value == 2.7 && f->year == 2023 && strstr (f->unit, "trillion yuan");
        ecommerce |= f->value == 2.4 && f->year == 2023 && strstr (f->unit, "trillion yuan");
        jobs |= f->value == 200 && strstr (f->unit, "million");
        partners |= f->value == 140;
        growth |= f->value == 30 && strstr (f->unit, "%");
      }
    g_assert_true (digital && ecommerce && jobs && partners && growth);
  }

  outline = kf_render_outline_text (doc, NULL);
  g_assert_true (g_str_has_prefix (outline, "high-standard-opening-up\t"));
  g_assert_nonnull (strstr (outline, "\n  digital-green\t"));
  g_assert_nonnull (strstr (outline, "\n    digital-green-since-2012\tSince 2012\n"));
  g_assert_nonnull (strstr (outline, "\n  glossary\tGlossary\n"));
  g_assert_nonnull (strstr (outline, "\n  about\tAbout this document\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/document/minimal", test_minimal);
  g_test_add_func ("/document/bom", test_bom);
  g_test_add_func ("/document/too-large", test_too_large);
  g_test_add_func ("/document/truncated", test_truncated);
  g_test_add_func ("/document/surrogates", test_surrogates);
  g_test_add_func ("/document/trailing", test_trailing);
  g_test_add_func ("/document/escapes", test_escapes);
  g_test_add_func ("/document/guide", test_guide);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/document/bad/%s", bad_cases[i].fixture);

      g_test_add_data_func (name, &bad_cases[i], test_bad);
    }

  return g_test_run ();
}
