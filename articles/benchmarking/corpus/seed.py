"""The seed article as a source of sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass

from articles.text import morph
from articles.text.parsing import parse_bytes

from .base import SEED_FILE, SEEDS_DIR

# How the seed names its one main person: replaced by a slot for ours.
SEED_PERSON_PHRASES = (
    "Президент Казахстана Нурсултан Назарбаев",
    "Нурсултан Назарбаев",
    "президент Казахстана",
    "глава государства",
)
_QUOTE_UNIT = re.compile(r"«(?P<quote>.+)»,? — .+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[А-ЯЁA-Z«])")
_WORD = re.compile(r"[А-ЯЁа-яёA-Za-z][\w-]*")
_NAMED = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"})


@dataclass(frozen=True)
class _SeedText:
    quotes: tuple[str, ...]
    fillers: tuple[str, ...]
    person_statements: tuple[str, ...]

    @classmethod
    def read(cls) -> _SeedText:
        """The seed's sentences that name nobody but its main person (who becomes a slot)."""
        article = parse_bytes((SEEDS_DIR / SEED_FILE).read_bytes())  # also drops the footer
        quotes, fillers, statements = [], [], []
        for block in (article.lead, *article.paragraphs):
            for unit in _units(block):
                if not unit.endswith((".", "!", "?")):
                    unit += "."  # the seed's lead has no final stop
                quote = _QUOTE_UNIT.fullmatch(unit)
                if quote:
                    for sentence in _SENTENCE_END.split(quote.group("quote")):
                        sentence = sentence.rstrip(".") + "."
                        if _names_nobody(sentence):
                            quotes.append(sentence)
                    continue
                template = _person_template(unit)
                if template is None:
                    if _names_nobody(unit):
                        fillers.append(unit.replace("{", "{{").replace("}", "}}"))
                elif _names_nobody(template.replace("{r}", "")):
                    statements.append(template)
        return cls(tuple(quotes), tuple(fillers), tuple(statements))


def _units(text: str) -> list[str]:
    # Sentences, except that a quotation with its attribution stays one unit.
    units, start, depth = [], 0, 0
    for index, char in enumerate(text):
        if char == "«":
            depth += 1
        elif char == "»":
            depth = max(0, depth - 1)
        elif char in ".!?" and not depth and _SENTENCE_END.match(text, index + 1):
            units.append(text[start : index + 1])
            start = _SENTENCE_END.match(text, index + 1).end()
    units.append(text[start:])
    return [unit for unit in units if unit]


def _names_nobody(sentence: str) -> bool:
    for position, match in enumerate(_WORD.finditer(sentence)):
        word = match.group()
        if position and word[0].isupper():
            return False
        if any(_NAMED & parse.tag.grammemes for parse in morph.parses(word)[:1]):
            return False
    return True


def _person_template(sentence: str) -> str | None:
    """The sentence with the seed's person as {r} and its verbs agreeing ({a}, {sja})."""
    template = sentence.replace("{", "{{").replace("}", "}}")
    for phrase in SEED_PERSON_PHRASES:
        template = re.sub(re.escape(phrase), "{r}", template, flags=re.IGNORECASE)
    if "{r}" not in template:
        return None
    words = []
    for word in re.split(r"(\W+)", template):
        parse = morph.parses(word.lower())[0] if word.isalpha() else None
        if parse and {"VERB", "past", "masc"} <= parse.tag.grammemes:
            feminine, word_lower = parse.inflect({"femn"}).word, word.lower()
            if feminine == f"{word_lower}а":
                word += "{a}"
            elif word.endswith("ся") and feminine == f"{word_lower[:-2]}ась":
                word = word[:-2] + "{sja}"
            else:
                return None
        words.append(word)
    return "".join(words)
