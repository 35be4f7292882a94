"""Russian morphology through pymorphy3: one analyzer per process, loaded on first use,
and the grammemes the rest of the project reads (cases, genders, name tags).
"""

import functools
import re

# The six cases, nominative first: a choice between equals goes to the nominative.
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
# The same, to intersect with a word's grammemes.
CASE_TAGS = frozenset(CASES)
# Masculine first: a choice between equals goes to the masculine.
GENDERS = ("masc", "femn")
FIRST, PATRONYMIC, SURNAME = "Name", "Patr", "Surn"
PERSON_TAGS = frozenset({FIRST, PATRONYMIC, SURNAME})
# "Н." or "Дж.": one capital, at most one small letter, a full stop.
INITIAL = re.compile(r"[A-ZА-ЯЁ][a-zа-яё]?\.")
# Russian surnames by their endings, for the ones the dictionary does not know.
MASCULINE_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын|ский|цкий|ской)$")
FEMININE_SURNAME = re.compile(r"(?:ова|ева|ёва|ина|ына|ская|цкая)$")

# A word with two capitals in one hyphen-free part ("ШОС", "ЕврАзЭС", "МИД") is an
# abbreviation; "Санкт-Петербург" has one capital per part and is not.
_TWO_CAPITALS = re.compile(r"[A-ZА-ЯЁ][^-]*[A-ZА-ЯЁ]")
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


@functools.cache
def analyzer():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


# Articles repeat the same few thousand words; parsing each once keeps extraction cheap.
@functools.lru_cache(maxsize=100_000)
def parses(word: str) -> tuple:
    return tuple(analyzer().parse(word))


@functools.lru_cache(maxsize=100_000)
def is_known(word: str) -> bool:
    return analyzer().word_is_known(word.lower())


@functools.lru_cache(maxsize=100_000)
def _inflect(parse, grammemes: frozenset) -> str | None:
    inflected = parse.inflect(set(grammemes))
    return inflected.word if inflected else None


def inflect(parse, *grammemes: str) -> str | None:
    return _inflect(parse, frozenset(grammemes))


def grammemes(parse) -> frozenset:
    return parse.tag.grammemes


def is_abbreviation(word: str) -> bool:
    return any(_TWO_CAPITALS.search(part) for part in word.split("-"))


def is_cyrillic(word: str) -> bool:
    return bool(_CYRILLIC.search(word))


def is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def capitalised(word: str) -> str:
    return word[:1].upper() + word[1:]


def as_written(original: str, inflected: str) -> str:
    # pymorphy3 answers in lower case and with ё; give the word back the capitals and the
    # е/ё spelling of the original: ("Санкт-Петербурге", "санкт-петербург") ->
    # "Санкт-Петербург".
    if "ё" not in original.lower():
        inflected = inflected.replace("ё", "е")
    lower = original.lower()
    common = 0
    for a, b in zip(lower, inflected, strict=False):
        if a != b:
            break
        common += 1
    result = original[:common] + inflected[common:]
    if common == 0 and original[:1].isupper():
        result = capitalised(result)
    return result
