/* test-catalog.c — reading gettext catalogs without the process locale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kf-catalog.h"
#include "kf-l10n.h"
#include "kf-renderer.h"

static KfCatalog *
load_catalog (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "minimal-fr.mo", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  KfCatalog *catalog = kf_catalog_new_from_file (file, "fr", &error);

  g_assert_no_error (error);
  return catalog;
}

static void
test_lookup (void)
{
  g_autoptr(KfCatalog) catalog = load_catalog ();

  g_assert_cmpstr (kf_catalog_get_language (catalog), ==, "fr");
  g_assert_cmpstr (kf_catalog_lookup (catalog, "themes/first/title", "First theme"), ==, "Premier thème");
  /* contexts matter */
  g_assert_null (kf_catalog_lookup (catalog, "themes/other/title", "First theme"));
  g_assert_null (kf_catalog_lookup (catalog, NULL, "First theme"));
  g_assert_cmpstr (kf_catalog_gettext (catalog, "Key figures"), ==, "Chiffres clés");
  /* untranslated and fuzzy entries fall back to the msgid */
  g_assert_cmpstr (kf_catalog_pgettext (catalog, "themes/second/summary", "The second summary."),
                   ==, "The second summary.");
  g_assert_cmpstr (kf_catalog_gettext (catalog, "Not there"), ==, "Not there");
  /* a NULL catalog is the identity */
  g_assert_cmpstr (kf_catalog_gettext (NULL, "Key figures"), ==, "Key figures");
  /* a long context takes the heap path */
  {
    g_autofree char *context = g_strnfill (400, 'x');

    g_assert_null (kf_catalog_lookup (catalog, context, "First theme"));
  }
}

static void
test_invalid (void)
{
  const char *inputs[] = { "", "not a catalog at all, but long enough to have a header",
                           "\xde\x12\x04\x95\0\0\0\0\xff\xff\xff\x7f\x1c\0\0\0\xff\xff\0\0\0\0\0\0\0\0\0\0" };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (inputs[i], i == 2 ? 28 : strlen (inputs[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(KfCatalog) catalog = kf_catalog_new_from_bytes (bytes, "xx", &error);

      g_assert_null (catalog);
      g_assert_error (error, KF_CATALOG_ERROR, KF_CATALOG_ERROR_INVALID);
    }
}

static void
test_render_translated (void)
{
  g_autoptr(KfCatalog) catalog = load_catalog ();
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "documents", "minimal.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KfDocument) doc = kf_document_load_from_file (file, NULL, &error);
  KfRenderOptions options = { catalog, catalog };
  g_autofree char *theme = NULL;
  g_autofree char *section = NULL;
  g_autofree char *title = NULL;

  g_assert_no_error (error);

  theme = kf_render_node (doc, kf_document_lookup_node (doc, "first"), &options);
  g_assert_true (g_str_has_prefix (theme, "<article class=\"theme\" lang=\"fr\" dir=\"ltr\""));
  g_assert_nonnull (strstr (theme, "<h1>Premier thème</h1>"));
  g_assert_nonnull (strstr (theme, ">Chiffres clés</h2>"));
  /* "Second theme" is only translated without context, which content lookups never use */
  g_assert_nonnull (strstr (theme, "2. Second theme</a>"));

  section = kf_render_node (doc, kf_document_lookup_node (doc, "first-a"), &options);
  g_assert_nonnull (strstr (section, "<li data-block=\"sections/first-a/blocks/1/items/0\">Un point</li>"));
  g_assert_nonnull (strstr (section, "<li data-block=\"sections/first-a/blocks/1/items/1\">Another point</li>"));
  g_assert_nonnull (strstr (section, "plus de <data value=\"2.7\">2.7</data> <span class=\"figure-unit\">billions de yuans</span>"));

  title = kf_render_node_title (doc, kf_document_lookup_node (doc, "first"), &options);
  g_assert_cmpstr (title, ==, "Premier thème");
}

static void
test_languages (void)
{
  g_autofree char *a = kf_language_normalize ("zh_CN.UTF-8@latin");
  g_autofree char *b = kf_language_normalize ("pt_BR");

  g_assert_cmpstr (a, ==, "zh-CN");
  g_assert_cmpstr (b, ==, "pt-BR");
  g_assert_true (kf_language_is_rtl ("ar"));
  g_assert_true (kf_language_is_rtl ("ar_EG.UTF-8"));
  g_assert_true (kf_language_is_rtl ("he"));
  g_assert_false (kf_language_is_rtl ("arn"));
  g_assert_false (kf_language_is_rtl ("fr"));
  g_assert_false (kf_language_is_rtl (NULL));
}

static void
test_choose (void)
{
  const char *available[] = { "ar", "fr", "pt_BR", "zh_CN", NULL };
  const char *with_en[] = { "en", "fr", NULL };
  struct {
    const char * const *available;
    const char *requested;
    const char *ui[4];
    const char *document;
    const char *expected;
  } cases[] = {
    /* the reader's choice wins */
    { available, "fr", { "de", "C" }, "en", "fr" },
    { available, "pt-BR", { "C" }, "en", "pt_BR" },
    { available, "zh_CN.UTF-8", { "C" }, "en", "zh_CN" },
    /* asking for the original */
    { available, "en", { "fr", "C" }, "en", "" },
    /* no choice: the interface language, also by its primary subtag */
    { available, "", { "fr_FR.UTF-8", "fr_FR", "fr", "C" }, "en", "fr" },
    { available, NULL, { "pt", "C" }, "en", "pt_BR" },
    { available, "", { "ar", "C" }, "en", "ar" },
    /* an exact interface match beats an earlier primary-only one */
    { available, "", { "zh_TW", "zh_CN", "C" }, "en", "zh_CN" },
    /* no translation for the interface: English, then the original */
    { with_en, "", { "de", "C" }, "zh", "en" },
    { available, "", { "de", "C" }, "en", "" },
    { available, "", { "de", "C" }, "ja", "" },
    /* an unknown request falls back like no request */
    { available, "xx", { "fr", "C" }, "en", "fr" },
    /* the interface language is the original */
    { available, "", { "en_GB", "C" }, "en", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *chosen = kf_l10n_choose (cases[i].available, cases[i].requested,
                                                cases[i].ui, cases[i].document);

      g_assert_cmpstr (chosen, ==, cases[i].expected);
    }

  g_assert_cmpstr (kf_l10n_native_name ("zh_CN"), ==, "中文（简体）");
  g_assert_cmpstr (kf_l10n_native_name ("ar"), ==, "العربية");
  g_assert_cmpstr (kf_l10n_native_name ("xx"), ==, "xx");
}

static void
test_bilingual (void)
{
  g_autoptr(KfCatalog) catalog = load_catalog ();
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "documents", "minimal.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KfDocument) doc = kf_document_load_from_file (file, NULL, NULL);
  KfRenderOptions options = { catalog, catalog, TRUE };
  KfRenderOptions original = { NULL, NULL, TRUE };
  g_autofree char *theme = NULL;
  g_autofree char *section = NULL;
  g_autofree char *mono = NULL;

  theme = kf_render_node (doc, kf_document_lookup_node (doc, "first"), &options);
  g_assert_nonnull (strstr (theme, "<h1>Premier thème</h1>\n<p class=\"kf-original kf-original-title\" lang=\"en\" dir=\"ltr\">First theme</p>"));

  /* list items pair up block by block, each side with its own language */
  section = kf_render_node (doc, kf_document_lookup_node (doc, "first-a"), &options);
  g_assert_nonnull (strstr (section, "<li><div class=\"kf-pair\" data-block=\"sections/first-a/blocks/1/items/0\"><div class=\"kf-reading\" lang=\"fr\" dir=\"ltr\">Un point</div>"
                                     "<div class=\"kf-original\" lang=\"en\" dir=\"ltr\">One point</div></div>"));
  g_assert_nonnull (strstr (section, "<div class=\"kf-pair\" data-block=\"sections/first-a/blocks/0\"><p class=\"kf-reading\" lang=\"fr\""));

  /* reading the original, there is nothing to pair */
  mono = kf_render_node (doc, kf_document_lookup_node (doc, "first-a"), &original);
  g_assert_null (strstr (mono, "kf-pair"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalog/lookup", test_lookup);
  g_test_add_func ("/catalog/invalid", test_invalid);
  g_test_add_func ("/catalog/render-translated", test_render_translated);
  g_test_add_func ("/catalog/languages", test_languages);
  g_test_add_func ("/catalog/choose", test_choose);
  g_test_add_func ("/catalog/bilingual", test_bilingual);

  return g_test_run ();
}
