from datetime import UTC, date, datetime

import pytest
from django.utils import translation

from articles.grammar import inflect_name, needs_ob, needs_so
from articles.templatetags.grammar import date_range


@pytest.mark.parametrize(
    ("name", "case", "expected"),
    [
        ("Нурсултан Назарбаев", "loct", "Нурсултане Назарбаеве"),
        ("Нурсултан Назарбаев", "ablt", "Нурсултаном Назарбаевым"),
        ("Нурсултан Назарбаев", "gent", "Нурсултана Назарбаева"),
        ("Нурсултан Назарбаев", "nomn", "Нурсултан Назарбаев"),
        ("Нурсултан Абишевич Назарбаев", "datv", "Нурсултану Абишевичу Назарбаеву"),
        ("Гульнара Сейтказиева", "loct", "Гульнаре Сейтказиевой"),
        ("Гульнара Сейтказиева", "ablt", "Гульнарой Сейтказиевой"),
        ("Ангела Меркель", "loct", "Ангеле Меркель"),
        ("Н. Патрушев", "loct", "Н. Патрушеве"),
        ("Н. Патрушев", "ablt", "Н. Патрушевым"),
        ("Сейтказиева", "ablt", "Сейтказиевой"),
    ],
)
def test_names_are_inflected_word_by_word_in_one_gender(name, case, expected):
    assert inflect_name(name, case) == expected


@pytest.mark.parametrize("case", ["gent", "datv", "accs", "ablt", "loct"])
def test_foreign_names_no_dictionary_reads_as_names_stay_as_written(case):
    assert inflect_name("Го Шэнкунь", case) == "Го Шэнкунь"
    assert inflect_name("Си Цзиньпин", case) == "Си Цзиньпин"
    assert inflect_name("Чэнь Гуанмин", case) == "Чэнь Гуанмин"


@pytest.mark.parametrize(
    ("name", "case", "expected"),
    [
        # "Токаев" is not in the dictionary; it declines like "Иванов".
        ("Касым-Жомарт Токаев", "loct", "Касым-Жомарте Токаеве"),
        ("Касым-Жомарт Токаев", "gent", "Касым-Жомарта Токаева"),
        ("Мадина Жумаканова", "ablt", "Мадиной Жумакановой"),
        # "Мамин" is in the dictionary only as the adjective "мамин".
        ("Аскар Мамин", "loct", "Аскаре Мамине"),
        ("Аскар Мамин", "ablt", "Аскаром Маминым"),
        # Both parts of a double surname decline.
        ("Анна Петрова-Иванова", "loct", "Анне Петровой-Ивановой"),
    ],
)
def test_surnames_outside_the_dictionary_decline_like_known_ones(name, case, expected):
    assert inflect_name(name, case) == expected


def test_unknown_case_is_an_error():
    with pytest.raises(ValueError, match="prepositional"):
        inflect_name("Нурсултан Назарбаев", "prepositional")


def test_inflection_is_cached():
    inflect_name.cache_clear()
    inflect_name("Нурсултан Назарбаев", "loct")
    inflect_name("Нурсултан Назарбаев", "loct")
    assert inflect_name.cache_info().hits == 1


def test_prepositions_take_their_long_form_where_russian_needs_it():
    assert needs_ob("Аскаре Мамине")
    assert needs_ob("Эммануэле")
    assert not needs_ob("Нурсултане Назарбаеве")
    assert not needs_ob("Ерлане Байжанове")  # "о Ерлане": е is not an "об" vowel
    assert needs_so("Светланой Жакуповой")
    assert needs_so("Щукиным")
    assert not needs_so("Сагинтаевым")
    assert not needs_so("Нурсултаном Назарбаевым")


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
