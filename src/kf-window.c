/* kf-window.c — the main window: outline beside the detail view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-window"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "kf-detail-view.h"
#include "kf-l10n.h"
#include "kf-annotations.h"
#include "kf-export.h"
#include "kf-library.h"
#include "kf-search.h"
#include "kf-outline-item.h"
#include "kf-preferences-window.h"
#include "kf-renderer.h"
#include "kf-window.h"

struct _KfWindow
{
  AdwApplicationWindow  parent_instance;

  /* template children */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkListView          *outline;
  GtkMenuButton        *language_button;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkStack             *sidebar_stack;
  AdwViewStack         *view_stack;
  GtkListBox           *library_list;
  GtkListBox           *notes_list;
  GtkListBox           *search_results;

  KfLibrary            *library;
  KfSearchIndex        *search_index;
  KfAnnotations        *annotations;
  char                 *pending_block;
  GCancellable         *search_cancellable;
  char                 *pending_highlight;
  AdwWindowTitle       *content_title;
  KfDetailView         *detail_view;

  KfDocument           *document;
  GSettings            *settings;
  GtkTreeListModel     *tree_model;
  GtkSingleSelection   *selection;
  GHashTable           *items;          /* node id → KfOutlineItem */
  GtkCssProvider       *accent_css;
  KfCatalog            *content_catalog;
  KfCatalog            *label_catalog;
  char                 *pending_anchor;
  char                 *reading_language;     /* the reader's choice, "" follows the interface */
  char                 *effective_language;   /* what is shown: a po code, or "" for the original */
  gboolean              bilingual;
  GMenu                *language_menu;

  /* history: what the page shows now, and where the reader has been */
  KfDocument           *shown_document;
  char                 *shown_node;
  GPtrArray            *back;              /* HistoryEntry, oldest first */
  GPtrArray            *forward;           /* HistoryEntry, nearest last */
  GHashTable           *scrolls;           /* "doc-id\nnode-id" → double*: each node's position */
  gboolean              restoring;
  double                pending_scroll;    /* < 0: none */
};

typedef struct
{
  KfDocument *document;
  char       *node;
  double      scroll;
} HistoryEntry;

static void update_bookmark_action (KfWindow *self);
static void apply_notes (KfWindow *self);

static void
history_entry_free (gpointer data)
{
  HistoryEntry *entry = data;

  g_clear_object (&entry->document);
  g_free (entry->node);
  g_free (entry);
}

static char *
scroll_key (KfDocument *document,
            const char *node)
{
  return g_strconcat (kf_document_get_metadata (document)->id, "\n", node, NULL);
}

G_DEFINE_FINAL_TYPE (KfWindow, kf_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_LIBRARY,
  PROP_DOCUMENT,
  PROP_SELECTED_ID,
  PROP_READING_LANGUAGE,
  PROP_EFFECTIVE_LANGUAGE,
  PROP_BILINGUAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
render_options (KfWindow        *self,
                KfRenderOptions *options)
{
  options->content = self->content_catalog;
  options->labels = self->label_catalog;
  options->bilingual = self->bilingual;
}

static KfOutlineItem *
get_selected_item (KfWindow *self)
{
  GtkTreeListRow *row;

  if (self->selection == NULL)
    return NULL;
  row = gtk_single_selection_get_selected_item (self->selection);
  if (row == NULL)
    return NULL;
  return gtk_tree_list_row_get_item (row) ? KF_OUTLINE_ITEM (gtk_tree_list_row_get_item (row)) : NULL;
}

static void
show_node (KfWindow     *self,
           const KfNode *node,
           const char   *anchor)
{
  g_autofree char *html = NULL;
  g_autofree char *title = NULL;
  KfRenderOptions options;
  const char *lang;
  KfPage page = { 0 };

  gboolean same = self->shown_document == self->document && g_strcmp0 (self->shown_node, node->id) == 0;
  double scroll = 0;

  /* leaving a node: remember where the reader was, and (unless going through the history)
   * make it a step back */
  if (self->shown_node != NULL)
    {
      double current = kf_detail_view_get_scroll (self->detail_view);

      g_hash_table_insert (self->scrolls, scroll_key (self->shown_document, self->shown_node),
                           g_memdup2 (&current, sizeof current));
      if (same)
        scroll = current;
      else if (!self->restoring)
        {
          HistoryEntry *entry = g_new0 (HistoryEntry, 1);

          entry->document = g_object_ref (self->shown_document);
          entry->node = g_strdup (self->shown_node);
          entry->scroll = current;
          g_ptr_array_add (self->back, entry);
          g_ptr_array_set_size (self->forward, 0);
        }
    }

  if (!same)
    {
      g_autofree char *key = scroll_key (self->document, node->id);
      double *remembered = g_hash_table_lookup (self->scrolls, key);

      scroll = self->pending_scroll >= 0 ? self->pending_scroll : remembered ? *remembered : 0;
    }
  self->pending_scroll = -1;

  g_set_object (&self->shown_document, self->document);
  g_free (self->shown_node);
  self->shown_node = g_strdup (node->id);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.go-back", self->back->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.go-forward", self->forward->len > 0);
  update_bookmark_action (self);

  render_options (self, &options);
  html = kf_render_node (self->document, node, &options);
  title = kf_render_node_title (self->document, node, &options);
  lang = kf_render_language (self->document, &options);

  page.scroll = scroll;
  page.node = node->id;
  page.html = html;
  page.lang = lang;
  page.rtl = kf_language_is_rtl (lang);
  page.title = title;
  page.anchor = anchor;
  page.bilingual = options.bilingual && options.content != NULL;
  kf_detail_view_show_page (self->detail_view, &page);

  adw_window_title_set_title (self->content_title, title);
  adw_window_title_set_subtitle (self->content_title,
                                 node->kind == KF_NODE_DOCUMENT ? NULL
                                 : kf_render_text (self->document, &options, "metadata/title",
                                                   kf_document_get_metadata (self->document)->title));
  gtk_window_set_title (GTK_WINDOW (self), title);

  if (self->library)
    kf_library_visit (self->library, self->document, node->id);

  if (self->settings)
    {
      g_settings_set_string (self->settings, "last-document",
                             kf_document_get_metadata (self->document)->id);
      g_settings_set_string (self->settings, "last-section", node->id);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
}

static void
selection_changed_cb (KfWindow *self)
{
  g_autofree char *anchor = g_steal_pointer (&self->pending_anchor);
  KfOutlineItem *item = get_selected_item (self);

  if (item != NULL)
    show_node (self, kf_outline_item_get_node (item), anchor);
}

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  GListModel *children = kf_outline_item_get_children (KF_OUTLINE_ITEM (item));

  return children ? g_object_ref (children) : NULL;
}

static KfOutlineItem *
build_items (KfWindow     *self,
             const KfNode *node)
{
  KfOutlineItem *item = kf_outline_item_new (self->document, node);
  g_autofree char *title = NULL;
  KfRenderOptions options;

  render_options (self, &options);
  title = kf_render_node_title (self->document, node, &options);
  kf_outline_item_set_title (item, title);
  g_hash_table_insert (self->items, (gpointer) node->id, item);

  for (guint i = 0; i < node->n_children; i++)
    kf_outline_item_append_child (item, build_items (self, node->children[i]));

  return item;
}

static void
update_accent_css (KfWindow *self)
{
  g_autoptr(GString) css = g_string_new (NULL);
  const KfNode *root = kf_document_get_root (self->document);

  for (guint i = 0; i < root->n_children; i++)
    {
      const KfTheme *theme;

      if (root->children[i]->kind != KF_NODE_THEME)
        continue;
      theme = root->children[i]->data;
      /* accent colours are validated as #rrggbb by the loader */
      g_string_append_printf (css, ".kf-badge.kf-accent-%u { background-color: %s; color: white; }\n",
                              i, theme->accent ? theme->accent : "@accent_bg_color");
    }

  gtk_css_provider_load_from_data (self->accent_css, css->str, -1);
}

static gint
find_row (KfWindow   *self,
          const char *id)
{
  GListModel *model = G_LIST_MODEL (self->tree_model);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      KfOutlineItem *item = gtk_tree_list_row_get_item (row);
      gboolean match = g_strcmp0 (kf_outline_item_get_id (item), id) == 0;

      g_object_unref (item);
      if (match)
        return i;
    }

  return -1;
}

static void
expand_to (KfWindow     *self,
           const KfNode *node)
{
  gint position;

  if (node == NULL)
    return;

  expand_to (self, node->parent);
  if (node->n_children == 0)
    return;

  position = find_row (self, node->id);
  if (position >= 0)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_model, position);

      gtk_tree_list_row_set_expanded (row, TRUE);
    }
}

/**
 * kf_window_select_node:
 * @id: a node id (or the id of a term or figure, which opens the page that shows it)
 * @anchor: (nullable): an element on that page to scroll to
 *
 * Returns: %TRUE if the document has such a node
 */
gboolean
kf_window_select_node (KfWindow   *self,
                       const char *id,
                       const char *anchor)
{
  const KfNode *node;
  const char *link_anchor = NULL;
  gint position;

  g_return_val_if_fail (KF_IS_WINDOW (self), FALSE);

  if (self->document == NULL || id == NULL)
    return FALSE;

  node = kf_document_resolve_link (self->document, id, &link_anchor);
  if (node == NULL)
    return FALSE;
  if (anchor == NULL)
    anchor = link_anchor;

  expand_to (self, node->parent);
  position = find_row (self, node->id);
  g_return_val_if_fail (position >= 0, FALSE);

  if (gtk_single_selection_get_selected (self->selection) == (guint) position)
    {
      show_node (self, node, anchor);
    }
  else
    {
      g_free (self->pending_anchor);
      self->pending_anchor = g_strdup (anchor);
      gtk_single_selection_set_selected (self->selection, position);
    }

  gtk_widget_activate_action (GTK_WIDGET (self->outline), "list.scroll-to-item", "u", position);
  return TRUE;
}

const char *
kf_window_get_selected_id (KfWindow *self)
{
  KfOutlineItem *item;

  g_return_val_if_fail (KF_IS_WINDOW (self), NULL);

  item = get_selected_item (self);
  return item ? kf_outline_item_get_id (item) : NULL;
}

static void
link_activated_cb (KfWindow   *self,
                   const char *target)
{
  if (!kf_window_select_node (self, target, NULL))
    g_debug ("Link to unknown node “%s”", target);
}

static void
open_uri_cb (KfWindow   *self,
             const char *uri)
{
  /* GtkUriLauncher (4.10) is the newer way; gtk_show_uri works on every supported GTK and
   * goes through the OpenURI portal inside Flatpak. */
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
outline_activate_cb (KfWindow *self,
                     guint     position)
{
  if (gtk_single_selection_get_selected (self->selection) != position)
    gtk_single_selection_set_selected (self->selection, position);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  gtk_widget_grab_focus (GTK_WIDGET (kf_detail_view_get_web_view (self->detail_view)));
}

static void
outline_clicked_cb (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    KfWindow        *self)
{
  if (adw_leaflet_get_folded (self->leaflet) && get_selected_item (self) != NULL)
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* Right opens the selected row, Left closes it or moves to its parent, as in a tree view. */
static gboolean
outline_key_pressed_cb (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        KfWindow              *self)
{
  g_autoptr(GtkTreeListRow) row = NULL;
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self->outline)) == GTK_TEXT_DIR_RTL;
  gboolean open;
  guint position;

  if ((state & gtk_accelerator_get_default_mod_mask ()) != 0 || self->selection == NULL)
    return GDK_EVENT_PROPAGATE;
  if (keyval == GDK_KEY_Right || keyval == GDK_KEY_KP_Right)
    open = !rtl;
  else if (keyval == GDK_KEY_Left || keyval == GDK_KEY_KP_Left)
    open = rtl;
  else
    return GDK_EVENT_PROPAGATE;

  position = gtk_single_selection_get_selected (self->selection);
  if (position == GTK_INVALID_LIST_POSITION)
    return GDK_EVENT_PROPAGATE;
  row = gtk_tree_list_model_get_row (self->tree_model, position);

  if (open && gtk_tree_list_row_is_expandable (row))
    gtk_tree_list_row_set_expanded (row, TRUE);
  else if (!open && gtk_tree_list_row_get_expanded (row))
    gtk_tree_list_row_set_expanded (row, FALSE);
  else if (!open && gtk_tree_list_row_get_parent (row) != NULL)
    {
      g_autoptr(GtkTreeListRow) parent = gtk_tree_list_row_get_parent (row);
      guint parent_position = gtk_tree_list_row_get_position (parent);

      gtk_single_selection_set_selected (self->selection, parent_position);
      gtk_widget_activate_action (GTK_WIDGET (self->outline), "list.scroll-to-item", "u",
                                  parent_position);
    }

  return GDK_EVENT_STOP;
}

static void
show_outline_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KfWindow *self = KF_WINDOW (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "outline");
  gtk_widget_grab_focus (GTK_WIDGET (self->outline));
}

static void
go_through_history (KfWindow  *self,
                    GPtrArray *from,
                    GPtrArray *to)
{
  HistoryEntry *entry;
  HistoryEntry *here;

  if (from->len == 0 || self->shown_node == NULL)
    return;

  entry = g_ptr_array_steal_index (from, from->len - 1);
  here = g_new0 (HistoryEntry, 1);
  here->document = g_object_ref (self->shown_document);
  here->node = g_strdup (self->shown_node);
  here->scroll = kf_detail_view_get_scroll (self->detail_view);
  g_ptr_array_add (to, here);

  self->restoring = TRUE;
  if (entry->document != self->document)
    kf_window_set_document (self, entry->document);
  self->pending_scroll = entry->scroll;
  kf_window_select_node (self, entry->node, NULL);
  self->restoring = FALSE;
  self->pending_scroll = -1;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.go-back", self->back->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.go-forward", self->forward->len > 0);
  history_entry_free (entry);
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KfWindow *self = KF_WINDOW (widget);

  go_through_history (self, self->back, self->forward);
}

static void
go_forward_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KfWindow *self = KF_WINDOW (widget);

  go_through_history (self, self->forward, self->back);
}

/* The mouse's back and forward buttons */
static void
mouse_button_cb (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 KfWindow        *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  if (button == 8)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.go-back", NULL);
  else if (button == 9)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.go-forward", NULL);
  else
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KfWindow *self = KF_WINDOW (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  kf_detail_view_start_find (self->detail_view);
}

static void
zoom (KfWindow *self,
      double    factor)
{
  double scale;

  if (self->settings == NULL)
    return;
  scale = factor == 0 ? 1.0 : g_settings_get_double (self->settings, "font-scale") + factor;
  g_settings_set_double (self->settings, "font-scale", CLAMP (scale, 0.5, 3.0));
}

static void
zoom_in_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  zoom (KF_WINDOW (widget), 0.1);
}

static void
zoom_out_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  zoom (KF_WINDOW (widget), -0.1);
}

static void
zoom_reset_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  zoom (KF_WINDOW (widget), 0);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KfWindow *self = KF_WINDOW (widget);
  g_autoptr(WebKitPrintOperation) operation =
    webkit_print_operation_new (kf_detail_view_get_web_view (self->detail_view));
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();

  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_BASENAME,
                          gtk_window_get_title (GTK_WINDOW (self)));
  webkit_print_operation_set_print_settings (operation, settings);
  webkit_print_operation_run_dialog (operation, GTK_WINDOW (self));
}

/* The page style from the settings: sepia, font, size, line width, citation on copy. */
static void
update_page_style (KfWindow *self)
{
  KfPageStyle style = { FALSE, FALSE, FALSE, 1.0, 70 };
  g_autofree char *variant = NULL;
  g_autofree char *family = NULL;

  if (self->settings != NULL)
    {
      variant = g_settings_get_string (self->settings, "style-variant");
      family = g_settings_get_string (self->settings, "font-family");
      style.sepia = g_strcmp0 (variant, "sepia") == 0;
      style.sans = g_strcmp0 (family, "sans") == 0;
      style.font_scale = g_settings_get_double (self->settings, "font-scale");
      style.line_width = g_settings_get_int (self->settings, "line-width");
    }
  style.high_contrast = adw_style_manager_get_high_contrast (adw_style_manager_get_default ());
  kf_detail_view_set_page_style (self->detail_view, &style);
}

static void
update_citation (KfWindow *self)
{
  const KfMetadata *m;
  g_autoptr(GString) citation = NULL;

  if (self->document == NULL)
    return;
  if (self->settings != NULL && !g_settings_get_boolean (self->settings, "copy-citation"))
    {
      kf_detail_view_set_citation (self->detail_view, NULL);
      return;
    }

  /* title, author, outlet, date and address of the original */
  m = kf_document_get_metadata (self->document);
  citation = g_string_new (NULL);
  g_string_append_printf (citation, "— “%s”", m->source_title ? m->source_title : m->title);
  if (m->source_author)
    g_string_append_printf (citation, ", %s", m->source_author);
  g_string_append_printf (citation, ", %s", m->source_name);
  g_string_append_printf (citation, ", %s", m->source_date ? m->source_date : m->date);
  g_string_append_printf (citation, ". %s", m->source_url);
  kf_detail_view_set_citation (self->detail_view, citation->str);
}

/* --- search ------------------------------------------------------------------------------ */

/* Indexes documents in a worker thread: the library's (or just @document), each in its own
 * language and in every translation it has. The index skips documents it already has. */
typedef struct
{
  KfSearchIndex *index;
  GPtrArray     *paths;      /* file paths, or "" for the bundled guide */
  KfDocument    *document;   /* or one document */
} IndexJob;

static void
index_job_free (IndexJob *job)
{
  g_clear_object (&job->index);
  g_clear_pointer (&job->paths, g_ptr_array_unref);
  g_clear_object (&job->document);
  g_free (job);
}

static void
index_one (KfSearchIndex *index,
           KfDocument    *document)
{
  const char *id = kf_document_get_metadata (document)->id;
  g_auto(GStrv) languages = kf_l10n_content_languages (id);
  g_autoptr(GPtrArray) catalogs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; languages[i]; i++)
    {
      KfCatalog *catalog = kf_l10n_load_content (id, languages[i], NULL);

      if (catalog)
        g_ptr_array_add (catalogs, catalog);
    }
  g_ptr_array_add (catalogs, NULL);

  if (!kf_search_index_add_document (index, document, (KfCatalog * const *) catalogs->pdata, &error) &&
      error != NULL)
    g_warning ("Could not index %s: %s", id, error->message);
  g_ptr_array_steal_index (catalogs, catalogs->len - 1);   /* the terminating NULL */
}

static void
index_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  IndexJob *job = data;

  if (job->document)
    index_one (job->index, job->document);

  for (guint i = 0; job->paths && i < job->paths->len; i++)
    {
      const char *path = g_ptr_array_index (job->paths, i);
      g_autoptr(KfDocument) document = NULL;

      if (g_task_return_error_if_cancelled (task))
        return;
      document = path[0] ? kf_document_load_from_path (path, NULL)
                         : kf_document_load_from_resource (KF_LIBRARY_GUIDE_RESOURCE, NULL);
      if (document)
        index_one (job->index, document);
    }

  g_task_return_boolean (task, TRUE);
}

static void
index_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(KfWindow) self = user_data;

  /* results may have been asked for before the index was complete */
  if (g_task_propagate_boolean (G_TASK (result), NULL) &&
      gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] != '\0')
    g_signal_emit_by_name (self->search_entry, "search-changed");
}

static void
index_in_background (KfWindow   *self,
                     KfDocument *document)
{
  g_autoptr(GTask) task = NULL;
  IndexJob *job;

  if (self->search_index == NULL)
    {
      g_autofree char *path = kf_search_default_path ();
      g_autoptr(GError) error = NULL;

      self->search_index = kf_search_index_new (path, &error);
      if (self->search_index == NULL)
        {
          g_warning ("Search is not available: %s", error->message);
          return;
        }
    }

  job = g_new0 (IndexJob, 1);
  job->index = g_object_ref (self->search_index);
  if (document)
    job->document = g_object_ref (document);
  if (self->library)
    {
      GPtrArray *entries = kf_library_get_entries (self->library);

      job->paths = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < entries->len; i++)
        {
          const KfLibraryEntry *entry = g_ptr_array_index (entries, i);

          g_ptr_array_add (job->paths, g_strdup (entry->bundled ? "" : entry->path));
        }
    }

  task = g_task_new (NULL, NULL, index_done_cb, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) index_job_free);
  g_task_run_in_thread (task, index_thread);
}

static GtkWidget *
search_result_row (const KfSearchResult *result)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *heading = gtk_label_new (result->heading);
  GtkWidget *where = gtk_label_new (NULL);
  GtkWidget *snippet = gtk_label_new (NULL);
  g_autofree char *place = NULL;
  g_autofree char *accessible = NULL;

  place = result->theme_title && g_strcmp0 (result->theme_title, result->heading) != 0
          ? g_strdup_printf ("%s · %s", result->document_title, result->theme_title)
          : g_strdup (result->document_title);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_text (GTK_LABEL (where), place);
  gtk_label_set_xalign (GTK_LABEL (where), 0);
  gtk_label_set_ellipsize (GTK_LABEL (where), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (where, "dim-label");
  gtk_widget_add_css_class (where, "caption");
  gtk_label_set_markup (GTK_LABEL (snippet), result->snippet_markup);
  gtk_label_set_xalign (GTK_LABEL (snippet), 0);
  gtk_label_set_wrap (GTK_LABEL (snippet), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (snippet), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (snippet), 3);
  gtk_label_set_ellipsize (GTK_LABEL (snippet), PANGO_ELLIPSIZE_END);

  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), where);
  gtk_box_append (GTK_BOX (box), snippet);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  accessible = g_strdup_printf ("%s, %s: %s", result->heading, place, result->snippet);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  g_object_set_data_full (G_OBJECT (row), "kf-document-id", g_strdup (result->document_id), g_free);
  g_object_set_data_full (G_OBJECT (row), "kf-node-id", g_strdup (result->node_id), g_free);
  g_object_set_data_full (G_OBJECT (row), "kf-match", g_strdup (result->match), g_free);
  g_object_set_data_full (G_OBJECT (row), "kf-language", g_strdup (result->language), g_free);
  return row;
}

static void
search_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KfWindow) self = user_data;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  results = kf_search_index_query_finish (KF_SEARCH_INDEX (object), result, &error);
  g_debug ("search: %u results%s%s", results ? results->len : 0, error ? ", " : "", error ? error->message : "");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->search_results))))
    gtk_list_box_remove (self->search_results, child);

  if (results == NULL || results->len == 0)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (error ? error->message : _("No results"));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 12);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->search_results, row);
      return;
    }

  for (guint i = 0; i < results->len; i++)
    gtk_list_box_append (self->search_results, search_result_row (g_ptr_array_index (results, i)));
}

static void
search_changed_cb (KfWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  gtk_stack_set_visible_child_name (self->sidebar_stack, text[0] ? "search" : "browse");
  if (text[0] == '\0' || self->search_index == NULL)
    return;

  self->search_cancellable = g_cancellable_new ();
  kf_search_index_query_async (self->search_index, text, 50, self->search_cancellable,
                               search_done_cb, g_object_ref (self));
}

static void
search_activate_cb (KfWindow *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->search_results, 0);

  if (first && gtk_list_box_row_get_activatable (first))
    g_signal_emit_by_name (self->search_results, "row-activated", first);
}

static void
search_stop_cb (KfWindow *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_stack_set_visible_child_name (self->sidebar_stack, "browse");
}

static void
page_shown_cb (KfWindow   *self,
               const char *node)
{
  g_autofree char *highlight = g_steal_pointer (&self->pending_highlight);
  g_autofree char *block = g_steal_pointer (&self->pending_block);

  apply_notes (self);
  if (highlight)
    kf_detail_view_highlight (self->detail_view, highlight);
  if (block)
    kf_detail_view_scroll_to_block (self->detail_view, block);
}

/* Opens the result's document and node, in the language the match was found in, and marks
 * the match in the page. */
static void
search_result_activated_cb (KfWindow      *self,
                            GtkListBoxRow *row)
{
  const char *document_id = g_object_get_data (G_OBJECT (row), "kf-document-id");
  const char *node = g_object_get_data (G_OBJECT (row), "kf-node-id");
  const char *match = g_object_get_data (G_OBJECT (row), "kf-match");
  const char *language = g_object_get_data (G_OBJECT (row), "kf-language");

  if (node == NULL)
    return;

  if (self->document == NULL ||
      g_strcmp0 (document_id, kf_document_get_metadata (self->document)->id) != 0)
    {
      g_autoptr(KfDocument) document = NULL;

      if (self->library)
        document = kf_library_load (self->library, document_id, NULL);
      if (document == NULL)
        {
          kf_window_show_toast (self, _("That document is no longer in the library"));
          return;
        }
      kf_window_set_document (self, document);
    }

  /* a match in a translation: read in that language */
  if (language && g_ascii_strcasecmp (language, kf_document_get_metadata (self->document)->language) != 0)
    {
      g_autofree char *code = g_strdelimit (g_strdup (language), "-", '_');

      kf_window_set_reading_language (self, code);
    }

  g_free (self->pending_highlight);
  self->pending_highlight = g_strdup (match);
  /* page-shown follows every show request, also for the page already shown */
  if (!kf_window_select_node (self, node, NULL))
    g_clear_pointer (&self->pending_highlight, g_free);
  g_clear_pointer (&self->pending_block, g_free);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KfWindow *self = KF_WINDOW (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "outline");
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* --- annotations ------------------------------------------------------------------------- */

static char *
data_dir (KfWindow *self)
{
  if (self->library)
    return g_strdup (kf_library_get_data_dir (self->library));
  return g_build_filename (g_get_user_data_dir (), "kaifang", NULL);
}

static void
save_annotations (KfWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->annotations && !kf_annotations_save (self->annotations, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save your notes: %s"), error->message);

      kf_window_show_toast (self, message);
    }
}

/* Puts the current node's highlights into the page. */
static void
apply_notes (KfWindow *self)
{
  g_autoptr(GPtrArray) highlights = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  if (self->annotations == NULL || self->shown_node == NULL)
    return;

  highlights = kf_annotations_get_highlights (self->annotations, self->shown_node);
  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < highlights->len; i++)
    {
      const KfHighlight *h = g_ptr_array_index (highlights, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, h->id);
      json_builder_set_member_name (builder, "block");
      json_builder_add_string_value (builder, h->block_id);
      json_builder_set_member_name (builder, "start");
      json_builder_add_int_value (builder, h->start);
      json_builder_set_member_name (builder, "end");
      json_builder_add_int_value (builder, h->end);
      json_builder_set_member_name (builder, "color");
      json_builder_add_string_value (builder, kf_highlight_color_to_string (h->color));
      json_builder_set_member_name (builder, "note");
      json_builder_add_string_value (builder, h->note ? h->note : "");
      json_builder_set_member_name (builder, "sameLanguage");
      json_builder_add_boolean_value (builder, g_strcmp0 (h->language, self->effective_language) == 0);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  kf_detail_view_apply_notes (self->detail_view, json);
}

static void
remove_note_cb (GtkButton *button,
                KfWindow  *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "kf-note-id");
  const char *bookmark = g_object_get_data (G_OBJECT (button), "kf-bookmark");

  if (self->annotations == NULL)
    return;
  if (bookmark)
    kf_annotations_set_bookmarked (self->annotations, bookmark, FALSE);
  else
    kf_annotations_remove_highlight (self->annotations, id);
  save_annotations (self);
}

/* A row of the notes list; @note_id is the highlight's, NULL for a bookmark of @node. */
static GtkWidget *
note_row (KfWindow   *self,
          const char *title,
          const char *subtitle,
          const char *icon,
          const char *node,
          const char *block,
          const char *note_id)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("edit-delete-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "kf-node-id", g_strdup (node), g_free);
  g_object_set_data_full (G_OBJECT (row), "kf-block", g_strdup (block), g_free);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove"), -1);
  if (note_id)
    g_object_set_data_full (G_OBJECT (remove), "kf-note-id", g_strdup (note_id), g_free);
  else
    g_object_set_data_full (G_OBJECT (remove), "kf-bookmark", g_strdup (node), g_free);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_note_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  return row;
}

static void
rebuild_notes_list (KfWindow *self)
{
  g_autoptr(GPtrArray) bookmarks = NULL;
  g_autoptr(GPtrArray) highlights = NULL;
  KfRenderOptions options;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->notes_list))))
    gtk_list_box_remove (self->notes_list, child);

  if (self->annotations == NULL || self->document == NULL)
    return;

  render_options (self, &options);
  bookmarks = kf_annotations_get_bookmarks (self->annotations);
  for (guint i = 0; i < bookmarks->len; i++)
    {
      const char *id = g_ptr_array_index (bookmarks, i);
      const KfNode *node = kf_document_lookup_node (self->document, id);
      g_autofree char *title = node ? kf_render_node_title (self->document, node, &options) : g_strdup (id);
      GtkWidget *row = note_row (self, title, _("Bookmark"), "user-bookmarks-symbolic", id, NULL, NULL);

      gtk_list_box_append (self->notes_list, row);
    }

  highlights = kf_annotations_get_highlights (self->annotations, NULL);
  for (guint i = 0; i < highlights->len; i++)
    {
      const KfHighlight *h = g_ptr_array_index (highlights, i);
      g_autofree char *quote = g_strdup_printf ("“%s”", h->quote);
      GtkWidget *row = note_row (self, quote, h->note, "document-edit-symbolic", h->node_id,
                                 h->block_id, h->id);

      gtk_list_box_append (self->notes_list, row);
    }

  if (bookmarks->len == 0 && highlights->len == 0)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (_("Bookmark a page or select text to highlight it. "
                                          "Your bookmarks and notes show here."));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 18);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->notes_list, row);
    }
}

static void
update_bookmark_action (KfWindow *self)
{
  gboolean bookmarked = self->annotations && self->shown_node &&
                        kf_annotations_get_bookmarked (self->annotations, self->shown_node);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.bookmark", !bookmarked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.unbookmark", bookmarked);
}

static void
annotations_changed_cb (KfWindow *self)
{
  rebuild_notes_list (self);
  apply_notes (self);
  update_bookmark_action (self);
}

static void
load_annotations (KfWindow *self)
{
  g_autofree char *dir = data_dir (self);
  g_autoptr(GError) error = NULL;

  if (self->annotations)
    g_signal_handlers_disconnect_by_data (self->annotations, self);
  g_clear_object (&self->annotations);

  self->annotations = kf_annotations_load (dir, kf_document_get_metadata (self->document)->id,
                                           kf_document_get_content_hash (self->document), &error);
  if (self->annotations == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Notes are not available: %s"), error->message);

      kf_window_show_toast (self, message);
      return;
    }
  if (kf_annotations_get_recovery_message (self->annotations))
    kf_window_show_toast (self, kf_annotations_get_recovery_message (self->annotations));

  g_signal_connect_object (self->annotations, "changed", G_CALLBACK (annotations_changed_cb), self,
                           G_CONNECT_SWAPPED);
  rebuild_notes_list (self);
}

static void
notes_row_activated_cb (KfWindow      *self,
                        GtkListBoxRow *row)
{
  const char *node = g_object_get_data (G_OBJECT (row), "kf-node-id");
  const char *block = g_object_get_data (G_OBJECT (row), "kf-block");

  if (node == NULL)
    return;
  g_free (self->pending_block);
  self->pending_block = g_strdup (block);
  kf_window_select_node (self, node, NULL);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
bookmark_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KfWindow *self = KF_WINDOW (widget);

  if (self->annotations == NULL || self->shown_node == NULL)
    return;
  kf_annotations_set_bookmarked (self->annotations, self->shown_node,
                                 g_str_equal (action_name, "win.bookmark"));
  save_annotations (self);
}

/**
 * kf_window_highlight_selection:
 * @color: "yellow", "green", "blue", "pink" or "purple"
 * @note: (nullable): a note to keep with it
 *
 * Highlights the reader's selection in the page.
 *
 * Returns: %TRUE if there was a selection to highlight
 */
gboolean
kf_window_highlight_selection (KfWindow   *self,
                               const char *color,
                               const char *note)
{
  KfHighlightColor value = KF_HIGHLIGHT_YELLOW;
  const char *block, *text;
  guint start, end;

  g_return_val_if_fail (KF_IS_WINDOW (self), FALSE);

  if (self->annotations == NULL || self->shown_node == NULL ||
      !kf_detail_view_get_selection (self->detail_view, &block, &start, &end, &text))
    return FALSE;

  kf_highlight_color_from_string (color, &value);
  kf_annotations_add_highlight (self->annotations, self->shown_node, block, self->effective_language,
                                start, end, text, value, note && note[0] ? note : NULL);
  save_annotations (self);
  return TRUE;
}

static void
highlight_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KfWindow *self = KF_WINDOW (widget);

  if (!kf_window_highlight_selection (self, g_variant_get_string (parameter, NULL), NULL))
    kf_window_show_toast (self, _("Select some text in the page first"));
}

static void
note_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  KfWindow         *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "kf-entry");

  if (g_str_equal (response, "add"))
    kf_window_highlight_selection (self, "yellow", gtk_editable_get_text (entry));
}

static void
add_note_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KfWindow *self = KF_WINDOW (widget);
  const char *text;
  GtkWidget *dialog, *entry;

  if (!kf_detail_view_get_selection (self->detail_view, NULL, NULL, NULL, &text))
    {
      kf_window_show_toast (self, _("Select some text in the page first"));
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Add a Note"), text);
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add Note"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  g_object_set_data (G_OBJECT (dialog), "kf-entry", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (note_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
selection_notify_cb (KfWindow *self)
{
  gboolean has = kf_detail_view_get_selection (self->detail_view, NULL, NULL, NULL, NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.highlight", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-note", has);
}

/* --- export ---------------------------------------------------------------------------------- */

static void
export_print_finished_cb (WebKitPrintOperation *operation,
                          KfWindow             *self)
{
  kf_window_show_toast (self, _("Exported"));
}

static void
export_print_failed_cb (WebKitPrintOperation *operation,
                        GError               *error,
                        KfWindow             *self)
{
  g_autofree char *message = g_strdup_printf (_("Could not export: %s"), error->message);

  kf_window_show_toast (self, message);
}

/* Prints @web_view's page to a PDF file without a dialog. */
static void
print_to_pdf (KfWindow      *self,
              WebKitWebView *web_view,
              GFile         *file)
{
  g_autoptr(WebKitPrintOperation) operation = webkit_print_operation_new (web_view);
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autofree char *uri = g_file_get_uri (file);

  gtk_print_settings_set_printer (settings, "Print to File");
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
  webkit_print_operation_set_print_settings (operation, settings);
  g_signal_connect_object (operation, "finished", G_CALLBACK (export_print_finished_cb), self, 0);
  g_signal_connect_object (operation, "failed", G_CALLBACK (export_print_failed_cb), self, 0);
  webkit_print_operation_print (operation);
}

static void
export_to_file (KfWindow *self,
                GFile    *file,
                gboolean  whole)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  const KfNode *node = NULL;
  KfRenderOptions options;

  render_options (self, &options);
  options.bilingual = FALSE;
  if (!whole && self->shown_node)
    node = kf_document_lookup_node (self->document, self->shown_node);

  if (g_str_has_suffix (name, ".pdf"))
    {
      if (whole)
        {
          /* the whole document: print the standalone export from a web view of its own */
          g_autofree char *css = kf_detail_view_dup_style_sheet ();
          g_autofree char *html = kf_export_html (self->document, NULL, &options, css);
          WebKitWebView *view = WEBKIT_WEB_VIEW (webkit_web_view_new ());

          g_object_ref_sink (view);
          g_object_set_data_full (G_OBJECT (view), "kf-file", g_object_ref (file), g_object_unref);
          webkit_web_view_load_html (view, html, NULL);
          print_to_pdf (self, view, file);
          g_object_set_data_full (G_OBJECT (self), "kf-export-view", view, g_object_unref);
        }
      else
        print_to_pdf (self, kf_detail_view_get_web_view (self->detail_view), file);
      return;
    }

  if (g_str_has_suffix (name, ".md") || g_str_has_suffix (name, ".markdown"))
    data = kf_export_markdown (self->document, node, &options);
  else
    {
      g_autofree char *css = kf_detail_view_dup_style_sheet ();

      data = kf_export_html (self->document, node, &options, css);
    }

  if (!g_file_replace_contents (file, data, strlen (data), NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                NULL, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not export: %s"), error->message);

      kf_window_show_toast (self, message);
      return;
    }
  kf_window_show_toast (self, _("Exported"));
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    KfWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      const char *what = g_object_get_data (G_OBJECT (dialog), "kf-what");

      if (g_str_equal (what, "notes"))
        {
          g_autofree char *markdown = kf_annotations_to_markdown (self->annotations, self->document);
          g_autoptr(GError) error = NULL;

          if (!g_file_replace_contents (file, markdown, strlen (markdown), NULL, FALSE,
                                        G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, &error))
            kf_window_show_toast (self, error->message);
          else
            kf_window_show_toast (self, _("Exported"));
        }
      else
        export_to_file (self, file, g_str_equal (what, "document"));
    }
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KfWindow *self = KF_WINDOW (widget);
  const char *what = g_variant_get_string (parameter, NULL);
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;

  if (self->document == NULL || (g_str_equal (what, "notes") && self->annotations == NULL))
    return;

  dialog = gtk_file_chooser_native_new (g_str_equal (what, "notes") ? _("Export Notes")
                                        : g_str_equal (what, "page") ? _("Export Page")
                                        : _("Export Document"),
                                        GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  /* the file's ending chooses the format: .pdf, .html or .md */
  name = g_strdup_printf ("%s.%s", g_str_equal (what, "page") && self->shown_node
                                   ? self->shown_node : kf_document_get_metadata (self->document)->id,
                          g_str_equal (what, "notes") ? "md" : "pdf");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_object_set_data_full (G_OBJECT (dialog), "kf-what", g_strdup (what), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KfWindow *self = KF_WINDOW (widget);

  if (self->settings == NULL)
    return;
  gtk_window_present (GTK_WINDOW (kf_preferences_window_new (GTK_WINDOW (self), self->settings)));
}

static void
show_content_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KfWindow *self = KF_WINDOW (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

static void
toggle_focus_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KfWindow *self = KF_WINDOW (widget);
  GtkWidget *web_view = GTK_WIDGET (kf_detail_view_get_web_view (self->detail_view));

  if (gtk_widget_has_focus (web_view) || gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (self)), web_view))
    {
      adw_leaflet_set_visible_child_name (self->leaflet, "outline");
      gtk_widget_grab_focus (GTK_WIDGET (self->outline));
    }
  else
    {
      adw_leaflet_set_visible_child_name (self->leaflet, "content");
      gtk_widget_grab_focus (web_view);
    }
}

static void
go_to_node_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  kf_window_select_node (KF_WINDOW (widget), g_variant_get_string (parameter, NULL), NULL);
}

static void
style_dark_cb (KfWindow       *self,
               GParamSpec     *pspec,
               AdwStyleManager *manager)
{
  kf_detail_view_set_dark (self->detail_view, adw_style_manager_get_dark (manager));
}

static void
focus_selected_row (KfWindow *self)
{
  guint position = self->selection ? gtk_single_selection_get_selected (self->selection)
                                   : GTK_INVALID_LIST_POSITION;

  if (position == GTK_INVALID_LIST_POSITION)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self->outline));
  gtk_widget_activate_action (GTK_WIDGET (self->outline), "list.scroll-to-item", "u", position);
  /* GTK 4.8 has no API to put the keyboard on a row; a row child takes the focus instead */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->outline)); row;
       row = gtk_widget_get_next_sibling (row))
    if (gtk_widget_get_state_flags (row) & GTK_STATE_FLAG_SELECTED)
      {
        gtk_widget_grab_focus (row);
        break;
      }
}

static void
outline_mapped_cb (KfWindow *self)
{
  g_signal_handlers_disconnect_by_func (self->outline, outline_mapped_cb, self);
  focus_selected_row (self);
}

static void
relabel (KfWindow *self)
{
  GHashTableIter iter;
  gpointer value;
  KfRenderOptions options;

  render_options (self, &options);
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      KfOutlineItem *item = value;
      g_autofree char *title = kf_render_node_title (self->document, kf_outline_item_get_node (item),
                                                     &options);

      kf_outline_item_set_title (item, title);
    }
}

static void
rebuild_language_menu (KfWindow           *self,
                       const char * const *available)
{
  const KfMetadata *m = kf_document_get_metadata (self->document);
  g_autoptr(GMenu) section = g_menu_new ();
  g_autoptr(GMenu) languages = g_menu_new ();
  g_autofree char *original = g_strdup_printf (_("%s (original)"), kf_l10n_native_name (m->language));
  g_autoptr(GMenuItem) item = NULL;

  g_menu_remove_all (self->language_menu);

  item = g_menu_item_new (_("Interface Language"), NULL);
  g_menu_item_set_action_and_target (item, "win.reading-language", "s", "");
  g_menu_append_item (section, item);
  g_clear_object (&item);
  g_menu_append_section (self->language_menu, NULL, G_MENU_MODEL (section));

  item = g_menu_item_new (original, NULL);
  g_menu_item_set_action_and_target (item, "win.reading-language", "s", m->language);
  g_menu_append_item (languages, item);
  g_clear_object (&item);
  for (guint i = 0; available && available[i]; i++)
    {
      item = g_menu_item_new (kf_l10n_native_name (available[i]), NULL);
      g_menu_item_set_action_and_target (item, "win.reading-language", "s", available[i]);
      g_menu_append_item (languages, item);
      g_clear_object (&item);
    }
  g_menu_append_section (self->language_menu, NULL, G_MENU_MODEL (languages));
}

/* Picks the reading language and loads its catalogs, then relabels the outline and the page.
 * No restart and no change to the process locale. */
static void
update_language (KfWindow *self)
{
  const KfMetadata *m;
  g_auto(GStrv) available = NULL;
  g_autofree char *chosen = NULL;
  g_autoptr(GError) error = NULL;
  KfOutlineItem *selected;

  if (self->document == NULL)
    return;

  m = kf_document_get_metadata (self->document);
  available = kf_l10n_content_languages (m->id);
  chosen = kf_l10n_choose ((const char * const *) available, self->reading_language,
                           g_get_language_names (), m->language);

  g_clear_object (&self->content_catalog);
  g_clear_object (&self->label_catalog);
  if (chosen[0] != '\0')
    {
      self->content_catalog = kf_l10n_load_content (m->id, chosen, &error);
      if (self->content_catalog == NULL)
        g_warning ("Could not load the %s translation: %s", chosen, error->message);
    }
  self->label_catalog = kf_l10n_load_labels (kf_l10n_localedir (),
                                             chosen[0] != '\0' ? chosen : m->language);

  g_free (self->effective_language);
  self->effective_language = g_steal_pointer (&chosen);

  rebuild_language_menu (self, (const char * const *) available);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.bilingual", self->content_catalog != NULL);
  relabel (self);

  selected = get_selected_item (self);
  if (selected != NULL)
    show_node (self, kf_outline_item_get_node (selected), NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EFFECTIVE_LANGUAGE]);
}

void
kf_window_set_reading_language (KfWindow   *self,
                                const char *language)
{
  g_return_if_fail (KF_IS_WINDOW (self));

  if (language == NULL)
    language = "";
  if (g_strcmp0 (self->reading_language, language) == 0)
    return;

  g_free (self->reading_language);
  self->reading_language = g_strdup (language);
  update_language (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READING_LANGUAGE]);
}

const char *
kf_window_get_effective_language (KfWindow *self)
{
  g_return_val_if_fail (KF_IS_WINDOW (self), NULL);
  return self->effective_language;
}

void
kf_window_set_bilingual (KfWindow *self,
                         gboolean  bilingual)
{
  KfOutlineItem *selected;

  g_return_if_fail (KF_IS_WINDOW (self));

  bilingual = !!bilingual;
  if (self->bilingual == bilingual)
    return;

  self->bilingual = bilingual;
  selected = self->document ? get_selected_item (self) : NULL;
  if (selected != NULL)
    show_node (self, kf_outline_item_get_node (selected), NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BILINGUAL]);
}

static void rebuild_library_list (KfWindow *self);

static void
remove_from_library_cb (GtkButton *button,
                        KfWindow  *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "kf-document-id");
  g_autoptr(GError) error = NULL;
  gboolean current = self->document && g_strcmp0 (id, kf_document_get_metadata (self->document)->id) == 0;

  if (!kf_library_remove (self->library, id, &error))
    {
      kf_window_show_toast (self, error->message);
      return;
    }
  if (current)
    {
      g_autoptr(KfDocument) guide = kf_document_load_from_resource (KF_LIBRARY_GUIDE_RESOURCE, NULL);

      if (guide)
        kf_window_set_document (self, guide);
    }
  rebuild_library_list (self);
}

static void
rebuild_library_list (KfWindow *self)
{
  GPtrArray *entries;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->library_list))))
    gtk_list_box_remove (self->library_list, child);

  if (self->library == NULL)
    return;

  entries = kf_library_get_entries (self->library);
  for (guint i = 0; i < entries->len; i++)
    {
      const KfLibraryEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *subtitle = NULL;
      g_autofree char *percent = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *progress = gtk_level_bar_new_for_interval (0, 1);
      double fraction = kf_library_entry_get_progress (entry);

      subtitle = g_strdup_printf ("%s · %s · %s", entry->source ? entry->source : "",
                                  entry->date ? entry->date : "",
                                  kf_l10n_native_name (entry->language ? entry->language : ""));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->title ? entry->title : entry->id);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "kf-document-id", g_strdup (entry->id), g_free);

      /* reading progress */
      gtk_level_bar_set_value (GTK_LEVEL_BAR (progress), fraction);
      gtk_widget_set_size_request (progress, 48, -1);
      gtk_widget_set_valign (progress, GTK_ALIGN_CENTER);
      percent = g_strdup_printf (_("%d%% read"), (int) (fraction * 100 + 0.5));
      gtk_widget_set_tooltip_text (progress, percent);
      gtk_accessible_update_property (GTK_ACCESSIBLE (progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      percent, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), progress);

      if (!entry->bundled)
        {
          GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
          g_autofree char *label = g_strdup_printf (_("Remove “%s” from the Library"), entry->title);

          gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (remove, "flat");
          gtk_widget_set_tooltip_text (remove, label);
          gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          label, -1);
          g_object_set_data_full (G_OBJECT (remove), "kf-document-id", g_strdup (entry->id), g_free);
          g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_from_library_cb), self, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
        }

      gtk_list_box_append (self->library_list, row);
    }
}

static void
library_row_activated_cb (KfWindow      *self,
                          GtkListBoxRow *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "kf-document-id");
  g_autoptr(KfDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  const KfLibraryEntry *entry;

  if (self->library == NULL || id == NULL)
    return;

  entry = kf_library_lookup (self->library, id);
  document = kf_library_load (self->library, id, &error);
  if (document == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not open the document: %s"), error->message);

      kf_window_show_toast (self, message);
      return;
    }

  kf_window_set_document (self, document);
  if (entry && entry->last_node)
    kf_window_select_node (self, entry->last_node, NULL);
  adw_view_stack_set_visible_child_name (self->view_stack, "outline");
}

/* Selects @node and scrolls its page to @scroll, as the reader left it. */
void
kf_window_restore_position (KfWindow   *self,
                            const char *node,
                            double      scroll)
{
  g_return_if_fail (KF_IS_WINDOW (self));

  self->restoring = TRUE;
  self->pending_scroll = MAX (scroll, 0);
  kf_window_select_node (self, node, NULL);
  self->pending_scroll = -1;
  self->restoring = FALSE;
}

/**
 * kf_window_open_file:
 *
 * Opens a document (.json) or imports an article (.txt, .md), keeps it in the library and
 * shows it. Problems are shown to the reader; the current document stays.
 *
 * Returns: %TRUE if the file was opened
 */
gboolean
kf_window_open_file (KfWindow *self,
                     GFile    *file)
{
  g_autoptr(KfDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (KF_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->library)
    document = kf_library_open_file (self->library, file, &error);
  else
    document = kf_document_open_file (file, NULL, NULL, &error);

  if (document == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not open the document: %s"), error->message);

      kf_window_show_toast (self, message);
      return FALSE;
    }

  kf_window_set_document (self, document);
  rebuild_library_list (self);
  return TRUE;
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  KfWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      kf_window_open_file (self, file);
    }
  g_object_unref (dialog);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KfWindow *self = KF_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) documents = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) articles = gtk_file_filter_new ();

  /* GtkFileDialog (4.10) is the newer API; the native chooser goes through the portal in Flatpak */
  dialog = gtk_file_chooser_native_new (_("Open a Document"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (all, _("Documents and Articles"));
  gtk_file_filter_add_suffix (all, "json");
  gtk_file_filter_add_suffix (all, "txt");
  gtk_file_filter_add_suffix (all, "md");
  gtk_file_filter_add_mime_type (all, "text/plain");
  gtk_file_filter_add_mime_type (all, "text/markdown");
  gtk_file_filter_add_mime_type (all, "application/json");
  gtk_file_filter_set_name (documents, _("Kaifang Documents (.json)"));
  gtk_file_filter_add_suffix (documents, "json");
  gtk_file_filter_set_name (articles, _("Articles (.txt, .md)"));
  gtk_file_filter_add_suffix (articles, "txt");
  gtk_file_filter_add_suffix (articles, "md");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), documents);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), articles);

  g_signal_connect_object (dialog, "response", G_CALLBACK (open_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         KfWindow      *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;
  return kf_window_open_file (self, G_FILE (files->data));
}

void
kf_window_set_document (KfWindow   *self,
                        KfDocument *document)
{
  g_autoptr(GListStore) roots = NULL;
  KfOutlineItem *root;

  g_return_if_fail (KF_IS_WINDOW (self));
  g_return_if_fail (KF_IS_DOCUMENT (document));

  if (self->document == document)
    return;

  if (self->selection)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_list_view_set_model (self->outline, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree_model);
  g_hash_table_remove_all (self->items);

  g_set_object (&self->document, document);
  update_language (self);

  roots = g_list_store_new (KF_TYPE_OUTLINE_ITEM);
  root = build_items (self, kf_document_get_root (document));
  g_list_store_append (roots, root);
  g_object_unref (root);

  self->tree_model = gtk_tree_list_model_new (G_LIST_MODEL (g_steal_pointer (&roots)),
                                              FALSE, FALSE, create_children_cb, NULL, NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->tree_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, FALSE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);

  /* the document row starts open, so that its themes show */
  {
    g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_model, 0);

    gtk_tree_list_row_set_expanded (row, TRUE);
  }

  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->outline, GTK_SELECTION_MODEL (self->selection));

  update_accent_css (self);
  update_citation (self);
  load_annotations (self);
  index_in_background (self, document);

  kf_window_select_node (self, kf_document_get_root (document)->id, NULL);
  /* the keyboard starts in the outline, on the selected row */
  if (gtk_widget_get_mapped (GTK_WIDGET (self->outline)))
    focus_selected_row (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

KfDocument *
kf_window_get_document (KfWindow *self)
{
  g_return_val_if_fail (KF_IS_WINDOW (self), NULL);
  return self->document;
}

KfDetailView *
kf_window_get_detail_view (KfWindow *self)
{
  g_return_val_if_fail (KF_IS_WINDOW (self), NULL);
  return self->detail_view;
}

void
kf_window_show_toast (KfWindow   *self,
                      const char *message)
{
  AdwToast *toast;

  g_return_if_fail (KF_IS_WINDOW (self));

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static gboolean
kf_window_close_request (GtkWindow *window)
{
  KfWindow *self = KF_WINDOW (window);
  int width, height;

  if (self->settings)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
      g_settings_set_double (self->settings, "last-scroll", kf_detail_view_get_scroll (self->detail_view));
      if (!gtk_window_is_maximized (window))
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }

  return GTK_WINDOW_CLASS (kf_window_parent_class)->close_request (window);
}

static void
kf_window_dispose (GObject *object)
{
  KfWindow *self = (KfWindow *)object;

  if (self->accent_css)
    gtk_style_context_remove_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                   GTK_STYLE_PROVIDER (self->accent_css));
  if (self->outline)
    gtk_list_view_set_model (self->outline, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), KF_TYPE_WINDOW);

  g_clear_object (&self->selection);
  g_clear_object (&self->tree_model);
  g_clear_object (&self->accent_css);
  g_clear_object (&self->settings);
  g_clear_object (&self->content_catalog);
  g_clear_object (&self->label_catalog);
  g_clear_object (&self->document);
  g_clear_object (&self->library);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->search_index);
  g_clear_object (&self->annotations);
  g_clear_object (&self->language_menu);
  g_clear_object (&self->shown_document);
  g_clear_pointer (&self->back, g_ptr_array_unref);
  g_clear_pointer (&self->forward, g_ptr_array_unref);

  G_OBJECT_CLASS (kf_window_parent_class)->dispose (object);
}

static void
kf_window_finalize (GObject *object)
{
  KfWindow *self = (KfWindow *)object;

  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->pending_anchor, g_free);
  g_clear_pointer (&self->reading_language, g_free);
  g_clear_pointer (&self->effective_language, g_free);
  g_clear_pointer (&self->shown_node, g_free);
  g_clear_pointer (&self->pending_highlight, g_free);
  g_clear_pointer (&self->pending_block, g_free);
  g_clear_pointer (&self->scrolls, g_hash_table_unref);

  G_OBJECT_CLASS (kf_window_parent_class)->finalize (object);
}

static void
kf_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KfWindow *self = KF_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;
    case PROP_SELECTED_ID:
      g_value_set_string (value, kf_window_get_selected_id (self));
      break;
    case PROP_READING_LANGUAGE:
      g_value_set_string (value, self->reading_language);
      break;
    case PROP_EFFECTIVE_LANGUAGE:
      g_value_set_string (value, self->effective_language);
      break;
    case PROP_BILINGUAL:
      g_value_set_boolean (value, self->bilingual);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  KfWindow *self = KF_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      if (g_value_get_object (value))
        kf_window_set_document (self, g_value_get_object (value));
      break;
    case PROP_LIBRARY:
      self->library = g_value_dup_object (value);
      rebuild_library_list (self);
      if (self->library && kf_library_get_recovery_message (self->library))
        kf_window_show_toast (self, kf_library_get_recovery_message (self->library));
      break;
    case PROP_READING_LANGUAGE:
      kf_window_set_reading_language (self, g_value_get_string (value));
      break;
    case PROP_BILINGUAL:
      kf_window_set_bilingual (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_window_class_init (KfWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = kf_window_dispose;
  object_class->finalize = kf_window_finalize;
  object_class->get_property = kf_window_get_property;
  object_class->set_property = kf_window_set_property;
  window_class->close_request = kf_window_close_request;

  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL, KF_TYPE_LIBRARY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, KF_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ID] =
    g_param_spec_string ("selected-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READING_LANGUAGE] =
    g_param_spec_string ("reading-language", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EFFECTIVE_LANGUAGE] =
    g_param_spec_string ("effective-language", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BILINGUAL] =
    g_param_spec_boolean ("bilingual", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KF_TYPE_DETAIL_VIEW);
  g_type_ensure (KF_TYPE_OUTLINE_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/kf-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KfWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, outline);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, detail_view);
  gtk_widget_class_bind_template_callback (widget_class, link_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_uri_cb);
  gtk_widget_class_bind_template_callback (widget_class, outline_activate_cb);

  gtk_widget_class_bind_template_child (widget_class, KfWindow, language_button);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, library_list);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, notes_list);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, search_results);
  gtk_widget_class_bind_template_callback (widget_class, library_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, notes_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_result_activated_cb);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.bookmark", NULL, bookmark_action);
  gtk_widget_class_install_action (widget_class, "win.unbookmark", NULL, bookmark_action);
  gtk_widget_class_install_action (widget_class, "win.highlight", "s", highlight_action);
  gtk_widget_class_install_action (widget_class, "win.add-note", NULL, add_note_action);
  gtk_widget_class_install_action (widget_class, "win.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_property_action (widget_class, "win.reading-language", "reading-language");
  gtk_widget_class_install_property_action (widget_class, "win.bilingual", "bilingual");
  gtk_widget_class_install_action (widget_class, "win.show-outline", NULL, show_outline_action);
  gtk_widget_class_install_action (widget_class, "win.show-content", NULL, show_content_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-focus", NULL, toggle_focus_action);
  gtk_widget_class_install_action (widget_class, "win.go-to-node", "s", go_to_node_action);

  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "win.go-forward", NULL, go_forward_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_reset_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F6, 0, "win.toggle-focus", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "win.bookmark", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK, "win.highlight", "s", "yellow");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-note", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.export", "s", "page");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.go-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "win.go-forward", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK, "win.preferences", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);
}

static void
kf_window_init (KfWindow *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  GtkEventController *keys;
  GtkGesture *click;
  GtkGesture *mouse;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  if (g_strcmp0 (PROFILE, "Devel") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->items = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);
  self->reading_language = g_strdup ("");
  self->effective_language = g_strdup ("");
  self->language_menu = g_menu_new ();
  self->back = g_ptr_array_new_with_free_func (history_entry_free);
  self->forward = g_ptr_array_new_with_free_func (history_entry_free);
  self->scrolls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pending_scroll = -1;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.go-back", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.go-forward", FALSE);
  gtk_menu_button_set_menu_model (self->language_button, G_MENU_MODEL (self->language_menu));
  self->accent_css = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (self->accent_css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  schema = source ? g_settings_schema_source_lookup (source, BASE_APP_ID, TRUE) : NULL;
  if (schema != NULL)
    {
      self->settings = g_settings_new (BASE_APP_ID);
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      g_settings_bind (self->settings, "reading-language", self, "reading-language",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "bilingual", self, "bilingual", G_SETTINGS_BIND_DEFAULT);
      g_signal_connect_object (self->settings, "changed::style-variant",
                               G_CALLBACK (update_page_style), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::font-family",
                               G_CALLBACK (update_page_style), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::font-scale",
                               G_CALLBACK (update_page_style), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::line-width",
                               G_CALLBACK (update_page_style), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::copy-citation",
                               G_CALLBACK (update_citation), self, G_CONNECT_SWAPPED);
    }
  else
    {
      g_warning ("GSettings schema %s is not installed; settings will not be kept", BASE_APP_ID);
      gtk_window_set_default_size (GTK_WINDOW (self), 1100, 720);
    }

  g_signal_connect_object (self->outline, "map", G_CALLBACK (outline_mapped_cb), self, G_CONNECT_SWAPPED);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (outline_key_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->outline), keys);

  click = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_BUBBLE);
  g_signal_connect_object (click, "released", G_CALLBACK (outline_clicked_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->outline), GTK_EVENT_CONTROLLER (click));

  g_signal_connect_object (style_manager, "notify::dark", G_CALLBACK (style_dark_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (style_manager, "notify::high-contrast", G_CALLBACK (update_page_style),
                           self, G_CONNECT_SWAPPED);
  kf_detail_view_set_dark (self->detail_view, adw_style_manager_get_dark (style_manager));
  update_page_style (self);

  g_signal_connect_object (self->detail_view, "page-shown", G_CALLBACK (page_shown_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detail_view, "notify::has-selection", G_CALLBACK (selection_notify_cb),
                           self, G_CONNECT_SWAPPED);
  selection_notify_cb (self);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  mouse = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (mouse), 0);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (mouse), GTK_PHASE_CAPTURE);
  g_signal_connect_object (mouse, "pressed", G_CALLBACK (mouse_button_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (mouse));
}

KfWindow *
kf_window_new (GtkApplication *application,
               KfDocument     *document)
{
  return g_object_new (KF_TYPE_WINDOW,
                       "application", application,
                       "document", document,
                       NULL);
}
