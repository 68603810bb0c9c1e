/* kf-application.h — the application: command line, windows, app actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KF_TYPE_APPLICATION (kf_application_get_type ())
G_DECLARE_FINAL_TYPE (KfApplication, kf_application, KF, APPLICATION, AdwApplication)

KfApplication *kf_application_new (void);

G_END_DECLS
