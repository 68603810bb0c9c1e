/* kf-detail-view.c — the WebKit page that shows one node
 *
 * The view loads one page shell from our own kaifang: scheme, then swaps node content in
 * with a script call. It loads nothing from the network or the file system: every request
 * that is not for the shell is refused, external links go to the system browser (by the
 * "open-uri" signal), and the page runs no script but our own user script.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-detail-view"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "kf-detail-view.h"

#define SCHEME "kaifang"
#define SHELL_URI SCHEME ":///page.html"
#define WEB_RESOURCES RESOURCE_BASE_PATH "/web/"

/* Nothing but our own scheme; no script in the page at all (ours is a user script). */
#define CSP "default-src 'none'; style-src " SCHEME ":; img-src " SCHEME ":; " \
            "font-src " SCHEME ":; script-src 'none'; object-src 'none'; frame-src 'none'; " \
            "form-action 'none'; base-uri 'none'"

struct _KfDetailView
{
  AdwBin         parent_instance;

  /* template children */
  GtkSearchBar  *find_bar;
  GtkEntry      *find_entry;
  GtkLabel      *find_count;

  WebKitWebView *web_view;
  KfPageStyle    style;
  char          *citation;
  double         scroll;
  char          *selection_block;   /* the reader's selection inside one block, or NULL */
  guint          selection_start;
  guint          selection_end;
  char          *selection_text;
  char          *node;
  char          *pending;    /* JSON of the page waiting for the shell to load */
  gboolean       shell_ready;
  gboolean       dark;
};

G_DEFINE_FINAL_TYPE (KfDetailView, kf_detail_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_NODE,
  PROP_DARK,
  PROP_HAS_SELECTION,
  N_PROPS
};

enum {
  LINK_ACTIVATED,
  OPEN_URI,
  PAGE_SHOWN,
  FIND_COUNTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const struct {
  const char *path;
  const char *resource;
  const char *content_type;
} scheme_files[] = {
  { "/page.html", "page.html", "text/html" },
  { "/reader.css", "reader.css", "text/css" },
  { "/insight.css", "insight.css", "text/css" },
};

static void
scheme_request_cb (WebKitURISchemeRequest *request,
                   gpointer                user_data)
{
  const char *path = webkit_uri_scheme_request_get_path (request);

  g_debug ("Request for %s (path %s)", webkit_uri_scheme_request_get_uri (request), path);

  for (guint i = 0; i < G_N_ELEMENTS (scheme_files); i++)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(WebKitURISchemeResponse) response = NULL;
      g_autofree char *resource = NULL;
      SoupMessageHeaders *headers;

      if (g_strcmp0 (path, scheme_files[i].path) != 0)
        continue;

      resource = g_strconcat (WEB_RESOURCES, scheme_files[i].resource, NULL);
      bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_assert (bytes != NULL);

      stream = g_memory_input_stream_new_from_bytes (bytes);
      response = webkit_uri_scheme_response_new (stream, g_bytes_get_size (bytes));
      webkit_uri_scheme_response_set_content_type (response, scheme_files[i].content_type);
      /* the headers replace the response's own, so they carry the content type too */
      headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
      soup_message_headers_set_content_type (headers, scheme_files[i].content_type, NULL);
      soup_message_headers_append (headers, "Content-Security-Policy", CSP);
      soup_message_headers_append (headers, "X-Content-Type-Options", "nosniff");
      webkit_uri_scheme_response_set_http_headers (response, headers);
      webkit_uri_scheme_request_finish_with_response (request, response);
      return;
    }

  {
    g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "Not found: %s", path);

    webkit_uri_scheme_request_finish_error (request, error);
  }
}

static WebKitWebContext *
get_web_context (void)
{
  static WebKitWebContext *context;

  if (context == NULL)
    {
      WebKitSecurityManager *security;

      context = webkit_web_context_new ();
      webkit_web_context_set_cache_model (context, WEBKIT_CACHE_MODEL_DOCUMENT_VIEWER);
      webkit_web_context_register_uri_scheme (context, SCHEME, scheme_request_cb, NULL, NULL);
      security = webkit_web_context_get_security_manager (context);
      webkit_security_manager_register_uri_scheme_as_local (security, SCHEME);
      webkit_security_manager_register_uri_scheme_as_secure (security, SCHEME);
    }

  return context;
}

static WebKitNetworkSession *
get_network_session (void)
{
  static WebKitNetworkSession *session;

  if (session == NULL)
    session = webkit_network_session_new_ephemeral ();

  return session;
}

static void
run_script (KfDetailView *self,
            const char   *script,
            gboolean      report_shown);

static void
show_script_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(KfDetailView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JSCValue) value = NULL;
  g_autofree char *node = NULL;

  value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &error);
  if (value == NULL)
    {
      g_warning ("Could not show the page: %s", error->message);
      return;
    }

  node = jsc_value_to_string (value);
  g_signal_emit (self, signals[PAGE_SHOWN], 0, node);
}

static void
script_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JSCValue) value = NULL;

  value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &error);
  if (value == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Page script failed: %s", error->message);
}

static void
run_script (KfDetailView *self,
            const char   *script,
            gboolean      report_shown)
{
  webkit_web_view_evaluate_javascript (self->web_view, script, -1, NULL, SHELL_URI, NULL,
                                       report_shown ? show_script_done_cb : script_done_cb,
                                       report_shown ? g_object_ref (self) : NULL);
}

static void
apply_style (KfDetailView *self)
{
  /* the page's own background, so that there is no white flash in dark or sepia mode */
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *script = NULL;
  gboolean sepia = !self->dark && self->style.sepia;
  GdkRGBA background;

  gdk_rgba_parse (&background, self->dark ? "#1e1e1e" : sepia ? "#f4ecd8" : "#ffffff");
  webkit_web_view_set_background_color (self->web_view, &background);

  if (!self->shell_ready)
    return;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dark");
  json_builder_add_boolean_value (builder, self->dark);
  json_builder_set_member_name (builder, "sepia");
  json_builder_add_boolean_value (builder, sepia);
  json_builder_set_member_name (builder, "highContrast");
  json_builder_add_boolean_value (builder, self->style.high_contrast);
  json_builder_set_member_name (builder, "fontScale");
  json_builder_add_double_value (builder, self->style.font_scale > 0 ? self->style.font_scale : 1.0);
  json_builder_set_member_name (builder, "lineWidth");
  json_builder_add_int_value (builder, self->style.line_width > 0 ? self->style.line_width : 70);
  json_builder_set_member_name (builder, "fontFamily");
  json_builder_add_string_value (builder, self->style.sans ? "sans" : "serif");
  json_builder_set_member_name (builder, "citation");
  json_builder_add_string_value (builder, self->citation ? self->citation : "");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);

  script = g_strdup_printf ("kaifang.setStyle(%s)", json);
  run_script (self, script, FALSE);
}

static void
flush_pending (KfDetailView *self)
{
  g_autofree char *script = NULL;

  if (!self->shell_ready || self->pending == NULL)
    return;

  script = g_strdup_printf ("kaifang.show(%s)", self->pending);
  g_clear_pointer (&self->pending, g_free);
  run_script (self, script, TRUE);
}

static void
load_shell (KfDetailView *self)
{
  self->shell_ready = FALSE;
  webkit_web_view_load_uri (self->web_view, SHELL_URI);
}

static void
script_message_cb (WebKitUserContentManager *manager,
                   JSCValue                 *value,
                   KfDetailView             *self)
{
  g_autofree char *json = jsc_value_to_string (value);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *message;
  const char *type;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;

  message = json_node_get_object (json_parser_get_root (parser));
  type = json_object_get_string_member_with_default (message, "type", "");

  if (g_str_equal (type, "ready"))
    {
      self->shell_ready = TRUE;
      apply_style (self);
      flush_pending (self);
    }
  else if (g_str_equal (type, "selection"))
    {
      JsonObject *sel = json_object_get_member (message, "selection") &&
                        JSON_NODE_HOLDS_OBJECT (json_object_get_member (message, "selection"))
                        ? json_object_get_object_member (message, "selection") : NULL;
      gboolean had = self->selection_block != NULL;

      g_clear_pointer (&self->selection_block, g_free);
      g_clear_pointer (&self->selection_text, g_free);
      if (sel != NULL)
        {
          self->selection_block = g_strdup (json_object_get_string_member_with_default (sel, "block", NULL));
          self->selection_text = g_strdup (json_object_get_string_member_with_default (sel, "text", ""));
          self->selection_start = (guint) json_object_get_int_member_with_default (sel, "start", 0);
          self->selection_end = (guint) json_object_get_int_member_with_default (sel, "end", 0);
          if (self->selection_end <= self->selection_start)
            g_clear_pointer (&self->selection_block, g_free);
        }
      if (had != (self->selection_block != NULL) || self->selection_block != NULL)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_SELECTION]);
    }
  else if (g_str_equal (type, "scroll"))
    {
      self->scroll = json_object_get_double_member_with_default (message, "y", 0);
    }
  else if (g_str_equal (type, "link"))
    {
      const char *target = json_object_get_string_member_with_default (message, "target", NULL);

      if (target != NULL && target[0] != '\0')
        g_signal_emit (self, signals[LINK_ACTIVATED], 0, target);
    }
}

static gboolean
is_web_uri (const char *uri)
{
  g_autofree char *scheme = g_uri_parse_scheme (uri);

  return scheme != NULL &&
         (g_ascii_strcasecmp (scheme, "https") == 0 ||
          g_ascii_strcasecmp (scheme, "http") == 0 ||
          g_ascii_strcasecmp (scheme, "mailto") == 0);
}

static gboolean
decide_policy_cb (WebKitWebView            *web_view,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type,
                  KfDetailView             *self)
{
  WebKitNavigationAction *action;
  WebKitURIRequest *request;
  const char *uri;

  if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
    return FALSE;

  action = webkit_navigation_policy_decision_get_navigation_action (
             WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  request = webkit_navigation_action_get_request (action);
  uri = webkit_uri_request_get_uri (request);

  /* The shell itself, loaded by us. */
  if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION &&
      g_str_has_prefix (uri, SHELL_URI) &&
      webkit_navigation_action_get_navigation_type (action) != WEBKIT_NAVIGATION_TYPE_LINK_CLICKED)
    {
      webkit_policy_decision_use (decision);
      return TRUE;
    }

  /* Anything else never loads here. A link the user clicked opens in the browser. */
  webkit_policy_decision_ignore (decision);
  if (webkit_navigation_action_get_navigation_type (action) == WEBKIT_NAVIGATION_TYPE_LINK_CLICKED &&
      webkit_navigation_action_is_user_gesture (action) &&
      is_web_uri (uri))
    g_signal_emit (self, signals[OPEN_URI], 0, uri);

  return TRUE;
}

static void
web_process_terminated_cb (WebKitWebView                     *web_view,
                           WebKitWebProcessTerminationReason  reason,
                           KfDetailView                      *self)
{
  g_warning ("The web process ended (reason %d); reloading the page", reason);
  load_shell (self);
}

static gboolean
context_menu_cb (WebKitWebView       *web_view,
                 WebKitContextMenu   *menu,
                 WebKitHitTestResult *hit_test_result,
                 KfDetailView        *self)
{
  /* Keep copy and selection; drop navigation (reload, back, open in new window…). */
  GList *items = g_list_copy (webkit_context_menu_get_items (menu));

  for (GList *l = items; l; l = l->next)
    {
      WebKitContextMenuItem *item = l->data;

      switch (webkit_context_menu_item_get_stock_action (item))
        {
        case WEBKIT_CONTEXT_MENU_ACTION_COPY:
        case WEBKIT_CONTEXT_MENU_ACTION_COPY_LINK_TO_CLIPBOARD:
        case WEBKIT_CONTEXT_MENU_ACTION_SELECT_ALL:
          break;
        default:
          webkit_context_menu_remove (menu, item);
          break;
        }
    }
  g_list_free (items);

  return webkit_context_menu_get_n_items (menu) == 0;
}

static GtkWidget *
create_cb (WebKitWebView          *web_view,
           WebKitNavigationAction *action,
           KfDetailView           *self)
{
  /* Never open windows; a link with a target goes through decide-policy instead. */
  return NULL;
}

#define FIND_OPTIONS (WEBKIT_FIND_OPTIONS_CASE_INSENSITIVE | WEBKIT_FIND_OPTIONS_WRAP_AROUND)

static void
counted_matches_cb (WebKitFindController *controller,
                    guint                 count,
                    KfDetailView         *self)
{
  g_autofree char *text = NULL;

  if (count == 0)
    text = g_strdup (_("No matches"));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match", "%u matches", count), count);
  gtk_label_set_text (self->find_count, text);
  g_signal_emit (self, signals[FIND_COUNTED], 0, count);
}

static void
failed_to_find_cb (WebKitFindController *controller,
                   KfDetailView         *self)
{
  gtk_label_set_text (self->find_count, _("No matches"));
  g_signal_emit (self, signals[FIND_COUNTED], 0, 0);
}

static void
find_changed_cb (KfDetailView *self)
{
  WebKitFindController *finder = webkit_web_view_get_find_controller (self->web_view);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->find_entry));

  if (text[0] == '\0')
    {
      webkit_find_controller_search_finish (finder);
      gtk_label_set_text (self->find_count, "");
      return;
    }
  webkit_find_controller_count_matches (finder, text, FIND_OPTIONS, G_MAXUINT);
  webkit_find_controller_search (finder, text, FIND_OPTIONS, G_MAXUINT);
}

static void
find_next_cb (KfDetailView *self)
{
  webkit_find_controller_search_next (webkit_web_view_get_find_controller (self->web_view));
}

static void
find_previous_cb (KfDetailView *self)
{
  webkit_find_controller_search_previous (webkit_web_view_get_find_controller (self->web_view));
}

static void
find_stop_cb (KfDetailView *self)
{
  kf_detail_view_stop_find (self);
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  find_next_cb (KF_DETAIL_VIEW (widget));
}

static void
find_previous_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  find_previous_cb (KF_DETAIL_VIEW (widget));
}

static gboolean
find_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     KfDetailView          *self)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_SHIFT_MASK))
    {
      find_previous_cb (self);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

/* Opens the find bar and focuses it. */
void
kf_detail_view_start_find (KfDetailView *self)
{
  g_return_if_fail (KF_IS_DETAIL_VIEW (self));

  gtk_search_bar_set_search_mode (self->find_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->find_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->find_entry), 0, -1);
  if (gtk_editable_get_text (GTK_EDITABLE (self->find_entry))[0] != '\0')
    find_changed_cb (self);
}

void
kf_detail_view_stop_find (KfDetailView *self)
{
  g_return_if_fail (KF_IS_DETAIL_VIEW (self));

  webkit_find_controller_search_finish (webkit_web_view_get_find_controller (self->web_view));
  gtk_search_bar_set_search_mode (self->find_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->web_view));
}

/* Searches the page for @text, as typing it into the find bar does. */
void
kf_detail_view_find (KfDetailView *self,
                     const char   *text)
{
  g_return_if_fail (KF_IS_DETAIL_VIEW (self));

  gtk_search_bar_set_search_mode (self->find_bar, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->find_entry), text);
  find_changed_cb (self);
}

const char *
kf_detail_view_get_find_status (KfDetailView *self)
{
  g_return_val_if_fail (KF_IS_DETAIL_VIEW (self), NULL);
  return gtk_label_get_text (self->find_count);
}

static void
kf_detail_view_dispose (GObject *object)
{
  KfDetailView *self = (KfDetailView *)object;

  if (self->web_view)
    {
      WebKitUserContentManager *manager = webkit_web_view_get_user_content_manager (self->web_view);

      g_signal_handlers_disconnect_by_data (manager, self);
      g_signal_handlers_disconnect_by_data (self->web_view, self);
      g_signal_handlers_disconnect_by_data (webkit_web_view_get_find_controller (self->web_view), self);
      self->web_view = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), KF_TYPE_DETAIL_VIEW);

  G_OBJECT_CLASS (kf_detail_view_parent_class)->dispose (object);
}

static void
kf_detail_view_finalize (GObject *object)
{
  KfDetailView *self = (KfDetailView *)object;

  g_clear_pointer (&self->node, g_free);
  g_clear_pointer (&self->pending, g_free);
  g_clear_pointer (&self->citation, g_free);
  g_clear_pointer (&self->selection_block, g_free);
  g_clear_pointer (&self->selection_text, g_free);

  G_OBJECT_CLASS (kf_detail_view_parent_class)->finalize (object);
}

static void
kf_detail_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KfDetailView *self = KF_DETAIL_VIEW (object);

  switch (prop_id)
    {
    case PROP_NODE:
      g_value_set_string (value, self->node);
      break;
    case PROP_DARK:
      g_value_set_boolean (value, self->dark);
      break;
    case PROP_HAS_SELECTION:
      g_value_set_boolean (value, self->selection_block != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_detail_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KfDetailView *self = KF_DETAIL_VIEW (object);

  switch (prop_id)
    {
    case PROP_DARK:
      kf_detail_view_set_dark (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_detail_view_class_init (KfDetailViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kf_detail_view_dispose;
  object_class->finalize = kf_detail_view_finalize;
  object_class->get_property = kf_detail_view_get_property;
  object_class->set_property = kf_detail_view_set_property;

  properties[PROP_NODE] =
    g_param_spec_string ("node", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DARK] =
    g_param_spec_boolean ("dark", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_SELECTION] =
    g_param_spec_boolean ("has-selection", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KfDetailView::link-activated:
   * @target: the id after '#'
   *
   * An internal link was followed.
   */
  signals[LINK_ACTIVATED] =
    g_signal_new ("link-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * KfDetailView::open-uri:
   * @uri: an http, https or mailto URI the user clicked
   */
  signals[OPEN_URI] =
    g_signal_new ("open-uri", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * KfDetailView::page-shown:
   * @node: the node id of the page now in the view
   */
  signals[PAGE_SHOWN] =
    g_signal_new ("page-shown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * KfDetailView::find-counted:
   * @count: how many matches of the find bar's text the page has
   */
  signals[FIND_COUNTED] =
    g_signal_new ("find-counted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "kf-detail-view");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/kf-detail-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KfDetailView, find_bar);
  gtk_widget_class_bind_template_child (widget_class, KfDetailView, find_entry);
  gtk_widget_class_bind_template_child (widget_class, KfDetailView, find_count);
  gtk_widget_class_bind_template_callback (widget_class, find_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_next_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_previous_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_stop_cb);
  gtk_widget_class_install_action (widget_class, "view.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "view.find-previous", NULL, find_previous_action);
}

static void
kf_detail_view_init (KfDetailView *self)
{
  g_autoptr(WebKitUserContentManager) manager = webkit_user_content_manager_new ();
  g_autoptr(WebKitUserScript) script = NULL;
  g_autoptr(WebKitSettings) settings = NULL;
  g_autoptr(GBytes) source = NULL;
  static const char * const allow_list[] = { SHELL_URI, NULL };
  WebKitFindController *finder;
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->style.font_scale = 1.0;
  self->style.line_width = 70;

  source = g_resources_lookup_data (WEB_RESOURCES "reader.js", G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert (source != NULL);
  script = webkit_user_script_new ((const char *) g_bytes_get_data (source, NULL),
                                   WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                   WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_END,
                                   allow_list, NULL);
  webkit_user_content_manager_add_script (manager, script);
  webkit_user_content_manager_register_script_message_handler (manager, "kaifang", NULL);
  g_signal_connect_object (manager, "script-message-received::kaifang",
                           G_CALLBACK (script_message_cb), self, 0);

  settings = webkit_settings_new_with_settings (
    "enable-javascript-markup", FALSE,
    "enable-html5-local-storage", FALSE,
    "enable-html5-database", FALSE,
    "enable-developer-extras", FALSE,
    "enable-page-cache", FALSE,
    "enable-back-forward-navigation-gestures", FALSE,
    "enable-webaudio", FALSE,
    "enable-webgl", FALSE,
    "enable-media", FALSE,
    "enable-media-stream", FALSE,
    "enable-encrypted-media", FALSE,
    "enable-fullscreen", FALSE,
    "javascript-can-open-windows-automatically", FALSE,
    "javascript-can-access-clipboard", FALSE,
    "allow-file-access-from-file-urls", FALSE,
    "allow-universal-access-from-file-urls", FALSE,
    "allow-top-navigation-to-data-urls", FALSE,
    "auto-load-images", TRUE,
    "default-charset", "utf-8",
    NULL);

  self->web_view = g_object_new (WEBKIT_TYPE_WEB_VIEW,
                                 "web-context", get_web_context (),
                                 "network-session", get_network_session (),
                                 "user-content-manager", manager,
                                 "settings", settings,
                                 "default-content-security-policy", CSP,
                                 "hexpand", TRUE,
                                 "vexpand", TRUE,
                                 NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->web_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Page"),
                                  -1);

  g_signal_connect_object (self->web_view, "decide-policy",
                           G_CALLBACK (decide_policy_cb), self, 0);
  g_signal_connect_object (self->web_view, "web-process-terminated",
                           G_CALLBACK (web_process_terminated_cb), self, 0);
  g_signal_connect_object (self->web_view, "context-menu",
                           G_CALLBACK (context_menu_cb), self, 0);
  g_signal_connect_object (self->web_view, "create",
                           G_CALLBACK (create_cb), self, 0);

  gtk_box_append (GTK_BOX (adw_bin_get_child (ADW_BIN (self))), GTK_WIDGET (self->web_view));

  finder = webkit_web_view_get_find_controller (self->web_view);
  g_signal_connect_object (finder, "counted-matches", G_CALLBACK (counted_matches_cb), self, 0);
  g_signal_connect_object (finder, "failed-to-find-text", G_CALLBACK (failed_to_find_cb), self, 0);

  keys = gtk_event_controller_key_new ();
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (find_key_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->find_entry), keys);

  apply_style (self);
  load_shell (self);
}

/**
 * kf_detail_view_show_page:
 *
 * Shows @page. If the shell is still loading, the page is shown as soon as it is ready;
 * only the latest request is kept. #KfDetailView::page-shown follows.
 */
void
kf_detail_view_show_page (KfDetailView *self,
                          const KfPage *page)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_if_fail (KF_IS_DETAIL_VIEW (self));
  g_return_if_fail (page != NULL && page->html != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "node");
  json_builder_add_string_value (builder, page->node ? page->node : "");
  json_builder_set_member_name (builder, "html");
  json_builder_add_string_value (builder, page->html);
  json_builder_set_member_name (builder, "lang");
  json_builder_add_string_value (builder, page->lang ? page->lang : "en");
  json_builder_set_member_name (builder, "dir");
  json_builder_add_string_value (builder, page->rtl ? "rtl" : "ltr");
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, page->title ? page->title : "");
  if (page->anchor)
    {
      json_builder_set_member_name (builder, "anchor");
      json_builder_add_string_value (builder, page->anchor);
    }
  json_builder_set_member_name (builder, "bilingual");
  json_builder_add_boolean_value (builder, page->bilingual);
  json_builder_set_member_name (builder, "scroll");
  json_builder_add_double_value (builder, page->scroll);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  g_free (self->pending);
  self->pending = json_generator_to_data (generator, NULL);

  if (g_strcmp0 (self->node, page->node) != 0)
    {
      g_free (self->node);
      self->node = g_strdup (page->node);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NODE]);
    }

  flush_pending (self);
}

const char *
kf_detail_view_get_node (KfDetailView *self)
{
  g_return_val_if_fail (KF_IS_DETAIL_VIEW (self), NULL);
  return self->node;
}

gboolean
kf_detail_view_get_dark (KfDetailView *self)
{
  g_return_val_if_fail (KF_IS_DETAIL_VIEW (self), FALSE);
  return self->dark;
}

void
kf_detail_view_set_dark (KfDetailView *self,
                         gboolean      dark)
{
  g_return_if_fail (KF_IS_DETAIL_VIEW (self));

  dark = !!dark;
  if (self->dark == dark)
    return;

  self->dark = dark;
  apply_style (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DARK]);
}

/**
 * kf_detail_view_highlight:
 * @text: (nullable): text to mark in the page, or NULL to clear the marks
 *
 * Marks every case-insensitive occurrence of @text in the current page and scrolls to the
 * first one. Used by search results.
 */
void
kf_detail_view_highlight (KfDetailView *self,
                          const char   *text)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *literal = NULL;
  g_autofree char *script = NULL;

  g_return_if_fail (KF_IS_DETAIL_VIEW (self));

  json_node_set_string (node, text ? text : "");
  literal = json_to_string (node, FALSE);
  script = g_strdup_printf ("kaifang.highlight(%s)", literal);
  run_script (self, script, FALSE);
}

/* Returns: (transfer none): the web view, for tests and for find/print */
WebKitWebView *
kf_detail_view_get_web_view (KfDetailView *self)
{
  g_return_val_if_fail (KF_IS_DETAIL_VIEW (self), NULL);
  return self->web_view;
}

/* Sets the reading style: sepia, font, size and line width. Dark follows the "dark" property. */
void
kf_detail_view_set_page_style (KfDetailView      *self,
                               const KfPageStyle *style)
{
  g_return_if_fail (KF_IS_DETAIL_VIEW (self));
  g_return_if_fail (style != NULL);

  self->style = *style;
  apply_style (self);
}

/* The citation appended to text copied from the page, or NULL for none. */
void
kf_detail_view_set_citation (KfDetailView *self,
                             const char   *citation)
{
  g_return_if_fail (KF_IS_DETAIL_VIEW (self));

  if (g_strcmp0 (self->citation, citation) == 0)
    return;
  g_free (self->citation);
  self->citation = g_strdup (citation);
  apply_style (self);
}

/* The page's scroll position, as last reported by the page. */
double
kf_detail_view_get_scroll (KfDetailView *self)
{
  g_return_val_if_fail (KF_IS_DETAIL_VIEW (self), 0);
  return self->scroll;
}

/**
 * kf_detail_view_get_selection:
 *
 * The reader's selection in the page, if it lies inside one block of text.
 *
 * Returns: %TRUE if there is one
 */
gboolean
kf_detail_view_get_selection (KfDetailView  *self,
                              const char   **block,
                              guint         *start,
                              guint         *end,
                              const char   **text)
{
  g_return_val_if_fail (KF_IS_DETAIL_VIEW (self), FALSE);

  if (self->selection_block == NULL)
    return FALSE;
  if (block)
    *block = self->selection_block;
  if (start)
    *start = self->selection_start;
  if (end)
    *end = self->selection_end;
  if (text)
    *text = self->selection_text;
  return TRUE;
}

/* @notes_json: a JSON array of {id, block, start, end, color, note, sameLanguage} */
void
kf_detail_view_apply_notes (KfDetailView *self,
                            const char   *notes_json)
{
  g_autofree char *script = NULL;

  g_return_if_fail (KF_IS_DETAIL_VIEW (self));

  script = g_strdup_printf ("kaifang.applyNotes(%s)", notes_json);
  run_script (self, script, FALSE);
}

void
kf_detail_view_scroll_to_block (KfDetailView *self,
                                const char   *block)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *literal = NULL;
  g_autofree char *script = NULL;

  g_return_if_fail (KF_IS_DETAIL_VIEW (self));

  json_node_set_string (node, block);
  literal = json_to_string (node, FALSE);
  script = g_strdup_printf ("kaifang.scrollToBlock(%s)", literal);
  run_script (self, script, FALSE);
}

/**
 * kf_detail_view_dup_style_sheet:
 *
 * Returns: (transfer full): the page's style sheets, for exports that carry them inline
 */
char *
kf_detail_view_dup_style_sheet (void)
{
  g_autoptr(GBytes) reader = g_resources_lookup_data (WEB_RESOURCES "reader.css", 0, NULL);
  g_autoptr(GBytes) insight = g_resources_lookup_data (WEB_RESOURCES "insight.css", 0, NULL);

  return g_strdup_printf ("%.*s\n%.*s",
                          (int) g_bytes_get_size (reader), (const char *) g_bytes_get_data (reader, NULL),
                          (int) g_bytes_get_size (insight), (const char *) g_bytes_get_data (insight, NULL));
}
