"""Named events (summits, meetings, forums...) in a Russian news article.

An event noun only names an event together with a complement that says which one: a
genitive chain ("Встреча секретарей советов безопасности"), an organization ("саммит ШОС"),
a title in quotes ("форум «Астана Финанс Дейс»"), or capitalised adjectives inside the
sentence ("Международный энергетический форум"). A bare noun ("во встрече приняли
участие") points back at an event already named, so it is never a new one.
"""

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from razdel import sentenize, tokenize

from articles.extraction.dates import DateMention, find_dates
from articles.extraction.morph import analyzer
from articles.extraction.types import DatePrecision, Document, EntityMention, EventMention, Span

EVENT_NOUNS = frozenset(
    {
        "встреча",
        "саммит",
        "заседание",
        "форум",
        "конференция",
        "визит",
        "переговоры",
        "совещание",
        "съезд",
        "выборы",
        "сессия",
        "фестиваль",
        "выставка",
        "конгресс",
        "симпозиум",
        "пленум",
        "референдум",
        "чемпионат",
        "олимпиада",
        "турнир",
        "конкурс",
        "ярмарка",
        "церемония",
        "парад",
    }
)

# Kinds that, held by the heads of state of an organization, are its summit.
_SUMMIT_KINDS = frozenset({"саммит", "заседание", "встреча", "совещание"})
_HEADS_OF_STATE = re.compile(r"^совет\w*\s+глав\s+государств", re.IGNORECASE)

_CLAUSE_BOUNDARIES = frozenset({",", ";", ":", "(", ")", "—", "–", "-", "«", "»", "“", "”", '"'})
_QUOTES = {"«": "»", "„": "“", "“": "”", '"': '"'}
_MAX_TITLE_TOKENS = 12
# "прибывших в Астану на 12-ю Встречу": a place this many tokens before the event still
# belongs to it; further back it more likely belongs to the sentence's main verb.
_PLACE_WINDOW = 6
_IN = frozenset({"в", "во"})
_ABBREVIATION = re.compile(r"[A-ZА-ЯЁ][A-ZА-ЯЁ0-9]+")
_ROMAN = re.compile(r"[IVXLC]+")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_PLACE_ADJECTIVE_SUFFIX = re.compile(r"[а-яё]{0,3}(?:ск|цк)ий")
_BRACKETED_TAIL = re.compile(r"\s*\([^()]*\)$")
_FUNCTION_WORDS = frozenset({"PREP", "CONJ", "PRCL", "INTJ"})
_PRECISION_RANK = {DatePrecision.DAY: 3, DatePrecision.MONTH: 2, DatePrecision.YEAR: 1}


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class _Context:
    text: str
    dates: tuple[DateMention, ...]
    organizations: tuple[tuple[Span, EntityMention], ...]
    places: tuple[tuple[Span, EntityMention], ...]
    place_entities: tuple[EntityMention, ...]
    organization_entities: tuple[EntityMention, ...]


@dataclass(frozen=True)
class _Part:
    after: int  # index of the first token after it (and after a bracketed alias)
    end: int  # character where its name ends
    organization: EntityMention | None = None
    strong: bool = False  # an organization, a title or a proper noun
    word: bool = False  # a lowercase genitive, which may turn out to be a subject


@dataclass(frozen=True)
class _Complement:
    end: int  # index of the first token after it
    name_end: int  # character where its name ends (a parenthesised "(ШОС)" does not count)
    organization: EntityMention | None
    only_organization: bool  # the complement is one organization and nothing else
    strong: bool  # names an organization, a title or a proper noun


@dataclass(frozen=True)
class _Found:
    name: str
    kind: str
    aliases: tuple[str, ...]
    place: str
    organization: str
    when: DateMention | None
    span: Span
    summit: bool
    confidence: float


# --- Morphology -----------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def _parses(word: str) -> tuple:
    return tuple(analyzer().parse(word))


def _event_parses(token: _Token) -> list:
    if not _WORD.fullmatch(token.text):
        return []
    return [
        parse
        for parse in _parses(token.text)
        if parse.tag.POS == "NOUN" and parse.normal_form in EVENT_NOUNS
    ]


def _is_genitive(token: _Token) -> bool:
    if not _WORD.fullmatch(token.text):
        return False
    parses = _parses(token.text)
    # "в" is also an abbreviated noun to pymorphy; its usual reading decides.
    if parses[0].tag.POS in _FUNCTION_WORDS:
        return False
    return any(
        parse.tag.POS in {"NOUN", "ADJF"} and "gent" in parse.tag and "Apro" not in parse.tag
        for parse in parses
    )


def _agrees(tag, noun) -> bool:
    if tag.case != noun.tag.case or tag.number != noun.tag.number:
        return False
    return tag.number == "plur" or noun.tag.gender in {None, "GNdr", "ms-f", tag.gender}


def _agreeing_adjective(token: _Token, noun):
    # Ordinals and adjectives that agree with the noun in case and number belong to the
    # event's name ("12-ю Встречу", "Астанинском саммите"); participles do not.
    if _ROMAN.fullmatch(token.text):
        return token.text
    for parse in _parses(token.text):
        if parse.tag.POS == "ADJF" and "Apro" not in parse.tag and _agrees(parse.tag, noun):
            return parse
    return None


def _with_case_of(word: str, original: str) -> str:
    return word[:1].upper() + word[1:] if original[:1].isupper() else word


def _nominative(token: _Token, parse, noun) -> str:
    if isinstance(parse, str):  # a Roman numeral
        return parse
    if "Anum" in parse.tag and "-" in token.text:
        return token.text.split("-", 1)[0] + "-" + _ordinal_ending(noun)
    inflected = parse.inflect({"nomn"})
    return _with_case_of(inflected.word, token.text) if inflected else token.text


def _ordinal_ending(noun) -> str:
    if noun.tag.number == "plur":
        return "е"
    return {"femn": "я", "neut": "е"}.get(noun.tag.gender, "й")


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


# --- Text -----------------------------------------------------------------------------


def _sentences(text: str) -> Iterator[tuple[_Token, ...]]:
    # Paragraphs first: a title without a full stop must not run into the lead.
    offset = 0
    for paragraph in text.split("\n\n"):
        for sentence in sentenize(paragraph):
            start = offset + sentence.start
            yield tuple(
                _Token(token.text, start + token.start, start + token.stop)
                for token in tokenize(sentence.text)
            )
        offset += len(paragraph) + 2


def _spans_of(entities: Sequence[EntityMention]) -> tuple[tuple[Span, EntityMention], ...]:
    pairs = ((span, entity) for entity in entities for span in entity.spans)
    return tuple(sorted(pairs, key=lambda pair: (pair[0].start, -pair[0].end)))


def _organization_at(tokens, index, context) -> tuple[EntityMention | None, int]:
    token = tokens[index]
    for span, entity in context.organizations:
        if span.start == token.start and span.end > span.start:
            return entity, _token_after(tokens, index, span.end)
    # Mentions the organization finder left without a span: a name, alias or written form
    # found as is.
    for entity in context.organization_entities:
        for written in sorted({entity.name, *entity.aliases, *entity.forms}, key=len, reverse=True):
            end = token.start + len(written)
            if written and context.text.startswith(written, token.start):
                after = _token_after(tokens, index, end)
                if tokens[after - 1].end == end:
                    return entity, after
    return None, index


def _token_after(tokens, index, end: int) -> int:
    while index < len(tokens) and tokens[index].start < end:
        index += 1
    return index


def _skip_parenthesised_alias(tokens, index, entity, context) -> int:
    # "Шанхайской организации сотрудничества (ШОС)": the bracket repeats the organization.
    if index + 2 >= len(tokens) or tokens[index].text != "(" or tokens[index + 2].text != ")":
        return index
    inner, _ = _organization_at(tokens, index + 1, context)
    return index + 3 if inner is entity else index


def _closing_quote(tokens, index) -> int | None:
    closing = _QUOTES[tokens[index].text]
    for end in range(index + 2, min(len(tokens), index + _MAX_TITLE_TOKENS)):
        if tokens[end].text == closing:
            return end
    return None


# --- One event mention ----------------------------------------------------------------


def _parts(tokens, index, context) -> list[_Part]:
    date_starts = {mention.span.start for mention in context.dates}
    parts: list[_Part] = []
    position = index
    while position < len(tokens) and tokens[position].start not in date_starts:
        token = tokens[position]
        entity, after = _organization_at(tokens, position, context)
        if entity is not None:
            following = _skip_parenthesised_alias(tokens, after, entity, context)
            parts.append(_Part(following, tokens[after - 1].end, entity, strong=True))
            position = following
            continue
        if token.text in _QUOTES and position + 1 < len(tokens):
            closing = _closing_quote(tokens, position)
            if closing is None or not tokens[position + 1].text[:1].isupper():
                break
            parts.append(_Part(closing + 1, tokens[closing].end, strong=True))
            position = closing + 1
            continue
        if _ABBREVIATION.fullmatch(token.text) or _is_genitive(token):
            proper = token.text[:1].isupper()
            parts.append(_Part(position + 1, token.end, strong=proper, word=not proper))
            position += 1
            continue
        if parts and _joins_chain(tokens, position):
            position += 1
            continue
        break
    return _without_subject(tokens, parts)


def _joins_chain(tokens, position) -> bool:
    if position + 1 >= len(tokens) or position == 0:
        return False
    previous, token, following = tokens[position - 1], tokens[position], tokens[position + 1]
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
    numbers = {p.tag.number for p in _parses(last.text) if "nomn" in p.tag}
    if any(p.tag.POS == "VERB" and p.tag.number in numbers for p in _parses(verb.text)):
        return parts[:-1]
    return parts


def _complement(tokens, index, context) -> _Complement | None:
    parts = _parts(tokens, index, context)
    strong = any(part.strong for part in parts)
    # One lowercase genitive ("встреча министров") says too little to name an event.
    if not strong and len(parts) < 2:
        return None
    organization = next((part.organization for part in parts if part.organization), None)
    only_organization = len(parts) == 1 and organization is not None
    return _Complement(parts[-1].after, parts[-1].end, organization, only_organization, strong)


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


def _name_modifiers(modifiers, sentence_start: int, context) -> list:
    # Only a run that starts at an ordinal or a proper adjective is part of a name:
    # "очередной Астанинский саммит" is the "Астанинский саммит".
    for position, (token, parse) in enumerate(modifiers):
        proper = token.text[:1].isupper() and (
            token.start != sentence_start or _place_of_adjective(parse, context)
        )
        if _is_ordinal(parse) or proper:
            return modifiers[position:]
    return []


def _place_of_adjective(parse, context) -> str:
    if isinstance(parse, str) or "-" in parse.normal_form:
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


# --- Where and when -------------------------------------------------------------------


def _clause_start(tokens, index) -> int:
    while index > 0 and tokens[index - 1].text not in _CLAUSE_BOUNDARIES:
        index -= 1
    return index


def _opens_relative_clause(token: _Token) -> bool:
    # ", который состоится в июне", ", запланированный на июнь": still about the event.
    return any(
        parse.normal_form == "который" or parse.tag.POS == "PRTF" for parse in _parses(token.text)
    )


def _clause_end(tokens, index) -> int:
    while index < len(tokens) and tokens[index].text not in _CLAUSE_BOUNDARIES:
        index += 1
    if (
        index + 1 < len(tokens)
        and tokens[index].text == ","
        and _opens_relative_clause(tokens[index + 1])
    ):
        return _clause_end(tokens, index + 1)
    return index


def _distance(span_start: int, span_end: int, phrase: Span) -> int:
    return phrase.start - span_end if span_end <= phrase.start else span_start - phrase.end


def _place_nearby(tokens, first: int, last: int, phrase: Span, context) -> str:
    start = max(_clause_start(tokens, first), first - _PLACE_WINDOW)
    end = _clause_end(tokens, last)
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
    ]
    if not candidates:
        return ""
    _, nearest = min(candidates, key=lambda pair: _distance(pair[0].start, pair[0].end, phrase))
    return nearest.name


def _date_nearby(tokens, first: int, last: int, phrase: Span, context) -> DateMention | None:
    start, end = _clause_start(tokens, first), _clause_end(tokens, last)
    low, high = tokens[start].start, tokens[end - 1].end if end > last else phrase.end
    candidates = [
        mention
        for mention in context.dates
        if low <= mention.span.start
        and mention.span.end <= high
        and (mention.span.end <= phrase.start or mention.span.start >= phrase.end)
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda m: _distance(m.span.start, m.span.end, phrase))


# --- Reading a sentence ---------------------------------------------------------------


def _names(noun_token, noun, named, complement, context) -> tuple[str, tuple[str, ...]]:
    words = [_nominative(token, parse, noun) for token, parse in named]
    noun_word = _nominative(noun_token, noun, noun)
    written = " ".join(context.text[noun_token.end : complement.name_end].split())
    # An organization span may carry its own "(ШОС)"; a name does not repeat it.
    written = _BRACKETED_TAIL.sub("", written)
    literal = _capitalised(" ".join(word for word in (*words, noun_word, written) if word))
    abbreviation = _abbreviation(complement.organization) if complement.organization else ""
    if not (complement.only_organization and abbreviation):
        return literal, ()
    # "саммита Шанхайской организации сотрудничества (ШОС)" is the "Саммит ШОС"; an
    # ordinal stays ("XII саммит БРИКС"), other adjectives ("Астанинский") do not.
    ordinals = [word for word, (_, parse) in zip(words, named, strict=True) if _is_ordinal(parse)]
    name = _capitalised(" ".join([*ordinals, noun_word, abbreviation]))
    return name, (literal,) if literal != name else ()


def _is_summit(kind: str, complement_text: str) -> bool:
    return kind == "саммит" or (
        kind in _SUMMIT_KINDS and bool(_HEADS_OF_STATE.match(complement_text))
    )


def _title_only(tokens, index, named) -> _Complement | None:
    # "в Международном энергетическом форуме": a capital inside the sentence makes the
    # adjectives a title, which names the event without any complement.
    if any(token.text[:1].isupper() and token.start != tokens[0].start for token, _ in named):
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
    named = _name_modifiers(modifiers, tokens[0].start, context)
    complement = _complement(tokens, index + 1, context) or _title_only(tokens, index, named)
    if complement is None:
        return None
    name, aliases = _names(tokens[index], noun, named, complement, context)

    first = index - len(modifiers)
    start, end = tokens[first].start, tokens[complement.end - 1].end
    phrase = Span(start, end, context.text[start:end])
    adjective_places = (_place_of_adjective(parse, context) for _, parse in modifiers)
    place = next((place for place in adjective_places if place), "") or _place_nearby(
        tokens, first, complement.end, phrase, context
    )
    date_mention = _date_nearby(tokens, first, complement.end, phrase, context)

    organization = complement.organization and _organizer(complement.organization, context)
    complement_text = context.text[tokens[index].end : complement.name_end].strip()
    confidence = 0.5 + 0.15 * complement.strong + 0.1 * bool(place) + 0.1 * bool(date_mention)
    return _Found(
        name=name,
        kind=noun.normal_form,
        aliases=aliases,
        place=place,
        organization=organization.name if organization else "",
        when=date_mention,
        span=phrase,
        summit=bool(organization) and _is_summit(noun.normal_form, complement_text),
        confidence=confidence,
    )


# --- One event named twice ------------------------------------------------------------


def _period(mention: DateMention) -> tuple[date, date]:
    last = mention.end or mention.start
    if mention.precision == DatePrecision.DAY:
        return mention.start, last + timedelta(days=1)
    if mention.precision == DatePrecision.MONTH:
        index = last.year * 12 + last.month
        return mention.start, date(index // 12, index % 12 + 1, 1)
    return mention.start, date(last.year + 1, 1, 1)


def _dates_agree(first: DateMention | None, second: DateMention | None) -> bool:
    if first is None or second is None:
        return True
    (start, end), (other_start, other_end) = _period(first), _period(second)
    return start < other_end and other_start < end


def _same_name(first: _Found, second: _Found) -> bool:
    # "Переговоры министров" again after "Переговоры министров ... России и Японии".
    shorter, longer = sorted((first.name.lower().split(), second.name.lower().split()), key=len)
    return first.kind == second.kind and longer[: len(shorter)] == shorter


def _same_event(group: list[_Found], found: _Found) -> bool:
    head = group[0]
    if found.organization != head.organization:
        return False
    if any(member.place and found.place and member.place != found.place for member in group):
        return False
    if not all(_dates_agree(member.when, found.when) for member in group):
        return False
    return any((member.summit and found.summit) or _same_name(member, found) for member in group)


def _best_date(group: list[_Found]) -> DateMention | None:
    dates = [member.when for member in group if member.when is not None]
    return max(dates, key=lambda d: _PRECISION_RANK[d.precision], default=None)


def _event_of(group: list[_Found]) -> EventMention:
    # The summit's name wins over "заседание Совета глав государств"; otherwise the fullest
    # name ("Переговоры министров иностранных дел России и Японии", not a shorter repeat).
    summits = [member for member in group if member.kind == "саммит"]
    main = summits[0] if summits else max(group, key=lambda member: len(member.name.split()))
    aliases = []
    for member in group:
        for name in (member.name, *member.aliases):
            if name != main.name and name not in aliases:
                aliases.append(name)
    when = _best_date(group)
    confidence = max(member.confidence for member in group) + 0.05 * (len(group) - 1)
    return EventMention(
        name=main.name,
        kind=main.kind,
        place=next((member.place for member in group if member.place), ""),
        organization=main.organization,
        start_date=when.start if when else None,
        end_date=when.end if when else None,
        date_precision=when.precision if when else None,
        aliases=tuple(aliases),
        spans=tuple(member.span for member in group),
        confidence=round(min(confidence, 0.95), 2),
    )


def _merged(found: list[_Found]) -> tuple[EventMention, ...]:
    groups: list[list[_Found]] = []
    for mention in found:
        group = next((group for group in groups if _same_event(group, mention)), None)
        if group is None:
            groups.append([mention])
        else:
            group.append(mention)
    return tuple(_event_of(group) for group in groups)


def find_events(
    document: Document,
    *,
    organizations: Sequence[EntityMention] = (),
    places: Sequence[EntityMention] = (),
) -> tuple[EventMention, ...]:
    text = document.text
    context = _Context(
        text=text,
        dates=find_dates(text, reference=document.published),
        organizations=_spans_of(organizations),
        places=_spans_of(places),
        place_entities=tuple(places),
        organization_entities=tuple(organizations),
    )
    found = []
    for tokens in _sentences(text):
        for index in range(len(tokens)):
            event = _read_event(tokens, index, context)
            if event is not None:
                found.append(event)
    return _merged(found)
