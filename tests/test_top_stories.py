"""Top stories («Главное»): chosen and ordered by editors, led with on the home page,
left by an article taken off the site; authors only see them."""

import re

import pytest

from articles.models import Article, TopStory

from .factories import admin_url, logged_in, make_article, make_scheduled, make_user, object_url

pytestmark = pytest.mark.django_db


def home_sections(client):
    html = client.get("/").content.decode()
    top = re.search(r'<section class="top-stories".*?</section>', html, re.S)
    rest = html[top.end() :] if top else html
    return (card_titles(top.group(0)) if top else []), card_titles(rest)


def card_titles(html):
    return re.findall(r'<h2 class="card-title"><a [^>]*>([^<]+)</a>', html)


def pin(article, position):
    return TopStory.objects.create(article=article, position=position)


def test_the_home_page_leads_with_the_top_stories_in_the_editors_order(client):
    first, second, _other = (make_article(title=t) for t in ("Первая", "Вторая", "Обычная"))
    pin(second, 2)
    pin(first, 1)

    top, latest = home_sections(client)

    assert top == ["Первая", "Вторая"]
    assert latest == ["Обычная"]


def test_without_top_stories_the_home_page_is_the_latest_news(client):
    make_article(title="Обычная")
    top, latest = home_sections(client)
    assert (top, latest) == ([], ["Обычная"])
    assert '<section class="top-stories"' not in client.get("/").content.decode()


def test_an_article_not_yet_public_is_not_shown_and_one_taken_off_leaves(client):
    scheduled = make_scheduled(title="Позже")
    shown = make_article(title="Сейчас")
    pin(scheduled, 1)
    pin(shown, 2)
    assert home_sections(client)[0] == ["Сейчас"]

    shown.status = Article.Status.DRAFT
    shown.save()

    assert list(TopStory.objects.values_list("article__title", flat=True)) == ["Позже"]
    assert home_sections(client)[0] == []


def test_the_unpublish_action_takes_an_article_out_of_the_top_stories():
    article = make_article(title="Снимаемая")
    pin(article, 1)
    client = logged_in(make_user("editor", "Редактор"))

    client.post(
        admin_url(Article, "changelist"),
        {"action": "unpublish", "_selected_action": [article.pk]},
    )

    assert TopStory.objects.count() == 0


def test_an_editor_pins_a_published_article_but_not_a_draft(settings):
    settings.LANGUAGE_CODE = "en"
    client = logged_in(make_user("editor", "Редактор"))
    published = make_article(title="Опубликованная")
    draft = make_article(title="Черновик", status=Article.Status.DRAFT)

    added = client.post(admin_url(TopStory, "add"), {"article": published.pk, "position": 1})
    refused = client.post(admin_url(TopStory, "add"), {"article": draft.pk, "position": 2})

    assert added.status_code == 302
    assert refused.context["adminform"].form.errors == {
        "article": ["Only a published or scheduled article can be a top story."]
    }
    assert list(TopStory.objects.values_list("article__title", flat=True)) == ["Опубликованная"]


def test_authors_see_the_top_stories_but_change_nothing():
    story = pin(make_article(title="Главная"), 1)
    client = logged_in(make_user("author", "Автор"))

    listing = client.get(admin_url(TopStory, "changelist"))
    added = client.post(admin_url(TopStory, "add"), {"article": story.article.pk, "position": 2})
    changed = client.post(object_url(story, "change"), {"article": story.article.pk, "position": 9})
    deleted = client.post(object_url(story, "delete"), {"post": "yes"})

    assert listing.status_code == 200
    assert (added.status_code, changed.status_code, deleted.status_code) == (403, 403, 403)
    story.refresh_from_db()
    assert story.position == 1


def test_editors_reorder_the_top_stories_in_the_list():
    first, second = pin(make_article(title="А"), 1), pin(make_article(title="Б"), 2)
    client = logged_in(make_user("editor", "Редактор"))

    response = client.post(
        admin_url(TopStory, "changelist"),
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-0-id": str(first.pk),
            "form-0-position": "2",
            "form-1-id": str(second.pk),
            "form-1-position": "1",
            "_save": "Сохранить",
        },
    )

    assert response.status_code == 302
    assert [a.title for a in (s.article for s in TopStory.objects.shown())] == ["Б", "А"]
