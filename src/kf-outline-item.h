/* kf-outline-item.h — one row of the outline: a node of the document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kf-document.h"

G_BEGIN_DECLS

#define KF_TYPE_OUTLINE_ITEM (kf_outline_item_get_type ())
G_DECLARE_FINAL_TYPE (KfOutlineItem, kf_outline_item, KF, OUTLINE_ITEM, GObject)

KfOutlineItem *kf_outline_item_new          (KfDocument     *document,
                                             const KfNode   *node);
const KfNode  *kf_outline_item_get_node     (KfOutlineItem  *self);
const char    *kf_outline_item_get_id       (KfOutlineItem  *self);
const char    *kf_outline_item_get_title    (KfOutlineItem  *self);
void           kf_outline_item_set_title    (KfOutlineItem  *self,
                                             const char     *title);
GListModel    *kf_outline_item_get_children (KfOutlineItem  *self);
void           kf_outline_item_append_child (KfOutlineItem  *self,
                                             KfOutlineItem  *child);

G_END_DECLS
