/* kf-l10n.c — which languages a document can be read in, and their catalogs
 *
 * A document's content catalogs are gettext .mo files compiled into the GResource at
 * KF_L10N_RESOURCE_PATH/DOCUMENT-ID/LL.mo (LL as in po/LINGUAS: "fr", "pt_BR", "zh_CN").
 * The reader's own labels in that language come from the "kaifang" domain in LOCALEDIR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-l10n"

#include "config.h"

#include <string.h>

#include "kf-l10n.h"

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

/**
 * kf_l10n_content_languages:
 *
 * Returns: (transfer full): the languages (po codes, sorted) that @document_id has content
 *   translations for; an empty list when it has none
 */
char **
kf_l10n_content_languages (const char *document_id)
{
  g_autofree char *dir = g_strdup_printf (KF_L10N_RESOURCE_PATH "/%s/", document_id);
  g_auto(GStrv) children = g_resources_enumerate_children (dir, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  GPtrArray *languages = g_ptr_array_new ();

  for (guint i = 0; children && children[i]; i++)
    if (g_str_has_suffix (children[i], ".mo"))
      g_ptr_array_add (languages, g_strndup (children[i], strlen (children[i]) - 3));

  g_ptr_array_sort (languages, compare_strings);
  g_ptr_array_add (languages, NULL);
  return (char **) g_ptr_array_free (languages, FALSE);
}

KfCatalog *
kf_l10n_load_content (const char  *document_id,
                      const char  *language,
                      GError     **error)
{
  g_autofree char *path = g_strdup_printf (KF_L10N_RESOURCE_PATH "/%s/%s.mo", document_id, language);
  g_autofree char *tag = kf_language_normalize (language);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);

  if (bytes == NULL)
    return NULL;
  return kf_catalog_new_from_bytes (bytes, tag, error);
}

/**
 * kf_l10n_load_labels:
 *
 * Returns: (transfer full) (nullable): the reader's own strings in @language, or NULL
 */
KfCatalog *
kf_l10n_load_labels (const char *localedir,
                     const char *language)
{
  g_autofree char *path = NULL;
  g_autofree char *tag = NULL;
  g_autoptr(GFile) file = NULL;

  if (localedir == NULL || language == NULL)
    return NULL;

  path = g_build_filename (localedir, language, "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  file = g_file_new_for_path (path);
  tag = kf_language_normalize (language);
  return kf_catalog_new_from_file (file, tag, NULL);
}

/* "pt_BR", "pt-BR" and "pt_BR.UTF-8" are the same language; "pt" matches "pt_BR" only as a
 * fallback. */
static gboolean
same_language (const char *a,
               const char *b)
{
  g_autofree char *na = kf_language_normalize (a);
  g_autofree char *nb = kf_language_normalize (b);

  return na && nb && g_ascii_strcasecmp (na, nb) == 0;
}

static gboolean
same_primary (const char *a,
              const char *b)
{
  gsize la = strcspn (a, "_-.@");
  gsize lb = strcspn (b, "_-.@");

  return la == lb && g_ascii_strncasecmp (a, b, la) == 0;
}

/* Returns the available entry for @wanted, the document's own language as "", or NULL. */
static char *
match (const char * const *available,
       const char         *wanted,
       const char         *document_language,
       gboolean            allow_primary)
{
  if (wanted == NULL || wanted[0] == '\0' || g_str_equal (wanted, "C") || g_str_equal (wanted, "POSIX"))
    return NULL;

  for (guint i = 0; available && available[i]; i++)
    if (same_language (available[i], wanted))
      return g_strdup (available[i]);
  if (document_language && same_language (document_language, wanted))
    return g_strdup ("");

  if (!allow_primary)
    return NULL;

  for (guint i = 0; available && available[i]; i++)
    if (same_primary (available[i], wanted))
      return g_strdup (available[i]);
  if (document_language && same_primary (document_language, wanted))
    return g_strdup ("");

  return NULL;
}

/**
 * kf_l10n_choose:
 * @available: the document's content languages
 * @requested: (nullable): the reader's choice ("" or NULL: follow the interface)
 * @ui_languages: the interface languages in order of preference (g_get_language_names())
 * @document_language: the language the document is written in
 *
 * Picks the reading language: the requested one, else the first interface language that has a
 * translation, else English, else the document's own.
 *
 * Returns: (transfer full): an entry of @available, or "" for the document's own text
 */
char *
kf_l10n_choose (const char * const *available,
                const char         *requested,
                const char * const *ui_languages,
                const char         *document_language)
{
  char *choice;

  if ((choice = match (available, requested, document_language, TRUE)))
    return choice;

  for (guint i = 0; ui_languages && ui_languages[i]; i++)
    if ((choice = match (available, ui_languages[i], document_language, FALSE)))
      return choice;
  for (guint i = 0; ui_languages && ui_languages[i]; i++)
    if ((choice = match (available, ui_languages[i], document_language, TRUE)))
      return choice;

  if ((choice = match (available, "en", document_language, TRUE)))
    return choice;

  return g_strdup ("");
}

/* The name of a language in that language, for menus. */
const char *
kf_l10n_native_name (const char *language)
{
  static const struct { const char *code, *name; } names[] = {
    { "ar", "العربية" },
    { "de", "Deutsch" },
    { "en", "English" },
    { "es", "Español" },
    { "fr", "Français" },
    { "ja", "日本語" },
    { "pt_BR", "Português (Brasil)" },
    { "ru", "Русский" },
    { "zh_CN", "中文（简体）" },
    { "zh_TW", "中文（繁體）" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (same_language (names[i].code, language))
      return names[i].name;

  return language;
}

/* Where the "kaifang" catalogs are: $KAIFANG_LOCALEDIR (the build tree) or the installed one. */
const char *
kf_l10n_localedir (void)
{
  const char *dir = g_getenv ("KAIFANG_LOCALEDIR");

  return dir && dir[0] ? dir : LOCALEDIR;
}
