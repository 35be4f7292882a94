from datetime import timedelta

import pytest
from django.db import IntegrityError, connection
from django.utils import timezone

from articles.models import Article, Event, Person, _slugs_starting_with

from ..factories import link, make_article, make_event, make_person

pytestmark = pytest.mark.django_db


def test_public_shows_only_published_articles_whose_time_has_come():
    visible = make_article(title="Опубликована")
    make_article(title="Черновик", status=Article.Status.DRAFT)
    make_article(title="Запланирована", published_at=timezone.now() + timedelta(minutes=5))
    make_article(title="Снята", status=Article.Status.DRAFT, published_at=timezone.now())

    assert list(Article.objects.public()) == [visible]


def test_public_is_chainable_and_reaches_a_scheduled_article_once_its_time_comes():
    scheduled = make_article(published_at=timezone.now() + timedelta(hours=1))
    assert not Article.objects.filter(pk=scheduled.pk).public().exists()

    Article.objects.filter(pk=scheduled.pk).update(
        published_at=timezone.now() - timedelta(seconds=1)
    )
    assert Article.objects.filter(pk=scheduled.pk).public().get() == scheduled


def test_with_is_public_agrees_with_public():
    make_article(title="Видна")
    make_article(title="Черновик", status=Article.Status.DRAFT)
    make_article(title="Будущая", published_at=timezone.now() + timedelta(days=1))

    flags = dict(Article.objects.with_is_public().values_list("title", "is_public"))
    assert flags == {"Видна": True, "Черновик": False, "Будущая": False}


def test_slug_is_an_ascii_transliteration_of_the_russian_title():
    article = make_article(title="Нурсултан Назарбаев: Мы сопереживаем всем гражданам России")
    assert article.slug == "nursultan-nazarbaev-my-soperezhivaem-vsem-grazhdanam-rossii"


def test_slug_stays_when_the_title_changes():
    article = make_article(title="Саммит ШОС")
    article.title = "Саммит ШОС в Астане"
    article.save()
    article.refresh_from_db()
    assert article.slug == "sammit-shos"


def test_equal_titles_get_distinct_slugs():
    slugs = [make_article(title="Саммит ШОС").slug for _ in range(3)]
    assert slugs == ["sammit-shos", "sammit-shos-2", "sammit-shos-3"]


def test_a_taken_slug_s_suffixes_are_counted_only_among_slugs_with_its_prefix():
    for title in ["Саммит ШОС", "Саммит ШОС", "Саммит ШОСа", "Саммит", "Саммит ШОС"]:
        make_article(title=title)

    assert sorted(Article.objects.values_list("slug", flat=True)) == [
        "sammit",
        "sammit-shos",
        "sammit-shos-2",
        "sammit-shos-3",
        "sammit-shosa",
    ]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")
def test_slugs_with_a_prefix_are_found_by_the_slug_index_on_sqlite():
    # Django's LIKE … ESCAPE for startswith is answered by a scan of the whole table.
    sql, params = (
        _slugs_starting_with(Article.objects, "sammit-shos")
        .values_list("slug", flat=True)
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = [row[-1] for row in cursor.fetchall()]

    # (The slug's unique index, as SQLite names it.)
    assert plan == [
        "SEARCH articles_article USING COVERING INDEX sqlite_autoindex_articles_article_1 "
        "(slug>? AND slug<?)"
    ]


def test_publishing_without_a_time_uses_now():
    before = timezone.now()
    article = make_article(status=Article.Status.PUBLISHED, published_at=None)
    assert before <= article.published_at <= timezone.now()


def test_a_draft_keeps_an_empty_publication_time():
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    article.refresh_from_db()
    assert article.published_at is None


def test_database_refuses_a_published_article_without_a_time():
    article = make_article()
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(published_at=None)


def test_database_refuses_an_unknown_status():
    article = make_article()
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(status="archived")


def test_source_id_is_unique_when_present_and_may_be_empty_many_times():
    make_article(source_id="")
    make_article(source_id="")
    make_article(source_id="9e9f9821349f9dac")
    with pytest.raises(IntegrityError):
        make_article(source_id="9e9f9821349f9dac")


def test_paragraphs_split_on_blank_lines_and_normalise_windows_newlines():
    article = make_article(body="Первый.\r\n\r\nВторой\r\nпродолжение.\r\n\r\n\r\nТретий.")
    article.refresh_from_db()
    # A line break inside a paragraph is a space, as in HTML.
    assert article.paragraphs() == ["Первый.", "Второй продолжение.", "Третий."]


def test_search_text_is_case_folded_and_kept_current():
    article = make_article(title="Назарбаев", lead="ЛИД", body="Текст")
    article.title = "Токаев"
    article.save(update_fields=["title"])
    article.refresh_from_db()
    assert article.search_text == "токаев\nлид\nтекст"


def test_person_public_means_named_in_a_published_article():
    named = make_person("Нурсултан Назарбаев")
    only_in_draft = make_person("Касым-Жомарт Токаев")
    make_person("Без статей")
    link(make_article(), named)
    link(make_article(status=Article.Status.DRAFT), only_in_draft)

    assert list(Person.objects.public()) == [named]


def test_event_public_means_covered_by_a_published_article():
    covered = make_event("Саммит ШОС")
    scheduled_only = make_event("Форум")
    make_article().events.add(covered)
    make_article(published_at=timezone.now() + timedelta(days=1)).events.add(scheduled_only)

    assert list(Event.objects.public()) == [covered]


def test_event_end_date_may_not_precede_its_start():
    with pytest.raises(IntegrityError):
        make_event(
            "Саммит",
            start_date=timezone.localdate(),
            end_date=timezone.localdate() - timedelta(days=1),
        )


def test_absolute_urls_use_slugs():
    article = make_article(title="Саммит ШОС")
    person = make_person("Нурсултан Назарбаев")
    event = make_event("Саммит ШОС в Астане")
    assert article.get_absolute_url() == "/articles/sammit-shos/"
    assert person.get_absolute_url() == "/persons/nursultan-nazarbaev/"
    assert event.get_absolute_url() == "/events/sammit-shos-v-astane/"


def test_a_photo_url_must_be_a_web_address():
    from django.core.exceptions import ValidationError

    person = Person(name="Нурсултан Назарбаев", slug="nazarbaev")
    for address in ["ftp://example.kz/photo.jpg", "javascript:alert(1)"]:
        person.photo_url = address
        with pytest.raises(ValidationError) as error:
            person.full_clean()
        assert list(error.value.message_dict) == ["photo_url"]
    person.photo_url = "https://example.kz/photo.jpg"
    person.full_clean()
