import io
import os
import shutil
from datetime import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import importing
from articles.caching import version
from articles.extraction.types import Extraction
from articles.models import Article, Rubric

from ..factories import SEED, SEED_TITLE, load_articles

pytestmark = pytest.mark.django_db(transaction=True)


def load(*paths, **options):
    # Entity extraction has tests of its own (importing/test_linking.py); these are about files.
    return load_articles(*paths, **{"extract": False, **options})


def load_failing(*paths, **options):
    options.setdefault("extract", False)
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("load_articles", *map(str, paths), stdout=stdout, stderr=stderr, **options)
    return stdout.getvalue(), stderr.getvalue(), str(error.value)


def snapshot():
    return list(Article.objects.order_by("pk").values())


def test_seed_is_imported_clean_and_published(seed):
    stdout, stderr = load(seed)

    assert stdout == "1 created, 0 updated, 0 unchanged, 0 skipped, 0 failed.\n"
    assert stderr == ""
    article = Article.objects.get()
    assert article.title == SEED_TITLE
    assert article.lead == (
        "Президент Казахстана отметил, что терроризм и экстремизм не имеет границ, "
        "сохраняются риски и угрозы"
    )
    assert len(article.paragraphs()) == 12
    assert article.source == "Kapital.kz"
    assert article.source_id == "9e9f9821349f9dac"
    assert article.slug == "nursultan-nazarbaev-my-soperezhivaem-vsem-grazhdanam-rossii"
    assert article.status == Article.Status.PUBLISHED
    assert list(Article.objects.public()) == [article]
    for text in ("&", "При работе с материалами", "Читать все последние новости", "➤"):
        assert text not in article.body


def test_second_run_reports_unchanged_and_changes_nothing(seed):
    load(seed)
    before = snapshot()

    stdout, _ = load(seed)

    assert stdout == "0 created, 0 updated, 1 unchanged, 0 skipped, 0 failed.\n"
    assert snapshot() == before


def test_changed_file_updates_its_article_and_keeps_the_slug_and_status(seed):
    load(seed, draft=True)
    article = Article.objects.get()
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("Мы\xa0сопереживаем", "Мы скорбим вместе с")
    )

    stdout, _ = load(seed)

    assert stdout == "0 created, 1 updated, 0 unchanged, 0 skipped, 0 failed.\n"
    updated = Article.objects.get()
    assert updated.title == "Нурсултан Назарбаев: Мы скорбим вместе с всем гражданам России"
    assert updated.slug == article.slug
    assert updated.status == Article.Status.DRAFT
    assert updated.pk == article.pk


def edit_in_admin(article, **fields):
    for name, value in fields.items():
        setattr(article, name, value)
    article.save()


def test_article_edited_by_an_editor_is_skipped_with_a_warning_naming_it(seed):
    load(seed)
    article = Article.objects.get()
    edit_in_admin(article, title="Заголовок редактора")
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("отметил важность", "подчеркнул важность")
    )

    stdout, stderr = load(seed)

    assert stdout == "0 created, 0 updated, 0 unchanged, 1 skipped, 0 failed.\n"
    assert f"{seed}: skipped: article “Заголовок редактора”" in stderr
    assert "--overwrite" in stderr
    kept = Article.objects.get()
    assert kept.title == "Заголовок редактора"
    assert "отметил важность" in kept.body


def test_unchanged_file_leaves_an_editors_article_alone_without_a_warning(seed):
    load(seed)
    edit_in_admin(Article.objects.get(), lead="Лид редактора")

    stdout, stderr = load(seed)

    assert stdout == "0 created, 0 updated, 1 unchanged, 0 skipped, 0 failed.\n"
    assert stderr == ""
    assert Article.objects.get().lead == "Лид редактора"


def test_overwrite_replaces_an_editors_text_with_the_file(seed):
    load(seed)
    edit_in_admin(Article.objects.get(), title="Заголовок редактора")

    stdout, _ = load(seed, overwrite=True)

    assert stdout == "0 created, 1 updated, 0 unchanged, 0 skipped, 0 failed.\n"
    assert Article.objects.get().title == SEED_TITLE


def test_editor_status_change_does_not_block_content_updates(seed):
    load(seed)
    edit_in_admin(Article.objects.get(), status=Article.Status.DRAFT)
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("отметил важность", "подчеркнул важность")
    )

    stdout, _ = load(seed)

    assert stdout == "0 created, 1 updated, 0 unchanged, 0 skipped, 0 failed.\n"
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert "подчеркнул важность" in article.body


def test_bad_files_are_reported_and_the_good_ones_still_imported(tmp_path, seed):
    (tmp_path / "001_aaaaaaaa.txt").write_bytes(b"")
    (tmp_path / "002_bbbbbbbb.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (tmp_path / "003_cccccccc.txt").write_text("Только заголовок\n", encoding="utf-8")

    stdout, stderr, error = load_failing(tmp_path)

    assert stdout == "1 created, 0 updated, 0 unchanged, 0 skipped, 3 failed.\n"
    assert error == "3 of 4 files failed."
    lines = stderr.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"{tmp_path / '001_aaaaaaaa.txt'}: failed: file is empty")
    assert lines[1].startswith(f"{tmp_path / '002_bbbbbbbb.txt'}: failed: binary")
    assert lines[2].startswith(f"{tmp_path / '003_cccccccc.txt'}: failed: ")
    assert "Traceback" not in stderr
    assert list(Article.objects.values_list("source_id", flat=True)) == ["9e9f9821349f9dac"]


def test_file_over_the_size_limit_fails_before_it_is_read(seed, settings):
    settings.NEWSROOM_IMPORT_MAX_BYTES = 1000

    _, stderr, error = load_failing(seed)

    assert stderr.startswith(f"{seed}: failed: file is too large: ")
    assert "1000" in stderr
    assert error == "1 of 1 files failed."
    assert not Article.objects.exists()


def test_a_database_failure_rolls_back_that_file_only(tmp_path, seed, monkeypatch):
    other = tmp_path / "001_0123abcd.txt"
    other.write_text("Второй заголовок\n\nВторой лид\n\nАбзац второй статьи.\n", encoding="utf-8")
    create_articles = importing.writer.create_articles
    write_content = importing.writer.write_content

    def create_then_fail(articles):
        # The batch's bulk insert fails after writing: the batch is rolled back...
        create_articles(articles)
        raise DatabaseError("disk full")

    def save_then_fail(article, parsed, *, source):
        # ...and written again file by file, where only the seed fails.
        write_content(article, parsed, source=source)
        if article.source_id == "9e9f9821349f9dac":
            raise DatabaseError("disk full")

    monkeypatch.setattr(importing.writer, "create_articles", create_then_fail)
    monkeypatch.setattr(importing.writer, "write_content", save_then_fail)

    _, stderr, _ = load_failing(tmp_path)

    assert stderr == f"{seed}: failed: database error: disk full\n"
    assert list(Article.objects.values_list("source_id", flat=True)) == ["0123abcd"]


def test_dry_run_reports_but_writes_nothing(seed):
    stdout, _ = load(seed, dry_run=True)

    assert (
        stdout
        == "Dry run, nothing written: 1 created, 0 updated, 0 unchanged, 0 skipped, 0 failed.\n"
    )
    assert not Article.objects.exists()


def test_dry_run_of_a_changed_file_leaves_the_article_as_it_was(seed):
    load(seed)
    before = snapshot()
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("отметил важность", "подчеркнул важность")
    )

    stdout, _ = load(seed, dry_run=True)

    assert (
        stdout
        == "Dry run, nothing written: 0 created, 1 updated, 0 unchanged, 0 skipped, 0 failed.\n"
    )
    assert snapshot() == before


def test_draft_option_creates_drafts_without_a_publication_time(seed):
    load(seed, draft=True)
    article = Article.objects.get()
    assert (article.status, article.published_at) == (Article.Status.DRAFT, None)
    assert not Article.objects.public().exists()


def test_published_at_option_sets_the_time_in_the_site_time_zone(seed):
    load(seed, published_at="2017-04-10T12:30")
    expected = timezone.make_aware(datetime(2017, 4, 10, 12, 30))
    assert Article.objects.get().published_at == expected
    assert expected.utcoffset().total_seconds() in {5 * 3600, 6 * 3600}


def test_future_published_at_schedules_the_article(seed):
    load(seed, published_at="2999-01-01T00:00:00+05:00")
    assert Article.objects.get().status == Article.Status.PUBLISHED
    assert not Article.objects.public().exists()


def test_invalid_published_at_is_a_clear_error(seed):
    with pytest.raises(CommandError, match="not an ISO date and time"):
        load(seed, published_at="вчера")
    assert not Article.objects.exists()


def test_source_option_names_the_source(seed):
    load(seed, source="Tengrinews")
    assert Article.objects.get().source == "Tengrinews"


def test_source_longer_than_the_column_is_a_clear_error(seed):
    # Not a database error on every file (PostgreSQL), nor a longer source (SQLite).
    _, _, error = load_failing(seed, source="Т" * 101)

    assert error == "--source: 101 characters, the limit is 100"
    assert not Article.objects.exists()


def test_file_name_that_is_not_utf8_is_shown_with_its_bytes_escaped(tmp_path, seed):
    folder = tmp_path / "cp1251"
    folder.mkdir()
    try:
        shutil.copy(seed, folder / os.fsdecode("002_Сводка.txt".encode("cp1251")))
    except (OSError, UnicodeError):
        pytest.skip("this file system takes UTF-8 file names only")
    (folder / os.fsdecode(b"003_\xe9.txt")).write_bytes(b"")

    stdout, stderr, _ = load_failing(folder, verbosity=2)

    # Lone surrogates (how Python holds such bytes) would crash a UTF-8 terminal's stream.
    assert stdout.splitlines()[0] == (
        f"{folder}/002_\\xd1\\xe2\\xee\\xe4\\xea\\xe0.txt: created: {SEED_TITLE}"
    )
    assert stderr == f"{folder}/003_\\xe9.txt: failed: file is empty\n"


def test_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file or folder"):
        load(tmp_path / "nope")


def test_folders_are_searched_for_txt_files_only(tmp_path, seed):
    nested = tmp_path / "april"
    nested.mkdir()
    (nested / "notes.md").write_text("# не статья", encoding="utf-8")
    (nested / "news.txt").write_text("Заголовок\n\nЛид\n\nТекст.\n", encoding="utf-8")

    stdout, _ = load(tmp_path)

    assert stdout == "2 created, 0 updated, 0 unchanged, 0 skipped, 0 failed.\n"


def test_other_file_names_are_keyed_on_a_content_hash(tmp_path):
    path = tmp_path / "news.txt"
    path.write_text("Заголовок\n\nЛид\n\nТекст.\n", encoding="utf-8")

    load(path)
    stdout, _ = load(path)

    assert stdout == "0 created, 0 updated, 1 unchanged, 0 skipped, 0 failed.\n"
    (source_id,) = Article.objects.values_list("source_id", flat=True)
    assert len(source_id) == 32


def test_cp1251_crlf_copy_of_the_seed_imports_the_same_text(tmp_path, seed):
    load(seed)
    text = SEED.read_text(encoding="utf-8").replace("\n", "\r\n")
    copy = tmp_path / "copies"
    copy.mkdir()
    (copy / "001_feedface.txt").write_bytes(text.encode("cp1251", errors="replace"))

    load(copy)

    original, converted = Article.objects.order_by("pk")
    assert converted.title == original.title
    assert converted.lead == original.lead
    assert converted.paragraphs() == original.paragraphs()


def test_load_seeds_fills_an_empty_database_once():
    stdout = io.StringIO()
    call_command("load_seeds", stdout=stdout)
    assert stdout.getvalue() == "1 created, 0 updated, 0 unchanged, 0 skipped, 0 failed.\n"
    assert Article.objects.get().title == SEED_TITLE

    stdout = io.StringIO()
    call_command("load_seeds", stdout=stdout)
    assert stdout.getvalue() == "The database already has articles; seeds not loaded.\n"
    assert Article.objects.count() == 1


def test_quiet_verbosity_prints_nothing_on_success(seed):
    stdout, stderr = load(seed, verbosity=0)
    assert (stdout, stderr) == ("", "")


def write_article(path, title, paragraph="Абзац."):
    path.write_text(f"{title}\n\nЛид.\n\n{paragraph}\n", encoding="utf-8")
    return path


def test_one_batch_of_files_with_one_title_gets_distinct_slugs(tmp_path):
    taken = Article.objects.create(title="x", lead="x", body="x", slug="sammit-shos-v-astane")
    for number in range(30):
        write_article(tmp_path / f"{number:03d}_{number + 0xA00:x}.txt", "Саммит ШОС в Астане")

    load(tmp_path)

    slugs = set(Article.objects.exclude(pk=taken.pk).values_list("slug", flat=True))
    assert slugs == {f"sammit-shos-v-astane-{number}" for number in range(2, 32)}


@pytest.mark.parametrize("count", [5, 60])
def test_new_files_are_written_in_as_many_queries_however_many(tmp_path, count):
    for number in range(count):
        write_article(tmp_path / f"{number:03d}_{number + 0xB00:x}.txt", f"Заголовок {number}")

    version.bump()  # the content version's row exists, as after migrating
    Rubric.objects.default()  # and so does the default rubric

    with CaptureQueriesContext(connection) as queries:
        load(tmp_path)

    assert Article.objects.count() == count
    # The run's rubric, the batch's stored source IDs, the free slugs, the rows (one
    # INSERT; on PostgreSQL their keys, then one COPY); then the content version's bump:
    # its row locked, the next scheduled time, the update; and on SQLite, its statistics
    # gathered.
    postgresql = connection.vendor == "postgresql"
    rows = (
        ["SELECT nextval(pg_get_serial_sequence('articles_article',", 'COPY "articles_article"']
        if postgresql
        else ["INSERT INTO"]
    )
    transactions = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE")
    statements = [q["sql"] for q in queries if not q["sql"].startswith(transactions)]
    assert [" ".join(sql.split()[:2]) for sql in statements] == [
        'SELECT "articles_rubric"."id",',
        'SELECT "articles_article"."source_id"',
        'SELECT "articles_article"."slug"',
        *rows,
        'SELECT "articles_contentstate"."id",',
        'SELECT MIN("articles_article"."published_at")',
        'UPDATE "articles_contentstate"',
        *([] if postgresql else ["PRAGMA optimize"]),
    ], statements


def test_files_with_the_same_source_id_in_one_batch_make_one_article(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    write_article(first / "001_abc.txt", "Первый заголовок")
    write_article(second / "001_abc.txt", "Первый заголовок")

    stdout, _ = load(tmp_path)

    assert Article.objects.get().source_id == "abc"
    assert stdout.endswith("1 created, 0 updated, 1 unchanged, 0 skipped, 0 failed.\n")


def test_a_batch_mixes_new_changed_and_unchanged_files(tmp_path):
    write_article(tmp_path / "001_a1.txt", "Старый")
    write_article(tmp_path / "002_a2.txt", "Без изменений")
    load(tmp_path)
    write_article(tmp_path / "001_a1.txt", "Новый")
    write_article(tmp_path / "003_a3.txt", "Третий")

    stdout, _ = load(tmp_path)

    assert stdout.endswith("1 created, 1 updated, 1 unchanged, 0 skipped, 0 failed.\n")
    assert sorted(Article.objects.values_list("source_id", "title")) == [
        ("a1", "Новый"),
        ("a2", "Без изменений"),
        ("a3", "Третий"),
    ]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite keeps no statistics itself")
def test_an_import_that_writes_lets_sqlite_gather_statistics_and_one_that_does_not_does_not(
    tmp_path,
):
    path = tmp_path / "000_9e9f9821349f9dac.txt"
    shutil.copy(SEED, path)

    def optimized(**options):
        with CaptureQueriesContext(connection) as queries:
            importing.import_files([path], **options)
        return [q["sql"] for q in queries if q["sql"].startswith("PRAGMA")]

    assert optimized(dry_run=True) == []
    assert optimized() == ["PRAGMA optimize"]
    assert optimized() == []  # unchanged


def test_the_workers_extract_the_next_batch_while_this_one_is_written(tmp_path, monkeypatch):
    monkeypatch.setattr(importing.pipeline, "BATCH_SIZE", 1)
    paths = []
    for number, title in enumerate(["Первая", "Вторая", "Третья"], start=1):
        paths.append(tmp_path / f"{number:03d}_{number:x}.txt")
        paths[-1].write_text(f"{title}\n\nЛид.\n\nАбзац.\n", encoding="utf-8")
    events = []

    class Extractor:
        def submit(self, documents):
            events.extend(("extract", document.title) for document in documents)
            return lambda: [Extraction() for _ in documents]

    def written(result):
        events.append(("write", result.article.title))

    importing.import_files(paths, extractor=Extractor(), on_result=written)

    assert events == [
        ("extract", "Первая"),
        ("extract", "Вторая"),
        ("write", "Первая"),
        ("extract", "Третья"),
        ("write", "Вторая"),
        ("write", "Третья"),
    ]


def test_a_file_s_paragraphs_become_the_body_s_html_escaped_and_a_rerun_changes_nothing(tmp_path):
    path = tmp_path / "001_c0ffee.txt"
    path.write_text(
        "Заголовок\n\nЛид.\n\nПервый <b>абзац</b> & «кавычки».\n\nВторой абзац,\n"
        "в две строки.\n\n<script>alert(1)</script>\n",
        encoding="utf-8",
    )

    load(tmp_path)
    article = Article.objects.get()
    assert article.body == (
        "<p>Первый &lt;b&gt;абзац&lt;/b&gt; &amp; «кавычки».</p>\n"
        "<p>Второй абзац, в две строки.</p>\n"
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )
    assert article.paragraphs() == [
        "Первый <b>абзац</b> & «кавычки».",
        "Второй абзац, в две строки.",
        "<script>alert(1)</script>",
    ]
    updated_at = article.updated_at

    load(tmp_path)

    article.refresh_from_db()
    assert (Article.objects.count(), article.updated_at) == (1, updated_at)
