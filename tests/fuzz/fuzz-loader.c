/* fuzz-loader.c — libFuzzer target: any bytes through the document loader. A refusal must be a
 * "fuzz.json:LINE:COLUMN: …" message in UTF-8; a document that loads must hold UTF-8 text only,
 * and one part of it, chosen by the input's length, goes through the renderer: one page and its
 * title, the outline and the POT, or the exports (fuzz-common.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "kf-pot.h"
#include "fuzz-common.h"

static void
check_utf8 (const char *context,
            const char *text,
            gpointer    user_data)
{
  if (!g_utf8_validate (context, -1, NULL) || !g_utf8_validate (text, -1, NULL))
    {
      fprintf (stderr, "kf-fuzz: a loaded string is not UTF-8 (%s)\n", context);
      abort ();
    }
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

  kf_document_foreach_text (doc, check_utf8, NULL);
  kf_fuzz_exercise_part (doc, NULL, size);
  return 0;
}
