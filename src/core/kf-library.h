/* kf-library.h — the reader's library: opened and imported documents, and reading progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kf-document.h"

G_BEGIN_DECLS

#define KF_LIBRARY_GUIDE_RESOURCE RESOURCE_BASE_PATH "/guide/kaifang-guide.json"

typedef struct
{
  char    *id;          /* the document's metadata.id */
  char    *title;
  char    *source;      /* source name */
  char    *date;
  char    *language;
  char    *path;        /* the stored copy, or NULL for the bundled guide */
  char    *last_node;   /* where the reader was, or NULL */
  guint    n_nodes;     /* outline nodes in the document */
  guint    n_visited;   /* of them, visited */
  gboolean bundled;
  gint64   added;       /* unix seconds */
} KfLibraryEntry;

#define KF_TYPE_LIBRARY (kf_library_get_type ())
G_DECLARE_FINAL_TYPE (KfLibrary, kf_library, KF, LIBRARY, GObject)

KfLibrary            *kf_library_new                   (const char    *data_dir);
const char           *kf_library_get_recovery_message  (KfLibrary     *self);
const char           *kf_library_get_data_dir          (KfLibrary     *self);
GPtrArray            *kf_library_get_entries           (KfLibrary     *self);
const KfLibraryEntry *kf_library_lookup                (KfLibrary     *self,
                                                        const char    *id);
KfDocument           *kf_library_open_file             (KfLibrary     *self,
                                                        GFile         *file,
                                                        GError       **error);
KfDocument           *kf_library_load                  (KfLibrary     *self,
                                                        const char    *id,
                                                        GError       **error);
gboolean              kf_library_remove                (KfLibrary     *self,
                                                        const char    *id,
                                                        GError       **error);
void                  kf_library_visit                 (KfLibrary     *self,
                                                        KfDocument    *document,
                                                        const char    *node_id);
gboolean              kf_library_save                  (KfLibrary     *self,
                                                        GError       **error);
double                kf_library_entry_get_progress    (const KfLibraryEntry *entry);

KfDocument           *kf_document_open_file            (GFile         *file,
                                                        char         **json,
                                                        gsize         *json_length,
                                                        GError       **error);

G_END_DECLS
