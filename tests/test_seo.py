import json
import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone
from PIL import Image as PILImage

from articles import seo
from articles.models import (
    ArticleEvent,
    ArticleOrganization,
    ArticlePerson,
    ArticlePlace,
    EventAlias,
    Image,
    Organization,
    OrganizationAlias,
    PersonAlias,
    Place,
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
)

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
PUBLISHER = {
    "@type": "Organization",
    "name": "Newsroom",
    "url": f"{BASE}/",
    "logo": {
        "@type": "ImageObject",
        "url": f"{BASE}/static/img/logo.png",
        "width": 278,
        "height": 60,
    },
}
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


class HeadParser(HTMLParser):
    """The <meta> and <link rel="canonical"> tags of a page, and its <script> elements."""

    def __init__(self):
        super().__init__()
        self.meta = {}
        self.canonical = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            key = attrs.get("property") or attrs.get("name")
            assert key not in self.meta, f"{key} given twice"
            self.meta[key] = attrs["content"]
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs["href"])
        elif tag == "script":
            self.scripts += 1


def head(response):
    assert response.status_code == 200
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


def json_ld(response):
    return [json.loads(text) for text in JSON_LD.findall(response.content.decode())]


def local_iso(value):
    return timezone.localtime(value).isoformat(timespec="seconds")


def at(day, hour=10):
    return datetime(2024, 9, day, hour, 0, tzinfo=UTC)


# Canonical URLs


def test_canonical_url_is_absolute_and_drops_tracking_parameters(client):
    article = make_article()

    page = head(client.get(article.get_absolute_url(), {"utm_source": "telegram", "fbclid": "x"}))

    assert page.canonical == [f"{BASE}/articles/{article.slug}/"]
    assert page.meta["og:url"] == f"{BASE}/articles/{article.slug}/"


def test_list_pages_keep_their_page_number_in_the_canonical_url(client):
    for _ in range(21):
        make_article()

    first_response = client.get("/articles/", {"utm_medium": "email"})
    after = first_response.context["page_obj"].next_cursor
    first = head(first_response)
    second = head(client.get("/articles/", {"after": after, "utm_medium": "email"}))

    assert first.canonical == [f"{BASE}/articles/"]
    assert second.canonical == [f"{BASE}/articles/?after={after}"]
    assert second.meta["og:url"] == f"{BASE}/articles/?after={after}"


def test_a_filtered_article_list_names_the_whole_list_as_canonical(client):
    person = make_person("Нурсултан Назарбаев")
    for _ in range(21):
        link(make_article(title="Саммит"), person)

    filtered = head(client.get("/articles/", {"person": person.slug, "date_from": "2017-01-01"}))

    assert filtered.canonical == [f"{BASE}/articles/"]


def test_entity_pages_keep_their_page_number_in_the_canonical_url(client):
    person = make_person("Нурсултан Назарбаев")
    for _ in range(21):
        link(make_article(), person)

    after = client.get(person.get_absolute_url()).context["page_obj"].next_cursor
    page = head(client.get(person.get_absolute_url(), {"after": after, "utm_campaign": "x"}))

    assert page.canonical == [f"{BASE}/persons/{person.slug}/?after={after}"]


def test_canonical_url_uses_the_scheme_and_host_of_the_request(client, settings):
    settings.ALLOWED_HOSTS = ["news.example.kz"]
    page = head(client.get("/", headers={"host": "news.example.kz"}, secure=True))
    assert page.canonical == ["https://news.example.kz/"]


# Meta, Open Graph and Twitter tags


def test_article_page_has_description_open_graph_and_twitter_tags(client):
    article = make_article(
        title="Саммит ШОС в Астане", lead="Главы государств встретились.", published_at=at(1)
    )
    article.refresh_from_db()

    page = head(client.get(article.get_absolute_url()))

    url = f"{BASE}/articles/{article.slug}/"
    assert page.meta == {
        "description": "Главы государств встретились.",
        "og:site_name": "Newsroom",
        "og:locale": "ru_RU",
        "og:type": "article",
        "og:url": url,
        "og:title": "Саммит ШОС в Астане",
        "og:description": "Главы государств встретились.",
        "article:published_time": "2024-09-01T15:00:00+05:00",
        "article:modified_time": local_iso(article.updated_at),
        # No image of its own: the site's.
        "og:image": f"{BASE}/static/img/og-default.png",
        "og:image:type": "image/png",
        "og:image:width": "1200",
        "og:image:height": "630",
        "og:image:alt": "Newsroom",
        "twitter:card": "summary",
        "twitter:title": "Саммит ШОС в Астане",
        "twitter:description": "Главы государств встретились.",
        "twitter:image": f"{BASE}/static/img/og-default.png",
        "twitter:image:alt": "Newsroom",
        "viewport": "width=device-width, initial-scale=1",
    }


def test_person_page_is_a_profile_with_the_photo_as_image(client):
    person = make_person(
        "Нурсултан Назарбаев",
        description="Первый президент Казахстана",
        photo_url="https://example.kz/nazarbaev.jpg",
    )
    link(make_article(), person)

    page = head(client.get(person.get_absolute_url()))

    assert page.meta["og:type"] == "profile"
    assert page.meta["og:title"] == "Нурсултан Назарбаев"
    assert page.meta["og:description"] == "Нурсултан Назарбаев — Первый президент Казахстана"
    # Of unknown size and type: no width, height or type, and a small card.
    assert page.meta["og:image"] == "https://example.kz/nazarbaev.jpg"
    assert page.meta["og:image:alt"] == "Нурсултан Назарбаев"
    assert "og:image:width" not in page.meta
    assert "og:image:type" not in page.meta
    assert page.meta["twitter:card"] == "summary"
    assert page.meta["twitter:image"] == "https://example.kz/nazarbaev.jpg"
    assert "article:published_time" not in page.meta


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/", "Последние новости"),
        ("/articles/", "Статьи"),
        ("/persons/", "Персоны"),
        ("/events/", "События"),
    ],
)
def test_other_pages_are_websites_with_their_title_and_description(client, url, title):
    page = head(client.get(url))
    assert page.meta["og:type"] == "website"
    assert page.meta["og:title"] == title
    assert page.meta["twitter:title"] == title
    assert page.meta["og:description"] == page.meta["description"]
    assert page.meta["og:url"] == f"{BASE}{url}"
    assert page.meta["og:locale"] == "ru_RU"
    assert page.meta["twitter:card"] == "summary"


def test_meta_tags_escape_the_title(client):
    article = make_article(title='Он сказал: "<b>нет</b>" & ушёл', lead='Лид с "кавычками"')
    response = client.get(article.get_absolute_url())

    page = head(response)

    assert page.meta["og:title"] == 'Он сказал: "<b>нет</b>" & ушёл'
    assert page.meta["og:description"] == 'Лид с "кавычками"'
    assert "<b>нет</b>" not in response.content.decode()


def test_site_name_setting_names_the_site_everywhere(client, settings):
    settings.NEWSROOM_SITE_NAME = "Деловые новости"
    article = make_article(title="Саммит")

    response = client.get(article.get_absolute_url())

    assert "<title>Саммит — Деловые новости</title>" in response.content.decode()
    assert head(response).meta["og:site_name"] == "Деловые новости"
    news_article, breadcrumbs = json_ld(response)
    assert news_article["publisher"]["name"] == "Деловые новости"
    assert breadcrumbs["itemListElement"][0]["name"] == "Деловые новости"


# JSON-LD


def test_article_page_describes_a_news_article_naming_its_public_persons_and_organizations(
    client,
):
    article = make_article(
        title="Саммит ШОС в Астане",
        lead="Главы государств встретились.",
        source="Kapital.kz",
        published_at=at(1),
    )
    article.refresh_from_db()
    nazarbaev = make_person("Нурсултан Назарбаев")
    link(article, nazarbaev, "Президент Казахстана")
    ArticlePerson.objects.create(
        article=article, person=make_person("Ошибка Извлечения"), review_status="rejected"
    )
    link(article, make_person("Отклонённый", review_status=ReviewStatus.REJECTED))
    sco = Organization.objects.create(name="ШОС")
    ArticleOrganization.objects.create(article=article, organization=sco)
    ArticlePlace.objects.create(article=article, place=Place.objects.create(name="Астана"))

    news_article, breadcrumbs = json_ld(client.get(article.get_absolute_url()))

    url = f"{BASE}/articles/{article.slug}/"
    assert news_article == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Саммит ШОС в Астане",
        "description": "Главы государств встретились.",
        "datePublished": "2024-09-01T15:00:00+05:00",
        "dateModified": local_iso(article.updated_at),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": "ru",
        "author": {"@type": "Organization", "name": "Kapital.kz"},
        "publisher": PUBLISHER,
        # The default rubric (NEWSROOM_DEFAULT_RUBRIC); no tags, no keywords.
        "articleSection": "Новости",
        "mentions": [
            {
                "@type": "Person",
                "name": "Нурсултан Назарбаев",
                "url": f"{BASE}/persons/{nazarbaev.slug}/",
            },
            {"@type": "Organization", "name": "ШОС", "url": f"{BASE}/organizations/{sco.slug}/"},
        ],
    }
    assert breadcrumbs == {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Newsroom", "item": f"{BASE}/"},
            {
                "@type": "ListItem",
                "position": 2,
                "name": "Новости",
                "item": f"{BASE}/rubrics/novosti/",
            },
            {"@type": "ListItem", "position": 3, "name": "Саммит ШОС в Астане", "item": url},
        ],
    }


def test_article_without_source_or_links_leaves_those_fields_out(client):
    article = make_article()
    news_article, _ = json_ld(client.get(article.get_absolute_url()))
    assert "author" not in news_article
    assert "mentions" not in news_article


def test_a_title_that_closes_the_script_element_stays_inside_the_json_string(client):
    title = "</script><script>alert(1)</script> & <!-- «кавычки»"
    article = make_article(title=title, lead="</SCRIPT>лид")

    response = client.get(article.get_absolute_url())
    html = response.content.decode()

    assert "<script>alert(1)" not in html
    assert head(response).scripts == 2
    news_article, breadcrumbs = json_ld(response)
    assert news_article["headline"] == title
    assert news_article["description"] == "</SCRIPT>лид"
    assert breadcrumbs["itemListElement"][2]["name"] == title
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\u0026" in html


@pytest.mark.parametrize(
    ("name", "fields", "aliases", "described"),
    [
        pytest.param(
            "Нурсултан Назарбаев",
            {
                "description": "Первый президент Казахстана",
                "photo_url": "https://example.kz/nazarbaev.jpg",
            },
            ["Н. Назарбаев", "Елбасы", "Нурсултан Назарбаев"],
            {
                "alternateName": ["Елбасы", "Н. Назарбаев"],
                "description": "Первый президент Казахстана",
                "image": "https://example.kz/nazarbaev.jpg",
            },
            id="with_other_names",
        ),
        pytest.param("Н. Патрушев", {}, [], {}, id="without_aliases_or_description"),
    ],
)
def test_person_page_describes_the_person(client, name, fields, aliases, described):
    """Other names (but the name itself), a description and a photo only where given."""
    person = make_person(name, **fields)
    for alias in aliases:
        PersonAlias.objects.create(person=person, name=alias)
    link(make_article(), person)

    data, breadcrumbs = json_ld(client.get(person.get_absolute_url()))

    assert data == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": name,
        **described,
        "url": f"{BASE}/persons/{person.slug}/",
    }
    assert [item["name"] for item in breadcrumbs["itemListElement"]] == [
        "Newsroom",
        "Персоны",
        name,
    ]
    assert breadcrumbs["itemListElement"][1]["item"] == f"{BASE}/persons/"


@pytest.mark.parametrize(
    ("precision", "start", "end", "expected"),
    [
        (
            "day",
            date(2017, 6, 8),
            date(2017, 6, 9),
            {"startDate": "2017-06-08", "endDate": "2017-06-09"},
        ),
        ("day", date(2017, 6, 8), date(2017, 6, 8), {"startDate": "2017-06-08"}),
        ("month", date(2017, 6, 1), None, {"startDate": "2017-06"}),
        ("year", date(2017, 1, 1), None, {"startDate": "2017"}),
        ("day", None, None, {}),
    ],
)
def test_event_page_gives_the_dates_to_their_precision(client, precision, start, end, expected):
    event = make_event(
        "Саммит ШОС",
        start_date=start,
        end_date=end,
        date_precision=precision,
        place="Астана",
        description="Встреча глав государств.",
    )
    EventAlias.objects.create(event=event, name="Астанинский саммит")
    ArticleEvent.objects.create(article=make_article(), event=event)

    data, breadcrumbs = json_ld(client.get(event.get_absolute_url()))

    assert data == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "Саммит ШОС",
        "alternateName": ["Астанинский саммит"],
        "description": "Встреча глав государств.",
        **expected,
        "location": {"@type": "Place", "name": "Астана"},
        "url": f"{BASE}/events/{event.slug}/",
    }
    assert breadcrumbs["itemListElement"][1] == {
        "@type": "ListItem",
        "position": 2,
        "name": "События",
        "item": f"{BASE}/events/",
    }


def test_organization_and_place_pages_describe_them(client):
    article = make_article()
    sco = make_organization(
        "Шанхайская организация сотрудничества", description="Международная организация"
    )
    OrganizationAlias.objects.create(organization=sco, name="ШОС")
    astana = make_place("Астана")
    link_entities(article, sco, astana)

    organization, organization_crumbs = json_ld(client.get(sco.get_absolute_url()))
    place, place_crumbs = json_ld(client.get(astana.get_absolute_url()))

    assert organization == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "Шанхайская организация сотрудничества",
        "alternateName": ["ШОС"],
        "description": "Международная организация",
        "url": f"{BASE}/organizations/{sco.slug}/",
    }
    assert place == {
        "@context": "https://schema.org",
        "@type": "Place",
        "name": "Астана",
        "url": f"{BASE}/places/{astana.slug}/",
    }
    assert organization_crumbs["itemListElement"][1]["name"] == "Организации"
    assert place_crumbs["itemListElement"][1]["name"] == "Места"


@pytest.mark.parametrize("url", ["/", "/articles/", "/persons/", "/events/"])
def test_list_pages_have_no_json_ld(client, url):
    make_article()
    assert json_ld(client.get(url)) == []


def test_json_ld_script_escapes_what_could_end_or_confuse_the_element():
    script = seo.json_ld_script({"name": "</script><!-- & 'x' \"y\" Назарбаев"})
    assert script == (
        '<script type="application/ld+json">'
        '{"name":"\\u003c/script\\u003e\\u003c!-- \\u0026 \'x\' \\"y\\" Назарбаев"}'
        "</script>"
    )
    assert json.loads(JSON_LD.search(script).group(1)) == {
        "name": "</script><!-- & 'x' \"y\" Назарбаев"
    }


# Images


def rendition_url(image, set_name, width, height):
    token = image.renditions["token"]
    return f"{BASE}/media/images/{token[:2]}/{token}/{set_name}-{width}x{height}.jpg"


def test_a_news_article_with_a_lead_image_gives_its_16x9_4x3_and_1x1_jpegs(client):
    image = make_image(width=2400, height=1600)
    article = make_article(lead_image=image)

    news_article, _ = json_ld(client.get(article.get_absolute_url()))

    assert news_article["image"] == [
        rendition_url(image, "16x9", 1920, 1080),
        rendition_url(image, "4x3", 1200, 900),
        rendition_url(image, "1x1", 1200, 1200),
    ]
    assert news_article["publisher"] == PUBLISHER
    for address in news_article["image"]:
        response = client.get(address.removeprefix(BASE))
        assert (response.status_code, response["Content-Type"]) == (200, "image/jpeg")


def test_a_news_article_without_a_ready_image_gives_none(client):
    pending = make_image()
    Image.objects.filter(pk=pending.pk).update(renditions={})
    for article in (make_article(), make_article(lead_image=pending)):
        news_article, _ = json_ld(client.get(article.get_absolute_url()))
        assert "image" not in news_article
        assert news_article["publisher"] == PUBLISHER


@pytest.mark.parametrize(
    ("make", "name", "kind"),
    [
        (make_person, "Нурсултан Назарбаев", "Person"),
        (make_organization, "ШОС", "Organization"),
        (make_place, "Астана", "Place"),
        (make_event, "Саммит ШОС", "Event"),
    ],
)
def test_entity_documents_give_their_library_image(client, make, name, kind):
    image = make_image()
    entity = make(name, image=image)
    link_entities(make_article(), entity)

    data, _ = json_ld(client.get(entity.get_absolute_url()))

    assert data["@type"] == kind
    assert data["image"] == rendition_url(image, "full", 1280, 720)


def test_the_committed_images_have_the_sizes_the_pages_state():
    for path, width, height in (seo.DEFAULT_IMAGE, seo.LOGO):
        with PILImage.open(finders.find(path)) as picture:
            assert (picture.format, picture.size) == ("PNG", (width, height))
    assert seo.DEFAULT_IMAGE[1:] == (1200, 630)
    # Google's limit for a publisher's logo.
    assert seo.LOGO[1] <= 600 and seo.LOGO[2] <= 60
