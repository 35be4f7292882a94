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


def test_visit_to_a_city_on_a_day_is_named_by_its_kind_who_and_where():
    document = article(
        "Официальный визит Президента Кыргызстана Айбека Тологонова в Москву начнётся 12 марта.",
        "Президент встретился с журналистами.",
    )
    places = [place(document, "Москва", "Москву"), place(document, "Кыргызстан", "Кыргызстана")]
    events = find_events(document, places=places)
    assert [summary(event) for event in events] == [
        (
            "Официальный визит Президента Кыргызстана Айбека Тологонова в Москву",
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


# --- Visits ---------------------------------------------------------------------------


def test_a_visit_made_by_the_subject_of_the_sentence_names_the_visitor_in_the_genitive():
    document = article(
        "Министр культуры Армении Ирина Соколова 5 марта прибыла с официальным визитом в Баку."
    )
    places = [place(document, "Армения", "Армении"), place(document, "Баку", "Баку")]
    events = find_events(document, places=places)
    assert [summary(event) for event in events] == [
        (
            "Официальный визит Ирины Соколовой в Баку",
            "визит",
            "Баку",
            "",
            date(2017, 3, 5),
            None,
            DatePrecision.DAY,
        )
    ]


def test_a_visiting_delegation_after_the_verb_and_a_date_range_before_it():
    document = article(
        "10–12 мая в Ереване с рабочим визитом находилась делегация Монголии во главе с "
        "министром Батом Доржиевым."
    )
    places = [place(document, "Ереван", "Ереване"), place(document, "Монголия", "Монголии")]
    events = find_events(document, places=places)
    assert [summary(event) for event in events] == [
        (
            "Рабочий визит делегации Монголии в Ереван",
            "визит",
            "Ереван",
            "",
            date(2017, 5, 10),
            date(2017, 5, 12),
            DatePrecision.DAY,
        )
    ]


def test_a_delegation_named_before_the_verb_is_the_visitor():
    document = article("Делегация Монголии прибыла с рабочим визитом в Казань 3 июня.")
    places = [place(document, "Казань", "Казань"), place(document, "Монголия", "Монголии")]
    events = find_events(document, places=places)
    assert [event.name for event in events] == ["Рабочий визит делегации Монголии в Казань"]


def test_a_visit_named_twice_with_the_place_before_the_visitor_is_one_event():
    document = article(
        "Форум прошёл в рамках визита в Тбилиси делегации Министерства экономики Армении.",
        "Официальный визит делегации Министерства экономики Армении в Тбилиси продлится три дня.",
    )
    ministry = organization(
        document, "Министерство экономики Армении", "Министерства экономики Армении"
    )
    events = find_events(
        document, organizations=[ministry], places=[place(document, "Тбилиси", "Тбилиси")]
    )
    assert [summary(event) for event in events] == [
        (
            "Официальный визит делегации Министерства экономики Армении в Тбилиси",
            "визит",
            "Тбилиси",
            "",
            None,
            None,
            None,
        )
    ]
    assert events[0].aliases == ("Визит делегации Министерства экономики Армении в Тбилиси",)


def test_a_visit_without_a_visitor_is_no_event():
    document = article(
        "В ходе визита министр обсудил поставки зерна.",
        "В рамках визита в Тбилиси прошли консультации.",
    )
    assert find_events(document, places=[place(document, "Тбилиси", "Тбилиси")]) == ()


# --- Meetings and talks between parties -----------------------------------------------


def test_a_person_meeting_a_named_delegation_at_a_place_is_a_meeting():
    document = article(
        "Министр финансов Олег Сухов встретился в Казани с делегацией Европейского банка "
        "реконструкции и развития."
    )
    bank = organization(
        document,
        "Европейский банк реконструкции и развития",
        "Европейского банка реконструкции и развития",
    )
    events = find_events(
        document, organizations=[bank], places=[place(document, "Казань", "Казани")]
    )
    assert [summary(event) for event in events] == [
        (
            "Встреча Олега Сухова с делегацией Европейского банка реконструкции и развития",
            "встреча",
            "Казань",
            "",
            None,
            None,
            None,
        )
    ]
    assert [span.text for span in events[0].spans] == [
        "Олег Сухов встретился в Казани с делегацией Европейского банка реконструкции и развития"
    ]


def test_two_persons_meeting_on_a_date_is_a_meeting():
    document = article("Марина Ветрова 5 мая встретилась с Павлом Зоринским.")
    events = find_events(document)
    assert [summary(event) for event in events] == [
        (
            "Встреча Марины Ветровой с Павлом Зоринским",
            "встреча",
            "",
            "",
            date(2017, 5, 5),
            None,
            DatePrecision.DAY,
        )
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        # No place and no date.
        "Министр Олег Сухов встретился с делегацией Всемирного банка.",
        # No named party on the other side.
        "Министр Олег Сухов встретился в Казани с журналистами.",
        # No named person meeting them.
        "Министр встретился в Казани с делегацией Всемирного банка.",
        # Where someone went is not where the meeting was.
        "Прибыв в Казань, Олег Сухов встретился с делегацией Всемирного банка.",
    ],
)
def test_a_meeting_verb_alone_needs_two_named_parties_and_a_place_or_date(sentence):
    document = article(sentence)
    bank = organization(document, "Всемирный банк", "Всемирного банка")
    places = [place(document, "Казань", "Казани", "Казань")]
    assert find_events(document, organizations=[bank], places=places) == ()


def test_talks_a_person_held_with_an_organization_use_its_abbreviation():
    document = article(
        "Ранее Ветрова провела в Риге переговоры с руководством Северного инвестиционного "
        "банка (СИБ) о кредитах."
    )
    bank = organization(
        document,
        "Северный инвестиционный банк",
        "Северного инвестиционного банка (СИБ)",
        aliases=("СИБ",),
    )
    events = find_events(document, organizations=[bank], places=[place(document, "Рига", "Риге")])
    assert [summary(event) for event in events] == [
        ("Переговоры Ветровой с руководством СИБ", "переговоры", "Рига", "", None, None, None)
    ]


def test_a_meeting_held_with_unnamed_representatives_is_named_by_who_held_it():
    document = article(
        "Губернатор Илья Зорин провёл в Самаре совещание с представителями бизнеса, "
        "посвящённое налогам.",
        "Губернатор провёл совещание с главами районов.",
    )
    events = find_events(document, places=[place(document, "Самара", "Самаре")])
    assert [summary(event) for event in events] == [
        (
            "Совещание Ильи Зорина с представителями бизнеса",
            "совещание",
            "Самара",
            "",
            None,
            None,
            None,
        )
    ]


def test_talks_on_the_sidelines_of_a_meeting_are_held_where_the_meeting_is():
    document = article(
        "В Казани 3 марта прошла встреча министров транспорта стран СНГ.",
        "На полях встречи И. Зорин провёл переговоры с П. Ветровым.",
    )
    cis = organization(document, "СНГ", "СНГ")
    events = find_events(
        document, organizations=[cis], places=[place(document, "Казань", "Казани")]
    )
    assert [summary(event) for event in events] == [
        (
            "Встреча министров транспорта стран СНГ",
            "встреча",
            "Казань",
            "СНГ",
            date(2017, 3, 3),
            None,
            DatePrecision.DAY,
        ),
        ("Переговоры И. Зорина с П. Ветровым", "переговоры", "Казань", "", None, None, None),
    ]


def test_talks_named_by_two_persons_with_initials():
    document = article("Переговоры И. Зорина и П. Ветрова прошли в Казани.")
    events = find_events(document, places=[place(document, "Казань", "Казани")])
    assert [event.name for event in events] == ["Переговоры И. Зорина и П. Ветрова"]
    assert events[0].place == "Казань"


# --- Other complements ----------------------------------------------------------------


def test_a_topic_after_po_names_a_conference():
    document = article(
        "Делегаты обсудили подготовку к международной конференции по кибербезопасности "
        "критической инфраструктуры, которая пройдёт в Вене 4–5 июня.",
        "Совещание по итогам года провели в Омске.",
    )
    places = [place(document, "Вена", "Вене"), place(document, "Омск", "Омске")]
    events = find_events(document, places=places)
    assert [summary(event) for event in events] == [
        (
            "Конференция по кибербезопасности критической инфраструктуры",
            "конференция",
            "Вена",
            "",
            date(2017, 6, 4),
            date(2017, 6, 5),
            DatePrecision.DAY,
        )
    ]


def test_a_compound_of_two_countries_names_a_hyphenated_event_noun():
    document = article(
        "В рамках визита в Баку прошёл российско-азербайджанский бизнес-форум.",
        "Российско-китайские переговоры пройдут в Пекине в мае.",
    )
    places = [place(document, "Баку", "Баку"), place(document, "Пекин", "Пекине")]
    events = find_events(document, places=places)
    assert [summary(event) for event in events] == [
        ("Российско-азербайджанский бизнес-форум", "форум", "Баку", "", None, None, None),
        (
            "Российско-китайские переговоры",
            "переговоры",
            "Пекин",
            "",
            date(2017, 5, 1),
            None,
            DatePrecision.MONTH,
        ),
    ]


def test_an_organization_introduced_with_an_abbreviation_is_named_by_it():
    document = article(
        "Министры обсудили подготовку к заседанию Азиатского банка развития и Европейского "
        "инвестиционного банка (ЕИБ) в Маниле."
    )
    organizations = [
        organization(document, "Азиатский банк развития", "Азиатского банка развития"),
        organization(
            document,
            "Европейский инвестиционный банк",
            "Европейского инвестиционного банка (ЕИБ)",
            aliases=("ЕИБ",),
        ),
    ]
    events = find_events(
        document, organizations=organizations, places=[place(document, "Манила", "Маниле")]
    )
    assert [event.name for event in events] == ["Заседание Азиатского банка развития и ЕИБ"]


# --- One event, several mentions ------------------------------------------------------


def test_a_bare_subject_gives_the_event_last_named_its_place_and_date():
    document = article(
        "Проект вынесут на заседание Высшего государственного совета.",
        "Заседание пройдёт в Москве в июле текущего года.",
        "Встреча пройдёт в Казани.",
    )
    places = [place(document, "Москва", "Москве"), place(document, "Казань", "Казани")]
    events = find_events(document, places=places)
    assert [summary(event) for event in events] == [
        (
            "Заседание Высшего государственного совета",
            "заседание",
            "Москва",
            "",
            date(2017, 7, 1),
            None,
            DatePrecision.MONTH,
        )
    ]
    assert [span.text for span in events[0].spans] == [
        "заседание Высшего государственного совета",
        "Заседание",
    ]


def test_a_meeting_of_heads_of_government_is_the_session_of_their_council():
    document = article(
        "Вопрос рассмотрят на заседании Межправительственного совета Северного союза в Осло.",
        "Документ вынесут на встречу глав правительств стран Северного союза в Осло 5 мая.",
        "Другую встречу глав правительств проведут в Хельсинки.",
    )
    places = [place(document, "Осло", "Осло"), place(document, "Хельсинки", "Хельсинки")]
    events = find_events(document, places=places)
    assert [summary(event) for event in events] == [
        (
            "Встреча глав правительств стран Северного союза",
            "встреча",
            "Осло",
            "",
            date(2017, 5, 5),
            None,
            DatePrecision.DAY,
        ),
        ("Встреча глав правительств", "встреча", "Хельсинки", "", None, None, None),
    ]
    assert events[0].aliases == ("Заседание Межправительственного совета Северного союза",)


def test_the_next_meeting_takes_the_series_name_and_restatements_fold_into_the_meeting():
    document = article(
        "15 марта в Ташкенте прошла встреча министров транспорта стран Центральной Азии.",
        "Следующая встреча министров пройдёт в Алматы в октябре.",
        "Формат встреч министров транспорта стран Центральной Азии действует с 2018 года.",
        "Участники предложили проводить встречи министров транспорта региона ежегодно.",
        "Предыдущая встреча прошла в Душанбе.",
    )
    places = [
        place(document, "Ташкент", "Ташкенте"),
        place(document, "Алматы", "Алматы"),
        place(document, "Душанбе", "Душанбе"),
        place(document, "Центральная Азия", "Центральной Азии"),
    ]
    events = find_events(document, places=places)
    assert [summary(event) for event in events] == [
        (
            "Встреча министров транспорта стран Центральной Азии",
            "встреча",
            "Ташкент",
            "",
            date(2017, 3, 15),
            None,
            DatePrecision.DAY,
        ),
        (
            "Следующая встреча министров транспорта стран Центральной Азии",
            "встреча",
            "Алматы",
            "",
            date(2017, 10, 1),
            None,
            DatePrecision.MONTH,
        ),
        (
            "Предыдущая встреча министров транспорта стран Центральной Азии",
            "встреча",
            "Душанбе",
            "",
            None,
            None,
            None,
        ),
    ]
    assert events[0].aliases == (
        "Встречи министров транспорта стран Центральной Азии",
        "Встреча министров транспорта региона",
    )


def test_a_next_meeting_without_a_place_or_date_is_no_event():
    document = article("Следующая встреча министров станет последней.")
    assert find_events(document) == ()


def test_a_restatement_with_another_proper_name_is_another_event():
    document = article(
        "15 марта в Ташкенте прошла встреча министров транспорта стран Центральной Азии.",
        "Встречи министров транспорта стран Балтии проходят реже.",
    )
    places = [place(document, "Ташкент", "Ташкенте")]
    events = find_events(document, places=places)
    assert [(event.name, event.place) for event in events] == [
        ("Встреча министров транспорта стран Центральной Азии", "Ташкент"),
        ("Встреча министров транспорта стран Балтии", ""),
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
