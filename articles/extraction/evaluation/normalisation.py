"""How names are compared: one spelling of quotes, dashes, initials and legal forms."""

import re
import unicodedata

_QUOTES = re.compile("[\"'«»„“”‟‘’‚‹›]")
_DASH = re.compile(r"\s*[\u2010-\u2015\u2212-]\s*")
# "А.Жаксылыков", "А.  Жаксылыков" -> "А. Жаксылыков"; only a single capital before the dot,
# so "Kapital.kz" is left alone.
_INITIAL = re.compile(r"(?<!\w)([A-ZА-ЯЁ])\.\s*(?=\w)")
_PARENTHESISED = re.compile(r"(.*?)\s*\(([^()]*)\)\s*")
_LEGAL_FORMS = frozenset({"ао", "тоо", "пао", "оао", "зао", "ооо", "нао", "ано", "гу", "ргп"})


def normalise(text: str) -> str:
    """NFC, ё -> е, no quotes, one spelling of dashes, initials and whitespace."""
    text = unicodedata.normalize("NFC", text).replace("ё", "е").replace("Ё", "Е")
    text = _QUOTES.sub("", text)
    text = " ".join(text.split())  # also no-break and other Unicode spaces
    text = _DASH.sub("-", text)
    return _INITIAL.sub(r"\1. ", text).strip()


def _key(text: str) -> str:
    text = normalise(text)
    return text[:1].lower() + text[1:]


def _variants(name: str) -> set[str]:
    """The keys a name may be matched by: itself, and for "Main (ABBR)" also Main and ABBR."""
    names = {name}
    if match := _PARENTHESISED.fullmatch(name):
        names.update(part for part in match.groups() if part.strip())
    keys = {_key(name) for name in names}
    for key in list(keys):
        first, _, rest = key.partition(" ")
        if rest and first.casefold() in _LEGAL_FORMS:
            keys.add(_key(rest))
    return keys
