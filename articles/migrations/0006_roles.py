"""The newsroom's two roles, as groups: "Редактор" (editor) and "Автор" (author).

An editor edits, publishes and deletes everything and works the review queue.
An author writes drafts: creates articles and edits them while they are drafts,
names persons, organizations, places and events in them (and may add new ones),
but cannot publish, nor change or delete a published article; the admin
enforces that (articles/admin.py) with the `publish_article` permission.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "Редактор"
AUTHOR = "Автор"

ENTITIES = ["person", "organization", "place", "event"]
ALIASES = [f"{entity}alias" for entity in ENTITIES]
LINKS = [f"article{entity}" for entity in ENTITIES]
ALL_MODELS = ["article", *ENTITIES, *ALIASES, *LINKS]

GROUP_PERMISSIONS = {
    EDITOR: [
        "publish_article",
        *(
            f"{action}_{model}"
            for model in ALL_MODELS
            for action in ("add", "change", "delete", "view")
        ),
    ],
    AUTHOR: [
        "add_article",
        "change_article",
        "delete_article",
        "view_article",
        *(f"{action}_{model}" for model in ENTITIES for action in ("add", "view")),
        *(f"{action}_{model}" for model in ALIASES for action in ("add", "view")),
        *(f"{action}_{model}" for model in LINKS for action in ("add", "change", "delete", "view")),
    ],
}


def create_groups(apps, schema_editor):
    alias = schema_editor.connection.alias
    # Permissions are created after all migrations ran; these groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=alias)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.using(alias).get_or_create(name=name)
        permissions = list(
            Permission.objects.using(alias).filter(
                content_type__app_label="articles", codename__in=codenames
            )
        )
        missing = set(codenames) - {p.codename for p in permissions}
        if missing:
            raise RuntimeError(f"Permissions missing for the group {name}: {sorted(missing)}")
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    alias = schema_editor.connection.alias
    apps.get_model("auth", "Group").objects.using(alias).filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_entity_name_indexes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="article",
            options={
                "ordering": ["-published_at", "-pk"],
                "permissions": [("publish_article", "Can publish articles")],
                "verbose_name": "article",
                "verbose_name_plural": "articles",
            },
        ),
        migrations.RunPython(create_groups, remove_groups),
    ]
