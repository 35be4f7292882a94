"""Personal names: split a written name, put it in the nominative, key it for matching."""

import itertools
import re
from dataclasses import dataclass, replace

from . import morph
from .morph import FIRST, PATRONYMIC, SURNAME

# In this order: the first kind a word's tags name is the one it is read as.
_PERSON_TAGS = (FIRST, PATRONYMIC, SURNAME)
_NOMINATIVE = frozenset({"nomn"})

_GLUED_INITIAL = re.compile(r"(?<!\w)([A-ZА-ЯЁ][a-zа-яё]?\.)\s*(?=\w)")


@dataclass(frozen=True)
class _Option:
    kind: str
    case: str
    gender: str  # "masc", "femn" or "ms-f"
    score: float
    parse: object = None
    nominative: str = ""  # without a parse: the nominative ("" for the word as written)

    def fits(self, case, gender):
        return self.case == case and self.gender in (gender, "ms-f")


@dataclass(frozen=True)
class NameParse:
    initials: tuple[str, ...]  # "Н.", "А."
    first: str  # nominative, as displayed
    middle: str  # patronymic or any other middle words
    surname: str
    gender: str | None  # the gender the words were read in
    gender_certain: bool  # no reading of the other gender fits all the words
    case: str | None  # the case the name was written in, when it could be read

    @property
    def display(self):
        return " ".join(
            part for part in (*self.initials, self.first, self.middle, self.surname) if part
        )

    @property
    def initial(self):
        source = self.initials[0] if self.initials else self.first
        return source[:1].casefold()

    @property
    def fullness(self):
        return (3 if self.first else 2 if self.initials else 1) + (0.5 if self.middle else 0)


def clean_written(written: str) -> str:
    # "Е.Сысоев" -> "Е. Сысоев"; any run of whitespace (also non-breaking) -> one space.
    return _GLUED_INITIAL.sub(r"\1 ", " ".join(written.split()))


def normalise_name(written: str) -> str:
    return analyse(written).display


def person_key(name: str) -> tuple[str, str]:
    # Read as a nominative wherever the words allow it, so a name extract_entities gives
    # keeps its surname ("Дарина Назарбаева" is not "Нурсултан Назарбаев") and only
    # forms that cannot be nominative are undone ("Нурсултана Назарбаева").
    parsed = analyse(name, cases=_NOMINATIVE)
    surname = parsed.surname or parsed.first
    initial = parsed.initial if parsed.surname else ""
    return surname.casefold().replace("ё", "е"), initial


def surname_stem(surname: str) -> str:
    # One key for both genders of a surname: "Назарбаева" and "Назарбаев" share a family.
    key = surname.casefold().replace("ё", "е")
    for feminine, masculine in (("ская", "ский"), ("цкая", "цкий")):
        if key.endswith(feminine):
            return key[: -len(feminine)] + masculine
    if re.search(r"(?:ова|ева|ина|ына)$", key):
        return key[:-1]
    return key


def analyse(
    written: str, gender: str | None = None, cases: frozenset[str] | None = None
) -> NameParse:
    # gender and cases: what the context says (a verb, a title, a preposition), if anything.
    parsed = _split(clean_written(written))
    slots = [(kind, word) for kind, word in _slots(parsed) if word]
    options = [_options(word, kind) for kind, word in slots]
    state, certain = _choose_state(options, gender, cases)
    if state is None:
        return _foreign(parsed, cases)
    words = {
        kind: _nominative(word, opts, kind, state)
        for (kind, word), opts in zip(slots, options, strict=True)
    }
    return NameParse(
        parsed.initials,
        words.get(FIRST, ""),
        words.get(PATRONYMIC, ""),
        words.get(SURNAME, ""),
        state[1],
        certain,
        state[0],
    )


def _foreign(parsed: NameParse, cases) -> NameParse:
    # "с Чэнь Гуанмином": no word is a known name, so only the case the context demands
    # tells how to undo the ending.
    if not cases or "nomn" in cases or not parsed.surname:
        return parsed
    *fixed_parts, declined = parsed.surname.split("-")
    for case, gender in itertools.product(morph.CASES, morph.GENDERS):
        parse = _noun_in(declined, case, gender) if case in cases else None
        nominative = parse and morph.inflect(parse, "nomn")
        if nominative:
            surname = "-".join((*fixed_parts, morph.as_written(declined, nominative)))
            return replace(parsed, surname=surname, gender=gender, case=case)
    return parsed


def _split(written: str) -> NameParse:
    parts = written.split(" ")
    initials = tuple(part for part in parts if morph.INITIAL.fullmatch(part))
    words = [part for part in parts if not morph.INITIAL.fullmatch(part)]
    first = middle = surname = ""
    if len(words) == 1:
        if _kinds(words[0]) == {FIRST} and not initials:
            first = words[0]
        else:
            surname = words[0]
    elif len(words) == 2:
        first, surname = words
        if _kinds(first) == {SURNAME} and FIRST in _kinds(surname) - {SURNAME}:
            first, surname = surname, first  # "Назарбаев Нурсултан"
    elif len(words) >= 3:
        first, *rest, surname = words
        middle = " ".join(rest)
        if len(words) == 3 and PATRONYMIC in _kinds(surname):
            surname, first, middle = first, middle, surname  # "Назарбаев Нурсултан Абишевич"
    return NameParse(initials, first, middle, surname, None, False, None)


def _slots(parsed: NameParse):
    return ((FIRST, parsed.first), (PATRONYMIC, parsed.middle), (SURNAME, parsed.surname))


def _kinds(word: str) -> set[str]:
    # Singular readings only: "Алимов" is not the genitive plural of the name "Алим".
    return {
        kind
        for parse in morph.parses(word.split("-")[-1])
        for kind in _PERSON_TAGS
        if kind in morph.grammemes(parse) and "sing" in morph.grammemes(parse)
    }


def _options(word: str, kind: str) -> list[_Option]:
    if " " in word:
        return []
    *fixed_parts, declined = word.split("-")
    options = []
    for parse in morph.parses(declined):
        tags = morph.grammemes(parse)
        person = next((tag for tag in _PERSON_TAGS if tag in tags), None)
        if person is None or "sing" not in tags:
            continue
        weight = 1.0 if person == kind else 0.3
        gender = next((g for g in (*morph.GENDERS, "ms-f") if g in tags), "ms-f")
        case = next((c for c in morph.CASES if c in tags), None)
        if case:
            options.append(_Option(person, case, gender, parse.score * weight, parse))
    if kind == SURNAME and not any(o.kind == SURNAME for o in options):
        if morph.MASCULINE_SURNAME.search(word):
            options.append(_Option(SURNAME, "nomn", "masc", 0.3))
        elif morph.FEMININE_SURNAME.search(word):
            # Her nominative or his genitive: "Гуанмина" is either.
            options.append(_Option(SURNAME, "nomn", "femn", 0.3))
            options.append(_Option(SURNAME, "gent", "masc", 0.3, None, word[:-1]))
            options.append(_Option(SURNAME, "accs", "masc", 0.3, None, word[:-1]))
    if options and not morph.is_known(declined) and not any(o.kind == kind for o in options):
        # A guess from the ending that does not even fit the word's place in the name:
        # the surname "Шарифзода" is not the genitive of a first name "Шарифзод".
        options.append(_Option(kind, "nomn", "ms-f", 0.1))
    # Only the last part of "Касым-Жомарт" declines; the others still tell the gender.
    for part in fixed_parts:
        genders = {
            g for p in morph.parses(part) for g in morph.GENDERS if FIRST in p.tag and g in p.tag
        }
        if genders:
            options = [
                replace(o, score=o.score + 0.3)
                for o in options
                if o.gender == "ms-f" or o.gender in genders
            ]
    return options


def _choose_state(options, gender, cases):
    # A case and a gender that every word of the name can be read in together.
    known = [opts for opts in options if opts]
    if not known:
        return None, False
    scored = {}
    for case, state_gender in itertools.product(morph.CASES, morph.GENDERS):
        total = 0.0
        for opts in known:
            fitting = [o.score for o in opts if o.fits(case, state_gender)]
            total += max(fitting) if fitting else -1.0
        total += 0.1 if case == "nomn" else 0.0
        total += 0.5 if cases and case in cases else 0.0
        total += 1.0 if gender == state_gender else 0.0
        scored[case, state_gender] = total
    best = max(scored, key=scored.get)  # the first of equals: nominative, masculine
    other = "femn" if best[1] == "masc" else "masc"
    certain = all(
        any(not any(o.fits(case, other) for o in opts) for opts in known) for case in morph.CASES
    )
    return best, certain


def _nominative(word: str, options, kind: str, state) -> str:
    case, gender = state
    fitting = [o for o in options if o.fits(case, gender)]
    *fixed_parts, declined = word.split("-")
    if fitting:
        best = max(fitting, key=lambda o: o.score)
        if best.nominative:
            return best.nominative
        parse = best.parse
    elif kind == SURNAME and case != "nomn":
        # A foreign surname the dictionary knows only as a common noun ("Макрона").
        parse = _noun_in(declined, case, gender)
    else:
        parse = None
    if parse is None:
        return word
    nominative = morph.inflect(parse, "nomn")
    if nominative is None:
        return word
    return "-".join((*fixed_parts, morph.as_written(declined, nominative)))


def _noun_in(word: str, case: str, gender: str):
    for parse in morph.parses(word):
        tags = morph.grammemes(parse)
        if {"NOUN", "sing", case} <= tags and (gender in tags or "ms-f" in tags):
            return parse
    return None
