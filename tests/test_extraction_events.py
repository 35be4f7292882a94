import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from articles.extraction.events import find_events
from articles.extraction.types import DatePrecision, Document, EntityMention, Kind, Span
from articles.parsing import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
SEED_PATH = ROOT / "seeds" / "000_9e9f9821349f9dac.txt"
SCO = "Шанхайская организация сотрудничества"
SEED_MEETING = "12-я Встреча секретарей советов безопасности стран ШОС"


def mention(document, kind, name, forms, aliases=()):
    # What the organization and place finders hand over: every written form, with spans.
    text = document.text
    spans = sorted(
        (
            Span(match.start(), match.end(), match.group())
            for form in forms
            for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text)
        ),
        key=lambda span: span.start,
    )
    return EntityMention(kind, name, tuple(forms), tuple(aliases), tuple(spans), 0.9)


def place(document, name, *forms):
    return mention(document, Kind.PLACE, name, forms)


def organization(document, name, *forms, aliases=()):
    return mention(document, Kind.ORGANIZATION, name, forms, aliases)


def summary(event):
    return (
        event.name,
        event.kind,
        event.place,
        event.organization,
        event.start_date,
        event.end_date,
        event.date_precision,
    )


def article(*paragraphs, published=date(2017, 4, 10)):
    return Document("Заголовок", "Лид.", tuple(paragraphs), published=published)


# --- The seed -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed():
    parsed = parse_bytes(SEED_PATH.read_bytes())
    return Document(parsed.title, parsed.lead, parsed.paragraphs, published=date(2017, 4, 10))


def seed_entities(document):
    organizations = [
        organization(
            document, SCO, "Шанхайской организации сотрудничества", "ШОС", aliases=("ШОС",)
        ),
        organization(document, "Совет Безопасности ООН", "Совета Безопасности ООН"),
        organization(document, "ООН", "ООН"),
        organization(document, "Акорда", "Акорды"),
    ]
    places = [
        place(document, "Астана", "Астану", "Астане"),
        place(document, "Казахстан", "Казахстан", "Казахстана"),
        place(document, "Россия", "России"),
        place(document, "Санкт-Петербург", "Санкт-Петербурге"),
        place(document, "Кыргызстан", "Кыргызстана"),
        place(document, "Индия", "Индии"),
        place(document, "Пакистан", "Пакистана"),
        place(document, "Азия", "Азии"),
    ]
    return organizations, places


@pytest.fixture(scope="module")
def seed_events(seed):
    organizations, places = seed_entities(seed)
    return find_events(seed, organizations=organizations, places=places)


def test_seed_has_exactly_the_meeting_and_the_summit(seed_events):
    assert [summary(event) for event in seed_events] == [
        (SEED_MEETING, "встреча", "Астана", SCO, None, None, None),
        ("Саммит ШОС", "саммит", "Астана", SCO, date(2017, 6, 1), None, DatePrecision.MONTH),
    ]


def test_seed_meeting_is_named_once(seed_events):
    meeting = seed_events[0]
    assert meeting.aliases == ()
    assert [span.text for span in meeting.spans] == [
        "12-ю Встречу секретарей советов безопасности стран ШОС"
    ]
    assert meeting.confidence == 0.75


def test_seed_summit_merges_its_three_names(seed, seed_events):
    summit = seed_events[1]
    assert summit.aliases == (
        "Саммит Шанхайской организации сотрудничества",
        "Астанинский саммит ШОС",
        "Заседание Совета глав государств-членов ШОС",
    )
    assert [span.text for span in summit.spans] == [
        "саммита Шанхайской организации сотрудничества (ШОС)",
        "Астанинском саммите ШОС",
        "заседанию Совета глав государств-членов ШОС",
    ]
    assert all(seed.text[span.start : span.end] == span.text for span in summit.spans)
    assert summit.confidence == 0.95


def test_seed_summit_without_an_article_date_has_no_date(seed):
    undated = Document(seed.title, seed.lead, seed.paragraphs)
    organizations, places = seed_entities(undated)
    events = find_events(undated, organizations=organizations, places=places)
    assert [summary(event) for event in events] == [
        (SEED_MEETING, "встреча", "Астана", SCO, None, None, None),
        ("Саммит ШОС", "саммит", "Астана", SCO, None, None, None),
    ]


def test_seed_organization_found_by_its_forms_when_it_has_no_spans(seed):
    _, places = seed_entities(seed)
    sco = EntityMention(
        Kind.ORGANIZATION,
        SCO,
        ("Шанхайской организации сотрудничества", "ШОС"),
        ("ШОС",),
        (),
        0.9,
    )
    events = find_events(seed, organizations=[sco], places=places)
    assert [event.name for event in events] == [SEED_MEETING, "Саммит ШОС"]
    assert len(events[1].spans) == 3


def test_seed_organization_span_with_its_bracketed_abbreviation(seed):
    organizations, places = seed_entities(seed)
    sco = organizations[0]
    full = "Шанхайской организации сотрудничества (ШОС)"
    start = seed.text.index(full)
    spans = [Span(start, start + len(full), full)] + [
        span for span in sco.spans if span.start > start + len(full)
    ]
    joined = EntityMention(sco.kind, SCO, sco.forms, sco.aliases, tuple(spans), 0.9)
    events = find_events(seed, organizations=[joined], places=places)
    assert [event.name for event in events] == [SEED_MEETING, "Саммит ШОС"]
    assert events[1].aliases[0] == "Саммит Шанхайской организации сотрудничества"


def test_a_council_of_heads_of_state_given_as_an_organization_is_still_the_summit(seed):
    organizations, places = seed_entities(seed)
    council = organization(
        seed, "Совет глав государств-членов ШОС", "Совета глав государств-членов ШОС"
    )
    events = find_events(seed, organizations=[council, *organizations], places=places)
    assert [event.name for event in events] == [SEED_MEETING, "Саммит ШОС"]
    assert "Заседание Совета глав государств-членов ШОС" in events[1].aliases
    assert events[1].organization == SCO


# --- Made-up articles -----------------------------------------------------------------


def test_conference_with_an_exact_date_range_and_a_city():
    document = article(
        "15–16 июня 2017 года в Казани пройдёт конференция разработчиков мобильных приложений.",
        "Организатор Илья Зорин рассказал, что на конференцию приедут 500 человек.",
    )
    events = find_events(document, places=[place(document, "Казань", "Казани")])
    assert [summary(event) for event in events] == [
        (
            "Конференция разработчиков мобильных приложений",
            "конференция",
            "Казань",
            "",
            date(2017, 6, 15),
            date(2017, 6, 16),
            DatePrecision.DAY,
        )
    ]
    assert [span.text for span in events[0].spans] == [
        "конференция разработчиков мобильных приложений"
    ]


def test_visit_to_a_city_on_a_day():
    document = article(
        "Официальный визит Президента Кыргызстана Айбека Тологонова в Москву начнётся 12 марта.",
        "Президент встретился с журналистами.",
    )
    places = [place(document, "Москва", "Москву"), place(document, "Кыргызстан", "Кыргызстана")]
    events = find_events(document, places=places)
    assert [summary(event) for event in events] == [
        (
            "Визит Президента Кыргызстана Айбека Тологонова",
            "визит",
            "Москва",
            "",
            date(2017, 3, 12),
            None,
            DatePrecision.DAY,
        )
    ]
    assert events[0].confidence == 0.85


def test_negotiations_named_by_a_genitive_chain_with_and():
    document = article(
        "Переговоры министров иностранных дел России и Японии пройдут в Токио 5 мая."
    )
    places = [
        place(document, "Токио", "Токио"),
        place(document, "Россия", "России"),
        place(document, "Япония", "Японии"),
    ]
    events = find_events(document, places=places)
    assert [summary(event) for event in events] == [
        (
            "Переговоры министров иностранных дел России и Японии",
            "переговоры",
            "Токио",
            "",
            date(2017, 5, 5),
            None,
            DatePrecision.DAY,
        )
    ]


def test_forum_with_a_quoted_name_mentioned_twice_is_one_event():
    document = article(
        "В Алматы 5 октября открылся форум «Степь Диджитал».",
        "Форум «Степь Диджитал» собрал тысячу участников.",
    )
    events = find_events(document, places=[place(document, "Алматы", "Алматы")])
    assert [summary(event) for event in events] == [
        (
            "Форум «Степь Диджитал»",
            "форум",
            "Алматы",
            "",
            date(2017, 10, 5),
            None,
            DatePrecision.DAY,
        )
    ]
    assert [span.text for span in events[0].spans] == [
        "форум «Степь Диджитал»",
        "Форум «Степь Диджитал»",
    ]
    assert events[0].aliases == ()
    assert events[0].confidence == 0.9


def test_a_shorter_repeat_of_a_name_merges_and_becomes_an_alias():
    document = article(
        "Переговоры министров иностранных дел России и Японии пройдут в Токио 5 мая.",
        "На переговорах министров иностранных дел стороны обсудят мирный договор.",
    )
    events = find_events(document, places=[place(document, "Токио", "Токио")])
    assert [event.name for event in events] == [
        "Переговоры министров иностранных дел России и Японии"
    ]
    assert events[0].aliases == ("Переговоры министров иностранных дел",)
    assert [span.text for span in events[0].spans] == [
        "Переговоры министров иностранных дел России и Японии",
        "переговорах министров иностранных дел",
    ]


def test_the_fullest_name_wins_and_a_list_of_countries_stays_in_it():
    document = article(
        "По итогам трёхсторонних переговоров министров сельского хозяйства в Тбилиси "
        "подписан протокол.",
        "3 марта в Тбилиси прошли трёхсторонние переговоры министров сельского хозяйства "
        "Армении, Грузии и Азербайджана.",
    )
    events = find_events(document, places=[place(document, "Тбилиси", "Тбилиси")])
    assert [summary(event) for event in events] == [
        (
            "Переговоры министров сельского хозяйства Армении, Грузии и Азербайджана",
            "переговоры",
            "Тбилиси",
            "",
            date(2017, 3, 3),
            None,
            DatePrecision.DAY,
        )
    ]
    assert events[0].aliases == ("Переговоры министров сельского хозяйства",)


def test_capitalised_adjectives_name_an_event_without_a_complement():
    document = article(
        "Министр Ольга Ранцева пригласила коллег на Международный водный форум, "
        "который пройдёт в Душанбе 12–13 сентября 2024 года.",
        "Международный форум откроется концертом.",
    )
    events = find_events(document, places=[place(document, "Душанбе", "Душанбе")])
    assert [summary(event) for event in events] == [
        (
            "Международный водный форум",
            "форум",
            "Душанбе",
            "",
            date(2024, 9, 12),
            date(2024, 9, 13),
            DatePrecision.DAY,
        )
    ]
    assert [span.text for span in events[0].spans] == ["Международный водный форум"]


def test_heads_of_state_spelled_with_a_spaced_dash():
    document = article("Решение вынесут на заседание Совета глав государств — членов СНГ в Минске.")
    cis = organization(document, "Содружество Независимых Государств", "СНГ", aliases=("СНГ",))
    events = find_events(document, organizations=[cis], places=[place(document, "Минск", "Минске")])
    assert [summary(event) for event in events] == [
        (
            "Заседание Совета глав государств — членов СНГ",
            "заседание",
            "Минск",
            "Содружество Независимых Государств",
            None,
            None,
            None,
        )
    ]


def test_summit_and_session_of_heads_of_state_merge_with_the_summit_name_first():
    document = article(
        "В Сочи готовятся к заседанию Совета глав государств ОДКБ 14 ноября.",
        "Саммит ОДКБ, который пройдёт в Сочи, обсудит Афганистан.",
    )
    csto = organization(
        document, "Организация Договора о коллективной безопасности", "ОДКБ", aliases=("ОДКБ",)
    )
    events = find_events(document, organizations=[csto], places=[place(document, "Сочи", "Сочи")])
    assert [summary(event) for event in events] == [
        (
            "Саммит ОДКБ",
            "саммит",
            "Сочи",
            "Организация Договора о коллективной безопасности",
            date(2017, 11, 14),
            None,
            DatePrecision.DAY,
        )
    ]
    assert events[0].aliases == ("Заседание Совета глав государств ОДКБ",)


def test_the_same_name_on_different_dates_is_two_events():
    document = article(
        "Саммит НАТО прошёл в Варшаве в 2016 году.",
        "Следующий саммит НАТО пройдёт в Брюсселе 25 мая.",
    )
    nato = organization(document, "НАТО", "НАТО")
    places = [place(document, "Варшава", "Варшаве"), place(document, "Брюссель", "Брюсселе")]
    events = find_events(document, organizations=[nato], places=places)
    assert [summary(event) for event in events] == [
        ("Саммит НАТО", "саммит", "Варшава", "НАТО", date(2016, 1, 1), None, DatePrecision.YEAR),
        ("Саммит НАТО", "саммит", "Брюссель", "НАТО", date(2017, 5, 25), None, DatePrecision.DAY),
    ]


def test_an_ordinal_stays_in_the_name_and_a_date_comes_from_a_relative_clause():
    document = article(
        "Делегаты XII съезда партии «Зелёный край», который пройдёт в Новосибирске "
        "в следующем месяце, уже зарегистрированы."
    )
    events = find_events(document, places=[place(document, "Новосибирск", "Новосибирске")])
    assert [summary(event) for event in events] == [
        (
            "XII съезд партии «Зелёный край»",
            "съезд",
            "Новосибирск",
            "",
            date(2017, 5, 1),
            None,
            DatePrecision.MONTH,
        )
    ]


def test_a_date_in_another_clause_is_not_attached():
    document = article("В 2016 году завод закрыли, а выборы мэра Самары назначили на осень.")
    events = find_events(document, places=[place(document, "Самара", "Самары")])
    assert [summary(event) for event in events] == [
        ("Выборы мэра Самары", "выборы", "", "", None, None, None)
    ]


def test_text_without_a_named_event_gives_nothing():
    document = article(
        "Министр Олег Сухов встретился с журналистами в Москве.",
        "Во встрече приняли участие депутаты. Мероприятие в Москве прошло спокойно.",
        "Встреча министров прошла за закрытыми дверями, после чего он провёл переговоры.",
        "На следующей неделе состоится заседание, где обсудят бюджет.",
    )
    assert find_events(document, places=[place(document, "Москва", "Москве")]) == ()


@pytest.mark.parametrize(
    "paragraph",
    ["", "«", "саммит «", "встреча (", "31 февраля саммит ШОС", "12-ю", "\x00"],
)
def test_odd_text_never_raises(paragraph):
    assert isinstance(find_events(article(paragraph)), tuple)


def test_importing_the_modules_does_not_load_pymorphy3():
    code = (
        "import sys, articles.extraction.dates, articles.extraction.events; "
        "print('pymorphy3' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
