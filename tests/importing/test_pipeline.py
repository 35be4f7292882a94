"""The importer with entity extraction, end to end, on the seed and the corpus."""

import io
import json
import shutil

import pytest
from django.core.management import call_command

from articles.models import (
    ArticlePerson,
    Event,
    Organization,
    Person,
    Place,
    ReviewStatus,
)

from ..factories import CORPUS, ROOT, SEED, load_articles

pytestmark = pytest.mark.django_db(transaction=True)

GOLD = json.loads((ROOT / "seeds" / "000_9e9f9821349f9dac.json").read_text(encoding="utf-8"))


def test_seed_gives_the_gold_persons_with_their_roles(seed):
    load_articles(seed)

    links = ArticlePerson.objects.select_related("person").order_by("position")
    assert {(link.person.name, link.role) for link in links} == {
        (person["name"], person["role"]) for person in GOLD["persons"]
    }
    assert Person.objects.count() == len(GOLD["persons"]) == 8
    assert not Person.objects.filter(name__in=GOLD["not_persons"]).exists()
    assert {link.review_status for link in links} == {ReviewStatus.SUGGESTED}
    assert all(0 < link.confidence <= 1 and link.evidence for link in links)


def test_seed_gives_the_two_sco_events_as_suggestions_in_astana(seed):
    load_articles(seed, published_at="2017-04-10T12:00")

    events = {event.name: event for event in Event.objects.all()}
    assert set(events) == {"12-я Встреча секретарей советов безопасности стран ШОС", "Саммит ШОС"}
    assert {event.place for event in events.values()} == {"Астана"}
    assert {event.review_status for event in events.values()} == {ReviewStatus.SUGGESTED}
    summit = events["Саммит ШОС"]
    assert (summit.start_date.isoformat(), summit.date_precision) == ("2017-06-01", "month")
    assert "Заседание Совета глав государств-членов ШОС" in summit.all_names()


def test_seed_gives_organizations_with_aliases_and_places(seed):
    load_articles(seed)

    organizations = set(Organization.objects.values_list("name", flat=True))
    assert {"Шанхайская организация сотрудничества", "ООН", "ОДКБ", "СВМДА", "Акорда"} <= (
        organizations
    )
    sco = Organization.objects.get(name="Шанхайская организация сотрудничества")
    assert "ШОС" in sco.all_names()
    places = set(Place.objects.values_list("name", flat=True))
    assert {"Астана", "Санкт-Петербург", "Россия", "Казахстан"} <= places


def test_no_second_nazarbayev_from_another_file_name_or_another_case(seed, tmp_path):
    load_articles(seed)
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(SEED, copy / "001_0000aaaa0000aaaa.txt")
    (copy / "002_0000bbbb0000bbbb.txt").write_text(
        "Токаев провёл встречу\n\n"
        "Президент принял бывшего главу государства\n\n"
        "Касым-Жомарт Токаев встретился с Нурсултаном Назарбаевым в Акорде.\n\n"
        "Глава государства поблагодарил Нурсултана Назарбаева за поддержку.\n",
        encoding="utf-8",
    )

    load_articles(copy)

    assert Person.objects.filter(name__contains="Назарбаев").count() == 1
    nazarbayev = Person.objects.get(name="Нурсултан Назарбаев")
    assert nazarbayev.article_links.count() == 3
    assert {"Нурсултана Назарбаева", "Нурсултаном Назарбаевым"} <= set(nazarbayev.all_names())


def test_rerun_duplicates_nothing_and_keeps_editors_decisions(seed):
    load_articles(seed)
    nazarbayev = ArticlePerson.objects.get(person__name="Нурсултан Назарбаев")
    nazarbayev.role = "Глава государства"
    nazarbayev.review_status = ReviewStatus.APPROVED
    nazarbayev.save()
    Person.objects.filter(name="Го Шэнкунь").update(review_status=ReviewStatus.REJECTED)
    Event.objects.filter(name="Саммит ШОС").update(review_status=ReviewStatus.APPROVED)
    counts = [model.objects.count() for model in (Person, Organization, Place, Event)]

    stdout, _ = load_articles(seed)
    call_command("extract_entities", "--all", stdout=io.StringIO())

    assert stdout == "0 created, 0 updated, 1 unchanged, 0 skipped, 0 failed.\n"
    assert [model.objects.count() for model in (Person, Organization, Place, Event)] == counts
    nazarbayev.refresh_from_db()
    assert (nazarbayev.role, nazarbayev.review_status) == ("Глава государства", "approved")
    assert (
        not ArticlePerson.objects.filter(person__name="Го Шэнкунь").public_if_article_is().exists()
    )
    assert Event.objects.get(name="Саммит ШОС").review_status == ReviewStatus.APPROVED


def test_one_person_across_the_corpus_whatever_the_form_and_encoding():
    load_articles(CORPUS)

    assert Person.objects.filter(name__contains="Жаксылыков").count() == 1
    assert Person.objects.get(name="Айдос Жаксылыков").article_links.count() == 3
    assert Person.objects.filter(name__contains="Байжанов").count() == 1
    assert Person.objects.get(name="Ерлан Байжанов").article_links.count() == 2


def test_no_extract_imports_without_entities(seed):
    load_articles(seed, extract=False)
    assert not Person.objects.exists()
    assert not Event.objects.exists()


def test_extract_entities_needs_a_choice_of_articles():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Name articles by slug, or give --all"):
        call_command("extract_entities", stdout=io.StringIO())
    with pytest.raises(CommandError, match="No article with the slug: nope"):
        call_command("extract_entities", "nope", stdout=io.StringIO())


def test_evaluation_command_reports_perfect_persons_on_the_seed():
    stdout = io.StringIO()
    call_command("evaluate_extraction", str(ROOT / "seeds"), stdout=stdout)
    lines = stdout.getvalue().splitlines()
    persons = next(line for line in lines if line.startswith("persons"))
    assert persons.split()[1:] == ["8", "8", "8", "0", "0", "1.000", "1.000", "1.000"]
