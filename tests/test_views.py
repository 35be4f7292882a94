import html
import re
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.filters import ArticleFilter
from articles.models import Article
from articles.views import ArticleListView, PersonDetailView

from .factories import (
    link,
    make_article,
    make_articles_around_midnight,
    make_event,
    make_hidden_articles,
    make_person,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden_articles():
    """A draft, a scheduled and an unpublished article, all naming one person and event."""
    person = make_person("Нурсултан Назарбаев")
    event = make_event("Саммит ШОС")
    visible = make_article(title="Видимая статья")
    link(visible, person, "Президент Казахстана")
    visible.events.add(event)
    hidden = make_hidden_articles()
    for article in hidden:
        link(article, person, "Президент")
        article.events.add(event)
    return visible, hidden, person, event


def test_home_lists_published_articles_newest_first(client):
    older = make_article(title="Старая", published_at=timezone.now() - timedelta(days=2))
    newer = make_article(title="Новая", published_at=timezone.now() - timedelta(days=1))

    response = client.get("/")

    assert response.status_code == 200
    assert list(response.context["articles"]) == [newer, older]
    assert response.context["articles"][0].title == "Новая"


def test_article_page_shows_title_lead_paragraphs_persons_and_events(client):
    article = make_article(
        title="Саммит ШОС", lead="Лид статьи", body="Первый абзац.\n\nВторой абзац."
    )
    link(article, make_person("Нурсултан Назарбаев"), "Президент Казахстана")
    article.events.add(make_event("Саммит ШОС в Астане"))

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Саммит ШОС</h1>" in html
    assert '<p class="lead">Лид статьи</p>' in html
    assert "<p>Первый абзац.</p>" in html
    assert "<p>Второй абзац.</p>" in html
    assert '<a href="/persons/nursultan-nazarbaev/">Нурсултан Назарбаев</a>' in html
    assert '<span class="role">Президент Казахстана</span>' in html
    assert '<a href="/events/sammit-shos-v-astane/">Саммит ШОС в Астане</a>' in html
    assert "<title>Саммит ШОС — Newsroom</title>" in html
    assert '<meta name="description" content="Лид статьи">' in html


def test_article_text_is_escaped(client):
    article = make_article(
        title="<script>alert(1)</script>", lead="<b>лид</b>", body='"><img src=x onerror=alert(1)>'
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def test_hidden_articles_are_404_and_absent_from_every_list(client, hidden_articles):
    _, hidden, person, event = hidden_articles
    pages = [
        "/",
        "/articles/",
        f"/articles/?person={person.slug}",
        f"/articles/?event={event.slug}",
        person.get_absolute_url(),
        event.get_absolute_url(),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "Видимая статья" in html, url
        for article in hidden:
            assert article.title not in html, url
    for article in hidden:
        response = client.get(article.get_absolute_url())
        assert response.status_code == 404
        assert article.title not in response.content.decode()


def test_person_and_event_known_only_from_hidden_articles_are_404(client):
    person = make_person("Тайный Источник")
    event = make_event("Закрытая встреча")
    draft = make_article(status=Article.Status.DRAFT)
    link(draft, person)
    draft.events.add(event)

    assert client.get(person.get_absolute_url()).status_code == 404
    assert client.get(event.get_absolute_url()).status_code == 404
    assert "Тайный Источник" not in client.get("/persons/").content.decode()
    assert "Закрытая встреча" not in client.get("/events/").content.decode()
    assert "Тайный Источник" not in client.get("/articles/").content.decode()


def test_unknown_pages_get_the_sites_404_page(client):
    response = client.get("/articles/no-such-article/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_person_page_lists_articles_newest_first_with_their_roles(client):
    person = make_person("Нурсултан Назарбаев", description="Первый президент Казахстана")
    old = make_article(title="Старая", published_at=timezone.now() - timedelta(days=3))
    new = make_article(title="Новая", published_at=timezone.now() - timedelta(days=1))
    link(old, person, "Президент Казахстана")
    link(new, person, "Елбасы")

    response = client.get(person.get_absolute_url())

    assert response.status_code == 200
    assert [(row.article, row.role) for row in response.context["links"]] == [
        (new, "Елбасы"),
        (old, "Президент Казахстана"),
    ]
    assert response.context["person"] == person
    assert "Первый президент Казахстана" in response.content.decode()


def test_event_page_shows_place_participants_and_articles(client):
    person = make_person("Нурсултан Назарбаев")
    event = make_event("Саммит ШОС", place="Астана", start_date=timezone.localdate())
    event.participants.add(person, make_person("Без публикаций"))
    article = make_article(title="О саммите")
    article.events.add(event)
    link(article, person)

    response = client.get(event.get_absolute_url())

    assert response.status_code == 200
    assert [row.article for row in response.context["links"]] == [article]
    assert list(response.context["participants"]) == [person]
    assert "Астана" in response.content.decode()


def test_month_precision_event_date_shows_only_the_month(client):
    from datetime import date

    event = make_event(
        "Саммит ШОС", start_date=date(2017, 6, 1), date_precision="month", place="Астана"
    )
    make_article().events.add(event)

    html = client.get(event.get_absolute_url()).content.decode()

    assert '<time datetime="2017-06">июнь 2017</time>' in html


def titles(response):
    return [article.title for article in response.context["articles"]]


def test_a_text_query_on_the_article_list_goes_to_search_with_its_filters(client):
    make_article(title="Назарбаев встретился с секретарями", body="Саммит в Астане.")
    make_article(title="Погода", body="Дожди.")

    response = client.get("/articles/", {"q": "НАЗАРБАЕВ астане", "date_from": "2017-01-01"})

    assert response.status_code == 302
    assert response["Location"] == (
        "/search/?q=%D0%9D%D0%90%D0%97%D0%90%D0%A0%D0%91%D0%90%D0%95%D0%92+"
        "%D0%B0%D1%81%D1%82%D0%B0%D0%BD%D0%B5&date_from=2017-01-01"
    )
    assert titles(client.get(response["Location"])) == ["Назарбаев встретился с секретарями"]


def test_person_and_event_filters(client):
    person = make_person("Нурсултан Назарбаев")
    event = make_event("Саммит ШОС")
    with_person = make_article(title="С персоной")
    link(with_person, person)
    with_event = make_article(title="С событием")
    with_event.events.add(event)
    make_article(title="Прочее")

    assert titles(client.get("/articles/", {"person": person.slug})) == ["С персоной"]
    assert titles(client.get("/articles/", {"event": event.slug})) == ["С событием"]
    unknown = client.get("/articles/", {"person": "no-such-person"})
    assert unknown.status_code == 200
    assert titles(unknown) == []


def test_date_filters_are_inclusive_days_in_the_site_time_zone(client):
    make_articles_around_midnight()

    response = client.get("/articles/", {"date_from": "2017-04-10", "date_to": "2017-04-11"})
    assert titles(response) == ["11 апреля", "10 апреля утром"]
    assert titles(client.get("/articles/", {"date_to": "2017-04-09"})) == ["9 апреля"]


def test_the_first_and_the_last_day_of_the_calendar_are_date_filters_without_a_bound(client):
    make_article(title="Статья")
    # In the site's time zone (+05:00) 0001-01-01 starts before year 1 does in UTC,
    # and 9999-12-31 has no next day: neither bounds the articles.
    for dates in [{"date_from": "0001-01-01"}, {"date_to": "9999-12-31"}]:
        assert titles(client.get("/articles/", dates)) == ["Статья"]
    assert titles(client.get("/articles/", {"date_from": "9999-12-31"})) == []
    assert titles(client.get("/articles/", {"date_to": "0001-01-01"})) == []


def test_date_filters_compare_the_publication_time_as_stored():
    # A range of published_at, which its index serves: no conversion of each
    # article's time to a date in the site's time zone before comparing.
    filtered = ArticleFilter(
        {"date_from": "2017-04-10", "date_to": "2017-04-11"}, queryset=Article.objects.all()
    ).qs
    conditions = [
        (condition.lhs.target.name, condition.lookup_name, condition.rhs)
        for condition in filtered.query.where.children
    ]
    assert conditions == [
        ("published_at", "gte", timezone.make_aware(datetime(2017, 4, 10))),
        ("published_at", "lt", timezone.make_aware(datetime(2017, 4, 12))),
    ]


def test_malformed_date_is_a_form_error_not_a_crash(client):
    make_article()
    response = client.get("/articles/", {"date_from": "2017-13-45"})
    assert response.status_code == 200
    assert titles(response) == []
    assert response.context["filter"].form.errors["date_from"]


def page_link(response, rel):
    """The query string of the page's rel="next" or rel="prev" link, or None."""
    match = re.search(rf'<a rel="{rel}" href="\?([^"]*)"', response.content.decode())
    return match and html.unescape(match.group(1))


def test_list_pages_by_twenty_by_position_and_keeps_filters_in_page_links(client):
    person = make_person("Нурсултан Назарбаев")
    for number in range(45):
        article = make_article(
            title=f"Статья {number}", published_at=timezone.now() - timedelta(minutes=number)
        )
        link(article, person)
    link(make_article(title="Другое", published_at=timezone.now()), make_person("Другой"))

    first = client.get("/articles/", {"person": person.slug})
    second = client.get(f"/articles/?{page_link(first, 'next')}")
    third = client.get(f"/articles/?{page_link(second, 'next')}")
    back = client.get(f"/articles/?{page_link(third, 'prev')}")

    assert titles(first) == [f"Статья {number}" for number in range(20)]
    assert page_link(first, "prev") is None
    assert page_link(first, "next").startswith(f"person={person.slug}&after=")
    assert titles(second) == [f"Статья {number}" for number in range(20, 40)]
    assert titles(third) == [f"Статья {number}" for number in range(40, 45)]
    assert page_link(third, "next") is None
    assert titles(back) == titles(second)
    assert page_link(back, "prev").startswith(f"person={person.slug}&before=")
    assert titles(client.get(f"/articles/?{page_link(back, 'prev')}")) == titles(first)


def test_articles_published_in_the_same_second_are_each_listed_once(client):
    when = timezone.now() - timedelta(hours=1)
    for number in range(25):
        make_article(title=f"Статья {number}", published_at=when)

    first = client.get("/articles/")
    second = client.get(f"/articles/?{page_link(first, 'next')}")

    listed = titles(first) + titles(second)
    assert sorted(listed) == sorted(f"Статья {number}" for number in range(25))


@pytest.mark.parametrize("cursor", ["junk", "W10", "WyJ4IiwgMV0", "WzEsIDIsIDNd", "%00"])
def test_a_malformed_page_position_is_a_404(client, cursor):
    make_article()
    assert client.get("/articles/", {"after": cursor}).status_code == 404
    assert client.get("/articles/", {"before": cursor}).status_code == 404


def test_person_and_event_lists_show_only_public_ones(client, hidden_articles):
    _, _, person, event = hidden_articles
    assert list(client.get("/persons/").context["entities"]) == [person]
    assert list(client.get("/events/").context["entities"]) == [event]


@pytest.mark.parametrize("count", [1, 20])
def test_article_list_queries_do_not_grow_with_the_page(client, django_assert_num_queries, count):
    person = make_person("Нурсултан Назарбаев")
    for _ in range(count):
        link(make_article(), person)
    # The content version (articles/caching/version.py) and the page rows: no count (pages go by
    # position), and the filter form lists no entities; the header's rubrics.
    with django_assert_num_queries(3):
        response = client.get("/articles/")
    assert len(response.context["articles"]) == count


@pytest.mark.parametrize("count", [1, 20])
def test_home_queries_do_not_grow_with_the_page(client, django_assert_num_queries, count):
    for _ in range(count):
        make_article()
    # The content version; the top stories; the latest articles; whether ten persons were
    # named recently, and the most mentioned persons; upcoming and recent events; the
    # header's rubrics.
    with django_assert_num_queries(8):
        client.get("/")


@pytest.mark.parametrize("count", [1, 20])
def test_person_page_queries_do_not_grow_with_the_page(client, django_assert_num_queries, count):
    person = make_person("Нурсултан Назарбаев")
    for _ in range(count):
        link(make_article(), person, "Президент")
    # The content version, the person, the page rows with their articles (by position: no
    # count), the person's other names for the JSON-LD alternateName, their latest
    # articles' IDs, and from those the roles, the persons named with them and their events;
    # the header's rubrics.
    with django_assert_num_queries(9):
        response = client.get(person.get_absolute_url())
    assert len(response.context["links"]) == count


@pytest.mark.parametrize("count", [1, 20])
def test_event_page_queries_do_not_grow_with_the_page(client, django_assert_num_queries, count):
    event = make_event("Саммит ШОС")
    for _ in range(count):
        make_article().events.add(event)
    # The content version, the event, its public participants, the page rows (by position:
    # no count), and the event's other names for the JSON-LD alternateName; the header's
    # rubrics.
    with django_assert_num_queries(6):
        response = client.get(event.get_absolute_url())
    assert len(response.context["links"]) == count


@pytest.mark.parametrize("count", [1, 20])
def test_article_page_queries_do_not_grow_with_its_links(client, django_assert_num_queries, count):
    article = make_article()
    for number in range(count):
        link(article, make_person(f"Персона {number}"), "роль")
        article.events.add(make_event(f"Событие {number}"))
    # The content version, the article with its rubric, then its person, event, organization
    # and place links with their entities, its byline with the authors, its tags; the
    # header's rubrics.
    with django_assert_num_queries(9):
        client.get(article.get_absolute_url())


def test_pages_are_in_russian(client):
    html = client.get(reverse("articles:article_list")).content.decode()
    assert '<html lang="ru">' in html
    assert "Статьи" in html
    assert "Персоны" in html
    assert "События" in html


def test_a_malformed_date_is_not_echoed_into_the_date_input(client):
    html = client.get("/articles/", {"date_from": "someday", "date_to": "2017-04-10"}).content
    html = html.decode()
    assert '<input type="date" name="date_from" aria-invalid="true"' in html
    assert "someday" not in html
    assert 'value="2017-04-10"' in html


@pytest.mark.parametrize("per_page", [5, 40])
@pytest.mark.parametrize(
    ("view", "url", "queries"),
    [
        # The content version, the page rows, the header's rubrics.
        (ArticleListView, "/articles/", 3),
        # The content version, the person, the page rows with their articles, the person's
        # other names, their latest articles' IDs, their roles, persons named with them,
        # their events, the header's rubrics.
        (PersonDetailView, "/persons/nursultan-nazarbaev/", 9),
    ],
)
def test_queries_do_not_grow_with_the_page_size(
    client, django_assert_num_queries, monkeypatch, view, url, queries, per_page
):
    person = make_person("Нурсултан Назарбаев")
    for number in range(45):
        link(make_article(), person, f"Роль {number % 3}")
        link(Article.objects.latest("pk"), make_person(f"Персона {number}"))
    monkeypatch.setattr(view, "paginate_by", per_page)

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert len(response.context["page_obj"]) == per_page


def test_a_chosen_person_is_a_removable_tag_and_an_unknown_one_an_error(client):
    person = make_person("Нурсултан Назарбаев")
    link(make_article(), person)

    chosen = client.get("/articles/", {"person": person.slug, "date_from": "2017-01-01"})
    unknown = client.get("/articles/", {"person": "nobody"})

    html = chosen.content.decode()
    assert f'<input type="hidden" name="person" value="{person.slug}"' in html
    assert f'<a href="{person.get_absolute_url()}">Нурсултан Назарбаев</a>' in html
    assert 'href="/articles/?date_from=2017-01-01"' in html  # the tag's remove link
    assert "<select" not in html
    assert '<p class="error chosen">Персона: ' in unknown.content.decode()
    assert list(unknown.context["articles"]) == []


def test_entity_pages_link_their_articles_in_the_filtered_list(client):
    person = make_person("Нурсултан Назарбаев")
    event = make_event("Саммит ШОС", review_status="approved")
    article = make_article()
    link(article, person)
    article.events.add(event)

    for entity, parameter in [(person, "person"), (event, "event")]:
        html = client.get(entity.get_absolute_url()).content.decode()
        assert f'<a href="/articles/?{parameter}={entity.slug}">' in html
        filtered = client.get(f"/articles/?{parameter}={entity.slug}")
        assert [a.title for a in filtered.context["articles"]] == [article.title]
