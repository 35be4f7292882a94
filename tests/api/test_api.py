import json
from datetime import date, datetime, timedelta

import pytest
import yaml
from django.utils import timezone
from drf_spectacular.validation import validate_schema

from articles.models import (
    Article,
    ArticleOrganization,
    ArticlePerson,
    ArticlePlace,
    Image,
    ReviewStatus,
)

from ..factories import (
    link,
    make_article,
    make_articles_around_midnight,
    make_event,
    make_hidden_articles,
    make_image,
    make_organization,
    make_person,
    make_place,
)

pytestmark = pytest.mark.django_db

SERVER = "http://testserver"
AT_NOON = timezone.make_aware(datetime(2024, 9, 1, 12, 0))
# An article's fields in the API, in order.
ARTICLE_DETAIL_FIELDS = [
    "slug",
    "title",
    "lead",
    "lead_image",
    "body",
    "body_text",
    "body_html",
    "source",
    "rubric",
    "authors",
    "tags",
    "published_at",
    "url",
    "page_url",
    "persons",
    "organizations",
    "places",
    "events",
]
HIDDEN_NAMES = [
    "Черновик о саммите",
    "Запланированная статья",
    "Снятая статья",
    "Тайный Источник",
    "Закрытая встреча",
    "Отклонённый Человек",
    "Неодобренный форум",
    "Скрытая Связь",
    "Тайная организация",
    "Тайное место",
    "Без Публикаций",
]


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def names(response):
    return [row["name"] for row in results(response)]


def titles(response):
    return [row["title"] for row in results(response)]


@pytest.fixture
def newsroom():
    """One published article naming one public entity of each kind, plus everything that must
    stay hidden: drafts, a scheduled and an unpublished article (naming the public entities
    and secret ones), a rejected person, a rejected link and an unapproved event."""
    person = make_person("Нурсултан Назарбаев", description="Первый президент Казахстана")
    organization = make_organization("Шанхайская организация сотрудничества")
    place = make_place("Астана")
    event = make_event(
        "Саммит ШОС", place="Астана", start_date=date(2024, 6, 1), date_precision="month"
    )
    unpublished_participant = make_person("Без Публикаций")
    event.participants.add(person, unpublished_participant)

    visible = make_article(
        title="Саммит в Астане", lead="Лид", body="Первый.\n\nВторой.", published_at=AT_NOON
    )
    link(visible, person, "Президент Казахстана")
    visible.organizations.add(organization)
    visible.places.add(place)
    visible.events.add(event)
    rejected_person = make_person("Отклонённый Человек", review_status=ReviewStatus.REJECTED)
    link(visible, rejected_person)
    rejected_link_person = make_person("Скрытая Связь")
    ArticlePerson.objects.create(
        article=visible, person=rejected_link_person, review_status=ReviewStatus.REJECTED
    )
    unapproved_event = make_event("Неодобренный форум", review_status=ReviewStatus.SUGGESTED)
    visible.events.add(unapproved_event)

    hidden = make_hidden_articles()
    secret_person = make_person("Тайный Источник")
    secret_event = make_event("Закрытая встреча")
    secret_organization = make_organization("Тайная организация")
    secret_place = make_place("Тайное место")
    for article in hidden:
        link(article, person, "Президент")
        link(article, secret_person)
        article.organizations.add(organization, secret_organization)
        article.places.add(place, secret_place)
        article.events.add(event, secret_event)
    return {
        "visible": visible,
        "hidden": hidden,
        "person": person,
        "organization": organization,
        "place": place,
        "event": event,
        "secret_person": secret_person,
        "hidden_entities": [
            secret_person,
            secret_event,
            secret_organization,
            secret_place,
            rejected_person,
            rejected_link_person,
            unapproved_event,
            unpublished_participant,
        ],
    }


def test_root_lists_the_five_endpoints(client):
    response = client.get("/api/")

    assert response.status_code == 200
    assert response.json() == {
        "articles": f"{SERVER}/api/articles/",
        "persons": f"{SERVER}/api/persons/",
        "events": f"{SERVER}/api/events/",
        "organizations": f"{SERVER}/api/organizations/",
        "places": f"{SERVER}/api/places/",
    }


def test_article_list_gives_summaries_with_publicly_linked_entities(client, newsroom):
    response = client.get("/api/articles/")

    assert response.status_code == 200
    assert response.json() == {
        "next": None,
        "previous": None,
        "results": [
            {
                "slug": "sammit-v-astane",
                "title": "Саммит в Астане",
                "lead": "Лид",
                "lead_image": None,
                "source": "",
                "rubric": {
                    "slug": "novosti",
                    "name": "Новости",
                    "page_url": f"{SERVER}/rubrics/novosti/",
                },
                "authors": [],
                "tags": [],
                "published_at": "2024-09-01T12:00:00+05:00",
                "url": f"{SERVER}/api/articles/sammit-v-astane/",
                "page_url": f"{SERVER}/articles/sammit-v-astane/",
                "persons": [
                    {
                        "slug": "nursultan-nazarbaev",
                        "name": "Нурсултан Назарбаев",
                        "url": f"{SERVER}/api/persons/nursultan-nazarbaev/",
                        "page_url": f"{SERVER}/persons/nursultan-nazarbaev/",
                        "role": "Президент Казахстана",
                    }
                ],
                "organizations": [
                    {
                        "slug": newsroom["organization"].slug,
                        "name": "Шанхайская организация сотрудничества",
                        "url": f"{SERVER}/api/organizations/{newsroom['organization'].slug}/",
                        "page_url": f"{SERVER}/organizations/{newsroom['organization'].slug}/",
                    }
                ],
                "places": [
                    {
                        "slug": "astana",
                        "name": "Астана",
                        "url": f"{SERVER}/api/places/astana/",
                        "page_url": f"{SERVER}/places/astana/",
                    }
                ],
                "events": [
                    {
                        "slug": "sammit-shos",
                        "name": "Саммит ШОС",
                        "url": f"{SERVER}/api/events/sammit-shos/",
                        "page_url": f"{SERVER}/events/sammit-shos/",
                    }
                ],
            }
        ],
    }


def test_article_detail_adds_the_body_to_the_summary(client, newsroom):
    summary = results(client.get("/api/articles/"))[0]

    response = client.get("/api/articles/sammit-v-astane/")

    assert response.status_code == 200
    # `body` is the text, as it always was; the HTML is body_html.
    assert response.json() == {
        **summary,
        "body": "Первый.\n\nВторой.",
        "body_text": "Первый.\n\nВторой.",
        "body_html": "<p>Первый.</p>\n<p>Второй.</p>",
    }
    assert list(response.json()) == ARTICLE_DETAIL_FIELDS


def test_article_persons_keep_their_order_and_each_articles_role(client):
    first = make_article(title="Первая")
    second = make_article(title="Вторая")
    person = make_person("Нурсултан Назарбаев")
    ArticlePerson.objects.create(article=first, person=make_person("Борис Ельцин"), position=1)
    ArticlePerson.objects.create(article=first, person=person, role="Президент", position=0)
    link(second, person, "Елбасы")

    persons = client.get(f"/api/articles/{first.slug}/").json()["persons"]
    assert [(row["name"], row["role"]) for row in persons] == [
        ("Нурсултан Назарбаев", "Президент"),
        ("Борис Ельцин", ""),
    ]
    persons = client.get(f"/api/articles/{second.slug}/").json()["persons"]
    assert [(row["name"], row["role"]) for row in persons] == [("Нурсултан Назарбаев", "Елбасы")]


@pytest.mark.parametrize(
    ("kind", "key", "slug", "name", "fields"),
    [
        pytest.param(
            "persons",
            "person",
            "nursultan-nazarbaev",
            "Нурсултан Назарбаев",
            {"description": "Первый президент Казахстана", "photo_url": ""},
            id="person",
        ),
        pytest.param(
            "organizations",
            "organization",
            None,  # the newsroom's
            "Шанхайская организация сотрудничества",
            {"description": ""},
            id="organization",
        ),
        pytest.param("places", "place", "astana", "Астана", {}, id="place"),
    ],
)
def test_entity_list_and_detail(client, newsroom, kind, key, slug, name, fields):
    slug = slug or newsroom[key].slug
    expected = {
        "slug": slug,
        "name": name,
        "url": f"{SERVER}/api/{kind}/{slug}/",
        "page_url": f"{SERVER}/{kind}/{slug}/",
        "article_count": 1,
        "articles_url": f"{SERVER}/api/articles/?{key}={slug}",
        "image": None,
        **fields,
    }

    assert results(client.get(f"/api/{kind}/")) == [expected]
    assert client.get(f"/api/{kind}/{slug}/").json() == expected


def test_event_list_and_detail_with_public_participants_only(client, newsroom):
    expected = {
        "slug": "sammit-shos",
        "name": "Саммит ШОС",
        "url": f"{SERVER}/api/events/sammit-shos/",
        "page_url": f"{SERVER}/events/sammit-shos/",
        "article_count": 1,
        "articles_url": f"{SERVER}/api/articles/?event=sammit-shos",
        "image": None,
        "description": "",
        "place": "Астана",
        "start_date": "2024-06-01",
        "end_date": None,
        "date_precision": "month",
        "participants": [
            {
                "slug": "nursultan-nazarbaev",
                "name": "Нурсултан Назарбаев",
                "url": f"{SERVER}/api/persons/nursultan-nazarbaev/",
                "page_url": f"{SERVER}/persons/nursultan-nazarbaev/",
            }
        ],
    }

    assert results(client.get("/api/events/")) == [expected]
    assert client.get("/api/events/sammit-shos/").json() == expected


def test_article_count_counts_published_articles_and_articles_url_lists_them(client):
    person = make_person("Нурсултан Назарбаев")
    for title in ["Первая", "Вторая"]:
        link(make_article(title=title), person, "Президент")
    link(make_article(title="Черновик", status=Article.Status.DRAFT), person)
    link(make_article(title="Чужая"), make_person("Борис Ельцин"))

    detail = client.get(f"/api/persons/{person.slug}/").json()

    assert detail["article_count"] == 2
    assert titles(client.get(detail["articles_url"])) == ["Первая", "Вторая"]


def test_entity_lists_are_ordered_like_the_site(client):
    article = make_article()
    for name in ["Виктор Орбан", "Алексей Иванов", "Борис Ельцин"]:
        link(article, make_person(name))
    for name, day in [("Форум", date(2017, 1, 1)), ("Саммит", date(2018, 1, 1)), ("Визит", None)]:
        article.events.add(make_event(name, start_date=day))

    assert names(client.get("/api/persons/")) == ["Алексей Иванов", "Борис Ельцин", "Виктор Орбан"]
    assert names(client.get("/api/events/")) == ["Саммит", "Форум", "Визит"]


def test_text_filter_matches_any_case_of_russian_words(client):
    make_article(title="Назарбаев встретился с секретарями", body="Саммит в Астане.")
    make_article(title="Погода", body="Дожди.")

    assert titles(client.get("/api/articles/", {"q": "НАЗАРБАЕВ астане"})) == [
        "Назарбаев встретился с секретарями"
    ]
    assert titles(client.get("/api/articles/", {"q": "дожди"})) == ["Погода"]
    assert titles(client.get("/api/articles/", {"q": "снег"})) == []


def test_entity_filters_by_slug(client):
    person = make_person("Нурсултан Назарбаев")
    event = make_event("Саммит ШОС")
    organization = make_organization("ШОС")
    place = make_place("Астана")
    link(make_article(title="С персоной"), person)
    make_article(title="С событием").events.add(event)
    make_article(title="С организацией").organizations.add(organization)
    make_article(title="С местом").places.add(place)
    make_article(title="Прочее")

    assert titles(client.get("/api/articles/", {"person": person.slug})) == ["С персоной"]
    assert titles(client.get("/api/articles/", {"event": event.slug})) == ["С событием"]
    assert titles(client.get("/api/articles/", {"organization": organization.slug})) == [
        "С организацией"
    ]
    assert titles(client.get("/api/articles/", {"place": place.slug})) == ["С местом"]


def test_entity_filter_ignores_rejected_links(client):
    person = make_person("Нурсултан Назарбаев")
    link(make_article(title="Названа"), person)
    ArticlePerson.objects.create(
        article=make_article(title="Отклонена"), person=person, review_status=ReviewStatus.REJECTED
    )

    assert titles(client.get("/api/articles/", {"person": person.slug})) == ["Названа"]


def test_date_filters_are_inclusive_days_in_the_site_time_zone(client):
    make_articles_around_midnight()

    response = client.get("/api/articles/", {"date_from": "2017-04-10", "date_to": "2017-04-11"})
    assert titles(response) == ["11 апреля", "10 апреля утром"]
    assert titles(client.get("/api/articles/", {"date_to": "2017-04-09"})) == ["9 апреля"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"person": "no-such-person"}, "person"),
        ({"event": "no-such-event"}, "event"),
        ({"date_from": "2017-13-45"}, "date_from"),
        ({"q": "а" * 201}, "q"),
    ],
)
def test_invalid_filter_values_are_a_400_naming_the_filter(client, params, field):
    make_article()

    response = client.get("/api/articles/", params)

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_entity_lists_filter_by_any_case_of_a_name(client):
    article = make_article()
    link(article, make_person("Нурсултан Назарбаев"))
    link(article, make_person("Борис Ельцин"))
    article.organizations.add(make_organization("ШОС"), make_organization("Совет безопасности"))
    article.places.add(make_place("Астана"), make_place("Москва"))
    article.events.add(make_event("Саммит ШОС"), make_event("Форум регионов"))

    assert names(client.get("/api/persons/", {"q": "назарбаев"})) == ["Нурсултан Назарбаев"]
    assert names(client.get("/api/persons/", {"q": "НУРСУЛТАН назарб"})) == ["Нурсултан Назарбаев"]
    assert names(client.get("/api/organizations/", {"q": "шос"})) == ["ШОС"]
    assert names(client.get("/api/organizations/", {"q": "БЕЗОПАСНОСТИ"})) == ["Совет безопасности"]
    assert names(client.get("/api/places/", {"q": "аст"})) == ["Астана"]
    assert names(client.get("/api/events/", {"q": "форум"})) == ["Форум регионов"]
    assert names(client.get("/api/persons/", {"q": "путин"})) == []


def test_article_list_pages_by_twenty_and_keeps_filters_in_page_links(client):
    for number in range(45):
        make_article(
            title=f"Саммит {number}", published_at=timezone.now() - timedelta(minutes=number)
        )
    make_article(title="Другое")

    first = client.get("/api/articles/", {"q": "саммит"}).json()
    assert first["count"] == 45
    assert len(first["results"]) == 20
    assert first["previous"] is None
    assert first["next"] == f"{SERVER}/api/articles/?page=2&q=%D1%81%D0%B0%D0%BC%D0%BC%D0%B8%D1%82"

    last = client.get(first["next"].replace("page=2", "page=3")).json()
    assert [row["title"] for row in last["results"]] == [f"Саммит {n}" for n in range(40, 45)]
    assert last["next"] is None
    assert last["previous"] == (
        f"{SERVER}/api/articles/?page=2&q=%D1%81%D0%B0%D0%BC%D0%BC%D0%B8%D1%82"
    )
    assert client.get("/api/articles/", {"q": "саммит", "page": 99}).status_code == 404


def test_unsearched_article_list_pages_by_position_without_a_count(client):
    for number in range(45):
        make_article(
            title=f"Статья {number}", published_at=timezone.now() - timedelta(hours=number)
        )

    first = client.get("/api/articles/").json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    back = client.get(third["previous"]).json()

    assert "count" not in first
    assert first["previous"] is None
    assert [row["title"] for row in first["results"]] == [f"Статья {n}" for n in range(20)]
    assert [row["title"] for row in second["results"]] == [f"Статья {n}" for n in range(20, 40)]
    assert [row["title"] for row in third["results"]] == [f"Статья {n}" for n in range(40, 45)]
    assert third["next"] is None
    assert back["results"] == second["results"]
    assert client.get("/api/articles/", {"cursor": "not-a-cursor"}).status_code == 404


def test_entity_list_pages_by_twenty(client):
    article = make_article()
    for number in range(21):
        link(article, make_person(f"Персона {number:02}"))

    first = client.get("/api/persons/").json()
    second = client.get("/api/persons/", {"page": 2}).json()

    assert (first["count"], len(first["results"])) == (21, 20)
    assert first["next"] == f"{SERVER}/api/persons/?page=2"
    assert [row["name"] for row in second["results"]] == ["Персона 20"]


def test_hidden_content_is_absent_from_every_list_and_nested_field(client, newsroom):
    assert titles(client.get("/api/articles/")) == ["Саммит в Астане"]
    assert names(client.get("/api/persons/")) == ["Нурсултан Назарбаев"]
    assert names(client.get("/api/events/")) == ["Саммит ШОС"]
    assert names(client.get("/api/organizations/")) == ["Шанхайская организация сотрудничества"]
    assert names(client.get("/api/places/")) == ["Астана"]
    person, event = newsroom["person"], newsroom["event"]
    urls = [
        "/api/",
        "/api/articles/",
        f"/api/articles/{newsroom['visible'].slug}/",
        f"/api/articles/?person={person.slug}",
        f"/api/articles/?event={event.slug}",
        f"/api/articles/?organization={newsroom['organization'].slug}",
        f"/api/articles/?place={newsroom['place'].slug}",
        "/api/articles/?q=саммит",
        "/api/persons/",
        f"/api/persons/{person.slug}/",
        "/api/events/",
        f"/api/events/{event.slug}/",
        "/api/organizations/",
        f"/api/organizations/{newsroom['organization'].slug}/",
        "/api/places/",
        f"/api/places/{newsroom['place'].slug}/",
    ]
    for url in urls:
        for accept in ["application/json", "text/html"]:
            response = client.get(url, HTTP_ACCEPT=accept)
            assert response.status_code == 200, url
            text = response.content.decode()
            if accept == "application/json":
                text = json.dumps(response.json(), ensure_ascii=False)
            for name in HIDDEN_NAMES:
                assert name not in text, (url, accept, name)
            for article in newsroom["hidden"]:
                assert article.slug not in text, (url, accept)


def test_hidden_articles_and_entities_are_404(client, newsroom):
    urls = [f"/api/articles/{article.slug}/" for article in newsroom["hidden"]]
    urls += [
        f"/api/{entity._meta.model_name}s/{entity.slug}/" for entity in newsroom["hidden_entities"]
    ]
    urls += ["/api/articles/no-such-article/", "/api/persons/no-such-person/"]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert list(response.json()) == ["detail"]


def test_counts_leave_out_hidden_articles(client, newsroom):
    for kind in ["persons", "events", "organizations", "places"]:
        assert [row["article_count"] for row in results(client.get(f"/api/{kind}/"))] == [1]


def test_hidden_entity_slug_is_not_a_valid_article_filter(client, newsroom):
    response = client.get("/api/articles/", {"person": newsroom["secret_person"].slug})

    assert response.status_code == 400
    assert "Тайный Источник" not in response.content.decode()


def test_suggested_links_are_hidden_when_the_site_does_not_publish_them(client, settings):
    article = make_article(title="Статья")
    person = make_person("Нурсултан Назарбаев")
    ArticlePerson.objects.create(article=article, person=person, review_status="suggested")
    ArticleOrganization.objects.create(
        article=article, organization=make_organization("ШОС"), review_status="suggested"
    )
    ArticlePlace.objects.create(
        article=article, place=make_place("Астана"), review_status="suggested"
    )
    assert client.get(f"/api/articles/{article.slug}/").json()["persons"][0]["name"] == (
        "Нурсултан Назарбаев"
    )

    settings.NEWSROOM_PUBLISH_SUGGESTED_LINKS = False

    detail = client.get(f"/api/articles/{article.slug}/").json()
    assert (detail["persons"], detail["organizations"], detail["places"]) == ([], [], [])
    assert client.get(f"/api/persons/{person.slug}/").status_code == 404
    assert names(client.get("/api/persons/")) == []


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/api/articles/", "/api/articles/{slug}/", "/api/persons/"])
def test_writes_are_405(client, method, url):
    article = make_article()
    link(article, make_person("Нурсултан Назарбаев"))
    count = Article.objects.count()

    response = getattr(client, method)(
        url.format(slug=article.slug), data={"title": "Взлом"}, content_type="application/json"
    )

    assert response.status_code == 405
    assert Article.objects.count() == count
    article.refresh_from_db()
    assert article.title != "Взлом"


def test_get_head_and_options_are_allowed(client):
    article = make_article()

    for url in ["/api/articles/", f"/api/articles/{article.slug}/"]:
        assert client.head(url).status_code == 200
        response = client.options(url)
        assert response.status_code == 200
        assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_schema_is_valid_openapi_3_with_every_endpoint(client):
    response = client.get("/api/schema/")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert sorted(schema["paths"]) == [
        "/api/articles/",
        "/api/articles/{slug}/",
        "/api/events/",
        "/api/events/{slug}/",
        "/api/organizations/",
        "/api/organizations/{slug}/",
        "/api/persons/",
        "/api/persons/{slug}/",
        "/api/places/",
        "/api/places/{slug}/",
    ]
    assert all(list(operations) == ["get"] for operations in schema["paths"].values())
    article_filters = {p["name"] for p in schema["paths"]["/api/articles/"]["get"]["parameters"]}
    assert article_filters == {
        "q",
        "person",
        "event",
        "organization",
        "place",
        "date_from",
        "date_to",
        "page",
    }
    assert sorted(schema["components"]["schemas"]["ArticleDetail"]["properties"]) == sorted(
        ARTICLE_DETAIL_FIELDS
    )


def test_schema_is_also_served_as_json(client):
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    assert json.loads(response.content)["info"]["title"] == "Newsroom API"


@pytest.mark.parametrize("count", [1, 20])
def test_article_list_queries_do_not_grow_with_the_page(client, django_assert_num_queries, count):
    for number in range(count):
        article = make_article()
        link(article, make_person(f"Персона {number}"), "роль")
        article.organizations.add(make_organization(f"Организация {number}"))
        article.places.add(make_place(f"Место {number}"))
        article.events.add(make_event(f"Событие {number}"))
    # The content version (articles/caching/version.py), the page's articles (by position: no
    # count), then their person, organization, place and event links, bylines and tags.
    with django_assert_num_queries(8):
        response = client.get("/api/articles/")
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [1, 20])
def test_article_detail_queries_do_not_grow_with_its_links(
    client, django_assert_num_queries, count
):
    article = make_article()
    for number in range(count):
        link(article, make_person(f"Персона {number}"), "роль")
        article.events.add(make_event(f"Событие {number}"))
    # The content version, the article, its four kinds of links, its byline and its tags.
    with django_assert_num_queries(8):
        response = client.get(f"/api/articles/{article.slug}/")
    assert len(response.json()["persons"]) == count


@pytest.mark.parametrize("count", [1, 20])
@pytest.mark.parametrize(
    ("kind", "queries"),
    # The content version, the count and the page's entities with their article
    # counts; events also fetch their public participants.
    [("persons", 3), ("organizations", 3), ("places", 3), ("events", 4)],
)
def test_entity_list_queries_do_not_grow_with_the_page(
    client, django_assert_num_queries, count, kind, queries
):
    for number in range(count):
        article = make_article()
        person = make_person(f"Персона {number}")
        link(article, person)
        article.organizations.add(make_organization(f"Организация {number}"))
        article.places.add(make_place(f"Место {number}"))
        event = make_event(f"Событие {number}")
        event.participants.add(person)
        article.events.add(event)
    with django_assert_num_queries(queries):
        response = client.get(f"/api/{kind}/")
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [1, 20])
def test_event_detail_queries_do_not_grow_with_its_participants(
    client, django_assert_num_queries, count
):
    event = make_event("Саммит ШОС")
    article = make_article()
    article.events.add(event)
    for number in range(count):
        person = make_person(f"Персона {number}")
        link(article, person)
        event.participants.add(person)
    # The content version, the event, its public participants.
    with django_assert_num_queries(3):
        response = client.get(f"/api/events/{event.slug}/")
    assert len(response.json()["participants"]) == count


# Images and the body as HTML


def rendition(image, set_name, width, height, extension):
    token = image.renditions["token"]
    return {
        "url": f"{SERVER}/media/images/{token[:2]}/{token}/{set_name}-{width}x{height}.{extension}",
        "width": width,
        "height": height,
    }


def image_json(image, **fields):
    """A 1600 × 900 library image as the API gives it."""
    widths = [(320, 180), (640, 360), (960, 540), (1280, 720)]
    return {
        "alt": image.alt,
        "caption": image.caption,
        "credit": image.credit,
        "width": 1600,
        "height": 900,
        "renditions": {
            **{
                set_name: {
                    name: [rendition(image, set_name, w, h, ext) for w, h in widths]
                    for name, ext in [("avif", "avif"), ("webp", "webp"), ("jpeg", "jpg")]
                }
                for set_name in ("full", "16x9")
            },
            "4x3": {"jpeg": [rendition(image, "4x3", 1200, 900, "jpg")]},
            "1x1": {"jpeg": [rendition(image, "1x1", 900, 900, "jpg")]},
            "og": {"jpeg": [rendition(image, "og", 1200, 630, "jpg")]},
        },
        **fields,
    }


def test_articles_give_their_lead_image_with_every_rendition(client):
    image = make_image(caption="Площадь")
    article = make_article(lead_image=image)

    listed = results(client.get("/api/articles/"))[0]["lead_image"]
    detail = client.get(f"/api/articles/{article.slug}/").json()["lead_image"]

    assert listed == detail == image_json(image)
    # In the same order on every database (jsonb keeps keys in an order of its own).
    assert list(detail["renditions"]) == ["full", "16x9", "4x3", "1x1", "og"]
    assert list(detail["renditions"]["full"]) == ["avif", "webp", "jpeg"]
    assert detail["caption"] == "Площадь"
    assert detail["credit"] == "Иван Петров"
    og = detail["renditions"]["og"]["jpeg"][0]["url"].removeprefix(SERVER)
    assert client.get(og)["Content-Type"] == "image/jpeg"


def test_an_image_whose_renditions_are_not_made_is_null(client):
    pending = make_image()
    Image.objects.filter(pk=pending.pk).update(renditions={})
    article = make_article(lead_image=pending)
    person = make_person("Нурсултан Назарбаев", image=pending)
    link(article, person)

    assert client.get(f"/api/articles/{article.slug}/").json()["lead_image"] is None
    assert client.get(f"/api/persons/{person.slug}/").json()["image"] is None


def test_body_html_gives_figures_as_absolute_jpegs_and_body_stays_the_text(client):
    figure = make_image(credit="")
    body = (
        "<p>Первый.</p>"
        f'<figure class="figure"><img src="/x.jpg" alt="Свой alt" data-file="{figure.pk}">'
        '<figcaption class="figure-caption">Подпись</figcaption></figure>'
        '<figure class="figure"><img src="/x.jpg" alt="" data-file="987654"></figure>'
        "<p>Второй.</p>"
    )
    article = make_article(body=body)

    data = client.get(f"/api/articles/{article.slug}/").json()

    src = rendition(figure, "full", 1280, 720, "jpg")["url"]
    assert data["body_html"] == (
        "<p>Первый.</p>"
        f'<figure><img src="{src}" alt="Свой alt" width="1280" height="720">'
        "<figcaption>Подпись</figcaption></figure><p>Второй.</p>"
    )
    assert data["body"] == data["body_text"] == "Первый.\n\nПодпись\n\nВторой."


@pytest.mark.parametrize(
    ("maker", "kind"),
    [
        (make_person, "persons"),
        (make_organization, "organizations"),
        (make_place, "places"),
        (make_event, "events"),
    ],
)
def test_entities_give_their_library_image(client, maker, kind):
    image = make_image(alt="Портрет")
    entity = maker("Астана", image=image)
    link_entity = make_article()
    getattr(link_entity, kind).add(entity)

    assert results(client.get(f"/api/{kind}/"))[0]["image"] == image_json(image)
    assert client.get(f"/api/{kind}/{entity.slug}/").json()["image"] == image_json(image)


def test_image_queries_do_not_grow_with_the_page(client, django_assert_num_queries):
    image = make_image()
    for number in range(20):
        article = make_article(lead_image=image)
        article.places.add(make_place(f"Место {number}", image=image))
    # As without images: they come with the articles and the entities.
    with django_assert_num_queries(8):
        assert len(results(client.get("/api/articles/"))) == 20
    with django_assert_num_queries(3):
        assert len(results(client.get("/api/places/"))) == 20
    # The content version, the article, its four kinds of links, its byline and tags (no
    # figures: no more).
    with django_assert_num_queries(8):
        client.get(f"/api/articles/{article.slug}/")
