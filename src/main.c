/* main.c — Kaifang's entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kf-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KfApplication) app = NULL;
  const char *localedir = g_getenv ("KAIFANG_LOCALEDIR");

  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = kf_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
