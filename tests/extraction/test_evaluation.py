import json
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from articles.extraction.evaluation import (
    Gold,
    GoldEvent,
    Mismatch,
    Report,
    evaluate,
    format_report,
    load_gold,
    micro_average,
    normalise,
)
from articles.extraction.types import (
    DatePrecision,
    EntityMention,
    EventMention,
    Extraction,
    Kind,
)
from articles.text.parsing import parse_bytes, source_id_from_filename

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"
SEEDS = ROOT / "seeds"
SEED_GOLD = SEEDS / "000_9e9f9821349f9dac.json"
CORPUS_GOLD = sorted(CORPUS.glob("*.json"))
ALL_GOLD = sorted(SEEDS.glob("*.json")) + CORPUS_GOLD

SCO = "Шанхайская организация сотрудничества (ШОС)"
SEED_MEETING = "12-я Встреча секретарей советов безопасности стран ШОС"
SEED_SUMMIT = "Саммит ШОС в Астане (заседание Совета глав государств-членов ШОС)"
MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


# --- Building extractions by hand ----------------------------------------------------------


def person(name, role=""):
    return EntityMention(Kind.PERSON, name, (name,), (), (), 1.0, role=role)


def organization(name, *aliases):
    return EntityMention(Kind.ORGANIZATION, name, (name,), aliases, (), 1.0)


def place(name):
    return EntityMention(Kind.PLACE, name, (name,), (), (), 1.0)


def event(
    name,
    kind="",
    *,
    place="",
    organization="",
    aliases=(),
    start=None,
    end=None,
    precision=None,
):
    return EventMention(
        name, kind, place, organization, start, end, precision, tuple(aliases), (), 1.0
    )


def gold(**items):
    return Gold(file="999_0.txt", source_id="0", **items)


def counts(score):
    return score.true_positives, score.false_positives, score.false_negatives


def ratios(score):
    return score.precision, score.recall, score.f1


# --- Persons and roles ---------------------------------------------------------------------

THREE_PERSONS = gold(
    persons=(
        ("Айдос Жаксылыков", "Министр финансов Казахстана"),
        ("Гульнара Сейтказиева", "председатель Комитета государственных доходов"),
        ("Б. Нуржанов", "вице-министр финансов Казахстана"),
    )
)


def test_perfect_person_extraction_scores_one():
    extraction = Extraction(
        persons=(
            person("Айдос Жаксылыков", "Министр финансов Казахстана"),
            person("Гульнара Сейтказиева", "председатель Комитета государственных доходов"),
            person("Б. Нуржанов", "вице-министр финансов Казахстана"),
        )
    )

    report = evaluate(extraction, THREE_PERSONS)

    assert counts(report.persons) == (3, 0, 0)
    assert ratios(report.persons) == (1.0, 1.0, 1.0)
    assert report.persons.misses == report.persons.extras == ()
    assert (report.roles_correct, report.roles_total, report.role_accuracy) == (3, 3, 1.0)


def test_a_name_in_an_oblique_case_is_a_miss_and_an_extra():
    extraction = Extraction(
        persons=(
            person("Айдоса Жаксылыкова"),
            person("Гульнара Сейтказиева"),
            person("Б. Нуржанов"),
        )
    )

    score = evaluate(extraction, THREE_PERSONS).persons

    assert counts(score) == (2, 1, 1)
    assert ratios(score) == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    assert score.misses == ("Айдос Жаксылыков",)
    assert score.extras == ("Айдоса Жаксылыкова",)
    assert score.matched == (
        ("Гульнара Сейтказиева", "Гульнара Сейтказиева"),
        ("Б. Нуржанов", "Б. Нуржанов"),
    )


def test_partial_person_extraction_has_exact_precision_and_recall():
    extraction = Extraction(persons=(person("Б. Нуржанов"), person("Kapital.kz")))

    score = evaluate(extraction, THREE_PERSONS).persons

    assert counts(score) == (1, 1, 2)
    assert score.precision == 0.5
    assert score.recall == pytest.approx(1 / 3)
    assert score.f1 == pytest.approx(0.4)
    assert score.misses == ("Айдос Жаксылыков", "Гульнара Сейтказиева")
    assert score.extras == ("Kapital.kz",)


def test_a_wholly_wrong_extraction_scores_zero():
    extraction = Extraction(
        persons=(person("Астана"),),
        organizations=(organization("Президент"),),
        places=(place("Акорда"),),
        events=(event("Конвенция ШОС"),),
    )
    truth = gold(
        persons=(("Нурсултан Назарбаев", "Президент Казахстана"),),
        organizations=("Акорда",),
        places=("Астана",),
        events=(GoldEvent(SEED_MEETING, "Астана"),),
    )

    report = evaluate(extraction, truth)

    for kind, score in report.scores():
        assert (kind, counts(score), ratios(score)) == (kind, (0, 1, 1), (0.0, 0.0, 0.0))
    assert report.roles_total == 0


@pytest.mark.parametrize(
    "written",
    ["А.Жаксылыков", "А.  Жаксылыков", "А.\xa0Жаксылыков", " А. Жаксылыков "],
)
def test_person_names_are_compared_after_whitespace_and_initial_normalisation(written):
    score = evaluate(
        Extraction(persons=(person(written),)), gold(persons=(("А. Жаксылыков", ""),))
    ).persons

    assert counts(score) == (1, 0, 0)


def test_yo_and_ye_are_the_same_letter():
    score = evaluate(
        Extraction(persons=(person("Пётр Семёнов"),)), gold(persons=(("Петр Семенов", ""),))
    ).persons

    assert counts(score) == (1, 0, 0)


def test_a_person_extracted_twice_is_found_once_and_the_copy_is_an_extra():
    extraction = Extraction(persons=(person("Б. Нуржанов"), person("Б.Нуржанов")))

    score = evaluate(extraction, gold(persons=(("Б. Нуржанов", ""),))).persons

    assert counts(score) == (1, 1, 0)
    assert score.extras == ("Б.Нуржанов",)


def test_roles_are_scored_on_found_persons_ignoring_the_first_letters_case():
    extraction = Extraction(
        persons=(
            person("Айдос Жаксылыков", "министр финансов Казахстана"),
            person("Гульнара Сейтказиева", "председатель"),
            person("Б. Нуржанов", ""),
            person("Ерлан Байжанов", "Министр энергетики Казахстана"),
        )
    )

    report = evaluate(extraction, THREE_PERSONS)

    assert (report.roles_correct, report.roles_total) == (1, 3)
    assert report.role_accuracy == pytest.approx(1 / 3)
    assert report.role_errors == (
        Mismatch(
            "Гульнара Сейтказиева",
            "председатель Комитета государственных доходов",
            "председатель",
        ),
        Mismatch("Б. Нуржанов", "вице-министр финансов Казахстана", ""),
    )


def test_role_case_matters_beyond_the_first_letter():
    report = evaluate(
        Extraction(persons=(person("Р. Алимов", "генеральный Секретарь ШОС"),)),
        gold(persons=(("Р. Алимов", "Генеральный секретарь ШОС"),)),
    )

    assert report.role_accuracy == 0.0


def test_extracted_names_the_gold_lists_as_not_persons_are_reported():
    truth = gold(persons=(("Нурсултан Назарбаев", ""),), not_persons=("Kapital.kz", "ШОС"))
    extraction = Extraction(persons=(person("Нурсултан Назарбаев"), person("ШОС")))

    report = evaluate(extraction, truth)

    assert report.not_persons_extracted == ("ШОС",)
    assert report.persons.extras == ("ШОС",)


# --- Organizations and places --------------------------------------------------------------


@pytest.mark.parametrize(
    "extracted",
    [
        organization(SCO),
        organization("Шанхайская организация сотрудничества"),
        organization("ШОС"),
        organization("Шанхайская организация сотрудничества", "ШОС"),
        organization("Организация", "ШОС"),
        organization("Организация", "Шанхайская организация сотрудничества"),
        organization("шанхайская организация сотрудничества"),
    ],
    ids=["full", "main-part", "abbreviation", "name-and-alias", "alias", "alias-main", "case"],
)
def test_organization_matches_by_full_name_main_part_abbreviation_or_alias(extracted):
    score = evaluate(Extraction(organizations=(extracted,)), gold(organizations=(SCO,)))

    assert counts(score.organizations) == (1, 0, 0)


def test_a_gold_organization_is_matched_at_most_once():
    extraction = Extraction(
        organizations=(organization("Шанхайская организация сотрудничества"), organization("ШОС"))
    )

    score = evaluate(extraction, gold(organizations=(SCO,))).organizations

    assert counts(score) == (1, 1, 0)
    assert score.matched == ((SCO, "Шанхайская организация сотрудничества"),)
    assert score.extras == ("ШОС",)


def test_organization_matching_serves_every_gold_item_it_can():
    # "ШОС" alone could take the first gold item; the matching still finds two pairs.
    extraction = Extraction(
        organizations=(organization("Шанхайская организация"), organization("ШОС"))
    )
    truth = gold(organizations=("Шанхайская организация (ШОС)", "ШОС"))

    assert counts(evaluate(extraction, truth).organizations) == (2, 0, 0)


@pytest.mark.parametrize("extracted", ["КазТрансОйл", 'АО "КазТрансОйл"', "АО КазТрансОйл"])
def test_organization_quotes_and_legal_form_do_not_matter(extracted):
    score = evaluate(
        Extraction(organizations=(organization(extracted),)),
        gold(organizations=("АО «КазТрансОйл»",)),
    )

    assert counts(score.organizations) == (1, 0, 0)


def test_a_part_of_an_organization_name_is_no_match():
    score = evaluate(
        Extraction(organizations=(organization("Шанхайская организация"),)),
        gold(organizations=(SCO,)),
    ).organizations

    assert counts(score) == (0, 1, 1)
    assert score.misses == (SCO,)
    assert score.extras == ("Шанхайская организация",)


def test_places_must_be_equal_after_normalisation():
    extraction = Extraction(
        places=(place("Астана"), place("Астане"), place("Алма-Ата"), place("Санкт — Петербург"))
    )

    score = evaluate(extraction, gold(places=("Астана", "Алматы", "Санкт-Петербург"))).places

    assert counts(score) == (2, 2, 1)
    assert score.misses == ("Алматы",)
    assert score.extras == ("Астане", "Алма-Ата")


# --- Events --------------------------------------------------------------------------------

SEED_EVENTS = gold(
    events=(
        GoldEvent(SEED_MEETING, "Астана", None, "the meeting the article reports on"),
        GoldEvent(SEED_SUMMIT, "Астана", "June of the article's year", "named twice"),
        GoldEvent(
            "Происшествие в Санкт-Петербурге",
            "Санкт-Петербург",
            None,
            "named only as 'происшествие'; an importer may leave it to editors",
        ),
    )
)


@pytest.mark.parametrize(
    ("extracted", "found"),
    [
        (event("12-я встреча секретарей советов безопасности стран ШОС"), SEED_MEETING),
        (event("Саммит ШОС в Астане"), SEED_SUMMIT),
        (event("Саммит", aliases=("Заседание Совета глав государств-членов ШОС",)), SEED_SUMMIT),
        (event(SEED_SUMMIT.upper()), SEED_SUMMIT),
    ],
    ids=["case", "main-part", "second-name-as-alias", "whole-name"],
)
def test_an_event_with_an_equal_name_matches_without_place_or_noun(extracted, found):
    score = evaluate(Extraction(events=(extracted,)), SEED_EVENTS).events

    assert score.matched == ((found, extracted.name),)
    assert score.extras == ()


@pytest.mark.parametrize(
    ("extracted", "found"),
    [
        (event("Встреча секретарей советов безопасности ШОС", place="Астана"), SEED_MEETING),
        (event("Встреча секретарей советов безопасности", organization="ШОС"), SEED_MEETING),
        (event("Саммит ШОС", "саммит", place="Астана", organization="ШОС"), SEED_SUMMIT),
        (event("Астанинский саммит ШОС", organization="ШОС"), SEED_SUMMIT),
        (event("Совет глав государств ШОС", "заседание", place="Астана"), SEED_SUMMIT),
    ],
    ids=["place", "organization", "short-name", "adjective", "noun-from-kind"],
)
def test_an_event_sharing_noun_anchor_and_most_words_matches(extracted, found):
    score = evaluate(Extraction(events=(extracted,)), SEED_EVENTS).events

    assert score.matched == ((found, extracted.name),)


@pytest.mark.parametrize(
    "extracted",
    [
        event("Встреча секретарей советов безопасности ШОС", place="Москва"),
        event("Встреча секретарей советов безопасности ШОС"),
        event("Конференция секретарей советов безопасности ШОС", place="Астана"),
        event("Встреча министров иностранных дел", place="Астана"),
        event("Секретари советов безопасности ШОС", place="Астана"),
    ],
    ids=["other-place", "no-anchor", "other-noun", "other-words", "no-noun"],
)
def test_an_event_missing_noun_anchor_or_words_does_not_match(extracted):
    score = evaluate(Extraction(events=(extracted,)), SEED_EVENTS).events

    assert counts(score) == (0, 1, 2)
    assert score.misses == (SEED_MEETING, SEED_SUMMIT)


def test_event_words_are_compared_in_any_case_form_and_half_of_them_suffice():
    truth = gold(events=(GoldEvent("Ежегодные встречи Всемирного банка и МВФ", "Вашингтон"),))
    # Shared: "Всемирного" and "банка" ~ "банк"; not shared: "Ежегодные", "МВФ".
    extracted = event("Встречи Всемирного банк и Международного валютного фонда", place="Вашингтон")

    score = evaluate(Extraction(events=(extracted,)), truth).events

    assert counts(score) == (1, 0, 0)


def test_an_optional_event_is_no_miss_when_absent():
    extraction = Extraction(
        events=(event(SEED_MEETING, place="Астана"), event("Саммит ШОС", place="Астана"))
    )

    score = evaluate(extraction, SEED_EVENTS).events

    assert counts(score) == (2, 0, 0)
    assert ratios(score) == (1.0, 1.0, 1.0)
    assert score.misses == ()


def test_an_optional_event_is_a_true_positive_when_found():
    extraction = Extraction(
        events=(
            event(SEED_MEETING, place="Астана"),
            event("Происшествие", place="Санкт-Петербург"),
        )
    )

    score = evaluate(extraction, SEED_EVENTS).events

    assert counts(score) == (2, 0, 1)
    assert score.recall == pytest.approx(2 / 3)
    assert score.misses == (SEED_SUMMIT,)
    assert score.gold_count == 3


def test_an_optional_event_never_takes_the_match_of_a_required_one():
    truth = gold(
        events=(
            GoldEvent(
                "Предыдущая встреча министров финансов", "Ташкент", None, "may leave it to editors"
            ),
            GoldEvent("Встреча министров финансов стран региона", "Ташкент"),
        )
    )
    extraction = Extraction(events=(event("Встреча министров финансов", place="Ташкент"),))

    score = evaluate(extraction, truth).events

    assert score.matched == (
        ("Встреча министров финансов стран региона", extraction.events[0].name),
    )
    assert score.misses == ()


def test_an_exact_name_wins_over_a_fuzzy_match():
    truth = gold(
        events=(
            GoldEvent("Встреча министров финансов", "Ташкент"),
            GoldEvent("Встреча министров финансов стран Центральной Азии", "Ташкент"),
        )
    )
    extraction = Extraction(
        events=(event("Встреча министров финансов стран Центральной Азии", place="Ташкент"),)
    )

    score = evaluate(extraction, truth).events

    assert score.misses == ("Встреча министров финансов",)


# --- Dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expected", "start", "end", "precision", "right"),
    [
        ("2024-02-20", date(2024, 2, 20), None, DatePrecision.DAY, True),
        ("2024-02-20", date(2024, 2, 20), date(2024, 2, 20), DatePrecision.DAY, True),
        ("2024-02-20", date(2024, 2, 21), None, DatePrecision.DAY, False),
        ("2024-05-15/2024-05-16", date(2024, 5, 15), date(2024, 5, 16), DatePrecision.DAY, True),
        ("2024-05-15/2024-05-16", date(2024, 5, 15), None, DatePrecision.DAY, False),
        ("2024-10", date(2024, 10, 1), None, DatePrecision.MONTH, True),
        ("2024-10", date(2024, 10, 1), None, DatePrecision.DAY, False),
        ("June of the article's year", date(2017, 6, 1), None, DatePrecision.MONTH, True),
        ("June of the article's year", date(2017, 7, 1), None, DatePrecision.MONTH, False),
        ("June of the article's year", None, None, None, False),
    ],
)
def test_event_dates_are_checked_against_the_gold_date(expected, start, end, precision, right):
    truth = gold(events=(GoldEvent("Саммит ШОС", "Астана", expected),))
    extraction = Extraction(
        events=(event("Саммит ШОС", start=start, end=end, precision=precision),)
    )

    report = evaluate(extraction, truth)

    assert (report.dates_correct, report.dates_total) == (int(right), 1)


def test_events_without_a_gold_date_or_not_found_are_not_date_checked():
    extraction = Extraction(
        events=(event(SEED_MEETING, start=date(2017, 4, 13), precision=DatePrecision.DAY),)
    )

    report = evaluate(extraction, SEED_EVENTS)

    assert (report.dates_correct, report.dates_total, report.date_accuracy) == (0, 0, 1.0)


def test_a_wrong_date_is_reported_with_what_was_extracted():
    extraction = Extraction(
        events=(
            event(
                "Саммит ШОС в Астане",
                start=date(2017, 6, 8),
                end=date(2017, 6, 9),
                precision=DatePrecision.DAY,
            ),
        )
    )

    report = evaluate(extraction, SEED_EVENTS)

    assert report.date_errors == (
        Mismatch(SEED_SUMMIT, "June of the article's year", "2017-06-08/2017-06-09 (day)"),
    )


# --- Empty kinds and totals ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("golds", "extracted", "expected"),
    [
        ((), (), (1.0, 1.0, 1.0)),
        ((), ("Астана",), (0.0, 1.0, 0.0)),
        (("Астана",), (), (1.0, 0.0, 0.0)),
    ],
    ids=["both-empty", "nothing-to-find", "nothing-found"],
)
def test_empty_sides_define_zero_over_zero_as_one(golds, extracted, expected):
    score = evaluate(Extraction(places=tuple(map(place, extracted))), gold(places=golds)).places

    assert ratios(score) == expected


def test_an_empty_extraction_of_an_empty_gold_is_perfect():
    report = evaluate(Extraction(), gold())

    assert all(ratios(score) == (1.0, 1.0, 1.0) for _, score in report.scores())
    assert (report.role_accuracy, report.date_accuracy) == (1.0, 1.0)


def test_micro_average_sums_counts_before_taking_ratios():
    first = evaluate(Extraction(places=(place("Астана"),)), gold(places=("Астана",)))
    second = evaluate(
        Extraction(places=(place("Москве"), place("Минск"))),
        gold(places=("Москва", "Минск", "Бишкек")),
    )

    total = micro_average([first, second])

    assert counts(total.places) == (2, 1, 2)
    assert total.places.precision == pytest.approx(2 / 3)
    assert total.places.recall == 0.5
    assert total.places.misses == ("Москва", "Бишкек")
    assert micro_average([]) == Report()


# --- The printed report --------------------------------------------------------------------


def test_format_report_prints_a_table_per_article_a_total_and_what_went_wrong():
    first = evaluate(
        Extraction(
            persons=(person("Б. Нуржанов", "министр"), person("Kapital.kz")),
            places=(place("Астане"),),
        ),
        THREE_PERSONS,
    )
    second = evaluate(Extraction(places=(place("Астана"),)), gold(places=("Астана",)))

    text = format_report([("101.txt", first), ("102.txt", second)])

    assert text.startswith(
        "101.txt\n"
        "kind            gold  found   tp   fp   fn  precision  recall      f1\n"
        "persons            3      2    1    1    2      0.500   0.333   0.400\n"
        "organizations      0      0    0    0    0      1.000   1.000   1.000\n"
        "places             0      1    0    1    0      0.000   1.000   0.000\n"
        "events             0      0    0    0    0      1.000   1.000   1.000\n"
        "roles 0/1 right (0.000), dates 0/0 right (1.000)\n"
    )
    assert (
        "TOTAL (micro-average over 2 articles)\n"
        "kind            gold  found   tp   fp   fn  precision  recall      f1\n"
        "persons            3      2    1    1    2      0.500   0.333   0.400\n"
        "organizations      0      0    0    0    0      1.000   1.000   1.000\n"
        "places             1      2    1    1    0      0.500   1.000   0.667\n"
    ) in text
    assert text.endswith(
        "101.txt:\n"
        "  miss  persons: Айдос Жаксылыков\n"
        "  miss  persons: Гульнара Сейтказиева\n"
        "  extra persons: Kapital.kz\n"
        "  extra places: Астане\n"
        "  role  Б. Нуржанов: expected 'вице-министр финансов Казахстана', got 'министр'\n"
    )
    assert "102.txt:" not in text  # nothing went wrong there


def test_normalise_leaves_ordinary_dots_alone():
    assert normalise("Kapital.kz") == "Kapital.kz"
    assert normalise("Е.Сысоев") == "Е. Сысоев"
    assert normalise("«Самрук-Казына»") == "Самрук-Казына"


# --- The gold files ------------------------------------------------------------------------


def gold_id(path):
    return path.stem


def article_path(gold_path):
    data = json.loads(gold_path.read_text(encoding="utf-8"))
    for folder in (gold_path.parent, SEEDS):
        if (folder / data["file"]).is_file():
            return folder / data["file"]
    return None


def article_text(gold_path):
    article = parse_bytes(article_path(gold_path).read_bytes())
    return "\n\n".join((article.title, article.lead, *article.paragraphs))


def stem(word):
    # Enough of a word to survive declension: "Жаксылыков" is found in "Жаксылыковым".
    word = word.lower().replace("ё", "е")
    return word[: max(3, len(word) - 3)]


def words(text):
    return re.findall(r"[^\W\d_]+", text)


def occurs(phrase, text):
    """Whether every word of three letters or more occurs in the text in some case form."""
    haystack = text.lower().replace("ё", "е")
    return all(stem(word) in haystack for word in words(phrase) if len(word) >= 3)


def test_corpus_has_at_least_six_articles_with_gold():
    assert len(CORPUS_GOLD) >= 6
    assert SEED_GOLD in ALL_GOLD


@pytest.mark.parametrize("gold_path", ALL_GOLD, ids=gold_id)
def test_gold_file_loads_and_names_its_article(gold_path):
    truth = load_gold(gold_path)

    assert truth.file == f"{gold_path.stem}.txt"
    assert truth.source_id == source_id_from_filename(truth.file)
    assert article_path(gold_path) is not None
    assert truth.persons and truth.organizations and truth.places and truth.events


@pytest.mark.parametrize("gold_path", ALL_GOLD, ids=gold_id)
def test_gold_structure_agrees_with_the_parser(gold_path):
    data = json.loads(gold_path.read_text(encoding="utf-8"))
    article = parse_bytes(article_path(gold_path).read_bytes())
    text = "\n\n".join((article.title, article.lead, *article.paragraphs))

    assert article.title == data["title"]
    assert article.lead == data["lead"]
    assert article.source == data["source"]
    assert len(article.paragraphs) == data["body_paragraphs"]
    assert article.paragraphs[0].startswith(data["body_first_paragraph_starts"])
    assert article.paragraphs[-1].startswith(data["body_last_paragraph_starts"])
    for boilerplate in data["boilerplate_removed"]:
        assert boilerplate not in text
    for damage in data["text_must_not_contain"]:
        assert damage not in text


@pytest.mark.parametrize("gold_path", ALL_GOLD, ids=gold_id)
def test_gold_persons_and_roles_occur_in_the_article(gold_path):
    truth = load_gold(gold_path)
    text = article_text(gold_path)

    for name, role in truth.persons:
        *given, surname = name.split()
        assert stem(surname) in text.lower().replace("ё", "е"), name
        for part in given:
            if re.fullmatch(r"\w\.", part):  # an initial stands right before the surname
                assert re.search(rf"{part[0]}\.\s*{stem(surname)}", text, re.IGNORECASE), name
            else:
                assert occurs(part, text), name
        assert occurs(role, text), (name, role)


@pytest.mark.parametrize("gold_path", ALL_GOLD, ids=gold_id)
def test_gold_organizations_places_and_events_occur_in_the_article(gold_path):
    truth = load_gold(gold_path)
    text = article_text(gold_path)

    for name in (*truth.organizations, *truth.places, *(event.name for event in truth.events)):
        assert occurs(name, text), name


@pytest.mark.parametrize("gold_path", ALL_GOLD, ids=gold_id)
def test_gold_follows_the_conventions(gold_path):
    truth = load_gold(gold_path)
    names = [name for name, _ in truth.persons]
    date_format = re.compile(
        rf"\d{{4}}-\d{{2}}-\d{{2}}(/\d{{4}}-\d{{2}}-\d{{2}})?|\d{{4}}-\d{{2}}"
        rf"|({'|'.join(MONTHS)}) of the article's year"
    )

    for name in names:
        assert normalise(name) == name, "initials as 'А. Фамилия', one space"
        assert name[0].isupper(), name
    for items in (names, truth.organizations, truth.places, [e.name for e in truth.events]):
        assert len(set(items)) == len(items), "no duplicates"
    assert not set(names) & set(truth.not_persons)
    for gold_event in truth.events:
        assert not gold_event.name[0].islower(), gold_event.name
        assert gold_event.date is None or date_format.fullmatch(gold_event.date), gold_event
        assert not gold_event.place or gold_event.place in truth.places, gold_event


def gold_dates(value):
    """The dates a perfect extractor gives for a gold date string, as event() arguments."""
    if value is None:
        return {}
    if "/" in value:
        start, end = map(date.fromisoformat, value.split("/"))
        return {"start": start, "end": end, "precision": DatePrecision.DAY}
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return {"start": date.fromisoformat(value), "precision": DatePrecision.DAY}
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return {"start": date.fromisoformat(f"{value}-01"), "precision": DatePrecision.MONTH}
    month = MONTHS.index(value.split()[0]) + 1  # "June of the article's year"
    return {"start": date(2024, month, 1), "precision": DatePrecision.MONTH}


@pytest.mark.parametrize("gold_path", ALL_GOLD, ids=gold_id)
def test_an_extraction_equal_to_the_gold_scores_one(gold_path):
    truth = load_gold(gold_path)
    extraction = Extraction(
        persons=tuple(person(name, role) for name, role in truth.persons),
        organizations=tuple(map(organization, truth.organizations)),
        places=tuple(map(place, truth.places)),
        events=tuple(event(e.name, place=e.place, **gold_dates(e.date)) for e in truth.events),
    )

    report = evaluate(extraction, truth)

    for kind, score in report.scores():
        assert (kind, ratios(score)) == (kind, (1.0, 1.0, 1.0))
    assert report.role_accuracy == 1.0
    assert report.dates_total == sum(e.date is not None for e in truth.events)
    assert report.date_accuracy == 1.0


def test_corpus_has_a_cp1251_file_with_crlf_and_a_file_with_broken_entities():
    raw = {path.name: path.read_bytes() for path in CORPUS.glob("*.txt")}
    legacy = [name for name, data in raw.items() if parse_bytes(data).encoding == "cp1251"]
    damaged = [name for name, data in raw.items() if "&\xa0".encode() in data]

    assert legacy and all(b"\r\n" in raw[name] for name in legacy)
    assert damaged


def test_some_corpus_person_appears_in_two_articles_in_different_forms():
    forms = defaultdict(set)
    for gold_path in CORPUS_GOLD:
        for name, _ in load_gold(gold_path).persons:
            forms[name.split()[-1]].add((gold_path.name, name))

    shared = {
        surname: found
        for surname, found in forms.items()
        if len({file for file, _ in found}) >= 2 and len({name for _, name in found}) >= 2
    }
    assert {"Жаксылыков", "Байжанов"} <= set(shared)
