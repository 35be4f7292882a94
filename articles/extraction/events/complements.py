"""The complement that says which event a noun names: a genitive chain, an organization, a title."""

import re
from dataclasses import replace

from articles.extraction.types import EntityMention
from articles.text import morph

from .morphology import (
    _agreeing_adjective,
    _in_case,
    _is_bilateral,
    _is_genitive,
    _is_genitive_surname,
)
from .person_names import _is_initial, _name_end
from .records import _Complement, _Part, _Partner, _Token
from .text import _closing_quote, _organization_at, _skip_parenthesised_alias, _written
from .vocabulary import (
    _ABBREVIATION,
    _HEADS,
    _HEADS_OF_STATE,
    _INSTANCES,
    _NOT_PARTNERS,
    _NOT_TOPICS,
    _PLACE_ADJECTIVE_SUFFIX,
    _QUOTES,
    _WITH,
)


def _parts(tokens, index, context) -> list[_Part]:
    date_starts = {mention.span.start for mention in context.dates}
    parts: list[_Part] = []
    position = index
    while position < len(tokens) and tokens[position].start not in date_starts:
        read = _part_at(tokens, position, context)
        if read:
            parts.extend(read)
            position = read[-1].after
        elif parts and _joins_chain(tokens, position):
            position += 1
        else:
            break
    return _without_subject(tokens, parts)


def _part_at(tokens, position, context) -> list[_Part]:
    token = tokens[position]
    entity, after = _organization_at(tokens, position, context)
    if entity is not None:
        return [_organization_part(tokens, position, after, entity, context)]
    if token.text in _QUOTES and position + 1 < len(tokens):
        closing = _closing_quote(tokens, position)
        if closing is None or not tokens[position + 1].text[:1].isupper():
            return []
        end = tokens[closing].end
        return [_Part(closing + 1, token.start, end, end, strong=True)]
    # "Переговоры А. Жаксылыкова и Т. Осмонова"
    if _is_initial(tokens, position) and position + 2 < len(tokens):
        surname = tokens[position + 2]
        if _is_genitive_surname(surname):
            return [_Part(position + 3, token.start, surname.end, surname.end, strong=True)]
    if _ABBREVIATION.fullmatch(token.text) or _is_genitive(token):
        proper = token.text[:1].isupper()
        return [
            _Part(position + 1, token.start, token.end, token.end, strong=proper, word=not proper)
        ]
    if token.text.lower() == "по":
        return _topic(tokens, position)
    return []


def _organization_part(tokens, position, after, entity, context) -> _Part:
    following = _skip_parenthesised_alias(tokens, after, entity, context)
    start, end, through = tokens[position].start, tokens[after - 1].end, tokens[following - 1].end
    short = _abbreviation(entity) if "(" in context.text[start:through] else ""
    return _Part(following, start, end, through, entity, short, strong=True)


def _topic(tokens, position) -> list[_Part]:
    # "конференция по транспортной взаимосвязанности": what the event is about names it as
    # a genitive would.
    end = position + 1
    while end < len(tokens) and _in_case(tokens[end], "datv") is not None:
        end += 1
    nouns = [
        parse
        for parse in (_in_case(token, "datv") for token in tokens[position + 1 : end])
        if parse.tag.POS == "NOUN"
    ]
    if not nouns or nouns[0].normal_form in _NOT_TOPICS:
        return []
    return [
        _Part(index + 1, tokens[index].start, tokens[index].end, tokens[index].end, word=True)
        for index in range(position + 1, end)
    ]


def _joins_chain(tokens, position) -> bool:
    if position + 1 >= len(tokens) or position == 0:
        return False
    previous, token, following = tokens[position - 1], tokens[position], tokens[position + 1]
    if _is_initial(tokens, position + 1) and position + 3 < len(tokens):
        following = tokens[position + 3]  # "А. Жаксылыкова и Т. Осмонова"
    genitive = _is_genitive(following) or bool(_ABBREVIATION.fullmatch(following.text))
    # "министров иностранных дел России и Японии"
    if token.text == "и":
        return genitive
    # "министров энергетики Казахстана, Кыргызстана и Узбекистана": a list of proper names.
    if token.text == ",":
        return genitive and previous.text[:1].isupper() and following.text[:1].isupper()
    # "глав государств — членов ЕАЭС", the spaced spelling of "государств-членов".
    return (
        token.text in {"—", "–", "-"}
        and previous.text.lower() == "государств"
        and following.text.lower() in {"членов", "участников"}
    )


def _without_subject(tokens, parts: list[_Part]) -> list[_Part]:
    # "На переговорах министров иностранных дел стороны обсудят": a word that reads as
    # genitive or nominative, followed by a verb that agrees with it, is the subject.
    if not parts or not parts[-1].word or parts[-1].after >= len(tokens):
        return parts
    last, verb = tokens[parts[-1].after - 1], tokens[parts[-1].after]
    numbers = {p.tag.number for p in morph.parses(last.text) if "nomn" in p.tag}
    if any(p.tag.POS == "VERB" and p.tag.number in numbers for p in morph.parses(verb.text)):
        return parts[:-1]
    return parts


def _complement(tokens, index, context) -> _Complement:
    parts = _parts(tokens, index, context)
    if not parts:
        return _Complement(index, tokens[index - 1].end, None, False, False, weak=True)
    strong = any(part.strong for part in parts)
    organization = next((part.organization for part in parts if part.organization), None)
    only_organization = len(parts) == 1 and organization is not None
    return _Complement(
        parts[-1].after,
        parts[-1].end,
        organization,
        only_organization,
        strong,
        tuple(parts),
        # One lowercase genitive ("встреча министров") says too little to name an event.
        weak=not strong and len(parts) < 2,
    )


def _with_partner(tokens, complement: _Complement, context) -> _Complement:
    # "встреча Айдоса Жаксылыкова с делегацией Всемирного банка": the other party too.
    if not complement.strong or not complement.parts:
        return complement
    partner = _partner(tokens, complement.end, context)
    return replace(complement, partner=partner) if partner else complement


def _partner(tokens, index, context) -> _Partner | None:
    # "с Т. Осмоновым", "с Павлом Зоринским": a person.
    if index >= len(tokens) or tokens[index].text.lower() not in _WITH:
        return None
    end = _name_end(tokens, index + 1, context)
    if end == index + 1:
        return _partner_group(tokens, index, context)
    written = _written(context.text, tokens[index].start, tokens[end - 1].end, ())
    return _Partner(end, written, named=True)


def _partner_group(tokens, index, context) -> _Partner | None:
    # "с руководством Азиатского банка развития (АБР)", "с представителями бизнеса",
    # "с министром финансов Латвии Янисом Озолсом": whose, and maybe a name, make it named.
    heads = index + 1
    while heads < len(tokens) and _is_instrumental(tokens[heads]):
        heads += 1
    if heads == index + 1 or _is_instrumental(tokens[index + 1]).normal_form in _NOT_PARTNERS:
        return None
    parts = _parts(tokens, heads, context)
    chain_end = parts[-1].after if parts else heads
    end = _name_end(tokens, chain_end, context)
    named = end > chain_end or any(part.strong for part in parts)
    written = _written(context.text, tokens[index].start, tokens[end - 1].end, parts)
    return _Partner(end, written, named)


def _is_instrumental(token: _Token):
    return None if token.text[:1].isupper() else _in_case(token, "ablt")


def _modifiers(tokens, index, noun) -> list:
    found = []
    position = index - 1
    while position >= 0:
        parse = _agreeing_adjective(tokens[position], noun)
        if parse is None:
            break
        found.append((tokens[position], parse))
        position -= 1
    return found[::-1]


def _is_ordinal(parse) -> bool:
    return isinstance(parse, str) or "Anum" in parse.tag


def _is_instance(parse) -> bool:
    return not isinstance(parse, str) and parse.normal_form in _INSTANCES


def _name_modifiers(modifiers, sentence_start: int, context) -> list:
    # Only a run that starts at an ordinal, a proper adjective, a compound of two countries
    # or a "следующий" is part of a name: "очередной Астанинский саммит" is the
    # "Астанинский саммит".
    for position, (token, parse) in enumerate(modifiers):
        if _starts_name(token, parse, sentence_start, context):
            return modifiers[position:]
    return []


def _starts_name(token, parse, sentence_start: int, context) -> bool:
    if _is_ordinal(parse) or _is_instance(parse) or _is_bilateral(token):
        return True
    return token.text[:1].isupper() and (
        token.start != sentence_start or bool(_place_of_adjective(token, parse, context))
    )


def _place_of_adjective(token, parse, context) -> str:
    if isinstance(parse, str) or "-" in token.text or "-" in parse.normal_form:
        return ""
    lemma = parse.normal_form
    for entity in context.place_entities:
        for word in re.split(r"[\s-]+", entity.name.lower()):
            if _derives_from(lemma, word):
                return entity.name
    return ""


def _derives_from(adjective: str, place: str) -> bool:
    # Place adjectives are irregular (Москва: московский, Астана: астанинский): accept a
    # shared stem that differs from the place at most in its last letter, then a short
    # link and -ский/-цкий. "Казань" then does not claim "казахстанский".
    stem = place[:-1] if place[-1:] in "аяоеиыуюйь" else place
    common = 0
    while common < min(len(adjective), len(stem)) and adjective[common] == stem[common]:
        common += 1
    return common >= max(4, len(stem) - 1) and bool(
        _PLACE_ADJECTIVE_SUFFIX.fullmatch(adjective[common:])
    )


def _abbreviation(entity: EntityMention) -> str:
    names = [name for name in (*entity.aliases, entity.name) if _ABBREVIATION.fullmatch(name)]
    return min(names, key=len) if names else ""


def _organizer(entity: EntityMention, context) -> EntityMention:
    # "Совет глав государств-членов ШОС" is a body of the ШОС: its sessions are the ШОС's
    # summits, so they are attached to the ШОС and can merge with "саммит ШОС".
    if not _HEADS_OF_STATE.match(entity.name):
        return entity
    words = set(re.findall(r"\w+", entity.name))
    for other in context.organization_entities:
        if other is not entity and words & {other.name, *other.aliases}:
            return other
    return entity


def _heads(complement: str) -> str:
    match = _HEADS.search(complement)
    return (match[1] or match[2]).lower() if match else ""
