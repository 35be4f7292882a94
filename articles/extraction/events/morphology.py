"""Word forms for event names: case, agreement, the nominative and accusative of a name."""

from articles.text import morph

from .records import _Token
from .vocabulary import _COMPOUND, _FUNCTION_WORDS, _ROMAN, _WORD, EVENT_NOUNS


def _kind_of(parse) -> str:
    # "бизнес-форум" is a forum.
    return parse.normal_form.rpartition("-")[2]


def _event_parses(token: _Token) -> list:
    if not _WORD.fullmatch(token.text):
        return []
    return [
        parse
        for parse in morph.parses(token.text)
        if parse.tag.POS == "NOUN" and _kind_of(parse) in EVENT_NOUNS
    ]


def _verb(token: _Token):
    if not _WORD.fullmatch(token.text):
        return None
    parse = morph.parses(token.text)[0]
    return parse if parse.tag.POS == "VERB" else None


def _is_genitive(token: _Token) -> bool:
    if not _WORD.fullmatch(token.text):
        return False
    parses = morph.parses(token.text)
    # "в" is also an abbreviated noun to pymorphy; its usual reading decides.
    if parses[0].tag.POS in _FUNCTION_WORDS:
        return False
    return any(
        parse.tag.POS in {"NOUN", "ADJF"} and "gent" in parse.tag and "Apro" not in parse.tag
        for parse in parses
    )


def _is_genitive_surname(token: _Token) -> bool:
    # Read as a surname: "встречи А. Жаксылыков провел" is no meeting of Жаксылыков's.
    return _WORD.fullmatch(token.text) is not None and any(
        {"Surn", "gent", "sing"} <= parse.tag.grammemes for parse in morph.parses(token.text)
    )


def _in_case(token: _Token, case: str):
    if not _WORD.fullmatch(token.text):
        return None
    return next(
        (
            parse
            for parse in morph.parses(token.text)
            if parse.tag.POS in {"NOUN", "ADJF"} and case in parse.tag and "Apro" not in parse.tag
        ),
        None,
    )


def _agrees(tag, noun) -> bool:
    if tag.case != noun.tag.case or tag.number != noun.tag.number:
        return False
    return tag.number == "plur" or noun.tag.gender in {None, "GNdr", "ms-f", tag.gender}


def _compound(text: str) -> tuple[str, str]:
    # pymorphy3 guesses "казахстанско-российской" badly as a whole; its last part is a word.
    match = _COMPOUND.fullmatch(text)
    return (match[1], match[2]) if match else ("", text)


def _is_bilateral(token: _Token) -> bool:
    # "казахстанско-узбекский", "российско-китайские": the parties of the event.
    prefix, _ = _compound(token.text)
    return bool(prefix) and all(
        part.lower().endswith(("ско", "цко")) for part in prefix[:-1].split("-")
    )


def _agreeing_adjective(token: _Token, noun):
    # Ordinals and adjectives that agree with the noun in case and number belong to the
    # event's name ("12-ю Встречу", "Астанинском саммите"); participles do not.
    if _ROMAN.fullmatch(token.text):
        return token.text
    _, declined = _compound(token.text)
    for parse in morph.parses(declined):
        if parse.tag.POS == "ADJF" and "Apro" not in parse.tag and _agrees(parse.tag, noun):
            return parse
    return None


def _with_case_of(word: str, original: str) -> str:
    return morph.capitalised(word) if morph.is_capitalised(original) else word


def _nominative(token: _Token, parse, noun) -> str:
    if isinstance(parse, str):  # a Roman numeral
        return parse
    if "Anum" in parse.tag and "-" in token.text:
        return token.text.split("-", 1)[0] + "-" + _ordinal_ending(noun)
    prefix, _ = _compound(token.text)
    inflected = morph.inflect(parse, "nomn")
    if inflected is None:
        return token.text
    return prefix + inflected if prefix else _with_case_of(inflected, token.text)


def _ordinal_ending(noun) -> str:
    if noun.tag.number == "plur":
        return "е"
    return {"femn": "я", "neut": "е"}.get(noun.tag.gender, "й")


def _accusative(name: str) -> str:
    # "визит в Москву": where a visit goes is named in the accusative.
    return " ".join(_word_accusative(word) for word in name.split())


def _word_accusative(word: str) -> str:
    if not _WORD.fullmatch(word):
        return word
    for parse in morph.parses(word):
        if parse.tag.POS in {"NOUN", "ADJF"} and "nomn" in parse.tag:
            inflected = morph.inflect(parse, "accs")
            return morph.as_written(word, inflected) if inflected else word
    return word
