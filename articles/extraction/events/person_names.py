"""Persons' names in an event's name, without the person finder, and their genitive."""

from articles.text import inflection, morph

from .records import _Token
from .text import _covered
from .vocabulary import _ABBREVIATION, _WORD


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
    if _has_tag(token.text, morph.PERSON_TAGS) or not morph.is_known(token.text):
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
    gender = verb.tag.gender if verb is not None else None
    return inflection.inflect_name(" ".join(_name_words(tokens)), "gent", gender)
