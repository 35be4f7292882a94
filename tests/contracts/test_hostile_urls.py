"""Every public URL, asked with hostile query strings, answers 200, 400 or 404 (never a
500) and never shows what the public may not see.

The URLs come from the URL configuration itself (every route outside the admin), so
a new page is tried as soon as it exists; the query strings are the product of the
parameters the site and the API read and of values chosen to break their parsing.
Every run tries a fixed sample of them; the fuzz campaign (HYPOTHESIS_PROFILE=fuzz,
conftest.py) tries them all.
"""

import base64
import json
import os
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core import signing
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from articles import previews
from articles.models import Article, ArticleAuthor, Author, ReviewStatus, Rubric, Tag
from articles.sitemaps import SITEMAPS

from ..factories import (
    link,
    link_entities,
    make_article,
    make_event,
    make_organization,
    make_person,
    make_place,
)

pytestmark = pytest.mark.django_db

DRAFT_TITLE = "Секретный черновик о переговорах"
SCHEDULED_TITLE = "Запланированная статья о переговорах"
HIDDEN_PERSON = "Тайный Собеседник"
HIDDEN_EVENT = "Непроверенная встреча"
HIDDEN_TAG = "Секретный тег"
HIDDEN_AUTHOR = "Тайный Автор"
HIDDEN_TEXTS = [
    DRAFT_TITLE,
    SCHEDULED_TITLE,
    HIDDEN_PERSON,
    HIDDEN_EVENT,
    HIDDEN_TAG,
    HIDDEN_AUTHOR,
]
HIDDEN_WORDS = ["конфиденциально", "переговоры", "Собеседник", "встреча"]
ALLOWED = {200, 400, 404}


@pytest.fixture
def newsroom():
    """A published article naming one public entity of each kind, in a rubric, with a tag
    and an author; a draft and a scheduled article; a person named only in the draft, an
    event not yet approved, and a tag and an author of the hidden articles only."""
    rubric = Rubric.objects.create(name="Политика")
    article = make_article(
        title="Переговоры в Астане", lead="Лид", body="Текст статьи.", rubric=rubric
    )
    hidden_body = "Переговоры прошли конфиденциально."
    draft = make_article(
        title=DRAFT_TITLE, body=hidden_body, status=Article.Status.DRAFT, published_at=None
    )
    scheduled = make_article(
        title=SCHEDULED_TITLE, body=hidden_body, published_at=timezone.now() + timedelta(days=1)
    )
    person = make_person("Нурсултан Назарбаев")
    organization = make_organization("ШОС")
    place = make_place("Астана")
    event = make_event("Саммит ШОС", review_status=ReviewStatus.APPROVED)
    hidden_person = make_person(HIDDEN_PERSON)
    hidden_event = make_event(HIDDEN_EVENT, review_status=ReviewStatus.SUGGESTED)
    for each in (article, draft, scheduled):
        link_entities(each, person, organization, place, event)
    link_entities(draft, hidden_person)
    link_entities(article, hidden_event)
    tag, hidden_tag = Tag.objects.create(name="Переговоры"), Tag.objects.create(name=HIDDEN_TAG)
    author = Author.objects.create(name="Айгерим Сейткали")
    hidden_author = Author.objects.create(name=HIDDEN_AUTHOR)
    article.tags.add(tag)
    ArticleAuthor.objects.create(article=article, author=author)
    for each in (draft, scheduled):
        each.tags.add(tag, hidden_tag)
        ArticleAuthor.objects.create(article=each, author=hidden_author)
    return {
        "article": article,
        "rubric": rubric,
        "tag": tag,
        "author": author,
        "hidden_tag": hidden_tag,
        "hidden_author": hidden_author,
        "person": person,
        "organization": organization,
        "place": place,
        "event": event,
        "hidden_person": hidden_person,
        "hidden_event": hidden_event,
        "draft": draft,
        "scheduled": scheduled,
    }


def _routes(patterns, namespace=""):
    """(qualified URL name, names of its parameters) of every named route."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            pattern = entry.pattern
            params = getattr(pattern, "converters", None) or pattern.regex.groupindex
            yield f"{namespace}{entry.name}", frozenset(params)


def public_routes():
    """Every named route outside the admin, without the API's `.json` twins."""
    routes = {}
    for name, params in _routes(get_resolver().url_patterns):
        if name.startswith("admin:") or name == "review_queue" or "format" in params:
            continue
        routes.setdefault(name, params)
    return routes


# The model a route's slug names, by a word in the route's name.
SLUG_OWNERS = ["article", "person", "organization", "place", "event", "rubric", "tag", "author"]


def public_urls(objects):
    """Every public route, reversed with the data's slugs (and with the slugs of what
    the public may not see, which must be 404)."""
    urls = []
    for name, params in sorted(public_routes().items()):
        if not params:
            urls.append(reverse(name))
        elif params == {"slug"}:
            owner = next(word for word in SLUG_OWNERS if word in name.split(":")[-1])
            urls.append(reverse(name, kwargs={"slug": objects[owner].slug}))
            hidden = {
                "article": "draft",
                "person": "hidden_person",
                "event": "hidden_event",
                "tag": "hidden_tag",
                "author": "hidden_author",
            }
            if owner in hidden:
                urls.append(reverse(name, kwargs={"slug": objects[hidden[owner]].slug}))
        elif params == {"section"}:
            urls += [reverse(name, kwargs={"section": section}) for section in SITEMAPS]
            urls.append(reverse(name, kwargs={"section": "no-such-section"}))
        elif params == {"path"}:
            # The renditions Django serves itself (NEWSROOM_SERVE_MEDIA): none of these is one.
            urls.append(reverse(name, kwargs={"path": "images/no/such.jpg"}))
            media = reverse(name, kwargs={"path": "images/x"}).removesuffix("images/x")
            urls += [f"{media}{path}" for path in HOSTILE_MEDIA_PATHS]
        elif params == {"pk"}:
            # The staff's preview of a draft: the login page, for the public.
            urls.append(reverse(name, kwargs={"pk": objects["draft"].pk}))
        elif params == {"token"}:
            # A preview link: nothing without the signed ID of a link that works.
            pk = objects["draft"].pk
            tokens = ["x", f"{pk}:forged", signing.dumps(pk, salt=previews.SALT)]
            urls += [reverse(name, kwargs={"token": token}) for token in tokens]
        else:
            raise AssertionError(f"No URLs for {name} ({sorted(params)}): add them here.")
    return urls


# Raw paths under MEDIA_URL: out of the renditions' folder, or no file name at all.
HOSTILE_MEDIA_PATHS = [
    "images/../manage.py",
    "images/%2e%2e/%2e%2e/manage.py",
    "images/%00.jpg",
    "originals/x.jpg",
    "images/" + "x" * 1000 + ".jpg",
]


# Raw path segments in place of a slug.
HOSTILE_SLUGS = [
    "no-such-slug",
    "%00",
    "a%00b",
    "%ff%fe",
    quote("' OR 1=1 --"),
    quote("<script>"),
    "..",
    "%2e%2e",
    quote("Назарбаев"),
    "x" * 1000,
]


def slugged_urls(objects):
    """(URL, its slug) of every route that takes a slug, for hostile text in its place."""
    urls = []
    for name, params in sorted(public_routes().items()):
        if params == {"slug"}:
            owner = next(word for word in SLUG_OWNERS if word in name.split(":")[-1])
            slug = objects[owner].slug
            urls.append((reverse(name, kwargs={"slug": slug}), slug))
    return urls


def b64(text):
    return base64.urlsafe_b64encode(text.encode()).decode()


# Raw (already percent-encoded) values, tried in every parameter.
ANY_PARAMETER = [
    "",
    "abc",
    quote("' OR 1=1 --"),
    quote("1;DROP TABLE articles_article"),
    "%00",
    "a%00b",
    "%ff%fe",
    "%ed%a0%80",  # an encoded UTF-16 surrogate: invalid UTF-8
    "%c0%af",  # an overlong "/"
    quote("\u202e\ufeff\u200b𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ☃ a\u0301\u0301 \U0010ffff"),
    quote("<script>alert(1)</script>"),
    quote("x" * 10_000),
]
# Values for what each parameter means.
PAGE_NUMBERS = ["99999999999999999999", "-1", "0", "1.5", "1e3", "last", "9" * 5000]
CURSORS = [
    "garbage",
    "!!!",
    b64("garbage"),
    b64("[]"),
    b64("{}"),
    b64("[null, null]"),
    b64('["x", 1]'),
    b64("[1e999, 1]"),
    b64('[[1], {"a": 1}]'),
    b64('["2024-01-01T00:00:00+00:00", "1\\u0000"]'),
    b64('["2024-01-01T00:00:00\\u0000", 1]'),
    b64('["2024-01-01T00:00:00+00:00", 99999999999999999999999]'),
    b64('["2024-01-01T00:00:00+00:00", -99999999999999999999999]'),
    b64('["9999-12-31T23:59:59-14:00", 1]'),
    b64('["0001-01-01T00:00:00+14:00", 1]'),
    b64('["0001-01-01", 1]'),
]
# DRF's cursor: a base64 query string of offset (o), reverse (r) and position (p).
API_CURSORS = [
    b64("p=abc"),
    b64("p=%00"),
    b64("p=9999-12-31T23:59:59-14:00"),
    b64("p=0001-01-01T00:00:00%2B14:00&r=1"),
    b64("o=99999999999999999999"),
    b64("o=-1&r=x"),
    b64("r=1&p=" + "9" * 5000),
    "%ff%fe",
]
DATES = ["2024-13-45", "0000-00-00", "1" * 10_000 + "-01-01", "0001-01-01", "9999-12-31"]


def hostile_query_strings(objects):
    """Hostile query strings: every parameter with every value, and repetitions."""
    hidden = [objects["hidden_person"].slug, objects["hidden_event"].slug]
    meaning = {
        "page": PAGE_NUMBERS,
        "p": PAGE_NUMBERS,
        "after": CURSORS,
        "before": CURSORS,
        "cursor": CURSORS + API_CURSORS,
        "date_from": DATES,
        "date_to": DATES,
        "person": ["no-such-slug", *hidden],
        "event": ["no-such-slug", *hidden],
        "organization": ["no-such-slug", objects["person"].slug],
        "place": ["no-such-slug", objects["person"].slug],
        # The words of what is hidden (not the whole names, which a page may echo).
        "q": [quote("я" * 100_000), quote("!&|:*()'\\"), *map(quote, HIDDEN_WORDS)],
        "format": ["xml", "api", "json", "openapi"],
        "lang": ["xx", "ru"],
    }
    queries = [f"{name}={value}" for name in meaning for value in ANY_PARAMETER + meaning[name]]
    person, event = objects["person"].slug, objects["event"].slug
    queries += [
        "page=1&page=2&page=abc",
        "q=a&q=b&q=",
        f"person={person}&person=no-such-slug",
        f"person={hidden[0]}&person={person}",
        f"person={person}&event={event}&date_from=2024-13-45&date_to=0000-00-00",
        f"after={CURSORS[0]}&before={CURSORS[2]}",
        "after=&before=",
        f"q=%ff&person={person}&page=99999999999999999999",
        "%ff%fe=%ff%fe",
        "=&&&=&",
        "q",
        "%00=%00",
        "a" * 10_000 + "=1",
        # Searched, so that the page numbers reach search's and the API's paginators.
        *(f"q={quote('переговоры')}&page={number}" for number in PAGE_NUMBERS),
        *(f"q={quote('переговоры')}&date_from={date}" for date in DATES),
    ]
    return queries


def round_robin(values, targets, per_value):
    """Each value with `per_value` of the targets, the next ones round the list each time."""
    return [
        (value, targets[(index * per_value + offset) % len(targets)])
        for index, value in enumerate(values)
        for offset in range(per_value)
    ]


def hostile_urls(objects, *, whole):
    """Every public URL as it is, then with hostile query strings and slugs: all of
    them (`whole`), or a fixed sample of them."""
    urls = public_urls(objects)
    queries = hostile_query_strings(objects)
    slugged = slugged_urls(objects)
    if whole:
        queried = [(query, url) for query in queries for url in urls]
        reslugged = [(hostile, each) for hostile in HOSTILE_SLUGS for each in slugged]
    else:
        # Each query string on four URLs, the next four for the next one: a parameter's
        # values (a dozen or more) go round every URL. Each hostile slug on two routes.
        queried = round_robin(queries, urls, 4)
        reslugged = round_robin(HOSTILE_SLUGS, slugged, 2)
    return [
        *urls,
        *(f"{url}?{query}" for query, url in queried),
        *(url.replace(f"/{slug}/", f"/{hostile}/") for hostile, (url, slug) in reslugged),
    ]


def assert_answered_safely(client, urls):
    """Each URL answers 200, 400 or 404 and shows nothing the public may not see."""
    client.raise_request_exception = False
    failures = []
    for url in urls:
        # Followed: /articles/?q= sends the search to /search/, by design.
        response = client.get(url, follow=True)
        shown = [text for text in HIDDEN_TEXTS if text.encode() in response.content]
        if response.status_code not in ALLOWED or shown:
            failures.append((url[:120], response.status_code, shown))
    print(f"{len(urls)} hostile URLs tried")
    assert failures == [], "\n".join(map(repr, failures))


def test_public_urls_survive_hostile_query_strings_and_slugs(client, newsroom):
    assert_answered_safely(client, hostile_urls(newsroom, whole=False))


@pytest.mark.fuzz
@pytest.mark.skipif(
    os.environ.get("HYPOTHESIS_PROFILE") != "fuzz",
    reason="the long campaign: HYPOTHESIS_PROFILE=fuzz (every run tries a sample)",
)
def test_public_urls_survive_every_hostile_query_string_and_slug(client, newsroom):
    assert_answered_safely(client, hostile_urls(newsroom, whole=True))


@pytest.mark.parametrize(
    "values",
    [
        # No UTC equivalent: the database adapter would overflow.
        '["9999-12-31T23:59:59-14:00", 1]',
        '["0001-01-01T00:00:00+14:00", 1]',
        # Naive: cursor_for() writes none, and year 1 overflows in the site's zone.
        '["0001-01-01T00:00:00", 1]',
        '["2024-01-01", 1]',
    ],
)
def test_a_page_position_with_a_time_the_database_cannot_take_is_a_404(client, values):
    make_article()
    for parameter in ("after", "before"):
        assert client.get("/articles/", {parameter: b64(values)}).status_code == 404


@pytest.mark.parametrize(
    "query", ["p=abc", "p=", "p=%00", "p=9999-12-31T23:59:59-14:00", "p=2024-01-01T00:00:00"]
)
def test_an_api_cursor_whose_position_is_no_time_is_a_404(client, query):
    make_article()
    response = client.get("/api/articles/", {"cursor": b64(query)})
    assert response.status_code == 404
    # DRF's own answer to a cursor it cannot read.
    malformed = client.get("/api/articles/", {"cursor": "not-a-cursor"})
    assert json.loads(response.content) == json.loads(malformed.content)


def test_an_api_cursor_from_the_api_itself_still_works(client):
    for hours in range(25):
        make_article(published_at=timezone.now() - timedelta(hours=hours + 1))
    first = json.loads(client.get("/api/articles/").content)
    second = json.loads(client.get(first["next"]).content)
    assert [len(first["results"]), len(second["results"])] == [20, 5]


@pytest.mark.parametrize("slug", ["%00", "a%00b", "a.b", "%ff"])
def test_an_api_address_with_no_slug_in_it_is_a_404(client, slug):
    article = make_article()
    link(article, make_person("Нурсултан Назарбаев"))
    for kind in ("articles", "persons", "events", "organizations", "places"):
        assert client.get(f"/api/{kind}/{slug}/").status_code == 404
