"""Persons: NER PER spans, cleaned, filtered and grouped into one entity per person."""

import re
from dataclasses import dataclass, field

from ..text import morph, names
from . import roles
from .ner import PER, Tagged
from .types import EntityMention, Kind, Span

# An initial the model left outside the span: "Н. " before "Патрушев".
_INITIALS_BEFORE = re.compile(r"(?<!\w)(?:[A-ZА-ЯЁ][a-zа-яё]?\.[ \u00a0]?){1,2}$")
_EDGE_PUNCTUATION = "\"'«»„“”()[],;:!?—–- "
# Lower-case particles that do belong to names: "Шарль де Голль", "Усама бен Ладен".
_PARTICLES = frozenset(
    {"де", "ди", "да", "дер", "ван", "фон", "ла", "ле", "аль", "эль", "ибн", "бен", "бин"}
)
_DOMAIN = re.compile(r"[A-Za-z]\.[A-Za-z]")
_WORD_BEFORE = re.compile(r"([А-Яа-яЁё]+)\s+$")
_WORD_AFTER = re.compile(r"\s+([А-Яа-яЁё]+)")
_GENITIVE, _DATIVE, _LOCATIVE = frozenset({"gent"}), frozenset({"datv"}), frozenset({"loct"})
_PREPOSITION_CASES = {
    **dict.fromkeys(("у", "от", "до", "для", "без", "из", "около", "после", "словам"), _GENITIVE),
    **dict.fromkeys(("к", "ко", "по", "благодаря", "согласно"), _DATIVE),
    **dict.fromkeys(
        ("с", "со", "над", "под", "перед", "между"), frozenset({"ablt", "gent", "accs"})
    ),
    **dict.fromkeys(("о", "об", "обо", "при"), _LOCATIVE),
    **dict.fromkeys(("на", "в", "во", "за", "про", "через"), frozenset({"accs", "loct"})),
}


@dataclass
class _Mention:
    start: int
    end: int
    written: str  # whitespace normalised
    parsed: names.NameParse
    role: roles.Role | None
    gender: str | None  # what the words around the name say
    cases: frozenset | None


@dataclass
class _Person:
    stem: str  # surname_stem of the surname, or ""
    first: str  # casefolded first name, or ""
    initial: str
    gender: str | None
    mentions: list[_Mention] = field(default_factory=list)

    def last_before(self, position):
        return max((m.start for m in self.mentions if m.start < position), default=-1)


def find_mentions(text: str, tagged: tuple[Tagged, ...], not_persons: set[str]) -> list[tuple]:
    spans = _merge_adjacent(text, sorted((t.start, t.end) for t in tagged if t.label == PER))
    found = []
    for start, end in spans:
        start += roles.title_length(text[start:end])
        start, end = _trim(text, *_with_initials(text, start, end))
        if start < end and _looks_like_person(text[start:end], not_persons):
            found.append((start, end))
    return found


def group(
    text: str, spans: list[tuple], found_roles: dict[tuple, roles.Role]
) -> list[EntityMention]:
    mentions = []
    for start, end in spans:
        role = found_roles.get((start, end))
        written = " ".join(text[start:end].split())
        gender, cases = _context(text, start, end, role)
        parsed = names.analyse(written, gender=gender, cases=cases)
        if gender and parsed.case != "nomn":
            # The verb agrees with some other subject: "Сарсенбаевой понравился завод".
            gender = None
            parsed = names.analyse(written, cases=cases)
        mentions.append(_Mention(start, end, written, parsed, role, gender, cases))
    people: list[_Person] = []
    # Fuller names first, so that "Назарбаев" finds the "Нурсултан Назарбаев" it belongs to.
    for mention in sorted(mentions, key=lambda m: (-m.parsed.fullness, m.start)):
        person = _matching(people, mention)
        if person is None:
            person = _new_person(mention)
            people.append(person)
        elif person.gender is None:
            person.gender = _certain_gender(mention)
        person.mentions.append(mention)
    entities = [_entity(text, person) for person in people]
    return sorted(entities, key=lambda e: e.spans[0].start)


def _context(text, start, end, role):
    # A name's case and gender are often ambiguous on their own ("Назарбаева": his genitive
    # or her nominative); a title before it, a preposition before it or a past-tense verb
    # after it settle them.
    cases = role.head_cases if role else None
    before = _WORD_BEFORE.search(text, max(0, start - 20), start)
    if cases is None and before:
        cases = _PREPOSITION_CASES.get(before.group(1).lower())
    after = _WORD_AFTER.match(text, end)
    gender = None
    if after:
        genders = {
            g
            for p in morph.parses(after.group(1).lower())
            if {"VERB", "past", "sing"} <= morph.grammemes(p)
            for g in morph.GENDERS
            if g in morph.grammemes(p)
        }
        gender = genders.pop() if len(genders) == 1 else None
    return gender, cases


def _merge_adjacent(text, spans):
    merged = []
    for start, end in spans:
        if merged and re.fullmatch(r"[ \u00a0]*", text[merged[-1][1] : start]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _with_initials(text, start, end):
    match = _INITIALS_BEFORE.search(text, max(0, start - 8), start)
    return (match.start() if match else start), end


def _trim(text, start, end):
    while start < end and text[start] in _EDGE_PUNCTUATION:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCTUATION and text[end - 1] != ".":
        end -= 1
    return start, end


def _looks_like_person(written: str, not_persons: set[str]) -> bool:
    # The model also tags sources, bodies and places as persons: "Kapital.kz", "Акорда".
    cleaned = names.clean_written(written)
    if any(ch.isdigit() for ch in cleaned) or _DOMAIN.search(cleaned):
        return False
    words = [w for w in cleaned.split(" ") if not re.fullmatch(r"\w{1,2}\.", w)]
    if not words or len(words) > 4:
        return False
    for word in words:
        if word in _PARTICLES:
            continue
        if not morph.is_capitalised(word) or morph.is_abbreviation(word):
            return False
    folded = cleaned.casefold().replace("ё", "е")
    normalised = names.normalise_name(cleaned).casefold().replace("ё", "е")
    if folded in not_persons or normalised in not_persons:
        return False
    return not (len(words) == 1 and _is_place_or_body(words[0], not_persons))


def _is_place_or_body(word: str, not_persons: set[str]) -> bool:
    found = morph.parses(word.lower())
    if any(p.normal_form.replace("ё", "е") in not_persons for p in found):
        return True
    person = any(morph.grammemes(p) & morph.PERSON_TAGS for p in found)
    return bool(found) and not person and bool(morph.grammemes(found[0]) & {"Geox", "Orgn"})


def _matching(people: list[_Person], mention: _Mention) -> _Person | None:
    parsed = mention.parsed
    stem = names.surname_stem(parsed.surname) if parsed.surname else ""
    first = parsed.first.casefold()
    gender = _certain_gender(mention)
    candidates = [
        person
        for person in people
        if ((stem and person.stem == stem) or (not stem and _same_first(person.first, first)))
        and (not first or not person.first or _same_first(person.first, first))
        and (not parsed.initial or not person.initial or person.initial == parsed.initial)
        and (not gender or not person.gender or person.gender == gender)
    ]
    if not candidates:
        return None
    # Two people of one surname: a bare surname means the one named last.
    return max(candidates, key=lambda p: p.last_before(mention.start))


def _same_first(a: str, b: str) -> bool:
    # An unknown first name may be left in its written case: "Ерлана" is "Ерлан".
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return bool(shorter) and longer.startswith(shorter[:-1]) and len(longer) - len(shorter) <= 2


def _certain_gender(mention: _Mention) -> str | None:
    return mention.gender or (mention.parsed.gender if mention.parsed.gender_certain else None)


def _new_person(mention: _Mention) -> _Person:
    parsed = mention.parsed
    return _Person(
        names.surname_stem(parsed.surname) if parsed.surname else "",
        parsed.first.casefold(),
        parsed.initial,
        _certain_gender(mention),
    )


def _entity(text: str, person: _Person) -> EntityMention:
    mentions = sorted(person.mentions, key=lambda m: m.start)
    best = max(mentions, key=lambda m: (m.parsed.fullness, m.parsed.case == "nomn", -m.start))
    name = names.analyse(best.written, gender=person.gender, cases=best.cases).display
    role = _stated_role([m.role for m in mentions if m.role])
    return EntityMention(
        Kind.PERSON,
        name,
        tuple(dict.fromkeys(m.written for m in mentions)),
        (),
        tuple(Span(m.start, m.end, text[m.start : m.end]) for m in mentions),
        _confidence(best.parsed, len(mentions), role),
        role.text if role else "",
        Span(role.start, role.end, text[role.start : role.end]) if role else None,
    )


def _stated_role(found: list[roles.Role]) -> roles.Role | None:
    # The first role stated, or the first fuller statement of it: the lead's "Министр
    # энергетики" is the body's "Министр энергетики Казахстана".
    if not found:
        return None
    first = found[0].text.casefold()
    return next((r for r in found if r.text.casefold().startswith(first + " ")), found[0])


def _confidence(parsed: names.NameParse, count: int, role: roles.Role | None) -> float:
    base = {3: 0.8, 2: 0.7}.get(int(parsed.fullness), 0.5)
    base += 0.1 if count > 1 else 0.0
    base += 0.05 if role else 0.0
    base += 0.04 if parsed.case else 0.0
    return round(min(base, 0.99), 2)
