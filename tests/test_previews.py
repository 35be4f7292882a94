"""Previews of unpublished articles: for the staff who may change them, and through
links sent to someone without an account, which expire and can be revoked; never
indexed, never cached."""

import re
import time
from datetime import timedelta
from unittest.mock import patch

import pytest
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from articles import previews
from articles.models import Article, ArticleAuthor, Author, PreviewLink, Rubric, Tag

from .factories import logged_in, make_article, make_scheduled, make_user, object_url

pytestmark = pytest.mark.django_db

TITLE = "Черновик о саммите ШОС"


def ui(text, **values):
    with translation.override("ru"):
        return translation.gettext(text) % values if values else translation.gettext(text)


def banner(html):
    found = re.search(r'<p class="preview-banner" role="status">(.*?)</p>', html)
    return found.group(1) if found else None


def assert_private_preview(response):
    assert response.status_code == 200
    assert response["Cache-Control"].split(", ") == [
        "max-age=0",
        "no-cache",
        "no-store",
        "must-revalidate",
        "private",
    ]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert not response.has_header("ETag")
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


@pytest.fixture
def draft():
    return make_article(title=TITLE, status=Article.Status.DRAFT, published_at=None)


@pytest.fixture
def editor():
    return make_user("editor", "Редактор")


@pytest.fixture
def author():
    return make_user("author", "Автор")


# Staff


@pytest.mark.parametrize("role", ["Редактор", "Автор"])
def test_staff_who_may_change_articles_see_a_draft_with_its_banner(draft, role):
    client = logged_in(make_user("someone", role))

    response = client.get(previews.staff_path(draft))

    assert_private_preview(response)
    html = response.content.decode()
    assert banner(html) == ui("Draft: this page is not published.")
    assert f"<h1>{TITLE}</h1>" in html
    # The public address stays closed, for staff too.
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_scheduled_article_says_when_it_comes_out():
    article = make_scheduled(title="Позже")
    client = logged_in(make_user("editor", "Редактор"))

    html = client.get(previews.staff_path(article)).content.decode()

    with translation.override("ru"):
        when = formats.date_format(timezone.localtime(article.published_at), "j E Y, H:i")
        expected = translation.gettext("Scheduled for %(when)s: not public until then.") % {
            "when": when
        }
    assert banner(html) == expected


def test_the_staff_preview_asks_for_a_login_and_refuses_staff_without_a_role(draft):
    anonymous = Client().get(previews.staff_path(draft))
    no_role = logged_in(make_user("staff")).get(previews.staff_path(draft))
    missing = logged_in(make_user("editor", "Редактор")).get(
        reverse("preview_article", kwargs={"pk": draft.pk + 1000})
    )

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("admin:login"))
    assert (no_role.status_code, missing.status_code) == (404, 404)


def test_view_on_site_opens_the_preview_of_a_draft_and_the_page_of_a_published_one(draft, editor):
    client = logged_in(editor)
    published = make_article(title="Опубликованная")

    draft_form = client.get(object_url(draft, "change")).content.decode()
    published_form = client.get(object_url(published, "change")).content.decode()

    assert re.findall(r'<a href="([^"]+)" class="viewsitelink">', draft_form) == [
        previews.staff_path(draft)
    ]
    assert re.findall(r'<a href="([^"]+)" class="viewsitelink">', published_form) == [
        published.get_absolute_url()
    ]


# Links


def make_link(client, article):
    response = client.post(
        reverse("admin:articles_article_preview_links", args=[article.pk]),
        {"make_preview_link": "1"},
        follow=True,
    )
    (message,) = [str(m) for m in response.context["messages"]]
    return re.search(r"http://testserver(/preview/[^ ]+/)", message).group(1), message


def test_an_editor_makes_a_link_that_works_without_an_account(draft, editor):
    path, _message = make_link(logged_in(editor), draft)

    link = PreviewLink.objects.get()
    assert (link.article, link.created_by) == (draft, editor)
    assert link.expires_at - link.created_at == timedelta(hours=48)
    assert path == previews.link_path(link)
    response = Client().get(path)
    assert_private_preview(response)
    assert banner(response.content.decode()) == ui("Draft: this page is not published.")
    # The form lists it, with its revoke button.
    form = logged_in(editor).get(object_url(draft, "change")).content.decode()
    assert f'<a href="{path}">' in form
    assert f'name="revoke_preview_link" value="{link.pk}"' in form


def test_a_revoked_link_shows_nothing_even_after_it_was_seen_with_the_page_cache_on(
    draft, editor, settings
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 600
    client = logged_in(editor)
    path, _message = make_link(client, draft)
    assert Client().get(path).status_code == 200

    client.post(
        reverse("admin:articles_article_preview_links", args=[draft.pk]),
        {"revoke_preview_link": str(PreviewLink.objects.get().pk)},
    )

    assert PreviewLink.objects.get().revoked_at is not None
    assert Client().get(path).status_code == 404


def test_an_expired_a_forged_and_a_deleted_articles_link_show_nothing(draft, editor):
    path, _message = make_link(logged_in(editor), draft)
    link = PreviewLink.objects.get()
    other = make_article(title="Другой черновик", status=Article.Status.DRAFT)

    PreviewLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
    expired = Client().get(path)
    PreviewLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() + timedelta(hours=1))
    forged = Client().get(reverse("preview_link", kwargs={"token": f"{link.pk}:forged"}))
    unsigned = Client().get(
        reverse("preview_link", kwargs={"token": signing.Signer(salt="other").sign_object(link.pk)})
    )
    assert Client().get(path).status_code == 200
    draft.delete()
    deleted = Client().get(path)

    assert [r.status_code for r in (expired, forged, unsigned, deleted)] == [404] * 4
    assert Client().get(previews.staff_path(other)).status_code == 302


def test_an_author_makes_links_to_drafts_but_not_to_a_published_article(author):
    client = logged_in(author)
    draft = make_article(title=TITLE, status=Article.Status.DRAFT, published_at=None)
    published = make_article(title="Опубликованная")

    make_link(client, draft)
    refused = client.post(
        reverse("admin:articles_article_preview_links", args=[published.pk]),
        {"make_preview_link": "1"},
    )

    assert refused.status_code == 403
    assert list(PreviewLink.objects.values_list("article__title", flat=True)) == [TITLE]


def test_staff_without_a_role_may_not_make_links_and_nobody_gets_them_by_get(draft, editor):
    url = reverse("admin:articles_article_preview_links", args=[draft.pk])

    refused = logged_in(make_user("staff")).post(url, {"make_preview_link": "1"})
    by_get = logged_in(editor).get(url)

    assert (refused.status_code, by_get.status_code) == (403, 405)
    assert PreviewLink.objects.count() == 0


def test_previews_stay_out_of_robots_txt_crawling(client):
    assert "Disallow: /preview/" in client.get("/robots.txt").content.decode()


def test_a_links_address_is_the_same_each_time_it_is_shown(draft, editor):
    path, _message = make_link(logged_in(editor), draft)
    link = PreviewLink.objects.get()

    with patch("time.time", return_value=time.time() + 3600):
        assert previews.link_path(link) == path


def test_a_preview_shows_the_rubric_byline_and_tags_in_as_many_queries_however_many(editor):
    client = logged_in(editor)
    rubric = Rubric.objects.create(name="Экономика")
    plain = make_article(title="Без тегов", status=Article.Status.REVIEW, rubric=rubric)
    full = make_article(title="С тегами", status=Article.Status.REVIEW, rubric=rubric)
    for number in range(3):
        author = Author.objects.create(name=f"Автор {number}")
        ArticleAuthor.objects.create(article=full, author=author, position=number)
        full.tags.add(Tag.objects.create(name=f"Тег {number}"))
    client.get(previews.staff_path(plain))  # the session and the content version, read once

    queries = []
    for article in (plain, full):
        with CaptureQueriesContext(connection) as captured:
            page = client.get(previews.staff_path(article)).content.decode()
        queries.append(len(captured))
    assert queries[0] == queries[1]
    assert "Экономика" in page
    assert "Автор 2" in page
    assert "Тег 2" in page
