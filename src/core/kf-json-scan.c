/* kf-json-scan.c — byte-level helpers for positions in JSON text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-json-scan"

#include "config.h"

#include <string.h>

#include "kf-json-scan.h"

/* Line and column (both 1-based) of @offset in @text. Columns count characters. */
void
kf_text_position (const char *text,
                  gsize       offset,
                  guint      *line,
                  guint      *column)
{
  guint l = 1;
  guint c = 1;

  for (gsize i = 0; i < offset && text[i] != '\0'; i++)
    {
      guchar ch = (guchar) text[i];

      if (ch == '\n')
        {
          l++;
          c = 1;
        }
      else if ((ch & 0xC0) != 0x80)
        {
          /* count lead bytes only, so a character is one column */
          c++;
        }
    }

  *line = l;
  *column = c;
}

/* Returns FALSE if arrays/objects nest deeper than @max_depth, with the offset of the
 * bracket that goes too deep. Works on any input, well formed or not. */
gboolean
kf_json_check_depth (const char *text,
                     gsize       length,
                     guint       max_depth,
                     gsize      *offending_offset)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char ch = text[i];

      if (in_string)
        {
          if (ch == '\\')
            i++;
          else if (ch == '"')
            in_string = FALSE;
          continue;
        }

      switch (ch)
        {
        case '"':
          in_string = TRUE;
          break;
        case '{':
        case '[':
          if (++depth > max_depth)
            {
              *offending_offset = i;
              return FALSE;
            }
          break;
        case '}':
        case ']':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return TRUE;
}

typedef struct
{
  const char *text;
  gsize       length;
  gsize       pos;
  const char *target;
  GString    *path;
  gboolean    found;
  gsize       found_at;
  gboolean    malformed;
} Scan;

static void
skip_ws (Scan *s)
{
  while (s->pos < s->length && strchr (" \t\r\n", s->text[s->pos]) != NULL && s->text[s->pos])
    s->pos++;
}

/* Skips a string starting at the opening quote; appends its raw content to @out if given. */
static void
skip_string (Scan    *s,
             GString *out)
{
  s->pos++;
  while (s->pos < s->length && s->text[s->pos] != '"')
    {
      if (s->text[s->pos] == '\\' && s->pos + 1 < s->length)
        {
          if (out)
            g_string_append_len (out, s->text + s->pos, 2);
          s->pos += 2;
          continue;
        }
      if (out)
        g_string_append_c (out, s->text[s->pos]);
      s->pos++;
    }
  if (s->pos < s->length)
    s->pos++;
  else
    s->malformed = TRUE;
}

static void scan_value (Scan *s);

static void
scan_object (Scan *s)
{
  s->pos++; /* { */
  for (;;)
    {
      gsize saved_len;

      skip_ws (s);
      if (s->pos >= s->length || s->text[s->pos] == '}')
        break;
      if (s->text[s->pos] != '"')
        {
          s->malformed = TRUE;
          return; /* give up */
        }

      saved_len = s->path->len;
      if (s->target != NULL && s->path->len > 0)
        g_string_append_c (s->path, '.');
      skip_string (s, s->target != NULL ? s->path : NULL);
      skip_ws (s);
      if (s->pos < s->length && s->text[s->pos] == ':')
        s->pos++;
      else
        s->malformed = TRUE;
      scan_value (s);
      g_string_truncate (s->path, saved_len);
      if (s->found)
        return;

      skip_ws (s);
      if (s->pos < s->length && s->text[s->pos] == ',')
        s->pos++;
      else
        break;
    }
  if (s->pos < s->length && s->text[s->pos] == '}')
    s->pos++;
  else
    s->malformed = TRUE;
}

static void
scan_array (Scan *s)
{
  guint index = 0;

  s->pos++; /* [ */
  for (;;)
    {
      gsize saved_len;

      skip_ws (s);
      if (s->pos >= s->length || s->text[s->pos] == ']')
        break;

      saved_len = s->path->len;
      if (s->target != NULL)
        g_string_append_printf (s->path, "[%u]", index);
      index++;
      scan_value (s);
      g_string_truncate (s->path, saved_len);
      if (s->found)
        return;

      skip_ws (s);
      if (s->pos < s->length && s->text[s->pos] == ',')
        s->pos++;
      else
        break;
    }
  if (s->pos < s->length && s->text[s->pos] == ']')
    s->pos++;
  else
    s->malformed = TRUE;
}

static void
scan_value (Scan *s)
{
  skip_ws (s);
  if (s->pos >= s->length)
    {
      s->malformed = TRUE;
      return;
    }

  if (s->target != NULL && strcmp (s->path->str, s->target) == 0)
    {
      s->found = TRUE;
      s->found_at = s->pos;
      return;
    }

  switch (s->text[s->pos])
    {
    case '{':
      scan_object (s);
      break;
    case '[':
      scan_array (s);
      break;
    case '"':
      skip_string (s, NULL);
      break;
    default:
      while (s->pos < s->length && strchr (",}] \t\r\n", s->text[s->pos]) == NULL)
        s->pos++;
      break;
    }
}

/* Byte offset of the value at @path ("themes[2].title", "" for the root) in well-formed JSON
 * @text. Falls back to the start of the root value when the path is not present. The caller
 * must have checked the nesting depth first. */
gsize
kf_json_locate_path (const char *text,
                     gsize       length,
                     const char *path)
{
  g_autoptr(GString) buf = g_string_new (NULL);
  Scan s = { text, length, 0, path, buf, FALSE, 0, FALSE };
  gsize root;

  skip_ws (&s);
  root = s.pos;
  scan_value (&s);

  return s.found ? s.found_at : root;
}

/* Where the first JSON value in @text ends, for refusing whatever follows it. json-glib 1.6
 * takes "{…} {…}" and "var name = {…};" as one document (keeping one root and leaking the
 * other), so the loader hands it no more than the first value.
 *
 * Returns: FALSE, with *@end at that byte, when @text does not start (after white space) with
 * something that can begin a JSON value; otherwise TRUE, with *@end just past the first value
 * when its brackets, strings and separators are well formed, or at @length when they are not
 * (so that the parser sees everything and reports the first error itself). */
gboolean
kf_json_first_value_end (const char *text,
                         gsize       length,
                         gsize      *end)
{
  g_autoptr(GString) buf = g_string_new (NULL);
  Scan s = { text, length, 0, NULL, buf, FALSE, 0, FALSE };

  skip_ws (&s);
  if (s.pos >= length || text[s.pos] == '\0' || strchr ("{[\"-0123456789tfn", text[s.pos]) == NULL)
    {
      *end = s.pos;
      return FALSE;
    }

  scan_value (&s);
  *end = s.malformed ? length : s.pos;
  return TRUE;
}

static int
hex4 (const char *p)
{
  int value = 0;

  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* Checks every backslash escape in the strings of @text: it must be one of \" \\ \/ \b \f \n
 * \r \t or \u with four hexadecimal digits, and a \uD800–\uDFFF escape must be one half of a
 * high–low pair. json-glib 1.6 lets "\q" through, decodes a lone surrogate into bytes that are
 * not UTF-8, and leaks memory on a broken pair, so the loader refuses all of them first.
 * @text must be NUL-terminated at @length. */
KfJsonEscapeProblem
kf_json_check_escapes (const char *text,
                       gsize       length,
                       gsize      *offset)
{
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      int unit;

      if (!in_string)
        {
          in_string = text[i] == '"';
          continue;
        }
      if (text[i] == '"')
        {
          in_string = FALSE;
          continue;
        }
      if (text[i] != '\\')
        continue;

      *offset = i;
      if (i + 1 >= length)
        return KF_JSON_ESCAPE_INVALID;
      if (text[i + 1] != 'u')
        {
          if (text[i + 1] == '\0' || strchr ("\"\\/bfnrt", text[i + 1]) == NULL)
            return KF_JSON_ESCAPE_INVALID;
          i++;
          continue;
        }
      if (i + 6 > length || (unit = hex4 (text + i + 2)) < 0)
        return KF_JSON_ESCAPE_BAD_HEX;

      if (unit >= 0xDC00 && unit <= 0xDFFF)
        return KF_JSON_ESCAPE_LONE_SURROGATE;
      if (unit >= 0xD800 && unit <= 0xDBFF)
        {
          int low = (i + 12 <= length && text[i + 6] == '\\' && text[i + 7] == 'u')
                    ? hex4 (text + i + 8) : -1;

          if (low < 0xDC00 || low > 0xDFFF)
            return KF_JSON_ESCAPE_LONE_SURROGATE;
          i += 6;
        }
      i += 5;
    }

  return KF_JSON_ESCAPE_OK;
}
