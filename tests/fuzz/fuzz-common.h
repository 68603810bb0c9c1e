/* fuzz-common.h — what the Kaifang fuzz targets share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kf-document.h"
#include "kf-renderer.h"

G_BEGIN_DECLS

/* libFuzzer's entry points, declared here so that -Wmissing-declarations stays quiet */
int  LLVMFuzzerInitialize        (int                    *argc,
                                  char                 ***argv);
int  LLVMFuzzerTestOneInput      (const guint8           *data,
                                  size_t                  size);

void kf_fuzz_init                (void);
void kf_fuzz_check_html          (const char             *html);
void kf_fuzz_exercise_document   (KfDocument             *doc,
                                  const KfRenderOptions  *options);
void kf_fuzz_exercise_part       (KfDocument             *doc,
                                  const KfRenderOptions  *options,
                                  gsize                   choice);

G_END_DECLS
