/* test-hostile.c — hostile documents in the real web view: nothing runs, no request leaves,
 * every payload shows as text and the app stays responsive. The same for imported text and
 * for exports.
 *
 * A listener on 127.0.0.1, named in every URL of the payloads, counts connections: it must
 * receive none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "kf-export.h"
#include "kf-importer.h"
#include "kf-test-ui.h"

static guint16 port;
static guint connections;

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  connections++;
  g_printerr ("# unexpected connection to the listener\n");
  return FALSE;
}

static char **
payloads (void)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **result;

#define ADD(...) { g_autofree char *p = g_strdup_printf (__VA_ARGS__); g_strv_builder_add (builder, p); }
  ADD ("<script>window.__kf_pwned = 1</script>");
  ADD ("<img src=http://127.0.0.1:%u/img onerror=\"window.__kf_pwned = 2\">", port);
  ADD ("<iframe src=\"http://127.0.0.1:%u/frame\"></iframe>", port);
  ADD ("[click me](javascript:window.__kf_pwned=3) and javascript:alert(1)");
  ADD ("[passwords](file:///etc/passwd) file:///etc/passwd");
  ADD ("[data](data:text/html,<script>window.__kf_pwned=4</script>)");
  ADD ("<div style=\"background: url(http://127.0.0.1:%u/css)\">css</div> url(http://127.0.0.1:%u/css2)",
       port, port);
  ADD ("<meta http-equiv=\"refresh\" content=\"0;url=http://127.0.0.1:%u/refresh\">", port);
  ADD ("<svg onload=\"window.__kf_pwned=5\"></svg><a href=\"http://127.0.0.1:%u/a\" onmouseover=\"window.__kf_pwned=6\">x</a>", port);
  ADD ("\xE2\x80\xAE""evil override\xE2\x80\xAC and \xE2\x81\xA7isolate");
  ADD ("\" onfocus=\"window.__kf_pwned=7\" autofocus x=\"");
#undef ADD
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}

/* A valid document with @text in every text field. */
static char *
hostile_json (const char *text,
              const char *id)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/source", port);

#define S(name, value) json_builder_set_member_name (b, name); json_builder_add_string_value (b, value)
  json_builder_begin_object (b);
  S ("format", "kaifang-document");
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 2);
  json_builder_set_member_name (b, "metadata");
  json_builder_begin_object (b);
  S ("id", id); S ("title", text); S ("subtitle", text); S ("intro", text);
  json_builder_set_member_name (b, "authors");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, text);
  json_builder_end_array (b);
  S ("language", "en"); S ("date", "2024-01-01"); S ("attribution", text);
  json_builder_set_member_name (b, "source");
  json_builder_begin_object (b);
  S ("name", text); S ("url", url); S ("title", text); S ("author", text);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "themes");
  json_builder_begin_array (b);
  for (guint t = 1; t <= 2; t++)
    {
      g_autofree char *tid = g_strdup_printf ("t%u", t);
      g_autofree char *sid = g_strdup_printf ("s%u", t);

      json_builder_begin_object (b);
      S ("id", tid);
      json_builder_set_member_name (b, "number");
      json_builder_add_int_value (b, t);
      S ("title", text); S ("short_title", text); S ("summary", text);
      json_builder_set_member_name (b, "terms");
      json_builder_begin_array (b);
      json_builder_add_string_value (b, "#term");
      json_builder_end_array (b);
      json_builder_set_member_name (b, "related");
      json_builder_begin_array (b);
      json_builder_add_string_value (b, t == 1 ? "#t2" : "#t1");
      json_builder_end_array (b);
      json_builder_set_member_name (b, "sections");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      S ("id", sid); S ("title", text);
      json_builder_set_member_name (b, "blocks");
      json_builder_begin_array (b);
      json_builder_begin_object (b); S ("type", "paragraph"); S ("text", text); json_builder_end_object (b);
      json_builder_begin_object (b); S ("type", "list");
      json_builder_set_member_name (b, "items");
      json_builder_begin_array (b); json_builder_add_string_value (b, text); json_builder_end_array (b);
      json_builder_end_object (b);
      json_builder_begin_object (b); S ("type", "figure"); S ("ref", t == 1 ? "#fig1" : "#fig2"); json_builder_end_object (b);
      json_builder_begin_object (b); S ("type", "term"); S ("ref", "#term"); json_builder_end_object (b);
      json_builder_end_array (b);
      json_builder_end_object (b);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "figures");
  json_builder_begin_array (b);
  for (guint f = 1; f <= 2; f++)
    {
      g_autofree char *fid = g_strdup_printf ("fig%u", f);
      g_autofree char *theme = g_strdup_printf ("#t%u", f);

      json_builder_begin_object (b);
      S ("id", fid);
      json_builder_set_member_name (b, "value");
      json_builder_add_double_value (b, f * 1.5);
      S ("unit", text); S ("label", text); S ("source", text); S ("theme", theme);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "glossary");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  S ("id", "term"); S ("term", text); S ("expansion", text); S ("definition", text);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  S ("id", "ev"); S ("date", "2020-01-01"); S ("title", text); S ("description", text); S ("theme", "#t1");
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
#undef S

  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static void
collect (const KfNode *node,
         GPtrArray    *ids)
{
  g_ptr_array_add (ids, (gpointer) node->id);
  for (guint i = 0; i < node->n_children; i++)
    collect (node->children[i], ids);
}

/* Visits every page of @document in a window and checks the page after each. */
static void
visit_all (KfDocument *document,
           const char *visible)
{
  KfWindow *window = kf_test_ui_new_window (document);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  collect (kf_document_get_root (document), ids);
  kf_test_ui_wait_page (window, kf_document_get_root (document)->id);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autofree char *pwned = NULL;
      g_autofree char *location = NULL;
      g_autofree char *shown = NULL;
      g_autofree char *frames = NULL;

      g_assert_true (kf_window_select_node (window, id, NULL));
      kf_test_ui_wait_page (window, id);   /* also proves the app still answers */

      pwned = kf_test_ui_eval (window, "String(window.__kf_pwned)");
      g_assert_cmpstr (pwned, ==, "undefined");
      location = kf_test_ui_eval (window, "document.location.href");
      g_assert_cmpstr (location, ==, "kaifang:///page.html");
      frames = kf_test_ui_eval (window,
        "String(document.querySelectorAll('#content script, #content img, #content iframe, #content meta, "
        "#content [onerror], #content [onload], #content [onmouseover], #content [onfocus], #content [style]').length)");
      g_assert_cmpstr (frames, ==, "0");
      if (visible && strcmp (id, "map") != 0 && strcmp (id, "figures") != 0)
        {
          g_autofree char *script = NULL;
          g_autoptr(JsonNode) literal = json_node_new (JSON_NODE_VALUE);
          g_autofree char *quoted = NULL;

          json_node_set_string (literal, visible);
          quoted = json_to_string (literal, FALSE);
          script = g_strdup_printf ("String(document.getElementById('content').textContent.includes(%s))", quoted);
          shown = kf_test_ui_eval (window, script);
          g_assert_cmpstr (shown, ==, "true");
        }
    }

  /* hover and focus every link, as a reader would */
  g_free (kf_test_ui_eval (window,
    "for (const a of document.querySelectorAll('a')) { a.focus();"
    "  a.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); } 'done'"));
  kf_test_ui_spin (1000);
  {
    g_autofree char *pwned = kf_test_ui_eval (window, "String(window.__kf_pwned)");

    g_assert_cmpstr (pwned, ==, "undefined");
  }
  kf_test_ui_destroy (window);
}

static void
test_payloads (void)
{
  g_auto(GStrv) texts = payloads ();

  for (guint i = 0; texts[i]; i++)
    {
      g_autofree char *id = g_strdup_printf ("hostile-%u", i);
      g_autofree char *json = hostile_json (texts[i], id);
      g_autoptr(GError) error = NULL;
      g_autoptr(KfDocument) document = kf_document_load_from_data (json, strlen (json), "hostile.json", &error);

      g_assert_no_error (error);
      g_test_message ("payload %u", i);
      /* the first line of the payload shows as text (links show their label) */
      visit_all (document, strchr (texts[i], '[') == texts[i] ? NULL : texts[i]);
    }
  kf_test_ui_spin (500);
  g_assert_cmpuint (connections, ==, 0);
}

/* One paragraph of 10 MB still loads, shows and leaves the app responsive. */
static void
test_huge_paragraph (void)
{
  gsize size = 10 * 1024 * 1024;
  g_autofree char *text = g_malloc (size + 1);
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KfDocument) document = NULL;
  KfWindow *window;
  g_autofree char *length = NULL;

  for (gsize i = 0; i < size; i++)
    text[i] = "lorem ipsum <b>dolor</b> & sit amet "[i % 36];
  text[size] = '\0';
  {
    /* the 10 MB text in the first theme's first paragraph only */
    g_autofree char *small = hostile_json ("MARKER", "huge");
    const char *at = strstr (small, "\"text\":\"MARKER\"");

    g_assert_nonnull (at);
    json = g_strdup_printf ("%.*s\"text\":\"%s\"%s", (int) (at - small), small, text,
                            at + strlen ("\"text\":\"MARKER\""));
  }
  document = kf_document_load_from_data (json, strlen (json), "huge.json", &error);
  g_assert_no_error (error);

  window = kf_test_ui_new_window (document);
  kf_test_ui_wait_page (window, "huge");
  g_assert_true (kf_window_select_node (window, "s1", NULL));
  kf_test_ui_wait_page (window, "s1");
  length = kf_test_ui_eval (window, "String(document.querySelector('p[data-block]').textContent.length)");
  g_assert_cmpint (g_ascii_strtoull (length, NULL, 10), ==, size);
  kf_test_ui_destroy (window);
}

/* Deeply nested JSON is refused with a position, never parsed recursively. */
static void
test_deep_json (void)
{
  GString *deep = g_string_new ("{\"format\": \"kaifang-document\", \"x\": ");
  g_autoptr(GError) error = NULL;
  g_autoptr(KfDocument) document = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  document = kf_document_load_from_data (deep->str, deep->len, "deep.json", &error);
  g_assert_null (document);
  g_assert_error (error, KF_DOCUMENT_ERROR, KF_DOCUMENT_ERROR_TOO_DEEP);
  g_string_free (deep, TRUE);
}

/* An imported article full of payloads is as harmless as a document. */
static void
test_imported (void)
{
  g_auto(GStrv) texts = payloads ();
  g_autofree char *joined = g_strjoinv ("\n\n", texts);
  g_autofree char *article = g_strdup_printf ("Hostile Article\n\nBy Nobody\n\nFirst, %s\n\n%s\n\nSecond, more\n\n%s\n",
                                              texts[0], joined, joined);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = kf_import_to_json (article, strlen (article), "hostile.txt", &error);
  g_autoptr(KfDocument) document = NULL;

  g_assert_no_error (error);
  document = kf_document_load_from_data (json, strlen (json), "hostile.json", &error);
  g_assert_no_error (error);
  visit_all (document, NULL);
  g_assert_cmpuint (connections, ==, 0);
}

typedef struct
{
  gboolean done;
} Load;

static void
export_loaded_cb (WebKitWebView   *view,
                  WebKitLoadEvent  event,
                  Load            *load)
{
  if (event == WEBKIT_LOAD_FINISHED)
    load->done = TRUE;
}

static gboolean
loaded (gpointer data)
{
  return ((Load *) data)->done;
}

/* An export opened in a browser engine with scripts on: nothing runs, nothing loads. */
static void
test_export (void)
{
  g_auto(GStrv) texts = payloads ();
  g_autofree char *all = g_strjoinv (" ", texts);
  g_autofree char *json = hostile_json (all, "hostile-export");
  g_autoptr(KfDocument) document = kf_document_load_from_data (json, strlen (json), "h.json", NULL);
  g_autofree char *html = kf_export_html (document, NULL, NULL, "body { color: black }");
  GtkWidget *window = gtk_window_new ();
  g_autoptr(WebKitNetworkSession) session = webkit_network_session_new_ephemeral ();
  WebKitWebView *view = g_object_new (WEBKIT_TYPE_WEB_VIEW, "network-session", session, NULL);
  Load load = { FALSE };

  g_assert_nonnull (document);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (view, "load-changed", G_CALLBACK (export_loaded_cb), &load);
  webkit_web_view_load_html (view, html, "http://127.0.0.1/");
  g_assert_true (kf_test_ui_wait_for (loaded, &load, 20000));
  kf_test_ui_spin (1500);

  {
    g_autofree char *pwned = kf_test_ui_eval_view (view, "String(window.__kf_pwned)");
    g_autofree char *scripts = kf_test_ui_eval_view (view, "String(document.scripts.length)");
    g_autofree char *shown = kf_test_ui_eval_view (view,
      "String(document.body.textContent.includes('<script>window.__kf_pwned = 1</script>'))");

    g_assert_cmpstr (pwned, ==, "undefined");
    g_assert_cmpstr (scripts, ==, "0");
    g_assert_cmpstr (shown, ==, "true");
  }
  gtk_window_destroy (GTK_WINDOW (window));
  kf_test_ui_spin (500);
  g_assert_cmpuint (connections, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GError) error = NULL;

  kf_test_ui_init (&argc, &argv);

  {
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;

    g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                   G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
    g_assert_no_error (error);
    port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  }
  g_signal_connect (service, "incoming", G_CALLBACK (incoming_cb), NULL);
  g_socket_service_start (service);

  g_test_add_func ("/hostile/payloads", test_payloads);
  g_test_add_func ("/hostile/huge-paragraph", test_huge_paragraph);
  g_test_add_func ("/hostile/deep-json", test_deep_json);
  g_test_add_func ("/hostile/imported", test_imported);
  g_test_add_func ("/hostile/export", test_export);

  return g_test_run ();
}
