"""Organizations and places: NER spans joined, put in the nominative and merged."""

import functools
import re
from collections import Counter
from dataclasses import dataclass, replace

from ..text import morph
from . import roles
from .ner import LOC, ORG, Tagged
from .types import EntityMention, Kind, Span

# The source site's own name sits in its copyright footer; it is not news.
BOILERPLATE = frozenset({"kapital.kz", "центр деловой информации"})
_DOMAIN = re.compile(
    r"[a-z0-9-]+\.(?:kz|ru|com|net|org|info|su|uz|kg|by|ua|tj|am|az|ge|io)\b", re.I
)
_BRACKETED = re.compile(r"^(?P<full>.*\S)\s*\((?P<abbr>[^()]+)\)$")


@dataclass(frozen=True)
class OrgMention:
    start: int
    end: int
    label: str  # ORG or LOC
    written: str  # as in the text, whitespace normalised
    name_part: str  # the written name without a bracketed abbreviation
    abbreviation: str = ""  # "ШОС" in "Шанхайской организации сотрудничества (ШОС)"


def bodies(text: str, tagged: tuple[Tagged, ...]) -> list[Tagged]:
    # The model sometimes takes a title into the name: "Аким Туркестанской области" is an
    # akim of the region; the title is a role and the name starts after it.
    found = []
    for span in sorted((t for t in tagged if t.label in (ORG, LOC)), key=lambda t: t.start):
        start = span.start + roles.title_length(span.text)
        end = _closing_quote(text, start, span.end)
        if start < end and _named(text[start:end]) and not _common_noun(text, start, end):
            found.append(Tagged(start, end, span.label, text[start:end]))
    return found


def find_mentions(text: str, spans: list[Tagged]) -> list[OrgMention]:
    spans = _attach_brackets(text, spans)
    mentions = []
    i = 0
    while i < len(spans):
        chain = [spans[i]]
        while i + len(chain) < len(spans) and _belongs(text, chain[-1], spans[i + len(chain)]):
            chain.append(spans[i + len(chain)])
        # "Совета Безопасности ООН" is a mention of the Council and also one of the ООН.
        for first in range(len(chain)):
            mentions.append(_mention(text, chain[first:], chain[first].label))
        i += len(chain)
    return [m for m in mentions if not is_boilerplate(m.written)]


def is_boilerplate(written: str) -> bool:
    folded = written.casefold()
    return folded in BOILERPLATE or bool(_DOMAIN.search(written))


def known_names(mentions: list[OrgMention]) -> set[str]:
    # What a person's name must not be: every organization or place form and its name.
    found = set()
    for mention in mentions:
        for name in (mention.written, mention.name_part, mention.abbreviation):
            if name:
                found.add(_key(name))
                found.add(_key(normalise(name, mention.label)))
    return found


def build(
    text: str, mentions: list[OrgMention], qualified: dict[tuple[int, int], str]
) -> tuple[list[EntityMention], list[EntityMention]]:
    aliases = {_key(m.abbreviation): m for m in mentions if m.abbreviation}
    support = Counter()
    for mention in mentions:
        for rank, reading in enumerate(readings(mention.name_part, mention.label)):
            support[_key(reading)] += 1.0 if rank == 0 else 0.5
    groups: dict[str, list[tuple[OrgMention, str]]] = {}
    for mention in mentions:
        name = max(readings(mention.name_part, mention.label), key=lambda r: support[_key(r)])
        if (mention.start, mention.end) in qualified:
            name = f"{name} {qualified[mention.start, mention.end]}"
            mention = replace(mention, label=ORG)
        definition = aliases.get(_key(name))
        if definition is not None and not mention.abbreviation:
            name = normalise(definition.name_part, definition.label)
        elif mention.abbreviation:
            name = normalise(mention.name_part, mention.label)
        groups.setdefault(_key(name), []).append((mention, name))
    entities = sorted((_entity(text, members) for members in groups.values()), key=_first_start)
    organizations = [e for e in entities if e.kind == Kind.ORGANIZATION]
    places = [e for e in entities if e.kind == Kind.PLACE]
    return organizations, places


def normalise(written: str, label: str) -> str:
    return readings(written, label)[0]


@functools.lru_cache(maxsize=10_000)
def readings(written: str, label: str) -> tuple[str, ...]:
    # The nominatives a written name can have, likeliest first: "Акорде" may be "Акорд" or
    # "Акорда"; another mention of the same body in the text settles it.
    words = written.split()
    as_written = (" ".join(words),)
    if not words or not _declinable(words[0]):
        return as_written
    head = 0
    while head < len(words) - 1 and _declinable(words[head]) and _adjective_first(words[head]):
        head += 1
    if not _declinable(words[head]):
        return as_written
    adjectives = words[:head]
    found = []
    for parse in _head_parses(words[head], adjectives, label):
        tags = morph.grammemes(parse)
        number = "plur" if "plur" in tags else "sing"
        gender = next((g for g in ("masc", "femn", "neut") if g in tags), "masc")
        result = [_agree(word, parse, number, gender) for word in adjectives]
        result.append(_nominative(words[head], parse, number))
        found.append(" ".join(result + words[head + 1 :]))
    return tuple(dict.fromkeys(found)) or as_written


def _closing_quote(text: str, start: int, end: int) -> int:
    # The model may stop before the closing quote: "кооперации «Центральная Азия".
    written = text[start:end]
    if written.count("«") > written.count("»") and text[end : end + 1] == "»":
        return end + 1
    return end


def _common_noun(text: str, start: int, end: int) -> bool:
    # "Банк снизил ставку": a common noun capitalised only because it opens a sentence.
    word = text[start:end]
    before = text[:start].rstrip(' \u00a0«"')
    if not word.isalpha() or (before and before[-1] not in ".!?\n"):
        return False
    found = morph.parses(word.lower())
    return bool(found) and all(
        "NOUN" in morph.grammemes(p)
        and not morph.grammemes(p) & {"Geox", "Orgn", "Name", "Surn", "Abbr"}
        for p in found
    )


def _named(written: str) -> bool:
    # A lower-case remnant ("области") names nothing in particular.
    return any(word[:1].isupper() or not morph.is_cyrillic(word) for word in written.split())


def _key(name: str) -> str:
    return " ".join(name.split()).casefold().replace("ё", "е")


def _attach_brackets(text, spans: list[Tagged]) -> list[Tagged]:
    # NER may tag "Шанхайской организации сотрудничества" and "ШОС" in "(ШОС)" apart.
    joined = []
    for span in spans:
        if joined and morph.is_abbreviation(span.text):
            previous = joined[-1]
            between, after = text[previous.end : span.start], text[span.end : span.end + 1]
            if re.fullmatch(r"\s*\(", between) and after == ")":
                end = span.end + 1
                joined[-1] = Tagged(previous.start, end, previous.label, text[previous.start : end])
                continue
        joined.append(span)
    return joined


def _belongs(text, left: Tagged, right: Tagged) -> bool:
    # A body's genitive dependent right after it: "Совета Безопасности" + "ООН",
    # "Госсовета" + "КНР", "Исполкома" + "Региональной ... структуры".
    if left.label != ORG or not re.fullmatch(r"[ \u00a0]+", text[left.end : right.start]):
        return False
    if _BRACKETED.match(left.text):
        return False
    first = right.text.split()[0]
    if morph.is_abbreviation(first) or not morph.is_cyrillic(first):
        return True
    return any("gent" in morph.grammemes(p) for p in morph.parses(first.lower()))


def _mention(text, chain: list[Tagged], label: str) -> OrgMention:
    start, end = chain[0].start, chain[-1].end
    written = " ".join(text[start:end].split())
    match = _BRACKETED.match(written)
    if match and _is_abbreviation(match["abbr"]) and len(chain) == 1:
        return OrgMention(start, end, label, written, match["full"], match["abbr"])
    return OrgMention(start, end, label, written, written)


def _is_abbreviation(written: str) -> bool:
    return all(morph.is_abbreviation(word) for word in written.split())


def _declinable(word: str) -> bool:
    return (
        all(part.isalpha() for part in word.split("-"))
        and morph.is_cyrillic(word)
        and not morph.is_abbreviation(word)
    )


def _adjective_first(word: str) -> bool:
    found = morph.parses(word.lower())
    return bool(found) and bool(morph.grammemes(found[0]) & {"ADJF", "PRTF"})


def _head_parses(word: str, adjectives: list[str], label: str) -> list:
    preferred = "Geox" if label == LOC else "Orgn"
    candidates = [
        p
        for p in morph.parses(word.lower())
        if "NOUN" in morph.grammemes(p) and all(_agreeing(a, p) for a in adjectives)
    ]
    candidates.sort(
        key=lambda p: (
            preferred in morph.grammemes(p),
            "sing" in morph.grammemes(p),
            "nomn" in morph.grammemes(p),
            p.score,
        ),
        reverse=True,
    )
    # A proper name is singular unless its words say otherwise ("Соединённых Штатов").
    number = "sing" if candidates and "sing" in morph.grammemes(candidates[0]) else "plur"
    return [p for p in candidates if number in morph.grammemes(p)]


def _agreeing(adjective: str, head):
    head_tags = morph.grammemes(head)
    for parse in morph.parses(adjective.lower()):
        tags = morph.grammemes(parse)
        if not tags & {"ADJF", "PRTF"} or not tags & head_tags & morph.CASE_TAGS:
            continue
        if "plur" in head_tags and "plur" in tags:
            return parse
        if "sing" in head_tags and "sing" in tags and tags & head_tags & {"masc", "femn", "neut"}:
            return parse
    return None


def _agree(word: str, head, number: str, gender: str) -> str:
    parse = _agreeing(word, head)
    if parse is None:
        return word
    wanted = ("nomn", number) if number == "plur" else ("nomn", number, gender)
    if set(wanted) <= morph.grammemes(parse):
        return word
    inflected = morph.inflect(parse, *wanted)
    return morph.as_written(word, inflected) if inflected else word


def _nominative(word: str, parse, number: str) -> str:
    if "nomn" in morph.grammemes(parse):
        return word
    inflected = morph.inflect(parse, "nomn", number)
    return morph.as_written(word, inflected) if inflected else word


def _entity(text, members: list[tuple[OrgMention, str]]) -> EntityMention:
    labels = Counter(mention.label for mention, _ in members)
    label = max(labels, key=lambda lbl: (labels[lbl], lbl == members[0][0].label))
    names = Counter(name for _, name in members)
    name = max(names, key=lambda n: (names[n], not morph.is_abbreviation(n)))
    aliases = tuple(dict.fromkeys(m.abbreviation for m, _ in members if m.abbreviation))
    aliases = tuple(a for a in aliases if a != name)
    forms = tuple(dict.fromkeys(mention.written for mention, _ in members))
    spans = tuple(
        sorted({Span(m.start, m.end, text[m.start : m.end]) for m, _ in members}, key=_span_order)
    )
    confidence = 0.6
    confidence += 0.15 if len(spans) > 1 else 0.0
    confidence += 0.1 if aliases else 0.0
    confidence += 0.1 if len(labels) == 1 else 0.0
    return EntityMention(
        Kind.ORGANIZATION if label == ORG else Kind.PLACE,
        name,
        forms,
        aliases,
        spans,
        round(min(confidence, 0.95), 2),
    )


def _span_order(span: Span):
    return span.start, span.end


def _first_start(entity: EntityMention):
    return entity.spans[0].start
