/* test-contrast.c — GTK's high-contrast style reaches the page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "kf-test-ui.h"

static gboolean
page_is_high_contrast (gpointer data)
{
  g_autofree char *value = kf_test_ui_eval (data,
    "String(document.documentElement.classList.contains('high-contrast'))");

  return g_strcmp0 (value, "true") == 0;
}

static void
test_high_contrast (void)
{
  g_autoptr(KfDocument) guide = kf_document_load_from_resource (RESOURCE_BASE_PATH "/guide/kaifang-guide.json", NULL);
  KfWindow *window = kf_test_ui_new_window (guide);

  g_assert_true (adw_style_manager_get_high_contrast (adw_style_manager_get_default ()));
  kf_test_ui_wait_page (window, kf_document_get_root (guide)->id);
  g_assert_true (kf_test_ui_wait_for (page_is_high_contrast, window, 10000));
  kf_test_ui_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  /* libadwaita's switch for the high-contrast style, before it starts */
  g_setenv ("ADW_DEBUG_HIGH_CONTRAST", "1", TRUE);
  kf_test_ui_init (&argc, &argv);
  g_test_add_func ("/contrast/high-contrast", test_high_contrast);
  return g_test_run ();
}
