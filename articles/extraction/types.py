"""The data the extractor hands to the rest of the project."""

import enum
from dataclasses import dataclass
from datetime import date


class Kind(enum.StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"
    EVENT = "event"


class DatePrecision(enum.StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True)
class Span:
    """Characters start:end of Document.text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Document:
    title: str
    lead: str
    paragraphs: tuple[str, ...]
    # The article's date: the reference for relative dates ("в июне текущего года").
    published: date | None = None

    @property
    def text(self):
        return "\n\n".join((self.title, self.lead, *self.paragraphs))


@dataclass(frozen=True)
class EntityMention:
    """A person, organization or place as one article names it (all its mentions)."""

    kind: Kind
    # Normalised, nominative: "Нурсултан Назарбаев", "Шанхайская организация сотрудничества".
    name: str
    forms: tuple[str, ...]  # every distinct written form in the text, as written
    aliases: tuple[str, ...]  # other names the text gives it, normalised: ("ШОС",)
    spans: tuple[Span, ...]
    confidence: float  # 0..1
    role: str = ""  # persons only: the position this article gives them
    role_span: Span | None = None


@dataclass(frozen=True)
class EventMention:
    name: str  # normalised, nominative, capitalised: "Саммит ШОС"
    kind: str  # lemma of the event noun: "саммит", "встреча", "заседание", ...
    place: str  # normalised place name, or ""
    organization: str  # normalised name of the organising body, or ""
    start_date: date | None
    end_date: date | None
    date_precision: DatePrecision | None
    aliases: tuple[str, ...]  # the other names the text gives the same event
    spans: tuple[Span, ...]
    confidence: float


@dataclass(frozen=True)
class Extraction:
    persons: tuple[EntityMention, ...] = ()
    organizations: tuple[EntityMention, ...] = ()
    places: tuple[EntityMention, ...] = ()
    events: tuple[EventMention, ...] = ()
