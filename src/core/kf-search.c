/* kf-search.c — full-text search over documents and their translations
 *
 * The index is an SQLite database with an FTS5 table using the trigram tokenizer, so that
 * every query is a substring search: Chinese and Japanese need no word segmentation, and
 * "open" finds "opening". Each text is stored twice: as the page shows it (inline links reduced
 * to their labels), for snippets, and normalized (case folded, decomposed, without combining
 * accents), which is what the FTS5 table indexes; queries are normalized the same way.
 *
 *   documents (id, hash, catalogs)           what is indexed, to skip unchanged documents
 *   titles    (document_id, language, title) the document's title in each indexed language
 *   texts     (id, document_id, language, block_id, node_id, theme_title, heading,
 *              text, norm, title_norm)       one row per text and language
 *   texts_fts (norm, title_norm)             FTS5 over texts (external content)
 *   lengths   (id, tokens)                   the length of each norm in trigrams, for ranking
 *
 * A query matches the rows whose text holds every term; kf_rank(), a leaner bm25(), ranks
 * them, with a bonus when the heading of the row's page holds a term too. Trigrams need three
 * characters, so terms of one or two (common in Chinese: 开放) are looked for with strstr()
 * in the normalized column by kf_scan_rank(): a scan of the table, correct but slower.
 *
 * The connection is guarded by a mutex: queries may run in a GTask thread while the main
 * thread adds documents.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-search"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "kf-inline.h"
#include "kf-pot.h"
#include "kf-renderer.h"
#include "kf-search.h"

#define SNIPPET_CHARS   160   /* about this many characters of context */
#define SNIPPET_BEFORE  60    /* of which this many before the match */
#define SNIPPET_SNAP    20    /* cut at a space when one is this close */
#define BM25_K1         1.2   /* the usual bm25 parameters, as in FTS5's bm25() */
#define BM25_B          0.75
#define TITLE_WEIGHT    0.5   /* the heading's bonus, as a share of a term's weight */
#define SCAN_AVG_BYTES  500.0 /* the length a scanned text is compared to */

struct _KfSearchIndex
{
  GObject  parent_instance;

  GMutex   lock;        /* guards db and lengths */
  sqlite3 *db;
  char    *path;        /* NULL for an in-memory index */
  GArray  *lengths;     /* guint32 by texts.id: the text's length in trigrams, for kf_rank();
                         * NO_LENGTH where unknown; NULL until the first query loads it */
};

#define NO_LENGTH G_MAXUINT32

G_DEFINE_TYPE (KfSearchIndex, kf_search_index, G_TYPE_OBJECT)

G_DEFINE_QUARK (kf-search-error-quark, kf_search_error)

static const char schema_sql[] =
  "CREATE TABLE documents ("
  "  id TEXT PRIMARY KEY,"
  "  hash TEXT NOT NULL,"
  "  catalogs TEXT NOT NULL);"
  "CREATE TABLE titles ("
  "  document_id TEXT NOT NULL,"
  "  language TEXT NOT NULL,"
  "  title TEXT NOT NULL,"
  "  PRIMARY KEY (document_id, language));"
  "CREATE TABLE texts ("
  "  id INTEGER PRIMARY KEY,"
  "  document_id TEXT NOT NULL,"
  "  language TEXT NOT NULL,"
  "  block_id TEXT NOT NULL,"
  "  node_id TEXT NOT NULL,"
  "  theme_title TEXT,"
  "  heading TEXT NOT NULL,"
  "  text TEXT NOT NULL,"
  "  norm TEXT NOT NULL,"
  "  title_norm TEXT NOT NULL);"
  "CREATE INDEX texts_by_document ON texts (document_id);"
  /* the texts' lengths in trigrams, small enough to keep in memory (see kf_rank()) */
  "CREATE TABLE lengths ("
  "  id INTEGER PRIMARY KEY,"
  "  tokens INTEGER NOT NULL);"
  "CREATE VIRTUAL TABLE texts_fts USING fts5 ("
  "  norm, title_norm,"
  "  content = 'texts', content_rowid = 'id',"
  "  tokenize = 'trigram case_sensitive 1');";

/* --- normalization ----------------------------------------------------------------------- */

/* The normalized form of each BMP character, computed once; written with compare-and-swap so
 * that indexing and a query thread can fill it at the same time. Never freed. */
static char *bmp_forms[0x10000];

static char *
compute_form (gunichar ch)
{
  char utf8[8];
  int len = g_unichar_to_utf8 (ch, utf8);
  g_autofree char *folded = g_utf8_casefold (utf8, len);
  g_autofree char *decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFD);
  GString *out = g_string_sized_new (len);

  if (decomposed == NULL)
    return g_string_free (out, FALSE);

  for (const char *p = decomposed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x0300 && c <= 0x036F)
        continue;
      if (c == 0x0451) /* ё, should it survive decomposition */
        c = 0x0435;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* The normalized form of @ch; *@scratch receives an allocation to free, if any. */
static const char *
char_form (gunichar   ch,
           char     **scratch)
{
  char *form;

  if (ch >= G_N_ELEMENTS (bmp_forms))
    return *scratch = compute_form (ch);

  form = g_atomic_pointer_get (&bmp_forms[ch]);
  if (form == NULL)
    {
      char *computed = compute_form (ch);

      if (g_atomic_pointer_compare_and_exchange (&bmp_forms[ch], NULL, computed))
        form = computed;
      else
        {
          g_free (computed);
          form = g_atomic_pointer_get (&bmp_forms[ch]);
        }
    }

  return form;
}

/* Normalizes @text; when @map is given, it receives for every byte of the result the offset of
 * the character of @text it comes from, and one last entry: the length of @text. */
static char *
normalize (const char *text,
           GArray     *map)
{
  GString *out = g_string_sized_new (strlen (text) + 1);
  const char *p = text;

  while (*p)
    {
      gsize offset = p - text;
      const char *form;
      char *scratch = NULL;
      gsize len;

      if ((guchar) *p < 0x80)
        {
          g_string_append_c (out, g_ascii_tolower (*p));
          if (map)
            g_array_append_val (map, offset);
          p++;
          continue;
        }

      form = char_form (g_utf8_get_char (p), &scratch);
      len = strlen (form);
      g_string_append_len (out, form, len);
      if (map)
        for (gsize i = 0; i < len; i++)
          g_array_append_val (map, offset);
      g_free (scratch);
      p = g_utf8_next_char (p);
    }

  if (map)
    {
      gsize end = p - text;

      g_array_append_val (map, end);
    }

  return g_string_free (out, FALSE);
}

/**
 * kf_search_normalize:
 *
 * Returns: (transfer full): @text as the index stores it: case folded, in NFD, without the
 * combining marks U+0300–U+036F, with ё as е.
 */
char *
kf_search_normalize (const char *text)
{
  g_autofree char *valid = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  return normalize (text, NULL);
}

/* --- query terms ------------------------------------------------------------------------- */

/* The distinct normalized words of @query, or an empty array. */
static GPtrArray *
split_query (const char *query)
{
  GPtrArray *terms = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *valid = NULL;
  g_autofree char *norm = NULL;
  const char *end;
  const char *p;

  if (query == NULL)
    return terms;

  if (!g_utf8_validate (query, -1, NULL))
    query = valid = g_utf8_make_valid (query, -1);

  /* cut overlong input at a character boundary */
  end = query;
  for (guint n = 0; *end && n < KF_SEARCH_MAX_QUERY_CHARS; n++)
    end = g_utf8_next_char (end);
  {
    g_autofree char *cut = g_strndup (query, end - query);

    norm = normalize (cut, NULL);
  }

  p = norm;
  while (*p && terms->len < KF_SEARCH_MAX_QUERY_TERMS)
    {
      const char *start;
      char *term;
      gboolean seen = FALSE;

      while (*p && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (*p == '\0')
        break;
      start = p;
      while (*p && !g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);

      term = g_strndup (start, p - start);
      for (guint i = 0; i < terms->len && !seen; i++)
        seen = strcmp (g_ptr_array_index (terms, i), term) == 0;
      if (seen)
        g_free (term);
      else
        g_ptr_array_add (terms, term);
    }

  return terms;
}

/* "term" with embedded quotes doubled: an FTS5 string, whatever the term holds */
static void
append_fts_string (GString    *out,
                   const char *term)
{
  g_string_append_c (out, '"');
  for (const char *p = term; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_fts_list (GString    *out,
                 GPtrArray  *terms,
                 const char *op)
{
  for (guint i = 0; i < terms->len; i++)
    {
      if (i > 0)
        g_string_append (out, op);
      append_fts_string (out, g_ptr_array_index (terms, i));
    }
}

/* --- ranking ---------------------------------------------------------------------------- */

/* kf_rank(texts_fts): bm25 over the text column, plus a bonus for each term that the page's
 * heading holds too; NULL when the text itself lacks a term (the MATCH expression, one phrase
 * per term, also matches rows where a term occurs only in the heading column).
 *
 * It is FTS5's own bm25() (k1 = 1.2, b = 0.75, idf = ln((N - n + 0.5) / (n + 0.5))) made
 * cheaper for the large result sets of frequent words, where bm25() spends most of its time:
 *  - the lengths of the texts come from memory (KfSearchIndex.lengths) instead of a lookup in
 *    FTS5's docsize table for every row;
 *  - a query of one term needs no idf: it would scale every score alike;
 *  - for several terms, n (the rows holding a term) is counted up to IDF_SAMPLE rows, in rowid
 *    order, and beyond that extrapolated over the rowid range, instead of a pass over all of
 *    the term's rows. */

#define IDF_SAMPLE 1000

typedef struct
{
  int           n_terms;
  double        avg_length;
  sqlite3_int64 last_rowid;   /* kf_rank() runs for WHERE and for the result column */
  gboolean      last_null;
  double        last_score;
  double        idf[];
} RankData;

typedef struct
{
  sqlite3_int64 hits;
  sqlite3_int64 last_rowid;
} RowCount;

static int
count_rows_cb (const Fts5ExtensionApi *api,
               Fts5Context            *fts,
               void                   *user_data)
{
  RowCount *count = user_data;

  count->hits++;
  count->last_rowid = api->xRowid (fts);
  return count->hits < IDF_SAMPLE ? SQLITE_OK : SQLITE_DONE;
}

static RankData *
rank_data_new (const Fts5ExtensionApi *api,
               Fts5Context            *fts,
               int                    *rc)
{
  KfSearchIndex *self = api->xUserData (fts);
  int n_terms = MAX (api->xPhraseCount (fts), 1);
  RankData *data = g_malloc0 (sizeof (RankData) + n_terms * sizeof (double));
  sqlite3_int64 n_rows = 0;
  sqlite3_int64 n_tokens = 0;

  data->n_terms = n_terms;
  data->last_rowid = -1;
  *rc = api->xRowCount (fts, &n_rows);
  if (*rc == SQLITE_OK)
    *rc = api->xColumnTotalSize (fts, 0, &n_tokens);
  data->avg_length = n_rows > 0 && n_tokens > 0 ? (double) n_tokens / n_rows : 1.0;

  for (int t = 0; t < n_terms && *rc == SQLITE_OK; t++)
    {
      RowCount count = { 0, 0 };
      double hits;

      data->idf[t] = 1.0;
      if (n_terms == 1)
        continue;
      *rc = api->xQueryPhrase (fts, t, &count, count_rows_cb);
      hits = count.hits;
      if (count.hits >= IDF_SAMPLE && count.last_rowid > 0 &&
          self->lengths != NULL && self->lengths->len > 1)
        hits = CLAMP ((double) count.hits * (self->lengths->len - 1) / count.last_rowid,
                      count.hits, n_rows);
      data->idf[t] = log ((n_rows - hits + 0.5) / (hits + 0.5));
      if (data->idf[t] <= 0.0)
        data->idf[t] = 1e-6;
    }

  return data;
}

static void
rank_function (const Fts5ExtensionApi  *api,
               Fts5Context             *fts,
               sqlite3_context         *context,
               int                      n_args,
               sqlite3_value          **args)
{
  KfSearchIndex *self = api->xUserData (fts);
  RankData *data = api->xGetAuxdata (fts, 0);
  sqlite3_int64 rowid = api->xRowid (fts);
  double score = 0.0;
  double norm_length;
  int length = -1;
  int rc = SQLITE_OK;

  if (data == NULL)
    {
      data = rank_data_new (api, fts, &rc);
      if (rc == SQLITE_OK)
        rc = api->xSetAuxdata (fts, data, g_free);
      else
        g_free (data);
      if (rc != SQLITE_OK)
        {
          sqlite3_result_error_code (context, rc);
          return;
        }
    }

  if (rowid == data->last_rowid)
    {
      if (!data->last_null)
        sqlite3_result_double (context, data->last_score);
      return;
    }
  data->last_rowid = rowid;
  data->last_null = TRUE;

  if (self->lengths && rowid >= 0 && (guint64) rowid < self->lengths->len &&
      g_array_index (self->lengths, guint32, rowid) != NO_LENGTH)
    length = g_array_index (self->lengths, guint32, rowid);
  else if ((rc = api->xColumnSize (fts, 0, &length)) != SQLITE_OK)
    {
      sqlite3_result_error_code (context, rc);
      return;
    }
  norm_length = 1.0 - BM25_B + BM25_B * length / data->avg_length;

  for (int t = 0; t < data->n_terms; t++)
    {
      Fts5PhraseIter iter;
      gboolean in_heading = FALSE;
      int column;
      int offset;
      int tf = 0;

      for (api->xPhraseFirst (fts, t, &iter, &column, &offset); column >= 0;
           api->xPhraseNext (fts, &iter, &column, &offset))
        {
          if (column == 0)
            tf++;
          else
            in_heading = TRUE;
        }
      if (tf == 0)
        return;  /* NULL */
      score += data->idf[t] * tf * (BM25_K1 + 1.0) / (tf + BM25_K1 * norm_length);
      if (in_heading)
        score += data->idf[t] * TITLE_WEIGHT;
    }

  data->last_null = FALSE;
  data->last_score = -score;
  sqlite3_result_double (context, -score);
}

/* kf_scan_rank(norm, title_norm, term, …): for the terms too short for the trigram index.
 * A bm25-like score (without idf, lengths in bytes, at most SCAN_MAX_TF occurrences counted),
 * negated like bm25(); SCAN_NO_MATCH, which sorts after every score, when the text lacks a
 * term. (Not NULL: filtering on it would run the function twice per row.) */

#define SCAN_MAX_TF   16
#define SCAN_NO_MATCH 1.0

static void
scan_rank_function (sqlite3_context  *context,
                    int               n_args,
                    sqlite3_value   **args)
{
  const char *norm = (const char *) sqlite3_value_text (args[0]);
  const char *title = (const char *) sqlite3_value_text (args[1]);
  double norm_length;
  double score = 0.0;

  if (norm == NULL)
    {
      sqlite3_result_double (context, SCAN_NO_MATCH);
      return;
    }
  norm_length = 1.0 - BM25_B + BM25_B * sqlite3_value_bytes (args[0]) / SCAN_AVG_BYTES;

  for (int i = 2; i < n_args; i++)
    {
      const char *term = (const char *) sqlite3_value_text (args[i]);
      gsize len;
      int tf = 0;

      if (term == NULL || (len = strlen (term)) == 0)
        continue;
      for (const char *hit = strstr (norm, term); hit && tf < SCAN_MAX_TF;
           hit = strstr (hit + len, term))
        tf++;
      if (tf == 0)
        {
          sqlite3_result_double (context, SCAN_NO_MATCH);
          return;
        }
      score += tf * (BM25_K1 + 1.0) / (tf + BM25_K1 * norm_length);
      if (title && strstr (title, term))
        score += TITLE_WEIGHT;
    }

  sqlite3_result_double (context, -score);
}

/* Our functions, and room to read a large index without a system call per page. */
static int
setup_connection (KfSearchIndex *self,
                  sqlite3       *db)
{
  fts5_api *fts5 = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  sqlite3_exec (db, "PRAGMA cache_size = -16384; PRAGMA mmap_size = 1073741824", NULL, NULL, NULL);

  rc = sqlite3_create_function_v2 (db, "kf_scan_rank", -1,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                   scan_rank_function, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return rc;

  rc = sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_pointer (stmt, 1, &fts5, "fts5_api_ptr", NULL);
      sqlite3_step (stmt);
      rc = sqlite3_finalize (stmt);
    }
  if (rc != SQLITE_OK)
    return rc;
  if (fts5 == NULL || fts5->iVersion < 2)
    return SQLITE_ERROR;

  return fts5->xCreateFunction (fts5, "kf_rank", self, rank_function, NULL);
}

/* --- database ---------------------------------------------------------------------------- */

static gboolean
set_sqlite_error (GError     **error,
                  sqlite3     *db,
                  int          rc,
                  const char  *what)
{
  int code = (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB
             ? KF_SEARCH_ERROR_CORRUPT : KF_SEARCH_ERROR_FAILED;

  if ((rc & 0xff) == SQLITE_INTERRUPT)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Search cancelled");
  else
    g_set_error (error, KF_SEARCH_ERROR, code, "%s: %s", what,
                 db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

static gboolean
is_corrupt (const GError *error)
{
  return g_error_matches (error, KF_SEARCH_ERROR, KF_SEARCH_ERROR_CORRUPT);
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_sqlite_error (error, db, rc, "Search index");
  return TRUE;
}

/* The first column of the first row of @sql as an integer, or -1 on error. */
static gint64
query_int (sqlite3    *db,
           const char *sql,
           int        *rc_out)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          value = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  if (rc_out)
    *rc_out = rc;

  return rc == SQLITE_OK ? value : -1;
}

static gboolean
create_schema (sqlite3  *db,
               GError  **error)
{
  g_autofree char *sql = g_strdup_printf ("BEGIN;%sPRAGMA user_version = %d;COMMIT;",
                                          schema_sql, KF_SEARCH_SCHEMA_VERSION);

  if (!exec_sql (db, sql, error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

/* Opens @path (or memory) and makes sure it has our schema. FALSE when the file is damaged or
 * of another schema version (then the caller deletes it), with @error set. */
static gboolean
open_checked (KfSearchIndex  *self,
              sqlite3       **db_out,
              GError        **error)
{
  const char *path = self->path;
  sqlite3 *db = NULL;
  gint64 version;
  gint64 n_objects = 0;
  int rc;

  *db_out = NULL;
  rc = sqlite3_open_v2 (path ? path : ":memory:", &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, path ? path : ":memory:");
      sqlite3_close (db);
      return FALSE;
    }

  sqlite3_extended_result_codes (db, TRUE);
  sqlite3_busy_timeout (db, 2000);
  rc = setup_connection (self, db);
  if (rc != SQLITE_OK)
    {
      /* not a damaged file: SQLite lacks FTS5 */
      g_set_error (error, KF_SEARCH_ERROR, KF_SEARCH_ERROR_FAILED,
                   "SQLite without FTS5: %s", sqlite3_errmsg (db));
      sqlite3_close (db);
      return FALSE;
    }

  version = query_int (db, "PRAGMA user_version", &rc);
  if (rc == SQLITE_OK)
    n_objects = query_int (db, "SELECT count(*) FROM sqlite_master", &rc);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, path ? path : ":memory:");
      sqlite3_close (db);
      return FALSE;
    }

  if (version == 0 && n_objects == 0)
    {
      if (path != NULL)
        {
          /* a cache: write-ahead log, and no fsync on every transaction */
          sqlite3_exec (db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
        }
      if (!create_schema (db, error))
        {
          sqlite3_close (db);
          return FALSE;
        }
    }
  else if (version != KF_SEARCH_SCHEMA_VERSION)
    {
      g_set_error (error, KF_SEARCH_ERROR, KF_SEARCH_ERROR_CORRUPT,
                   "%s: schema version %" G_GINT64_FORMAT ", expected %d",
                   path ? path : ":memory:", version, KF_SEARCH_SCHEMA_VERSION);
      sqlite3_close (db);
      return FALSE;
    }
  else if (query_int (db, "SELECT count(*) FROM documents", &rc) < 0 ||
           query_int (db, "SELECT count(*) FROM texts_fts WHERE rowid = 0", &rc) < 0)
    {
      /* our version, but tables missing or unreadable */
      if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        set_sqlite_error (error, db, rc, path ? path : ":memory:");
      else
        g_set_error (error, KF_SEARCH_ERROR, KF_SEARCH_ERROR_CORRUPT, "%s: %s",
                     path ? path : ":memory:", sqlite3_errmsg (db));
      sqlite3_close (db);
      return FALSE;
    }

  sqlite3_exec (db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
  *db_out = db;
  return TRUE;
}

static void
delete_files (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      if (g_remove (file) != 0 && errno != ENOENT)
        g_debug ("Could not remove %s: %s", file, g_strerror (errno));
    }
}

/* Opens the database; a damaged file, or one of another schema, is deleted and recreated. */
static gboolean
open_database (KfSearchIndex  *self,
               GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  g_assert (self->db == NULL);

  if (self->path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self->path);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Could not create %s: %s", dir, g_strerror (saved_errno));
          return FALSE;
        }
    }

  if (open_checked (self, &self->db, &local_error))
    return TRUE;
  /* only a damaged file, or one of another schema, goes: not one that is busy or unreadable */
  if (self->path == NULL || !is_corrupt (local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_debug ("Recreating the search index: %s", local_error->message);
  delete_files (self->path);
  return open_checked (self, &self->db, error);
}

/* After the database reported corruption: start over with an empty index. */
static void
reset_database (KfSearchIndex *self)
{
  g_autoptr(GError) error = NULL;

  g_warning ("The search index %s is damaged; recreating it", self->path ? self->path : "");
  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->lengths, g_array_unref);
  if (self->path)
    delete_files (self->path);
  if (!open_database (self, &error))
    g_warning ("Could not recreate the search index: %s", error->message);
}

static gboolean
ensure_open (KfSearchIndex  *self,
             GError        **error)
{
  if (self->db != NULL)
    return TRUE;
  return open_database (self, error);
}

/* --- object ------------------------------------------------------------------------------ */

static void
kf_search_index_finalize (GObject *object)
{
  KfSearchIndex *self = KF_SEARCH_INDEX (object);

  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->lengths, g_array_unref);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (kf_search_index_parent_class)->finalize (object);
}

static void
kf_search_index_class_init (KfSearchIndexClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kf_search_index_finalize;
}

static void
kf_search_index_init (KfSearchIndex *self)
{
  g_mutex_init (&self->lock);
}

/**
 * kf_search_default_path:
 *
 * Returns: (transfer full): where the reader keeps its index: $XDG_CACHE_HOME/kaifang/search.db
 */
char *
kf_search_default_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "kaifang", "search.db", NULL);
}

/**
 * kf_search_index_new:
 * @path: the index file (its directories are created), or ":memory:"
 *
 * Opens the index at @path. The file is a cache: when it is damaged or was written with
 * another schema version, it is deleted and an empty index takes its place.
 */
KfSearchIndex *
kf_search_index_new (const char  *path,
                     GError     **error)
{
  g_autoptr(KfSearchIndex) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (KF_TYPE_SEARCH_INDEX, NULL);
  if (strcmp (path, ":memory:") != 0)
    self->path = g_strdup (path);
  if (!open_database (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
kf_search_result_free (KfSearchResult *result)
{
  if (result == NULL)
    return;
  g_free (result->document_id);
  g_free (result->document_title);
  g_free (result->node_id);
  g_free (result->theme_title);
  g_free (result->heading);
  g_free (result->block_id);
  g_free (result->language);
  g_free (result->snippet);
  g_free (result->snippet_markup);
  g_free (result->match);
  g_free (result);
}

/* --- indexing ---------------------------------------------------------------------------- */

typedef struct
{
  KfDocument      *doc;
  KfRenderOptions  options;       /* .content: the catalog of this pass, or NULL */
  const char      *language;
  GHashTable      *events;        /* id → KfEvent */
  sqlite3         *db;
  sqlite3_stmt    *insert_text;
  sqlite3_stmt    *insert_fts;
  sqlite3_stmt    *insert_length;
  GArray          *lengths;       /* the index's, when loaded */
  int              rc;            /* the first error */
} Indexer;

static gboolean
plain_cb (KfInlineKind  kind,
          const char   *text,
          gsize         text_len,
          const char   *target,
          gsize         target_len,
          gpointer      user_data)
{
  g_string_append_len (user_data, text, text_len);
  return TRUE;
}

/* Paragraphs, list items, summaries and the intro may hold [label](target) links, which the
 * page shows as their label. */
static gboolean
context_has_links (const char *context)
{
  return (g_str_has_prefix (context, "sections/") && strstr (context, "/blocks/") != NULL) ||
         (g_str_has_prefix (context, "themes/") && g_str_has_suffix (context, "/summary")) ||
         strcmp (context, "metadata/intro") == 0;
}

static char *
plain_text (const char *context,
            const char *text)
{
  GString *out;

  if (!context_has_links (context))
    return g_strdup (text);

  out = g_string_sized_new (strlen (text));
  kf_inline_parse (text, plain_cb, out);
  return g_string_free (out, FALSE);
}

/* The outline node that shows the text in @context, and the theme it belongs to. */
static const KfNode *
resolve_context (Indexer        *ix,
                 const char     *context,
                 const KfTheme **theme)
{
  const KfNode *root = kf_document_get_root (ix->doc);
  const KfNode *node = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *id = NULL;
  const char *slash;
  const char *id_end;

  *theme = NULL;

  slash = strchr (context, '/');
  if (slash == NULL)
    return root;
  kind = g_strndup (context, slash - context);
  id_end = strchr (slash + 1, '/');
  id = id_end ? g_strndup (slash + 1, id_end - (slash + 1)) : g_strdup (slash + 1);

  if (strcmp (kind, "themes") == 0)
    {
      node = kf_document_lookup_node (ix->doc, id);
      *theme = kf_document_lookup_theme (ix->doc, id);
    }
  else if (strcmp (kind, "sections") == 0)
    {
      node = kf_document_lookup_node (ix->doc, id);
      if (node && node->kind == KF_NODE_SECTION)
        *theme = ((const KfSection *) node->data)->theme;
    }
  else if (strcmp (kind, "figures") == 0)
    {
      node = kf_document_resolve_link (ix->doc, id, NULL);
      if (node && node->kind == KF_NODE_THEME)
        *theme = node->data;
    }
  else if (strcmp (kind, "glossary") == 0)
    node = kf_document_lookup_node (ix->doc, "glossary");
  else if (strcmp (kind, "events") == 0)
    {
      const KfEvent *event = g_hash_table_lookup (ix->events, id);

      node = kf_document_lookup_node (ix->doc, "timeline");
      if (event)
        *theme = event->theme;
    }

  return node ? node : root;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           column,
           const char   *text)
{
  if (text)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

static void
set_length (GArray        *lengths,
            sqlite3_int64  rowid,
            sqlite3_int64  tokens)
{
  guint old_len;

  if (lengths == NULL || rowid < 0 || rowid >= G_MAXUINT32)
    return;
  old_len = lengths->len;
  if ((guint64) rowid >= old_len)
    {
      g_array_set_size (lengths, (guint) rowid + 1);
      memset (&g_array_index (lengths, guint32, old_len), 0xff,
              (lengths->len - old_len) * sizeof (guint32));
    }
  g_array_index (lengths, guint32, rowid) = (guint32) MIN (tokens, (sqlite3_int64) NO_LENGTH - 1);
}

/* Reads the lengths table into memory, for kf_rank(). */
static int
load_lengths (KfSearchIndex *self)
{
  g_autoptr(GArray) lengths = g_array_new (FALSE, FALSE, sizeof (guint32));
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (self->lengths != NULL)
    return SQLITE_OK;

  rc = sqlite3_prepare_v2 (self->db, "SELECT id, tokens FROM lengths", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    set_length (lengths, sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return rc;

  self->lengths = g_steal_pointer (&lengths);
  return SQLITE_OK;
}

static void
index_text (const char *context,
            const char *original,
            gpointer    user_data)
{
  Indexer *ix = user_data;
  const char *text = original;
  const KfTheme *theme;
  const KfNode *node;
  g_autofree char *plain = NULL;
  g_autofree char *norm = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *title_norm = NULL;
  g_autofree char *theme_context = NULL;
  const char *theme_title = NULL;
  sqlite3_int64 rowid;
  glong tokens;
  int rc;

  if (ix->rc != SQLITE_OK)
    return;

  if (ix->options.content != NULL)
    {
      text = kf_catalog_lookup (ix->options.content, context, original);
      if (text == NULL || text[0] == '\0' || strcmp (text, original) == 0)
        return;
    }

  plain = plain_text (context, text);
  norm = normalize (plain, NULL);
  if (norm[0] == '\0')
    return;

  node = resolve_context (ix, context, &theme);
  heading = kf_render_node_title (ix->doc, node, &ix->options);
  title_norm = normalize (heading, NULL);
  if (theme)
    {
      theme_context = g_strdup_printf ("themes/%s/title", theme->id);
      theme_title = kf_render_text (ix->doc, &ix->options, theme_context, theme->title);
    }

  sqlite3_reset (ix->insert_text);
  bind_text (ix->insert_text, 1, kf_document_get_metadata (ix->doc)->id);
  bind_text (ix->insert_text, 2, ix->language);
  bind_text (ix->insert_text, 3, context);
  bind_text (ix->insert_text, 4, node->id);
  bind_text (ix->insert_text, 5, theme_title);
  bind_text (ix->insert_text, 6, heading);
  bind_text (ix->insert_text, 7, plain);
  bind_text (ix->insert_text, 8, norm);
  bind_text (ix->insert_text, 9, title_norm);
  rc = sqlite3_step (ix->insert_text);
  if (rc != SQLITE_DONE)
    {
      ix->rc = rc;
      return;
    }
  rowid = sqlite3_last_insert_rowid (ix->db);

  sqlite3_reset (ix->insert_fts);
  sqlite3_bind_int64 (ix->insert_fts, 1, rowid);
  bind_text (ix->insert_fts, 2, norm);
  bind_text (ix->insert_fts, 3, title_norm);
  rc = sqlite3_step (ix->insert_fts);
  if (rc != SQLITE_DONE)
    {
      ix->rc = rc;
      return;
    }

  /* what FTS5 counts: one trigram at each character followed by two more */
  tokens = MAX (g_utf8_strlen (norm, -1) - 2, 0);
  sqlite3_reset (ix->insert_length);
  sqlite3_bind_int64 (ix->insert_length, 1, rowid);
  sqlite3_bind_int64 (ix->insert_length, 2, tokens);
  rc = sqlite3_step (ix->insert_length);
  if (rc != SQLITE_DONE)
    {
      ix->rc = rc;
      return;
    }
  set_length (ix->lengths, rowid, tokens);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* "fr:120,zh-CN:98": the languages (and sizes) of the catalogs, sorted */
static char *
catalogs_key (KfCatalog * const *catalogs)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  for (guint i = 0; catalogs && catalogs[i]; i++)
    {
      const char *language = kf_catalog_get_language (catalogs[i]);

      g_ptr_array_add (keys, g_strdup_printf ("%s:%u", language ? language : "und",
                                              kf_catalog_get_size (catalogs[i])));
    }
  g_ptr_array_sort (keys, compare_strings);
  for (guint i = 0; i < keys->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, g_ptr_array_index (keys, i));
    }

  return g_string_free (out, FALSE);
}

static int
step_done (sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);

  return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

static int
delete_document_rows (sqlite3    *db,
                      const char *document_id)
{
  static const char * const statements[] = {
    "INSERT INTO texts_fts (texts_fts, rowid, norm, title_norm) "
    "SELECT 'delete', id, norm, title_norm FROM texts WHERE document_id = ?1",
    "DELETE FROM lengths WHERE id IN (SELECT id FROM texts WHERE document_id = ?1)",
    "DELETE FROM texts WHERE document_id = ?1",
    "DELETE FROM titles WHERE document_id = ?1",
    "DELETE FROM documents WHERE id = ?1",
  };
  int rc = SQLITE_OK;

  for (guint i = 0; i < G_N_ELEMENTS (statements) && rc == SQLITE_OK; i++)
    {
      sqlite3_stmt *stmt = NULL;

      rc = sqlite3_prepare_v2 (db, statements[i], -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        {
          sqlite3_bind_text (stmt, 1, document_id, -1, SQLITE_STATIC);
          rc = step_done (stmt);
        }
      sqlite3_finalize (stmt);
    }

  return rc;
}

static int
insert_title (Indexer *ix)
{
  const KfMetadata *m = kf_document_get_metadata (ix->doc);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (ix->db,
                           "INSERT OR REPLACE INTO titles (document_id, language, title) "
                           "VALUES (?1, ?2, ?3)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      bind_text (stmt, 1, m->id);
      bind_text (stmt, 2, ix->language);
      bind_text (stmt, 3, kf_render_text (ix->doc, &ix->options, "metadata/title", m->title));
      rc = step_done (stmt);
    }
  sqlite3_finalize (stmt);

  return rc;
}

/* 1: indexed already, 0: not, or an SQLite error code (negated) */
static int
is_indexed (sqlite3    *db,
            const char *document_id,
            const char *hash,
            const char *catalogs)
{
  sqlite3_stmt *stmt = NULL;
  int rc;
  int result = 0;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT 1 FROM documents WHERE id = ?1 AND hash = ?2 AND catalogs = ?3",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, document_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, hash, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, catalogs, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        result = 1;
      else if (rc != SQLITE_DONE)
        result = -rc;
    }
  else
    result = -rc;
  sqlite3_finalize (stmt);

  return result;
}

static gboolean
add_document_locked (KfSearchIndex      *self,
                     KfDocument         *document,
                     KfCatalog * const  *catalogs,
                     gboolean           *indexed,
                     GError            **error)
{
  const KfMetadata *m = kf_document_get_metadata (document);
  const char *hash = kf_document_get_content_hash (document);
  g_autofree char *key = catalogs_key (catalogs);
  g_autoptr(GHashTable) events = g_hash_table_new (g_str_hash, g_str_equal);
  Indexer ix = { 0 };
  sqlite3_stmt *stmt = NULL;
  int state;
  int rc;

  *indexed = FALSE;
  if (!ensure_open (self, error))
    return FALSE;

  state = is_indexed (self->db, m->id, hash, key);
  if (state < 0)
    return set_sqlite_error (error, self->db, -state, "Search index");
  if (state == 1)
    return TRUE;

  for (guint i = 0; i < kf_document_get_n_events (document); i++)
    {
      const KfEvent *event = kf_document_get_event (document, i);

      g_hash_table_insert (events, (gpointer) event->id, (gpointer) event);
    }

  ix.doc = document;
  ix.events = events;
  ix.db = self->db;
  ix.lengths = self->lengths;

  if (!exec_sql (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;

  rc = delete_document_rows (self->db, m->id);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (self->db,
                             "INSERT INTO texts (document_id, language, block_id, node_id, "
                             "theme_title, heading, text, norm, title_norm) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                             -1, &ix.insert_text, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (self->db,
                             "INSERT INTO texts_fts (rowid, norm, title_norm) VALUES (?1, ?2, ?3)",
                             -1, &ix.insert_fts, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (self->db, "INSERT INTO lengths (id, tokens) VALUES (?1, ?2)",
                             -1, &ix.insert_length, NULL);

  /* the original, then each translation */
  for (int i = -1; rc == SQLITE_OK && (i < 0 || (catalogs && catalogs[i])); i++)
    {
      ix.options.content = i < 0 ? NULL : catalogs[i];
      ix.language = i < 0 ? m->language : kf_catalog_get_language (catalogs[i]);
      if (ix.language == NULL)
        ix.language = "und";
      rc = insert_title (&ix);
      if (rc == SQLITE_OK)
        {
          kf_document_foreach_text (document, index_text, &ix);
          rc = ix.rc;
        }
    }

  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (self->db,
                             "INSERT INTO documents (id, hash, catalogs) VALUES (?1, ?2, ?3)",
                             -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, m->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, hash, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, key, -1, SQLITE_STATIC);
      rc = step_done (stmt);
    }
  sqlite3_finalize (stmt);
  sqlite3_finalize (ix.insert_text);
  sqlite3_finalize (ix.insert_fts);
  sqlite3_finalize (ix.insert_length);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, "Indexing");
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  if (!exec_sql (self->db, "COMMIT", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  *indexed = TRUE;
  return TRUE;
}

/**
 * kf_search_index_add_document:
 * @catalogs: (nullable) (array zero-terminated=1): translations of @document to index as well
 *
 * Indexes every text of @document in its own language and, for each catalog, the texts it
 * translates. Nothing happens when the same document (by id) was indexed with the same content
 * and the same catalogs; a changed document replaces its old rows.
 *
 * Returns: TRUE if the document was (re)indexed; FALSE if it was up to date, or on error.
 */
gboolean
kf_search_index_add_document (KfSearchIndex      *self,
                              KfDocument         *document,
                              KfCatalog * const  *catalogs,
                              GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean indexed = FALSE;
  gboolean ok;

  g_return_val_if_fail (KF_IS_SEARCH_INDEX (self), FALSE);
  g_return_val_if_fail (KF_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_mutex_lock (&self->lock);
  ok = add_document_locked (self, document, catalogs, &indexed, &local_error);
  if (!ok && is_corrupt (local_error))
    {
      reset_database (self);
      g_clear_error (&local_error);
      ok = add_document_locked (self, document, catalogs, &indexed, &local_error);
    }
  g_mutex_unlock (&self->lock);

  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return indexed;
}

/**
 * kf_search_index_remove_document:
 *
 * Removes every row of the document @document_id (nothing when it is not indexed).
 *
 * Returns: FALSE on error
 */
gboolean
kf_search_index_remove_document (KfSearchIndex  *self,
                                 const char     *document_id,
                                 GError        **error)
{
  gboolean ok;
  int rc;

  g_return_val_if_fail (KF_IS_SEARCH_INDEX (self), FALSE);
  g_return_val_if_fail (document_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_mutex_lock (&self->lock);
  ok = ensure_open (self, error) && exec_sql (self->db, "BEGIN IMMEDIATE", error);
  if (ok)
    {
      rc = delete_document_rows (self->db, document_id);
      if (rc != SQLITE_OK)
        {
          set_sqlite_error (error, self->db, rc, "Search index");
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          ok = FALSE;
        }
      else if (!exec_sql (self->db, "COMMIT", error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          ok = FALSE;
        }
    }
  g_mutex_unlock (&self->lock);

  return ok;
}

/* --- snippets ---------------------------------------------------------------------------- */

typedef struct
{
  gsize start;
  gsize end;
} Range;

static int
compare_ranges (gconstpointer a,
                gconstpointer b)
{
  const Range *ra = a;
  const Range *rb = b;

  if (ra->start != rb->start)
    return ra->start < rb->start ? -1 : 1;
  return ra->end < rb->end ? 1 : (ra->end > rb->end ? -1 : 0);
}

/* The original byte range of the normalized bytes [@ns, @ne). Characters that vanished in
 * normalization (combining accents) right after the match belong to it. */
static Range
map_range (const char *text,
           GArray     *map,
           gsize       ns,
           gsize       ne)
{
  Range r;
  gsize last = g_array_index (map, gsize, ne - 1);
  gsize next = g_array_index (map, gsize, ne);

  r.start = g_array_index (map, gsize, ns);
  r.end = next > last ? next : (gsize) (g_utf8_next_char (text + last) - text);
  return r;
}

/* Every occurrence of every term in @text, in original byte offsets, sorted and merged. */
static GArray *
find_matches (const char *text,
              GPtrArray  *terms)
{
  g_autoptr(GArray) map = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autofree char *norm = normalize (text, map);
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (Range));
  GArray *merged = g_array_new (FALSE, FALSE, sizeof (Range));

  for (guint i = 0; i < terms->len; i++)
    {
      const char *term = g_ptr_array_index (terms, i);
      gsize len = strlen (term);

      for (const char *hit = strstr (norm, term); hit; hit = strstr (hit + len, term))
        {
          Range r = map_range (text, map, hit - norm, hit - norm + len);

          g_array_append_val (ranges, r);
        }
    }

  g_array_sort (ranges, compare_ranges);
  for (guint i = 0; i < ranges->len; i++)
    {
      Range r = g_array_index (ranges, Range, i);
      Range *prev = merged->len ? &g_array_index (merged, Range, merged->len - 1) : NULL;

      if (prev && r.start <= prev->end)
        prev->end = MAX (prev->end, r.end);
      else
        g_array_append_val (merged, r);
    }

  return merged;
}

static const char *
skip_chars (const char *p,
            const char *limit,
            int         n)
{
  for (; n > 0 && p < limit; n--)
    p = g_utf8_next_char (p);
  return MIN (p, limit);
}

static const char *
back_chars (const char *p,
            const char *limit,
            int         n)
{
  for (; n > 0 && p > limit; n--)
    p = g_utf8_prev_char (p);
  return p;
}

static gboolean
is_space_at (const char *p)
{
  return g_unichar_isspace (g_utf8_get_char (p));
}

/* Appends @text[@start, @end) to the snippet, runs of white space as one space. */
static void
append_snippet_run (GString    *plain,
                    GString    *markup,
                    const char *start,
                    const char *end,
                    gboolean    bold)
{
  gsize from = plain->len;
  g_autofree char *escaped = NULL;

  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    {
      if (is_space_at (p))
        {
          if (plain->len > 0 && plain->str[plain->len - 1] != ' ')
            g_string_append_c (plain, ' ');
        }
      else
        g_string_append_len (plain, p, g_utf8_next_char (p) - p);
    }

  if (plain->len == from)
    return;
  escaped = g_markup_escape_text (plain->str + from, plain->len - from);
  if (bold)
    g_string_append_printf (markup, "<b>%s</b>", escaped);
  else
    g_string_append (markup, escaped);
}

static void
fill_snippet (KfSearchResult *result,
              const char     *text,
              GPtrArray      *terms)
{
  g_autoptr(GArray) matches = find_matches (text, terms);
  const char *text_end = text + strlen (text);
  const char *ms = text;
  const char *me = text;
  const char *start;
  const char *end;
  const char *p;
  GString *plain;
  GString *markup;

  if (matches->len > 0)
    {
      ms = text + g_array_index (matches, Range, 0).start;
      me = text + g_array_index (matches, Range, 0).end;
    }
  result->match = g_strndup (ms, me - ms);

  /* the window: some context before the match, the rest after it */
  start = back_chars (ms, text, SNIPPET_BEFORE);
  end = skip_chars (start, text_end, SNIPPET_CHARS);
  if (end < me)
    end = me;
  if (end == text_end)
    start = back_chars (end, text, SNIPPET_CHARS);
  if (start > ms)
    start = ms;

  /* cut at white space when there is some close by */
  if (start > text && !is_space_at (g_utf8_prev_char (start)))
    {
      const char *limit = skip_chars (start, ms, SNIPPET_SNAP);

      for (p = start; p < limit; p = g_utf8_next_char (p))
        if (is_space_at (p))
          {
            start = p;
            break;
          }
    }
  if (end < text_end && !is_space_at (end))
    {
      const char *limit = back_chars (end, me, SNIPPET_SNAP);

      for (p = end; p > limit; p = g_utf8_prev_char (p))
        if (is_space_at (p))
          {
            end = p;
            break;
          }
    }
  while (start < ms && is_space_at (start))
    start = g_utf8_next_char (start);
  while (end > me && is_space_at (g_utf8_prev_char (end)))
    end = g_utf8_prev_char (end);

  plain = g_string_new (start > text ? "…" : NULL);
  markup = g_string_new (plain->str);
  p = start;
  for (guint i = 0; i < matches->len && p < end; i++)
    {
      Range r = g_array_index (matches, Range, i);
      const char *rs = MAX (text + r.start, p);
      const char *re = MIN (text + r.end, end);

      if (re <= rs)
        continue;
      append_snippet_run (plain, markup, p, rs, FALSE);
      append_snippet_run (plain, markup, rs, re, TRUE);
      p = re;
    }
  append_snippet_run (plain, markup, p, end, FALSE);
  if (end < text_end)
    {
      g_string_append (plain, "…");
      g_string_append (markup, "…");
    }

  result->snippet = g_string_free (plain, FALSE);
  result->snippet_markup = g_string_free (markup, FALSE);
}

/* --- queries ----------------------------------------------------------------------------- */

static int
progress_cb (gpointer user_data)
{
  return g_cancellable_is_cancelled (user_data);
}

/* "term" AND "term" …, over the text and the heading; kf_rank() drops the rows where only the
 * heading has a term. */
static char *
build_match (GPtrArray *long_terms)
{
  GString *match = g_string_new (NULL);

  append_fts_list (match, long_terms, " AND ");
  return g_string_free (match, FALSE);
}

typedef struct
{
  sqlite3_int64 id;
  double        rank;
} Hit;

static void
bind_terms (sqlite3_stmt *stmt,
            int           first,
            GPtrArray    *terms)
{
  for (guint i = 0; i < terms->len; i++)
    sqlite3_bind_text (stmt, first + i, g_ptr_array_index (terms, i), -1, SQLITE_STATIC);
}

/* "kf_scan_rank(norm, title_norm, ?N, ?N+1, …)" */
static void
append_scan_rank (GString   *sql,
                  GPtrArray *short_terms,
                  int        first)
{
  g_string_append (sql, "kf_scan_rank(norm, title_norm");
  for (guint i = 0; i < short_terms->len; i++)
    g_string_append_printf (sql, ", ?%u", first + i);
  g_string_append (sql, ")");
}

/* The ids of the rows whose normalized text holds every term, best first, at most @limit
 * (0: all). Terms of three characters or more go through the trigram index, ranked by
 * kf_rank(); without them, the table is scanned with kf_scan_rank(). With both, the index
 * gives the candidates in order and each is checked for the short terms until there are
 * enough: short terms are frequent, so that takes few checks. */
static int
find_hits (sqlite3    *db,
           GPtrArray  *long_terms,
           GPtrArray  *short_terms,
           guint       limit,
           GArray     *hits)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *match = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3_stmt *check = NULL;
  gboolean mixed = long_terms->len > 0 && short_terms->len > 0;
  int rc;

  if (long_terms->len > 0)
    {
      match = build_match (long_terms);
      g_string_append (sql, "SELECT rowid, kf_rank(texts_fts) AS r FROM texts_fts "
                            "WHERE texts_fts MATCH ?1 AND r IS NOT NULL "
                            "ORDER BY r, rowid LIMIT ?2");
    }
  else
    {
      g_string_append (sql, "SELECT id, ");
      append_scan_rank (sql, short_terms, 3);
      g_string_append (sql, " AS r FROM texts ORDER BY r, id LIMIT ?2");
    }

  rc = sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL);
  if (rc == SQLITE_OK && mixed)
    {
      g_string_assign (sql, "SELECT ");
      append_scan_rank (sql, short_terms, 2);
      g_string_append_printf (sql, " < %g FROM texts WHERE id = ?1", SCAN_NO_MATCH);
      rc = sqlite3_prepare_v2 (db, sql->str, -1, &check, NULL);
    }
  if (rc != SQLITE_OK)
    goto out;

  if (match)
    sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit > 0 && !mixed ? (gint64) limit : -1);
  if (long_terms->len == 0)
    bind_terms (stmt, 3, short_terms);
  if (check)
    bind_terms (check, 2, short_terms);

  while ((limit == 0 || hits->len < limit) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Hit hit = { sqlite3_column_int64 (stmt, 0), sqlite3_column_double (stmt, 1) };

      if (long_terms->len == 0 && hit.rank >= SCAN_NO_MATCH)
        break;  /* the rest lack a term */

      if (check)
        {
          gboolean has_all;

          sqlite3_reset (check);
          sqlite3_bind_int64 (check, 1, hit.id);
          rc = sqlite3_step (check);
          if (rc != SQLITE_ROW)
            break;
          has_all = sqlite3_column_int (check, 0);
          if (!has_all)
            continue;
        }
      g_array_append_val (hits, hit);
    }
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    rc = SQLITE_OK;

out:
  sqlite3_finalize (stmt);
  sqlite3_finalize (check);
  return rc;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* The results for @hits, with their texts in @texts (for the snippets). */
static int
fetch_results (sqlite3   *db,
               GArray    *hits,
               GPtrArray *results,
               GPtrArray *texts)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT t.document_id, t.language, t.block_id, t.node_id, "
                           "t.theme_title, t.heading, t.text, ti.title "
                           "FROM texts t LEFT JOIN titles ti "
                           "ON ti.document_id = t.document_id AND ti.language = t.language "
                           "WHERE t.id = ?1", -1, &stmt, NULL);

  for (guint i = 0; rc == SQLITE_OK && i < hits->len; i++)
    {
      const Hit *hit = &g_array_index (hits, Hit, i);
      KfSearchResult *result;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, hit->id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        {
          rc = SQLITE_OK;
          continue;
        }
      if (rc != SQLITE_ROW)
        break;
      rc = SQLITE_OK;

      result = g_new0 (KfSearchResult, 1);
      result->document_id = column_dup (stmt, 0);
      result->language = column_dup (stmt, 1);
      result->block_id = column_dup (stmt, 2);
      result->node_id = column_dup (stmt, 3);
      result->theme_title = column_dup (stmt, 4);
      result->heading = column_dup (stmt, 5);
      result->document_title = column_dup (stmt, 7);
      result->rank = hit->rank;
      g_ptr_array_add (results, result);
      g_ptr_array_add (texts, column_dup (stmt, 6));
    }
  sqlite3_finalize (stmt);

  return rc;
}

static GPtrArray *
query_internal (KfSearchIndex  *self,
                const char     *query,
                guint           limit,
                GCancellable   *cancellable,
                GError        **error)
{
  g_autoptr(GPtrArray) terms = split_query (query);
  g_autoptr(GPtrArray) long_terms = g_ptr_array_new ();
  g_autoptr(GPtrArray) short_terms = g_ptr_array_new ();
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (Hit));
  g_autoptr(GError) local_error = NULL;
  int rc = SQLITE_OK;

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) kf_search_result_free);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (terms->len == 0)
    return g_steal_pointer (&results);

  for (guint i = 0; i < terms->len; i++)
    {
      char *term = g_ptr_array_index (terms, i);

      g_ptr_array_add (g_utf8_strlen (term, -1) >= 3 ? long_terms : short_terms, term);
    }

  g_mutex_lock (&self->lock);

  if (!ensure_open (self, &local_error))
    goto out;

  if (cancellable)
    sqlite3_progress_handler (self->db, 1000, progress_cb, cancellable);
  if (long_terms->len > 0)
    rc = load_lengths (self);
  if (rc == SQLITE_OK)
    rc = find_hits (self->db, long_terms, short_terms, limit, hits);
  if (rc == SQLITE_OK)
    rc = fetch_results (self->db, hits, results, texts);
  if (rc != SQLITE_OK)
    set_sqlite_error (&local_error, self->db, rc, "Search");
  if (cancellable)
    sqlite3_progress_handler (self->db, 0, NULL, NULL);

out:
  if (is_corrupt (local_error))
    reset_database (self);
  g_mutex_unlock (&self->lock);

  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  for (guint i = 0; i < results->len; i++)
    fill_snippet (g_ptr_array_index (results, i), g_ptr_array_index (texts, i), terms);

  return g_steal_pointer (&results);
}

/**
 * kf_search_index_query:
 * @query: words to find, in any order; each must occur in a text (as a substring, ignoring
 *   case and accents)
 * @limit: at most this many results, or 0 for all
 *
 * Returns: (transfer container) (element-type KfSearchResult): the matching texts, best first;
 *   empty for an empty query; NULL on error
 */
GPtrArray *
kf_search_index_query (KfSearchIndex  *self,
                       const char     *query,
                       guint           limit,
                       GError        **error)
{
  g_return_val_if_fail (KF_IS_SEARCH_INDEX (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return query_internal (self, query, limit, NULL, error);
}

typedef struct
{
  char  *query;
  guint  limit;
} QueryData;

static void
query_data_free (QueryData *data)
{
  g_free (data->query);
  g_free (data);
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  QueryData *data = task_data;
  GError *error = NULL;
  GPtrArray *results;

  results = query_internal (source_object, data->query, data->limit, cancellable, &error);
  if (results == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * kf_search_index_query_async:
 *
 * Runs kf_search_index_query() in a worker thread. Cancelling @cancellable interrupts it.
 */
void
kf_search_index_query_async (KfSearchIndex       *self,
                             const char          *query,
                             guint                limit,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  QueryData *data;

  g_return_if_fail (KF_IS_SEARCH_INDEX (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (QueryData, 1);
  data->query = g_strdup (query);
  data->limit = limit;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kf_search_index_query_async);
  g_task_set_task_data (task, data, (GDestroyNotify) query_data_free);
  g_task_run_in_thread (task, query_thread);
}

GPtrArray *
kf_search_index_query_finish (KfSearchIndex  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (KF_IS_SEARCH_INDEX (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kf_search_index_query_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
