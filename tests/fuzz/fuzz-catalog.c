/* fuzz-catalog.c — libFuzzer target: any bytes as a gettext catalog (.mo), then lookups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kf-catalog.h"
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
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(KfCatalog) catalog = NULL;
  g_autofree char *long_context = NULL;
  /* the tail of the input, as a language and as a lookup key */
  g_autofree char *tail = g_strndup ((const char *) data + size / 2, size - size / 2);
  g_autofree char *normalized = kf_language_normalize (tail);

  (void) kf_language_is_rtl (tail);
  if (normalized != NULL && !g_utf8_validate (normalized, -1, NULL) &&
      g_utf8_validate (tail, -1, NULL))
    {
      fprintf (stderr, "kf-fuzz: normalizing “%s” broke its UTF-8\n", tail);
      abort ();
    }

  catalog = kf_catalog_new_from_bytes (bytes, tail, &error);
  if (catalog == NULL)
    {
      if (error == NULL)
        abort ();
      return 0;
    }

  (void) kf_catalog_get_size (catalog);
  (void) kf_catalog_get_language (catalog);
  (void) kf_catalog_gettext (catalog, "");
  (void) kf_catalog_gettext (catalog, "Glossary");
  (void) kf_catalog_gettext (catalog, tail);
  (void) kf_catalog_pgettext (catalog, "metadata/title", tail);
  (void) kf_catalog_pgettext (catalog, tail, tail);
  (void) kf_catalog_pgettext (catalog, "", "");

  /* a key longer than the lookup's stack buffer */
  long_context = g_strnfill (300, 'c');
  (void) kf_catalog_pgettext (catalog, long_context, tail);

  /* look up every NUL-terminated string of the input: among them, the catalog's own */
  for (gsize i = 0; i < size; i++)
    if (data[i] == '\0' && i + 1 < size)
      {
        const char *key = (const char *) data + i + 1;

        if (memchr (key, '\0', size - i - 1) != NULL)
          (void) kf_catalog_gettext (catalog, key);
      }

  return 0;
}
