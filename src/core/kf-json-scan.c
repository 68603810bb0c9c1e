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
        return; /* malformed: give up */

      saved_len = s->path->len;
      if (s->path->len > 0)
        g_string_append_c (s->path, '.');
      skip_string (s, s->path);
      skip_ws (s);
      if (s->pos < s->length && s->text[s->pos] == ':')
        s->pos++;
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
  if (s->pos < s->length)
    s->pos++; /* } */
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
      g_string_append_printf (s->path, "[%u]", index++);
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
  if (s->pos < s->length)
    s->pos++; /* ] */
}

static void
scan_value (Scan *s)
{
  skip_ws (s);
  if (s->pos >= s->length)
    return;

  if (strcmp (s->path->str, s->target) == 0)
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
  Scan s = { text, length, 0, path, buf, FALSE, 0 };
  gsize root;

  skip_ws (&s);
  root = s.pos;
  scan_value (&s);

  return s.found ? s.found_at : root;
}
