/* kf-insight.c — insight views: key figures as charts, the timeline, the theme map
 *
 * The drawings are inline SVG written here, with no library, no network and no script. As in
 * kf-renderer.c, every string that comes from a document or a catalog goes through
 * kf_html_append_escaped(), in text and in attributes alike; the only unescaped values in
 * attributes are ids and accents, which the loader validated ([a-z0-9_-] and #rrggbb), and
 * numbers we format ourselves. The markup is well-formed XML so that tests can parse it.
 *
 * Colours: the SVG carries classes only (and a theme's validated accent as a presentation
 * attribute or data-accent); src/web/insight.css colours them through the page's variables,
 * so the light, dark and sepia styles apply. Coordinates are in viewBox units; the SVG scales
 * to the width of the page, and font sizes are chosen so that text stays at least 11 px when
 * the page is 360 px wide. In a right-to-left reading language the drawings are mirrored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-insight"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "kf-insight.h"

#define SVG_NS     "http://www.w3.org/2000/svg"
#define VIEW_W     480.0   /* every drawing is this wide in viewBox units */
#define PAD        8.0
#define FONT       17.0    /* 11.6 px with the drawing 328 px wide (a 360 px page less margins) */
#define LINE       21.0    /* line height of wrapped labels */
#define GAP        6.0

typedef struct
{
  GString               *out;
  KfDocument            *doc;
  const KfRenderOptions *options;
  KfCatalog             *labels;
  const char            *lang;
  gboolean               rtl;
} Insight;

static void
insight_init (Insight               *in,
              GString               *out,
              KfDocument            *doc,
              const KfRenderOptions *options)
{
  in->out = out;
  in->doc = doc;
  in->options = options;
  in->labels = options ? options->labels : NULL;
  in->lang = kf_render_language (doc, options);
  in->rtl = kf_language_is_rtl (in->lang);
}

static void
esc (Insight    *in,
     const char *text)
{
  kf_html_append_escaped (in->out, text, -1);
}

static const char *
label (Insight    *in,
       const char *msgid)
{
  return kf_catalog_gettext (in->labels, msgid);
}

/* A document text in the reading language. */
G_GNUC_PRINTF (3, 4)
static const char *
tr (Insight    *in,
    const char *text,
    const char *context_format,
    ...)
{
  g_autofree char *context = NULL;
  va_list args;

  if (text == NULL || in->options == NULL || in->options->content == NULL)
    return text;

  va_start (args, context_format);
  context = g_strdup_vprintf (context_format, args);
  va_end (args);

  return kf_render_text (in->doc, in->options, context, text);
}

/* Fills the holes of a (translated) label without printf, so that a translation cannot
 * inject conversions: "%s" takes the next value, "%N$s" the Nth, "%%" is a per cent sign,
 * anything else is kept as it is. With @escape_format the label's own text is escaped and the
 * values are copied as they are (they must be escaped HTML); otherwise everything is plain. */
static void
fill_label (GString            *dst,
            const char         *format,
            const char * const *values,
            guint               n_values,
            gboolean            escape_format)
{
  const char *run = format;
  guint next = 0;

  for (const char *p = format; *p; p++)
    {
      const char *value = NULL;
      const char *end = NULL;

      if (p[0] != '%')
        continue;
      if (p[1] == 's')
        {
          value = next < n_values ? values[next] : "";
          next++;
          end = p + 2;
        }
      else if (g_ascii_isdigit (p[1]) && p[2] == '$' && p[3] == 's')
        {
          guint n = p[1] - '0';

          value = n >= 1 && n <= n_values ? values[n - 1] : "";
          end = p + 4;
        }
      else if (p[1] == '%')
        {
          value = "%";
          end = p + 2;
        }
      else
        continue;

      if (escape_format)
        kf_html_append_escaped (dst, run, p - run);
      else
        g_string_append_len (dst, run, p - run);
      g_string_append (dst, value);
      run = end;
      p = end - 1;
    }

  if (escape_format)
    kf_html_append_escaped (dst, run, -1);
  else
    g_string_append (dst, run);
}

/* A label with holes, filled with plain text, and appended escaped. */
static void
append_label (Insight            *in,
              const char         *msgid,
              const char * const *values,
              guint               n_values)
{
  g_autoptr(GString) text = g_string_new (NULL);

  fill_label (text, label (in, msgid), values, n_values, FALSE);
  esc (in, text->str);
}

/* A coordinate: two decimals, always with a dot, whatever the process locale. */
static void
num (GString *out,
     double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    value = 0;
  g_ascii_formatd (buf, sizeof buf, "%.2f", value);
  g_string_append (out, buf);
}

static void
attr_num (Insight    *in,
          const char *name,
          double      value)
{
  g_string_append_printf (in->out, " %s=\"", name);
  num (in->out, value);
  g_string_append_c (in->out, '"');
}

static void
format_number (double   value,
               GString *out)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%.12g", value);
  g_string_append (out, buf);
}

/* x measured from the start edge: from the left, or from the right when mirrored */
static double
mirror_x (Insight *in,
          double   x)
{
  return in->rtl ? VIEW_W - x : x;
}

/* text-anchor for text that extends from its x toward the end edge (the right in LTR): the
 * <svg> carries direction="rtl" when mirrored, where "start" is the right end of the text */
#define ANCHOR_FORWARD "start"

/* text-anchor for text that extends toward the left or the right of its x on the page */
static const char *
anchor_absolute (Insight  *in,
                 gboolean  extend_right)
{
  return extend_right != in->rtl ? "start" : "end";
}

static void
open_svg (Insight    *in,
          const char *klass,
          double      height,
          const char *extra_attributes)
{
  g_string_append_printf (in->out, "<svg xmlns=\"" SVG_NS "\" class=\"kf-chart %s\" viewBox=\"0 0 ",
                          klass);
  num (in->out, VIEW_W);
  g_string_append_c (in->out, ' ');
  num (in->out, height);
  g_string_append_printf (in->out, "\" direction=\"%s\" font-size=\"", in->rtl ? "rtl" : "ltr");
  num (in->out, FONT);
  g_string_append_printf (in->out, "\"%s%s>\n", extra_attributes ? " " : "",
                          extra_attributes ? extra_attributes : "");
}

static void
open_article (Insight    *in,
              const char *klass,
              const char *title_msgid)
{
  g_string_append_printf (in->out, "<article class=\"insight %s\" lang=\"", klass);
  esc (in, in->lang);
  g_string_append_printf (in->out, "\" dir=\"%s\">\n<header>\n<h1>", in->rtl ? "rtl" : "ltr");
  esc (in, label (in, title_msgid));
  g_string_append (in->out, "</h1>\n</header>\n");
}

static void
empty_state (Insight    *in,
             const char *msgid)
{
  g_string_append (in->out, "<p class=\"empty\">");
  esc (in, label (in, msgid));
  g_string_append (in->out, "</p>\n");
}

static void
accent_attribute (Insight       *in,
                  const KfTheme *theme)
{
  if (theme && theme->accent)
    {
      g_string_append (in->out, " data-accent=\"");
      esc (in, theme->accent);
      g_string_append_c (in->out, '"');
    }
}

/* "N. Title" of a theme, plain text in the reading language */
static char *
theme_name (Insight       *in,
            const KfTheme *theme)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ". %s", theme->number,
                          tr (in, theme->title, "themes/%s/title", theme->id));
}

/* ------------------------------------------------------------------------------------------ */
/* Text measure and wrapping (estimates: the core has no font metrics)                         */

static double
char_em (gunichar c)
{
  if (g_unichar_iswide (c))
    return 1.0;
  if (c == ' ' || c == '.' || c == ',' || c == 'i' || c == 'l' || c == 'j' || c == '\'')
    return 0.32;
  if (g_unichar_isupper (c) || c == 'm' || c == 'w' || c == 'M' || c == 'W')
    return 0.72;
  return 0.58;
}

static double
text_em (const char *text)
{
  double w = 0;

  for (const char *p = text; p && *p; p = g_utf8_next_char (p))
    w += char_em (g_utf8_get_char (p));
  return w;
}


static void
push_line (GPtrArray  *lines,
           const char *start,
           const char *end,
           gboolean    ellipsis)
{
  GString *line;

  while (end > start && end[-1] == ' ')
    end--;
  line = g_string_new_len (start, end - start);
  if (ellipsis)
    g_string_append (line, "…");
  g_ptr_array_add (lines, g_string_free (line, FALSE));
}

/* Splits @text into at most @max_lines lines of at most @max_em em each, breaking at spaces
 * or between wide (CJK) characters; when the text does not fit, the last line ends in "…".
 *
 * Returns: (transfer full): the lines, plain text */
static GPtrArray *
wrap_text (const char *text,
           double      max_em,
           guint       max_lines)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *copy = g_strdelimit (g_strdup (text ? text : ""), "\n\r\t", ' ');
  const char *p = copy;

  max_em = MAX (max_em, 2.0);
  while (lines->len < max_lines)
    {
      const char *q, *brk = NULL, *resume = NULL, *last = NULL;
      double w = 0;

      while (*p == ' ')
        p++;
      if (*p == '\0')
        break;

      for (q = p; *q != '\0'; q = g_utf8_next_char (q))
        {
          gunichar c = g_utf8_get_char (q);
          double cw = char_em (c);

          if (w + cw > max_em && q > p)
            break;
          if (c == ' ')
            {
              brk = q;
              resume = q + 1;
            }
          else if (cw >= 1.0)
            {
              brk = g_utf8_next_char (q);
              resume = brk;
            }
          last = q;
          w += cw;
        }

      if (*q == '\0')
        {
          push_line (lines, p, q, FALSE);
          break;
        }
      if (lines->len + 1 == max_lines)
        {
          /* the last line: cut at a break, or before the last character, and mark the cut */
          push_line (lines, p, brk && brk > p ? brk : last, TRUE);
          break;
        }
      if (brk && brk > p)
        {
          push_line (lines, p, brk, FALSE);
          p = resume;
        }
      else
        {
          push_line (lines, p, q, FALSE);
          p = q;
        }
    }

  return lines;
}

static void
svg_text (Insight    *in,
          const char *klass,
          double      x,
          double      y,
          const char *anchor,
          const char *text)
{
  g_string_append_printf (in->out, "<text class=\"%s\"", klass);
  attr_num (in, "x", x);
  attr_num (in, "y", y);
  g_string_append_printf (in->out, " text-anchor=\"%s\">", anchor);
  esc (in, text);
  g_string_append (in->out, "</text>\n");
}

/* ------------------------------------------------------------------------------------------ */
/* Key figures                                                                                 */

/* The value as plain text in the reading language: "over 2.7 trillion yuan". */
static char *
figure_value_text (Insight        *in,
                   const KfFigure *figure)
{
  g_autoptr(GString) number = g_string_new (NULL);
  GString *text = g_string_new (NULL);
  const char *values[1];

  format_number (figure->value, number);
  values[0] = number->str;
  switch (figure->qualifier)
    {
    case KF_QUALIFIER_OVER:
      fill_label (text, label (in, N_("over %s")), values, 1, FALSE);
      break;
    case KF_QUALIFIER_ABOUT:
      fill_label (text, label (in, N_("about %s")), values, 1, FALSE);
      break;
    case KF_QUALIFIER_EXACT:
    default:
      g_string_append (text, number->str);
      break;
    }
  g_string_append_c (text, ' ');
  g_string_append (text, tr (in, figure->unit, "figures/%s/unit", figure->id));

  return g_string_free (text, FALSE);
}

/* The same card as the theme pages' (kf-renderer.c). */
static void
figure_card (Insight        *in,
             const KfFigure *figure)
{
  g_autoptr(GString) number = g_string_new (NULL);
  g_autoptr(GString) value = g_string_new (NULL);
  const char *values[1];

  format_number (figure->value, number);
  g_string_append (value, "<data value=\"");
  g_string_append (value, number->str);
  g_string_append (value, "\">");
  g_string_append (value, number->str);
  g_string_append (value, "</data>");
  values[0] = value->str;

  g_string_append (in->out, "<figure class=\"figure-card\" id=\"");
  esc (in, figure->id);
  g_string_append (in->out, "\">\n<p class=\"figure-value\">");
  switch (figure->qualifier)
    {
    case KF_QUALIFIER_OVER:
      fill_label (in->out, label (in, N_("over %s")), values, 1, TRUE);
      break;
    case KF_QUALIFIER_ABOUT:
      fill_label (in->out, label (in, N_("about %s")), values, 1, TRUE);
      break;
    case KF_QUALIFIER_EXACT:
    default:
      g_string_append (in->out, value->str);
      break;
    }
  g_string_append (in->out, " <span class=\"figure-unit\">");
  esc (in, tr (in, figure->unit, "figures/%s/unit", figure->id));
  g_string_append (in->out, "</span></p>\n<figcaption class=\"figure-label\">");
  esc (in, tr (in, figure->label, "figures/%s/label", figure->id));
  g_string_append (in->out, "</figcaption>\n");
  if (figure->year > 0 || figure->source)
    {
      g_string_append (in->out, "<p class=\"figure-meta\">");
      if (figure->year > 0)
        g_string_append_printf (in->out, "<span class=\"figure-year\">%" G_GINT64_FORMAT "</span>",
                                figure->year);
      if (figure->year > 0 && figure->source)
        g_string_append (in->out, " · ");
      if (figure->source)
        {
          g_autoptr(GString) source = g_string_new (NULL);
          const char *source_values[1];

          kf_html_append_escaped (source,
                                  tr (in, figure->source, "figures/%s/source", figure->id), -1);
          source_values[0] = source->str;
          g_string_append (in->out, "<span class=\"figure-source\">");
          fill_label (in->out, label (in, N_("Source: %s")), source_values, 1, TRUE);
          g_string_append (in->out, "</span>");
        }
      g_string_append (in->out, "</p>\n");
    }
  g_string_append (in->out, "</figure>\n");
}

#define BAR_H     16.0
#define ROW_GAP   14.0

/**
 * kf_insight_bar_chart:
 * @figures: (array length=n_figures): figures, normally of one unit
 * @n_figures: how many; with fewer than two nothing is appended
 *
 * Appends <div class="chart bar-chart">: an SVG (role="img", titled) of horizontal bars whose
 * lengths are proportional to the values (negative values draw no bar), each labelled with
 * the figure's label and its value and unit, and linked to the figure's theme; then a visually
 * hidden table with the same numbers, as the text alternative.
 */
void
kf_insight_bar_chart (GString                *out,
                      KfDocument             *doc,
                      const KfRenderOptions  *options,
                      const KfFigure * const *figures,
                      guint                   n_figures)
{
  Insight in_ = { 0 }, *in = &in_;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GPtrArray) wrapped = NULL;
  g_autoptr(GString) title = g_string_new (NULL);
  g_autoptr(GString) extra = g_string_new (NULL);
  g_autofree char *title_id = NULL;
  const double inner = VIEW_W - 2 * PAD;
  double max = 0, value_em = 0, bar_w, height, y;
  const char *unit_values[1];
  gboolean value_below;

  g_return_if_fail (out != NULL);
  g_return_if_fail (KF_IS_DOCUMENT (doc));
  g_return_if_fail (figures != NULL || n_figures == 0);

  if (n_figures < 2)
    return;

  insight_init (in, out, doc, options);

  values = g_ptr_array_new_with_free_func (g_free);
  wrapped = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < n_figures; i++)
    {
      const KfFigure *figure = figures[i];

      max = MAX (max, figure->value);
      g_ptr_array_add (values, figure_value_text (in, figure));
      value_em = MAX (value_em, text_em (values->pdata[i]));
      g_ptr_array_add (wrapped, wrap_text (tr (in, figure->label, "figures/%s/label", figure->id),
                                           inner / FONT, 2));
    }

  /* the value follows its bar, unless it is so long that the bars would be too short */
  value_below = value_em * FONT > inner * 0.45;
  bar_w = value_below ? inner : inner - GAP - value_em * FONT;

  height = PAD;
  for (guint i = 0; i < n_figures; i++)
    height += ((GPtrArray *) wrapped->pdata[i])->len * LINE + (value_below ? LINE : 0) +
              4 + BAR_H + ROW_GAP;
  height += PAD - ROW_GAP;

  unit_values[0] = tr (in, figures[0]->unit, "figures/%s/unit", figures[0]->id);
  /* Translators: the title of a bar chart; %s is the figures' unit, such as "trillion yuan" */
  fill_label (title, label (in, N_("Figures in %s compared")), unit_values, 1, FALSE);
  title_id = g_strdup_printf ("kf-chart-%s-title", figures[0]->id);

  g_string_append (out, "<div class=\"chart bar-chart\">\n");
  g_string_append (extra, "role=\"img\" aria-labelledby=\"");
  kf_html_append_escaped (extra, title_id, -1);
  g_string_append_c (extra, '"');
  open_svg (in, "bars", height, extra->str);
  g_string_append (out, "<title id=\"");
  esc (in, title_id);
  g_string_append (out, "\">");
  esc (in, title->str);
  g_string_append (out, "</title>\n");

  y = PAD;
  for (guint i = 0; i < n_figures; i++)
    {
      const KfFigure *figure = figures[i];
      GPtrArray *lines = wrapped->pdata[i];
      const char *value = values->pdata[i];
      double width = max > 0 && figure->value > 0 ? figure->value / max * bar_w : 0;

      /* the whole row links to the figure's theme; the table below is the accessible way */
      g_string_append (out, "<a class=\"internal bar-link\" tabindex=\"-1\" href=\"#");
      esc (in, figure->theme->id);
      g_string_append_c (out, '"');
      accent_attribute (in, figure->theme);
      g_string_append (out, ">\n<title>");
      esc (in, tr (in, figure->label, "figures/%s/label", figure->id));
      g_string_append (out, ": ");
      esc (in, value);
      g_string_append (out, "</title>\n");

      for (guint l = 0; l < lines->len; l++)
        {
          svg_text (in, "bar-label", mirror_x (in, PAD), y + FONT, ANCHOR_FORWARD, lines->pdata[l]);
          y += LINE;
        }
      if (value_below)
        {
          svg_text (in, "bar-value", mirror_x (in, PAD), y + FONT, ANCHOR_FORWARD, value);
          y += LINE;
        }
      y += 4;

      g_string_append (out, "<rect class=\"bar-track\"");
      attr_num (in, "x", in->rtl ? VIEW_W - PAD - bar_w : PAD);
      attr_num (in, "y", y);
      attr_num (in, "width", bar_w);
      attr_num (in, "height", BAR_H);
      g_string_append (out, " rx=\"3\"/>\n<rect class=\"bar\" data-figure=\"");
      esc (in, figure->id);
      g_string_append_c (out, '"');
      attr_num (in, "x", in->rtl ? VIEW_W - PAD - width : PAD);
      attr_num (in, "y", y);
      attr_num (in, "width", width);
      attr_num (in, "height", BAR_H);
      g_string_append (out, " rx=\"3\"");
      if (figure->theme->accent)
        {
          g_string_append (out, " fill=\"");
          esc (in, figure->theme->accent);
          g_string_append_c (out, '"');
        }
      g_string_append (out, "/>\n");
      if (!value_below)
        svg_text (in, "bar-value", mirror_x (in, PAD + width + GAP), y + BAR_H / 2 + FONT * 0.35,
                  ANCHOR_FORWARD, value);
      y += BAR_H + ROW_GAP;
      g_string_append (out, "</a>\n");
    }
  g_string_append (out, "</svg>\n");

  /* the text alternative; the wrapper keeps the table's width out of the page's layout, which
   * a table's own width and overflow cannot */
  g_string_append (out, "<div class=\"kf-sr-only\">\n<table class=\"kf-sr-only\">\n<caption>");
  esc (in, title->str);
  g_string_append (out, "</caption>\n<thead><tr><th scope=\"col\">");
  esc (in, label (in, N_("Figure")));
  g_string_append (out, "</th><th scope=\"col\">");
  esc (in, label (in, N_("Value")));
  g_string_append (out, "</th><th scope=\"col\">");
  esc (in, label (in, N_("Year")));
  g_string_append (out, "</th></tr></thead>\n<tbody>\n");
  for (guint i = 0; i < n_figures; i++)
    {
      const KfFigure *figure = figures[i];

      g_string_append (out, "<tr><th scope=\"row\">");
      esc (in, tr (in, figure->label, "figures/%s/label", figure->id));
      g_string_append (out, "</th><td>");
      esc (in, values->pdata[i]);
      g_string_append (out, "</td><td>");
      if (figure->year > 0)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, figure->year);
      g_string_append (out, "</td></tr>\n");
    }
  g_string_append (out, "</tbody>\n</table>\n</div>\n</div>\n");
}

/**
 * kf_insight_figures_page:
 *
 * Appends <article class="insight figures">: every key figure as a card, grouped by theme,
 * then a bar chart for every unit shared by two or more figures.
 */
void
kf_insight_figures_page (GString               *out,
                         KfDocument            *doc,
                         const KfRenderOptions *options)
{
  Insight in_ = { 0 }, *in = &in_;
  g_autofree gboolean *grouped = NULL;
  g_autoptr(GPtrArray) group = NULL;
  gboolean any_chart = FALSE;
  guint n;

  g_return_if_fail (out != NULL);
  g_return_if_fail (KF_IS_DOCUMENT (doc));

  insight_init (in, out, doc, options);
  n = kf_document_get_n_figures (doc);

  open_article (in, "figures", N_("Key figures"));
  if (n == 0)
    {
      empty_state (in, N_("This document has no key figures."));
      g_string_append (out, "</article>\n");
      return;
    }

  for (guint t = 0; t < kf_document_get_n_themes (doc); t++)
    {
      const KfTheme *theme = kf_document_get_theme (doc, t);
      g_autofree char *name = NULL;

      if (theme->n_figures == 0)
        continue;

      name = theme_name (in, theme);
      g_string_append (out, "<section class=\"figure-theme\" aria-labelledby=\"kf-figures-");
      esc (in, theme->id);
      g_string_append_c (out, '"');
      accent_attribute (in, theme);
      g_string_append (out, ">\n<h2 id=\"kf-figures-");
      esc (in, theme->id);
      g_string_append (out, "\"><a class=\"internal\" href=\"#");
      esc (in, theme->id);
      g_string_append (out, "\">");
      esc (in, name);
      g_string_append (out, "</a></h2>\n<div class=\"figure-grid\">\n");
      for (guint i = 0; i < theme->n_figures; i++)
        figure_card (in, theme->figures[i]);
      g_string_append (out, "</div>\n</section>\n");
    }

  /* one chart per unit that two or more figures share, in the order of first appearance */
  grouped = g_new0 (gboolean, n);
  group = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    {
      const KfFigure *figure = kf_document_get_figure (doc, i);

      if (grouped[i])
        continue;

      g_ptr_array_set_size (group, 0);
      g_ptr_array_add (group, (gpointer) figure);
      for (guint j = i + 1; j < n; j++)
        {
          const KfFigure *other = kf_document_get_figure (doc, j);

          if (!grouped[j] && strcmp (other->unit, figure->unit) == 0)
            {
              g_ptr_array_add (group, (gpointer) other);
              grouped[j] = TRUE;
            }
        }
      if (group->len < 2)
        continue;

      if (!any_chart)
        {
          g_string_append (out, "<section class=\"comparisons\" "
                                "aria-labelledby=\"kf-comparisons-heading\">\n"
                                "<h2 id=\"kf-comparisons-heading\">");
          esc (in, label (in, N_("Comparisons")));
          g_string_append (out, "</h2>\n");
          any_chart = TRUE;
        }
      kf_insight_bar_chart (out, doc, options, (const KfFigure * const *) group->pdata, group->len);
    }
  if (any_chart)
    g_string_append (out, "</section>\n");

  g_string_append (out, "</article>\n");
}

/* ------------------------------------------------------------------------------------------ */
/* Timeline                                                                                    */

#define AXIS_INSET 24.0   /* room for half a year label at either end */
#define DOT_R      6.0
#define DOT_STEP   14.0   /* a dot that would overlap the previous one goes up a row… */
#define DOT_ROWS   4      /* …up to this many rows */

/* where an event sits, in years: the start of its day, month or year */
static double
event_position (const KfEvent *event)
{
  double pos = event->year;

  if (event->month > 0)
    pos += (event->month - 1) / 12.0;
  if (event->day > 0)
    pos += (event->day - 1) / 366.0;
  return pos;
}

static void
timeline_axis (Insight *in)
{
  guint n = kf_document_get_n_events (in->doc);
  const KfEvent *first_event = kf_document_get_event (in->doc, 0);
  const KfEvent *last_event = kf_document_get_event (in->doc, n - 1);
  int first = first_event->year, last = last_event->year + 1;
  double x0 = PAD + AXIS_INSET, x1 = VIEW_W - PAD - AXIS_INSET;
  double per_year = (x1 - x0) / (last - first);
  g_autofree double *xs = g_new (double, n);
  g_autofree guint *rows = g_new0 (guint, n);
  double row_end[DOT_ROWS] = { 0 };
  guint n_rows = 1, step = 1;
  double axis_y, height;

  /* events are in date order, so each dot only has to clear the last one of its row */
  for (guint i = 0; i < n; i++)
    {
      const KfEvent *event = kf_document_get_event (in->doc, i);
      double x = x0 + (event_position (event) - first) * per_year;
      guint r = 0;

      while (r < n_rows && x - row_end[r] < DOT_STEP && i > 0)
        r++;
      if (r == n_rows && n_rows < DOT_ROWS)
        n_rows++;
      else if (r == n_rows)
        r = n_rows - 1;
      row_end[r] = x;
      rows[i] = r;
      xs[i] = x;
    }

  /* a year label every @step years (1, 2, 5, 10, 20, 50, …), at least 52 units apart: a year
   * is about 40 wide */
  for (guint k = 1, power = 1; step * per_year < 52; k++)
    {
      static const guint mantissa[] = { 1, 2, 5 };

      step = mantissa[k % 3] * power;
      if (k % 3 == 2)
        power *= 10;
    }

  axis_y = PAD + DOT_R + (n_rows - 1) * DOT_STEP + 2;
  height = axis_y + DOT_R + 4 + FONT + PAD;

  open_svg (in, "timeline-axis", height, "aria-hidden=\"true\" focusable=\"false\"");
  g_string_append (in->out, "<line class=\"axis\"");
  attr_num (in, "x1", mirror_x (in, PAD));
  attr_num (in, "y1", axis_y);
  attr_num (in, "x2", mirror_x (in, VIEW_W - PAD));
  attr_num (in, "y2", axis_y);
  g_string_append (in->out, "/>\n");

  /* a tick every year when there is room, else only at the labels */
  for (int year = per_year >= 6 ? first : (first + (int) step - 1) / (int) step * (int) step;
       year <= last;
       year += per_year >= 6 ? 1 : (int) step)
    {
      double x = mirror_x (in, x0 + (year - first) * per_year);
      gboolean labelled = year % (int) step == 0;

      g_string_append_printf (in->out, "<line class=\"tick%s\"", labelled ? " major" : "");
      attr_num (in, "x1", x);
      attr_num (in, "y1", axis_y - (labelled ? 5 : 3));
      attr_num (in, "x2", x);
      attr_num (in, "y2", axis_y + (labelled ? 5 : 3));
      g_string_append (in->out, "/>\n");
      if (labelled)
        {
          g_autofree char *text = g_strdup_printf ("%d", year);

          svg_text (in, "year", x, axis_y + DOT_R + 4 + FONT * 0.8, "middle", text);
        }
    }

  for (guint i = 0; i < n; i++)
    {
      const KfEvent *event = kf_document_get_event (in->doc, i);

      g_string_append (in->out, "<circle class=\"event-dot\" data-event=\"");
      esc (in, event->id);
      g_string_append_c (in->out, '"');
      attr_num (in, "cx", mirror_x (in, xs[i]));
      attr_num (in, "cy", axis_y - rows[i] * DOT_STEP);
      attr_num (in, "r", DOT_R);
      if (event->theme && event->theme->accent)
        {
          g_string_append (in->out, " fill=\"");
          esc (in, event->theme->accent);
          g_string_append_c (in->out, '"');
        }
      g_string_append (in->out, "><title>");
      esc (in, event->date);
      g_string_append (in->out, " · ");
      esc (in, tr (in, event->title, "events/%s/title", event->id));
      g_string_append (in->out, "</title></circle>\n");
    }
  g_string_append (in->out, "</svg>\n");
}

/**
 * kf_insight_timeline:
 *
 * Appends <article class="insight timeline">: a drawing of the years with a dot per event
 * (hidden from assistive technologies: the list says it all), then the events in date order,
 * each with its date, title, description and a link to its theme.
 */
void
kf_insight_timeline (GString               *out,
                     KfDocument            *doc,
                     const KfRenderOptions *options)
{
  Insight in_ = { 0 }, *in = &in_;
  guint n;

  g_return_if_fail (out != NULL);
  g_return_if_fail (KF_IS_DOCUMENT (doc));

  insight_init (in, out, doc, options);
  n = kf_document_get_n_events (doc);

  open_article (in, "timeline", N_("Timeline"));
  if (n == 0)
    {
      empty_state (in, N_("This document has no dated events."));
      g_string_append (out, "</article>\n");
      return;
    }

  timeline_axis (in);

  g_string_append (out, "<ol class=\"timeline\">\n");
  for (guint i = 0; i < n; i++)
    {
      const KfEvent *event = kf_document_get_event (doc, i);

      g_string_append (out, "<li class=\"timeline-event\" id=\"");
      esc (in, event->id);
      g_string_append_c (out, '"');
      accent_attribute (in, event->theme);
      g_string_append (out, ">\n<time datetime=\"");
      esc (in, event->date);
      g_string_append (out, "\">");
      esc (in, event->date);
      g_string_append (out, "</time>\n<h2 class=\"event-title\" data-block=\"events/");
      esc (in, event->id);
      g_string_append (out, "/title\">");
      esc (in, tr (in, event->title, "events/%s/title", event->id));
      g_string_append (out, "</h2>\n");
      if (event->description)
        {
          g_string_append (out, "<p class=\"event-description\" data-block=\"events/");
          esc (in, event->id);
          g_string_append (out, "/description\">");
          esc (in, tr (in, event->description, "events/%s/description", event->id));
          g_string_append (out, "</p>\n");
        }
      if (event->theme)
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, event->theme->number);
          const char *values[] = { number };

          g_string_append (out, "<p class=\"event-theme\"><a class=\"internal\" href=\"#");
          esc (in, event->theme->id);
          g_string_append (out, "\">");
          append_label (in, N_("Theme %s"), values, 1);
          g_string_append (out, " · ");
          esc (in, tr (in, event->theme->title, "themes/%s/title", event->theme->id));
          g_string_append (out, "</a></p>\n");
        }
      g_string_append (out, "</li>\n");
    }
  g_string_append (out, "</ol>\n</article>\n");
}

/* ------------------------------------------------------------------------------------------ */
/* Theme map                                                                                   */

#define NODE_R     18.0
#define MAP_RX     90.0
#define MAP_RY     120.0
#define EDGE_SHIFT 3.0    /* a reference is drawn beside the centre line, so A→B and B→A show */

typedef struct
{
  double x, y;       /* centre, in the (mirrored) drawing */
  double across;     /* cos of the angle as seen on the page: > 0 on the right */
  double down;       /* sin of the angle: > 0 in the lower half */
} NodePos;

/* a reference, with an arrow at the theme referred to */
static void
line_between (Insight       *in,
              const char    *klass,
              const KfTheme *from,
              const KfTheme *to,
              double         x1,
              double         y1,
              double         x2,
              double         y2)
{
  g_string_append_printf (in->out, "<line class=\"%s\" data-from=\"", klass);
  esc (in, from->id);
  g_string_append (in->out, "\" data-to=\"");
  esc (in, to->id);
  g_string_append_c (in->out, '"');
  attr_num (in, "x1", x1);
  attr_num (in, "y1", y1);
  attr_num (in, "x2", x2);
  attr_num (in, "y2", y2);
  g_string_append (in->out, " marker-end=\"url(#kf-map-arrow)\"/>\n");
}

/* A dashed curve between two themes that share a key term, bowed away from the centre of the
 * map so that it does not hide the straight references between the same two themes. */
static void
curve_between (Insight       *in,
               const KfTheme *from,
               const KfTheme *to,
               const NodePos *a,
               const NodePos *b,
               double         cx,
               double         cy)
{
  double mx = (a->x + b->x) / 2, my = (a->y + b->y) / 2;
  double dx = b->x - a->x, dy = b->y - a->y;
  double len = hypot (dx, dy);
  double nx = -dy / len, ny = dx / len;
  double qx, qy, ax, ay, bx, by, la, lb;

  /* the normal that points away from the centre */
  if ((mx - cx) * nx + (my - cy) * ny < 0)
    {
      nx = -nx;
      ny = -ny;
    }
  qx = mx + nx * len * 0.22;
  qy = my + ny * len * 0.22;

  /* start and end on the circles, toward the control point */
  la = hypot (qx - a->x, qy - a->y);
  lb = hypot (qx - b->x, qy - b->y);
  ax = a->x + (qx - a->x) / la * NODE_R;
  ay = a->y + (qy - a->y) / la * NODE_R;
  bx = b->x + (qx - b->x) / lb * NODE_R;
  by = b->y + (qy - b->y) / lb * NODE_R;

  g_string_append (in->out, "<path class=\"edge shared\" data-from=\"");
  esc (in, from->id);
  g_string_append (in->out, "\" data-to=\"");
  esc (in, to->id);
  g_string_append (in->out, "\" d=\"M");
  num (in->out, ax);
  g_string_append_c (in->out, ',');
  num (in->out, ay);
  g_string_append (in->out, " Q");
  num (in->out, qx);
  g_string_append_c (in->out, ',');
  num (in->out, qy);
  g_string_append_c (in->out, ' ');
  num (in->out, bx);
  g_string_append_c (in->out, ',');
  num (in->out, by);
  g_string_append (in->out, "\"/>\n");
}

/* the terms that themes @a and @b both list, as "T1, T2", or NULL */
static char *
shared_terms (Insight       *in,
              const KfTheme *a,
              const KfTheme *b)
{
  GString *names = NULL;

  for (guint i = 0; i < a->n_terms; i++)
    {
      gboolean seen = FALSE;

      for (guint k = 0; k < i && !seen; k++)
        seen = a->terms[k] == a->terms[i];
      if (seen)
        continue;
      for (guint j = 0; j < b->n_terms; j++)
        if (a->terms[i] == b->terms[j])
          {
            const KfTerm *term = a->terms[i];

            if (names == NULL)
              names = g_string_new (NULL);
            else
              g_string_append (names, ", ");
            g_string_append (names, tr (in, term->term, "glossary/%s/term", term->id));
            break;
          }
    }

  return names ? g_string_free (names, FALSE) : NULL;
}

static void
map_node (Insight       *in,
          const KfTheme *theme,
          const NodePos *pos)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, theme->number);
  const char *values[] = { number };
  const char *name = theme->short_title
                     ? tr (in, theme->short_title, "themes/%s/short_title", theme->id)
                     : tr (in, theme->title, "themes/%s/title", theme->id);
  g_autoptr(GPtrArray) lines = NULL;
  gboolean beside = fabs (pos->across) >= 0.35;
  double room, x, y;
  const char *anchor;

  g_string_append (in->out, "<a class=\"internal map-node\" href=\"#");
  esc (in, theme->id);
  g_string_append_c (in->out, '"');
  accent_attribute (in, theme);
  g_string_append (in->out, ">\n<title>");
  append_label (in, N_("Theme %s"), values, 1);
  g_string_append (in->out, " · ");
  esc (in, tr (in, theme->title, "themes/%s/title", theme->id));
  g_string_append (in->out, "</title>\n<circle");
  attr_num (in, "cx", pos->x);
  attr_num (in, "cy", pos->y);
  attr_num (in, "r", NODE_R);
  if (theme->accent)
    {
      g_string_append (in->out, " stroke=\"");
      esc (in, theme->accent);
      g_string_append_c (in->out, '"');
    }
  g_string_append (in->out, "/>\n<text class=\"node-number\"");
  attr_num (in, "x", pos->x);
  attr_num (in, "y", pos->y + FONT * 0.35);
  g_string_append (in->out, " text-anchor=\"middle\">");
  esc (in, number);
  g_string_append (in->out, "</text>\n");

  /* the label: beside the node on the left and right, above or below it at the top and bottom */
  if (beside)
    {
      gboolean right = pos->across > 0;

      x = right ? pos->x + NODE_R + GAP : pos->x - NODE_R - GAP;
      room = right ? VIEW_W - PAD - x : x - PAD;
      anchor = anchor_absolute (in, right);
    }
  else
    {
      x = pos->x;
      room = MIN (2 * MIN (x - PAD, VIEW_W - PAD - x), 10 * FONT);
      anchor = "middle";
    }
  lines = wrap_text (name, room / FONT, 2);

  if (beside)
    y = pos->y - (lines->len - 1) * LINE / 2 + FONT * 0.35;
  else if (pos->down < 0)
    y = pos->y - NODE_R - GAP - (lines->len - 1) * LINE;
  else
    y = pos->y + NODE_R + GAP + FONT * 0.8;

  for (guint l = 0; l < lines->len; l++)
    svg_text (in, "node-label", x, y + l * LINE, anchor, lines->pdata[l]);

  g_string_append (in->out, "</a>\n");
}

/**
 * kf_insight_theme_map:
 *
 * Appends <article class="insight map">: the themes as numbered nodes on a circle, each a link
 * to its theme; a line with an arrow for every "related" reference (line.edge.related, drawn
 * a little to the side of the centre line so that A→B and B→A are two lines) and a dashed
 * line for every pair of themes that share a key term (line.edge.shared); then a legend and
 * a visually hidden list of the connections, as the text alternative.
 */
void
kf_insight_theme_map (GString               *out,
                      KfDocument            *doc,
                      const KfRenderOptions *options)
{
  Insight in_ = { 0 }, *in = &in_;
  g_autoptr(GHashTable) index = NULL;
  g_autoptr(GString) connections = g_string_new (NULL);
  g_autofree NodePos *pos = NULL;
  guint n, n_related = 0, n_shared = 0;
  double ry, margin, cy, height;

  g_return_if_fail (out != NULL);
  g_return_if_fail (KF_IS_DOCUMENT (doc));

  insight_init (in, out, doc, options);
  n = kf_document_get_n_themes (doc);

  open_article (in, "map", N_("Theme map"));
  if (n < 2)
    {
      empty_state (in,
                   N_("This document has only one theme, so there are no connections to show."));
      g_string_append (out, "</article>\n");
      return;
    }

  ry = MAP_RY + (n > 8 ? (n - 8) * 14.0 : 0);
  margin = NODE_R + GAP + 2 * LINE + GAP;
  cy = margin + ry;
  height = 2 * (margin + ry);

  index = g_hash_table_new (NULL, NULL);
  pos = g_new0 (NodePos, n);
  for (guint i = 0; i < n; i++)
    {
      double angle = -G_PI / 2 + 2 * G_PI * i / n;

      g_hash_table_insert (index, (gpointer) kf_document_get_theme (doc, i), GUINT_TO_POINTER (i));
      pos[i].x = mirror_x (in, VIEW_W / 2 + MAP_RX * cos (angle));
      pos[i].y = cy + ry * sin (angle);
      pos[i].across = in->rtl ? -cos (angle) : cos (angle);
      pos[i].down = sin (angle);
    }

  g_string_append (out, "<div class=\"chart map-chart\">\n");
  open_svg (in, "theme-map", height, "role=\"group\" aria-labelledby=\"kf-map-title\"");
  g_string_append (out, "<title id=\"kf-map-title\">");
  esc (in, label (in, N_("How the themes connect")));
  g_string_append (out, "</title>\n<defs><marker id=\"kf-map-arrow\" viewBox=\"0 0 10 10\" "
                        "refX=\"9\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" "
                        "orient=\"auto\"><path class=\"arrow\" d=\"M0,0 L10,5 L0,10 z\"/>"
                        "</marker></defs>\n<g class=\"edges\" aria-hidden=\"true\">\n");

  /* shared terms: one dashed line per pair, under the references */
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        const KfTheme *a = kf_document_get_theme (doc, i);
        const KfTheme *b = kf_document_get_theme (doc, j);
        g_autofree char *terms = shared_terms (in, a, b);
        g_autofree char *name_a = NULL, *name_b = NULL;
        double len = hypot (pos[j].x - pos[i].x, pos[j].y - pos[i].y);

        if (terms == NULL || len <= 2 * NODE_R)
          continue;
        curve_between (in, a, b, &pos[i], &pos[j], VIEW_W / 2, cy);
        n_shared++;

        name_a = theme_name (in, a);
        name_b = theme_name (in, b);
        {
          const char *values[] = { name_a, name_b, terms };
          g_autoptr(GString) text = g_string_new (NULL);

          /* Translators: in the theme map's text alternative; %1$s and %2$s are themes
           * ("1. Title"), %3$s a list of glossary terms */
          fill_label (text, label (in, N_("%1$s and %2$s share key terms: %3$s")),
                      values, 3, FALSE);
          g_string_append (connections, "<li>");
          kf_html_append_escaped (connections, text->str, -1);
          g_string_append (connections, "</li>\n");
        }
      }

  /* references: one line per reference, with an arrow at the theme referred to */
  for (guint i = 0; i < n; i++)
    {
      const KfTheme *a = kf_document_get_theme (doc, i);
      g_autofree char *name_a = theme_name (in, a);

      for (guint r = 0; r < a->n_related; r++)
        {
          const KfTheme *b = a->related[r];
          guint j = GPOINTER_TO_UINT (g_hash_table_lookup (index, b));
          g_autofree char *name_b = theme_name (in, b);
          const char *values[] = { name_a, name_b };
          g_autoptr(GString) text = g_string_new (NULL);
          double dx = pos[j].x - pos[i].x, dy = pos[j].y - pos[i].y;
          double len = hypot (dx, dy);

          if (j == i || len <= 2 * NODE_R + 8)
            {
              /* a theme related to itself: a short stroke outward from the node */
              double ox = pos[i].x - VIEW_W / 2, oy = pos[i].y - cy;
              double olen = MAX (hypot (ox, oy), 1);

              ox /= olen;
              oy /= olen;
              line_between (in, "edge related self", a, b,
                            pos[i].x + ox * (NODE_R + 14), pos[i].y + oy * (NODE_R + 14),
                            pos[i].x + ox * (NODE_R + 3), pos[i].y + oy * (NODE_R + 3));
            }
          else
            {
              double ux = dx / len, uy = dy / len;
              double sx = -uy * EDGE_SHIFT, sy = ux * EDGE_SHIFT;

              line_between (in, "edge related", a, b,
                            pos[i].x + ux * (NODE_R + 2) + sx, pos[i].y + uy * (NODE_R + 2) + sy,
                            pos[j].x - ux * (NODE_R + 3) + sx, pos[j].y - uy * (NODE_R + 3) + sy);
            }
          n_related++;

          /* Translators: in the theme map's text alternative; %1$s and %2$s are themes
           * ("1. Title") */
          fill_label (text, label (in, N_("%1$s lists %2$s as a related theme")), values, 2, FALSE);
          g_string_append (connections, "<li>");
          kf_html_append_escaped (connections, text->str, -1);
          g_string_append (connections, "</li>\n");
        }
    }
  g_string_append (out, "</g>\n<g class=\"nodes\">\n");

  for (guint i = 0; i < n; i++)
    map_node (in, kf_document_get_theme (doc, i), &pos[i]);
  g_string_append (out, "</g>\n</svg>\n");

  if (n_related + n_shared > 0)
    {
      g_string_append (out, "<ul class=\"map-legend\" aria-hidden=\"true\">\n");
      if (n_related > 0)
        {
          g_string_append (out, "<li><span class=\"legend-line related\"></span>");
          esc (in, label (in, N_("Related theme")));
          g_string_append (out, "</li>\n");
        }
      if (n_shared > 0)
        {
          g_string_append (out, "<li><span class=\"legend-line shared\"></span>");
          esc (in, label (in, N_("Shared key term")));
          g_string_append (out, "</li>\n");
        }
      g_string_append (out, "</ul>\n");
    }

  g_string_append (out, "<ul class=\"kf-sr-only\" aria-label=\"");
  esc (in, label (in, N_("Connections between themes")));
  g_string_append (out, "\">\n");
  if (n_related + n_shared == 0)
    {
      g_string_append (out, "<li>");
      esc (in, label (in, N_("No theme is connected to another.")));
      g_string_append (out, "</li>\n");
    }
  g_string_append (out, connections->str);
  g_string_append (out, "</ul>\n</div>\n</article>\n");
}
