"""Search in Russian word forms: matching and ranking in the database, snippets in Python.

A word is found by the forms articles/stemming.py gives it (its Snowball stem,
the word as written, the word without its final vowel), and by nothing else, on
every database: Article.save() and fill_derived_fields() store the forms of the
title, lead and body (and only they do: QuerySet.update() and bulk_update() leave
them as they were). SQLite matches those stored forms by their FTS5 index
(migration 0009) and ranks by the title's and lead's; PostgreSQL matches its
`search_vector` column, built from the very same forms (migration 0008), by its
GIN index, and ranks by the small `title_vector` and `lead_vector` columns
(migrations 0004 and 0008). So the same queries give the same articles in the
same order.

Entity names are not stored with their forms: PostgreSQL computes them
(NameForms, indexed by migration 0005), SQLite asks stemming.py (WordForms).
"""

from contextlib import contextmanager
from functools import lru_cache, reduce
from operator import add, and_, or_

from django.contrib.postgres.search import (
    SearchQueryField,
    SearchVectorField,
)
from django.db import connections, transaction
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    F,
    Func,
    IntegerField,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import stemming

# What a word found in the title and in the lead adds to an article's rank.
RANK_WEIGHTS = {"title": 1.0, "lead": 0.4}
SNIPPET_WORDS = 30
# Words shown before the first match, so that a snippet does not start on it.
SNIPPET_LEAD_IN = 4


def _on_postgresql(queryset):
    return connections[queryset.db].vendor == "postgresql"


def search_articles(queryset, text):
    """Articles having a form of every word of `text`, best first (`search_rank`).

    The rank counts, for each word, 1 if the title has it and 0.4 if the lead
    has it (a match in the body alone ranks 0); equal ranks go newest first.
    """
    terms = stemming.query(text)
    if not terms:
        return queryset.none()
    if _on_postgresql(queryset):
        queryset, has = _match_on_postgresql(queryset, terms)
    else:
        queryset, has = _match_on_sqlite(queryset, terms)

    rank = reduce(
        add,
        (
            Case(When(has(section, term), then=Value(weight)), default=Value(0.0))
            for term in terms
            for section, weight in RANK_WEIGHTS.items()
        ),
    )
    return queryset.annotate(search_rank=rank).order_by("-search_rank", "-published_at", "-pk")


@contextmanager
def matched_by_index(queryset):
    """Run `queryset`, a search_articles() result, by `search_vector`'s GIN index
    within this block.

    PostgreSQL's planner does not count what a sequential scan pays to read each
    article's `search_vector` (about 3 KB, stored out of line). For a word in most
    articles it therefore reads the whole table: at 100,000 articles, the query of
    a page of results for "Казахстан" (65 % of them) took 0.8–1.1 s that way on one
    core, and 137 ms by the index. Words in fewer articles are matched by the index
    anyway.

    The setting is local to a transaction (SET LOCAL, safe behind a pooler in
    transaction mode), and set back at the block's end when the block is part of
    a longer one. SQLite matches by its FTS5 index whatever this says.
    """
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or queryset.query.is_empty():
        yield
        return
    nested = connection.in_atomic_block
    # Nested, a savepoint: an error in the block rolls back to it, and the setting with it.
    with transaction.atomic(using=queryset.db):
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


def _match_on_postgresql(queryset, terms):
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


def _match_on_sqlite(queryset, terms):
    """Matched and ranked by the FTS5 index of the stored forms (migration 0009),
    which knows each form's section: ranking reads none of the matches' forms."""
    queryset = queryset.filter(_indexed(fts_query_text(terms)))

    def has(section, term):
        return _indexed(f"{{{section}_stems}}: {fts_query_text([term])}")

    return queryset, has


def _indexed(fts_query):
    """The articles whose stored forms match `fts_query`, as their FTS5 index finds them."""
    return Q(
        pk__in=RawSQL(
            f"SELECT rowid FROM {FORMS_INDEX} WHERE {FORMS_INDEX} MATCH %s",
            [fts_query],
            output_field=IntegerField(),
        )
    )


def search_entities(queryset, text):
    """Persons, organizations, places or events whose name or an alias has every word."""
    terms = stemming.query(text)
    if not terms:
        return queryset.none()
    model = queryset.model
    postgresql = _on_postgresql(queryset)
    names, name_matches = _name_match(model._default_manager.all(), terms, postgresql)
    alias_model = model.alias_model()
    aliases, alias_matches = _name_match(alias_model.objects.all(), terms, postgresql)
    # Two uncorrelated subqueries, each answered once (on PostgreSQL from the name
    # indexes of migration 0005), rather than a test of every entity's names.
    return queryset.filter(
        Q(pk__in=names.filter(name_matches).values("pk"))
        | Q(pk__in=aliases.filter(alias_matches).values(model._meta.model_name))
    )


def kinds_named(models, text):
    """Those of `models` (Person, Event, …) with a name or an alias having every word
    of `text`, in their order: one query for all of them.

    search_entities() costs more to build than to run, and most queries name one
    kind or none: the search page runs it only for the kinds this finds.
    """
    terms = stemming.query(text)
    if not terms or not models:
        return []
    groups = [(model, model.alias_model()) for model in models]
    connection = connections[models[0]._default_manager.db]
    if connection.vendor == "postgresql":
        found = _kinds_named_on_postgresql(connection, groups, terms)
    else:
        kinds = []
        for position, group in enumerate(groups):
            for model in group:
                queryset, matches = _name_match(model._default_manager.all(), terms, False)
                kinds.append(
                    queryset.filter(matches)
                    .order_by()
                    .annotate(kind=Value(position))
                    .values_list("kind", flat=True)
                )
        found = set(kinds[0].union(*kinds[1:]))
    return [model for position, (model, _) in enumerate(groups) if position in found]


def _kinds_named_on_postgresql(connection, groups, terms):
    # Plain SQL: the ORM took ten times as long to write this query as PostgreSQL
    # takes to answer it from the name indexes (migration 0005), which it uses
    # because NameForms is their very expression.
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


def _name_match(queryset, terms, postgresql):
    """`queryset` with its `name`'s forms as `name_document`, and the Q matching `terms`."""
    if postgresql:
        return queryset.alias(name_document=NameForms("name")), Matches(
            F("name_document"), TsQuery(terms)
        )
    return queryset.alias(name_document=WordForms("name")), reduce(
        and_, (_forms_condition(["name_document"], term) for term in terms)
    )


# PostgreSQL


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
    expression, so the two change together (tests/test_search.py checks that the
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


# SQLite: stored forms, " form form … ", and their FTS5 index

# Migration 0009's INDEX: the article table's stored forms, a form a token.
FORMS_INDEX = "articles_article_fts"


def fts_query_text(terms):
    """`terms` as an FTS5 query: '("form" OR "form") AND ("form")'.

    Each form is a quoted string, which FTS5 reads as text whatever it holds;
    the index's tokenizer makes it one token, as it makes each stored form.
    """
    return " AND ".join(
        f"({' OR '.join(_fts_string(form) for form in sorted(term.forms))})" for term in terms
    )


def _fts_string(form):
    escaped = form.replace('"', '""')
    return f'"{escaped}"'


class WordForms(Func):
    """The forms of a column's words, computed by SQLite calling back into Python."""

    function = "newsroom_word_forms"
    arity = 1
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # Registered on the connection that runs the query, whenever it was opened.
        connection.ensure_connection()
        connection.connection.create_function(
            self.function, 1, _document_or_empty, deterministic=True
        )
        return self.as_sql(compiler, connection, **extra_context)


# Each search on SQLite asks for the forms of every entity's name and other names:
# kept, they cost a quarter (the benchmark's 8,060 names: 15 ms a search, not 56).
@lru_cache(maxsize=50_000)
def _document_or_empty(text):
    return stemming.document(text or "")


def _forms_condition(fields, term):
    """One of `fields` has one of the term's forms."""
    return reduce(
        or_, (Q(**{f"{name}__contains": f" {form} "}) for name in fields for form in term.forms)
    )


# Snippets (the same on every database)


def _marked_words(text, terms):
    """`text`'s words as (start, end, matched) in order."""
    wanted = frozenset().union(*(term.forms for term in terms))
    initials = {form[0] for form in wanted}
    found = []
    for match in stemming.WORD.finditer(text):
        word = stemming.normalize(match.group())
        # A word's stem starts as the word does: most words need no stemming here.
        matched = word[0] in initials and not wanted.isdisjoint(stemming.forms(word))
        found.append((match.start(), match.end(), matched))
    return found


def _html(text, marked, start=0, end=None):
    end = len(text) if end is None else end
    parts = []
    position = start
    for word_start, word_end, matched in marked:
        if not matched or word_start < start or word_end > end:
            continue
        parts += [
            escape(text[position:word_start]),
            "<mark>",
            escape(text[word_start:word_end]),
            "</mark>",
        ]
        position = word_end
    parts.append(escape(text[position:end]))
    return mark_safe("".join(parts))


def highlight(text, text_query):
    """`text`, escaped, with the words that match the query in <mark>."""
    return _html(text, _marked_words(text, stemming.query(text_query)))


def snippet(article, text_query):
    """Some thirty words of the lead and body around the most matches, marked, escaped."""
    text = " ".join([article.lead, *article.paragraphs()])
    marked = _marked_words(text, stemming.query(text_query))
    if not marked:
        return escape(text)
    starts = {max(0, i - SNIPPET_LEAD_IN) for i, (*_, matched) in enumerate(marked) if matched}
    first = max(
        starts or {0},
        key=lambda i: (sum(m for *_, m in marked[i : i + SNIPPET_WORDS]), -i),
    )
    last = min(first + SNIPPET_WORDS, len(marked)) - 1
    # Cut at spaces, keeping the punctuation around the first and last words.
    start, end = marked[first][0], marked[last][1]
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    before = "… " if text[:start].strip() else ""
    after = " …" if text[end:].strip() else ""
    return mark_safe(before + _html(text, marked, start, end) + after)
