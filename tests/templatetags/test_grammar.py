from datetime import UTC, date, datetime

import pytest
from django.utils import translation

from articles.templatetags.grammar import date_range


@pytest.mark.parametrize(
    ("start", "end", "precision", "expected"),
    [
        (date(2017, 6, 15), None, "day", '<time datetime="2017-06-15">15 июня 2017</time>'),
        (
            date(2017, 6, 15),
            date(2017, 6, 15),
            "day",
            '<time datetime="2017-06-15">15 июня 2017</time>',
        ),
        (
            date(2017, 6, 15),
            date(2017, 6, 16),
            "day",
            '<time datetime="2017-06-15">15</time>–<time datetime="2017-06-16">16 июня 2017</time>',
        ),
        (
            date(2017, 6, 30),
            date(2017, 7, 2),
            "day",
            '<time datetime="2017-06-30">30 июня</time> — '
            '<time datetime="2017-07-02">2 июля 2017</time>',
        ),
        (
            date(2017, 12, 30),
            date(2018, 1, 2),
            "day",
            '<time datetime="2017-12-30">30 декабря 2017</time> — '
            '<time datetime="2018-01-02">2 января 2018</time>',
        ),
        (date(2017, 6, 1), None, "month", '<time datetime="2017-06">июнь 2017</time>'),
        (
            date(2017, 6, 1),
            date(2017, 6, 30),
            "month",
            '<time datetime="2017-06">июнь 2017</time>',
        ),
        (
            date(2017, 6, 1),
            date(2017, 7, 31),
            "month",
            '<time datetime="2017-06">июнь</time> — <time datetime="2017-07">июль 2017</time>',
        ),
        (
            date(2017, 12, 1),
            date(2018, 1, 31),
            "month",
            '<time datetime="2017-12">декабрь 2017</time> — '
            '<time datetime="2018-01">январь 2018</time>',
        ),
        (date(2017, 1, 1), date(2017, 12, 31), "year", '<time datetime="2017">2017</time>'),
        (
            date(2017, 1, 1),
            date(2018, 12, 31),
            "year",
            '<time datetime="2017">2017</time>–<time datetime="2018">2018</time>',
        ),
    ],
)
def test_dates_show_only_what_their_precision_knows(start, end, precision, expected):
    with translation.override("ru"):
        assert date_range(start, end, precision) == expected


def test_datetimes_count_by_their_day_in_the_site_time_zone(settings):
    settings.TIME_ZONE = "Asia/Almaty"
    # 20:30 UTC is already the next day in Almaty (UTC+5).
    start = datetime(2024, 6, 14, 20, 30, tzinfo=UTC)
    end = datetime(2024, 6, 20, 3, 0, tzinfo=UTC)
    with translation.override("ru"):
        assert date_range(start, end) == (
            '<time datetime="2024-06-15">15</time>–<time datetime="2024-06-20">20 июня 2024</time>'
        )


def test_no_start_date_gives_nothing():
    assert date_range(None) == ""
