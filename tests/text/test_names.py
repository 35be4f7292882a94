import pytest

from articles.text.names import normalise_name, person_key


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Нурсултана Назарбаева", "Нурсултан Назарбаев"),
        ("Нурсултаном Назарбаевым", "Нурсултан Назарбаев"),
        ("Нурсултан Назарбаев", "Нурсултан Назарбаев"),
        ("Айдар-Жомарта Кенесова", "Айдар-Жомарт Кенесов"),
        ("Анны Ивановой", "Анна Иванова"),
        ("Ивана Петровича Сидорова", "Иван Петрович Сидоров"),
        ("Сидоров Иван Петрович", "Иван Петрович Сидоров"),
        ("Назарбаевым", "Назарбаев"),
    ],
)
def test_normalise_name_puts_a_name_in_the_nominative(written, expected):
    assert normalise_name(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Е.Сысоев", "Е. Сысоев"),
        ("Н.А.  Назарбаев", "Н. А. Назарбаев"),
        ("Р.\u00a0Алимов", "Р. Алимов"),
    ],
)
def test_normalise_name_spaces_initials(written, expected):
    assert normalise_name(written) == expected


def test_normalise_name_keeps_an_unknown_foreign_name_as_written():
    assert normalise_name("Го Шэнкунь") == "Го Шэнкунь"


def test_person_key_joins_an_initial_and_a_full_first_name():
    assert person_key("Н. Назарбаев") == person_key("Нурсултан Назарбаев") == ("назарбаев", "н")


def test_person_key_folds_case_and_yo():
    assert person_key("Пётр Семёнов") == ("семенов", "п")


def test_person_key_of_a_bare_surname_has_no_initial():
    assert person_key("Назарбаев") == ("назарбаев", "")


def test_person_key_takes_the_surname_of_a_surname_first_name():
    assert person_key("Сидоров Иван Петрович") == ("сидоров", "и")


def test_person_key_keeps_feminine_surnames_apart():
    assert person_key("Дарина Назарбаева") == ("назарбаева", "д")
    assert person_key("Д. Назарбаева") == ("назарбаева", "д")


def test_person_key_undoes_a_written_form_that_cannot_be_nominative():
    assert person_key("Нурсултана Назарбаева") == ("назарбаев", "н")
    assert person_key("Назарбаевым") == ("назарбаев", "")
