"""Linking extracted entities to records: one record per real entity, editors' decisions kept."""

from datetime import date

import pytest

from articles.extraction.types import (
    DatePrecision,
    EntityMention,
    EventMention,
    Extraction,
    Kind,
    Span,
)
from articles.importing.linking import apply_extraction, evidence
from articles.models import (
    ArticleEvent,
    ArticleOrganization,
    ArticlePerson,
    Event,
    Organization,
    OrganizationAlias,
    Person,
    Place,
    ReviewStatus,
)

from ..factories import make_article

pytestmark = pytest.mark.django_db

TEXT = "Президент Казахстана Нурсултан Назарбаев встретился с секретарями. Второе предложение."


def person(name, *forms, role="", confidence=0.9):
    return EntityMention(
        kind=Kind.PERSON,
        name=name,
        forms=forms or (name,),
        aliases=(),
        spans=(Span(21, 40, "Нурсултан Назарбаев"),),
        confidence=confidence,
        role=role,
        role_span=Span(0, 20, "Президент Казахстана") if role else None,
    )


def organization(name, *aliases, kind=Kind.ORGANIZATION):
    return EntityMention(
        kind=kind,
        name=name,
        forms=(name,),
        aliases=aliases,
        spans=(Span(0, 9, "Президент"),),
        confidence=0.8,
    )


def place(name):
    return organization(name, kind=Kind.PLACE)


def event(name, *, place="Астана", start=None, precision=None, aliases=()):
    return EventMention(
        name=name,
        kind="саммит",
        place=place,
        organization="",
        start_date=start,
        end_date=None,
        date_precision=precision,
        aliases=aliases,
        spans=(Span(0, 9, "Президент"),),
        confidence=0.7,
    )


def apply(article, **found):
    apply_extraction(article, Extraction(**found), text=TEXT)


def test_new_entities_are_suggested_with_confidence_role_and_evidence():
    article = make_article()
    apply(article, persons=(person("Нурсултан Назарбаев", role="Президент Казахстана"),))

    link = ArticlePerson.objects.get()
    assert link.person.name == "Нурсултан Назарбаев"
    assert link.person.review_status == ReviewStatus.SUGGESTED
    assert (link.role, link.review_status, link.confidence) == (
        "Президент Казахстана",
        ReviewStatus.SUGGESTED,
        0.9,
    )
    assert link.evidence == "Президент Казахстана Нурсултан Назарбаев встретился с секретарями."
    assert article.extracted_at is not None


def test_one_person_across_articles_by_forms_initials_and_surname():
    first, second, third = make_article(), make_article(), make_article()
    apply(first, persons=(person("Нурсултан Назарбаев", "Нурсултан Назарбаев", "Назарбаева"),))
    apply(second, persons=(person("Н. Назарбаев"),))
    apply(third, persons=(person("Нурсултан Назарбаев", "Нурсултана Назарбаева"),))

    nazarbayev = Person.objects.get()
    assert nazarbayev.name == "Нурсултан Назарбаев"
    assert set(nazarbayev.aliases.values_list("name", flat=True)) == {
        "Назарбаева",
        "Н. Назарбаев",
        "Нурсултана Назарбаева",
    }
    assert ArticlePerson.objects.filter(person=nazarbayev).count() == 3


def test_a_fuller_name_replaces_an_initialled_suggestion():
    apply(make_article(), persons=(person("Н. Назарбаев"),))
    apply(make_article(), persons=(person("Нурсултан Назарбаев"),))

    nazarbayev = Person.objects.get()
    assert nazarbayev.name == "Нурсултан Назарбаев"
    assert list(nazarbayev.aliases.values_list("name", flat=True)) == ["Н. Назарбаев"]


def test_different_initials_are_different_persons():
    apply(make_article(), persons=(person("А. Иванов"),))
    apply(make_article(), persons=(person("Б. Иванов"),))
    assert sorted(Person.objects.values_list("name", flat=True)) == ["А. Иванов", "Б. Иванов"]


def test_surname_alone_is_not_joined_when_ambiguous():
    apply(make_article(), persons=(person("А. Иванов"),))
    apply(make_article(), persons=(person("Б. Иванов"),))
    apply(make_article(), persons=(person("Иванов"),))
    assert Person.objects.count() == 3


def test_an_approved_name_is_not_renamed_by_the_extractor():
    Person.objects.create(name="Н. Назарбаев", review_status=ReviewStatus.APPROVED)
    apply(make_article(), persons=(person("Нурсултан Назарбаев"),))
    assert list(Person.objects.values_list("name", flat=True)) == ["Н. Назарбаев"]


def test_reextraction_keeps_editors_decisions_on_links():
    article = make_article()
    apply(
        article,
        persons=(
            person("Нурсултан Назарбаев", role="Президент"),
            person("В. Жумаканов", role="секретарь"),
            person("Т. Джумакадыров", role="секретарь"),
        ),
    )
    links = {link.person.name: link for link in ArticlePerson.objects.select_related("person")}
    links["Нурсултан Назарбаев"].role = "Первый президент Казахстана"
    links["Нурсултан Назарбаев"].review_status = ReviewStatus.APPROVED
    links["Нурсултан Назарбаев"].save()
    links["В. Жумаканов"].review_status = ReviewStatus.REJECTED
    links["В. Жумаканов"].save()

    # The extractor now says other roles and no longer finds Джумакадыров or Жумаканов.
    apply(article, persons=(person("Нурсултан Назарбаев", role="Президент Казахстана"),))

    after = {
        link.person.name: (link.role, link.review_status)
        for link in ArticlePerson.objects.select_related("person")
    }
    assert after == {
        "Нурсултан Назарбаев": ("Первый президент Казахстана", ReviewStatus.APPROVED),
        "В. Жумаканов": ("секретарь", ReviewStatus.REJECTED),
    }


def test_a_suggested_link_follows_the_extractor():
    article = make_article()
    apply(article, persons=(person("Нурсултан Назарбаев", role="Президент"),))
    apply(article, persons=(person("Нурсултан Назарбаев", role="Президент Казахстана"),))
    assert ArticlePerson.objects.get().role == "Президент Казахстана"


def test_a_rejected_entity_is_never_linked_again():
    apply(make_article(), persons=(person("Kapital Kz"),))
    Person.objects.update(review_status=ReviewStatus.REJECTED)

    later = make_article()
    apply(later, persons=(person("Kapital Kz"),))

    assert not ArticlePerson.objects.filter(article=later).exists()
    assert Person.objects.count() == 1


def test_organizations_resolve_through_their_aliases():
    apply(
        make_article(),
        organizations=(organization("Шанхайская организация сотрудничества", "ШОС"),),
    )
    apply(make_article(), organizations=(organization("ШОС"),))

    sco = Organization.objects.get()
    assert sco.name == "Шанхайская организация сотрудничества"
    assert list(sco.aliases.values_list("name", flat=True)) == ["ШОС"]
    assert ArticleOrganization.objects.filter(organization=sco).count() == 2


def test_events_merge_by_name_place_and_date():
    june = date(2017, 6, 1)
    apply(make_article(), events=(event("Саммит ШОС", start=june, precision=DatePrecision.MONTH),))
    apply(
        make_article(),
        events=(event("Саммит ШОС", start=date(2017, 6, 9), precision=DatePrecision.DAY),),
    )
    apply(make_article(), events=(event("Саммит ШОС", place=""),))
    apply(
        make_article(),
        events=(event("Саммит ШОС", start=date(2018, 6, 1), precision=DatePrecision.MONTH),),
    )
    apply(make_article(), events=(event("Саммит ШОС", place="Бишкек"),))

    events = list(Event.objects.order_by("pk").values_list("place", "start_date", "date_precision"))
    assert events == [
        ("Астана", date(2017, 6, 9), "day"),
        ("Астана", date(2018, 6, 1), "month"),
        ("Бишкек", None, "day"),
    ]
    assert ArticleEvent.objects.filter(event__start_date=date(2017, 6, 9)).count() == 3


def test_event_aliases_find_the_same_event():
    apply(
        make_article(),
        events=(event("Саммит ШОС", aliases=("Заседание Совета глав государств-членов ШОС",)),),
    )
    apply(make_article(), events=(event("Заседание Совета глав государств-членов ШОС"),))
    assert Event.objects.count() == 1
    assert Event.objects.get().review_status == ReviewStatus.SUGGESTED


def test_evidence_is_the_sentence_around_the_mention():
    text = "Первое. Президент Казахстана Нурсултан Назарбаев встретился. Третье."
    start = text.index("Нурсултан")
    assert (
        evidence(text, start, start + 19) == "Президент Казахстана Нурсултан Назарбаев встретился."
    )


def organization_name(text):
    apply(make_article(), organizations=(organization(text),))
    return Organization.objects.get().name


def organization_alias(text):
    apply(
        make_article(), organizations=(organization("Шанхайская организация сотрудничества", text),)
    )
    return OrganizationAlias.objects.get().name


def place_name(text):
    apply(make_article(), places=(place(text),))
    return Place.objects.get().name


def person_name(text):
    apply(make_article(), persons=(person(text),))
    return Person.objects.get().name


def person_role(text):
    apply(make_article(), persons=(person("Нурсултан Назарбаев", role=text),))
    return ArticlePerson.objects.get().role


def event_name(text):
    apply(make_article(), events=(event(text),))
    return Event.objects.get().name


def event_place(text):
    apply(make_article(), events=(event("Саммит ШОС", place=text),))
    return Event.objects.get().place


def event_place_filled_in(text):
    apply(make_article(), events=(event("Саммит ШОС", place=""),))
    apply(make_article(), events=(event("Саммит ШОС", place=text),))
    return Event.objects.get().place


# What linking stores, and the length of the model field it goes to.
FIELDS = pytest.mark.parametrize(
    ("stored", "limit"),
    [
        (organization_name, 300),
        (organization_alias, 300),
        (place_name, 200),
        (person_name, 200),
        (person_role, 300),
        (event_name, 300),
        (event_place, 200),
        (event_place_filled_in, 200),
    ],
)


@FIELDS
def test_a_value_shorter_than_its_field_is_kept_whole(stored, limit):
    text = "Ж" * (limit - 50)
    assert stored(text) == text


@FIELDS
def test_a_value_longer_than_its_field_is_cut_to_its_length(stored, limit):
    assert stored("Ж" * (limit + 50)) == "Ж" * limit


def test_names_longer_than_their_fields_find_their_records_again():
    mentions = {
        "persons": (person("Ж" * 250),),
        "organizations": (organization("Ж" * 350),),
        "places": (place("Ж" * 250),),
        "events": (event("Ж" * 350, place="Ж" * 250),),
    }
    apply(make_article(), **mentions)
    apply(make_article(), **mentions)

    records = [model.objects.count() for model in (Person, Organization, Place, Event)]
    assert records == [1, 1, 1, 1]
    assert ArticleOrganization.objects.count() == 2


def test_evidence_keeps_a_sentence_whole_past_an_initial():
    text = (
        "Встреча прошла в Бишкеке. В ней участвовал председатель Нацбанка Кыргызстана "
        "Т. Абдыгулов, сообщает пресс-служба. Третье."
    )
    start = text.index("председатель")
    assert evidence(text, start, start + 12) == (
        "В ней участвовал председатель Нацбанка Кыргызстана Т. Абдыгулов, сообщает пресс-служба."
    )


def test_evidence_stays_in_the_paragraph_and_cuts_only_a_very_long_sentence():
    long_sentence = "Участники: " + ", ".join(f"делегат {n}" for n in range(200)) + "."
    text = f"Первый абзац.\n{long_sentence}\nТретий абзац."
    start = text.index("делегат 100")

    found = evidence(text, start, start + 11)

    assert found.startswith("…") and found.endswith("…")
    assert "делегат 100" in found
    assert len(found) <= 602
    assert "абзац" not in found
    mention = text.index("Первый")
    assert evidence(text, mention, mention + 6) == "Первый абзац."
