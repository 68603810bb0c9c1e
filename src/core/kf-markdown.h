/* kf-markdown.h — writing untrusted text into Markdown so that it stays text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KF_MARKDOWN_INLINE     = 0,      /* one line: line breaks become spaces */
  KF_MARKDOWN_MULTILINE  = 1 << 0, /* keep line breaks; every new line starts with the prefix */
  KF_MARKDOWN_LINE_START = 1 << 1, /* the text begins a block (after "- ", "> " or a blank line) */
} KfMarkdownFlags;

void kf_markdown_append_escaped (GString         *out,
                                 const char      *text,
                                 gssize           length,
                                 KfMarkdownFlags  flags,
                                 const char      *line_prefix);
void kf_markdown_open_link      (GString         *out);
void kf_markdown_append_url     (GString         *out,
                                 const char      *url,
                                 gssize           length);

G_END_DECLS
