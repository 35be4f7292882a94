"""Ranking search results without reading their whole word lists (PostgreSQL only).

Two more stored, generated columns: the word forms of the title
(`title_vector`) and of the lead (`lead_vector`), made as migration 0002 makes
`search_vector`. They are small enough to stay in the table row, so ranking
thousands of matches reads no out-of-line data: articles/search/postgresql.py matches
with `search_vector`'s GIN index and ranks by these.

Like `search_vector`, they read title and lead: a later migration that alters
either on PostgreSQL must drop them first and add them again after.
"""

from django.db import migrations

# Migration 0002's FINAL_VOWEL and section_vector(), without the weight (a
# migration keeps its own copy: it must not change when the code does).
FINAL_VOWEL = r"([а-яА-Я]{4})[аеиоуыэюяАЕИОУЫЭЮЯ](?![[:alnum:]_])"
COLUMNS = [("title", "title_vector"), ("lead", "lead_vector")]


def forms_vector(column):
    text = f"coalesce({column}, '')"
    written = f"translate({text}, 'ёЁ', 'еЕ')"
    return (
        f"to_tsvector('russian', {text}) "
        f"|| to_tsvector('simple', {written}) "
        f"|| to_tsvector('simple', regexp_replace({written}, '{FINAL_VOWEL}', '\\1', 'g'))"
    )


def add_rank_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("articles", "Article")._meta.db_table)
    for column, vector in COLUMNS:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {vector} tsvector "
            f"GENERATED ALWAYS AS ({forms_vector(column)}) STORED"
        )


def remove_rank_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("articles", "Article")._meta.db_table)
    for _, vector in COLUMNS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {vector}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_content_state"),
    ]

    operations = [
        migrations.RunPython(add_rank_vectors, remove_rank_vectors),
    ]
