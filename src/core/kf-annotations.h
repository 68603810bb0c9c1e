/* kf-annotations.h — the reader's bookmarks, highlights and notes on one document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kf-document.h"

G_BEGIN_DECLS

#define KF_ANNOTATIONS_FORMAT  "kaifang-annotations"
#define KF_ANNOTATIONS_VERSION 1
#define KF_ANNOTATIONS_MAX_SIZE (64 * 1024 * 1024)

typedef enum
{
  KF_HIGHLIGHT_YELLOW,
  KF_HIGHLIGHT_GREEN,
  KF_HIGHLIGHT_BLUE,
  KF_HIGHLIGHT_PINK,
  KF_HIGHLIGHT_PURPLE,
  KF_N_HIGHLIGHT_COLORS
} KfHighlightColor;

typedef struct
{
  char             *id;        /* unique, a random UUID */
  char             *node_id;   /* the outline node the highlight was made on */
  char             *block_id;  /* the data-block context of the text, e.g. "sections/x/blocks/2" */
  char             *language;  /* the language the offsets refer to ("" = the document's own) */
  guint             start;     /* character (not byte) offsets into the block's text */
  guint             end;
  char             *quote;     /* the selected text */
  char             *note;      /* may be NULL */
  KfHighlightColor  color;
  gint64            created;   /* unix seconds */
} KfHighlight;

const char *kf_highlight_color_to_string   (KfHighlightColor  color);
gboolean    kf_highlight_color_from_string (const char       *string,
                                            KfHighlightColor *color);

#define KF_TYPE_ANNOTATIONS (kf_annotations_get_type ())
G_DECLARE_FINAL_TYPE (KfAnnotations, kf_annotations, KF, ANNOTATIONS, GObject)

KfAnnotations     *kf_annotations_load                 (const char       *data_dir,
                                                        const char       *document_id,
                                                        const char       *content_hash,
                                                        GError          **error);
const char        *kf_annotations_get_recovery_message (KfAnnotations    *self);
const char        *kf_annotations_get_path             (KfAnnotations    *self);
const char        *kf_annotations_get_document_id      (KfAnnotations    *self);
const char        *kf_annotations_get_content_hash     (KfAnnotations    *self);

gboolean           kf_annotations_get_bookmarked       (KfAnnotations    *self,
                                                        const char       *node_id);
void               kf_annotations_set_bookmarked       (KfAnnotations    *self,
                                                        const char       *node_id,
                                                        gboolean          bookmarked);
GPtrArray         *kf_annotations_get_bookmarks        (KfAnnotations    *self);

const KfHighlight *kf_annotations_add_highlight        (KfAnnotations    *self,
                                                        const char       *node_id,
                                                        const char       *block_id,
                                                        const char       *language,
                                                        guint             start,
                                                        guint             end,
                                                        const char       *quote,
                                                        KfHighlightColor  color,
                                                        const char       *note);
const KfHighlight *kf_annotations_lookup_highlight     (KfAnnotations    *self,
                                                        const char       *id);
gboolean           kf_annotations_update_highlight     (KfAnnotations    *self,
                                                        const char       *id,
                                                        KfHighlightColor  color,
                                                        const char       *note);
gboolean           kf_annotations_remove_highlight     (KfAnnotations    *self,
                                                        const char       *id);
GPtrArray         *kf_annotations_get_highlights       (KfAnnotations    *self,
                                                        const char       *node_id);

gboolean           kf_annotations_save                 (KfAnnotations    *self,
                                                        GError          **error);
char              *kf_annotations_to_markdown          (KfAnnotations    *self,
                                                        KfDocument       *document);

G_END_DECLS
