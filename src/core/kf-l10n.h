/* kf-l10n.h — which languages a document can be read in, and their catalogs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kf-catalog.h"

G_BEGIN_DECLS

#define KF_L10N_RESOURCE_PATH RESOURCE_BASE_PATH "/l10n"

char      **kf_l10n_content_languages (const char          *document_id);
KfCatalog  *kf_l10n_load_content      (const char          *document_id,
                                       const char          *language,
                                       GError             **error);
KfCatalog  *kf_l10n_load_labels       (const char          *localedir,
                                       const char          *language);
char       *kf_l10n_choose            (const char * const  *available,
                                       const char          *requested,
                                       const char * const  *ui_languages,
                                       const char          *document_language);
const char *kf_l10n_localedir         (void);
const char *kf_l10n_native_name       (const char          *language);

G_END_DECLS
