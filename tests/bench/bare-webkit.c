/* bare-webkit.c — the smallest program of Kaifang's kind, the reference for startup and memory:
 * an AdwApplicationWindow with a header bar and one WebKitWebView that loads one static page.
 * Prints "first-paint-ms N" (since main) when the page has loaded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>
#include <webkit/webkit.h>

static gint64 start;

static void
load_changed_cb (WebKitWebView   *view,
                 WebKitLoadEvent  event,
                 gpointer         user_data)
{
  if (event == WEBKIT_LOAD_FINISHED)
    {
      g_print ("first-paint-ms %" G_GINT64_FORMAT "\n", (g_get_monotonic_time () - start) / 1000);
      fflush (stdout);
    }
}

static void
activate_cb (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *view = webkit_web_view_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (view, TRUE);
  gtk_box_append (GTK_BOX (box), view);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  g_signal_connect (view, "load-changed", G_CALLBACK (load_changed_cb), NULL);
  webkit_web_view_load_html (WEBKIT_WEB_VIEW (view),
                             "<!DOCTYPE html><html><body><h1>Bare</h1>"
                             "<p>One static page in one web view.</p></body></html>", NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;

  start = g_get_monotonic_time ();
  app = adw_application_new ("io.github.kaifang.BareReference", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
