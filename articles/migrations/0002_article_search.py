"""Search in Russian word forms.

Every database: the stemmed title, lead and body that SQLite searches (filled in
here for existing articles, by save() from then on).

PostgreSQL only: a stored, generated `search_vector` column with a GIN index,
which the database itself keeps current on every insert and update, bulk ones
included. The model does not declare it (SQLite could not have it);
articles/search/postgresql.py reads it. Its definition must agree with
that module's `NameForms` and articles/text/stemming.py: for each of title (weight A),
lead (B) and body (C), the Russian stems, the words as written and the words
without a final vowel, so that "Назарбаева" meets "Назарбаев" and "Астане"
meets "Астана" (see stemming.forms).

A column that a generated column reads cannot change its type: a later
migration that alters title, lead or body on PostgreSQL must drop
`search_vector` first and add it again after.
"""

from django.db import migrations, models

from articles.text import stemming

BATCH = 500
SECTIONS = [("title", "A"), ("lead", "B"), ("body", "C")]


# stemming.FINAL_VOWEL, on text not yet lower-cased.
FINAL_VOWEL = r"([а-яА-Я]{4})[аеиоуыэюяАЕИОУЫЭЮЯ](?![[:alnum:]_])"


def section_vector(column, weight):
    text = f"coalesce({column}, '')"
    written = f"translate({text}, 'ёЁ', 'еЕ')"
    return (
        f"setweight(to_tsvector('russian', {text}) "
        f"|| to_tsvector('simple', {written}) "
        f"|| to_tsvector('simple', regexp_replace({written}, '{FINAL_VOWEL}', '\\1', 'g')), "
        f"'{weight}')"
    )


def fill_stems(apps, schema_editor):
    # The stemmer is pure Python with no models: safe to use from a migration.
    Article = apps.get_model("articles", "Article")
    articles = Article.objects.only("title", "lead", "body").order_by("pk")
    batch = []
    for article in articles.iterator(chunk_size=BATCH):
        article.title_stems = stemming.document(article.title)
        article.lead_stems = stemming.document(article.lead)
        article.body_stems = stemming.document(article.body)
        batch.append(article)
        if len(batch) == BATCH:
            Article.objects.bulk_update(batch, ["title_stems", "lead_stems", "body_stems"])
            batch = []
    Article.objects.bulk_update(batch, ["title_stems", "lead_stems", "body_stems"])


def add_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("articles", "Article")._meta.db_table)
    vector = " || ".join(section_vector(column, weight) for column, weight in SECTIONS)
    schema_editor.execute(
        f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({vector}) STORED"
    )
    schema_editor.execute(
        f"CREATE INDEX article_search_vector_idx ON {table} USING gin (search_vector)"
    )


def remove_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("articles", "Article")._meta.db_table)
    schema_editor.execute("DROP INDEX IF EXISTS article_search_vector_idx")
    schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="title_stems",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="article",
            name="lead_stems",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="article",
            name="body_stems",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_stems, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(add_search_vector, remove_search_vector),
    ]
