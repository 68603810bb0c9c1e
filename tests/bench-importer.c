/* bench-importer.c — how long the importer takes on a ~20 MB article
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not a pass/fail test: prints the time of each run in milliseconds. Usage:
 *   bench-importer [MEGABYTES]
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kf-importer.h"

/* "#" stands for a number */
static const char * const openings[] = {
  "In 2023, exports of digitally deliverable services exceeded #.# trillion yuan.",
  "Foreign trade and investment supported over # million jobs both directly and indirectly.",
  "The Digital Economy Partnership Agreement (DEPA) has # members after the latest round.",
  "China has become a major trading partner for over # countries and regions.",
  "Consumption accounted for around #% of growth, according to the statistics bureau.",
  "A pilot zone in the east attracted $# billion of investment from #,200 companies.",
  "First, the reform of state-owned enterprises continued, with # new mixed-ownership projects.",
  "The China International Import Expo (CIIE) welcomed # exhibitors from many countries.",
};

static void
append_with_numbers (GString    *text,
                     const char *template,
                     guint32     seed)
{
  for (const char *p = template; *p != '\0'; p++)
    {
      if (*p == '#')
        {
          g_string_append_printf (text, "%u", 1 + seed % 900);
          seed = seed * 1103515245 + 12345;
        }
      else
        g_string_append_c (text, *p);
    }
}

static const char * const middles[] = {
  "Officials said the measures would be reviewed every year and adjusted where needed.",
  "Local governments were asked to publish their plans and report progress each quarter.",
  "Analysts noted that the figures were broadly in line with earlier forecasts (see [the report](https://example.org/report)).",
  "Some of the changes, such as simpler customs procedures, took effect at once.",
  "Others, including the new rules on data flows, will be phased in over three years.",
  "Companies welcomed the clarity but asked for more time to adapt their systems.",
};

static const char * const headings[] = {
  "Opening up in services", "Trade in goods", "Investment and the business environment",
  "Digital trade", "Green development", "Regional cooperation", "People's wellbeing",
  "Security and risk",
};

static GString *
make_article (gsize    target,
              gboolean equal_headings)
{
  GString *text = g_string_sized_new (target + 4096);
  guint32 seed = 12345;
  guint section = 0;

  g_string_append (text, "Nav Search\n\nA Very Long Report on Opening Up\n\n"
                         "By Test Author Source: example.org Updated: 2024-12-27\n\n"
                         "This synthetic report repeats varied paragraphs to measure the importer.\n\n");
  while (text->len < target)
    {
      guint paragraphs;

      section++;
      if (equal_headings)
        g_string_append (text, "## Overview\n\n");
      else
        g_string_append_printf (text, "## %s, part %u\n\n",
                                headings[section % G_N_ELEMENTS (headings)], section);
      paragraphs = 3 + section % 5;
      for (guint p = 0; p < paragraphs; p++)
        {
          guint sentences = 3 + (section + p) % 4;

          seed = seed * 1103515245 + 12345;
          append_with_numbers (text, openings[seed % G_N_ELEMENTS (openings)], seed >> 4);
          for (guint s = 0; s < sentences; s++)
            {
              g_string_append_c (text, ' ');
              g_string_append (text, middles[(seed >> (s + 3)) % G_N_ELEMENTS (middles)]);
            }
          g_string_append (text, "\n\n");
          if (p == 1 && section % 3 == 0)
            g_string_append (text, "- a first point;\n- a second point;\n- a third point.\n\n");
        }
    }
  g_string_append (text, "Editor: Test Editor\n");
  return text;
}

static void
run (const char *label,
     const char *data,
     gsize       length,
     const char *filename)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autofree char *json = kf_import_to_json (data, length, filename, &error);
  gint64 end = g_get_monotonic_time ();

  if (json == NULL)
    printf ("%-28s %6.1f MB  error: %s\n", label, length / 1e6, error->message);
  else
    printf ("%-28s %6.1f MB  %8.1f ms  (%.1f MB of JSON)\n", label, length / 1e6,
            (end - start) / 1000.0, strlen (json) / 1e6);
}

int
main (int   argc,
      char *argv[])
{
  gsize megabytes = argc > 1 ? strtoul (argv[1], NULL, 10) : 20;
  gsize target = megabytes * 1000 * 1000;
  g_autoptr(GString) article = make_article (target, FALSE);
  g_autofree char *plain = NULL;
  g_autofree char *one_line = NULL;
  g_autofree char *brackets = NULL;

  run ("markdown article", article->str, article->len, "bench.md");

  /* the same text as plain text: "## " headings become standalone lines */
  plain = g_strdup (article->str);
  for (char *p = plain; (p = strstr (p, "## ")) != NULL; p += 3)
    memcpy (p, "   ", 3);
  run ("plain text article", plain, article->len, "bench.txt");

  /* worst cases: one huge line, and runs of brackets and parentheses */
  one_line = g_strdup (article->str);
  g_strdelimit (one_line, "\n.", ' ');
  run ("single line", one_line, article->len, "line.txt");

  /* thousands of equal headings */
  {
    g_autoptr(GString) same = make_article (target, TRUE);

    run ("equal headings", same->str, same->len, "same.md");
  }

  brackets = g_malloc (target + 1);
  for (gsize i = 0; i < target; i++)
    brackets[i] = "([*`_ A1."[i % 9];
  brackets[target] = '\0';
  run ("brackets and markers", brackets, target, "brackets.md");

  return 0;
}
