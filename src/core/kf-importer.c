/* kf-importer.c — turn plain text or Markdown into a kaifang-document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The importer works in passes, each linear in the size of the input:
 *
 *   decode      detect the encoding, reject empty, binary and oversized input
 *   split       normalise whitespace and line ends, one Line per non-blank line
 *   markdown    fences, rules, setext and ATX headings, quotes, emphasis, links
 *   classify    section markers ("First,", "1.", "一、", …) and list items per line
 *   metadata    site chrome, title, subtitle, byline, source and date at the top,
 *               editor at the bottom
 *   sections    choose one marker style, cut the body into themes
 *   blocks      paragraphs and lists per theme, the intro before the first theme
 *   figures     numbers with units, sentence by sentence
 *   terms       acronyms with their expansions
 *   json        build the kaifang-document
 */

#define G_LOG_DOMAIN "kf-importer"

#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include <string.h>

#include "kf-importer.h"
#include "kf-document.h"

#define MAX_INPUT_SIZE   ((gsize) 64 * 1024 * 1024)
#define MAX_FIGURES      100
#define MAX_TERMS        200
#define MAX_THEMES       1000
#define HEAD_LINES       12
#define TAIL_LINES       4
#define MAX_META_LEN     400
#define MAX_DOC_ID_LEN   48
#define MAX_THEME_ID_LEN 48
#define MAX_ID_LEN       64
#define MAX_LABEL_CHARS  160
#define MAX_TEXT_CHARS   300
#define FIGURE_SOURCE    "Imported text"
#define UNKNOWN_URL      "https://unknown.invalid/"

G_DEFINE_QUARK (kf-import-error-quark, kf_import_error)

/* ------------------------------------------------------------------------------------------ */
/* Data                                                                                         */
/* ------------------------------------------------------------------------------------------ */

typedef enum
{
  /* explicit marker styles, in the order that breaks ties */
  STYLE_ROMAN,
  STYLE_CN,
  STYLE_CN_DI,
  STYLE_ORDINAL,
  STYLE_CN_PAREN,
  STYLE_PAREN_BOTH,
  STYLE_DOT,
  STYLE_PAREN_RIGHT,
  N_EXPLICIT_STYLES,
  STYLE_MARKDOWN = N_EXPLICIT_STYLES,
  STYLE_SHORT,
  STYLE_NONE = 0xff,
} MarkerStyle;

typedef enum
{
  LIST_NONE,
  LIST_BULLET,
  LIST_NUMBER,
} ListKind;

typedef struct
{
  char   *text;               /* NUL-terminated, inside the importer's buffer */
  guint   len;
  guint   blank_before : 1;
  guint   verbatim : 1;       /* inside a fenced code block */
  guint   head_shape : 1;     /* the rest after the marker looks like a heading */
  guint   md_level : 3;       /* 1–6 for a Markdown heading */
  guint   list_kind : 2;
  guint8  style;              /* MarkerStyle */
  guint8  number;             /* the marker's number */
  guint8  marker_len;         /* bytes before the rest of the line */
  guint8  list_len;           /* bytes of the list marker */
} Line;

typedef struct
{
  char      *text;            /* a paragraph, or NULL for a list */
  GPtrArray *items;           /* a list: char * */
} Block;

typedef struct
{
  char      *id;
  char      *section_id;
  char      *title;
  char      *short_title;
  char      *summary;
  GPtrArray *blocks;          /* Block * */
  GPtrArray *terms;           /* char *, "#id" */
} Theme;

typedef struct
{
  char       *id;
  double      value;
  gboolean    integral;
  char       *unit;
  char       *label;
  int         year;
  const char *qualifier;
  guint       theme;
} Figure;

typedef struct
{
  char *id;
  char *term;
  char *expansion;
  char *definition;
} Term;

typedef struct
{
  char      *title;
  char      *subtitle;
  GPtrArray *authors;         /* char * */
  char      *source;
  char      *date;            /* YYYY-MM-DD */
  char      *editor;
} Meta;

typedef struct
{
  char       *name;           /* basename for messages */
  gboolean    markdown;
  char       *buffer;         /* the normalised text; lines point into it */
  GArray     *lines;          /* Line */
  guint       body_start;
  guint       body_end;
  Meta        meta;
  GPtrArray  *intro;          /* Block * */
  GPtrArray  *themes;         /* Theme * */
  GPtrArray  *figures;        /* Figure * */
  GHashTable *figure_keys;
  GPtrArray  *terms;          /* Term * */
  GHashTable *term_index;     /* acronym → Term * */
  GHashTable *ids;            /* every id used so far */
  GHashTable *id_counters;    /* stem → next numeric suffix */
  char       *doc_id;
  char       *language;
} Importer;

static void
block_free (gpointer data)
{
  Block *block = data;

  g_free (block->text);
  if (block->items != NULL)
    g_ptr_array_unref (block->items);
  g_free (block);
}

static void
theme_free (gpointer data)
{
  Theme *theme = data;

  g_free (theme->id);
  g_free (theme->section_id);
  g_free (theme->title);
  g_free (theme->short_title);
  g_free (theme->summary);
  g_ptr_array_unref (theme->blocks);
  g_ptr_array_unref (theme->terms);
  g_free (theme);
}

static void
figure_free (gpointer data)
{
  Figure *figure = data;

  g_free (figure->id);
  g_free (figure->unit);
  g_free (figure->label);
  g_free (figure);
}

static void
term_free (gpointer data)
{
  Term *term = data;

  g_free (term->id);
  g_free (term->term);
  g_free (term->expansion);
  g_free (term->definition);
  g_free (term);
}

static void
importer_init (Importer   *imp,
               const char *filename)
{
  memset (imp, 0, sizeof *imp);
  if (filename != NULL && *filename != '\0')
    imp->name = g_path_get_basename (filename);
  else
    imp->name = g_strdup ("untitled");
  imp->lines = g_array_new (FALSE, FALSE, sizeof (Line));
  imp->meta.authors = g_ptr_array_new_with_free_func (g_free);
  imp->intro = g_ptr_array_new_with_free_func (block_free);
  imp->themes = g_ptr_array_new_with_free_func (theme_free);
  imp->figures = g_ptr_array_new_with_free_func (figure_free);
  imp->figure_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  imp->terms = g_ptr_array_new_with_free_func (term_free);
  imp->term_index = g_hash_table_new (g_str_hash, g_str_equal);
  imp->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  imp->id_counters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
importer_clear (Importer *imp)
{
  g_free (imp->name);
  g_free (imp->buffer);
  g_array_unref (imp->lines);
  g_free (imp->meta.title);
  g_free (imp->meta.subtitle);
  g_ptr_array_unref (imp->meta.authors);
  g_free (imp->meta.source);
  g_free (imp->meta.date);
  g_free (imp->meta.editor);
  g_ptr_array_unref (imp->intro);
  g_ptr_array_unref (imp->themes);
  g_ptr_array_unref (imp->figures);
  g_hash_table_unref (imp->figure_keys);
  g_ptr_array_unref (imp->terms);
  g_hash_table_unref (imp->term_index);
  g_hash_table_unref (imp->ids);
  g_hash_table_unref (imp->id_counters);
  g_free (imp->doc_id);
  g_free (imp->language);
}

/* ------------------------------------------------------------------------------------------ */
/* Text helpers                                                                                 */
/* ------------------------------------------------------------------------------------------ */

static inline gboolean
is_han (gunichar c)
{
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

static inline gboolean
is_kana (gunichar c)
{
  return c >= 0x3040 && c <= 0x30FF && c != 0x30FB;
}

/* characters written without spaces between words */
static inline gboolean
is_wide (gunichar c)
{
  return is_han (c) || (c >= 0x3000 && c <= 0x30FF) || (c >= 0xFF00 && c <= 0xFFEF) ||
         (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x3100 && c <= 0x31FF);
}

static inline gboolean
has_prefix (const char *s,
            gsize       len,
            const char *prefix)
{
  gsize n = strlen (prefix);

  return len >= n && memcmp (s, prefix, n) == 0;
}

static inline gboolean
has_prefix_ci (const char *s,
               gsize       len,
               const char *prefix)
{
  gsize n = strlen (prefix);

  return len >= n && g_ascii_strncasecmp (s, prefix, n) == 0;
}

static inline gsize
skip_spaces (const char *s,
             gsize       len,
             gsize       i)
{
  while (i < len && s[i] == ' ')
    i++;
  return i;
}

static gunichar
char_at (const char *s,
         gsize       len,
         gsize       i)
{
  if (i >= len)
    return 0;
  return g_utf8_get_char (s + i);
}

/* The last character, optionally looking through closing quotes and brackets. */
static gunichar
last_char (const char *s,
           gsize       len,
           gboolean    skip_closers)
{
  const char *p = s + len;

  while (p > s)
    {
      gunichar c;

      p = g_utf8_find_prev_char (s, p);
      if (p == NULL)
        break;
      c = g_utf8_get_char (p);
      if (skip_closers &&
          (c == '"' || c == '\'' || c == ')' || c == '*' || c == 0x201D || c == 0x2019 ||
           c == 0xFF09 || c == 0x300D || c == 0x300F || c == 0x3011))
        continue;
      return c;
    }
  return 0;
}

static gboolean
is_clause_punct (gunichar c)
{
  return c == ',' || c == ';' || c == 0xFF0C || c == 0xFF1B || c == 0x3001;
}

static gboolean
is_stop_punct (gunichar c)
{
  return c == '.' || c == ':' || c == 0x3002 || c == 0xFF1A || c == 0xFF0E;
}

/* Latin words, plus one word for every two wide characters */
static guint
count_words (const char *s,
             gsize       len)
{
  const char *p = s;
  const char *end = s + len;
  guint words = 0;
  guint wide = 0;
  gboolean in_word = FALSE;

  while (p < end)
    {
      if ((guchar) *p < 0x80)
        {
          if (*p == ' ')
            in_word = FALSE;
          else if (!in_word)
            {
              words++;
              in_word = TRUE;
            }
          p++;
        }
      else
        {
          gunichar c = g_utf8_get_char (p);

          if (is_wide (c))
            {
              wide++;
              in_word = FALSE;
            }
          else if (!in_word)
            {
              words++;
              in_word = TRUE;
            }
          p = g_utf8_next_char (p);
        }
    }
  return words + (wide + 1) / 2;
}

static gboolean
starts_capitalised (const char *s,
                    gsize       len)
{
  gunichar c = char_at (s, len, 0);

  if (c == '"' || c == '\'' || c == 0x201C || c == 0x2018 || c == '(' || c == 0x300C)
    {
      const char *next = g_utf8_next_char (s);

      c = char_at (next, len - (next - s), 0);
    }
  return g_unichar_isupper (c) || g_unichar_istitle (c) || g_unichar_isdigit (c) || is_wide (c);
}

/* A copy of at most @max_chars characters; cut at a word boundary with an ellipsis. */
static char *
truncate_text (const char *s,
               gsize       len,
               glong       max_chars)
{
  const char *end;
  const char *cut;
  glong n = 0;
  GString *out;

  for (end = s; end < s + len && n < max_chars; end = g_utf8_next_char (end))
    n++;
  if (end >= s + len)
    return g_strndup (s, len);

  /* cut back to a space, unless that loses too much */
  cut = end;
  while (cut > s && cut[-1] != ' ' && (end - cut) < 40)
    cut--;
  if (cut == s || cut[-1] != ' ')
    cut = end;
  while (cut > s && (cut[-1] == ' ' || cut[-1] == ',' || cut[-1] == ';'))
    cut--;
  /* never end inside a character */
  while (cut > s && ((guchar) *cut & 0xC0) == 0x80)
    cut--;
  /* 1 ellipsis character stays within the limit */
  if (g_utf8_strlen (s, cut - s) >= max_chars)
    cut = g_utf8_find_prev_char (s, cut);
  out = g_string_new_len (s, cut - s);
  g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static char *
capitalise (char *s)
{
  gunichar c;
  gunichar upper;
  char buf[8];
  gint n;
  GString *out;
  const char *rest;

  if (s == NULL || *s == '\0')
    return s;
  c = g_utf8_get_char (s);
  upper = g_unichar_totitle (c);
  if (upper == c)
    return s;
  rest = g_utf8_next_char (s);
  n = g_unichar_to_utf8 (upper, buf);
  out = g_string_new_len (buf, n);
  g_string_append (out, rest);
  g_free (s);
  return g_string_free (out, FALSE);
}

/* Strip trailing spaces and clause/stop punctuation from a heading or title. */
static void
trim_heading (char *s)
{
  gsize len = strlen (s);

  while (len > 0)
    {
      const char *p = g_utf8_find_prev_char (s, s + len);
      gunichar c = g_utf8_get_char (p);

      if (c == ' ' || is_clause_punct (c) || is_stop_punct (c) || c == 0x2014 || c == 0x2013 ||
          c == '-' || c == '|')
        len = p - s;
      else
        break;
    }
  s[len] = '\0';
  g_strchug (s);
}

/* "[label](target)" → "label"; other text unchanged. Bounded look-ahead. */
static char *
strip_links (const char *s,
             gsize       len)
{
  GString *out = g_string_sized_new (len);
  gsize i = 0;

  while (i < len)
    {
      if (s[i] == '[')
        {
          gsize j = i + 1;

          while (j < len && j - i < 300 && s[j] != ']' && s[j] != '[')
            j++;
          if (j < len && s[j] == ']' && j + 1 < len && s[j + 1] == '(')
            {
              gsize k = j + 2;

              while (k < len && k - j < 2000 && s[k] != ')' && s[k] != ' ' && s[k] != '[' &&
                     s[k] != ']' && s[k] != '(')
                k++;
              if (k < len && s[k] == ')')
                {
                  g_string_append_len (out, s + i + 1, j - i - 1);
                  i = k + 1;
                  continue;
                }
            }
        }
      g_string_append_c (out, s[i]);
      i++;
    }
  return g_string_free (out, FALSE);
}

/* Text that looks like an internal link "[x](#y)" must not become a dangling reference. */
static char *
escape_refs (char *s)
{
  GString *out;
  const char *p;
  const char *hit;

  if (s == NULL || strstr (s, "](#") == NULL)
    return s;
  out = g_string_new (NULL);
  p = s;
  while ((hit = strstr (p, "](#")) != NULL)
    {
      g_string_append_len (out, p, hit - p);
      g_string_append (out, "] (#");
      p = hit + 3;
    }
  g_string_append (out, p);
  g_free (s);
  return g_string_free (out, FALSE);
}

static char *
slugify (const char *text,
         gsize       max_len)
{
  g_autofree char *head = NULL;
  g_autofree char *ascii = NULL;
  GString *slug;
  const char *end;
  glong n = 0;

  for (end = text; *end != '\0' && n < 200; end = g_utf8_next_char (end))
    n++;
  head = g_strndup (text, end - text);
  ascii = g_str_to_ascii (head, "C");
  slug = g_string_new (NULL);
  for (const char *p = ascii; *p != '\0'; p++)
    {
      char c = g_ascii_tolower (*p);

      if (g_ascii_isalnum (c))
        g_string_append_c (slug, c);
      else if (c == '\'')
        continue;
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  if (slug->len > max_len)
    {
      const char *dash;

      g_string_truncate (slug, max_len);
      dash = strrchr (slug->str, '-');
      if (dash != NULL && (gsize) (dash - slug->str) > max_len / 2)
        g_string_truncate (slug, dash - slug->str);
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  return g_string_free (slug, FALSE);
}

static gboolean
is_reserved_id (Importer   *imp,
                const char *id)
{
  return strcmp (id, "glossary") == 0 || strcmp (id, "about") == 0 ||
         strcmp (id, "figures") == 0 || strcmp (id, "timeline") == 0 || strcmp (id, "map") == 0 ||
         (imp->doc_id != NULL && strcmp (id, imp->doc_id) == 0) ||
         g_hash_table_contains (imp->ids, id);
}

/* A unique id from @base (which matches [a-z0-9][a-z0-9_-]*); claims it. */
static char *
claim_id (Importer   *imp,
          const char *base)
{
  g_autofree char *stem = NULL;
  char *id;

  if (base == NULL || *base == '\0')
    base = "item";
  stem = g_strndup (base, MAX_ID_LEN - 8);
  if (!is_reserved_id (imp, stem))
    id = g_strdup (stem);
  else
    {
      /* remember the last suffix per stem, so that many equal titles stay linear */
      guint next = GPOINTER_TO_UINT (g_hash_table_lookup (imp->id_counters, stem));

      id = g_strconcat ("s-", stem, NULL);
      for (guint i = MAX (next, 2); is_reserved_id (imp, id); i++)
        {
          g_free (id);
          id = g_strdup_printf ("s-%s-%u", stem, i);
          next = i + 1;
        }
      g_hash_table_insert (imp->id_counters, g_strdup (stem), GUINT_TO_POINTER (next));
    }
  g_hash_table_add (imp->ids, g_strdup (id));
  return id;
}

/* ------------------------------------------------------------------------------------------ */
/* Sentences                                                                                    */
/* ------------------------------------------------------------------------------------------ */

static const char * const abbreviations[] = {
  "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "no", "nos", "vol", "fig", "vs", "inc",
  "ltd", "co", "corp", "gen", "gov", "sen", "rep", "jan", "feb", "mar", "apr", "jun", "jul",
  "aug", "sep", "sept", "oct", "nov", "dec", "approx", "art", "para", "pp", "ed",
};

static gboolean
is_abbreviation (const char *s,
                 gsize       dot)
{
  gsize start = dot;
  gsize n;

  while (start > 0 && (g_ascii_isalpha (s[start - 1]) || s[start - 1] == '.'))
    start--;
  n = dot - start;
  if (n == 0)
    return FALSE;
  /* single capitals ("Z. Li", "U.S.") and dotted abbreviations ("e.g.") */
  if (n == 1 && g_ascii_isupper (s[start]))
    return TRUE;
  if (memchr (s + start, '.', n) != NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (abbreviations); i++)
    if (strlen (abbreviations[i]) == n && g_ascii_strncasecmp (s + start, abbreviations[i], n) == 0)
      return TRUE;
  return FALSE;
}

/* The end (exclusive) of the sentence that starts at @start. */
static gsize
sentence_end (const char *s,
              gsize       len,
              gsize       start)
{
  gsize i = start;

  while (i < len)
    {
      guchar c = s[i];

      if (c == '.' || c == '!' || c == '?')
        {
          gsize j = i + 1;
          gunichar next;

          while (j < len && (s[j] == '"' || s[j] == '\'' || s[j] == ')'))
            j++;
          if (has_prefix (s + j, len - j, "\xe2\x80\x9d") ||
              has_prefix (s + j, len - j, "\xe2\x80\x99"))
            j += 3;
          if (j >= len)
            return len;
          if (s[j] != ' ')
            {
              i++;
              continue;
            }
          next = char_at (s, len, skip_spaces (s, len, j));
          if (c == '.' && is_abbreviation (s, i))
            {
              i++;
              continue;
            }
          if (g_unichar_isupper (next) || g_unichar_isdigit (next) || next == '"' ||
              next == 0x201C || next == '(' || next == '[' || is_wide (next))
            return j;
          i++;
        }
      else if (c >= 0x80)
        {
          gunichar u = g_utf8_get_char (s + i);
          gsize j = g_utf8_next_char (s + i) - s;

          if (u == 0x3002 || u == 0xFF01 || u == 0xFF1F)
            {
              /* closing quotes stay with the sentence */
              while (j < len)
                {
                  gunichar q = g_utf8_get_char (s + j);

                  if (q != 0x201D && q != 0x300D && q != 0x300F && q != 0xFF09)
                    break;
                  j = g_utf8_next_char (s + j) - s;
                }
              return j;
            }
          i = j;
        }
      else
        i++;
    }
  return len;
}

static char *
first_sentence (const char *s,
                gsize       len,
                glong       max_chars)
{
  gsize end = sentence_end (s, len, 0);

  while (end > 0 && s[end - 1] == ' ')
    end--;
  return truncate_text (s, end, max_chars);
}

/* ------------------------------------------------------------------------------------------ */
/* Decoding                                                                                     */
/* ------------------------------------------------------------------------------------------ */

static gboolean
looks_binary (const char *data,
              gsize       length)
{
  gsize controls = 0;

  if (memchr (data, '\0', length) != NULL)
    return TRUE;
  for (gsize i = 0; i < length; i++)
    {
      guchar c = data[i];

      if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' &&
           c != 0x1B) || c == 0x7F)
        controls++;
    }
  return controls > 0 && controls * 20 > length;
}

static void
count_scripts (const char *s,
               gsize       len,
               gsize      *han,
               gsize      *kana,
               gsize      *latin,
               gsize      *other)
{
  const char *p = s;
  const char *end = s + len;

  *han = *kana = *latin = *other = 0;
  while (p < end)
    {
      if ((guchar) *p < 0x80)
        {
          if (g_ascii_isalpha (*p))
            (*latin)++;
          p++;
          continue;
        }
      else
        {
          gunichar c = g_utf8_get_char (p);

          if (is_han (c))
            (*han)++;
          else if (is_kana (c))
            (*kana)++;
          else if (c < 0x250 && g_unichar_isalpha (c))
            (*latin)++;
          else if (c >= 0x80 && c < 0xA0)
            (*other) += 1000;      /* C1 controls: a wrong guess */
          else
            (*other)++;
          p = g_utf8_next_char (p);
        }
    }
}

static char *
decode_text (const char  *data,
             gsize        length,
             const char  *name,
             gsize       *out_length,
             GError     **error)
{
  static const char * const single_byte[] = { "WINDOWS-1252", "ISO-8859-1" };
  char *converted;
  gsize written = 0;
  gsize han, kana, latin, other;

  if (length > MAX_INPUT_SIZE)
    {
      g_set_error (error, KF_IMPORT_ERROR, KF_IMPORT_ERROR_TOO_LARGE,
                   "%s: the file is larger than the 64 MiB limit", name);
      return NULL;
    }

  /* UTF-16 with a byte-order mark */
  if (length >= 2 && (((guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE) ||
                      ((guchar) data[0] == 0xFE && (guchar) data[1] == 0xFF)))
    {
      const char *from = (guchar) data[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";

      converted = g_convert (data + 2, length - 2, "UTF-8", from, NULL, &written, NULL);
      if (converted == NULL)
        {
          g_set_error (error, KF_IMPORT_ERROR, KF_IMPORT_ERROR_ENCODING,
                       "%s: the text is not valid UTF-16", name);
          return NULL;
        }
      if (looks_binary (converted, written))
        {
          g_free (converted);
          g_set_error (error, KF_IMPORT_ERROR, KF_IMPORT_ERROR_BINARY,
                       "%s: this looks like a binary file, not text", name);
          return NULL;
        }
      *out_length = written;
      return converted;
    }

  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  if (looks_binary (data, length))
    {
      g_set_error (error, KF_IMPORT_ERROR, KF_IMPORT_ERROR_BINARY,
                   "%s: this looks like a binary file, not text", name);
      return NULL;
    }

  if (g_utf8_validate_len (data, length, NULL))
    {
      converted = g_malloc (length + 1);
      memcpy (converted, data, length);
      converted[length] = '\0';
      *out_length = length;
      return converted;
    }

  /* GB18030, when it decodes cleanly into text that is mostly Chinese */
  converted = g_convert (data, length, "UTF-8", "GB18030", NULL, &written, NULL);
  if (converted != NULL)
    {
      count_scripts (converted, written, &han, &kana, &latin, &other);
      if (han > 0 && han * 2 >= latin && other < han)
        {
          *out_length = written;
          return converted;
        }
      g_free (converted);
    }

  /* a single-byte Western encoding, when the result looks like Western text */
  for (guint i = 0; i < G_N_ELEMENTS (single_byte); i++)
    {
      converted = g_convert (data, length, "UTF-8", single_byte[i], NULL, &written, NULL);
      if (converted == NULL)
        continue;
      count_scripts (converted, written, &han, &kana, &latin, &other);
      if (other * 3 <= latin && latin > 0)
        {
          *out_length = written;
          return converted;
        }
      g_free (converted);
    }

  g_set_error (error, KF_IMPORT_ERROR, KF_IMPORT_ERROR_ENCODING,
               "%s: the text is not UTF-8 and its encoding could not be detected", name);
  return NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* Splitting into lines                                                                         */
/* ------------------------------------------------------------------------------------------ */

static inline gboolean
is_space_char (gunichar c)
{
  return c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

static inline gboolean
is_invisible_char (gunichar c)
{
  return c == 0x200B || c == 0xFEFF || c == 0x2060 || c == 0xAD ||
         (c >= 0x80 && c < 0xA0 && c != 0x85);
}

/* Normalises @text in place (the result is never longer) and records its non-blank lines. */
static void
split_lines (Importer *imp,
             char     *text,
             gsize     length)
{
  char *w = text;
  const char *r = text;
  const char *end = text + length;
  char *line_start = text;
  gboolean pending_blank = TRUE;

  for (;;)
    {
      gboolean line_end = FALSE;

      if (r >= end)
        line_end = TRUE;
      else if (*r == '\n' || *r == '\r')
        {
          if (*r == '\r' && r + 1 < end && r[1] == '\n')
            r++;
          r++;
          line_end = TRUE;
        }
      else if ((guchar) *r < 0x80)
        {
          char c = *r++;

          if ((guchar) c < 0x20 || c == 0x7F)
            c = ' ';
          if (c == ' ' && (w == line_start || w[-1] == ' '))
            continue;
          *w++ = c;
        }
      else
        {
          gunichar u = g_utf8_get_char (r);
          const char *next = g_utf8_next_char (r);

          if (u == 0x2028 || u == 0x2029 || u == 0x85)
            {
              r = next;
              line_end = TRUE;
            }
          else if (is_space_char (u))
            {
              r = next;
              if (w != line_start && w[-1] != ' ')
                *w++ = ' ';
            }
          else if (is_invisible_char (u))
            r = next;
          else
            {
              while (r < next)
                *w++ = *r++;
            }
        }

      if (line_end)
        {
          while (w > line_start && w[-1] == ' ')
            w--;
          if (w == line_start)
            pending_blank = TRUE;
          else
            {
              Line line = { 0 };

              line.text = line_start;
              line.len = w - line_start;
              line.blank_before = pending_blank;
              line.style = STYLE_NONE;
              g_array_append_val (imp->lines, line);
              pending_blank = FALSE;
            }
          /* w < r here unless the text ended, and the buffer has a spare byte at the end */
          *w++ = '\0';
          line_start = w;
          if (r >= end)
            break;
        }
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Markdown                                                                                     */
/* ------------------------------------------------------------------------------------------ */

/* Removes paired @marker (such as "**") in place; returns the new length. */
static gsize
strip_pairs (char       *s,
             gsize       len,
             const char *marker,
             gboolean    word_boundary)
{
  gsize n = strlen (marker);
  gsize r = 0;
  gsize w = 0;
  gsize close = G_MAXSIZE;
  gboolean exhausted = FALSE;

  while (r < len)
    {
      if (r == close)
        {
          r += n;
          close = G_MAXSIZE;
          continue;
        }
      if (!exhausted && close == G_MAXSIZE && len - r > n && memcmp (s + r, marker, n) == 0 &&
          s[r + n] != ' ' && (!word_boundary || r == 0 || !g_ascii_isalnum (s[r - 1])))
        {
          gsize j = r + n + 1;
          gboolean found = FALSE;

          while (j + n <= len)
            {
              if (memcmp (s + j, marker, n) == 0 && s[j - 1] != ' ' &&
                  (!word_boundary || j + n == len || !g_ascii_isalnum (s[j + n])))
                {
                  found = TRUE;
                  break;
                }
              j++;
            }
          if (found)
            {
              close = j;
              r += n;
              continue;
            }
          exhausted = TRUE;
        }
      s[w++] = s[r++];
    }
  s[w] = '\0';
  return w;
}

/* Images are dropped, web links kept as "[label](url)", other links become their label. */
static gsize
convert_links (char  *s,
               gsize  len)
{
  gsize r = 0;
  gsize w = 0;

  while (r < len)
    {
      gboolean image = s[r] == '!' && r + 1 < len && s[r + 1] == '[';
      gsize open = image ? r + 1 : r;

      if (s[open] == '[')
        {
          gsize j = open + 1;

          while (j < len && j - open < 300 && s[j] != ']' && s[j] != '[')
            j++;
          if (j < len && s[j] == ']' && j + 1 < len && (s[j + 1] == '(' || s[j + 1] == '['))
            {
              char closer = s[j + 1] == '(' ? ')' : ']';
              gsize k = j + 2;
              gsize url_end = G_MAXSIZE;

              while (k < len && k - j < 2000 && s[k] != closer && s[k] != '[' && s[k] != '(' &&
                     (s[k] != ']' || closer == ']'))
                {
                  if (s[k] == ' ' && url_end == G_MAXSIZE)
                    url_end = k;
                  k++;
                }
              if (k < len && s[k] == closer)
                {
                  gsize label_start = open + 1;
                  gsize label_len = j - label_start;
                  gsize url_start = j + 2;
                  gboolean web;

                  if (url_end == G_MAXSIZE)
                    url_end = k;
                  web = closer == ')' &&
                        (has_prefix (s + url_start, url_end - url_start, "http://") ||
                         has_prefix (s + url_start, url_end - url_start, "https://"));
                  if (!image && label_len > 0)
                    {
                      if (web)
                        {
                          /* "[label](url)" without the title: shift down in place */
                          memmove (s + w, s + open, j + 2 - open);
                          w += j + 2 - open;
                          memmove (s + w, s + url_start, url_end - url_start);
                          w += url_end - url_start;
                          s[w++] = ')';
                        }
                      else
                        {
                          memmove (s + w, s + label_start, label_len);
                          w += label_len;
                        }
                    }
                  r = k + 1;
                  continue;
                }
            }
        }
      s[w++] = s[r++];
    }
  s[w] = '\0';
  return w;
}

static gboolean
is_rule_line (const char *s,
              gsize       len,
              char       *kind)
{
  char c = s[0];
  guint n = 0;

  if (c != '-' && c != '*' && c != '_' && c != '=')
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (s[i] == c)
        n++;
      else if (s[i] != ' ')
        return FALSE;
    }
  *kind = c;
  return n >= 3 || (c == '=' && n >= 2);
}

static gboolean
is_table_rule (const char *s,
               gsize       len)
{
  gboolean dash = FALSE;

  if (s[0] != '|' && s[0] != ':' && s[0] != '-')
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (s[i] == '-')
        dash = TRUE;
      else if (s[i] != '|' && s[i] != ':' && s[i] != ' ')
        return FALSE;
    }
  return dash && memchr (s, '|', len) != NULL;
}

static void
trim_line (Line *line)
{
  while (line->len > 0 && line->text[0] == ' ')
    {
      line->text++;
      line->len--;
    }
  while (line->len > 0 && line->text[line->len - 1] == ' ')
    line->len--;
  line->text[line->len] = '\0';
}

static void
apply_markdown (Importer *imp)
{
  GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (Line), imp->lines->len);
  gboolean in_fence = FALSE;
  gboolean pending_blank = FALSE;

  for (guint i = 0; i < imp->lines->len; i++)
    {
      Line line = g_array_index (imp->lines, Line, i);
      char rule = 0;

      line.blank_before = line.blank_before || pending_blank;
      pending_blank = FALSE;

      if (has_prefix (line.text, line.len, "```") || has_prefix (line.text, line.len, "~~~"))
        {
          in_fence = !in_fence;
          pending_blank = TRUE;
          continue;
        }
      if (in_fence)
        {
          line.verbatim = TRUE;
          g_array_append_val (out, line);
          continue;
        }

      if (is_rule_line (line.text, line.len, &rule))
        {
          Line *prev = out->len > 0 ? &g_array_index (out, Line, out->len - 1) : NULL;

          if ((rule == '=' || rule == '-') && !line.blank_before && prev != NULL &&
              prev->md_level == 0 && prev->list_kind == LIST_NONE && !prev->verbatim)
            prev->md_level = rule == '=' ? 1 : 2;
          pending_blank = TRUE;
          continue;
        }
      if (is_table_rule (line.text, line.len))
        continue;

      /* block quotes */
      while (line.len > 0 && line.text[0] == '>')
        {
          line.text++;
          line.len--;
          trim_line (&line);
        }

      /* ATX headings */
      if (line.len > 0 && line.text[0] == '#')
        {
          guint level = 0;

          while (level < line.len && line.text[level] == '#')
            level++;
          if (level <= 6 && level < line.len && line.text[level] == ' ')
            {
              line.md_level = level;
              line.text += level;
              line.len -= level;
              /* closing hashes */
              while (line.len > 0 &&
                     (line.text[line.len - 1] == '#' || line.text[line.len - 1] == ' '))
                line.len--;
              line.text[line.len] = '\0';
              trim_line (&line);
            }
        }

      line.len = strip_pairs (line.text, line.len, "**", FALSE);
      line.len = strip_pairs (line.text, line.len, "__", TRUE);
      line.len = strip_pairs (line.text, line.len, "`", FALSE);
      if (imp->markdown)
        line.len = convert_links (line.text, line.len);
      if (!has_prefix (line.text, line.len, "* "))
        line.len = strip_pairs (line.text, line.len, "*", TRUE);
      trim_line (&line);

      if (line.len == 0)
        {
          pending_blank = TRUE;
          continue;
        }
      g_array_append_val (out, line);
    }

  g_array_unref (imp->lines);
  imp->lines = out;
}

/* ------------------------------------------------------------------------------------------ */
/* Markers and lists                                                                            */
/* ------------------------------------------------------------------------------------------ */

static const struct
{
  const char *word;
  guint8      number;
} ordinal_words[] = {
  { "firstly", 1 }, { "first", 1 }, { "secondly", 2 }, { "second", 2 },
  { "thirdly", 3 }, { "third", 3 }, { "fourthly", 4 }, { "fourth", 4 },
  { "fifthly", 5 }, { "fifth", 5 }, { "sixthly", 6 }, { "sixth", 6 },
  { "seventhly", 7 }, { "seventh", 7 }, { "eighthly", 8 }, { "eighth", 8 },
  { "ninthly", 9 }, { "ninth", 9 }, { "tenthly", 10 }, { "tenth", 10 },
  { "eleventh", 11 }, { "twelfth", 12 },
};

/* The punctuation after an ordinal word: "," ":" "." ";" "—" "–" " - " "，" "：" */
static gboolean
match_ordinal_punct (const char *s,
                     gsize       len,
                     gsize       i,
                     gsize      *after)
{
  gsize j = skip_spaces (s, len, i);
  gboolean spaced = j > i;

  if (j >= len)
    return FALSE;
  if (s[j] == ',' || s[j] == ':' || s[j] == '.' || s[j] == ';')
    j++;
  else if (has_prefix (s + j, len - j, "\xe2\x80\x94") ||  /* — */
           has_prefix (s + j, len - j, "\xe2\x80\x93") ||  /* – */
           has_prefix (s + j, len - j, "\xef\xbc\x8c") ||  /* ， */
           has_prefix (s + j, len - j, "\xef\xbc\x9a"))    /* ： */
    j += 3;
  else if (s[j] == '-' && spaced)
    j++;
  else
    return FALSE;
  *after = skip_spaces (s, len, j);
  return *after < len;
}

static gsize
parse_cn_number (const char *s,
                 gsize       len,
                 guint      *value)
{
  static const gunichar digits[] = { 0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
                                     0x516D, 0x4E03, 0x516B, 0x4E5D };
  guint total = 0;
  guint current = 0;
  gsize i = 0;
  guint n = 0;

  while (i + 3 <= len && n < 4)
    {
      gunichar c = g_utf8_get_char (s + i);
      gboolean matched = FALSE;

      if (c == 0x5341) /* 十 */
        {
          total += (current != 0 ? current : 1) * 10;
          current = 0;
          matched = TRUE;
        }
      else
        for (guint d = 0; d < G_N_ELEMENTS (digits); d++)
          if (digits[d] == c)
            {
              current = d;
              matched = TRUE;
              break;
            }
      if (!matched)
        break;
      i += 3;
      n++;
    }
  *value = total + current;
  return n > 0 ? i : 0;
}

static guint
roman_value (const char *s,
             gsize       n)
{
  static const char * const romans[] = {
    "", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
    "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
  };

  for (guint v = 1; v < G_N_ELEMENTS (romans); v++)
    if (strlen (romans[v]) == n && memcmp (romans[v], s, n) == 0)
      return v;
  return 0;
}

static gsize
read_digits (const char *s,
             gsize       len,
             gsize       i,
             guint       max_digits,
             guint      *value)
{
  gsize j = i;
  guint v = 0;

  while (j < len && g_ascii_isdigit (s[j]) && j - i < max_digits)
    {
      v = v * 10 + (s[j] - '0');
      j++;
    }
  if (j < len && g_ascii_isdigit (s[j]))
    return 0;
  *value = v;
  return j - i;
}

static gboolean
is_open_paren (const char *s,
               gsize       len,
               gsize       i,
               gsize      *after)
{
  if (i < len && s[i] == '(')
    {
      *after = i + 1;
      return TRUE;
    }
  if (has_prefix (s + i, len - i, "\xef\xbc\x88"))
    {
      *after = i + 3;
      return TRUE;
    }
  return FALSE;
}

static gboolean
is_close_paren (const char *s,
                gsize       len,
                gsize       i,
                gsize      *after)
{
  if (i < len && s[i] == ')')
    {
      *after = i + 1;
      return TRUE;
    }
  if (has_prefix (s + i, len - i, "\xef\xbc\x89"))
    {
      *after = i + 3;
      return TRUE;
    }
  return FALSE;
}

/* Whether the rest of the line starts right: a space, or text that can't be a number. */
static gboolean
rest_ok (const char *s,
         gsize       len,
         gsize       i,
         gboolean    need_space)
{
  gunichar c;

  if (i >= len)
    return FALSE;
  if (s[i] == ' ')
    return skip_spaces (s, len, i) < len;
  if (need_space)
    {
      c = char_at (s, len, i);
      return is_wide (c) || g_unichar_isupper (c);
    }
  return TRUE;
}

static MarkerStyle
classify_marker (const char *s,
                 gsize       len,
                 guint      *number,
                 gsize      *rest)
{
  guint value = 0;
  gsize n;
  gsize i;

  if (len == 0)
    return STYLE_NONE;

  /* ordinal words */
  if (strchr ("FfSsTtEeNn", s[0]) != NULL)
    {
      for (guint k = 0; k < G_N_ELEMENTS (ordinal_words); k++)
        {
          gsize wl = strlen (ordinal_words[k].word);

          if (has_prefix_ci (s, len, ordinal_words[k].word) &&
              (wl == len || !g_ascii_isalpha (s[wl])))
            {
              if (match_ordinal_punct (s, len, wl, rest))
                {
                  *number = ordinal_words[k].number;
                  return STYLE_ORDINAL;
                }
              break;
            }
        }
    }

  /* 1. 1) */
  if (g_ascii_isdigit (s[0]))
    {
      n = read_digits (s, len, 0, 2, &value);
      if (n > 0 && value >= 1 && n < len)
        {
          if (s[n] == '.' && rest_ok (s, len, n + 1, TRUE))
            {
              *number = value;
              *rest = skip_spaces (s, len, n + 1);
              return STYLE_DOT;
            }
          if (has_prefix (s + n, len - n, "\xef\xbc\x8e") && rest_ok (s, len, n + 3, FALSE))
            {
              *number = value;
              *rest = skip_spaces (s, len, n + 3);
              return STYLE_DOT;
            }
          if (is_close_paren (s, len, n, &i) && rest_ok (s, len, i, FALSE))
            {
              *number = value;
              *rest = skip_spaces (s, len, i);
              return STYLE_PAREN_RIGHT;
            }
        }
      return STYLE_NONE;
    }

  /* (1) （一） */
  if (is_open_paren (s, len, 0, &i))
    {
      n = read_digits (s, len, i, 2, &value);
      if (n > 0 && value >= 1 && is_close_paren (s, len, i + n, &i) && rest_ok (s, len, i, FALSE))
        {
          *number = value;
          *rest = skip_spaces (s, len, i);
          return STYLE_PAREN_BOTH;
        }
      n = parse_cn_number (s + i, len - i, &value);
      if (n > 0 && value >= 1 && is_close_paren (s, len, i + n, &i) && rest_ok (s, len, i, FALSE))
        {
          *number = value;
          *rest = skip_spaces (s, len, i);
          return STYLE_CN_PAREN;
        }
      return STYLE_NONE;
    }

  /* I. II. */
  if (s[0] == 'I' || s[0] == 'V' || s[0] == 'X')
    {
      n = 0;
      while (n < len && n < 6 && (s[n] == 'I' || s[n] == 'V' || s[n] == 'X'))
        n++;
      value = roman_value (s, n);
      if (value > 0 && n < len && (s[n] == '.' || s[n] == ')') && n + 1 < len && s[n + 1] == ' ' &&
          rest_ok (s, len, n + 1, FALSE))
        {
          *number = value;
          *rest = skip_spaces (s, len, n + 1);
          return STYLE_ROMAN;
        }
      return STYLE_NONE;
    }

  /* 一、 第一， */
  n = parse_cn_number (s, len, &value);
  if (n > 0 && value >= 1)
    {
      if (has_prefix (s + n, len - n, "\xe3\x80\x81") && rest_ok (s, len, n + 3, FALSE))
        {
          *number = value;
          *rest = skip_spaces (s, len, n + 3);
          return STYLE_CN;
        }
      return STYLE_NONE;
    }
  if (has_prefix (s, len, "\xe7\xac\xac")) /* 第 */
    {
      n = parse_cn_number (s + 3, len - 3, &value);
      if (n > 0 && value >= 1)
        {
          static const char * const after[] = {
            "\xef\xbc\x8c", "\xe3\x80\x81", "\xef\xbc\x9a", ",", ":", " ", /* ， 、 ： */
            "\xe7\xab\xa0", "\xe8\x8a\x82", "\xe9\x83\xa8\xe5\x88\x86",    /* 章 节 部分 */
          };

          i = 3 + n;
          for (guint k = 0; k < G_N_ELEMENTS (after); k++)
            if (has_prefix (s + i, len - i, after[k]) &&
                rest_ok (s, len, i + strlen (after[k]), FALSE))
              {
                *number = value;
                *rest = skip_spaces (s, len, i + strlen (after[k]));
                return STYLE_CN_DI;
              }
        }
    }
  return STYLE_NONE;
}

static const char * const bullets[] = {
  "- ", "* ", "+ ", "\xe2\x80\xa2", "\xc2\xb7", "\xe2\x96\xaa", "\xe2\x97\xa6", "\xe2\x80\xa3",
  "\xe2\x97\x8f", "\xe2\x96\xa0", "\xe2\x80\x93 ",
};

static void
classify_lines (Importer *imp)
{
  guint n = imp->lines->len;

  for (guint i = 0; i < n; i++)
    {
      Line *line = &g_array_index (imp->lines, Line, i);
      guint number = 0;
      gsize rest = 0;
      MarkerStyle style;

      if (line->verbatim)
        continue;

      style = classify_marker (line->text, line->len, &number, &rest);
      if (style != STYLE_NONE && number <= 255 && rest < 256 && rest < line->len)
        {
          line->style = style;
          line->number = number;
          line->marker_len = rest;
        }

      if (line->md_level > 0)
        continue;

      for (guint k = 0;
           k < G_N_ELEMENTS (bullets) && strchr ("-*+\xe2\xc2", line->text[0]) != NULL;
           k++)
        if (has_prefix (line->text, line->len, bullets[k]))
          {
            gsize after = skip_spaces (line->text, line->len, strlen (bullets[k]));

            if (after < line->len)
              {
                line->list_kind = LIST_BULLET;
                line->list_len = after;
              }
            break;
          }
      if (line->list_kind == LIST_NONE && (style == STYLE_DOT || style == STYLE_PAREN_RIGHT) &&
          rest < 256)
        {
          line->list_kind = LIST_NUMBER;
          line->list_len = rest;
        }
    }
}

static const char * const connectors[] = {
  "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the",
  "to", "with", "its", "their", "our", "that", "which",
};

static gboolean
is_connector (const char *w,
              gsize       n)
{
  for (guint i = 0; i < G_N_ELEMENTS (connectors); i++)
    if (strlen (connectors[i]) == n && g_ascii_strncasecmp (w, connectors[i], n) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
ends_with_connector (const char *s,
                     gsize       len)
{
  gsize start = len;

  while (start > 0 && s[start - 1] != ' ')
    start--;
  return is_connector (s + start, len - start);
}

/* Whether the text after a marker (or a whole line) is shaped like a heading. */
static gboolean
is_heading_shaped (const char *rest,
                   gsize       len,
                   gboolean    blank_after,
                   const Line *next,
                   guint       max_words)
{
  guint words;
  gunichar last;

  if (len == 0 || len > 1000)
    return FALSE;
  words = count_words (rest, len);
  if (words == 0 || words > max_words)
    return FALSE;
  last = last_char (rest, len, TRUE);
  if (is_clause_punct (last))
    return FALSE;
  if (is_stop_punct (last))
    {
      if (words > 12 || !blank_after || sentence_end (rest, len, 0) < len)
        return FALSE;
    }
  if (!blank_after)
    {
      if (next == NULL || !starts_capitalised (next->text, next->len) ||
          ends_with_connector (rest, len))
        return FALSE;
    }
  return TRUE;
}

static void
shape_lines (Importer *imp)
{
  guint n = imp->lines->len;

  for (guint i = 0; i < n; i++)
    {
      Line *line = &g_array_index (imp->lines, Line, i);
      const Line *next = i + 1 < n ? &g_array_index (imp->lines, Line, i + 1) : NULL;
      gboolean blank_after = next == NULL || next->blank_before;

      if (line->style == STYLE_NONE)
        continue;
      line->head_shape = is_heading_shaped (line->text + line->marker_len,
                                            line->len - line->marker_len,
                                            blank_after, next, 16);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Dates                                                                                        */
/* ------------------------------------------------------------------------------------------ */

static const char * const month_names[] = {
  "january", "february", "march", "april", "may", "june", "july", "august", "september",
  "october", "november", "december",
};

static guint
match_month (const char *s,
             gsize       len,
             gsize      *consumed)
{
  for (guint m = 0; m < 12; m++)
    {
      gsize n = strlen (month_names[m]);

      if (has_prefix_ci (s, len, month_names[m]) && (len == n || !g_ascii_isalpha (s[n])))
        {
          *consumed = n;
          return m + 1;
        }
    }
  for (guint m = 0; m < 12; m++)
    {
      if (len >= 3 && g_ascii_strncasecmp (s, month_names[m], 3) == 0)
        {
          gsize n = 3;

          if (m == 8 && len >= 4 && g_ascii_tolower (s[3]) == 't')
            n = 4;
          if (len > n && g_ascii_isalpha (s[n]))
            continue;
          if (len > n && s[n] == '.')
            n++;
          *consumed = n;
          return m + 1;
        }
    }
  return 0;
}

static gboolean
valid_date (guint year,
            guint month,
            guint day)
{
  return year >= 1900 && year <= 2100 && g_date_valid_dmy (day, month, year);
}

static gboolean
parse_date_at (const char *s,
               gsize       len,
               gsize       i,
               guint      *year,
               guint      *month,
               guint      *day,
               gsize      *end)
{
  guint a = 0, b = 0, c = 0;
  gsize n, m, k, j;

  if (g_ascii_isdigit (s[i]))
    {
      n = read_digits (s, len, i, 4, &a);
      j = i + n;
      if (n == 4 && j < len)
        {
          /* 2024-12-27, 2024/12/27, 2024.12.27 */
          if (s[j] == '-' || s[j] == '/' || s[j] == '.')
            {
              char sep = s[j];

              m = read_digits (s, len, j + 1, 2, &b);
              if (m > 0 && j + 1 + m < len && s[j + 1 + m] == sep)
                {
                  k = read_digits (s, len, j + 2 + m, 2, &c);
                  if (k > 0 && valid_date (a, b, c))
                    {
                      *year = a, *month = b, *day = c;
                      *end = j + 2 + m + k;
                      return TRUE;
                    }
                }
              return FALSE;
            }
          /* 2024年12月27日 */
          j = skip_spaces (s, len, j);
          if (has_prefix (s + j, len - j, "\xe5\xb9\xb4"))
            {
              j = skip_spaces (s, len, j + 3);
              m = read_digits (s, len, j, 2, &b);
              j = skip_spaces (s, len, j + m);
              if (m > 0 && has_prefix (s + j, len - j, "\xe6\x9c\x88"))
                {
                  j = skip_spaces (s, len, j + 3);
                  k = read_digits (s, len, j, 2, &c);
                  if (k > 0 && valid_date (a, b, c))
                    {
                      j = skip_spaces (s, len, j + k);
                      if (has_prefix (s + j, len - j, "\xe6\x97\xa5"))
                        j += 3;
                      *year = a, *month = b, *day = c;
                      *end = j;
                      return TRUE;
                    }
                }
            }
          return FALSE;
        }
      if ((n == 1 || n == 2) && j < len)
        {
          /* 27 December 2024, 27 Dec. 2024 */
          if (s[j] == ' ')
            {
              j++;
              b = match_month (s + j, len - j, &m);
              if (b == 0)
                return FALSE;
              j += m;
              if (j < len && s[j] == ',')
                j++;
              j = skip_spaces (s, len, j);
              k = read_digits (s, len, j, 4, &c);
              if (k == 4 && valid_date (c, b, a))
                {
                  *year = c, *month = b, *day = a;
                  *end = j + k;
                  return TRUE;
                }
              return FALSE;
            }
          /* 12/27/2024 or 27/12/2024 */
          if (s[j] == '/' || s[j] == '.' || s[j] == '-')
            {
              char sep = s[j];

              m = read_digits (s, len, j + 1, 2, &b);
              if (m > 0 && j + 1 + m < len && s[j + 1 + m] == sep)
                {
                  k = read_digits (s, len, j + 2 + m, 4, &c);
                  if (k == 4)
                    {
                      guint mo = a > 12 ? b : a;
                      guint da = a > 12 ? a : b;

                      if (valid_date (c, mo, da))
                        {
                          *year = c, *month = mo, *day = da;
                          *end = j + 2 + m + k;
                          return TRUE;
                        }
                    }
                }
            }
        }
      return FALSE;
    }

  /* December 27, 2024; Dec. 27 2024; Dec 27th, 2024 */
  b = match_month (s + i, len - i, &m);
  if (b == 0)
    return FALSE;
  j = i + m;
  if (j >= len || s[j] != ' ')
    return FALSE;
  j = skip_spaces (s, len, j);
  n = read_digits (s, len, j, 2, &a);
  if (n == 0)
    return FALSE;
  j += n;
  if (has_prefix_ci (s + j, len - j, "st") || has_prefix_ci (s + j, len - j, "nd") ||
      has_prefix_ci (s + j, len - j, "rd") || has_prefix_ci (s + j, len - j, "th"))
    j += 2;
  if (j < len && s[j] == ',')
    j++;
  j = skip_spaces (s, len, j);
  k = read_digits (s, len, j, 4, &c);
  if (k == 4 && valid_date (c, b, a))
    {
      *year = c, *month = b, *day = a;
      *end = j + k;
      return TRUE;
    }
  return FALSE;
}

static gboolean
find_date (const char *s,
           gsize       len,
           char      **date,
           gsize      *start,
           gsize      *end)
{
  for (gsize i = 0; i < len; i++)
    {
      guint y, m, d;

      if (!g_ascii_isalnum (s[i]) || (i > 0 && g_ascii_isalnum (s[i - 1])))
        continue;
      if (parse_date_at (s, len, i, &y, &m, &d, end))
        {
          *start = i;
          if (date != NULL)
            *date = g_strdup_printf ("%04u-%02u-%02u", y, m, d);
          return TRUE;
        }
    }
  return FALSE;
}

/* ------------------------------------------------------------------------------------------ */
/* Metadata lines                                                                               */
/* ------------------------------------------------------------------------------------------ */

typedef enum
{
  META_AUTHOR,
  META_SOURCE,
  META_DATE,
  META_EDITOR,
} MetaKind;

static const struct
{
  const char *word;
  MetaKind    kind;
  gboolean    colon;
} meta_labels[] = {
  { "written by", META_AUTHOR, FALSE },
  { "by", META_AUTHOR, FALSE },
  { "authors", META_AUTHOR, TRUE },
  { "author", META_AUTHOR, TRUE },
  { "writer", META_AUTHOR, TRUE },
  { "reporter", META_AUTHOR, TRUE },
  { "\xe4\xbd\x9c\xe8\x80\x85", META_AUTHOR, TRUE },                 /* 作者 */
  { "\xe8\xae\xb0\xe8\x80\x85", META_AUTHOR, TRUE },                 /* 记者 */
  { "source", META_SOURCE, TRUE },
  { "publisher", META_SOURCE, TRUE },
  { "\xe6\x9d\xa5\xe6\xba\x90", META_SOURCE, TRUE },                 /* 来源 */
  { "\xe5\x87\xba\xe5\xa4\x84", META_SOURCE, TRUE },                 /* 出处 */
  { "updated on", META_DATE, FALSE },
  { "published on", META_DATE, FALSE },
  { "posted on", META_DATE, FALSE },
  { "updated", META_DATE, TRUE },
  { "published", META_DATE, TRUE },
  { "posted", META_DATE, TRUE },
  { "date", META_DATE, TRUE },
  { "\xe5\x8f\x91\xe5\xb8\x83\xe6\x97\xb6\xe9\x97\xb4", META_DATE, TRUE }, /* 发布时间 */
  { "\xe6\x9b\xb4\xe6\x96\xb0\xe6\x97\xb6\xe9\x97\xb4", META_DATE, TRUE }, /* 更新时间 */
  { "\xe5\x8f\x91\xe5\xb8\x83\xe6\x97\xa5\xe6\x9c\x9f", META_DATE, TRUE }, /* 发布日期 */
  { "\xe6\x97\xa5\xe6\x9c\x9f", META_DATE, TRUE },                   /* 日期 */
  { "\xe6\x97\xb6\xe9\x97\xb4", META_DATE, TRUE },                   /* 时间 */
  { "editors", META_EDITOR, TRUE },
  { "editor", META_EDITOR, TRUE },
  { "\xe8\xb4\xa3\xe4\xbb\xbb\xe7\xbc\x96\xe8\xbe\x91", META_EDITOR, TRUE }, /* 责任编辑 */
  { "\xe7\xbc\x96\xe8\xbe\x91", META_EDITOR, TRUE },                   /* 编辑 */
};

/* Matches a label at @i; returns the start of its value or 0. */
static gsize
match_label (const char *s,
             gsize       len,
             gsize       i,
             gboolean    part_start,
             MetaKind   *kind)
{
  gsize best = 0;

  for (guint k = 0; k < G_N_ELEMENTS (meta_labels); k++)
    {
      const char *word = meta_labels[k].word;
      gsize n = strlen (word);
      gboolean ascii = (guchar) word[0] < 0x80;
      gsize j;

      if (!has_prefix_ci (s + i, len - i, word))
        continue;
      if (ascii)
        {
          if (i > 0 && (g_ascii_isalnum (s[i - 1]) || s[i - 1] == '.' || s[i - 1] == '-'))
            continue;
          if (i + n < len && g_ascii_isalpha (s[i + n]))
            continue;
        }
      if (meta_labels[k].kind == META_AUTHOR && !meta_labels[k].colon && !part_start)
        continue;
      j = skip_spaces (s, len, i + n);
      if (j < len && s[j] == ':')
        j++;
      else if (has_prefix (s + j, len - j, "\xef\xbc\x9a"))
        j += 3;
      else if (meta_labels[k].colon || j == i + n)
        continue;
      j = skip_spaces (s, len, j);
      if (j > best)
        {
          best = j;
          *kind = meta_labels[k].kind;
        }
    }
  return best;
}

static gboolean
is_separator_char (gunichar c)
{
  return c == ' ' || c == ',' || c == ';' || c == '|' || c == 0xB7 || c == 0x2022 ||
         c == 0xFF5C || c == 0xFF0C || c == 0xFF1B || c == 0x3001 || c == '/' || c == '-' ||
         c == 0x2014 || c == 0x2013 || c == '(' || c == ')' || c == '[' || c == ']' ||
         c == 0x3010 || c == 0x3011 || c == 0xFF08 || c == 0xFF09;
}

/* Trims separators at both ends of [*start, *end). */
static void
trim_separators (const char *s,
                 gsize      *start,
                 gsize      *end)
{
  while (*start < *end)
    {
      gunichar c = g_utf8_get_char (s + *start);

      if (!is_separator_char (c) && c != '.')
        break;
      *start = g_utf8_next_char (s + *start) - s;
    }
  while (*end > *start)
    {
      const char *p = g_utf8_find_prev_char (s + *start, s + *end);
      gunichar c = g_utf8_get_char (p);

      if (!is_separator_char (c))
        break;
      *end = p - s;
    }
}

static const char * const name_particles[] = {
  "de", "da", "van", "von", "der", "den", "bin", "al", "la", "le", "du", "di", "y", "del", "dos",
};

static gboolean
valid_latin_name (const char *s,
                  gsize       len)
{
  guint words = 0;
  gsize i = 0;

  while (i < len)
    {
      gsize start;
      gunichar c;
      gboolean particle = FALSE;

      i = skip_spaces (s, len, i);
      if (i >= len)
        break;
      start = i;
      while (i < len && s[i] != ' ')
        i++;
      words++;
      for (guint k = 0; k < G_N_ELEMENTS (name_particles); k++)
        if (strlen (name_particles[k]) == i - start &&
            memcmp (name_particles[k], s + start, i - start) == 0)
          particle = TRUE;
      c = g_utf8_get_char (s + start);
      if (!particle && !g_unichar_isupper (c) && !g_unichar_istitle (c))
        return FALSE;
      for (const char *p = s + start; p < s + i; p = g_utf8_next_char (p))
        {
          gunichar u = g_utf8_get_char (p);

          if (!g_unichar_isalpha (u) && u != '.' && u != '-' && u != '\'' && u != 0x2019)
            return FALSE;
        }
    }
  return words >= 1 && words <= 5;
}

static gboolean
valid_cjk_name (const char *s,
                gsize       len)
{
  glong n = 0;

  for (const char *p = s; p < s + len; p = g_utf8_next_char (p))
    {
      gunichar u = g_utf8_get_char (p);

      if (!is_han (u) && u != 0xB7 && u != 0x30FB && !is_kana (u))
        return FALSE;
      n++;
    }
  return n >= 2 && n <= 12;
}

static void
add_name (GPtrArray  *names,
          const char *s,
          gsize       len)
{
  if (names != NULL)
    g_ptr_array_add (names, g_strndup (s, len));
}

/* Splits "A, B and C" or "张三、李四" into names; FALSE unless all look like names. */
static gboolean
parse_names (const char *value,
             gsize       len,
             GPtrArray  *names)
{
  static const char * const seps[] = {
    ", and ", " and ", " & ", ",", ";", "\xe3\x80\x81", "\xef\xbc\x8c", "\xef\xbc\x9b",
  };
  gsize i = 0;
  gsize start = 0;
  guint count = 0;

  if (len == 0)
    return FALSE;
  while (i <= len)
    {
      gsize sep_len = 0;

      if (i < len)
        for (guint k = 0; k < G_N_ELEMENTS (seps); k++)
          if (has_prefix (value + i, len - i, seps[k]))
            {
              sep_len = strlen (seps[k]);
              break;
            }
      if (i == len || sep_len > 0)
        {
          gsize a = start;
          gsize b = i;

          trim_separators (value, &a, &b);
          if (b > a)
            {
              if (valid_latin_name (value + a, b - a))
                add_name (names, value + a, b - a);
              else
                {
                  /* Chinese names may be separated by spaces only */
                  gsize p = a;

                  while (p < b)
                    {
                      gsize q = p;

                      while (q < b && value[q] != ' ')
                        q++;
                      if (!valid_cjk_name (value + p, q - p))
                        return FALSE;
                      add_name (names, value + p, q - p);
                      p = skip_spaces (value, b, q);
                    }
                }
              count++;
            }
          if (i == len)
            break;
          i += sep_len;
          start = i;
          continue;
        }
      i++;
    }
  return count >= 1 && count <= 8;
}

static gboolean
is_outlet_name (const char *s,
                gsize       len)
{
  guint words;
  gboolean domain = TRUE;

  if (len == 0 || len > 80)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!(g_ascii_isalnum (s[i]) || s[i] == '.' || s[i] == '-'))
      domain = FALSE;
  if (domain && memchr (s, '.', len) != NULL)
    return TRUE;
  words = count_words (s, len);
  if (words == 0 || words > 5 || is_stop_punct (last_char (s, len, FALSE)))
    return FALSE;
  for (gsize i = 0; i < len; i = skip_spaces (s, len, i))
    {
      gsize start = i;

      if (!starts_capitalised (s + i, len - i) && !is_connector (s + i, 0))
        {
          while (i < len && s[i] != ' ')
            i++;
          if (!is_connector (s + start, i - start))
            return FALSE;
          continue;
        }
      while (i < len && s[i] != ' ')
        i++;
    }
  return TRUE;
}

static gboolean
only_time_words (const char *s,
                 gsize       len)
{
  static const char * const allowed[] = {
    "updated", "published", "posted", "on", "at", "am", "pm", "a.m.", "p.m.", "bjt", "gmt", "utc",
    "cst", "est", "edt", "pst", "cet", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "|", "-", "·",
  };
  gsize i = 0;

  while (i < len)
    {
      gsize start;
      gsize a, b;
      gboolean ok = FALSE;

      while (i < len && (s[i] == ' ' || s[i] == ',' || s[i] == '(' || s[i] == ')'))
        i++;
      if (i >= len)
        break;
      start = i;
      while (i < len && s[i] != ' ' && s[i] != ',' && s[i] != '(' && s[i] != ')')
        i++;
      a = start;
      b = i;
      /* 10:31, 10:31:05 */
      if (g_ascii_isdigit (s[a]))
        {
          ok = TRUE;
          for (gsize k = a; k < b; k++)
            if (!g_ascii_isdigit (s[k]) && s[k] != ':')
              ok = FALSE;
        }
      for (guint k = 0; !ok && k < G_N_ELEMENTS (allowed); k++)
        if (strlen (allowed[k]) == b - a && g_ascii_strncasecmp (s + a, allowed[k], b - a) == 0)
          ok = TRUE;
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static void
set_once (char       **field,
          const char  *s,
          gsize        len)
{
  if (*field == NULL && len > 0)
    *field = g_strndup (s, len);
}

/* One "|"-separated part of a metadata line. Returns TRUE if it is metadata; with @meta NULL
 * nothing is stored. */
static gboolean
parse_meta_part (const char *s,
                 gsize       len,
                 Meta       *meta)
{
  gsize starts[8];
  gsize values[8];
  MetaKind kinds[8];
  guint n = 0;
  gsize i = 0;
  gsize first = 0;
  gsize ds, de;

  /* leading brackets and separators */
  while (first < len)
    {
      gunichar c = g_utf8_get_char (s + first);

      if (!is_separator_char (c))
        break;
      first = g_utf8_next_char (s + first) - s;
    }

  while (i < len && n < G_N_ELEMENTS (starts))
    {
      MetaKind kind = META_AUTHOR;
      gsize value = match_label (s, len, i, i == first, &kind);

      if (value > 0)
        {
          starts[n] = i;
          values[n] = value;
          kinds[n] = kind;
          n++;
          i = value;
        }
      else
        i = g_utf8_next_char (s + i) - s;
    }

  if (n == 0)
    {
      g_autofree char *date = NULL;

      if (!find_date (s, len, &date, &ds, &de))
        return FALSE;
      if (!only_time_words (s, ds) || !only_time_words (s + de, len - de))
        return FALSE;
      if (meta != NULL && meta->date == NULL)
        meta->date = g_steal_pointer (&date);
      return TRUE;
    }
  if (starts[0] != first)
    return FALSE;

  for (guint k = 0; k < n; k++)
    {
      gsize a = values[k];
      gsize b = k + 1 < n ? starts[k + 1] : len;
      g_autofree char *date = NULL;

      trim_separators (s, &a, &b);
      if (kinds[k] != META_DATE && find_date (s + a, b - a, &date, &ds, &de))
        {
          if (!only_time_words (s + a + de, b - a - de))
            return FALSE;
          b = a + ds;
          trim_separators (s, &a, &b);
        }
      if (kinds[k] == META_AUTHOR)
        {
          GPtrArray *names = meta != NULL && meta->authors->len == 0 ? meta->authors : NULL;

          if (!parse_names (s + a, b - a, names))
            return FALSE;
        }
      else if (kinds[k] == META_EDITOR)
        {
          if (b <= a || count_words (s + a, b - a) > 8)
            return FALSE;
          if (meta != NULL)
            set_once (&meta->editor, s + a, b - a);
        }
      else if (kinds[k] == META_SOURCE)
        {
          if (b <= a || count_words (s + a, b - a) > 8)
            return FALSE;
          if (meta != NULL)
            {
              /* "Xinhua." */
              while (b > a && s[b - 1] == '.')
                b--;
              set_once (&meta->source, s + a, b - a);
            }
        }
      else
        {
          if (!find_date (s + a, b - a, &date, &ds, &de))
            {
              if (count_words (s + a, b - a) > 4)
                return FALSE;
            }
          else if (!only_time_words (s + a, ds) || !only_time_words (s + a + de, b - a - de))
            return FALSE;
        }
      if (meta != NULL && date != NULL && meta->date == NULL)
        meta->date = g_steal_pointer (&date);
    }
  return TRUE;
}

/* The length of a "|" "｜" " · " " • " separator at @i, or 0. */
static gsize
part_separator (const char *s,
                gsize       len,
                gsize       i)
{
  if (s[i] == '|')
    return 1;
  if (has_prefix (s + i, len - i, "\xef\xbd\x9c"))
    return 3;
  if (i > 0 && s[i - 1] == ' ' && (has_prefix (s + i, len - i, "\xc2\xb7 ") ||
                                   has_prefix (s + i, len - i, "\xe2\x80\xa2 ")))
    return has_prefix (s + i, len - i, "\xc2\xb7") ? 2 : 3;
  return 0;
}

static gboolean
parse_meta_line (const char *s,
                 gsize       len,
                 Meta       *meta)
{
  gboolean labelled = FALSE;

  if (len == 0 || len > MAX_META_LEN)
    return FALSE;

  /* pass 0 checks, pass 1 stores */
  for (guint pass = 0; pass < 2; pass++)
    {
      gsize start = 0;

      if (pass == 1 && meta == NULL)
        break;
      for (gsize i = 0; i <= len;)
        {
          gsize sep = i < len ? part_separator (s, len, i) : 1;

          if (sep > 0)
            {
              gsize a = start;
              gsize b = i;

              while (a < b && s[a] == ' ')
                a++;
              while (b > a && s[b - 1] == ' ')
                b--;
              if (b > a)
                {
                  if (parse_meta_part (s + a, b - a, pass == 1 ? meta : NULL))
                    labelled = TRUE;
                  else if (!is_outlet_name (s + a, b - a))
                    return FALSE;
                  else if (pass == 1)
                    set_once (&meta->source, s + a, b - a);
                }
              i += sep;
              start = i;
              continue;
            }
          i++;
        }
      if (!labelled)
        return FALSE;
    }
  return labelled;
}

static gboolean
parse_editor_line (const char *s,
                   gsize       len,
                   Meta       *meta)
{
  static const char * const labels[] = {
    "responsible editor", "chief editor", "editor in charge", "editors", "editor", "edited by",
    "\xe8\xb4\xa3\xe4\xbb\xbb\xe7\xbc\x96\xe8\xbe\x91", /* 责任编辑 */
    "\xe8\xb4\xa3\xe7\xbc\x96",                         /* 责编 */
    "\xe7\xbc\x96\xe8\xbe\x91",                         /* 编辑 */
  };
  gsize a = 0;
  gsize b = len;

  if (len == 0 || len > 200)
    return FALSE;
  trim_separators (s, &a, &b);
  for (guint k = 0; k < G_N_ELEMENTS (labels); k++)
    {
      gsize n = strlen (labels[k]);
      gsize j;

      if (!has_prefix_ci (s + a, b - a, labels[k]))
        continue;
      j = skip_spaces (s, b, a + n);
      if (j < b && s[j] == ':')
        j++;
      else if (has_prefix (s + j, b - j, "\xef\xbc\x9a"))
        j += 3;
      else if (strcmp (labels[k], "edited by") != 0)
        continue;
      j = skip_spaces (s, b, j);
      trim_separators (s, &j, &b);
      if (b <= j || count_words (s + j, b - j) > 8 ||
          is_stop_punct (last_char (s + j, b - j, FALSE)))
        return FALSE;
      if (meta != NULL)
        set_once (&meta->editor, s + j, b - j);
      return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------------------------------ */
/* Title, chrome and the top of the document                                                    */
/* ------------------------------------------------------------------------------------------ */

static const char * const chrome_words[] = {
  "home", "homepage", "news", "menu", "nav", "navigation", "search", "skip", "to", "content",
  "main", "login", "log", "in", "out", "sign", "up", "register", "subscribe", "about", "contact",
  "us", "share", "print", "email", "e-mail", "back", "top", "more", "sections", "english",
  "close", "open", "toggle", "language", "languages", "sitemap", "rss", "follow", "newsletter",
  "advertisement", "cookies", "accept", "you", "are", "here", "latest", "trending", "video",
  "videos", "photos", "opinion", "world", "business", "sports", "tech", "culture", "lifestyle",
  "epaper", "e-paper", "app", "download", "account", "my", "font", "size", "a+", "a-", "text",
  "\xe9\xa6\x96\xe9\xa1\xb5", "\xe5\xaf\xbc\xe8\x88\xaa", "\xe6\x90\x9c\xe7\xb4\xa2",
  "\xe7\x99\xbb\xe5\xbd\x95", "\xe6\xb3\xa8\xe5\x86\x8c", "\xe6\x9b\xb4\xe5\xa4\x9a",
  "\xe8\xbf\x94\xe5\x9b\x9e", "\xe6\x89\x93\xe5\x8d\xb0", "\xe5\x88\x86\xe4\xba\xab",
  "\xe5\x85\xb3\xe9\x97\xad", "\xe4\xb8\xad\xe6\x96\x87", "\xe8\x8b\xb1\xe6\x96\x87",
};

static gboolean
is_chrome_word (const char *w,
                gsize       n)
{
  for (guint i = 0; i < G_N_ELEMENTS (chrome_words); i++)
    if (strlen (chrome_words[i]) == n && g_ascii_strncasecmp (w, chrome_words[i], n) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_menu_separator (gunichar c)
{
  return c == '|' || c == '/' || c == '>' || c == '<' || c == 0xBB || c == 0xAB || c == 0x203A ||
         c == 0x2039 || c == 0xB7 || c == 0x2022 || c == 0xFF5C || c == 0x25B8 || c == 0x2192;
}

/* Site chrome: short menu-like lines ("Nav Search", "Home | News", "Skip to content"). */
static gboolean
looks_like_menu (const Line *line)
{
  const char *s = line->text;
  gsize len = line->len;
  guint words = 0;
  guint vocab = 0;
  guint capitalised = 0;
  guint segment_words = 0;
  guint max_segment = 0;
  gboolean separators = FALSE;
  gsize i = 0;

  if (line->md_level > 0 || line->list_kind != LIST_NONE || len > 200)
    return FALSE;
  while (i < len)
    {
      gunichar c = g_utf8_get_char (s + i);
      gsize start;

      if (c == ' ')
        {
          i++;
          continue;
        }
      if (is_menu_separator (c))
        {
          separators = TRUE;
          segment_words = 0;
          i = g_utf8_next_char (s + i) - s;
          continue;
        }
      start = i;
      while (i < len)
        {
          gunichar d = g_utf8_get_char (s + i);

          if (d == ' ' || is_menu_separator (d))
            break;
          i = g_utf8_next_char (s + i) - s;
        }
      words++;
      segment_words++;
      max_segment = MAX (max_segment, segment_words);
      if (is_chrome_word (s + start, i - start))
        vocab++;
      if (starts_capitalised (s + start, i - start))
        capitalised++;
    }
  if (words == 0)
    return TRUE;
  if (is_stop_punct (last_char (s, len, FALSE)) && !separators)
    return FALSE;
  if (separators && words <= 12 && max_segment <= 3 && (capitalised == words || vocab * 2 >= words))
    return TRUE;
  return words <= 4 && vocab * 2 >= words && (vocab == words || capitalised + vocab >= words);
}

static gboolean
is_title_candidate (const Line *line)
{
  guint words;
  gunichar last;

  if (line->verbatim || line->list_kind != LIST_NONE || line->len > 600)
    return FALSE;
  if (line->md_level > 1)
    return FALSE;
  if (line->md_level == 0 && line->style != STYLE_NONE)
    return FALSE;
  words = count_words (line->text, line->len);
  if (words == 0 || words > 30)
    return FALSE;
  last = last_char (line->text, line->len, TRUE);
  return !is_clause_punct (last) && !is_stop_punct (last);
}

/* Heading text: marker stripped, links reduced to their labels, trailing punctuation gone. */
static char *
line_heading_text (const Line *line)
{
  gsize skip = line->style != STYLE_NONE ? line->marker_len : 0;
  char *text = strip_links (line->text + skip, line->len - skip);

  trim_heading (text);
  return capitalise (text);
}

static void
parse_front_matter (Importer *imp)
{
  GArray *lines = imp->lines;
  guint close = 0;

  if (lines->len < 3)
    return;
  if (strcmp (g_array_index (lines, Line, 0).text, "---") != 0)
    return;
  for (guint i = 1; i < lines->len && i < 60; i++)
    {
      const char *t = g_array_index (lines, Line, i).text;

      if (strcmp (t, "---") == 0 || strcmp (t, "...") == 0)
        {
          close = i;
          break;
        }
      if (strchr (t, ':') == NULL && t[0] != '-')
        return;
    }
  if (close == 0)
    return;

  for (guint i = 1; i < close; i++)
    {
      Line *line = &g_array_index (lines, Line, i);
      const char *colon = strchr (line->text, ':');
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      if (colon == NULL)
        continue;
      key = g_ascii_strdown (line->text, colon - line->text);
      g_strstrip (key);
      value = g_strdup (colon + 1);
      g_strstrip (value);
      /* quotes and brackets */
      if (value[0] == '"' || value[0] == '\'' || value[0] == '[')
        {
          gsize n = strlen (value);

          memmove (value, value + 1, n);
          n--;
          if (n > 0 && (value[n - 1] == '"' || value[n - 1] == '\'' || value[n - 1] == ']'))
            value[n - 1] = '\0';
        }
      if (value[0] == '\0')
        continue;
      if (strcmp (key, "title") == 0)
        set_once (&imp->meta.title, value, strlen (value));
      else if (strcmp (key, "subtitle") == 0 || strcmp (key, "description") == 0)
        set_once (&imp->meta.subtitle, value, strlen (value));
      else if ((strcmp (key, "author") == 0 || strcmp (key, "authors") == 0) &&
               imp->meta.authors->len == 0)
        {
          g_auto(GStrv) names = g_strsplit_set (value, ",;", 8);

          for (guint k = 0; names[k] != NULL; k++)
            {
              g_strstrip (names[k]);
              g_strdelimit (names[k], "\"'", ' ');
              g_strstrip (names[k]);
              if (names[k][0] != '\0')
                g_ptr_array_add (imp->meta.authors, g_strdup (names[k]));
            }
        }
      else if (strcmp (key, "date") == 0 || strcmp (key, "published") == 0)
        {
          gsize ds, de;

          if (imp->meta.date == NULL)
            find_date (value, strlen (value), &imp->meta.date, &ds, &de);
        }
      else if (strcmp (key, "source") == 0 || strcmp (key, "publisher") == 0 ||
               strcmp (key, "site") == 0)
        set_once (&imp->meta.source, value, strlen (value));
      else if (strcmp (key, "editor") == 0)
        set_once (&imp->meta.editor, value, strlen (value));
    }
  g_array_remove_range (lines, 0, close + 1);
  if (lines->len > 0)
    g_array_index (lines, Line, 0).blank_before = TRUE;
}

static char *
title_from_filename (const char *name)
{
  g_autofree char *stem = g_strdup (name);
  char *dot = strrchr (stem, '.');

  if (dot != NULL && dot != stem)
    *dot = '\0';
  g_strdelimit (stem, "_-.", ' ');
  g_strstrip (stem);
  if (*stem == '\0')
    return g_strdup ("Untitled");
  return capitalise (g_steal_pointer (&stem));
}

static void
read_head (Importer *imp)
{
  GArray *lines = imp->lines;
  guint n = lines->len;
  guint i = 0;
  gboolean have_title;

  have_title = imp->meta.title != NULL;

  while (i < n && i < HEAD_LINES + 2)
    {
      Line *line = &g_array_index (lines, Line, i);

      if (!have_title && looks_like_menu (line))
        {
          /* only when a title follows */
          gboolean title_follows = FALSE;

          for (guint k = i + 1; k < n && k <= i + 3; k++)
            {
              Line *next = &g_array_index (lines, Line, k);

              if (is_title_candidate (next) && !looks_like_menu (next) &&
                  !parse_meta_line (next->text, next->len, NULL))
                {
                  title_follows = TRUE;
                  break;
                }
            }
          if (title_follows)
            {
              i++;
              continue;
            }
        }
      if (line->md_level == 0 && parse_meta_line (line->text, line->len, &imp->meta))
        {
          i++;
          continue;
        }
      if (!have_title)
        {
          if (is_title_candidate (line))
            {
              /* a short label before "TITLE / byline" is chrome too */
              if (i + 2 < n && line->md_level == 0 && count_words (line->text, line->len) <= 3)
                {
                  Line *next = &g_array_index (lines, Line, i + 1);
                  Line *after = &g_array_index (lines, Line, i + 2);

                  if (is_title_candidate (next) && next->md_level == 0 &&
                      count_words (next->text, next->len) > count_words (line->text, line->len) &&
                      parse_meta_line (after->text, after->len, NULL))
                    {
                      i++;
                      continue;
                    }
                }
              imp->meta.title = line_heading_text (line);
              have_title = TRUE;
              i++;
              continue;
            }
          break;
        }
      if (line->md_level == 1 && imp->meta.title != NULL &&
          g_ascii_strcasecmp (line->text, imp->meta.title) == 0)
        {
          i++;
          continue;
        }
      /* "TITLE / SUBTITLE / byline" */
      if (imp->meta.subtitle == NULL && line->md_level == 0 && is_title_candidate (line) &&
          i + 1 < n && parse_meta_line (g_array_index (lines, Line, i + 1).text,
                                        g_array_index (lines, Line, i + 1).len, NULL))
        {
          imp->meta.subtitle = line_heading_text (line);
          i++;
          continue;
        }
      break;
    }

  imp->body_start = i;
  if (imp->meta.title == NULL || imp->meta.title[0] == '\0')
    {
      g_free (imp->meta.title);
      imp->meta.title = title_from_filename (imp->name);
    }
}

static void
read_tail (Importer *imp)
{
  guint end = imp->lines->len;
  guint seen = 0;

  while (end > imp->body_start && seen < TAIL_LINES)
    {
      Line *line = &g_array_index (imp->lines, Line, end - 1);

      seen++;
      if (line->md_level > 0)
        break;
      if (parse_editor_line (line->text, line->len, &imp->meta))
        end--;
      else if (imp->meta.source == NULL && line->len < 120 &&
               (has_prefix_ci (line->text, line->len, "source:") ||
                has_prefix (line->text, line->len, "\xe6\x9d\xa5\xe6\xba\x90")) &&
               parse_meta_line (line->text, line->len, &imp->meta))
        end--;
      else if (looks_like_menu (line) && line->len < 40)
        end--;
      else
        break;
    }
  imp->body_end = end;
}

/* ------------------------------------------------------------------------------------------ */
/* Sections                                                                                     */
/* ------------------------------------------------------------------------------------------ */

typedef struct
{
  guint    line;
  gboolean head;             /* the line is the heading; else the heading is its first sentence */
} Start;

static gboolean
is_short_heading (Importer *imp,
                  guint     i)
{
  const Line *line = &g_array_index (imp->lines, Line, i);
  const Line *next;
  gboolean blank_after;
  guint words;
  gunichar last;
  gsize skip = line->style != STYLE_NONE ? line->marker_len : 0;

  if (i + 1 >= imp->body_end || line->verbatim || line->list_kind != LIST_NONE)
    return FALSE;
  if (!line->blank_before && i != imp->body_start)
    return FALSE;
  next = &g_array_index (imp->lines, Line, i + 1);
  blank_after = next->blank_before;
  words = count_words (line->text + skip, line->len - skip);
  if (words == 0 || words > 12 || (!blank_after && words > 8))
    return FALSE;
  if (!starts_capitalised (line->text + skip, line->len - skip))
    return FALSE;
  last = last_char (line->text, line->len, TRUE);
  if (is_clause_punct (last) || is_stop_punct (last) || ends_with_connector (line->text, line->len))
    return FALSE;
  /* followed by a paragraph */
  if (next->list_kind != LIST_NONE)
    return TRUE;
  last = last_char (next->text, next->len, TRUE);
  return count_words (next->text, next->len) > 12 || is_stop_punct (last) || last == '!' ||
         last == '?';
}

typedef struct
{
  GArray  *accepted;         /* Start */
  int      score;
} Candidate;

static void
score_style (Importer    *imp,
             GArray      *markers,
             MarkerStyle  style,
             gboolean     heads_only,
             Candidate   *out)
{
  guint expected = 1;
  int bad = 0;

  out->accepted = g_array_new (FALSE, FALSE, sizeof (Start));
  for (guint m = 0; m < markers->len; m++)
    {
      guint i = g_array_index (markers, guint, m);
      const Line *line = &g_array_index (imp->lines, Line, i);

      if (line->style != style || line->md_level > 0 || line->verbatim)
        continue;
      if (!line->blank_before && i != imp->body_start)
        continue;
      if (heads_only && !line->head_shape)
        continue;
      if (line->number == expected)
        {
          Start start = { i, line->head_shape };

          g_array_append_val (out->accepted, start);
          expected++;
        }
      else
        bad++;
    }
  out->score = (int) out->accepted->len - bad;
}

/* Whether all of @inner's starts lie within one section of @outer. */
static gboolean
nested_in (GArray *inner,
           GArray *outer)
{
  guint first_line = g_array_index (inner, Start, 0).line;
  guint last_line = g_array_index (inner, Start, inner->len - 1).line;
  guint k = 0;

  /* the outer section that contains the first inner start */
  while (k < outer->len && g_array_index (outer, Start, k).line < first_line)
    k++;
  if (k == 0)
    return FALSE;
  return k == outer->len || g_array_index (outer, Start, k).line > last_line;
}

static GArray *
choose_sections (Importer *imp)
{
  Candidate candidates[N_EXPLICIT_STYLES];
  g_autoptr(GArray) markers = NULL;
  GArray *result = NULL;
  int best = -1;
  guint level_count[7] = { 0 };
  guint chosen_level = 0;

  /* Markdown headings win when there are at least two at the top level */
  for (guint i = imp->body_start; i < imp->body_end; i++)
    {
      const Line *line = &g_array_index (imp->lines, Line, i);

      if (line->md_level > 0)
        level_count[line->md_level]++;
    }
  for (guint level = 1, total = 0; level <= 3; level++)
    {
      total += level_count[level];
      if (total >= 2)
        {
          chosen_level = level;
          break;
        }
    }
  if (chosen_level > 0)
    {
      result = g_array_new (FALSE, FALSE, sizeof (Start));
      for (guint i = imp->body_start; i < imp->body_end; i++)
        {
          const Line *line = &g_array_index (imp->lines, Line, i);

          if (line->md_level > 0 && line->md_level <= chosen_level)
            {
              Start start = { i, TRUE };

              g_array_append_val (result, start);
            }
        }
      return result;
    }

  /* explicit markers: the most consistent sequence that is not nested in another */
  markers = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = imp->body_start; i < imp->body_end; i++)
    if (g_array_index (imp->lines, Line, i).style != STYLE_NONE)
      g_array_append_val (markers, i);
  for (guint s = 0; s < N_EXPLICIT_STYLES; s++)
    {
      Candidate heads;

      score_style (imp, markers, s, FALSE, &candidates[s]);
      score_style (imp, markers, s, TRUE, &heads);
      if (heads.accepted->len >= 2 && heads.score >= candidates[s].score)
        {
          g_array_unref (candidates[s].accepted);
          candidates[s] = heads;
        }
      else
        g_array_unref (heads.accepted);
    }
  for (guint s = 0; s < N_EXPLICIT_STYLES; s++)
    {
      gboolean dominated = FALSE;

      if (candidates[s].accepted->len < 2 || candidates[s].score < 1)
        continue;
      for (guint t = 0; t < N_EXPLICIT_STYLES && !dominated; t++)
        if (t != s && candidates[t].accepted->len >= 2 && candidates[t].score >= 1 &&
            nested_in (candidates[s].accepted, candidates[t].accepted))
          dominated = TRUE;
      if (dominated)
        continue;
      if (best < 0 || candidates[s].score > candidates[best].score ||
          (candidates[s].score == candidates[best].score &&
           g_array_index (candidates[s].accepted, Start, 0).line <
           g_array_index (candidates[best].accepted, Start, 0).line))
        best = s;
    }
  for (guint s = 0; s < N_EXPLICIT_STYLES; s++)
    {
      if ((int) s == best)
        result = candidates[s].accepted;
      else
        g_array_unref (candidates[s].accepted);
    }
  if (result != NULL)
    return result;

  /* standalone short lines */
  result = g_array_new (FALSE, FALSE, sizeof (Start));
  for (guint i = imp->body_start; i < imp->body_end; i++)
    if (is_short_heading (imp, i))
      {
        Start start = { i, TRUE };

        g_array_append_val (result, start);
      }
  if (result->len < 2)
    g_array_set_size (result, 0);
  return result;
}

/* ------------------------------------------------------------------------------------------ */
/* Blocks and themes                                                                            */
/* ------------------------------------------------------------------------------------------ */

static void
append_joined (GString    *out,
               const char *s,
               gsize       len)
{
  if (out->len > 0 && len > 0)
    {
      gunichar before = last_char (out->str, out->len, FALSE);
      gunichar after = g_utf8_get_char (s);

      if (!(is_wide (before) && is_wide (after)))
        g_string_append_c (out, ' ');
    }
  g_string_append_len (out, s, len);
}

static gboolean
is_list_line (Importer *imp,
              guint     i,
              guint     start,
              guint     end)
{
  const Line *line = &g_array_index (imp->lines, Line, i);
  const Line *prev;
  const Line *next;

  if (line->list_kind == LIST_BULLET)
    return TRUE;
  if (line->list_kind != LIST_NUMBER)
    return FALSE;
  if (imp->markdown)
    return TRUE;
  prev = i > start ? &g_array_index (imp->lines, Line, i - 1) : NULL;
  next = i + 1 < end ? &g_array_index (imp->lines, Line, i + 1) : NULL;
  return (prev != NULL && !line->blank_before && prev->list_kind != LIST_NONE) ||
         (next != NULL && !next->blank_before && next->list_kind != LIST_NONE);
}

static void
flush_paragraph (GPtrArray *blocks,
                 GString  **para)
{
  Block *block;

  if (*para == NULL)
    return;
  if ((*para)->len == 0)
    {
      g_string_free (*para, TRUE);
      *para = NULL;
      return;
    }
  block = g_new0 (Block, 1);
  block->text = escape_refs (g_string_free (*para, FALSE));
  g_ptr_array_add (blocks, block);
  *para = NULL;
}

static void
add_item (Block    *list,
          GString **item)
{
  g_ptr_array_add (list->items, escape_refs (g_string_free (g_steal_pointer (item), FALSE)));
}

/* Paragraph and list blocks from lines [start, end); @first_text replaces the first line. */
static void
build_blocks (Importer   *imp,
              guint       start,
              guint       end,
              const char *first_text,
              GPtrArray  *blocks)
{
  GString *para = NULL;
  Block *list = NULL;
  GString *item = NULL;

  for (guint i = start; i < end; i++)
    {
      const Line *line = &g_array_index (imp->lines, Line, i);
      const char *text = line->text;
      gsize len = line->len;

      if (i == start && first_text != NULL)
        {
          para = g_string_new (first_text);
          continue;
        }
      if (line->md_level > 0)
        {
          g_autofree char *heading = line_heading_text (line);

          flush_paragraph (blocks, &para);
          if (item != NULL)
            add_item (list, &item);
          list = NULL;
          para = g_string_new (heading);
          flush_paragraph (blocks, &para);
          continue;
        }
      if (!line->verbatim && is_list_line (imp, i, start, end))
        {
          flush_paragraph (blocks, &para);
          if (item != NULL)
            add_item (list, &item);
          if (list == NULL)
            {
              list = g_new0 (Block, 1);
              list->items = g_ptr_array_new_with_free_func (g_free);
              g_ptr_array_add (blocks, list);
            }
          item = g_string_new_len (text + line->list_len, len - line->list_len);
          continue;
        }
      if (item != NULL && !line->blank_before)
        {
          append_joined (item, text, len);
          continue;
        }
      if (item != NULL)
        g_ptr_array_add (list->items, escape_refs (g_string_free (g_steal_pointer (&item), FALSE)));
      list = NULL;
      if (line->blank_before || para == NULL)
        {
          flush_paragraph (blocks, &para);
          para = g_string_new_len (text, len);
        }
      else
        append_joined (para, text, len);
    }
  flush_paragraph (blocks, &para);
  if (item != NULL)
    add_item (list, &item);
}

static char *
make_short_title (const char *title)
{
  const char *p = title;
  guint words = 0;
  glong chars = 0;
  gboolean wide_text = FALSE;
  gsize end;
  g_autofree char *out = NULL;

  if (count_words (title, strlen (title)) <= 4)
    return g_strdup (title);
  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);

      if (is_wide (c))
        wide_text = TRUE;
      p = g_utf8_next_char (p);
    }
  if (wide_text && strchr (title, ' ') == NULL)
    {
      for (p = title; *p != '\0' && chars < 8; p = g_utf8_next_char (p))
        chars++;
      out = g_strndup (title, p - title);
    }
  else
    {
      for (p = title; *p != '\0'; p++)
        if (*p == ' ' && ++words == 4)
          break;
      out = g_strndup (title, p - title);
      /* no dangling "and", "of", "," */
      for (;;)
        {
          end = strlen (out);
          if (end > 0 && (is_clause_punct (last_char (out, end, FALSE)) || out[end - 1] == ' '))
            *g_utf8_find_prev_char (out, out + end) = '\0';
          else if (ends_with_connector (out, end) && strchr (out, ' ') != NULL)
            *strrchr (out, ' ') = '\0';
          else
            break;
        }
    }
  if (*out == '\0')
    return g_strdup (title);
  return g_steal_pointer (&out);
}

static void
finish_theme (Importer *imp,
              Theme    *theme)
{
  const char *summary_source = NULL;
  g_autofree char *base = NULL;
  g_autofree char *section_base = NULL;

  /* a marker with nothing after it ("First, ---") still makes a section with a title */
  if (theme->title == NULL || *g_strstrip (theme->title) == '\0')
    {
      g_free (theme->title);
      theme->title = g_strdup_printf ("Section %u", imp->themes->len + 1);
    }

  base = slugify (theme->title, MAX_THEME_ID_LEN);
  if (*base == '\0')
    {
      g_free (base);
      base = g_strdup_printf ("theme-%u", imp->themes->len + 1);
    }
  theme->id = claim_id (imp, base);
  section_base = g_strconcat (theme->id, "-text", NULL);
  theme->section_id = claim_id (imp, section_base);
  theme->short_title = make_short_title (theme->title);

  if (theme->blocks->len == 0)
    {
      Block *block = g_new0 (Block, 1);

      block->text = escape_refs (g_strdup (theme->title));
      g_ptr_array_add (theme->blocks, block);
    }
  for (guint i = 0; i < theme->blocks->len && summary_source == NULL; i++)
    {
      Block *block = g_ptr_array_index (theme->blocks, i);

      if (block->text != NULL)
        summary_source = block->text;
      else if (block->items->len > 0)
        summary_source = g_ptr_array_index (block->items, 0);
    }
  if (summary_source == NULL)
    summary_source = theme->title;
  theme->summary = escape_refs (first_sentence (summary_source, strlen (summary_source),
                                                MAX_TEXT_CHARS));
  if (*g_strstrip (theme->summary) == '\0')
    {
      g_free (theme->summary);
      theme->summary = g_strdup (theme->title);
    }
}

static Theme *
theme_new (char *title)
{
  Theme *theme = g_new0 (Theme, 1);

  theme->title = escape_refs (title);
  theme->blocks = g_ptr_array_new_with_free_func (block_free);
  theme->terms = g_ptr_array_new_with_free_func (g_free);
  return theme;
}

static void
build_themes (Importer *imp)
{
  g_autoptr(GArray) starts = choose_sections (imp);

  if (starts->len == 0)
    {
      Theme *theme = theme_new (g_strdup (imp->meta.title[0] != '\0' ? imp->meta.title : "Text"));

      build_blocks (imp, imp->body_start, imp->body_end, NULL, theme->blocks);
      finish_theme (imp, theme);
      g_ptr_array_add (imp->themes, theme);
      return;
    }

  /* beyond MAX_THEMES, headings stay in the last theme as paragraphs */
  if (starts->len > MAX_THEMES)
    g_array_set_size (starts, MAX_THEMES);
  build_blocks (imp, imp->body_start, g_array_index (starts, Start, 0).line, NULL, imp->intro);
  for (guint k = 0; k < starts->len; k++)
    {
      const Start *start = &g_array_index (starts, Start, k);
      const Line *line = &g_array_index (imp->lines, Line, start->line);
      guint end = k + 1 < starts->len ? g_array_index (starts, Start, k + 1).line : imp->body_end;
      Theme *theme;

      if (start->head)
        {
          char *title = line_heading_text (line);

          if (*title == '\0')
            {
              g_free (title);
              title = g_strdup_printf ("Section %u", k + 1);
            }
          theme = theme_new (title);
          build_blocks (imp, start->line + 1, end, NULL, theme->blocks);
        }
      else
        {
          const char *rest = line->text + line->marker_len;
          gsize rest_len = line->len - line->marker_len;
          g_autofree char *sentence = strip_links (rest, sentence_end (rest, rest_len, 0));
          g_autofree char *para = capitalise (g_strndup (rest, rest_len));
          char *title;

          trim_heading (sentence);
          if (count_words (sentence, strlen (sentence)) > 14)
            {
              const char *p = sentence;
              guint words = 0;

              for (; *p != '\0'; p++)
                if (*p == ' ' && ++words == 12)
                  break;
              title = g_strdup_printf ("%.*s…", (int) (p - sentence), sentence);
            }
          else
            title = g_strdup (sentence);
          theme = theme_new (capitalise (title));
          build_blocks (imp, start->line, end, para, theme->blocks);
        }
      finish_theme (imp, theme);
      g_ptr_array_add (imp->themes, theme);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Figures                                                                                      */
/* ------------------------------------------------------------------------------------------ */

static const char * const unit_stopwords[] = {
  "a", "an", "the", "of", "in", "for", "from", "to", "at", "by", "on", "with", "as", "than",
  "that", "which", "who", "this", "these", "those", "its", "their", "our", "his", "her", "is",
  "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would", "can",
  "could", "should", "may", "might", "must", "do", "does", "did", "but", "both", "each", "per",
  "into", "over", "under", "between", "among", "about", "around", "since", "during", "while",
  "when", "where", "after", "before", "up", "down", "out", "more", "less", "so", "such", "not",
  "also", "all", "respectively", "year-on-year", "through", "via", "across", "within", "or",
  "and", "if", "then", "there", "here", "it", "they", "we", "he", "she", "i", "you", "only",
  "just", "still", "yet", "already", "every", "new", "last", "next", "again", "against",
  "now", "even", "often", "today", "alone", "above", "below", "ago", "worldwide", "nationwide",
  "overall", "together", "apart", "instead", "too", "very", "what", "how", "why",
};

static gboolean
is_unit_stopword (const char *w,
                  gsize       n)
{
  for (guint i = 0; i < G_N_ELEMENTS (unit_stopwords); i++)
    if (strlen (unit_stopwords[i]) == n && g_ascii_strncasecmp (w, unit_stopwords[i], n) == 0)
      return TRUE;
  return FALSE;
}

/* The word at @i: letters, hyphens, apostrophes. Returns its length. */
static gsize
word_at (const char *s,
         gsize       len,
         gsize       i)
{
  gsize j = i;

  while (j < len && (g_ascii_isalpha (s[j]) || ((s[j] == '-' || s[j] == '\'') && j > i)))
    j++;
  while (j > i && (s[j - 1] == '-' || s[j - 1] == '\''))
    j--;
  return j - i;
}

static gboolean
is_noun_like (const char *w,
              gsize       n)
{
  gsize ds;

  if (n < 2 || is_unit_stopword (w, n))
    return FALSE;
  if (n > 3 && (g_ascii_strncasecmp (w + n - 2, "ly", 2) == 0 ||
                g_ascii_strncasecmp (w + n - 2, "ed", 2) == 0))
    return FALSE;
  if (match_month (w, n, &ds) != 0 && ds == n)
    return FALSE;
  return TRUE;
}

/* Up to @max words of a noun phrase at @i ("countries and regions"). */
static gsize
noun_phrase (const char *s,
             gsize       len,
             gsize       i,
             guint       max)
{
  gsize end = i;
  guint words = 0;

  while (words < max)
    {
      gsize j = end;
      gsize n;

      if (words > 0)
        {
          if (j >= len || s[j] != ' ')
            break;
          j++;
        }
      n = word_at (s, len, j);
      if (n == 0)
        break;
      if (words > 0 && (n == 3 && g_ascii_strncasecmp (s + j, "and", 3) == 0) && words + 2 <= max)
        {
          gsize k = j + 4;
          gsize m = k <= len ? word_at (s, len, k) : 0;

          if (j + 3 < len && s[j + 3] == ' ' && m > 0 && is_noun_like (s + k, m) &&
              g_ascii_islower (s[k]))
            {
              end = k + m;
              words += 2;
              continue;
            }
          break;
        }
      if (!is_noun_like (s + j, n))
        break;
      end = j + n;
      words++;
      /* a plural noun ends the phrase ("jobs", "households"), unless "and" follows */
      if (n > 3 && s[j + n - 1] == 's' && s[j + n - 2] != 's' &&
          !(end + 5 <= len && g_ascii_strncasecmp (s + end, " and ", 5) == 0))
        break;
    }
  return end - i;
}

static const char *
qualifier_before (const char *s,
                  gsize       start)
{
  static const char * const over[] = {
    "more than", "over", "above", "exceeded", "exceeding", "exceeds", "exceed", "surpassed",
    "surpassing", "in excess of", "upwards of", "at least",
    "\xe8\xb6\x85\xe8\xbf\x87", "\xe9\x80\xbe", /* 超过 逾 */
  };
  static const char * const about[] = {
    "around", "about", "approximately", "approx.", "nearly", "almost", "some", "roughly",
    "close to", "an estimated", "estimated", "circa", "\xe7\xba\xa6", "\xe8\xbf\x91",
  };
  gsize from = start > 40 ? start - 40 : 0;
  gsize end = start;
  g_autofree char *window = NULL;

  while (from < start && ((guchar) s[from] & 0xC0) == 0x80)
    from++;
  while (end > from && s[end - 1] == ' ')
    end--;
  window = g_ascii_strdown (s + from, end - from);
  for (guint k = 0; k < G_N_ELEMENTS (over); k++)
    if (g_str_has_suffix (window, over[k]))
      {
        gsize n = strlen (window) - strlen (over[k]);

        if (n == 0 || (guchar) over[k][0] >= 0x80 || !g_ascii_isalpha (window[n - 1]))
          return "over";
      }
  for (guint k = 0; k < G_N_ELEMENTS (about); k++)
    if (g_str_has_suffix (window, about[k]))
      {
        gsize n = strlen (window) - strlen (about[k]);

        if (n == 0 || (guchar) about[k][0] >= 0x80 || !g_ascii_isalpha (window[n - 1]))
          return "about";
      }
  return NULL;
}

static gboolean
label_before (const char *s,
              gsize       start)
{
  static const char * const labels[] = {
    "no.", "nos.", "no", "number", "article", "articles", "section", "chapter", "part", "vol.",
    "volume", "page", "pages", "p.", "pp.", "figure", "fig.", "table", "level", "phase", "grade",
    "stage", "round", "item", "paragraph", "para.", "rule", "line", "room", "route", "class",
  };
  gsize end = start;
  gsize from;

  while (end > 0 && s[end - 1] == ' ')
    end--;
  from = end;
  while (from > 0 && (g_ascii_isalpha (s[from - 1]) || s[from - 1] == '.'))
    from--;
  if (end == start || from == end)
    return FALSE;
  for (guint k = 0; k < G_N_ELEMENTS (labels); k++)
    if (strlen (labels[k]) == end - from && g_ascii_strncasecmp (s + from, labels[k], end - from) == 0)
      return TRUE;
  return FALSE;
}

/* 个百分点 美元 元 人 个 家 吨 户 项 次 件 辆 座 名 位 台 亩 倍 公里 千瓦 */
static const char * const cjk_measures[] = {
  "\xe4\xb8\xaa\xe7\x99\xbe\xe5\x88\x86\xe7\x82\xb9", "\xe7\xbe\x8e\xe5\x85\x83", "\xe5\x85\x83",
  "\xe4\xba\xba", "\xe4\xb8\xaa", "\xe5\xae\xb6", "\xe5\x90\xa8", "\xe6\x88\xb7", "\xe9\xa1\xb9",
  "\xe6\xac\xa1", "\xe4\xbb\xb6", "\xe8\xbe\x86", "\xe5\xba\xa7", "\xe5\x90\x8d", "\xe4\xbd\x8d",
  "\xe5\x8f\xb0", "\xe4\xba\xa9", "\xe5\x80\x8d", "\xe5\x85\xac\xe9\x87\x8c",
  "\xe5\x8d\x83\xe7\x93\xa6",
};

#define KF_IMPORT_MAX_FIGURE 1.0e15

static void
add_figure (Importer   *imp,
            double      value,
            gboolean    integral,
            const char *unit,
            const char *sentence,
            gsize       sentence_len,
            int         year,
            const char *qualifier,
            guint       theme)
{
  g_autofree char *key = NULL;
  g_autofree char *id_base = NULL;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  Figure *figure;

  if (imp->figures->len >= MAX_FIGURES || unit[0] == '\0')
    return;
  /* a number of sixteen digits or more is an identifier or noise, not a figure to chart; and
   * json-glib 1.6 writes a whole double from 1e17 up as "1e+17.0", which is not JSON */
  if (!(value > -KF_IMPORT_MAX_FIGURE && value < KF_IMPORT_MAX_FIGURE))
    return;
  key = g_strconcat (g_ascii_dtostr (buf, sizeof buf, value), "|", unit, NULL);
  if (g_hash_table_contains (imp->figure_keys, key))
    return;
  g_hash_table_add (imp->figure_keys, g_steal_pointer (&key));

  figure = g_new0 (Figure, 1);
  id_base = g_strdup_printf ("fig-%u", imp->figures->len + 1);
  figure->id = claim_id (imp, id_base);
  figure->value = value;
  figure->integral = integral;
  figure->unit = g_strdup (unit);
  figure->label = truncate_text (sentence, sentence_len, MAX_LABEL_CHARS);
  figure->year = year;
  figure->qualifier = qualifier;
  figure->theme = theme;
  g_ptr_array_add (imp->figures, figure);
}

static void
scan_figures (Importer   *imp,
              const char *s,
              gsize       len,
              guint       theme)
{
  gsize years[16];
  int year_values[16];
  guint n_years = 0;

  /* the years mentioned in the sentence */
  for (gsize i = 0; i + 4 <= len && n_years < G_N_ELEMENTS (years); i++)
    {
      guint v;

      if (!g_ascii_isdigit (s[i]) || (i > 0 && (g_ascii_isalnum (s[i - 1]) || s[i - 1] == '.' ||
                                                s[i - 1] == ',' || s[i - 1] == '$')))
        continue;
      if (read_digits (s, len, i, 4, &v) == 4 && v >= 1900 && v <= 2100 &&
          (i + 4 == len || !g_ascii_isalpha (s[i + 4])) &&
          (i + 4 == len || (s[i + 4] != ',' && s[i + 4] != '.') || i + 5 >= len ||
           !g_ascii_isdigit (s[i + 5])))
        {
          years[n_years] = i;
          year_values[n_years] = v;
          n_years++;
        }
      while (i < len && g_ascii_isdigit (s[i]))
        i++;
    }

  for (gsize i = 0; i < len; i++)
    {
      gsize start = i;
      gsize num_start = i;
      gsize j;
      gsize num_end;
      const char *currency = NULL;
      const char *qualifier;
      gboolean integral = TRUE;
      gboolean percent = FALSE;
      g_autofree char *number = NULL;
      g_autoptr(GString) unit = NULL;
      double value;
      int year = 0;
      gsize best_distance = G_MAXSIZE;

      if (!g_ascii_isdigit (s[i]))
        continue;
      if (i > 0 && (g_ascii_isalnum (s[i - 1]) || s[i - 1] == '.' || s[i - 1] == ',' ||
                    s[i - 1] == '-' || s[i - 1] == '_' || s[i - 1] == '/' || s[i - 1] == ':' ||
                    s[i - 1] == '#' || s[i - 1] == '+'))
        {
          while (i < len && (g_ascii_isalnum (s[i]) || s[i] == '.' || s[i] == ','))
            i++;
          continue;
        }

      /* the number: 1,200 or 2.7 */
      j = i;
      while (j < len && g_ascii_isdigit (s[j]))
        j++;
      while (j + 3 < len && s[j] == ',' && g_ascii_isdigit (s[j + 1]) &&
             g_ascii_isdigit (s[j + 2]) && g_ascii_isdigit (s[j + 3]) &&
             (j + 4 >= len || !g_ascii_isdigit (s[j + 4])))
        j += 4;
      if (j + 1 < len && s[j] == '.' && g_ascii_isdigit (s[j + 1]))
        {
          integral = FALSE;
          j++;
          while (j < len && g_ascii_isdigit (s[j]))
            j++;
        }
      num_end = j;
      i = num_end;   /* the loop continues after the number */

      /* ordinals, identifiers, times, ranges, dates */
      if (j < len && (g_ascii_isalpha (s[j]) || s[j] == '_'))
        continue;
      if (j + 1 < len && (s[j] == ':' || s[j] == '/' || s[j] == '-' || s[j] == '.') &&
          g_ascii_isdigit (s[j + 1]))
        continue;
      if (has_prefix (s + j, len - j, "\xe5\xb9\xb4") ||  /* 年 */
          has_prefix (s + j, len - j, "\xe6\x9c\x88") ||  /* 月 */
          has_prefix (s + j, len - j, "\xe6\x97\xa5"))    /* 日 */
        continue;

      /* "No. 1", "Article 5", "Chapter 3": labels, not quantities */
      if (label_before (s, start))
        continue;

      /* currency before the number */
      if (start >= 3 && has_prefix (s + start - 3, 3, "US$"))
        currency = "US dollars", start -= 3;
      else if (start >= 1 && s[start - 1] == '$')
        currency = "dollars", start -= 1;
      else if (start >= 2 && has_prefix (s + start - 2, 2, "\xc2\xa3"))
        currency = "pounds", start -= 2;
      else if (start >= 2 && has_prefix (s + start - 2, 2, "\xc2\xa5"))
        currency = "yuan", start -= 2;
      else if (start >= 3 && has_prefix (s + start - 3, 3, "\xe2\x82\xac"))
        currency = "euros", start -= 3;
      else if (start >= 4 && (has_prefix (s + start - 4, 4, "RMB ") ||
                              has_prefix (s + start - 4, 4, "CNY ")))
        currency = "yuan", start -= 4;
      else if (start >= 4 && has_prefix (s + start - 4, 4, "USD "))
        currency = "US dollars", start -= 4;

      {
        /* the digits without thousands separators */
        GString *digits = g_string_new (NULL);
        gsize from = num_end;

        while (from > 0 &&
               (g_ascii_isdigit (s[from - 1]) || s[from - 1] == ',' || s[from - 1] == '.'))
          from--;
        while (from < num_end && !g_ascii_isdigit (s[from]))
          from++;
        for (gsize k = from; k < num_end; k++)
          if (s[k] != ',')
            g_string_append_c (digits, s[k]);
        number = g_string_free (digits, FALSE);
      }
      value = g_ascii_strtod (number, NULL);

      unit = g_string_new (NULL);
      j = num_end;
      if (j < len && s[j] == '%')
        percent = TRUE, j++;
      else if (has_prefix (s + j, len - j, "\xef\xbc\x85"))
        percent = TRUE, j += 3;
      if (percent)
        g_string_append_c (unit, '%');
      else
        {
          gsize k = skip_spaces (s, len, j);
          gsize n = word_at (s, len, k);

          if (k > j && n > 0 && (has_prefix_ci (s + k, len - k, "percent") ||
                                 has_prefix_ci (s + k, len - k, "per cent")))
            {
              if (has_prefix_ci (s + k, len - k, "percentage point"))
                g_string_append (unit, "percentage points");
              else
                g_string_append_c (unit, '%');
            }
          else if (k > j && n > 0 &&
                   ((n == 8 && g_ascii_strncasecmp (s + k, "trillion", 8) == 0) ||
                    (n == 7 && g_ascii_strncasecmp (s + k, "billion", 7) == 0) ||
                    (n == 7 && g_ascii_strncasecmp (s + k, "million", 7) == 0) ||
                    (n == 8 && g_ascii_strncasecmp (s + k, "thousand", 8) == 0)))
            {
              g_string_append_len (unit, s + k, n);
              g_string_ascii_down (unit);
              if (currency != NULL)
                g_string_append_printf (unit, " %s", currency);
              else
                {
                  gsize m = k + n + 1 <= len ? noun_phrase (s, len, k + n + 1, 3) : 0;

                  if (has_prefix (s + k + n, len - k - n, " U.S. dollars") ||
                      has_prefix (s + k + n, len - k - n, " US dollars"))
                    g_string_append (unit, " US dollars");
                  else if (k + n < len && s[k + n] == ' ' && m > 0)
                    {
                      g_string_append_c (unit, ' ');
                      g_string_append_len (unit, s + k + n + 1, m);
                    }
                }
            }
          else if (k == j && j < len && (guchar) s[j] >= 0x80)
            {
              /* Chinese: 2.7万亿元, 200万个, 5000吨 */
              static const char * const scales[] = {
                "\xe4\xb8\x87\xe4\xba\xbf", "\xe4\xba\xbf", "\xe4\xb8\x87", "\xe5\x8d\x83",
              };
              gsize p = j;

              for (guint q = 0; q < G_N_ELEMENTS (scales); q++)
                if (has_prefix (s + p, len - p, scales[q]))
                  {
                    g_string_append (unit, scales[q]);
                    p += strlen (scales[q]);
                    break;
                  }
              if (has_prefix (s + p, len - p, "\xe5\xa4\x9a") ||
                  has_prefix (s + p, len - p, "\xe4\xbd\x99"))
                p += 3; /* 多, 余 */
              for (guint q = 0; q < G_N_ELEMENTS (cjk_measures); q++)
                if (has_prefix (s + p, len - p, cjk_measures[q]))
                  {
                    g_string_append (unit, cjk_measures[q]);
                    break;
                  }
              if (unit->len > 0 && currency != NULL &&
                  !g_str_has_suffix (unit->str, "\xe5\x85\x83"))
                g_string_append (unit, currency);
            }
          else if (currency != NULL)
            g_string_append (unit, currency);
          else if (k == j + 1 && n > 0 && g_ascii_islower (s[k]))
            {
              gsize m = noun_phrase (s, len, k, 3);

              if (m > 0)
                g_string_append_len (unit, s + k, m);
            }
        }
      if (unit->len == 0)
        continue;
      /* a bare year with a word after it ("2023 marked") is not a figure */
      if (integral && value >= 1900 && value <= 2100 && currency == NULL && !percent &&
          num_end - num_start <= 4 && strchr (unit->str, ' ') == NULL &&
          !g_str_has_prefix (unit->str, "%") &&
          strcmp (unit->str, "trillion") != 0 && strcmp (unit->str, "billion") != 0 &&
          strcmp (unit->str, "million") != 0 && (guchar) unit->str[0] < 0x80)
        continue;

      qualifier = qualifier_before (s, start);
      if (qualifier == NULL && (has_prefix (s + num_end, len - num_end, "\xe5\xa4\x9a") ||
                                has_prefix (s + num_end, len - num_end, "\xe4\xbd\x99")))
        qualifier = "over";

      for (guint y = 0; y < n_years; y++)
        {
          gsize d = years[y] > start ? years[y] - start : start - years[y];

          if (years[y] >= num_start && years[y] < num_end)
            continue;
          if (d < best_distance)
            {
              best_distance = d;
              year = year_values[y];
            }
        }
      add_figure (imp, value, integral, unit->str, s, len, year, qualifier, theme);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Terms                                                                                        */
/* ------------------------------------------------------------------------------------------ */

#define MAX_EXP_WORDS  40
#define MAX_ACRONYM    12
#define NO_MATCH       1000

typedef struct
{
  const char *text;
  gsize       len;
  char        initials[4];
  guint       n_parts;
  gboolean    connector;
  gboolean    capitalised;
} ExpWord;

static gboolean
is_acronym (const char *s,
            gsize       len)
{
  guint upper = 0;

  if (len < 2 || len > MAX_ACRONYM || !g_ascii_isupper (s[0]))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (g_ascii_isupper (s[i]))
        upper++;
      else if (!g_ascii_isalnum (s[i]) && s[i] != '&' && s[i] != '-')
        return FALSE;
    }
  return upper >= 2 && upper * 2 >= len;
}

static void
exp_word_init (ExpWord    *w,
               const char *text,
               gsize       len)
{
  w->text = text;
  w->len = len;
  w->n_parts = 0;
  for (gsize i = 0; i < len && w->n_parts < G_N_ELEMENTS (w->initials); i++)
    if ((i == 0 || text[i - 1] == '-' || text[i - 1] == '/') && g_ascii_isalpha (text[i]))
      w->initials[w->n_parts++] = g_ascii_tolower (text[i]);
  w->connector = is_connector (text, len) || (len == 1 && text[0] == '&');
  w->capitalised = len > 0 && g_ascii_isupper (text[0]);
}

typedef struct
{
  const ExpWord *words;
  guint          n;
  const char    *letters;
  guint          m;
  int            memo[MAX_EXP_WORDS + 1][MAX_ACRONYM + 1];
} ExpMatch;

static int match_from (ExpMatch *em, guint i, guint j);

/* The cost when word @i contributes letters from @j on (its first part first). */
static int
contribute (ExpMatch *em,
            guint     i,
            guint     j)
{
  const ExpWord *w = &em->words[i];
  int best = NO_MATCH;

  if (j >= em->m || w->n_parts == 0 || w->initials[0] != em->letters[j])
    return NO_MATCH;
  for (guint mask = 0; mask < (1u << (w->n_parts - 1)); mask++)
    {
      guint k = j + 1;
      gboolean ok = TRUE;

      for (guint p = 1; p < w->n_parts && ok; p++)
        if (mask & (1u << (p - 1)))
          {
            if (k >= em->m || w->initials[p] != em->letters[k])
              ok = FALSE;
            else
              k++;
          }
      if (ok)
        best = MIN (best, match_from (em, i + 1, k));
    }
  /* one more letter from inside a single word, at a cost: "Southeast" → S, E in ASEAN */
  if (w->n_parts == 1 && j + 1 < em->m)
    {
      const char *inner = memchr (w->text + 1, em->letters[j + 1], w->len - 1);

      if (inner == NULL && g_ascii_isalpha (em->letters[j + 1]))
        inner = memchr (w->text + 1, g_ascii_toupper (em->letters[j + 1]), w->len - 1);
      if (inner != NULL)
        {
          int cost = match_from (em, i + 1, j + 2);

          if (cost < NO_MATCH)
            best = MIN (best, cost + 1);
        }
    }
  return best;
}

static int
match_from (ExpMatch *em,
            guint     i,
            guint     j)
{
  int best = NO_MATCH;

  if (j == em->m)
    return i == em->n ? 0 : NO_MATCH;
  if (i == em->n)
    return NO_MATCH;
  if (em->memo[i][j] >= 0)
    return em->memo[i][j];
  /* the last word must contribute */
  if (i + 1 < em->n)
    {
      int skip = match_from (em, i + 1, j);

      if (skip < NO_MATCH)
        best = skip + (em->words[i].connector ? 0 : 1);
    }
  best = MIN (best, contribute (em, i, j));
  em->memo[i][j] = best;
  return best;
}

/* Finds the expansion of @acronym among @words, ending at the last word. Returns the index of
 * its first word, or -1. @anchored: it must start at word 0. */
static int
find_expansion (const ExpWord *words,
                guint          n,
                const char    *acronym,
                gsize          acronym_len,
                gboolean       anchored)
{
  ExpMatch *em;
  char letters[MAX_ACRONYM + 1];
  guint m = 0;
  int best_start = -1;
  int best_cost = NO_MATCH;

  for (gsize i = 0; i < acronym_len; i++)
    if (g_ascii_isupper (acronym[i]))
      letters[m++] = g_ascii_tolower (acronym[i]);
  if (m < 2 || n < 2 || n > MAX_EXP_WORDS)
    return -1;

  em = g_new (ExpMatch, 1);
  em->words = words;
  em->n = n;
  em->letters = letters;
  em->m = m;
  memset (em->memo, 0xff, sizeof em->memo);

  for (guint s = 0; s < n; s++)
    {
      int cost;

      if (anchored && s > 0)
        break;
      if (!words[s].capitalised || words[s].n_parts == 0 || words[s].initials[0] != letters[0])
        continue;
      cost = contribute (em, s, 0);
      if (cost < best_cost || (cost == best_cost && cost < NO_MATCH))
        {
          best_cost = cost;
          best_start = s;
        }
    }
  g_free (em);

  if (best_start < 0 || best_cost > (m >= 5 ? 2 : 1) || n - best_start < 2)
    return -1;
  return best_start;
}

static void
add_term (Importer   *imp,
          const char *acronym,
          gsize       acronym_len,
          const ExpWord *words,
          guint       first,
          guint       n,
          const char *sentence,
          gsize       sentence_len)
{
  GString *expansion = g_string_new (NULL);
  g_autofree char *key = g_strndup (acronym, acronym_len);
  g_autofree char *base = NULL;
  Term *term;

  if (g_hash_table_contains (imp->term_index, key) || imp->terms->len >= MAX_TERMS)
    {
      g_string_free (expansion, TRUE);
      return;
    }
  for (guint k = first; k < n; k++)
    {
      if (expansion->len > 0)
        g_string_append_c (expansion, ' ');
      g_string_append_len (expansion, words[k].text, words[k].len);
    }
  term = g_new0 (Term, 1);
  term->term = g_steal_pointer (&key);
  term->expansion = g_string_free (expansion, FALSE);
  term->definition = truncate_text (sentence, sentence_len, MAX_TEXT_CHARS);
  base = slugify (term->term, MAX_ID_LEN - 8);
  term->id = claim_id (imp, *base != '\0' ? base : "term");
  g_hash_table_insert (imp->term_index, term->term, term);
  g_ptr_array_add (imp->terms, term);
}

static gboolean
word_char (char c)
{
  return c != ' ' && c != '(' && c != ')';
}

static void
scan_terms (Importer   *imp,
            const char *s,
            gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      gsize open_len = 0;
      gsize close = 0;
      gsize a, b;
      ExpWord words[MAX_EXP_WORDS];
      guint n = 0;

      if (s[i] == '(')
        open_len = 1;
      else if (has_prefix (s + i, len - i, "\xef\xbc\x88"))
        open_len = 3;
      else
        continue;

      /* the parenthesis */
      for (gsize k = i + open_len; k < len && k < i + 200; k++)
        if (s[k] == ')' || has_prefix (s + k, len - k, "\xef\xbc\x89") || s[k] == '(')
          {
            if (s[k] != '(')
              close = k;
            break;
          }
      if (close == 0)
        continue;
      a = i + open_len;
      b = close;
      while (a < b && s[a] == ' ')
        a++;
      while (b > a && s[b - 1] == ' ')
        b--;

      if (is_acronym (s + a, b - a))
        {
          /* "Digital Economy Partnership Agreement (DEPA)": words before, last one first */
          gsize p = i;
          ExpWord rev[MAX_EXP_WORDS];
          guint limit = MIN (MAX_EXP_WORDS, 3 * (b - a) + 6);
          int first;

          while (n < limit)
            {
              gsize end, start;
              gboolean stop_after = FALSE;

              while (p > 0 && s[p - 1] == ' ')
                p--;
              if (p == 0)
                break;
              end = p;
              while (p > 0 && word_char (s[p - 1]))
                p--;
              start = p;
              if (end == start)
                break;
              /* punctuation ends the run */
              if (strchr (",;:.!?\"", s[end - 1]) != NULL || (guchar) s[end - 1] >= 0x80)
                break;
              while (start < end && (s[start] == '"' || s[start] == '\''))
                {
                  start++;
                  stop_after = TRUE;
                }
              if (start == end)
                break;
              exp_word_init (&rev[n], s + start, end - start);
              if (!rev[n].capitalised && !rev[n].connector)
                break;
              n++;
              if (stop_after)
                break;
            }
          /* drop leading connectors */
          while (n > 0 && rev[n - 1].connector)
            n--;
          for (guint k = 0; k < n; k++)
            words[k] = rev[n - 1 - k];
          first = find_expansion (words, n, s + a, b - a, FALSE);
          if (first >= 0)
            add_term (imp, s + a, b - a, words, first, n, s, len);
        }
      else
        {
          /* "DEPA (Digital Economy Partnership Agreement)" */
          gsize we = i;
          gsize ws;
          gsize p = a;
          gboolean ok = TRUE;

          while (we > 0 && s[we - 1] == ' ')
            we--;
          ws = we;
          while (ws > 0 && word_char (s[ws - 1]))
            ws--;
          if (!is_acronym (s + ws, we - ws))
            continue;
          while (p < b && n < MAX_EXP_WORDS && ok)
            {
              gsize q = p;

              while (q < b && s[q] != ' ')
                q++;
              exp_word_init (&words[n], s + p, q - p);
              if (!words[n].capitalised && !words[n].connector)
                ok = FALSE;
              n++;
              p = skip_spaces (s, b, q);
            }
          if (ok && p >= b && find_expansion (words, n, s + ws, we - ws, TRUE) == 0)
            add_term (imp, s + ws, we - ws, words, 0, n, s, len);
        }
      i = close;
    }
}

/* Adds "#term" references to the themes that mention each acronym. */
static void
link_terms (Importer *imp)
{
  if (imp->terms->len == 0)
    return;
  for (guint t = 0; t < imp->themes->len; t++)
    {
      Theme *theme = g_ptr_array_index (imp->themes, t);
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint b = 0; b < theme->blocks->len; b++)
        {
          Block *block = g_ptr_array_index (theme->blocks, b);
          guint n_texts = block->text != NULL ? 1 : block->items->len;

          for (guint x = 0; x < n_texts; x++)
            {
              const char *text = block->text != NULL ? block->text
                                                     : g_ptr_array_index (block->items, x);

              for (const char *p = text; *p != '\0';)
                {
                  const char *q;

                  if (!g_ascii_isupper (*p) || (p > text && g_ascii_isalnum (p[-1])))
                    {
                      p++;
                      continue;
                    }
                  q = p;
                  while (g_ascii_isalnum (*q) || *q == '&' || *q == '-')
                    q++;
                  if (q - p >= 2 && q - p <= MAX_ACRONYM)
                    {
                      char key[MAX_ACRONYM + 1];
                      Term *term;

                      memcpy (key, p, q - p);
                      key[q - p] = '\0';
                      term = g_hash_table_lookup (imp->term_index, key);
                      if (term != NULL && !g_hash_table_contains (seen, term->id))
                        {
                          g_hash_table_add (seen, term->id);
                          g_ptr_array_add (theme->terms, g_strconcat ("#", term->id, NULL));
                        }
                    }
                  p = q;
                }
            }
        }
    }
}

static void
scan_text (Importer   *imp,
           const char *text,
           guint       theme)
{
  g_autofree char *plain = strip_links (text, strlen (text));
  gsize len = strlen (plain);
  gsize pos = 0;

  while (pos < len)
    {
      gsize end = sentence_end (plain, len, pos);
      gsize a = pos;
      gsize b = end;

      while (a < b && plain[a] == ' ')
        a++;
      while (b > a && plain[b - 1] == ' ')
        b--;
      if (b > a)
        {
          if (imp->figures->len < MAX_FIGURES)
            scan_figures (imp, plain + a, b - a, theme);
          if (imp->terms->len < MAX_TERMS)
            scan_terms (imp, plain + a, b - a);
        }
      pos = end > pos ? end : pos + 1;
    }
}

static void
scan_blocks (Importer  *imp,
             GPtrArray *blocks,
             guint      theme)
{
  for (guint b = 0; b < blocks->len; b++)
    {
      Block *block = g_ptr_array_index (blocks, b);

      if (block->text != NULL)
        scan_text (imp, block->text, theme);
      else
        for (guint x = 0; x < block->items->len; x++)
          scan_text (imp, g_ptr_array_index (block->items, x), theme);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Language                                                                                     */
/* ------------------------------------------------------------------------------------------ */

static const char *
detect_language (Importer *imp)
{
  gsize han = 0, kana = 0, latin = 0, arabic = 0, cyrillic = 0, hangul = 0, total = 0;

  for (guint i = 0; i < imp->lines->len && total < 4 * 1024 * 1024; i++)
    {
      const Line *line = &g_array_index (imp->lines, Line, i);
      const char *p = line->text;
      const char *end = p + line->len;

      total += line->len;
      while (p < end)
        {
          gunichar c;

          if ((guchar) *p < 0x80)
            {
              if (g_ascii_isalpha (*p))
                latin++;
              p++;
              continue;
            }
          c = g_utf8_get_char (p);
          if (is_han (c))
            han++;
          else if (is_kana (c))
            kana++;
          else if (c >= 0xAC00 && c <= 0xD7AF)
            hangul++;
          else if (c >= 0x0600 && c <= 0x06FF)
            arabic++;
          else if (c >= 0x0400 && c <= 0x04FF)
            cyrillic++;
          else if (g_unichar_isalpha (c))
            latin++;
          p = g_utf8_next_char (p);
        }
    }
  /* one Han character weighs about as much as a short word */
  if (kana > 0 && kana * 10 >= han + kana && (han + kana) * 3 >= latin)
    return "ja";
  if (han * 3 >= latin && han > 0)
    return "zh";
  if (hangul * 3 >= latin && hangul > 0)
    return "ko";
  if (arabic > latin && arabic > cyrillic)
    return "ar";
  if (cyrillic > latin)
    return "ru";
  return "en";
}

/* ------------------------------------------------------------------------------------------ */
/* JSON                                                                                         */
/* ------------------------------------------------------------------------------------------ */

static gboolean
looks_like_host (const char *s)
{
  gboolean dot = FALSE;
  gsize len = strlen (s);

  if (len < 4 || len > 253 || s[0] == '.' || s[len - 1] == '.' || s[0] == '-')
    return FALSE;
  for (const char *p = s; *p != '\0'; p++)
    {
      if (*p == '.')
        {
          if (p[1] == '.')
            return FALSE;
          dot = TRUE;
        }
      else if (!g_ascii_isalnum (*p) && *p != '-')
        return FALSE;
    }
  return dot && g_ascii_isalpha (s[len - 1]) && g_ascii_isalpha (s[len - 2]);
}

static char *
join_authors (GPtrArray *authors)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < authors->len; i++)
    {
      if (i > 0)
        g_string_append (out, i + 1 == authors->len ? " and " : ", ");
      g_string_append (out, g_ptr_array_index (authors, i));
    }
  return g_string_free (out, FALSE);
}

/* The document is written through an Emitter: into a JsonBuilder for kf_import_text(), or
 * straight into pretty JSON text for kf_import_to_json() (faster, and json-glib would print
 * 2.7 as 2.7000000000000002). */
typedef struct _Emitter Emitter;

struct _Emitter
{
  void (*begin_object) (Emitter *self);
  void (*end_object)   (Emitter *self);
  void (*begin_array)  (Emitter *self);
  void (*end_array)    (Emitter *self);
  void (*member)       (Emitter *self,
                        const char *name);
  void (*string)       (Emitter *self,
                        const char *value);
  void (*integer)      (Emitter *self,
                        gint64      value);
  void (*real)         (Emitter *self,
                        double      value);
};

static void
add_string (Emitter    *e,
            const char *member,
            const char *value)
{
  e->member (e, member);
  e->string (e, value);
}

/* JsonBuilder */

typedef struct
{
  Emitter      parent;
  JsonBuilder *builder;
} BuilderEmitter;

#define BUILDER(e) (((BuilderEmitter *) (e))->builder)

static void
builder_begin_object (Emitter *e)
{
  json_builder_begin_object (BUILDER (e));
}

static void
builder_end_object (Emitter *e)
{
  json_builder_end_object (BUILDER (e));
}

static void
builder_begin_array (Emitter *e)
{
  json_builder_begin_array (BUILDER (e));
}

static void
builder_end_array (Emitter *e)
{
  json_builder_end_array (BUILDER (e));
}

static void
builder_member (Emitter    *e,
                const char *name)
{
  json_builder_set_member_name (BUILDER (e), name);
}

static void
builder_string (Emitter    *e,
                const char *value)
{
  json_builder_add_string_value (BUILDER (e), value);
}

static void
builder_integer (Emitter *e,
                 gint64   value)
{
  json_builder_add_int_value (BUILDER (e), value);
}

static void
builder_real (Emitter *e,
              double   value)
{
  json_builder_add_double_value (BUILDER (e), value);
}

/* Pretty JSON text, 2-space indent */

#define MAX_TEXT_DEPTH 16

typedef struct
{
  Emitter  parent;
  GString *out;
  guint    depth;
  guint    count[MAX_TEXT_DEPTH];  /* values written at each depth */
  gboolean after_member;
  gboolean overflow;               /* past the size limit: stop writing */
} TextEmitter;

static void
text_newline (TextEmitter *t)
{
  static const char spaces[] = "\n                                ";

  G_STATIC_ASSERT (sizeof spaces > 1 + 2 * MAX_TEXT_DEPTH);
  g_string_append_len (t->out, spaces, 1 + 2 * t->depth);
}

static void
text_escape (GString    *out,
             const char *s)
{
  const char *run = s;

  g_string_append_c (out, '"');
  for (const char *p = s; *p != '\0'; p++)
    {
      guchar c = *p;
      char buf[8];
      const char *escape = NULL;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      if (c == '"')
        escape = "\\\"";
      else if (c == '\\')
        escape = "\\\\";
      else if (c == '\n')
        escape = "\\n";
      else if (c == '\t')
        escape = "\\t";
      else if (c == '\r')
        escape = "\\r";
      else
        {
          g_snprintf (buf, sizeof buf, "\\u%04x", c);
          escape = buf;
        }
      g_string_append_len (out, run, p - run);
      g_string_append (out, escape);
      run = p + 1;
    }
  g_string_append (out, run);
  g_string_append_c (out, '"');
}

/* Separator and indent before a value or a member name. */
static void
text_before_value (TextEmitter *t)
{
  if (t->out->len > MAX_INPUT_SIZE)
    {
      t->overflow = TRUE;
      g_string_truncate (t->out, 0);
    }
  if (t->after_member)
    {
      t->after_member = FALSE;
      return;
    }
  if (t->depth > 0)
    {
      if (t->count[t->depth] > 0 && !t->overflow)
        g_string_append_c (t->out, ',');
      t->count[t->depth]++;
      if (!t->overflow)
        text_newline (t);
    }
}

static void
text_open (Emitter *e,
           char     bracket)
{
  TextEmitter *t = (TextEmitter *) e;

  text_before_value (t);
  if (!t->overflow)
    g_string_append_c (t->out, bracket);
  g_assert (t->depth + 1 < MAX_TEXT_DEPTH);
  t->depth++;
  t->count[t->depth] = 0;
}

static void
text_close (Emitter *e,
            char     bracket)
{
  TextEmitter *t = (TextEmitter *) e;
  gboolean empty = t->count[t->depth] == 0;

  t->depth--;
  if (t->overflow)
    return;
  if (!empty)
    text_newline (t);
  g_string_append_c (t->out, bracket);
}

static void
text_begin_object (Emitter *e)
{
  text_open (e, '{');
}

static void
text_end_object (Emitter *e)
{
  text_close (e, '}');
}

static void
text_begin_array (Emitter *e)
{
  text_open (e, '[');
}

static void
text_end_array (Emitter *e)
{
  text_close (e, ']');
}

static void
text_member (Emitter    *e,
             const char *name)
{
  TextEmitter *t = (TextEmitter *) e;

  text_before_value (t);
  t->after_member = TRUE;
  if (t->overflow)
    return;
  text_escape (t->out, name);
  g_string_append (t->out, ": ");
}

static void
text_string (Emitter    *e,
             const char *value)
{
  TextEmitter *t = (TextEmitter *) e;

  text_before_value (t);
  if (!t->overflow)
    text_escape (t->out, value);
}

static void
text_integer (Emitter *e,
              gint64   value)
{
  TextEmitter *t = (TextEmitter *) e;

  text_before_value (t);
  if (!t->overflow)
    g_string_append_printf (t->out, "%" G_GINT64_FORMAT, value);
}

static void
text_real (Emitter *e,
           double   value)
{
  TextEmitter *t = (TextEmitter *) e;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  text_before_value (t);
  if (t->overflow)
    return;
  /* the shorter of %.15g and %.17g that reads back as the same number */
  g_ascii_formatd (buf, sizeof buf, "%.15g", value);
  if (g_ascii_strtod (buf, NULL) != value)
    g_ascii_formatd (buf, sizeof buf, "%.17g", value);
  g_string_append (t->out, buf);
}

static void
emit_document (Importer *imp,
               Emitter  *e)
{
  g_autofree char *today = NULL;
  g_autofree char *url = NULL;
  g_autofree char *authors = NULL;
  g_autofree char *attribution = NULL;
  g_autofree char *source_name = NULL;
  const char *date;
  gboolean known_source;
  gboolean known_author = imp->meta.authors->len > 0;

  if (imp->meta.date != NULL)
    date = imp->meta.date;
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      today = g_date_time_format (now, "%Y-%m-%d");
      date = today;
    }

  /* source */
  known_source = imp->meta.source != NULL;
  if (known_source && kf_document_is_web_url (imp->meta.source))
    {
      /* the loader's own rule, so that what is written here loads; the source is named by
       * its host */
      g_autoptr(GUri) uri = g_uri_parse (imp->meta.source, G_URI_FLAGS_NONE, NULL);

      url = g_strdup (imp->meta.source);
      source_name = g_strdup (g_uri_get_host (uri));
    }
  else if (known_source)
    {
      source_name = g_strdup (imp->meta.source);
      if (looks_like_host (imp->meta.source))
        url = g_strconcat ("https://", imp->meta.source, NULL);
    }
  else
    source_name = g_strdup (imp->name);
  if (url == NULL)
    url = g_strdup (UNKNOWN_URL);

  authors = known_author ? join_authors (imp->meta.authors) : g_strdup ("an unknown author");
  {
    GString *a = g_string_new (NULL);

    g_string_append_printf (a, "Imported from %s. Original: %s by %s, %s, %s.", imp->name,
                            imp->meta.title, authors,
                            known_source ? source_name : "source unknown",
                            imp->meta.date != NULL ? imp->meta.date : "undated");
    if (imp->meta.editor != NULL)
      g_string_append_printf (a, " Editor: %s.", imp->meta.editor);
    attribution = g_string_free (a, FALSE);
  }

  e->begin_object (e);
  add_string (e, "format", "kaifang-document");
  e->member (e, "version");
  e->integer (e, 1);

  e->member (e, "metadata");
  e->begin_object (e);
  add_string (e, "id", imp->doc_id);
  add_string (e, "title", imp->meta.title);
  if (imp->meta.subtitle != NULL)
    add_string (e, "subtitle", imp->meta.subtitle);
  e->member (e, "authors");
  e->begin_array (e);
  if (known_author)
    for (guint i = 0; i < imp->meta.authors->len; i++)
      e->string (e, g_ptr_array_index (imp->meta.authors, i));
  else
    e->string (e, "Unknown author");
  e->end_array (e);
  add_string (e, "language", imp->language);
  add_string (e, "date", date);
  if (imp->intro->len > 0)
    {
      GString *intro = g_string_new (NULL);

      for (guint b = 0; b < imp->intro->len; b++)
        {
          Block *block = g_ptr_array_index (imp->intro, b);

          if (intro->len > 0)
            g_string_append (intro, "\n\n");
          if (block->text != NULL)
            g_string_append (intro, block->text);
          else
            for (guint x = 0; x < block->items->len; x++)
              g_string_append_printf (intro, "%s%s", x > 0 ? "\n" : "",
                                      (char *) g_ptr_array_index (block->items, x));
        }
      add_string (e, "intro", intro->str);
      g_string_free (intro, TRUE);
    }
  add_string (e, "attribution", attribution);
  e->member (e, "source");
  e->begin_object (e);
  add_string (e, "name", source_name);
  add_string (e, "url", url);
  add_string (e, "title", imp->meta.title);
  if (known_author)
    add_string (e, "author", authors);
  if (imp->meta.date != NULL)
    add_string (e, "date", imp->meta.date);
  e->end_object (e);
  e->end_object (e);

  e->member (e, "themes");
  e->begin_array (e);
  for (guint t = 0; t < imp->themes->len; t++)
    {
      Theme *theme = g_ptr_array_index (imp->themes, t);

      e->begin_object (e);
      add_string (e, "id", theme->id);
      e->member (e, "number");
      e->integer (e, t + 1);
      add_string (e, "title", theme->title);
      add_string (e, "short_title", theme->short_title);
      add_string (e, "summary", theme->summary);
      e->member (e, "sections");
      e->begin_array (e);
      e->begin_object (e);
      add_string (e, "id", theme->section_id);
      add_string (e, "title", "Text");
      add_string (e, "kind", "text");
      e->member (e, "blocks");
      e->begin_array (e);
      for (guint b = 0; b < theme->blocks->len; b++)
        {
          Block *block = g_ptr_array_index (theme->blocks, b);

          e->begin_object (e);
          if (block->text != NULL)
            {
              add_string (e, "type", "paragraph");
              add_string (e, "text", block->text);
            }
          else
            {
              add_string (e, "type", "list");
              e->member (e, "items");
              e->begin_array (e);
              for (guint x = 0; x < block->items->len; x++)
                e->string (e, g_ptr_array_index (block->items, x));
              e->end_array (e);
            }
          e->end_object (e);
        }
      e->end_array (e);
      e->end_object (e);
      e->end_array (e);
      if (theme->terms->len > 0)
        {
          e->member (e, "terms");
          e->begin_array (e);
          for (guint k = 0; k < theme->terms->len; k++)
            e->string (e, g_ptr_array_index (theme->terms, k));
          e->end_array (e);
        }
      e->end_object (e);
    }
  e->end_array (e);

  e->member (e, "figures");
  e->begin_array (e);
  for (guint f = 0; f < imp->figures->len; f++)
    {
      Figure *figure = g_ptr_array_index (imp->figures, f);
      Theme *theme = g_ptr_array_index (imp->themes, MIN (figure->theme, imp->themes->len - 1));
      g_autofree char *ref = g_strconcat ("#", theme->id, NULL);

      e->begin_object (e);
      add_string (e, "id", figure->id);
      e->member (e, "value");
      if (figure->integral && figure->value < 9.0e15)
        e->integer (e, (gint64) figure->value);
      else
        e->real (e, figure->value);
      add_string (e, "unit", figure->unit);
      add_string (e, "label", figure->label);
      if (figure->year > 0)
        {
          e->member (e, "year");
          e->integer (e, figure->year);
        }
      if (figure->qualifier != NULL)
        add_string (e, "qualifier", figure->qualifier);
      add_string (e, "theme", ref);
      add_string (e, "source", FIGURE_SOURCE);
      e->end_object (e);
    }
  e->end_array (e);

  e->member (e, "glossary");
  e->begin_array (e);
  for (guint k = 0; k < imp->terms->len; k++)
    {
      Term *term = g_ptr_array_index (imp->terms, k);

      e->begin_object (e);
      add_string (e, "id", term->id);
      add_string (e, "term", term->term);
      add_string (e, "expansion", term->expansion);
      add_string (e, "definition", term->definition);
      e->end_object (e);
    }
  e->end_array (e);

  e->member (e, "import");
  e->begin_object (e);
  add_string (e, "source_file", imp->name);
  if (imp->meta.editor != NULL)
    add_string (e, "editor", imp->meta.editor);
  e->end_object (e);

  e->end_object (e);
}

/* ------------------------------------------------------------------------------------------ */
/* Public API                                                                                   */
/* ------------------------------------------------------------------------------------------ */

/* Everything up to the output; FALSE with @error set on failure. */
static gboolean
import_analyse (Importer    *imp,
                const char  *data,
                gsize        length,
                GError     **error)
{
  gsize text_length = 0;
  g_autofree char *doc_base = NULL;

  if (data == NULL)
    data = "";
  imp->markdown = g_str_has_suffix (imp->name, ".md") || g_str_has_suffix (imp->name, ".MD") ||
                  g_str_has_suffix (imp->name, ".markdown");

  imp->buffer = decode_text (data, length, imp->name, &text_length, error);
  if (imp->buffer == NULL)
    return FALSE;

  split_lines (imp, imp->buffer, text_length);
  parse_front_matter (imp);
  if (!imp->markdown)
    {
      /* Markdown without the extension: two or more ATX headings, or a code fence */
      guint hints = 0;

      for (guint i = 0; i < imp->lines->len && hints < 2; i++)
        {
          const Line *line = &g_array_index (imp->lines, Line, i);
          guint hashes = 0;

          while (hashes < line->len && line->text[hashes] == '#')
            hashes++;
          if ((hashes >= 1 && hashes <= 6 && hashes < line->len && line->text[hashes] == ' ') ||
              has_prefix (line->text, line->len, "```"))
            hints++;
        }
      imp->markdown = hints >= 2;
    }
  apply_markdown (imp);
  if (imp->lines->len == 0)
    {
      g_set_error (error, KF_IMPORT_ERROR, KF_IMPORT_ERROR_EMPTY,
                   "%s: the file is empty", imp->name);
      return FALSE;
    }
  classify_lines (imp);
  shape_lines (imp);

  /* per-line paragraphs: when most lines are long, every line break ends a paragraph */
  {
    guint long_lines = 0;
    guint blank_separated = 0;
    guint n = imp->lines->len;

    for (guint i = 0; i < n; i++)
      {
        const Line *line = &g_array_index (imp->lines, Line, i);

        if (count_words (line->text, MIN (line->len, 2000)) > 20)
          long_lines++;
        if (i > 0 && line->blank_before)
          blank_separated++;
      }
    if (long_lines * 2 >= n || (blank_separated * 10 < n && long_lines * 4 >= n))
      {
        for (guint i = 0; i < imp->lines->len; i++)
          {
            Line *line = &g_array_index (imp->lines, Line, i);

            if (line->list_kind == LIST_NONE && !line->verbatim)
              line->blank_before = TRUE;
          }
        shape_lines (imp);
      }
  }

  read_head (imp);
  read_tail (imp);
  imp->language = g_strdup (detect_language (imp));

  imp->meta.title = escape_refs (imp->meta.title);
  doc_base = slugify (imp->meta.title, MAX_DOC_ID_LEN);
  if (*doc_base == '\0')
    {
      g_free (doc_base);
      doc_base = g_strdup ("imported-document");
    }
  /* the ids of the pages the reader adds itself (kf-document.c's reserved_ids) */
  if (strcmp (doc_base, "glossary") == 0 || strcmp (doc_base, "about") == 0 ||
      strcmp (doc_base, "figures") == 0 || strcmp (doc_base, "timeline") == 0 ||
      strcmp (doc_base, "map") == 0)
    {
      char *prefixed = g_strconcat ("doc-", doc_base, NULL);

      g_free (doc_base);
      doc_base = prefixed;
    }
  imp->doc_id = g_steal_pointer (&doc_base);

  build_themes (imp);
  scan_blocks (imp, imp->intro, 0);
  for (guint t = 0; t < imp->themes->len; t++)
    scan_blocks (imp, ((Theme *) g_ptr_array_index (imp->themes, t))->blocks, t);
  link_terms (imp);
  return TRUE;
}

JsonNode *
kf_import_text (const char  *data,
                gsize        length,
                const char  *filename,
                GError     **error)
{
  Importer imp;
  JsonNode *root = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  importer_init (&imp, filename);
  if (import_analyse (&imp, data, length, error))
    {
      BuilderEmitter emitter = {
        { builder_begin_object, builder_end_object, builder_begin_array, builder_end_array,
          builder_member, builder_string, builder_integer, builder_real },
        json_builder_new (),
      };

      emit_document (&imp, &emitter.parent);
      root = json_builder_get_root (emitter.builder);
      g_object_unref (emitter.builder);
    }
  importer_clear (&imp);
  return root;
}

char *
kf_import_to_json (const char  *data,
                   gsize        length,
                   const char  *filename,
                   GError     **error)
{
  Importer imp;
  char *json = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  importer_init (&imp, filename);
  if (import_analyse (&imp, data, length, error))
    {
      TextEmitter emitter = {
        { text_begin_object, text_end_object, text_begin_array, text_end_array,
          text_member, text_string, text_integer, text_real },
        g_string_sized_new (length + length / 2 + 4096), 0, { 0 }, FALSE, FALSE,
      };

      emit_document (&imp, &emitter.parent);
      g_string_append_c (emitter.out, '\n');
      if (emitter.overflow || emitter.out->len > MAX_INPUT_SIZE)
        {
          /* the loader would refuse it */
          g_set_error (error, KF_IMPORT_ERROR, KF_IMPORT_ERROR_TOO_LARGE,
                       "%s: the imported document would be larger than the 64 MiB limit",
                       imp.name);
          g_string_free (emitter.out, TRUE);
        }
      else
        json = g_string_free (emitter.out, FALSE);
    }
  importer_clear (&imp);
  return json;
}
