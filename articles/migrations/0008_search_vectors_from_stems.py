"""Search vectors made from the stored word forms (PostgreSQL's part only).

Migrations 0002 and 0004 had PostgreSQL compute `search_vector`, `title_vector`
and `lead_vector` from the raw text with its own parser and stemmer, three passes
of to_tsvector() per section on every insert and update, although save() had
already computed the same forms in Python (`title_stems`, `lead_stems`,
`body_stems`, articles/text/stemming.py). The columns are now made from those stored
forms, word for word: the database only splits them and sorts them, and
PostgreSQL and SQLite find a word by the one definition of its forms
(stemming.forms). articles/search/postgresql.py's TsQuery asks for those forms as they are.

Only Article.save() and fill_derived_fields() fill the stored forms: a title,
lead or body changed with QuerySet.update() or bulk_update() is searched by its
old forms until the article is saved.

The vectors hold no positions or weights: search matches with `@@` and ranks
by which small vector matches (migration 0004), never with ts_rank or phrases.
`search_vector` keeps its GIN index; the small ones are never compressed.

stemming.forms() now leaves out words longer than PostgreSQL allows in a
vector (stemming.MAX_WORD_BYTES) instead of PostgreSQL's parser doing so; the
few articles holding such a word get their forms again first, on every database.

Generated columns read the stems columns: a later migration that alters one of
them on PostgreSQL must drop the vectors first and add them again after.
"""

from django.db import migrations
from django.db.models import Q

from articles.text import stemming

STEMS = ["title_stems", "lead_stems", "body_stems"]
# A form longer than stemming.MAX_WORD_BYTES has at least 512 characters (four
# bytes each at most); PostgreSQL's regular expressions repeat up to 255 times.
LONG_FORM = r"[^ ]{128}" * 4


def forms_vector(*columns):
    """The forms stored in `columns` (" form form … ", or ""), as a tsvector."""
    text = " || ".join(columns)
    return f"array_to_tsvector(array_remove(string_to_array({text}, ' '), ''))"


VECTORS = {
    "search_vector": forms_vector(*STEMS),
    "title_vector": forms_vector("title_stems"),
    "lead_vector": forms_vector("lead_stems"),
}

# Read for every match to rank it: stored as they are, PostgreSQL compressed half
# of them (a row over 2 kB has its largest values compressed, then these), and
# ranking 5,000 matches took a quarter longer. Out of line they go only when the
# title or lead itself is long.
RANK_VECTORS = ["title_vector", "lead_vector"]

# Migrations 0002 and 0004, to go back to.
FINAL_VOWEL = r"([а-яА-Я]{4})[аеиоуыэюяАЕИОУЫЭЮЯ](?![[:alnum:]_])"


def raw_text_vector(column):
    text = f"coalesce({column}, '')"
    written = f"translate({text}, 'ёЁ', 'еЕ')"
    return (
        f"to_tsvector('russian', {text}) "
        f"|| to_tsvector('simple', {written}) "
        f"|| to_tsvector('simple', regexp_replace({written}, '{FINAL_VOWEL}', '\\1', 'g'))"
    )


RAW_TEXT_VECTORS = {
    "search_vector": " || ".join(
        f"setweight({raw_text_vector(column)}, '{weight}')"
        for column, weight in [("title", "A"), ("lead", "B"), ("body", "C")]
    ),
    "title_vector": raw_text_vector("title"),
    "lead_vector": raw_text_vector("lead"),
}


def drop_long_forms(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    long_form = Q()
    for column in STEMS:
        long_form |= Q(**{f"{column}__regex": LONG_FORM})
    articles = list(Article.objects.filter(long_form).only("title", "lead", "body"))
    for article in articles:
        article.title_stems = stemming.document(article.title)
        article.lead_stems = stemming.document(article.lead)
        article.body_stems = stemming.document(article.body)
    Article.objects.bulk_update(articles, STEMS, batch_size=100)


def replace_vectors(vectors, uncompressed=()):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = schema_editor.quote_name(apps.get_model("articles", "Article")._meta.db_table)
        # One statement: the table is written again once, not once per column.
        changes = [f"DROP COLUMN {column}" for column in vectors]
        changes += [
            f"ADD COLUMN {column} tsvector GENERATED ALWAYS AS ({vector}) STORED"
            for column, vector in vectors.items()
        ]
        changes += [f"ALTER COLUMN {column} SET STORAGE EXTERNAL" for column in uncompressed]
        schema_editor.execute(f"ALTER TABLE {table} {', '.join(changes)}")
        schema_editor.execute(
            f"CREATE INDEX article_search_vector_idx ON {table} USING gin (search_vector)"
        )

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_person_photo_url_web_only"),
    ]

    operations = [
        migrations.RunPython(drop_long_forms, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(
            replace_vectors(VECTORS, uncompressed=RANK_VECTORS), replace_vectors(RAW_TEXT_VECTORS)
        ),
    ]
