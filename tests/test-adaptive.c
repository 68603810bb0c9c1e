/* test-adaptive.c — the window at phone, small laptop and large desktop sizes: the outline
 * folds away on narrow windows and comes back, and everything stays reachable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "kf-test-ui.h"

static KfDocument *guide;
static KfWindow *window;

typedef struct
{
  int width, height;
} Size;

static gboolean
has_size (gpointer data)
{
  Size *size = data;

  int width = gtk_widget_get_width (GTK_WIDGET (window));

  /* the default size includes the client-side decoration's frame */
  return width > 0 && width <= size->width && width >= size->width - 20;
}

/* A new window at that size (without a window manager, a mapped window keeps its size). */
static void
resize (int width,
        int height)
{
  Size size = { width, height };

  if (window)
    kf_test_ui_destroy (window);
  window = kf_test_ui_new_window_sized (guide, width, height);
  g_assert_true (kf_test_ui_wait_for (has_size, &size, 5000));
  kf_test_ui_wait_page (window, kf_document_get_root (guide)->id);
}

static AdwLeaflet *
leaflet (void)
{
  return ADW_LEAFLET (kf_test_ui_find_widget (GTK_WIDGET (window), ADW_TYPE_LEAFLET));
}

static const char *
visible_pane (void)
{
  return adw_leaflet_get_visible_child_name (leaflet ());
}

static void
test_narrow (void)
{
  GtkListView *outline;

  resize (360, 640);
  g_assert_true (adw_leaflet_get_folded (leaflet ()));

  /* the outline, then a theme's page, then back to the outline */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-outline", NULL);
  g_assert_cmpstr (visible_pane (), ==, "outline");
  outline = GTK_LIST_VIEW (kf_test_ui_find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (outline)));

  g_assert_true (kf_window_select_node (window, "voluntary", NULL));
  g_signal_emit_by_name (outline, "activate", 2);  /* Enter on a row */
  g_assert_cmpstr (visible_pane (), ==, "content");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (kf_window_get_detail_view (window))));
  kf_test_ui_wait_page (window, kf_window_get_selected_id (window));

  /* the back button to the outline is shown, and works */
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (gtk_widget_get_ancestor (
    GTK_WIDGET (kf_window_get_detail_view (window)), GTK_TYPE_BOX))));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-outline", NULL);
  g_assert_cmpstr (visible_pane (), ==, "outline");

  /* the page itself fits: no sideways scrolling at 360 px */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-content", NULL);
  {
    g_autofree char *overflow = kf_test_ui_eval (window,
      "String(document.documentElement.scrollWidth <= document.documentElement.clientWidth)");

    g_assert_cmpstr (overflow, ==, "true");
  }
}

static void
test_wide (void)
{
  Size sizes[] = { { 800, 600 }, { 1920, 1080 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      resize (sizes[i].width, sizes[i].height);
      g_assert_false (adw_leaflet_get_folded (leaflet ()));
      /* outline and page side by side */
      g_assert_true (gtk_widget_get_mapped (kf_test_ui_find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW)));
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (kf_window_get_detail_view (window))));
    }
  /* and folding again after being wide */
  resize (360, 640);
  g_assert_true (adw_leaflet_get_folded (leaflet ()));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  kf_test_ui_init (&argc, &argv);
  guide = kf_document_load_from_resource (RESOURCE_BASE_PATH "/guide/kaifang-guide.json", &error);
  g_assert_no_error (error);
  g_test_add_func ("/adaptive/narrow", test_narrow);
  g_test_add_func ("/adaptive/wide", test_wide);

  ret = g_test_run ();
  kf_test_ui_destroy (window);
  g_clear_object (&guide);
  return ret;
}
