/* fuzz-common.c — what the Kaifang fuzz targets share: render everything, check the HTML
 *
 * Also linked into tests/test-regressions, which replays the inputs the fuzzers found.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-fuzz"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kf-export.h"
#include "kf-pot.h"
#include "fuzz-common.h"

/* Elements that neither the renderer nor the export write: document text that shows up as
 * one of them was not escaped. */
static const char * const forbidden_markup[] = {
  "<script", "<img", "<iframe", "<object", "<embed", "<base", "<form",
};

G_GNUC_NORETURN G_GNUC_PRINTF (2, 3)
static void
violation (const char *html,
           const char *format,
           ...)
{
  va_list args;

  fputs ("kf-fuzz: ", stderr);
  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  if (html != NULL)
    fprintf (stderr, "\n--- HTML ---\n%s\n--- end ---\n", html);
  else
    fputc ('\n', stderr);
  abort ();
}

void
kf_fuzz_init (void)
{
  /* a critical is a broken precondition or invariant: as much a bug as a crash */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

/* Aborts when @html holds markup that document text could only have produced unescaped, a
 * link to anything but an id or an http(s) URL, or bytes that are not UTF-8. */
void
kf_fuzz_check_html (const char *html)
{
  g_autofree char *lower = NULL;
  const char *p;

  if (html == NULL)
    violation (NULL, "the renderer returned NULL");
  if (!g_utf8_validate (html, -1, NULL))
    violation (html, "the HTML is not valid UTF-8");

  lower = g_ascii_strdown (html, -1);
  for (guint i = 0; i < G_N_ELEMENTS (forbidden_markup); i++)
    if (strstr (lower, forbidden_markup[i]) != NULL)
      violation (html, "the HTML contains “%s”", forbidden_markup[i]);

  for (p = strstr (lower, "href=\""); p != NULL; p = strstr (p + 1, "href=\""))
    {
      const char *target = p + strlen ("href=\"");

      if (!g_str_has_prefix (target, "#") && !g_str_has_prefix (target, "https://") &&
          !g_str_has_prefix (target, "http://"))
        violation (html, "a link to something else than an id or a web page: %.40s", p);
    }
}

static void
check_text (const char *what,
            const char *text)
{
  if (text == NULL)
    violation (NULL, "%s is NULL", what);
  if (!g_utf8_validate (text, -1, NULL))
    violation (NULL, "%s is not valid UTF-8: %s", what, text);
}

static void
exercise_one_node (KfDocument            *doc,
                   const KfNode          *node,
                   const KfRenderOptions *options)
{
  g_autofree char *html = kf_render_node (doc, node, options);
  g_autofree char *title = kf_render_node_title (doc, node, options);

  kf_fuzz_check_html (html);
  check_text ("a node title", title);
  if (kf_document_lookup_node (doc, node->id) != node)
    violation (NULL, "the node “%s” is not found by its id", node->id);
}

static void
exercise_outline (KfDocument            *doc,
                  const KfRenderOptions *options)
{
  g_autofree char *outline = kf_render_outline_text (doc, options);
  g_autofree char *pot = kf_document_to_pot (doc, "fuzz.json");

  check_text ("the outline", outline);
  check_text ("the POT", pot);
}

static void
exercise_exports (KfDocument            *doc,
                  const KfRenderOptions *options)
{
  g_autofree char *export_html = kf_export_html (doc, kf_document_get_root (doc), options, NULL);
  g_autofree char *export_markdown = NULL;

  kf_fuzz_check_html (export_html);
  export_markdown = kf_export_markdown (doc, kf_document_get_root (doc), options);
  check_text ("the Markdown export", export_markdown);
}

static void
collect_nodes (const KfNode *node,
               GPtrArray    *nodes)
{
  g_ptr_array_add (nodes, (gpointer) node);
  for (guint i = 0; i < node->n_children; i++)
    collect_nodes (node->children[i], nodes);
}

/* Renders every page, title and the outline of @doc, its POT and its exports. */
void
kf_fuzz_exercise_document (KfDocument            *doc,
                           const KfRenderOptions *options)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();

  collect_nodes (kf_document_get_root (doc), nodes);
  for (guint i = 0; i < nodes->len; i++)
    exercise_one_node (doc, g_ptr_array_index (nodes, i), options);
  exercise_outline (doc, options);
  exercise_exports (doc, options);
}

/* One of the things kf_fuzz_exercise_document() does, chosen by @choice: one page and its
 * title, or the outline and the POT, or the exports. The fuzz targets derive @choice from the
 * input, so each input replays the same way, and over many inputs every part is reached. */
void
kf_fuzz_exercise_part (KfDocument            *doc,
                       const KfRenderOptions *options,
                       gsize                  choice)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  gsize part;

  collect_nodes (kf_document_get_root (doc), nodes);
  part = choice % (nodes->len + 2);
  if (part < nodes->len)
    exercise_one_node (doc, g_ptr_array_index (nodes, part), options);
  else if (part == nodes->len)
    exercise_outline (doc, options);
  else
    exercise_exports (doc, options);
}
