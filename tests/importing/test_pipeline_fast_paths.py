"""The importer's fast paths write what its plain path writes.

Files read in another process (the default for large imports without
extraction), new articles written with COPY (PostgreSQL), and the look-ups by
source ID that SQLite answers from its index.
"""

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import importing
from articles.importing import Outcome, import_files
from articles.models import Article
from articles.text import parsing

from ..factories import SEED

pytestmark = pytest.mark.django_db(transaction=True)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")

PUBLISHED_AT = datetime(2017, 4, 10, 6, 30, tzinfo=UTC)
# What the database sets itself, or the clock.
UNCOMPARED = ("id", "created_at", "updated_at")


def write_files(folder):
    """Seven files: five new articles (two with one headline), a bad one and a duplicate."""
    (folder / "copy").mkdir()
    paths = [folder / "000_9e9f9821349f9dac.txt", folder / "copy" / "000_9e9f9821349f9dac.txt"]
    for path in paths:
        path.write_bytes(SEED.read_bytes())
    for number, title in enumerate(["Саммит ШОС", "Саммит ШОС", "Форум в Астане"], start=1):
        path = folder / f"{number:03d}_{number + 0xC00:x}.txt"
        path.write_text(f"{title}\n\nЛид {number}.\n\nАбзац {number}.\n", encoding="utf-8")
        paths.append(path)
    paths.append(folder / "other name.txt")
    paths[-1].write_text("Без номера\n\nЛид.\n\nАбзац.\n", encoding="cp1251")
    paths.append(folder / "004_c04.txt")
    paths[-1].write_bytes(b"")
    return paths


def stored():
    return [
        {name: value for name, value in row.items() if name not in UNCOMPARED}
        for row in Article.objects.order_by("source_id").values()
    ]


def outcomes(results):
    return [(result.path, result.outcome, result.message) for result in results]


def test_files_read_in_another_process_are_imported_as_when_read_here(tmp_path, monkeypatch):
    monkeypatch.setattr(importing.pipeline, "PLAIN_BATCH_SIZE", 2)  # the first batch is read here
    files = write_files(tmp_path)
    read_here = import_files(files, readers=0, published_at=PUBLISHED_AT)
    expected = stored()
    Article.objects.all().delete()

    read_elsewhere = import_files(files, readers=1, published_at=PUBLISHED_AT)

    assert outcomes(read_elsewhere) == outcomes(read_here)
    assert [result.outcome for result in read_elsewhere] == [
        Outcome.CREATED,
        Outcome.UNCHANGED,
        Outcome.CREATED,
        Outcome.CREATED,
        Outcome.CREATED,
        Outcome.CREATED,
        Outcome.FAILED,
    ]
    assert stored() == expected
    assert [row["slug"] for row in expected] == [
        "nursultan-nazarbaev-my-soperezhivaem-vsem-grazhdanam-rossii",
        "bez-nomera",  # its source ID is a hash of its content
        "sammit-shos",
        "sammit-shos-2",
        "forum-v-astane",
    ]


def test_files_read_in_another_process_are_rolled_back_in_a_dry_run(tmp_path, monkeypatch):
    monkeypatch.setattr(importing.pipeline, "PLAIN_BATCH_SIZE", 2)

    results = import_files(write_files(tmp_path), readers=1, dry_run=True)

    assert [result.outcome for result in results].count(Outcome.CREATED) == 5
    assert not Article.objects.exists()


def never_called(batch):
    raise AssertionError(f"read in a process that is not there: {batch}")


class FailingPool:
    """A pool whose first batch's process dies, and which then refuses work."""

    def __init__(self):
        self.submitted = 0

    def submit(self, function, batch):
        self.submitted += 1
        if self.submitted > 1:
            raise BrokenProcessPool("a process died")
        future = Future()
        future.set_exception(BrokenProcessPool("a process died"))
        return future


def test_batches_a_dead_process_left_unread_are_read_here():
    batches = [["a", "b"], ["c"], ["d"], ["e"]]
    pool = FailingPool()

    read = list(
        importing.files._read_batches(
            batches, lambda batch: [f"here:{path}" for path in batch], never_called, pool
        )
    )

    assert read == [["here:a", "here:b"], ["here:c"], ["here:d"], ["here:e"]]
    assert pool.submitted == 3


def test_new_articles_are_stored_as_bulk_create_stores_them(tmp_path):
    files = write_files(tmp_path)
    import_files(files, readers=0, published_at=PUBLISHED_AT)
    expected = stored()
    Article.objects.all().delete()
    articles = []
    for path in files:
        try:
            parsed = parsing.parse_bytes(path.read_bytes())
        except parsing.ParseError:
            continue
        source_id = parsing.source_id_from_filename(path.name) or parsing.content_source_id(parsed)
        if source_id not in {article.source_id for article in articles}:
            articles.append(
                importing.writer.new_article(
                    parsed,
                    source_id=source_id,
                    source=None,
                    status=Article.Status.PUBLISHED,
                    published_at=PUBLISHED_AT,
                )
            )
    Article.fill_slugs(articles)

    Article.objects.bulk_create(articles)

    assert stored() == expected


def test_created_articles_have_their_keys_and_the_next_article_the_one_after(tmp_path):
    results = import_files(write_files(tmp_path), readers=0)
    created = [result.article for result in results if result.outcome == Outcome.CREATED]

    later = Article.objects.create(title="Позже", lead="Лид.", body="Абзац.")

    assert [(article.pk, article.title) for article in created] == list(
        Article.objects.exclude(pk=later.pk).order_by("pk").values_list("pk", "title")
    )
    assert all(not article._state.adding for article in created)
    assert later.pk == max(article.pk for article in created) + 1


@sqlite_only
def test_a_source_id_is_looked_up_in_the_unique_index():
    query = importing.writer._imported(source_id__in=["9e9f9821349f9dac", "abc"]).values_list(
        "source_id", flat=True
    )
    sql, params = query.query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = [row[-1] for row in cursor.fetchall()]

    assert plan == [
        "SEARCH articles_article USING COVERING INDEX article_unique_source_id (source_id=?)"
    ]


def test_an_unchanged_file_is_found_with_one_query_per_file(tmp_path):
    files = write_files(tmp_path)[2:5]
    import_files(files, readers=0)

    with CaptureQueriesContext(connection) as queries:
        results = import_files(files, readers=0)

    assert [result.outcome for result in results] == [Outcome.UNCHANGED] * 3
    selects = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    # The run's rubric (the default one), the batch's stored source IDs, then each
    # file's article.
    assert len(selects) == 5
    assert selects[0].startswith('SELECT "articles_rubric"."id"')
    assert all('NOT ("articles_article"."source_id" = ' in sql for sql in selects[1:])
