"""The home, person and event pages: what each block shows, in which order, and only public."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from articles import views
from articles.models import Article, ArticleEvent, ReviewStatus

from .factories import link, make_article, make_event, make_person

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - timedelta(days=days, minutes=1)


def draft(**fields):
    return make_article(status=Article.Status.DRAFT, **fields)


def scheduled(**fields):
    return make_article(published_at=timezone.now() + timedelta(days=1), **fields)


def reject(link_object):
    type(link_object).objects.filter(pk=link_object.pk).update(review_status=ReviewStatus.REJECTED)


def event_link(article, event):
    return ArticleEvent.objects.create(article=article, event=event)


def mentions(response):
    return [(person.name, person.mentions) for person in response.context["persons"]]


def names(items):
    return [item.name for item in items]


def section(html, heading_id):
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, re.S)
    return match[0] if match else ""


# Home page


def test_home_ranks_persons_by_their_published_articles_of_the_last_30_days(client):
    persons = [make_person(f"Персона {number:02}") for number in range(11)]
    for number, person in enumerate(persons[:10]):
        for _ in range(1 + number % 3):
            link(make_article(published_at=days_ago(1)), person)
    # Named most often, but only before the 30 days.
    for _ in range(5):
        link(make_article(published_at=days_ago(31)), persons[10])
    # Older articles of the recent persons do not count either.
    link(make_article(published_at=days_ago(40)), persons[0])

    response = client.get("/")

    assert mentions(response) == [
        ("Персона 02", 3),
        ("Персона 05", 3),
        ("Персона 08", 3),
        ("Персона 01", 2),
        ("Персона 04", 2),
        ("Персона 07", 2),
        ("Персона 00", 1),
        ("Персона 03", 1),
        ("Персона 06", 1),
        ("Персона 09", 1),
    ]
    assert all(person.mentions_are_recent for person in response.context["persons"])
    html = section(response.content.decode(), "persons-heading")
    assert (
        '<a href="/persons/persona-02/">Персона 02</a> <span class="count">3 статьи</span>' in html
    )


def test_home_ranks_persons_of_all_time_when_fewer_than_ten_were_named_recently(client):
    often = make_person("Давно и часто")
    recent = make_person("Недавно")
    for _ in range(3):
        link(make_article(published_at=days_ago(100)), often)
    link(make_article(published_at=days_ago(1)), recent)
    link(make_article(published_at=days_ago(200)), recent)

    response = client.get("/")

    assert mentions(response) == [("Давно и часто", 3), ("Недавно", 2)]
    assert not response.context["persons"][0].mentions_are_recent


def test_home_shows_the_ten_most_mentioned_persons(client):
    for number in range(12):
        person = make_person(f"Персона {number:02}")
        for _ in range(12 - number):
            link(make_article(), person)

    response = client.get("/")

    assert [name for name, _ in mentions(response)] == [f"Персона {n:02}" for n in range(10)]


def test_home_counts_only_published_articles_and_visible_links_of_public_persons(client):
    counted = make_person("Нурсултан Назарбаев")
    link(make_article(), counted)
    for article in (draft(), scheduled()):
        link(article, counted)
    reject(link(make_article(), counted))
    rejected = make_person("Отклонённая персона", review_status=ReviewStatus.REJECTED)
    link(make_article(), rejected)
    hidden = make_person("Только в черновиках")
    for _ in range(3):
        link(draft(), hidden)

    response = client.get("/")

    assert mentions(response) == [("Нурсултан Назарбаев", 1)]
    html = response.content.decode()
    assert "Отклонённая персона" not in html
    assert "Только в черновиках" not in html


def test_home_lists_upcoming_events_soonest_first_and_recent_ones_latest_first(client):
    today = timezone.localdate()
    article = make_article()
    for name, start in [
        ("Через неделю", today + timedelta(days=7)),
        ("Сегодня", today),
        ("Завтра", today + timedelta(days=1)),
        ("Вчера", today - timedelta(days=1)),
        ("Месяц назад", today - timedelta(days=30)),
        ("Неделю назад", today - timedelta(days=7)),
    ]:
        event_link(article, make_event(name, start_date=start))
    event_link(article, make_event("Без даты"))

    response = client.get("/")

    assert names(response.context["upcoming_events"]) == ["Сегодня", "Завтра", "Через неделю"]
    assert names(response.context["recent_events"]) == ["Вчера", "Неделю назад", "Месяц назад"]
    html = section(response.content.decode(), "upcoming-heading")
    assert f'<time datetime="{today:%Y-%m-%d}">' in html


def test_home_shows_five_events_of_each_kind(client):
    today = timezone.localdate()
    article = make_article()
    for number in range(1, 8):
        event_link(article, make_event(f"Будет {number}", start_date=today + timedelta(number)))
        event_link(article, make_event(f"Было {number}", start_date=today - timedelta(number)))

    response = client.get("/")

    assert names(response.context["upcoming_events"]) == [f"Будет {n}" for n in range(1, 6)]
    assert names(response.context["recent_events"]) == [f"Было {n}" for n in range(1, 6)]


def test_home_shows_only_approved_events_named_in_published_articles(client):
    today = timezone.localdate()
    tomorrow, yesterday = today + timedelta(days=1), today - timedelta(days=1)
    shown = make_event("Одобренное", start_date=tomorrow)
    event_link(make_article(), shown)
    suggested = make_event(
        "Предложенное", start_date=tomorrow, review_status=ReviewStatus.SUGGESTED
    )
    event_link(make_article(), suggested)
    in_draft = make_event("Из черновика", start_date=yesterday)
    event_link(draft(), in_draft)
    in_scheduled = make_event("Из запланированной", start_date=tomorrow)
    event_link(scheduled(), in_scheduled)
    rejected_link = make_event("По отклонённой связи", start_date=yesterday)
    reject(event_link(make_article(), rejected_link))

    response = client.get("/")

    assert names(response.context["upcoming_events"]) == ["Одобренное"]
    assert names(response.context["recent_events"]) == []
    html = response.content.decode()
    for hidden in ("Предложенное", "Из черновика", "Из запланированной", "По отклонённой связи"):
        assert hidden not in html


@pytest.mark.parametrize("count", [1, 20])
def test_home_queries_do_not_grow_with_its_blocks(client, django_assert_num_queries, count):
    today = timezone.localdate()
    for number in range(count):
        article = make_article()
        link(article, make_person(f"Персона {number}"))
        event_link(article, make_event(f"Будет {number}", start_date=today + timedelta(1)))
        event_link(article, make_event(f"Было {number}", start_date=today - timedelta(1)))
    # The content version (articles/caching/version.py); the top stories; the latest
    # articles; whether ten persons were named recently (with 1, not: the persons of the
    # latest articles), and the most mentioned persons; upcoming and recent events; the
    # header's rubrics.
    with django_assert_num_queries(8):
        response = client.get("/")
    assert len(response.context["persons"]) == min(count, 10)


# Person page


def test_person_page_lists_each_role_with_the_dates_of_its_articles_latest_first(client):
    person = make_person("Нурсултан Назарбаев", description="Первый президент Казахстана")
    link(
        make_article(published_at=datetime(2015, 3, 1, 12, tzinfo=UTC)),
        person,
        "Президент Казахстана",
    )
    link(
        make_article(published_at=datetime(2016, 6, 2, 12, tzinfo=UTC)),
        person,
        "президент Казахстана",
    )
    link(make_article(published_at=datetime(2020, 1, 10, 12, tzinfo=UTC)), person, "Елбасы")
    link(make_article(published_at=datetime(2021, 5, 5, 12, tzinfo=UTC)), person)
    link(draft(), person, "Лидер нации")
    link(scheduled(), person, "Почётный сенатор")

    response = client.get(person.get_absolute_url())

    assert [
        (row["role"], row["first_stated"].date(), row["last_stated"].date())
        for row in response.context["roles"]
    ] == [
        ("Елбасы", date(2020, 1, 10), date(2020, 1, 10)),
        ("президент Казахстана", date(2015, 3, 1), date(2016, 6, 2)),
    ]
    html = section(response.content.decode(), "roles-heading")
    assert (
        '<li><span class="role">президент Казахстана</span> <span class="dates">'
        '<time datetime="2015-03-01">1 марта 2015</time> — '
        '<time datetime="2016-06-02">2 июня 2016</time></span></li>'
    ) in html
    assert "Лидер нации" not in response.content.decode()
    assert "Почётный сенатор" not in response.content.decode()
    assert '<p class="description">Первый президент Казахстана</p>' in response.content.decode()


def test_person_page_headings_put_the_name_in_the_case_the_sentence_needs(client):
    person = make_person("Нурсултан Назарбаев")
    article = make_article()
    link(article, person)
    link(article, make_person("Касым-Жомарт Токаев"))

    html = client.get(person.get_absolute_url()).content.decode()

    assert re.search(r'<h2 id="articles-heading">[^<]* Нурсултане Назарбаеве</h2>', html)
    assert re.search(r'<h2 id="named-with-heading">[^<]* Нурсултаном Назарбаевым[^<]*</h2>', html)


def test_person_page_lists_articles_newest_first_with_the_role_in_each(client):
    person = make_person("Гульнара Сейтказиева")
    old = make_article(title="Старая", published_at=days_ago(3))
    new = make_article(title="Новая", published_at=days_ago(1))
    link(old, person, "вице-министр финансов")
    link(new, person, "министр финансов")
    link(draft(title="Черновик"), person, "министр")

    response = client.get(person.get_absolute_url())

    assert [(row.article.title, row.role) for row in response.context["links"]] == [
        ("Новая", "министр финансов"),
        ("Старая", "вице-министр финансов"),
    ]
    assert "Черновик" not in response.content.decode()


def test_person_page_names_the_persons_most_often_named_with_them(client):
    person = make_person("Нурсултан Назарбаев")
    often = make_person("Касым-Жомарт Токаев")
    sometimes = make_person("Владимир Путин")
    once = make_person("Ангела Меркель")
    elsewhere = make_person("Только в других статьях")
    for others in ([often, sometimes, once], [often, sometimes], [often]):
        article = make_article()
        link(article, person)
        for other in others:
            link(article, other)
    link(make_article(), elsewhere)

    response = client.get(person.get_absolute_url())

    assert [(p.name, p.shared_articles) for p in response.context["named_with"]] == [
        ("Касым-Жомарт Токаев", 3),
        ("Владимир Путин", 2),
        ("Ангела Меркель", 1),
    ]
    html = section(response.content.decode(), "named-with-heading")
    assert (
        '<a href="/persons/angela-merkel/">Ангела Меркель</a> <span class="count">1 статья</span>'
        in html
    )
    assert "Только в других статьях" not in html
    assert "Нурсултан Назарбаев" not in html


def test_person_page_names_at_most_eight_persons_named_with_them(client):
    person = make_person("Нурсултан Назарбаев")
    article = make_article()
    link(article, person)
    for number in range(10):
        link(article, make_person(f"Персона {number}"))

    response = client.get(person.get_absolute_url())

    assert names(response.context["named_with"]) == [f"Персона {n}" for n in range(8)]


def test_persons_named_with_them_count_only_published_articles_and_visible_links(client):
    person = make_person("Нурсултан Назарбаев")
    other = make_person("Касым-Жомарт Токаев")
    rejected_person = make_person("Отклонённая персона", review_status=ReviewStatus.REJECTED)
    shared = make_article()
    link(shared, person)
    link(shared, other)
    link(shared, rejected_person)
    for hidden in (draft(), scheduled()):
        link(hidden, person)
        link(hidden, other)
    # Their link rejected in one article, or the other's in another: neither counts.
    rejected_own = make_article()
    reject(link(rejected_own, person))
    link(rejected_own, other)
    rejected_other = make_article()
    link(rejected_other, person)
    reject(link(rejected_other, other))

    response = client.get(person.get_absolute_url())

    assert [(p.name, p.shared_articles) for p in response.context["named_with"]] == [
        ("Касым-Жомарт Токаев", 1)
    ]
    assert "Отклонённая персона" not in response.content.decode()


def test_person_page_lists_their_public_events_from_their_articles_and_participation(client):
    person = make_person("Нурсултан Назарбаев")
    article = make_article()
    link(article, person)
    from_article = make_event("Саммит ШОС", start_date=date(2017, 6, 8), place="Астана")
    event_link(article, from_article)
    both = make_event("Форум", start_date=date(2018, 5, 1))
    event_link(article, both)
    both.participants.add(person)
    participated = make_event("Встреча", start_date=date(2016, 1, 1), date_precision="year")
    participated.participants.add(person)
    event_link(make_article(), participated)
    # Not theirs, or not public.
    event_link(make_article(), make_event("Чужое событие"))
    suggested = make_event("Предложенное", review_status=ReviewStatus.SUGGESTED)
    event_link(article, suggested)
    only_in_draft = make_event("Из черновика")
    only_in_draft.participants.add(person)
    event_link(draft(), only_in_draft)
    in_their_draft = draft()
    link(in_their_draft, person)
    event_link(in_their_draft, make_event("Из их черновика"))
    reject(event_link(article, make_event("По отклонённой связи")))

    response = client.get(person.get_absolute_url())

    assert names(response.context["events"]) == ["Форум", "Саммит ШОС", "Встреча"]
    html = section(response.content.decode(), "events-heading")
    assert (
        '<a href="/events/sammit-shos/">Саммит ШОС</a> · '
        '<time datetime="2017-06-08">8 июня 2017</time> · Астана'
    ) in html
    assert '<time datetime="2016">2016</time>' in html


@pytest.mark.parametrize("count", [1, 20])
def test_person_page_queries_do_not_grow_with_its_blocks(client, django_assert_num_queries, count):
    person = make_person("Нурсултан Назарбаев")
    for number in range(count):
        article = make_article()
        link(article, person, f"Роль {number}")
        link(article, make_person(f"Персона {number}"))
        event = make_event(f"Событие {number}", start_date=date(2017, 1, 1) + timedelta(number))
        event_link(article, event)
        event.participants.add(person)
    # The content version, the person, the page rows with their articles (by position: no
    # count), the person's other names (JSON-LD), their latest articles' IDs, and from
    # those the roles, the persons named with them, their events; the header's rubrics.
    with django_assert_num_queries(9):
        response = client.get(person.get_absolute_url())
    assert len(response.context["roles"]) == count
    assert len(response.context["named_with"]) == min(count, 8)
    assert len(response.context["events"]) == count


# Event page


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ({"start_date": date(2017, 6, 15)}, '<time datetime="2017-06-15">15 июня 2017</time>'),
        (
            {"start_date": date(2017, 6, 1), "date_precision": "month"},
            '<time datetime="2017-06">июнь 2017</time>',
        ),
        (
            {"start_date": date(2017, 1, 1), "date_precision": "year"},
            '<time datetime="2017">2017</time>',
        ),
        (
            {"start_date": date(2017, 6, 15), "end_date": date(2017, 6, 16)},
            '<time datetime="2017-06-15">15</time>–<time datetime="2017-06-16">16 июня 2017</time>',
        ),
    ],
)
def test_event_page_shows_the_date_as_precisely_as_it_is_known_and_the_place(
    client, dates, expected
):
    event = make_event("Саммит ШОС", place="Астана", **dates)
    event_link(make_article(), event)

    html = client.get(event.get_absolute_url()).content.decode()

    assert f"<dd>{expected}</dd>" in html
    assert "<dd>Астана</dd>" in html


def test_event_page_lists_participants_with_the_role_its_articles_give_them(client):
    event = make_event("Саммит ШОС")
    president = make_person("Нурсултан Назарбаев", description="Первый президент Казахстана")
    minister = make_person("Ерлан Байжанов", description="Министр энергетики")
    hidden = make_person("Отклонённая персона", review_status=ReviewStatus.REJECTED)
    event.participants.add(president, minister, hidden)
    older = make_article(published_at=days_ago(3))
    newer = make_article(published_at=days_ago(1))
    for article in (older, newer):
        event_link(article, event)
    link(older, president, "Президент Казахстана")
    link(newer, president, "Глава государства")
    link(newer, minister)
    # Roles stated elsewhere, or in articles the public may not see, do not count.
    link(make_article(published_at=days_ago(0)), minister, "Министр иностранных дел")
    hidden_article = draft()
    event_link(hidden_article, event)
    link(hidden_article, president, "Лидер нации")

    response = client.get(event.get_absolute_url())

    assert [(p.name, p.role) for p in response.context["participants"]] == [
        ("Ерлан Байжанов", None),
        ("Нурсултан Назарбаев", "Глава государства"),
    ]
    html = section(response.content.decode(), "participants-heading")
    assert (
        '<a href="/persons/nursultan-nazarbaev/">Нурсултан Назарбаев</a> — '
        '<span class="role">Глава государства</span>'
    ) in html
    # Without a role from the coverage, their current description.
    assert '<a href="/persons/erlan-baizhanov/">Ерлан Байжанов</a> — Министр энергетики' in html
    assert "Отклонённая персона" not in html


def test_event_page_groups_its_coverage_by_day_in_the_site_time_zone_newest_first(client):
    event = make_event("Саммит ШОС")

    def at(day, hour, minute=0):
        return timezone.make_aware(datetime(2017, 6, day, hour, minute))

    for title, published_at in [
        ("Итоги саммита", at(16, 18)),
        ("Открытие саммита", at(15, 10)),
        ("Ночью после открытия", at(16, 0, 30)),
        ("Накануне", at(14, 23, 30)),
    ]:
        event_link(make_article(title=title, published_at=published_at), event)
    event_link(draft(title="Черновик о саммите"), event)
    event_link(scheduled(title="Запланированная о саммите"), event)

    html = client.get(event.get_absolute_url()).content.decode()

    timeline = section(html, "coverage-heading")
    days = re.findall(r'<h3><time datetime="([\d-]+)">([^<]+)</time></h3>', timeline)
    assert days == [
        ("2017-06-16", "16 июня 2017"),
        ("2017-06-15", "15 июня 2017"),
        ("2017-06-14", "14 июня 2017"),
    ]
    titles = re.findall(r'<a href="/articles/[^"]+/">([^<]+)</a>', timeline)
    assert titles == ["Итоги саммита", "Ночью после открытия", "Открытие саммита", "Накануне"]
    assert '">00:30</time>' in timeline
    assert "Черновик о саммите" not in html
    assert "Запланированная о саммите" not in html


def test_event_pages_of_unapproved_events_are_404(client):
    event = make_event("Предложенное", review_status=ReviewStatus.SUGGESTED)
    event_link(make_article(), event)

    assert client.get(event.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("count", [1, 20])
def test_event_page_queries_do_not_grow_with_its_blocks(client, django_assert_num_queries, count):
    event = make_event("Саммит ШОС", start_date=date(2017, 6, 15), place="Астана")
    for number in range(count):
        article = make_article(published_at=days_ago(number))
        event_link(article, event)
        person = make_person(f"Персона {number}")
        event.participants.add(person)
        link(article, person, f"Роль {number}")
    # The content version, the event, its other names (JSON-LD), its participants with their
    # roles, the page rows with their articles (by position: no count); the header's rubrics.
    with django_assert_num_queries(6):
        response = client.get(event.get_absolute_url())
    assert len(response.context["participants"]) == count
    assert len(response.context["links"]) == count


def test_person_page_headings_use_the_long_prepositions_before_such_names(client):
    article = make_article()
    askar = make_person("Аскар Мамин")
    svetlana = make_person("Светлана Жакупова")
    link(article, askar)
    link(article, svetlana)

    askar_html = client.get(askar.get_absolute_url()).content.decode()
    svetlana_html = client.get(svetlana.get_absolute_url()).content.decode()

    # "об Аскаре Мамине", "со Светланой Жакуповой" once translated.
    assert re.search(r'<h2 id="articles-heading">[^<]* Аскаре Мамине</h2>', askar_html)
    assert re.search(
        r'<h2 id="named-with-heading">[^<]* Светланой Жакуповой[^<]*</h2>', svetlana_html
    )


def test_person_page_says_when_its_blocks_come_from_their_latest_articles_only(client, monkeypatch):
    monkeypatch.setattr(views, "PERSON_LATEST_ARTICLES", 2)
    person = make_person("Нурсултан Назарбаев")
    for number in range(2):
        link(make_article(), person, f"Роль {number}")
    note = "по последним 2 статьям"

    assert note not in client.get(person.get_absolute_url()).content.decode()
    link(make_article(published_at=timezone.now() - timedelta(days=400)), person, "Старая роль")
    html = client.get(person.get_absolute_url()).content.decode()
    assert note in html
    assert "Старая роль" not in section(html, "roles-heading")
