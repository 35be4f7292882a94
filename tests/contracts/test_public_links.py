"""The site's entity lists and the API's find the same entities by the same names."""

import pytest

from articles.models import ReviewStatus

from ..factories import link, make_article, make_event, make_organization, make_person, make_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def named():
    article = make_article()
    nazarbayev = make_person("Нурсултан Назарбаев")
    nazarbayev.aliases.create(name="Елбасы")
    link(article, nazarbayev)
    link(article, make_person("Касым-Жомарт Токаев"))
    link(article, make_person("Борис Назаров", review_status=ReviewStatus.REJECTED))
    article.organizations.add(make_organization("Шанхайская организация сотрудничества"))
    article.places.add(make_place("Астана"), make_place("Москва"))
    article.events.add(make_event("Саммит ШОС"), make_event("Форум регионов"))


def site_names(client, kind, query):
    response = client.get(f"/{kind}/", {"q": query})
    assert response.status_code == 200
    return [entity.name for entity in response.context["entities"]]


def api_names(client, kind, query):
    response = client.get(f"/api/{kind}/", {"q": query})
    assert response.status_code == 200
    return [entity["name"] for entity in response.json()["results"]]


def test_the_api_finds_a_person_by_an_inflected_form_of_the_name(client, named):
    assert api_names(client, "persons", "Назарбаева") == ["Нурсултан Назарбаев"]


@pytest.mark.parametrize(
    ("kind", "query", "names"),
    [
        ("persons", "Назарбаева", ["Нурсултан Назарбаев"]),
        ("persons", "нурсултану назарбаевым", ["Нурсултан Назарбаев"]),
        ("persons", "Елбасы", ["Нурсултан Назарбаев"]),
        ("persons", "назарб", ["Нурсултан Назарбаев"]),
        ("persons", "Токаеву", ["Касым-Жомарт Токаев"]),
        ("persons", "Назарова", []),
        ("persons", "путин", []),
        ("organizations", "Шанхайской организации", ["Шанхайская организация сотрудничества"]),
        ("places", "Астане", ["Астана"]),
        ("places", "аст", ["Астана"]),
        ("places", "Бишкеке", []),
        ("events", "саммите шос", ["Саммит ШОС"]),
        ("events", "ФОРУМ", ["Форум регионов"]),
    ],
)
def test_the_site_and_the_api_find_the_same_entities_by_name(client, named, kind, query, names):
    assert site_names(client, kind, query) == names
    assert api_names(client, kind, query) == names
