"""One event named twice: merging the mentions of one event and picking its place and date."""

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from articles.extraction.dates import DateMention
from articles.extraction.types import DatePrecision, EventMention

from .records import _Found
from .vocabulary import _PRECISION_RANK


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.lower()))


def _period(mention: DateMention) -> tuple[date, date]:
    last = mention.end or mention.start
    if mention.precision == DatePrecision.DAY:
        return mention.start, last + timedelta(days=1)
    if mention.precision == DatePrecision.MONTH:
        index = last.year * 12 + last.month
        return mention.start, date(index // 12, index % 12 + 1, 1)
    return mention.start, date(last.year + 1, 1, 1)


def _dates_agree(first: DateMention | None, second: DateMention | None) -> bool:
    if first is None or second is None:
        return True
    (start, end), (other_start, other_end) = _period(first), _period(second)
    return start < other_end and other_start < end


def _same_name(first: _Found, second: _Found) -> bool:
    # The next meeting of a series is never the one the text reports.
    if first.kind != second.kind or first.instance != second.instance:
        return False
    # "Переговоры министров" again after "Переговоры министров ... России и Японии".
    shorter, longer = sorted((first.name.lower().split(), second.name.lower().split()), key=len)
    if longer[: len(shorter)] == shorter:
        return True
    # "Визит делегации КНР в Казахстан" and "Официальный визит делегации КНР в Казахстан".
    return bool(first.complement) and _words(first.complement) == _words(second.complement)


def _same_gathering(member: _Found, found: _Found) -> bool:
    # "встреча глав правительств ... в Минске" is the session of the "межправительственный
    # совет" in Минске: the same heads at the same place.
    return bool(found.heads and found.place) and (member.heads, member.place) == (
        found.heads,
        found.place,
    )


def _same_event(group: list[_Found], found: _Found) -> bool:
    if any(member.place and found.place and member.place != found.place for member in group):
        return False
    if not all(_dates_agree(member.when, found.when) for member in group):
        return False
    if any(_same_gathering(member, found) for member in group):
        return True
    if found.organization != group[0].organization:
        return False
    return any((member.summit and found.summit) or _same_name(member, found) for member in group)


def _restates(group: list[_Found], target: list[_Found]) -> bool:
    # "встречи министров финансов региона", with no place or date of its own, is the
    # series or the meeting the text reports, said again in general words: the same kind,
    # the same first two words, and no proper name the other does not have.
    if any(member.place or member.when or member.instance for member in group):
        return False
    if any(member.instance for member in target) or not any(m.place or m.when for m in target):
        return False
    mine, theirs = group[0], target[0]
    ours, others = _words(mine.complement), _words(theirs.complement)
    if mine.kind != theirs.kind or len(ours) < 2 or ours[:2] != others[:2]:
        return False
    proper = {word for word in re.findall(r"\w+", mine.complement) if word[:1].isupper()}
    return proper <= set(re.findall(r"\w+", theirs.complement))


def _folded(groups: list[list[_Found]]) -> list[list[_Found]]:
    kept = []
    for group in groups:
        target = next(
            (other for other in groups if other is not group and _restates(group, other)), None
        )
        if target is None:
            kept.append(group)
        else:
            target.extend(group)
    return kept


def _in_series(instance: _Found, found: Sequence[_Found]) -> _Found:
    # "Следующая встреча министров" belongs to the series the text names in full: it is the
    # "Следующая встреча министров финансов стран Центральной Азии".
    ours = _words(instance.complement)
    candidates = [
        other
        for other in found
        if not other.instance
        and len(_words(other.complement)) > len(ours)
        and _words(other.complement)[: len(ours)] == ours
        and (ours or other.kind == instance.kind)
    ]
    if not candidates:
        return instance
    series = max(
        candidates,
        key=lambda f: (f.kind == instance.kind, bool(f.place or f.when), len(_words(f.complement))),
    )
    return replace(
        instance, name=f"{instance.head} {series.complement}", complement=series.complement
    )


def _placed_within(guest: _Found, found: Sequence[_Found]) -> _Found:
    # "На полях встречи А. Жаксылыков провел переговоры": where the meeting is held.
    hosts = [
        other
        for other in found
        if other.kind == guest.within
        and not other.instance
        and other.place
        and other.span.start < guest.span.start
    ]
    return replace(guest, place=hosts[-1].place) if hosts else guest


def _best_date(group: list[_Found]) -> DateMention | None:
    dates = [member.when for member in group if member.when is not None]
    return max(dates, key=lambda d: _PRECISION_RANK[d.precision], default=None)


def _event_of(group: list[_Found]) -> EventMention:
    # The summit's name wins over "заседание Совета глав государств"; otherwise the fullest
    # name ("Переговоры министров иностранных дел России и Японии", not a shorter repeat).
    summits = [member for member in group if member.kind == "саммит"]
    main = summits[0] if summits else max(group, key=lambda member: len(member.name.split()))
    aliases = []
    for member in group:
        for name in (member.name, *member.aliases):
            if name != main.name and name not in aliases:
                aliases.append(name)
    when = _best_date(group)
    confidence = max(member.confidence for member in group) + 0.05 * (len(group) - 1)
    return EventMention(
        name=main.name,
        kind=main.kind,
        place=next((member.place for member in group if member.place), ""),
        organization=main.organization,
        start_date=when.start if when else None,
        end_date=when.end if when else None,
        date_precision=when.precision if when else None,
        aliases=tuple(aliases),
        spans=tuple(member.span for member in group),
        confidence=round(min(confidence, 0.95), 2),
    )


def _merged(found: list[_Found]) -> tuple[EventMention, ...]:
    found = [_in_series(f, found) if f.instance else f for f in found]
    found = [_placed_within(f, found) if f.within and not f.place else f for f in found]
    groups: list[list[_Found]] = []
    for mention in found:
        group = next((group for group in groups if _same_event(group, mention)), None)
        if group is None:
            groups.append([mention])
        else:
            group.append(mention)
    return tuple(_event_of(group) for group in _folded(groups))
