/* bench-window.c — node switching in the real window: time per switch in the UI process, and
 * RSS growth over many switches (soak). A benchmark, not a test.
 *
 * usage: bench-window [SWITCHES] [DOCUMENT.json]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kf-test-ui.h"

static long
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
collect (const KfNode *node,
         GPtrArray    *ids)
{
  g_ptr_array_add (ids, (gpointer) node->id);
  for (guint i = 0; i < node->n_children; i++)
    collect (node->children[i], ids);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KfDocument) document = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  guint switches;
  KfWindow *window;
  long rss_start, rss_end;

  kf_test_ui_init (&argc, &argv);
  switches = argc > 1 ? (guint) atoi (argv[1]) : 1000;

  if (argc > 2)
    document = kf_document_load_from_path (argv[2], &error);
  else
    document = kf_document_load_from_resource (RESOURCE_BASE_PATH "/guide/kaifang-guide.json", &error);
  g_assert_no_error (error);

  window = kf_test_ui_new_window (document);
  kf_test_ui_wait_page (window, kf_document_get_root (document)->id);
  collect (kf_document_get_root (document), ids);

  /* warm up, then measure */
  for (guint i = 0; i < MIN (ids->len, 50u); i++)
    kf_window_select_node (window, g_ptr_array_index (ids, i), NULL);
  kf_test_ui_spin (500);
  rss_start = rss_kib ();

  for (guint i = 0; i < switches; i++)
    {
      const char *id = g_ptr_array_index (ids, (i * 7 + 1) % ids->len);
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      kf_window_select_node (window, id, NULL);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (times, ms);
      /* let the page catch up now and then, as a reader would */
      if (i % 50 == 49)
        kf_test_ui_wait_page (window, id);
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
    }
  kf_test_ui_spin (1000);
  rss_end = rss_kib ();

  g_array_sort (times, compare_doubles);
  printf ("node-switch-ms p50 %.2f p95 %.2f max %.2f (%u switches, %u nodes)\n",
          g_array_index (times, double, times->len / 2),
          g_array_index (times, double, times->len * 95 / 100),
          g_array_index (times, double, times->len - 1), switches, ids->len);
  printf ("soak-rss-kib start %ld end %ld growth %.1f%%\n", rss_start, rss_end,
          100.0 * (rss_end - rss_start) / rss_start);

  kf_test_ui_destroy (window);
  return 0;
}
