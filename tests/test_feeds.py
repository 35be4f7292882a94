from calendar import timegm
from datetime import UTC, datetime

import feedparser
import pytest
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.translation import gettext

from articles.media import pictures
from articles.models import (
    Article,
    ArticleEvent,
    ArticleOrganization,
    ArticlePerson,
    Image,
    Organization,
    ReviewStatus,
)

from .factories import (
    link,
    link_entities,
    make_article,
    make_event,
    make_image,
    make_organization,
    make_person,
    make_place,
    make_scheduled,
)

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
LATEST_FEEDS = ["/feeds/articles/rss/", "/feeds/articles/atom/"]


def at(day, hour=10):
    return datetime(2024, 9, day, hour, 0, tzinfo=UTC)


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return feedparser.parse(response.content)


def timestamp(struct):
    return datetime.fromtimestamp(timegm(struct), UTC)


@pytest.fixture
def newsroom():
    """Two published articles, a draft and a scheduled one, all naming the same
    person, event, organization and place."""
    person = make_person("Нурсултан Назарбаев")
    event = make_event("Саммит ШОС")
    organization = make_organization("ШОС")
    place = make_place("Астана")
    older = make_article(
        title="Саммит ШОС в Астане",
        lead="Лид первой статьи",
        source="Kapital.kz",
        published_at=at(1),
    )
    newer = make_article(title="Итоги саммита", lead="Лид второй статьи", published_at=at(2))
    draft = make_article(title="Черновик", status=Article.Status.DRAFT, published_at=None)
    scheduled = make_scheduled(title="Запланированная")
    for article in (older, newer, draft, scheduled):
        link_entities(article, person, event, organization, place, role="Президент")
    return {
        "articles": (newer, older),
        "hidden": (draft, scheduled),
        "entities": {
            "persons": person,
            "events": event,
            "organizations": organization,
            "places": place,
        },
    }


def every_feed(newsroom):
    entity_feeds = [
        f"/feeds/{kind}/{entity.slug}/{kind_format}/"
        for kind, entity in newsroom["entities"].items()
        for kind_format in ("rss", "atom")
    ]
    return LATEST_FEEDS + entity_feeds


def test_rss_feed_lists_published_articles_newest_first_with_lead_dates_and_guid(client, newsroom):
    _, older = newsroom["articles"]

    response = client.get("/feeds/articles/rss/")
    feed = feedparser.parse(response.content)

    assert feed.version == "rss20"
    assert feed.feed.title == "Последние новости — Newsroom"
    assert feed.feed.link == f"{BASE}/"
    assert feed.feed.language == "ru"
    assert [entry.title for entry in feed.entries] == ["Итоги саммита", "Саммит ШОС в Астане"]
    first, second = feed.entries
    assert second.link == f"{BASE}/articles/{older.slug}/"
    assert second.id == f"{BASE}/articles/{older.slug}/"
    assert f'<guid isPermaLink="true">{BASE}/articles/{older.slug}/</guid>' in (
        response.content.decode()
    )
    assert second.description == "Лид первой статьи"
    assert timestamp(second.published_parsed) == at(1)
    assert second.author == "Kapital.kz"
    assert "author" not in first


def test_atom_feed_has_published_and_updated_times_and_the_source_as_author(client, newsroom):
    _, older = newsroom["articles"]
    Article.objects.filter(pk=older.pk).update(updated_at=at(5, 12))

    feed = parse(client, "/feeds/articles/atom/")

    assert feed.version == "atom10"
    assert feed.feed.title == "Последние новости — Newsroom"
    assert feed.feed.subtitle == (
        "Новости Казахстана и региона: статьи, люди в них и события, о которых они рассказывают."
    )
    assert [entry.title for entry in feed.entries] == ["Итоги саммита", "Саммит ШОС в Астане"]
    entry = feed.entries[1]
    assert entry.id == f"{BASE}/articles/{older.slug}/"
    assert entry.link == f"{BASE}/articles/{older.slug}/"
    assert entry.summary == "Лид первой статьи"
    assert timestamp(entry.published_parsed) == at(1)
    assert timestamp(entry.updated_parsed) == at(5, 12)
    assert entry.author == "Kapital.kz"
    assert feed.feed.author == "Newsroom"


def test_guid_stays_when_the_title_changes(client, newsroom):
    _, older = newsroom["articles"]
    before = {entry.title: entry.id for entry in parse(client, "/feeds/articles/rss/").entries}

    older.title = "Саммит ШОС в Астане: исправленный заголовок"
    older.save()
    after = {entry.title: entry.id for entry in parse(client, "/feeds/articles/rss/").entries}

    assert after[older.title] == before["Саммит ШОС в Астане"]


def test_entity_feeds_list_the_articles_naming_the_entity(client, newsroom):
    person = newsroom["entities"]["persons"]
    elsewhere = make_article(title="О другом", published_at=at(3))
    link(elsewhere, make_person("Другой Человек"))

    rss = parse(client, f"/feeds/persons/{person.slug}/rss/")
    atom = parse(client, f"/feeds/persons/{person.slug}/atom/")

    assert rss.feed.title == "Нурсултан Назарбаев — Newsroom"
    assert rss.feed.link == f"{BASE}/persons/{person.slug}/"
    assert rss.feed.description == "Статьи, в которых упоминается Нурсултан Назарбаев."
    assert atom.feed.subtitle == "Статьи, в которых упоминается Нурсултан Назарбаев."
    for feed in (rss, atom):
        assert [entry.title for entry in feed.entries] == ["Итоги саммита", "Саммит ШОС в Астане"]


@pytest.mark.parametrize("kind", ["persons", "events", "organizations", "places"])
def test_every_kind_of_entity_has_rss_and_atom_feeds(client, newsroom, kind):
    entity = newsroom["entities"][kind]
    for kind_format, version in [("rss", "rss20"), ("atom", "atom10")]:
        feed = parse(client, f"/feeds/{kind}/{entity.slug}/{kind_format}/")
        assert feed.version == version
        assert feed.feed.title == f"{entity.name} — Newsroom"
        assert [entry.title for entry in feed.entries] == [
            "Итоги саммита",
            "Саммит ШОС в Астане",
        ]


def test_draft_and_scheduled_articles_appear_in_no_feed(client, newsroom):
    urls = every_feed(newsroom)
    assert len(urls) == 10
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        for article in newsroom["hidden"]:
            assert article.title not in content, url
            assert article.slug not in content, url
        assert len(feedparser.parse(response.content).entries) == 2, url


def test_an_entity_link_the_public_may_not_see_keeps_its_article_out_of_the_entity_feed(
    client, newsroom
):
    person = newsroom["entities"]["persons"]
    rejected = make_article(title="Ошибочная связь", published_at=at(4))
    ArticlePerson.objects.create(
        article=rejected, person=person, review_status=ReviewStatus.REJECTED
    )

    titles = [entry.title for entry in parse(client, f"/feeds/persons/{person.slug}/rss/").entries]

    assert titles == ["Итоги саммита", "Саммит ШОС в Астане"]
    assert "Ошибочная связь" in [
        entry.title for entry in parse(client, "/feeds/articles/rss/").entries
    ]


def test_feeds_of_entities_the_public_may_not_see_are_404(client):
    published = make_article(published_at=at(1))
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    only_in_draft = make_person("Тайный Источник")
    link(draft, only_in_draft)
    rejected = make_person("Отклонённая Персона", review_status=ReviewStatus.REJECTED)
    link(published, rejected)
    unapproved = make_event("Предложенная встреча", review_status=ReviewStatus.SUGGESTED)
    ArticleEvent.objects.create(article=published, event=unapproved)
    organization = Organization.objects.create(name="Отклонённая связь")
    ArticleOrganization.objects.create(
        article=published, organization=organization, review_status=ReviewStatus.REJECTED
    )

    for url in [
        f"/feeds/persons/{only_in_draft.slug}/rss/",
        f"/feeds/persons/{rejected.slug}/atom/",
        f"/feeds/events/{unapproved.slug}/rss/",
        f"/feeds/organizations/{organization.slug}/rss/",
        "/feeds/places/no-such-place/rss/",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Тайный Источник" not in response.content.decode()


def test_text_is_escaped_for_each_format(client):
    make_article(title="<b>P&G</b> в Казахстане", lead="<script>alert(1)</script> & лид")

    rss = client.get("/feeds/articles/rss/")
    atom = client.get("/feeds/articles/atom/")

    for response in (rss, atom):
        assert "<script>" not in response.content.decode()
        entry = feedparser.parse(response.content).entries[0]
        # Readers take the description as HTML: the lead is plain text, so it is escaped.
        assert entry.description == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; лид"
    # An Atom title is plain text; an RSS title is escaped as HTML, as Django does.
    assert feedparser.parse(atom.content).entries[0].title == "<b>P&G</b> в Казахстане"
    assert (
        feedparser.parse(rss.content).entries[0].title == "&lt;b&gt;P&amp;G&lt;/b&gt; в Казахстане"
    )


def test_pages_link_the_latest_articles_feeds(client, newsroom):
    html = client.get("/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" '
        'title="Последние новости — Newsroom (RSS)" href="/feeds/articles/rss/">'
    ) in html
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'title="Последние новости — Newsroom (Atom)" href="/feeds/articles/atom/">'
    ) in html


@pytest.mark.parametrize("kind", ["persons", "events", "organizations", "places"])
def test_entity_pages_link_their_own_feeds(client, newsroom, kind):
    entity = newsroom["entities"][kind]
    html = client.get(entity.get_absolute_url()).content.decode()
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="{entity.name} — Newsroom (RSS)" '
        f'href="/feeds/{kind}/{entity.slug}/rss/">'
    ) in html
    assert (
        f'<link rel="alternate" type="application/atom+xml" '
        f'title="{entity.name} — Newsroom (Atom)" href="/feeds/{kind}/{entity.slug}/atom/">'
    ) in html
    assert 'href="/feeds/articles/rss/"' in html


def test_site_name_setting_names_the_feeds(client, newsroom, settings):
    settings.NEWSROOM_SITE_NAME = "Деловые новости"
    feed = parse(client, "/feeds/articles/atom/")
    assert feed.feed.title == "Последние новости — Деловые новости"
    assert feed.feed.author == "Деловые новости"


@pytest.mark.parametrize("count", [1, 20])
def test_feed_queries_do_not_grow_with_the_articles(client, django_assert_num_queries, count):
    person = make_person("Нурсултан Назарбаев")
    for _ in range(count):
        link(make_article(), person)
    # The content version (articles/caching/version.py), the articles with their rubrics,
    # their bylines with the authors, their tags.
    with django_assert_num_queries(4):
        assert len(parse(client, "/feeds/articles/rss/").entries) == count
    # The content version, the person, then their articles, bylines and tags.
    with django_assert_num_queries(5):
        assert len(parse(client, f"/feeds/persons/{person.slug}/atom/").entries) == count


def test_feeds_stop_at_thirty_articles(client):
    for _ in range(31):
        make_article()
    assert len(parse(client, "/feeds/articles/rss/").entries) == 30


# Images and the body as HTML


def rendition_url(image, set_name, width, height):
    token = image.renditions["token"]
    return f"{BASE}/media/images/{token[:2]}/{token}/{set_name}-{width}x{height}.jpg"


def figure_markup(image_id, caption=""):
    caption = f'<figcaption class="figure-caption">{caption}</figcaption>' if caption else ""
    return (
        f'<figure class="figure"><img src="/x.jpg" alt="" data-file="{image_id}">{caption}</figure>'
    )


@pytest.fixture
def illustrated():
    """A published article with a lead image and two figures in its body, one of them
    of an image whose renditions are not made."""
    lead = make_image(alt="Здание акимата", credit="Иван Петров")
    figure = make_image(width=1000, height=800, alt="Зал заседаний", credit="ТАСС")
    pending = make_image()
    Image.objects.filter(pk=pending.pk).update(renditions={})
    body = (
        "<p>Первый <strong>абзац</strong>.</p>"
        + figure_markup(figure.pk, "Заседание &amp; итоги")
        + figure_markup(pending.pk, "Не готово")
        + "<p>Второй.</p>"
    )
    article = make_article(title="Саммит", lead="Лид & итоги", body=body, lead_image=lead)
    body_html = (
        "<p>Первый <strong>абзац</strong>.</p>"
        f'<figure><img src="{rendition_url(figure, "full", 960, 768)}" alt="Зал заседаний" '
        f'width="960" height="768"><figcaption>Заседание &amp; итоги {photo("ТАСС")}'
        "</figcaption></figure><p>Второй.</p>"
    )
    return {"article": article, "lead": lead, "body_html": body_html}


def parse_as_sent(client, url):
    """The feed, its HTML as the site wrote it (feedparser cleans and rewrites it)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return feedparser.parse(response.content, sanitize_html=False, resolve_relative_uris=False)


def photo(credit):
    with translation.override("ru"):
        return gettext("Photo: %(credit)s") % {"credit": credit}


def test_rss_items_carry_the_body_as_html_and_the_lead_image_as_enclosure_and_media(
    client, illustrated
):
    lead = illustrated["lead"]
    jpeg = rendition_url(lead, "16x9", 1280, 720)
    size = default_storage.size(pictures.largest(lead.renditions, "16x9").name)

    feed = parse_as_sent(client, "/feeds/articles/rss/")

    (entry,) = feed.entries
    # The summary stays the lead, as plain text.
    assert entry.description == "Лид &amp; итоги"
    assert entry.content[0].value == illustrated["body_html"]
    assert entry.enclosures == [{"href": jpeg, "length": str(size), "type": "image/jpeg"}]
    assert entry.media_content == [
        {"url": jpeg, "type": "image/jpeg", "medium": "image", "width": "1280", "height": "720"}
    ]
    assert entry.media_credit == [{"content": "Иван Петров"}]
    assert size > 0
    assert client.get(jpeg.removeprefix(BASE))["Content-Length"] == str(size)


def test_atom_entries_carry_the_body_as_html_content_and_the_lead_image_as_enclosure(
    client, illustrated
):
    jpeg = rendition_url(illustrated["lead"], "16x9", 1280, 720)

    feed = parse_as_sent(client, "/feeds/articles/atom/")

    (entry,) = feed.entries
    assert entry.summary == "Лид &amp; итоги"
    assert [(c.type, c.value) for c in entry.content] == [("text/html", illustrated["body_html"])]
    assert [(link.rel, link.href, link.type) for link in entry.links] == [
        ("alternate", f"{BASE}/articles/{illustrated['article'].slug}/", "text/html"),
        ("enclosure", jpeg, "image/jpeg"),
    ]


def test_an_article_without_images_has_its_body_and_no_enclosure(client):
    make_article(body="Первый абзац.\n\nВторой <абзац>.")
    for url in LATEST_FEEDS:
        (entry,) = parse(client, url).entries
        assert entry.content[0].value == "<p>Первый абзац.</p>\n<p>Второй &lt;абзац&gt;.</p>"
        assert entry.enclosures == []
        assert "media_content" not in entry


def test_feed_images_take_one_query_for_every_articles_figures(client, django_assert_num_queries):
    images = [make_image(width=400, height=300) for _ in range(3)]
    for image in images:
        make_article(body=f"<p>Текст.</p>{figure_markup(image.pk)}", lead_image=image)
    # The content version, the articles with their lead images, their bylines and tags, the
    # figures' images.
    with django_assert_num_queries(5):
        entries = parse_as_sent(client, "/feeds/articles/rss/").entries
    assert [entry.content[0].value.count("<img src=") for entry in entries] == [1, 1, 1]
