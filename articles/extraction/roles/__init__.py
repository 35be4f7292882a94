"""The position an article gives a person: "Президент Казахстана Нурсултан Назарбаев".

A role is read from the words right before a name (or, failing that, an apposition in
commas right after it) as a chain of segments joined by dashes:

    segment = adjective* POSITION dependent*

where POSITION is a noun from the lexicon in vocabulary.py and the dependents are what
Russian puts after a title: genitive nouns and adjectives, organizations and places,
abbreviations and a few prepositional phrases ("по делам", "при президенте", "в России").
The chain never crosses punctuation other than a dash, a sentence end or another person.

Enumerations share one plural head: "секретари советов безопасности Казахстана А. Б.,
Кыргызстана В. Г." gives each person "секретарь Совета безопасности <own country>".
"""

from articles.extraction.ner import Tagged, Token

from .index import _Index
from .rendering import _role
from .units import (
    COMMA,
    DASH,
    ENTITY,
    WORD,
    Role,
    Unit,
    _is_adjective,
    _is_dependent,
    _is_noun,
    _is_position,
    _Segment,
    _starts_segment,
    _with_text,
    _written,
)
from .vocabulary import (
    _CLOSING,
    _MAX_UNITS,
    _ROLE_PREPOSITIONS,
    ORGANIZATION_NOUNS,
    POSITIONS,
    is_adjective_word,
    is_position_word,
    title_length,
)

__all__ = [
    "COMMA",
    "DASH",
    "ENTITY",
    "ORGANIZATION_NOUNS",
    "POSITIONS",
    "WORD",
    "Role",
    "Unit",
    "find_roles",
    "is_adjective_word",
    "is_position_word",
    "title_length",
]


def find_roles(
    text: str,
    tokens: tuple[Token, ...],
    entities: list[Tagged],
    persons: list[tuple[int, int]],
) -> dict[tuple[int, int], Role]:
    index = _Index(tokens, entities, persons)
    roles: dict[tuple[int, int], Role] = {}
    for start, end in sorted(persons):
        first, last = index.token_range(start, end)
        if first is None:
            continue
        role = (
            _role_before(text, index, first)
            or _enumerated(text, index, first, roles, persons)
            or _role_after(text, index, last)
        )
        if role:
            roles[start, end] = role
    return roles


def _window_before(text, index, first):
    lo = first
    while (
        lo - 1 >= 0
        and first - lo < _MAX_UNITS
        and index.same_sentence(first, lo - 1)
        and index.in_chain(lo - 1)
    ):
        lo -= 1
    return lo, _with_text(text, index.units(lo, first))


def _role_before(text, index, first) -> Role | None:
    _, units = _window_before(text, index, first)
    for start in range(len(units)):
        if _starts_segment(units[start]):
            segments = _parse(units[start:])
            if segments:
                return _role(segments)
    return None


def _role_after(text, index, last) -> Role | None:
    # "Иван Петров, министр финансов, заявил": only a complete apposition closed by
    # punctuation; one that runs into the next name belongs to that name.
    comma = last + 1
    if not index.same_sentence(last, comma) or index.tokens[comma].text != ",":
        return None
    hi = comma + 1
    while hi < len(index.tokens) and index.same_sentence(comma, hi) and index.in_chain(hi):
        hi += 1
    closed = not index.same_sentence(comma, hi) or (
        index.person[hi] is None and index.tokens[hi].text in _CLOSING
    )
    if hi == comma + 1 or not closed:
        return None
    segments = _parse(_with_text(text, index.units(comma + 1, hi)))
    return _role(segments) if segments else None


def _enumerated(text, index, first, roles, persons) -> Role | None:
    # "секретари ... Казахстана А. Б., Кыргызстана В. Г.": an item with no position of
    # its own, right after a person whose role it shares.
    lo, units = _window_before(text, index, first)
    if units and units[0].kind == WORD and units[0].text.lower() == "и":
        units = units[1:]
        before = lo - 1
    elif lo - 1 >= 0 and index.same_sentence(first, lo - 1) and index.tokens[lo - 1].text == ",":
        before = lo - 2
    else:
        return None
    if not index.same_sentence(first, before) or index.person[before] is None:
        return None
    previous = roles.get(persons[index.person[before]])
    if previous is None or not previous.shared or not all(_is_dependent(u) for u in units):
        return None
    if not units:
        if not previous.plural:
            return None
        own = previous.text
    else:
        own = f"{previous.shared} {_written(units)}"
    return Role(
        own,
        previous.start,
        units[-1].end if units else previous.end,
        previous.head_cases,
        previous.shared,
        previous.plural,
    )


def _parse(units: list[Unit]) -> list[_Segment] | None:
    segments = []
    i, n = 0, len(units)
    while True:
        adjectives_start = i
        while i < n and _is_adjective(units[i]) and not _is_position(units[i]):
            i += 1
        if i >= n or not _is_position(units[i]):
            return None
        head = i
        i += 1
        dependents_start = i
        after_preposition = False
        while i < n and units[i].kind != DASH:
            unit = units[i]
            linker = unit.text.lower() if unit.kind in (WORD, COMMA) else ""
            if linker in _ROLE_PREPOSITIONS or linker in ("и", ","):
                if i + 1 >= n or units[i + 1].kind == DASH:
                    return None
                after_preposition = after_preposition or linker in _ROLE_PREPOSITIONS
            elif not (_is_dependent(unit) or (after_preposition and _is_noun(unit))):
                return None
            i += 1
        segments.append(
            _Segment(
                tuple(units[adjectives_start:head]),
                units[head],
                tuple(units[dependents_start:i]),
            )
        )
        if i == n:
            return segments
        i += 1
        if i == n:
            return None
