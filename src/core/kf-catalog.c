/* kf-catalog.c — gettext catalogs (.mo) read directly
 *
 * The reader shows a document in a reading language that can change at run time and differ
 * from the interface language, and can show two languages side by side. libintl can only
 * follow the process locale, so catalogs are read here: a .mo file is a table of
 * (context "\004" msgid) → translation pairs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-catalog"

#include "config.h"

#include <string.h>

#include "kf-catalog.h"

struct _KfCatalog
{
  GObject     parent_instance;

  GBytes     *bytes;
  char       *language;
  GHashTable *table;      /* key → translation, both pointing into @bytes */
};

G_DEFINE_FINAL_TYPE (KfCatalog, kf_catalog, G_TYPE_OBJECT)

G_DEFINE_QUARK (kf-catalog-error-quark, kf_catalog_error)

static void
kf_catalog_finalize (GObject *object)
{
  KfCatalog *self = (KfCatalog *)object;

  g_clear_pointer (&self->table, g_hash_table_unref);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->language, g_free);

  G_OBJECT_CLASS (kf_catalog_parent_class)->finalize (object);
}

static void
kf_catalog_class_init (KfCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kf_catalog_finalize;
}

static void
kf_catalog_init (KfCatalog *self)
{
  self->table = g_hash_table_new (g_str_hash, g_str_equal);
}

static guint32
read_u32 (const guchar *p,
          gboolean      swap)
{
  guint32 v;

  memcpy (&v, p, 4);
  return swap ? GUINT32_SWAP_LE_BE (v) : v;
}

/* Checks that the string table entry @i at @table lies inside the data and ends in a NUL. */
static const char *
entry_string (const guchar *data,
              gsize         size,
              guint32       table,
              guint32       i,
              gboolean      swap,
              guint32      *length)
{
  guint64 entry = (guint64) table + (guint64) i * 8;
  guint32 len, off;

  if (entry + 8 > size)
    return NULL;
  len = read_u32 (data + entry, swap);
  off = read_u32 (data + entry + 4, swap);
  if ((guint64) off + len + 1 > size || data[off + len] != '\0')
    return NULL;

  *length = len;
  return (const char *) data + off;
}

KfCatalog *
kf_catalog_new_from_bytes (GBytes      *mo_data,
                           const char  *language,
                           GError     **error)
{
  g_autoptr(KfCatalog) self = NULL;
  const guchar *data;
  gsize size;
  guint32 magic, n, originals, translations;
  gboolean swap;

  g_return_val_if_fail (mo_data != NULL, NULL);

  data = g_bytes_get_data (mo_data, &size);
  if (size < 28)
    goto invalid;

  memcpy (&magic, data, 4);
  if (magic == 0x950412de)
    swap = FALSE;
  else if (magic == 0xde120495)
    swap = TRUE;
  else
    goto invalid;

  n = read_u32 (data + 8, swap);
  originals = read_u32 (data + 12, swap);
  translations = read_u32 (data + 16, swap);

  self = g_object_new (KF_TYPE_CATALOG, NULL);
  self->bytes = g_bytes_ref (mo_data);
  self->language = g_strdup (language);

  for (guint32 i = 0; i < n; i++)
    {
      guint32 olen, tlen;
      const char *original = entry_string (data, size, originals, i, swap, &olen);
      const char *translation = entry_string (data, size, translations, i, swap, &tlen);

      if (original == NULL || translation == NULL)
        goto invalid;
      /* skip the header and untranslated entries */
      if (olen == 0 || tlen == 0)
        continue;
      g_hash_table_insert (self->table, (gpointer) original, (gpointer) translation);
    }

  return g_steal_pointer (&self);

invalid:
  g_set_error (error, KF_CATALOG_ERROR, KF_CATALOG_ERROR_INVALID,
               "not a valid gettext catalog (.mo)");
  return NULL;
}

KfCatalog *
kf_catalog_new_from_file (GFile       *file,
                          const char  *language,
                          GError     **error)
{
  g_autoptr(GBytes) bytes = g_file_load_bytes (file, NULL, NULL, error);

  if (bytes == NULL)
    return NULL;
  return kf_catalog_new_from_bytes (bytes, language, error);
}

const char *
kf_catalog_get_language (KfCatalog *self)
{
  g_return_val_if_fail (KF_IS_CATALOG (self), NULL);
  return self->language;
}

/* Number of translated messages */
guint
kf_catalog_get_size (KfCatalog *self)
{
  g_return_val_if_fail (KF_IS_CATALOG (self), 0);
  return g_hash_table_size (self->table);
}

/* The translation of @msgid in @context, or NULL. */
const char *
kf_catalog_lookup (KfCatalog  *self,
                   const char *context,
                   const char *msgid)
{
  char stack[256];
  g_autofree char *heap = NULL;
  const char *key = msgid;

  if (self == NULL || msgid == NULL)
    return NULL;

  if (context != NULL)
    {
      gsize clen = strlen (context);
      gsize mlen = strlen (msgid);
      char *buf = stack;

      if (clen + mlen + 2 > sizeof stack)
        buf = heap = g_malloc (clen + mlen + 2);
      memcpy (buf, context, clen);
      buf[clen] = '\004';
      memcpy (buf + clen + 1, msgid, mlen + 1);
      key = buf;
    }

  return g_hash_table_lookup (self->table, key);
}

/* Like pgettext(): the translation, or @msgid itself. @self may be NULL. */
const char *
kf_catalog_pgettext (KfCatalog  *self,
                     const char *context,
                     const char *msgid)
{
  const char *translation = kf_catalog_lookup (self, context, msgid);

  return translation ? translation : msgid;
}

const char *
kf_catalog_gettext (KfCatalog  *self,
                    const char *msgid)
{
  return kf_catalog_pgettext (self, NULL, msgid);
}

/* "zh_CN.UTF-8@x" → "zh-CN", "pt_BR" → "pt-BR", "fr" → "fr" */
char *
kf_language_normalize (const char *language)
{
  GString *out;

  if (language == NULL || language[0] == '\0')
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = language; *p && *p != '.' && *p != '@'; p++)
    g_string_append_c (out, *p == '_' ? '-' : *p);

  return g_string_free (out, FALSE);
}

gboolean
kf_language_is_rtl (const char *language)
{
  static const char * const rtl[] = { "ar", "he", "fa", "ur", "ps", "yi", "dv", "ug", "ckb", "sd", NULL };
  char primary[8] = { 0 };
  guint i;

  if (language == NULL)
    return FALSE;
  for (i = 0; i < sizeof primary - 1 && g_ascii_isalpha (language[i]); i++)
    primary[i] = g_ascii_tolower (language[i]);

  return g_strv_contains (rtl, primary);
}
