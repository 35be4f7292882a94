"""What the event rules pass between them: tokens, the text's entities, names' parts, readings."""

from dataclasses import dataclass

from articles.extraction.dates import DateMention
from articles.extraction.types import EntityMention, Span


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class _Context:
    text: str
    dates: tuple[DateMention, ...]
    organizations: tuple[tuple[Span, EntityMention], ...]
    places: tuple[tuple[Span, EntityMention], ...]
    place_entities: tuple[EntityMention, ...]
    organization_entities: tuple[EntityMention, ...]


@dataclass(frozen=True)
class _Part:
    after: int  # index of the first token after it (and after a bracketed alias)
    start: int  # character where it starts
    end: int  # character where its name ends
    through: int  # character where it ends, a bracketed alias included
    organization: EntityMention | None = None
    short: str = ""  # the abbreviation a name writes instead: "МВФ"
    strong: bool = False  # an organization, a title or a proper noun
    word: bool = False  # a lowercase genitive, which may turn out to be a subject


@dataclass(frozen=True)
class _Partner:
    end: int  # index of the first token after it
    written: str  # with its preposition: "с руководством АБР"
    named: bool  # a person or an organization, not just "с представителями бизнеса"


@dataclass(frozen=True)
class _Complement:
    end: int  # index of the first token after it
    name_end: int  # character where its name ends (a parenthesised "(ШОС)" does not count)
    organization: EntityMention | None
    only_organization: bool  # the complement is one organization and nothing else
    strong: bool  # names an organization, a title or a proper noun
    parts: tuple[_Part, ...] = ()
    weak: bool = False  # says too little to name an event on its own
    partner: _Partner | None = None

    @property
    def last(self) -> int:
        return self.partner.end if self.partner else self.end


@dataclass(frozen=True)
class _Reading:
    """What one rule read: the tokens the name covers and the name it gives."""

    first: int
    last: int  # index after the last token of the name
    head: str  # the name up to its noun: "Рабочий визит"
    complement: str  # the rest of the name, as written: "Ерлана Байжанова в Москву"
    kind: str
    name: str = ""  # when it is not head and complement: "Саммит ШОС"
    aliases: tuple[str, ...] = ()
    organization: EntityMention | None = None
    strong: bool = True
    place: str = ""  # when the name itself says it: "Астанинский", "в Москву"
    summit: bool = False
    instance: bool = False
    locative: bool = False  # only a place where something is ("в Астане") counts
    span: tuple[int, int] | None = None  # the tokens of the mention, when more than the name


@dataclass(frozen=True)
class _Found:
    name: str
    kind: str
    aliases: tuple[str, ...]
    place: str
    organization: str
    when: DateMention | None
    span: Span
    summit: bool
    confidence: float
    head: str = ""
    complement: str = ""
    instance: bool = False  # "следующая встреча": not the series' reported meeting
    heads: str = ""  # "правительств": a gathering of heads of government
    within: str = ""  # the kind of event it is held within ("на полях встречи")
