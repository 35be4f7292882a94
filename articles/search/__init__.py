"""Search in Russian word forms: matching and ranking in the database, snippets in Python.

A word is found by the forms articles/text/stemming.py gives it (its Snowball stem,
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

This module holds the entry points callers use on every database; postgresql.py
and sqlite.py the SQL of each, snippets.py the marked titles and snippets.
"""

from contextlib import contextmanager
from functools import reduce
from operator import add, and_

from django.db import connections
from django.db.models import Case, Q, Value, When

from articles.text import stemming

from . import postgresql, sqlite
from .snippets import highlight, snippet

__all__ = [
    "highlight",
    "kinds_named",
    "matched_by_index",
    "name_condition",
    "name_fragments_condition",
    "search_articles",
    "search_entities",
    "snippet",
]

# What a word found in the title and in the lead adds to an article's rank.
RANK_WEIGHTS = {"title": 1.0, "lead": 0.4}


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
    backend = postgresql if _on_postgresql(queryset) else sqlite
    queryset, has = backend.match(queryset, terms)

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
    within this block (postgresql.sequential_scans_off says why).

    SQLite matches by its FTS5 index whatever this says.
    """
    if not _on_postgresql(queryset) or queryset.query.is_empty():
        yield
        return
    with postgresql.sequential_scans_off(queryset.db):
        yield


def search_entities(queryset, text):
    """Persons, organizations, places or events whose name or an alias has every word."""
    condition = name_condition(queryset, text)
    return queryset.none() if condition is None else queryset.filter(condition)


def name_fragments_condition(queryset, text):
    """The Q for those of `queryset`'s entities whose name, as written, has every word of
    `text` inside it, in any case ("назарб", "НУРСУЛТАН"); None when `text` has no word."""
    contains = (postgresql if _on_postgresql(queryset) else sqlite).name_contains
    words = text.split()
    return reduce(and_, (contains(word) for word in words)) if words else None


def name_condition(queryset, text):
    """The Q for those of `queryset`'s entities whose name or an alias has every word of
    `text`, or None when `text` has no word to look for (only stop words, or none)."""
    terms = stemming.query(text)
    if not terms:
        return None
    model = queryset.model
    name_match = (postgresql if _on_postgresql(queryset) else sqlite).name_match
    names, name_matches = name_match(model._default_manager.all(), terms)
    alias_model = model.alias_model()
    aliases, alias_matches = name_match(alias_model.objects.all(), terms)
    # Two uncorrelated subqueries, each answered once (on PostgreSQL from the name
    # indexes of migration 0005), rather than a test of every entity's names.
    return Q(pk__in=names.filter(name_matches).values("pk")) | Q(
        pk__in=aliases.filter(alias_matches).values(alias_model.entity_field)
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
        found = postgresql.kinds_named(connection, groups, terms)
    else:
        found = sqlite.kinds_named(groups, terms)
    return [model for position, (model, _) in enumerate(groups) if position in found]
