/* kf-application.c — the application: command line, windows, app actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-application"

#include "config.h"

#include <glib/gi18n.h>

#include "kf-application.h"
#include "kf-document.h"
#include "kf-export.h"
#include "kf-importer.h"
#include "kf-l10n.h"
#include "kf-library.h"
#include "kf-renderer.h"
#include "kf-window.h"

#define GUIDE_RESOURCE RESOURCE_BASE_PATH "/guide/kaifang-guide.json"

struct _KfApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  KfLibrary      *library;
  gint64          started;     /* for KAIFANG_BENCH */
};

G_DEFINE_FINAL_TYPE (KfApplication, kf_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { "validate", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Check a document and print “OK” or the first problem"), N_("FILE") },
  { "list-sections", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the outline of a document (the bundled guide if none is given)"), NULL },
  { "section", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Open the document at this section"), N_("ID") },
  { "export", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Export the document (or --section) to a .pdf, .html or .md file"), N_("OUT") },
  { "import", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Convert a text or Markdown article into a document (with -o)"), N_("FILE") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, NULL, N_("Where --import writes the document"), N_("OUT.json") },
  { "language", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Read the document in this language (a code such as fr or zh_CN)"), N_("LANGUAGE") },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, N_("[FILE]") },
  { NULL }
};

static KfDocument *
load_guide (void)
{
  g_autoptr(GError) error = NULL;
  KfDocument *document = kf_document_load_from_resource (GUIDE_RESOURCE, &error);

  /* the guide is validated by the test suite; failing here is a build error */
  if (document == NULL)
    g_error ("The bundled guide does not load: %s", error->message);

  return document;
}

static int
validate (const char *path)
{
  g_autoptr(KfDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  document = kf_document_load_from_path (path, &error);
  if (document == NULL)
    {
      g_print ("%s\n", error->message);
      return 1;
    }

  g_print ("OK\n");
  return 0;
}

/* The catalogs for reading @document in @language (or the interface's), as the window
 * chooses them. */
static void
reading_catalogs (KfDocument  *document,
                  const char  *language,
                  KfCatalog  **content,
                  KfCatalog  **labels)
{
  const KfMetadata *m = kf_document_get_metadata (document);
  g_auto(GStrv) available = kf_l10n_content_languages (m->id);
  g_autofree char *chosen = kf_l10n_choose ((const char * const *) available, language,
                                            g_get_language_names (), m->language);

  if (language != NULL && language[0] != '\0' && chosen[0] == '\0' &&
      g_ascii_strncasecmp (language, m->language, 2) != 0)
    g_printerr (_("No %s translation of this document; showing the original.\n"), language);

  *content = chosen[0] != '\0' ? kf_l10n_load_content (m->id, chosen, NULL) : NULL;
  *labels = kf_l10n_load_labels (kf_l10n_localedir (), chosen[0] != '\0' ? chosen : m->language);
}

typedef struct
{
  GMainLoop *loop;
  GError    *error;
} PrintJob;

static void
export_load_changed_cb (WebKitWebView   *view,
                        WebKitLoadEvent  event,
                        PrintJob        *job);

static void
export_print_finished_cb (WebKitPrintOperation *operation,
                          PrintJob             *job)
{
  g_main_loop_quit (job->loop);
}

static void
export_print_failed_cb (WebKitPrintOperation *operation,
                        GError               *error,
                        PrintJob             *job)
{
  g_clear_error (&job->error);
  job->error = g_error_copy (error);
}

static void
export_load_changed_cb (WebKitWebView   *view,
                        WebKitLoadEvent  event,
                        PrintJob        *job)
{
  WebKitPrintOperation *operation;
  GtkPrintSettings *settings;
  const char *uri = g_object_get_data (G_OBJECT (view), "kf-uri");

  if (event != WEBKIT_LOAD_FINISHED)
    return;

  operation = webkit_print_operation_new (view);
  settings = gtk_print_settings_new ();
  gtk_print_settings_set_printer (settings, "Print to File");
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
  webkit_print_operation_set_print_settings (operation, settings);
  g_signal_connect (operation, "finished", G_CALLBACK (export_print_finished_cb), job);
  g_signal_connect (operation, "failed", G_CALLBACK (export_print_failed_cb), job);
  webkit_print_operation_print (operation);
  g_object_unref (settings);
  g_object_set_data_full (G_OBJECT (view), "kf-operation", operation, g_object_unref);
}

/* --export: HTML and Markdown need no display; PDF is printed by WebKit, which needs one. */
static int
export (const char *output,
        const char *path,
        const char *section,
        const char *language)
{
  g_autoptr(KfDocument) document = NULL;
  g_autoptr(KfCatalog) content = NULL;
  g_autoptr(KfCatalog) labels = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *css = NULL;
  const KfNode *node = NULL;
  KfRenderOptions options = { NULL, NULL, FALSE };

  document = path ? kf_document_load_from_path (path, &error) : load_guide ();
  if (document == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (section != NULL && (node = kf_document_lookup_node (document, section)) == NULL)
    {
      g_printerr (_("This document has no section “%s”\n"), section);
      return 1;
    }

  reading_catalogs (document, language, &content, &labels);
  options.content = content;
  options.labels = labels;

  if (g_str_has_suffix (output, ".md") || g_str_has_suffix (output, ".markdown"))
    data = kf_export_markdown (document, node, &options);
  else
    {
      css = kf_detail_view_dup_style_sheet ();
      data = kf_export_html (document, node, &options, css);
    }

  if (g_str_has_suffix (output, ".pdf"))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (output);
      PrintJob job = { NULL, NULL };
      WebKitWebView *view;

      if (!gtk_init_check ())
        {
          g_printerr ("%s\n", _("Exporting to PDF needs a display (HTML and Markdown do not)"));
          return 1;
        }
      job.loop = g_main_loop_new (NULL, FALSE);
      view = WEBKIT_WEB_VIEW (webkit_web_view_new ());
      g_object_ref_sink (view);
      g_object_set_data_full (G_OBJECT (view), "kf-uri", g_file_get_uri (file), g_free);
      g_signal_connect (view, "load-changed", G_CALLBACK (export_load_changed_cb), &job);
      webkit_web_view_load_html (view, data, NULL);
      g_main_loop_run (job.loop);
      g_main_loop_unref (job.loop);
      g_object_unref (view);
      if (job.error)
        {
          g_printerr ("%s: %s\n", output, job.error->message);
          g_error_free (job.error);
          return 1;
        }
      return 0;
    }

  if (!g_file_set_contents_full (output, data, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  return 0;
}

static int
list_sections (const char *path,
               const char *language)
{
  g_autoptr(KfDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(KfCatalog) content = NULL;
  g_autoptr(KfCatalog) labels = NULL;
  KfRenderOptions options = { NULL, NULL, FALSE };

  if (path != NULL)
    document = kf_document_load_from_path (path, &error);
  else
    document = load_guide ();

  if (document == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  /* the same choice as the window makes: --language, else the interface language */
  reading_catalogs (document, language, &content, &labels);
  options.content = content;
  options.labels = labels;

  text = kf_render_outline_text (document, &options);
  g_print ("%s", text);
  return 0;
}

static int
import (const char *path,
        const char *output)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(KfDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  gsize length = 0;

  if (output == NULL)
    {
      g_printerr ("%s\n", _("--import needs -o OUT.json"));
      return 2;
    }

  /* the importer's output goes through the validating loader before it is written */
  document = kf_document_open_file (file, &json, &length, &error);
  if (document == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (!g_file_set_contents_full (output, json, length, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  return 0;
}

static int
kf_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  g_autofree const char **files = NULL;
  const char *path = NULL;
  const char *language = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "validate", "^&ay", &path))
    return validate (path);

  if (g_variant_dict_lookup (options, "export", "^&ay", &path))
    {
      const char *section = NULL;

      g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &files);
      g_variant_dict_lookup (options, "language", "&s", &language);
      g_variant_dict_lookup (options, "section", "&s", &section);
      return export (path, files ? files[0] : NULL, section, language);
    }

  if (g_variant_dict_lookup (options, "import", "^&ay", &path))
    {
      const char *output = NULL;

      g_variant_dict_lookup (options, "output", "^&ay", &output);
      return import (path, output);
    }

  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &files);
  g_variant_dict_lookup (options, "language", "&s", &language);

  if (g_variant_dict_contains (options, "list-sections"))
    {
      if (files != NULL && g_strv_length ((char **) files) > 1)
        {
          g_printerr ("%s\n", _("--list-sections takes at most one file"));
          return 2;
        }
      return list_sections (files ? files[0] : NULL, language);
    }

  return -1;
}

static KfWindow *
get_window (KfApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return window ? KF_WINDOW (window) : NULL;
}

/* KAIFANG_BENCH=1: when the first page is in the view, print how long it took since main() */
static void
first_page_shown_cb (KfDetailView  *view,
                     const char    *node,
                     KfApplication *self)
{
  g_print ("first-paint-ms %" G_GINT64_FORMAT "\n", (g_get_monotonic_time () - self->started) / 1000);
  fflush (stdout);
  g_signal_handlers_disconnect_by_func (view, first_page_shown_cb, self);
}

static KfWindow *
open_document (KfApplication *self,
               KfDocument    *document)
{
  KfWindow *window = get_window (self);

  if (window == NULL)
    {
      window = g_object_new (KF_TYPE_WINDOW,
                             "application", self,
                             "library", self->library,
                             "document", document,
                             NULL);
      if (g_getenv ("KAIFANG_BENCH"))
        g_signal_connect_object (kf_window_get_detail_view (window), "page-shown",
                                 G_CALLBACK (first_page_shown_cb), self, 0);
    }
  else
    kf_window_set_document (window, document);

  return window;
}

/* The document, section and scroll position the reader left off at, or the guide. */
static KfWindow *
restore_last (KfApplication *self)
{
  g_autoptr(KfDocument) document = NULL;
  g_autofree char *last_document = NULL;
  g_autofree char *last_section = NULL;
  KfWindow *window;

  if (self->settings)
    {
      last_document = g_settings_get_string (self->settings, "last-document");
      last_section = g_settings_get_string (self->settings, "last-section");
      if (last_document[0] && kf_library_lookup (self->library, last_document))
        document = kf_library_load (self->library, last_document, NULL);
    }
  if (document == NULL)
    document = load_guide ();

  window = open_document (self, document);
  if (self->settings && last_section[0] &&
      g_strcmp0 (last_document, kf_document_get_metadata (document)->id) == 0)
    kf_window_restore_position (window, last_section, g_settings_get_double (self->settings, "last-scroll"));

  return window;
}

static void
kf_application_activate (GApplication *app)
{
  KfApplication *self = KF_APPLICATION (app);
  KfWindow *window = get_window (self);

  if (window == NULL)
    window = restore_last (self);

  gtk_window_present (GTK_WINDOW (window));
}

static int
kf_application_command_line (GApplication            *app,
                             GApplicationCommandLine *command_line)
{
  KfApplication *self = KF_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree const char **files = NULL;
  const char *section = NULL;
  const char *language = NULL;
  KfWindow *window;

  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &files);
  g_variant_dict_lookup (options, "section", "&s", &section);
  g_variant_dict_lookup (options, "language", "&s", &language);

  if (files != NULL && files[0] != NULL)
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, files[0]);
      g_autoptr(KfDocument) guide = NULL;

      window = get_window (self);
      if (window == NULL)
        {
          guide = load_guide ();
          window = open_document (self, guide);
        }
      /* a problem is shown in the window; the command line hears of it too */
      if (!kf_window_open_file (window, file))
        {
          g_autofree char *name = g_file_get_parse_name (file);

          g_application_command_line_printerr (command_line, _("Could not open %s\n"), name);
        }
    }
  else
    {
      window = get_window (self);
      if (window == NULL)
        window = restore_last (self);
    }

  if (language != NULL)
    kf_window_set_reading_language (window, language);

  if (section != NULL && kf_window_select_node (window, section, NULL))
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-content", NULL);
  else if (section != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("This document has no section “%s”"), section);

      g_application_command_line_printerr (command_line, "%s\n", message);
      kf_window_show_toast (window, message);
    }

  gtk_window_present (GTK_WINDOW (window));
  return 0;
}

/* Files from the desktop (D-Bus activation, "Open With"): each is opened or imported into the
 * library; the window shows the last one. */
static void
kf_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  KfApplication *self = KF_APPLICATION (app);
  KfWindow *window = get_window (self);

  if (window == NULL)
    window = restore_last (self);
  for (int i = 0; i < n_files; i++)
    kf_window_open_file (window, files[i]);
  gtk_window_present (GTK_WINDOW (window));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  KfApplication *self = user_data;
  static const char *developers[] = { "Kaifang developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Kaifang"),
                        "application-icon", APP_ID,
                        "developer-name", _("Kaifang developers"),
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/kaifang/kaifang",
                        "issue-url", "https://github.com/kaifang/kaifang/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: replace with your names, one per line */
                        "translator-credits", _("translator-credits"),
                        "comments", _("Kaifang presents policy texts as a themed outline beside a "
                                      "readable page, in your own language."),
                        NULL);
  adw_about_window_add_acknowledgement_section (
    ADW_ABOUT_WINDOW (about), _("Bundled study guide based on"),
    (const char *[]) {
      "Qiu Ping, “The Essential Meaning of High-Standard Opening Up”, Qiushi, 2024-12-27 "
      "https://en.qstheory.cn/2024-12/27/c_1059904.htm",
      NULL });
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

/* The reading style also sets the interface's colour scheme; sepia reads best on light. */
static void
style_variant_changed_cb (KfApplication *self)
{
  g_autofree char *variant = g_settings_get_string (self->settings, "style-variant");
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (variant, "light") || g_str_equal (variant, "sepia"))
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (variant, "dark"))
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
};

static void
kf_application_startup (GApplication *app)
{
  KfApplication *self = KF_APPLICATION (app);

  G_APPLICATION_CLASS (kf_application_parent_class)->startup (app);

  /* GTK mirrors itself for right-to-left languages it has translations for; make sure it
   * does so for every right-to-left language Kaifang is translated into. */
  if (kf_language_is_rtl (g_get_language_names ()[0]))
    gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);

  {
    g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "kaifang", NULL);

    self->library = kf_library_new (data_dir);
  }

  {
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, BASE_APP_ID, TRUE)
                                               : NULL;

    if (schema != NULL)
      {
        self->settings = g_settings_new (BASE_APP_ID);
        g_signal_connect_object (self->settings, "changed::style-variant",
                                 G_CALLBACK (style_variant_changed_cb), self, G_CONNECT_SWAPPED);
        style_variant_changed_cb (self);
      }
  }
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close",
                                         (const char *[]) { "<Control>w", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         (const char *[]) { "<Control>question", NULL });
}

static void
kf_application_dispose (GObject *object)
{
  KfApplication *self = KF_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (kf_application_parent_class)->dispose (object);
}

static void
kf_application_class_init (KfApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kf_application_dispose;
  app_class->handle_local_options = kf_application_handle_local_options;
  app_class->command_line = kf_application_command_line;
  app_class->activate = kf_application_activate;
  app_class->open = kf_application_open;
  app_class->startup = kf_application_startup;
}

static void
kf_application_init (KfApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Read policy texts as a themed outline."));
}

KfApplication *
kf_application_new (void)
{
  gint64 started = g_get_monotonic_time ();
  KfApplication *self = g_object_new (KF_TYPE_APPLICATION,
                                      "application-id", APP_ID,
                                      "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_HANDLES_OPEN,
                                      "resource-base-path", RESOURCE_BASE_PATH,
                                      NULL);

  self->started = started;
  return self;
}
