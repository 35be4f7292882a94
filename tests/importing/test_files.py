"""Symbolic links met by load_articles: never followed out of a folder, never skipped unseen."""

import io
import os

import pytest
from django.core.management import CommandError, call_command

from articles.importing import Outcome, find_article_files
from articles.models import Article

pytestmark = pytest.mark.django_db(transaction=True)


def load(*paths, **options):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(
        "load_articles", *map(str, paths), extract=False, stdout=stdout, stderr=stderr, **options
    )
    return stdout.getvalue(), stderr.getvalue()


def write_article(path, title):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n\nЛид.\n\nАбзац.\n", encoding="utf-8")
    return path


def skipped(result):
    """A skipped result as (path, outcome, message), to compare whole."""
    return result.path, result.outcome, result.message


@pytest.fixture
def archive(tmp_path):
    """A folder of one article, and a folder beside it that is not to be imported."""
    write_article(tmp_path / "archive" / "001_aaaa.txt", "Статья из архива")
    (tmp_path / "outside").mkdir()
    return tmp_path / "archive"


@pytest.fixture
def outside(archive):
    return archive.parent / "outside"


def test_a_link_to_a_file_outside_the_folder_is_not_read_and_is_reported(archive, outside):
    secret = outside / "passwd"
    # An article-shaped secret: read, it would become an article.
    write_article(secret, "root:x:0:0:root:/root:/bin/bash")
    link = archive / "002_bbbb.txt"
    os.symlink(secret, link)

    stdout, stderr = load(archive)

    assert stdout == "1 created, 0 updated, 0 unchanged, 1 skipped, 0 failed.\n"
    assert stderr == (
        f"{link}: skipped: symbolic link to a file outside {archive} ({secret.resolve()})\n"
    )
    assert list(Article.objects.values_list("title", flat=True)) == ["Статья из архива"]


def test_a_link_out_of_the_folder_is_not_read_through_a_link_inside_either(archive, outside):
    secret = write_article(outside / "passwd", "Секрет")
    os.symlink(secret, archive / "hop")
    link = archive / "002_bbbb.txt"
    os.symlink("hop", link)

    files, passed_over = find_article_files([archive])

    assert files == [archive / "001_aaaa.txt"]
    assert [skipped(result) for result in passed_over] == [
        (
            link,
            Outcome.SKIPPED,
            f"symbolic link to a file outside {archive} ({secret.resolve()})",
        )
    ]


def test_a_dangling_link_is_reported_whatever_its_name(archive):
    # A link to an unmounted disk may have been a folder of articles.
    os.symlink("missing.txt", archive / "gone.txt")
    os.symlink("/nonexistent/2019", archive / "2019")

    stdout, stderr = load(archive)

    assert stdout == "1 created, 0 updated, 0 unchanged, 2 skipped, 0 failed.\n"
    assert stderr == (
        f"{archive / '2019'}: skipped: dangling symbolic link to /nonexistent/2019\n"
        f"{archive / 'gone.txt'}: skipped: dangling symbolic link to missing.txt\n"
    )


def test_a_link_to_a_folder_outside_is_not_walked_and_is_reported(archive, outside):
    write_article(outside / "more" / "002_bbbb.txt", "Статья не из архива")
    link = archive / "april" / "more"
    link.parent.mkdir()
    os.symlink(outside / "more", link)

    stdout, stderr = load(archive)

    assert stdout == "1 created, 0 updated, 0 unchanged, 1 skipped, 0 failed.\n"
    assert stderr == (
        f"{link}: skipped: symbolic link to a folder outside {archive} "
        f"({(outside / 'more').resolve()})\n"
    )
    assert list(Article.objects.values_list("title", flat=True)) == ["Статья из архива"]


def test_link_loops_do_not_hang_and_a_cycle_is_reported(archive):
    os.symlink("b.txt", archive / "a.txt")
    os.symlink("a.txt", archive / "b.txt")
    (archive / "sub").mkdir()
    os.symlink("..", archive / "sub" / "up")
    os.symlink(archive, archive / "self")

    stdout, stderr = load(archive)

    # The links to the folder itself lead to files found where they are: nothing is lost.
    assert stdout == "1 created, 0 updated, 0 unchanged, 2 skipped, 0 failed.\n"
    assert stderr == (
        f"{archive / 'a.txt'}: skipped: symbolic link loop\n"
        f"{archive / 'b.txt'}: skipped: symbolic link loop\n"
    )


def test_links_inside_the_folder_lead_to_their_files_each_read_once(archive):
    write_article(archive / "drafts" / "column.text", "Колонка")
    write_article(archive / "drafts" / "002_bbbb.txt", "Черновик")
    os.symlink("drafts/column.text", archive / "column.txt")
    os.symlink("001_aaaa.txt", archive / "000_latest.txt")
    os.symlink("drafts", archive / "drafts-too")

    files, passed_over = find_article_files([archive])

    # Of a file and a link to it, the file's own name is kept: it gives the source ID.
    assert files == [
        archive / "001_aaaa.txt",
        archive / "drafts" / "002_bbbb.txt",
        archive / "column.txt",
    ]
    assert passed_over == []
    stdout, stderr = load(archive)
    assert (stdout, stderr) == ("3 created, 0 updated, 0 unchanged, 0 skipped, 0 failed.\n", "")
    assert dict(Article.objects.values_list("title", "source_id"))["Статья из архива"] == "aaaa"


def test_links_to_files_that_are_not_articles_are_ignored_like_those_files(archive, outside):
    os.symlink(write_article(outside / "logo.png", "не статья"), archive / "logo.png")

    assert find_article_files([archive]) == ([archive / "001_aaaa.txt"], [])


def test_a_link_is_reported_once_when_its_folder_is_named_twice(archive, outside):
    os.symlink(write_article(outside / "passwd", "Секрет"), archive / "002_bbbb.txt")

    _, passed_over = find_article_files([archive, f"{archive}/"])

    assert [result.path for result in passed_over] == [archive / "002_bbbb.txt"]


def test_links_named_on_the_command_line_are_followed(archive, outside):
    # Naming a link is the operator's choice: a file of its own, or a folder walked whole.
    chosen = os.path.join(archive.parent, "chosen.txt")
    os.symlink(write_article(outside / "003_cccc.txt", "Выбранная статья"), chosen)
    current = archive.parent / "current"
    os.symlink(archive, current)
    os.symlink("001_aaaa.txt", archive / "latest.txt")

    stdout, stderr = load(chosen, current)

    assert (stdout, stderr) == ("2 created, 0 updated, 0 unchanged, 0 skipped, 0 failed.\n", "")
    assert find_article_files([current]) == ([current / "001_aaaa.txt"], [])


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda path: os.symlink("missing.txt", path), "dangling symbolic link to missing.txt"),
        (lambda path: os.symlink(path.name, path), "symbolic link loop"),
    ],
    ids=["dangling", "loop"],
)
def test_a_broken_link_named_on_the_command_line_is_a_clear_error(tmp_path, make, reason):
    path = tmp_path / "named.txt"
    make(path)

    with pytest.raises(CommandError) as error:
        load(path)

    assert str(error.value) == f"{path}: {reason}"
