"""Search on PostgreSQL: tsvector columns, tsquery of the stored forms, GIN and name indexes.

Articles are matched by their `search_vector` column (migration 0008) and ranked
by the small `title_vector` and `lead_vector` (migrations 0004 and 0008); entity
names by NameForms, the expression migration 0005 indexes.
"""

from contextlib import contextmanager

from django.contrib.postgres.search import (
    SearchQueryField,
    SearchVectorField,
)
from django.db import connections, transaction
from django.db.models import (
    BooleanField,
    Expression,
    F,
    Func,
    Q,
)


def match(queryset, terms):
    """Matched by `search_vector`'s GIN index, ranked by the small title and lead
    vectors (migrations 0004 and 0008): no match's whole word list is read."""
    queryset = queryset.alias(
        search_document=StoredVector("search_vector"),
        title_document=StoredVector("title_vector"),
        lead_document=StoredVector("lead_vector"),
    ).filter(Matches(F("search_document"), TsQuery(terms)))

    def has(section, term):
        return Matches(F(f"{section}_document"), TsQuery([term]))

    return queryset, has


@contextmanager
def sequential_scans_off(using):
    """Within this block, no sequential scans on the database `using`.

    The planner does not count what a sequential scan pays to read each article's
    `search_vector` (stored out of line), so for a word in most articles it would
    read the whole table rather than use the GIN index.

    The setting is local to a transaction (SET LOCAL, safe behind a pooler in
    transaction mode), and set back at the block's end when the block is part of
    a longer one.
    """
    connection = connections[using]
    nested = connection.in_atomic_block
    # Nested, a savepoint: an error in the block rolls back to it, and the setting with it.
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), "
                "set_config('enable_seqscan', 'off', true)"
            )
            [(before, _)] = cursor.fetchall()
        yield
        if nested:  # otherwise the transaction ends here, and the setting with it
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [before])


def name_contains(word):
    """The Q for a name with `word` inside it, in any case (ILIKE folds Cyrillic too)."""
    return Q(name__icontains=word)


def name_match(queryset, terms):
    """`queryset` with its `name`'s forms as `name_document`, and the Q matching `terms`."""
    return queryset.alias(name_document=NameForms("name")), Matches(
        F("name_document"), TsQuery(terms)
    )


def kinds_named(connection, groups, terms):
    """The positions of those of `groups` (a model and its alias model) with a name
    having every one of `terms`."""
    # Plain SQL: the ORM took longer to write this query than PostgreSQL takes to
    # answer it from the name indexes (migration 0005), which it uses because
    # NameForms is their very expression.
    forms = NameForms.template % {"expressions": connection.ops.quote_name("name")}
    parts, params = [], []
    for position, group in enumerate(groups):
        found = " OR ".join(
            f"EXISTS (SELECT 1 FROM {connection.ops.quote_name(model._meta.db_table)} WHERE "
            + forms
            + " @@ %s::tsquery)"
            for model in group
        )
        parts.append(f"SELECT {position} WHERE {found}")
        params += [tsquery_text(terms)] * len(group)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return {position for (position,) in cursor.fetchall()}


class StoredVector(Expression):
    """A tsvector column of the article table that only PostgreSQL has (migration
    0008): `search_vector`, `title_vector` or `lead_vector`."""

    output_field = SearchVectorField()

    def __init__(self, column):
        super().__init__()
        self.column = column

    def as_sql(self, compiler, connection):
        # The base table's alias, as relabelled when the query is a subquery.
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.{self.column}", []


# Migration 0005's FINAL_VOWEL.
FINAL_VOWEL = r"([а-яА-Я]{4})[аеиоуыэюяАЕИОУЫЭЮЯ](?![[:alnum:]_])"


class NameForms(Func):
    """A name's forms, computed by PostgreSQL for the names of entities and aliases.

    Entities store no forms of their names (Article does), so PostgreSQL makes them
    itself: its own Snowball stems, the words as written and without a final
    vowel. Queries still ask for stemming.forms only (TsQuery), and every form
    stemming.py gives a name's words is among these (checked on the benchmark's
    8,060 names); the lexemes only PostgreSQL makes (stop words, hyphenated
    compounds such as "нур-султан") are never a query's forms, so a name is found
    by the same queries as on SQLite.

    Migration 0005 indexes this very expression on every entity and alias table
    (its NAME_DOCUMENT): PostgreSQL uses an expression index only for the same
    expression, so the two change together (tests/search/test_search.py checks that the
    index is used). One template rather than a tree of SearchVector objects, which
    Django would copy with every clone of the query.
    """

    written = "translate(%(expressions)s, 'ёЁ', 'еЕ')"
    template = (
        "((to_tsvector('russian'::regconfig, COALESCE(%(expressions)s, '')) "
        f"|| to_tsvector('simple'::regconfig, COALESCE({written}, ''))) "
        "|| to_tsvector('simple'::regconfig, "
        f"COALESCE(regexp_replace({written}, '{FINAL_VOWEL}', '\\1', 'g'), '')))"
    )
    output_field = SearchVectorField()


class TsQuery(Expression):
    """Every word by any of its forms (stemming.forms), as one tsquery of those very forms.

    The forms go in as lexemes, with no parsing or stemming by PostgreSQL, as
    migration 0008 stores the articles' forms. One parameter rather than a tree of
    SearchQuery objects: Django copies an expression tree each time a query is
    cloned, which cost more than the search.
    """

    output_field = SearchQueryField()

    def __init__(self, terms):
        super().__init__()
        self.terms = terms

    def as_sql(self, compiler, connection):
        return "%s::tsquery", [tsquery_text(self.terms)]


def tsquery_text(terms):
    """`terms` in tsquery's input syntax: "('form' | 'form') & ('form')"."""
    return " & ".join(
        f"({' | '.join(_lexeme(form) for form in sorted(term.forms))})" for term in terms
    )


def _lexeme(form):
    escaped = form.replace("\\", "\\\\").replace("'", "\\'")
    return f"'{escaped}'"


class Matches(Func):
    """`vector @@ query`."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()
