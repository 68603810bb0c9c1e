/* test-regressions.c — the inputs that the fuzz targets found (tests/fixtures/regressions/),
 * replayed: each must be refused with an error or load and render, without a crash, a leak or
 * markup that only unescaped text could produce
 *
 *   *.json        through the loader, then every page, the outline, the POT and the exports
 *   *.txt, *.md   through the importer first (as "fuzz.txt" or "fuzz.md", as fuzz-importer does)
 *   *.mo          as a catalog, then lookups
 *
 * The checks are the fuzz targets' own (fuzz/fuzz-common.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kf-importer.h"
#include "fuzz/fuzz-common.h"

static void
replay_document (const char *data,
                 gsize       length,
                 const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KfDocument) doc = kf_document_load_from_data (data, length, name, &error);

  if (doc == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (g_str_has_prefix (error->message, name));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_test_message ("refused: %s", error->message);
      return;
    }
  g_assert_no_error (error);
  kf_fuzz_exercise_document (doc, NULL);
}

static void
replay_import (const char *data,
               gsize       length,
               const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = kf_import_to_json (data, length, name, &error);
  g_autoptr(KfDocument) doc = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *node_json = NULL;
  g_autoptr(KfDocument) node_doc = NULL;

  if (json == NULL)
    {
      g_assert_nonnull (error);
      g_test_message ("refused: %s", error->message);
      return;
    }
  g_assert_no_error (error);

  /* what the importer writes, the loader takes */
  doc = kf_document_load_from_data (json, strlen (json), "imported.json", &error);
  g_assert_no_error (error);
  kf_fuzz_exercise_document (doc, NULL);

  /* and so does the JsonNode flavour, serialized by json-glib */
  root = kf_import_text (data, length, name, &error);
  g_assert_no_error (error);
  node_json = json_to_string (root, FALSE);
  node_doc = kf_document_load_from_data (node_json, strlen (node_json), "imported.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kf_document_get_n_figures (node_doc), ==, kf_document_get_n_figures (doc));
}

static void
replay_catalog (const char *data,
                gsize       length)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, length);
  g_autoptr(GError) error = NULL;
  g_autoptr(KfCatalog) catalog = kf_catalog_new_from_bytes (bytes, "fr", &error);

  if (catalog == NULL)
    {
      g_assert_error (error, KF_CATALOG_ERROR, KF_CATALOG_ERROR_INVALID);
      return;
    }
  (void) kf_catalog_get_size (catalog);
  (void) kf_catalog_gettext (catalog, "Glossary");
  (void) kf_catalog_pgettext (catalog, "metadata/title", "");
}

static void
test_replay (gconstpointer user_data)
{
  const char *path = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);

  if (g_str_has_suffix (path, ".json"))
    replay_document (data, length, "fuzz.json");
  else if (g_str_has_suffix (path, ".md"))
    replay_import (data, length, "fuzz.md");
  else if (g_str_has_suffix (path, ".txt"))
    replay_import (data, length, "fuzz.txt");
  else if (g_str_has_suffix (path, ".mo"))
    replay_catalog (data, length);
  else
    g_assert_not_reached ();
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
test_none (void)
{
  g_test_skip ("tests/fixtures/regressions/ holds no inputs yet");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir_path = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;

  g_test_init (&argc, &argv, NULL);

  dir_path = g_test_build_filename (G_TEST_DIST, "fixtures", "regressions", NULL);
  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json") || g_str_has_suffix (name, ".md") ||
        g_str_has_suffix (name, ".txt") || g_str_has_suffix (name, ".mo"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *test_path = g_strconcat ("/regressions/", file, NULL);

      g_test_add_data_func_full (test_path, g_build_filename (dir_path, file, NULL),
                                 test_replay, g_free);
    }
  if (names->len == 0)
    g_test_add_func ("/regressions/none", test_none);

  return g_test_run ();
}
