/* kf-document.h — the document model of a kaifang-document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KF_DOCUMENT_FORMAT  "kaifang-document"
#define KF_DOCUMENT_VERSION 2      /* the newest version this reader knows */
#define KF_DOCUMENT_MIN_VERSION 1  /* the oldest */
#define KF_DOCUMENT_MAX_SIZE (64 * 1024 * 1024)
#define KF_DOCUMENT_MAX_DEPTH 32

#define KF_DOCUMENT_ERROR (kf_document_error_quark ())

typedef enum
{
  KF_DOCUMENT_ERROR_EMPTY,
  KF_DOCUMENT_ERROR_TOO_LARGE,
  KF_DOCUMENT_ERROR_ENCODING,
  KF_DOCUMENT_ERROR_SYNTAX,
  KF_DOCUMENT_ERROR_TOO_DEEP,
  KF_DOCUMENT_ERROR_VERSION,
  KF_DOCUMENT_ERROR_MISSING,
  KF_DOCUMENT_ERROR_TYPE,
  KF_DOCUMENT_ERROR_VALUE,
  KF_DOCUMENT_ERROR_DUPLICATE_ID,
  KF_DOCUMENT_ERROR_DANGLING_REFERENCE,
} KfDocumentError;

GQuark kf_document_error_quark (void);

typedef enum
{
  KF_BLOCK_PARAGRAPH,
  KF_BLOCK_LIST,
  KF_BLOCK_FIGURE,
  KF_BLOCK_TERM,
} KfBlockType;

typedef enum
{
  KF_QUALIFIER_EXACT,
  KF_QUALIFIER_OVER,
  KF_QUALIFIER_ABOUT,
} KfQualifier;

typedef enum
{
  KF_NODE_DOCUMENT,
  KF_NODE_THEME,
  KF_NODE_SECTION,
  KF_NODE_GLOSSARY,
  KF_NODE_ABOUT,
  KF_NODE_FIGURES,
  KF_NODE_TIMELINE,
  KF_NODE_MAP,
} KfNodeKind;

typedef struct _KfTheme   KfTheme;
typedef struct _KfSection KfSection;
typedef struct _KfFigure  KfFigure;
typedef struct _KfTerm    KfTerm;
typedef struct _KfEvent   KfEvent;
typedef struct _KfNode    KfNode;

typedef struct
{
  KfBlockType      type;
  guint            index;       /* position in its section, for translation contexts */
  const char      *text;        /* paragraph */
  const char     **items;       /* list, NULL-terminated */
  guint            n_items;
  const KfFigure  *figure;      /* figure block */
  const KfTerm    *term;        /* term block */
} KfBlock;

struct _KfSection
{
  const char     *id;
  const char     *title;
  const char     *kind;         /* may be NULL */
  const KfTheme  *theme;
  KfBlock        *blocks;
  guint           n_blocks;
};

struct _KfTheme
{
  const char      *id;
  gint64           number;
  const char      *title;
  const char      *short_title; /* may be NULL */
  const char      *icon;        /* may be NULL */
  const char      *accent;      /* "#rrggbb" or NULL */
  const char      *summary;
  KfSection       *sections;
  guint            n_sections;
  const KfTheme  **related;     /* n_related */
  guint            n_related;
  const KfTerm   **terms;       /* n_terms */
  guint            n_terms;
  const KfFigure **figures;     /* the figures whose theme is this one */
  guint            n_figures;
};

struct _KfFigure
{
  const char    *id;
  double         value;
  const char    *unit;
  const char    *label;
  gint64         year;          /* 0 when unknown */
  KfQualifier    qualifier;
  const KfTheme *theme;
  const char    *source;        /* may be NULL */
};

struct _KfTerm
{
  const char *id;
  const char *term;
  const char *expansion;        /* may be NULL */
  const char *definition;
};

struct _KfEvent
{
  const char    *id;
  const char    *date;          /* "YYYY", "YYYY-MM" or "YYYY-MM-DD" */
  int            year;
  int            month;         /* 0 when absent */
  int            day;           /* 0 when absent */
  const char    *title;
  const char    *description;   /* may be NULL */
  const KfTheme *theme;         /* may be NULL */
};

typedef struct
{
  const char  *id;
  const char  *title;
  const char  *subtitle;        /* may be NULL */
  const char **authors;         /* NULL-terminated */
  const char  *language;
  const char  *date;
  const char  *intro;           /* may be NULL */
  const char  *attribution;
  const char  *source_name;
  const char  *source_url;
  const char  *source_title;    /* may be NULL */
  const char  *source_author;   /* may be NULL */
  const char  *source_date;     /* may be NULL */
} KfMetadata;

struct _KfNode
{
  KfNodeKind    kind;
  const char   *id;
  const KfNode *parent;
  KfNode      **children;       /* n_children */
  guint         n_children;
  guint         depth;
  gconstpointer data;           /* KfTheme, KfSection or NULL */
};

#define KF_TYPE_DOCUMENT (kf_document_get_type ())
G_DECLARE_FINAL_TYPE (KfDocument, kf_document, KF, DOCUMENT, GObject)

KfDocument       *kf_document_load_from_data     (const char    *data,
                                                  gsize          length,
                                                  const char    *display_name,
                                                  GError       **error);
KfDocument       *kf_document_load_from_file     (GFile         *file,
                                                  GCancellable  *cancellable,
                                                  GError       **error);
KfDocument       *kf_document_load_from_path     (const char    *path,
                                                  GError       **error);
KfDocument       *kf_document_load_from_resource (const char    *path,
                                                  GError       **error);

const KfMetadata *kf_document_get_metadata       (KfDocument    *self);
const char       *kf_document_get_content_hash   (KfDocument    *self);
const KfTheme    *kf_document_get_theme          (KfDocument    *self,
                                                  guint          index);
guint             kf_document_get_n_themes       (KfDocument    *self);
const KfFigure   *kf_document_get_figure         (KfDocument    *self,
                                                  guint          index);
guint             kf_document_get_n_figures      (KfDocument    *self);
const KfTerm     *kf_document_get_term           (KfDocument    *self,
                                                  guint          index);
guint             kf_document_get_n_terms        (KfDocument    *self);
const KfEvent    *kf_document_get_event          (KfDocument    *self,
                                                  guint          index);
guint             kf_document_get_n_events       (KfDocument    *self);

const KfNode     *kf_document_get_root           (KfDocument    *self);
const KfNode     *kf_document_lookup_node        (KfDocument    *self,
                                                  const char    *id);
const KfNode     *kf_document_resolve_link       (KfDocument    *self,
                                                  const char    *id,
                                                  const char   **anchor);
const KfTheme    *kf_document_lookup_theme       (KfDocument    *self,
                                                  const char    *id);
const KfTerm     *kf_document_lookup_term        (KfDocument    *self,
                                                  const char    *id);

const char       *kf_node_kind_to_string         (KfNodeKind     kind);

/* the loader's rule for metadata.source.url: an http or https URL with a host and none of
 * white space, control characters, quotes, angle brackets, backslashes or backticks */
gboolean          kf_document_is_web_url         (const char    *url);

G_END_DECLS
