/* test-i18n.c — the window in another language: translated outline and page, right to left,
 * a live change of reading language and the bilingual view.
 *
 * Run with LANGUAGE=fr (or LANGUAGE=ar) and LANG=C.UTF-8; the tests check what that
 * language must look like.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "kf-l10n.h"
#include "kf-outline-item.h"
#include "kf-test-ui.h"

static KfDocument *guide;
static KfWindow *window;
static const char *language;

/* The outline row of @id, from the list view's model as the user sees it. */
static KfOutlineItem *
outline_item (const char *id)
{
  GtkListView *list = GTK_LIST_VIEW (kf_test_ui_find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW));
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (list));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr(KfOutlineItem) item = gtk_tree_list_row_get_item (row);

      if (g_strcmp0 (kf_outline_item_get_id (item), id) == 0)
        return item;
    }
  g_error ("No outline row %s", id);
}

static char *
expected_title (const char *lang,
                const KfTheme *theme)
{
  g_autoptr(KfCatalog) catalog = kf_l10n_load_content (kf_document_get_metadata (guide)->id, lang, NULL);
  g_autofree char *context = g_strdup_printf ("themes/%s/title", theme->id);

  g_assert_nonnull (catalog);
  return g_strdup (kf_catalog_pgettext (catalog, context, theme->title));
}

static void
test_translated (void)
{
  for (guint i = 0; i < kf_document_get_n_themes (guide); i++)
    {
      const KfTheme *theme = kf_document_get_theme (guide, i);
      g_autofree char *expected = expected_title (language, theme);
      g_autofree char *h1 = NULL;

      g_assert_cmpstr (expected, !=, theme->title);
      g_assert_cmpstr (kf_outline_item_get_title (outline_item (theme->id)), ==, expected);

      g_assert_true (kf_window_select_node (window, theme->id, NULL));
      kf_test_ui_wait_page (window, theme->id);
      h1 = kf_test_ui_eval (window, "document.querySelector('h1').textContent");
      g_assert_cmpstr (h1, ==, expected);
    }
  /* the reader's own labels too */
  g_assert_cmpstr (kf_outline_item_get_title (outline_item ("glossary")), !=, "Glossary");
}

static void
test_direction (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *lang = NULL;
  gboolean rtl = kf_language_is_rtl (language);

  g_assert_true (kf_window_select_node (window, "voluntary", NULL));
  kf_test_ui_wait_page (window, "voluntary");
  dir = kf_test_ui_eval (window, "document.documentElement.dir");
  lang = kf_test_ui_eval (window, "document.querySelector('article').lang");
  g_assert_cmpstr (dir, ==, rtl ? "rtl" : "ltr");
  g_assert_cmpstr (lang, ==, language);
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (window)), ==,
                   rtl ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);
}

static gboolean
h1_is (gpointer data)
{
  g_autofree char *h1 = kf_test_ui_eval (window, "document.querySelector('h1').textContent");

  return g_strcmp0 (h1, data) == 0;
}

static void
test_live_switch (void)
{
  const KfTheme *theme = kf_document_get_theme (guide, 2);
  g_autofree char *german = expected_title ("de", theme);

  g_assert_true (kf_window_select_node (window, theme->id, NULL));
  kf_test_ui_wait_page (window, theme->id);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.reading-language", "s", "de");
  g_assert_cmpstr (kf_window_get_effective_language (window), ==, "de");
  g_assert_true (kf_test_ui_wait_for (h1_is, german, 10000));
  g_assert_cmpstr (kf_outline_item_get_title (outline_item (theme->id)), ==, german);

  /* back to the original, then to following the interface */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.reading-language", "s", "en");
  g_assert_true (kf_test_ui_wait_for (h1_is, (gpointer) theme->title, 10000));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.reading-language", "s", "");
  g_assert_cmpstr (kf_window_get_effective_language (window), ==, language);
}

static gboolean
has_pairs (gpointer data)
{
  g_autofree char *count = kf_test_ui_eval (window, "String(document.querySelectorAll('.kf-pair').length)");

  return g_strcmp0 (count, "0") != 0;
}

static void
test_bilingual (void)
{
  g_autofree char *langs = NULL;
  g_autofree char *columns = NULL;
  g_autofree char *expected = g_strconcat (language, "|en|2", NULL);

  g_assert_true (kf_window_select_node (window, "wellbeing-since-2012", NULL));
  kf_test_ui_wait_page (window, "wellbeing-since-2012");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.bilingual", NULL);
  g_assert_true (kf_test_ui_wait_for (has_pairs, NULL, 10000));

  langs = kf_test_ui_eval (window,
    "(() => { const p = document.querySelector('.kf-pair');"
    "  return p.children[0].lang + '|' + p.children[1].lang + '|' + p.children.length; })()");
  g_assert_cmpstr (langs, ==, expected);

  /* side by side: two columns on a wide window */
  columns = kf_test_ui_eval (window,
    "(() => { const p = document.querySelector('.kf-pair');"
    "  const a = p.children[0].getBoundingClientRect(), b = p.children[1].getBoundingClientRect();"
    "  return String(Math.abs(a.top - b.top) < 2 && a.left != b.left); })()");
  g_assert_cmpstr (columns, ==, "true");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.bilingual", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  kf_test_ui_init (&argc, &argv);
  language = g_getenv ("LANGUAGE");
  g_assert_nonnull (language);

  guide = kf_document_load_from_resource (RESOURCE_BASE_PATH "/guide/kaifang-guide.json", &error);
  g_assert_no_error (error);
  window = kf_test_ui_new_window (guide);
  kf_test_ui_wait_page (window, kf_document_get_root (guide)->id);
  g_assert_cmpstr (kf_window_get_effective_language (window), ==, language);

  g_test_add_func ("/i18n/translated", test_translated);
  g_test_add_func ("/i18n/direction", test_direction);
  g_test_add_func ("/i18n/live-switch", test_live_switch);
  g_test_add_func ("/i18n/bilingual", test_bilingual);

  ret = g_test_run ();
  kf_test_ui_destroy (window);
  g_clear_object (&guide);
  return ret;
}
