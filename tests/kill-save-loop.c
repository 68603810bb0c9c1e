/* kill-save-loop.c — saves annotations over and over, to be killed at a random moment
 *
 *   kill-save-loop save DATA_DIR COUNT   loads the annotations, then COUNT times: adds a
 *                                        highlight and a bookmark (dropping the oldest beyond
 *                                        WINDOW), and saves
 *   kill-save-loop check DATA_DIR        exits 0 and prints the number of saves the file holds
 *                                        if it is a complete state of the above, 1 if it is not
 *   kill-save-loop library-save DATA_DIR COUNT
 *                                        keeps a document in the library, then COUNT times
 *                                        records a visit to a new node, which saves the library
 *   kill-save-loop library-check DATA_DIR
 *                                        the same check for the library's list
 *
 * Used by test-annotations (30 kills) and build-aux/kill-loop (as many as asked).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kf-annotations.h"
#include "kf-library.h"

#define DOCUMENT_ID  "kill-test"
#define CONTENT_HASH "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define WINDOW 400

static char *
block_id (guint k)
{
  return g_strdup_printf ("sections/kill/blocks/%u", k);
}

static char *
bookmark_id (guint k)
{
  return g_strdup_printf ("node-%u", k);
}

static char *
quote_for (guint k)
{
  return g_strdup_printf ("Quote %u: «开放» — \"quoted\" \\ <b>", k);
}

/* grows with k, up to a few kilobytes */
static char *
note_for (guint k)
{
  GString *note = g_string_new (NULL);

  g_string_append_printf (note, "Note %u:", k);
  for (guint i = 0; i < k % 64 + 1; i++)
    g_string_append_printf (note, " %u żółć 開放 ✓", i);
  return g_string_free (note, FALSE);
}

/* The state after the save that added highlight @hi - 1: highlights and bookmarks lo … hi - 1,
 * oldest first. Returns @hi, or -1 if the annotations are anything else. */
static gint64
check_state (KfAnnotations *annotations)
{
  g_autoptr(GPtrArray) highlights = kf_annotations_get_highlights (annotations, NULL);
  g_autoptr(GPtrArray) bookmarks = kf_annotations_get_bookmarks (annotations);
  guint n = highlights->len;
  guint lo = G_MAXUINT;
  guint hi;

  if (bookmarks->len != n)
    return -1;
  if (n == 0)
    return 0;

  for (guint i = 0; i < n; i++)
    {
      const KfHighlight *h = g_ptr_array_index (highlights, i);
      guint64 k;

      if (!g_str_has_prefix (h->block_id, "sections/kill/blocks/") ||
          !g_ascii_string_to_unsigned (h->block_id + strlen ("sections/kill/blocks/"), 10, 0,
                                       G_MAXUINT, &k, NULL))
        return -1;
      lo = MIN (lo, k);
    }
  hi = lo + n;
  if (lo != (hi > WINDOW ? hi - WINDOW : 0))
    return -1;

  /* get_highlights() orders them by block, which is by k */
  for (guint i = 0; i < n; i++)
    {
      const KfHighlight *h = g_ptr_array_index (highlights, i);
      guint k = lo + i;
      g_autofree char *block = block_id (k);
      g_autofree char *quote = quote_for (k);
      g_autofree char *note = note_for (k);
      g_autofree char *bookmark = bookmark_id (k);

      if (strcmp (h->block_id, block) != 0 || strcmp (h->node_id, "kill") != 0 ||
          strcmp (h->quote, quote) != 0 || g_strcmp0 (h->note, note) != 0 ||
          h->start != k || h->end != k + 5 || h->color != k % KF_N_HIGHLIGHT_COLORS ||
          strcmp (g_ptr_array_index (bookmarks, i), bookmark) != 0)
        return -1;
    }
  return hi;
}

static int
save_loop (const char *data_dir,
           guint64     count)
{
  g_autoptr(KfAnnotations) annotations = NULL;
  g_autoptr(GError) error = NULL;
  gint64 hi;

  annotations = kf_annotations_load (data_dir, DOCUMENT_ID, CONTENT_HASH, &error);
  if (annotations == NULL)
    {
      g_printerr ("kill-save-loop: %s\n", error->message);
      return 2;
    }
  if (kf_annotations_get_recovery_message (annotations))
    {
      g_printerr ("kill-save-loop: %s\n", kf_annotations_get_recovery_message (annotations));
      return 3;
    }
  if ((hi = check_state (annotations)) < 0)
    {
      g_printerr ("kill-save-loop: the file does not hold a complete state\n");
      return 3;
    }

  for (guint64 i = 0; i < count; i++, hi++)
    {
      g_autofree char *block = block_id (hi);
      g_autofree char *quote = quote_for (hi);
      g_autofree char *note = note_for (hi);
      g_autofree char *bookmark = bookmark_id (hi);

      kf_annotations_add_highlight (annotations, "kill", block, "", hi, hi + 5, quote,
                                    hi % KF_N_HIGHLIGHT_COLORS, note);
      kf_annotations_set_bookmarked (annotations, bookmark, TRUE);
      if (hi >= WINDOW)
        {
          g_autoptr(GPtrArray) highlights = kf_annotations_get_highlights (annotations, NULL);
          const KfHighlight *oldest = g_ptr_array_index (highlights, 0);
          g_autofree char *old_bookmark = bookmark_id (hi - WINDOW);

          kf_annotations_remove_highlight (annotations, oldest->id);
          kf_annotations_set_bookmarked (annotations, old_bookmark, FALSE);
        }
      if (!kf_annotations_save (annotations, &error))
        {
          g_printerr ("kill-save-loop: %s\n", error->message);
          return 2;
        }
    }
  return 0;
}

static int
check (const char *data_dir)
{
  g_autoptr(KfAnnotations) annotations = NULL;
  g_autoptr(GError) error = NULL;
  gint64 hi;

  annotations = kf_annotations_load (data_dir, DOCUMENT_ID, CONTENT_HASH, &error);
  if (annotations == NULL)
    {
      g_printerr ("kill-save-loop: %s\n", error->message);
      return 2;
    }
  if (kf_annotations_get_recovery_message (annotations))
    {
      g_printerr ("kill-save-loop: %s\n", kf_annotations_get_recovery_message (annotations));
      return 1;
    }
  if ((hi = check_state (annotations)) < 0)
    {
      g_printerr ("kill-save-loop: the file does not hold a complete state\n");
      return 1;
    }
  g_print ("%" G_GINT64_FORMAT "\n", hi);
  return 0;
}

#define LIBRARY_DOCUMENT \
  "{\"format\":\"kaifang-document\",\"version\":1,\"metadata\":{\"id\":\"kill-lib\",\"title\":\"Kill\"," \
  "\"authors\":[\"T\"],\"language\":\"en\",\"date\":\"2024-01-01\",\"attribution\":\"T\"," \
  "\"source\":{\"name\":\"T\",\"url\":\"https://example.org/\"}},\"themes\":[{\"id\":\"t\",\"number\":1," \
  "\"title\":\"T\",\"summary\":\"S\",\"sections\":[{\"id\":\"s\",\"title\":\"S\"," \
  "\"blocks\":[{\"type\":\"paragraph\",\"text\":\"P\"}]}]}]}"

static int
library_save_loop (const char *dir,
                   guint64     count)
{
  g_autoptr(KfLibrary) library = kf_library_new (dir);
  g_autofree char *source = g_build_filename (dir, "source.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (source);
  g_autoptr(KfDocument) document = NULL;
  const KfLibraryEntry *entry;
  guint64 start;

  if (!g_file_set_contents (source, LIBRARY_DOCUMENT, -1, NULL) ||
      (document = kf_library_open_file (library, file, NULL)) == NULL)
    return 1;

  entry = kf_library_lookup (library, "kill-lib");
  start = entry->n_visited;
  for (guint64 k = start; k < start + count; k++)
    {
      g_autofree char *node = g_strdup_printf ("node-%" G_GUINT64_FORMAT, k);

      kf_library_visit (library, document, node);
    }
  return 0;
}

/* A complete state: the visits node-0 … node-(n-1), the last one node-(n-1). */
static int
library_check (const char *dir)
{
  g_autoptr(KfLibrary) library = kf_library_new (dir);
  const KfLibraryEntry *entry;
  g_autofree char *expected = NULL;

  if (kf_library_get_recovery_message (library) != NULL)
    return 1;
  entry = kf_library_lookup (library, "kill-lib");
  if (entry == NULL)
    return 0;   /* killed before the first save */
  if (entry->n_visited == 0)
    return entry->last_node == NULL ? 0 : 1;
  expected = g_strdup_printf ("node-%u", entry->n_visited - 1);
  if (g_strcmp0 (entry->last_node, expected) != 0)
    return 1;
  printf ("%u\n", entry->n_visited);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  guint64 count;

  if (argc == 4 && strcmp (argv[1], "library-save") == 0 &&
      g_ascii_string_to_unsigned (argv[3], 10, 0, G_MAXUINT32, &count, NULL))
    return library_save_loop (argv[2], count);
  if (argc == 3 && strcmp (argv[1], "library-check") == 0)
    return library_check (argv[2]);

  if (argc == 4 && strcmp (argv[1], "save") == 0 &&
      g_ascii_string_to_unsigned (argv[3], 10, 0, G_MAXUINT32, &count, NULL))
    return save_loop (argv[2], count);
  if (argc == 3 && strcmp (argv[1], "check") == 0)
    return check (argv[2]);

  g_printerr ("usage: kill-save-loop save|library-save DATA_DIR COUNT | check|library-check DATA_DIR\n");
  return 2;
}
