"""Whether an extracted event is a gold one, and whether its dates are right."""

import re
from datetime import date

from articles.extraction.types import DatePrecision, EventMention

from .gold import GoldEvent
from .normalisation import _PARENTHESISED, normalise

# Stems of the nouns that name an event; a word names an event when it starts with one.
EVENT_NOUNS = (
    "саммит",
    "встреч",
    "заседани",
    "совещани",
    "форум",
    "конференци",
    "визит",
    "переговор",
    "консультаци",
    "сесси",
    "съезд",
    "конгресс",
    "ассамбле",
    "брифинг",
    "выставк",
    "церемони",
    "выбор",
    "референдум",
    "происшеств",
)
# Words that carry no content in an event name.
_STOP_WORDS = frozenset(
    {
        *("в", "во", "на", "с", "со", "и", "по", "к", "ко", "о", "об", "от", "до", "для"),
        *("при", "за", "из", "у", "а", "но", "или", "также", "между"),
        *("год", "года", "году", "текущего", "этого"),
    }
)
_WORD = re.compile(r"[^\W\d_]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(normalise(text).casefold())


def _event_noun(text: str) -> str | None:
    for word in _words(text):
        for noun in EVENT_NOUNS:
            if word.startswith(noun):
                return noun
    return None


def _content_words(text: str) -> set[str]:
    return {
        word
        for word in _words(text)
        if len(word) > 1 and word not in _STOP_WORDS and _event_noun(word) is None
    }


def _same_word(one: str, other: str) -> bool:
    """Whether two words may be forms of one: "банк"/"банка", "совет"/"советов"."""
    common = next(
        (index for index, (a, b) in enumerate(zip(one, other, strict=False)) if a != b),
        min(len(one), len(other)),
    )
    return (
        one == other
        or common >= 5
        or (
            common >= 3
            and common >= min(map(len, (one, other))) - 1
            and abs(len(one) - len(other)) <= 3
        )
    )


def _shared(words: set[str], others: set[str]) -> int:
    return sum(any(_same_word(word, other) for other in others) for word in words)


def _event_variants(name: str) -> list[str]:
    names = [name]
    if match := _PARENTHESISED.fullmatch(name):
        names.extend(part for part in match.groups() if part.strip())
    return names


def _event_key(text: str) -> str:
    return normalise(text).casefold()


def _same_event_name(gold: GoldEvent, event: EventMention) -> bool:
    gold_keys = {_event_key(name) for name in _event_variants(gold.name)}
    return any(_event_key(name) in gold_keys for name in (event.name, *event.aliases))


def _same_event(gold: GoldEvent, event: EventMention) -> bool:
    """The fuzzy rule, tried after exact names (`_same_event_name`) have been paired.

    A gold name (the whole name, its main part or its parenthesised second name) and an
    extracted name (the name or an alias) designate the same event when
    1. they share the event noun ("встреча"/"встречи", "саммит", ...; the extracted
       event's `kind` may supply it),
    2. they share an anchor: the places are equal (both empty counts), or every word of the
       extracted organization occurs in the gold name, and
    3. at least half of the content words of the shorter name occur in the other. Content
       words leave out prepositions, "года", the event noun, numbers and one-letter words;
       words are compared by `_same_word`, a crude stemmer; a name without content words
       passes.
    """
    places_agree = _event_key(gold.place) == _event_key(event.place)
    organization = _content_words(event.organization)
    anchored = places_agree or (
        bool(organization) and _shared(organization, _content_words(gold.name)) == len(organization)
    )
    if not anchored:
        return False
    for gold_name in _event_variants(gold.name):
        gold_noun = _event_noun(gold_name)
        if gold_noun is None:
            continue
        gold_words = _content_words(gold_name)
        for name in (event.name, *event.aliases):
            if (_event_noun(name) or _event_noun(event.kind)) != gold_noun:
                continue
            words = _content_words(name)
            shorter, longer = sorted((words, gold_words), key=len)
            if _shared(shorter, longer) * 2 >= len(shorter):
                return True
    return False


_MONTHS = (
    *("january", "february", "march", "april", "may", "june"),
    *("july", "august", "september", "october", "november", "december"),
)
_ISO_DAY = r"(\d{4}-\d{2}-\d{2})"
_ARTICLE_YEAR_MONTH = re.compile(r"(\w+) of the article's year", re.IGNORECASE)


def _date_is_right(expected: str, event: EventMention) -> bool | None:
    """Whether the extracted dates say what the gold date says; None: not checkable."""
    start, end, precision = event.start_date, event.end_date, event.date_precision
    if match := re.fullmatch(_ISO_DAY, expected):
        day = date.fromisoformat(match.group(1))
        return start == day and end in (None, day)
    if match := re.fullmatch(f"{_ISO_DAY}/{_ISO_DAY}", expected):
        return (start, end) == tuple(map(date.fromisoformat, match.groups()))
    if match := re.fullmatch(r"(\d{4})-(\d{2})", expected):
        year, month = map(int, match.groups())
        return (
            start is not None
            and (start.year, start.month) == (year, month)
            and precision == DatePrecision.MONTH
        )
    if (match := _ARTICLE_YEAR_MONTH.fullmatch(expected)) and match.group(1).lower() in _MONTHS:
        month = _MONTHS.index(match.group(1).lower()) + 1
        return start is not None and start.month == month and precision == DatePrecision.MONTH
    return None


def _describe_dates(event: EventMention) -> str:
    if event.start_date is None:
        return "no date"
    text = event.start_date.isoformat()
    if event.end_date and event.end_date != event.start_date:
        text += f"/{event.end_date.isoformat()}"
    if event.date_precision:
        text += f" ({event.date_precision})"
    return text
