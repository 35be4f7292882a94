import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

# Editors choose the top stories; authors see them.
TOP_STORY_PERMISSIONS = {
    "Редактор": ["add_topstory", "change_topstory", "delete_topstory", "view_topstory"],
    "Автор": ["view_topstory"],
}


def grant(apps, schema_editor):
    add_permissions(apps, schema_editor, TOP_STORY_PERMISSIONS)


def add_permissions(apps, schema_editor, table):
    """Give the groups of `table` (group name: codenames) those permissions, made now."""
    alias = schema_editor.connection.alias
    # Permissions are created after all migrations ran; the groups need these now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=alias)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in table.items():
        group = Group.objects.using(alias).filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.using(alias).filter(
                    content_type__app_label="articles", codename__in=codenames
                )
            )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    alias = schema_editor.connection.alias
    granted = Permission.objects.using(alias).filter(
        content_type__app_label="articles", codename__endswith="_topstory"
    )
    for group in Group.objects.using(alias).filter(name__in=TOP_STORY_PERMISSIONS):
        group.permissions.remove(*granted)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_preview_links"),
    ]

    operations = [
        migrations.CreateModel(
            name="TopStory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        default=0,
                        help_text="The top story is the one with the lowest number.",
                        verbose_name="position",
                    ),
                ),
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="top_story",
                        to="articles.article",
                        verbose_name="article",
                    ),
                ),
            ],
            options={
                "verbose_name": "top story",
                "verbose_name_plural": "top stories",
                "ordering": ["position", "pk"],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
