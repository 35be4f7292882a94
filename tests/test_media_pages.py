"""Library images on the public pages: the article's lead and body figures, cards,
entity pages, the images pages are shared with, and the renditions Django serves."""

import importlib
import re

import pytest
from django.urls import clear_url_caches
from django.utils import translation
from django.utils.translation import gettext

from articles.models import Article, Image

from .factories import (
    link,
    make_article,
    make_event,
    make_image,
    make_organization,
    make_person,
    make_scheduled,
)
from .test_seo import head, json_ld

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
COLUMN = "(min-width: 46rem) 44rem, calc(100vw - 2rem)"
CARD = "(min-width: 48rem) 12rem, 7.5rem"
ENTITY = "(min-width: 48rem) 14rem, 8rem"
# A 1600 × 900 original: no 1920 rendition, as none is wider than the original.
WIDTHS = {320: 180, 640: 360, 960: 540, 1280: 720}


def url(image, set_name, width, height, extension):
    token = image.renditions["token"]
    return f"/media/images/{token[:2]}/{token}/{set_name}-{width}x{height}.{extension}"


def srcset(image, set_name, extension, sizes):
    return ", ".join(
        f"{url(image, set_name, w, h, extension)} {w}w" for w, h in sorted(sizes.items())
    )


def picture(image, set_name, sizes, *, widths, src, alt, attributes):
    """The <picture> the site prints: AVIF and WebP sources, the JPEG <img>."""
    sources = "".join(
        f'<source type="image/{kind}" srcset="{srcset(image, set_name, ext, widths)}" '
        f'sizes="{sizes}">'
        for kind, ext in [("avif", "avif"), ("webp", "webp")]
    )
    w, h = src
    return (
        f"<picture>{sources}"
        f'<img src="{url(image, set_name, w, h, "jpg")}" '
        f'srcset="{srcset(image, set_name, "jpg", widths)}" sizes="{sizes}" '
        f'width="{w}" height="{h}" alt="{alt}"{attributes}></picture>'
    )


def photo(credit):
    with translation.override("ru"):
        return gettext("Photo: %(credit)s") % {"credit": credit}


def figures(html):
    return re.findall(r"<figure.*?</figure>", html, re.DOTALL)


def not_ready(image):
    Image.objects.filter(pk=image.pk).update(renditions={})
    image.refresh_from_db()
    return image


def figure_html(image_id, alt="", caption=""):
    caption = f'<figcaption class="figure-caption">{caption}</figcaption>' if caption else ""
    return (
        f'<figure class="figure"><img src="/media/x.jpg" alt="{alt}" data-file="{image_id}">'
        f"{caption}</figure>"
    )


# The article page


def test_the_lead_image_is_a_picture_of_the_16x9_set_fetched_first_with_caption_and_credit(
    client,
):
    image = make_image(caption="Площадь Республики", credit="Иван Петров")
    article = make_article(lead_image=image)

    html = client.get(article.get_absolute_url()).content.decode()

    lead = picture(
        image,
        "16x9",
        COLUMN,
        widths=WIDTHS,
        src=(1280, 720),
        alt="Здание акимата на площади",
        attributes="",
    )
    assert figures(html) == [
        f'<figure class="figure lead-figure">{lead}<figcaption>Площадь Республики '
        f'<span class="credit">{photo("Иван Петров")}</span></figcaption></figure>'
    ]
    assert 'loading="lazy"' not in html


def test_a_lead_image_without_caption_or_credit_has_no_figcaption(client):
    image = make_image(credit="")
    html = client.get(make_article(lead_image=image).get_absolute_url()).content.decode()
    (lead,) = figures(html)
    assert "<figcaption" not in lead
    assert lead.endswith("</picture></figure>")


def test_body_figures_come_from_the_library_lazy_with_the_bodys_own_caption(client):
    captioned = make_image(width=1000, height=800, caption="Подпись из библиотеки", credit="")
    with_own_text = make_image(width=1000, height=800, alt="Alt из библиотеки", credit="ТАСС")
    body = (
        "<p>Первый абзац.</p>"
        + figure_html(captioned.pk)
        + "<p>Второй абзац.</p>"
        + figure_html(with_own_text.pk, alt="Alt из текста", caption="Подпись &amp; в тексте")
    )
    article = make_article(body=body)

    html = client.get(article.get_absolute_url()).content.decode()

    full = {320: 256, 640: 512, 960: 768}
    lazy = ' loading="lazy" decoding="async"'
    first = picture(
        captioned, "full", COLUMN, widths=full, src=(960, 768), alt=captioned.alt, attributes=lazy
    )
    second = picture(
        with_own_text, "full", COLUMN, widths=full, src=(960, 768), alt="Alt из текста",
        attributes=lazy,
    )  # fmt: skip
    body_html = re.search(r'<div class="body">(.*?)</div>', html, re.DOTALL).group(1)
    assert body_html.strip() == (
        "<p>Первый абзац.</p>"
        f'<figure class="figure">{first}<figcaption>Подпись из библиотеки</figcaption></figure>'
        "<p>Второй абзац.</p>"
        f'<figure class="figure">{second}<figcaption>Подпись &amp; в тексте '
        f'<span class="credit">{photo("ТАСС")}</span></figcaption></figure>'
    )


def test_a_figure_whose_image_is_missing_or_not_ready_renders_nothing(client):
    pending = not_ready(make_image())
    body = (
        "<p>До.</p>"
        + figure_html(pending.pk, caption="Ещё не готово")
        + figure_html(987654, caption="Удалено")
        + "<p>После.</p>"
    )
    article = make_article(body=body)

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<p>До.</p><p>После.</p>" in html
    assert "<figure" not in html
    assert "Ещё не готово" not in html
    assert "/media/" not in html


def test_a_lead_image_not_ready_is_left_out_and_the_page_shares_the_default(client):
    article = make_article(lead_image=not_ready(make_image()))
    response = client.get(article.get_absolute_url())
    assert "<picture>" not in response.content.decode()
    assert head(response).meta["og:image"] == f"{BASE}/static/img/og-default.png"


@pytest.mark.parametrize("count", [1, 3])
def test_the_figures_images_come_in_one_query(client, django_assert_num_queries, count):
    images = [make_image(width=400, height=300) for _ in range(count)]
    body = "".join(f"<p>Абзац {i}.</p>{figure_html(image.pk)}" for i, image in enumerate(images))
    article = make_article(body=body, lead_image=make_image())
    # The content version, the article with its lead image, its four kinds of links, its
    # byline and tags, the figures' images, the header's rubrics.
    with django_assert_num_queries(10):
        html = client.get(article.get_absolute_url()).content.decode()
    assert html.count("<figure") == count + 1


# Cards


def card(html, title):
    pattern = (
        rf'<article class="card[^"]*">\s*<h2 class="card-title"><a [^>]*>{title}<.*?</article>'
    )
    return re.search(pattern, html, re.DOTALL).group(0)


def test_cards_show_a_small_lazy_16x9_thumbnail_when_the_article_has_an_image(client):
    image = make_image()
    make_article(title="С картинкой", lead_image=image)
    make_article(title="Без картинки")

    html = client.get("/").content.decode()

    thumbnail = picture(
        image,
        "16x9",
        CARD,
        widths={320: 180, 640: 360},
        src=(320, 180),
        alt="Здание акимата на площади",
        attributes=' loading="lazy" decoding="async"',
    )
    with_image = card(html, "С картинкой")
    assert with_image.startswith('<article class="card has-image">')
    assert with_image.endswith(f'<div class="card-image">{thumbnail}</div>\n</article>')
    without = card(html, "Без картинки")
    assert without.startswith('<article class="card">')
    assert "<picture>" not in without
    assert "card-image" not in without


def test_every_list_of_cards_shows_the_thumbnails(client):
    image = make_image()
    person = make_person("Нурсултан Назарбаев")
    event = make_event("Саммит ШОС")
    article = make_article(title="Саммит в Астане", lead_image=image)
    link(article, person, "Президент")
    article.events.add(event)
    thumbnail = url(image, "16x9", 320, 180, "jpg")

    for page in ["/", "/articles/", "/search/?q=саммит", person.get_absolute_url()]:
        html = client.get(page).content.decode()
        assert '<article class="card has-image">' in html, page
        assert f'<img src="{thumbnail}"' in html, page


def test_search_cards_keep_the_marked_title_and_snippet(client):
    make_article(
        title="Саммит в Астане", lead="Главы государств на саммите.", lead_image=make_image()
    )
    html = client.get("/search/", {"q": "саммит"}).content.decode()
    result = re.search(r'<article class="card has-image">.*?</article>', html, re.DOTALL).group(0)
    assert '<a href="/articles/sammit-v-astane/"><mark>Саммит</mark> в Астане</a>' in result
    assert '<p class="lead snippet">Главы государств на <mark>саммите</mark>.' in result


@pytest.mark.parametrize("count", [1, 20])
def test_cards_with_images_take_no_more_queries(client, django_assert_num_queries, count):
    person = make_person("Нурсултан Назарбаев")
    image = make_image()
    for _ in range(count):
        link(make_article(lead_image=image), person, "Президент")
    # As without images (tests/test_views.py): the lead images come with the articles.
    with django_assert_num_queries(3):
        assert client.get("/articles/").content.decode().count("<picture>") == count
    with django_assert_num_queries(8):
        assert client.get("/").content.decode().count("<picture>") == min(count, 10)
    with django_assert_num_queries(9):
        assert client.get(person.get_absolute_url()).content.decode().count("<picture>") == count


# Entity pages


def test_an_entity_page_shows_its_library_image_with_credit(client):
    image = make_image(width=1000, height=800, alt="Логотип ШОС", credit="Пресс-служба")
    organization = make_organization("ШОС", image=image)
    link_article = make_article()
    link_article.organizations.add(organization)

    html = client.get(organization.get_absolute_url()).content.decode()

    portrait = picture(
        image,
        "full",
        ENTITY,
        widths={320: 256, 640: 512},
        src=(320, 256),
        alt="Логотип ШОС",
        attributes=' loading="lazy" decoding="async"',
    )
    assert figures(html) == [
        f'<figure class="entity-image">{portrait}<figcaption>'
        f'<span class="credit">{photo("Пресс-служба")}</span></figcaption></figure>'
    ]


def test_an_event_page_shows_its_image(client):
    image = make_image()
    event = make_event("Саммит ШОС", image=image)
    make_article().events.add(event)
    html = client.get(event.get_absolute_url()).content.decode()
    assert f'<img src="{url(image, "full", 320, 180, "jpg")}"' in html


def test_a_person_page_shows_the_external_photo_when_there_is_no_library_image(client):
    person = make_person("Нурсултан Назарбаев", photo_url="https://example.kz/nazarbaev.jpg")
    link(make_article(), person)

    html = client.get(person.get_absolute_url()).content.decode()

    assert figures(html) == [
        '<figure class="entity-image"><img src="https://example.kz/nazarbaev.jpg" '
        'alt="Нурсултан Назарбаев" referrerpolicy="no-referrer"></figure>'
    ]


def test_a_person_photo_that_is_no_web_address_is_not_shown(client):
    person = make_person("Нурсултан Назарбаев")
    # Written past the model's validation, as the ORM allows.
    type(person).objects.filter(pk=person.pk).update(photo_url="javascript:alert(1)")
    link(make_article(), person)
    html = client.get(person.get_absolute_url()).content.decode()
    assert "javascript:" not in html
    assert "entity-image" not in html


def test_a_library_image_wins_over_the_external_photo(client):
    image = make_image(alt="Портрет")
    person = make_person(
        "Нурсултан Назарбаев", photo_url="https://example.kz/nazarbaev.jpg", image=image
    )
    link(make_article(), person)

    response = client.get(person.get_absolute_url())

    html = response.content.decode()
    assert "example.kz" not in html
    assert f'<img src="{url(image, "full", 320, 180, "jpg")}"' in html
    assert head(response).meta["og:image"] == BASE + url(image, "og", 1200, 630, "jpg")
    data, _ = json_ld(response)
    assert data["image"] == BASE + url(image, "full", 1280, 720, "jpg")


# The image a page is shared with


def test_an_article_with_an_image_is_shared_with_its_og_rendition_as_a_large_card(client):
    image = make_image(alt="Здание акимата")
    article = make_article(lead_image=image)

    meta = head(client.get(article.get_absolute_url())).meta

    og = BASE + url(image, "og", 1200, 630, "jpg")
    assert {key: value for key, value in meta.items() if "image" in key or "card" in key} == {
        "og:image": og,
        "og:image:type": "image/jpeg",
        "og:image:width": "1200",
        "og:image:height": "630",
        "og:image:alt": "Здание акимата",
        "twitter:card": "summary_large_image",
        "twitter:image": og,
        "twitter:image:alt": "Здание акимата",
    }


def test_the_og_image_answers_with_a_jpeg_kept_for_a_year(client):
    image = make_image()
    article = make_article(lead_image=image)
    og = head(client.get(article.get_absolute_url())).meta["og:image"]

    response = client.get(og.removeprefix(BASE))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"


@pytest.mark.parametrize("page", ["article", "/", "/articles/", "/persons/"])
def test_a_page_without_an_image_is_shared_with_the_sites(client, page):
    if page == "article":
        page = make_article().get_absolute_url()

    meta = head(client.get(page)).meta

    default = f"{BASE}/static/img/og-default.png"
    assert {key: value for key, value in meta.items() if "image" in key or "card" in key} == {
        "og:image": default,
        "og:image:type": "image/png",
        "og:image:width": "1200",
        "og:image:height": "630",
        "og:image:alt": "Newsroom",
        "twitter:card": "summary",
        "twitter:image": default,
        "twitter:image:alt": "Newsroom",
    }


# What no reader may see


def test_a_draft_articles_lead_image_appears_on_no_public_page(client):
    secret = make_image(alt="Тайный снимок", credit="Секретный фотограф")
    person = make_person("Нурсултан Назарбаев")
    draft = make_article(title="Саммит: черновик", status=Article.Status.DRAFT, lead_image=secret)
    scheduled = make_scheduled(title="Саммит: позже", lead_image=secret)
    published = make_article(title="Саммит: опубликованная")
    for article in (draft, scheduled, published):
        link(article, person, "Президент")

    listing = [
        "/",
        "/articles/",
        "/search/?q=саммит",
        person.get_absolute_url(),
        "/feeds/articles/rss/",
        "/feeds/articles/atom/",
        f"/feeds/persons/{person.slug}/rss/",
        "/api/articles/",
        "/api/articles/?q=саммит",
    ]
    others = [published.get_absolute_url(), f"/api/persons/{person.slug}/", "/sitemap-articles.xml"]
    for page in listing + others:
        response = client.get(page)
        assert response.status_code == 200, page
        content = response.content.decode()
        if page in listing:
            assert "опубликованная" in content, page
        assert secret.renditions["token"] not in content, page
        assert "Тайный снимок" not in content, page
        assert "Секретный фотограф" not in content, page
    for hidden in (draft, scheduled):
        assert client.get(hidden.get_absolute_url()).status_code == 404


# Serving the renditions


def test_only_renditions_are_served_from_media(client, settings):
    image = make_image()
    with open(f"{settings.MEDIA_ROOT}/secret.jpg", "wb") as secret:
        secret.write(b"\xff\xd8\xff not a rendition")

    for extension, media_type in [("avif", "image/avif"), ("webp", "image/webp")]:
        response = client.get(url(image, "16x9", 320, 180, extension))
        assert response.status_code == 200
        assert response["Content-Type"] == media_type

    token = image.renditions["token"]
    for path in [
        "/media/secret.jpg",
        f"/media/images/{token[:2]}/../../secret.jpg",
        "/media/images/%2e%2e/secret.jpg",
        f"/media/images/{token[:2]}/{token}/",
        f"/media/images/{token[:2]}/{token}/missing.jpg",
        f"/media/{image.file.name}",
        # Names no file system takes.
        f"/media/images/{'x' * 5000}.jpg",
        "/media/images/a%00b.jpg",
    ]:
        assert client.get(path).status_code == 404, path[:100]


def test_renditions_are_never_kept_in_the_page_cache(client, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 600
    path = url(make_image(), "og", 1200, 630, "jpg")

    response = client.get(path)

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert not response.has_header("ETag")


@pytest.fixture
def urls_without_media(settings):
    import newsroom.urls

    settings.NEWSROOM_SERVE_MEDIA = False
    clear_url_caches()
    importlib.reload(newsroom.urls)
    yield
    settings.NEWSROOM_SERVE_MEDIA = True
    importlib.reload(newsroom.urls)
    clear_url_caches()


def test_media_are_not_served_when_the_setting_is_off(client, urls_without_media):
    image = make_image()
    assert client.get(url(image, "og", 1200, 630, "jpg")).status_code == 404


def test_an_images_texts_are_escaped_wherever_they_show(client):
    payload = '"><script>alert(1)</script>'
    image = make_image(alt=f"alt{payload}", caption=f"caption{payload}", credit=f"credit{payload}")
    figure = make_image(alt=f"figure{payload}")
    article = make_article(body=f"<p>Текст.</p>{figure_html(figure.pk)}", lead_image=image)

    for page in [article.get_absolute_url(), "/"]:
        content = client.get(page).content.decode()
        assert "<script>alert(1)" not in content, page
        assert 'alt="alt&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in content, page
    for feed in ["/feeds/articles/rss/", "/feeds/articles/atom/"]:
        # Escaped as HTML, then as XML.
        content = client.get(feed).content.decode()
        assert "<script>alert(1)" not in content, feed
        assert "&amp;lt;script&amp;gt;alert(1)" in content, feed
    data = client.get(f"/api/articles/{article.slug}/").json()
    assert data["lead_image"]["alt"] == f"alt{payload}"
    assert 'alt="figure&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in data["body_html"]
