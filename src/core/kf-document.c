/* kf-document.c — the document model and its loader/validator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-document"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "kf-document.h"
#include "kf-inline.h"
#include "kf-json-scan.h"

struct _KfDocument
{
  GObject       parent_instance;

  GStringChunk *strings;
  char         *content_hash;

  KfMetadata    metadata;

  KfTheme      *themes;
  guint         n_themes;
  KfFigure     *figures;
  guint         n_figures;
  KfTerm       *terms;
  guint         n_terms;
  KfEvent      *events;         /* in file order */
  guint         n_events;
  const KfEvent **sorted_events; /* by date, stable */

  GHashTable   *ids;            /* id -> IdEntry */
  GPtrArray    *allocations;    /* everything else allocated for this document */

  KfNode       *root;
  GHashTable   *nodes;          /* id -> KfNode */
};

G_DEFINE_FINAL_TYPE (KfDocument, kf_document, G_TYPE_OBJECT)

G_DEFINE_QUARK (kf-document-error-quark, kf_document_error)

typedef enum
{
  ID_THEME,
  ID_SECTION,
  ID_FIGURE,
  ID_TERM,
  ID_EVENT,
} IdKind;

typedef struct
{
  IdKind   kind;
  gpointer item;
} IdEntry;

static const char * const reserved_ids[] = { "glossary", "about", "figures", "timeline", "map", NULL };

static void
kf_document_finalize (GObject *object)
{
  KfDocument *self = (KfDocument *)object;

  g_clear_pointer (&self->nodes, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_hash_table_unref);
  g_clear_pointer (&self->allocations, g_ptr_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->content_hash, g_free);

  G_OBJECT_CLASS (kf_document_parent_class)->finalize (object);
}

static void
kf_document_class_init (KfDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kf_document_finalize;
}

static void
kf_document_init (KfDocument *self)
{
  self->strings = g_string_chunk_new (4096);
  self->allocations = g_ptr_array_new_with_free_func (g_free);
  self->ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->nodes = g_hash_table_new (g_str_hash, g_str_equal);
}

static gpointer
doc_alloc (KfDocument *self,
           gsize       n,
           gsize       size)
{
  gpointer mem = g_malloc0_n (MAX (n, 1), size);

  g_ptr_array_add (self->allocations, mem);
  return mem;
}

/* ------------------------------------------------------------------------------------------ */
/* Loading                                                                                     */

typedef struct
{
  KfDocument *doc;
  const char *name;
  const char *text;
  gsize       length;
  GString    *path;
  GError    **error;
  gboolean    failed;
} Loader;

G_GNUC_PRINTF (4, 5)
static void
fail_at_offset (Loader          *l,
                gsize            offset,
                KfDocumentError  code,
                const char      *format,
                ...)
{
  g_autofree char *message = NULL;
  guint line, column;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  kf_text_position (l->text, offset, &line, &column);
  g_set_error (l->error, KF_DOCUMENT_ERROR, code, "%s:%u:%u: %s", l->name, line, column, message);
  l->failed = TRUE;
}

/* Reports an error about the value at the current path plus @member (may be NULL). */
G_GNUC_PRINTF (4, 5)
static gboolean
fail (Loader          *l,
      const char      *member,
      KfDocumentError  code,
      const char      *format,
      ...)
{
  g_autofree char *message = NULL;
  g_autofree char *path = NULL;
  guint line, column;
  gsize offset;
  va_list args;

  if (l->failed)
    return FALSE;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (member == NULL)
    path = g_strdup (l->path->str);
  else if (l->path->len == 0)
    path = g_strdup (member);
  else
    path = g_strdup_printf ("%s.%s", l->path->str, member);

  offset = kf_json_locate_path (l->text, l->length, path);
  if (code == KF_DOCUMENT_ERROR_MISSING)
    offset = kf_json_locate_path (l->text, l->length, l->path->str);

  kf_text_position (l->text, offset, &line, &column);
  g_set_error (l->error, KF_DOCUMENT_ERROR, code, "%s:%u:%u: %s: %s",
               l->name, line, column, path[0] ? path : "(document)", message);
  l->failed = TRUE;

  return FALSE;
}

static gsize
push_member (Loader     *l,
             const char *member)
{
  gsize saved = l->path->len;

  if (l->path->len > 0)
    g_string_append_c (l->path, '.');
  g_string_append (l->path, member);
  return saved;
}

static gsize
push_index (Loader *l,
            guint   index)
{
  gsize saved = l->path->len;

  g_string_append_printf (l->path, "[%u]", index);
  return saved;
}

static void
pop (Loader *l,
     gsize   saved)
{
  g_string_truncate (l->path, saved);
}

static const char *
json_type_name (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          return "a string";
        case G_TYPE_BOOLEAN:
          return "a boolean";
        case G_TYPE_INT64:
          return "an integer";
        case G_TYPE_DOUBLE:
          return "a number";
        default:
          return "a value";
        }
    default:
      return "something else";
    }
}

static JsonNode *
get_member (Loader     *l,
            JsonObject *object,
            const char *member,
            gboolean    required)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL && required)
    fail (l, NULL, KF_DOCUMENT_ERROR_MISSING, "missing required member “%s”", member);

  return node;
}

static JsonObject *
get_object (Loader     *l,
            JsonObject *object,
            const char *member,
            gboolean    required)
{
  JsonNode *node = get_member (l, object, member, required);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (l, member, KF_DOCUMENT_ERROR_TYPE, "expected an object, found %s", json_type_name (node));
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonArray *
get_array (Loader     *l,
           JsonObject *object,
           const char *member,
           gboolean    required,
           gboolean    non_empty)
{
  JsonNode *node = get_member (l, object, member, required);
  JsonArray *array;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (l, member, KF_DOCUMENT_ERROR_TYPE, "expected an array, found %s", json_type_name (node));
      return NULL;
    }
  array = json_node_get_array (node);
  if (non_empty && json_array_get_length (array) == 0)
    {
      fail (l, member, KF_DOCUMENT_ERROR_VALUE, "must not be empty");
      return NULL;
    }
  return array;
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* Returns a string owned by the document, or NULL (with l->failed set if it was required or
 * of the wrong type). Empty strings are refused where a value is required. */
static const char *
get_string (Loader     *l,
            JsonObject *object,
            const char *member,
            gboolean    required)
{
  JsonNode *node = get_member (l, object, member, required);
  const char *value;

  if (node == NULL)
    return NULL;
  if (!node_is_string (node))
    {
      fail (l, member, KF_DOCUMENT_ERROR_TYPE, "expected a string, found %s", json_type_name (node));
      return NULL;
    }

  value = json_node_get_string (node);
  if (required && value[0] == '\0')
    {
      fail (l, member, KF_DOCUMENT_ERROR_VALUE, "must not be empty");
      return NULL;
    }

  return g_string_chunk_insert_const (l->doc->strings, value);
}

static gboolean
get_integer (Loader     *l,
             JsonObject *object,
             const char *member,
             gboolean    required,
             gint64     *out)
{
  JsonNode *node = get_member (l, object, member, required);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      fail (l, member, KF_DOCUMENT_ERROR_TYPE, "expected an integer, found %s", json_type_name (node));
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
is_valid_id (const char *id)
{
  gsize len = strlen (id);

  if (len == 0 || len > 64 || !(g_ascii_islower (id[0]) || g_ascii_isdigit (id[0])))
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!(g_ascii_islower (id[i]) || g_ascii_isdigit (id[i]) || id[i] == '-' || id[i] == '_'))
      return FALSE;

  return TRUE;
}

static gboolean
is_valid_date (const char *date,
               gboolean    allow_partial)
{
  guint y = 0, m = 1, d = 1;
  gsize len = strlen (date);

  for (gsize i = 0; i < len; i++)
    if (!(g_ascii_isdigit (date[i]) || ((i == 4 || i == 7) && date[i] == '-')))
      return FALSE;

  if (len == 10)
    {
      if (date[4] != '-' || date[7] != '-')
        return FALSE;
      y = atoi (date);
      m = atoi (date + 5);
      d = atoi (date + 8);
    }
  else if (allow_partial && len == 7 && date[4] == '-')
    {
      y = atoi (date);
      m = atoi (date + 5);
    }
  else if (allow_partial && len == 4)
    y = atoi (date);
  else
    return FALSE;

  return y >= 1 && y <= 9999 && g_date_valid_dmy (d, m, y);
}

static gboolean
is_valid_color (const char *color)
{
  if (strlen (color) != 7 || color[0] != '#')
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (color[i]))
      return FALSE;
  return TRUE;
}

gboolean
kf_document_is_web_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (!g_str_has_prefix (url, "https://") && !g_str_has_prefix (url, "http://"))
    return FALSE;
  for (const char *p = url; *p; p++)
    if ((guchar) *p <= ' ' || *p == '"' || *p == '<' || *p == '>' || *p == '\\' || *p == '`')
      return FALSE;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  return g_ascii_strcasecmp (scheme, "https") == 0 || g_ascii_strcasecmp (scheme, "http") == 0;
}

static const char *
get_id (Loader     *l,
        JsonObject *object,
        IdKind      kind,
        gpointer    item)
{
  const char *id = get_string (l, object, "id", TRUE);
  IdEntry *entry;

  if (id == NULL)
    return NULL;
  if (!is_valid_id (id))
    {
      fail (l, "id", KF_DOCUMENT_ERROR_VALUE,
            "“%s” is not a valid id (use 1–64 of a-z, 0-9, “-” and “_”)", id);
      return NULL;
    }
  if (g_strv_contains (reserved_ids, id) ||
      (l->doc->metadata.id != NULL && strcmp (id, l->doc->metadata.id) == 0))
    {
      fail (l, "id", KF_DOCUMENT_ERROR_DUPLICATE_ID, "the id “%s” is reserved", id);
      return NULL;
    }
  if (g_hash_table_contains (l->doc->ids, id))
    {
      fail (l, "id", KF_DOCUMENT_ERROR_DUPLICATE_ID, "duplicate id “%s”", id);
      return NULL;
    }

  entry = g_new0 (IdEntry, 1);
  entry->kind = kind;
  entry->item = item;
  g_hash_table_insert (l->doc->ids, (gpointer) id, entry);

  return id;
}

/* --- pass 1: structure, types and ids ----------------------------------------------------- */

static void
load_metadata (Loader     *l,
               JsonObject *root)
{
  KfMetadata *m = &l->doc->metadata;
  JsonObject *object, *source;
  JsonArray *authors;
  gsize saved = push_member (l, "metadata");

  if ((object = get_object (l, root, "metadata", TRUE)) == NULL)
    goto out;

  if (!(m->id = get_string (l, object, "id", TRUE)))
    goto out;
  if (!is_valid_id (m->id))
    {
      fail (l, "id", KF_DOCUMENT_ERROR_VALUE, "“%s” is not a valid id", m->id);
      goto out;
    }
  if (g_strv_contains (reserved_ids, m->id))
    {
      fail (l, "id", KF_DOCUMENT_ERROR_DUPLICATE_ID, "the id “%s” is reserved", m->id);
      goto out;
    }
  if (!(m->title = get_string (l, object, "title", TRUE)))
    goto out;
  m->subtitle = get_string (l, object, "subtitle", FALSE);
  if (l->failed)
    goto out;

  if ((authors = get_array (l, object, "authors", TRUE, TRUE)) == NULL)
    goto out;
  else
    {
      guint n = json_array_get_length (authors);
      gsize saved_a = push_member (l, "authors");

      m->authors = doc_alloc (l->doc, n + 1, sizeof (char *));
      for (guint i = 0; i < n; i++)
        {
          JsonNode *node = json_array_get_element (authors, i);
          gsize saved_i = push_index (l, i);

          if (!node_is_string (node) || json_node_get_string (node)[0] == '\0')
            {
              fail (l, NULL, KF_DOCUMENT_ERROR_TYPE, "expected a non-empty string, found %s",
                    json_type_name (node));
              goto out;
            }
          m->authors[i] = g_string_chunk_insert_const (l->doc->strings, json_node_get_string (node));
          pop (l, saved_i);
        }
      pop (l, saved_a);
    }

  if (!(m->language = get_string (l, object, "language", TRUE)))
    goto out;
  if (!(m->date = get_string (l, object, "date", TRUE)))
    goto out;
  if (!is_valid_date (m->date, FALSE))
    {
      fail (l, "date", KF_DOCUMENT_ERROR_VALUE, "expected a date YYYY-MM-DD, found “%s”", m->date);
      goto out;
    }
  m->intro = get_string (l, object, "intro", FALSE);
  if (l->failed || !(m->attribution = get_string (l, object, "attribution", TRUE)))
    goto out;

  if ((source = get_object (l, object, "source", TRUE)) == NULL)
    goto out;
  else
    {
      gsize saved_s = push_member (l, "source");

      if (!(m->source_name = get_string (l, source, "name", TRUE)))
        goto out;
      if (!(m->source_url = get_string (l, source, "url", TRUE)))
        goto out;
      if (!kf_document_is_web_url (m->source_url))
        {
          fail (l, "url", KF_DOCUMENT_ERROR_VALUE, "expected an http or https URL, found “%s”",
                m->source_url);
          goto out;
        }
      m->source_title = get_string (l, source, "title", FALSE);
      m->source_author = get_string (l, source, "author", FALSE);
      m->source_date = get_string (l, source, "date", FALSE);
      if (!l->failed && m->source_date && !is_valid_date (m->source_date, FALSE))
        fail (l, "date", KF_DOCUMENT_ERROR_VALUE, "expected a date YYYY-MM-DD, found “%s”",
              m->source_date);
      pop (l, saved_s);
    }

out:
  if (!l->failed)
    pop (l, saved);
}

static const char **
load_string_list (Loader     *l,
                  JsonArray  *array,
                  guint      *n_out)
{
  guint n = json_array_get_length (array);
  const char **items = doc_alloc (l->doc, n + 1, sizeof (char *));

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      gsize saved = push_index (l, i);

      if (!node_is_string (node) || json_node_get_string (node)[0] == '\0')
        {
          fail (l, NULL, KF_DOCUMENT_ERROR_TYPE, "expected a non-empty string, found %s",
                json_type_name (node));
          return NULL;
        }
      items[i] = g_string_chunk_insert_const (l->doc->strings, json_node_get_string (node));
      pop (l, saved);
    }

  *n_out = n;
  return items;
}

/* Refs are resolved in pass 2: here they are only checked for shape. */
static const char *
get_ref (Loader     *l,
         JsonObject *object,
         const char *member,
         gboolean    required)
{
  const char *ref = get_string (l, object, member, required);

  if (ref == NULL)
    return NULL;
  if (ref[0] != '#' || !is_valid_id (ref + 1))
    {
      fail (l, member, KF_DOCUMENT_ERROR_VALUE, "expected a reference “#id”, found “%s”", ref);
      return NULL;
    }
  return ref;
}

static gboolean
load_block (Loader     *l,
            JsonObject *object,
            KfBlock    *block)
{
  const char *type = get_string (l, object, "type", TRUE);

  if (type == NULL)
    return FALSE;

  if (strcmp (type, "paragraph") == 0)
    {
      block->type = KF_BLOCK_PARAGRAPH;
      block->text = get_string (l, object, "text", TRUE);
    }
  else if (strcmp (type, "list") == 0)
    {
      JsonArray *items = get_array (l, object, "items", TRUE, TRUE);
      gsize saved;

      if (items == NULL)
        return FALSE;
      block->type = KF_BLOCK_LIST;
      saved = push_member (l, "items");
      block->items = load_string_list (l, items, &block->n_items);
      if (!l->failed)
        pop (l, saved);
    }
  else if (strcmp (type, "figure") == 0)
    {
      block->type = KF_BLOCK_FIGURE;
      /* stash the ref in text until pass 2 resolves it */
      block->text = get_ref (l, object, "ref", TRUE);
    }
  else if (strcmp (type, "term") == 0)
    {
      block->type = KF_BLOCK_TERM;
      block->text = get_ref (l, object, "ref", TRUE);
    }
  else
    {
      fail (l, "type", KF_DOCUMENT_ERROR_VALUE, "unknown block type “%s”", type);
    }

  return !l->failed;
}

static gboolean
load_section (Loader     *l,
              JsonObject *object,
              KfTheme    *theme,
              KfSection  *section)
{
  JsonArray *blocks;
  gsize saved;

  section->theme = theme;
  if (!(section->id = get_id (l, object, ID_SECTION, section)))
    return FALSE;
  if (!(section->title = get_string (l, object, "title", TRUE)))
    return FALSE;
  section->kind = get_string (l, object, "kind", FALSE);
  if (l->failed || !(blocks = get_array (l, object, "blocks", TRUE, TRUE)))
    return FALSE;

  section->n_blocks = json_array_get_length (blocks);
  section->blocks = doc_alloc (l->doc, section->n_blocks, sizeof (KfBlock));

  saved = push_member (l, "blocks");
  for (guint i = 0; i < section->n_blocks; i++)
    {
      JsonNode *node = json_array_get_element (blocks, i);
      gsize saved_i = push_index (l, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (l, NULL, KF_DOCUMENT_ERROR_TYPE, "expected an object, found %s",
                     json_type_name (node));
      section->blocks[i].index = i;
      if (!load_block (l, json_node_get_object (node), &section->blocks[i]))
        return FALSE;
      pop (l, saved_i);
    }
  pop (l, saved);

  return TRUE;
}

static gboolean
load_theme (Loader     *l,
            JsonObject *object,
            KfTheme    *theme)
{
  JsonArray *sections;
  gsize saved;

  if (!(theme->id = get_id (l, object, ID_THEME, theme)))
    return FALSE;
  if (!get_integer (l, object, "number", TRUE, &theme->number))
    return FALSE;
  if (theme->number < 1 || theme->number > 9999)
    return fail (l, "number", KF_DOCUMENT_ERROR_VALUE, "expected a number from 1 to 9999");
  if (!(theme->title = get_string (l, object, "title", TRUE)))
    return FALSE;
  theme->short_title = get_string (l, object, "short_title", FALSE);
  theme->icon = get_string (l, object, "icon", FALSE);
  theme->accent = get_string (l, object, "accent", FALSE);
  if (l->failed)
    return FALSE;
  if (theme->icon && (!g_str_is_ascii (theme->icon) || strpbrk (theme->icon, "/\\ ") != NULL))
    return fail (l, "icon", KF_DOCUMENT_ERROR_VALUE, "“%s” is not an icon name", theme->icon);
  if (theme->accent && !is_valid_color (theme->accent))
    return fail (l, "accent", KF_DOCUMENT_ERROR_VALUE, "expected a colour #rrggbb, found “%s”",
                 theme->accent);
  if (!(theme->summary = get_string (l, object, "summary", TRUE)))
    return FALSE;
  if (!(sections = get_array (l, object, "sections", TRUE, TRUE)))
    return FALSE;

  theme->n_sections = json_array_get_length (sections);
  theme->sections = doc_alloc (l->doc, theme->n_sections, sizeof (KfSection));

  saved = push_member (l, "sections");
  for (guint i = 0; i < theme->n_sections; i++)
    {
      JsonNode *node = json_array_get_element (sections, i);
      gsize saved_i = push_index (l, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (l, NULL, KF_DOCUMENT_ERROR_TYPE, "expected an object, found %s",
                     json_type_name (node));
      if (!load_section (l, json_node_get_object (node), theme, &theme->sections[i]))
        return FALSE;
      pop (l, saved_i);
    }
  pop (l, saved);

  return TRUE;
}

static gboolean
load_figure (Loader     *l,
             JsonObject *object,
             KfFigure   *figure)
{
  JsonNode *value;
  const char *qualifier;

  if (!(figure->id = get_id (l, object, ID_FIGURE, figure)))
    return FALSE;
  if (!(value = get_member (l, object, "value", TRUE)))
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (value) ||
      (json_node_get_value_type (value) != G_TYPE_INT64 &&
       json_node_get_value_type (value) != G_TYPE_DOUBLE))
    return fail (l, "value", KF_DOCUMENT_ERROR_TYPE, "expected a number, found %s",
                 json_type_name (value));
  figure->value = json_node_get_double (value);
  if (!(figure->unit = get_string (l, object, "unit", TRUE)))
    return FALSE;
  if (!(figure->label = get_string (l, object, "label", TRUE)))
    return FALSE;
  if (json_object_has_member (object, "year"))
    {
      if (!get_integer (l, object, "year", FALSE, &figure->year))
        return FALSE;
      if (figure->year < 1 || figure->year > 9999)
        return fail (l, "year", KF_DOCUMENT_ERROR_VALUE, "expected a year from 1 to 9999");
    }
  qualifier = get_string (l, object, "qualifier", FALSE);
  if (l->failed)
    return FALSE;
  if (qualifier == NULL || strcmp (qualifier, "exact") == 0)
    figure->qualifier = KF_QUALIFIER_EXACT;
  else if (strcmp (qualifier, "over") == 0)
    figure->qualifier = KF_QUALIFIER_OVER;
  else if (strcmp (qualifier, "about") == 0)
    figure->qualifier = KF_QUALIFIER_ABOUT;
  else
    return fail (l, "qualifier", KF_DOCUMENT_ERROR_VALUE,
                 "expected “exact”, “over” or “about”, found “%s”", qualifier);
  /* the theme reference is resolved in pass 2; keep it in source's place meanwhile */
  if (!get_ref (l, object, "theme", TRUE))
    return FALSE;
  figure->source = get_string (l, object, "source", FALSE);

  return !l->failed;
}

static gboolean
load_term (Loader     *l,
           JsonObject *object,
           KfTerm     *term)
{
  if (!(term->id = get_id (l, object, ID_TERM, term)))
    return FALSE;
  if (!(term->term = get_string (l, object, "term", TRUE)))
    return FALSE;
  term->expansion = get_string (l, object, "expansion", FALSE);
  if (l->failed)
    return FALSE;
  term->definition = get_string (l, object, "definition", TRUE);
  return !l->failed;
}

static gboolean
load_event (Loader     *l,
            JsonObject *object,
            KfEvent    *event)
{
  const char *date;

  if (!(event->id = get_id (l, object, ID_EVENT, event)))
    return FALSE;
  if (!(date = get_string (l, object, "date", TRUE)))
    return FALSE;
  if (!is_valid_date (date, TRUE))
    return fail (l, "date", KF_DOCUMENT_ERROR_VALUE,
                 "expected a date YYYY, YYYY-MM or YYYY-MM-DD, found “%s”", date);
  /* is_valid_date() checked the shape: YYYY[-MM[-DD]] */
  event->date = date;
  event->year = atoi (date);
  event->month = strlen (date) >= 7 ? atoi (date + 5) : 0;
  event->day = strlen (date) == 10 ? atoi (date + 8) : 0;
  if (!(event->title = get_string (l, object, "title", TRUE)))
    return FALSE;
  event->description = get_string (l, object, "description", FALSE);
  /* the theme reference is resolved in pass 2 */
  if (!l->failed && json_object_has_member (object, "theme"))
    get_ref (l, object, "theme", FALSE);
  return !l->failed;
}

typedef gboolean (*LoadItemFunc) (Loader *l, JsonObject *object, gpointer item);

static gboolean
load_items (Loader       *l,
            JsonArray    *array,
            const char   *member,
            gpointer      items,
            gsize         item_size,
            LoadItemFunc  func)
{
  gsize saved;

  if (array == NULL)
    return !l->failed;

  saved = push_member (l, member);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      gsize saved_i = push_index (l, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (l, NULL, KF_DOCUMENT_ERROR_TYPE, "expected an object, found %s",
                     json_type_name (node));
      if (!func (l, json_node_get_object (node), items ? (char *) items + i * item_size : NULL))
        return FALSE;
      pop (l, saved_i);
    }
  pop (l, saved);

  return TRUE;
}

/* --- pass 2: references -------------------------------------------------------------------- */

static gpointer
resolve (Loader     *l,
         const char *member,
         const char *ref,
         IdKind      kind,
         const char *expected)
{
  IdEntry *entry = g_hash_table_lookup (l->doc->ids, ref + 1);

  if (entry == NULL)
    {
      fail (l, member, KF_DOCUMENT_ERROR_DANGLING_REFERENCE, "dangling reference “%s”", ref);
      return NULL;
    }
  if (entry->kind != kind)
    {
      fail (l, member, KF_DOCUMENT_ERROR_DANGLING_REFERENCE, "“%s” does not name %s", ref, expected);
      return NULL;
    }
  return entry->item;
}

static gboolean
check_inline_cb (KfInlineKind  kind,
                 const char   *text,
                 gsize         text_len,
                 const char   *target,
                 gsize         target_len,
                 gpointer      user_data)
{
  Loader *l = user_data;
  g_autofree char *id = NULL;

  if (kind != KF_INLINE_INTERNAL_LINK)
    return TRUE;

  id = g_strndup (target, target_len);
  if (!g_hash_table_contains (l->doc->ids, id))
    return fail (l, NULL, KF_DOCUMENT_ERROR_DANGLING_REFERENCE, "dangling reference “#%s”", id);

  return TRUE;
}

static gboolean
check_inline (Loader     *l,
              const char *member,
              const char *text)
{
  gsize saved = member ? push_member (l, member) : l->path->len;

  kf_inline_parse (text, check_inline_cb, l);
  if (!l->failed)
    pop (l, saved);
  return !l->failed;
}

static gboolean
resolve_refs (Loader     *l,
              JsonObject *root)
{
  JsonArray *themes = json_object_get_array_member (root, "themes");
  JsonNode *figures_node = json_object_get_member (root, "figures");
  JsonNode *events_node = json_object_get_member (root, "events");
  KfDocument *doc = l->doc;
  gsize saved;

  saved = push_member (l, "metadata");
  if (!check_inline (l, "intro", doc->metadata.intro))
    return FALSE;
  pop (l, saved);

  for (guint i = 0; i < doc->n_themes; i++)
    {
      KfTheme *theme = &doc->themes[i];
      JsonObject *object = json_array_get_object_element (themes, i);
      JsonArray *related, *terms;
      gsize saved_t = push_member (l, "themes");

      push_index (l, i);
      if (!check_inline (l, "summary", theme->summary))
        return FALSE;

      for (guint j = 0; j < i; j++)
        if (doc->themes[j].number == theme->number)
          return fail (l, "number", KF_DOCUMENT_ERROR_DUPLICATE_ID,
                       "theme number %" G_GINT64_FORMAT " is used twice", theme->number);

      if ((related = get_array (l, object, "related", FALSE, FALSE)))
        {
          gsize saved_r = push_member (l, "related");

          theme->n_related = json_array_get_length (related);
          theme->related = doc_alloc (doc, theme->n_related, sizeof (gpointer));
          for (guint j = 0; j < theme->n_related; j++)
            {
              JsonNode *node = json_array_get_element (related, j);
              gsize saved_j = push_index (l, j);

              if (!node_is_string (node) || json_node_get_string (node)[0] != '#')
                return fail (l, NULL, KF_DOCUMENT_ERROR_TYPE, "expected a reference “#id”");
              if (!(theme->related[j] = resolve (l, NULL, json_node_get_string (node), ID_THEME,
                                                 "a theme")))
                return FALSE;
              pop (l, saved_j);
            }
          pop (l, saved_r);
        }
      if (l->failed)
        return FALSE;

      if ((terms = get_array (l, object, "terms", FALSE, FALSE)))
        {
          gsize saved_r = push_member (l, "terms");

          theme->n_terms = json_array_get_length (terms);
          theme->terms = doc_alloc (doc, theme->n_terms, sizeof (gpointer));
          for (guint j = 0; j < theme->n_terms; j++)
            {
              JsonNode *node = json_array_get_element (terms, j);
              gsize saved_j = push_index (l, j);

              if (!node_is_string (node) || json_node_get_string (node)[0] != '#')
                return fail (l, NULL, KF_DOCUMENT_ERROR_TYPE, "expected a reference “#id”");
              if (!(theme->terms[j] = resolve (l, NULL, json_node_get_string (node), ID_TERM,
                                               "a glossary term")))
                return FALSE;
              pop (l, saved_j);
            }
          pop (l, saved_r);
        }
      if (l->failed)
        return FALSE;

      push_member (l, "sections");
      for (guint s = 0; s < theme->n_sections; s++)
        {
          KfSection *section = &theme->sections[s];
          gsize saved_s = push_index (l, s);

          push_member (l, "blocks");
          for (guint b = 0; b < section->n_blocks; b++)
            {
              KfBlock *block = &section->blocks[b];
              gsize saved_b = push_index (l, b);

              switch (block->type)
                {
                case KF_BLOCK_PARAGRAPH:
                  if (!check_inline (l, "text", block->text))
                    return FALSE;
                  break;
                case KF_BLOCK_LIST:
                  push_member (l, "items");
                  for (guint k = 0; k < block->n_items; k++)
                    {
                      gsize saved_k = push_index (l, k);

                      if (!check_inline (l, NULL, block->items[k]))
                        return FALSE;
                      pop (l, saved_k);
                    }
                  break;
                case KF_BLOCK_FIGURE:
                  if (!(block->figure = resolve (l, "ref", block->text, ID_FIGURE, "a figure")))
                    return FALSE;
                  block->text = NULL;
                  break;
                case KF_BLOCK_TERM:
                  if (!(block->term = resolve (l, "ref", block->text, ID_TERM, "a glossary term")))
                    return FALSE;
                  block->text = NULL;
                  break;
                default:
                  g_assert_not_reached ();
                }
              pop (l, saved_b);
            }
          pop (l, saved_s);
        }
      pop (l, saved_t);
    }

  if (figures_node != NULL)
    {
      JsonArray *figures = json_node_get_array (figures_node);
      guint *counts = g_new0 (guint, MAX (doc->n_themes, 1));

      saved = push_member (l, "figures");
      for (guint i = 0; i < doc->n_figures; i++)
        {
          JsonObject *object = json_array_get_object_element (figures, i);
          gsize saved_i = push_index (l, i);

          if (!(doc->figures[i].theme = resolve (l, "theme",
                                                 json_object_get_string_member (object, "theme"),
                                                 ID_THEME, "a theme")))
            {
              g_free (counts);
              return FALSE;
            }
          counts[doc->figures[i].theme - doc->themes]++;
          pop (l, saved_i);
        }
      pop (l, saved);

      for (guint t = 0; t < doc->n_themes; t++)
        {
          doc->themes[t].figures = doc_alloc (doc, counts[t], sizeof (gpointer));
          doc->themes[t].n_figures = 0;
        }
      for (guint i = 0; i < doc->n_figures; i++)
        {
          KfTheme *theme = (KfTheme *) doc->figures[i].theme;

          theme->figures[theme->n_figures++] = &doc->figures[i];
        }
      g_free (counts);
    }

  if (events_node != NULL)
    {
      JsonArray *events = json_node_get_array (events_node);

      saved = push_member (l, "events");
      for (guint i = 0; i < json_array_get_length (events); i++)
        {
          JsonObject *object = json_array_get_object_element (events, i);
          gsize saved_i = push_index (l, i);

          if (json_object_has_member (object, "theme") &&
              !(doc->events[i].theme = resolve (l, "theme",
                                                json_object_get_string_member (object, "theme"),
                                                ID_THEME, "a theme")))
            return FALSE;
          pop (l, saved_i);
        }
      pop (l, saved);
    }

  return TRUE;
}

/* --- events by date ------------------------------------------------------------------------ */

static int
compare_events (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const KfEvent *x = *(const KfEvent * const *) a;
  const KfEvent *y = *(const KfEvent * const *) b;

  /* a date without a month comes before the dates within it, and so on */
  if (x->year != y->year)
    return x->year < y->year ? -1 : 1;
  if (x->month != y->month)
    return x->month < y->month ? -1 : 1;
  if (x->day != y->day)
    return x->day < y->day ? -1 : 1;
  return 0;
}

static void
sort_events (KfDocument *self)
{
  self->sorted_events = doc_alloc (self, self->n_events, sizeof (KfEvent *));
  for (guint i = 0; i < self->n_events; i++)
    self->sorted_events[i] = &self->events[i];
  /* g_qsort_with_data() is a stable merge sort: events on the same date keep file order */
  g_qsort_with_data (self->sorted_events, self->n_events, sizeof (KfEvent *), compare_events, NULL);
}

/* --- the outline ---------------------------------------------------------------------------- */

static KfNode *
add_node (KfDocument   *self,
          KfNodeKind    kind,
          const char   *id,
          const KfNode *parent,
          gconstpointer data,
          guint         n_children)
{
  KfNode *node = doc_alloc (self, 1, sizeof (KfNode));

  node->kind = kind;
  node->id = id;
  node->parent = parent;
  node->depth = parent ? parent->depth + 1 : 0;
  node->data = data;
  node->children = doc_alloc (self, n_children, sizeof (KfNode *));
  g_hash_table_insert (self->nodes, (gpointer) id, node);

  return node;
}

static void
build_outline (KfDocument *self)
{
  KfNode *root = add_node (self, KF_NODE_DOCUMENT, self->metadata.id, NULL, NULL,
                           self->n_themes + 5);

  for (guint i = 0; i < self->n_themes; i++)
    {
      const KfTheme *theme = &self->themes[i];
      KfNode *node = add_node (self, KF_NODE_THEME, theme->id, root, theme, theme->n_sections);

      for (guint s = 0; s < theme->n_sections; s++)
        node->children[node->n_children++] =
          add_node (self, KF_NODE_SECTION, theme->sections[s].id, node, &theme->sections[s], 0);

      root->children[root->n_children++] = node;
    }

  root->children[root->n_children++] = add_node (self, KF_NODE_FIGURES, "figures", root, NULL, 0);
  root->children[root->n_children++] = add_node (self, KF_NODE_TIMELINE, "timeline", root, NULL, 0);
  root->children[root->n_children++] = add_node (self, KF_NODE_MAP, "map", root, NULL, 0);
  root->children[root->n_children++] = add_node (self, KF_NODE_GLOSSARY, "glossary", root, NULL, 0);
  root->children[root->n_children++] = add_node (self, KF_NODE_ABOUT, "about", root, NULL, 0);

  self->root = root;
}

static gboolean
load_document (Loader     *l,
               JsonObject *root)
{
  KfDocument *doc = l->doc;
  const char *format;
  gint64 version;
  JsonArray *themes, *figures, *glossary, *events;

  if (!(format = get_string (l, root, "format", TRUE)))
    return FALSE;
  if (strcmp (format, KF_DOCUMENT_FORMAT) != 0)
    return fail (l, "format", KF_DOCUMENT_ERROR_VALUE,
                 "expected “" KF_DOCUMENT_FORMAT "”, found “%s”", format);
  if (!get_integer (l, root, "version", TRUE, &version))
    return FALSE;
  /* version 2 added "events"; a version-1 file that has them (the loader always checked
   * them) loads the same */
  if (version < KF_DOCUMENT_MIN_VERSION || version > KF_DOCUMENT_VERSION)
    {
      fail (l, "version", KF_DOCUMENT_ERROR_VERSION,
            "unknown version %" G_GINT64_FORMAT " (this reader knows versions %d and %d)",
            version, KF_DOCUMENT_MIN_VERSION, KF_DOCUMENT_VERSION);
      return FALSE;
    }

  load_metadata (l, root);
  if (l->failed)
    return FALSE;

  if (!(themes = get_array (l, root, "themes", TRUE, TRUE)))
    return FALSE;
  figures = get_array (l, root, "figures", FALSE, FALSE);
  glossary = get_array (l, root, "glossary", FALSE, FALSE);
  events = get_array (l, root, "events", FALSE, FALSE);
  if (l->failed)
    return FALSE;

  doc->n_themes = json_array_get_length (themes);
  doc->themes = doc_alloc (doc, doc->n_themes, sizeof (KfTheme));
  doc->n_figures = figures ? json_array_get_length (figures) : 0;
  doc->figures = doc_alloc (doc, doc->n_figures, sizeof (KfFigure));
  doc->n_terms = glossary ? json_array_get_length (glossary) : 0;
  doc->terms = doc_alloc (doc, doc->n_terms, sizeof (KfTerm));
  doc->n_events = events ? json_array_get_length (events) : 0;
  doc->events = doc_alloc (doc, doc->n_events, sizeof (KfEvent));

  if (!load_items (l, themes, "themes", doc->themes, sizeof (KfTheme), (LoadItemFunc) load_theme) ||
      !load_items (l, figures, "figures", doc->figures, sizeof (KfFigure), (LoadItemFunc) load_figure) ||
      !load_items (l, glossary, "glossary", doc->terms, sizeof (KfTerm), (LoadItemFunc) load_term) ||
      !load_items (l, events, "events", doc->events, sizeof (KfEvent), (LoadItemFunc) load_event))
    return FALSE;

  if (!resolve_refs (l, root))
    return FALSE;

  sort_events (doc);
  build_outline (doc);
  return TRUE;
}

static gboolean
parse_error_position (const char *message,
                      guint      *line,
                      guint      *column,
                      const char **rest)
{
  /* json-glib 1.6 reports "<data>:LINE:COL: Parse error: …" */
  const char *p = strchr (message, ':');
  char *end;

  if (p == NULL)
    return FALSE;
  *line = strtoul (p + 1, &end, 10);
  if (*end != ':' || end == p + 1)
    return FALSE;
  *column = strtoul (end + 1, &end, 10);
  if (*end != ':')
    return FALSE;
  *rest = end + 1;
  while (**rest == ' ')
    (*rest)++;
  return TRUE;
}

/**
 * kf_document_load_from_data:
 * @data: the file's bytes (need not be NUL-terminated)
 * @length: their length
 * @display_name: the name used in error messages, usually the file name
 * @error: return location for a #KF_DOCUMENT_ERROR
 *
 * Parses and validates a kaifang-document. Either the whole document loads or an error says
 * where the first problem is, as "NAME:LINE:COLUMN: PATH: message".
 *
 * Returns: (transfer full) (nullable): the document
 */
KfDocument *
kf_document_load_from_data (const char  *data,
                            gsize        length,
                            const char  *display_name,
                            GError     **error)
{
  g_autoptr(KfDocument) doc = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) path = g_string_new (NULL);
  g_autofree char *copy = NULL;
  const char *text = data;
  const char *invalid;
  gsize offset;
  gsize value_end;
  JsonNode *root;
  Loader l = { 0 };

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (display_name == NULL)
    display_name = "document";

  l.name = display_name;
  l.error = error;
  l.path = path;

  if (length > KF_DOCUMENT_MAX_SIZE)
    {
      g_set_error (error, KF_DOCUMENT_ERROR, KF_DOCUMENT_ERROR_TOO_LARGE,
                   "%s:1:1: the file is too large (%" G_GSIZE_FORMAT " bytes; the limit is %d MiB)",
                   display_name, length, KF_DOCUMENT_MAX_SIZE / (1024 * 1024));
      return NULL;
    }

  /* a UTF-8 byte-order mark is allowed */
  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    {
      text += 3;
      length -= 3;
    }

  /* NUL-terminated copy, so that nothing below can read past the end */
  copy = g_strndup (text, length);
  text = copy;
  l.text = text;
  l.length = length;

  {
    gsize i = 0;

    while (i < length && g_ascii_isspace (text[i]))
      i++;
    if (i == length)
      {
        g_set_error (error, KF_DOCUMENT_ERROR, KF_DOCUMENT_ERROR_EMPTY,
                     "%s:1:1: the file is empty", display_name);
        return NULL;
      }
  }

  if (!g_utf8_validate_len (text, length, &invalid))
    {
      fail_at_offset (&l, invalid - text, KF_DOCUMENT_ERROR_ENCODING, "%s",
                      (*invalid == '\0')
                      ? "the file contains a NUL byte (is it a binary file?)"
                      : "the file is not valid UTF-8 text");
      return NULL;
    }

  if (!kf_json_check_depth (text, length, KF_DOCUMENT_MAX_DEPTH, &offset))
    {
      fail_at_offset (&l, offset, KF_DOCUMENT_ERROR_TOO_DEEP,
                      "arrays and objects are nested more than %d deep", KF_DOCUMENT_MAX_DEPTH);
      return NULL;
    }

  /* json-glib 1.6 decodes a lone surrogate escape into bytes that are not UTF-8, takes "\q"
   * and leaks on a broken pair: escapes are checked here first */
  switch (kf_json_check_escapes (text, length, &offset))
    {
    case KF_JSON_ESCAPE_OK:
      break;
    case KF_JSON_ESCAPE_INVALID:
      fail_at_offset (&l, offset, KF_DOCUMENT_ERROR_SYNTAX,
                      "syntax error: invalid escape in a string (use \\\", \\\\, \\/, \\b, \\f, "
                      "\\n, \\r, \\t or \\uXXXX)");
      return NULL;
    case KF_JSON_ESCAPE_BAD_HEX:
      fail_at_offset (&l, offset, KF_DOCUMENT_ERROR_SYNTAX,
                      "syntax error: \\u must be followed by four hexadecimal digits");
      return NULL;
    case KF_JSON_ESCAPE_LONE_SURROGATE:
    default:
      fail_at_offset (&l, offset, KF_DOCUMENT_ERROR_ENCODING,
                      "\\u%.4s is half of a UTF-16 surrogate pair without its other half",
                      text + offset + 2);
      return NULL;
    }

  /* json-glib 1.6 also takes "{…} {…}" and "var name = {…};" (and leaks a second value), so it
   * gets the first value only, and anything after it is refused here */
  if (!kf_json_first_value_end (text, length, &value_end))
    {
      fail_at_offset (&l, value_end, KF_DOCUMENT_ERROR_SYNTAX,
                      "syntax error: expected a JSON object at the start of the file");
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, value_end, &local_error))
    {
      guint line, column;
      const char *rest;
      g_autofree char *valid = NULL;

      if (parse_error_position (local_error->message, &line, &column, &rest))
        {
          if (g_str_has_prefix (rest, "Parse error: "))
            rest += strlen ("Parse error: ");
          /* json-glib quotes the text it stopped at, which can be half a character */
          valid = g_utf8_make_valid (rest, -1);
          g_set_error (error, KF_DOCUMENT_ERROR, KF_DOCUMENT_ERROR_SYNTAX,
                       "%s:%u:%u: syntax error: %s", display_name, line, column, valid);
        }
      else
        {
          valid = g_utf8_make_valid (local_error->message, -1);
          g_set_error (error, KF_DOCUMENT_ERROR, KF_DOCUMENT_ERROR_SYNTAX,
                       "%s:1:1: %s", display_name, valid);
        }
      return NULL;
    }

  while (value_end < length && g_ascii_isspace (text[value_end]))
    value_end++;
  if (value_end < length)
    {
      fail_at_offset (&l, value_end, KF_DOCUMENT_ERROR_SYNTAX,
                      "syntax error: unexpected text after the end of the document");
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      fail (&l, NULL, KF_DOCUMENT_ERROR_TYPE, "expected an object, found %s",
            root ? json_type_name (root) : "nothing");
      return NULL;
    }

  doc = g_object_new (KF_TYPE_DOCUMENT, NULL);
  doc->content_hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text, length);
  l.doc = doc;

  if (!load_document (&l, json_node_get_object (root)))
    {
      g_assert (error == NULL || *error != NULL);
      return NULL;
    }

  return g_steal_pointer (&doc);
}

static KfDocument *
load_file_named (GFile         *file,
                 const char    *name,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      g_set_error (error, G_IO_ERROR, local_error->code, "%s: %s", name, local_error->message);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, "%s: not a regular file", name);
      return NULL;
    }
  if (g_file_info_get_size (info) > KF_DOCUMENT_MAX_SIZE)
    {
      g_set_error (error, KF_DOCUMENT_ERROR, KF_DOCUMENT_ERROR_TOO_LARGE,
                   "%s:1:1: the file is too large (%" G_GOFFSET_FORMAT " bytes; the limit is %d MiB)",
                   name, g_file_info_get_size (info), KF_DOCUMENT_MAX_SIZE / (1024 * 1024));
      return NULL;
    }

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, G_IO_ERROR, local_error->code, "%s: %s", name, local_error->message);
      return NULL;
    }

  return kf_document_load_from_data (contents, length, name, error);
}

/**
 * kf_document_load_from_file:
 *
 * Loads @file; errors name the file by its basename.
 *
 * Returns: (transfer full) (nullable): the document
 */
KfDocument *
kf_document_load_from_file (GFile         *file,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_basename (file);
  return load_file_named (file, name, cancellable, error);
}

/**
 * kf_document_load_from_path:
 * @path: a path as the user typed it
 *
 * Like kf_document_load_from_file(), but errors name the file as @path, as a compiler does.
 *
 * Returns: (transfer full) (nullable): the document
 */
KfDocument *
kf_document_load_from_path (const char  *path,
                            GError     **error)
{
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_commandline_arg (path);
  return load_file_named (file, path, NULL, error);
}

KfDocument *
kf_document_load_from_resource (const char  *path,
                                GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  gsize length;
  const char *data;

  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  name = g_path_get_basename (path);
  data = g_bytes_get_data (bytes, &length);
  return kf_document_load_from_data (data, length, name, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Accessors                                                                                   */

const KfMetadata *
kf_document_get_metadata (KfDocument *self)
{
  g_return_val_if_fail (KF_IS_DOCUMENT (self), NULL);
  return &self->metadata;
}

/* SHA-256 of the document's bytes, as lowercase hex */
const char *
kf_document_get_content_hash (KfDocument *self)
{
  g_return_val_if_fail (KF_IS_DOCUMENT (self), NULL);
  return self->content_hash;
}

guint
kf_document_get_n_themes (KfDocument *self)
{
  g_return_val_if_fail (KF_IS_DOCUMENT (self), 0);
  return self->n_themes;
}

const KfTheme *
kf_document_get_theme (KfDocument *self,
                       guint       index)
{
  g_return_val_if_fail (KF_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < self->n_themes, NULL);
  return &self->themes[index];
}

guint
kf_document_get_n_figures (KfDocument *self)
{
  g_return_val_if_fail (KF_IS_DOCUMENT (self), 0);
  return self->n_figures;
}

const KfFigure *
kf_document_get_figure (KfDocument *self,
                        guint       index)
{
  g_return_val_if_fail (KF_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < self->n_figures, NULL);
  return &self->figures[index];
}

guint
kf_document_get_n_terms (KfDocument *self)
{
  g_return_val_if_fail (KF_IS_DOCUMENT (self), 0);
  return self->n_terms;
}

const KfTerm *
kf_document_get_term (KfDocument *self,
                      guint       index)
{
  g_return_val_if_fail (KF_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < self->n_terms, NULL);
  return &self->terms[index];
}

guint
kf_document_get_n_events (KfDocument *self)
{
  g_return_val_if_fail (KF_IS_DOCUMENT (self), 0);
  return self->n_events;
}

/**
 * kf_document_get_event:
 * @index: from 0 to kf_document_get_n_events() - 1
 *
 * The events in date order; events on the same date (or at the same precision) keep the
 * order of the file, and "2013" comes before "2013-09" and "2013-09-29".
 */
const KfEvent *
kf_document_get_event (KfDocument *self,
                       guint       index)
{
  g_return_val_if_fail (KF_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < self->n_events, NULL);
  return self->sorted_events[index];
}

const KfNode *
kf_document_get_root (KfDocument *self)
{
  g_return_val_if_fail (KF_IS_DOCUMENT (self), NULL);
  return self->root;
}

/* The outline node with @id: the document id, a theme, a section, "glossary" or "about". */
const KfNode *
kf_document_lookup_node (KfDocument *self,
                         const char *id)
{
  g_return_val_if_fail (KF_IS_DOCUMENT (self), NULL);
  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->nodes, id);
}

const KfTheme *
kf_document_lookup_theme (KfDocument *self,
                          const char *id)
{
  IdEntry *entry;

  g_return_val_if_fail (KF_IS_DOCUMENT (self), NULL);
  entry = id ? g_hash_table_lookup (self->ids, id) : NULL;
  return entry && entry->kind == ID_THEME ? entry->item : NULL;
}

const KfTerm *
kf_document_lookup_term (KfDocument *self,
                         const char *id)
{
  IdEntry *entry;

  g_return_val_if_fail (KF_IS_DOCUMENT (self), NULL);
  entry = id ? g_hash_table_lookup (self->ids, id) : NULL;
  return entry && entry->kind == ID_TERM ? entry->item : NULL;
}

/**
 * kf_document_resolve_link:
 * @id: the target of an internal link, without '#'
 * @anchor: (out) (nullable): the element id to scroll to on that node's page, or NULL
 *
 * Finds the outline node that shows @id: a node itself, the glossary for a term, the theme
 * page for a figure.
 */
const KfNode *
kf_document_resolve_link (KfDocument  *self,
                          const char  *id,
                          const char **anchor)
{
  const KfNode *node;
  IdEntry *entry;

  g_return_val_if_fail (KF_IS_DOCUMENT (self), NULL);

  if (anchor)
    *anchor = NULL;
  if (id == NULL)
    return NULL;
  if ((node = kf_document_lookup_node (self, id)))
    return node;
  if ((entry = g_hash_table_lookup (self->ids, id)) == NULL)
    return NULL;

  switch (entry->kind)
    {
    case ID_TERM:
      if (anchor)
        *anchor = ((KfTerm *) entry->item)->id;
      return kf_document_lookup_node (self, "glossary");
    case ID_FIGURE:
      if (anchor)
        *anchor = ((KfFigure *) entry->item)->id;
      return kf_document_lookup_node (self, ((KfFigure *) entry->item)->theme->id);
    case ID_THEME:
    case ID_SECTION:
    case ID_EVENT:
    default:
      return NULL;
    }
}

const char *
kf_node_kind_to_string (KfNodeKind kind)
{
  switch (kind)
    {
    case KF_NODE_DOCUMENT:
      return "document";
    case KF_NODE_THEME:
      return "theme";
    case KF_NODE_SECTION:
      return "section";
    case KF_NODE_GLOSSARY:
      return "glossary";
    case KF_NODE_ABOUT:
      return "about";
    case KF_NODE_FIGURES:
      return "figures";
    case KF_NODE_TIMELINE:
      return "timeline";
    case KF_NODE_MAP:
      return "map";
    default:
      return "unknown";
    }
}
