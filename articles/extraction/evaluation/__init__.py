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

from collections.abc import Sequence

from articles.extraction.types import EntityMention, EventMention, Extraction

from .events import EVENT_NOUNS, _date_is_right, _describe_dates, _same_event, _same_event_name
from .gold import OPTIONAL_NOTE, Gold, GoldEvent, load_gold
from .matching import _pair, _score
from .normalisation import _key, _variants, normalise
from .report import format_report
from .scores import Mismatch, Report, Score, micro_average

__all__ = [
    "EVENT_NOUNS",
    "OPTIONAL_NOTE",
    "Gold",
    "GoldEvent",
    "Mismatch",
    "Report",
    "Score",
    "evaluate",
    "format_report",
    "load_gold",
    "micro_average",
    "normalise",
]


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
