"""The two roles, "Редактор" (editor) and "Автор" (author), as the data migration creates them."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article

from ..factories import article_form, make_article, make_user

pytestmark = pytest.mark.django_db

ENTITIES = ["person", "organization", "place", "event"]
LINKS = [f"article{entity}" for entity in ENTITIES]
ALIASES = [f"{entity}alias" for entity in ENTITIES]
CRUD = ["add", "change", "delete", "view"]


@pytest.fixture
def author_client(client):
    client.force_login(make_user("author", "Автор"))
    return client


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("editor", "Редактор"))
    return client


def article_url(view, *args):
    return reverse(f"admin:articles_article_{view}", args=args)


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("codename", flat=True))


def test_the_migration_creates_both_groups_with_their_permissions():
    every_model = ["article", "image", *ENTITIES, *ALIASES, *LINKS]
    every_model = [*every_model, "topstory", "rubric", "tag", "author", "articleauthor"]
    assert codenames("Редактор") == {
        "publish_article",
        *(f"{action}_{model}" for model in every_model for action in CRUD),
    }
    # Authors upload images and use them, as they name persons: editors change them.
    assert codenames("Автор") == {
        *(f"{action}_article" for action in CRUD),
        *(
            f"{action}_{model}"
            for model in ["image", *ENTITIES, *ALIASES]
            for action in ["add", "view"]
        ),
        *(f"{action}_{model}" for model in LINKS for action in CRUD),
        # The top stories are the editors' choice.
        "view_topstory",
        # Rubrics and authors are the editors' to keep; authors add the tags they need
        # and name the authors of their articles.
        "view_rubric",
        "view_author",
        "add_tag",
        "view_tag",
        *(f"{action}_articleauthor" for action in CRUD),
    }


def test_an_author_writes_a_draft_but_cannot_publish_it_from_the_form(author_client):
    page = author_client.get(article_url("add")).content.decode()
    assert 'name="status"' not in page

    response = author_client.post(
        article_url("add"), article_form(title="Черновик автора", status="published")
    )

    assert response.status_code == 302
    assert Article.objects.get().status == Article.Status.DRAFT


def test_an_author_edits_a_draft(author_client):
    draft = make_article(title="Черновик", status="draft", published_at=None)

    response = author_client.post(
        article_url("change", draft.pk), article_form(title="Черновик, правка", slug=draft.slug)
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Черновик, правка", Article.Status.DRAFT)


def test_an_author_sees_a_published_article_but_cannot_change_it(author_client):
    article = make_article(title="Опубликованная")

    page = author_client.get(article_url("change", article.pk))
    response = author_client.post(
        article_url("change", article.pk), article_form(title="Подмена", slug=article.slug)
    )

    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Опубликованная"


def test_an_author_cannot_delete_a_published_article_but_may_delete_a_draft(author_client):
    published = make_article(title="Опубликованная")
    draft = make_article(title="Черновик", status="draft", published_at=None)

    refused = author_client.post(article_url("delete", published.pk), {"post": "yes"})
    deleted = author_client.post(article_url("delete", draft.pk), {"post": "yes"})

    assert refused.status_code == 403
    assert deleted.status_code == 302
    assert list(Article.objects.values_list("title", flat=True)) == ["Опубликованная"]


def test_an_author_has_no_publish_or_bulk_delete_actions(author_client):
    draft = make_article(title="Черновик", status="draft", published_at=None)
    published = make_article(title="Опубликованная")

    page = author_client.get(article_url("changelist")).content.decode()
    for action in ["publish", "unpublish", "delete_selected"]:
        assert f'value="{action}"' not in page
        author_client.post(
            article_url("changelist"),
            {"action": action, "_selected_action": [draft.pk, published.pk], "post": "yes"},
        )

    assert sorted(Article.objects.values_list("title", "status")) == [
        ("Опубликованная", "published"),
        ("Черновик", "draft"),
    ]


def test_an_author_cannot_use_the_review_queue(author_client):
    assert author_client.get(reverse("review_queue")).status_code == 403


def test_an_editor_publishes_from_the_form_and_with_the_action(editor_client):
    first = make_article(title="Первый", status="draft", published_at=None)
    second = make_article(title="Второй", status="draft", published_at=None)

    form = editor_client.post(
        article_url("change", first.pk),
        article_form(title="Первый", slug=first.slug, status="published"),
    )
    action = editor_client.post(
        article_url("changelist"), {"action": "publish", "_selected_action": [second.pk]}
    )

    assert (form.status_code, action.status_code) == (302, 302)
    assert set(Article.objects.public().values_list("title", flat=True)) == {
        "Первый",
        "Второй",
    }


def test_an_editor_changes_and_deletes_published_articles(editor_client):
    article = make_article(title="Опубликованная")

    changed = editor_client.post(
        article_url("change", article.pk),
        article_form(
            title="Исправленная",
            slug=article.slug,
            status="published",
            published_at_0=article.published_at.astimezone().strftime("%d.%m.%Y"),
            published_at_1=article.published_at.astimezone().strftime("%H:%M:%S"),
        ),
    )
    assert changed.status_code == 302
    assert Article.objects.get().title == "Исправленная"

    deleted = editor_client.post(article_url("delete", article.pk), {"post": "yes"})
    assert deleted.status_code == 302
    assert not Article.objects.exists()


def test_an_editor_uses_the_review_queue(editor_client):
    assert editor_client.get(reverse("review_queue")).status_code == 200


def test_staff_without_a_role_cannot_open_articles(client):
    client.force_login(make_user("nobody"))
    assert client.get(article_url("changelist")).status_code == 403
