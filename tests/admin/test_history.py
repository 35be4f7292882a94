"""Revision history with restore, and edit conflicts, in the admin."""

import re

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, ArticlePerson, Person

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
    person_form,
    with_person_link,
)

pytestmark = pytest.mark.django_db

SNAPSHOT = re.compile(r'name="edit_snapshot" value="([^"]+)"')


def snapshot_of(client, obj):
    html = client.get(object_url(obj, "change")).content.decode()
    return SNAPSHOT.search(html).group(1)


# Revision history


def test_every_admin_save_is_a_version_with_its_author_and_the_history_lists_them():
    anna = editor("anna", "Анна")
    article = make_article(title="Первый заголовок")

    for title in ["Второй заголовок", "Третий заголовок"]:
        response = anna.post(object_url(article, "change"), article_data(article, title=title))
        assert response.status_code == 302
        article.refresh_from_db()

    versions = Version.objects.get_for_object(article).order_by("revision__date_created")
    assert [v.field_dict["title"] for v in versions] == [
        "Первый заголовок",
        "Второй заголовок",
        "Третий заголовок",
    ]
    # The first is the imported (or created) state, kept before the first change.
    assert [v.revision.user and v.revision.user.username for v in versions] == [
        None,
        "anna",
        "anna",
    ]
    history = anna.get(object_url(article, "history")).content.decode()
    for version in versions:
        assert f"/admin/articles/article/{article.pk}/history/{version.pk}/" in history
    assert "Состояние до первой правки в админке" in history


def test_restoring_an_earlier_version_brings_back_its_text_and_its_links():
    anna = editor("anna")
    article = make_article(title="Исходный заголовок", lead="Исходный лид")
    person = make_person("Нурсултан Назарбаев")
    original_link = link(article, person, "Президент Казахстана")

    anna.post(object_url(article, "change"), article_data(article, title="Ошибочная правка"))
    article.refresh_from_db()
    # A later edit removes the person's link as well.
    data = with_person_link(article_data(article, title="Ещё хуже"), original_link, person)
    data["person_links-0-DELETE"] = "on"
    assert anna.post(object_url(article, "change"), data).status_code == 302
    assert not ArticlePerson.objects.exists()

    first = Version.objects.get_for_object(article).order_by("revision__date_created").first()
    revert_url = object_url(article, "revision", first.pk)
    form_page = anna.get(revert_url)
    assert form_page.status_code == 200
    # Showing the old version changes nothing until it is saved.
    assert Article.objects.get().title == "Ещё хуже"
    data = with_person_link(
        article_data(first.object, title="Исходный заголовок"), original_link, person
    )
    response = anna.post(revert_url, data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.lead) == ("Исходный заголовок", "Исходный лид")
    assert list(article.person_links.values_list("person__name", "role")) == [
        ("Нурсултан Назарбаев", "Президент Казахстана")
    ]
    assert "исходный" in article.search_text


def test_persons_and_events_have_history_and_restore():
    anna = editor("anna")
    person = make_person("Н. Назарбаев", description="Старое описание")
    event = make_event("Саммит ШОС")
    person_form = {
        "name": "Н. Назарбаев",
        "slug": person.slug,
        "review_status": person.review_status,
        "description": "Новое описание",
        "photo_url": "",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
    }
    assert anna.post(object_url(person, "change"), person_form).status_code == 302

    first = Version.objects.get_for_object(person).order_by("revision__date_created").first()
    response = anna.post(
        object_url(person, "revision", first.pk), {**person_form, "description": "Старое описание"}
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.description == "Старое описание"
    assert anna.get(object_url(event, "history")).status_code == 200


def test_the_publish_action_is_recorded_in_the_history():
    anna = editor("anna")
    draft = make_article(title="Черновик", status="draft", published_at=None)

    anna.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )

    version = Version.objects.get_for_object(draft).get()
    assert version.field_dict["status"] == "published"
    assert version.revision.comment == "Опубликовано"
    assert version.revision.user.username == "anna"


def test_a_deleted_article_can_be_recovered():
    anna = editor("anna")
    article = make_article(title="Удалённая по ошибке")
    anna.post(object_url(article, "change"), article_data(article))
    anna.post(object_url(article, "delete"), {"post": "yes"})
    assert not Article.objects.exists()

    version = Version.objects.get_deleted(Article).get()
    recovered = anna.post(
        reverse("admin:articles_article_recover", args=[version.pk]),
        article_data(version._object_version.object),
    )

    assert recovered.status_code == 302
    assert list(Article.objects.values_list("title", flat=True)) == ["Удалённая по ошибке"]


def test_an_author_cannot_restore_a_published_version_of_a_draft():

    article = make_article(title="Была опубликована")
    anna = editor("anna")
    anna.post(object_url(article, "change"), article_data(article))
    anna.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [article.pk]},
    )
    client = logged_in(make_user("author", "Автор"))
    published = next(
        v for v in Version.objects.get_for_object(article) if v.field_dict["status"] == "published"
    )

    response = client.post(
        object_url(article, "revision", published.pk), article_data(published.object)
    )

    assert response.status_code == 403
    assert Article.objects.get().status == Article.Status.UNPUBLISHED


# Edit conflicts


def test_a_save_on_a_stale_copy_is_refused_and_shows_what_changed():
    anna, boris = editor("anna", "Анна"), editor("boris", "Борис")
    article = make_article(title="Заголовок", lead="Лид")
    anna_token, boris_token = snapshot_of(anna, article), snapshot_of(boris, article)

    first = anna.post(
        object_url(article, "change"), article_data(article, anna_token, title="Заголовок Анны")
    )
    stale = boris.post(
        object_url(article, "change"), article_data(article, boris_token, lead="Лид Бориса")
    )

    assert first.status_code == 302
    assert stale.status_code == 200
    page = stale.content.decode()
    assert "Анна изменил(а) это" in page
    assert "Ваши изменения не сохранены. С тех пор изменилось:" in page
    assert "Заголовок: «Заголовок Анны»" in page
    article.refresh_from_db()
    assert (article.title, article.lead) == ("Заголовок Анны", "Лид")

    # Saving again, having seen the change, is a decision to write over it.
    renewed = SNAPSHOT.search(page).group(1)
    assert renewed != boris_token
    again = boris.post(
        object_url(article, "change"), article_data(article, renewed, lead="Лид Бориса")
    )
    assert again.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.lead) == ("Заголовок Анны", "Лид Бориса")


def test_a_change_by_the_publish_action_is_a_conflict_too():
    anna, boris = editor("anna"), editor("boris")
    draft = make_article(title="Черновик", status="draft", published_at=None)
    token = snapshot_of(boris, draft)

    anna.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    stale = boris.post(
        object_url(draft, "change"),
        article_form(title="Черновик", slug=draft.slug, status="draft", edit_snapshot=token),
    )

    assert stale.status_code == 200
    assert "Статус: «Опубликована»" in stale.content.decode()
    assert Article.objects.get().status == Article.Status.PUBLISHED


def test_saving_an_unchanged_copy_twice_in_a_row_is_no_conflict():
    anna = editor("anna")
    article = make_article(title="Заголовок")
    for lead in ["Новый лид", "Ещё лид"]:
        token = snapshot_of(anna, article)
        data = article_data(article, token, lead=lead)
        assert anna.post(object_url(article, "change"), data).status_code == 302
        article.refresh_from_db()


def test_a_forged_snapshot_is_refused():
    anna = editor("anna")
    article = make_article(title="Заголовок")
    response = anna.post(
        object_url(article, "change"), article_data(article, "подделка", title="Иначе")
    )
    assert response.status_code == 200
    assert Article.objects.get().title == "Заголовок"


def test_persons_are_protected_from_stale_saves_too():
    anna, boris = editor("anna"), editor("boris")
    person = make_person("Нурсултан Назарбаев")
    form = person_form(person)
    anna_token, boris_token = snapshot_of(anna, person), snapshot_of(boris, person)

    anna.post(
        object_url(person, "change"),
        {**form, "edit_snapshot": anna_token, "description": "Первый президент"},
    )
    stale = boris.post(
        object_url(person, "change"),
        {**form, "edit_snapshot": boris_token, "description": "Политик"},
    )

    assert stale.status_code == 200
    assert "Описание: «Первый президент»" in stale.content.decode()
    assert Person.objects.get().description == "Первый президент"


def test_a_save_locks_the_row_it_checks(settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if not connection.features.has_select_for_update:
        pytest.skip("SQLite has no row locks: its IMMEDIATE transactions serialize the saves")
    anna = editor("anna")
    article = make_article(title="Заголовок")
    token = snapshot_of(anna, article)

    with CaptureQueriesContext(connection) as queries:
        anna.post(object_url(article, "change"), article_data(article, token, lead="Новый лид"))

    locks = [q["sql"] for q in queries if q["sql"].endswith("FOR UPDATE")]
    assert len(locks) == 1
    assert '"articles_article"."id" = ' in locks[0]


def test_a_link_changed_by_another_editor_is_a_conflict_too():
    anna, boris = editor("anna"), editor("boris")
    article = make_article(title="Заголовок")
    person = make_person("Нурсултан Назарбаев")
    person_link = link(article, person, "Президент Казахстана")
    anna_token, boris_token = snapshot_of(anna, article), snapshot_of(boris, article)

    data = with_person_link(article_data(article, anna_token), person_link, person)
    data["person_links-0-role"] = "Первый Президент Казахстана"
    assert anna.post(object_url(article, "change"), data).status_code == 302
    data = with_person_link(
        article_data(article, boris_token, title="Правка Бориса"), person_link, person
    )
    stale = boris.post(object_url(article, "change"), data)

    assert stale.status_code == 200
    assert (
        "Персоны, организации, места и события в статье: "
        "«Нурсултан Назарбаев (Первый Президент Казахстана): Одобрено»"
    ) in stale.content.decode()
    article.refresh_from_db()
    assert article.title == "Заголовок"
    assert article.person_links.get().role == "Первый Президент Казахстана"
