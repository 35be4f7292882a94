"""Byline and credit paragraphs at the ends of an article's body (articles/text/bylines.py)."""

import pytest

from articles.text.bylines import (
    MAX_CREDIT_LENGTH,
    MAX_LINE_LENGTH,
    Bylines,
    join_credits,
    split_bylines,
)
from articles.text.parsing import parse_text

BODY = ("Первый абзац статьи.", "Второй абзац статьи.")


def credit_line(line):
    """(authors, credits) of `line` as the body's last paragraph."""
    result = split_bylines([*BODY, line])
    assert result.paragraphs == BODY, line
    return result.authors, result.credits


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("Автор: Айгерим Сейткали", ("Айгерим Сейткали",)),
        ("Автор — Айгерим Сейткали", ("Айгерим Сейткали",)),
        ("Автор – Айгерим Сейткали", ("Айгерим Сейткали",)),
        ("Автор - Айгерим Сейткали", ("Айгерим Сейткали",)),
        ("Автор:Айгерим Сейткали", ("Айгерим Сейткали",)),
        ("Автор: Айгерим Сейткали.", ("Айгерим Сейткали",)),
        ("АВТОР: Айгерим Сейткали", ("Айгерим Сейткали",)),
        ("автор: Айгерим Сейткали", ("Айгерим Сейткали",)),
        ("Текст: Данияр Исмаилов", ("Данияр Исмаилов",)),
        ("Подготовила: Анна Ли", ("Анна Ли",)),
        ("Авторы: Айгерим Сейткали, Данияр Исмаилов", ("Айгерим Сейткали", "Данияр Исмаилов")),
        ("Автор: Айгерим Сейткали и Данияр Исмаилов", ("Айгерим Сейткали", "Данияр Исмаилов")),
        (
            "Авторы: Анна Ли, Иван Петров и Мухаммед-Али О’Нил",
            ("Анна Ли", "Иван Петров", "Мухаммед-Али О’Нил"),
        ),
        ("Автор: Петров И.", ("Петров И.",)),
        ("Автор: А. Ким", ("А. Ким",)),
    ],
)
def test_an_author_line_gives_its_names_and_leaves_the_body(line, authors):
    assert credit_line(line) == (authors, ())


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("Фото: Данияр Исмаилов", "Данияр Исмаилов"),
        ("Фото: Kapital.kz", "Kapital.kz"),
        ("Фото: Kapital.kz.", "Kapital.kz"),
        ("ФОТО: Kapital.kz", "Kapital.kz"),
        ("Фото: пресс-служба Акорды", "пресс-служба Акорды"),
        ("Фото — Reuters", "Reuters"),
        ("Фото—Reuters", "Reuters"),
        ("Фото - Reuters", "Reuters"),
        ("Иллюстративное фото: Reuters", "Reuters"),
        ("Архивное фото: Kapital.kz", "Kapital.kz"),
        ("Автор фото: Данияр Исмаилов", "Данияр Исмаилов"),
        ("Фотограф: Данияр Исмаилов", "Данияр Исмаилов"),
        ("Фото: Данияр Исмаилов / Kapital.kz", "Данияр Исмаилов / Kapital.kz"),
        ("Фото с сайта akorda.kz", "akorda.kz"),
        ("Фото с сайта akorda.kz.", "akorda.kz"),
        ("Фото с официального сайта akorda.kz", "akorda.kz"),
        ("Фото из открытых источников", "открытые источники"),
        ("Фото из открытых источников.", "открытые источники"),
        ("Фото из соцсетей", "соцсети"),
        ("Фото из архива", "архив"),
        ("Фото автора", "автор статьи"),  # no author named: whoever wrote it
    ],
)
def test_a_credit_line_gives_its_credit_as_written_and_leaves_the_body(line, credit):
    assert credit_line(line) == ((), (credit,))


def test_text_and_photo_gives_both_an_author_and_a_credit():
    assert credit_line("Текст и фото: Данияр Исмаилов") == (
        ("Данияр Исмаилов",),
        ("Данияр Исмаилов",),
    )
    assert credit_line("Фото и текст: Анна Ли и Иван Петров") == (
        ("Анна Ли", "Иван Петров"),
        ("Анна Ли и Иван Петров",),
    )


def test_one_paragraph_may_hold_an_author_and_a_credit():
    assert credit_line("Текст: Анна Ли. Фото: Данияр Исмаилов") == (
        ("Анна Ли",),
        ("Данияр Исмаилов",),
    )
    # Two lines of one block, which the parser joins with a space.
    assert credit_line("Автор: Анна Ли Фото: Kapital.kz") == (("Анна Ли",), ("Kapital.kz",))


def test_photo_by_the_author_credits_the_authors_the_text_names():
    result = split_bylines(["Автор: Айгерим Сейткали", *BODY, "Фото автора"])

    assert result == Bylines(BODY, ("Айгерим Сейткали",), ("Айгерим Сейткали",))
    assert credit_line("Текст: Анна Ли, фото автора") == (("Анна Ли",), ("Анна Ли",))


def test_lines_at_both_ends_are_taken_in_order_and_each_name_once():
    paragraphs = [
        "Автор: Айгерим Сейткали",
        "Фото: Kapital.kz",
        *BODY,
        "Текст: АЙГЕРИМ СЕЙТКАЛИ",
        "Фото: Данияр Исмаилов",
    ]

    assert split_bylines(paragraphs) == Bylines(
        BODY, ("Айгерим Сейткали",), ("Kapital.kz", "Данияр Исмаилов")
    )


def test_only_two_paragraphs_at_each_end_are_looked_at():
    paragraphs = [
        "Фото: Первый",
        "Фото: Второй",
        "Фото: Третий",
        "Абзац.",
        "Фото: Четвёртый",
        "Фото: Пятый",
        "Фото: Шестой",
    ]

    assert split_bylines(paragraphs) == Bylines(
        ("Фото: Третий", "Абзац.", "Фото: Четвёртый"),
        (),
        ("Первый", "Второй", "Пятый", "Шестой"),
    )


def test_a_line_not_at_an_end_run_stays_in_the_body():
    # The second paragraph is not a byline: the third is inside the body.
    paragraphs = ["Абзац первый.", "Фото: Kapital.kz", "Абзац третий.", "Абзац четвёртый."]

    assert split_bylines(paragraphs) == Bylines(tuple(paragraphs), (), ())


def test_a_credit_in_the_middle_of_the_body_stays():
    paragraphs = [
        "Абзац первый.",
        "Абзац второй.",
        "Фото: Kapital.kz",
        "Абзац.",
        "Абзац.",
        "Конец.",
    ]

    assert split_bylines(paragraphs) == Bylines(tuple(paragraphs), (), ())


def test_a_body_of_bylines_only_is_left_whole():
    assert split_bylines(["Автор: Анна Ли", "Фото: Kapital.kz"]) == Bylines(
        ("Автор: Анна Ли", "Фото: Kapital.kz"), (), ()
    )
    assert split_bylines(["Фото: Kapital.kz"]) == Bylines(("Фото: Kapital.kz",), (), ())
    assert split_bylines([]) == Bylines((), (), ())


@pytest.mark.parametrize(
    "line",
    [
        "Фото с места событий облетели сеть.",
        "Фото из зала суда появились в сети.",
        "Фото с сайта",
        "Фото автора статьи облетело сеть.",
        "Фото — лучшее доказательство того, что он был там.",
        "Фото: кто бы мог подумать!",
        "Фотоотчёт: как прошёл форум",
        "Фото-отчёт: как прошёл форум",
        "Фото:",
        "Автор:",
        "Автор: полная версия доклада",  # not a name: lower case
        "Автор: Иван Петров / Kapital.kz",  # not a name
        "Автор: Агентство 24",  # digits
        "Автор: Иван Петрович Сидоров Младший Старший",  # five words
        "Автор проекта рассказал о планах.",
        "Текст законопроекта опубликован на сайте.",
        "Авторы: Анна Ли, а также другие",
        "На фото: Нурсултан Назарбаев",
        "Фотографии предоставлены организаторами.",
        "Первый абзац статьи.",
        "",
    ],
)
def test_a_paragraph_that_is_not_a_byline_stays(line):
    paragraphs = (*BODY, line)

    assert split_bylines(paragraphs) == Bylines(paragraphs, (), ())
    assert split_bylines((line, *BODY)) == Bylines((line, *BODY), (), ())


def test_a_paragraph_longer_than_the_limit_is_not_a_byline():
    name = "Фото: " + "а" * (MAX_LINE_LENGTH - len("Фото: "))
    longer = name + "б"

    assert split_bylines([*BODY, name]).credits == (name.removeprefix("Фото: "),)
    assert split_bylines([*BODY, longer]) == Bylines((*BODY, longer), (), ())


def test_credits_are_joined_with_semicolons():
    assert join_credits(["Kapital.kz", "Данияр Исмаилов"]) == "Kapital.kz; Данияр Исмаилов"
    assert join_credits([]) == ""


def test_credits_are_cut_at_a_whole_credit_to_fit_the_field():
    credits = ["а" * 100, "б" * 90, "в" * 10]

    assert join_credits(credits) == "а" * 100 + "; " + "б" * 90
    assert len(join_credits(credits)) == 192 <= MAX_CREDIT_LENGTH
    assert join_credits(["а" * 100, "б" * 98]) == "а" * 100 + "; " + "б" * 98
    assert join_credits(["а" * 100, "б" * 99]) == "а" * 100


def test_a_single_credit_too_long_is_cut_at_a_space():
    assert join_credits(["слово " * 10], max_length=20) == "слово слово слово"


def test_the_parser_takes_bylines_out_of_the_body_and_the_fingerprint():
    text = (
        "Заголовок\n\nЛид.\n\nАвтор: Айгерим Сейткали\n\nПервый абзац.\n\n"
        "Фото с места событий облетели сеть.\n\nПоследний абзац.\n\n"
        "Фото: Данияр Исмаилов\nИллюстративное фото: Reuters\n"
    )
    plain = parse_text(
        "Заголовок\n\nЛид.\n\nПервый абзац.\n\n"
        "Фото с места событий облетели сеть.\n\nПоследний абзац.\n"
    )

    parsed = parse_text(text)

    assert parsed.paragraphs == (
        "Первый абзац.",
        "Фото с места событий облетели сеть.",
        "Последний абзац.",
    )
    assert parsed.authors == ("Айгерим Сейткали",)
    assert parsed.credit == "Данияр Исмаилов; Reuters"
    assert parsed.fingerprint == plain.fingerprint
    assert (plain.authors, plain.credit) == ((), "")
