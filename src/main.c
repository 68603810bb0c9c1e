/* main.c — Kaifang's entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "kf-application.h"
#include "kf-l10n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KfApplication) app = NULL;
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, kf_l10n_localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = kf_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
