"""Script in the data stays text: on every page, in JSON-LD, the feeds and the API.

`payload_newsroom()` fills every text field of every model with markup that would set
`window.__xss` if a browser ran it (tests/browser/test_xss.py proves none runs), and
every URL field with a `javascript:` URL. The fields are read from the models, so a
new text field gets the payload without a change here.
"""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from articles import seo
from articles.models import (
    Article,
    ArticleAuthor,
    ArticleEvent,
    ArticleOrganization,
    ArticlePerson,
    ArticlePlace,
    Author,
    EditorialNote,
    Event,
    EventAlias,
    Image,
    Organization,
    OrganizationAlias,
    Person,
    PersonAlias,
    Place,
    PlaceAlias,
    ReviewStatus,
    Rubric,
    Tag,
)

from ..factories import make_image

pytestmark = pytest.mark.django_db

URL_PAYLOAD = "javascript:void(window.__xss=1)"
SEARCH_WORD = "саммит"
# Each part would set window.__xss where it broke out of its context: a URL, an
# element's text, an attribute value (either quote), a <script> element (JSON-LD).
PAYLOAD_PARTS = [
    "javascript:window.__xss=1//",
    "<script>window.__xss=1</script>",
    '"><img src=x onerror="window.__xss=1">',
    "</script><script>window.__xss=1</script>",
    "'><svg onload='window.__xss=1'>",
    "<!--<script>window.__xss=1</script>-->",
    # A word every database's search finds (PostgreSQL's parser drops tags and URLs).
    f" {SEARCH_WORD}",
]
MARKUP_PARTS = PAYLOAD_PARTS[1:-1]
# Markup that would be live if any payload went out unescaped.
LIVE_MARKUP = ["<script>window", "<img src=x", "<svg onload", "</script><script>"]


def payload(max_length=None, tag=""):
    """As many of the payload's parts as fit in `max_length` characters, then `tag`
    (which tells apart fields that would otherwise hold the same text)."""
    room = (max_length or 10_000) - len(tag)
    text = ""
    for part in PAYLOAD_PARTS:
        if len(text) + len(part) <= room:
            text += part
    assert text.count("window.__xss") >= 2, f"{max_length} characters hold too little"
    return text + tag


def text_fields(model):
    """The text a person can write into `model`: every editable char or text field but
    slugs (which are checked to be slugs) and choices."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not field.choices
        and not isinstance(field, models.SlugField)
    ]


def create_with_payloads(model, **values):
    # An alias equal to its entity's name would be left out of JSON-LD's alternateName.
    tag = " " + "".join(filter(str.isupper, model.__name__))
    for field in text_fields(model):
        if isinstance(field, models.URLField):
            values.setdefault(field.name, URL_PAYLOAD)
        else:
            values.setdefault(field.name, payload(field.max_length, tag=tag))
    return model.objects.create(**values)


def rich_payload_body(image):
    """A body as a hostile editor's browser could send it: the payload as text, as
    markup of its own, in a link, in attributes and in a figure of `image`."""
    text = payload()
    return (
        f"<p>{escape(text)}</p>{text}"
        f'<p><a href="{URL_PAYLOAD}" onclick="window.__xss=1">ссылка</a></p>'
        f'<figure class="figure x" onmouseover="window.__xss=1">'
        f'<img src="{URL_PAYLOAD}" alt="{escape(text)}" data-file="{image.pk}" onerror="x">'
        f"<figcaption>{text}</figcaption></figure>"
        f'<img src="x" onerror="window.__xss=1"><iframe src="{URL_PAYLOAD}"></iframe>'
    )


def payload_newsroom():
    """A published article naming persons, an organization, a place and events, with
    aliases and links, every text field holding the payload.

    Some entities are suggested, so that the admin's review queue lists them too; the
    public pages show them with NEWSROOM_PUBLISH_NEW_ENTITIES on (the fixtures).
    """
    today = timezone.localdate()
    create = create_with_payloads
    # An image of the library, every text of it the payload, shown as the article's
    # lead, as a figure in its body and as an organization's image.
    image = make_image(
        **{field.name: payload(field.max_length, tag=" I") for field in text_fields(Image)}
    )
    rubric = create(Rubric, slug="xss-rubric")
    article = create(
        Article,
        slug="xss-article",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=1),
        lead_image=image,
        body=rich_payload_body(image),
        rubric=rubric,
    )
    tag = create(Tag, slug="xss-tag")
    article.tags.add(tag)
    # Told apart from the article's fields, whose payloads end the same (" A").
    author = create(
        Author,
        slug="xss-author",
        photo=image,
        **{field.name: payload(field.max_length, tag=" AU") for field in text_fields(Author)},
    )
    person = create(Person, slug="xss-person")
    other_person = create(Person, slug="xss-other-person", review_status=ReviewStatus.SUGGESTED)
    organization = create(
        Organization, slug="xss-organization", review_status=ReviewStatus.SUGGESTED, image=image
    )
    place = create(Place, slug="xss-place", review_status=ReviewStatus.SUGGESTED)
    event = create(
        Event,
        slug="xss-event",
        review_status=ReviewStatus.APPROVED,
        start_date=today + timedelta(days=10),
        end_date=today + timedelta(days=11),
    )
    suggested_event = create(
        Event, slug="xss-suggested-event", review_status=ReviewStatus.SUGGESTED
    )
    event.participants.add(person, other_person)
    created = [image, article, person, other_person, organization, place, event, suggested_event]
    created += [
        rubric,
        tag,
        author,
        create(ArticleAuthor, article=article, author=author),
        create(EditorialNote, article=article),
        create(PersonAlias, person=person),
        create(PersonAlias, person=other_person),
        create(OrganizationAlias, organization=organization),
        create(PlaceAlias, place=place),
        create(EventAlias, event=event),
        create(EventAlias, event=suggested_event),
        create(ArticlePerson, article=article, person=person, confidence=0.9),
        create(
            ArticlePerson,
            article=article,
            person=other_person,
            position=1,
            review_status=ReviewStatus.SUGGESTED,
            confidence=0.8,
        ),
        create(
            ArticleOrganization,
            article=article,
            organization=organization,
            review_status=ReviewStatus.SUGGESTED,
        ),
        create(ArticlePlace, article=article, place=place, review_status=ReviewStatus.SUGGESTED),
        create(ArticleEvent, article=article, event=event),
        create(
            ArticleEvent,
            article=article,
            event=suggested_event,
            review_status=ReviewStatus.SUGGESTED,
        ),
    ]
    with_text = {
        model for model in apps.get_app_config("articles").get_models() if text_fields(model)
    }
    missing = with_text - {type(instance) for instance in created}
    assert not missing, f"Give these models payloads here: {sorted(m.__name__ for m in missing)}"
    return {
        "article": article,
        "rubric": rubric,
        "tag": tag,
        "author": author,
        "person": person,
        "other_person": other_person,
        "organization": organization,
        "place": place,
        "event": event,
        "suggested_event": suggested_event,
        "created": created,
    }


def public_pages(newsroom):
    """Every kind of public HTML page, with the payload in its data or its address."""
    search = reverse("articles:search")
    article_list = reverse("articles:article_list")
    person = newsroom["person"]
    in_attribute = '"><img src=x onerror="window.__xss=1">'
    in_text = "<script>window.__xss=1</script>"
    in_script = "</script><script>window.__xss=1</script>"
    filters = {
        "person": person.slug,
        "organization": newsroom["organization"].slug,
        "date_from": "2000-01-01",
    }
    return {
        "home": reverse("articles:home"),
        "article list": article_list,
        "filtered article list": f"{article_list}?{urlencode(filters)}",
        "article list, payload filters": f"{article_list}?"
        + urlencode({"person": in_attribute, "date_from": in_text}),
        "search for the payload": f"{search}?{urlencode({'q': in_text})}",
        "search results": f"{search}?{urlencode({'q': SEARCH_WORD})}",
        "search, payload filters": f"{search}?"
        + urlencode({"q": SEARCH_WORD, "person": in_script}),
        "article": newsroom["article"].get_absolute_url(),
        "person list": reverse("articles:person_list"),
        "person list, searched": f"{reverse('articles:person_list')}?"
        + urlencode({"q": SEARCH_WORD}),
        "person": person.get_absolute_url(),
        "other person": newsroom["other_person"].get_absolute_url(),
        "organization list": reverse("articles:organization_list"),
        "organization": newsroom["organization"].get_absolute_url(),
        "place list": reverse("articles:place_list"),
        "place": newsroom["place"].get_absolute_url(),
        "event list": reverse("articles:event_list"),
        "event": newsroom["event"].get_absolute_url(),
        "rubric": newsroom["rubric"].get_absolute_url(),
        "tag": newsroom["tag"].get_absolute_url(),
        "author": newsroom["author"].get_absolute_url(),
        "page not found": f"/articles/{quote(in_text, safe='')}/",
    }


@pytest.fixture
def newsroom(settings):
    # The suggested entities on the public pages as well as in the review queue.
    settings.NEWSROOM_PUBLISH_NEW_ENTITIES = True
    return payload_newsroom()


class InlineCodeParser(HTMLParser):
    """What a Content-Security-Policy without 'unsafe-inline' would block: <style>,
    style and on* attributes, and <script> without src (JSON-LD is data, not code)."""

    def __init__(self):
        super().__init__()
        self.blocked = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "style":
            self.blocked.append("<style>")
        self.blocked += [
            f"{tag} {name}=" for name in attrs if name == "style" or name.startswith("on")
        ]
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/ld+json":
            self.blocked.append("inline <script>")


def test_public_pages_show_the_payloads_as_text_and_need_no_inline_script_or_style(
    client, newsroom
):
    for name, url in public_pages(newsroom).items():
        response = client.get(url)
        assert response.status_code == (404 if name == "page not found" else 200), name
        html = response.content.decode()
        assert [markup for markup in LIVE_MARKUP if markup in html] == [], name
        parser = InlineCodeParser()
        parser.feed(html)
        assert parser.blocked == [], name
    parser = InlineCodeParser()
    parser.feed(render_to_string("500.html"))
    assert parser.blocked == []
    # The payload is there, as text: what the checks above read was the real thing.
    html = client.get(newsroom["article"].get_absolute_url()).content.decode()
    assert f"<h1>{escape(newsroom['article'].title)}</h1>" in html


LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def json_ld_of(client, url):
    html = client.get(url).content.decode()
    blocks = LD_JSON.findall(html)
    assert len(blocks) == 2, url
    # Nothing in a block can end it, open a comment, or be taken for a tag.
    assert [block for block in blocks if "<" in block or ">" in block] == []
    return [json.loads(block) for block in blocks]


def test_json_ld_keeps_every_payload_exactly(client, newsroom):
    article, person, other = newsroom["article"], newsroom["person"], newsroom["other_person"]
    organization, place, event = newsroom["organization"], newsroom["place"], newsroom["event"]
    assert article.title == payload(300, tag=" A")

    rubric, tag, author = newsroom["rubric"], newsroom["tag"], newsroom["author"]
    data, crumbs = json_ld_of(client, article.get_absolute_url())
    assert (data["headline"], data["description"]) == (article.title, article.lead)
    assert [byline["name"] for byline in data["author"]] == [author.name]
    assert (data["articleSection"], data["keywords"]) == (rubric.name, [tag.name])
    assert [mention["name"] for mention in data["mentions"]] == [
        person.name,
        other.name,
        organization.name,
    ]
    assert [crumb["name"] for crumb in crumbs["itemListElement"]] == [
        "Newsroom",
        rubric.name,
        article.title,
    ]

    data, crumbs = json_ld_of(client, author.get_absolute_url())
    assert (data["name"], data["description"]) == (author.name, author.bio)
    assert crumbs["itemListElement"][-1]["name"] == author.name
    for section in (rubric, tag):
        html = client.get(section.get_absolute_url()).content.decode()
        (block,) = LD_JSON.findall(html)
        assert "<" not in block and ">" not in block
        assert json.loads(block)["itemListElement"][-1]["name"] == section.name

    def alias(entity):
        return [entity.aliases.get().name]

    data, crumbs = json_ld_of(client, person.get_absolute_url())
    # The javascript: photo is left out: only http(s) URLs are given.
    assert data == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.name,
        "alternateName": alias(person),
        "description": person.description,
        "url": f"http://testserver{person.get_absolute_url()}",
    }
    assert crumbs["itemListElement"][-1]["name"] == person.name

    data, _ = json_ld_of(client, organization.get_absolute_url())
    assert (data["name"], data["alternateName"], data["description"]) == (
        organization.name,
        alias(organization),
        organization.description,
    )
    data, _ = json_ld_of(client, place.get_absolute_url())
    assert (data["name"], data["alternateName"]) == (place.name, alias(place))
    data, _ = json_ld_of(client, event.get_absolute_url())
    assert (data["name"], data["alternateName"], data["description"], data["location"]) == (
        event.name,
        alias(event),
        event.description,
        {"@type": "Place", "name": event.place},
    )


def test_a_javascript_photo_url_is_no_image_on_the_person_page(client, newsroom):
    person = newsroom["person"]
    assert person.photo_url == URL_PAYLOAD
    html = client.get(person.get_absolute_url()).content.decode()
    # The site's default picture instead.
    assert re.findall(r'property="og:image" content="([^"]+)"', html) == [
        "http://testserver/static/img/og-default.png"
    ]
    assert URL_PAYLOAD not in html


def test_the_model_refuses_a_photo_url_that_is_not_a_web_address():
    person = Person(name="Имя", slug="imia", photo_url=URL_PAYLOAD)
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert list(error.value.error_dict) == ["photo_url"]


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://example.kz/photo.jpg", "https://example.kz/photo.jpg"),
        ("HTTP://example.kz/photo.jpg", "HTTP://example.kz/photo.jpg"),
        (" https://example.kz/photo.jpg ", "https://example.kz/photo.jpg"),
        ("javascript:window.__xss=1", ""),
        ("JavaScript:window.__xss=1", ""),
        (" javascript:window.__xss=1", ""),
        ("java\tscript:window.__xss=1", ""),
        ("\x01javascript:window.__xss=1", ""),
        ("data:text/html,<script>window.__xss=1</script>", ""),
        ("vbscript:msgbox(1)", ""),
        ("ftp://example.kz/photo.jpg", ""),
        ("//example.kz/photo.jpg", ""),
        ("http://[::1", ""),
        ("", ""),
    ],
)
def test_web_url_gives_only_http_and_https_addresses(url, shown):
    assert seo.web_url(url) == shown


def feed_urls(newsroom):
    urls = [reverse(f"articles:article_feed_{kind}") for kind in ("rss", "atom")]
    for key in ("person", "organization", "place", "event", "rubric", "tag", "author"):
        entity = newsroom[key]
        model = entity._meta.model_name
        urls += [
            reverse(f"articles:{model}_feed_{kind}", kwargs={"slug": entity.slug})
            for kind in ("rss", "atom")
        ]
    return urls


ATOM = "{http://www.w3.org/2005/Atom}"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


def test_feeds_give_the_payloads_escaped_for_their_format(client, newsroom):
    article, rubric, tag, author = (newsroom[key] for key in ("article", "rubric", "tag", "author"))
    # Each feed's title and description (None: the site's own).
    headings = {
        reverse("articles:article_feed_rss"): ("Последние новости", None),
        reverse("articles:article_feed_atom"): ("Последние новости", None),
    }
    for key in ("person", "organization", "place", "event"):
        entity = newsroom[key]
        for kind in ("rss", "atom"):
            url = reverse(f"articles:{entity._meta.model_name}_feed_{kind}", args=[entity.slug])
            headings[url] = (entity.name, f"Статьи, в которых упоминается {entity.name}.")
    for section, heading, description in [
        (rubric, rubric.name, rubric.description),
        (tag, f"Статьи с тегом «{tag.name}»", f"Статьи с тегом «{tag.name}»."),
        (author, f"Статьи автора: {author.name}", author.bio),
    ]:
        for kind in ("rss", "atom"):
            url = reverse(f"articles:{section._meta.model_name}_feed_{kind}", args=[section.slug])
            headings[url] = (heading, description)
    assert sorted(headings) == sorted(feed_urls(newsroom))
    for url, (name, description) in headings.items():
        content = client.get(url).content.decode()
        assert [markup for markup in LIVE_MARKUP if markup in content] == [], url
        root = ET.fromstring(content)
        if url.endswith("/rss/"):
            # RSS readers take the text as HTML: escaped once more than XML needs.
            channel = root.find("channel")
            item = channel.find("item")
            assert channel.findtext("title") == escape(f"{name} — Newsroom"), url
            assert item.findtext("title") == escape(article.title)
            assert item.findtext("description") == escape(article.lead)
            assert item.findtext(DC_CREATOR) == escape(author.name)
            assert [category.text for category in item.findall("category")] == [
                escape(rubric.name),
                escape(tag.name),
            ]
            if description is not None:
                assert channel.findtext("description") == escape(description), url
        else:
            # Atom's titles and names are declared plain text; its summary HTML.
            entry = root.find(f"{ATOM}entry")
            assert root.findtext(f"{ATOM}title") == f"{name} — Newsroom"
            assert entry.findtext(f"{ATOM}title") == article.title
            assert entry.find(f"{ATOM}title").get("type") is None
            assert entry.find(f"{ATOM}summary").get("type") == "html"
            assert entry.findtext(f"{ATOM}summary") == escape(article.lead)
            assert entry.findtext(f"{ATOM}author/{ATOM}name") == author.name
            assert [category.get("term") for category in entry.findall(f"{ATOM}category")] == [
                rubric.name,
                tag.name,
            ]
            if description is not None:
                assert root.findtext(f"{ATOM}subtitle") == description, url


def api_get(client, url):
    response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/json"
    # No character that HTML reads as markup, anywhere: each is a \u escape.
    assert [c for c in "<>&" if c.encode() in response.content] == [], url
    return json.loads(response.content)


def test_api_gives_the_payloads_as_the_same_json_values_with_no_markup(client, newsroom):
    article, person = newsroom["article"], newsroom["person"]
    organization, place, event = newsroom["organization"], newsroom["place"], newsroom["event"]
    assert (
        "\\u003cscript\\u003e"
        in client.get(
            reverse("api:article-detail", args=[article.slug]), HTTP_ACCEPT="application/json"
        ).content.decode()
    )

    detail = api_get(client, reverse("api:article-detail", args=[article.slug]))
    assert (detail["title"], detail["lead"], detail["body"], detail["source"]) == (
        article.title,
        article.lead,
        article.body_text,
        article.source,
    )
    # The rich body comes sanitized: no element or attribute that could run.
    parser = InlineCodeParser()
    parser.feed(detail["body_html"])
    assert parser.blocked == []
    assert [markup for markup in LIVE_MARKUP if markup in detail["body_html"]] == []
    addresses = re.findall(r'(?:href|src)="([^"]*)"', detail["body_html"])
    assert addresses and [url for url in addresses if not url.startswith("http")] == []
    image = article.lead_image
    assert (detail["lead_image"]["alt"], detail["lead_image"]["caption"]) == (
        image.alt,
        image.caption,
    )
    assert detail["lead_image"]["credit"] == image.credit
    assert [(p["name"], p["role"]) for p in detail["persons"]] == [
        (person.name, person.article_links.get().role),
        (newsroom["other_person"].name, newsroom["other_person"].article_links.get().role),
    ]
    assert [o["name"] for o in detail["organizations"]] == [organization.name]
    assert [a["name"] for a in detail["authors"]] == [newsroom["author"].name]
    assert [t["name"] for t in detail["tags"]] == [newsroom["tag"].name]
    assert [p["name"] for p in detail["places"]] == [place.name]
    assert [e["name"] for e in detail["events"]] == [event.name]
    listed = api_get(client, reverse("api:article-list"))["results"]
    assert [(a["title"], a["lead"]) for a in listed] == [(article.title, article.lead)]
    searched = api_get(client, f"{reverse('api:article-list')}?{urlencode({'q': SEARCH_WORD})}")
    assert [a["title"] for a in searched["results"]] == [article.title]

    data = api_get(client, reverse("api:person-detail", args=[person.slug]))
    assert (data["name"], data["description"]) == (person.name, person.description)
    # A javascript: photo is no address to hand on.
    assert data["photo_url"] == ""
    data = api_get(client, reverse("api:organization-detail", args=[organization.slug]))
    assert (data["name"], data["description"]) == (organization.name, organization.description)
    data = api_get(client, reverse("api:place-detail", args=[place.slug]))
    assert data["name"] == place.name
    data = api_get(client, reverse("api:event-detail", args=[event.slug]))
    assert (data["name"], data["description"], data["place"]) == (
        event.name,
        event.description,
        event.place,
    )
    assert sorted(p["name"] for p in data["participants"]) == sorted(
        [person.name, newsroom["other_person"].name]
    )
    listed = {
        kind: [e["name"] for e in api_get(client, reverse(f"api:{kind}-list"))["results"]]
        for kind in ("person", "organization", "place", "event")
    }
    assert listed == {
        "person": [person.name, newsroom["other_person"].name],
        "organization": [organization.name],
        "place": [place.name],
        "event": [event.name],
    }
    api_get(client, reverse("api:api-root"))


def test_api_gives_an_https_photo_url_as_it_is(client):
    article = Article.objects.create(
        title="Статья", slug="statia", lead="Лид", body="Текст", status=Article.Status.PUBLISHED
    )
    person = Person.objects.create(
        name="Имя", slug="imia", photo_url="https://example.kz/photo.jpg?a=1&b=2"
    )
    ArticlePerson.objects.create(article=article, person=person)
    response = client.get(reverse("api:person-detail", args=["imia"]))
    assert json.loads(response.content)["photo_url"] == "https://example.kz/photo.jpg?a=1&b=2"
    assert b'"https://example.kz/photo.jpg?a=1\\u0026b=2"' in response.content
