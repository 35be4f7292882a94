"""What importing a file came to: its Outcome and ImportResult, and their counts."""

import enum
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..models import Article


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    FAILED = "failed"


# The outcomes that wrote an article.
WRITTEN = (Outcome.CREATED, Outcome.UPDATED)


@dataclass(frozen=True)
class ImportResult:
    path: Path
    outcome: Outcome
    article: Article | None = None
    message: str = ""


def summarize(results):
    counts = Counter(result.outcome for result in results)
    return {outcome: counts.get(outcome, 0) for outcome in Outcome}
