"""Search in Russian word forms: matching and ranking in the database, snippets in Python.

PostgreSQL matches and ranks with full-text search on the articles' stored
`search_vector` column (migration 0002); SQLite with the stored word forms of
save() (articles/stemming.py). Both find a word by the same forms (its Snowball
stem, the word as written, the word without its final vowel), so the same
queries give the same articles.
"""

from functools import reduce
from operator import add, and_, or_

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connections
from django.db.models import (
    Case,
    Exists,
    Expression,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    TextField,
    Value,
    When,
)
from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import stemming

# ts_rank's default weights of A (title), B (lead) and C (body); SQLite uses the same.
SECTION_WEIGHTS = {"title": 1.0, "lead": 0.4, "body": 0.2}
SNIPPET_WORDS = 30
# Words shown before the first match, so that a snippet does not start on it.
SNIPPET_LEAD_IN = 4


def _on_postgresql(queryset):
    return connections[queryset.db].vendor == "postgresql"


def search_articles(queryset, text):
    """Articles having a form of every word of `text`, best first (`search_rank`)."""
    terms = stemming.query(text)
    if not terms:
        return queryset.none()
    if _on_postgresql(queryset):
        query = _tsquery(terms)
        queryset = (
            queryset.alias(search_document=StoredSearchVector())
            .filter(search_document=query)
            .annotate(search_rank=SearchRank(StoredSearchVector(), query))
        )
    else:
        sections = [f"{section}_stems" for section in SECTION_WEIGHTS]
        queryset = queryset.filter(
            reduce(and_, (_forms_condition(sections, term) for term in terms))
        ).annotate(search_rank=_stored_forms_rank(terms))
    return queryset.order_by("-search_rank", "-published_at", "-pk")


def search_entities(queryset, text):
    """Persons, organizations, places or events whose name or an alias has every word."""
    terms = stemming.query(text)
    if not terms:
        return queryset.none()
    model = queryset.model
    postgresql = _on_postgresql(queryset)
    aliases = model._meta.get_field("aliases").related_model.objects.filter(
        **{model._meta.model_name: OuterRef("pk")}
    )
    aliases, alias_matches = _name_match(aliases, terms, postgresql)
    queryset, name_matches = _name_match(queryset, terms, postgresql)
    return queryset.filter(name_matches | Exists(aliases.filter(alias_matches)))


def _name_match(queryset, terms, postgresql):
    """`queryset` with its `name`'s forms as `name_document`, and the Q matching `terms`."""
    if postgresql:
        return queryset.alias(name_document=entity_document("name")), Q(
            name_document=_tsquery(terms)
        )
    return queryset.alias(name_document=WordForms("name")), reduce(
        and_, (_forms_condition(["name_document"], term) for term in terms)
    )


# PostgreSQL


class StoredSearchVector(Expression):
    """The article table's `search_vector`, a column only PostgreSQL has (migration 0002)."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        # The base table's alias, as relabelled when the query is a subquery.
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.search_vector", []


# Migration 0002's FINAL_VOWEL.
FINAL_VOWEL = r"([а-яА-Я]{4})[аеиоуыэюяАЕИОУЫЭЮЯ](?![[:alnum:]_])"


def entity_document(field):
    """A name's forms (stemming.forms) as migration 0002 indexes an article's sections."""
    written = Func(F(field), Value("ёЁ"), Value("еЕ"), function="translate")
    truncated = Func(
        written, Value(FINAL_VOWEL), Value(r"\1"), Value("g"), function="regexp_replace"
    )
    return (
        SearchVector(field, config="russian")
        + SearchVector(written, config="simple")
        + SearchVector(truncated, config="simple")
    )


def _tsquery(terms):
    # Every word, by PostgreSQL's own stem or by any of stemming.forms.
    return reduce(
        and_,
        (
            reduce(
                or_,
                (
                    SearchQuery(form, config="simple", search_type="plain")
                    for form in sorted(term.forms)
                ),
                SearchQuery(term.word, config="russian", search_type="plain"),
            )
            for term in terms
        ),
    )


# SQLite: stored forms, " form form … "


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


def _document_or_empty(text):
    return stemming.document(text or "")


def _forms_condition(fields, term):
    """One of `fields` has one of the term's forms."""
    return reduce(
        or_, (Q(**{f"{name}__contains": f" {form} "}) for name in fields for form in term.forms)
    )


def _stored_forms_rank(terms):
    return reduce(
        add,
        (
            Case(
                When(_forms_condition([f"{section}_stems"], term), then=Value(weight)),
                default=Value(0.0),
                output_field=FloatField(),
            )
            for term in terms
            for section, weight in SECTION_WEIGHTS.items()
        ),
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
