/* fuzz-renderer.c — libFuzzer target, structure-aware: the input fills the text fields of a
 * small valid document (and, optionally, the translations of its content and of the reader's
 * labels); one part of it, chosen by the input's length (a page and its title, the outline and
 * the POT, or the exports), is rendered and must not contain markup that only unescaped text
 * could have produced.
 *
 * Input: one flags byte, then NUL-separated fields, each made valid UTF-8. Fields run out
 * into empty strings ("x" where the format requires text).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "kf-pot.h"
#include "fuzz-common.h"

enum
{
  FLAG_BILINGUAL  = 1 << 0,
  FLAG_CONTENT    = 1 << 1,
  FLAG_LABELS     = 1 << 2,
  FLAG_SWAPPED_MO = 1 << 3,
  FLAG_URL        = 1 << 4,
  FLAG_EVENTS     = 1 << 5,
  FLAG_LANGUAGE   = 1 << 6,
};

/* the reader's own labels that the renderer looks up (N_() in kf-renderer.c, kf-insight.c);
 * the ones with holes are filled without printf, whatever the translation holds */
static const char * const label_msgids[] = {
  "Theme %s", "over %s", "about %s", "Source: %s", "Figures in %s compared",
  "%1$s and %2$s share key terms: %3$s", "%1$s lists %2$s as a related theme",
  "Themes", "About this document", "Key figures", "Key terms", "Related themes", "Glossary",
  "This document has no glossary terms.", "The original", "Title", "Author", "Published by",
  "Date", "Address", "This document", "Written by", "Original language", "Comparisons",
  "Connections between themes", "Figure", "How the themes connect",
  "No theme is connected to another.", "Related theme", "Shared key term", "Theme map",
  "This document has no dated events.", "This document has no key figures.",
  "This document has only one theme, so there are no connections to show.", "Timeline",
  "Value", "Year",
};

static const char * const qualifiers[] = { "exact", "over", "about" };

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         pos;
  GPtrArray    *strings;
} Input;

/* The next field: the bytes up to the next NUL, made valid UTF-8; "" once the input is used up. */
static const char *
optional_text (Input *in)
{
  const guint8 *start = in->data + in->pos;
  gsize left = in->size - in->pos;
  const guint8 *nul = memchr (start, '\0', left);
  gsize len = nul ? (gsize) (nul - start) : left;
  char *text = g_utf8_make_valid ((const char *) start, len);

  in->pos += nul ? len + 1 : len;
  g_ptr_array_add (in->strings, text);
  return text;
}

static const char *
required_text (Input *in)
{
  const char *text = optional_text (in);

  return text[0] != '\0' ? text : "x";
}

static void
member (JsonBuilder *b,
        const char  *name,
        const char  *value)
{
  if (value == NULL || value[0] == '\0')
    return;
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

static void
member_int (JsonBuilder *b,
            const char  *name,
            gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
member_refs (JsonBuilder *b,
             const char  *name,
             const char  *ref)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  json_builder_add_string_value (b, ref);
  json_builder_end_array (b);
}

static void
paragraph (JsonBuilder *b,
           const char  *text)
{
  json_builder_begin_object (b);
  member (b, "type", "paragraph");
  member (b, "text", text);
  json_builder_end_object (b);
}

static void
ref_block (JsonBuilder *b,
           const char  *type,
           const char  *ref)
{
  json_builder_begin_object (b);
  member (b, "type", type);
  member (b, "ref", ref);
  json_builder_end_object (b);
}

static void
figure (JsonBuilder *b,
        Input       *in,
        const char  *id,
        const char  *theme,
        const char  *unit,
        gint64       year)
{
  double value = g_ascii_strtod (optional_text (in), NULL);

  json_builder_begin_object (b);
  member (b, "id", id);
  json_builder_set_member_name (b, "value");
  json_builder_add_double_value (b, isfinite (value) ? value : 2.7);
  member (b, "unit", unit);
  member (b, "label", required_text (in));
  member_int (b, "year", year);
  member (b, "qualifier", qualifiers[strlen (optional_text (in)) % G_N_ELEMENTS (qualifiers)]);
  member (b, "theme", theme);
  member (b, "source", optional_text (in));
  json_builder_end_object (b);
}

static char *
build_document (Input *in,
                guint  flags)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *url = NULL;
  const char *unit;

  json_builder_begin_object (b);
  member (b, "format", "kaifang-document");
  member_int (b, "version", (flags & FLAG_EVENTS) ? 2 : 1);

  json_builder_set_member_name (b, "metadata");
  json_builder_begin_object (b);
  member (b, "id", "fz");
  member (b, "title", required_text (in));
  member (b, "subtitle", optional_text (in));
  member (b, "intro", optional_text (in));
  json_builder_set_member_name (b, "authors");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, required_text (in));
  json_builder_end_array (b);
  member (b, "language", (flags & FLAG_LANGUAGE) ? required_text (in) : "en");
  member (b, "date", "2024-12-27");
  member (b, "attribution", required_text (in));
  json_builder_set_member_name (b, "source");
  json_builder_begin_object (b);
  member (b, "name", required_text (in));
  url = g_strconcat ("https://example.org/", (flags & FLAG_URL) ? optional_text (in) : "", NULL);
  member (b, "url", url);
  member (b, "title", optional_text (in));
  member (b, "author", optional_text (in));
  member (b, "date", "2024-12-27");
  json_builder_end_object (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "themes");
  json_builder_begin_array (b);

  json_builder_begin_object (b);
  member (b, "id", "t1");
  member_int (b, "number", 1);
  member (b, "title", required_text (in));
  member (b, "short_title", optional_text (in));
  member (b, "accent", "#123456");
  member (b, "summary", required_text (in));
  member_refs (b, "related", "#t2");
  member_refs (b, "terms", "#term");
  json_builder_set_member_name (b, "sections");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  member (b, "id", "s1");
  member (b, "title", required_text (in));
  member (b, "kind", optional_text (in));
  json_builder_set_member_name (b, "blocks");
  json_builder_begin_array (b);
  paragraph (b, required_text (in));
  json_builder_begin_object (b);
  member (b, "type", "list");
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, required_text (in));
  json_builder_add_string_value (b, required_text (in));
  json_builder_end_array (b);
  json_builder_end_object (b);
  ref_block (b, "figure", "#fig");
  ref_block (b, "term", "#term");
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);

  json_builder_begin_object (b);
  member (b, "id", "t2");
  member_int (b, "number", 2);
  member (b, "title", required_text (in));
  member (b, "summary", required_text (in));
  member_refs (b, "related", "#t1");
  member_refs (b, "terms", "#term");
  json_builder_set_member_name (b, "sections");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  member (b, "id", "s2");
  member (b, "title", required_text (in));
  json_builder_set_member_name (b, "blocks");
  json_builder_begin_array (b);
  paragraph (b, required_text (in));
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);

  json_builder_end_array (b);

  /* two figures in one unit, which the insight views chart side by side */
  json_builder_set_member_name (b, "figures");
  json_builder_begin_array (b);
  unit = required_text (in);
  figure (b, in, "fig", "#t1", unit, 2023);
  figure (b, in, "fig2", "#t2", unit, 2024);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "glossary");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  member (b, "id", "term");
  member (b, "term", required_text (in));
  member (b, "expansion", optional_text (in));
  member (b, "definition", required_text (in));
  json_builder_end_object (b);
  json_builder_end_array (b);

  if (flags & FLAG_EVENTS)
    {
      json_builder_set_member_name (b, "events");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      member (b, "id", "ev");
      member (b, "date", "2013-09-29");
      member (b, "title", required_text (in));
      member (b, "description", optional_text (in));
      member (b, "theme", "#t1");
      json_builder_end_object (b);
      json_builder_begin_object (b);
      member (b, "id", "ev2");
      member (b, "date", "2020");
      member (b, "title", required_text (in));
      member (b, "theme", "#t2");
      json_builder_end_object (b);
      json_builder_end_array (b);
    }

  json_builder_end_object (b);

  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static void
put_u32 (GByteArray *out,
         guint32     value,
         gboolean    swap)
{
  if (swap)
    value = GUINT32_SWAP_LE_BE (value);
  g_byte_array_append (out, (const guint8 *) &value, 4);
}

/* A .mo file of @keys → @translations, in the machine's byte order or the other one. */
static GBytes *
build_mo (GPtrArray *keys,
          GPtrArray *translations,
          gboolean   swap)
{
  GByteArray *mo = g_byte_array_new ();
  guint32 n = keys->len;
  guint32 offset = 28 + 16 * n;
  GPtrArray *tables[] = { keys, translations };

  put_u32 (mo, 0x950412de, swap);
  put_u32 (mo, 0, swap);
  put_u32 (mo, n, swap);
  put_u32 (mo, 28, swap);
  put_u32 (mo, 28 + 8 * n, swap);
  put_u32 (mo, 0, swap);
  put_u32 (mo, 0, swap);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    for (guint i = 0; i < n; i++)
      {
        guint32 len = strlen (g_ptr_array_index (tables[t], i));

        put_u32 (mo, len, swap);
        put_u32 (mo, offset, swap);
        offset += len + 1;
      }
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    for (guint i = 0; i < n; i++)
      {
        const char *s = g_ptr_array_index (tables[t], i);

        g_byte_array_append (mo, (const guint8 *) s, strlen (s) + 1);
      }

  return g_byte_array_free_to_bytes (mo);
}

static void
collect_text (const char *context,
              const char *text,
              gpointer    user_data)
{
  GPtrArray *keys = user_data;

  g_ptr_array_add (keys, g_strdup_printf ("%s\004%s", context, text));
}

/* A catalog of @keys, each translated by the next field of the input. */
static KfCatalog *
build_catalog (Input      *in,
               GPtrArray  *keys,
               const char *language,
               gboolean    swap)
{
  g_autoptr(GPtrArray) translations = g_ptr_array_new ();
  g_autoptr(GBytes) mo = NULL;
  g_autoptr(GError) error = NULL;
  KfCatalog *catalog;

  for (guint i = 0; i < keys->len; i++)
    g_ptr_array_add (translations, (gpointer) optional_text (in));

  mo = build_mo (keys, translations, swap);
  catalog = kf_catalog_new_from_bytes (mo, language, &error);
  if (catalog == NULL)
    g_error ("a .mo written by the fuzzer does not load: %s", error->message);
  return catalog;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  kf_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KfDocument) doc = NULL;
  g_autoptr(KfCatalog) content = NULL;
  g_autoptr(KfCatalog) labels = NULL;
  g_autofree char *json = NULL;
  KfRenderOptions options = { NULL, NULL, FALSE };
  Input in = { data, size, 0, strings };
  guint flags;

  if (size == 0)
    return 0;
  flags = data[0];
  in.pos = 1;

  json = build_document (&in, flags);
  /* a field can still break a rule of the format, such as an inline link to no such id */
  doc = kf_document_load_from_data (json, strlen (json), "fuzz.json", NULL);
  if (doc == NULL)
    return 0;

  if (flags & FLAG_CONTENT)
    {
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

      kf_document_foreach_text (doc, collect_text, keys);
      content = build_catalog (&in, keys, required_text (&in), flags & FLAG_SWAPPED_MO);
    }
  if (flags & FLAG_LABELS)
    {
      g_autoptr(GPtrArray) keys = g_ptr_array_new ();

      for (guint i = 0; i < G_N_ELEMENTS (label_msgids); i++)
        g_ptr_array_add (keys, (gpointer) label_msgids[i]);
      labels = build_catalog (&in, keys, NULL, flags & FLAG_SWAPPED_MO);
    }

  options.content = content;
  options.labels = labels;
  options.bilingual = (flags & FLAG_BILINGUAL) != 0;
  kf_fuzz_exercise_part (doc, (content != NULL || labels != NULL) ? &options : NULL, size);

  return 0;
}
