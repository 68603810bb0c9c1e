/* screenshots.c — takes the screenshots in data/screenshots/ from the real window, under Xvfb.
 *
 * usage: xvfb-run -a -s "-screen 0 1920x1080x24" dbus-run-session -- screenshots OUTPUT_DIR
 * (build-aux/screenshots does this). Needs ImageMagick's import.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "kf-test-ui.h"

static KfDocument *guide;
static const char *output;

static void
shoot (KfWindow   *window,
       const char *name)
{
  g_autofree char *path = g_build_filename (output, name, NULL);
  g_autofree char *crop = g_strdup_printf ("%dx%d+0+0", gtk_widget_get_width (GTK_WIDGET (window)) + 10,
                                           gtk_widget_get_height (GTK_WIDGET (window)) + 10);
  const char *argv[] = { "import", "-window", "root", "-crop", crop, "+repage", path, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  kf_test_ui_spin (1200);
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("import %s: %s", name, error->message);
  g_print ("%s\n", path);
}

static KfWindow *
open_at (const char *node,
         int         width,
         int         height)
{
  KfWindow *window = kf_test_ui_new_window_sized (guide, width, height);

  kf_test_ui_wait_page (window, kf_document_get_root (guide)->id);
  if (node)
    {
      kf_window_select_node (window, node, NULL);
      kf_test_ui_wait_page (window, node);
    }
  return window;
}

static gboolean
has_selection (gpointer data)
{
  return kf_detail_view_get_selection (kf_window_get_detail_view (data), NULL, NULL, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  AdwStyleManager *style;
  KfWindow *window;

  g_setenv ("XDG_DATA_HOME", g_dir_make_tmp ("kaifang-shots-XXXXXX", NULL), TRUE);
  g_setenv ("XDG_CACHE_HOME", g_dir_make_tmp ("kaifang-shots-XXXXXX", NULL), TRUE);
  kf_test_ui_init (&argc, &argv);
  output = argc > 1 ? argv[1] : ".";
  guide = kf_document_load_from_resource (RESOURCE_BASE_PATH "/guide/kaifang-guide.json", &error);
  g_assert_no_error (error);
  style = adw_style_manager_get_default ();
  settings = g_settings_new (BASE_APP_ID);

  window = open_at ("digital-green", 1100, 720);
  shoot (window, "main.png");
  kf_test_ui_destroy (window);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  window = open_at ("map", 1100, 720);
  shoot (window, "dark.png");
  kf_test_ui_destroy (window);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);

  /* the three sizes of the adaptive layout */
  window = open_at ("timeline", 800, 600);
  shoot (window, "size-800x600.png");
  kf_test_ui_destroy (window);
  window = open_at ("figures", 1920, 1080);
  shoot (window, "size-1920x1080.png");
  kf_test_ui_destroy (window);

  window = open_at ("cooperation", 360, 640);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-content", NULL);
  shoot (window, "narrow.png");
  kf_test_ui_destroy (window);

  g_settings_set_string (settings, "style-variant", "sepia");
  window = open_at ("wellbeing-since-2012", 1100, 720);
  shoot (window, "sepia.png");
  kf_test_ui_destroy (window);
  g_settings_set_string (settings, "style-variant", "follow");

  /* search results, and the chosen one marked in its page */
  window = open_at (NULL, 1100, 720);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  {
    GtkWidget *w = GTK_WIDGET (window);
    GtkWidget *entry = NULL;

    /* the sidebar's search entry is the first one in the tree */
    for (GtkWidget *c = gtk_widget_get_first_child (w); c; )
      {
        if (GTK_IS_SEARCH_ENTRY (c) && gtk_widget_get_ancestor (c, KF_TYPE_DETAIL_VIEW) == NULL)
          {
            entry = c;
            break;
          }
        if (gtk_widget_get_first_child (c))
          c = gtk_widget_get_first_child (c);
        else
          {
            while (c && !gtk_widget_get_next_sibling (c))
              c = gtk_widget_get_parent (c);
            c = c ? gtk_widget_get_next_sibling (c) : NULL;
          }
      }
    g_assert_nonnull (entry);
    kf_test_ui_spin (1500);
    gtk_editable_set_text (GTK_EDITABLE (entry), "free trade");
  }
  kf_test_ui_spin (1500);
  kf_window_select_node (window, "voluntary-since-2012", NULL);
  kf_test_ui_wait_page (window, "voluntary-since-2012");
  kf_detail_view_highlight (kf_window_get_detail_view (window), "free trade");
  shoot (window, "search.png");
  kf_test_ui_destroy (window);

  /* a highlight with a note, and the notes list */
  window = open_at ("institutional-since-2012", 1100, 720);
  g_free (kf_test_ui_eval (window,
    "(() => { const p = document.querySelector('p[data-block]');"
    "  const t = document.createTreeWalker(p, NodeFilter.SHOW_TEXT).nextNode();"
    "  const r = document.createRange(); r.setStart(t, 0); r.setEnd(t, Math.min(t.length, 60));"
    "  const s = getSelection(); s.removeAllRanges(); s.addRange(r); })()"));
  kf_test_ui_wait_for (has_selection, window, 5000);
  kf_window_highlight_selection (window, "yellow", "The starting point: 2012");
  g_free (kf_test_ui_eval (window, "getSelection().removeAllRanges()"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.bookmark", NULL);
  {
    AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_ancestor (
      GTK_WIDGET (gtk_widget_get_first_child (GTK_WIDGET (window))), ADW_TYPE_VIEW_STACK));

    (void) stack;
  }
  shoot (window, "note.png");
  kf_test_ui_destroy (window);

  /* the bilingual view in Chinese */
  window = open_at ("digital-green-since-2012", 1400, 800);
  kf_window_set_reading_language (window, "zh_CN");
  kf_window_set_bilingual (window, TRUE);
  shoot (window, "bilingual.png");
  kf_window_set_bilingual (window, FALSE);
  kf_window_set_reading_language (window, "");
  kf_test_ui_destroy (window);

  return 0;
}
