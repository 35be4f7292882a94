"""Words: dates in words, prepositions, the case forms of names and adjectives."""

from __future__ import annotations

import datetime
import functools
import unicodedata

from articles.text import morph

MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)

CASES = ("nomn", "gent", "datv", "ablt")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _clean(text: str) -> str:
    # What the parser would make of it: NFC, single spaces.
    return " ".join(unicodedata.normalize("NFC", text).split())


def _before(preposition: str, word: str) -> str:
    # "в Астане" but "во Владимире", "с Ивановым" but "со Смирновым".
    clusters = {"в": "вВфФ", "с": "сСзЗшШжЖ"}[preposition]
    if word[:1] in clusters and word[1:2].lower() not in "аеёиоуыэюя":
        return f"{preposition}о {word}"
    return f"{preposition} {word}"


def _date_in_words(date: datetime.date) -> str:
    return f"{date.day} {MONTHS_GENITIVE[date.month - 1]} {date.year} года"


@functools.lru_cache(maxsize=10_000)
def _noun_forms(word: str, tag: str, gender: str) -> dict[str, str] | None:
    """The case forms of a name (tag "Name"/"Surn"), a city ("Geox") or a plain noun ("")."""
    for parse in morph.analyzer().parse(word.lower()):
        grammemes = parse.tag.grammemes
        if {"NOUN", "sing", "nomn"} <= grammemes and (not tag or tag in grammemes):
            if gender and gender not in grammemes:
                continue
            forms = {"nomn": word}
            for case in ("gent", "datv", "ablt", "loct"):
                inflected = parse.inflect({case})
                if inflected is None:
                    return None
                forms[case] = morph.as_written(word, inflected.word)
            return forms
    return None


@functools.lru_cache(maxsize=1_000)
def _adjective_forms(word: str, gender: str) -> dict[str, str]:
    for parse in morph.analyzer().parse(word.lower()):
        if {"ADJF", "masc", "sing", "nomn"} <= parse.tag.grammemes:
            forms = {}
            for case in ("nomn", "gent", "loct"):
                forms[case] = morph.as_written(word, parse.inflect({gender, case}).word)
            return forms
    raise ValueError(f"pymorphy3 does not know the adjective {word!r}")
