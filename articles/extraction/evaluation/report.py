"""The text report: a table per article, the total, and what went wrong where."""

from collections.abc import Sequence

from .scores import Report, micro_average


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
