"""Import processes at once on the same files: one article per source ID, no errors.

The importers are real `manage.py load_articles` processes on a database they all can
open: pytest-django's test database on PostgreSQL; on SQLite, whose test database lives
in this process's memory, a file database of their own.
"""

import os
import re
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from urllib.parse import quote

import pytest
from django.db import DatabaseError, connection

from articles import importing
from articles.models import Article
from articles.models import base as model_base

from ..factories import ROOT, SEED, load_articles

pytestmark = pytest.mark.django_db(transaction=True)

FILES = 240
SEED_PARAGRAPHS = SEED.read_text(encoding="utf-8").split("\n\n")[2:-1]
SUMMARY = re.compile(
    r"^(\d+) created, (\d+) updated, (\d+) unchanged, (\d+) skipped, (\d+) failed\.$", re.M
)

# Each importer sets Django up, says it is ready, and waits for the signal to start: both
# then import at the same moment, not one after the other's start-up.
RUNNER = """
import sys, time
from pathlib import Path

import django

django.setup()
from django.core.management import execute_from_command_line

ready, go = Path(sys.argv[1]), Path(sys.argv[2])
ready.touch()
while not go.exists():
    time.sleep(0.005)
execute_from_command_line(["manage.py", "load_articles", *sys.argv[3:]])
"""


def environment(database_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": database_url,
    }


def postgres_url():
    settings = connection.settings_dict
    return "postgres://{}:{}@{}:{}/{}".format(
        quote(settings["USER"], safe=""),
        quote(settings["PASSWORD"] or "", safe=""),
        settings["HOST"] or "localhost",
        settings["PORT"] or 5432,
        quote(settings["NAME"], safe=""),
    )


@pytest.fixture
def database(tmp_path):
    """(DATABASE_URL for the importers, a function returning their articles' source IDs)."""
    if connection.vendor == "postgresql":
        return postgres_url(), lambda: list(Article.objects.values_list("source_id", flat=True))

    path = tmp_path / "db.sqlite3"
    url = f"sqlite:///{path}"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"],
        cwd=ROOT,
        env=environment(url),
        check=True,
        timeout=300,
    )

    def source_ids():
        with closing(sqlite3.connect(path)) as db:
            return [
                source_id
                for (source_id,) in db.execute(f"SELECT source_id FROM {Article._meta.db_table}")
            ]

    return url, source_ids


@pytest.fixture
def article_files(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    files = []
    for number in range(FILES):
        # Distinct titles and bodies: every file is an article of its own.
        paragraphs = SEED_PARAGRAPHS[number % 12 :] + SEED_PARAGRAPHS[: number % 12]
        path = folder / f"{number:03d}_{0xC0FFEE00 + number:x}.txt"
        path.write_text(
            f"Статья номер {number}\n\nЛид статьи номер {number}.\n\n" + "\n\n".join(paragraphs),
            encoding="utf-8",
        )
        files.append(path)
    return folder, files


def run_together(database_url, tmp_path, *argument_lists):
    """Run an importer per argument list, all starting at once; (returncode, out, err) each."""
    go = tmp_path / "go"
    processes, ready = [], []
    for number, arguments in enumerate(argument_lists):
        ready.append(tmp_path / f"ready-{number}")
        processes.append(
            subprocess.Popen(
                [sys.executable, "-c", RUNNER, str(ready[-1]), str(go), *map(str, arguments)],
                cwd=ROOT,
                env=environment(database_url),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    try:
        deadline = time.monotonic() + 120
        while not all(path.exists() for path in ready):
            assert all(process.poll() is None for process in processes), "an importer died"
            assert time.monotonic() < deadline, "the importers did not start"
            time.sleep(0.01)
        go.touch()
        # communicate(), not wait(): a process must never block on a full pipe.
        outputs = [process.communicate(timeout=300) for process in processes]
        return [
            (process.returncode, out, err)
            for process, (out, err) in zip(processes, outputs, strict=True)
        ]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.communicate()


@pytest.mark.parametrize("order", ["same order", "opposite order"])
def test_two_processes_importing_the_same_files_make_one_article_per_file(
    database, article_files, tmp_path, order
):
    database_url, stored_source_ids = database
    folder, files = article_files
    second = [folder] if order == "same order" else files[::-1]

    results = run_together(
        database_url, tmp_path, ["--no-extract", folder], ["--no-extract", *second]
    )

    summaries = []
    for returncode, stdout, stderr in results:
        assert (returncode, stderr) == (0, ""), stderr
        (summary,) = SUMMARY.findall(stdout)
        summaries.append([int(count) for count in summary])
    # Each file created by one process and found unchanged by the other: no update, no
    # skip, no failure, whoever won each race.
    created, updated, unchanged, skipped, failed = map(sum, zip(*summaries, strict=True))
    assert (created, updated, unchanged, skipped, failed) == (FILES, 0, FILES, 0, 0), summaries
    source_ids = stored_source_ids()
    assert sorted(source_ids) == sorted(f"{0xC0FFEE00 + number:x}" for number in range(FILES))


# --- One race, exactly: another import commits between this one's read and its write ---

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer at a time in (IMMEDIATE transactions): no other import "
    "can commit between this one's read and its write",
)


def import_elsewhere_once(path):
    """A function that imports `path` in another process, the first time it is called."""
    done = []

    def run():
        if not done:
            done.append(
                subprocess.run(
                    [sys.executable, "manage.py", "load_articles", "--no-extract", str(path)],
                    cwd=ROOT,
                    env=environment(postgres_url()),
                    capture_output=True,
                    text=True,
                    timeout=120,
                )
            )
            assert (done[0].returncode, done[0].stderr) == (0, "")
            assert done[0].stdout == "1 created, 0 updated, 0 unchanged, 0 skipped, 0 failed.\n"

    return run


def load(path):
    return load_articles(path, extract=False)


@postgresql_only
def test_file_written_alone_that_loses_the_race_finds_its_article_unchanged(seed, monkeypatch):
    other_import = import_elsewhere_once(seed)
    write_content = importing.writer.write_content

    def fail(*args, **options):
        raise DatabaseError("disk full")  # not a race: the batch goes file by file

    def other_import_first(article, parsed, *, source):
        other_import()  # after this import found no article: its INSERT conflicts
        write_content(article, parsed, source=source)

    monkeypatch.setattr(importing.writer, "create_articles", fail)
    monkeypatch.setattr(importing.writer, "write_content", other_import_first)

    assert load(seed) == ("0 created, 0 updated, 1 unchanged, 0 skipped, 0 failed.\n", "")
    assert list(Article.objects.values_list("source_id", flat=True)) == ["9e9f9821349f9dac"]


@postgresql_only
def test_file_that_loses_the_race_for_its_slug_takes_the_next_free_one(seed, tmp_path, monkeypatch):
    # Another file with the same headline, imported elsewhere once this import has
    # chosen its slug: the same slug, for another article.
    other = tmp_path / "other" / "001_abcdef.txt"
    other.parent.mkdir()
    other.write_bytes(SEED.read_bytes())
    other_import = import_elsewhere_once(other)
    unique_slug = model_base.unique_slug

    def fail(*args, **options):
        raise DatabaseError("disk full")  # not a race: the batch goes file by file

    def other_import_after(*args, **options):
        slug = unique_slug(*args, **options)
        other_import()
        return slug

    monkeypatch.setattr(importing.writer, "create_articles", fail)
    monkeypatch.setattr(model_base, "unique_slug", other_import_after)

    assert load(seed) == ("1 created, 0 updated, 0 unchanged, 0 skipped, 0 failed.\n", "")
    assert sorted(Article.objects.values_list("source_id", "slug")) == [
        ("9e9f9821349f9dac", "nursultan-nazarbaev-my-soperezhivaem-vsem-grazhdanam-rossii-2"),
        ("abcdef", "nursultan-nazarbaev-my-soperezhivaem-vsem-grazhdanam-rossii"),
    ]
