/* kf-catalog.h — gettext catalogs (.mo) read directly, without touching the process locale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KF_CATALOG_ERROR (kf_catalog_error_quark ())

typedef enum
{
  KF_CATALOG_ERROR_INVALID,
} KfCatalogError;

GQuark kf_catalog_error_quark (void);

#define KF_TYPE_CATALOG (kf_catalog_get_type ())
G_DECLARE_FINAL_TYPE (KfCatalog, kf_catalog, KF, CATALOG, GObject)

KfCatalog  *kf_catalog_new_from_bytes (GBytes      *mo_data,
                                       const char  *language,
                                       GError     **error);
KfCatalog  *kf_catalog_new_from_file  (GFile       *file,
                                       const char  *language,
                                       GError     **error);
const char *kf_catalog_get_language   (KfCatalog   *self);
guint       kf_catalog_get_size       (KfCatalog   *self);
const char *kf_catalog_lookup         (KfCatalog   *self,
                                       const char  *context,
                                       const char  *msgid);
const char *kf_catalog_pgettext       (KfCatalog   *self,
                                       const char  *context,
                                       const char  *msgid);
const char *kf_catalog_gettext        (KfCatalog   *self,
                                       const char  *msgid);

gboolean    kf_language_is_rtl        (const char  *language);
char       *kf_language_normalize     (const char  *language);

G_END_DECLS
