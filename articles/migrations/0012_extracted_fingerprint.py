import importlib

from django.db import migrations, models

from articles.text import parsing

# Adding the column makes SQLite copy the article table, which loses the triggers
# of its full-text index (as 0009 warns): they are made again, as 0011 does.
forms_index = importlib.import_module("articles.migrations.0009_sqlite_forms_index")
restore = importlib.import_module("articles.migrations.0011_rich_bodies_and_image_roles")


def mark_extracted(apps, schema_editor):
    """An imported article still as its file gave it was extracted from that content;
    any other (written or edited by hand) is left due: `extract_entities --due`."""
    Article = apps.get_model("articles", "Article")
    rows = (
        Article.objects.exclude(extracted_at=None)
        .exclude(import_fingerprint="")
        .values_list("pk", "title", "lead", "body_text", "import_fingerprint")
    )
    for pk, title, lead, body_text, imported in rows.iterator():
        if parsing.fingerprint(title, lead, body_text) == imported:
            Article.objects.filter(pk=pk).update(extracted_fingerprint=imported)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_rich_bodies_and_image_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="extracted_fingerprint",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.RunPython(
            forms_index.run_on_sqlite(restore.RESTORE_FORMS_INDEX),
            forms_index.run_on_sqlite(restore.RESTORE_FORMS_INDEX),
        ),
        migrations.RunPython(mark_extracted, migrations.RunPython.noop, elidable=True),
    ]
