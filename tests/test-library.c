/* test-library.c — the library: documents kept across restarts, removal, progress, and a
 * corrupt index moved aside without losing the documents.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "kf-library.h"

static char *
temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("kaifang-library-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static GFile *
fixture (const char *folder,
         const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", folder, name, NULL);

  return g_file_new_for_path (path);
}

static void
test_keep_and_remove (void)
{
  g_autofree char *dir = temp_dir ();
  g_autoptr(KfLibrary) library = kf_library_new (dir);
  g_autoptr(GFile) json = fixture ("documents", "minimal.json");
  g_autoptr(GFile) text = fixture ("import", "roman.txt");
  g_autoptr(KfDocument) first = NULL;
  g_autoptr(KfDocument) second = NULL;
  g_autoptr(GError) error = NULL;
  const KfLibraryEntry *entry;
  g_autofree char *imported_id = NULL;

  g_assert_null (kf_library_get_recovery_message (library));
  first = kf_library_open_file (library, json, &error);
  g_assert_no_error (error);
  second = kf_library_open_file (library, text, &error);
  g_assert_no_error (error);
  imported_id = g_strdup (kf_document_get_metadata (second)->id);

  entry = kf_library_lookup (library, "minimal");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->title, ==, "A minimal document");
  g_assert_cmpstr (entry->source, ==, "Example");
  g_assert_cmpstr (entry->date, ==, "2024-12-27");
  g_assert_cmpstr (entry->language, ==, "en");
  g_assert_true (g_file_test (entry->path, G_FILE_TEST_IS_REGULAR));

  /* progress: two of the outline's nodes visited */
  kf_library_visit (library, first, "first");
  kf_library_visit (library, first, "first-a");
  kf_library_visit (library, first, "first");
  entry = kf_library_lookup (library, "minimal");
  g_assert_cmpuint (entry->n_visited, ==, 2);
  g_assert_cmpstr (entry->last_node, ==, "first");
  g_assert_cmpfloat (kf_library_entry_get_progress (entry), >, 0.0);
  g_assert_cmpfloat (kf_library_entry_get_progress (entry), <, 1.0);

  /* a "restart": everything is there again, and opens without the originals */
  g_clear_object (&library);
  library = kf_library_new (dir);
  entry = kf_library_lookup (library, "minimal");
  g_assert_nonnull (entry);
  g_assert_cmpuint (entry->n_visited, ==, 2);
  g_assert_cmpstr (entry->last_node, ==, "first");
  g_assert_nonnull (kf_library_lookup (library, imported_id));
  {
    g_autoptr(KfDocument) again = kf_library_load (library, imported_id, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (kf_document_get_content_hash (again), ==, kf_document_get_content_hash (second));
  }

  /* removal takes the stored copy too */
  {
    g_autofree char *path = g_strdup (kf_library_lookup (library, "minimal")->path);

    g_assert_true (kf_library_remove (library, "minimal", &error));
    g_assert_no_error (error);
    g_assert_null (kf_library_lookup (library, "minimal"));
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }
  g_clear_object (&library);
  library = kf_library_new (dir);
  g_assert_null (kf_library_lookup (library, "minimal"));
  g_assert_nonnull (kf_library_lookup (library, imported_id));
}

static void
test_refuses_bad_files (void)
{
  g_autofree char *dir = temp_dir ();
  g_autoptr(KfLibrary) library = kf_library_new (dir);
  const char *bad[] = { "bad-type.json", "bad-syntax.json", "bad-empty.json" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GFile) file = fixture ("documents", bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(KfDocument) document = kf_library_open_file (library, file, &error);

      g_assert_null (document);
      g_assert_nonnull (error);
      g_assert_true (strstr (error->message, bad[i]) != NULL);
    }
  /* nothing half-added */
  for (guint i = 0; i < kf_library_get_entries (library)->len; i++)
    g_assert_true (((KfLibraryEntry *) g_ptr_array_index (kf_library_get_entries (library), i))->bundled);
}

static void
test_corrupt_index (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *index = g_build_filename (dir, "library", "index.json", NULL);
  g_autoptr(KfLibrary) library = kf_library_new (dir);
  g_autoptr(GFile) json = fixture ("documents", "minimal.json");
  g_autoptr(KfDocument) document = kf_library_open_file (library, json, NULL);
  const char *garbage[] = { "{\"format\": \"kaifang-library\", \"documents\": [", "\x89PNG\r\n\x1a\n\0\0",
                            "{\"format\": \"kaifang-library\", \"documents\": [{\"id\": 3}]}",
                            "{\"format\": \"kaifang-library\", \"documents\": [{\"id\": \"x\", \"file\": \"../../etc/passwd\"}]}" };

  g_assert_nonnull (document);
  g_clear_object (&library);

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autoptr(GDir) listing = NULL;
      g_autofree char *folder = g_path_get_dirname (index);
      g_autofree char *stored = g_build_filename (dir, "library", "minimal.json", NULL);
      const char *name;
      guint backups = 0;

      g_assert_true (g_file_set_contents (index, garbage[i], i == 1 ? 10 : -1, NULL));
      library = kf_library_new (dir);
      /* the library still works, says what happened, and kept the broken list */
      g_assert_nonnull (kf_library_get_recovery_message (library));
      g_assert_nonnull (strstr (kf_library_get_recovery_message (library), ".corrupt-"));
      g_assert_null (kf_library_lookup (library, "minimal"));
      g_assert_true (kf_library_save (library, NULL));

      listing = g_dir_open (folder, 0, NULL);
      while ((name = g_dir_read_name (listing)))
        backups += g_str_has_prefix (name, "index.json.corrupt-");
      g_assert_cmpuint (backups, >=, 1);
      /* the stored document itself is untouched */
      g_assert_true (g_file_test (stored, G_FILE_TEST_IS_REGULAR));
      g_clear_object (&library);
      g_usleep (1100000);   /* backups are named by the second */
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/library/keep-and-remove", test_keep_and_remove);
  g_test_add_func ("/library/refuses-bad-files", test_refuses_bad_files);
  g_test_add_func ("/library/corrupt-index", test_corrupt_index);

  return g_test_run ();
}
