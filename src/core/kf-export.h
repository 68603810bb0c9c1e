/* kf-export.h — a document, or one page of it, as a standalone HTML file or as Markdown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kf-renderer.h"

G_BEGIN_DECLS

char *kf_export_html     (KfDocument            *document,
                          const KfNode          *node,
                          const KfRenderOptions *options,
                          const char            *css);
char *kf_export_markdown (KfDocument            *document,
                          const KfNode          *node,
                          const KfRenderOptions *options);

G_END_DECLS
