/* kf-library.c — the reader's library: opened and imported documents, and reading progress
 *
 * DATA_DIR/library/index.json lists the documents; each opened or imported document is kept
 * as DATA_DIR/library/ID.json, so that it opens again even if the original moves. Files are
 * written atomically. A corrupt index is moved aside, never lost, and the library starts
 * afresh with a message for the reader. The bundled guide is always in the library.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-library"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "kf-importer.h"
#include "kf-library.h"

#define INDEX_FORMAT "kaifang-library"

struct _KfLibrary
{
  GObject     parent_instance;

  char       *data_dir;
  char       *library_dir;
  char       *index_path;
  char       *recovery_message;
  GPtrArray  *entries;     /* KfLibraryEntry, the guide first */
  GHashTable *visited;     /* id → GHashTable of node ids */
};

G_DEFINE_FINAL_TYPE (KfLibrary, kf_library, G_TYPE_OBJECT)

static void
entry_free (gpointer data)
{
  KfLibraryEntry *entry = data;

  if (entry == NULL)
    return;
  g_free (entry->id);
  g_free (entry->title);
  g_free (entry->source);
  g_free (entry->date);
  g_free (entry->language);
  g_free (entry->path);
  g_free (entry->last_node);
  g_free (entry);
}

static void
kf_library_finalize (GObject *object)
{
  KfLibrary *self = (KfLibrary *)object;

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->visited, g_hash_table_unref);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->library_dir, g_free);
  g_clear_pointer (&self->index_path, g_free);
  g_clear_pointer (&self->recovery_message, g_free);

  G_OBJECT_CLASS (kf_library_parent_class)->finalize (object);
}

static void
kf_library_class_init (KfLibraryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kf_library_finalize;
}

static void
kf_library_init (KfLibrary *self)
{
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_hash_table_unref);
}

static guint
count_nodes (const KfNode *node)
{
  guint n = 1;

  for (guint i = 0; i < node->n_children; i++)
    n += count_nodes (node->children[i]);
  return n;
}

static GHashTable *
visited_set (KfLibrary  *self,
             const char *id)
{
  GHashTable *set = g_hash_table_lookup (self->visited, id);

  if (set == NULL)
    {
      set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (self->visited, g_strdup (id), set);
    }
  return set;
}

static KfLibraryEntry *
find_entry (KfLibrary  *self,
            const char *id)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      KfLibraryEntry *entry = g_ptr_array_index (self->entries, i);

      if (g_strcmp0 (entry->id, id) == 0)
        return entry;
    }
  return NULL;
}

static KfLibraryEntry *
entry_for_document (KfLibrary  *self,
                    KfDocument *document)
{
  const KfMetadata *m = kf_document_get_metadata (document);
  KfLibraryEntry *entry = find_entry (self, m->id);

  if (entry == NULL)
    {
      entry = g_new0 (KfLibraryEntry, 1);
      entry->id = g_strdup (m->id);
      entry->added = g_get_real_time () / G_USEC_PER_SEC;
      g_ptr_array_add (self->entries, entry);
    }

  g_free (entry->title);
  entry->title = g_strdup (m->title);
  g_free (entry->source);
  entry->source = g_strdup (m->source_name);
  g_free (entry->date);
  entry->date = g_strdup (m->date);
  g_free (entry->language);
  entry->language = g_strdup (m->language);
  entry->n_nodes = count_nodes (kf_document_get_root (document));

  return entry;
}

static void
add_guide (KfLibrary *self)
{
  g_autoptr(KfDocument) guide = kf_document_load_from_resource (KF_LIBRARY_GUIDE_RESOURCE, NULL);
  KfLibraryEntry *entry;

  /* without the app's resources (core tests, tools) there is no bundled guide */
  if (guide == NULL)
    return;

  entry = entry_for_document (self, guide);
  entry->bundled = TRUE;
  g_clear_pointer (&entry->path, g_free);

  /* the guide comes first */
  if (g_ptr_array_index (self->entries, 0) != entry)
    {
      g_ptr_array_steal_index (self->entries, self->entries->len - 1);
      g_ptr_array_insert (self->entries, 0, entry);
    }
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Parses the index; FALSE if it is not a library index of ours (then nothing is added). */
static gboolean
parse_index (KfLibrary  *self,
             const char *data,
             gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (entry_free);
  JsonObject *root;
  JsonArray *documents;

  if (!g_utf8_validate_len (data, length, NULL) ||
      !json_parser_load_from_data (parser, data, length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;

  root = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (member_string (root, "format"), INDEX_FORMAT) != 0 ||
      !json_object_has_member (root, "documents") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "documents")))
    return FALSE;

  documents = json_object_get_array_member (root, "documents");
  for (guint i = 0; i < json_array_get_length (documents); i++)
    {
      JsonNode *node = json_array_get_element (documents, i);
      JsonObject *object;
      KfLibraryEntry *entry;
      const char *id, *file;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return FALSE;
      object = json_node_get_object (node);
      id = member_string (object, "id");
      file = member_string (object, "file");
      if (id == NULL || (file != NULL && (strchr (file, '/') != NULL || file[0] == '.')))
        return FALSE;

      entry = g_new0 (KfLibraryEntry, 1);
      entry->id = g_strdup (id);
      entry->title = g_strdup (member_string (object, "title"));
      entry->source = g_strdup (member_string (object, "source"));
      entry->date = g_strdup (member_string (object, "date"));
      entry->language = g_strdup (member_string (object, "language"));
      entry->last_node = g_strdup (member_string (object, "last_node"));
      entry->path = file ? g_build_filename (self->library_dir, file, NULL) : NULL;
      entry->bundled = file == NULL;
      entry->n_nodes = (guint) json_object_get_int_member_with_default (object, "nodes", 0);
      entry->added = json_object_get_int_member_with_default (object, "added", 0);
      g_ptr_array_add (entries, entry);

      if (json_object_has_member (object, "visited") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "visited")))
        {
          JsonArray *visited = json_object_get_array_member (object, "visited");
          GHashTable *set = visited_set (self, id);

          for (guint j = 0; j < json_array_get_length (visited); j++)
            {
              JsonNode *v = json_array_get_element (visited, j);

              if (JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_STRING)
                g_hash_table_add (set, g_strdup (json_node_get_string (v)));
            }
          entry->n_visited = g_hash_table_size (set);
        }
    }

  /* drop entries whose stored copy has gone */
  for (guint i = 0; i < entries->len; i++)
    {
      KfLibraryEntry *entry = g_ptr_array_index (entries, i);

      if (entry->bundled || g_file_test (entry->path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (self->entries, g_steal_pointer (&entries->pdata[i]));
    }

  return TRUE;
}

static void
move_aside (KfLibrary  *self,
            const char *why)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *backup = g_strdup_printf ("%s.corrupt-%s", self->index_path, stamp);

  if (g_rename (self->index_path, backup) == 0)
    self->recovery_message =
      g_strdup_printf ("The library list could not be read (%s). It was kept as %s and a new "
                       "list was started; your documents are still in %s.",
                       why, backup, self->library_dir);
  else
    self->recovery_message =
      g_strdup_printf ("The library list could not be read (%s) and could not be moved aside: %s",
                       why, g_strerror (errno));
  g_message ("%s", self->recovery_message);
}

/**
 * kf_library_new:
 * @data_dir: usually g_get_user_data_dir()/kaifang
 *
 * Returns: (transfer full): the library, always usable
 */
KfLibrary *
kf_library_new (const char *data_dir)
{
  KfLibrary *self = g_object_new (KF_TYPE_LIBRARY, NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  self->data_dir = g_strdup (data_dir);
  self->library_dir = g_build_filename (data_dir, "library", NULL);
  self->index_path = g_build_filename (self->library_dir, "index.json", NULL);

  if (g_file_get_contents (self->index_path, &data, &length, &error))
    {
      if (!parse_index (self, data, length))
        {
          g_ptr_array_set_size (self->entries, 0);
          g_hash_table_remove_all (self->visited);
          move_aside (self, "it is not a valid library list");
        }
    }
  else if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    move_aside (self, error->message);

  add_guide (self);
  return self;
}

const char *
kf_library_get_recovery_message (KfLibrary *self)
{
  g_return_val_if_fail (KF_IS_LIBRARY (self), NULL);
  return self->recovery_message;
}

const char *
kf_library_get_data_dir (KfLibrary *self)
{
  g_return_val_if_fail (KF_IS_LIBRARY (self), NULL);
  return self->data_dir;
}

/* Returns: (transfer none) (element-type KfLibraryEntry): the entries, the guide first */
GPtrArray *
kf_library_get_entries (KfLibrary *self)
{
  g_return_val_if_fail (KF_IS_LIBRARY (self), NULL);
  return self->entries;
}

const KfLibraryEntry *
kf_library_lookup (KfLibrary  *self,
                   const char *id)
{
  g_return_val_if_fail (KF_IS_LIBRARY (self), NULL);
  return find_entry (self, id);
}

double
kf_library_entry_get_progress (const KfLibraryEntry *entry)
{
  g_return_val_if_fail (entry != NULL, 0);
  if (entry->n_nodes == 0)
    return 0;
  return MIN (1.0, (double) entry->n_visited / entry->n_nodes);
}

static gboolean
looks_like_json (const char *data,
                 gsize       length)
{
  gsize i = 0;

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < length && g_ascii_isspace (data[i]))
    i++;
  return i < length && data[i] == '{';
}

/**
 * kf_document_open_file:
 * @json: (out) (optional): the document as kaifang-document JSON
 *
 * Opens a kaifang-document (.json) or imports a text or Markdown file (.txt, .md).
 *
 * Returns: (transfer full) (nullable): the document
 */
KfDocument *
kf_document_open_file (GFile   *file,
                       char   **json,
                       gsize   *json_length,
                       GError **error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *contents = NULL;
  g_autofree char *imported = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  KfDocument *document;
  gboolean is_json;
  gsize length;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL,
                            &local_error);
  if (info == NULL)
    {
      g_set_error (error, G_IO_ERROR, local_error->code, "%s: %s", name, local_error->message);
      return NULL;
    }
  if (g_file_info_get_size (info) > KF_DOCUMENT_MAX_SIZE)
    {
      g_set_error (error, KF_DOCUMENT_ERROR, KF_DOCUMENT_ERROR_TOO_LARGE,
                   "%s: the file is too large (the limit is %d MiB)", name,
                   KF_DOCUMENT_MAX_SIZE / (1024 * 1024));
      return NULL;
    }
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, G_IO_ERROR, local_error->code, "%s: %s", name, local_error->message);
      return NULL;
    }

  is_json = g_str_has_suffix (name, ".json") ||
            (!g_str_has_suffix (name, ".txt") && !g_str_has_suffix (name, ".md") &&
             !g_str_has_suffix (name, ".markdown") && looks_like_json (contents, length));

  if (!is_json)
    {
      imported = kf_import_to_json (contents, length, name, error);
      if (imported == NULL)
        return NULL;
      g_free (contents);
      contents = g_steal_pointer (&imported);
      length = strlen (contents);
    }

  document = kf_document_load_from_data (contents, length, name, error);
  if (document != NULL && json != NULL)
    {
      *json = g_steal_pointer (&contents);
      if (json_length)
        *json_length = length;
    }
  return document;
}

/**
 * kf_library_open_file:
 *
 * Opens or imports @file and keeps a copy in the library.
 *
 * Returns: (transfer full) (nullable): the document
 */
KfDocument *
kf_library_open_file (KfLibrary  *self,
                      GFile      *file,
                      GError    **error)
{
  g_autoptr(KfDocument) document = NULL;
  g_autofree char *json = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *path = NULL;
  KfLibraryEntry *entry;
  gsize length = 0;

  g_return_val_if_fail (KF_IS_LIBRARY (self), NULL);

  document = kf_document_open_file (file, &json, &length, error);
  if (document == NULL)
    return NULL;

  entry = find_entry (self, kf_document_get_metadata (document)->id);
  if (entry != NULL && entry->bundled)
    return g_steal_pointer (&document);   /* the guide itself: nothing to keep */

  if (g_mkdir_with_parents (self->library_dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", self->library_dir,
                   g_strerror (errno));
      return NULL;
    }

  file_name = g_strconcat (kf_document_get_metadata (document)->id, ".json", NULL);
  path = g_build_filename (self->library_dir, file_name, NULL);
  if (!g_file_set_contents_full (path, json, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, error))
    return NULL;

  entry = entry_for_document (self, document);
  g_free (entry->path);
  entry->path = g_steal_pointer (&path);

  if (!kf_library_save (self, error))
    return NULL;

  return g_steal_pointer (&document);
}

KfDocument *
kf_library_load (KfLibrary   *self,
                 const char  *id,
                 GError     **error)
{
  KfLibraryEntry *entry;

  g_return_val_if_fail (KF_IS_LIBRARY (self), NULL);

  entry = find_entry (self, id);
  if (entry == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No document “%s” in the library", id);
      return NULL;
    }
  if (entry->bundled)
    return kf_document_load_from_resource (KF_LIBRARY_GUIDE_RESOURCE, error);
  return kf_document_load_from_path (entry->path, error);
}

gboolean
kf_library_remove (KfLibrary   *self,
                   const char  *id,
                   GError     **error)
{
  KfLibraryEntry *entry;

  g_return_val_if_fail (KF_IS_LIBRARY (self), FALSE);

  entry = find_entry (self, id);
  if (entry == NULL)
    return TRUE;
  if (entry->bundled)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "The bundled guide is always in the library");
      return FALSE;
    }

  if (entry->path && g_unlink (entry->path) != 0 && errno != ENOENT)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", entry->path,
                   g_strerror (errno));
      return FALSE;
    }
  g_hash_table_remove (self->visited, id);
  g_ptr_array_remove (self->entries, entry);

  return kf_library_save (self, error);
}

/* Records that the reader opened @node_id of @document; the library entry's progress is the
 * share of the outline's nodes visited. Saves the library. */
void
kf_library_visit (KfLibrary  *self,
                  KfDocument *document,
                  const char *node_id)
{
  const char *id;
  KfLibraryEntry *entry;
  GHashTable *set;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KF_IS_LIBRARY (self));
  g_return_if_fail (KF_IS_DOCUMENT (document));

  id = kf_document_get_metadata (document)->id;
  entry = find_entry (self, id);
  if (entry == NULL)
    return;   /* only library documents keep progress */

  set = visited_set (self, id);
  g_hash_table_add (set, g_strdup (node_id));
  entry->n_visited = g_hash_table_size (set);
  entry->n_nodes = count_nodes (kf_document_get_root (document));
  g_free (entry->last_node);
  entry->last_node = g_strdup (node_id);

  if (!kf_library_save (self, &error))
    g_warning ("Could not save the library: %s", error->message);
}

gboolean
kf_library_save (KfLibrary  *self,
                 GError    **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (KF_IS_LIBRARY (self), FALSE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, INDEX_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "documents");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->entries->len; i++)
    {
      KfLibraryEntry *entry = g_ptr_array_index (self->entries, i);
      GHashTable *set = g_hash_table_lookup (self->visited, entry->id);

#define STRING_MEMBER(name, value) \
      if (value) { json_builder_set_member_name (builder, name); json_builder_add_string_value (builder, value); }
      json_builder_begin_object (builder);
      STRING_MEMBER ("id", entry->id);
      STRING_MEMBER ("title", entry->title);
      STRING_MEMBER ("source", entry->source);
      STRING_MEMBER ("date", entry->date);
      STRING_MEMBER ("language", entry->language);
      STRING_MEMBER ("last_node", entry->last_node);
      if (!entry->bundled && entry->path)
        {
          g_autofree char *file = g_path_get_basename (entry->path);

          STRING_MEMBER ("file", file);
        }
#undef STRING_MEMBER
      json_builder_set_member_name (builder, "nodes");
      json_builder_add_int_value (builder, entry->n_nodes);
      json_builder_set_member_name (builder, "added");
      json_builder_add_int_value (builder, entry->added);
      json_builder_set_member_name (builder, "visited");
      json_builder_begin_array (builder);
      if (set)
        {
          GHashTableIter iter;
          gpointer key;

          g_hash_table_iter_init (&iter, set);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            json_builder_add_string_value (builder, key);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  data = json_generator_to_data (generator, &length);

  if (g_mkdir_with_parents (self->library_dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", self->library_dir,
                   g_strerror (errno));
      return FALSE;
    }

  return g_file_set_contents_full (self->index_path, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}
