"""Indexes of the word forms of entity names and their aliases (PostgreSQL only).

search_entities() (articles/search/) matches `NameForms("name")`, the forms
of a name as migration 0002 makes them for articles; without an index,
PostgreSQL computes them for every name on every search. An expression index
is used only for the very same expression, so NAME_DOCUMENT is NameForms'
SQL (articles/search/postgresql.py): change both together.
"""

from django.db import migrations

FINAL_VOWEL = r"([а-яА-Я]{4})[аеиоуыэюяАЕИОУЫЭЮЯ](?![[:alnum:]_])"
WRITTEN = "translate(name, 'ёЁ', 'еЕ')"
NAME_DOCUMENT = (
    "((to_tsvector('russian'::regconfig, COALESCE(name, '')) "
    f"|| to_tsvector('simple'::regconfig, COALESCE({WRITTEN}, ''))) "
    "|| to_tsvector('simple'::regconfig, "
    f"COALESCE(regexp_replace({WRITTEN}, '{FINAL_VOWEL}', '\\1', 'g'), '')))"
)
MODELS = [
    "Person",
    "Organization",
    "Place",
    "Event",
    "PersonAlias",
    "OrganizationAlias",
    "PlaceAlias",
    "EventAlias",
]


def index_name(model):
    return f"{model.lower()}_name_forms_idx"


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model in MODELS:
        table = schema_editor.quote_name(apps.get_model("articles", model)._meta.db_table)
        schema_editor.execute(
            f"CREATE INDEX {index_name(model)} ON {table} USING gin ({NAME_DOCUMENT})"
        )


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model in MODELS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(model)}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_article_rank_vectors"),
    ]

    operations = [
        migrations.RunPython(add_indexes, remove_indexes),
    ]
