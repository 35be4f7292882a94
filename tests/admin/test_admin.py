import pytest
from django.contrib.auth import get_user_model

from articles.models import Article, ArticlePerson, Event, Person, ReviewStatus

from ..factories import INLINES, admin_url, link, make_article, make_event, make_person

pytestmark = pytest.mark.django_db

MODELS = [Article, Person, Event]


@pytest.fixture
def objects():
    article = make_article(title="Саммит ШОС")
    person = make_person("Нурсултан Назарбаев")
    event = make_event("Саммит ШОС в Астане")
    link(article, person, "Президент Казахстана")
    article.events.add(event)
    person.aliases.create(name="Н. Назарбаев")
    return {Article: article, Person: person, Event: event}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_add_and_change_pages_load_for_a_superuser(admin_client, objects, model):
    obj = objects[model]
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    assert admin_client.get(admin_url(model, "changelist"), {"q": "Назарбаев"}).status_code == 200
    assert admin_client.get(admin_url(model, "add")).status_code == 200
    assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_anonymous_users_are_sent_to_the_login_page(client, objects, model):
    url = admin_url(model, "changelist")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={url}"


def test_non_staff_users_cannot_reach_the_admin(client, objects):
    user = get_user_model().objects.create_user("reader", password="a-long-reader-password")
    client.force_login(user)
    response = client.get(admin_url(Article, "changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_is_in_russian(admin_client, objects):
    html = admin_client.get(admin_url(Article, "changelist")).content.decode()
    assert "Статьи" in html
    assert "Опубликовать выбранные статьи" in html


def test_article_change_page_has_person_links_inline_and_view_on_site(admin_client, objects):
    article = objects[Article]
    html = admin_client.get(admin_url(Article, "change", article.pk)).content.decode()
    assert 'name="person_links-0-role"' in html
    assert 'value="Президент Казахстана"' in html
    assert "Смотреть на сайте" in html


def change_form_data(article, **changes):
    data = {
        "title": article.title,
        "slug": article.slug,
        "lead": article.lead,
        "body": article.body,
        "status": article.status,
        "published_at_0": article.published_at.astimezone().strftime("%d.%m.%Y"),
        "published_at_1": article.published_at.astimezone().strftime("%H:%M:%S"),
        "rubric": str(article.rubric_id),
    }
    for prefix in INLINES:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(changes)
    return data


def test_editing_a_title_in_the_admin_shows_on_the_public_page(admin_client, settings):
    settings.TIME_ZONE = "Asia/Almaty"
    article = make_article(title="Старый заголовок")

    response = admin_client.post(
        admin_url(Article, "change", article.pk),
        change_form_data(article, title="Новый заголовок"),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    page = admin_client.get(article.get_absolute_url())
    assert "<h1>Новый заголовок</h1>" in page.content.decode()


def test_unpublish_action_hides_the_article_everywhere(admin_client, client):
    article = make_article(title="Снимаемая статья")
    person = make_person("Нурсултан Назарбаев")
    link(article, person)

    response = admin_client.post(
        admin_url(Article, "changelist"),
        {"action": "unpublish", "_selected_action": [article.pk]},
        follow=True,
    )

    assert "1 статья снята с публикации." in response.content.decode()
    assert Article.objects.get().status == Article.Status.UNPUBLISHED
    assert client.get(article.get_absolute_url()).status_code == 404
    for url in ["/", "/articles/"]:
        assert "Снимаемая статья" not in client.get(url).content.decode()
    assert client.get(person.get_absolute_url()).status_code == 404


def test_publish_action_publishes_drafts_now_and_keeps_scheduled_times(admin_client):
    from datetime import timedelta

    from django.utils import timezone

    draft = make_article(title="Черновик", status=Article.Status.DRAFT, published_at=None)
    later = timezone.now() + timedelta(days=1)
    scheduled = make_article(title="Позже", status=Article.Status.DRAFT, published_at=later)

    admin_client.post(
        admin_url(Article, "changelist"),
        {"action": "publish", "_selected_action": [draft.pk, scheduled.pk]},
    )

    draft.refresh_from_db()
    scheduled.refresh_from_db()
    assert draft.status == scheduled.status == Article.Status.PUBLISHED
    assert draft.published_at <= timezone.now()
    assert scheduled.published_at == later
    assert list(Article.objects.public()) == [draft]


def test_editing_a_suggested_role_inline_approves_the_link(admin_client, objects):
    article, person = objects[Article], objects[Person]
    link_row = ArticlePerson.objects.get()
    link_row.review_status = ReviewStatus.SUGGESTED
    link_row.save()
    data = change_form_data(
        article,
        **{
            "person_links-TOTAL_FORMS": "1",
            "person_links-INITIAL_FORMS": "1",
            "person_links-0-id": link_row.pk,
            "person_links-0-article": article.pk,
            "person_links-0-person": person.pk,
            "person_links-0-role": "Первый президент Казахстана",
            "person_links-0-position": "0",
            "person_links-0-review_status": "suggested",
        },
    )

    response = admin_client.post(admin_url(Article, "change", article.pk), data)

    assert response.status_code == 302
    saved = ArticlePerson.objects.get()
    assert (saved.role, saved.review_status) == ("Первый президент Казахстана", "approved")


def test_person_search_finds_aliases(admin_client, objects):
    response = admin_client.get(admin_url(Person, "changelist"), {"q": "Н. Назарбаев"})
    assert list(response.context["cl"].result_list) == [objects[Person]]


def test_autocomplete_for_persons_answers(admin_client, objects):
    response = admin_client.get(
        "/admin/autocomplete/",
        {
            "term": "Назар",
            "app_label": "articles",
            "model_name": "articleperson",
            "field_name": "person",
        },
    )
    assert response.status_code == 200
    assert response.json()["results"] == [
        {"id": str(objects[Person].pk), "text": "Нурсултан Назарбаев"}
    ]


def test_article_search_ignores_the_case_of_russian_words(admin_client):
    found = make_article(title="Назарбаев встретился с секретарями")
    make_article(title="Погода")
    response = admin_client.get(admin_url(Article, "changelist"), {"q": "НАЗАРБАЕВ секретарями"})
    assert list(response.context["cl"].result_list) == [found]


@pytest.mark.parametrize("term", ["Назарбаева", "назарбаевым", "Назар"])
def test_entity_search_finds_any_case_form_or_a_part_of_the_name(admin_client, objects, term):
    response = admin_client.get(admin_url(Person, "changelist"), {"q": term})
    assert list(response.context["cl"].result_list) == [objects[Person]]
