"""Russian date expressions in news text, resolved against the article's date.

Every date is the first day of its period at its precision: "в июне 2017 года" starts on
2017-06-01 with MONTH precision, "2017—2018 годов" runs from 2017-01-01 to 2018-01-01 with
YEAR precision. `end` is set only for ranges. A date right after "с", "до", "к" or "после"
("с 2019 года", "к маю") is `bound`: it ends a period rather than saying when something
happens.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from articles.extraction.types import DatePrecision, Span


@dataclass(frozen=True)
class DateMention:
    span: Span
    start: date
    end: date | None
    precision: DatePrecision
    bound: bool = False  # "с 2019 года", "до 15 мая": one end of a period


# --- Vocabulary -----------------------------------------------------------------------

_SOFT_STEMS = ("январ", "феврал", "апрел", "июн", "июл", "сентябр", "октябр", "ноябр", "декабр")
_SOFT_ENDINGS = ("ь", "я", "ю", "ем", "ём", "е")
_HARD_STEMS = ("март", "август")
_HARD_ENDINGS = ("", "а", "у", "ом", "е")
_MONTH_STEMS = (
    *("январ", "феврал", "март", "апрел", "ма", "июн"),
    *("июл", "август", "сентябр", "октябр", "ноябр", "декабр"),
)
_MONTH_NUMBERS = {stem: number for number, stem in enumerate(_MONTH_STEMS, start=1)}


def _month_forms() -> dict[str, int]:
    forms = {
        stem + ending: _MONTH_NUMBERS[stem] for stem in _SOFT_STEMS for ending in _SOFT_ENDINGS
    }
    forms.update(
        (stem + ending, _MONTH_NUMBERS[stem]) for stem in _HARD_STEMS for ending in _HARD_ENDINGS
    )
    forms.update(dict.fromkeys(("май", "мая", "маю", "маем", "мае"), 5))
    return forms


_MONTHS = _month_forms()
# Longest first, so the alternation never stops at a shorter form ("июн" + "е" vs "ем").
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b"
_MONTH_LOCATIVE = "(?:" + "|".join(form for form in _MONTHS if form.endswith("е")) + r")\b"

# How many years (or months) from the reference the adjective points to.
_RELATIVE = {
    "текущ": 0,
    "эт": 0,
    "нынешн": 0,
    "прошл": -1,
    "минувш": -1,
    "предыдущ": -1,
    "следующ": 1,
    "будущ": 1,
    "наступающ": 1,
}
_RELATIVE_WORD = "(?:" + "|".join(_RELATIVE) + ")(?:ий|ем|его|им|ом|ого|от|ый)"

_DASH = r"\s*[-‐‑–—]\s*"
_YEAR_WORD = r"(?:\s*(?:года|году|год|годом)\b|\s*г\.|\s*г\b)"
# "2017 года", "текущего года", or a bare "2017": what may follow a day and month, or a month
# alone. A bare number must look like a modern year ("в мае 1500 человек" is no date).
_YEAR_SUFFIX = (
    rf"(?:\s+(?:\d{{4}}(?!\d){_YEAR_WORD}|(?:19|20)\d\d(?!\d)|{_RELATIVE_WORD}\s+года\b))"
)
_DAY = r"(?<![\d.,])(?:0?[1-9]|[12]\d|3[01])(?!\d)"


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_DAY_RANGE = _compile(
    rf"(?:\bс\s+)?(?P<d1>{_DAY})(?:\s+(?P<m1>{_MONTH}))?(?:{_DASH}|\s+по\s+)"
    rf"(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})(?P<y>{_YEAR_SUFFIX})?"
)
_DAY_MONTH = _compile(rf"(?P<d>{_DAY})\s+(?P<m>{_MONTH})(?P<y>{_YEAR_SUFFIX})?")
_NUMERIC = _compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?!\.?\d)")
_MONTH_WITH_YEAR = _compile(rf"(?:\bв\s+)?\b(?P<m>{_MONTH})(?P<y>{_YEAR_SUFFIX})")
_MONTH_ALONE = _compile(rf"\bв\s+(?P<m>{_MONTH_LOCATIVE})")
_YEAR_RANGE = _compile(
    r"(?:\bв\s+)?(?<![\d.])(?P<y1>\d{4})"
    + _DASH
    + r"(?P<y2>\d{4})(?!\d)\s*(?:годов|годы|годах|годами|гг\.|гг\b)"
)
_YEAR = _compile(rf"(?:\bв\s+)?(?<![\d.])(?P<y>\d{{4}})(?!\d){_YEAR_WORD}")
_RELATIVE_YEAR = _compile(rf"(?:\bв\s+)?\b(?P<rel>{_RELATIVE_WORD})\s+(?:года|году|год)\b")
_RELATIVE_MONTH = _compile(rf"\bв\s+(?P<rel>{_RELATIVE_WORD})\s+месяце\b")
# What makes a date one end of a period. "с 3 по 5 мая" is a range: its "с" is in the match.
_BOUNDING_WORD = _compile(r"(?<!\w)(?:с|со|до|к|ко|после)\s+$")


# --- Resolution -----------------------------------------------------------------------
# Each resolver returns (start, end, precision) or None when the match cannot be a real
# date (31 февраля) or needs a reference the caller does not have.

_Resolved = tuple[date, date | None, DatePrecision] | None


def _month_number(word: str) -> int:
    return _MONTHS[word.lower()]


def _relative_offset(word: str) -> int:
    word = word.lower()
    return next(offset for stem, offset in _RELATIVE.items() if word.startswith(stem))


def _year(suffix: str | None, reference: date | None) -> int | None:
    # No suffix or a relative one ("текущего года") means the reference's year.
    digits = re.search(r"\d{4}", suffix or "")
    if digits:
        return int(digits.group())
    if reference is None:
        return None
    offset = _relative_offset(suffix.split()[0]) if suffix and suffix.strip() else 0
    return reference.year + offset


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _resolve_day_range(match: re.Match[str], reference: date | None) -> _Resolved:
    year = _year(match["y"], reference)
    if year is None:
        return None
    end_month = _month_number(match["m2"])
    start_month = _month_number(match["m1"]) if match["m1"] else end_month
    # "30 декабря — 2 января 2018 года": the year named belongs to the end of the range.
    start_year = year - 1 if start_month > end_month else year
    start = date(start_year, start_month, int(match["d1"]))
    end = date(year, end_month, int(match["d2"]))
    return (start, end, DatePrecision.DAY) if start < end else None


def _resolve_day(match: re.Match[str], reference: date | None) -> _Resolved:
    year = _year(match["y"], reference)
    if year is None:
        return None
    return date(year, _month_number(match["m"]), int(match["d"])), None, DatePrecision.DAY


def _resolve_numeric(match: re.Match[str], reference: date | None) -> _Resolved:
    return date(int(match["y"]), int(match["m"]), int(match["d"])), None, DatePrecision.DAY


def _resolve_month(match: re.Match[str], reference: date | None) -> _Resolved:
    year = _year(match.groupdict().get("y"), reference)
    if year is None:
        return None
    return date(year, _month_number(match["m"]), 1), None, DatePrecision.MONTH


def _resolve_year_range(match: re.Match[str], reference: date | None) -> _Resolved:
    first, last = int(match["y1"]), int(match["y2"])
    if first >= last:
        return None
    return date(first, 1, 1), date(last, 1, 1), DatePrecision.YEAR


def _resolve_year(match: re.Match[str], reference: date | None) -> _Resolved:
    return date(int(match["y"]), 1, 1), None, DatePrecision.YEAR


def _resolve_relative_year(match: re.Match[str], reference: date | None) -> _Resolved:
    if reference is None:
        return None
    year = reference.year + _relative_offset(match["rel"])
    return date(year, 1, 1), None, DatePrecision.YEAR


def _resolve_relative_month(match: re.Match[str], reference: date | None) -> _Resolved:
    if reference is None:
        return None
    start = _add_months(reference.replace(day=1), _relative_offset(match["rel"]))
    return start, None, DatePrecision.MONTH


_RULES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], date | None], _Resolved]], ...] = (
    (_DAY_RANGE, _resolve_day_range),
    (_DAY_MONTH, _resolve_day),
    (_NUMERIC, _resolve_numeric),
    (_MONTH_WITH_YEAR, _resolve_month),
    (_MONTH_ALONE, _resolve_month),
    (_YEAR_RANGE, _resolve_year_range),
    (_YEAR, _resolve_year),
    (_RELATIVE_YEAR, _resolve_relative_year),
    (_RELATIVE_MONTH, _resolve_relative_month),
)


def _candidates(text: str, reference: date | None) -> list[tuple[Span, DateMention | None]]:
    found = []
    for pattern, resolve in _RULES:
        for match in pattern.finditer(text):
            span = Span(match.start(), match.end(), match.group())
            try:
                resolved = resolve(match, reference)
            except (ValueError, OverflowError):
                # "31 февраля 2017 года" is no date at all, not "февраля 2017 года": the
                # impossible match still claims its characters, with nothing to report.
                found.append((span, None))
                continue
            if resolved is not None:
                found.append((span, DateMention(span, *resolved)))
    return found


def _is_bound(text: str, span: Span) -> bool:
    return bool(_BOUNDING_WORD.search(text[max(0, span.start - 10) : span.start]))


def find_dates(text: str, *, reference: date | None) -> tuple[DateMention, ...]:
    # The rules overlap ("15 июня 2017 года" also holds "2017 года"): the longest match
    # wins, and of two equally long ones the earlier rule.
    taken: list[Span] = []
    chosen: list[DateMention] = []
    for span, mention in sorted(_candidates(text, reference), key=lambda c: c[0].start - c[0].end):
        if all(span.end <= other.start or other.end <= span.start for other in taken):
            taken.append(span)
            if mention is not None:
                chosen.append(replace(mention, bound=_is_bound(text, span)))
    return tuple(sorted(chosen, key=lambda m: m.span.start))
