"""The revision history's views under the role rules (articles/admin/permissions.py, reverting.py).

The first tests replay, request for request, the three privilege escalations an
author («Автор») once had through django-reversion's recover and revision views.
"""

import re

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, ArticleEvent, ArticlePerson, Event, ReviewStatus

from ..factories import (
    article_data,
    article_form,
    editor,
    link,
    logged_in,
    make_article,
    make_event,
    make_person,
    make_user,
    object_url,
    with_person_link,
)

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def author():
    """A logged-in author whose requests are checked for CSRF, as a browser's are."""
    return logged_in(make_user("author", "Автор"), enforce_csrf_checks=True)


def csrf_token(client):
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    return CSRF.search(page).group(1)


def state(article):
    article.refresh_from_db()
    return article.status, article.published_at, article.title


def link_version_of_a_published_state():
    """A draft article whose history holds a published state, and the version of a
    person link recorded in that state's revision (its id is no article's id)."""
    other = make_article(title="Другая статья")
    for number in range(10):
        link(other, make_person(f"Персона {number}"))
    anna = editor("anna")
    article = make_article(title="Снятая с публикации")
    person = make_person("Нурсултан Назарбаев")
    person_link = link(article, person, "Президент Казахстана")
    anna.post(
        object_url(article, "change"), with_person_link(article_data(article), person_link, person)
    )
    anna.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [article.pk]},
    )
    assert Article.objects.get(pk=article.pk).status == Article.Status.UNPUBLISHED
    version = [
        version
        for version in Version.objects.get_for_object(person_link).order_by("pk")
        if version.revision.version_set.get(object_id=str(article.pk)).field_dict["status"]
        == "published"
    ][-1]
    assert not Article.objects.filter(pk=person_link.pk).exists()
    return article, version


def test_an_author_cannot_publish_through_recover_with_a_link_s_version(client):
    article, version = link_version_of_a_published_state()
    before = state(article)
    attacker = author()

    response = attacker.post(
        reverse("admin:articles_article_recover", args=[version.pk]),
        {"csrfmiddlewaretoken": csrf_token(attacker)},
    )

    assert response.status_code == 404
    assert state(article) == before
    assert before[0] == Article.Status.UNPUBLISHED
    assert client.get(article.get_absolute_url()).status_code == 404


def test_an_author_cannot_publish_through_the_history_url_with_a_link_s_version(client):
    article, version = link_version_of_a_published_state()
    before = state(article)
    attacker = author()
    token = csrf_token(attacker)

    for object_id in [version.object_id, article.pk]:
        response = attacker.post(
            reverse("admin:articles_article_revision", args=[object_id, version.pk]),
            {"csrfmiddlewaretoken": token},
        )
        assert response.status_code == 404

    assert state(article) == before
    assert client.get(article.get_absolute_url()).status_code == 404


def rejected_event_with_an_approved_version():
    """A rejected event, named in a published article, whose history holds an approved
    state (the event's id is no article's id)."""
    for number in range(10):
        make_event(f"Событие {number}")
    article = make_article(title="Саммит в Астане")
    event = make_event("Саммит ШОС", review_status=ReviewStatus.APPROVED)
    ArticleEvent.objects.create(article=article, event=event, review_status=ReviewStatus.APPROVED)
    anna = editor("events-editor")
    event_form = {
        "name": event.name,
        "slug": event.slug,
        "review_status": ReviewStatus.APPROVED,
        "place": "",
        "start_date": "",
        "end_date": "",
        "date_precision": event.date_precision,
        "description": "Саммит глав государств",
        **{f"aliases-{key}": value for key, value in management_form().items()},
    }
    assert anna.post(object_url(event, "change"), event_form).status_code == 302
    anna.post(
        reverse("admin:articles_event_changelist"),
        {"action": "reject", "_selected_action": [event.pk]},
    )
    event.refresh_from_db()
    assert event.review_status == ReviewStatus.REJECTED
    version = Version.objects.get_for_object(event).order_by("pk").last()
    assert version.field_dict["review_status"] == ReviewStatus.APPROVED
    return event, version


def management_form(total=0, initial=0):
    return {
        "TOTAL_FORMS": str(total),
        "INITIAL_FORMS": str(initial),
        "MIN_NUM_FORMS": "0",
        "MAX_NUM_FORMS": "1000",
    }


@pytest.mark.parametrize(
    "route",
    ["article_recover", "event_recover", "event_revision"],
)
def test_an_author_cannot_approve_a_rejected_event_again(client, route):
    event, version = rejected_event_with_an_approved_version()
    attacker = author()
    token = csrf_token(attacker)
    args = [event.pk, version.pk] if route == "event_revision" else [version.pk]
    target = reverse(f"admin:articles_{route}", args=args)

    shown = attacker.get(target)
    response = attacker.post(target, {"csrfmiddlewaretoken": token})

    assert (shown.status_code, response.status_code) == (
        # An existing event is not recovered (404); an author, who may add events but
        # not change them, recovers none (403).
        {"article_recover": (404, 404)}.get(route, (403, 403))
    )
    event.refresh_from_db()
    assert event.review_status == ReviewStatus.REJECTED
    assert client.get(event.get_absolute_url()).status_code == 404


def published_article_with_a_draft_version():
    """A published article whose history holds a draft state, and that state's version."""
    anna = editor("editor-of-drafts")
    article = make_article(title="Черновик", status="draft", published_at=None)
    data = article_form(title="Черновик", slug=article.slug, status="draft")
    assert anna.post(object_url(article, "change"), data).status_code == 302
    anna.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk]},
    )
    draft = Version.objects.get_for_object(article).order_by("pk").first()
    assert draft.field_dict["status"] == "draft"
    return article, draft


def test_an_author_cannot_unpublish_and_rewrite_a_published_article(client):
    article, draft = published_article_with_a_draft_version()
    title = article.title
    before = state(article)
    attacker = author()

    response = attacker.post(
        object_url(article, "revision", draft.pk),
        {
            **article_form(title="Подмена автора", slug=article.slug),
            "csrfmiddlewaretoken": csrf_token(attacker),
        },
    )

    assert response.status_code == 403
    assert state(article) == before
    assert before[::2] == (Article.Status.PUBLISHED, title)
    assert "Подмена" not in client.get(article.get_absolute_url()).content.decode()


def test_an_author_restores_an_earlier_version_of_their_own_draft():
    article = make_article(title="Первый вариант", status="draft", published_at=None)
    attacker = author()
    token = csrf_token(attacker)
    data = {**article_form(title="Второй вариант", slug=article.slug), "csrfmiddlewaretoken": token}
    assert attacker.post(object_url(article, "change"), data).status_code == 302
    first = Version.objects.get_for_object(article).order_by("pk").first()
    assert first.field_dict["title"] == "Первый вариант"

    data = {**article_form(title="Первый вариант", slug=article.slug), "csrfmiddlewaretoken": token}
    response = attacker.post(object_url(article, "revision", first.pk), data)

    assert response.status_code == 302
    assert state(article) == (Article.Status.DRAFT, None, "Первый вариант")


@pytest.mark.parametrize("how", ["history", "recover"])
def test_a_restored_article_is_found_by_search(client, how):
    anna = editor("anna")
    article = make_article(title="Саммит в Астане", body="Лидеры обсудили торговлю.")
    assert anna.post(object_url(article, "change"), article_data(article)).status_code == 302
    version = Version.objects.get_for_object(article).order_by("pk").last()
    if how == "history":
        anna.post(object_url(article, "change"), article_data(article, title="Встреча в Алматы"))
        target = object_url(article, "revision", version.pk)
    else:
        anna.post(object_url(article, "delete"), {"post": "yes"})
        target = reverse("admin:articles_article_recover", args=[version.pk])
    assert article.get_absolute_url() not in client.get("/search/?q=саммитах").content.decode()

    response = anna.post(target, article_data(version._object_version.object))

    assert response.status_code == 302
    restored = Article.objects.get()
    assert restored.title_stems != ""
    assert restored.get_absolute_url() in client.get("/search/?q=саммитах").content.decode()
    api = client.get("/api/articles/", {"q": "торговли"}).json()
    assert [row["title"] for row in api["results"]] == ["Саммит в Астане"]


def test_restoring_one_article_leaves_the_others_of_its_revision_alone():
    anna = editor("anna")
    first = make_article(title="Первая", status="draft", published_at=None)
    second = make_article(title="Вторая", status="draft", published_at=None)
    anna.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [first.pk, second.pk]},
    )
    published = Version.objects.get_for_object(first).get()
    assert published.revision.version_set.count() == 2
    anna.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [first.pk, second.pk]},
    )
    first.refresh_from_db()

    response = anna.post(
        object_url(first, "revision", published.pk), article_data(first, status="published")
    )

    assert response.status_code == 302
    assert Article.objects.get(pk=first.pk).status == Article.Status.PUBLISHED
    assert Article.objects.get(pk=second.pk).status == Article.Status.UNPUBLISHED


def test_a_version_of_another_kind_is_not_found_in_this_kind_s_history():
    event, version = rejected_event_with_an_approved_version()
    anna = editor("boris")
    article = make_article(title="Статья")

    for target in [
        reverse("admin:articles_article_recover", args=[version.pk]),
        object_url(article, "revision", version.pk),
        reverse("admin:articles_person_revision", args=[event.pk, version.pk]),
    ]:
        assert anna.get(target).status_code == 404
        assert anna.post(target, {}).status_code == 404
    event.refresh_from_db()
    assert event.review_status == ReviewStatus.REJECTED


def test_an_author_s_new_event_and_link_await_review():
    article = make_article(title="Черновик", status="draft", published_at=None)
    attacker = author()
    token = csrf_token(attacker)
    page = attacker.get(reverse("admin:articles_event_add")).content.decode()
    assert 'name="review_status"' not in page

    response = attacker.post(
        reverse("admin:articles_event_add"),
        {
            "name": "Форум авторов",
            "slug": "",
            "review_status": ReviewStatus.APPROVED,
            "place": "",
            "start_date": "",
            "end_date": "",
            "date_precision": Event.DatePrecision.DAY,
            "description": "",
            "csrfmiddlewaretoken": token,
            **{f"aliases-{key}": value for key, value in management_form().items()},
        },
    )
    assert response.status_code == 302
    event = Event.objects.get()
    data = article_form(title=article.title, slug=article.slug, csrfmiddlewaretoken=token)
    data.update(
        {
            **{f"event_links-{key}": value for key, value in management_form(total=1).items()},
            "event_links-0-event": str(event.pk),
            "event_links-0-review_status": ReviewStatus.APPROVED,
        }
    )
    assert attacker.post(object_url(article, "change"), data).status_code == 302

    assert event.review_status == ReviewStatus.SUGGESTED
    assert list(ArticleEvent.objects.values_list("review_status", flat=True)) == [
        ReviewStatus.SUGGESTED
    ]


def test_an_author_cannot_change_the_review_status_of_a_link():
    article = make_article(title="Черновик", status="draft", published_at=None)
    person = make_person("Касым-Жомарт Токаев")
    person_link = link(article, person, "Президент")
    ArticlePerson.objects.filter(pk=person_link.pk).update(review_status=ReviewStatus.REJECTED)
    person_link.refresh_from_db()
    attacker = author()
    data = with_person_link(article_form(title="Черновик", slug=article.slug), person_link, person)
    data.update(
        {"person_links-0-review_status": ReviewStatus.APPROVED, "person_links-0-role": "Глава"}
    )
    data["csrfmiddlewaretoken"] = csrf_token(attacker)

    assert attacker.post(object_url(article, "change"), data).status_code == 302

    person_link.refresh_from_db()
    assert (person_link.role, person_link.review_status) == ("Глава", ReviewStatus.REJECTED)


RICH_BODY = (
    "<h2>Итоги саммита</h2><p>Лидеры <strong>подписали</strong> <em>декларацию</em>, "
    'текст — на <a href="https://sco.int/ru" rel="noopener">сайте</a>.</p>'
    "<blockquote><p>Мы договорились.</p></blockquote><ul><li>торговля</li><li>транзит</li></ul>"
)


def test_restoring_a_version_brings_back_the_rich_body_exactly():
    anna = editor("anna")
    article = make_article(title="Саммит", body=RICH_BODY)
    assert article.body == RICH_BODY
    assert anna.post(object_url(article, "change"), article_data(article)).status_code == 302
    version = Version.objects.get_for_object(article).order_by("pk").last()
    anna.post(object_url(article, "change"), article_data(article, body="<p>Короче.</p>"))
    article.refresh_from_db()
    assert article.body == "<p>Короче.</p>"

    response = anna.post(
        object_url(article, "revision", version.pk), article_data(version._object_version.object)
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == RICH_BODY
    assert article.paragraphs() == [
        "Итоги саммита",
        "Лидеры подписали декларацию, текст — на сайте.",
        "Мы договорились.",
        "торговля",
        "транзит",
    ]
