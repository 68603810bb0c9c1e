/* kf-importer.h — turn plain text or Markdown into a kaifang-document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define KF_IMPORT_ERROR (kf_import_error_quark ())

typedef enum
{
  KF_IMPORT_ERROR_EMPTY,
  KF_IMPORT_ERROR_BINARY,
  KF_IMPORT_ERROR_ENCODING,
  KF_IMPORT_ERROR_TOO_LARGE,
} KfImportError;

GQuark     kf_import_error_quark (void);

/* @data need not be NUL-terminated or valid UTF-8. The basename of @filename appears in
 * error messages ("FILE: message") and is the title fallback. Returns a JSON_NODE_OBJECT
 * holding a kaifang-document (version 1); free it with json_node_unref().
 */
JsonNode  *kf_import_text        (const char  *data,
                                  gsize        length,
                                  const char  *filename,
                                  GError     **error);

/* Same, serialized as pretty JSON text (UTF-8, 2-space indent); free it with g_free(). */
char      *kf_import_to_json     (const char  *data,
                                  gsize        length,
                                  const char  *filename,
                                  GError     **error);

G_END_DECLS
