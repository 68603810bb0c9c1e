/* kf-test-ui.h — helpers for tests that drive the real window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kf-window.h"

G_BEGIN_DECLS

void      kf_test_ui_init          (int        *argc,
                                    char     ***argv);
KfWindow *kf_test_ui_new_window    (KfDocument *document);
KfWindow *kf_test_ui_new_window_sized (KfDocument *document,
                                       int         width,
                                       int         height);
char     *kf_test_ui_eval          (KfWindow   *window,
                                    const char *script);
char     *kf_test_ui_eval_view     (WebKitWebView *web_view,
                                    const char    *script);
void      kf_test_ui_wait_page     (KfWindow   *window,
                                    const char *node);
gboolean  kf_test_ui_wait_for      (gboolean  (*condition) (gpointer),
                                    gpointer    data,
                                    guint       timeout_ms);
void      kf_test_ui_spin          (guint       ms);
GtkWidget *kf_test_ui_find_widget  (GtkWidget  *widget,
                                    GType       type);
void      kf_test_ui_destroy       (KfWindow   *window);

G_END_DECLS
