/* fuzz-importer.c — libFuzzer target: any bytes through the text/Markdown importer; whatever
 * it accepts must be a document that the loader accepts, in both of the importer's flavours
 * (JSON text, as the app takes it, and JsonNode, on one input in four), with the same outline;
 * one part of the document, chosen by the input's length, is rendered (fuzz-common.c)
 *
 * An input of odd length is imported as "fuzz.md", one of even length as "fuzz.txt", so that
 * both paths are fuzzed and a crash replays from the file alone (tests/test-regressions.c
 * imports a file by its own name).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kf-importer.h"
#include "fuzz-common.h"

G_GNUC_NORETURN
static void
rejected (const char *how,
          const char *json,
          GError     *error)
{
  fprintf (stderr, "kf-fuzz: the importer's %s does not load: %s\n--- JSON ---\n%s\n--- end ---\n",
           how, error->message, json);
  abort ();
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  kf_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *name = (size % 2) ? "fuzz.md" : "fuzz.txt";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(KfDocument) doc = NULL;
  g_autoptr(KfDocument) doc_from_node = NULL;
  g_autofree char *json = NULL;
  g_autofree char *node_json = NULL;
  g_autofree char *outline = NULL;
  g_autofree char *node_outline = NULL;

  json = kf_import_to_json ((const char *) data, size, name, &error);
  if (json == NULL)
    {
      if (error == NULL || !g_str_has_prefix (error->message, name))
        {
          fprintf (stderr, "kf-fuzz: bad error: %s\n", error ? error->message : "(none)");
          abort ();
        }
      return 0;
    }

  doc = kf_document_load_from_data (json, strlen (json), "imported.json", &error);
  if (doc == NULL)
    rejected ("JSON text", json, error);

  kf_fuzz_exercise_part (doc, NULL, size);

  /* the JsonNode flavour (kf_import_text(), not what the app uses) builds the same document;
   * checked on one input in four, chosen by length, to keep the target fast */
  if ((size / 2) % 4 != 0)
    return 0;
  root = kf_import_text ((const char *) data, size, name, &error);
  if (root == NULL)
    {
      fprintf (stderr, "kf-fuzz: kf_import_to_json() accepts what kf_import_text() refuses: %s\n",
               error ? error->message : "(no error)");
      abort ();
    }
  node_json = json_to_string (root, FALSE);
  doc_from_node = kf_document_load_from_data (node_json, strlen (node_json), "imported.json",
                                              &error);
  if (doc_from_node == NULL)
    rejected ("JsonNode", node_json, error);
  outline = kf_render_outline_text (doc, NULL);
  node_outline = kf_render_outline_text (doc_from_node, NULL);
  if (strcmp (outline, node_outline) != 0 ||
      kf_document_get_n_figures (doc) != kf_document_get_n_figures (doc_from_node) ||
      kf_document_get_n_terms (doc) != kf_document_get_n_terms (doc_from_node) ||
      kf_document_get_n_events (doc) != kf_document_get_n_events (doc_from_node))
    {
      fprintf (stderr, "kf-fuzz: the two import flavours differ:\n%s\n---\n%s\n", json, node_json);
      abort ();
    }

  return 0;
}
