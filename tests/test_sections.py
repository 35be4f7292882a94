"""The reader's side of rubrics, tags and authors: their pages, feeds and sitemap
sections, the header's rubrics, the article page's breadcrumbs, byline and tags, their
JSON-LD and the API's fields; and that none of it tells of an article not yet public."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import feedparser
import pytest
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, Rubric, Tag

from .factories import link, make_article, make_hidden_articles, make_image, make_person
from .servers import empty_cache

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
EMPTY_RUBRIC = "В этой рубрике пока нет опубликованных статей."


def at(day, hour=10):
    return datetime(2024, 9, day, hour, 0, tzinfo=UTC)


def make_rubric(name, **fields):
    return Rubric.objects.create(name=name, **fields)


def make_tag(name):
    return Tag.objects.create(name=name)


def make_author(name, **fields):
    return Author.objects.create(name=name, **fields)


def sign(article, *authors):
    """Puts `authors` on the article's byline, in this order."""
    for position, author in enumerate(authors):
        ArticleAuthor.objects.create(article=article, author=author, position=position)


def titles(response):
    assert response.status_code == 200
    return [article.title for article in response.context["articles"]]


def main(response):
    """The page's <main>, where the header's rubric menu is not."""
    return response.content.decode().split('<main id="content"', 1)[1]


def json_ld(response):
    return [json.loads(text) for text in JSON_LD.findall(response.content.decode())]


def crumbs(*trail):
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": f"{BASE}{path}"}
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def parse_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return feedparser.parse(response.content)


def sitemap(client, name):
    response = client.get(f"/sitemap-{name}.xml")
    assert response.status_code == 200
    return {
        entry.findtext("sm:loc", namespaces=SITEMAP): entry.findtext(
            "sm:lastmod", namespaces=SITEMAP
        )
        for entry in ET.fromstring(response.content).findall("sm:url", SITEMAP)
    }


@pytest.fixture
def economy():
    """The rubric «Экономика» with two public articles (tagged «Инфляция», one signed by
    Айгерим Сейткали), another rubric's article, and the hidden articles, in «Экономика»,
    with the same tag and author."""
    rubric = make_rubric("Экономика", description="Деньги, цены и рынки.")
    tag = make_tag("Инфляция")
    author = make_author("Айгерим Сейткали", bio="Пишет об экономике.")
    older = make_article(title="Цены выросли", rubric=rubric, published_at=at(1))
    newer = make_article(title="Нацбанк поднял ставку", rubric=rubric, published_at=at(2))
    other = make_article(title="Выборы в маслихат", rubric=make_rubric("Политика"))
    for article in (older, newer):
        article.tags.add(tag)
    sign(newer, author)
    hidden = make_hidden_articles()
    for article in hidden:
        Article.objects.filter(pk=article.pk).update(rubric=rubric)
        article.tags.add(tag)
        sign(article, author)
    return {
        "rubric": rubric,
        "tag": tag,
        "author": author,
        "articles": (newer, older),
        "other": other,
        "hidden": hidden,
    }


# Pages


def test_rubric_page_lists_its_public_articles_newest_first(client, economy):
    response = client.get("/rubrics/ekonomika/")

    assert titles(response) == ["Нацбанк поднял ставку", "Цены выросли"]
    html = main(response)
    assert "<h1>Экономика</h1>" in html
    assert '<p class="description">Деньги, цены и рынки.</p>' in html
    for hidden in economy["hidden"]:
        assert hidden.title not in response.content.decode()


def test_tag_page_lists_the_public_articles_with_the_tag(client, economy):
    response = client.get("/tags/infliatsiia/")

    assert titles(response) == ["Нацбанк поднял ставку", "Цены выросли"]
    assert "<h1>Статьи с тегом «Инфляция»</h1>" in main(response)
    assert "<title>Статьи с тегом «Инфляция» — Newsroom</title>" in response.content.decode()


def test_author_page_shows_the_name_photo_bio_and_public_articles(client, economy):
    author = economy["author"]
    author.photo = make_image(alt="Айгерим Сейткали в редакции")
    author.save()

    response = client.get("/authors/aigerim-seitkali/")

    assert titles(response) == ["Нацбанк поднял ставку"]
    html = main(response)
    assert "<h1>Айгерим Сейткали</h1>" in html
    assert '<div class="description"><p>Пишет об экономике.</p></div>' in html
    assert '<figure class="entity-image"><picture>' in html
    assert 'alt="Айгерим Сейткали в редакции"' in html


def test_section_pages_are_paginated_by_position(client):
    rubric = make_rubric("Экономика")
    for hour in range(21):
        make_article(title=f"Статья {hour}", rubric=rubric, published_at=at(1, hour))

    first = client.get("/rubrics/ekonomika/")
    second = client.get("/rubrics/ekonomika/", {"after": first.context["page_obj"].next_cursor})

    assert titles(first) == [f"Статья {hour}" for hour in range(20, 0, -1)]
    assert titles(second) == ["Статья 0"]


def test_an_empty_rubric_has_a_page_that_says_so(client, economy):
    make_rubric("Спорт")

    response = client.get("/rubrics/sport/")

    assert titles(response) == []
    assert f"<p>{EMPTY_RUBRIC}</p>" in main(response)


def test_a_rubric_of_hidden_articles_only_shows_none_of_them(client):
    rubric = make_rubric("Спорт")
    for article in make_hidden_articles():
        Article.objects.filter(pk=article.pk).update(rubric=rubric)

    response = client.get("/rubrics/sport/")

    assert titles(response) == []
    assert EMPTY_RUBRIC in main(response)


@pytest.mark.parametrize("prefix", ["rubrics", "tags", "authors"])
def test_an_unknown_slug_is_a_404(client, prefix):
    make_article()
    assert client.get(f"/{prefix}/no-such-slug/").status_code == 404
    assert client.get(f"/feeds/{prefix}/no-such-slug/rss/").status_code == 404


def test_a_tag_or_author_of_hidden_articles_only_has_no_page_and_no_feed(client):
    tag = make_tag("Секретные переговоры")
    author = make_author("Тайный Автор")
    unused_tag = make_tag("Ничей тег")
    make_author("Автор без статей")
    for article in make_hidden_articles():
        article.tags.add(tag)
        sign(article, author)

    for url in [
        tag.get_absolute_url(),
        author.get_absolute_url(),
        unused_tag.get_absolute_url(),
        "/authors/avtor-bez-statei/",
        f"/feeds/tags/{tag.slug}/rss/",
        f"/feeds/tags/{tag.slug}/atom/",
        f"/feeds/authors/{author.slug}/rss/",
        f"/feeds/authors/{author.slug}/atom/",
    ]:
        assert client.get(url).status_code == 404, url
    assert sitemap(client, "tags") == {}
    assert sitemap(client, "authors") == {}


def test_a_tag_and_an_author_get_their_page_once_an_article_of_theirs_is_public(client):
    tag = make_tag("Инфляция")
    author = make_author("Айгерим Сейткали")
    draft = make_article(title="Черновик о ценах", status=Article.Status.DRAFT, published_at=None)
    draft.tags.add(tag)
    sign(draft, author)
    assert client.get("/tags/infliatsiia/").status_code == 404

    draft.status = Article.Status.PUBLISHED
    draft.save()

    assert titles(client.get("/tags/infliatsiia/")) == ["Черновик о ценах"]
    assert titles(client.get("/authors/aigerim-seitkali/")) == ["Черновик о ценах"]


@pytest.mark.parametrize("count", [1, 20])
@pytest.mark.parametrize("url", ["/rubrics/ekonomika/", "/tags/infliatsiia/", "/authors/avtor/"])
def test_section_page_queries_do_not_grow_with_the_page(
    client, django_assert_num_queries, count, url
):
    rubric, tag, author = make_rubric("Экономика"), make_tag("Инфляция"), make_author("Автор")
    for _ in range(count):
        article = make_article(rubric=rubric, lead_image=make_image(width=400, height=300))
        article.tags.add(tag)
        sign(article, author)
    # The content version, the rubric, tag or author (with the photo), the page rows with
    # their lead images and rubrics (by position: no count), the header's rubrics.
    with django_assert_num_queries(4):
        assert len(titles(client.get(url))) == count


# Cards and the header


def test_cards_name_the_rubric_except_on_the_rubrics_own_page(client, economy):
    rubric_link = '<a class="rubric" href="/rubrics/ekonomika/">Экономика</a>'

    assert main(client.get("/articles/")).count(rubric_link) == 2
    assert main(client.get("/tags/infliatsiia/")).count(rubric_link) == 2
    assert rubric_link not in main(client.get("/rubrics/ekonomika/"))


def test_the_header_lists_the_rubrics_in_their_order_and_marks_the_current_one(client):
    make_rubric("Экономика", position=2)
    make_rubric("Спорт", position=1)
    make_rubric("Политика", position=1)

    html = client.get("/rubrics/sport/").content.decode()

    menu = re.search(r'<nav class="rubric-menu" aria-label="Рубрики">(.*?)</nav>', html, re.DOTALL)
    assert re.findall(r"<li>(.*?)</li>", menu.group(1)) == [
        '<a href="/rubrics/politika/">Политика</a>',
        '<a href="/rubrics/sport/" aria-current="page">Спорт</a>',
        '<a href="/rubrics/ekonomika/">Экономика</a>',
    ]
    # The main menu is still there.
    assert '<li><a href="/articles/">Статьи</a></li>' in html


# The article page


def test_article_page_shows_breadcrumbs_rubric_byline_tags_and_photo_credit(client):
    rubric = make_rubric("Экономика")
    article = make_article(title="Цены выросли", rubric=rubric, credit="Reuters")
    sign(article, make_author("Иван Петров"), make_author("Айгерим Сейткали"))
    article.tags.add(make_tag("Цены"), make_tag("Инфляция"))

    html = main(client.get(article.get_absolute_url()))

    assert (
        '<nav class="breadcrumbs" aria-label="Навигационная цепочка">\n  <ol>\n'
        '    <li><a href="/">Главная</a></li>\n'
        '    <li><a href="/rubrics/ekonomika/">Экономика</a></li>\n'
        '    <li aria-current="page">Цены выросли</li>\n  </ol>\n</nav>'
    ) in html
    assert '<a class="rubric" href="/rubrics/ekonomika/">Экономика</a>' in html
    # The byline in its order, not the names'.
    assert (
        '<span class="byline">Авторы: '
        '<a href="/authors/ivan-petrov/" rel="author">Иван Петров</a>, '
        '<a href="/authors/aigerim-seitkali/" rel="author">Айгерим Сейткали</a></span>'
    ) in html
    assert re.findall(r'<a href="(/tags/[^"]+)" rel="tag">([^<]+)</a>', html) == [
        ("/tags/infliatsiia/", "Инфляция"),
        ("/tags/tseny/", "Цены"),
    ]
    assert '<h2 id="tags-heading">Теги</h2>' in html
    assert '<p class="credit">Фото: Reuters</p>' in html
    # The tags come at the end, after the body.
    assert html.index("Второй абзац.") < html.index('id="tags-heading"')


def test_article_page_with_one_author_no_tags_and_no_credit(client):
    article = make_article()
    sign(article, make_author("Айгерим Сейткали"))

    html = main(client.get(article.get_absolute_url()))

    assert '<span class="byline">Автор: <a href="/authors/aigerim-seitkali/"' in html
    assert "tags-heading" not in html
    assert "Фото:" not in html


@pytest.mark.parametrize("count", [1, 5])
def test_article_page_queries_do_not_grow_with_its_tags_and_authors(
    client, django_assert_num_queries, count
):
    article = make_article(rubric=make_rubric("Экономика"))
    sign(article, *(make_author(f"Автор {number}") for number in range(count)))
    article.tags.add(*(make_tag(f"Тег {number}") for number in range(count)))
    # The content version, the article with its rubric, its four kinds of links, its byline
    # with the authors, its tags, the header's rubrics.
    with django_assert_num_queries(9):
        html = client.get(article.get_absolute_url()).content.decode()
    assert html.count('rel="author"') == count
    assert html.count('rel="tag"') == count


# JSON-LD


def test_news_article_names_the_byline_the_rubric_and_the_tags(client):
    article = make_article(
        title="Цены выросли", rubric=make_rubric("Экономика"), source="Kapital.kz"
    )
    sign(article, make_author("Иван Петров"), make_author("Айгерим Сейткали"))
    article.tags.add(make_tag("Цены"), make_tag("Инфляция"))

    news_article, breadcrumbs = json_ld(client.get(article.get_absolute_url()))

    # The byline wins over the source.
    assert news_article["author"] == [
        {"@type": "Person", "name": "Иван Петров", "url": f"{BASE}/authors/ivan-petrov/"},
        {"@type": "Person", "name": "Айгерим Сейткали", "url": f"{BASE}/authors/aigerim-seitkali/"},
    ]
    assert news_article["articleSection"] == "Экономика"
    assert news_article["keywords"] == ["Инфляция", "Цены"]
    assert breadcrumbs == crumbs(
        ("Newsroom", "/"),
        ("Экономика", "/rubrics/ekonomika/"),
        ("Цены выросли", article.get_absolute_url()),
    )


def test_news_article_without_a_byline_is_the_sources(client):
    article = make_article(source="Kapital.kz")
    news_article, _ = json_ld(client.get(article.get_absolute_url()))
    assert news_article["author"] == {"@type": "Organization", "name": "Kapital.kz"}
    assert "keywords" not in news_article


def test_rubric_and_tag_pages_have_their_breadcrumbs_only(client, economy):
    assert json_ld(client.get("/rubrics/ekonomika/")) == [
        crumbs(("Newsroom", "/"), ("Экономика", "/rubrics/ekonomika/"))
    ]
    assert json_ld(client.get("/tags/infliatsiia/")) == [
        crumbs(("Newsroom", "/"), ("Инфляция", "/tags/infliatsiia/"))
    ]
    html = main(client.get("/tags/infliatsiia/"))
    assert '<li><a href="/">Главная</a></li>\n    <li aria-current="page">Инфляция</li>' in html


def test_author_page_describes_the_person(client, economy):
    person, breadcrumbs = json_ld(client.get("/authors/aigerim-seitkali/"))

    assert person == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Айгерим Сейткали",
        "description": "Пишет об экономике.",
        "url": f"{BASE}/authors/aigerim-seitkali/",
    }
    assert breadcrumbs == crumbs(
        ("Newsroom", "/"), ("Айгерим Сейткали", "/authors/aigerim-seitkali/")
    )


# Feeds


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_section_feeds_give_the_sections_public_articles(client, economy, kind):
    expected = {
        "/feeds/rubrics/ekonomika/": (
            "Экономика — Newsroom",
            "Деньги, цены и рынки.",
            ["Нацбанк поднял ставку", "Цены выросли"],
        ),
        "/feeds/tags/infliatsiia/": (
            "Статьи с тегом «Инфляция» — Newsroom",
            "Статьи с тегом «Инфляция».",
            ["Нацбанк поднял ставку", "Цены выросли"],
        ),
        "/feeds/authors/aigerim-seitkali/": (
            "Статьи автора: Айгерим Сейткали — Newsroom",
            "Пишет об экономике.",
            ["Нацбанк поднял ставку"],
        ),
    }
    for url, (title, description, entries) in expected.items():
        feed = parse_feed(client, f"{url}{kind}/")
        assert (feed.feed.title, feed.feed.subtitle) == (title, description), url
        assert [entry.title for entry in feed.entries] == entries, url
        assert feed.feed.link == f"{BASE}{url.removeprefix('/feeds')}"


def test_a_rubric_without_articles_has_an_empty_feed(client):
    make_rubric("Спорт")
    feed = parse_feed(client, "/feeds/rubrics/sport/rss/")
    assert (feed.feed.title, feed.feed.subtitle) == ("Спорт — Newsroom", "Статьи рубрики «Спорт».")
    assert feed.entries == []


def test_feed_items_name_the_byline_and_give_the_rubric_and_tags_as_categories(client):
    signed = make_article(title="С авторами", rubric=make_rubric("Экономика"), source="Kapital.kz")
    sign(signed, make_author("Иван Петров"), make_author("Айгерим Сейткали"))
    signed.tags.add(make_tag("Цены"), make_tag("Инфляция"))
    make_article(title="Без авторов", source="Kapital.kz")

    for url in ["/feeds/articles/rss/", "/feeds/articles/atom/"]:
        entries = {entry.title: entry for entry in parse_feed(client, url).entries}
        assert entries["С авторами"].author == "Иван Петров, Айгерим Сейткали"
        assert [tag.term for tag in entries["С авторами"].tags] == ["Экономика", "Инфляция", "Цены"]
        # No byline: the source, as before; the default rubric.
        assert entries["Без авторов"].author == "Kapital.kz"
        assert [tag.term for tag in entries["Без авторов"].tags] == ["Новости"]
    rss = client.get("/feeds/articles/rss/").content.decode()
    assert (
        "<category>Экономика</category><category>Инфляция</category><category>Цены</category>"
        in rss
    )


def test_a_tag_of_hidden_articles_is_no_feed_item_category(client):
    public = make_article(title="Открытая")
    hidden = make_hidden_articles()
    tag = make_tag("Секретные переговоры")
    for article in hidden:
        article.tags.add(tag)
    assert public.tags.count() == 0

    for url in ["/feeds/articles/rss/", "/feeds/articles/atom/", "/feeds/rubrics/novosti/rss/"]:
        content = client.get(url).content.decode()
        assert "Секретные переговоры" not in content, url
        for article in hidden:
            assert article.title not in content, url


@pytest.mark.parametrize("count", [1, 20])
def test_section_feed_queries_do_not_grow_with_the_articles(
    client, django_assert_num_queries, count
):
    tag = make_tag("Инфляция")
    for number in range(count):
        article = make_article()
        article.tags.add(tag, make_tag(f"Тег {number}"))
        sign(article, make_author(f"Автор {number}"))
    # The content version, the tag, then its articles with their rubrics, their bylines with
    # the authors, their tags.
    with django_assert_num_queries(5):
        assert len(parse_feed(client, "/feeds/tags/infliatsiia/atom/").entries) == count


# Sitemaps


def test_sitemap_sections_list_every_rubric_and_the_used_tags_and_authors(client, economy):
    Article.objects.filter(pk=economy["articles"][0].pk).update(updated_at=at(5))
    Article.objects.filter(pk=economy["articles"][1].pk).update(updated_at=at(3))
    Article.objects.filter(pk=economy["other"].pk).update(updated_at=at(4))
    # Updated later than any public article: a hidden article's change is not the page's.
    Article.objects.filter(pk__in=[a.pk for a in economy["hidden"]]).update(updated_at=at(20))
    make_rubric("Спорт")
    make_tag("Ничей тег")
    make_author("Автор без статей")

    assert sitemap(client, "rubrics") == {
        f"{BASE}/rubrics/ekonomika/": "2024-09-05",
        f"{BASE}/rubrics/politika/": "2024-09-04",
        # Rubrics with no public article have a page, with no change to tell: the default
        # one (the hidden articles were made in it) and an empty one.
        f"{BASE}/rubrics/novosti/": None,
        f"{BASE}/rubrics/sport/": None,
    }
    assert sitemap(client, "tags") == {f"{BASE}/tags/infliatsiia/": "2024-09-05"}
    assert sitemap(client, "authors") == {f"{BASE}/authors/aigerim-seitkali/": "2024-09-05"}


# The API


def test_api_articles_give_their_authors_in_byline_order_and_their_tags(client):
    article = make_article(title="Цены выросли")
    sign(article, make_author("Иван Петров"), make_author("Айгерим Сейткали"))
    article.tags.add(make_tag("Цены"), make_tag("Инфляция"))
    link(article, make_person("Нурсултан Назарбаев"))

    detail = client.get(f"/api/articles/{article.slug}/").json()
    (summary,) = client.get("/api/articles/").json()["results"]

    for data in (detail, summary):
        assert data["authors"] == [
            {
                "slug": "ivan-petrov",
                "name": "Иван Петров",
                "page_url": f"{BASE}/authors/ivan-petrov/",
            },
            {
                "slug": "aigerim-seitkali",
                "name": "Айгерим Сейткали",
                "page_url": f"{BASE}/authors/aigerim-seitkali/",
            },
        ]
        assert data["tags"] == [
            {"slug": "infliatsiia", "name": "Инфляция", "page_url": f"{BASE}/tags/infliatsiia/"},
            {"slug": "tseny", "name": "Цены", "page_url": f"{BASE}/tags/tseny/"},
        ]


# The page cache


@pytest.mark.django_db(transaction=True)
def test_publishing_an_article_puts_it_on_its_rubric_page_at_the_next_request(client, settings):
    # The invalidation commits, as the site does (tests/caching/test_middleware.py).
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 600
    empty_cache()
    rubric = make_rubric("Экономика")
    article = make_article(
        title="Нацбанк поднял ставку", rubric=rubric, status=Article.Status.DRAFT, published_at=None
    )
    before = client.get("/rubrics/ekonomika/")
    assert EMPTY_RUBRIC in before.content.decode()
    assert client.get("/rubrics/ekonomika/").content == before.content  # served from the cache

    article.status = Article.Status.PUBLISHED
    article.published_at = timezone.now()
    article.save()

    after = client.get("/rubrics/ekonomika/").content.decode()
    assert "Нацбанк поднял ставку" in after
    assert EMPTY_RUBRIC not in after
    empty_cache()
