"""Bylines, photo credits and rubrics of imported articles (load_articles)."""

import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError

from articles import importing
from articles.extraction.pipeline import extract
from articles.extraction.types import Document
from articles.importing import Outcome, import_files
from articles.models import Article, ArticleAuthor, Author, Rubric
from articles.text import bylines

from ..factories import load_articles

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Касым-Жомарт Токаев прибыл в Москву"
LEAD = "Президент Казахстана начал официальный визит."
STORY = "Касым-Жомарт Токаев прибыл в Москву с официальным визитом."
BYLINED = (
    f"{TITLE}\n\n{LEAD}\n\nАвтор: Айгерим Сейткали\n\n{STORY}\n\n"
    "Фото с места событий облетели сеть.\n\nФото: Данияр Исмаилов\n"
)


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def load(*paths, **options):
    return load_articles(*paths, **{"extract": False, **options})


def load_failing(*paths, **options):
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command(
            "load_articles",
            *map(str, paths),
            stdout=stdout,
            stderr=stderr,
            **{"extract": False, **options},
        )
    return str(error.value)


def byline(article):
    return list(article.byline.values_list("author__name", "position"))


# --- Bylines and credits --------------------------------------------------------------


def test_a_file_s_byline_and_credit_become_the_article_s_not_its_body(tmp_path):
    load(write(tmp_path / "001_b1.txt", BYLINED))

    article = Article.objects.get()
    assert article.paragraphs() == [STORY, "Фото с места событий облетели сеть."]
    assert article.credit == "Данияр Исмаилов"
    assert byline(article) == [("Айгерим Сейткали", 0)]
    assert list(Author.objects.values_list("name", "slug")) == [
        ("Айгерим Сейткали", "aigerim-seitkali")
    ]


def test_several_authors_keep_the_file_s_order(tmp_path):
    text = f"{TITLE}\n\n{LEAD}\n\n{STORY}\n\nАвторы: Данияр Исмаилов, Айгерим Сейткали и Анна Ли\n"

    load(write(tmp_path / "001_b1.txt", text))

    assert byline(Article.objects.get()) == [
        ("Данияр Исмаилов", 0),
        ("Айгерим Сейткали", 1),
        ("Анна Ли", 2),
    ]
    assert Article.objects.get().authors.count() == 3


def test_credits_are_joined_and_cut_to_the_field(tmp_path):
    assert Article._meta.get_field("credit").max_length == bylines.MAX_CREDIT_LENGTH
    credits = ["Фото: " + "а" * 100, "Фото: " + "б" * 90, "Иллюстративное фото: Reuters"]
    text = f"{TITLE}\n\n{LEAD}\n\n{credits[0]}\n\n{STORY}\n\n{credits[1]}\n\n{credits[2]}\n"

    load(write(tmp_path / "001_b1.txt", text))

    assert Article.objects.get().credit == "а" * 100 + "; " + "б" * 90


def test_an_author_is_found_by_name_whatever_its_case(tmp_path):
    known = Author.objects.create(name="АЙГЕРИМ СЕЙТКАЛИ")
    write(tmp_path / "001_b1.txt", BYLINED)
    write(tmp_path / "002_b2.txt", BYLINED.replace(TITLE, "Второй заголовок"))

    load(tmp_path)

    assert list(Author.objects.all()) == [known]
    assert list(
        ArticleAuthor.objects.order_by("article__source_id").values_list(
            "article__source_id", "author", "position"
        )
    ) == [("b1", known.pk, 0), ("b2", known.pk, 0)]


def test_one_new_author_for_several_files_of_a_batch(tmp_path):
    for number in range(1, 4):
        write(tmp_path / f"00{number}_b{number}.txt", BYLINED.replace(TITLE, f"Заголовок {number}"))

    load(tmp_path)

    assert list(Author.objects.values_list("name", flat=True)) == ["Айгерим Сейткали"]
    assert ArticleAuthor.objects.count() == 3


def test_a_second_run_duplicates_no_author_and_no_byline(tmp_path):
    path = write(tmp_path / "001_b1.txt", BYLINED)
    load(path)

    stdout, _ = load(path)

    assert stdout == "0 created, 0 updated, 1 unchanged, 0 skipped, 0 failed.\n"
    assert Author.objects.count() == 1
    assert byline(Article.objects.get()) == [("Айгерим Сейткали", 0)]


def test_an_updated_file_sets_the_credit_and_a_missing_byline(tmp_path):
    path = write(tmp_path / "001_b1.txt", f"{TITLE}\n\n{LEAD}\n\n{STORY}\n")
    load(path)
    write(path, BYLINED)

    stdout, _ = load(path)

    assert stdout == "0 created, 1 updated, 0 unchanged, 0 skipped, 0 failed.\n"
    article = Article.objects.get()
    assert article.paragraphs() == [STORY, "Фото с места событий облетели сеть."]
    assert article.credit == "Данияр Исмаилов"
    assert byline(article) == [("Айгерим Сейткали", 0)]


def test_an_updated_file_leaves_an_editor_s_byline_alone(tmp_path):
    path = write(tmp_path / "001_b1.txt", BYLINED)
    load(path)
    article = Article.objects.get()
    editor_choice = Author.objects.create(name="Анна Ли")
    article.byline.all().delete()
    ArticleAuthor.objects.create(article=article, author=editor_choice, position=0)
    write(
        path,
        BYLINED.replace("Айгерим Сейткали", "Иван Петров")
        .replace("Данияр Исмаилов", "Kapital.kz")
        .replace(STORY, STORY + " Визит продлится два дня."),
    )

    stdout, _ = load(path)

    assert stdout == "0 created, 1 updated, 0 unchanged, 0 skipped, 0 failed.\n"
    article.refresh_from_db()
    assert article.credit == "Kapital.kz"
    assert byline(article) == [("Анна Ли", 0)]
    assert not Author.objects.filter(name="Иван Петров").exists()


def test_a_file_that_fails_leaves_no_author_and_no_byline_behind(tmp_path, monkeypatch):
    write(tmp_path / "001_b1.txt", BYLINED)
    write(
        tmp_path / "002_b2.txt",
        f"Второй заголовок\n\n{LEAD}\n\n{STORY}\n\nТекст и фото: Анна Ли\n",
    )
    add_bylines = importing.writer.add_bylines

    def add_then_fail(pairs):
        # Fails once the authors and bylines are written: in the batch, then when the
        # files are written again one by one, for the first file only.
        pairs = list(pairs)
        add_bylines(pairs)
        if any(article.source_id == "b1" for article, _ in pairs):
            raise DatabaseError("disk full")

    monkeypatch.setattr(importing.writer, "add_bylines", add_then_fail)

    error = load_failing(tmp_path)

    assert error == "1 of 2 files failed."
    assert list(Article.objects.values_list("source_id", "credit")) == [("b2", "Анна Ли")]
    assert list(Author.objects.values_list("name", flat=True)) == ["Анна Ли"]
    assert list(ArticleAuthor.objects.values_list("article__source_id", "author__name")) == [
        ("b2", "Анна Ли")
    ]


def test_a_dry_run_leaves_no_author_and_no_rubric(tmp_path):
    load(write(tmp_path / "001_b1.txt", BYLINED), dry_run=True)

    assert (Article.objects.count(), Author.objects.count(), Rubric.objects.count()) == (0, 0, 0)


def test_the_extractor_never_sees_the_byline_or_the_credit(tmp_path):
    path = write(tmp_path / "001_b1.txt", BYLINED)
    # In the body, the extractor would take both for persons of the article.
    raw = Document(TITLE, LEAD, ("Автор: Айгерим Сейткали", STORY, "Фото: Данияр Исмаилов"))
    assert {"Айгерим Сейткали", "Данияр Исмаилов"} <= {p.name for p in extract(raw).persons}

    load_articles(path, workers=0)

    article = Article.objects.get()
    assert list(article.persons.values_list("name", flat=True)) == ["Касым-Жомарт Токаев"]
    assert byline(article) == [("Айгерим Сейткали", 0)]
    assert article.credit == "Данияр Исмаилов"
    assert "Сейткали" not in article.body_text
    assert "Исмаилов" not in article.body_text


# --- Rubrics ----------------------------------------------------------------------------


@pytest.fixture
def economy():
    return Rubric.objects.create(name="Экономика", slug="economy")


@pytest.fixture
def story(tmp_path):
    return write(tmp_path / "001_b1.txt", f"{TITLE}\n\n{LEAD}\n\n{STORY}\n")


def rubric_names():
    return list(Article.objects.values_list("rubric__name", flat=True))


def test_new_articles_go_into_the_default_rubric_without_the_option(story):
    load(story)

    assert rubric_names() == [settings.NEWSROOM_DEFAULT_RUBRIC]
    assert Article.objects.get().rubric == Rubric.objects.default()


def test_the_rubric_option_takes_a_slug(story, economy):
    load(story, rubric="economy")

    assert rubric_names() == ["Экономика"]


def test_the_rubric_option_takes_a_name(story, economy):
    load(story, rubric="Экономика")

    assert rubric_names() == ["Экономика"]


def test_an_unknown_rubric_is_an_error_before_anything_is_read_or_written(tmp_path, economy):
    Rubric.objects.create(name="Политика", slug="politics")
    missing = tmp_path / "missing.txt"  # read, it would fail: it is not

    error = load_failing(missing, rubric="sport")

    assert error == (
        "--rubric: no rubric is named 'sport' or has that slug; the rubrics are: economy, politics"
    )
    assert not Article.objects.exists()
    assert list(Rubric.objects.order_by("slug").values_list("slug", flat=True)) == [
        "economy",
        "politics",
    ]


def test_an_unknown_rubric_with_no_rubrics_at_all_says_so(story):
    error = load_failing(story, rubric="sport", dry_run=True)

    assert (
        error == "--rubric: no rubric is named 'sport' or has that slug; the rubrics are: none yet"
    )
    assert not Article.objects.exists()
    assert not Rubric.objects.exists()


def test_a_re_import_keeps_the_rubric_an_editor_chose(story, economy):
    load(story)
    article = Article.objects.get()
    article.rubric = economy
    article.save()
    write(story, f"{TITLE}\n\n{LEAD}\n\n{STORY}\n\nВизит продлится два дня.\n")

    stdout, _ = load(story, rubric=Rubric.objects.default().slug)

    assert stdout == "0 created, 1 updated, 0 unchanged, 0 skipped, 0 failed.\n"
    article.refresh_from_db()
    assert article.rubric == economy
    assert article.paragraphs() == [STORY, "Визит продлится два дня."]


def test_articles_read_in_another_process_go_into_the_rubric(tmp_path, economy, monkeypatch):
    monkeypatch.setattr(importing.pipeline, "PLAIN_BATCH_SIZE", 1)  # the first is read here
    files = [
        write(tmp_path / f"00{number}_b{number}.txt", BYLINED.replace(TITLE, f"Заголовок {number}"))
        for number in range(1, 3)
    ]
    made_here = []
    new_article = importing.writer.new_article

    def recorded(parsed, **options):
        made_here.append(parsed.title)
        return new_article(parsed, **options)

    monkeypatch.setattr(importing.writer, "new_article", recorded)

    results = import_files(files, readers=1, rubric=economy)

    assert [result.outcome for result in results] == [Outcome.CREATED] * 2
    assert made_here == ["Заголовок 1"]  # the other process made the second article
    assert rubric_names() == ["Экономика"] * 2
    assert (
        list(ArticleAuthor.objects.values_list("author__name", flat=True))
        == ["Айгерим Сейткали"] * 2
    )


def test_load_seeds_takes_a_rubric(economy):
    call_command("load_seeds", rubric="economy", stdout=io.StringIO(), stderr=io.StringIO())

    assert rubric_names() == ["Экономика"]
