/* kaifang-doc-pot — write the gettext template of a document's text
 *
 * usage: kaifang-doc-pot DOCUMENT.json OUTPUT.pot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kf-pot.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KfDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pot = NULL;
  g_autofree char *name = NULL;

  if (argc != 3)
    {
      g_printerr ("usage: %s DOCUMENT.json OUTPUT.pot\n", argv[0]);
      return 2;
    }

  document = kf_document_load_from_path (argv[1], &error);
  if (document == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  name = g_path_get_basename (argv[1]);
  pot = kf_document_to_pot (document, name);
  if (!g_file_set_contents (argv[2], pot, -1, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  return 0;
}
