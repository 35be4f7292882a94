"""SQLite's FTS5 index of the stored word forms (migration 0009), kept in step by triggers."""

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.db.utils import load_backend
from django.utils import timezone

from articles import search
from articles.models import Article
from articles.search import sqlite
from articles.text import stemming

from ..contracts.test_backup import DUMPDATA_FLAGS
from ..factories import make_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own search index"),
]

INDEX = sqlite.FORMS_INDEX


def found(text, using="default"):
    queryset = search.search_articles(Article.objects.using(using).all(), text)
    return list(queryset.values_list("title", flat=True))


def assert_index_in_step(using="default"):
    # With rank 1 the index is also compared with the article table's forms:
    # SQLite raises "database disk image is malformed" at the first difference.
    with connections[using].cursor() as cursor:
        cursor.execute(f"INSERT INTO {INDEX}({INDEX}, rank) VALUES ('integrity-check', 1)")


def index_objects(using="default"):
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT type, name, tbl_name FROM sqlite_master WHERE name LIKE %s ORDER BY type, name",
            [f"{INDEX}%"],
        )
        return cursor.fetchall()


INDEX_OBJECTS = [
    ("table", "articles_article_fts", "articles_article_fts"),
    ("table", "articles_article_fts_config", "articles_article_fts_config"),
    ("table", "articles_article_fts_data", "articles_article_fts_data"),
    ("table", "articles_article_fts_idx", "articles_article_fts_idx"),
    ("trigger", "articles_article_fts_delete", "articles_article"),
    ("trigger", "articles_article_fts_insert", "articles_article"),
    ("trigger", "articles_article_fts_update", "articles_article"),
]


def test_after_every_migration_the_index_has_its_three_triggers_on_the_article_table():
    # Django remakes a table on SQLite for most changes, which drops its triggers:
    # a later migration that alters the article table must create them again.
    assert index_objects() == INDEX_OBJECTS


def test_the_index_follows_save_bulk_writes_queryset_updates_and_deletes():
    summit = make_article(title="Саммит ШОС", lead="Лид.", body="Текст.")
    assert found("саммита") == ["Саммит ШОС"]

    created = [
        Article(title="Форум в Астане", slug="forum", lead="Лид.", body="Текст."),
        Article(title="Выборы", slug="vybory", lead="Саммит прошёл.", body="Текст."),
    ]
    for article in created:
        article.fill_derived_fields()
    forum, elections = Article.objects.bulk_create(created)
    assert found("саммиты") == ["Саммит ШОС", "Выборы"]
    assert found("форума") == ["Форум в Астане"]

    # Other columns change and the forms stay: so does the index.
    Article.objects.update(title="Новости")
    Article.objects.filter(pk=forum.pk).update(
        status=Article.Status.PUBLISHED, published_at=timezone.now()
    )
    assert found("саммиты") == ["Новости", "Новости"]
    assert found("новости") == []
    assert_index_in_step()

    forum.title_stems = stemming.document("Новости")
    Article.objects.bulk_update([forum], ["title_stems"])
    Article.objects.filter(pk=summit.pk).update(body_stems=stemming.document("Выборы"))
    assert list(search.search_articles(Article.objects.all(), "новостей")) == [forum]
    assert list(search.search_articles(Article.objects.all(), "выборах")) == [elections, summit]
    assert list(search.search_articles(Article.objects.all(), "форум")) == []

    elections.save()  # every column written, the same forms
    summit.delete()
    assert list(search.search_articles(Article.objects.all(), "саммит")) == [elections]
    assert list(search.search_articles(Article.objects.all(), "выборы")) == [elections]
    assert_index_in_step()


def test_a_form_is_found_as_a_whole_and_by_itself_only():
    make_article(title="Near East", lead="Café", body="COVID-19 в Нур-Султане, 5 м²")

    assert found("near") == ["Near East"]
    assert found("café") == ["Near East"]
    assert found("cafe") == []
    assert found("19 covid") == ["Near East"]
    assert found("м²") == ["Near East"]
    assert found("м") == []
    assert found("нур") == ["Near East"]
    assert found("ну") == []
    assert found("султан") == ["Near East"]
    assert found("султ") == []


def test_a_query_is_each_form_quoted_any_of_a_word_and_every_word():
    assert sqlite.fts_query_text(stemming.query("саммите ШОС")) == (
        '("самм" OR "саммит" OR "саммите") AND ("шос")'
    )
    assert sqlite.fts_query_text([stemming.Term("x", frozenset({"not", 'a"b'}))]) == (
        '("a""b" OR "not")'
    )


def test_search_matches_and_ranks_by_the_index_scanning_no_article_table():
    queryset = search.search_articles(Article.objects.public(), "саммит Астана")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        steps = [row[-1] for row in cursor.fetchall()]
    # One lookup for the match, one per word and section for the rank.
    assert steps.count(f"SCAN {INDEX} VIRTUAL TABLE INDEX 0:M3") == 5
    assert steps[0] == (
        "SEARCH articles_article USING INDEX article_status_pub_idx (status=? AND published_at<?)"
    )
    assert not any(step.startswith("SCAN articles_article ") for step in steps)


@pytest.mark.django_db(transaction=True)
def test_flush_and_loaddata_keep_the_index_in_step(tmp_path):
    make_article(title="Саммит ШОС")
    make_article(title="Форум в Астане")
    backup = tmp_path / "newsroom.yaml"
    call_command("dumpdata", *DUMPDATA_FLAGS, output=str(backup), verbosity=0)

    call_command("flush", interactive=False, verbosity=0)
    assert found("саммит") == []
    assert_index_in_step()

    call_command("loaddata", str(backup), verbosity=0)
    assert found("саммит") == ["Саммит ШОС"]
    assert found("астаны") == ["Форум в Астане"]
    assert_index_in_step()


@pytest.fixture
def scratch_database(tmp_path):
    """A second database alias, on a new SQLite file, migrated."""
    alias = "scratch"
    settings_dict = {
        **connections.settings["default"],
        "NAME": str(tmp_path / "scratch.sqlite3"),
        "TEST": {},
    }
    connections[alias] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    try:
        call_command("migrate", database=alias, verbosity=0)
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]


def test_migration_0009_goes_back_and_forward_indexing_the_articles_there(scratch_database):
    Article(title="Саммит ШОС", lead="Лид.", body="Текст.").save(using=scratch_database)

    call_command("migrate", "articles", "0008", database=scratch_database, verbosity=0)
    assert index_objects(scratch_database) == []

    call_command("migrate", "articles", database=scratch_database, verbosity=0)
    assert index_objects(scratch_database) == INDEX_OBJECTS
    assert found("саммита", using=scratch_database) == ["Саммит ШОС"]
    assert_index_in_step(scratch_database)
