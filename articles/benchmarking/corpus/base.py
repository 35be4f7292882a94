"""What a generated article is, and the corpus's fixed settings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parents[3] / "seeds"
SEED_FILE = "000_9e9f9821349f9dac.txt"
DEFAULT_UNTIL = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
SPAN = datetime.timedelta(days=3652)  # publication dates cover the ten years before `until`

# The Kapital.kz footer, exactly as the seed file ends.
FOOTER = (
    "При работе с материалами Центра деловой информации Kapital.kz разрешено использование "
    "лишь 30% текста с обязательной гиперссылкой на источник. При использовании полного "
    "материала необходимо разрешение редакции.\n"
    "Читать все последние новости \u27a4"
)

NBSP_DAMAGE_RATE = 0.10
CRLF_RATE = 0.05
CP1251_RATE = 0.05
ZIPF_EXPONENT = 0.7


@dataclass(frozen=True)
class Mention:
    name: str  # nominative "Имя Фамилия"
    role: str  # as the article gives it, e.g. "министр финансов Казахстана"; may be ""


@dataclass(frozen=True)
class EventMention:
    name: str
    place: str  # nominative
    start_date: datetime.date


@dataclass(frozen=True)
class GeneratedArticle:
    filename: str  # "000042_<16 hex digits: the source ID>.txt"
    content: bytes
    title: str
    lead: str
    paragraphs: tuple[str, ...]
    published_at: datetime.datetime
    persons: tuple[Mention, ...]
    organizations: tuple[str, ...]
    places: tuple[str, ...]
    events: tuple[EventMention, ...]
