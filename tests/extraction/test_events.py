import re
from datetime import date
from pathlib import Path

import pytest

from articles.extraction.events import find_events
from articles.extraction.types import DatePrecision, Document, EntityMention, Kind, Span
from articles.text.parsing import parse_bytes

ROOT = Path(__file__).resolve().parents[2]
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


DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR


def event(name, kind, place="", organization="", start=None, end=None, precision=None):
    """An event's summary, as summary() gives it."""
    return (name, kind, place, organization, start, end, precision)


def a_place(name, *forms):
    return lambda document: place(document, name, *forms)


def an_organization(name, *forms, aliases=()):
    return lambda document: organization(document, name, *forms, aliases=aliases)


def case(name, paragraphs, events, places=(), organizations=(), **first):
    """An article made of `paragraphs`, the places and organizations its finders found
    in it, the events found (summaries) and what the first of them holds besides."""
    return pytest.param(paragraphs, places, organizations, events, first, id=name)


MADE_UP_ARTICLES = [
    # Made-up articles
    case(
        "conference_with_an_exact_date_range_and_a_city",
        [
            "15–16 июня 2017 года в Казани пройдёт конференция разработчиков мобильных приложений.",
            "Организатор Илья Зорин рассказал, что на конференцию приедут 500 человек.",
        ],
        [
            event(
                "Конференция разработчиков мобильных приложений",
                "конференция",
                place="Казань",
                start=date(2017, 6, 15),
                end=date(2017, 6, 16),
                precision=DAY,
            )
        ],
        places=[a_place("Казань", "Казани")],
        spans=["конференция разработчиков мобильных приложений"],
    ),
    case(
        "visit_to_a_city_on_a_day_is_named_by_its_kind_who_and_where",
        [
            "Официальный визит Президента Кыргызстана Айбека Тологонова в Москву "
            "начнётся 12 марта.",
            "Президент встретился с журналистами.",
        ],
        [
            event(
                "Официальный визит Президента Кыргызстана Айбека Тологонова в Москву",
                "визит",
                place="Москва",
                start=date(2017, 3, 12),
                precision=DAY,
            )
        ],
        places=[a_place("Москва", "Москву"), a_place("Кыргызстан", "Кыргызстана")],
        confidence=0.85,
    ),
    case(
        "negotiations_named_by_a_genitive_chain_with_and",
        ["Переговоры министров иностранных дел России и Японии пройдут в Токио 5 мая."],
        [
            event(
                "Переговоры министров иностранных дел России и Японии",
                "переговоры",
                place="Токио",
                start=date(2017, 5, 5),
                precision=DAY,
            )
        ],
        places=[
            a_place("Токио", "Токио"),
            a_place("Россия", "России"),
            a_place("Япония", "Японии"),
        ],
    ),
    case(
        "forum_with_a_quoted_name_mentioned_twice_is_one_event",
        [
            "В Алматы 5 октября открылся форум «Степь Диджитал».",
            "Форум «Степь Диджитал» собрал тысячу участников.",
        ],
        [
            event(
                "Форум «Степь Диджитал»",
                "форум",
                place="Алматы",
                start=date(2017, 10, 5),
                precision=DAY,
            )
        ],
        places=[a_place("Алматы", "Алматы")],
        spans=[
            "форум «Степь Диджитал»",
            "Форум «Степь Диджитал»",
        ],
        aliases=(),
        confidence=0.9,
    ),
    case(
        "the_fullest_name_wins_and_a_list_of_countries_stays_in_it",
        [
            "По итогам трёхсторонних переговоров министров сельского хозяйства в Тбилиси "
            "подписан протокол.",
            "3 марта в Тбилиси прошли трёхсторонние переговоры министров сельского хозяйства "
            "Армении, Грузии и Азербайджана.",
        ],
        [
            event(
                "Переговоры министров сельского хозяйства Армении, Грузии и Азербайджана",
                "переговоры",
                place="Тбилиси",
                start=date(2017, 3, 3),
                precision=DAY,
            )
        ],
        places=[a_place("Тбилиси", "Тбилиси")],
        aliases=("Переговоры министров сельского хозяйства",),
    ),
    case(
        "capitalised_adjectives_name_an_event_without_a_complement",
        [
            "Министр Ольга Ранцева пригласила коллег на Международный водный форум, "
            "который пройдёт в Душанбе 12–13 сентября 2024 года.",
            "Международный форум откроется концертом.",
        ],
        [
            event(
                "Международный водный форум",
                "форум",
                place="Душанбе",
                start=date(2024, 9, 12),
                end=date(2024, 9, 13),
                precision=DAY,
            )
        ],
        places=[a_place("Душанбе", "Душанбе")],
        spans=["Международный водный форум"],
    ),
    case(
        "heads_of_state_spelled_with_a_spaced_dash",
        ["Решение вынесут на заседание Совета глав государств — членов СНГ в Минске."],
        [
            event(
                "Заседание Совета глав государств — членов СНГ",
                "заседание",
                place="Минск",
                organization="Содружество Независимых Государств",
            )
        ],
        places=[a_place("Минск", "Минске")],
        organizations=[
            an_organization("Содружество Независимых Государств", "СНГ", aliases=("СНГ",))
        ],
    ),
    case(
        "summit_and_session_of_heads_of_state_merge_with_the_summit_name_first",
        [
            "В Сочи готовятся к заседанию Совета глав государств ОДКБ 14 ноября.",
            "Саммит ОДКБ, который пройдёт в Сочи, обсудит Афганистан.",
        ],
        [
            event(
                "Саммит ОДКБ",
                "саммит",
                place="Сочи",
                organization="Организация Договора о коллективной безопасности",
                start=date(2017, 11, 14),
                precision=DAY,
            )
        ],
        places=[a_place("Сочи", "Сочи")],
        organizations=[
            an_organization(
                "Организация Договора о коллективной безопасности", "ОДКБ", aliases=("ОДКБ",)
            )
        ],
        aliases=("Заседание Совета глав государств ОДКБ",),
    ),
    case(
        "the_same_name_on_different_dates_is_two_events",
        [
            "Саммит НАТО прошёл в Варшаве в 2016 году.",
            "Следующий саммит НАТО пройдёт в Брюсселе 25 мая.",
        ],
        [
            event(
                "Саммит НАТО",
                "саммит",
                place="Варшава",
                organization="НАТО",
                start=date(2016, 1, 1),
                precision=YEAR,
            ),
            event(
                "Саммит НАТО",
                "саммит",
                place="Брюссель",
                organization="НАТО",
                start=date(2017, 5, 25),
                precision=DAY,
            ),
        ],
        places=[a_place("Варшава", "Варшаве"), a_place("Брюссель", "Брюсселе")],
        organizations=[an_organization("НАТО", "НАТО")],
    ),
    case(
        "an_ordinal_stays_in_the_name_and_a_date_comes_from_a_relative_clause",
        [
            "Делегаты XII съезда партии «Зелёный край», который пройдёт в Новосибирске "
            "в следующем месяце, уже зарегистрированы."
        ],
        [
            event(
                "XII съезд партии «Зелёный край»",
                "съезд",
                place="Новосибирск",
                start=date(2017, 5, 1),
                precision=MONTH,
            )
        ],
        places=[a_place("Новосибирск", "Новосибирске")],
    ),
    case(
        "a_date_in_another_clause_is_not_attached",
        ["В 2016 году завод закрыли, а выборы мэра Самары назначили на осень."],
        [event("Выборы мэра Самары", "выборы")],
        places=[a_place("Самара", "Самары")],
    ),
    # Visits
    case(
        "a_visit_made_by_the_subject_of_the_sentence_names_the_visitor_in_the_genitive",
        ["Министр культуры Армении Ирина Соколова 5 марта прибыла с официальным визитом в Баку."],
        [
            event(
                "Официальный визит Ирины Соколовой в Баку",
                "визит",
                place="Баку",
                start=date(2017, 3, 5),
                precision=DAY,
            )
        ],
        places=[a_place("Армения", "Армении"), a_place("Баку", "Баку")],
    ),
    case(
        "a_visiting_delegation_after_the_verb_and_a_date_range_before_it",
        [
            "10–12 мая в Ереване с рабочим визитом находилась делегация Монголии во главе с "
            "министром Батом Доржиевым."
        ],
        [
            event(
                "Рабочий визит делегации Монголии в Ереван",
                "визит",
                place="Ереван",
                start=date(2017, 5, 10),
                end=date(2017, 5, 12),
                precision=DAY,
            )
        ],
        places=[a_place("Ереван", "Ереване"), a_place("Монголия", "Монголии")],
    ),
    case(
        "a_visit_named_twice_with_the_place_before_the_visitor_is_one_event",
        [
            "Форум прошёл в рамках визита в Тбилиси делегации Министерства экономики Армении.",
            "Официальный визит делегации Министерства экономики Армении в Тбилиси "
            "продлится три дня.",
        ],
        [
            event(
                "Официальный визит делегации Министерства экономики Армении в Тбилиси",
                "визит",
                place="Тбилиси",
            )
        ],
        places=[a_place("Тбилиси", "Тбилиси")],
        organizations=[
            an_organization("Министерство экономики Армении", "Министерства экономики Армении")
        ],
        aliases=("Визит делегации Министерства экономики Армении в Тбилиси",),
    ),
    # Meetings and talks between parties
    case(
        "a_person_meeting_a_named_delegation_at_a_place_is_a_meeting",
        [
            "Министр финансов Олег Сухов встретился в Казани с делегацией Европейского банка "
            "реконструкции и развития."
        ],
        [
            event(
                "Встреча Олега Сухова с делегацией Европейского банка реконструкции и развития",
                "встреча",
                place="Казань",
            )
        ],
        places=[a_place("Казань", "Казани")],
        organizations=[
            an_organization(
                "Европейский банк реконструкции и развития",
                "Европейского банка реконструкции и развития",
            )
        ],
        spans=[
            "Олег Сухов встретился в Казани с делегацией Европейского банка "
            "реконструкции и развития"
        ],
    ),
    case(
        "two_persons_meeting_on_a_date_is_a_meeting",
        ["Марина Ветрова 5 мая встретилась с Павлом Зоринским."],
        [
            event(
                "Встреча Марины Ветровой с Павлом Зоринским",
                "встреча",
                start=date(2017, 5, 5),
                precision=DAY,
            )
        ],
    ),
    case(
        "talks_a_person_held_with_an_organization_use_its_abbreviation",
        [
            "Ранее Ветрова провела в Риге переговоры с руководством Северного инвестиционного "
            "банка (СИБ) о кредитах."
        ],
        [event("Переговоры Ветровой с руководством СИБ", "переговоры", place="Рига")],
        places=[a_place("Рига", "Риге")],
        organizations=[
            an_organization(
                "Северный инвестиционный банк",
                "Северного инвестиционного банка (СИБ)",
                aliases=("СИБ",),
            )
        ],
    ),
    case(
        "a_meeting_held_with_unnamed_representatives_is_named_by_who_held_it",
        [
            "Губернатор Илья Зорин провёл в Самаре совещание с представителями бизнеса, "
            "посвящённое налогам.",
            "Губернатор провёл совещание с главами районов.",
        ],
        [event("Совещание Ильи Зорина с представителями бизнеса", "совещание", place="Самара")],
        places=[a_place("Самара", "Самаре")],
    ),
    case(
        "talks_on_the_sidelines_of_a_meeting_are_held_where_the_meeting_is",
        [
            "В Казани 3 марта прошла встреча министров транспорта стран СНГ.",
            "На полях встречи И. Зорин провёл переговоры с П. Ветровым.",
        ],
        [
            event(
                "Встреча министров транспорта стран СНГ",
                "встреча",
                place="Казань",
                organization="СНГ",
                start=date(2017, 3, 3),
                precision=DAY,
            ),
            event("Переговоры И. Зорина с П. Ветровым", "переговоры", place="Казань"),
        ],
        places=[a_place("Казань", "Казани")],
        organizations=[an_organization("СНГ", "СНГ")],
    ),
    # Other complements
    case(
        "a_topic_after_po_names_a_conference",
        [
            "Делегаты обсудили подготовку к международной конференции по кибербезопасности "
            "критической инфраструктуры, которая пройдёт в Вене 4–5 июня.",
            "Совещание по итогам года провели в Омске.",
        ],
        [
            event(
                "Конференция по кибербезопасности критической инфраструктуры",
                "конференция",
                place="Вена",
                start=date(2017, 6, 4),
                end=date(2017, 6, 5),
                precision=DAY,
            )
        ],
        places=[a_place("Вена", "Вене"), a_place("Омск", "Омске")],
    ),
    case(
        "a_compound_of_two_countries_names_a_hyphenated_event_noun",
        [
            "В рамках визита в Баку прошёл российско-азербайджанский бизнес-форум.",
            "Российско-китайские переговоры пройдут в Пекине в мае.",
        ],
        [
            event("Российско-азербайджанский бизнес-форум", "форум", place="Баку"),
            event(
                "Российско-китайские переговоры",
                "переговоры",
                place="Пекин",
                start=date(2017, 5, 1),
                precision=MONTH,
            ),
        ],
        places=[a_place("Баку", "Баку"), a_place("Пекин", "Пекине")],
    ),
    # One event, several mentions
    case(
        "a_bare_subject_gives_the_event_last_named_its_place_and_date",
        [
            "Проект вынесут на заседание Высшего государственного совета.",
            "Заседание пройдёт в Москве в июле текущего года.",
            "Встреча пройдёт в Казани.",
        ],
        [
            event(
                "Заседание Высшего государственного совета",
                "заседание",
                place="Москва",
                start=date(2017, 7, 1),
                precision=MONTH,
            )
        ],
        places=[a_place("Москва", "Москве"), a_place("Казань", "Казани")],
        spans=[
            "заседание Высшего государственного совета",
            "Заседание",
        ],
    ),
    case(
        "a_meeting_of_heads_of_government_is_the_session_of_their_council",
        [
            "Вопрос рассмотрят на заседании Межправительственного совета Северного союза в Осло.",
            "Документ вынесут на встречу глав правительств стран Северного союза в Осло 5 мая.",
            "Другую встречу глав правительств проведут в Хельсинки.",
        ],
        [
            event(
                "Встреча глав правительств стран Северного союза",
                "встреча",
                place="Осло",
                start=date(2017, 5, 5),
                precision=DAY,
            ),
            event("Встреча глав правительств", "встреча", place="Хельсинки"),
        ],
        places=[a_place("Осло", "Осло"), a_place("Хельсинки", "Хельсинки")],
        aliases=("Заседание Межправительственного совета Северного союза",),
    ),
    case(
        "the_next_meeting_takes_the_series_name_and_restatements_fold_into_the_meeting",
        [
            "15 марта в Ташкенте прошла встреча министров транспорта стран Центральной Азии.",
            "Следующая встреча министров пройдёт в Алматы в октябре.",
            "Формат встреч министров транспорта стран Центральной Азии действует с 2018 года.",
            "Участники предложили проводить встречи министров транспорта региона ежегодно.",
            "Предыдущая встреча прошла в Душанбе.",
        ],
        [
            event(
                "Встреча министров транспорта стран Центральной Азии",
                "встреча",
                place="Ташкент",
                start=date(2017, 3, 15),
                precision=DAY,
            ),
            event(
                "Следующая встреча министров транспорта стран Центральной Азии",
                "встреча",
                place="Алматы",
                start=date(2017, 10, 1),
                precision=MONTH,
            ),
            event(
                "Предыдущая встреча министров транспорта стран Центральной Азии",
                "встреча",
                place="Душанбе",
            ),
        ],
        places=[
            a_place("Ташкент", "Ташкенте"),
            a_place("Алматы", "Алматы"),
            a_place("Душанбе", "Душанбе"),
            a_place("Центральная Азия", "Центральной Азии"),
        ],
        aliases=(
            "Встречи министров транспорта стран Центральной Азии",
            "Встреча министров транспорта региона",
        ),
    ),
]


@pytest.mark.parametrize("paragraphs, places, organizations, expected, first", MADE_UP_ARTICLES)
def test_made_up_article(paragraphs, places, organizations, expected, first):
    document = article(*paragraphs)
    events = find_events(
        document,
        organizations=[found(document) for found in organizations],
        places=[found(document) for found in places],
    )
    assert [summary(event) for event in events] == expected
    if "spans" in first:
        assert [span.text for span in events[0].spans] == first["spans"]
    if "aliases" in first:
        assert events[0].aliases == first["aliases"]
    if "confidence" in first:
        assert events[0].confidence == first["confidence"]


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


# --- Visits ---------------------------------------------------------------------------


def test_a_delegation_named_before_the_verb_is_the_visitor():
    document = article("Делегация Монголии прибыла с рабочим визитом в Казань 3 июня.")
    places = [place(document, "Казань", "Казань"), place(document, "Монголия", "Монголии")]
    events = find_events(document, places=places)
    assert [event.name for event in events] == ["Рабочий визит делегации Монголии в Казань"]


def test_a_visit_without_a_visitor_is_no_event():
    document = article(
        "В ходе визита министр обсудил поставки зерна.",
        "В рамках визита в Тбилиси прошли консультации.",
    )
    assert find_events(document, places=[place(document, "Тбилиси", "Тбилиси")]) == ()


# --- Meetings and talks between parties -----------------------------------------------


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


def test_talks_named_by_two_persons_with_initials():
    document = article("Переговоры И. Зорина и П. Ветрова прошли в Казани.")
    events = find_events(document, places=[place(document, "Казань", "Казани")])
    assert [event.name for event in events] == ["Переговоры И. Зорина и П. Ветрова"]
    assert events[0].place == "Казань"


# --- Other complements ----------------------------------------------------------------


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
