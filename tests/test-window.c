/* test-window.c — the real window under Xvfb: outline, detail view, links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "kf-test-ui.h"

#define GUIDE RESOURCE_BASE_PATH "/guide/kaifang-guide.json"

static KfDocument *guide;
static KfWindow *window;

/* Selects the outline row showing @id, as a click on it would. */
static void
select_row (const char *id)
{
  GtkListView *list = GTK_LIST_VIEW (kf_test_ui_find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW));
  GtkSelectionModel *model = gtk_list_view_get_model (list);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);
      g_autofree char *item_id = NULL;

      g_object_get (item, "id", &item_id, NULL);
      if (g_strcmp0 (item_id, id) == 0)
        {
          g_assert_true (gtk_selection_model_select_item (model, i, TRUE));
          return;
        }
    }
  g_error ("No outline row for “%s”", id);
}

static void
test_themes (void)
{
  for (guint i = 0; i < kf_document_get_n_themes (guide); i++)
    {
      const KfTheme *theme = kf_document_get_theme (guide, i);
      g_autofree char *h1 = NULL;
      g_autofree char *count = NULL;

      select_row (theme->id);
      kf_test_ui_wait_page (window, theme->id);

      h1 = kf_test_ui_eval (window, "document.querySelector('h1').textContent");
      g_assert_cmpstr (h1, ==, theme->title);
      count = kf_test_ui_eval (window, "String(document.querySelectorAll('h1').length)");
      g_assert_cmpstr (count, ==, "1");
      g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, theme->title);
      g_assert_cmpstr (kf_window_get_selected_id (window), ==, theme->id);
    }
}

static gboolean
selected_is (gpointer data)
{
  return g_strcmp0 (kf_window_get_selected_id (window), data) == 0;
}

static void
test_internal_link (void)
{
  const KfTheme *first = kf_document_get_theme (guide, 0);
  const KfTheme *related = first->related[0];
  g_autofree char *h1 = NULL;

  select_row (first->id);
  kf_test_ui_wait_page (window, first->id);

  /* the first link of the "Related themes" list */
  g_free (kf_test_ui_eval (window, "document.querySelector('.related a.internal').click()"));
  g_assert_true (kf_test_ui_wait_for (selected_is, (gpointer) related->id, 10000));
  kf_test_ui_wait_page (window, related->id);
  h1 = kf_test_ui_eval (window, "document.querySelector('h1').textContent");
  g_assert_cmpstr (h1, ==, related->title);

  /* a link to a glossary term opens the glossary at that term */
  g_free (kf_test_ui_eval (window, "document.querySelector('a.term-link').click()"));
  g_assert_true (kf_test_ui_wait_for (selected_is, (gpointer) "glossary", 10000));
  kf_test_ui_wait_page (window, "glossary");
}

static void
open_uri_cb (KfDetailView *view,
             const char   *uri,
             guint        *count)
{
  g_assert_true (g_str_has_prefix (uri, "https://"));
  (*count)++;
}

static void
test_external_link (void)
{
  KfDetailView *view = kf_window_get_detail_view (window);
  guint opened = 0;
  gulong handler;
  g_autofree char *location = NULL;
  g_autofree char *node = NULL;

  handler = g_signal_connect (view, "open-uri", G_CALLBACK (open_uri_cb), &opened);
  select_row ("about");
  kf_test_ui_wait_page (window, "about");

  g_free (kf_test_ui_eval (window, "document.querySelector('a.external').click()"));
  /* give a navigation every chance to happen */
  kf_test_ui_spin (1500);

  location = kf_test_ui_eval (window, "document.location.href");
  g_assert_cmpstr (location, ==, "kaifang:///page.html");
  node = kf_test_ui_eval (window, "document.getElementById('content').dataset.node");
  g_assert_cmpstr (node, ==, "about");
  g_assert_cmpstr (webkit_web_view_get_uri (kf_detail_view_get_web_view (view)), ==,
                   "kaifang:///page.html");
  /* and the click was passed on to the system browser instead */
  g_assert_cmpuint (opened, ==, 1);
  g_signal_handler_disconnect (view, handler);
}

static gboolean
page_is_dark (gpointer data)
{
  g_autofree char *dark = kf_test_ui_eval (window, "String(document.documentElement.classList.contains('dark'))");

  return g_strcmp0 (dark, data) == 0;
}

static void
test_dark_style (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GdkRGBA background;

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (kf_test_ui_wait_for (page_is_dark, (gpointer) "true", 10000));
  webkit_web_view_get_background_color (kf_detail_view_get_web_view (kf_window_get_detail_view (window)),
                                        &background);
  g_assert_cmpfloat (background.red, <, 0.2);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_true (kf_test_ui_wait_for (page_is_dark, (gpointer) "false", 10000));
}

static void
test_section_page (void)
{
  g_autofree char *h1 = NULL;
  g_autofree char *eyebrow = NULL;

  g_assert_true (kf_window_select_node (window, "digital-green-since-2012", NULL));
  kf_test_ui_wait_page (window, "digital-green-since-2012");
  h1 = kf_test_ui_eval (window, "document.querySelector('h1').textContent");
  g_assert_cmpstr (h1, ==, "Since 2012");
  /* figure cards with value and unit */
  eyebrow = kf_test_ui_eval (window, "document.querySelector('.figure-card .figure-value').textContent");
  g_assert_nonnull (strstr (eyebrow, "2.7"));
  g_assert_nonnull (strstr (eyebrow, "trillion yuan"));
}

static gboolean
has_row (const char *id)
{
  GtkListView *list = GTK_LIST_VIEW (kf_test_ui_find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW));
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (list));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);
      g_autofree char *item_id = NULL;

      g_object_get (item, "id", &item_id, NULL);
      if (g_strcmp0 (item_id, id) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Opening a .txt article imports it: its sections become the outline's themes. */
static void
test_open_text (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "import", "ordinal-words.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  KfDocument *document;
  const KfNode *root;
  guint themes = 0;

  g_assert_true (kf_window_open_file (window, file));
  document = kf_window_get_document (window);
  g_assert_true (document != guide);
  root = kf_document_get_root (document);
  kf_test_ui_wait_page (window, root->id);

  for (guint i = 0; i < root->n_children; i++)
    if (root->children[i]->kind == KF_NODE_THEME)
      {
        themes++;
        g_assert_true (has_row (root->children[i]->id));
      }
  g_assert_cmpuint (themes, >=, 2);
  g_assert_false (has_row (kf_document_get_theme (guide, 0)->id));

  /* and back: the history crosses documents */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-back", NULL);
  g_assert_true (kf_window_get_document (window) == guide);
}

static void
test_history (void)
{
  g_autofree char *h1 = NULL;

  g_assert_true (kf_window_select_node (window, "institutional", NULL));
  kf_test_ui_wait_page (window, "institutional");
  g_assert_true (kf_window_select_node (window, "security", NULL));
  kf_test_ui_wait_page (window, "security");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-back", NULL);
  kf_test_ui_wait_page (window, "institutional");
  g_assert_cmpstr (kf_window_get_selected_id (window), ==, "institutional");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-forward", NULL);
  kf_test_ui_wait_page (window, "security");
  h1 = kf_test_ui_eval (window, "document.querySelector('h1').textContent");
  g_assert_cmpstr (h1, ==, kf_document_get_theme (guide, 5)->title);
}

static gboolean
find_count_is (gpointer data)
{
  return g_strcmp0 (kf_detail_view_get_find_status (kf_window_get_detail_view (window)), data) == 0;
}

static void
test_find (void)
{
  KfDetailView *view = kf_window_get_detail_view (window);
  g_autofree char *expected = NULL;
  g_autofree char *count = NULL;

  g_assert_true (kf_window_select_node (window, "digital-green-since-2012", NULL));
  kf_test_ui_wait_page (window, "digital-green-since-2012");

  /* the page's own count of "trillion" (case-insensitive), against WebKit's */
  count = kf_test_ui_eval (window, "String((document.body.innerText.match(/trillion/gi) || []).length)");
  g_assert_cmpint (atoi (count), >=, 2);
  expected = g_strdup_printf ("%s matches", count);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL);
  kf_detail_view_find (view, "TRILLION");
  g_assert_true (kf_test_ui_wait_for (find_count_is, expected, 10000));

  /* next moves the selection to a match */
  gtk_widget_activate_action (GTK_WIDGET (view), "view.find-next", NULL);
  kf_test_ui_spin (300);
  g_free (count);
  count = kf_test_ui_eval (window, "String(window.getSelection()).toLowerCase()");
  g_assert_cmpstr (count, ==, "trillion");

  kf_detail_view_find (view, "zzzqqq");
  g_assert_true (kf_test_ui_wait_for (find_count_is, (gpointer) "No matches", 10000));
  kf_detail_view_stop_find (view);
}

static gboolean
font_size_is (gpointer data)
{
  g_autofree char *size = kf_test_ui_eval (window, "getComputedStyle(document.documentElement).fontSize");

  return g_strcmp0 (size, data) == 0;
}

static void
test_zoom (void)
{
  g_assert_true (kf_test_ui_wait_for (font_size_is, (gpointer) "18px", 10000));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  g_assert_true (kf_test_ui_wait_for (font_size_is, (gpointer) "21.6px", 10000));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-reset", NULL);
  g_assert_true (kf_test_ui_wait_for (font_size_is, (gpointer) "18px", 10000));
}

/* A glossary card appears when a term link gets the keyboard focus, and goes with it. */
static void
test_glossary_card (void)
{
  g_autofree char *shown = NULL;
  g_autofree char *hidden = NULL;

  g_assert_true (kf_window_select_node (window, "institutional", NULL));
  kf_test_ui_wait_page (window, "institutional");
  shown = kf_test_ui_eval (window,
    "(() => { const l = document.querySelector('p a[data-definition]'); l.focus();"
    "  const c = document.getElementById('kf-term-card');"
    "  return String(!c.hidden && c.textContent.includes(l.dataset.definition)"
    "                && l.getAttribute('aria-describedby') === c.id); })()");
  g_assert_cmpstr (shown, ==, "true");
  hidden = kf_test_ui_eval (window,
    "(() => { document.querySelector('p a[data-definition]').blur();"
    "  return String(document.getElementById('kf-term-card').hidden); })()");
  g_assert_cmpstr (hidden, ==, "true");
}

/* Clicking a theme in the theme map selects it in the outline. */
static void
test_map_click (void)
{
  const KfTheme *theme = kf_document_get_theme (guide, 3);
  g_autofree char *script = NULL;

  g_assert_true (kf_window_select_node (window, "map", NULL));
  kf_test_ui_wait_page (window, "map");
  script = g_strdup_printf ("document.querySelector('svg a[href=\"#%s\"]')"
                            ".dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}))",
                            theme->id);
  g_free (kf_test_ui_eval (window, script));
  g_assert_true (kf_test_ui_wait_for (selected_is, (gpointer) theme->id, 10000));
  kf_test_ui_wait_page (window, theme->id);
}

static gboolean
has_results (gpointer data)
{
  GtkListBox *results = data;
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (results, 0);

  return first != NULL && gtk_list_box_row_get_activatable (first);
}

static gboolean
page_has_mark (gpointer data)
{
  g_autofree char *mark = kf_test_ui_eval (window,
    "(() => { const m = document.querySelector('mark.kf-highlight'); return m ? m.textContent : ''; })()");

  return g_ascii_strcasecmp (mark, data) == 0;
}

static GtkWidget *
find_stack_with (GtkWidget  *widget,
                 const char *page)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), page))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_stack_with (child, page);

      if (found)
        return found;
    }
  return NULL;
}

/* Typing a query lists results; choosing one opens its page with the match marked. */
static void
test_search (void)
{
  /* the sidebar's search, not the page's find bar */
  GtkWidget *leaflet = kf_test_ui_find_widget (GTK_WIDGET (window), ADW_TYPE_LEAFLET);
  GtkWidget *sidebar = adw_leaflet_get_child_by_name (ADW_LEAFLET (leaflet), "outline");
  GtkWidget *stack = find_stack_with (sidebar, "search");
  GtkSearchEntry *entry = GTK_SEARCH_ENTRY (kf_test_ui_find_widget (sidebar, GTK_TYPE_SEARCH_ENTRY));
  GtkListBox *results = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  g_assert_true (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (kf_test_ui_find_widget (sidebar, GTK_TYPE_SEARCH_BAR))));
  gtk_editable_set_text (GTK_EDITABLE (entry), "duty-free");
  g_signal_emit_by_name (entry, "search-changed");

  /* the results list of the sidebar's "search" page */
  results = GTK_LIST_BOX (kf_test_ui_find_widget (gtk_stack_get_child_by_name (GTK_STACK (stack), "search"),
                                       GTK_TYPE_LIST_BOX));
  g_assert_true (kf_test_ui_wait_for (has_results, results, 15000));

  g_signal_emit_by_name (results, "row-activated", gtk_list_box_get_row_at_index (results, 0));
  g_assert_true (kf_test_ui_wait_for (page_has_mark, (gpointer) "duty-free", 10000));

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
}

/* Copying text from the page appends a citation of the original. */
static void
test_copy_citation (void)
{
  g_autofree char *copied = NULL;

  g_assert_true (kf_window_select_node (window, "security", NULL));
  kf_test_ui_wait_page (window, "security");
  kf_test_ui_spin (300);
  copied = kf_test_ui_eval (window,
    "(() => { const p = document.querySelector('p[data-block]');"
    "  const r = document.createRange(); r.selectNodeContents(p);"
    "  const s = getSelection(); s.removeAllRanges(); s.addRange(r);"
    "  const data = new DataTransfer();"
    "  document.dispatchEvent(new ClipboardEvent('copy', {clipboardData: data, bubbles: true, cancelable: true}));"
    "  s.removeAllRanges(); return data.getData('text/plain'); })()");
  g_assert_nonnull (strstr (copied, "“The Essential Meaning of High-Standard Opening Up”, Qiu Ping, "
                                    "Qiushi (en.qstheory.cn), 2024-12-27. https://en.qstheory.cn/"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  kf_test_ui_init (&argc, &argv);

  guide = kf_document_load_from_resource (GUIDE, &error);
  g_assert_no_error (error);
  window = kf_test_ui_new_window (guide);
  kf_test_ui_wait_page (window, kf_document_get_root (guide)->id);

  g_test_add_func ("/window/themes", test_themes);
  g_test_add_func ("/window/section-page", test_section_page);
  g_test_add_func ("/window/internal-link", test_internal_link);
  g_test_add_func ("/window/external-link", test_external_link);
  g_test_add_func ("/window/dark-style", test_dark_style);
  g_test_add_func ("/window/history", test_history);
  g_test_add_func ("/window/glossary-card", test_glossary_card);
  g_test_add_func ("/window/map-click", test_map_click);
  g_test_add_func ("/window/search", test_search);
  g_test_add_func ("/window/copy-citation", test_copy_citation);
  g_test_add_func ("/window/find", test_find);
  g_test_add_func ("/window/zoom", test_zoom);
  g_test_add_func ("/window/open-text", test_open_text);

  ret = g_test_run ();

  kf_test_ui_destroy (window);
  g_clear_object (&guide);
  return ret;
}
