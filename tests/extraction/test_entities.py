import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from articles.extraction.entities import extract_entities
from articles.extraction.types import Document, Extraction, Kind
from articles.text.parsing import parse_bytes

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_9e9f9821349f9dac.txt"

# The gold extraction of the seed (/work/shared/gold/000_9e9f9821349f9dac.json).
GOLD_ROLES = {
    "Нурсултан Назарбаев": "Президент Казахстана",
    "В. Жумаканов": "секретарь Совета безопасности Казахстана",
    "Т. Джумакадыров": "секретарь Совета безопасности Кыргызстана",
    "Н. Патрушев": "секретарь Совета безопасности России",
    "А. Кахаров": "секретарь Совета безопасности Таджикистана",
    "Го Шэнкунь": "член Госсовета — министр общественной безопасности КНР",
    "Р. Алимов": "Генеральный секретарь ШОС",
    "Е. Сысоев": "директор Исполкома Региональной антитеррористической структуры ШОС",
}
GOLD_ORGANIZATIONS = {
    "Шанхайская организация сотрудничества",
    "Акорда",
    "ООН",
    "ОДКБ",
    "СВМДА",
    "Совет Безопасности ООН",
    "Госсовет КНР",
    "Региональная антитеррористическая структура ШОС",
}
GOLD_PLACES = {
    "Астана",
    "Казахстан",
    "Россия",
    "Санкт-Петербург",
    "Кыргызстан",
    "Таджикистан",
    "КНР",
    "Индия",
    "Пакистан",
    "Азия",
}
KAPITAL_FOOTER = (
    "При работе с материалами Центра деловой информации Kapital.kz разрешено использование "
    "лишь 30% текста с обязательной гиперссылкой на источник."
)


@pytest.fixture(scope="module")
def seed_document() -> Document:
    parsed = parse_bytes(SEED.read_bytes())
    return Document(parsed.title, parsed.lead, parsed.paragraphs, published=date(2017, 4, 10))


@pytest.fixture(scope="module")
def seed(seed_document) -> Extraction:
    return extract_entities(seed_document)


def extract(
    *paragraphs: str, title="Новости региона", lead="Подробности в материале."
) -> Extraction:
    return extract_entities(Document(title, lead, paragraphs))


def by_name(entities):
    return {entity.name: entity for entity in entities}


# --- The seed article --------------------------------------------------------------------


def test_seed_persons_are_the_gold_eight_in_order_of_first_mention(seed):
    assert [person.name for person in seed.persons] == list(GOLD_ROLES)


def test_seed_roles_are_exactly_the_gold_roles(seed):
    assert {person.name: person.role for person in seed.persons} == GOLD_ROLES


def test_seed_sources_bodies_and_abbreviations_are_not_persons(seed):
    names = {person.name for person in seed.persons}
    assert names.isdisjoint({"Kapital.kz", "Акорда", "Акорды", "ШОС"})
    assert {person.kind for person in seed.persons} == {Kind.PERSON}


def test_seed_groups_every_mention_of_one_person(seed):
    nazarbayev = by_name(seed.persons)["Нурсултан Назарбаев"]
    assert nazarbayev.forms == ("Нурсултан Назарбаев",)
    assert len(nazarbayev.spans) == 5
    assert nazarbayev.role_span.text == "Президент Казахстана"


def test_seed_initials_glued_to_the_surname_are_spaced_in_the_name_not_in_forms(seed):
    sysoev = by_name(seed.persons)["Е. Сысоев"]
    assert sysoev.forms == ("Е.Сысоев",)


def test_seed_enumerated_role_span_reaches_from_the_shared_head_to_the_own_country(seed):
    patrushev = by_name(seed.persons)["Н. Патрушев"]
    assert patrushev.role_span.text.startswith("секретари советов безопасности Казахстана")
    assert patrushev.role_span.text.endswith("Т. Джумакадыров, России")


def test_seed_organizations_are_the_gold_ones_and_two_named_bodies_of_the_sco(seed):
    # Both extras are real bodies the text names; the gold file leaves them out.
    assert set(by_name(seed.organizations)) == GOLD_ORGANIZATIONS | {
        "Исполком Региональной антитеррористической структуры ШОС",
        "Совет глав государств-членов ШОС",
    }


def test_seed_abbreviation_in_brackets_is_an_alias_of_the_full_name(seed):
    sco = by_name(seed.organizations)["Шанхайская организация сотрудничества"]
    assert sco.aliases == ("ШОС",)
    assert sco.forms == ("ШОС", "Шанхайской организации сотрудничества (ШОС)")
    # Every bare "ШОС" belongs to it, including the ones inside longer names.
    assert len(sco.spans) == 12
    assert "ШОС" not in by_name(seed.organizations)


def test_seed_places_are_exactly_the_gold_places(seed):
    assert set(by_name(seed.places)) == GOLD_PLACES


def test_seed_places_are_merged_across_case_forms(seed):
    astana = by_name(seed.places)["Астана"]
    assert astana.forms == ("Астану", "Астане")
    assert len(astana.spans) == 3


def test_seed_spans_are_offsets_into_the_document_text(seed, seed_document):
    text = seed_document.text
    for entity in (*seed.persons, *seed.organizations, *seed.places):
        for span in entity.spans:
            assert text[span.start : span.end] == span.text
        if entity.role_span:
            assert text[entity.role_span.start : entity.role_span.end] == entity.role_span.text


def test_seed_output_is_ordered_by_first_mention_and_deterministic(seed, seed_document):
    for entities in (seed.persons, seed.organizations, seed.places):
        starts = [entity.spans[0].start for entity in entities]
        assert starts == sorted(starts)
    assert extract_entities(seed_document) == seed
    assert seed.events == ()


def test_seed_confidence_is_higher_for_a_full_name_mentioned_often(seed):
    people = by_name(seed.persons)
    assert all(0 < person.confidence <= 1 for person in seed.persons)
    assert people["Нурсултан Назарбаев"].confidence > people["Н. Патрушев"].confidence


# --- Made-up articles (fictional people) -----------------------------------------------


def test_case_forms_initials_and_bare_surname_are_one_person():
    extraction = extract(
        "Президент Казахстана Айдар-Жомарт Кенесов принял посла. "
        "Визит Айдар-Жомарта Кенесова продлится два дня. "
        "А. Кенесов отметил важность встречи. Кенесов также поблагодарил хозяев.",
        title="Айдар-Жомарт Кенесов встретился с послом",
    )
    [person] = extraction.persons
    assert person.name == "Айдар-Жомарт Кенесов"
    assert person.forms == (
        "Айдар-Жомарт Кенесов",
        "Айдар-Жомарта Кенесова",
        "А. Кенесов",
        "Кенесов",
    )
    assert len(person.spans) == 5
    assert person.role == "Президент Казахстана"


def test_display_name_is_the_fullest_form_in_the_nominative():
    extraction = extract(
        "Визит Ерлана Сарсенбаева начался утром. По словам Сарсенбаева, завод заработает в "
        "мае. Е. Сарсенбаев добавил, что сроки не изменятся."
    )
    [person] = extraction.persons
    assert person.name == "Ерлан Сарсенбаев"
    assert person.forms == ("Ерлана Сарсенбаева", "Сарсенбаева", "Е. Сарсенбаев")


def test_a_verb_after_an_ambiguous_name_decides_its_gender():
    extraction = extract(
        "Дарина Сарсенбаева заявила о поддержке проекта. Сарсенбаевой понравился завод."
    )
    [person] = extraction.persons
    assert person.name == "Дарина Сарсенбаева"
    assert person.forms == ("Дарина Сарсенбаева", "Сарсенбаевой")


def test_enumeration_sharing_a_plural_head_gives_each_person_the_singular_role():
    extraction = extract(
        "В Ташкенте состоялась встреча, в которой приняли участие министры иностранных дел "
        "Казахстана Е. Ашимов, Узбекистана Б. Саидов и Кыргызстана Т. Бекназаров."
    )
    assert {person.name: person.role for person in extraction.persons} == {
        "Е. Ашимов": "министр иностранных дел Казахстана",
        "Б. Саидов": "министр иностранных дел Узбекистана",
        "Т. Бекназаров": "министр иностранных дел Кыргызстана",
    }


def test_roles_with_dependents_prepositions_and_oblique_heads():
    extraction = extract(
        "Заместитель председателя правления Национального банка Таджикистана Фаррух Рахимов, "
        "советник президента Туркменистана по экономике Мурад Овезов и посол Казахстана в "
        "Узбекистане Даурен Кенжебеков также выступили.",
        "Встреча прошла с министром образования Казахстана Айгерим Сатыбалдиевой.",
    )
    assert {person.name: person.role for person in extraction.persons} == {
        "Фаррух Рахимов": "Заместитель председателя правления Национального банка Таджикистана",
        "Мурад Овезов": "советник президента Туркменистана по экономике",
        "Даурен Кенжебеков": "посол Казахстана в Узбекистане",
        "Айгерим Сатыбалдиева": "министр образования Казахстана",
    }


def test_role_in_commas_after_the_name_and_no_role_gives_empty_string():
    extraction = extract(
        "Марат Абенов, председатель правления Народного банка Казахстана, заявил о снижении "
        "ставки. Его поддержал Руслан Темиров."
    )
    people = by_name(extraction.persons)
    assert people["Марат Абенов"].role == "председатель правления Народного банка Казахстана"
    assert people["Руслан Темиров"].role == ""
    assert people["Руслан Темиров"].role_span is None


def test_title_the_model_tags_as_part_of_a_place_becomes_the_role():
    extraction = extract(
        "Аким Туркестанской области Ерболат Кудайбергенов прибыл в Шымкент. "
        "По словам Кудайбергенова, область получит новые школы."
    )
    [person] = extraction.persons
    assert (person.name, person.role) == ("Ерболат Кудайбергенов", "Аким Туркестанской области")
    assert [place.name for place in extraction.places] == ["Туркестанская область", "Шымкент"]


def test_source_boilerplate_is_neither_organization_nor_person():
    extraction = extract("Банк снизил ставку.", KAPITAL_FOOTER)
    assert extraction.persons == ()
    assert extraction.organizations == ()


@pytest.mark.parametrize(
    ("modules", "unloaded"),
    [
        pytest.param(
            "articles.extraction.entities",
            ("slovnet", "navec", "numpy", "pymorphy3"),
            id="the_extractor_loads_no_model_or_morphology",
        ),
        pytest.param(
            "articles.extraction.dates, articles.extraction.events",
            ("pymorphy3",),
            id="dates_and_events_do_not_load_pymorphy3",
        ),
    ],
)
def test_importing(modules, unloaded):
    code = f"import sys, {modules}\nprint(sorted(m for m in {unloaded!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
