/* kf-renderer.c — HTML for the detail view, from the document model
 *
 * Every string that comes from a document goes through kf_html_append_escaped(), in text and
 * in attributes alike. The only markup in document text is the inline link syntax, and link
 * targets are ids checked by the loader or http(s) URLs, also escaped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-renderer"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "kf-inline.h"
#include "kf-insight.h"
#include "kf-renderer.h"

typedef struct
{
  GString               *out;
  KfDocument            *doc;
  const KfRenderOptions *options;
  KfCatalog             *labels;
  gboolean               bilingual;
} Renderer;

void
kf_html_append_escaped (GString    *out,
                        const char *text,
                        gssize      length)
{
  const char *end;
  const char *run;

  if (text == NULL)
    return;
  if (length < 0)
    length = strlen (text);

  end = text + length;
  run = text;
  for (const char *p = text; p < end; p++)
    {
      const char *entity;

      switch (*p)
        {
        case '&':
          entity = "&amp;";
          break;
        case '<':
          entity = "&lt;";
          break;
        case '>':
          entity = "&gt;";
          break;
        case '"':
          entity = "&quot;";
          break;
        case '\'':
          entity = "&#39;";
          break;
        case '\0':
          entity = "\xEF\xBF\xBD";
          break;
        default:
          entity = NULL;
          break;
        }
      if (entity == NULL)
        continue;
      g_string_append_len (out, run, p - run);
      g_string_append (out, entity);
      run = p + 1;
    }
  g_string_append_len (out, run, end - run);
}

static void
esc (Renderer   *r,
     const char *text)
{
  kf_html_append_escaped (r->out, text, -1);
}

static const char *
label (Renderer   *r,
       const char *msgid)
{
  return kf_catalog_gettext (r->labels, msgid);
}

/* A label holding one "%s", filled in without printf so that a translation can't inject
 * conversions. */
static void
append_label_with (Renderer   *r,
                   const char *msgid,
                   const char *escaped_value)
{
  const char *text = label (r, msgid);
  const char *hole = strstr (text, "%s");

  if (hole == NULL)
    {
      esc (r, text);
      return;
    }
  kf_html_append_escaped (r->out, text, hole - text);
  g_string_append (r->out, escaped_value);
  esc (r, hole + 2);
}

const char *
kf_render_text (KfDocument            *doc,
                const KfRenderOptions *options,
                const char            *context,
                const char            *text)
{
  if (text == NULL || options == NULL || options->content == NULL)
    return text;
  return kf_catalog_pgettext (options->content, context, text);
}

/* The language the text is shown in: the content catalog's, or the document's own. */
const char *
kf_render_language (KfDocument            *doc,
                    const KfRenderOptions *options)
{
  if (options && options->content && kf_catalog_get_language (options->content))
    return kf_catalog_get_language (options->content);
  return kf_document_get_metadata (doc)->language;
}

G_GNUC_PRINTF (3, 4)
static const char *
tr (Renderer   *r,
    const char *text,
    const char *context_format,
    ...)
{
  g_autofree char *context = NULL;
  va_list args;

  if (text == NULL || r->options == NULL || r->options->content == NULL)
    return text;

  va_start (args, context_format);
  context = g_strdup_vprintf (context_format, args);
  va_end (args);

  return kf_catalog_pgettext (r->options->content, context, text);
}

/* What the page's glossary card shows when a term link is hovered or focused. */
static void
term_card_attributes (Renderer     *r,
                      const KfTerm *term)
{
  g_string_append (r->out, " data-term=\"");
  esc (r, tr (r, term->term, "glossary/%s/term", term->id));
  g_string_append (r->out, "\"");
  if (term->expansion)
    {
      g_string_append (r->out, " data-expansion=\"");
      esc (r, tr (r, term->expansion, "glossary/%s/expansion", term->id));
      g_string_append (r->out, "\"");
    }
  g_string_append (r->out, " data-definition=\"");
  esc (r, tr (r, term->definition, "glossary/%s/definition", term->id));
  g_string_append (r->out, "\"");
}

static gboolean
inline_cb (KfInlineKind  kind,
           const char   *text,
           gsize         text_len,
           const char   *target,
           gsize         target_len,
           gpointer      user_data)
{
  Renderer *r = user_data;

  switch (kind)
    {
    case KF_INLINE_TEXT:
      kf_html_append_escaped (r->out, text, text_len);
      break;
    case KF_INLINE_INTERNAL_LINK:
      {
        g_autofree char *id = g_strndup (target, target_len);
        const KfTerm *term = kf_document_lookup_term (r->doc, id);

        g_string_append_printf (r->out, "<a class=\"internal%s\" href=\"#", term ? " term-link" : "");
        esc (r, id);
        g_string_append (r->out, "\"");
        if (term)
          term_card_attributes (r, term);
        g_string_append (r->out, ">");
        kf_html_append_escaped (r->out, text, text_len);
        g_string_append (r->out, "</a>");
      }
      break;
    case KF_INLINE_EXTERNAL_LINK:
      g_string_append (r->out, "<a class=\"external\" rel=\"noopener noreferrer\" href=\"");
      kf_html_append_escaped (r->out, target, target_len);
      g_string_append (r->out, "\">");
      kf_html_append_escaped (r->out, text, text_len);
      g_string_append (r->out, "</a>");
      break;
    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

static void
rich (Renderer   *r,
      const char *text)
{
  kf_inline_parse (text, inline_cb, r);
}

static void
lang_attributes (Renderer   *r,
                 const char *lang)
{
  g_string_append (r->out, " lang=\"");
  esc (r, lang);
  g_string_append_printf (r->out, "\" dir=\"%s\"", kf_language_is_rtl (lang) ? "rtl" : "ltr");
}

/* One block of text: <TAG CLASS data-block=CONTEXT>text</TAG>, translated in @context. The
 * context doubles as the block's stable id, the same in every language, which annotations
 * anchor to. In the bilingual view the block becomes a pair, the reading language first and
 * the original beside it, each with its own lang and dir. @klass is ours, never a document's. */
G_GNUC_PRINTF (6, 7)
static void
text_block (Renderer   *r,
            const char *tag,
            const char *klass,
            const char *original,
            gboolean    with_links,
            const char *context_format,
            ...)
{
  void (*emit) (Renderer *, const char *) = with_links ? rich : esc;
  g_autofree char *context = NULL;
  const char *translated;
  va_list args;

  va_start (args, context_format);
  context = g_strdup_vprintf (context_format, args);
  va_end (args);
  translated = kf_render_text (r->doc, r->options, context, original);

  if (!r->bilingual)
    {
      g_string_append_printf (r->out, "<%s", tag);
      if (klass)
        g_string_append_printf (r->out, " class=\"%s\"", klass);
      g_string_append (r->out, " data-block=\"");
      esc (r, context);
      g_string_append (r->out, "\">");
      emit (r, translated);
      g_string_append_printf (r->out, "</%s>\n", tag);
      return;
    }

  g_string_append (r->out, "<div class=\"kf-pair\" data-block=\"");
  esc (r, context);
  g_string_append (r->out, "\">");
  g_string_append_printf (r->out, "<%s class=\"kf-reading%s%s\"", tag, klass ? " " : "", klass ? klass : "");
  lang_attributes (r, kf_render_language (r->doc, r->options));
  g_string_append_c (r->out, '>');
  emit (r, translated);
  g_string_append_printf (r->out, "</%s><%s class=\"kf-original%s%s\"", tag, tag, klass ? " " : "", klass ? klass : "");
  lang_attributes (r, kf_document_get_metadata (r->doc)->language);
  g_string_append_c (r->out, '>');
  emit (r, original);
  g_string_append_printf (r->out, "</%s></div>\n", tag);
}

/* A heading: in the bilingual view the original title follows it, in a paragraph. */
static void
heading (Renderer   *r,
         const char *tag,
         const char *original,
         const char *translated,
         const char *link)
{
  g_string_append_printf (r->out, "<%s>", tag);
  if (link)
    {
      g_string_append (r->out, "<a class=\"internal\" href=\"#");
      esc (r, link);
      g_string_append (r->out, "\">");
    }
  esc (r, translated);
  if (link)
    g_string_append (r->out, "</a>");
  g_string_append_printf (r->out, "</%s>\n", tag);

  if (r->bilingual)
    {
      g_string_append (r->out, "<p class=\"kf-original kf-original-title\"");
      lang_attributes (r, kf_document_get_metadata (r->doc)->language);
      g_string_append_c (r->out, '>');
      esc (r, original);
      g_string_append (r->out, "</p>\n");
    }
}

static void
open_article (Renderer      *r,
              const char    *klass,
              const KfTheme *theme)
{
  const char *lang = kf_render_language (r->doc, r->options);

  g_string_append_printf (r->out, "<article class=\"%s\" lang=\"", klass);
  esc (r, lang);
  g_string_append_printf (r->out, "\" dir=\"%s\"", kf_language_is_rtl (lang) ? "rtl" : "ltr");
  if (theme && theme->accent)
    {
      g_string_append (r->out, " data-accent=\"");
      esc (r, theme->accent);
      g_string_append (r->out, "\"");
    }
  g_string_append (r->out, ">\n");
}

static void
theme_eyebrow (Renderer      *r,
               const KfTheme *theme,
               gboolean       linked)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, theme->number);

  g_string_append (r->out, "<p class=\"eyebrow\">");
  if (linked)
    {
      g_string_append (r->out, "<a class=\"internal\" href=\"#");
      esc (r, theme->id);
      g_string_append (r->out, "\">");
    }
  append_label_with (r, N_("Theme %s"), number);
  if (linked)
    {
      g_string_append (r->out, " · ");
      esc (r, tr (r, theme->title, "themes/%s/title", theme->id));
      g_string_append (r->out, "</a>");
    }
  g_string_append (r->out, "</p>\n");
}

static void
format_number (Renderer *r,
               double    value,
               GString  *out)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%.12g", value);
  g_string_append (out, buf);
}

static void
render_figure (Renderer       *r,
               const KfFigure *figure)
{
  g_autoptr(GString) number = g_string_new (NULL);
  g_autoptr(GString) value = g_string_new (NULL);

  format_number (r, figure->value, number);
  g_string_append (value, "<data value=\"");
  g_string_append (value, number->str);
  g_string_append (value, "\">");
  g_string_append (value, number->str);
  g_string_append (value, "</data>");

  g_string_append (r->out, "<figure class=\"figure-card\" id=\"");
  esc (r, figure->id);
  g_string_append (r->out, "\">\n<p class=\"figure-value\">");
  switch (figure->qualifier)
    {
    case KF_QUALIFIER_OVER:
      append_label_with (r, N_("over %s"), value->str);
      break;
    case KF_QUALIFIER_ABOUT:
      append_label_with (r, N_("about %s"), value->str);
      break;
    case KF_QUALIFIER_EXACT:
    default:
      g_string_append (r->out, value->str);
      break;
    }
  g_string_append (r->out, " <span class=\"figure-unit\">");
  esc (r, tr (r, figure->unit, "figures/%s/unit", figure->id));
  g_string_append (r->out, "</span></p>\n<figcaption class=\"figure-label\">");
  esc (r, tr (r, figure->label, "figures/%s/label", figure->id));
  g_string_append (r->out, "</figcaption>\n");
  if (figure->year > 0 || figure->source)
    {
      g_string_append (r->out, "<p class=\"figure-meta\">");
      if (figure->year > 0)
        g_string_append_printf (r->out, "<span class=\"figure-year\">%" G_GINT64_FORMAT "</span>",
                                figure->year);
      if (figure->year > 0 && figure->source)
        g_string_append (r->out, " · ");
      if (figure->source)
        {
          g_autoptr(GString) source = g_string_new (NULL);

          kf_html_append_escaped (source, tr (r, figure->source, "figures/%s/source", figure->id), -1);
          g_string_append (r->out, "<span class=\"figure-source\">");
          append_label_with (r, N_("Source: %s"), source->str);
          g_string_append (r->out, "</span>");
        }
      g_string_append (r->out, "</p>\n");
    }
  g_string_append (r->out, "</figure>\n");
}

static void
render_term_entry (Renderer     *r,
                   const KfTerm *term,
                   const char   *element_id)
{
  g_string_append (r->out, "<div class=\"term\"");
  if (element_id)
    {
      g_string_append (r->out, " id=\"");
      esc (r, element_id);
      g_string_append (r->out, "\"");
    }
  g_string_append (r->out, ">\n<dt><a class=\"internal term-link\" href=\"#");
  esc (r, term->id);
  g_string_append (r->out, "\"");
  term_card_attributes (r, term);
  g_string_append (r->out, ">");
  esc (r, tr (r, term->term, "glossary/%s/term", term->id));
  g_string_append (r->out, "</a></dt>\n");
  if (term->expansion)
    {
      g_string_append (r->out, "<dd class=\"term-expansion\">");
      esc (r, tr (r, term->expansion, "glossary/%s/expansion", term->id));
      g_string_append (r->out, "</dd>\n");
    }
  text_block (r, "dd", "term-definition", term->definition, FALSE,
              "glossary/%s/definition", term->id);
  g_string_append (r->out, "</div>\n");
}

static void
render_block (Renderer        *r,
              const KfSection *section,
              const KfBlock   *block,
              gboolean         text_only)
{
  switch (block->type)
    {
    case KF_BLOCK_PARAGRAPH:
      text_block (r, "p", NULL, block->text, TRUE,
                  "sections/%s/blocks/%u", section->id, block->index);
      break;

    case KF_BLOCK_LIST:
      g_string_append (r->out, "<ul class=\"key-points\">\n");
      for (guint i = 0; i < block->n_items; i++)
        {
          if (r->bilingual)
            {
              g_string_append (r->out, "<li>");
              text_block (r, "div", NULL, block->items[i], TRUE,
                          "sections/%s/blocks/%u/items/%u", section->id, block->index, i);
              g_string_append (r->out, "</li>\n");
            }
          else
            text_block (r, "li", NULL, block->items[i], TRUE,
                        "sections/%s/blocks/%u/items/%u", section->id, block->index, i);
        }
      g_string_append (r->out, "</ul>\n");
      break;

    case KF_BLOCK_FIGURE:
      if (!text_only)
        render_figure (r, block->figure);
      break;

    case KF_BLOCK_TERM:
      if (!text_only)
        {
          g_string_append (r->out, "<dl class=\"term-card\">\n");
          render_term_entry (r, block->term, NULL);
          g_string_append (r->out, "</dl>\n");
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
render_document (Renderer *r)
{
  const KfMetadata *m = kf_document_get_metadata (r->doc);

  open_article (r, "overview", NULL);
  g_string_append (r->out, "<header>\n");
  heading (r, "h1", m->title, tr (r, m->title, "metadata/title"), NULL);
  if (m->subtitle)
    text_block (r, "p", "subtitle", m->subtitle, FALSE, "metadata/subtitle");
  g_string_append (r->out, "</header>\n");

  if (m->intro)
    text_block (r, "p", "lead", m->intro, TRUE, "metadata/intro");

  g_string_append (r->out, "<nav class=\"theme-cards\" aria-labelledby=\"kf-themes-heading\">\n"
                           "<h2 id=\"kf-themes-heading\">");
  esc (r, label (r, N_("Themes")));
  g_string_append (r->out, "</h2>\n<ol>\n");
  for (guint i = 0; i < kf_document_get_n_themes (r->doc); i++)
    {
      const KfTheme *theme = kf_document_get_theme (r->doc, i);

      g_string_append (r->out, "<li><a class=\"internal theme-card\" href=\"#");
      esc (r, theme->id);
      g_string_append (r->out, "\"");
      if (theme->accent)
        {
          g_string_append (r->out, " data-accent=\"");
          esc (r, theme->accent);
          g_string_append (r->out, "\"");
        }
      g_string_append_printf (r->out, "><span class=\"theme-number\">%" G_GINT64_FORMAT "</span>"
                              "<span class=\"theme-title\">", theme->number);
      esc (r, tr (r, theme->title, "themes/%s/title", theme->id));
      g_string_append (r->out, "</span></a></li>\n");
    }
  g_string_append (r->out, "</ol>\n</nav>\n<p class=\"attribution\">");
  esc (r, tr (r, m->attribution, "metadata/attribution"));
  g_string_append (r->out, " <a class=\"internal\" href=\"#about\">");
  esc (r, label (r, N_("About this document")));
  g_string_append (r->out, "</a></p>\n</article>\n");
}

static void
render_theme (Renderer      *r,
              const KfTheme *theme)
{
  open_article (r, "theme", theme);
  g_string_append (r->out, "<header>\n");
  theme_eyebrow (r, theme, FALSE);
  heading (r, "h1", theme->title, tr (r, theme->title, "themes/%s/title", theme->id), NULL);
  g_string_append (r->out, "</header>\n");
  text_block (r, "p", "lead", theme->summary, TRUE, "themes/%s/summary", theme->id);

  for (guint s = 0; s < theme->n_sections; s++)
    {
      const KfSection *section = &theme->sections[s];

      g_string_append (r->out, "<section class=\"subsection\" id=\"");
      esc (r, section->id);
      g_string_append (r->out, "\">\n");
      heading (r, "h2", section->title, tr (r, section->title, "sections/%s/title", section->id),
               section->id);
      for (guint b = 0; b < section->n_blocks; b++)
        render_block (r, section, &section->blocks[b], TRUE);
      g_string_append (r->out, "</section>\n");
    }

  if (theme->n_figures > 0)
    {
      g_string_append (r->out, "<section class=\"figures\" aria-labelledby=\"kf-figures-heading\">\n"
                               "<h2 id=\"kf-figures-heading\">");
      esc (r, label (r, N_("Key figures")));
      g_string_append (r->out, "</h2>\n<div class=\"figure-grid\">\n");
      for (guint i = 0; i < theme->n_figures; i++)
        render_figure (r, theme->figures[i]);
      g_string_append (r->out, "</div>\n");
      /* figures that share a unit are compared in a chart */
      for (guint i = 0; i < theme->n_figures; i++)
        {
          g_autoptr(GPtrArray) group = g_ptr_array_new ();
          gboolean first = TRUE;

          for (guint j = 0; j < i; j++)
            first &= g_strcmp0 (theme->figures[j]->unit, theme->figures[i]->unit) != 0;
          if (!first)
            continue;
          for (guint j = i; j < theme->n_figures; j++)
            if (g_strcmp0 (theme->figures[j]->unit, theme->figures[i]->unit) == 0)
              g_ptr_array_add (group, (gpointer) theme->figures[j]);
          if (group->len >= 2)
            kf_insight_bar_chart (r->out, r->doc, r->options,
                                  (const KfFigure * const *) group->pdata, group->len);
        }
      g_string_append (r->out, "</section>\n");
    }

  if (theme->n_terms > 0)
    {
      g_string_append (r->out, "<section class=\"terms\" aria-labelledby=\"kf-terms-heading\">\n"
                               "<h2 id=\"kf-terms-heading\">");
      esc (r, label (r, N_("Key terms")));
      g_string_append (r->out, "</h2>\n<dl>\n");
      for (guint i = 0; i < theme->n_terms; i++)
        render_term_entry (r, theme->terms[i], NULL);
      g_string_append (r->out, "</dl>\n</section>\n");
    }

  if (theme->n_related > 0)
    {
      g_string_append (r->out, "<nav class=\"related\" aria-labelledby=\"kf-related-heading\">\n"
                               "<h2 id=\"kf-related-heading\">");
      esc (r, label (r, N_("Related themes")));
      g_string_append (r->out, "</h2>\n<ul>\n");
      for (guint i = 0; i < theme->n_related; i++)
        {
          const KfTheme *other = theme->related[i];

          g_string_append (r->out, "<li><a class=\"internal\" href=\"#");
          esc (r, other->id);
          g_string_append_printf (r->out, "\">%" G_GINT64_FORMAT ". ", other->number);
          esc (r, tr (r, other->title, "themes/%s/title", other->id));
          g_string_append (r->out, "</a></li>\n");
        }
      g_string_append (r->out, "</ul>\n</nav>\n");
    }

  g_string_append (r->out, "</article>\n");
}

static void
render_section (Renderer        *r,
                const KfSection *section)
{
  open_article (r, "section", section->theme);
  g_string_append (r->out, "<header>\n");
  theme_eyebrow (r, section->theme, TRUE);
  heading (r, "h1", section->title, tr (r, section->title, "sections/%s/title", section->id), NULL);
  g_string_append (r->out, "</header>\n");
  for (guint b = 0; b < section->n_blocks; b++)
    render_block (r, section, &section->blocks[b], FALSE);
  g_string_append (r->out, "</article>\n");
}

static void
render_glossary (Renderer *r)
{
  guint n = kf_document_get_n_terms (r->doc);

  open_article (r, "glossary", NULL);
  g_string_append (r->out, "<header>\n<h1>");
  esc (r, label (r, N_("Glossary")));
  g_string_append (r->out, "</h1>\n</header>\n");
  if (n == 0)
    {
      g_string_append (r->out, "<p class=\"empty\">");
      esc (r, label (r, N_("This document has no glossary terms.")));
      g_string_append (r->out, "</p>\n");
    }
  else
    {
      g_string_append (r->out, "<dl class=\"glossary\">\n");
      for (guint i = 0; i < n; i++)
        {
          const KfTerm *term = kf_document_get_term (r->doc, i);

          render_term_entry (r, term, term->id);
        }
      g_string_append (r->out, "</dl>\n");
    }
  g_string_append (r->out, "</article>\n");
}

static void
about_row (Renderer   *r,
           const char *name,
           const char *value)
{
  if (value == NULL)
    return;
  g_string_append (r->out, "<dt>");
  esc (r, label (r, name));
  g_string_append (r->out, "</dt><dd>");
  esc (r, value);
  g_string_append (r->out, "</dd>\n");
}

static void
render_about (Renderer *r)
{
  const KfMetadata *m = kf_document_get_metadata (r->doc);
  g_autofree char *authors = g_strjoinv (", ", (char **) m->authors);

  open_article (r, "about", NULL);
  g_string_append (r->out, "<header>\n<h1>");
  esc (r, label (r, N_("About this document")));
  g_string_append (r->out, "</h1>\n</header>\n<section aria-labelledby=\"kf-original-heading\">\n"
                           "<h2 id=\"kf-original-heading\">");
  esc (r, label (r, N_("The original")));
  g_string_append (r->out, "</h2>\n<dl class=\"facts\">\n");
  about_row (r, N_("Title"), m->source_title);
  about_row (r, N_("Author"), m->source_author);
  about_row (r, N_("Published by"), m->source_name);
  about_row (r, N_("Date"), m->source_date);
  g_string_append (r->out, "<dt>");
  esc (r, label (r, N_("Address")));
  g_string_append (r->out, "</dt><dd><a class=\"external\" rel=\"noopener noreferrer\" href=\"");
  esc (r, m->source_url);
  g_string_append (r->out, "\">");
  esc (r, m->source_url);
  g_string_append (r->out, "</a></dd>\n</dl>\n<p class=\"attribution\">");
  esc (r, tr (r, m->attribution, "metadata/attribution"));
  g_string_append (r->out, "</p>\n</section>\n<section aria-labelledby=\"kf-this-heading\">\n"
                           "<h2 id=\"kf-this-heading\">");
  esc (r, label (r, N_("This document")));
  g_string_append (r->out, "</h2>\n<dl class=\"facts\">\n");
  about_row (r, N_("Title"), tr (r, m->title, "metadata/title"));
  about_row (r, N_("Written by"), authors);
  about_row (r, N_("Date"), m->date);
  about_row (r, N_("Original language"), m->language);
  g_string_append (r->out, "</dl>\n</section>\n</article>\n");
}

/**
 * kf_render_node:
 * @doc: the document
 * @node: one of its outline nodes
 * @options: (nullable): reading language catalogs
 *
 * Renders the page for @node as an HTML fragment: one `<article>` with `lang` and `dir`.
 *
 * Returns: (transfer full): the HTML
 */
char *
kf_render_node (KfDocument            *doc,
                const KfNode          *node,
                const KfRenderOptions *options)
{
  Renderer r = { 0 };

  g_return_val_if_fail (KF_IS_DOCUMENT (doc), NULL);
  g_return_val_if_fail (node != NULL, NULL);

  r.out = g_string_sized_new (8192);
  r.doc = doc;
  r.options = options;
  r.labels = options ? options->labels : NULL;
  r.bilingual = options && options->bilingual && options->content != NULL;

  switch (node->kind)
    {
    case KF_NODE_DOCUMENT:
      render_document (&r);
      break;
    case KF_NODE_THEME:
      render_theme (&r, node->data);
      break;
    case KF_NODE_SECTION:
      render_section (&r, node->data);
      break;
    case KF_NODE_GLOSSARY:
      render_glossary (&r);
      break;
    case KF_NODE_ABOUT:
      render_about (&r);
      break;
    case KF_NODE_FIGURES:
      kf_insight_figures_page (r.out, doc, options);
      break;
    case KF_NODE_TIMELINE:
      kf_insight_timeline (r.out, doc, options);
      break;
    case KF_NODE_MAP:
      kf_insight_theme_map (r.out, doc, options);
      break;
    default:
      g_assert_not_reached ();
    }

  return g_string_free (r.out, FALSE);
}

/**
 * kf_render_node_title:
 *
 * Returns: (transfer full): the plain-text title of @node in the reading language
 */
char *
kf_render_node_title (KfDocument            *doc,
                      const KfNode          *node,
                      const KfRenderOptions *options)
{
  KfCatalog *labels = options ? options->labels : NULL;
  const KfTheme *theme;
  const KfSection *section;
  g_autofree char *context = NULL;

  g_return_val_if_fail (KF_IS_DOCUMENT (doc), NULL);
  g_return_val_if_fail (node != NULL, NULL);

  switch (node->kind)
    {
    case KF_NODE_DOCUMENT:
      return g_strdup (kf_render_text (doc, options, "metadata/title",
                                       kf_document_get_metadata (doc)->title));
    case KF_NODE_THEME:
      theme = node->data;
      context = g_strdup_printf ("themes/%s/title", theme->id);
      return g_strdup (kf_render_text (doc, options, context, theme->title));
    case KF_NODE_SECTION:
      section = node->data;
      context = g_strdup_printf ("sections/%s/title", section->id);
      return g_strdup (kf_render_text (doc, options, context, section->title));
    case KF_NODE_GLOSSARY:
      return g_strdup (kf_catalog_gettext (labels, N_("Glossary")));
    case KF_NODE_ABOUT:
      return g_strdup (kf_catalog_gettext (labels, N_("About this document")));
    case KF_NODE_FIGURES:
      return g_strdup (kf_catalog_gettext (labels, N_("Key figures")));
    case KF_NODE_TIMELINE:
      return g_strdup (kf_catalog_gettext (labels, N_("Timeline")));
    case KF_NODE_MAP:
      return g_strdup (kf_catalog_gettext (labels, N_("Theme map")));
    default:
      g_assert_not_reached ();
    }
}

static void
outline_line (GString               *out,
              KfDocument            *doc,
              const KfNode          *node,
              const KfRenderOptions *options)
{
  g_autofree char *title = kf_render_node_title (doc, node, options);

  for (guint i = 0; i < node->depth; i++)
    g_string_append (out, "  ");
  g_string_append_printf (out, "%s\t%s\n", node->id, title);
  for (guint i = 0; i < node->n_children; i++)
    outline_line (out, doc, node->children[i], options);
}

/**
 * kf_render_outline_text:
 *
 * The outline as text: one "ID<TAB>TITLE" line per node, indented two spaces per depth.
 *
 * Returns: (transfer full): the text
 */
char *
kf_render_outline_text (KfDocument            *doc,
                        const KfRenderOptions *options)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (KF_IS_DOCUMENT (doc), NULL);

  outline_line (out, doc, kf_document_get_root (doc), options);
  return g_string_free (out, FALSE);
}
