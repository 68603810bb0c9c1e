/* kf-renderer.h — HTML for the detail view, from the document model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kf-catalog.h"
#include "kf-document.h"

G_BEGIN_DECLS

typedef struct
{
  KfCatalog  *content;   /* the document's text in the reading language, or NULL for the original */
  KfCatalog  *labels;    /* the reader's own labels in the reading language, or NULL for English */
  gboolean    bilingual; /* show the original beside the translation, block by block */
} KfRenderOptions;

char       *kf_render_node          (KfDocument            *doc,
                                     const KfNode          *node,
                                     const KfRenderOptions *options);
char       *kf_render_node_title    (KfDocument            *doc,
                                     const KfNode          *node,
                                     const KfRenderOptions *options);
char       *kf_render_outline_text  (KfDocument            *doc,
                                     const KfRenderOptions *options);
const char *kf_render_language      (KfDocument            *doc,
                                     const KfRenderOptions *options);
const char *kf_render_text          (KfDocument            *doc,
                                     const KfRenderOptions *options,
                                     const char            *context,
                                     const char            *text);
void        kf_html_append_escaped  (GString               *out,
                                     const char            *text,
                                     gssize                 length);

G_END_DECLS
