"""Counts of matched, missed and extra items, and the ratios taken from them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from functools import reduce


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
