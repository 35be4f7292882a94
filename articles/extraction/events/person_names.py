"""Persons' names in an event's name, without the person finder, and their genitive."""

from articles.extraction import morph

from .records import _Token
from .text import _covered
from .vocabulary import (
    _ABBREVIATION,
    _CONSONANT_END,
    _FEMININE_SURNAME,
    _PERSON_TAGS,
    _SURNAME_GENITIVES,
    _WORD,
)


def _is_initial(tokens, index) -> bool:
    return (
        0 <= index < len(tokens) - 1
        and len(tokens[index].text) == 1
        and tokens[index].text.isupper()
        and tokens[index + 1].text == "."
    )


def _is_capital_word(token: _Token, context) -> bool:
    text = token.text
    if not (_WORD.fullmatch(text) and text[:1].isupper()) or _ABBREVIATION.fullmatch(text):
        return False
    return not _covered(token, (span for span, _ in (*context.places, *context.organizations)))


def _has_tag(word: str, tags: frozenset) -> bool:
    return bool(_WORD.fullmatch(word)) and any(tags & p.tag.grammemes for p in morph.parses(word))


def _in_name(tokens, index: int, context) -> bool:
    # A first name, a surname or no dictionary word at all ("Жаксылыков"), or any capitalised
    # word after a first name or an initial ("Павлом Зоринским"); never a place or an
    # organization.
    token = tokens[index]
    if not _is_capital_word(token, context):
        return False
    if _has_tag(token.text, _PERSON_TAGS) or not morph.is_known(token.text):
        return True
    return index > 0 and (
        _is_initial(tokens, index - 2) or _has_tag(tokens[index - 1].text, frozenset({"Name"}))
    )


def _name_start(tokens, end: int, context) -> int:
    """Where a person's name ending just before `end` starts; `end` when there is none."""
    start = end
    while True:
        if _is_initial(tokens, start - 2):
            start -= 2
        elif start > 0 and _in_name(tokens, start - 1, context):
            start -= 1
        else:
            break
    return start if start < end and _in_name(tokens, end - 1, context) else end


def _name_end(tokens, start: int, context) -> int:
    """Where a person's name starting at `start` ends; `start` when there is none."""
    end = start
    while True:
        if _is_initial(tokens, end):
            end += 2
        elif end < len(tokens) and _in_name(tokens, end, context):
            end += 1
        else:
            break
    return end if end > start and _in_name(tokens, end - 1, context) else start


def _name_words(tokens) -> list[str]:
    words = []
    for position, token in enumerate(tokens):
        if token.text == "." and words and position and _is_initial(tokens, position - 1):
            words[-1] += "."
        else:
            words.append(token.text)
    return words


def _person_genitive(tokens, verb) -> str:
    # "Ерлан Байжанов прибыл" makes the "визит Ерлана Байжанова"; the verb tells the gender.
    *given, surname = _name_words(tokens)
    gender = _gender(given, surname, verb)
    words = [_given_genitive(word, gender) for word in given]
    return " ".join([*words, _surname_genitive(surname, gender)])


def _gender(given, surname: str, verb) -> str:
    if verb is not None and verb.tag.gender in {"masc", "femn"}:
        return verb.tag.gender
    for word in given:
        for parse in morph.parses(word) if _WORD.fullmatch(word) else ():
            if {"Name", "nomn"} <= parse.tag.grammemes and parse.tag.gender in {"masc", "femn"}:
                return parse.tag.gender
    return "femn" if _FEMININE_SURNAME.search(surname) else "masc"


def _given_genitive(word: str, gender: str) -> str:
    if word.endswith("."):
        return word
    for parse in morph.parses(word):
        grammemes = parse.tag.grammemes
        if {"Name", "nomn", "sing", gender} <= grammemes:
            inflected = morph.inflect(parse, "gent")
            if inflected:
                return morph.as_written(word, inflected)
    return _regular_genitive(word, gender)


def _surname_genitive(word: str, gender: str) -> str:
    for ending, genitive in _SURNAME_GENITIVES[gender]:
        if word.endswith(ending):
            return word[: -len(ending)] + genitive
    # A foreign woman's surname does not decline; a man's that ends in a consonant does.
    return _regular_genitive(word, gender) if gender == "masc" else word


def _regular_genitive(word: str, gender: str) -> str:
    if gender == "masc" and _CONSONANT_END.search(word):
        return word + "а"
    if gender == "masc" and word.endswith(("й", "ь")):
        return word[:-1] + "я"
    if gender == "femn" and word.endswith("а"):
        return word[:-1] + ("и" if word[-2:-1] in "гкхжшчщ" else "ы")
    if gender == "femn" and word.endswith("я"):
        return word[:-1] + "и"
    return word
