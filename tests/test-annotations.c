/* test-annotations.c — bookmarks, highlights and notes: storage, recovery, Markdown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _POSIX_C_SOURCE 200809L

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "kf-annotations.h"
#include "kf-document.h"

#define DOC_ID "guide-notes"
#define HASH   "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define FILE_NAME DOC_ID "-0123456789abcdef.json"

/* --- helpers ---------------------------------------------------------------------------- */

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

typedef struct
{
  char *data_dir;
  char *notes_dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->data_dir = g_dir_make_tmp ("kf-annotations-XXXXXX", &error);
  g_assert_no_error (error);
  f->notes_dir = g_build_filename (f->data_dir, "annotations", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->data_dir);
  g_free (f->data_dir);
  g_free (f->notes_dir);
}

/* The names in @dir, sorted. */
static GPtrArray *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) (void (*) (void)) g_strcmp0);
  return names;
}

static KfAnnotations *
load (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  KfAnnotations *annotations = kf_annotations_load (f->data_dir, DOC_ID, HASH, &error);

  g_assert_no_error (error);
  g_assert_nonnull (annotations);
  return annotations;
}

static void
count_changed (KfAnnotations *annotations,
               guint         *count)
{
  (*count)++;
}

static void
assert_highlights_equal (const KfHighlight *a,
                         const KfHighlight *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpstr (a->node_id, ==, b->node_id);
  g_assert_cmpstr (a->block_id, ==, b->block_id);
  g_assert_cmpstr (a->language, ==, b->language);
  g_assert_cmpuint (a->start, ==, b->start);
  g_assert_cmpuint (a->end, ==, b->end);
  g_assert_cmpstr (a->quote, ==, b->quote);
  g_assert_cmpstr (a->note, ==, b->note);
  g_assert_cmpint (a->color, ==, b->color);
  g_assert_cmpint (a->created, ==, b->created);
}

static JsonNode *
parse_file (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, data, length, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

/* --- tests ------------------------------------------------------------------------------ */

static void
test_colors (void)
{
  const char *names[] = { "yellow", "green", "blue", "pink", "purple" };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == KF_N_HIGHLIGHT_COLORS);
  for (guint i = 0; i < KF_N_HIGHLIGHT_COLORS; i++)
    {
      KfHighlightColor color;

      g_assert_cmpstr (kf_highlight_color_to_string (i), ==, names[i]);
      g_assert_true (kf_highlight_color_from_string (names[i], &color));
      g_assert_cmpint (color, ==, i);
    }
  g_assert_false (kf_highlight_color_from_string ("Yellow", NULL));
  g_assert_false (kf_highlight_color_from_string (NULL, NULL));
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(KfAnnotations) annotations = load (f);
  g_autoptr(GPtrArray) highlights = kf_annotations_get_highlights (annotations, NULL);
  g_autoptr(GPtrArray) bookmarks = kf_annotations_get_bookmarks (annotations);
  g_autofree char *expected = g_build_filename (f->notes_dir, FILE_NAME, NULL);

  g_assert_null (kf_annotations_get_recovery_message (annotations));
  g_assert_cmpstr (kf_annotations_get_path (annotations), ==, expected);
  g_assert_cmpuint (highlights->len, ==, 0);
  g_assert_cmpuint (bookmarks->len, ==, 0);
  /* the directory exists, the file does not until saved */
  g_assert_true (g_file_test (f->notes_dir, G_FILE_TEST_IS_DIR));
  g_assert_false (g_file_test (expected, G_FILE_TEST_EXISTS));
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(KfAnnotations) annotations = load (f);
  g_autoptr(KfAnnotations) again = NULL;
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GPtrArray) bookmarks = NULL;
  g_autoptr(GError) error = NULL;
  const KfHighlight *h;
  guint changed = 0;
  const char *notes[] = {
    "Unicode: 开放 «ouverture» الانفتاح 🇨🇳 żółć",
    "Line one\nLine two\n\n\"quoted\" \\ back\tslash",
    NULL,
    "",
  };

  g_signal_connect (annotations, "changed", G_CALLBACK (count_changed), &changed);

  kf_annotations_set_bookmarked (annotations, "digital-green", TRUE);
  kf_annotations_set_bookmarked (annotations, "about", TRUE);
  kf_annotations_set_bookmarked (annotations, "institutional", TRUE);
  kf_annotations_set_bookmarked (annotations, "institutional", TRUE);   /* no change */
  g_assert_cmpuint (changed, ==, 3);
  kf_annotations_set_bookmarked (annotations, "about", FALSE);
  kf_annotations_set_bookmarked (annotations, "about", FALSE);          /* no change */
  kf_annotations_set_bookmarked (annotations, "about", TRUE);
  g_assert_cmpuint (changed, ==, 5);
  g_assert_true (kf_annotations_get_bookmarked (annotations, "about"));
  g_assert_false (kf_annotations_get_bookmarked (annotations, "security"));

  /* out of order on purpose: the getter orders them */
  kf_annotations_add_highlight (annotations, "institutional", "sections/institutional-since-2012/blocks/10",
                                "", 4, 9, "quote", KF_HIGHLIGHT_PINK, notes[0]);
  kf_annotations_add_highlight (annotations, "institutional", "sections/institutional-since-2012/blocks/2",
                                "fr", 20, 30, "«citation»", KF_HIGHLIGHT_GREEN, notes[1]);
  kf_annotations_add_highlight (annotations, "digital-green", "themes/digital-green/summary",
                                NULL, 0, 3, "Dig", KF_HIGHLIGHT_PURPLE, notes[2]);
  h = kf_annotations_add_highlight (annotations, "institutional", "sections/institutional-since-2012/blocks/2",
                                    "ar", 2, 8, "الانفتاح", KF_HIGHLIGHT_YELLOW, notes[3]);
  g_assert_nonnull (h);
  g_assert_cmpuint (strlen (h->id), ==, 36);
  g_assert_true (g_uuid_string_is_valid (h->id));
  g_assert_cmpint (ABS (h->created - g_get_real_time () / G_USEC_PER_SEC), <=, 5);
  g_assert_cmpuint (changed, ==, 9);

  saved = kf_annotations_get_highlights (annotations, NULL);
  g_assert_cmpuint (saved->len, ==, 4);
  /* by node, then block (numbers as numbers), then start */
  g_assert_cmpstr (((KfHighlight *) saved->pdata[0])->node_id, ==, "digital-green");
  g_assert_cmpstr (((KfHighlight *) saved->pdata[1])->block_id, ==, "sections/institutional-since-2012/blocks/2");
  g_assert_cmpuint (((KfHighlight *) saved->pdata[1])->start, ==, 2);
  g_assert_cmpuint (((KfHighlight *) saved->pdata[2])->start, ==, 20);
  g_assert_cmpstr (((KfHighlight *) saved->pdata[3])->block_id, ==, "sections/institutional-since-2012/blocks/10");
  /* NULL language is the document's own */
  g_assert_cmpstr (((KfHighlight *) saved->pdata[0])->language, ==, "");

  /* per node */
  {
    g_autoptr(GPtrArray) some = kf_annotations_get_highlights (annotations, "institutional");
    g_autoptr(GPtrArray) none = kf_annotations_get_highlights (annotations, "security");

    g_assert_cmpuint (some->len, ==, 3);
    g_assert_cmpuint (none->len, ==, 0);
  }

  kf_annotations_save (annotations, &error);
  g_assert_no_error (error);

  again = load (f);
  g_assert_null (kf_annotations_get_recovery_message (again));
  loaded = kf_annotations_get_highlights (again, NULL);
  g_assert_cmpuint (loaded->len, ==, saved->len);
  for (guint i = 0; i < saved->len; i++)
    assert_highlights_equal (saved->pdata[i], loaded->pdata[i]);

  bookmarks = kf_annotations_get_bookmarks (again);
  g_assert_cmpuint (bookmarks->len, ==, 3);
  g_assert_cmpstr (bookmarks->pdata[0], ==, "digital-green");
  g_assert_cmpstr (bookmarks->pdata[1], ==, "institutional");
  g_assert_cmpstr (bookmarks->pdata[2], ==, "about");

  /* the file's own format */
  {
    g_autoptr(JsonNode) root = parse_file (kf_annotations_get_path (again));
    JsonObject *o = json_node_get_object (root);

    g_assert_cmpstr (json_object_get_string_member (o, "format"), ==, "kaifang-annotations");
    g_assert_cmpint (json_object_get_int_member (o, "version"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (o, "document"), ==, DOC_ID);
    g_assert_cmpstr (json_object_get_string_member (o, "content_hash"), ==, HASH);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "bookmarks")), ==, 3);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "highlights")), ==, 4);
  }
}

static void
test_mutations (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KfAnnotations) annotations = load (f);
  g_autoptr(KfAnnotations) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const KfHighlight *h;
  guint changed = 0;

  g_signal_connect (annotations, "changed", G_CALLBACK (count_changed), &changed);
  h = kf_annotations_add_highlight (annotations, "security", "sections/security-since-2012/blocks/0",
                                    "", 0, 5, "Since", KF_HIGHLIGHT_YELLOW, NULL);
  id = g_strdup (h->id);
  g_assert_true (kf_annotations_lookup_highlight (annotations, id) == h);
  g_assert_cmpuint (changed, ==, 1);

  g_assert_true (kf_annotations_update_highlight (annotations, id, KF_HIGHLIGHT_BLUE, "a note"));
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpint (h->color, ==, KF_HIGHLIGHT_BLUE);
  g_assert_cmpstr (h->note, ==, "a note");
  /* the same values: no change */
  g_assert_true (kf_annotations_update_highlight (annotations, id, KF_HIGHLIGHT_BLUE, "a note"));
  g_assert_cmpuint (changed, ==, 2);
  g_assert_true (kf_annotations_update_highlight (annotations, id, KF_HIGHLIGHT_BLUE, NULL));
  g_assert_null (h->note);
  g_assert_cmpuint (changed, ==, 3);

  g_assert_false (kf_annotations_update_highlight (annotations, "no-such-id", KF_HIGHLIGHT_PINK, NULL));
  g_assert_false (kf_annotations_remove_highlight (annotations, "no-such-id"));
  g_assert_cmpuint (changed, ==, 3);

  kf_annotations_save (annotations, &error);
  g_assert_no_error (error);
  again = load (f);
  g_assert_nonnull (kf_annotations_lookup_highlight (again, id));
  g_assert_null (kf_annotations_lookup_highlight (again, id)->note);

  g_assert_true (kf_annotations_remove_highlight (annotations, id));
  g_assert_cmpuint (changed, ==, 4);
  g_assert_null (kf_annotations_lookup_highlight (annotations, id));
  g_assert_false (kf_annotations_remove_highlight (annotations, id));
}

static void
test_atomic_write (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(KfAnnotations) annotations = load (f);
  g_autoptr(GError) error = NULL;
  const char *path = kf_annotations_get_path (annotations);
  GStatBuf st;

  kf_annotations_set_bookmarked (annotations, "first", TRUE);
  kf_annotations_save (annotations, &error);
  g_assert_no_error (error);

  /* only the file itself: no temporary file left behind */
  {
    g_autoptr(GPtrArray) names = list_dir (f->notes_dir);

    g_assert_cmpuint (names->len, ==, 1);
    g_assert_cmpstr (names->pdata[0], ==, FILE_NAME);
  }
  /* private to the user */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* saving again replaces the file, with more content, and still leaves nothing behind */
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *note = g_strnfill (i * 1000, 'x');
      g_autoptr(JsonNode) root = NULL;
      JsonArray *highlights;

      kf_annotations_add_highlight (annotations, "first", "sections/a/blocks/0", "", i, i + 1, "q",
                                    KF_HIGHLIGHT_GREEN, note);
      kf_annotations_save (annotations, &error);
      g_assert_no_error (error);

      root = parse_file (path);
      highlights = json_object_get_array_member (json_node_get_object (root), "highlights");
      g_assert_cmpuint (json_array_get_length (highlights), ==, i + 1);
    }
  {
    g_autoptr(GPtrArray) names = list_dir (f->notes_dir);

    g_assert_cmpuint (names->len, ==, 1);
  }

  /* and fewer: the file shrinks, nothing of the old content remains */
  {
    g_autoptr(GPtrArray) all = kf_annotations_get_highlights (annotations, NULL);
    g_autoptr(KfAnnotations) again = NULL;
    g_autoptr(GPtrArray) left = NULL;

    for (guint i = 1; i < all->len; i++)
      kf_annotations_remove_highlight (annotations, ((KfHighlight *) all->pdata[i])->id);
    kf_annotations_save (annotations, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_size, <, 2000);
    again = load (f);
    left = kf_annotations_get_highlights (again, NULL);
    g_assert_cmpuint (left->len, ==, 1);
  }
}

/* Runs kill-save-loop with @args, returns its pid. */
static GPid
start_helper (const char * const *args)
{
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "kill-save-loop", NULL);
  char *argv[8] = { helper, NULL };
  pid_t pid;

  for (guint i = 0; args[i] && i < G_N_ELEMENTS (argv) - 2; i++)
    argv[i + 1] = (char *) args[i];

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      int null = open ("/dev/null", O_WRONLY);

      /* keep the TAP output clean */
      if (null >= 0)
        dup2 (null, STDOUT_FILENO);
      execv (argv[0], argv);
      _exit (127);
    }
  return pid;
}

static int
wait_helper (GPid pid)
{
  int status;

  while (waitpid (pid, &status, 0) < 0)
    g_assert_cmpint (errno, ==, EINTR);
  return status;
}

/* The file, if it is there, is a whole JSON document: never a torn one. */
static void
assert_file_parses (const char *path)
{
  g_autofree char *data = NULL;
  gsize length;

  if (g_file_get_contents (path, &data, &length, NULL))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      json_parser_load_from_data (parser, data, length, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
    }
}

static void
test_kill_during_save (Fixture       *f,
                       gconstpointer  data)
{
  const char * const save[] = { "save", f->data_dir, "1000000", NULL };
  const char * const check[] = { "check", f->data_dir, NULL };
  const char * const finish[] = { "save", f->data_dir, "3", NULL };
  g_autofree char *path = g_build_filename (f->notes_dir, "kill-test-0123456789abcdef.json", NULL);
  gint64 last = 0;
  guint kills = 30;
  int status;

  for (guint i = 0; i < kills; i++)
    {
      gint64 deadline = g_get_monotonic_time () + g_test_rand_int_range (2, 60) * 1000;
      g_autoptr(KfAnnotations) annotations = NULL;
      g_autoptr(GPtrArray) highlights = NULL;
      GPid pid = start_helper (save);

      /* read it all along while it is being saved */
      while (g_get_monotonic_time () < deadline)
        {
          assert_file_parses (path);
          g_usleep (500);
        }
      kill (pid, SIGKILL);
      status = wait_helper (pid);
      g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);

      /* the file is a complete state, and the helper's own check agrees */
      assert_file_parses (path);
      annotations = kf_annotations_load (f->data_dir, "kill-test",
                                         "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                                         NULL);
      g_assert_nonnull (annotations);
      g_assert_null (kf_annotations_get_recovery_message (annotations));
      highlights = kf_annotations_get_highlights (annotations, NULL);
      status = wait_helper (start_helper (check));
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
      /* saves are never lost: the next run starts from the last complete one */
      g_assert_cmpint (highlights->len, >=, MIN (last, 400));
      if (highlights->len > 0)
        {
          const KfHighlight *newest = g_ptr_array_index (highlights, highlights->len - 1);

          g_assert_cmpint (newest->start + 1, >=, last);
          last = newest->start + 1;
        }
    }
  {
    /* a kill during a write leaves its temporary file behind, never a torn notes file */
    g_autoptr(GPtrArray) names = list_dir (f->notes_dir);

    g_test_message ("%u kills, %" G_GINT64_FORMAT " saves survived, %u kills during a write",
                    kills, last, names->len - 1);
  }

  /* and it carries on from there */
  status = wait_helper (start_helper (finish));
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  status = wait_helper (start_helper (check));
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

typedef struct
{
  const char *name;
  const char *data;
  gssize      length;
} CorruptCase;

static const char binary_data[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe\0\x01{\"format\":";

static const CorruptCase corrupt_cases[] = {
  { "garbage", "this is not JSON at all {{{", -1 },
  { "empty", "", 0 },
  { "truncated", "{\"format\":\"kaifang-annotations\",\"version\":1,\"document\":\"" DOC_ID "\",\"content_hash\":\"" HASH "\",\"bookmarks\":[\"a\"],\"highl", -1 },
  { "binary", binary_data, sizeof binary_data - 1 },
  { "not-utf8", "{\"format\":\"kaifang-annotations\xff\xfe\"}", -1 },
  { "array", "[1, 2, 3]", -1 },
  { "wrong-format", "{\"format\":\"kaifang-document\",\"version\":1,\"document\":\"" DOC_ID "\",\"content_hash\":\"" HASH "\",\"bookmarks\":[],\"highlights\":[]}", -1 },
  { "version-string", "{\"format\":\"kaifang-annotations\",\"version\":\"1\",\"document\":\"" DOC_ID "\",\"content_hash\":\"" HASH "\",\"bookmarks\":[],\"highlights\":[]}", -1 },
  { "version-2", "{\"format\":\"kaifang-annotations\",\"version\":2,\"document\":\"" DOC_ID "\",\"content_hash\":\"" HASH "\",\"bookmarks\":[],\"highlights\":[]}", -1 },
  { "other-document", "{\"format\":\"kaifang-annotations\",\"version\":1,\"document\":\"other\",\"content_hash\":\"" HASH "\",\"bookmarks\":[],\"highlights\":[]}", -1 },
  { "other-hash", "{\"format\":\"kaifang-annotations\",\"version\":1,\"document\":\"" DOC_ID "\",\"content_hash\":\"0123456789abcdef00\",\"bookmarks\":[],\"highlights\":[]}", -1 },
  { "missing-highlights", "{\"format\":\"kaifang-annotations\",\"version\":1,\"document\":\"" DOC_ID "\",\"content_hash\":\"" HASH "\",\"bookmarks\":[]}", -1 },
  { "bookmarks-object", "{\"format\":\"kaifang-annotations\",\"version\":1,\"document\":\"" DOC_ID "\",\"content_hash\":\"" HASH "\",\"bookmarks\":{},\"highlights\":[]}", -1 },
  { "bookmark-number", "{\"format\":\"kaifang-annotations\",\"version\":1,\"document\":\"" DOC_ID "\",\"content_hash\":\"" HASH "\",\"bookmarks\":[\"a\",7],\"highlights\":[]}", -1 },
  { "highlight-string", "{\"format\":\"kaifang-annotations\",\"version\":1,\"document\":\"" DOC_ID "\",\"content_hash\":\"" HASH "\",\"bookmarks\":[],\"highlights\":[\"x\"]}", -1 },
};

#define GOOD_HIGHLIGHT(start, end, color, note) \
  "{\"id\":\"h1\",\"node_id\":\"n\",\"block_id\":\"b\",\"language\":\"\",\"start\":" start ",\"end\":" end \
  ",\"quote\":\"q\",\"note\":" note ",\"color\":" color ",\"created\":1}"
#define WITH_HIGHLIGHTS(list) \
  "{\"format\":\"kaifang-annotations\",\"version\":1,\"document\":\"" DOC_ID "\",\"content_hash\":\"" HASH \
  "\",\"bookmarks\":[\"a\"],\"highlights\":[" list "]}"

static const CorruptCase wrong_highlights[] = {
  { "start-string", WITH_HIGHLIGHTS (GOOD_HIGHLIGHT ("\"1\"", "2", "\"yellow\"", "null")), -1 },
  { "start-double", WITH_HIGHLIGHTS (GOOD_HIGHLIGHT ("1.5", "2", "\"yellow\"", "null")), -1 },
  { "start-negative", WITH_HIGHLIGHTS (GOOD_HIGHLIGHT ("-1", "2", "\"yellow\"", "null")), -1 },
  { "end-before-start", WITH_HIGHLIGHTS (GOOD_HIGHLIGHT ("5", "2", "\"yellow\"", "null")), -1 },
  { "end-too-large", WITH_HIGHLIGHTS (GOOD_HIGHLIGHT ("1", "99999999999", "\"yellow\"", "null")), -1 },
  { "color-unknown", WITH_HIGHLIGHTS (GOOD_HIGHLIGHT ("1", "2", "\"red\"", "null")), -1 },
  { "color-number", WITH_HIGHLIGHTS (GOOD_HIGHLIGHT ("1", "2", "0", "null")), -1 },
  { "note-number", WITH_HIGHLIGHTS (GOOD_HIGHLIGHT ("1", "2", "\"yellow\"", "3")), -1 },
  { "note-object", WITH_HIGHLIGHTS (GOOD_HIGHLIGHT ("1", "2", "\"yellow\"", "{}")), -1 },
  { "duplicate-id", WITH_HIGHLIGHTS (GOOD_HIGHLIGHT ("1", "2", "\"yellow\"", "null") ","
                                     GOOD_HIGHLIGHT ("3", "4", "\"blue\"", "\"x\"")), -1 },
  { "missing-member", WITH_HIGHLIGHTS ("{\"id\":\"h1\",\"node_id\":\"n\",\"block_id\":\"b\",\"language\":\"\","
                                       "\"start\":1,\"end\":2,\"color\":\"yellow\",\"created\":1}"), -1 },
};

static void
write_file (const char *path,
            const char *data,
            gssize      length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
}

static void
check_corrupt (Fixture           *f,
               const CorruptCase *c)
{
  g_autofree char *path = g_build_filename (f->notes_dir, FILE_NAME, NULL);
  g_autofree char *other = g_build_filename (f->notes_dir, "other-doc-fedcba9876543210.json", NULL);
  g_autofree char *other_version = g_build_filename (f->notes_dir, DOC_ID "-fedcba9876543210.json", NULL);
  g_autofree char *before_other = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(KfAnnotations) annotations = NULL;
  g_autoptr(KfAnnotations) again = NULL;
  g_autoptr(GPtrArray) highlights = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *backup_data = NULL;
  g_autoptr(GRegex) backup_name = g_regex_new ("^" FILE_NAME "\\.corrupt-[0-9]{8}-[0-9]{6}(-[0-9]+)?$",
                                               0, 0, NULL);
  gsize length = c->length < 0 ? strlen (c->data) : (gsize) c->length;
  gsize backup_length;
  const char *message;

  g_test_message ("corrupt file: %s", c->name);
  remove_tree (f->notes_dir);
  g_assert_cmpint (g_mkdir_with_parents (f->notes_dir, 0700), ==, 0);
  write_file (path, c->data, length);
  write_file (other, "{\"another\": \"document's notes\"}", -1);
  write_file (other_version, "not even JSON", -1);

  annotations = load (f);
  message = kf_annotations_get_recovery_message (annotations);
  g_assert_nonnull (message);

  /* moved aside under the backup name, byte for byte; the name is in the message */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  names = list_dir (f->notes_dir);
  g_assert_cmpuint (names->len, ==, 3);
  for (guint i = 0; i < names->len; i++)
    if (g_regex_match (backup_name, names->pdata[i], 0, NULL))
      backup = g_build_filename (f->notes_dir, names->pdata[i], NULL);
  g_assert_nonnull (backup);
  g_assert_nonnull (strstr (message, backup));
  g_file_get_contents (backup, &backup_data, &backup_length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (backup_data, backup_length, c->data, length);

  /* other documents' files, and other versions of this one, are left alone */
  g_file_get_contents (other, &before_other, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (before_other, ==, "{\"another\": \"document's notes\"}");
  g_assert_true (g_file_test (other_version, G_FILE_TEST_IS_REGULAR));

  /* empty and usable */
  highlights = kf_annotations_get_highlights (annotations, NULL);
  g_assert_cmpuint (highlights->len, ==, 0);
  {
    g_autoptr(GPtrArray) bookmarks = kf_annotations_get_bookmarks (annotations);

    g_assert_cmpuint (bookmarks->len, ==, 0);
  }
  kf_annotations_add_highlight (annotations, "n", "b", "", 0, 1, "q", KF_HIGHLIGHT_BLUE, "after recovery");
  kf_annotations_save (annotations, &error);
  g_assert_no_error (error);
  again = load (f);
  g_assert_null (kf_annotations_get_recovery_message (again));
  g_clear_pointer (&highlights, g_ptr_array_unref);
  highlights = kf_annotations_get_highlights (again, NULL);
  g_assert_cmpuint (highlights->len, ==, 1);
  g_assert_cmpstr (((KfHighlight *) highlights->pdata[0])->note, ==, "after recovery");
  /* the backup is still there */
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
}

static void
test_corrupt (Fixture       *f,
              gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (corrupt_cases); i++)
    check_corrupt (f, &corrupt_cases[i]);
  for (guint i = 0; i < G_N_ELEMENTS (wrong_highlights); i++)
    check_corrupt (f, &wrong_highlights[i]);
}

/* A valid file with the optional parts in their other forms loads. */
static void
test_valid_variants (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->notes_dir, FILE_NAME, NULL);
  g_autoptr(KfAnnotations) annotations = NULL;
  g_autoptr(GPtrArray) highlights = NULL;
  g_autoptr(GPtrArray) bookmarks = NULL;
  const KfHighlight *h;

  g_assert_cmpint (g_mkdir_with_parents (f->notes_dir, 0700), ==, 0);
  /* no note at all, unknown members, a duplicate bookmark */
  write_file (path, "{\"format\":\"kaifang-annotations\",\"version\":1,\"document\":\"" DOC_ID "\","
                    "\"content_hash\":\"" HASH "\",\"future\":{\"x\":1},\"bookmarks\":[\"a\",\"b\",\"a\"],"
                    "\"highlights\":[{\"id\":\"h1\",\"node_id\":\"n\",\"block_id\":\"b\",\"language\":\"de\","
                    "\"start\":0,\"end\":4294967295,\"quote\":\"q\",\"color\":\"purple\",\"created\":-5,"
                    "\"later\":[]}]}", -1);
  annotations = load (f);
  g_assert_null (kf_annotations_get_recovery_message (annotations));
  bookmarks = kf_annotations_get_bookmarks (annotations);
  g_assert_cmpuint (bookmarks->len, ==, 2);
  highlights = kf_annotations_get_highlights (annotations, NULL);
  g_assert_cmpuint (highlights->len, ==, 1);
  h = highlights->pdata[0];
  g_assert_null (h->note);
  g_assert_cmpuint (h->end, ==, G_MAXUINT32);
  g_assert_cmpint (h->color, ==, KF_HIGHLIGHT_PURPLE);
  g_assert_cmpint (h->created, ==, -5);
}

/* Two recoveries in the same second keep both backups. */
static void
test_corrupt_twice (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->notes_dir, FILE_NAME, NULL);
  g_autoptr(GPtrArray) names = NULL;

  g_assert_cmpint (g_mkdir_with_parents (f->notes_dir, 0700), ==, 0);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *garbage = g_strdup_printf ("garbage %u", i);
      g_autoptr(KfAnnotations) annotations = NULL;

      write_file (path, garbage, -1);
      annotations = load (f);
      g_assert_nonnull (kf_annotations_get_recovery_message (annotations));
    }
  names = list_dir (f->notes_dir);
  g_assert_cmpuint (names->len, ==, 3);
  for (guint i = 0; i < names->len; i++)
    g_assert_true (g_str_has_prefix (names->pdata[i], FILE_NAME ".corrupt-"));
}

/* A directory where the file should be is moved aside too. */
static void
test_unreadable (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->notes_dir, FILE_NAME, NULL);
  g_autoptr(KfAnnotations) annotations = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  annotations = load (f);
  g_assert_nonnull (kf_annotations_get_recovery_message (annotations));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  kf_annotations_save (annotations, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
test_no_data_dir (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *blocker = g_build_filename (f->data_dir, "a-file", NULL);
  g_autofree char *below = g_build_filename (blocker, "data", NULL);
  g_autoptr(GError) error = NULL;
  KfAnnotations *annotations;

  write_file (blocker, "in the way", -1);
  annotations = kf_annotations_load (below, DOC_ID, HASH, &error);
  g_assert_null (annotations);
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR);
}

static KfDocument *
load_guide (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "guide",
                                                 "kaifang-guide.json", NULL);
  g_autoptr(GError) error = NULL;
  KfDocument *doc = kf_document_load_from_path (path, &error);

  g_assert_no_error (error);
  return doc;
}

static guint
count_lines_with_prefix (const char *text,
                         const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], prefix))
      n++;
  return n;
}

static void
test_markdown (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(KfDocument) doc = load_guide ();
  g_autoptr(KfAnnotations) annotations = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *markdown = NULL;
  g_auto(GStrv) lines = NULL;
  const char *hash = kf_document_get_content_hash (doc);
  const KfMetadata *m = kf_document_get_metadata (doc);
  const KfTheme *security = kf_document_lookup_theme (doc, "security");
  const KfTheme *institutional = kf_document_lookup_theme (doc, "institutional");
  g_autofree char *title_line = g_strdup_printf ("# %s", m->title);
  const char *pos_institutional, *pos_security, *pos_section;

  annotations = kf_annotations_load (f->data_dir, m->id, hash, &error);
  g_assert_no_error (error);

  kf_annotations_set_bookmarked (annotations, "security", TRUE);
  kf_annotations_set_bookmarked (annotations, "glossary", TRUE);
  /* added in reverse outline order: the export follows the outline */
  kf_annotations_add_highlight (annotations, "security", "themes/security/summary", "", 0, 10,
                                "*Security* [link](https://example.org) <b>bold</b>",
                                KF_HIGHLIGHT_YELLOW,
                                "# x\n<script>alert(1)</script>\n- not a list\n1. not a list either\n"
                                "    not code\n> not a quote\n---\n![img](http://127.0.0.1:9/x)");
  kf_annotations_add_highlight (annotations, "institutional-since-2012",
                                "sections/institutional-since-2012/blocks/0", "", 0, 5,
                                "line one\nline two", KF_HIGHLIGHT_GREEN, NULL);
  kf_annotations_add_highlight (annotations, "institutional", "themes/institutional/summary", "", 5, 9,
                                "#hashtag", KF_HIGHLIGHT_BLUE, "开放 — a unicode note");
  kf_annotations_add_highlight (annotations, "institutional", "themes/institutional/summary", "", 1, 3,
                                "first", KF_HIGHLIGHT_BLUE, NULL);

  markdown = kf_annotations_to_markdown (annotations, doc);
  g_test_message ("%s", markdown);
  lines = g_strsplit (markdown, "\n", -1);

  /* the document's title, once */
  g_assert_cmpstr (lines[0], ==, title_line);
  g_assert_cmpuint (count_lines_with_prefix (markdown, "# "), ==, 1);
  /* the bookmarks, then one heading per node with highlights */
  g_assert_cmpuint (count_lines_with_prefix (markdown, "## "), ==, 4);
  g_assert_nonnull (strstr (markdown, "\n## Bookmarks\n\n- "));
  g_assert_nonnull (strstr (markdown, "\n- Glossary\n"));
  pos_institutional = strstr (markdown, "\n## Aligning China's institutions");
  pos_section = strstr (markdown, "\n## Aligning China's institutions with high international standards \xE2\x80\x94 Since 2012\n");
  pos_security = strstr (markdown, "\n## ");
  g_assert_nonnull (pos_institutional);
  g_assert_nonnull (pos_section);
  {
    g_autofree char *heading = g_strdup_printf ("\n## %s\n", security->title);

    pos_security = strstr (markdown, heading);
  }
  g_assert_nonnull (pos_security);
  g_assert_true (pos_institutional < pos_section && pos_section < pos_security);
  g_assert_nonnull (institutional);

  /* quotes are blockquotes, in order of their start, each line quoted */
  g_assert_true (strstr (markdown, "> first") < strstr (markdown, "> \\#hashtag"));
  g_assert_nonnull (strstr (markdown, "> line one\n> line two\n"));
  g_assert_nonnull (strstr (markdown, "\n开放 — a unicode note\n"));
  g_assert_nonnull (strstr (markdown, "> \\*Security\\* \\[link\\](https://example.org) \\<b\\>bold\\</b\\>"));

  /* nothing in a note or quote becomes markup: every "<" is escaped, so no HTML */
  for (const char *p = strchr (markdown, '<'); p; p = strchr (p + 1, '<'))
    g_assert_cmpint (p[-1], ==, '\\');
  g_assert_null (strstr (markdown, "!["));
  g_assert_nonnull (strstr (markdown, "\n\\# x\n"));
  g_assert_nonnull (strstr (markdown, "\\<script\\>alert(1)\\</script\\>"));
  g_assert_nonnull (strstr (markdown, "\n\\- not a list\n"));
  g_assert_nonnull (strstr (markdown, "\n1\\. not a list either\n"));
  g_assert_nonnull (strstr (markdown, "\nnot code\n"));
  g_assert_nonnull (strstr (markdown, "\n\\> not a quote\n"));
  g_assert_nonnull (strstr (markdown, "\n\\---\n"));
  for (guint i = 1; lines[i]; i++)
    {
      /* the only headings are ours */
      if (lines[i][0] == '#')
        g_assert_true (g_str_has_prefix (lines[i], "## "));
      g_assert_false (g_str_has_prefix (lines[i], "    "));
    }
}

/* Highlights on a node the document doesn't have still appear, under their id. */
static void
test_markdown_unknown_node (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(KfDocument) doc = load_guide ();
  g_autoptr(KfAnnotations) annotations = load (f);
  g_autofree char *markdown = NULL;

  kf_annotations_add_highlight (annotations, "gone_<i>", "b", "", 0, 1, "old quote",
                                KF_HIGHLIGHT_PINK, "old note");
  kf_annotations_set_bookmarked (annotations, "gone-too", TRUE);
  markdown = kf_annotations_to_markdown (annotations, doc);
  g_assert_nonnull (strstr (markdown, "\n## gone\\_\\<i\\>\n\n> old quote\n\nold note\n"));
  g_assert_nonnull (strstr (markdown, "\n- gone-too\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/annotations/colors", test_colors);
  ADD ("/annotations/empty", test_empty);
  ADD ("/annotations/round-trip", test_round_trip);
  ADD ("/annotations/mutations", test_mutations);
  ADD ("/annotations/atomic-write", test_atomic_write);
  ADD ("/annotations/kill-during-save", test_kill_during_save);
  ADD ("/annotations/corrupt", test_corrupt);
  ADD ("/annotations/corrupt-twice", test_corrupt_twice);
  ADD ("/annotations/valid-variants", test_valid_variants);
  ADD ("/annotations/unreadable", test_unreadable);
  ADD ("/annotations/no-data-dir", test_no_data_dir);
  ADD ("/annotations/markdown", test_markdown);
  ADD ("/annotations/markdown-unknown-node", test_markdown_unknown_node);

#undef ADD

  return g_test_run ();
}
