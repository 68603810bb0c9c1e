/* kf-preferences-window.c — reading style, font, size, line width, citations
 *
 * Every row is bound to GSettings; the window and the page follow the settings live.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-preferences-window"

#include "config.h"

#include "kf-preferences-window.h"

struct _KfPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwComboRow          *style_row;
  AdwComboRow          *font_row;
  GtkAdjustment        *font_scale_adjustment;
  GtkAdjustment        *line_width_adjustment;
  GtkSwitch            *citation_switch;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (KfPreferencesWindow, kf_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const style_values[] = { "follow", "light", "dark", "sepia", NULL };
static const char * const font_values[] = { "serif", "sans", NULL };

/* a choice setting (string) ↔ a combo row's "selected" (uint); user_data: the values */
static gboolean
choice_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char * const *values = user_data;
  const char *choice = g_variant_get_string (variant, NULL);

  for (guint i = 0; values[i]; i++)
    if (g_str_equal (values[i], choice))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
choice_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  const char * const *values = user_data;
  guint selected = g_value_get_uint (value);

  if (selected >= g_strv_length ((char **) values))
    return NULL;
  return g_variant_new_string (values[selected]);
}

static void
kf_preferences_window_constructed (GObject *object)
{
  KfPreferencesWindow *self = KF_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (kf_preferences_window_parent_class)->constructed (object);

  g_return_if_fail (G_IS_SETTINGS (self->settings));

  g_settings_bind_with_mapping (self->settings, "style-variant", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, choice_get_mapping, choice_set_mapping,
                                (gpointer) style_values, NULL);
  g_settings_bind_with_mapping (self->settings, "font-family", self->font_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, choice_get_mapping, choice_set_mapping,
                                (gpointer) font_values, NULL);
  g_settings_bind (self->settings, "font-scale", self->font_scale_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "line-width", self->line_width_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "copy-citation", self->citation_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
kf_preferences_window_dispose (GObject *object)
{
  KfPreferencesWindow *self = KF_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KF_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kf_preferences_window_parent_class)->dispose (object);
}

static void
kf_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  KfPreferencesWindow *self = KF_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  KfPreferencesWindow *self = KF_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_preferences_window_class_init (KfPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kf_preferences_window_constructed;
  object_class->dispose = kf_preferences_window_dispose;
  object_class->get_property = kf_preferences_window_get_property;
  object_class->set_property = kf_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/kf-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KfPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, KfPreferencesWindow, font_row);
  gtk_widget_class_bind_template_child (widget_class, KfPreferencesWindow, font_scale_adjustment);
  gtk_widget_class_bind_template_child (widget_class, KfPreferencesWindow, line_width_adjustment);
  gtk_widget_class_bind_template_child (widget_class, KfPreferencesWindow, citation_switch);
}

static void
kf_preferences_window_init (KfPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kf_preferences_window_new (GtkWindow *parent,
                           GSettings *settings)
{
  return g_object_new (KF_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       "settings", settings,
                       NULL);
}
