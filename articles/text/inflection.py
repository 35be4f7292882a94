"""Russian grammar for page texts: a person's name in the case a sentence needs.

Names are stored in the nominative ("Нурсултан Назарбаев"); a heading such as "Статьи о
Нурсултане Назарбаеве" needs another case. pymorphy3 inflects them, through the one
analyzer per process that entity extraction also uses: `articles.extraction.morph`
imports nothing but pymorphy3, and that only on first use.
"""

import functools
import re
from dataclasses import dataclass

from . import morph

# Russian-type surnames the dictionary does not know ("Токаев", "Мамин") decline like
# the ones it knows, so they are inflected after one of those. A surname in -ин/-ын must
# also be in the dictionary as a possessive adjective ("мамин"): "Цзиньпин" and
# "Гуанмин" end in -ин too, and decline otherwise ("с Си Цзиньпином").
_SURNAME_MODELS = (
    (re.compile(r"[А-ЯЁ][а-яё]+[оеё]в"), "masc", "Иванов", None),
    (re.compile(r"[А-ЯЁ][а-яё]+[оеё]ва"), "femn", "Иванова", None),
    (re.compile(r"[А-ЯЁ][а-яё]+[иы]н"), "masc", "Путин", "masc"),
    (re.compile(r"[А-ЯЁ][а-яё]+[иы]на"), "femn", "Путина", "femn"),
)
# A foreign man's name declines as a Russian one ("визит Эммануэля Макрона", "с Си
# Цзиньпином"), a surname in -ский as an adjective ("Павла Зоринского"); a foreign
# woman's name ending in a consonant does not ("с Ангелой Меркель"). Short words before
# the last stay as written: "Ким Чен Ына", "Ли Цяна".
_SHORT_WORD = 3
_FOREIGN_SCORE = -0.5
_ADJECTIVE_SURNAME = re.compile(r"(?:ск|цк)(?:ий|ой|ая)$")
_MASCULINE_MODELS = (
    (re.compile(r"[бвгджзклмнпрстфхцчшщ]$"), "Иван"),
    (re.compile(r"ь$"), "Игорь"),
    (re.compile(r"[аеиоуыэюя]й$"), "Андрей"),
)
# Before these the prepositions "о" and "с" take their long forms: "об Аскаре Мамине",
# "со Светланой Жакуповой".
_VOWEL_START = re.compile(r"[аиоуэы]", re.IGNORECASE)
_CLUSTER_START = re.compile(r"[сзшж][бвгджзклмнпрстфхцчшщ]|щ", re.IGNORECASE)


@dataclass(frozen=True)
class _Reading:
    """One way to read a word as part of a person's name in the nominative."""

    gender: str | None  # None: either ("Саша", "Меркель" as far as the tag tells)
    score: float
    surname: bool
    parse: object
    model: str = ""  # the known surname an unknown one is inflected after

    def fits(self, gender):
        return self.gender in (gender, None)

    def form(self, word, case):
        inflected = morph.inflect(self.parse, case)
        if inflected is None:
            return word
        if not self.model:
            return morph.as_written(word, inflected)
        # "Иванов" -> "Иванове" is "add е", so "Токаев" -> "Токаеве".
        inflected = morph.as_written(self.model, inflected)
        common = 0
        while common < min(len(self.model), len(inflected)) and (
            self.model[common] == inflected[common]
        ):
            common += 1
        return word[: len(word) - len(self.model) + common] + inflected[common:]


@functools.lru_cache(maxsize=4096)
def inflect_name(name: str, case: str, gender: str | None = None) -> str:
    """`name`, a person's name in the nominative, in `case` (a pymorphy3 grammeme).

    All words take one gender: `gender` when the context tells it (a verb's), else the
    one most of them can be read in. Initials stay as written, and so do words that
    cannot decline in that gender.
    """
    if case not in morph.CASE_TAGS:
        raise ValueError(f"Unknown case {case!r}; expected one of {list(morph.CASES)}.")
    # Hyphens split a name into parts: of "Касым-Жомарт" only the last part declines, of
    # "Петрова-Иванова" both, being surnames.
    tokens = re.split(r"(\s+|-)", name.strip())
    last = len(tokens) - 1
    readings = [
        _readings(token, inner=tokens[i + 1 : i + 2] == ["-"], last=i == last) if i % 2 == 0 else ()
        for i, token in enumerate(tokens)
    ]
    if not any(readings):
        return name
    if gender not in morph.GENDERS:
        gender = max(morph.GENDERS, key=lambda gender: _fit(readings, gender))
    return "".join(
        _inflect_token(token, options, gender, case)
        for token, options in zip(tokens, readings, strict=True)
    )


def needs_ob(phrase: str) -> bool:
    """Whether the preposition "о" is "об" before `phrase`."""
    return bool(_VOWEL_START.match(phrase))


def needs_so(phrase: str) -> bool:
    """Whether the preposition "с" is "со" before `phrase`."""
    return bool(_CLUSTER_START.match(phrase))


def _readings(word, *, inner, last):
    if morph.INITIAL.fullmatch(word):
        return ()
    readings = []
    for parse in morph.parses(word):
        tags = morph.grammemes(parse)
        if tags & morph.PERSON_TAGS and {"sing", "nomn"} <= tags:
            gender = next((g for g in morph.GENDERS if g in tags), None)
            readings.append(_Reading(gender, parse.score, "Surn" in tags, parse))
    if not readings:
        readings = _model_readings(word)
    if inner:
        return tuple(reading for reading in readings if reading.surname)
    if last or len(word) > _SHORT_WORD:
        readings += _foreign_readings(word, readings)
    return tuple(readings)


def _foreign_readings(word, readings):
    # For a gender no name reading has: a surname in -ский as the adjective it is, any
    # other man's name declined like a Russian name of the same ending. Ranked below
    # every name reading, so that it decides the gender only where nothing else does.
    if not (morph.is_capitalised(word) and morph.is_cyrillic(word)):
        return []
    found = []
    for gender in morph.GENDERS:
        if any(reading.gender == gender for reading in readings):
            continue
        if _ADJECTIVE_SURNAME.search(word):
            parse = next(
                (
                    parse
                    for parse in morph.parses(word)
                    if {"ADJF", "sing", "nomn", gender} <= morph.grammemes(parse)
                ),
                None,
            )
            if parse is not None:
                found.append(_Reading(gender, _FOREIGN_SCORE, True, parse))
        elif gender == "masc":
            model = next((m for pattern, m in _MASCULINE_MODELS if pattern.search(word)), None)
            parse = model and next(
                (
                    parse
                    for parse in morph.parses(model)
                    if {"Name", "masc", "sing", "nomn"} <= morph.grammemes(parse)
                ),
                None,
            )
            if parse is not None:
                found.append(_Reading(gender, _FOREIGN_SCORE, True, parse, model))
    return found


def _model_readings(word):
    for pattern, gender, model, possessive in _SURNAME_MODELS:
        if not pattern.fullmatch(word):
            continue
        if possessive and not (
            morph.is_known(word)
            and any(
                {"Poss", "nomn", possessive} <= morph.grammemes(parse)
                for parse in morph.parses(word)
            )
        ):
            continue
        for parse in morph.parses(model):
            if {"Surn", "nomn", gender} <= morph.grammemes(parse):
                return [_Reading(gender, 0.0, True, parse, model)]
    return []


def _fit(readings, gender):
    # How many words read in `gender`, then how well: "Гульнара" makes "Сейтказиева" her
    # surname, not the genitive of a man's. Ties go to the masculine, listed first.
    scores = [
        max(reading.score for reading in options if reading.fits(gender))
        for options in readings
        if any(reading.fits(gender) for reading in options)
    ]
    return len(scores), sum(scores)


def _inflect_token(token, options, gender, case):
    fitting = [reading for reading in options if reading.fits(gender)]
    if not fitting:
        return token
    return max(fitting, key=lambda reading: reading.score).form(token, case)
