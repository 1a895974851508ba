"""The two staff roles, as groups superusers assign in the admin (Pengguna → Grup).

Hand-written data migration. "Can publish" is a permission of its own
(``articles.publish_article``) created here on the Article content type, so no model
Meta change is needed; articles/workflow.py is where it is checked.

Permissions are created with get_or_create because on a fresh database Django's own
``create_permissions`` only runs after all migrations; it then finds these rows and
leaves them as they are.
"""

from django.db import migrations

PUBLISH = ("publish_article", "Dapat menerbitkan, menjadwalkan dan menarik artikel")

# (app, model, actions)
WRITER = [
    ("articles", "article", ["add", "change", "view"]),
    ("articles", "section", ["add", "change", "delete", "view"]),
    ("articles", "tag", ["view"]),
]
EDITOR = [
    ("articles", "article", ["add", "change", "delete", "view"]),
    ("articles", "section", ["add", "change", "delete", "view"]),
    ("articles", "tag", ["add", "change", "delete", "view"]),
    ("articles", "taggedarticle", ["add", "change", "delete", "view"]),
    ("articles", "correction", ["view"]),
    ("articles", "slugredirect", ["view"]),
    ("articles", "tagredirect", ["view"]),
]
ROLES = {"Penulis": (WRITER, []), "Editor": (EDITOR, [PUBLISH])}


def permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    found, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return found


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group_name, (model_actions, extra) in ROLES.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = [
            permission(apps, app_label, model, f"{action}_{model}", f"Can {action} {model}")
            for app_label, model, actions in model_actions
            for action in actions
        ]
        wanted += [permission(apps, "articles", "article", code, name) for code, name in extra]
        group.permissions.add(*wanted)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.filter(name__in=ROLES).delete()
    Permission.objects.filter(content_type__app_label="articles", codename=PUBLISH[0]).delete()


class Migration(migrations.Migration):
    # After the search migration (0002), so the graph has one leaf.
    dependencies = [
        ("articles", "0002_search"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
