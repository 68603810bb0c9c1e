/* kf-window.h — the main window: outline beside the detail view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kf-catalog.h"
#include "kf-detail-view.h"
#include "kf-document.h"

G_BEGIN_DECLS

#define KF_TYPE_WINDOW (kf_window_get_type ())
G_DECLARE_FINAL_TYPE (KfWindow, kf_window, KF, WINDOW, AdwApplicationWindow)

KfWindow     *kf_window_new             (GtkApplication *application,
                                         KfDocument     *document);
KfDocument   *kf_window_get_document    (KfWindow       *self);
void          kf_window_set_document    (KfWindow       *self,
                                         KfDocument     *document);
gboolean      kf_window_select_node     (KfWindow       *self,
                                         const char     *id,
                                         const char     *anchor);
const char   *kf_window_get_selected_id (KfWindow       *self);
KfDetailView *kf_window_get_detail_view (KfWindow       *self);
gboolean      kf_window_open_file       (KfWindow       *self,
                                         GFile          *file);
gboolean      kf_window_highlight_selection (KfWindow  *self,
                                             const char *color,
                                             const char *note);
void          kf_window_restore_position (KfWindow      *self,
                                          const char    *node,
                                          double         scroll);
void          kf_window_set_reading_language   (KfWindow   *self,
                                                const char *language);
const char   *kf_window_get_effective_language (KfWindow   *self);
void          kf_window_set_bilingual          (KfWindow   *self,
                                                gboolean    bilingual);
void          kf_window_show_toast      (KfWindow       *self,
                                         const char     *message);

G_END_DECLS
