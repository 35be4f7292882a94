from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html

from articles.text import inflection

register = template.Library()


@register.filter
def inflect(name, case):
    """{{ person.name|inflect:"loct" }}: the name in a pymorphy3 case ("Нурсултане Назарбаеве")."""
    return inflection.inflect_name(str(name), case)


@register.filter
def needs_ob(phrase):
    return inflection.needs_ob(str(phrase))


@register.filter
def needs_so(phrase):
    return inflection.needs_so(str(phrase))


# Per date precision: the machine-readable format, and how much a range's start leaves out
# when its end shares the year, or the year and month ("15–16 июня 2017", "июнь — июль
# 2017"). "E" is the month's name in the genitive ("июня"), "F" in the nominative.
_PRECISION_FORMATS = {
    "day": ("Y-m-d", "j E Y", {"month": "j", "year": "j E"}),
    "month": ("Y-m", "F Y", {"year": "F"}),
    "year": ("Y", "Y", {}),
}


@register.simple_tag
def event_dates(event):
    """The event's date or date range, as precise as it is known, in <time> elements."""
    return date_range(event.start_date, event.end_date, event.date_precision)


@register.simple_tag
def date_range(start, end=None, precision="day"):
    """A date or date range in <time> elements: "15 июня 2017", "15–16 июня 2017",
    "июнь — июль 2017", "2017–2018". Datetimes count by their day in the site's time zone."""
    if start is None:
        return ""
    start, end = (
        timezone.localdate(value) if isinstance(value, datetime) else value
        for value in (start, end)
    )
    machine, human, shortened = _PRECISION_FORMATS.get(precision, _PRECISION_FORMATS["day"])
    if end is None or format_date(end, machine) == format_date(start, machine):
        return _time(start, machine, human)
    if start.year != end.year:
        start_format = human
    elif start.month != end.month or "month" not in shortened:
        start_format = shortened.get("year", human)
    else:
        start_format = shortened["month"]
    # Digits join with an en dash ("15–16 июня", "2017–2018"), words with a spaced em dash.
    separator = "–" if start_format in ("j", "Y") else " — "
    return format_html(
        "{}{}{}", _time(start, machine, start_format), separator, _time(end, machine, human)
    )


def _time(day, machine, human):
    text = format_date(day, human)
    if "F" in human:
        # Month names stand in running text: "июнь 2017", not "Июнь 2017".
        text = text.lower()
    return format_html('<time datetime="{}">{}</time>', format_date(day, machine), text)
