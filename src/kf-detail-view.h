/* kf-detail-view.h — the WebKit page that shows one node
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <webkit/webkit.h>

G_BEGIN_DECLS

#define KF_TYPE_DETAIL_VIEW (kf_detail_view_get_type ())
G_DECLARE_FINAL_TYPE (KfDetailView, kf_detail_view, KF, DETAIL_VIEW, AdwBin)

typedef struct
{
  const char *node;     /* node id, reported back in page-shown */
  const char *html;     /* rendered fragment */
  const char *lang;
  gboolean    rtl;
  const char *title;
  const char *anchor;   /* element id to scroll to, or NULL */
  double      scroll;   /* scroll position when there is no anchor */
  gboolean    bilingual;
} KfPage;

typedef struct
{
  gboolean sepia;
  gboolean high_contrast;
  gboolean sans;
  double   font_scale;  /* 1.0 = 18px */
  int      line_width;  /* in ch */
} KfPageStyle;

void           kf_detail_view_show_page      (KfDetailView  *self,
                                              const KfPage  *page);
const char    *kf_detail_view_get_node       (KfDetailView  *self);
gboolean       kf_detail_view_get_dark       (KfDetailView  *self);
void           kf_detail_view_set_dark       (KfDetailView  *self,
                                              gboolean       dark);
void           kf_detail_view_highlight      (KfDetailView  *self,
                                              const char    *text);
WebKitWebView *kf_detail_view_get_web_view   (KfDetailView  *self);
void           kf_detail_view_set_page_style (KfDetailView      *self,
                                              const KfPageStyle *style);
void           kf_detail_view_set_citation   (KfDetailView  *self,
                                              const char    *citation);
double         kf_detail_view_get_scroll     (KfDetailView  *self);
void           kf_detail_view_start_find     (KfDetailView  *self);
void           kf_detail_view_stop_find      (KfDetailView  *self);
void           kf_detail_view_find           (KfDetailView  *self,
                                              const char    *text);
const char    *kf_detail_view_get_find_status (KfDetailView *self);
gboolean       kf_detail_view_get_selection  (KfDetailView  *self,
                                              const char   **block,
                                              guint         *start,
                                              guint         *end,
                                              const char   **text);
void           kf_detail_view_apply_notes    (KfDetailView  *self,
                                              const char    *notes_json);
char          *kf_detail_view_dup_style_sheet (void);
void           kf_detail_view_scroll_to_block (KfDetailView *self,
                                               const char   *block);

G_END_DECLS
