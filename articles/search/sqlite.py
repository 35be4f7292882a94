"""Search on SQLite: the FTS5 index of the articles' stored forms, and entity names' forms.

Articles are matched and ranked by the FTS5 index of their stored forms
(migration 0009), which knows each form's section; entity names, which store no
forms, by forms SQLite asks stemming.py for (WordForms).
"""

from functools import lru_cache, reduce
from operator import and_, or_

from django.db.models import (
    Func,
    IntegerField,
    Q,
    TextField,
    Value,
)
from django.db.models.expressions import RawSQL

from articles.text import stemming

# Migration 0009's INDEX: the article table's stored forms, a form a token.
FORMS_INDEX = "articles_article_fts"


def match(queryset, terms):
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


def name_match(queryset, terms):
    """`queryset` with its `name`'s forms as `name_document`, and the Q matching `terms`."""
    return queryset.alias(name_document=WordForms("name")), reduce(
        and_, (_forms_condition(["name_document"], term) for term in terms)
    )


def name_contains(word):
    """The Q for a name with `word` inside it, in any case. SQLite's LIKE folds the case
    of ASCII letters only, so the lower, Capitalised and UPPER forms are tried too
    ("назарб" finds "Назарбаев", "шос" finds "ШОС")."""
    forms = {word, word.lower(), word.capitalize(), word.upper()}
    return reduce(or_, (Q(name__icontains=form) for form in sorted(forms)))


def kinds_named(groups, terms):
    """The positions of those of `groups` (a model and its alias model) with a name
    having every one of `terms`: one query for all of them."""
    kinds = []
    for position, group in enumerate(groups):
        for model in group:
            queryset, matches = name_match(model._default_manager.all(), terms)
            kinds.append(
                queryset.filter(matches)
                .order_by()
                .annotate(kind=Value(position))
                .values_list("kind", flat=True)
            )
    return set(kinds[0].union(*kinds[1:]))


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
# kept, each name is stemmed once rather than at every search.
@lru_cache(maxsize=50_000)
def _document_or_empty(text):
    return stemming.document(text or "")


def _forms_condition(fields, term):
    """One of `fields` has one of the term's forms."""
    return reduce(
        or_, (Q(**{f"{name}__contains": f" {form} "}) for name in fields for form in term.forms)
    )
