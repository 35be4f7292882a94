"""Pagination without COUNT(*): keyset pages for lists, short numbered runs for rankings.

Keyset pagination: every page of a long list at the cost of the first.

A page is asked for by the position it starts after (`?after=`) or ends
before (`?before=`), an opaque cursor holding the sort key of that row, not by
a number: no OFFSET scan that grows with the depth and no COUNT(*) of the
whole list. Readers move by "newer" and "older" links, and jump in time with
the date filters.
"""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

AFTER, BEFORE = "after", "before"


@dataclass(frozen=True)
class Key:
    """One column of the sort key, by ORM path ("article__published_at")."""

    path: str
    descending: bool = True

    @property
    def ordering(self):
        return f"-{self.path}" if self.descending else self.path


class Page:
    """What ListView and the templates use of a page: its rows and its neighbours."""

    object_list: list

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_other_pages(self):
        return self.has_next() or self.has_previous()


@dataclass
class KeysetPage(Page):
    object_list: list
    next_cursor: str | None
    previous_cursor: str | None

    def has_next(self):
        return self.next_cursor is not None

    def has_previous(self):
        return self.previous_cursor is not None


def paginate(queryset, keys, *, per_page, after=None, before=None):
    """The page of `queryset`, in the order of `keys` (which must be unique together),
    after or before the row a cursor names, or the first page."""
    if after and before:
        raise Http404(_("Invalid page."))
    cursor = after or before
    forward = not before
    ordered = queryset.order_by(*(key.ordering for key in keys))
    if cursor:
        values = _decode(cursor, queryset.model, keys)
        ordered = ordered.filter(_beyond(keys, values, forward=forward))
    if not forward:
        ordered = ordered.reverse()
    rows = list(ordered[: per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page]
    if not forward:
        rows.reverse()
    # Going forward, there is more before when we came from somewhere, and more after
    # when the extra row turned up; going backward, the other way round.
    more_after, more_before = (more, bool(cursor)) if forward else (True, more)
    return KeysetPage(
        rows,
        next_cursor=cursor_for(rows[-1], keys) if rows and more_after else None,
        previous_cursor=cursor_for(rows[0], keys) if rows and more_before else None,
    )


@dataclass
class NumberedPage(Page):
    """A page of a ranking (search results), by number, up to a last page there may be."""

    object_list: list
    number: int
    more: bool

    def has_next(self):
        return self.more

    def has_previous(self):
        return self.number > 1

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


def paginate_numbered(queryset, *, rows, per_page, number, last):
    """Page `number` (a query-string value) of `queryset`, pages 1 to `last` at most, with
    an OFFSET that stays small and no count.

    Two queries: the page's keys from `queryset`, then their rows from `rows`. Every
    row of a ranking is sorted, and sorting keys alone (with what the order
    computes) costs a search of thousands of matches less than sorting whole
    articles. `rows` is what may be shown (public articles, say), without the
    ranking's filters: the keys need no matching again.
    """
    try:
        number = int(number or 1)
    except ValueError:
        raise Http404(_("Invalid page.")) from None
    if not 1 <= number <= last:
        raise Http404(_("Invalid page."))
    offset = (number - 1) * per_page
    keys = list(queryset.values_list("pk", flat=True)[offset : offset + per_page + 1])
    found = rows.in_bulk(keys)
    # A row gone from `rows` since the keys were read (unpublished, say) is left out.
    shown = [found[key] for key in keys if key in found]
    more = len(shown) > per_page and number < last
    if number > 1 and not shown:
        raise Http404(_("Invalid page."))
    return NumberedPage(shown[:per_page], number, more)


def _beyond(keys, values, *, forward):
    """The rows after (or before) the row with these key `values`, in the keys' order.

    (a, b) after (x, y) in descending order is a < x OR (a = x AND b < y); the
    redundant a <= x lets the database scan its index from x.
    """
    clauses = []
    for index, key in enumerate(keys):
        lookup = "lt" if key.descending == forward else "gt"
        equal = {earlier.path: value for earlier, value in zip(keys[:index], values, strict=False)}
        clauses.append(Q(**equal, **{f"{key.path}__{lookup}": values[index]}))
    first = keys[0]
    bound = "lte" if first.descending == forward else "gte"
    return Q(**{f"{first.path}__{bound}": values[0]}) & reduce(or_, clauses)


def _value(row, path):
    for name in path.split("__"):
        row = getattr(row, name)
    return row


def cursor_for(row, keys):
    """The cursor of `row`: the page after it starts with the row after it."""
    values = [_value(row, key.path) for key in keys]
    payload = json.dumps([v.isoformat() if hasattr(v, "isoformat") else v for v in values])
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def _field(model, path):
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.pk if name == "pk" else model._meta.get_field(name)


def _decode(cursor, model, keys):
    """The key values a cursor holds; 404 for anything that is not a cursor of these keys."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != len(keys):
            raise ValueError(cursor)
        parsed = [
            _in_utc(_field(model, key.path).to_python(value))
            for key, value in zip(keys, values, strict=True)
        ]
    except (
        ValueError,
        TypeError,
        OverflowError,
        binascii.Error,
        ValidationError,
        UnicodeDecodeError,
    ):
        raise Http404(_("Invalid page.")) from None
    if any(value is None for value in parsed):
        raise Http404(_("Invalid page."))
    return parsed


def _in_utc(value):
    """A cursor's time in UTC, as the database compares it.

    cursor_for() writes aware times only; a naive one, or one that has no UTC
    equivalent (year 1 at +14:00, year 9999 at -14:00), is no cursor of ours, and
    would overflow in the database adapter.
    """
    if not isinstance(value, datetime.datetime):
        return value
    if value.utcoffset() is None:
        raise ValueError(value)
    return value.astimezone(datetime.UTC)
