/* bench-scale.c — load and validation time, and outline build time, for generated documents of
 * 1,000 and 10,000 sections (about 5 and 50 MB). A benchmark, not a test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kf-document.h"
#include "kf-renderer.h"

static const char *words[] = {
  "opening", "trade", "investment", "zones", "rules", "standards", "digital", "green", "services",
  "cooperation", "security", "development", "markets", "institutions", "reform", "growth", "people",
  "partners", "agreements", "ports", "access", "goods", "data", "energy", "countries", "regions",
};

static void
sentence (GString *out,
          guint    seed,
          guint    words_n)
{
  for (guint i = 0; i < words_n; i++)
    {
      seed = seed * 1103515245u + 12345u;
      g_string_append (out, words[(seed >> 16) % G_N_ELEMENTS (words)]);
      g_string_append_c (out, i + 1 == words_n ? '.' : ' ');
    }
}

static char *
generate (guint sections)
{
  GString *out = g_string_new ("{\"format\":\"kaifang-document\",\"version\":2,\"metadata\":{\"id\":\"scale\","
                               "\"title\":\"Scale\",\"authors\":[\"Bench\"],\"language\":\"en\",\"date\":\"2024-01-01\","
                               "\"attribution\":\"Generated.\",\"source\":{\"name\":\"Bench\",\"url\":\"https://example.org/\"}},"
                               "\"themes\":[");
  guint themes = MAX (1, sections / 10);

  for (guint t = 0; t < themes; t++)
    {
      g_string_append_printf (out, "%s{\"id\":\"t%u\",\"number\":%u,\"title\":\"Theme %u\",\"summary\":\"",
                              t ? "," : "", t, t + 1, t + 1);
      sentence (out, t, 20);
      g_string_append (out, "\",\"sections\":[");
      for (guint s = 0; s < 10; s++)
        {
          g_string_append_printf (out, "%s{\"id\":\"s%u-%u\",\"title\":\"Section %u\",\"blocks\":[", s ? "," : "",
                                  t, s, s + 1);
          for (guint b = 0; b < 6; b++)
            {
              g_string_append_printf (out, "%s{\"type\":\"paragraph\",\"text\":\"", b ? "," : "");
              sentence (out, t * 1000 + s * 10 + b, 110);
              g_string_append (out, "\"}");
            }
          g_string_append (out, "]}");
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

static void
walk (KfDocument      *document,
      const KfNode    *node,
      KfRenderOptions *options,
      guint           *count)
{
  g_autofree char *title = kf_render_node_title (document, node, options);

  (*count)++;
  for (guint i = 0; i < node->n_children; i++)
    walk (document, node->children[i], options, count);
}

int
main (int   argc,
      char *argv[])
{
  guint sizes[] = { 1000, 10000 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *json = generate (sizes[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(KfDocument) document = NULL;
      gint64 t0, t1, t2;
      guint nodes = 0;

      t0 = g_get_monotonic_time ();
      document = kf_document_load_from_data (json, strlen (json), "scale.json", &error);
      t1 = g_get_monotonic_time ();
      g_assert_no_error (error);
      walk (document, kf_document_get_root (document), NULL, &nodes);
      t2 = g_get_monotonic_time ();

      printf ("scale %u sections (%.1f MB): load and validate %.0f ms (target <= 1000 ms for 50 MB), "
              "outline of %u nodes %.1f ms\n", sizes[i], strlen (json) / 1e6, (t1 - t0) / 1000.0, nodes,
              (t2 - t1) / 1000.0);
    }
  return 0;
}
