"""A reproducible corpus of Russian news articles in the seed files' format, for benchmarks.

Pure Python, no Django: `generate()` yields the articles lazily with what each one names
(persons with roles, organizations, places, events), `write_corpus()` writes their files.
The same (count, seed, until) gives the same bytes with the same Faker and pymorphy3
dictionaries. Popularity is skewed (Zipf-like), so a few persons are named in thousands of
articles. Some files carry the damage real files have: "&" + no-break space instead of a
space, CRLF line endings, CP1251 instead of UTF-8; `articles.text.parsing` repairs all three.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable, Iterator
from pathlib import Path

from .base import (
    CP1251_RATE,
    CRLF_RATE,
    DEFAULT_UNTIL,
    FOOTER,
    NBSP_DAMAGE_RATE,
    SEED_FILE,
    SEEDS_DIR,
    SPAN,
    ZIPF_EXPONENT,
    EventMention,
    GeneratedArticle,
    Mention,
)
from .pools import _Pools
from .writer import _ArticleWriter

__all__ = [
    "CP1251_RATE",
    "CRLF_RATE",
    "DEFAULT_UNTIL",
    "FOOTER",
    "NBSP_DAMAGE_RATE",
    "SEEDS_DIR",
    "SEED_FILE",
    "SPAN",
    "ZIPF_EXPONENT",
    "EventMention",
    "GeneratedArticle",
    "Mention",
    "generate",
    "write_corpus",
]


def generate(
    count: int, *, seed: int = 0, until: datetime.datetime | None = None
) -> Iterator[GeneratedArticle]:
    """`count` articles published in the ten years before `until` (aware; default 2026-01-01)."""
    if count < 0:
        raise ValueError(f"count must not be negative, got {count}")
    until = DEFAULT_UNTIL if until is None else until
    if until.tzinfo is None or until.utcoffset() is None:
        raise ValueError("until must be timezone-aware")
    return _generate(count, seed, until.astimezone(datetime.UTC))


def write_corpus(directory: Path, articles: Iterable[GeneratedArticle]) -> list[Path]:
    """Write each article to `directory` (created if missing) under its file name."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for article in articles:
        path = directory / article.filename
        path.write_bytes(article.content)
        paths.append(path)
    return paths


def _generate(count: int, seed: int, until: datetime.datetime) -> Iterator[GeneratedArticle]:
    if not count:
        return
    rng = random.Random(seed)
    pools = _Pools.build(count, rng, seed, until)
    source_ids: set[int] = set()
    for index in range(count):
        source_id = rng.getrandbits(64)
        while source_id in source_ids:
            source_id = rng.getrandbits(64)
        source_ids.add(source_id)
        yield _ArticleWriter(pools, rng, until).write(f"{index:06d}_{source_id:016x}.txt")
