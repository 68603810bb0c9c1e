/* kf-test-ui.c — helpers for tests that drive the real window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "kf-l10n.h"

#include "kf-test-ui.h"

#define TIMEOUT_MS 20000

void
kf_test_ui_init (int    *argc,
                 char ***argv)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, kf_l10n_localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  /* the app's style sheet, which AdwApplication would load */
  {
    GtkCssProvider *css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, RESOURCE_BASE_PATH "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    g_object_unref (css);
  }
  /* GNOME's own title-button layout; without a settings daemon GTK falls back to three buttons */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
}

KfWindow *
kf_test_ui_new_window_sized (KfDocument *document,
                             int         width,
                             int         height)
{
  KfWindow *window = g_object_new (KF_TYPE_WINDOW, "document", document, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

KfWindow *
kf_test_ui_new_window (KfDocument *document)
{
  return kf_test_ui_new_window_sized (document, 1100, 720);
}

typedef struct
{
  gboolean done;
  char    *result;
  GError  *error;
} EvalData;

static void
eval_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  EvalData *data = user_data;
  g_autoptr(JSCValue) value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object),
                                                                         result, &data->error);

  if (value != NULL)
    data->result = jsc_value_is_undefined (value) || jsc_value_is_null (value)
                   ? NULL : jsc_value_to_string (value);
  data->done = TRUE;
}

/* Runs @script in @web_view and returns its value as a string (NULL for null/undefined). */
char *
kf_test_ui_eval_view (WebKitWebView *web_view,
                      const char    *script)
{
  EvalData data = { FALSE, NULL, NULL };
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_MS * 1000;

  webkit_web_view_evaluate_javascript (web_view, script, -1, NULL, NULL, NULL, eval_done_cb, &data);
  while (!data.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (data.done);
  g_assert_no_error (data.error);
  return data.result;
}

/* Runs @script in the window's page. */
char *
kf_test_ui_eval (KfWindow   *window,
                 const char *script)
{
  return kf_test_ui_eval_view (kf_detail_view_get_web_view (kf_window_get_detail_view (window)), script);
}

typedef struct
{
  KfWindow   *window;
  const char *node;
} PageData;

static gboolean
page_is_shown (gpointer user_data)
{
  PageData *data = user_data;
  g_autofree char *shown = kf_test_ui_eval (data->window,
                                            "document.getElementById('content')?.dataset.node || ''");

  return g_strcmp0 (shown, data->node) == 0;
}

/* Waits until the page of @node is in the view. */
void
kf_test_ui_wait_page (KfWindow   *window,
                      const char *node)
{
  PageData data = { window, node };

  if (!kf_test_ui_wait_for (page_is_shown, &data, TIMEOUT_MS))
    g_error ("The page of “%s” did not show within %d ms", node, TIMEOUT_MS);
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
kf_test_ui_wait_for (gboolean (*condition) (gpointer),
                     gpointer  data,
                     guint     timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      gboolean tick = FALSE;

      if (condition (data))
        return TRUE;
      g_timeout_add (50, timeout_cb, &tick);
      while (!tick)
        g_main_context_iteration (NULL, TRUE);
    }

  return condition (data);
}

/* The first widget of @type in @widget's tree, depth first. */
GtkWidget *
kf_test_ui_find_widget (GtkWidget *widget,
                        GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kf_test_ui_find_widget (child, type);

      if (found)
        return found;
    }
  return NULL;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* Runs the main loop for @ms milliseconds. */
void
kf_test_ui_spin (guint ms)
{
  kf_test_ui_wait_for (never, NULL, ms);
}

void
kf_test_ui_destroy (KfWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}
