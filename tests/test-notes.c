/* test-notes.c — highlights and notes made on a selection in the real page, bookmarks, and
 * that they are there again after a restart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "kf-test-ui.h"

static KfDocument *guide;
static char *data_home;

static gboolean
has_selection (gpointer data)
{
  return kf_detail_view_get_selection (kf_window_get_detail_view (data), NULL, NULL, NULL, NULL);
}

static char *
note_in_page (KfWindow *window)
{
  return kf_test_ui_eval (window,
    "(() => { const m = document.querySelector('mark.kf-note');"
    "  return m ? m.className + '|' + m.textContent + '|' + (m.title || '') : ''; })()");
}

static gboolean
page_has_note (gpointer data)
{
  g_autofree char *note = note_in_page (data);

  return note && note[0];
}

static void
test_note_survives_restart (void)
{
  const char *node = "voluntary-since-2012";
  KfWindow *window = kf_test_ui_new_window (guide);
  g_autofree char *selected = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *block;
  guint start, end;

  kf_test_ui_wait_page (window, kf_document_get_root (guide)->id);
  g_assert_true (kf_window_select_node (window, node, NULL));
  kf_test_ui_wait_page (window, node);

  /* the reader selects characters 4 to 16 of the first key point */
  selected = kf_test_ui_eval (window,
    "(() => { const p = document.querySelector('li[data-block]');"
    "  const t = document.createTreeWalker(p, NodeFilter.SHOW_TEXT).nextNode();"
    "  const r = document.createRange(); r.setStart(t, 4); r.setEnd(t, 16);"
    "  const s = getSelection(); s.removeAllRanges(); s.addRange(r); return r.toString(); })()");
  g_assert_true (kf_test_ui_wait_for (has_selection, window, 5000));
  g_assert_true (kf_detail_view_get_selection (kf_window_get_detail_view (window), &block, &start, &end, NULL));
  g_assert_cmpuint (start, ==, 4);
  g_assert_cmpuint (end, ==, 16);
  g_assert_true (g_str_has_prefix (block, "sections/voluntary-since-2012/blocks/"));

  g_assert_true (kf_window_highlight_selection (window, "green", "Compare with the 2013 zone"));
  g_assert_true (kf_test_ui_wait_for (page_has_note, window, 5000));
  before = note_in_page (window);
  g_assert_cmpstr (before, ==, g_strconcat ("kf-note kf-note-green|", selected, "|Compare with the 2013 zone", NULL));

  /* bookmark the page too */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.bookmark", NULL));

  kf_test_ui_destroy (window);

  /* "restart": a new window on the same document and data */
  window = kf_test_ui_new_window (guide);
  kf_test_ui_wait_page (window, kf_document_get_root (guide)->id);
  g_assert_true (kf_window_select_node (window, node, NULL));
  kf_test_ui_wait_page (window, node);
  g_assert_true (kf_test_ui_wait_for (page_has_note, window, 5000));
  after = note_in_page (window);
  g_assert_cmpstr (after, ==, before);

  /* the notes list names the bookmark and the highlight */
  {
    GtkWidget *w;
    guint rows = 0;

    /* the Notes page: a list box labelled for assistive technologies */
    for (w = GTK_WIDGET (window); w; )
      {
        GtkWidget *next = gtk_widget_get_first_child (w);

        if (GTK_IS_LIST_BOX (w) && g_strcmp0 (gtk_widget_get_name (w), "GtkListBox") == 0)
          {
            /* count rows of every list; the notes list has at least the two notes */
            for (GtkWidget *row = gtk_widget_get_first_child (w); row; row = gtk_widget_get_next_sibling (row))
              if (ADW_IS_ACTION_ROW (row) &&
                  (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              g_strconcat ("“", selected, "”", NULL)) == 0 ||
                   g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Bookmark") == 0))
                rows++;
          }
        if (next == NULL)
          {
            while (w && gtk_widget_get_next_sibling (w) == NULL && w != GTK_WIDGET (window))
              w = gtk_widget_get_parent (w);
            w = (w && w != GTK_WIDGET (window)) ? gtk_widget_get_next_sibling (w) : NULL;
          }
        else
          w = next;
      }
    g_assert_cmpuint (rows, ==, 2);
  }

  kf_test_ui_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  /* a data directory of this run's own, before GLib reads it */
  data_home = g_dir_make_tmp ("kaifang-notes-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  kf_test_ui_init (&argc, &argv);
  guide = kf_document_load_from_resource (RESOURCE_BASE_PATH "/guide/kaifang-guide.json", &error);
  g_assert_no_error (error);

  g_test_add_func ("/notes/survive-restart", test_note_survives_restart);
  return g_test_run ();
}
