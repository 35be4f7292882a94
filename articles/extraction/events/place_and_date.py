"""Where and when an event is: the place and the date in its clause, the event it is held within."""

import re

from articles.extraction.dates import DateMention
from articles.extraction.types import Span
from articles.text import morph

from .complements import _heads
from .morphology import _event_parses, _kind_of
from .records import _Found, _Reading, _Token
from .text import _covered
from .vocabulary import _CLAUSE_BOUNDARIES, _IN, _PLACE_WINDOW, _SUMMIT_KINDS, _WITHIN


def _is_boundary(token: _Token, context) -> bool:
    # "3–4 июня": a dash inside a date does not end a clause.
    return token.text in _CLAUSE_BOUNDARIES and not _covered(
        token, (mention.span for mention in context.dates)
    )


def _clause_start(tokens, index, context) -> int:
    while index > 0 and not _is_boundary(tokens[index - 1], context):
        index -= 1
    return index


def _opens_relative_clause(token: _Token) -> bool:
    # ", который состоится в июне", ", запланированный на июнь": still about the event.
    return any(
        parse.normal_form == "который" or parse.tag.POS == "PRTF"
        for parse in morph.parses(token.text)
    )


def _clause_end(tokens, index, context) -> int:
    while index < len(tokens) and not _is_boundary(tokens[index], context):
        index += 1
    if (
        index + 1 < len(tokens)
        and tokens[index].text == ","
        and _opens_relative_clause(tokens[index + 1])
    ):
        return _clause_end(tokens, index + 1, context)
    return index


def _distance(span_start: int, span_end: int, phrase: Span) -> int:
    return phrase.start - span_end if span_end <= phrase.start else span_start - phrase.end


def _is_locative(span: Span) -> bool:
    # "в Минске" says where something is; "в Москву" where someone goes.
    words = re.findall(r"[^\W\d_]+", span.text)
    return bool(words) and any(
        "loct" in parse.tag or "Fixd" in parse.tag for parse in morph.parses(words[-1])
    )


def _place_nearby(tokens, first: int, last: int, phrase: Span, context, locative=False) -> str:
    start = max(_clause_start(tokens, first, context), first - _PLACE_WINDOW)
    end = _clause_end(tokens, last, context)
    low, high = tokens[start].start, tokens[end - 1].end if end > last else phrase.end
    # After "в"/"во" a place can only be accusative ("в Астану") or locative ("в Астане"),
    # so the preposition alone tells that the place is where the event is.
    after_preposition = {
        tokens[position + 1].start
        for position in range(len(tokens) - 1)
        if tokens[position].text.lower() in _IN
    }
    candidates = [
        (span, entity)
        for span, entity in context.places
        if low <= span.start
        and span.end <= high
        and (span.end <= phrase.start or span.start >= phrase.end)
        and span.start in after_preposition
        and (not locative or _is_locative(span))
    ]
    if not candidates:
        return ""
    _, nearest = min(candidates, key=lambda pair: _distance(pair[0].start, pair[0].end, phrase))
    return nearest.name


def _date_nearby(tokens, first: int, last: int, phrase: Span, context) -> DateMention | None:
    start, end = _clause_start(tokens, first, context), _clause_end(tokens, last, context)
    low, high = tokens[start].start, tokens[end - 1].end if end > last else phrase.end
    candidates = [
        mention
        for mention in context.dates
        if low <= mention.span.start
        and mention.span.end <= high
        and (mention.span.end <= phrase.start or mention.span.start >= phrase.end)
        and not mention.bound
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda m: _distance(m.span.start, m.span.end, phrase))


def _within(tokens, first: int) -> str:
    for position in range(first - 2):
        pair = (tokens[position].text.lower(), tokens[position + 1].text.lower())
        nouns = _event_parses(tokens[position + 2]) if pair in _WITHIN else []
        if nouns:
            return _kind_of(nouns[0])
    return ""


def _located(tokens, reading: _Reading, context) -> _Found:
    start, end = tokens[reading.first].start, tokens[reading.last - 1].end
    phrase = Span(start, end, context.text[start:end])
    place = reading.place or _place_nearby(
        tokens, reading.first, reading.last, phrase, context, reading.locative
    )
    when = _date_nearby(tokens, reading.first, reading.last, phrase, context)
    first, last = reading.span or (reading.first, reading.last)
    span_start, span_end = tokens[first].start, tokens[last - 1].end
    confidence = 0.5 + 0.15 * reading.strong + 0.1 * bool(place) + 0.1 * bool(when)
    name = reading.name or f"{reading.head} {reading.complement}".strip()
    return _Found(
        name=name,
        kind=reading.kind,
        aliases=reading.aliases,
        place=place,
        organization=reading.organization.name if reading.organization else "",
        when=when,
        span=Span(span_start, span_end, context.text[span_start:span_end]),
        summit=reading.summit,
        confidence=confidence,
        head=reading.head,
        complement=reading.complement,
        instance=reading.instance,
        heads=_heads(reading.complement) if reading.kind in _SUMMIT_KINDS else "",
        within=_within(tokens, reading.first),
    )
