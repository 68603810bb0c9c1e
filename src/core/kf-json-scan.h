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

typedef enum
{
  KF_JSON_ESCAPE_OK,
  KF_JSON_ESCAPE_INVALID,          /* "\q", or a backslash at the end */
  KF_JSON_ESCAPE_BAD_HEX,          /* "\u" without four hexadecimal digits */
  KF_JSON_ESCAPE_LONE_SURROGATE,   /* "\uD800" without its low half, or a low half alone */
} KfJsonEscapeProblem;

KfJsonEscapeProblem kf_json_check_escapes (const char *text,
                                           gsize       length,
                                           gsize      *offset);

G_END_DECLS
