/* kf-outline-item.c — one row of the outline: a node of the document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-outline-item"

#include "config.h"

#include "kf-outline-item.h"

struct _KfOutlineItem
{
  GObject       parent_instance;

  KfDocument   *document;   /* keeps @node alive */
  const KfNode *node;
  char         *title;
  GListStore   *children;
};

G_DEFINE_FINAL_TYPE (KfOutlineItem, kf_outline_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_NUMBER,
  PROP_ICON_NAME,
  PROP_KIND,
  PROP_BADGE_CLASSES,
  PROP_ACCESSIBLE_LABEL,
  PROP_HAS_NUMBER,
  PROP_HAS_ICON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
get_number (KfOutlineItem *self)
{
  const KfTheme *theme;

  if (self->node->kind != KF_NODE_THEME)
    return NULL;
  theme = self->node->data;
  return g_strdup_printf ("%" G_GINT64_FORMAT, theme->number);
}

static const char *
get_icon_name (KfOutlineItem *self)
{
  switch (self->node->kind)
    {
    case KF_NODE_DOCUMENT:
      return "view-list-bullet-symbolic";
    case KF_NODE_THEME:
      return NULL;
    case KF_NODE_SECTION:
      return NULL;
    case KF_NODE_GLOSSARY:
      return "accessories-dictionary-symbolic";
    case KF_NODE_ABOUT:
      return "help-about-symbolic";
    case KF_NODE_FIGURES:
      return "view-grid-symbolic";
    case KF_NODE_TIMELINE:
      return "document-open-recent-symbolic";
    case KF_NODE_MAP:
      return "network-workgroup-symbolic";
    default:
      return NULL;
    }
}

static char **
get_badge_classes (KfOutlineItem *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_add (builder, "kf-badge");
  if (self->node->kind == KF_NODE_THEME)
    {
      const KfNode *root = self->node->parent;

      for (guint i = 0; i < root->n_children; i++)
        if (root->children[i] == self->node)
          {
            g_autofree char *klass = g_strdup_printf ("kf-accent-%u", i);

            g_strv_builder_add (builder, klass);
            break;
          }
    }

  return g_strv_builder_end (builder);
}

static char *
get_accessible_label (KfOutlineItem *self)
{
  g_autofree char *number = get_number (self);

  if (number)
    return g_strdup_printf ("%s. %s", number, self->title);
  return g_strdup (self->title);
}

static void
kf_outline_item_finalize (GObject *object)
{
  KfOutlineItem *self = (KfOutlineItem *)object;

  g_clear_object (&self->children);
  g_clear_object (&self->document);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (kf_outline_item_parent_class)->finalize (object);
}

static void
kf_outline_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KfOutlineItem *self = KF_OUTLINE_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->node->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_NUMBER:
      g_value_take_string (value, get_number (self));
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, get_icon_name (self));
      break;
    case PROP_KIND:
      g_value_set_string (value, kf_node_kind_to_string (self->node->kind));
      break;
    case PROP_BADGE_CLASSES:
      g_value_take_boxed (value, get_badge_classes (self));
      break;
    case PROP_ACCESSIBLE_LABEL:
      g_value_take_string (value, get_accessible_label (self));
      break;
    case PROP_HAS_NUMBER:
      g_value_set_boolean (value, self->node->kind == KF_NODE_THEME);
      break;
    case PROP_HAS_ICON:
      g_value_set_boolean (value, get_icon_name (self) != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_outline_item_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KfOutlineItem *self = KF_OUTLINE_ITEM (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      kf_outline_item_set_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_outline_item_class_init (KfOutlineItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kf_outline_item_finalize;
  object_class->get_property = kf_outline_item_get_property;
  object_class->set_property = kf_outline_item_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NUMBER] =
    g_param_spec_string ("number", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BADGE_CLASSES] =
    g_param_spec_boxed ("badge-classes", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCESSIBLE_LABEL] =
    g_param_spec_string ("accessible-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_HAS_NUMBER] =
    g_param_spec_boolean ("has-number", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_ICON] =
    g_param_spec_boolean ("has-icon", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kf_outline_item_init (KfOutlineItem *self)
{
}

KfOutlineItem *
kf_outline_item_new (KfDocument   *document,
                     const KfNode *node)
{
  KfOutlineItem *self;

  g_return_val_if_fail (KF_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (node != NULL, NULL);

  self = g_object_new (KF_TYPE_OUTLINE_ITEM, NULL);
  self->document = g_object_ref (document);
  self->node = node;
  if (node->n_children > 0)
    self->children = g_list_store_new (KF_TYPE_OUTLINE_ITEM);

  return self;
}

const KfNode *
kf_outline_item_get_node (KfOutlineItem *self)
{
  g_return_val_if_fail (KF_IS_OUTLINE_ITEM (self), NULL);
  return self->node;
}

const char *
kf_outline_item_get_id (KfOutlineItem *self)
{
  g_return_val_if_fail (KF_IS_OUTLINE_ITEM (self), NULL);
  return self->node->id;
}

const char *
kf_outline_item_get_title (KfOutlineItem *self)
{
  g_return_val_if_fail (KF_IS_OUTLINE_ITEM (self), NULL);
  return self->title;
}

void
kf_outline_item_set_title (KfOutlineItem *self,
                           const char    *title)
{
  g_return_if_fail (KF_IS_OUTLINE_ITEM (self));

  if (g_strcmp0 (self->title, title) != 0)
    {
      g_free (self->title);
      self->title = g_strdup (title);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESSIBLE_LABEL]);
    }
}

/* Returns: (transfer none) (nullable): the children, or NULL for a leaf */
GListModel *
kf_outline_item_get_children (KfOutlineItem *self)
{
  g_return_val_if_fail (KF_IS_OUTLINE_ITEM (self), NULL);
  return self->children ? G_LIST_MODEL (self->children) : NULL;
}

void
kf_outline_item_append_child (KfOutlineItem *self,
                              KfOutlineItem *child)
{
  g_return_if_fail (KF_IS_OUTLINE_ITEM (self));
  g_return_if_fail (self->children != NULL);
  g_list_store_append (self->children, child);
}
