import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import (
    Article,
    ArticleAuthor,
    ArticleEvent,
    ArticlePerson,
    Author,
    ReviewStatus,
    Tag,
)
from articles.sitemaps import ArticleSitemap

from .factories import (
    link,
    link_entities,
    make_article,
    make_event,
    make_organization,
    make_person,
    make_place,
    make_scheduled,
)

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SECTIONS = [
    "articles",
    "persons",
    "events",
    "organizations",
    "places",
    "rubrics",
    "tags",
    "authors",
]


def at(day):
    return datetime(2024, 9, day, 10, 0, tzinfo=UTC)


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)


def index_entries(client):
    root = parse(client, "/sitemap.xml")
    return [
        (entry.findtext("sm:loc", namespaces=NS), entry.findtext("sm:lastmod", namespaces=NS))
        for entry in root.findall("sm:sitemap", NS)
    ]


def section(client, name, page=None):
    url = f"/sitemap-{name}.xml" + (f"?p={page}" if page else "")
    return {
        entry.findtext("sm:loc", namespaces=NS): entry.findtext("sm:lastmod", namespaces=NS)
        for entry in parse(client, url).findall("sm:url", NS)
    }


def set_updated(article, when):
    Article.objects.filter(pk=article.pk).update(updated_at=when)


def day(when):
    # A sitemap gives each page's lastmod as a day in the site's time zone.
    return timezone.localdate(when).isoformat()


@pytest.fixture
def newsroom():
    """A published article naming one of each entity, with a tag and an author, updated
    on 5 September; a draft and a scheduled article updated later, naming the same and
    their own entities."""
    person = make_person("Нурсултан Назарбаев")
    event = make_event("Саммит ШОС")
    organization = make_organization("ШОС")
    place = make_place("Астана")
    published = make_article(title="Саммит ШОС в Астане", published_at=at(1))
    draft = make_article(title="Черновик", status=Article.Status.DRAFT, published_at=None)
    scheduled = make_scheduled(title="Запланированная")
    hidden_only = {
        "persons": make_person("Тайный Источник"),
        "events": make_event("Закрытая встреча"),
        "organizations": make_organization("Тайное общество"),
        "places": make_place("Секретный объект"),
    }
    for article in (published, draft, scheduled):
        link_entities(article, person, event, organization, place)
    link_entities(draft, hidden_only["persons"], hidden_only["organizations"])
    link_entities(scheduled, hidden_only["events"], hidden_only["places"])
    published.tags.add(Tag.objects.create(name="Саммиты"))
    ArticleAuthor.objects.create(article=published, author=Author.objects.create(name="Автор"))
    set_updated(published, at(5))
    set_updated(draft, at(20))
    return {
        "published": published,
        "hidden": (draft, scheduled),
        "entities": {
            "persons": person,
            "events": event,
            "organizations": organization,
            "places": place,
        },
        "hidden_only": hidden_only,
    }


def test_sitemap_index_lists_every_section_with_its_latest_change(client, newsroom):
    assert index_entries(client) == [
        (
            f"{BASE}/sitemap-{name}.xml",
            at(5).astimezone(timezone.get_current_timezone()).isoformat(),
        )
        for name in SECTIONS
    ]


def test_articles_section_lists_only_published_articles_with_their_last_update(client, newsroom):
    published = newsroom["published"]
    make_article(title="Вторая", published_at=at(2))
    second = Article.objects.get(title="Вторая")
    set_updated(second, at(7))

    assert section(client, "articles") == {
        f"{BASE}/articles/{published.slug}/": "2024-09-05",
        f"{BASE}/articles/{second.slug}/": "2024-09-07",
    }


@pytest.mark.parametrize("name", ["persons", "events", "organizations", "places"])
def test_entity_sections_list_only_public_entities_dated_by_their_latest_public_article(
    client, newsroom, name
):
    entity = newsroom["entities"][name]
    # The draft naming the entity was updated on the 20th; only the published
    # article's update (the 5th) counts.
    assert section(client, name) == {f"{BASE}{entity.get_absolute_url()}": day(at(5))}


def test_no_section_names_a_draft_a_scheduled_article_or_what_only_they_name(client, newsroom):
    everything = "".join(
        client.get(url).content.decode()
        for url in ["/sitemap.xml", *(f"/sitemap-{name}.xml" for name in SECTIONS)]
    )
    for article in newsroom["hidden"]:
        assert f"/articles/{article.slug}/" not in everything
    for entity in newsroom["hidden_only"].values():
        assert entity.get_absolute_url() not in everything


def test_rejected_entities_links_and_unapproved_events_are_left_out(client):
    article = make_article(published_at=at(1))
    rejected = make_person("Отклонённая Персона", review_status=ReviewStatus.REJECTED)
    link(article, rejected)
    rejected_link = make_person("Ошибочная Связь")
    ArticlePerson.objects.create(
        article=article, person=rejected_link, review_status=ReviewStatus.REJECTED
    )
    kept = make_person("Видимая Персона")
    link(article, kept)
    unapproved = make_event("Предложенная встреча", review_status=ReviewStatus.SUGGESTED)
    ArticleEvent.objects.create(article=article, event=unapproved)

    assert list(section(client, "persons")) == [f"{BASE}{kept.get_absolute_url()}"]
    assert section(client, "events") == {}


def test_suggested_links_stay_out_while_the_project_hides_them(client, settings):
    article = make_article(published_at=at(1))
    person = make_person("Нурсултан Назарбаев")
    ArticlePerson.objects.create(
        article=article, person=person, review_status=ReviewStatus.SUGGESTED
    )
    assert list(section(client, "persons")) == [f"{BASE}{person.get_absolute_url()}"]

    settings.NEWSROOM_PUBLISH_SUGGESTED_LINKS = False
    assert section(client, "persons") == {}


def test_a_large_section_is_split_into_pages_listed_in_the_index(client, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    for number in range(5):
        make_article(title=f"Статья {number}", published_at=at(1) + timedelta(hours=number))

    locations = [loc for loc, _ in index_entries(client)]

    assert locations[:3] == [
        f"{BASE}/sitemap-articles.xml",
        f"{BASE}/sitemap-articles.xml?p=2",
        f"{BASE}/sitemap-articles.xml?p=3",
    ]
    pages = [section(client, "articles", page) for page in (1, 2, 3)]
    assert [len(page) for page in pages] == [2, 2, 1]
    assert len(set().union(*pages)) == 5
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404


def test_empty_site_has_a_valid_index_and_empty_sections(client):
    assert index_entries(client) == [(f"{BASE}/sitemap-{name}.xml", None) for name in SECTIONS]
    for name in SECTIONS:
        assert section(client, name) == {}


def test_unknown_section_is_404(client):
    assert client.get("/sitemap-drafts.xml").status_code == 404


def test_robots_txt_points_to_the_sitemap_by_its_absolute_url(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert response.content.decode() == (
        "User-agent: *\nDisallow: /admin/\nDisallow: /preview/\n\n"
        "Sitemap: http://testserver/sitemap.xml\n"
    )


def test_robots_txt_uses_the_scheme_and_host_of_the_request(client, settings):
    settings.ALLOWED_HOSTS = ["news.example.kz"]
    response = client.get("/robots.txt", headers={"host": "news.example.kz"}, secure=True)
    assert response.content.decode().endswith("Sitemap: https://news.example.kz/sitemap.xml\n")


@pytest.mark.parametrize("count", [1, 20])
def test_sitemap_queries_do_not_grow_with_the_entries(client, django_assert_num_queries, count):
    person = make_person("Нурсултан Назарбаев")
    for number in range(count):
        article = make_article()
        link(article, person)
        link(article, make_person(f"Персона {number}"))
    # The content version (articles/caching/version.py), each section's latest change and its
    # page count.
    with django_assert_num_queries(17):
        client.get("/sitemap.xml")
    # The content version, the page count, then the page of persons with their latest update.
    with django_assert_num_queries(3):
        assert len(section(client, "persons")) == count + 1
