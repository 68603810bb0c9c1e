/* kf-export.c — a document, or one page of it, as a standalone HTML file or as Markdown
 *
 * The HTML file is the renderer's pages with the reader's style sheet inlined. It refers to
 * nothing outside itself: the style sheet is stripped of url(), image-set() and @import, a
 * Content-Security-Policy forbids any load and any script, and the only URLs left are the
 * document's own external links, which a reader clicks, never loads.
 *
 * The Markdown has every piece of document text escaped (kf-markdown.c): a document can't
 * inject headings, links, images or HTML into it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-export"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "kf-export.h"
#include "kf-inline.h"
#include "kf-markdown.h"

/* --- shared ----------------------------------------------------------------------------- */

static const char *
label (const KfRenderOptions *options,
       const char            *msgid)
{
  return kf_catalog_gettext (options ? options->labels : NULL, msgid);
}

/* Writes the label @msgid, which holds one "%s", with @append_text escaping its text and
 * @value (already in the output format) in place of the "%s". No printf: a translation
 * can't inject conversions. */
static void
append_label_with (GString               *out,
                   const KfRenderOptions *options,
                   const char            *msgid,
                   void                 (*append_text) (GString *, const char *, gssize),
                   const char            *value)
{
  const char *text = label (options, msgid);
  const char *hole = strstr (text, "%s");

  if (hole == NULL)
    {
      append_text (out, text, -1);
      return;
    }
  append_text (out, text, hole - text);
  g_string_append (out, value);
  append_text (out, hole + 2, -1);
}

static gboolean
is_accent (const char *accent)
{
  if (accent == NULL || accent[0] != '#' || strlen (accent) != 7)
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (accent[i]))
      return FALSE;
  return TRUE;
}

/* --- HTML ------------------------------------------------------------------------------- */

static gboolean
is_ident_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || (guchar) c >= 0x80;
}

/* An unescaped line break ends a CSS string. */
static gboolean
is_newline (char c)
{
  return c == '\n' || c == '\r' || c == '\f';
}

/* The end of a CSS function's arguments starting at @p (just after its "("): the matching
 * ")" outside strings, or the end of the text. */
static const char *
css_function_end (const char *p)
{
  int depth = 1;
  char quote = 0;

  for (; *p; p++)
    {
      if (quote)
        {
          if (*p == '\\' && p[1])
            p++;
          else if (*p == quote || is_newline (*p))
            quote = 0;
          continue;
        }
      if (*p == '"' || *p == '\'')
        quote = *p;
      else if (*p == '(')
        depth++;
      else if (*p == ')' && --depth == 0)
        return p;
    }
  return p;
}

/* Whether the argument of url(…) between @start and @end is a reference into the page
 * itself ("#id", as for SVG filters), the only kind kept. */
static gboolean
is_local_reference (const char *start,
                    const char *end)
{
  while (start < end && (g_ascii_isspace (*start) || *start == '"' || *start == '\''))
    start++;
  return start < end && *start == '#';
}

static gboolean
css_match (const char *p,
           const char *word)
{
  return g_ascii_strncasecmp (p, word, strlen (word)) == 0;
}

/* @css with its escapes outside strings and comments decoded, as a CSS parser reads them, so
 * that "u\72l(" can't hide a "url(" from append_safe_css(). A character that could only be
 * part of a name survives; any other is dropped. */
static char *
decode_css_escapes (const char *css)
{
  GString *out = g_string_sized_new (strlen (css));
  const char *p = css;
  char quote = 0;
  gboolean comment = FALSE;

  while (*p)
    {
      if (comment)
        {
          if (p[0] == '*' && p[1] == '/')
            {
              g_string_append (out, "*/");
              comment = FALSE;
              p += 2;
            }
          else
            g_string_append_c (out, *p++);
          continue;
        }
      if (quote)
        {
          if (*p == '\\' && p[1])
            {
              g_string_append_len (out, p, 2);
              p += 2;
              continue;
            }
          if (*p == quote || is_newline (*p))
            quote = 0;
          g_string_append_c (out, *p++);
          continue;
        }
      if (p[0] == '/' && p[1] == '*')
        {
          g_string_append (out, "/*");
          comment = TRUE;
          p += 2;
          continue;
        }
      if (*p == '"' || *p == '\'')
        {
          quote = *p;
          g_string_append_c (out, *p++);
          continue;
        }
      if (*p != '\\')
        {
          g_string_append_c (out, *p++);
          continue;
        }

      p++;
      if (g_ascii_isxdigit (*p))
        {
          gunichar c = 0;

          for (guint i = 0; i < 6 && g_ascii_isxdigit (*p); i++, p++)
            c = c * 16 + g_ascii_xdigit_value (*p);
          if (*p == ' ' || *p == '\t' || is_newline (*p))
            p++;
          if (c < 0x80 && (g_ascii_isalnum (c) || c == '-' || c == '_'))
            g_string_append_c (out, c);
          else if (c >= 0x80 && g_unichar_validate (c))
            g_string_append_unichar (out, c);
        }
      else if (*p != '\0' && !is_newline (*p))
        {
          if (g_ascii_isalnum (*p) || *p == '-' || *p == '_' || (guchar) *p >= 0x80)
            g_string_append_c (out, *p);
          p++;
        }
    }
  return g_string_free (out, FALSE);
}

/* Appends @css (with its escapes decoded, decode_css_escapes()), minus everything that could
 * load something: url() (but "url(#id)"), src(), image-set() and the like, and @import. "<" is
 * written as a CSS escape, so that the text can't close the <style> element. */
static void
append_safe_css (GString    *out,
                 const char *css)
{
  static const char * const loaders[] = { "url(", "src(", "image-set(", "-webkit-image-set(",
                                          "image(", "cross-fade(", "-webkit-cross-fade(" };
  const char *p = css;
  char quote = 0;
  gboolean comment = FALSE;

  while (p && *p)
    {
      if (*p == '<')
        {
          g_string_append (out, "\\3c ");
          p++;
          continue;
        }
      if (comment)
        {
          if (p[0] == '*' && p[1] == '/')
            {
              g_string_append (out, "*/");
              comment = FALSE;
              p += 2;
            }
          else
            g_string_append_c (out, *p++);
          continue;
        }
      if (quote)
        {
          if (*p == '\\' && p[1] && p[1] != '<')
            {
              g_string_append_len (out, p, 2);
              p += 2;
              continue;
            }
          if (*p == quote || is_newline (*p))
            quote = 0;
          g_string_append_c (out, *p++);
          continue;
        }

      if (p[0] == '/' && p[1] == '*')
        {
          g_string_append (out, "/*");
          comment = TRUE;
          p += 2;
          continue;
        }
      if (*p == '"' || *p == '\'')
        {
          quote = *p;
          g_string_append_c (out, *p++);
          continue;
        }
      if (*p == '\\')
        {
          p++;
          continue;
        }
      if (*p == '@' && css_match (p, "@import"))
        {
          /* up to the end of the rule, outside strings */
          char q = 0;

          for (p += strlen ("@import"); *p; p++)
            {
              if (q)
                {
                  if (*p == '\\' && p[1])
                    p++;
                  else if (*p == q || is_newline (*p))
                    q = 0;
                }
              else if (*p == '"' || *p == '\'')
                q = *p;
              else if (*p == ';')
                {
                  p++;
                  break;
                }
            }
          continue;
        }
      if (p == css || !is_ident_char (p[-1]))
        {
          gboolean replaced = FALSE;

          for (guint i = 0; i < G_N_ELEMENTS (loaders); i++)
            {
              gsize len = strlen (loaders[i]);
              const char *end;

              if (!css_match (p, loaders[i]))
                continue;
              end = css_function_end (p + len);
              if (*end == ')')
                end++;
              if (i == 0 && is_local_reference (p + len, end) && memchr (p, '<', end - p) == NULL)
                g_string_append_len (out, p, end - p);
              else
                g_string_append (out, "none");
              p = end;
              replaced = TRUE;
              break;
            }
          if (replaced)
            continue;
        }
      g_string_append_c (out, *p++);
    }
}

/* The renderer names its own elements "kf-…" (headings that sections are labelled by, chart
 * titles), the same on every page. With several pages in one file they are made unique by
 * the page's id, references included. Document text can't match: its quotes are escaped. */
static void
append_page_scoped (GString    *out,
                    const char *html,
                    const char *page_id)
{
  static const char * const patterns[] = { " id=\"kf-", " aria-labelledby=\"kf-",
                                           " aria-describedby=\"kf-", " href=\"#kf-", "url(#kf-" };
  const char *p = html;

  while (*p)
    {
      gboolean matched = FALSE;

      if (*p == ' ' || *p == 'u')
        for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
          {
            gsize len = strlen (patterns[i]);

            if (strncmp (p, patterns[i], len) == 0)
              {
                g_string_append_len (out, p, len);
                kf_html_append_escaped (out, page_id, -1);
                g_string_append_c (out, '-');
                p += len;
                matched = TRUE;
                break;
              }
          }
      if (!matched)
        g_string_append_c (out, *p++);
    }
}

static void
append_node_html (GString               *out,
                  KfDocument            *document,
                  const KfNode          *node,
                  const KfRenderOptions *options,
                  gboolean               scoped)
{
  g_autofree char *html = kf_render_node (document, node, options);

  g_string_append (out, "<div class=\"kf-export-page\" id=\"");
  kf_html_append_escaped (out, node->id, -1);
  g_string_append (out, "\">\n");
  if (scoped)
    append_page_scoped (out, html, node->id);
  else
    g_string_append (out, html);
  g_string_append (out, "</div>\n");
}

/* The pages of a whole-document export, besides the overview. A theme's page holds its
 * sections, which are not repeated on their own; the key figures page repeats the themes'
 * figures and the theme map is a way to move around, so both are left out. The timeline is
 * in: the events are nowhere else. */
static gboolean
is_exported_page (const KfNode *node)
{
  switch (node->kind)
    {
    case KF_NODE_THEME:
    case KF_NODE_TIMELINE:
    case KF_NODE_GLOSSARY:
    case KF_NODE_ABOUT:
      return TRUE;
    case KF_NODE_DOCUMENT:
    case KF_NODE_SECTION:
    case KF_NODE_FIGURES:
    case KF_NODE_MAP:
    default:
      return FALSE;
    }
}

static void
html_escape (GString    *out,
             const char *text,
             gssize      length)
{
  kf_html_append_escaped (out, text, length);
}

/**
 * kf_export_html:
 * @document: the document
 * @node: (nullable): one of its outline nodes, or %NULL for the whole document
 * @options: (nullable): the reading language
 * @css: (nullable): the style sheet to inline
 *
 * A standalone HTML file of @node, or of the whole document: the overview, each theme with
 * its sections, the glossary and the about page, in outline order. The file loads nothing
 * and runs no script.
 *
 * Returns: (transfer full): the HTML file's text
 */
char *
kf_export_html (KfDocument            *document,
                const KfNode          *node,
                const KfRenderOptions *options,
                const char            *css)
{
  const KfMetadata *m;
  const KfNode *root;
  const char *lang;
  g_autofree char *title = NULL;
  g_autoptr(GString) source = g_string_new (NULL);
  GString *out;

  g_return_val_if_fail (KF_IS_DOCUMENT (document), NULL);

  m = kf_document_get_metadata (document);
  root = kf_document_get_root (document);
  lang = kf_render_language (document, options);
  title = kf_render_node_title (document, root, options);
  if (node != NULL && node != root)
    {
      g_autofree char *node_title = kf_render_node_title (document, node, options);
      g_autofree char *doc_title = g_steal_pointer (&title);

      title = g_strdup_printf ("%s \xE2\x80\x94 %s", node_title, doc_title);
    }

  out = g_string_sized_new (65536);
  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"");
  kf_html_append_escaped (out, lang, -1);
  g_string_append_printf (out, "\" dir=\"%s\">\n", kf_language_is_rtl (lang) ? "rtl" : "ltr");
  g_string_append (out,
                   "<head>\n"
                   "<meta charset=\"utf-8\">\n"
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                   "style-src 'unsafe-inline'\">\n"
                   "<meta name=\"referrer\" content=\"no-referrer\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta name=\"generator\" content=\"" PACKAGE_NAME " " PACKAGE_VERSION "\">\n"
                   "<title>");
  kf_html_append_escaped (out, title, -1);
  g_string_append (out, "</title>\n<style>\n");
  if (css)
    {
      g_autofree char *decoded = decode_css_escapes (css);

      append_safe_css (out, decoded);
    }
  /* what the page script does in the app: each theme's accent colour */
  g_string_append (out, "\n.kf-export-footer { max-width: var(--line-width, 70ch); margin: 2em auto; "
                        "padding: 1em; border-top: 1px solid var(--border, #ccc); font-size: 0.9em; }\n");
  for (guint i = 0; i < kf_document_get_n_themes (document); i++)
    {
      const KfTheme *theme = kf_document_get_theme (document, i);

      if (is_accent (theme->accent))
        g_string_append_printf (out, "[data-accent=\"%s\"] { --accent: %s; }\n",
                                theme->accent, theme->accent);
    }
  g_string_append (out, "</style>\n</head>\n<body>\n<main id=\"content\">\n");

  if (node != NULL)
    append_node_html (out, document, node, options, FALSE);
  else
    {
      append_node_html (out, document, root, options, TRUE);
      for (guint i = 0; i < root->n_children; i++)
        if (is_exported_page (root->children[i]))
          append_node_html (out, document, root->children[i], options, TRUE);
    }

  g_string_append (out, "</main>\n<footer class=\"kf-export-footer\">\n<p class=\"attribution\">");
  kf_html_append_escaped (out, kf_render_text (document, options, "metadata/attribution",
                                               m->attribution), -1);
  g_string_append (out, "</p>\n<p class=\"source\">");
  kf_html_append_escaped (source, m->source_url, -1);
  append_label_with (out, options, N_("Source: %s"), html_escape, source->str);
  g_string_append (out, "</p>\n</footer>\n</body>\n</html>\n");

  return g_string_free (out, FALSE);
}

/* --- Markdown --------------------------------------------------------------------------- */

typedef struct
{
  GString               *out;
  KfDocument            *doc;
  const KfRenderOptions *options;
  GHashTable            *ids;         /* ids whose content is in the export */
  gboolean               first_run;   /* the next text run begins a block */
} Md;

static void
md_escape (GString    *out,
           const char *text,
           gssize      length)
{
  kf_markdown_append_escaped (out, text, length, KF_MARKDOWN_INLINE, NULL);
}

static void
md_text (Md         *md,
         const char *text,
         gboolean    line_start)
{
  kf_markdown_append_escaped (md->out, text, -1,
                              line_start ? KF_MARKDOWN_LINE_START : KF_MARKDOWN_INLINE, NULL);
}

G_GNUC_PRINTF (3, 4)
static const char *
md_tr (Md         *md,
       const char *text,
       const char *context_format,
       ...)
{
  g_autofree char *context = NULL;
  va_list args;

  if (text == NULL || md->options == NULL || md->options->content == NULL)
    return text;

  va_start (args, context_format);
  context = g_strdup_vprintf (context_format, args);
  va_end (args);

  return kf_render_text (md->doc, md->options, context, text);
}

static gboolean
md_inline_cb (KfInlineKind  kind,
              const char   *text,
              gsize         text_len,
              const char   *target,
              gsize         target_len,
              gpointer      user_data)
{
  Md *md = user_data;
  KfMarkdownFlags flags = md->first_run ? KF_MARKDOWN_LINE_START : KF_MARKDOWN_INLINE;

  md->first_run = FALSE;

  switch (kind)
    {
    case KF_INLINE_TEXT:
      kf_markdown_append_escaped (md->out, text, text_len, flags, NULL);
      break;

    case KF_INLINE_INTERNAL_LINK:
      {
        g_autofree char *id = g_strndup (target, target_len);

        if (!g_hash_table_contains (md->ids, id))
          {
            /* its target is not part of this export: the label alone */
            kf_markdown_append_escaped (md->out, text, text_len, flags, NULL);
            break;
          }
        kf_markdown_open_link (md->out);
        kf_markdown_append_escaped (md->out, text, text_len, KF_MARKDOWN_INLINE, NULL);
        g_string_append (md->out, "](#");
        kf_markdown_append_url (md->out, id, -1);
        g_string_append_c (md->out, ')');
      }
      break;

    case KF_INLINE_EXTERNAL_LINK:
      kf_markdown_open_link (md->out);
      kf_markdown_append_escaped (md->out, text, text_len, KF_MARKDOWN_INLINE, NULL);
      g_string_append (md->out, "](");
      kf_markdown_append_url (md->out, target, target_len);
      g_string_append_c (md->out, ')');
      break;

    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

/* Text with inline links, beginning a block. */
static void
md_rich (Md         *md,
         const char *text)
{
  md->first_run = TRUE;
  kf_inline_parse (text, md_inline_cb, md);
}

static void
md_paragraph (Md         *md,
              const char *text)
{
  g_string_append_c (md->out, '\n');
  md_rich (md, text);
  g_string_append_c (md->out, '\n');
}

static void
md_figure (Md             *md,
           const KfFigure *figure)
{
  g_autoptr(GString) number = g_string_new (NULL);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%.12g", figure->value);
  md_escape (number, buf, -1);

  g_string_append (md->out, "- **");
  switch (figure->qualifier)
    {
    case KF_QUALIFIER_OVER:
      append_label_with (md->out, md->options, N_("over %s"), md_escape, number->str);
      break;
    case KF_QUALIFIER_ABOUT:
      append_label_with (md->out, md->options, N_("about %s"), md_escape, number->str);
      break;
    case KF_QUALIFIER_EXACT:
    default:
      g_string_append (md->out, number->str);
      break;
    }
  g_string_append_c (md->out, ' ');
  md_text (md, md_tr (md, figure->unit, "figures/%s/unit", figure->id), FALSE);
  g_string_append (md->out, "** \xE2\x80\x94 ");
  md_text (md, md_tr (md, figure->label, "figures/%s/label", figure->id), FALSE);
  if (figure->year > 0)
    g_string_append_printf (md->out, " (%" G_GINT64_FORMAT ")", figure->year);
  g_string_append_c (md->out, '\n');
}

static void
md_term (Md           *md,
         const KfTerm *term)
{
  g_string_append (md->out, "\n**");
  md_text (md, md_tr (md, term->term, "glossary/%s/term", term->id), FALSE);
  g_string_append (md->out, "**");
  if (term->expansion)
    {
      g_string_append (md->out, " (");
      md_text (md, md_tr (md, term->expansion, "glossary/%s/expansion", term->id), FALSE);
      g_string_append_c (md->out, ')');
    }
  g_string_append (md->out, ": ");
  md_text (md, md_tr (md, term->definition, "glossary/%s/definition", term->id), FALSE);
  g_string_append_c (md->out, '\n');
}

static void
md_section (Md              *md,
            const KfSection *section)
{
  KfBlockType previous = KF_BLOCK_PARAGRAPH;

  g_string_append (md->out, "\n### ");
  md_text (md, md_tr (md, section->title, "sections/%s/title", section->id), FALSE);
  g_string_append_c (md->out, '\n');

  for (guint b = 0; b < section->n_blocks; b++)
    {
      const KfBlock *block = &section->blocks[b];

      switch (block->type)
        {
        case KF_BLOCK_PARAGRAPH:
          {
            g_autofree char *context = g_strdup_printf ("sections/%s/blocks/%u", section->id, block->index);

            md_paragraph (md, kf_render_text (md->doc, md->options, context, block->text));
          }
          break;

        case KF_BLOCK_LIST:
          g_string_append_c (md->out, '\n');
          for (guint i = 0; i < block->n_items; i++)
            {
              g_autofree char *context = g_strdup_printf ("sections/%s/blocks/%u/items/%u",
                                                          section->id, block->index, i);

              g_string_append (md->out, "- ");
              md_rich (md, kf_render_text (md->doc, md->options, context, block->items[i]));
              g_string_append_c (md->out, '\n');
            }
          break;

        case KF_BLOCK_FIGURE:
          /* consecutive figures make one list */
          if (b == 0 || previous != KF_BLOCK_FIGURE)
            g_string_append_c (md->out, '\n');
          md_figure (md, block->figure);
          break;

        case KF_BLOCK_TERM:
          md_term (md, block->term);
          break;

        default:
          g_assert_not_reached ();
        }
      previous = block->type;
    }
}

static void
md_theme_heading (Md            *md,
                  const KfTheme *theme)
{
  g_string_append_printf (md->out, "\n## %" G_GINT64_FORMAT ". ", theme->number);
  md_text (md, md_tr (md, theme->title, "themes/%s/title", theme->id), FALSE);
  g_string_append_c (md->out, '\n');
}

static void
md_theme (Md            *md,
          const KfTheme *theme)
{
  md_theme_heading (md, theme);
  md_paragraph (md, md_tr (md, theme->summary, "themes/%s/summary", theme->id));
  for (guint s = 0; s < theme->n_sections; s++)
    md_section (md, &theme->sections[s]);
}

/* A page without a heading of its own (the whole document's Markdown has "## " headings
 * for its themes only): a rule, then the page's title in bold. */
static void
md_part (Md         *md,
         const char *node_id)
{
  const KfNode *node = kf_document_lookup_node (md->doc, node_id);
  g_autofree char *title = node ? kf_render_node_title (md->doc, node, md->options) : g_strdup (node_id);

  g_string_append (md->out, "\n---\n\n**");
  md_text (md, title, FALSE);
  g_string_append (md->out, "**\n");
}

static void
md_glossary (Md *md)
{
  md_part (md, "glossary");
  for (guint i = 0; i < kf_document_get_n_terms (md->doc); i++)
    md_term (md, kf_document_get_term (md->doc, i));
}

static void
md_figures (Md *md)
{
  md_part (md, "figures");
  for (guint t = 0; t < kf_document_get_n_themes (md->doc); t++)
    {
      const KfTheme *theme = kf_document_get_theme (md->doc, t);

      if (theme->n_figures == 0)
        continue;
      g_string_append_printf (md->out, "\n**%" G_GINT64_FORMAT ". ", theme->number);
      md_text (md, md_tr (md, theme->title, "themes/%s/title", theme->id), FALSE);
      g_string_append (md->out, "**\n\n");
      for (guint i = 0; i < theme->n_figures; i++)
        md_figure (md, theme->figures[i]);
    }
}

/* The events, in date order: "- DATE — title: description" */
static void
md_timeline (Md *md)
{
  md_part (md, "timeline");
  g_string_append_c (md->out, '\n');
  for (guint i = 0; i < kf_document_get_n_events (md->doc); i++)
    {
      const KfEvent *event = kf_document_get_event (md->doc, i);

      g_string_append (md->out, "- ");
      md_text (md, event->date, TRUE);
      g_string_append (md->out, " \xE2\x80\x94 ");
      md_text (md, md_tr (md, event->title, "events/%s/title", event->id), FALSE);
      if (event->description)
        {
          g_string_append (md->out, ": ");
          md_text (md, md_tr (md, event->description, "events/%s/description", event->id), FALSE);
        }
      g_string_append_c (md->out, '\n');
    }
}

/* The themes and the ones each relates to. */
static void
md_map (Md *md)
{
  md_part (md, "map");
  g_string_append_c (md->out, '\n');
  for (guint t = 0; t < kf_document_get_n_themes (md->doc); t++)
    {
      const KfTheme *theme = kf_document_get_theme (md->doc, t);

      g_string_append_printf (md->out, "- %" G_GINT64_FORMAT ". ", theme->number);
      md_text (md, md_tr (md, theme->title, "themes/%s/title", theme->id), FALSE);
      for (guint i = 0; i < theme->n_related; i++)
        {
          const KfTheme *other = theme->related[i];

          g_string_append (md->out, i == 0 ? " \xE2\x86\x92 " : ", ");
          g_string_append_printf (md->out, "%" G_GINT64_FORMAT ". ", other->number);
          md_text (md, md_tr (md, other->title, "themes/%s/title", other->id), FALSE);
        }
      g_string_append_c (md->out, '\n');
    }
}

static void
md_fact (Md         *md,
         const char *name,
         const char *value)
{
  if (value == NULL)
    return;
  g_string_append (md->out, "- ");
  md_text (md, label (md->options, name), TRUE);
  g_string_append (md->out, ": ");
  md_text (md, value, FALSE);
  g_string_append_c (md->out, '\n');
}

static void
md_about (Md *md)
{
  const KfMetadata *m = kf_document_get_metadata (md->doc);
  g_autofree char *authors = g_strjoinv (", ", (char **) m->authors);

  md_part (md, "about");
  g_string_append_c (md->out, '\n');
  md_fact (md, N_("Title"), m->source_title);
  md_fact (md, N_("Author"), m->source_author);
  md_fact (md, N_("Published by"), m->source_name);
  md_fact (md, N_("Date"), m->source_date);
  g_string_append_c (md->out, '\n');
  md_fact (md, N_("Written by"), authors);
  md_fact (md, N_("Date"), m->date);
  md_fact (md, N_("Original language"), m->language);
}

/* The attribution and the original's address, at the end of every export. */
static void
md_footer (Md *md)
{
  const KfMetadata *m = kf_document_get_metadata (md->doc);
  g_autoptr(GString) link = g_string_new ("[");

  md_escape (link, m->source_url, -1);
  g_string_append (link, "](");
  kf_markdown_append_url (link, m->source_url, -1);
  g_string_append_c (link, ')');

  g_string_append (md->out, "\n---\n\n");
  md_text (md, kf_render_text (md->doc, md->options, "metadata/attribution", m->attribution), TRUE);
  g_string_append (md->out, "\n\n");
  append_label_with (md->out, md->options, N_("Source: %s"), md_escape, link->str);
  g_string_append_c (md->out, '\n');
}

static void
collect_section_ids (GHashTable      *ids,
                     const KfSection *section)
{
  g_hash_table_add (ids, (gpointer) section->id);
  for (guint b = 0; b < section->n_blocks; b++)
    {
      const KfBlock *block = &section->blocks[b];

      if (block->type == KF_BLOCK_FIGURE)
        g_hash_table_add (ids, (gpointer) block->figure->id);
      else if (block->type == KF_BLOCK_TERM)
        g_hash_table_add (ids, (gpointer) block->term->id);
    }
}

static void
collect_theme_ids (GHashTable    *ids,
                   const KfTheme *theme)
{
  g_hash_table_add (ids, (gpointer) theme->id);
  for (guint s = 0; s < theme->n_sections; s++)
    collect_section_ids (ids, &theme->sections[s]);
}

static void
collect_glossary_ids (GHashTable *ids,
                      KfDocument *doc)
{
  g_hash_table_add (ids, (gpointer) "glossary");
  for (guint i = 0; i < kf_document_get_n_terms (doc); i++)
    g_hash_table_add (ids, (gpointer) kf_document_get_term (doc, i)->id);
}

/**
 * kf_export_markdown:
 * @document: the document
 * @node: (nullable): one of its outline nodes, or %NULL for the whole document
 * @options: (nullable): the reading language
 *
 * The text of @node, or of the whole document, as Markdown: "# Title", "## N. Theme",
 * "### Section", paragraphs, lists, figures and terms, then the attribution. Internal links
 * stay links when their target is part of the export; all text is escaped.
 *
 * Returns: (transfer full): the Markdown text
 */
char *
kf_export_markdown (KfDocument            *document,
                    const KfNode          *node,
                    const KfRenderOptions *options)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  const KfMetadata *m;
  const KfNode *root;
  Md md = { 0 };

  g_return_val_if_fail (KF_IS_DOCUMENT (document), NULL);

  m = kf_document_get_metadata (document);
  root = kf_document_get_root (document);
  if (node == NULL)
    node = root;

  md.out = g_string_sized_new (32768);
  md.doc = document;
  md.options = options;
  md.ids = ids;

  switch (node->kind)
    {
    case KF_NODE_DOCUMENT:
      g_hash_table_add (ids, (gpointer) m->id);
      g_hash_table_add (ids, (gpointer) "about");
      if (kf_document_get_n_events (document) > 0)
        g_hash_table_add (ids, (gpointer) "timeline");
      for (guint i = 0; i < kf_document_get_n_themes (document); i++)
        collect_theme_ids (ids, kf_document_get_theme (document, i));
      collect_glossary_ids (ids, document);
      break;
    case KF_NODE_THEME:
      collect_theme_ids (ids, node->data);
      break;
    case KF_NODE_SECTION:
      collect_section_ids (ids, node->data);
      break;
    case KF_NODE_GLOSSARY:
      collect_glossary_ids (ids, document);
      break;
    case KF_NODE_ABOUT:
    case KF_NODE_FIGURES:
    case KF_NODE_TIMELINE:
    case KF_NODE_MAP:
    default:
      g_hash_table_add (ids, (gpointer) node->id);
      break;
    }

  g_string_append (md.out, "# ");
  md_text (&md, md_tr (&md, m->title, "metadata/title"), FALSE);
  g_string_append_c (md.out, '\n');

  switch (node->kind)
    {
    case KF_NODE_DOCUMENT:
      if (m->subtitle)
        {
          g_string_append_c (md.out, '\n');
          md_text (&md, md_tr (&md, m->subtitle, "metadata/subtitle"), TRUE);
          g_string_append_c (md.out, '\n');
        }
      if (m->intro)
        md_paragraph (&md, md_tr (&md, m->intro, "metadata/intro"));
      for (guint i = 0; i < kf_document_get_n_themes (document); i++)
        md_theme (&md, kf_document_get_theme (document, i));
      if (kf_document_get_n_events (document) > 0)
        md_timeline (&md);
      md_glossary (&md);
      break;
    case KF_NODE_THEME:
      md_theme (&md, node->data);
      break;
    case KF_NODE_SECTION:
      {
        const KfSection *section = node->data;

        md_theme_heading (&md, section->theme);
        md_section (&md, section);
      }
      break;
    case KF_NODE_GLOSSARY:
      md_glossary (&md);
      break;
    case KF_NODE_ABOUT:
      md_about (&md);
      break;
    case KF_NODE_FIGURES:
      md_figures (&md);
      break;
    case KF_NODE_TIMELINE:
      md_timeline (&md);
      break;
    case KF_NODE_MAP:
      md_map (&md);
      break;
    default:
      g_warn_if_reached ();
      break;
    }

  md_footer (&md);

  return g_string_free (md.out, FALSE);
}
