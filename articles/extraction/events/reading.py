"""Reading a sentence: the rules that find a named event, a visit, a meeting or a reference back."""

from collections.abc import Sequence
from dataclasses import replace

from articles.extraction.types import Span
from articles.text import morph

from .agents import _destination, _skip_back, _skip_forward, _subject, _visitor_chain
from .complements import (
    _abbreviation,
    _complement,
    _is_instance,
    _is_ordinal,
    _modifiers,
    _name_modifiers,
    _organizer,
    _partner,
    _place_of_adjective,
    _with_partner,
)
from .merging import _dates_agree
from .morphology import _accusative, _event_parses, _is_bilateral, _kind_of, _nominative, _verb
from .person_names import _name_start, _person_genitive
from .place_and_date import _date_nearby, _located, _place_nearby
from .records import _Complement, _Found, _Reading
from .text import _written
from .vocabulary import (
    _BRACKETED_TAIL,
    _HEADS_OF_STATE,
    _HOLD_VERBS,
    _MEET_VERBS,
    _NOT_NAMING,
    _SUMMIT_KINDS,
    _WITH,
)


def _names(noun_token, noun, named, complement, context) -> tuple[str, str, str, tuple]:
    """The name, its head up to the noun, its complement as written, and aliases."""
    words = [_nominative(token, parse, noun) for token, parse in named]
    noun_word = _nominative(noun_token, noun, noun)
    head = morph.capitalised(" ".join([*words, noun_word]))
    written = _complement_text(noun_token, complement, context)
    literal = f"{head} {written}".strip()
    abbreviation = _abbreviation(complement.organization) if complement.organization else ""
    if not (complement.only_organization and abbreviation and not complement.partner):
        return literal, head, written, ()
    # "саммита Шанхайской организации сотрудничества (ШОС)" is the "Саммит ШОС"; an
    # ordinal stays ("XII саммит БРИКС"), other adjectives ("Астанинский") do not.
    ordinals = [word for word, (_, parse) in zip(words, named, strict=True) if _is_ordinal(parse)]
    name = morph.capitalised(" ".join([*ordinals, noun_word, abbreviation]))
    return name, head, written, (literal,) if literal != name else ()


def _complement_text(noun_token, complement: _Complement, context) -> str:
    if complement.only_organization or not complement.parts:
        written = " ".join(context.text[noun_token.end : complement.name_end].split())
        written = _BRACKETED_TAIL.sub("", written)
    else:
        end = complement.parts[-1].through
        written = _written(context.text, noun_token.end, end, complement.parts)
    return f"{written} {complement.partner.written}" if complement.partner else written


def _is_summit(kind: str, complement_text: str) -> bool:
    return kind == "саммит" or (
        kind in _SUMMIT_KINDS and bool(_HEADS_OF_STATE.match(complement_text))
    )


def _title_only(tokens, index, named) -> _Complement | None:
    # "в Международном энергетическом форуме", "казахстанско-узбекский бизнес-форум": a
    # capital inside the sentence, or the parties, make the adjectives a title that names
    # the event without any complement.
    if any(
        (token.text[:1].isupper() and token.start != tokens[0].start) or _is_bilateral(token)
        for token, _ in named
    ):
        return _Complement(index + 1, tokens[index].end, None, False, True)
    return None


def _read_event(tokens, index, context) -> _Found | None:
    nouns = _event_parses(tokens[index])
    if not nouns:
        return None
    # Of the noun's readings ("встречи": genitive singular or nominative plural) take the
    # one its adjectives agree with.
    noun, modifiers = max(
        ((noun, _modifiers(tokens, index, noun)) for noun in nouns),
        key=lambda pair: len(pair[1]),
    )
    if _kind_of(noun) == "визит":
        visit = _read_visit(tokens, index, noun, modifiers, context)
        if visit is not None:
            return visit
    return _read_named(tokens, index, noun, modifiers, context) or _read_held(
        tokens, index, noun, modifiers, context
    )


def _read_named(tokens, index, noun, modifiers, context) -> _Found | None:
    named = _name_modifiers(modifiers, tokens[0].start, context)
    instance = any(_is_instance(parse) for _, parse in named)
    complement = _complement(tokens, index + 1, context)
    if complement.weak and not instance:
        complement = _title_only(tokens, index, named)
        if complement is None:
            return None
    complement = _with_partner(tokens, complement, context)
    name, head, written, aliases = _names(tokens[index], noun, named, complement, context)
    organization = complement.organization and _organizer(complement.organization, context)
    complement_text = context.text[tokens[index].end : complement.name_end].strip()
    adjective_places = (_place_of_adjective(token, parse, context) for token, parse in modifiers)
    reading = _Reading(
        first=index - len(modifiers),
        last=complement.last,
        head=head,
        complement=written,
        kind=_kind_of(noun),
        name=name,
        aliases=aliases,
        organization=organization,
        strong=complement.strong,
        place=next((place for place in adjective_places if place), ""),
        summit=bool(organization) and _is_summit(_kind_of(noun), complement_text),
        instance=instance,
    )
    found = _located(tokens, reading, context)
    # "Следующая встреча министров" is an event only where the text says where or when.
    if complement.weak and not (found.place or found.when):
        return None
    return found


def _read_visit(tokens, index, noun, modifiers, context) -> _Found | None:
    # "визит делегации Узбекистана в Астану", "визит в Казахстан делегации Министерства
    # коммерции КНР", "прибыл с рабочим визитом в Москву": who visits and where.
    first = index - len(modifiers)
    place, position = _destination(tokens, index + 1, context)
    chain = _visitor_chain(tokens, position, context)
    if chain is not None:
        visitor, last = chain
        if not place:
            place, last = _destination(tokens, last, context)
    elif first > 0 and tokens[first - 1].text.lower() in _WITH:
        agent = _subject(tokens, first - 1, index + 1, context)
        if agent is None:
            return None
        visitor, last = agent[0], position
    else:
        return None
    words = [_nominative(t, p, noun) for t, p in modifiers if _names_a_visit(p)]
    head = morph.capitalised(" ".join([*words, _nominative(tokens[index], noun, noun)]))
    reading = _Reading(first, last, head, visitor, "визит", place=place)
    found = _located(tokens, reading, context)
    destination = f"в {_accusative(found.place)}" if found.place else ""
    complement = f"{visitor} {destination}".strip()
    return replace(found, name=f"{head} {complement}", complement=complement)


def _names_a_visit(parse) -> bool:
    # "рабочий визит", "официальный визит" are kinds of visit; "очередной визит" is not.
    return isinstance(parse, str) or parse.normal_form not in _NOT_NAMING


def _read_held(tokens, index, noun, modifiers, context) -> _Found | None:
    # "Жаксылыков провел в Маниле переговоры с руководством АБР": the one who holds the
    # talks and the other party name them.
    first = index - len(modifiers)
    partner = _partner(tokens, index + 1, context)
    agent = _subject(tokens, first, index + 1, context) if partner else None
    if agent is None or agent[1].normal_form not in _HOLD_VERBS:
        return None
    named = _name_modifiers(modifiers, tokens[0].start, context)
    words = [_nominative(token, parse, noun) for token, parse in named]
    head = morph.capitalised(" ".join([*words, _nominative(tokens[index], noun, noun)]))
    complement = f"{agent[0]} {partner.written}"
    reading = _Reading(first, partner.end, head, complement, _kind_of(noun))
    return _located(tokens, reading, context)


def _read_meeting(tokens, index, context) -> _Found | None:
    # "Айдос Жаксылыков встретился в Астане с делегацией Всемирного банка": a verb alone
    # names a meeting only between two named parties, at a place or on a date it states.
    verb = _verb(tokens[index])
    if verb is None or verb.normal_form not in _MEET_VERBS:
        return None
    end = _skip_back(tokens, index, context)
    start = _name_start(tokens, end, context)
    partner = _partner(tokens, _skip_forward(tokens, index + 1, context), context)
    if start == end or partner is None or not partner.named:
        return None
    complement = f"{_person_genitive(tokens[start:end], verb)} {partner.written}"
    # The place and the date are looked for around the verb: "Ветрова 5 мая встретилась".
    reading = _Reading(
        index, index + 1, "Встреча", complement, "встреча", locative=True, span=(start, partner.end)
    )
    found = _located(tokens, reading, context)
    return found if found.place or found.when else None


def _read_reference(tokens, context, earlier: Sequence[_Found]) -> _Found | None:
    # "Заседание пройдет в Минске в июне текущего года": the bare subject of a sentence is
    # the event last named with that noun, and the sentence says where and when it is.
    if len(tokens) < 2 or _verb(tokens[1]) is None:
        return None
    nouns = [parse for parse in _event_parses(tokens[0]) if "nomn" in parse.tag]
    kinds = {_kind_of(parse) for parse in nouns}
    referent = next((f for f in reversed(earlier) if f.kind in kinds and not f.instance), None)
    if referent is None:
        return None
    phrase = Span(tokens[0].start, tokens[0].end, tokens[0].text)
    place = _place_nearby(tokens, 0, 1, phrase, context, locative=True)
    when = _date_nearby(tokens, 0, 1, phrase, context)
    if not (place or when) or (referent.place and place and referent.place != place):
        return None
    if referent.when and when and not _dates_agree(referent.when, when):
        return None
    return replace(referent, place=place, when=when, span=phrase, within="")


def _read_sentence(tokens, context, earlier: Sequence[_Found]) -> list[_Found]:
    reference = _read_reference(tokens, context, earlier)
    found = [reference] if reference else []
    for index in range(len(tokens)):
        event = _read_event(tokens, index, context) or _read_meeting(tokens, index, context)
        if event is not None:
            found.append(event)
    return found
