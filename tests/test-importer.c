/* test-importer.c — tests for the text and Markdown importer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "kf-document.h"
#include "kf-importer.h"

/* ------------------------------------------------------------------------------------------ */
/* Structural check of a kaifang-document (the rules of docs/document-format.md)                */
/* ------------------------------------------------------------------------------------------ */

static gboolean
id_is_valid (const char *id)
{
  gsize len = strlen (id);

  if (len < 1 || len > 64)
    return FALSE;
  if (!(g_ascii_islower (id[0]) || g_ascii_isdigit (id[0])))
    return FALSE;
  for (gsize i = 1; i < len; i++)
    if (!(g_ascii_islower (id[i]) || g_ascii_isdigit (id[i]) || id[i] == '-' || id[i] == '_'))
      return FALSE;
  return TRUE;
}

static gboolean
date_is_valid (const char *date)
{
  guint year, month, day;

  if (strlen (date) != 10 || date[4] != '-' || date[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (date[i]))
      return FALSE;
  year = atoi (date);
  month = atoi (date + 5);
  day = atoi (date + 8);
  return g_date_valid_dmy (day, month, year);
}

static JsonNode *
require_member (JsonObject *object,
                const char *member,
                const char *where)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    g_error ("%s.%s: missing", where, member);
  return node;
}

static const char *
require_string (JsonObject *object,
                const char *member,
                const char *where)
{
  JsonNode *node = require_member (object, member, where);
  const char *value;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    g_error ("%s.%s: expected a string", where, member);
  value = json_node_get_string (node);
  g_assert_true (g_utf8_validate (value, -1, NULL));
  return value;
}

static gint64
require_int (JsonObject *object,
             const char *member,
             const char *where)
{
  JsonNode *node = require_member (object, member, where);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    g_error ("%s.%s: expected an integer", where, member);
  return json_node_get_int (node);
}

static JsonArray *
require_array (JsonObject *object,
               const char *member,
               const char *where,
               guint       min_length)
{
  JsonNode *node = require_member (object, member, where);

  if (!JSON_NODE_HOLDS_ARRAY (node))
    g_error ("%s.%s: expected an array", where, member);
  if (json_array_get_length (json_node_get_array (node)) < min_length)
    g_error ("%s.%s: expected at least %u elements", where, member, min_length);
  return json_node_get_array (node);
}

static JsonObject *
require_object (JsonNode   *node,
                const char *where)
{
  if (!JSON_NODE_HOLDS_OBJECT (node))
    g_error ("%s: expected an object", where);
  return json_node_get_object (node);
}

typedef struct
{
  GHashTable *kinds;       /* id → "theme", "section", "figure", "term" */
  GPtrArray  *refs;        /* "KIND\t#ID\tWHERE" to resolve at the end */
  GPtrArray  *texts;       /* texts that may hold inline links */
  const char *doc_id;
} Check;

static void
add_id (Check      *check,
        const char *id,
        const char *kind,
        const char *where)
{
  if (!id_is_valid (id))
    g_error ("%s: invalid id \"%s\"", where, id);
  if (strcmp (id, "glossary") == 0 || strcmp (id, "about") == 0 || strcmp (id, "figures") == 0 ||
      strcmp (id, check->doc_id) == 0)
    g_error ("%s: reserved id \"%s\"", where, id);
  if (g_hash_table_contains (check->kinds, id))
    g_error ("%s: duplicate id \"%s\"", where, id);
  g_hash_table_insert (check->kinds, (gpointer) id, (gpointer) kind);
}

static void
add_ref (Check      *check,
         const char *kind,
         const char *ref,
         const char *where)
{
  g_ptr_array_add (check->refs, g_strdup_printf ("%s\t%s\t%s", kind, ref, where));
}

static void
check_inline_links (Check      *check,
                    const char *text)
{
  const char *p = text;

  while ((p = strstr (p, "](")) != NULL)
    {
      p += 2;
      if (*p == '#')
        {
          const char *end = strchr (p, ')');
          g_autofree char *id = NULL;

          if (end == NULL)
            continue;
          id = g_strndup (p + 1, end - p - 1);
          if (!g_hash_table_contains (check->kinds, id))
            g_error ("inline link to \"%s\": dangling reference in \"%s\"", id, text);
        }
    }
}

static void
check_document (JsonNode *root)
{
  Check check;
  JsonObject *doc;
  JsonObject *metadata;
  JsonObject *source;
  JsonArray *themes;
  JsonArray *authors;
  const char *url;
  g_autoptr(GHashTable) numbers = g_hash_table_new (g_direct_hash, g_direct_equal);

  g_assert_nonnull (root);
  check.kinds = g_hash_table_new (g_str_hash, g_str_equal);
  check.refs = g_ptr_array_new_with_free_func (g_free);
  check.texts = g_ptr_array_new ();

  doc = require_object (root, "$");
  g_assert_cmpstr (require_string (doc, "format", "$"), ==, "kaifang-document");
  g_assert_cmpint (require_int (doc, "version", "$"), ==, 1);

  metadata = require_object (require_member (doc, "metadata", "$"), "metadata");
  check.doc_id = require_string (metadata, "id", "metadata");
  g_assert_true (id_is_valid (check.doc_id));
  g_assert_cmpstr (require_string (metadata, "title", "metadata"), !=, "");
  authors = require_array (metadata, "authors", "metadata", 1);
  for (guint i = 0; i < json_array_get_length (authors); i++)
    g_assert_nonnull (json_array_get_string_element (authors, i));
  g_assert_cmpstr (require_string (metadata, "language", "metadata"), !=, "");
  g_assert_true (date_is_valid (require_string (metadata, "date", "metadata")));
  require_string (metadata, "attribution", "metadata");
  if (json_object_has_member (metadata, "intro"))
    g_ptr_array_add (check.texts, (gpointer) require_string (metadata, "intro", "metadata"));
  if (json_object_has_member (metadata, "subtitle"))
    require_string (metadata, "subtitle", "metadata");
  source = require_object (require_member (metadata, "source", "metadata"), "metadata.source");
  require_string (source, "name", "metadata.source");
  url = require_string (source, "url", "metadata.source");
  g_assert_true (g_str_has_prefix (url, "http://") || g_str_has_prefix (url, "https://"));
  if (json_object_has_member (source, "date"))
    g_assert_true (date_is_valid (require_string (source, "date", "metadata.source")));

  themes = require_array (doc, "themes", "$", 1);
  for (guint t = 0; t < json_array_get_length (themes); t++)
    {
      g_autofree char *where = g_strdup_printf ("themes[%u]", t);
      JsonObject *theme = require_object (json_array_get_element (themes, t), where);
      JsonArray *sections;
      gint64 number;

      add_id (&check, require_string (theme, "id", where), "theme", where);
      number = require_int (theme, "number", where);
      g_assert_cmpint (number, >=, 1);
      g_assert_false (g_hash_table_contains (numbers, GINT_TO_POINTER (number)));
      g_hash_table_add (numbers, GINT_TO_POINTER (number));
      g_assert_cmpstr (require_string (theme, "title", where), !=, "");
      if (json_object_has_member (theme, "short_title"))
        g_assert_cmpstr (require_string (theme, "short_title", where), !=, "");
      g_ptr_array_add (check.texts, (gpointer) require_string (theme, "summary", where));
      if (json_object_has_member (theme, "terms"))
        {
          JsonArray *terms = require_array (theme, "terms", where, 0);

          for (guint k = 0; k < json_array_get_length (terms); k++)
            add_ref (&check, "term", json_array_get_string_element (terms, k), where);
        }
      if (json_object_has_member (theme, "related"))
        {
          JsonArray *related = require_array (theme, "related", where, 0);

          for (guint k = 0; k < json_array_get_length (related); k++)
            add_ref (&check, "theme", json_array_get_string_element (related, k), where);
        }
      sections = require_array (theme, "sections", where, 1);
      for (guint s = 0; s < json_array_get_length (sections); s++)
        {
          g_autofree char *swhere = g_strdup_printf ("%s.sections[%u]", where, s);
          JsonObject *section = require_object (json_array_get_element (sections, s), swhere);
          JsonArray *blocks;

          add_id (&check, require_string (section, "id", swhere), "section", swhere);
          require_string (section, "title", swhere);
          blocks = require_array (section, "blocks", swhere, 1);
          for (guint b = 0; b < json_array_get_length (blocks); b++)
            {
              g_autofree char *bwhere = g_strdup_printf ("%s.blocks[%u]", swhere, b);
              JsonObject *block = require_object (json_array_get_element (blocks, b), bwhere);
              const char *type = require_string (block, "type", bwhere);

              if (strcmp (type, "paragraph") == 0)
                g_ptr_array_add (check.texts, (gpointer) require_string (block, "text", bwhere));
              else if (strcmp (type, "list") == 0)
                {
                  JsonArray *items = require_array (block, "items", bwhere, 1);

                  for (guint x = 0; x < json_array_get_length (items); x++)
                    {
                      const char *item = json_array_get_string_element (items, x);

                      g_assert_nonnull (item);
                      g_ptr_array_add (check.texts, (gpointer) item);
                    }
                }
              else if (strcmp (type, "figure") == 0 || strcmp (type, "term") == 0)
                add_ref (&check, type, require_string (block, "ref", bwhere), bwhere);
              else
                g_error ("%s: unknown block type \"%s\"", bwhere, type);
            }
        }
    }

  if (json_object_has_member (doc, "figures"))
    {
      JsonArray *figures = require_array (doc, "figures", "$", 0);

      for (guint f = 0; f < json_array_get_length (figures); f++)
        {
          g_autofree char *where = g_strdup_printf ("figures[%u]", f);
          JsonObject *figure = require_object (json_array_get_element (figures, f), where);
          JsonNode *value = require_member (figure, "value", where);

          add_id (&check, require_string (figure, "id", where), "figure", where);
          g_assert_true (JSON_NODE_HOLDS_VALUE (value));
          g_assert_true (json_node_get_value_type (value) == G_TYPE_INT64 ||
                         json_node_get_value_type (value) == G_TYPE_DOUBLE);
          g_assert_cmpstr (require_string (figure, "unit", where), !=, "");
          g_assert_cmpstr (require_string (figure, "label", where), !=, "");
          if (json_object_has_member (figure, "year"))
            require_int (figure, "year", where);
          if (json_object_has_member (figure, "qualifier"))
            {
              const char *q = require_string (figure, "qualifier", where);

              g_assert_true (strcmp (q, "exact") == 0 || strcmp (q, "over") == 0 ||
                             strcmp (q, "about") == 0);
            }
          if (json_object_has_member (figure, "source"))
            require_string (figure, "source", where);
          add_ref (&check, "theme", require_string (figure, "theme", where), where);
        }
    }

  if (json_object_has_member (doc, "glossary"))
    {
      JsonArray *glossary = require_array (doc, "glossary", "$", 0);

      for (guint k = 0; k < json_array_get_length (glossary); k++)
        {
          g_autofree char *where = g_strdup_printf ("glossary[%u]", k);
          JsonObject *term = require_object (json_array_get_element (glossary, k), where);

          add_id (&check, require_string (term, "id", where), "term", where);
          g_assert_cmpstr (require_string (term, "term", where), !=, "");
          g_assert_cmpstr (require_string (term, "definition", where), !=, "");
          if (json_object_has_member (term, "expansion"))
            require_string (term, "expansion", where);
        }
    }

  /* references */
  for (guint r = 0; r < check.refs->len; r++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (check.refs, r), "\t", 3);
      const char *kind;

      if (parts[1][0] != '#')
        g_error ("%s: a reference must start with '#': \"%s\"", parts[2], parts[1]);
      kind = g_hash_table_lookup (check.kinds, parts[1] + 1);
      if (kind == NULL || strcmp (kind, parts[0]) != 0)
        g_error ("%s: dangling reference \"%s\" (expected a %s)", parts[2], parts[1], parts[0]);
    }
  for (guint i = 0; i < check.texts->len; i++)
    check_inline_links (&check, g_ptr_array_index (check.texts, i));

  g_hash_table_unref (check.kinds);
  g_ptr_array_unref (check.refs);
  g_ptr_array_unref (check.texts);
}

/* ------------------------------------------------------------------------------------------ */
/* Helpers                                                                                      */
/* ------------------------------------------------------------------------------------------ */

static char *
load_fixture (const char *name,
              gsize      *length)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "import", name, NULL);
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_file_get_contents (path, &data, length, &error);
  g_assert_no_error (error);
  return data;
}

/* Imports a fixture, checks the document and also its JSON text form. */
static JsonNode *
import_fixture (const char *name)
{
  gsize length = 0;
  g_autofree char *data = load_fixture (name, &length);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  root = kf_import_text (data, length, name, &error);
  g_assert_no_error (error);
  check_document (root);

  json = kf_import_to_json (data, length, name, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (json, -1, NULL));
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  check_document (json_parser_get_root (parser));
  return root;
}

static JsonObject *
metadata_of (JsonNode *root)
{
  return json_object_get_object_member (json_node_get_object (root), "metadata");
}

static const char *
meta_string (JsonNode   *root,
             const char *member)
{
  return json_object_get_string_member (metadata_of (root), member);
}

static const char *
source_string (JsonNode   *root,
               const char *member)
{
  JsonObject *source = json_object_get_object_member (metadata_of (root), "source");

  return json_object_get_string_member (source, member);
}

static const char *
author_of (JsonNode *root,
           guint     index)
{
  JsonArray *authors = json_object_get_array_member (metadata_of (root), "authors");

  return json_array_get_string_element (authors, index);
}

static JsonArray *
themes_of (JsonNode *root)
{
  return json_object_get_array_member (json_node_get_object (root), "themes");
}

static const char *
theme_title (JsonNode *root,
             guint     index)
{
  return json_object_get_string_member (json_array_get_object_element (themes_of (root), index),
                                        "title");
}

static void
assert_theme_titles (JsonNode           *root,
                     const char * const *titles)
{
  guint n = g_strv_length ((char **) titles);

  g_assert_cmpuint (json_array_get_length (themes_of (root)), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (theme_title (root, i), ==, titles[i]);
}

static JsonObject *
find_figure (JsonNode   *root,
             double      value,
             const char *unit)
{
  JsonArray *figures = json_object_get_array_member (json_node_get_object (root), "figures");

  for (guint i = 0; i < json_array_get_length (figures); i++)
    {
      JsonObject *figure = json_array_get_object_element (figures, i);

      if (json_object_get_double_member (figure, "value") == value &&
          strcmp (json_object_get_string_member (figure, "unit"), unit) == 0)
        return figure;
    }
  return NULL;
}

static JsonObject *
find_term (JsonNode   *root,
           const char *acronym)
{
  JsonArray *glossary = json_object_get_array_member (json_node_get_object (root), "glossary");

  for (guint i = 0; i < json_array_get_length (glossary); i++)
    {
      JsonObject *term = json_array_get_object_element (glossary, i);

      if (strcmp (json_object_get_string_member (term, "term"), acronym) == 0)
        return term;
    }
  return NULL;
}

static const char *
editor_of (JsonNode *root)
{
  JsonObject *import = json_object_get_object_member (json_node_get_object (root), "import");

  if (import == NULL || !json_object_has_member (import, "editor"))
    return NULL;
  return json_object_get_string_member (import, "editor");
}

static void
assert_import_error (const char   *data,
                     gsize         length,
                     const char   *name,
                     KfImportError code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = kf_import_text (data, length, name, &error);
  g_autofree char *base = g_path_get_basename (name);
  g_autofree char *prefix = g_strdup_printf ("%s: ", base);
  g_autofree char *json = NULL;

  g_assert_null (root);
  g_assert_error (error, KF_IMPORT_ERROR, (gint) code);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_clear_error (&error);

  json = kf_import_to_json (data, length, name, &error);
  g_assert_null (json);
  g_assert_error (error, KF_IMPORT_ERROR, (gint) code);
}

/* ------------------------------------------------------------------------------------------ */
/* Section styles                                                                               */
/* ------------------------------------------------------------------------------------------ */

static void
test_ordinal_words (void)
{
  g_autoptr(JsonNode) root = import_fixture ("ordinal-words.txt");
  const char * const titles[] = {
    "Measuring what is lost before building anything new",
    "Paying for maintenance as seriously as for construction",
    "Using data from the network in real time",
    "Bringing residents into the conversation",
    NULL,
  };
  JsonObject *metadata = metadata_of (root);
  JsonArray *authors = json_object_get_array_member (metadata, "authors");
  JsonObject *figure;
  JsonObject *term;
  g_autofree char *json = NULL;

  assert_theme_titles (root, titles);
  g_assert_cmpstr (meta_string (root, "title"), ==,
                   "Keeping the Taps Running: How Mid-Sized Cities Can Secure Their Water");
  g_assert_cmpuint (json_array_get_length (authors), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (authors, 0), ==, "Maria Lopez");
  g_assert_cmpstr (json_array_get_string_element (authors, 1), ==, "Chen Wei");
  g_assert_cmpstr (meta_string (root, "date"), ==, "2024-03-03");
  g_assert_cmpstr (source_string (root, "name"),
                   ==, "Water Review");
  g_assert_cmpstr (editor_of (root), ==, "Tomas Berg");
  g_assert_true (g_str_has_prefix (meta_string (root, "intro"), "Water utilities"));

  /* the paragraph-level "First, … Second, … Third," inside theme 2 are not themes */
  json = json_to_string (root, FALSE);
  g_assert_null (strstr (json, "Skip to content"));
  g_assert_null (strstr (json, "Home | News"));
  g_assert_nonnull (strstr (json, "First, the city of Harwick"));

  figure = find_figure (root, 3.5, "million tonnes");
  g_assert_nonnull (figure);
  g_assert_cmpstr (json_object_get_string_member (figure, "qualifier"), ==, "about");
  g_assert_cmpint (json_object_get_int_member (figure, "year"), ==, 2022);
  g_assert_nonnull (find_figure (root, 1200, "companies"));
  g_assert_nonnull (find_figure (root, 30, "%"));
  g_assert_nonnull (find_figure (root, 5, "billion dollars"));

  term = find_term (root, "IWRM");
  g_assert_nonnull (term);
  g_assert_cmpstr (json_object_get_string_member (term, "expansion"), ==,
                   "Integrated Water Resources Management");
  term = find_term (root, "SCADA");
  g_assert_nonnull (term);
  g_assert_cmpstr (json_object_get_string_member (term, "expansion"), ==,
                   "Supervisory Control and Data Acquisition");
}

static void
test_numbered_dot (void)
{
  g_autoptr(JsonNode) root = import_fixture ("numbered-dot.txt");
  const char * const titles[] = { "Coverage", "Affordability", "Skills", "Next steps", NULL };
  JsonObject *theme;
  JsonObject *section;
  JsonArray *blocks;
  JsonObject *list = NULL;

  assert_theme_titles (root, titles);
  g_assert_cmpstr (meta_string (root, "title"), ==,
                   "Annual Report on Rural Broadband");
  g_assert_cmpstr (author_of (root, 0),
                   ==, "Priya Nair");
  g_assert_cmpstr (meta_string (root, "date"), ==, "2024-01-15");

  /* the numbered list inside "Affordability" is a list block, not three themes */
  theme = json_array_get_object_element (themes_of (root), 1);
  section = json_array_get_object_element (json_object_get_array_member (theme, "sections"), 0);
  blocks = json_object_get_array_member (section, "blocks");
  for (guint i = 0; i < json_array_get_length (blocks); i++)
    {
      JsonObject *block = json_array_get_object_element (blocks, i);

      if (strcmp (json_object_get_string_member (block, "type"), "list") == 0)
        list = block;
    }
  g_assert_nonnull (list);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (list, "items")), ==, 3);

  g_assert_nonnull (find_figure (root, 98.5, "%"));
  g_assert_nonnull (find_figure (root, 300, "million US dollars"));
  g_assert_nonnull (find_figure (root, 12, "million households"));
  g_assert_nonnull (find_term (root, "USF"));
}

static void
test_numbered_paren_right (void)
{
  g_autoptr(JsonNode) root = import_fixture ("numbered-paren-right.txt");
  const char * const titles[] = {
    "Space matters less than access", "Choice keeps children reading", "Parents are partners", NULL,
  };

  assert_theme_titles (root, titles);
  g_assert_cmpstr (meta_string (root, "date"), ==, "2023-09-04");
  g_assert_nonnull (find_figure (root, 70, "%"));
}

static void
test_paren_number (void)
{
  g_autoptr(JsonNode) root = import_fixture ("paren-number.txt");
  const char * const titles[] = {
    "Make the first day count", "Say thank you in person", "Keep the paperwork light", NULL,
  };

  assert_theme_titles (root, titles);
  g_assert_cmpstr (meta_string (root, "title"), ==,
                   "Guidelines for Volunteer Coordinators");
}

static void
test_roman (void)
{
  g_autoptr(JsonNode) root = import_fixture ("roman.txt");
  const char * const titles[] = { "Background", "Findings", "Recommendations", NULL };
  JsonObject *term;

  /* the numbered paragraphs inside "Findings" stay paragraphs */
  assert_theme_titles (root, titles);
  g_assert_cmpstr (author_of (root, 0),
                   ==, "Daniel Osei");
  g_assert_cmpstr (meta_string (root, "date"), ==, "2024-02-14");
  term = find_term (root, "WHO");
  g_assert_nonnull (term);
  g_assert_cmpstr (json_object_get_string_member (term, "expansion"), ==,
                   "World Health Organization");
  g_assert_nonnull (find_figure (root, 85000, "households"));
}

static void
test_chinese_dun (void)
{
  g_autoptr(JsonNode) root = import_fixture ("chinese-dun.txt");
  const char * const titles[] = { "培育特色产业", "完善基础设施", "优化公共服务", NULL };
  JsonObject *figure;

  assert_theme_titles (root, titles);
  g_assert_cmpstr (meta_string (root, "title"), ==, "推动县域经济高质量发展");
  g_assert_cmpstr (meta_string (root, "language"), ==, "zh");
  g_assert_cmpstr (meta_string (root, "date"), ==, "2024-05-08");
  g_assert_cmpstr (author_of (root, 0),
                   ==, "李明");
  g_assert_cmpstr (source_string (root, "name"),
                   ==, "经济观察");
  g_assert_cmpstr (editor_of (root), ==, "王芳");
  figure = find_figure (root, 2.7, "万亿元");
  g_assert_nonnull (figure);
  g_assert_cmpstr (json_object_get_string_member (figure, "qualifier"), ==, "over");
  g_assert_cmpint (json_object_get_int_member (figure, "year"), ==, 2023);
}

static void
test_chinese_paren (void)
{
  g_autoptr(JsonNode) root = import_fixture ("chinese-paren.txt");
  const char * const titles[] = { "扩大服务供给", "提高服务质量", "强化资金保障", NULL };

  assert_theme_titles (root, titles);
  g_assert_cmpstr (meta_string (root, "title"), ==,
                   "关于加强社区养老服务的几点建议");
  g_assert_cmpstr (meta_string (root, "language"), ==, "zh");
}

static void
test_markdown_headings (void)
{
  g_autoptr(JsonNode) root = import_fixture ("markdown-headings.md");
  const char * const titles[] = {
    "Why build one", "Parts list", "Assembly", "Sharing your data", NULL,
  };
  g_autofree char *json = json_to_string (root, FALSE);

  assert_theme_titles (root, titles);
  g_assert_cmpstr (meta_string (root, "title"), ==,
                   "Building a Home Weather Station");
  g_assert_cmpstr (author_of (root, 0),
                   ==, "Sam Okafor");
  g_assert_cmpstr (meta_string (root, "date"), ==, "2023-06-12");
  /* web links stay links, other links keep their label, emphasis is gone */
  g_assert_nonnull (strstr (json, "[Raspberry Pi](https://www.raspberrypi.com/)"));
  g_assert_null (strstr (json, "wiring.html"));
  g_assert_null (strstr (json, "](#"));
  g_assert_null (strstr (json, "**"));
  g_assert_null (strstr (json, "##"));
  g_assert_nonnull (strstr (json, "\"a temperature and humidity sensor;\""));
  g_assert_nonnull (find_term (root, "CWOP"));
  g_assert_nonnull (find_figure (root, 8000, "stations"));
}

static void
test_standalone_headings (void)
{
  g_autoptr(JsonNode) root = import_fixture ("standalone-headings.txt");
  const char * const titles[] = {
    "Choosing a bin", "What to add", "Common problems", "Using the compost", NULL,
  };
  g_autofree char *json = json_to_string (root, FALSE);

  assert_theme_titles (root, titles);
  g_assert_cmpstr (meta_string (root, "title"), ==,
                   "A Short Guide to Composting at Home");
  /* literal "[draft](#later)" is escaped, not a dangling link */
  g_assert_null (strstr (json, "](#"));
  g_assert_nonnull (strstr (json, "[draft] (#later)"));
}

static void
test_no_headings (void)
{
  g_autoptr(JsonNode) root = import_fixture ("no-headings.txt");

  g_assert_cmpuint (json_array_get_length (themes_of (root)), ==, 1);
  g_assert_cmpstr (meta_string (root, "title"), ==, "No headings");
  g_assert_cmpstr (author_of (root, 0),
                   ==, "Unknown author");
  g_assert_cmpstr (source_string (root, "url"),
                   ==, "https://unknown.invalid/");
  g_assert_nonnull (find_figure (root, 300, "nesting pairs"));
}

static void
test_paragraph_ordinals (void)
{
  g_autoptr(JsonNode) root = import_fixture ("paragraph-ordinals.txt");
  const char * const titles[] = {
    "We must deepen the reform of the fiscal and tax systems",
    "We must improve the market system",
    "We must promote the reform of state-owned enterprises",
    NULL,
  };
  JsonArray *authors = json_object_get_array_member (metadata_of (root), "authors");
  JsonObject *term;

  /* sections that start with a whole paragraph: the first sentence is the heading */
  assert_theme_titles (root, titles);
  g_assert_cmpuint (json_array_get_length (authors), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (authors, 1), ==, "Zhao Min");
  g_assert_cmpstr (meta_string (root, "date"), ==, "2024-12-05");
  term = find_term (root, "SASAC");
  g_assert_nonnull (term);
  g_assert_cmpstr (json_object_get_string_member (term, "expansion"), ==,
                   "State-owned Assets Supervision and Administration Commission");
}

static void
test_wire_story (void)
{
  g_autoptr(JsonNode) root = import_fixture ("wire-story.txt");
  g_autofree char *json = json_to_string (root, FALSE);

  g_assert_cmpuint (json_array_get_length (themes_of (root)), ==, 1);
  g_assert_cmpstr (meta_string (root, "title"), ==,
                   "Harbour city's container traffic reaches a new high");
  g_assert_cmpstr (meta_string (root, "date"), ==, "2025-01-13");
  g_assert_cmpstr (source_string (root, "name"),
                   ==, "Coastal Daily");
  g_assert_cmpstr (editor_of (root), ==, "Liu Ming");
  g_assert_null (strstr (json, "\"Menu"));
  g_assert_nonnull (find_figure (root, 31.5, "million TEUs"));
  g_assert_nonnull (find_figure (root, 2.6, "trillion US dollars"));
  g_assert_nonnull (find_term (root, "RCEP"));
  g_assert_nonnull (find_term (root, "PPA"));
}

static void
test_chinese_per_line (void)
{
  g_autoptr(JsonNode) root = import_fixture ("chinese-per-line.txt");
  const char * const titles[] = { "农业生产形势稳定", "工业生产较快增长", "服务业持续恢复", NULL };

  /* no blank lines: every line is a paragraph */
  assert_theme_titles (root, titles);
  g_assert_cmpstr (meta_string (root, "title"), ==, "一季度城市经济运行开局良好");
  g_assert_cmpstr (meta_string (root, "date"), ==, "2024-04-16");
  g_assert_true (g_str_has_prefix (meta_string (root, "intro"), "今年以来"));
  g_assert_nonnull (find_figure (root, 1234.5, "亿元"));
  g_assert_nonnull (find_figure (root, 0.2, "个百分点"));
}

static void
test_front_matter (void)
{
  g_autoptr(JsonNode) root = import_fixture ("front-matter.md");
  const char * const titles[] = {
    "What we grow", "How decisions are made", "What we would do differently", NULL,
  };

  assert_theme_titles (root, titles);
  g_assert_cmpstr (meta_string (root, "title"), ==, "Notes from a Community Garden");
  g_assert_cmpstr (author_of (root, 0),
                   ==, "Ana Ruiz");
  g_assert_cmpstr (meta_string (root, "date"), ==, "2024-04-02");
}

static JsonNode *
import_string (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = kf_import_text (text, strlen (text), "inline.txt", &error);

  g_assert_no_error (error);
  check_document (root);
  return root;
}

static void
test_dates (void)
{
  const struct { const char *line; const char *date; } cases[] = {
    { "Updated: 2024-12-27", "2024-12-27" },
    { "2024-12-27", "2024-12-27" },
    { "2024/12/27", "2024-12-27" },
    { "December 27, 2024", "2024-12-27" },
    { "Dec. 27, 2024", "2024-12-27" },
    { "27 December 2024", "2024-12-27" },
    { "27 Dec 2024", "2024-12-27" },
    { "2024\xe5\xb9\xb4" "12\xe6\x9c\x88" "27\xe6\x97\xa5", "2024-12-27" },
    { "Published: March 3, 2023 10:31 BJT", "2023-03-03" },
    { "By Li Na | 2023-07-01", "2023-07-01" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("A Title for the Test\n\n%s\n\n"
                                               "The body of the article is a single paragraph.\n",
                                               cases[i].line);
      g_autoptr(JsonNode) root = import_string (text);
      JsonNode *themes = json_object_get_member (json_node_get_object (root), "themes");
      g_autofree char *json = json_to_string (themes, FALSE);

      g_assert_cmpstr (meta_string (root, "title"), ==,
                       "A Title for the Test");
      g_assert_cmpstr (meta_string (root, "date"), ==, cases[i].date);
      /* the metadata line is gone from the body */
      g_assert_null (strstr (json, cases[i].line));
    }
}

static void
test_bylines (void)
{
  const struct { const char *line; const char *first; const char *second; } cases[] = {
    { "By Qiu Ping", "Qiu Ping", NULL },
    { "By Anna Berg and Tom Weiss", "Anna Berg", "Tom Weiss" },
    { "Author: Jean-Luc Picard", "Jean-Luc Picard", NULL },
    { "Authors: A. Smith, B. Jones", "A. Smith", "B. Jones" },
    { "作者：张三", "张三", NULL },
    { "By Qiu Ping Source: en.qstheory.cn Updated: 2024-12-27", "Qiu Ping", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("A Title for the Test\n\n%s\n\n"
                                               "The body of the article is a single paragraph.\n",
                                               cases[i].line);
      g_autoptr(JsonNode) root = import_string (text);
      JsonArray *authors = json_object_get_array_member (metadata_of (root), "authors");

      g_assert_cmpuint (json_array_get_length (authors), ==, cases[i].second ? 2 : 1);
      g_assert_cmpstr (json_array_get_string_element (authors, 0), ==, cases[i].first);
      if (cases[i].second != NULL)
        g_assert_cmpstr (json_array_get_string_element (authors, 1), ==, cases[i].second);
    }

  /* "By the end of …" is a sentence, not a byline */
  {
    g_autoptr(JsonNode) root =
      import_string ("Growth Report\n\nBy the end of 2023, exports had grown.\n");

    g_assert_cmpstr (author_of (root, 0),
                     ==, "Unknown author");
  }
}

static void
test_chrome (void)
{
  const char * const chrome[] = {
    "Nav Search", "Menu", "Skip to content", "Home | News | World", "Home > Opinion > Columns",
    "Search\n\nMenu", "\xe9\xa6\x96\xe9\xa1\xb5 | \xe6\x96\xb0\xe9\x97\xbb",
  };

  for (guint i = 0; i < G_N_ELEMENTS (chrome); i++)
    {
      g_autofree char *text = g_strdup_printf ("%s\n\nWhy Rivers Matter\n\nBy Ada Obi\n\n"
                                               "Rivers carry water, sediment and life.\n",
                                               chrome[i]);
      g_autoptr(JsonNode) root = import_string (text);
      g_autofree char *json = json_to_string (root, FALSE);
      g_auto(GStrv) lines = g_strsplit (chrome[i], "\n\n", -1);

      g_assert_cmpstr (meta_string (root, "title"), ==, "Why Rivers Matter");
      for (guint k = 0; lines[k] != NULL; k++)
        g_assert_null (strstr (json, lines[k]));
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Encodings and errors                                                                         */
/* ------------------------------------------------------------------------------------------ */

static void
test_crlf (void)
{
  g_autoptr(JsonNode) root = import_fixture ("crlf.txt");
  const char * const titles[] = {
    "Why travellers choose them", "What still holds them back", NULL,
  };
  g_autofree char *json = json_to_string (root, FALSE);

  assert_theme_titles (root, titles);
  g_assert_cmpstr (meta_string (root, "title"), ==, "Notes on Night Trains");
  g_assert_null (strchr (json, '\r'));
  g_assert_null (strstr (json, "\\r"));
}

static void
test_bom (void)
{
  g_autoptr(JsonNode) root = import_fixture ("bom.txt");

  g_assert_cmpstr (meta_string (root, "title"), ==, "A Note on Bee Hotels");
  g_assert_cmpstr (meta_string (root, "id"), ==, "a-note-on-bee-hotels");
}

static void
test_latin1 (void)
{
  g_autoptr(JsonNode) root = import_fixture ("latin1.txt");
  g_autofree char *json = json_to_string (root, FALSE);

  g_assert_cmpstr (meta_string (root, "title"), ==, "Le café du coin");
  g_assert_cmpstr (meta_string (root, "id"), ==, "le-cafe-du-coin");
  g_assert_nonnull (strstr (json, "à sept heures"));
}

static void
test_utf16 (void)
{
  g_autoptr(JsonNode) root = import_fixture ("utf16.txt");

  g_assert_cmpstr (meta_string (root, "title"), ==,
                   "A Letter from the Lighthouse");
  g_assert_nonnull (find_figure (root, 200, "litres"));
}

static void
test_gb18030 (void)
{
  g_autoptr(JsonNode) root = import_fixture ("gb18030.txt");
  const char * const titles[] = { "规划先行", "注重维护", NULL };

  assert_theme_titles (root, titles);
  g_assert_cmpstr (meta_string (root, "title"), ==, "城市公园建设观察");
}

static void
test_empty (void)
{
  gsize length = 0;
  g_autofree char *data = load_fixture ("empty.txt", &length);
  g_autofree char *blank = load_fixture ("whitespace.txt", &length);

  assert_import_error (data, 0, "empty.txt", KF_IMPORT_ERROR_EMPTY);
  assert_import_error (blank, length, "whitespace.txt", KF_IMPORT_ERROR_EMPTY);
  assert_import_error ("\xef\xbb\xbf", 3, "bom-only.txt", KF_IMPORT_ERROR_EMPTY);
  assert_import_error (NULL, 0, "null.txt", KF_IMPORT_ERROR_EMPTY);
}

static void
test_binary (void)
{
  gsize length = 0;
  g_autofree char *data = load_fixture ("binary.bin", &length);
  char controls[256];

  assert_import_error (data, length, "binary.bin", KF_IMPORT_ERROR_BINARY);
  /* no NUL bytes, but mostly control characters */
  for (guint i = 0; i < sizeof controls; i++)
    controls[i] = (i % 3 == 0) ? 'a' : (char) (1 + i % 7);
  assert_import_error (controls, sizeof controls, "blob.dat", KF_IMPORT_ERROR_BINARY);
}

static void
test_encoding (void)
{
  gsize length = 0;
  g_autofree char *data = load_fixture ("bad-encoding.txt", &length);

  assert_import_error (data, length, "bad-encoding.txt", KF_IMPORT_ERROR_ENCODING);
  /* a truncated UTF-16 text */
  assert_import_error ("\xff\xfe" "a\x00" "b", 5, "odd.txt", KF_IMPORT_ERROR_ENCODING);
}

static void
test_too_large (void)
{
  gsize length = (gsize) 64 * 1024 * 1024 + 1;
  g_autofree char *data = g_malloc (length);

  memset (data, 'a', length);
  assert_import_error (data, length, "/some/dir/huge.txt", KF_IMPORT_ERROR_TOO_LARGE);
}

/* ------------------------------------------------------------------------------------------ */
/* Every fixture, and odd inputs                                                                */
/* ------------------------------------------------------------------------------------------ */

static gboolean
fixture_should_fail (const char *name)
{
  return strcmp (name, "empty.txt") == 0 || strcmp (name, "whitespace.txt") == 0 ||
         strcmp (name, "binary.bin") == 0 || strcmp (name, "bad-encoding.txt") == 0;
}

static void
test_all_fixtures_valid (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "fixtures", "import", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  const char *name;
  guint count = 0;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      gsize length = 0;
      g_autofree char *data = NULL;
      g_autoptr(JsonNode) root = NULL;

      if (fixture_should_fail (name))
        continue;
      data = load_fixture (name, &length);
      root = kf_import_text (data, length, name, &error);
      g_assert_no_error (error);
      check_document (root);
      count++;
    }
  g_assert_cmpuint (count, >=, 15);
}

static void
test_odd_inputs (void)
{
  const char * const inputs[] = {
    "x",
    "Title only",
    "By John Smith",
    "2024-12-27",
    "# \n## \n### \n",
    "# Glossary\n\nAbout figures.\n\n## About\n\nText.\n\n## Glossary\n\nMore text.\n",
    "First, a\n\nSecond, b\n\nThird, c\n",
    "1.\n\n2.\n\n3.\n",
    "[a](#b) [c](#d)\n\n[e](#",
    "((((((((((((((((((((((((((((((((((((((((ABC))))))))))",
    "Alpha Beta Gamma (ABG) and ABG (Alpha Beta Gamma) (ABG) (XYZ) (X)",
    "$ 5 billion $5 billion 5% 5 percent 3.5 million tonnes 1,200,000 people 2023 2023 years",
    "一、\n\n二、\n\n（一）\n",
    "Nav Search\n\nMenu\n",
    "Home | News\n\nTitle here\n\nBy A and B\n\nBody text.",
    "\xc2\xa0\n\nA\xe2\x80\x8b b\n",
    "**unclosed bold and `code and [link](http://x.example",
    "The Essential Meaning\n\nFirst, something\n\nText. First, nested.\n\nSecond, other\n\nMore.",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = kf_import_text (inputs[i], strlen (inputs[i]), "odd.txt", &error);

      g_assert_no_error (error);
      check_document (root);
    }
}

static void
test_random_inputs (void)
{
  static const char * const pieces[] = {
    "First, ", "Second, ", "1. ", "2) ", "(3) ", "IV. ", "一、", "（二）", "# ", "## ", "- ", "* ",
    "By ", "Source: ", "Editor: ", "2024-12-27 ", "December 27, 2024 ", "over ", "around ",
    "2.7 trillion yuan", "30%", "$5 billion", "Digital Economy Partnership Agreement (DEPA)",
    "(DEPA) ", "[x](#y)", "[t](https://example.org)", "**", "`", "\n", "\n\n", "\r\n", " ", ".",
    "word ", "Word ", "中文", "。", "\xc2\xa0", "\t", "|", "(", ")", "\xef\xbc\x88", "2023 ",
  };

  for (guint round = 0; round < 300; round++)
    {
      GString *text = g_string_new (NULL);
      guint n = g_test_rand_int_range (1, 200);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = NULL;

      for (guint k = 0; k < n; k++)
        g_string_append (text, pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))]);
      root = kf_import_text (text->str, text->len, round % 2 ? "random.md" : "random.txt", &error);
      if (root == NULL)
        g_assert_error (error, KF_IMPORT_ERROR, KF_IMPORT_ERROR_EMPTY);
      else
        check_document (root);
      g_string_free (text, TRUE);
    }
}

static void
test_number_format (void)
{
  const char *text = "Prices\n\nExports reached 2.7 trillion yuan in 2023, up 0.1 percent.\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *json = kf_import_to_json (text, strlen (text), "prices.txt", &error);

  g_assert_no_error (error);
  g_assert_nonnull (strstr (json, "\"value\": 2.7,"));
  g_assert_nonnull (strstr (json, "\"value\": 0.1,"));
  g_assert_null (strstr (json, "2.7000"));
}

/* A number of thirty digits is not a figure; json-glib 1.6 would write it as "1e+30.0", so the
 * node of kf_import_text() would serialize to text that does not parse */
static void
test_huge_number (void)
{
  const char *text = "Growth\n\nOutput rose 999999999999999999999999999999% while exports reached "
                     "2.7 trillion yuan and 123456789012345 tonnes in 2023.\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = kf_import_text (text, strlen (text), "huge.txt", &error);
  g_autofree char *json = NULL;
  g_autoptr(KfDocument) doc = NULL;
  JsonArray *figures;

  g_assert_no_error (error);
  figures = json_object_get_array_member (json_node_get_object (root), "figures");
  for (guint i = 0; i < json_array_get_length (figures); i++)
    g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (figures, i), "value"),
                       <, 1.0e15);
  g_assert_nonnull (find_figure (root, 2.7, "trillion yuan"));
  g_assert_nonnull (find_figure (root, 123456789012345.0, "tonnes"));

  json = json_to_string (root, TRUE);
  doc = kf_document_load_from_data (json, strlen (json), "huge.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
}

/* A "Source:" line is the source's URL only where the loader would accept it as one; anything
 * else (here an angle bracket, which the fuzzer found) is the source's name */
static void
test_source_url (void)
{
  const struct { const char *line; const char *name; const char *url; } cases[] = {
    { "Source: https://example.org/news/1", "example.org", "https://example.org/news/1" },
    { "Source: http://example.org?page=2", "example.org", "http://example.org?page=2" },
    { "Source: https://reader@news.example.org:8080/a", "news.example.org",
      "https://reader@news.example.org:8080/a" },
    { "Source: http://<iframe/cit-C", "http://<iframe/cit-C", "https://unknown.invalid/" },
    { "Source: https://example.org/a\"b", "https://example.org/a\"b", "https://unknown.invalid/" },
    { "Source: http:///path", "http:///path", "https://unknown.invalid/" },
    { "Source: example.org", "example.org", "https://example.org" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("Harbour news\n\n%s\n\nShips came in.\n",
                                               cases[i].line);
      g_autoptr(JsonNode) root = import_string (text);
      g_autofree char *json = json_to_string (root, FALSE);
      g_autoptr(KfDocument) doc = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[i].line);
      g_assert_cmpstr (source_string (root, "name"), ==, cases[i].name);
      g_assert_cmpstr (source_string (root, "url"), ==, cases[i].url);
      doc = kf_document_load_from_data (json, strlen (json), "inline.json", &error);
      g_assert_no_error (error);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* The seed article                                                                             */
/* ------------------------------------------------------------------------------------------ */

static void
test_seed (void)
{
  const char *env = g_getenv ("KAIFANG_SEED");
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length = 0;
  JsonObject *metadata;
  JsonArray *authors;
  JsonArray *figures;
  JsonObject *figure;
  const char * const titles[] = {
    "Pursuing institutional opening up to align with high international standards",
    "Taking voluntary steps and adopting unilateral measures to open our doors wider",
    "Seizing opportunities for digitalization and green development",
    "Meeting people's needs for a better life",
    "Pursuing mutually beneficial cooperation",
    "Ensuring both development and security",
    NULL,
  };
  const struct { const char *term; const char *expansion; } terms[] = {
    { "CPTPP", "Comprehensive and Progressive Agreement for Trans-Pacific Partnership" },
    { "DEPA", "Digital Economy Partnership Agreement" },
    { "CIIE", "China International Import Expo" },
  };

  if (env != NULL && *env != '\0')
    path = g_strdup (env);
  else
    path = g_build_filename (g_test_get_dir (G_TEST_DIST), "..", "..", "shared", "seeds",
                             "000_675f84228d5acd11.txt", NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *message = g_strdup_printf ("seed article not present: %s", path);

      g_test_skip (message);
      return;
    }
  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);

  json = kf_import_to_json (data, length, path, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (json, "Nav Search"));
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_copy (json_parser_get_root (parser));
  check_document (root);

  assert_theme_titles (root, titles);
  metadata = metadata_of (root);
  g_assert_cmpstr (meta_string (root, "title"), ==,
                   "The Essential Meaning of High-Standard Opening Up");
  authors = json_object_get_array_member (metadata, "authors");
  g_assert_cmpuint (json_array_get_length (authors), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (authors, 0), ==, "Qiu Ping");
  g_assert_cmpstr (source_string (root, "name"),
                   ==, "en.qstheory.cn");
  g_assert_cmpstr (meta_string (root, "date"), ==, "2024-12-27");
  g_assert_cmpstr (editor_of (root), ==, "Zhang Xian");
  g_assert_cmpstr (meta_string (root, "language"), ==, "en");

  figures = json_object_get_array_member (json_node_get_object (root), "figures");
  g_assert_cmpuint (json_array_get_length (figures), >=, 5);
  figure = find_figure (root, 2.7, "trillion yuan");
  g_assert_nonnull (figure);
  g_assert_cmpint (json_object_get_int_member (figure, "year"), ==, 2023);
  g_assert_cmpstr (json_object_get_string_member (figure, "qualifier"), ==, "over");
  g_assert_nonnull (find_figure (root, 2.4, "trillion yuan"));
  g_assert_nonnull (find_figure (root, 200, "million jobs"));
  g_assert_nonnull (find_figure (root, 140, "countries and regions"));
  figure = find_figure (root, 30, "%");
  g_assert_nonnull (figure);
  g_assert_cmpstr (json_object_get_string_member (figure, "qualifier"), ==, "about");

  for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
    {
      JsonObject *term = find_term (root, terms[i].term);

      g_assert_nonnull (term);
      g_assert_cmpstr (json_object_get_string_member (term, "expansion"), ==, terms[i].expansion);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/importer/style/ordinal-words", test_ordinal_words);
  g_test_add_func ("/importer/style/numbered-dot", test_numbered_dot);
  g_test_add_func ("/importer/style/numbered-paren-right", test_numbered_paren_right);
  g_test_add_func ("/importer/style/paren-number", test_paren_number);
  g_test_add_func ("/importer/style/roman", test_roman);
  g_test_add_func ("/importer/style/chinese-dun", test_chinese_dun);
  g_test_add_func ("/importer/style/chinese-paren", test_chinese_paren);
  g_test_add_func ("/importer/style/markdown-headings", test_markdown_headings);
  g_test_add_func ("/importer/style/standalone-headings", test_standalone_headings);
  g_test_add_func ("/importer/style/no-headings", test_no_headings);
  g_test_add_func ("/importer/style/paragraph-ordinals", test_paragraph_ordinals);
  g_test_add_func ("/importer/style/wire-story", test_wire_story);
  g_test_add_func ("/importer/style/chinese-per-line", test_chinese_per_line);
  g_test_add_func ("/importer/style/front-matter", test_front_matter);
  g_test_add_func ("/importer/metadata/dates", test_dates);
  g_test_add_func ("/importer/metadata/bylines", test_bylines);
  g_test_add_func ("/importer/metadata/chrome", test_chrome);
  g_test_add_func ("/importer/input/crlf", test_crlf);
  g_test_add_func ("/importer/input/bom", test_bom);
  g_test_add_func ("/importer/input/latin1", test_latin1);
  g_test_add_func ("/importer/input/utf16", test_utf16);
  g_test_add_func ("/importer/input/gb18030", test_gb18030);
  g_test_add_func ("/importer/error/empty", test_empty);
  g_test_add_func ("/importer/error/binary", test_binary);
  g_test_add_func ("/importer/error/encoding", test_encoding);
  g_test_add_func ("/importer/error/too-large", test_too_large);
  g_test_add_func ("/importer/all-fixtures-valid", test_all_fixtures_valid);
  g_test_add_func ("/importer/odd-inputs", test_odd_inputs);
  g_test_add_func ("/importer/random-inputs", test_random_inputs);
  g_test_add_func ("/importer/number-format", test_number_format);
  g_test_add_func ("/importer/huge-number", test_huge_number);
  g_test_add_func ("/importer/source-url", test_source_url);
  g_test_add_func ("/importer/seed", test_seed);

  return g_test_run ();
}
