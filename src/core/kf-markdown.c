/* kf-markdown.c — writing untrusted text into Markdown so that it stays text
 *
 * Document text and the reader's notes may hold anything, including Markdown and HTML. The
 * exports write them with every character that could start markup backslash-escaped, which
 * CommonMark (and GitHub's dialect) allows for any ASCII punctuation:
 *
 *  - anywhere: \ ` * _ { } [ ] < > # | ~ &  (emphasis, code, links, raw HTML, entities,
 *    headings, tables, strike-through, footnotes)
 *  - at the start of a line: + - = !  and the "." or ")" after a number (lists, setext
 *    headings, thematic breaks, images), after leading white space is dropped, so that an
 *    indented line cannot become a code block.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-markdown"

#include "config.h"

#include <string.h>

#include "kf-markdown.h"

static gboolean
is_special (char c)
{
  return c != '\0' && strchr ("\\`*_{}[]<>#|~&", c) != NULL;
}

static gboolean
is_line_start_special (char c)
{
  return c != '\0' && strchr ("+-=!", c) != NULL;
}

/**
 * kf_markdown_append_escaped:
 * @out: where to write
 * @text: (nullable): UTF-8 text
 * @length: its length in bytes, or -1 if NUL-terminated
 * @flags: %KF_MARKDOWN_MULTILINE to keep line breaks, %KF_MARKDOWN_LINE_START when @text
 *   begins a block
 * @line_prefix: (nullable): written after each kept line break, such as "> " in a blockquote
 *
 * Appends @text so that a Markdown renderer shows it as the same text, never as markup.
 */
void
kf_markdown_append_escaped (GString         *out,
                            const char      *text,
                            gssize           length,
                            KfMarkdownFlags  flags,
                            const char      *line_prefix)
{
  gboolean multiline = (flags & KF_MARKDOWN_MULTILINE) != 0;
  gboolean line_start = (flags & KF_MARKDOWN_LINE_START) != 0;
  const char *end;
  const char *p;

  g_return_if_fail (out != NULL);

  if (text == NULL)
    return;
  if (length < 0)
    length = strlen (text);

  end = text + length;
  p = text;
  while (p < end)
    {
      char c = *p;

      if (c == '\r' && p + 1 < end && p[1] == '\n')
        {
          p++;
          continue;
        }
      if (c == '\r' || c == '\n')
        {
          p++;
          if (multiline)
            {
              g_string_append_c (out, '\n');
              if (line_prefix)
                g_string_append (out, line_prefix);
              line_start = TRUE;
            }
          else
            {
              /* one space for the line break and the next line's indentation */
              while (p < end && (*p == ' ' || *p == '\t'))
                p++;
              if (!line_start)
                g_string_append_c (out, ' ');
            }
          continue;
        }

      if (line_start)
        {
          if (c == ' ' || c == '\t' || c == '\f' || c == '\v')
            {
              p++;
              continue;
            }
          line_start = FALSE;

          if (is_line_start_special (c))
            {
              g_string_append_c (out, '\\');
              g_string_append_c (out, c);
              p++;
              continue;
            }
          if (g_ascii_isdigit (c))
            {
              const char *q = p;

              while (q < end && g_ascii_isdigit (*q))
                q++;
              g_string_append_len (out, p, q - p);
              p = q;
              if (p < end && (*p == '.' || *p == ')'))
                {
                  g_string_append_c (out, '\\');
                  g_string_append_c (out, *p);
                  p++;
                }
              continue;
            }
        }

      if (c == '\0')
        g_string_append (out, "\xEF\xBF\xBD");
      else
        {
          if (is_special (c))
            g_string_append_c (out, '\\');
          g_string_append_c (out, c);
        }
      p++;
    }
}

/**
 * kf_markdown_open_link:
 *
 * Appends the "[" that opens a link. If the text before it ends with a "!" (not escaped), the
 * "!" is escaped first: "!" and a link would make an image, which loads its URL.
 */
void
kf_markdown_open_link (GString *out)
{
  gsize backslashes = 0;

  g_return_if_fail (out != NULL);

  if (out->len > 0 && out->str[out->len - 1] == '!')
    {
      while (backslashes + 1 < out->len && out->str[out->len - 2 - backslashes] == '\\')
        backslashes++;
      if (backslashes % 2 == 0)
        g_string_insert_c (out, out->len - 1, '\\');
    }
  g_string_append_c (out, '[');
}

/**
 * kf_markdown_append_url:
 *
 * Appends @url for use as a link destination inside "(…)": characters that could end the
 * destination or read as markup are percent-encoded.
 */
void
kf_markdown_append_url (GString    *out,
                        const char *url,
                        gssize      length)
{
  g_autofree char *copy = NULL;
  g_autofree char *escaped = NULL;

  g_return_if_fail (out != NULL);

  if (url == NULL)
    return;
  copy = length < 0 ? g_strdup (url) : g_strndup (url, length);
  escaped = g_uri_escape_string (copy, "!#$%&'*+,/:;=?@[]", TRUE);
  g_string_append (out, escaped);
}
