/* fuzz-loader.c — libFuzzer target: any bytes through the document loader, and every page of
 * what loads through the renderer, the outline and the POT writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"

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
  g_autoptr(GError) error = NULL;
  g_autoptr(KfDocument) doc = NULL;

  doc = kf_document_load_from_data ((const char *) data, size, "fuzz.json", &error);
  if (doc == NULL)
    {
      /* every refusal says where: "NAME:LINE:COLUMN: …", in UTF-8 */
      if (error == NULL || !g_str_has_prefix (error->message, "fuzz.json:") ||
          !g_utf8_validate (error->message, -1, NULL))
        {
          fprintf (stderr, "kf-fuzz: bad error: %s\n", error ? error->message : "(none)");
          abort ();
        }
      return 0;
    }

  kf_fuzz_exercise_document (doc, NULL);
  return 0;
}
