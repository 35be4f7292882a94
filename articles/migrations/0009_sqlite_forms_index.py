"""SQLite: a full-text (FTS5) index of the stored word forms (SQLite's part only).

SQLite searched `title_stems`, `lead_stems` and `body_stems` (" form form … ",
articles/text/stemming.py) with LIKE " form ", reading every article's forms for
every search. This index holds the same forms: articles/search/sqlite.py asks it which
articles have them and which of those have them in the title or the lead.

- External content: the index reads the forms from the article table and
  stores no copy of them. Triggers keep it in step with every insert, delete and
  change of the forms, whoever makes it (save(), bulk_create(), bulk_update(),
  QuerySet.update(), loaddata, flush); changes of other columns leave it alone.
- The "ascii" tokenizer splits on ASCII characters other than letters and
  digits and takes every other character as part of a word: a stored form is
  made of letters and digits (stemming.WORD), so it is one token, matched by
  itself only, as " form " was. (unicode61 would take the accents off: "café"
  would match "cafe", which neither LIKE nor PostgreSQL does.)
- detail=column: the index tells which articles have a form and in which
  section, which is all search asks (ranking by the title and the lead); it
  keeps no positions (there are no phrase queries) and no sizes (columnsize=0:
  no ranking by BM25).

Django remakes a table on SQLite for most schema changes (a new table, the rows
copied, the old one dropped), and the triggers go with the old table: a later
migration that alters the article table on SQLite must create them again and
rebuild the index (tests/search/test_sqlite.py checks they are there).
"""

from django.db import migrations

TABLE = "articles_article"
INDEX = "articles_article_fts"
COLUMNS = ["title_stems", "lead_stems", "body_stems"]


def _values(row):
    return ", ".join(f"{row}.{column}" for column in COLUMNS)


_columns = ", ".join(COLUMNS)
_add = f"INSERT INTO {INDEX}(rowid, {_columns}) VALUES (new.id, {_values('new')});"
# An external content index is told the values it indexed, to take their forms out.
_remove = (
    f"INSERT INTO {INDEX}({INDEX}, rowid, {_columns}) VALUES ('delete', old.id, {_values('old')});"
)
_changed = " OR ".join(f"old.{column} IS NOT new.{column}" for column in ["id", *COLUMNS])

CREATE = [
    f"CREATE VIRTUAL TABLE {INDEX} USING fts5({_columns}, content='{TABLE}', "
    "content_rowid='id', tokenize='ascii', detail=column, columnsize=0)",
    f"CREATE TRIGGER {INDEX}_insert AFTER INSERT ON {TABLE} BEGIN {_add} END",
    f"CREATE TRIGGER {INDEX}_delete AFTER DELETE ON {TABLE} BEGIN {_remove} END",
    # Article.save() writes every column: the index changes only when the forms do.
    f"CREATE TRIGGER {INDEX}_update AFTER UPDATE OF id, {_columns} ON {TABLE} "
    f"WHEN {_changed} BEGIN {_remove} {_add} END",
    f"INSERT INTO {INDEX}({INDEX}) VALUES ('rebuild')",
    f"INSERT INTO {INDEX}({INDEX}) VALUES ('optimize')",
]

# IF EXISTS: a later migration that copied the table (0010) took them away already.
DROP = [
    f"DROP TRIGGER IF EXISTS {INDEX}_update",
    f"DROP TRIGGER IF EXISTS {INDEX}_delete",
    f"DROP TRIGGER IF EXISTS {INDEX}_insert",
    f"DROP TABLE {INDEX}",
]


def run_on_sqlite(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_search_vectors_from_stems"),
    ]

    operations = [
        migrations.RunPython(run_on_sqlite(CREATE), run_on_sqlite(DROP)),
    ]
