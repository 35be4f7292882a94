"""A parsed role written out: the head in the nominative singular, agreeing adjectives."""

from articles.extraction.ner import LOC, ORG
from articles.text import morph

from .units import ENTITY, WORD, Role, _is_adjective, _joined, _Segment, _written
from .vocabulary import _COUNTED_NOUNS, ORGANIZATION_NOUNS, _is_position_lemma


def _role(segments: list[_Segment]) -> Role:
    head = segments[0].head
    plural = "plur" in morph.grammemes(_head_parse(head.text))
    head_cases = frozenset(
        case
        for parse in morph.parses(head.text.lower())
        if _is_position_lemma(parse.normal_form)
        for case in morph.grammemes(parse) & morph.CASE_TAGS
    )
    full = _render(segments, plural)
    # What enumerated items share: the role without its own trailing place or body.
    last = segments[-1]
    own = _trailing_entities(last.dependents)
    if own:
        rest = last.dependents[: len(last.dependents) - len(own)]
        shared = _render([*segments[:-1], _Segment(last.adjectives, last.head, rest)], plural)
    else:
        shared = full if plural else ""
    first_unit = (segments[0].adjectives or (head,))[0]
    last_unit = (last.dependents or (last.head,))[-1]
    return Role(
        full,
        first_unit.start,
        last_unit.end,
        head_cases,
        shared,
        plural,
        _qualified(segments),
    )


def _render(segments, plural) -> str:
    parts = []
    for number, segment in enumerate(segments):
        if number:
            parts.append("—")
        parts.append(_nominative_phrase(segment, _head_parse(segment.head.text)))
        if segment.dependents:
            parts.append(_dependents(segment.dependents, plural))
    return " ".join(parts)


def _trailing_entities(units):
    count = 0
    for unit in reversed(units):
        if unit.kind != ENTITY:
            break
        count += 1
    return units[len(units) - count :] if count else ()


def _qualified(segments):
    last = segments[-1].dependents
    if len(segments) < 2 or not last or last[-1].label != LOC:
        return ()
    return tuple(
        (segment.dependents[-1].start, segment.dependents[-1].end, last[-1].text)
        for segment in segments[:-1]
        if segment.dependents and segment.dependents[-1].label == ORG
    )


def _head_parse(word: str):
    candidates = [p for p in morph.parses(word.lower()) if _is_position_lemma(p.normal_form)]
    for parse in candidates:
        if {"nomn", "sing"} <= morph.grammemes(parse):
            return parse
    return candidates[0]


def _nominative_phrase(segment: _Segment, head_parse) -> str:
    tags = morph.grammemes(head_parse)
    gender = "femn" if "femn" in tags else "masc"
    words = [_adjective_nominative(a.text, head_parse, gender) for a in segment.adjectives]
    if {"nomn", "sing"} <= tags:
        words.append(segment.head.text)
    else:
        inflected = morph.inflect(head_parse, "nomn", "sing")
        words.append(
            morph.as_written(segment.head.text, inflected) if inflected else segment.head.text
        )
    return " ".join(words)


def _adjective_nominative(word: str, head_parse, gender: str) -> str:
    head_tags = morph.grammemes(head_parse)
    agreeing = [
        p
        for p in morph.parses(word.lower())
        if morph.grammemes(p) & {"ADJF", "PRTF"}
        and (morph.grammemes(p) & head_tags & morph.CASE_TAGS)
    ]
    if not agreeing:
        return word
    parse = agreeing[0]
    if {"nomn", "sing"} <= morph.grammemes(parse) and gender in morph.grammemes(parse):
        return word
    inflected = morph.inflect(parse, "nomn", "sing", gender)
    return morph.as_written(word, inflected) if inflected else word


def _dependents(units, plural: bool) -> str:
    if not plural:
        return _written(units)
    # One person of a plural head holds one of each body: "советов" -> "Совета".
    words = [u.text for u in units]
    for i, unit in enumerate(units):
        parse = _counted_plural(unit)
        if parse is None:
            continue
        case = next(iter(morph.grammemes(parse) & morph.CASE_TAGS))
        tags = morph.grammemes(parse)
        gender = next((g for g in ("masc", "femn", "neut") if g in tags), "masc")
        singular = morph.inflect(parse, case, "sing")
        if singular is None:
            continue
        words[i] = morph.as_written(unit.text, singular)
        first = i
        while first > 0 and _is_adjective(units[first - 1]):
            adjective = _plural_adjective(units[first - 1].text, case)
            if adjective is None:
                break
            inflected = morph.inflect(adjective, case, "sing", gender)
            if inflected is None:
                break
            words[first - 1] = morph.as_written(units[first - 1].text, inflected)
            first -= 1
        if parse.normal_form in ORGANIZATION_NOUNS:
            words[first] = morph.capitalised(words[first])
    return _joined(words)


def _counted_plural(unit):
    if unit.kind != WORD:
        return None
    for parse in morph.parses(unit.text.lower()):
        tags = morph.grammemes(parse)
        lemma = parse.normal_form
        if "NOUN" in tags and "plur" in tags and lemma in ORGANIZATION_NOUNS | _COUNTED_NOUNS:
            return parse
    return None


def _plural_adjective(word, case):
    for parse in morph.parses(word.lower()):
        tags = morph.grammemes(parse)
        if tags & {"ADJF", "PRTF"} and "plur" in tags and case in tags:
            return parse
    return None
