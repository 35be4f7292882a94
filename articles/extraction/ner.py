"""Named-entity spans (slovnet), sentences and tokens (razdel) of an article's text."""

import functools
import re
from dataclasses import dataclass
from pathlib import Path

PER, ORG, LOC = "PER", "ORG", "LOC"

# The model files ship inside the natasha package. natasha itself is never imported: it
# imports pymorphy2, which does not work on Python 3.12+.
_NAVEC_FILE = "data/emb/navec_news_v1_1B_250K_300d_100q.tar"
_NER_FILE = "data/model/slovnet_ner_news_v1.tar"

# Paragraphs are tagged separately: a headline has no final full stop, and the model
# would otherwise read it and the lead as one sentence.
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*")


@dataclass(frozen=True)
class Tagged:
    start: int
    end: int
    label: str  # PER, ORG or LOC
    text: str


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    sentence: int  # index of the sentence the token belongs to


def _natasha_data(relative: str) -> str:
    import importlib.util

    spec = importlib.util.find_spec("natasha")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the natasha package (for its model files) is not installed")
    return str(Path(spec.submodule_search_locations[0]) / relative)


@functools.cache
def load_ner():
    from navec import Navec
    from slovnet import NER

    ner = NER.load(_natasha_data(_NER_FILE))
    ner.navec(Navec.load(_natasha_data(_NAVEC_FILE)))
    return ner


def paragraphs(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]


# The person, organization and event extractors all tag the same text; tag it once.
@functools.lru_cache(maxsize=16)
def tag(text: str) -> tuple[Tagged, ...]:
    pieces = paragraphs(text)
    markups = load_ner().map([piece for _, piece in pieces])
    found = []
    for (offset, _), markup in zip(pieces, markups, strict=True):
        for span in markup.spans:
            start, end = offset + span.start, offset + span.stop
            found.append(Tagged(start, end, span.type, text[start:end]))
    return tuple(found)


@functools.lru_cache(maxsize=16)
def tokens(text: str) -> tuple[Token, ...]:
    from razdel import sentenize, tokenize

    found = []
    sentence = 0
    for offset, piece in paragraphs(text):
        for sent in sentenize(piece):
            for token in tokenize(sent.text):
                start = offset + sent.start + token.start
                found.append(Token(start, start + len(token.text), token.text, sentence))
            sentence += 1
    return tuple(found)
