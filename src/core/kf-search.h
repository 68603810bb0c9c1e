/* kf-search.h — full-text search over documents and their translations (SQLite FTS5, trigram)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kf-catalog.h"
#include "kf-document.h"

G_BEGIN_DECLS

#define KF_SEARCH_ERROR (kf_search_error_quark ())

typedef enum
{
  KF_SEARCH_ERROR_FAILED,     /* SQLite reported an error */
  KF_SEARCH_ERROR_CORRUPT,    /* the index file is damaged; it is recreated on the next open */
} KfSearchError;

GQuark kf_search_error_quark (void);

/* The schema of the index file; a file with another version is deleted and recreated. */
#define KF_SEARCH_SCHEMA_VERSION 1

/* Queries longer than this (in characters) are cut; at most this many distinct words count. */
#define KF_SEARCH_MAX_QUERY_CHARS 512
#define KF_SEARCH_MAX_QUERY_TERMS 16

typedef struct
{
  char   *document_id;
  char   *document_title; /* in the language of the matched text */
  char   *node_id;        /* the outline node that shows the match (see kf_document_lookup_node):
                           * a section id for section blocks, the theme id for a theme's texts
                           * and figures, "glossary" for terms, "timeline" for events, the
                           * document id for metadata texts */
  char   *theme_title;    /* title of the theme containing the match, or NULL */
  char   *heading;        /* title of node_id's page */
  char   *block_id;       /* the text's context, e.g. "sections/x/blocks/2" (the page's
                           * data-block attribute) */
  char   *language;       /* language of the matched text: the document's own, or the catalog's */
  char   *snippet;        /* plain text, ~160 characters around the first match, "…" where cut */
  char   *snippet_markup; /* the snippet as Pango markup, escaped, the matches in <b></b> */
  char   *match;          /* the first match exactly as it appears in the text */
  double  rank;           /* lower is better (bm25) */
} KfSearchResult;

void kf_search_result_free (KfSearchResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfSearchResult, kf_search_result_free)

#define KF_TYPE_SEARCH_INDEX (kf_search_index_get_type ())
G_DECLARE_FINAL_TYPE (KfSearchIndex, kf_search_index, KF, SEARCH_INDEX, GObject)

KfSearchIndex *kf_search_index_new             (const char           *path,
                                                GError              **error);
gboolean       kf_search_index_add_document    (KfSearchIndex        *self,
                                                KfDocument           *document,
                                                KfCatalog * const    *catalogs,
                                                GError              **error);
gboolean       kf_search_index_remove_document (KfSearchIndex        *self,
                                                const char           *document_id,
                                                GError              **error);
GPtrArray     *kf_search_index_query           (KfSearchIndex        *self,
                                                const char           *query,
                                                guint                 limit,
                                                GError              **error);
void           kf_search_index_query_async     (KfSearchIndex        *self,
                                                const char           *query,
                                                guint                 limit,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
GPtrArray     *kf_search_index_query_finish    (KfSearchIndex        *self,
                                                GAsyncResult         *result,
                                                GError              **error);

char          *kf_search_normalize             (const char           *text);
char          *kf_search_default_path          (void);

G_END_DECLS
