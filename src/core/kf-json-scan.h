/* kf-json-scan.h — byte-level helpers for positions in JSON text
 *
 * json-glib 1.6 does not keep source positions in its tree. These helpers find them again
 * when an error has to be reported, and guard the parser against input it should not see.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void     kf_text_position         (const char *text,
                                   gsize       offset,
                                   guint      *line,
                                   guint      *column);
gboolean kf_json_check_depth      (const char *text,
                                   gsize       length,
                                   guint       max_depth,
                                   gsize      *offending_offset);
gsize    kf_json_locate_path      (const char *text,
                                   gsize       length,
                                   const char *path);
gboolean kf_json_first_value_end  (const char *text,
                                   gsize       length,
                                   gsize      *end);
gboolean kf_json_find_lone_surrogate (const char *text,
                                      gsize       length,
                                      gsize      *offset);

G_END_DECLS
