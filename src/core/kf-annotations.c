/* kf-annotations.c — the reader's bookmarks, highlights and notes on one document
 *
 * They are kept in DATA_DIR/annotations/DOCID-HASH16.json, one file per version of a document
 * (HASH16: the start of its content hash), since highlights point into the text by offsets.
 * The file is written atomically: a crash leaves the old file or the new one, never a mix. A
 * file that can't be read is moved aside, never deleted, and the reader is told where it went.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-annotations"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "kf-annotations.h"
#include "kf-markdown.h"
#include "kf-renderer.h"

struct _KfAnnotations
{
  GObject    parent_instance;

  char      *document_id;
  char      *content_hash;
  char      *dir;
  char      *path;
  char      *recovery_message;
  GPtrArray *bookmarks;       /* char *, in the order added */
  GPtrArray *highlights;      /* KfHighlight *, in the order added */
  gboolean   keep_file;       /* an unreadable file we could not move aside: never overwrite it */
};

G_DEFINE_FINAL_TYPE (KfAnnotations, kf_annotations, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const color_names[KF_N_HIGHLIGHT_COLORS] = {
  [KF_HIGHLIGHT_YELLOW] = "yellow",
  [KF_HIGHLIGHT_GREEN] = "green",
  [KF_HIGHLIGHT_BLUE] = "blue",
  [KF_HIGHLIGHT_PINK] = "pink",
  [KF_HIGHLIGHT_PURPLE] = "purple",
};

const char *
kf_highlight_color_to_string (KfHighlightColor color)
{
  g_return_val_if_fail (color < KF_N_HIGHLIGHT_COLORS, NULL);

  return color_names[color];
}

gboolean
kf_highlight_color_from_string (const char       *string,
                                KfHighlightColor *color)
{
  for (guint i = 0; i < KF_N_HIGHLIGHT_COLORS; i++)
    if (g_strcmp0 (string, color_names[i]) == 0)
      {
        if (color)
          *color = i;
        return TRUE;
      }
  return FALSE;
}

static void
highlight_free (gpointer data)
{
  KfHighlight *h = data;

  if (h == NULL)
    return;
  g_free (h->id);
  g_free (h->node_id);
  g_free (h->block_id);
  g_free (h->language);
  g_free (h->quote);
  g_free (h->note);
  g_free (h);
}

static void
kf_annotations_finalize (GObject *object)
{
  KfAnnotations *self = (KfAnnotations *)object;

  g_clear_pointer (&self->document_id, g_free);
  g_clear_pointer (&self->content_hash, g_free);
  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->recovery_message, g_free);
  g_clear_pointer (&self->bookmarks, g_ptr_array_unref);
  g_clear_pointer (&self->highlights, g_ptr_array_unref);

  G_OBJECT_CLASS (kf_annotations_parent_class)->finalize (object);
}

static void
kf_annotations_class_init (KfAnnotationsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kf_annotations_finalize;

  /**
   * KfAnnotations::changed:
   *
   * Emitted after every change to the bookmarks or highlights. Saving is up to the caller.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
kf_annotations_init (KfAnnotations *self)
{
  self->bookmarks = g_ptr_array_new_with_free_func (g_free);
  self->highlights = g_ptr_array_new_with_free_func (highlight_free);
}

static void
emit_changed (KfAnnotations *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* --- loading ---------------------------------------------------------------------------- */

static gboolean
is_file_name_safe (const char *id)
{
  if (id == NULL || id[0] == '\0' || id[0] == '.' || strlen (id) > 128)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

static gboolean
is_hex_hash (const char *hash)
{
  if (hash == NULL || strlen (hash) < 16)
    return FALSE;
  for (const char *p = hash; *p; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

static gboolean
member_string (JsonObject  *object,
               const char  *name,
               gboolean     nullable,
               const char **value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return nullable;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
member_int (JsonObject *object,
            const char *name,
            gint64     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = 0;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

static KfHighlight *
bad_highlight (const char **detail,
               const char  *what)
{
  *detail = what;
  return NULL;
}

static gboolean
unreadable (const char **why,
            const char  *reason)
{
  *why = reason;
  return FALSE;
}

/* One highlight object, or NULL with @detail set. */
static KfHighlight *
parse_highlight (JsonNode    *node,
                 GHashTable  *seen_ids,
                 const char **detail)
{
  JsonObject *object;
  const char *id, *node_id, *block_id, *language, *quote, *note, *color_name;
  gint64 start, end, created;
  KfHighlightColor color;
  KfHighlight *h;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return bad_highlight (detail, "a highlight is not an object");
  object = json_node_get_object (node);

  if (!member_string (object, "id", FALSE, &id) || id[0] == '\0')
    return bad_highlight (detail, "id");
  if (g_hash_table_contains (seen_ids, id))
    return bad_highlight (detail, "duplicate id");
  if (!member_string (object, "node_id", FALSE, &node_id) || node_id[0] == '\0')
    return bad_highlight (detail, "node_id");
  if (!member_string (object, "block_id", FALSE, &block_id) || block_id[0] == '\0')
    return bad_highlight (detail, "block_id");
  if (!member_string (object, "language", FALSE, &language))
    return bad_highlight (detail, "language");
  if (!member_int (object, "start", &start) || start < 0 || start > G_MAXUINT)
    return bad_highlight (detail, "start");
  if (!member_int (object, "end", &end) || end < start || end > G_MAXUINT)
    return bad_highlight (detail, "end");
  if (!member_string (object, "quote", FALSE, &quote))
    return bad_highlight (detail, "quote");
  if (!member_string (object, "note", TRUE, &note))
    return bad_highlight (detail, "note");
  if (!member_string (object, "color", FALSE, &color_name) ||
      !kf_highlight_color_from_string (color_name, &color))
    return bad_highlight (detail, "color");
  if (!member_int (object, "created", &created))
    return bad_highlight (detail, "created");

  h = g_new0 (KfHighlight, 1);
  h->id = g_strdup (id);
  h->node_id = g_strdup (node_id);
  h->block_id = g_strdup (block_id);
  h->language = g_strdup (language);
  h->start = start;
  h->end = end;
  h->quote = g_strdup (quote);
  h->note = g_strdup (note);
  h->color = color;
  h->created = created;
  g_hash_table_add (seen_ids, h->id);
  return h;
}

/* Fills @self from the file's text. On failure returns FALSE with @why, a reason for the
 * reader, and leaves @self empty. */
static gboolean
parse_file (KfAnnotations  *self,
            const char     *data,
            gsize           length,
            const char    **why)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GHashTable) seen_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  const char *detail = NULL;
  const char *string;
  JsonObject *root;
  JsonArray *bookmarks;
  JsonArray *highlights;
  gint64 version;

  if (length == 0)
    return unreadable (why, "the file is empty");
  if (!g_utf8_validate_len (data, length, NULL))
    return unreadable (why, "the file is not text");
  if (!json_parser_load_from_data (parser, data, length, &error))
    {
      g_debug ("%s: %s", self->path, error->message);
      return unreadable (why, "the file is damaged");
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return unreadable (why, "it is not a Kaifang notes file");
  root = json_node_get_object (json_parser_get_root (parser));

  if (!member_string (root, "format", FALSE, &string) || strcmp (string, KF_ANNOTATIONS_FORMAT) != 0)
    return unreadable (why, "it is not a Kaifang notes file");
  if (!member_int (root, "version", &version))
    return unreadable (why, "the file is damaged");
  if (version != KF_ANNOTATIONS_VERSION)
    return unreadable (why, "it was written by a different version of Kaifang");
  if (!member_string (root, "document", FALSE, &string) ||
      strcmp (string, self->document_id) != 0)
    return unreadable (why, "it belongs to another document");
  if (!member_string (root, "content_hash", FALSE, &string) ||
      g_ascii_strcasecmp (string, self->content_hash) != 0)
    return unreadable (why, "it belongs to another version of this document");

  if ((bookmarks = member_array (root, "bookmarks")) == NULL ||
      (highlights = member_array (root, "highlights")) == NULL)
    return unreadable (why, "the file is damaged");

  for (guint i = 0; i < json_array_get_length (bookmarks); i++)
    {
      JsonNode *node = json_array_get_element (bookmarks, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          json_node_get_string (node)[0] == '\0')
        {
          g_ptr_array_set_size (self->bookmarks, 0);
          g_debug ("%s: bookmarks[%u] is not an outline node id", self->path, i);
          return unreadable (why, "the file is damaged");
        }
      if (!kf_annotations_get_bookmarked (self, json_node_get_string (node)))
        g_ptr_array_add (self->bookmarks, g_strdup (json_node_get_string (node)));
    }

  for (guint i = 0; i < json_array_get_length (highlights); i++)
    {
      KfHighlight *h = parse_highlight (json_array_get_element (highlights, i), seen_ids, &detail);

      if (h == NULL)
        {
          g_hash_table_remove_all (seen_ids);
          g_ptr_array_set_size (self->bookmarks, 0);
          g_ptr_array_set_size (self->highlights, 0);
          g_debug ("%s: highlights[%u]: %s", self->path, i, detail);
          return unreadable (why, "the file is damaged");
        }
      g_ptr_array_add (self->highlights, h);
    }

  return TRUE;
}

/* Moves the unreadable file aside under a name not yet taken, and tells the reader. */
static void
move_aside (KfAnnotations *self,
            const char    *why)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *backup = g_strdup_printf ("%s.corrupt-%s", self->path, stamp);
  for (guint n = 2; g_file_test (backup, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK); n++)
    {
      g_free (backup);
      backup = g_strdup_printf ("%s.corrupt-%s-%u", self->path, stamp, n);
    }

  g_clear_pointer (&self->recovery_message, g_free);
  if (g_rename (self->path, backup) == 0)
    self->recovery_message =
      g_strdup_printf ("Your notes on this document could not be read (%s). The file was kept "
                       "as %s, and a new, empty set of notes was started.", why, backup);
  else
    {
      int saved_errno = errno;

      self->keep_file = TRUE;
      self->recovery_message =
        g_strdup_printf ("Your notes on this document could not be read (%s) and the file could "
                         "not be moved aside (%s). It was left as it is at %s, and new notes "
                         "will not be saved over it.", why, g_strerror (saved_errno), self->path);
    }
  g_debug ("%s", self->recovery_message);
}

/**
 * kf_annotations_load:
 * @data_dir: usually g_get_user_data_dir()/kaifang
 * @document_id: the document's metadata.id
 * @content_hash: its content hash (hex), kf_document_get_content_hash()
 * @error: where to put a failure to create the directory
 *
 * Loads the annotations of one document. A missing file is an empty set. A file that can't
 * be read or isn't a valid notes file is moved aside to its name + ".corrupt-YYYYmmdd-HHMMSS"
 * and an empty set is returned, with a message for the reader.
 *
 * Returns: (transfer full): the annotations, or %NULL if the directory can't be created
 */
KfAnnotations *
kf_annotations_load (const char  *data_dir,
                     const char  *document_id,
                     const char  *content_hash,
                     GError     **error)
{
  g_autoptr(KfAnnotations) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *data = NULL;
  const char *why = NULL;
  GStatBuf st;
  gsize length;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (is_file_name_safe (document_id), NULL);
  g_return_val_if_fail (is_hex_hash (content_hash), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (KF_TYPE_ANNOTATIONS, NULL);
  self->document_id = g_strdup (document_id);
  self->content_hash = g_ascii_strdown (content_hash, -1);
  self->dir = g_build_filename (data_dir, "annotations", NULL);
  name = g_strdup_printf ("%s-%.16s.json", document_id, self->content_hash);
  self->path = g_build_filename (self->dir, name, NULL);

  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not create %s: %s", self->dir, g_strerror (saved_errno));
      return NULL;
    }

  if (g_stat (self->path, &st) == 0 && S_ISREG (st.st_mode) && st.st_size > KF_ANNOTATIONS_MAX_SIZE)
    move_aside (self, "the file is too large");
  else if (!g_file_get_contents (self->path, &data, &length, &local_error))
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        move_aside (self, local_error->message);
    }
  else if (!parse_file (self, data, length, &why))
    move_aside (self, why);

  return g_steal_pointer (&self);
}

/**
 * kf_annotations_get_recovery_message:
 *
 * Returns: (nullable): a sentence for the reader when the notes file could not be read and
 *   was moved aside, naming the backup; %NULL otherwise
 */
const char *
kf_annotations_get_recovery_message (KfAnnotations *self)
{
  g_return_val_if_fail (KF_IS_ANNOTATIONS (self), NULL);
  return self->recovery_message;
}

const char *
kf_annotations_get_path (KfAnnotations *self)
{
  g_return_val_if_fail (KF_IS_ANNOTATIONS (self), NULL);
  return self->path;
}

const char *
kf_annotations_get_document_id (KfAnnotations *self)
{
  g_return_val_if_fail (KF_IS_ANNOTATIONS (self), NULL);
  return self->document_id;
}

const char *
kf_annotations_get_content_hash (KfAnnotations *self)
{
  g_return_val_if_fail (KF_IS_ANNOTATIONS (self), NULL);
  return self->content_hash;
}

/* --- bookmarks -------------------------------------------------------------------------- */

static gboolean
find_bookmark (KfAnnotations *self,
               const char    *node_id,
               guint         *index)
{
  for (guint i = 0; i < self->bookmarks->len; i++)
    if (strcmp (g_ptr_array_index (self->bookmarks, i), node_id) == 0)
      {
        if (index)
          *index = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
kf_annotations_get_bookmarked (KfAnnotations *self,
                               const char    *node_id)
{
  g_return_val_if_fail (KF_IS_ANNOTATIONS (self), FALSE);
  g_return_val_if_fail (node_id != NULL, FALSE);

  return find_bookmark (self, node_id, NULL);
}

void
kf_annotations_set_bookmarked (KfAnnotations *self,
                               const char    *node_id,
                               gboolean       bookmarked)
{
  guint index;

  g_return_if_fail (KF_IS_ANNOTATIONS (self));
  g_return_if_fail (node_id != NULL && node_id[0] != '\0');
  g_return_if_fail (g_utf8_validate (node_id, -1, NULL));

  if (find_bookmark (self, node_id, &index) == !!bookmarked)
    return;

  if (bookmarked)
    g_ptr_array_add (self->bookmarks, g_strdup (node_id));
  else
    g_ptr_array_remove_index (self->bookmarks, index);
  emit_changed (self);
}

/**
 * kf_annotations_get_bookmarks:
 *
 * Returns: (transfer container) (element-type utf8): the bookmarked node ids, in the order
 *   they were added; valid until the next change
 */
GPtrArray *
kf_annotations_get_bookmarks (KfAnnotations *self)
{
  GPtrArray *result;

  g_return_val_if_fail (KF_IS_ANNOTATIONS (self), NULL);

  result = g_ptr_array_sized_new (self->bookmarks->len);
  for (guint i = 0; i < self->bookmarks->len; i++)
    g_ptr_array_add (result, g_ptr_array_index (self->bookmarks, i));
  return result;
}

/* --- highlights ------------------------------------------------------------------------- */

/* Orders "blocks/2" before "blocks/10": runs of digits compare as numbers. */
static int
natural_compare (const char *a,
                 const char *b)
{
  while (*a && *b)
    {
      if (g_ascii_isdigit (*a) && g_ascii_isdigit (*b))
        {
          const char *ea, *eb;
          gsize la, lb;
          int cmp;

          while (*a == '0' && g_ascii_isdigit (a[1]))
            a++;
          while (*b == '0' && g_ascii_isdigit (b[1]))
            b++;
          for (ea = a; g_ascii_isdigit (*ea); ea++)
            ;
          for (eb = b; g_ascii_isdigit (*eb); eb++)
            ;
          la = ea - a;
          lb = eb - b;
          if (la != lb)
            return la < lb ? -1 : 1;
          if ((cmp = strncmp (a, b, la)) != 0)
            return cmp;
          a = ea;
          b = eb;
          continue;
        }
      if (*a != *b)
        return (guchar) *a < (guchar) *b ? -1 : 1;
      a++;
      b++;
    }
  return (guchar) *a - (guchar) *b;
}

static int
compare_highlights (gconstpointer pa,
                    gconstpointer pb)
{
  const KfHighlight *a = *(const KfHighlight * const *) pa;
  const KfHighlight *b = *(const KfHighlight * const *) pb;
  int cmp;

  if ((cmp = natural_compare (a->node_id, b->node_id)) != 0)
    return cmp;
  if ((cmp = natural_compare (a->block_id, b->block_id)) != 0)
    return cmp;
  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  if (a->end != b->end)
    return a->end < b->end ? -1 : 1;
  if ((cmp = strcmp (a->language, b->language)) != 0)
    return cmp;
  if (a->created != b->created)
    return a->created < b->created ? -1 : 1;
  return strcmp (a->id, b->id);
}

static KfHighlight *
find_highlight (KfAnnotations *self,
                const char    *id,
                guint         *index)
{
  for (guint i = 0; i < self->highlights->len; i++)
    {
      KfHighlight *h = g_ptr_array_index (self->highlights, i);

      if (strcmp (h->id, id) == 0)
        {
          if (index)
            *index = i;
          return h;
        }
    }
  return NULL;
}

/**
 * kf_annotations_add_highlight:
 * @language: (nullable): the language @start and @end refer to; %NULL or "" for the
 *   document's own
 * @start: the first character, counted in characters of the block's text
 * @end: the character after the last
 * @note: (nullable): the reader's note
 *
 * Returns: (transfer none): the new highlight, valid until it is removed
 */
const KfHighlight *
kf_annotations_add_highlight (KfAnnotations    *self,
                              const char       *node_id,
                              const char       *block_id,
                              const char       *language,
                              guint             start,
                              guint             end,
                              const char       *quote,
                              KfHighlightColor  color,
                              const char       *note)
{
  KfHighlight *h;

  g_return_val_if_fail (KF_IS_ANNOTATIONS (self), NULL);
  g_return_val_if_fail (node_id != NULL && node_id[0] != '\0', NULL);
  g_return_val_if_fail (block_id != NULL && block_id[0] != '\0', NULL);
  g_return_val_if_fail (start <= end, NULL);
  g_return_val_if_fail (quote != NULL, NULL);
  g_return_val_if_fail (color < KF_N_HIGHLIGHT_COLORS, NULL);
  g_return_val_if_fail (g_utf8_validate (node_id, -1, NULL) && g_utf8_validate (block_id, -1, NULL), NULL);
  g_return_val_if_fail (language == NULL || g_utf8_validate (language, -1, NULL), NULL);
  g_return_val_if_fail (g_utf8_validate (quote, -1, NULL), NULL);
  g_return_val_if_fail (note == NULL || g_utf8_validate (note, -1, NULL), NULL);

  h = g_new0 (KfHighlight, 1);
  do
    {
      g_free (h->id);
      h->id = g_uuid_string_random ();
    }
  while (find_highlight (self, h->id, NULL) != NULL);
  h->node_id = g_strdup (node_id);
  h->block_id = g_strdup (block_id);
  h->language = g_strdup (language ? language : "");
  h->start = start;
  h->end = end;
  h->quote = g_strdup (quote);
  h->note = g_strdup (note);
  h->color = color;
  h->created = g_get_real_time () / G_USEC_PER_SEC;

  g_ptr_array_add (self->highlights, h);
  emit_changed (self);
  return h;
}

/**
 * kf_annotations_lookup_highlight:
 *
 * Returns: (transfer none) (nullable): the highlight with @id
 */
const KfHighlight *
kf_annotations_lookup_highlight (KfAnnotations *self,
                                 const char    *id)
{
  g_return_val_if_fail (KF_IS_ANNOTATIONS (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return find_highlight (self, id, NULL);
}

/**
 * kf_annotations_update_highlight:
 * @note: (nullable): the new note, %NULL for none
 *
 * Returns: %TRUE if there is a highlight with @id
 */
gboolean
kf_annotations_update_highlight (KfAnnotations    *self,
                                 const char       *id,
                                 KfHighlightColor  color,
                                 const char       *note)
{
  KfHighlight *h;

  g_return_val_if_fail (KF_IS_ANNOTATIONS (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (color < KF_N_HIGHLIGHT_COLORS, FALSE);
  g_return_val_if_fail (note == NULL || g_utf8_validate (note, -1, NULL), FALSE);

  if ((h = find_highlight (self, id, NULL)) == NULL)
    return FALSE;
  if (h->color == color && g_strcmp0 (h->note, note) == 0)
    return TRUE;

  h->color = color;
  g_free (h->note);
  h->note = g_strdup (note);
  emit_changed (self);
  return TRUE;
}

/**
 * kf_annotations_remove_highlight:
 *
 * Returns: %TRUE if there was a highlight with @id
 */
gboolean
kf_annotations_remove_highlight (KfAnnotations *self,
                                 const char    *id)
{
  guint index;

  g_return_val_if_fail (KF_IS_ANNOTATIONS (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (find_highlight (self, id, &index) == NULL)
    return FALSE;
  g_ptr_array_remove_index (self->highlights, index);
  emit_changed (self);
  return TRUE;
}

/**
 * kf_annotations_get_highlights:
 * @node_id: (nullable): only the highlights on this outline node, or %NULL for all
 *
 * Returns: (transfer container) (element-type KfHighlight): the highlights, ordered by node,
 *   then block, then start offset; valid until the next change
 */
GPtrArray *
kf_annotations_get_highlights (KfAnnotations *self,
                               const char    *node_id)
{
  GPtrArray *result;

  g_return_val_if_fail (KF_IS_ANNOTATIONS (self), NULL);

  result = g_ptr_array_sized_new (self->highlights->len);
  for (guint i = 0; i < self->highlights->len; i++)
    {
      KfHighlight *h = g_ptr_array_index (self->highlights, i);

      if (node_id == NULL || strcmp (h->node_id, node_id) == 0)
        g_ptr_array_add (result, h);
    }
  g_ptr_array_sort (result, compare_highlights);
  return result;
}

/* --- saving ----------------------------------------------------------------------------- */

static char *
to_json (KfAnnotations *self,
         gsize         *length)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

#define MEMBER(name, value) G_STMT_START { \
    json_builder_set_member_name (b, name); json_builder_add_string_value (b, value); \
  } G_STMT_END
#define INT_MEMBER(name, value) G_STMT_START { \
    json_builder_set_member_name (b, name); json_builder_add_int_value (b, value); \
  } G_STMT_END

  json_builder_begin_object (b);
  MEMBER ("format", KF_ANNOTATIONS_FORMAT);
  INT_MEMBER ("version", KF_ANNOTATIONS_VERSION);
  MEMBER ("document", self->document_id);
  MEMBER ("content_hash", self->content_hash);

  json_builder_set_member_name (b, "bookmarks");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->bookmarks->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (self->bookmarks, i));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "highlights");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->highlights->len; i++)
    {
      const KfHighlight *h = g_ptr_array_index (self->highlights, i);

      json_builder_begin_object (b);
      MEMBER ("id", h->id);
      MEMBER ("node_id", h->node_id);
      MEMBER ("block_id", h->block_id);
      MEMBER ("language", h->language);
      INT_MEMBER ("start", h->start);
      INT_MEMBER ("end", h->end);
      MEMBER ("quote", h->quote);
      json_builder_set_member_name (b, "note");
      if (h->note)
        json_builder_add_string_value (b, h->note);
      else
        json_builder_add_null_value (b);
      MEMBER ("color", kf_highlight_color_to_string (h->color));
      INT_MEMBER ("created", h->created);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

#undef MEMBER
#undef INT_MEMBER

  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, length);
}

/**
 * kf_annotations_save:
 *
 * Writes the annotations to kf_annotations_get_path(), atomically and durably: after a crash
 * at any moment the file holds either the previous state or the new one.
 *
 * Returns: %TRUE on success
 */
gboolean
kf_annotations_save (KfAnnotations  *self,
                     GError        **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (KF_IS_ANNOTATIONS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->keep_file)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Not saving over %s: it could not be read, nor moved aside", self->path);
      return FALSE;
    }

  data = to_json (self, &length);

  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not create %s: %s", self->dir, g_strerror (saved_errno));
      return FALSE;
    }

  return g_file_set_contents_full (self->path, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

/* --- Markdown --------------------------------------------------------------------------- */

/* A node's title; a section's after its theme's, since every theme has a "Since 2012". */
static char *
node_heading (KfDocument   *document,
              const KfNode *node)
{
  g_autofree char *title = kf_render_node_title (document, node, NULL);

  if (node->kind == KF_NODE_SECTION && node->parent != NULL)
    {
      g_autofree char *parent = kf_render_node_title (document, node->parent, NULL);

      return g_strdup_printf ("%s \xE2\x80\x94 %s", parent, title);
    }
  return g_steal_pointer (&title);
}

static void
append_heading (GString    *out,
                const char *marks,
                const char *text)
{
  g_string_append_printf (out, "\n%s ", marks);
  kf_markdown_append_escaped (out, text, -1, KF_MARKDOWN_INLINE, NULL);
  g_string_append_c (out, '\n');
}

static void
append_highlight (GString           *out,
                  const KfHighlight *h)
{
  g_string_append (out, "\n> ");
  kf_markdown_append_escaped (out, h->quote, -1, KF_MARKDOWN_MULTILINE | KF_MARKDOWN_LINE_START, "> ");
  g_string_append_c (out, '\n');
  if (h->note && h->note[0] != '\0')
    {
      g_string_append_c (out, '\n');
      kf_markdown_append_escaped (out, h->note, -1, KF_MARKDOWN_MULTILINE | KF_MARKDOWN_LINE_START, NULL);
      g_string_append_c (out, '\n');
    }
}

static void
append_node_notes (KfAnnotations *self,
                   KfDocument    *document,
                   const KfNode  *node,
                   GString       *out)
{
  g_autoptr(GPtrArray) highlights = kf_annotations_get_highlights (self, node->id);

  if (highlights->len > 0)
    {
      g_autofree char *title = node_heading (document, node);

      append_heading (out, "##", title);
      for (guint i = 0; i < highlights->len; i++)
        append_highlight (out, g_ptr_array_index (highlights, i));
    }
  for (guint i = 0; i < node->n_children; i++)
    append_node_notes (self, document, node->children[i], out);
}

/**
 * kf_annotations_to_markdown:
 * @document: the document the annotations belong to, for its titles
 *
 * The reader's notes as Markdown: the document's title, the bookmarks, then for each outline
 * node with highlights its title and each highlight as a quote followed by its note. All text
 * is escaped, so that no note or quote can turn into markup.
 *
 * Returns: (transfer full): the Markdown text
 */
char *
kf_annotations_to_markdown (KfAnnotations *self,
                            KfDocument    *document)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) orphans = NULL;
  g_autofree char *title = NULL;
  const KfNode *root;
  GString *out;

  g_return_val_if_fail (KF_IS_ANNOTATIONS (self), NULL);
  g_return_val_if_fail (KF_IS_DOCUMENT (document), NULL);

  root = kf_document_get_root (document);
  title = kf_render_node_title (document, root, NULL);
  out = g_string_new ("# ");
  kf_markdown_append_escaped (out, title, -1, KF_MARKDOWN_INLINE, NULL);
  g_string_append_c (out, '\n');

  if (self->bookmarks->len > 0)
    {
      append_heading (out, "##", "Bookmarks");
      g_string_append_c (out, '\n');
      for (guint i = 0; i < self->bookmarks->len; i++)
        {
          const char *id = g_ptr_array_index (self->bookmarks, i);
          const KfNode *node = kf_document_lookup_node (document, id);
          g_autofree char *node_title = node ? node_heading (document, node) : NULL;

          g_string_append (out, "- ");
          kf_markdown_append_escaped (out, node_title ? node_title : id, -1,
                                      KF_MARKDOWN_INLINE | KF_MARKDOWN_LINE_START, NULL);
          g_string_append_c (out, '\n');
        }
    }

  append_node_notes (self, document, root, out);

  /* highlights on nodes the document no longer has, under their node id */
  all = kf_annotations_get_highlights (self, NULL);
  orphans = g_ptr_array_new ();
  for (guint i = 0; i < all->len; i++)
    {
      const KfHighlight *h = g_ptr_array_index (all, i);

      if (kf_document_lookup_node (document, h->node_id) == NULL)
        g_ptr_array_add (orphans, (gpointer) h);
    }
  for (guint i = 0; i < orphans->len; i++)
    {
      const KfHighlight *h = g_ptr_array_index (orphans, i);
      const KfHighlight *previous = i > 0 ? g_ptr_array_index (orphans, i - 1) : NULL;

      if (previous == NULL || strcmp (previous->node_id, h->node_id) != 0)
        append_heading (out, "##", h->node_id);
      append_highlight (out, h);
    }

  return g_string_free (out, FALSE);
}
