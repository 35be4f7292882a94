"""Measure an Extraction against an editor's gold file.

Pure Python (no Django, no NLP models), so benchmarks can run anywhere. The gold format and
its conventions are described in tests/corpus/README.md.

What counts as a match, per kind (names are compared after `normalise`, and the case of the
first letter is ignored):

- persons: the extracted name equals the gold name; a found person's role is right when it
  equals the gold role;
- organizations: the extracted name or one of its aliases equals the gold string, its main
  part or its abbreviation ("Шанхайская организация сотрудничества (ШОС)" is matched by
  "Шанхайская организация сотрудничества" and by "ШОС"); a leading legal form ("АО", "ТОО",
  ...) may be left out on either side;
- places: the names are equal;
- events: a name or alias equals a gold name, its main part or its parenthesised second
  name, ignoring case; failing that, the fuzzy rule of `_same_event` (same event noun, same
  place or organization, at least half the content words). Gold events whose note says an
  importer may leave them to editors are optional: missing them is no miss, finding them is
  a true positive. A found event's dates are checked when the gold gives a date.

Each gold item is matched at most once and each extracted item at most once; any extracted
item left over is an extra (a false positive).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from functools import reduce
from pathlib import Path
from typing import TypeVar

from .types import DatePrecision, EntityMention, EventMention, Extraction

OPTIONAL_NOTE = "may leave it to editors"

G = TypeVar("G")
E = TypeVar("E")

# --- Gold --------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldEvent:
    name: str
    place: str = ""
    date: str | None = None
    note: str = ""

    @property
    def optional(self) -> bool:
        return OPTIONAL_NOTE in self.note.casefold()


@dataclass(frozen=True)
class Gold:
    file: str
    source_id: str
    persons: tuple[tuple[str, str], ...] = ()  # (name, role)
    organizations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    events: tuple[GoldEvent, ...] = ()
    not_persons: tuple[str, ...] = ()


def load_gold(path: str | Path) -> Gold:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return Gold(
        file=data["file"],
        source_id=data["source_id"],
        persons=tuple((person["name"], person.get("role") or "") for person in data["persons"]),
        organizations=tuple(data["organizations"]),
        places=tuple(data["places"]),
        events=tuple(
            GoldEvent(
                name=event["name"],
                place=event.get("place") or "",
                date=event.get("date"),
                note=event.get("note") or "",
            )
            for event in data["events"]
        ),
        not_persons=tuple(data.get("not_persons", ())),
    )


# --- Normalisation -----------------------------------------------------------------------

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


# --- Scores ------------------------------------------------------------------------------


def _ratio(numerator: int, denominator: int) -> float:
    # Nothing to find, or nothing claimed: nothing went wrong.
    return numerator / denominator if denominator else 1.0


@dataclass(frozen=True)
class Score:
    """One kind of item in one article (or summed over articles)."""

    matched: tuple[tuple[str, str], ...] = ()  # (gold, extracted)
    misses: tuple[str, ...] = ()  # gold items not found
    extras: tuple[str, ...] = ()  # extracted items not in the gold

    def __add__(self, other: Score) -> Score:
        return Score(
            self.matched + other.matched, self.misses + other.misses, self.extras + other.extras
        )

    @property
    def true_positives(self) -> int:
        return len(self.matched)

    @property
    def false_positives(self) -> int:
        return len(self.extras)

    @property
    def false_negatives(self) -> int:
        return len(self.misses)

    @property
    def gold_count(self) -> int:
        """Gold items, counting optional ones only when found."""
        return self.true_positives + self.false_negatives

    @property
    def extracted_count(self) -> int:
        return self.true_positives + self.false_positives

    @property
    def precision(self) -> float:
        return _ratio(self.true_positives, self.extracted_count)

    @property
    def recall(self) -> float:
        return _ratio(self.true_positives, self.gold_count)

    @property
    def f1(self) -> float:
        precision, recall = self.precision, self.recall
        if not precision + recall:
            return 0.0
        return 2 * precision * recall / (precision + recall)


@dataclass(frozen=True)
class Mismatch:
    """A found item with a wrong attribute: a person's role, an event's date."""

    item: str
    expected: str
    extracted: str


@dataclass(frozen=True)
class Report:
    persons: Score = field(default_factory=Score)
    organizations: Score = field(default_factory=Score)
    places: Score = field(default_factory=Score)
    events: Score = field(default_factory=Score)
    roles_correct: int = 0
    role_errors: tuple[Mismatch, ...] = ()
    # Only found events whose gold date is given count.
    dates_correct: int = 0
    date_errors: tuple[Mismatch, ...] = ()
    # Extracted persons that the gold lists as not persons (they are extras too).
    not_persons_extracted: tuple[str, ...] = ()

    def __add__(self, other: Report) -> Report:
        return Report(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(Report)))

    def scores(self) -> tuple[tuple[str, Score], ...]:
        return (
            ("persons", self.persons),
            ("organizations", self.organizations),
            ("places", self.places),
            ("events", self.events),
        )

    @property
    def roles_total(self) -> int:
        return self.roles_correct + len(self.role_errors)

    @property
    def role_accuracy(self) -> float:
        return _ratio(self.roles_correct, self.roles_total)

    @property
    def dates_total(self) -> int:
        return self.dates_correct + len(self.date_errors)

    @property
    def date_accuracy(self) -> float:
        return _ratio(self.dates_correct, self.dates_total)


def micro_average(reports: Iterable[Report]) -> Report:
    """One report over all articles: counts are summed before the ratios are taken."""
    return reduce(Report.__add__, reports, Report())


# --- Matching ----------------------------------------------------------------------------


def _pair(
    golds: Sequence[G],
    extracted: Sequence[E],
    same: Callable[[G, E], bool],
    taken: dict[int, int] | None = None,
) -> dict[int, int]:
    """Maximum one-to-one matching {gold index: extracted index} (Kuhn's algorithm).

    Gold items are served in order, and a later one never takes an extracted item away from
    an earlier one unless the earlier one has another, so required items go first. `taken`
    holds pairs fixed by an earlier, stricter pass.
    """
    fixed = dict(taken or {})
    owner = {e: g for g, e in fixed.items()}  # extracted index -> gold index
    candidates = [
        [] if g in fixed else [e for e, item in enumerate(extracted) if same(gold, item)]
        for g, gold in enumerate(golds)
    ]

    def augment(g: int, seen: set[int]) -> bool:
        for e in candidates[g]:
            if e in seen:
                continue
            seen.add(e)
            if e not in owner or (owner[e] not in fixed and augment(owner[e], seen)):
                owner[e] = g
                return True
        return False

    for g in range(len(golds)):
        if g not in fixed:
            augment(g, set())
    return {g: e for e, g in owner.items()}


def _score(
    gold_names: Sequence[str],
    extracted_names: Sequence[str],
    pairs: dict[int, int],
    optional: Sequence[bool] = (),
) -> Score:
    found = set(pairs.values())
    return Score(
        matched=tuple((gold_names[g], extracted_names[e]) for g, e in sorted(pairs.items())),
        misses=tuple(
            name
            for g, name in enumerate(gold_names)
            if g not in pairs and not (optional and optional[g])
        ),
        extras=tuple(name for e, name in enumerate(extracted_names) if e not in found),
    )


def _entity_names(entity: EntityMention) -> set[str]:
    return {_key(name) for name in (entity.name, *entity.aliases)}


# --- Events ------------------------------------------------------------------------------

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


# --- Evaluation --------------------------------------------------------------------------


def evaluate(extraction: Extraction, gold: Gold) -> Report:
    persons, person_pairs = _evaluate_persons(extraction.persons, gold)
    roles_correct, role_errors = 0, []
    for g, e in sorted(person_pairs.items()):
        name, expected = gold.persons[g]
        role = extraction.persons[e].role
        if _key(role) == _key(expected):
            roles_correct += 1
        else:
            role_errors.append(Mismatch(name, expected, role))

    events, event_pairs = _evaluate_events(extraction.events, gold.events)
    dates_correct, date_errors = 0, []
    for g, e in sorted(event_pairs.items()):
        expected, event = gold.events[g].date, extraction.events[e]
        if expected is None:
            continue
        right = _date_is_right(expected, event)
        if right:
            dates_correct += 1
        elif right is not None:
            date_errors.append(Mismatch(gold.events[g].name, expected, _describe_dates(event)))

    not_persons = {_key(name) for name in gold.not_persons}
    return Report(
        persons=persons,
        organizations=_evaluate_organizations(extraction.organizations, gold.organizations),
        places=_evaluate_places(extraction.places, gold.places),
        events=events,
        roles_correct=roles_correct,
        role_errors=tuple(role_errors),
        dates_correct=dates_correct,
        date_errors=tuple(date_errors),
        not_persons_extracted=tuple(
            person.name for person in extraction.persons if _key(person.name) in not_persons
        ),
    )


def _evaluate_persons(
    extracted: Sequence[EntityMention], gold: Gold
) -> tuple[Score, dict[int, int]]:
    names = [name for name, _ in gold.persons]
    pairs = _pair(names, extracted, lambda name, person: _key(name) == _key(person.name))
    return _score(names, [person.name for person in extracted], pairs), pairs


def _evaluate_organizations(extracted: Sequence[EntityMention], gold: Sequence[str]) -> Score:
    extracted_keys = [
        set().union(*(_variants(name) for name in (entity.name, *entity.aliases)))
        for entity in extracted
    ]
    pairs = _pair(
        [_variants(name) for name in gold],
        extracted_keys,
        lambda gold_keys, keys: bool(gold_keys & keys),
    )
    return _score(gold, [entity.name for entity in extracted], pairs)


def _evaluate_places(extracted: Sequence[EntityMention], gold: Sequence[str]) -> Score:
    pairs = _pair(gold, extracted, lambda name, place: _key(name) == _key(place.name))
    return _score(gold, [place.name for place in extracted], pairs)


def _evaluate_events(
    extracted: Sequence[EventMention], gold: Sequence[GoldEvent]
) -> tuple[Score, dict[int, int]]:
    # Required events are served first so an optional one never takes their match.
    order = sorted(range(len(gold)), key=lambda g: gold[g].optional)
    ordered = [gold[g] for g in order]
    exact = _pair(ordered, extracted, _same_event_name)
    pairs = _pair(ordered, extracted, _same_event, taken=exact)
    pairs = {order[g]: e for g, e in pairs.items()}
    score = _score(
        [event.name for event in gold],
        [event.name for event in extracted],
        pairs,
        optional=[event.optional for event in gold],
    )
    return score, pairs


# --- Report ------------------------------------------------------------------------------


def format_report(reports: Sequence[tuple[str, Report]]) -> str:
    """A table per article, then the micro-averaged total, then what went wrong where."""
    blocks = [_format_table(title, report) for title, report in reports]
    blocks.append(
        _format_table(
            f"TOTAL (micro-average over {len(reports)} article{'s' * (len(reports) != 1)})",
            micro_average(report for _, report in reports),
        )
    )
    details = [_format_details(title, report) for title, report in reports]
    blocks.extend(detail for detail in details if detail)
    return "\n\n".join(blocks) + "\n"


def _format_table(title: str, report: Report) -> str:
    lines = [
        title,
        f"{'kind':<14}{'gold':>6}{'found':>7}{'tp':>5}{'fp':>5}{'fn':>5}"
        f"{'precision':>11}{'recall':>8}{'f1':>8}",
    ]
    for kind, score in report.scores():
        lines.append(
            f"{kind:<14}{score.gold_count:>6}{score.extracted_count:>7}"
            f"{score.true_positives:>5}{score.false_positives:>5}{score.false_negatives:>5}"
            f"{score.precision:>11.3f}{score.recall:>8.3f}{score.f1:>8.3f}"
        )
    lines.append(
        f"roles {report.roles_correct}/{report.roles_total} right ({report.role_accuracy:.3f}), "
        f"dates {report.dates_correct}/{report.dates_total} right ({report.date_accuracy:.3f})"
    )
    return "\n".join(lines)


def _format_details(title: str, report: Report) -> str:
    lines = []
    for kind, score in report.scores():
        lines.extend(f"  miss  {kind}: {name}" for name in score.misses)
        lines.extend(f"  extra {kind}: {name}" for name in score.extras)
    for label, errors in (("role", report.role_errors), ("date", report.date_errors)):
        lines.extend(
            f"  {label:<5} {error.item}: expected {error.expected!r}, got {error.extracted!r}"
            for error in errors
        )
    lines.extend(f"  not a person: {name}" for name in report.not_persons_extracted)
    return "\n".join([f"{title}:", *lines]) if lines else ""
