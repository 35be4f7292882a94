from datetime import date
from pathlib import Path

import pytest

from articles.extraction.dates import DateMention, find_dates
from articles.extraction.types import DatePrecision, Document, Span
from articles.text.parsing import parse_bytes

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR
REFERENCE = date(2017, 4, 10)
SEED_PATH = Path(__file__).resolve().parents[2] / "seeds" / "000_9e9f9821349f9dac.txt"


def only(text, reference=REFERENCE):
    mentions = find_dates(text, reference=reference)
    assert len(mentions) == 1, mentions
    mention = mentions[0]
    return mention.span.text, mention.start, mention.end, mention.precision


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 июня 2017 года", ("15 июня 2017 года", date(2017, 6, 15), None, DAY)),
        ("15 июня 2016", ("15 июня 2016", date(2016, 6, 15), None, DAY)),
        ("1 мая 2019 г.", ("1 мая 2019 г.", date(2019, 5, 1), None, DAY)),
        ("15 июня", ("15 июня", date(2017, 6, 15), None, DAY)),
        ("3 марта прошлого года", ("3 марта прошлого года", date(2016, 3, 3), None, DAY)),
        (
            "15–16 июня 2017 года",
            ("15–16 июня 2017 года", date(2017, 6, 15), date(2017, 6, 16), DAY),
        ),
        ("15-16 июня", ("15-16 июня", date(2017, 6, 15), date(2017, 6, 16), DAY)),
        ("с 3 по 5 мая", ("с 3 по 5 мая", date(2017, 5, 3), date(2017, 5, 5), DAY)),
        (
            "30 декабря — 2 января 2018 года",
            ("30 декабря — 2 января 2018 года", date(2017, 12, 30), date(2018, 1, 2), DAY),
        ),
        ("15.06.2017", ("15.06.2017", date(2017, 6, 15), None, DAY)),
        ("в июне 2017 года", ("в июне 2017 года", date(2017, 6, 1), None, MONTH)),
        ("в июне", ("в июне", date(2017, 6, 1), None, MONTH)),
        ("в мае 1500 человек", ("в мае", date(2017, 5, 1), None, MONTH)),
        ("в июне текущего года", ("в июне текущего года", date(2017, 6, 1), None, MONTH)),
        ("в июне этого года", ("в июне этого года", date(2017, 6, 1), None, MONTH)),
        ("в июне прошлого года", ("в июне прошлого года", date(2016, 6, 1), None, MONTH)),
        ("в июне следующего года", ("в июне следующего года", date(2018, 6, 1), None, MONTH)),
        ("до декабря 2019 г.", ("декабря 2019 г.", date(2019, 12, 1), None, MONTH)),
        ("Июнь 2016 года", ("Июнь 2016 года", date(2016, 6, 1), None, MONTH)),
        ("в прошлом месяце", ("в прошлом месяце", date(2017, 3, 1), None, MONTH)),
        ("в следующем месяце", ("в следующем месяце", date(2017, 5, 1), None, MONTH)),
        ("в 2018 году", ("в 2018 году", date(2018, 1, 1), None, YEAR)),
        ("с 2015 года", ("2015 года", date(2015, 1, 1), None, YEAR)),
        ("в текущем году", ("в текущем году", date(2017, 1, 1), None, YEAR)),
        ("в этом году", ("в этом году", date(2017, 1, 1), None, YEAR)),
        ("в прошлом году", ("в прошлом году", date(2016, 1, 1), None, YEAR)),
        ("в следующем году", ("в следующем году", date(2018, 1, 1), None, YEAR)),
        (
            "на период 2017—2018 годов",
            ("2017—2018 годов", date(2017, 1, 1), date(2018, 1, 1), YEAR),
        ),
        ("в 2017-2018 гг.", ("в 2017-2018 гг.", date(2017, 1, 1), date(2018, 1, 1), YEAR)),
    ],
)
def test_each_form_resolves_to_its_exact_date_and_precision(text, expected):
    assert only(text) == expected


GENITIVE = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
LOCATIVE = [
    "январе",
    "феврале",
    "марте",
    "апреле",
    "мае",
    "июне",
    "июле",
    "августе",
    "сентябре",
    "октябре",
    "ноябре",
    "декабре",
]


@pytest.mark.parametrize(("month", "word"), list(enumerate(GENITIVE, start=1)))
def test_every_month_in_the_genitive_after_a_day(month, word):
    assert only(f"2 {word} 2020 года")[1:] == (date(2020, month, 2), None, DAY)


@pytest.mark.parametrize(("month", "word"), list(enumerate(LOCATIVE, start=1)))
def test_every_month_in_the_locative_after_v(month, word):
    assert only(f"в {word}")[1:] == (date(2017, month, 1), None, MONTH)


@pytest.mark.parametrize(
    ("text", "month"),
    [("Январь 2020 года", 1), ("к маю 2020 года", 5), ("январём 2020 года", 1), ("ИЮНЯ 2020", 6)],
)
def test_other_cases_and_capitals_of_month_names(text, month):
    assert only(text)[1:] == (date(2020, month, 1), None, MONTH)


def test_the_spans_point_into_the_text():
    text = "Форум пройдёт 15 июня 2017 года, а выставка — в июле."
    mentions = find_dates(text, reference=REFERENCE)
    assert [text[m.span.start : m.span.end] for m in mentions] == ["15 июня 2017 года", "в июле"]
    assert mentions[0] == DateMention(
        Span(14, 31, "15 июня 2017 года"), date(2017, 6, 15), None, DAY
    )


def test_without_a_reference_relative_dates_are_skipped():
    text = (
        "15 июня, в июне текущего года, в прошлом году, в следующем месяце, "
        "в июле, 15 июня 2017 года, в 2018 году."
    )
    mentions = find_dates(text, reference=None)
    assert [(m.span.text, m.start) for m in mentions] == [
        ("15 июня 2017 года", date(2017, 6, 15)),
        ("в 2018 году", date(2018, 1, 1)),
    ]


def test_relative_month_crosses_the_year():
    assert only("в следующем месяце", date(2017, 12, 5))[1] == date(2018, 1, 1)
    assert only("в прошлом месяце", date(2017, 1, 5))[1] == date(2016, 12, 1)


@pytest.mark.parametrize(
    "text",
    [
        "31 февраля 2017 года",
        "30.02.2017",
        "99.99.2017",
        "в 0000 году",
        "2018—2017 годов",
        "32 июня",
        "",
        "маяк в мартовском номере",
        "версия 1.2.3.2017",
        "15 человек",
        "\x00\ufeff«»—",
    ],
)
def test_impossible_or_unrelated_text_gives_no_date_and_never_raises(text):
    assert find_dates(text, reference=REFERENCE) == ()


def test_a_leap_day_is_a_real_date():
    assert only("29 февраля 2016 года")[1] == date(2016, 2, 29)


def test_seed_article_dates():
    parsed = parse_bytes(SEED_PATH.read_bytes())
    document = Document(parsed.title, parsed.lead, parsed.paragraphs, published=REFERENCE)
    mentions = find_dates(document.text, reference=document.published)
    assert [(m.span.text, m.start, m.end, m.precision) for m in mentions] == [
        ("в июне текущего года", date(2017, 6, 1), None, MONTH),
        ("2017—2018 годов", date(2017, 1, 1), date(2018, 1, 1), YEAR),
        ("в июне текущего года", date(2017, 6, 1), None, MONTH),
    ]
    assert all(document.text[m.span.start : m.span.end] == m.span.text for m in mentions)


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("действует с 2019 года", True),
        ("продлится до 15 мая", True),
        ("подготовят к маю 2020 года", True),
        ("вернутся после 5 июня", True),
        ("прошла в 2019 году", False),
        ("пройдёт с 3 по 5 мая", False),
        ("пройдёт 15 мая", False),
        ("соглашение до 2019 года", True),
        ("рынок 2019 года", False),
    ],
)
def test_a_date_after_s_do_k_or_posle_bounds_a_period(text, bound):
    mentions = find_dates(text, reference=REFERENCE)
    assert len(mentions) == 1
    assert mentions[0].bound is bound
