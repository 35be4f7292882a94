import codecs
import random
import re
from pathlib import Path

import pytest

from articles.text.parsing import (
    DEFAULT_MAX_BYTES,
    MAX_TITLE_LENGTH,
    ParsedArticle,
    ParseError,
    clean_text,
    content_source_id,
    decode,
    fingerprint,
    parse_bytes,
    parse_text,
    source_id_from_filename,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED_PATH = REPO_ROOT / "seeds" / "000_9e9f9821349f9dac.txt"

SEED_TITLE = "Нурсултан Назарбаев: Мы сопереживаем всем гражданам России"
SEED_LEAD = (
    "Президент Казахстана отметил, что терроризм и экстремизм не имеет границ, "
    "сохраняются риски и угрозы"
)
KAPITAL_FOOTER = (
    "При работе с материалами Центра деловой информации Kapital.kz разрешено использование "
    "лишь 30% текста с обязательной гиперссылкой на источник. При использовании полного "
    "материала необходимо разрешение редакции.\n"
    "Читать все последние новости \u27a4\n"
)


@pytest.fixture(scope="module")
def seed_bytes() -> bytes:
    return SEED_PATH.read_bytes()


@pytest.fixture(scope="module")
def seed_article(seed_bytes) -> ParsedArticle:
    return parse_bytes(seed_bytes)


def article_text(*blocks: str) -> str:
    return "\n\n".join(blocks) + "\n"


def all_text(article: ParsedArticle) -> str:
    return "\n".join([article.title, article.lead, *article.paragraphs])


# --- The real seed ---------------------------------------------------------------------


def test_seed_headline_and_lead_are_exact(seed_article):
    assert seed_article.title == SEED_TITLE
    assert seed_article.lead == SEED_LEAD


def test_seed_has_twelve_body_paragraphs_in_order(seed_article):
    paragraphs = seed_article.paragraphs
    assert len(paragraphs) == 12
    assert paragraphs[0].startswith(
        "Президент Казахстана Нурсултан Назарбаев встретился с руководителями делегаций"
    )
    assert paragraphs[-1].startswith("Мероприятие в Астане по линии советов безопасности")
    assert seed_article.body == "\n\n".join(paragraphs)


def test_seed_broken_nbsp_entities_become_plain_spaces(seed_article):
    assert "Казахстана В. Жумаканов" in seed_article.paragraphs[10]
    assert "стран ШОС. Об этом сообщает" in seed_article.paragraphs[0]
    text = all_text(seed_article)
    assert "&" not in text
    assert "\xa0" not in text


def test_seed_kapital_footer_is_removed_and_recorded_as_source(seed_article):
    text = all_text(seed_article)
    assert "При работе с материалами" not in text
    assert "Читать все последние новости" not in text
    assert "\u27a4" not in text
    assert seed_article.source == "Kapital.kz"
    assert seed_article.encoding == "utf-8"


def _reencode(seed: bytes, encoding: str) -> bytes:
    # Characters missing from a legacy table become numeric references, as web exports do;
    # cleaning turns them back into the same characters.
    return seed.decode("utf-8").encode(encoding, errors="xmlcharrefreplace")


@pytest.mark.parametrize(
    ("transform", "expected_encoding"),
    [
        (lambda seed: codecs.BOM_UTF8 + seed, "utf-8-sig"),
        (lambda seed: _reencode(seed, "cp1251"), "cp1251"),
        (lambda seed: _reencode(seed, "koi8-r"), "koi8-r"),
        (lambda seed: _reencode(seed, "utf-16"), "utf-16"),
        (lambda seed: codecs.BOM_UTF16_BE + _reencode(seed, "utf-16-be"), "utf-16"),
        (lambda seed: seed.replace(b"\n", b"\r\n"), "utf-8"),
        (lambda seed: seed.replace(b"\n", b"\r"), "utf-8"),
        (lambda seed: seed.replace(b"\n", "\u2028".encode()), "utf-8"),
    ],
    ids=["utf-8-bom", "cp1251", "koi8-r", "utf-16-le-bom", "utf-16-be-bom", "crlf", "cr", "ls"],
)
def test_seed_in_other_encodings_and_line_endings_parses_identically(
    seed_bytes, seed_article, transform, expected_encoding
):
    article = parse_bytes(transform(seed_bytes))
    assert article.title == seed_article.title
    assert article.lead == seed_article.lead
    assert article.paragraphs == seed_article.paragraphs
    assert article.fingerprint == seed_article.fingerprint
    assert article.source == "Kapital.kz"
    assert article.encoding == expected_encoding


def test_seed_cut_inside_a_multibyte_character_still_decodes_as_utf8(seed_bytes):
    cut = seed_bytes[:-1]  # "➤" is three bytes; drop its last one
    text, encoding = decode(cut)
    assert encoding == "utf-8"
    assert text.endswith("Читать все последние новости ")
    assert parse_bytes(cut).paragraphs == parse_bytes(seed_bytes).paragraphs


# --- Decoding --------------------------------------------------------------------------


def test_short_cp1251_and_koi8r_texts_are_told_apart():
    text = article_text("Заголовок новости", "Короткий лид", "Первый абзац текста.")
    assert decode(text.encode("cp1251")) == (text, "cp1251")
    assert decode(text.encode("koi8-r")) == (text, "koi8-r")


def test_very_short_cp1251_and_koi8r_texts_are_told_apart_by_letter_case():
    text = "Мир\n\nДа\n\nНет, ещё не вечер."
    assert decode(text.encode("cp1251")) == (text, "cp1251")
    assert decode(text.encode("koi8-r")) == (text, "koi8-r")


def test_decode_strips_utf8_bom():
    assert decode(codecs.BOM_UTF8 + "Привет".encode()) == ("Привет", "utf-8-sig")


def test_decode_reads_utf16_with_bom():
    assert decode("Привет, мир".encode("utf-16")) == ("Привет, мир", "utf-16")


def test_a_stray_control_character_is_not_binary_and_is_cleaned_away():
    data = article_text("Заголовок", "Лид", "Текст.").encode() + b"\x1a"
    article = parse_bytes(data)
    assert article.paragraphs == ("Текст.",)


# --- Rejected files ---------------------------------------------------------------------


def _reason(data: bytes, **kwargs) -> str:
    with pytest.raises(ParseError) as excinfo:
        parse_bytes(data, **kwargs)
    message = str(excinfo.value)
    assert "\n" not in message
    return message


def test_empty_file_is_rejected():
    assert _reason(b"") == "file is empty"


def test_whitespace_only_file_is_rejected_as_empty():
    assert _reason(b" \r\n\t\n  \n") == "file is empty"
    assert _reason("\ufeff\xa0\u200b\n".encode()) == "file is empty"
    assert _reason(codecs.BOM_UTF8) == "file is empty"
    assert _reason(codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")) == "file is empty"


def test_file_with_only_the_footer_has_no_headline():
    assert _reason(KAPITAL_FOOTER.encode()).startswith("no headline")


def test_headline_only_has_no_lead():
    assert _reason("Заголовок\n\n\n".encode()).startswith("no lead")


def test_headline_and_lead_without_body_are_rejected():
    data = (article_text("Заголовок", "Лид") + "\n" + KAPITAL_FOOTER).encode()
    assert _reason(data).startswith("no body")


def test_binary_png_is_rejected():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06"
    assert _reason(png).startswith("binary file")


def test_binary_without_nul_bytes_is_rejected_by_its_control_characters():
    data = bytes(range(1, 32)) * 10 + "Заголовок".encode()
    assert _reason(data).startswith("binary file")


def test_utf16_with_nul_characters_is_rejected_as_binary():
    assert _reason("a\x00b\x00c".encode("utf-16")).startswith("binary file")


def test_garbage_high_bytes_cannot_be_decoded():
    undecodable = "cannot decode file: not UTF-8, CP1251 or KOI8-R text"
    assert _reason(bytes(range(0x80, 0xC0)) * 8).startswith(undecodable)
    rng = random.Random(1251)
    noise = bytes(rng.randrange(0x80, 0x100) for _ in range(2000))
    assert _reason(noise).startswith(undecodable)
    numbers_only = b"2017-2018: 100%, 42 \xab7\xbb\n" * 10  # legacy bytes but no letters at all
    assert _reason(numbers_only).startswith(undecodable)


def test_utf8_with_a_damaged_byte_in_the_middle_cannot_be_decoded():
    data = ("Привет, мир! " * 20).encode()
    damaged = data[:50] + b"\xff" + data[51:]
    assert _reason(damaged).startswith("cannot decode file: not UTF-8, CP1251 or KOI8-R text")


def test_utf8_read_through_a_legacy_table_is_recognised_as_mojibake():
    # Lowercase words without punctuation: read as KOI8-R they are half lowercase letters,
    # half box-drawing symbols.
    data = ("привет мир " * 20).encode()
    damaged = data[:51] + b"\xff" + data[51:]
    assert _reason(damaged).startswith("cannot decode file: not UTF-8, CP1251 or KOI8-R text")


def test_invalid_utf16_after_a_bom_cannot_be_decoded():
    lone_surrogate = codecs.BOM_UTF16_LE + b"A\x00\x00\xd8B\x00"
    assert _reason(lone_surrogate).startswith("cannot decode file")


def test_file_over_the_size_limit_is_rejected_before_decoding():
    message = _reason(b"\x00" * 101, max_bytes=100)
    assert message == "file is too large: 101 bytes (the limit is 100 bytes)"


def test_file_at_the_size_limit_is_accepted():
    data = article_text("Заголовок", "Лид", "Текст.").encode()
    assert parse_bytes(data, max_bytes=len(data)).title == "Заголовок"
    assert DEFAULT_MAX_BYTES == 1_048_576


def test_overlong_headline_is_rejected():
    data = article_text("Я" * (MAX_TITLE_LENGTH + 1), "Лид", "Текст.").encode()
    assert _reason(data) == (
        f"headline is too long: {MAX_TITLE_LENGTH + 1} characters (limit {MAX_TITLE_LENGTH})"
    )


def test_headline_of_exactly_the_limit_is_accepted():
    title = "Я" * MAX_TITLE_LENGTH
    assert parse_text(article_text(title, "Лид", "Текст.")).title == title


# --- Entities and ampersands -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ШОС.&nbsp;Об этом", "ШОС. Об этом"),
        ("ШОС.&nbspОб этом", "ШОС. Об этом"),
        ("ШОС.&amp;nbsp;Об этом", "ШОС. Об этом"),
        ("ШОС.&amp;amp;nbsp;Об этом", "ШОС. Об этом"),
        ("ШОС.&amp;amp;amp;amp;nbsp;Об этом", "ШОС. Об этом"),
        ("саммит &laquo;ШОС&raquo;", "саммит «ШОС»"),
        ("ШОС.&\xa0Об этом", "ШОС. Об этом"),
        ("ШОС.&\u2009Об этом", "ШОС. Об этом"),
        ("ШОС.&\u202fОб этом", "ШОС. Об этом"),
        ("саммит &«ШОС&»", "саммит «ШОС»"),
        ("2017&mdash;2018", "2017—2018"),
        ("2017&—2018", "2017—2018"),
        ("&#171;ШОС&#xBB;", "«ШОС»"),
        ("сказал:&\u201cДа&\u201d", "сказал:\u201cДа\u201d"),
        ("AT&T", "AT&T"),
        ("R&D", "R&D"),
        ("Procter & Gamble", "Procter & Gamble"),
        ("Q&notes", "Q&notes"),
        ("M&A &amp; R&D", "M&A & R&D"),
        ("&unknown; entity", "&unknown; entity"),
        ("&#" + "9" * 5000 + ";", "&#" + "9" * 5000 + ";"),
    ],
)
def test_entities_are_decoded_and_broken_ones_repaired(raw, expected):
    assert clean_text(raw) == expected


def test_a_line_ending_in_an_ampersand_keeps_it():
    assert clean_text("Procter &\nGamble") == "Procter &\nGamble"


def test_no_nbsp_survives_in_a_parsed_article():
    text = article_text(
        "Заголовок&nbsp;с&amp;nbsp;пробелами",
        "Лид&\xa0текст",
        "Абзац&amp;amp;nbsp;один &\u200bnbsp; два",
    )
    article = parse_text(text)
    assert article.title == "Заголовок с пробелами"
    assert article.lead == "Лид текст"
    assert article.paragraphs == ("Абзац один два",)


# --- Whitespace and structure ------------------------------------------------------------


def test_tabs_and_runs_of_spaces_collapse_to_one_space():
    assert clean_text("  Один\t\tдва   три\xa0\xa0четыре\u3000пять  ") == "Один два три четыре пять"


def test_zero_width_and_control_characters_are_removed():
    assert clean_text("\ufeffЗа\u200bго\u200dло\u2060вок\x07\u00ad") == "Заголовок"


def test_clean_text_normalises_line_endings_and_keeps_lines():
    assert clean_text("а\r\nб\rв\u2028г\u2029д\n\nе") == "а\nб\nв\nг\nд\n\nе"


def test_clean_text_composes_to_nfc():
    assert clean_text("и\u0306 e&#x301;") == "й é"


def test_hard_wrapped_paragraph_lines_are_joined():
    text = "Заголовок\n\nЛид первая\nстрока\n\nПервый абзац\nпродолжение\n\nВторой\t абзац\n"
    article = parse_text(text)
    assert article.lead == "Лид первая строка"
    assert article.paragraphs == ("Первый абзац продолжение", "Второй абзац")


def test_missing_blank_line_after_headline_makes_second_line_the_lead():
    article = parse_text("Заголовок\nЛид сразу\n\nТекст.\n\nЕщё текст.\n")
    assert article.title == "Заголовок"
    assert article.lead == "Лид сразу"
    assert article.paragraphs == ("Текст.", "Ещё текст.")


def test_leading_and_repeated_blank_lines_are_ignored():
    article = parse_text("\n\n  \nЗаголовок\n\n\n\nЛид\n \n\t\nТекст.\n\n\n")
    assert (article.title, article.lead, article.paragraphs) == ("Заголовок", "Лид", ("Текст.",))


def test_text_without_footer_has_no_source():
    article = parse_text(article_text("Заголовок", "Лид", "Текст."), encoding="cp1251")
    assert article.source == ""
    assert article.encoding == "cp1251"


def test_footer_lines_in_separate_blocks_and_a_lone_arrow_are_removed():
    footer_blocks = KAPITAL_FOOTER.replace("\n", "\n\n") + "\u27a4\n"
    article = parse_text(article_text("Заголовок", "Лид", "Текст.") + footer_blocks)
    assert article.paragraphs == ("Текст.",)
    assert article.source == "Kapital.kz"


def test_boilerplate_followed_by_real_text_is_kept():
    text = article_text("Заголовок", "Лид", "Читать все последние новости", "Текст.")
    article = parse_text(text)
    assert article.paragraphs == ("Читать все последние новости", "Текст.")
    assert article.source == ""


def test_parse_text_without_encoding_records_empty_encoding():
    assert parse_text(article_text("Заголовок", "Лид", "Текст.")).encoding == ""


# --- Natural keys and fingerprints -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("000_9e9f9821349f9dac.txt", "9e9f9821349f9dac"),
        ("/x/y/123_ABCDEF12.txt", "abcdef12"),
        ("C:\\imports\\007_abc.TXT", "abc"),
        ("article.txt", None),
        ("000_xyz.txt", None),
        ("000_9e9f9821349f9dac.txt.bak", None),
        ("_9e9f.txt", None),
        ("000_" + "a" * 32 + ".txt", None),
    ],
)
def test_source_id_from_filename(name, expected):
    assert source_id_from_filename(name) == expected


def _article(title="Заголовок", lead="Лид", paragraphs=("Текст.",)) -> ParsedArticle:
    return ParsedArticle(title=title, lead=lead, paragraphs=paragraphs, source="", encoding="")


def test_content_source_id_is_stable_32_hex_characters():
    source_id = content_source_id(_article())
    assert re.fullmatch("[0-9a-f]{32}", source_id)
    assert content_source_id(_article()) == source_id


def test_content_source_id_differs_for_different_content():
    assert content_source_id(_article()) != content_source_id(_article(lead="Другой лид"))


def test_fingerprint_is_equal_for_equal_content_regardless_of_source_and_encoding():
    same = ParsedArticle("Заголовок", "Лид", ("Текст.",), source="Kapital.kz", encoding="cp1251")
    assert same.fingerprint == _article().fingerprint
    assert re.fullmatch("[0-9a-f]{64}", same.fingerprint)


@pytest.mark.parametrize(
    "changed",
    [
        _article(title="Заголовок!"),
        _article(lead="Лид!"),
        _article(paragraphs=("Текст!",)),
        _article(paragraphs=("Текст.", "Ещё.")),
    ],
)
def test_fingerprint_changes_when_any_part_changes(changed):
    assert changed.fingerprint != _article().fingerprint


def test_module_fingerprint_of_stored_fields_equals_the_parsed_fingerprint(seed_article):
    stored = (seed_article.title, seed_article.lead, seed_article.body)
    assert fingerprint(*stored) == seed_article.fingerprint


def test_fingerprint_separator_is_unambiguous():
    assert _article(title="ab", lead="c").fingerprint != _article(title="a", lead="bc").fingerprint


# --- Robustness ---------------------------------------------------------------------------


def _outcome(function, *args) -> ParsedArticle | ParseError:
    try:
        return function(*args)
    except ParseError as err:
        return err


def _assert_article_or_parse_error(outcome: ParsedArticle | ParseError) -> None:
    if isinstance(outcome, ParseError):
        assert str(outcome)
        assert "\n" not in str(outcome)
        return
    assert outcome.title and outcome.lead and outcome.paragraphs
    assert len(outcome.title) <= MAX_TITLE_LENGTH
    for part in (outcome.title, outcome.lead, *outcome.paragraphs):
        assert part
        assert part == part.strip()
        assert "&\xa0" not in part
        assert "&nbsp;" not in part.lower()
        assert "\n" not in part
        part.encode("utf-8")  # no lone surrogates left
    assert re.fullmatch("[0-9a-f]{64}", outcome.fingerprint)


_TEXT_ALPHABET = (
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙ abcXYZ 0123 \n\n\n\t"
    "&&&;#\xa0\u2009\u200b\ufeff\u2028\r«»—…\u27a4\x85\u0301"
)
_TEXT_FRAGMENTS = (
    "&nbsp;",
    "&amp;",
    "&amp;amp;nbsp;",
    "&#171;",
    "&#x",
    "&#" + "9" * 50,
    "&laquo;",
    "&\xa0",
    "\n\n",
    "\x00",
    "\x07",
    "\ud800",
    "\udfff",
    "Kapital.kz",
    "\n\nЧитать все последние новости \u27a4",
)


def _random_text(rng: random.Random) -> str:
    pieces = [
        rng.choice(_TEXT_FRAGMENTS) if rng.random() < 0.05 else rng.choice(_TEXT_ALPHABET)
        for _ in range(rng.randrange(300))
    ]
    if rng.random() < 0.3:
        pieces.insert(rng.randrange(len(pieces) + 1), chr(rng.randrange(0x110000)))
    return "".join(pieces)


def _random_bytes(rng: random.Random) -> bytes:
    size = rng.randrange(400)
    kind = rng.randrange(3)
    if kind == 0:
        return rng.randbytes(size)
    if kind == 1:  # text-like bytes: no NULs, few controls, many high bytes
        alphabet = b"\n\n\r  .,&;" + bytes(range(0x21, 0x7F)) + bytes(range(0x80, 0x100))
        return bytes(rng.choice(alphabet) for _ in range(size))
    return "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(size)).encode(
        rng.choice(["utf-8", "utf-8-sig", "utf-16"]), errors="replace"
    )


def test_random_bytes_give_an_article_or_a_parse_error():
    rng = random.Random(20170403)
    for _ in range(400):
        _assert_article_or_parse_error(_outcome(parse_bytes, _random_bytes(rng)))


def test_random_text_gives_an_article_or_a_parse_error():
    rng = random.Random(42)
    for _ in range(300):
        text = _random_text(rng)
        _assert_article_or_parse_error(_outcome(parse_text, text))
        encoding = rng.choice(["utf-8", "utf-16", "cp1251", "koi8-r"])
        data = text.encode(encoding, errors="replace")
        _assert_article_or_parse_error(_outcome(parse_bytes, data))


def test_truncated_seed_prefixes_give_an_article_or_a_parse_error(seed_bytes):
    rng = random.Random(7)
    encodings = ["utf-8", "utf-16", "cp1251", "koi8-r"]
    variants = [_reencode(seed_bytes, encoding) for encoding in encodings]
    for _ in range(200):
        data = rng.choice(variants)
        _assert_article_or_parse_error(_outcome(parse_bytes, data[: rng.randrange(len(data) + 1)]))


def test_long_seed_prefixes_keep_the_seed_headline_and_lead(seed_bytes):
    for encoding in ["utf-8", "utf-16", "cp1251", "koi8-r"]:
        data = _reencode(seed_bytes, encoding)
        for size in range(len(data) // 2, len(data), 97):
            article = parse_bytes(data[:size])
            assert (article.title, article.lead, article.encoding) == (
                SEED_TITLE,
                SEED_LEAD,
                encoding,
            )


def test_huge_single_line_is_handled():
    line = "Слово&nbsp;и&amp; " * 30_000
    _assert_article_or_parse_error(_outcome(parse_bytes, line.encode()))
    article = parse_bytes(("Заголовок\n\nЛид\n\n" + line).encode())
    assert len(article.paragraphs) == 1
    assert "&nbsp;" not in article.paragraphs[0]
