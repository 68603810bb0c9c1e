/* kf-pot.c — a gettext template (POT) of a document's text
 *
 * Every text gets a msgctxt that says where it sits (see docs/document-format.md), so that
 * translators see the structure and the same sentence in two places can differ.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-pot"

#include "config.h"

#include "kf-pot.h"

static void
emit (KfTextFunc  func,
      gpointer    user_data,
      const char *text,
      const char *format,
      ...) G_GNUC_PRINTF (4, 5);

static void
emit (KfTextFunc  func,
      gpointer    user_data,
      const char *text,
      const char *format,
      ...)
{
  g_autofree char *context = NULL;
  va_list args;

  if (text == NULL || text[0] == '\0')
    return;

  va_start (args, format);
  context = g_strdup_vprintf (format, args);
  va_end (args);

  func (context, text, user_data);
}

/**
 * kf_document_foreach_text:
 *
 * Calls @func for every translatable text of @document, in reading order, with its context.
 */
void
kf_document_foreach_text (KfDocument *document,
                          KfTextFunc  func,
                          gpointer    user_data)
{
  const KfMetadata *m;

  g_return_if_fail (KF_IS_DOCUMENT (document));

  m = kf_document_get_metadata (document);
  emit (func, user_data, m->title, "metadata/title");
  emit (func, user_data, m->subtitle, "metadata/subtitle");
  emit (func, user_data, m->intro, "metadata/intro");
  emit (func, user_data, m->attribution, "metadata/attribution");

  for (guint t = 0; t < kf_document_get_n_themes (document); t++)
    {
      const KfTheme *theme = kf_document_get_theme (document, t);

      emit (func, user_data, theme->title, "themes/%s/title", theme->id);
      emit (func, user_data, theme->short_title, "themes/%s/short_title", theme->id);
      emit (func, user_data, theme->summary, "themes/%s/summary", theme->id);

      for (guint s = 0; s < theme->n_sections; s++)
        {
          const KfSection *section = &theme->sections[s];

          emit (func, user_data, section->title, "sections/%s/title", section->id);
          for (guint b = 0; b < section->n_blocks; b++)
            {
              const KfBlock *block = &section->blocks[b];

              if (block->type == KF_BLOCK_PARAGRAPH)
                emit (func, user_data, block->text, "sections/%s/blocks/%u", section->id, b);
              else if (block->type == KF_BLOCK_LIST)
                for (guint i = 0; i < block->n_items; i++)
                  emit (func, user_data, block->items[i], "sections/%s/blocks/%u/items/%u",
                        section->id, b, i);
            }
        }
    }

  for (guint i = 0; i < kf_document_get_n_figures (document); i++)
    {
      const KfFigure *figure = kf_document_get_figure (document, i);

      emit (func, user_data, figure->label, "figures/%s/label", figure->id);
      emit (func, user_data, figure->unit, "figures/%s/unit", figure->id);
      emit (func, user_data, figure->source, "figures/%s/source", figure->id);
    }

  for (guint i = 0; i < kf_document_get_n_terms (document); i++)
    {
      const KfTerm *term = kf_document_get_term (document, i);

      emit (func, user_data, term->term, "glossary/%s/term", term->id);
      emit (func, user_data, term->expansion, "glossary/%s/expansion", term->id);
      emit (func, user_data, term->definition, "glossary/%s/definition", term->id);
    }

  for (guint i = 0; i < kf_document_get_n_events (document); i++)
    {
      const KfEvent *event = kf_document_get_event (document, i);

      emit (func, user_data, event->title, "events/%s/title", event->id);
      emit (func, user_data, event->description, "events/%s/description", event->id);
    }
}

static void
append_po_string (GString    *out,
                  const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          g_string_append_c (out, *p);
          break;
        }
    }
  g_string_append_c (out, '"');
}

static void
pot_entry (const char *context,
           const char *text,
           gpointer    user_data)
{
  GString *out = user_data;

  g_string_append (out, "\n");
  if (g_strstr_len (text, -1, "](#") != NULL || g_strstr_len (text, -1, "](http") != NULL)
    g_string_append (out, "#. Keep the link syntax [label](#id): translate the label, not the id.\n");
  g_string_append (out, "msgctxt ");
  append_po_string (out, context);
  g_string_append (out, "\nmsgid ");
  append_po_string (out, text);
  g_string_append (out, "\nmsgstr \"\"\n");
}

/**
 * kf_document_to_pot:
 * @source_name: the document's file name, for the header
 *
 * Returns: (transfer full): a POT file (without a creation date, so builds are reproducible)
 */
char *
kf_document_to_pot (KfDocument *document,
                    const char *source_name)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (KF_IS_DOCUMENT (document), NULL);

  g_string_append_printf (out,
    "# Translations of the Kaifang document “%s” (%s).\n"
    "# This file is generated from the document by kaifang-doc-pot; do not edit it.\n"
    "#\n"
    "#, fuzzy\n"
    "msgid \"\"\n"
    "msgstr \"\"\n"
    "\"Project-Id-Version: %s\\n\"\n"
    "\"Report-Msgid-Bugs-To: https://github.com/kaifang/kaifang/issues\\n\"\n"
    "\"MIME-Version: 1.0\\n\"\n"
    "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
    "\"Content-Transfer-Encoding: 8bit\\n\"\n",
    kf_document_get_metadata (document)->id, source_name ? source_name : "",
    kf_document_get_metadata (document)->id);

  kf_document_foreach_text (document, pot_entry, out);

  return g_string_free (out, FALSE);
}
