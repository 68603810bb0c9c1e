/* kf-pot.h — a gettext template (POT) of a document's text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kf-document.h"

G_BEGIN_DECLS

typedef void (*KfTextFunc) (const char *context,
                            const char *text,
                            gpointer    user_data);

void  kf_document_foreach_text (KfDocument *document,
                                KfTextFunc  func,
                                gpointer    user_data);
char *kf_document_to_pot       (KfDocument *document,
                                const char *source_name);

G_END_DECLS
