/* kf-inline.c — the inline link syntax of document text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-inline"

#include "config.h"

#include <string.h>

#include "kf-inline.h"

static gboolean
is_external_target (const char *target,
                    gsize       len)
{
  return (len > 8 && strncmp (target, "https://", 8) == 0) ||
         (len > 7 && strncmp (target, "http://", 7) == 0);
}

/* Matches "[label](target)" at @p. Labels hold no brackets or newlines, targets no spaces or
 * parentheses. On success fills the parts and returns the end of the match. */
static const char *
match_link (const char  *p,
            const char **label,
            gsize       *label_len,
            const char **target,
            gsize       *target_len)
{
  const char *q = p + 1;
  const char *t;

  while (*q && *q != ']' && *q != '[' && *q != '\n')
    q++;
  if (*q != ']' || q == p + 1 || q[1] != '(')
    return NULL;

  t = q + 2;
  while (*t && *t != ')' && !g_ascii_isspace (*t) && *t != '(')
    t++;
  if (*t != ')' || t == q + 2)
    return NULL;

  *label = p + 1;
  *label_len = q - (p + 1);
  *target = q + 2;
  *target_len = t - (q + 2);

  return t + 1;
}

gboolean
kf_inline_parse (const char   *text,
                 KfInlineFunc  func,
                 gpointer      user_data)
{
  const char *run = text;
  const char *p = text;

  g_return_val_if_fail (func != NULL, FALSE);

  if (text == NULL)
    return TRUE;

  while ((p = strchr (p, '[')) != NULL)
    {
      const char *label, *target, *end;
      gsize label_len, target_len;
      KfInlineKind kind;

      end = match_link (p, &label, &label_len, &target, &target_len);
      if (end == NULL)
        {
          p++;
          continue;
        }

      if (target[0] == '#' && target_len > 1)
        {
          kind = KF_INLINE_INTERNAL_LINK;
          target++;
          target_len--;
        }
      else if (is_external_target (target, target_len))
        kind = KF_INLINE_EXTERNAL_LINK;
      else
        {
          p++;
          continue;
        }

      if (p > run && !func (KF_INLINE_TEXT, run, p - run, NULL, 0, user_data))
        return FALSE;
      if (!func (kind, label, label_len, target, target_len, user_data))
        return FALSE;

      p = run = end;
    }

  if (*run != '\0')
    return func (KF_INLINE_TEXT, run, strlen (run), NULL, 0, user_data);

  return TRUE;
}
