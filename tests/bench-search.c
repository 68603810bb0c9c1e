/* bench-search.c — how long indexing and queries take on large documents
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not a pass/fail test. Generates a document with 1,000 and one with 10,000 sections (about
 * 5 and 50 MB of JSON) in memory with json-glib, loads it with kf_document_load_from_data(),
 * indexes it into a temporary file and runs ~200 varied queries, printing the index time and
 * the query latency (p50, p95, max; wall clock, and this thread's CPU time, which other
 * processes' load does not inflate). Usage:
 *   bench-search [SECTIONS…]     (default: 1000 10000)
 * BENCH_VERBOSE=1 prints every query's time; BENCH_KEEP=1 keeps the index file.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "kf-search.h"

#define SECTIONS_PER_THEME 10
#define QUERY_LIMIT        50
#define N_QUERIES          200

/* The most frequent words of the text, in order: function words, then the policy words such a
 * document repeats; then accented words, then ~20,000 generated words. Words are drawn with
 * Zipf's law (the word of rank r with weight 1/r), as in real text. */
static const char * const common[] = {
  "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "by", "its",
  "are", "was", "be", "at", "from", "this", "it", "has", "have", "will", "not", "more", "which",
  "an", "or", "also", "their", "than", "other", "new", "been", "over",
  "China", "trade", "opening", "development", "investment", "reform", "services", "market",
  "rules", "digital", "green", "security", "cooperation", "standards", "zones", "pilot",
  "foreign", "growth", "policy", "agreement", "customs", "economy", "global", "high",
};

static const char * const accented[] = {
  "café", "Ёлка", "Äpfel", "naïve", "résumé", "Zürich", "São", "Kraków", "élite", "façade",
};

static const char * const chinese[] = {
  "推动高水平对外开放不断深化。", "自由贸易试验区建设取得重要进展。",
  "坚持实行更加积极主动的开放战略。", "稳步扩大规则、规制、管理、标准等制度型开放。",
  "日本語の文章もここにあります。", "数字经济和绿色发展为合作提供新机遇。",
};

#define N_GENERATED 20000

typedef struct
{
  GRand      *rand;
  GPtrArray  *vocabulary;  /* most frequent first */
  double     *cumulative;  /* Zipf weights, summed */
  GPtrArray  *samples;     /* some paragraphs, for queries of words that occur together */
} Generator;

static char *
make_word (GRand *rand)
{
  static const char consonants[] = "ttttnnnnsssshhhrrrrddlllccmmwffggyppbbvkjxqz";
  static const char vowels[] = "eeeeeaaaaoooiiiuuy";
  GString *word = g_string_new (NULL);
  guint length = 3 + g_rand_int_range (rand, 0, 5) + g_rand_int_range (rand, 0, 4);
  gboolean vowel = g_rand_boolean (rand);

  while (word->len < length)
    {
      if (vowel)
        g_string_append_c (word, vowels[g_rand_int_range (rand, 0, sizeof vowels - 1)]);
      else
        {
          g_string_append_c (word, consonants[g_rand_int_range (rand, 0, sizeof consonants - 1)]);
          if (g_rand_int_range (rand, 0, 4) == 0)
            g_string_append_c (word, consonants[g_rand_int_range (rand, 0, sizeof consonants - 1)]);
        }
      vowel = !vowel;
    }

  return g_string_free (word, FALSE);
}

static void
generator_init (Generator *g)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  double total = 0;

  g->rand = g_rand_new_with_seed (20241227);
  g->vocabulary = g_ptr_array_new_with_free_func (g_free);
  g->samples = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (common); i++)
    g_ptr_array_add (g->vocabulary, g_strdup (common[i]));
  while (g->vocabulary->len < G_N_ELEMENTS (common) + N_GENERATED)
    {
      char *word = make_word (g->rand);

      /* the accented words at ranks 200, 400, … */
      if (g->vocabulary->len % 200 == 0 && g->vocabulary->len / 200 <= G_N_ELEMENTS (accented))
        g_ptr_array_add (g->vocabulary, g_strdup (accented[g->vocabulary->len / 200 - 1]));
      if (g_hash_table_contains (seen, word))
        g_free (word);
      else
        {
          g_hash_table_add (seen, word);
          g_ptr_array_add (g->vocabulary, word);
        }
    }

  g->cumulative = g_new (double, g->vocabulary->len);
  for (guint i = 0; i < g->vocabulary->len; i++)
    g->cumulative[i] = total += 1.0 / (i + 1);
}

static void
generator_clear (Generator *g)
{
  g_ptr_array_unref (g->vocabulary);
  g_ptr_array_unref (g->samples);
  g_free (g->cumulative);
  g_rand_free (g->rand);
}

static const char *
word_at (Generator *g,
         guint      rank)
{
  return g_ptr_array_index (g->vocabulary, MIN (rank, g->vocabulary->len - 1));
}

/* a word, by Zipf's law */
static const char *
pick_word (Generator *g)
{
  double x = g_rand_double (g->rand) * g->cumulative[g->vocabulary->len - 1];
  guint lo = 0;
  guint hi = g->vocabulary->len - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g->cumulative[mid] < x)
        lo = mid + 1;
      else
        hi = mid;
    }

  return word_at (g, lo);
}

static char *
make_text (Generator *g,
           guint      chars)
{
  GString *text = g_string_sized_new (chars + 32);
  gboolean capital = TRUE;

  while (text->len < chars)
    {
      const char *word = pick_word (g);

      if (capital && g_ascii_islower (word[0]))
        {
          g_string_append_c (text, g_ascii_toupper (word[0]));
          g_string_append (text, word + 1);
        }
      else
        g_string_append (text, word);
      capital = g_rand_int_range (g->rand, 0, 15) == 0;
      if (capital)
        g_string_append (text, ". ");
      else
        g_string_append (text, g_rand_int_range (g->rand, 0, 10) == 0 ? ", " : " ");
    }
  g_string_truncate (text, text->len - 1);
  if (text->str[text->len - 1] == ',')
    g_string_truncate (text, text->len - 1);
  if (text->str[text->len - 1] != '.')
    g_string_append_c (text, '.');

  return g_string_free (text, FALSE);
}

static void
add_text_block (JsonBuilder *b,
                Generator   *g,
                guint        chars)
{
  g_autofree char *text = make_text (g, chars);

  if (g_rand_int_range (g->rand, 0, 200) == 0)
    g_ptr_array_add (g->samples, g_strdup (text));
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "paragraph");
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, text);
  json_builder_end_object (b);
}

static void
add_member (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

/* A document with @n_sections sections of about 5 KB each */
static char *
make_document (Generator *g,
               guint      n_sections,
               gsize     *length)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n_themes = (n_sections + SECTIONS_PER_THEME - 1) / SECTIONS_PER_THEME;
  guint section = 0;

  json_builder_begin_object (b);
  add_member (b, "format", "kaifang-document");
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 2);

  json_builder_set_member_name (b, "metadata");
  json_builder_begin_object (b);
  add_member (b, "id", "bench");
  add_member (b, "title", "A very long generated document");
  json_builder_set_member_name (b, "authors");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "Bench Author");
  json_builder_end_array (b);
  add_member (b, "language", "en");
  add_member (b, "date", "2024-12-27");
  add_member (b, "attribution", "Generated for the search benchmark.");
  json_builder_set_member_name (b, "source");
  json_builder_begin_object (b);
  add_member (b, "name", "Example");
  add_member (b, "url", "https://example.org/bench");
  json_builder_end_object (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "themes");
  json_builder_begin_array (b);
  for (guint t = 0; t < n_themes; t++)
    {
      g_autofree char *id = g_strdup_printf ("theme-%u", t);
      g_autofree char *title = g_strdup_printf ("Theme %u: %s and %s", t + 1,
                                                pick_word (g), pick_word (g));
      g_autofree char *summary = make_text (g, 400);

      json_builder_begin_object (b);
      add_member (b, "id", id);
      json_builder_set_member_name (b, "number");
      json_builder_add_int_value (b, t + 1);
      add_member (b, "title", title);
      add_member (b, "summary", summary);
      json_builder_set_member_name (b, "sections");
      json_builder_begin_array (b);
      for (guint s = 0; s < SECTIONS_PER_THEME && section < n_sections; s++, section++)
        {
          g_autofree char *section_id = g_strdup_printf ("section-%u", section);
          g_autofree char *section_title = g_strdup_printf ("%s %s", pick_word (g), pick_word (g));

          json_builder_begin_object (b);
          add_member (b, "id", section_id);
          add_member (b, "title", section_title);
          json_builder_set_member_name (b, "blocks");
          json_builder_begin_array (b);
          for (guint p = 0; p < 4; p++)
            add_text_block (b, g, 1000);
          if (section % 7 == 0)
            {
              json_builder_begin_object (b);
              add_member (b, "type", "paragraph");
              add_member (b, "text", chinese[section / 7 % G_N_ELEMENTS (chinese)]);
              json_builder_end_object (b);
            }
          json_builder_begin_object (b);
          add_member (b, "type", "list");
          json_builder_set_member_name (b, "items");
          json_builder_begin_array (b);
          for (guint i = 0; i < 3; i++)
            {
              g_autofree char *item = make_text (g, 250);

              json_builder_add_string_value (b, item);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, length);
}

/* Some words (of four letters or more) that follow each other in a paragraph of the document */
static char *
words_from_sample (Generator *g,
                   guint      n)
{
  const char *sample = g_ptr_array_index (g->samples,
                                          g_rand_int_range (g->rand, 0, g->samples->len));
  g_auto(GStrv) words = g_strsplit_set (sample, " ,.", -1);
  guint n_words = g_strv_length (words);
  GString *query = g_string_new (NULL);
  guint found = 0;

  for (guint i = g_rand_int_range (g->rand, 0, n_words); i < n_words && found < n; i++)
    if (g_utf8_strlen (words[i], -1) >= 4)
      {
        g_string_append_printf (query, "%s%s", found ? " " : "", words[i]);
        found++;
      }
  if (found == 0)
    g_string_append (query, word_at (g, 100));

  return g_string_free (query, FALSE);
}

/* ~200 queries, what a reader types: single words over the whole range of frequencies (the
 * frequent ones like "trade" or "investment" match tens of thousands of texts), two and three
 * words that occur together, starts of words, accents and case, Chinese and Japanese
 * (including two-character terms, which cannot use the trigram index), misses and syntax. */
static GPtrArray *
make_queries (Generator *g)
{
  GPtrArray *queries = g_ptr_array_new_with_free_func (g_free);
  static const char * const fixed[] = {
    "the", "trade", "investment", "opening", "China", "digital green", "pilot zones",
    "cafe", "CAFÉ", "елка", "apfel", "naive", "resume", "zurich", "对外开放", "开放", "试验区",
    "日本語", "本語", "积极主动", "标准", "nothing-matches-this", "zzzz", "\"", "NEAR(",
    "a OR", "trade rules customs", "reform of", "of", "and the",
  };
  guint n_words = g->vocabulary->len;

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (queries, g_strdup (fixed[i]));

  while (queries->len < N_QUERIES)
    {
      const char *rare = word_at (g, g_rand_int_range (g->rand, 60, n_words));
      const char *frequent = word_at (g, g_rand_int_range (g->rand, 36, 600));

      switch (queries->len % 6)
        {
        case 0:
        case 1:
          g_ptr_array_add (queries, g_strdup (rare));
          break;
        case 2:
          g_ptr_array_add (queries, g_strdup (frequent));
          break;
        case 3:
          g_ptr_array_add (queries, words_from_sample (g, 2));
          break;
        case 4:
          /* the start of a word, in upper case */
          {
            glong n_chars = g_utf8_strlen (frequent, -1);
            g_autofree char *start = g_utf8_substring (frequent, 0, MAX (3, n_chars - 2));

            g_ptr_array_add (queries, g_utf8_strup (start, -1));
          }
          break;
        default:
          g_ptr_array_add (queries, words_from_sample (g, 3));
          break;
        }
    }

  return queries;
}

typedef struct
{
  double wall;  /* ms */
  double cpu;   /* ms of this thread's CPU time: the same without other processes' load */
} Timing;

static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint i = (guint) (p * (sorted->len - 1) + 0.5);

  return g_array_index (sorted, double, MIN (i, sorted->len - 1));
}

static void
report (const char *what,
        GArray     *timings)
{
  g_autoptr(GArray) wall = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));

  if (timings->len == 0)
    return;
  for (guint i = 0; i < timings->len; i++)
    {
      g_array_append_val (wall, g_array_index (timings, Timing, i).wall);
      g_array_append_val (cpu, g_array_index (timings, Timing, i).cpu);
    }
  g_array_sort (wall, compare_doubles);
  g_array_sort (cpu, compare_doubles);
  printf ("  %s (%u): p50 %.2f ms, p95 %.2f ms, max %.2f ms; CPU time p50 %.2f ms, p95 %.2f ms\n",
          what, timings->len, percentile (wall, 0.5), percentile (wall, 0.95),
          g_array_index (wall, double, wall->len - 1),
          percentile (cpu, 0.5), percentile (cpu, 0.95));
}

static void
bench (Generator *g,
       guint      n_sections)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KfDocument) doc = NULL;
  g_autoptr(KfSearchIndex) index = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GArray) timings = g_array_new (FALSE, FALSE, sizeof (Timing));
  g_autoptr(GArray) scan_timings = g_array_new (FALSE, FALSE, sizeof (Timing));
  g_autoptr(GArray) all_timings = g_array_new (FALSE, FALSE, sizeof (Timing));
  g_autofree char *dir = g_dir_make_tmp ("kf-bench-search-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;
  gsize length = 0;
  gint64 t0;
  double load_ms, index_ms, reindex_ms;
  double total_results = 0;
  GStatBuf st;

  g_assert_no_error (error);
  path = g_build_filename (dir, "search.db", NULL);

  g_ptr_array_set_size (g->samples, 0);
  t0 = g_get_monotonic_time ();
  json = make_document (g, n_sections, &length);
  queries = make_queries (g);
  printf ("%u sections: %.1f MB of JSON, generated in %.0f ms\n", n_sections,
          length / 1e6, (g_get_monotonic_time () - t0) / 1e3);

  t0 = g_get_monotonic_time ();
  doc = kf_document_load_from_data (json, length, "bench.json", &error);
  g_assert_no_error (error);
  load_ms = (g_get_monotonic_time () - t0) / 1e3;
  g_clear_pointer (&json, g_free);

  index = kf_search_index_new (path, &error);
  g_assert_no_error (error);
  t0 = g_get_monotonic_time ();
  g_assert_true (kf_search_index_add_document (index, doc, NULL, &error));
  g_assert_no_error (error);
  index_ms = (g_get_monotonic_time () - t0) / 1e3;
  t0 = g_get_monotonic_time ();
  g_assert_false (kf_search_index_add_document (index, doc, NULL, &error));
  reindex_ms = (g_get_monotonic_time () - t0) / 1e3;
  g_assert_no_error (error);
  g_assert_true (g_stat (path, &st) == 0);

  printf ("  load %.0f ms, index %.0f ms (index file %.1f MB), unchanged re-add %.2f ms\n",
          load_ms, index_ms, st.st_size / 1e6, reindex_ms);

  /* as when the reader starts: a new connection; the first query loads the texts' lengths */
  g_clear_object (&index);
  index = kf_search_index_new (path, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) results = NULL;

    t0 = g_get_monotonic_time ();
    results = kf_search_index_query (index, "opening", QUERY_LIMIT, &error);
    g_assert_no_error (error);
    printf ("  first query after opening: %.2f ms\n", (g_get_monotonic_time () - t0) / 1e3);
  }

  for (guint i = 0; i < queries->len; i++)
    {
      const char *q = g_ptr_array_index (queries, i);
      g_autoptr(GPtrArray) results = NULL;
      g_auto(GStrv) words = g_strsplit (q, " ", -1);
      gboolean scan = TRUE;
      Timing t;

      t0 = g_get_monotonic_time ();
      t.cpu = thread_cpu_ms ();
      results = kf_search_index_query (index, q, QUERY_LIMIT, &error);
      t.cpu = thread_cpu_ms () - t.cpu;
      t.wall = (g_get_monotonic_time () - t0) / 1e3;
      g_assert_no_error (error);
      total_results += results->len;

      /* a query without a term of three characters or more scans the table */
      for (guint w = 0; words[w]; w++)
        scan &= g_utf8_strlen (words[w], -1) < 3;
      g_array_append_val (scan ? scan_timings : timings, t);
      g_array_append_val (all_timings, t);
      if (g_getenv ("BENCH_VERBOSE"))
        printf ("    %8.2f ms (CPU %8.2f ms) %3u results  %s\n", t.wall, t.cpu, results->len, q);
    }

  printf ("  %u queries, limit %d, %.1f results on average\n", queries->len, QUERY_LIMIT,
          total_results / queries->len);
  report ("queries using the index", timings);
  report ("queries of 1–2 character terms only (table scan)", scan_timings);
  report ("all queries", all_timings);

  g_clear_object (&index);
  if (g_getenv ("BENCH_KEEP"))
    printf ("  kept %s\n", path);
  else
  {
    static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

        g_remove (file);
      }
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  Generator g;

  generator_init (&g);
  if (argc > 1)
    for (int i = 1; i < argc; i++)
      bench (&g, (guint) strtoul (argv[i], NULL, 10));
  else
    {
      bench (&g, 1000);
      bench (&g, 10000);
    }
  generator_clear (&g);

  return 0;
}
