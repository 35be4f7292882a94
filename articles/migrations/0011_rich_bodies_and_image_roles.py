"""Existing bodies become the editor's HTML, and the roles get the media library.

Each body written as plain text (paragraphs separated by a blank line) becomes one
<p> a paragraph, its text escaped; its text (body_text) is the paragraphs again,
so search and extraction read what they read before. An imported article that
nobody had edited keeps counting as unedited: its import fingerprint is taken
again over the new text. Editors get every permission on images; authors upload
and view them (as they add and view persons). On SQLite, the full-text index's
triggers are made again (0010 copied the article table).
"""

import importlib

from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles.text import parsing, richtext

EDITOR = "Редактор"
AUTHOR = "Автор"
IMAGE_PERMISSIONS = {
    EDITOR: ["add_image", "change_image", "delete_image", "view_image"],
    AUTHOR: ["add_image", "view_image"],
}
BATCH = 500

# 0010 made SQLite copy the article table, and its full-text index's triggers went
# with the old one (as 0009 warns): they are made again and the index rebuilt.
forms_index = importlib.import_module("articles.migrations.0009_sqlite_forms_index")
RESTORE_FORMS_INDEX = [
    *(
        f"DROP TRIGGER IF EXISTS {forms_index.INDEX}_{name}"
        for name in ("insert", "delete", "update")
    ),
    *(statement for statement in forms_index.CREATE if statement.startswith("CREATE TRIGGER")),
    f"INSERT INTO {forms_index.INDEX}({forms_index.INDEX}) VALUES ('rebuild')",
]


def bodies_to_html(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    manager = Article.objects.using(schema_editor.connection.alias)
    changed = []
    for article in manager.only(
        "pk", "title", "lead", "body", "import_fingerprint"
    ).iterator(chunk_size=BATCH):
        plain = article.body
        body = plain.replace("\r\n", "\n").replace("\r", "\n")
        # As Article.save() stores a body: plain text made paragraphs, then sanitized.
        if not richtext.looks_like_html(body):
            body = richtext.from_plain_text(body)
        article.body = richtext.sanitize(body)
        article.body_text = richtext.to_text(article.body)
        article.search_text = "\n".join(
            (article.title, article.lead, article.body_text)
        ).casefold()
        if article.import_fingerprint == parsing.fingerprint(article.title, article.lead, plain):
            article.import_fingerprint = parsing.fingerprint(
                article.title, article.lead, article.body_text
            )
        changed.append(article)
        if len(changed) == BATCH:
            _write(manager, changed)
            changed = []
    _write(manager, changed)


def _write(manager, articles):
    manager.bulk_update(
        articles, ["body", "body_text", "search_text", "import_fingerprint"], batch_size=BATCH
    )


def bodies_to_text(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    manager = Article.objects.using(schema_editor.connection.alias)
    changed = []
    for article in manager.only("pk", "body_text").iterator(chunk_size=BATCH):
        article.body = article.body_text
        changed.append(article)
    manager.bulk_update(changed, ["body"], batch_size=BATCH)


def grant_images(apps, schema_editor):
    alias = schema_editor.connection.alias
    # Permissions are created after all migrations ran; the groups need these now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=alias)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in IMAGE_PERMISSIONS.items():
        group = Group.objects.using(alias).filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.using(alias).filter(
                content_type__app_label="articles", codename__in=codenames
            )
        )


def revoke_images(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    alias = schema_editor.connection.alias
    images = Permission.objects.using(alias).filter(
        content_type__app_label="articles", codename__endswith="_image"
    )
    for group in Group.objects.using(alias).filter(name__in=IMAGE_PERMISSIONS):
        group.permissions.remove(*images)


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_media_library_rich_body")]

    operations = [
        migrations.RunPython(
            forms_index.run_on_sqlite(RESTORE_FORMS_INDEX),
            forms_index.run_on_sqlite(RESTORE_FORMS_INDEX),
        ),
        migrations.RunPython(bodies_to_html, bodies_to_text, elidable=False),
        migrations.RunPython(grant_images, revoke_images),
    ]
