/* kf-insight.h — insight views: key figures as charts, the timeline, the theme map
 *
 * Each function appends one HTML fragment to @out: an <article> (or, for the bar chart, a
 * <div class="chart">) with inline SVG drawn by the core. Every document text is escaped, the
 * markup is well-formed XML, colours come from the page's CSS variables and classes (see
 * src/web/insight.css), labels come from the reader's catalog and the layout is mirrored when
 * the reading language is written right to left.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kf-document.h"
#include "kf-renderer.h"

G_BEGIN_DECLS

void kf_insight_figures_page (GString               *out,
                              KfDocument            *doc,
                              const KfRenderOptions *options);
void kf_insight_bar_chart    (GString               *out,
                              KfDocument            *doc,
                              const KfRenderOptions *options,
                              const KfFigure * const *figures,
                              guint                  n_figures);
void kf_insight_timeline     (GString               *out,
                              KfDocument            *doc,
                              const KfRenderOptions *options);
void kf_insight_theme_map    (GString               *out,
                              KfDocument            *doc,
                              const KfRenderOptions *options);

G_END_DECLS
