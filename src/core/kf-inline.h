/* kf-inline.h — the inline link syntax of document text: [label](#id) and [label](https://…)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KF_INLINE_TEXT,
  KF_INLINE_INTERNAL_LINK,
  KF_INLINE_EXTERNAL_LINK,
} KfInlineKind;

/* Called for each run of @text. For links, @target is the id (without '#') or the URL and
 * @text is the label. Strings are not NUL-terminated: use the lengths. Return FALSE to stop. */
typedef gboolean (*KfInlineFunc) (KfInlineKind  kind,
                                  const char   *text,
                                  gsize         text_len,
                                  const char   *target,
                                  gsize         target_len,
                                  gpointer      user_data);

gboolean kf_inline_parse (const char   *text,
                          KfInlineFunc  func,
                          gpointer      user_data);

G_END_DECLS
