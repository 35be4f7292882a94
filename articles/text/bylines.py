"""Bylines and photo credits written into an article's text («Автор: …», «Фото: …»).

Only short paragraphs at the very start or end of the body count, and only when the
whole paragraph reads as label, colon or dash, value: a sentence that merely mentions
a photo stays in the body. Stdlib only, like the parser that calls it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Paragraphs looked at from each end of the body, and the longest one that may be a byline.
EDGE_PARAGRAPHS = 2
MAX_LINE_LENGTH = 120
# Article.credit's length.
MAX_CREDIT_LENGTH = 200
CREDIT_SEPARATOR = "; "
# The most words of an author's name and of a credit: more make a phrase or a sentence.
MAX_NAME_WORDS = 4
MAX_CREDIT_WORDS = 10

# The credit of «Фото автора» when the text names no author.
ARTICLE_AUTHOR = "автор статьи"

# Most specific first: «Текст и фото» before «Текст», «Автор фото» before «Автор».
_LABEL = (
    r"(?:текст\s+и\s+фото|фото\s+и\s+текст"
    r"|авторы?\s+фото(?:графий|графии)?|авторы?|текст|подготовил[аи]?"
    r"|(?:иллюстративное\s+|архивное\s+)?фото(?:графии)?|фотограф)"
)
# A colon, or a dash: a hyphen only between spaces («Фото - Reuters», not «Фото-отчёт»).
_SEPARATOR = r"(?:\s*:\s*|\s+-\s+|\s*[–—]\s*)"
# Whole credits without a separator, and the credit each gives (None: the article's
# authors).
_PHRASES = {
    "фото автора": None,
    "фото авторов": None,
    "фото из открытых источников": "открытые источники",
    "фото из соцсетей": "соцсети",
    "фото из социальных сетей": "социальные сети",
    "фото из архива": "архив",
}
_PHRASE = "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in _PHRASES)
# «Фото с сайта akorda.kz»: the site is one word, so no sentence can pass for it.
_SITE = r"фото\s+с\s+(?:официального\s+)?сайта\s+(?P<site>\S+?)"
_START = rf"(?:{_LABEL}{_SEPARATOR}|(?:{_PHRASE})(?![\w-])|фото\s+с\s+(?:официального\s+)?сайта\s)"
# One label and its value, up to the next label («Текст: … Фото: …») or the end.
_SEGMENT = re.compile(
    rf"(?:(?P<label>{_LABEL}){_SEPARATOR}(?P<value>.+?)|(?P<phrase>{_PHRASE})|{_SITE})"
    rf"(?=[.,;]?\s+{_START}|$)",
    re.IGNORECASE,
)
_BETWEEN_SEGMENTS = re.compile(r"[.,;]?\s+")
_NAME_SEPARATOR = re.compile(r"\s*,\s*|\s+и\s+", re.IGNORECASE)
# What a sentence has and a credit has not: «Фото — лучшее доказательство того, что…».
_SENTENCE = re.compile(r"[!?…]|,\s*(?:что|чтобы|как|когда|где|если|котор\w*|но|а)\b", re.IGNORECASE)
# Letters, with the hyphens, periods and apostrophes of names («Мухаммед-Али», «А. Ким»).
_NAME = re.compile(r"[^\W\d_][^\W\d_.'’ -]*(?:[.'’ -]+[^\W\d_]+)*\.?")
# A final period that is not an initial's («Петров И.»).
_FINAL_PERIOD = re.compile(r"(?<!(?<![^\W\d_])[^\W\d_])\.$")


class Bylines(NamedTuple):
    paragraphs: tuple[str, ...]  # the body without the byline and credit paragraphs
    authors: tuple[str, ...]  # in the order the text gives them, each once
    credits: tuple[str, ...]  # as the text writes them, each once


class _Line(NamedTuple):
    authors: tuple[str, ...]
    credits: tuple[str | None, ...]  # None: «Фото автора», the authors' names


def split_bylines(paragraphs) -> Bylines:
    """The body `paragraphs` (after the title and lead) without their byline and credit
    paragraphs, and the author names and credits those give.

    A body made only of such paragraphs is left whole: the article keeps its text.
    """
    paragraphs = tuple(paragraphs)
    found: dict[int, _Line] = {}
    for indices in (
        range(min(EDGE_PARAGRAPHS, len(paragraphs))),
        range(len(paragraphs) - 1, max(len(paragraphs) - 1 - EDGE_PARAGRAPHS, -1), -1),
    ):
        for index in indices:
            line = None if index in found else read_line(paragraphs[index])
            if line is None:
                break
            found[index] = line
    if not found or len(found) == len(paragraphs):
        return Bylines(paragraphs, (), ())
    lines = [found[index] for index in sorted(found)]
    authors = _unique(name for line in lines for name in line.authors)
    credits = _unique(
        credit if credit is not None else (", ".join(authors) or ARTICLE_AUTHOR)
        for line in lines
        for credit in line.credits
    )
    body = tuple(text for index, text in enumerate(paragraphs) if index not in found)
    return Bylines(body, authors, credits)


def read_line(paragraph: str) -> _Line | None:
    """The authors and credits of a byline paragraph, or None if it is not one."""
    line = paragraph.strip()
    if not line or len(line) > MAX_LINE_LENGTH:
        return None
    line = _strip_period(line)
    authors: list[str] = []
    credits: list[str | None] = []
    position = 0
    while True:
        match = _SEGMENT.match(line, position)
        if match is None:
            return None
        segment = _read_segment(match)
        if segment is None:
            return None
        authors += segment.authors
        credits += segment.credits
        position = match.end()
        if position == len(line):
            return _Line(tuple(authors), tuple(credits))
        position = _BETWEEN_SEGMENTS.match(line, position).end()


def _read_segment(match: re.Match[str]) -> _Line | None:
    if match["site"] is not None:
        return _Line((), (match["site"],))
    if match["phrase"] is not None:
        return _Line((), (_PHRASES[" ".join(match["phrase"].casefold().split())],))
    label = " ".join(match["label"].casefold().split())
    value = match["value"].strip()
    if not value or len(value.split()) > MAX_CREDIT_WORDS or _SENTENCE.search(value):
        return None
    credit = "фото" in label
    author = (
        "текст" in label
        or label.startswith("подготовил")
        or (label.startswith("автор") and not credit)
    )
    names: tuple[str, ...] = ()
    if author:
        names = _names(value)
        if names is None:
            return None
    return _Line(names, (value,) if credit else ())


def _names(value: str) -> tuple[str, ...] | None:
    """The names of a byline's value, or None if any part is not a name."""
    names = tuple(name.strip() for name in _NAME_SEPARATOR.split(value))
    for name in names:
        if not _NAME.fullmatch(name) or len(name.split()) > MAX_NAME_WORDS or not name[0].isupper():
            return None
    return names


def _strip_period(value: str) -> str:
    return _FINAL_PERIOD.sub("", value).rstrip()


def _unique(values) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.casefold(), value)
    return tuple(seen.values())


def join_credits(credits, *, max_length: int = MAX_CREDIT_LENGTH) -> str:
    """`credits` joined with CREDIT_SEPARATOR, as many whole ones as fit in `max_length`
    (a first one too long alone is cut at a space)."""
    joined = ""
    for credit in credits:
        candidate = f"{joined}{CREDIT_SEPARATOR}{credit}" if joined else credit
        if len(candidate) > max_length:
            if not joined:
                cut = credit[: max_length + 1].rsplit(" ", 1)[0]
                joined = cut[:max_length].rstrip(" ,;")
            break
        joined = candidate
    return joined
