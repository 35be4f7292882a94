"""The article's workflow: authors submit, editors publish or send back with a note,
each step in the editorial log with who and when; readers never see the log."""

import re
from html import unescape

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.admin import workflow
from articles.models import Article, ArticleAuthor, Author, EditorialNote

from ..factories import (
    article_data,
    article_form,
    logged_in,
    make_article,
    make_user,
    object_url,
)

pytestmark = pytest.mark.django_db

SUBMIT, WITHDRAW, PUBLISH, SEND_BACK, UNPUBLISH = (str(i) for i in range(5))
STEP = workflow.STEP_FIELD


@pytest.fixture
def author():
    return make_user("aigerim", "Автор")


@pytest.fixture
def chief():
    return make_user("chief", "Редактор")


def step_buttons(response):
    """The (value, label) of the form's workflow buttons."""
    found = re.findall(
        rf'<button type="submit" class="button workflow-step" name="{STEP}" '
        rf'value="(\d)">(.*?)</button>',
        response.content.decode(),
    )
    return [(value, unescape(label)) for value, label in found]


def log_of(article):
    return list(
        EditorialNote.objects.filter(article=article)
        .order_by("pk")
        .values_list("user__username", "status", "text")
    )


def test_the_steps_offered_depend_on_the_role_and_the_state(author, chief):
    add = reverse("admin:articles_article_add")
    assert step_buttons(logged_in(author).get(add)) == [(SUBMIT, "Отправить на проверку")]
    assert step_buttons(logged_in(chief).get(add)) == [
        (SUBMIT, "Отправить на проверку"),
        (PUBLISH, "Опубликовать"),
    ]
    review = make_article(status=Article.Status.REVIEW, published_at=None)
    assert step_buttons(logged_in(author).get(object_url(review, "change"))) == [
        (WITHDRAW, "Вернуть в черновики")
    ]
    assert step_buttons(logged_in(chief).get(object_url(review, "change"))) == [
        (PUBLISH, "Опубликовать"),
        (SEND_BACK, "Вернуть автору"),
    ]
    published = make_article()
    assert step_buttons(logged_in(chief).get(object_url(published, "change"))) == [
        (UNPUBLISH, "Снять с публикации")
    ]
    # An author only views a published article: no step at all.
    assert step_buttons(logged_in(author).get(object_url(published, "change"))) == []


def test_an_author_submits_and_an_editor_publishes_each_step_logged(author, chief, client):
    writer = logged_in(author)
    response = writer.post(
        reverse("admin:articles_article_add"),
        article_form(title="Инфляция в ноябре", **{STEP: SUBMIT}),
    )
    assert response.status_code == 302
    article = Article.objects.get(title="Инфляция в ноябре")
    assert (article.status, article.published_at) == (Article.Status.REVIEW, None)
    assert log_of(article) == [("aigerim", "review", "")]
    assert client.get(article.get_absolute_url()).status_code == 404

    data = article_form(title=article.title, slug=article.slug, status="review", **{STEP: PUBLISH})
    response = logged_in(chief).post(object_url(article, "change"), data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at is not None
    assert log_of(article) == [("aigerim", "review", ""), ("chief", "published", "")]
    assert [v.revision.comment for v in Version.objects.get_for_object(article)][:1] == [
        "Изменено поле «Текст». Опубликована."
    ]
    assert client.get(article.get_absolute_url()).status_code == 200


def test_an_author_cannot_take_an_editors_step(author):
    article = make_article(status=Article.Status.REVIEW, published_at=None)
    writer = logged_in(author)
    for step in (PUBLISH, SEND_BACK, UNPUBLISH):
        data = article_form(title=article.title, slug=article.slug, **{STEP: step})
        assert writer.post(object_url(article, "change"), data).status_code == 302
        article.refresh_from_db()
        assert article.status == Article.Status.REVIEW, step
    assert log_of(article) == []


def test_sending_back_takes_a_note_which_the_log_keeps(chief, author):
    article = make_article(title="Сырой текст", status=Article.Status.REVIEW, published_at=None)
    editor_client = logged_in(chief)
    data = article_form(
        title=article.title, slug=article.slug, status="review", **{STEP: SEND_BACK}
    )

    refused = editor_client.post(object_url(article, "change"), data)

    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors == {
        "workflow_note": ["Напишите, что автору исправить."]
    }
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW

    data["workflow_note"] = "Нужен комментарий Нацбанка."
    assert editor_client.post(object_url(article, "change"), data).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert log_of(article) == [("chief", "draft", "Нужен комментарий Нацбанка.")]
    page = logged_in(author).get(object_url(article, "change")).content.decode()
    log = re.search(r'<ol class="editorial-log">(.*?)</ol>', page, re.S).group(1)
    assert "chief" in log
    assert "возвращена в черновики" in log
    assert "Нужен комментарий Нацбанка." in log


def test_a_note_without_a_step_is_an_internal_note_never_on_the_site(chief, client):
    article = make_article(title="Опубликованная")
    data = article_data(article, workflow_note="Проверить цифры у пресс-службы.")

    assert logged_in(chief).post(object_url(article, "change"), data).status_code == 302

    assert log_of(article) == [("chief", "", "Проверить цифры у пресс-службы.")]
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Проверить цифры" not in page
    assert "Проверить цифры" not in client.get("/feeds/articles/rss/").content.decode()
    assert "Проверить цифры" not in client.get(f"/api/articles/{article.slug}/").content.decode()


def test_unpublishing_in_bulk_logs_each_article_and_hides_it(chief, client):
    first, second = make_article(title="Первая"), make_article(title="Вторая")

    logged_in(chief).post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [first.pk, second.pk]},
    )

    for article in (first, second):
        article.refresh_from_db()
        assert article.status == Article.Status.UNPUBLISHED
        assert log_of(article) == [("chief", "unpublished", "")]
        assert client.get(article.get_absolute_url()).status_code == 404


def test_an_author_resubmits_an_unpublished_article_but_cannot_republish_it(author):
    article = make_article(title="Снятая", status=Article.Status.UNPUBLISHED)
    writer = logged_in(author)
    published_at = article.published_at

    data = article_data(article, status="published", **{STEP: SUBMIT})
    assert writer.post(object_url(article, "change"), data).status_code == 302

    article.refresh_from_db()
    assert (article.status, article.published_at) == (Article.Status.REVIEW, published_at)


def test_the_index_and_the_list_show_what_waits_for_review(chief):
    make_article(title="Ждёт первая", status=Article.Status.REVIEW, published_at=None)
    make_article(title="Ждёт вторая", status=Article.Status.REVIEW, published_at=None)
    make_article(title="Черновик", status=Article.Status.DRAFT, published_at=None)
    editor_client = logged_in(chief)

    index = editor_client.get(reverse("admin:index")).content.decode()
    waiting = reverse("admin:articles_article_changelist") + "?status__exact=review"
    assert f'<a href="{waiting}">2 статьи ждут проверки.</a>' in index

    listed = editor_client.get(waiting).context["cl"].result_list
    assert sorted(article.title for article in listed) == ["Ждёт вторая", "Ждёт первая"]


def test_an_author_cannot_change_the_byline_of_a_published_article(author):
    article = make_article(title="Опубликованная")
    writer = Author.objects.create(name="Айгерим Сейткали")
    data = article_data(
        article,
        **{
            "byline-TOTAL_FORMS": "1",
            "byline-0-author": str(writer.pk),
            "byline-0-position": "0",
        },
    )

    response = logged_in(author).post(object_url(article, "change"), data)

    assert response.status_code == 403
    assert ArticleAuthor.objects.count() == 0


def test_an_editor_orders_the_byline_and_it_is_kept(chief):
    article = make_article(title="Опубликованная")
    first = Author.objects.create(name="Айгерим Сейткали")
    second = Author.objects.create(name="Данияр Исмаилов")
    data = article_data(
        article,
        **{
            "byline-TOTAL_FORMS": "2",
            "byline-0-author": str(second.pk),
            "byline-0-position": "1",
            "byline-1-author": str(first.pk),
            "byline-1-position": "0",
        },
    )

    assert logged_in(chief).post(object_url(article, "change"), data).status_code == 302

    assert [row.author.name for row in article.byline.all()] == [
        "Айгерим Сейткали",
        "Данияр Исмаилов",
    ]


def test_an_author_deletes_a_draft_but_not_an_article_readers_once_saw(author):
    writer = logged_in(author)
    draft = make_article(title="Черновик", status=Article.Status.DRAFT, published_at=None)
    unpublished = make_article(title="Снятая", status=Article.Status.UNPUBLISHED)

    assert writer.post(object_url(unpublished, "delete"), {"post": "yes"}).status_code == 403
    assert writer.post(object_url(draft, "delete"), {"post": "yes"}).status_code == 302

    assert list(Article.objects.values_list("title", flat=True)) == ["Снятая"]


def test_a_new_draft_is_no_step_but_a_new_article_published_at_once_is(author, chief):
    logged_in(author).post(reverse("admin:articles_article_add"), article_form(title="Черновик"))
    logged_in(chief).post(
        reverse("admin:articles_article_add"),
        article_form(title="Сразу", status="draft", **{STEP: PUBLISH}),
    )

    assert log_of(Article.objects.get(title="Черновик")) == []
    assert log_of(Article.objects.get(title="Сразу")) == [("chief", "published", "")]
