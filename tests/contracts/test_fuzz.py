"""Generated inputs for the parser and the importer (hypothesis).

The parser either returns a clean article or raises ParseError with a one-line
reason; the importer reports each bad file and imports each good one whole, or
nothing of it. The default profile runs a quick sample; HYPOTHESIS_PROFILE=fuzz
runs the long campaign (profiles in conftest.py).
"""

import codecs
import io
import re
import tempfile
import unicodedata
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from articles import importing
from articles.importing.linking import apply_extraction
from articles.models import (
    Article,
    ArticleEvent,
    ArticleOrganization,
    ArticlePerson,
    ArticlePlace,
    Event,
    Organization,
    Person,
    Place,
)
from articles.text import parsing, richtext

from ..factories import SEED, SEED_TITLE

pytestmark = pytest.mark.fuzz

SEED_BYTES = SEED.read_bytes()
SEED_ARTICLE = parsing.parse_bytes(SEED_BYTES)
SEED_TEXT = SEED_BYTES.decode("utf-8")
FOOTER_LINES = tuple(SEED_TEXT.rstrip("\n").split("\n")[-2:])
assert FOOTER_LINES[1] == "Читать все последние новости ➤"

# The seed's words in their order, those at least three letters long, so that a
# capitalised word still has more lowercase than uppercase letters: what tells CP1251
# from KOI8-R in a short file. Sentences are runs of them (two draws, however long).
WORDS = tuple(word for word in re.findall(r"[А-Яа-яЁё]{3,}", SEED_ARTICLE.body) if word.islower())
UNICODE_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-be")
LEGACY_ENCODINGS = ("cp1251", "koi8-r")
ENCODINGS = UNICODE_ENCODINGS + LEGACY_ENCODINGS
# What the parser must read as the one space between two words.
SPACES = (" ", "  ", "\t", "\xa0", "&\xa0", "&nbsp;", "&amp;nbsp;", " &\xa0", "\u200b ")
LEGACY_SPACES = SPACES[:-1]  # no zero-width space in CP1251 and KOI8-R
# Separators between two lines: the same paragraph, or a paragraph break.
SAME_BLOCK = ("\n",)
NEW_BLOCK = ("\n\n", "\n \t\n", "\n\n\n", "\n\xa0\n")

# Each example is small, but the parser properties run many thousands: keep hypothesis's
# deadline for them (a pathological slowdown is a bug), without its size health checks.
PARSER_SETTINGS = settings(
    deadline=2000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def encode(text, encoding):
    if encoding == "utf-16-be":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode(encoding)


# --- Strategies -----------------------------------------------------------------------


def sentences(min_words=1, max_words=10):
    def words(start, length):
        run = [WORDS[(start + offset) % len(WORDS)] for offset in range(length)]
        return [run[0].capitalize(), *run[1:]]

    return st.builds(words, st.integers(0, len(WORDS) - 1), st.integers(min_words, max_words))


@st.composite
def line_text(draw, words, encoding):
    """`words` written with damaged spaces between them, and stray spaces around."""
    spaces = SPACES if encoding in UNICODE_ENCODINGS else LEGACY_SPACES
    spaces = draw(st.lists(st.sampled_from(spaces), min_size=1, max_size=8))
    inner = words[0] + "".join(
        spaces[index % len(spaces)] + word for index, word in enumerate(words[1:])
    )
    before = draw(st.sampled_from(("", " ", "\t", "\xa0")))
    return before + inner + draw(st.sampled_from(("", " ", "\t ", "&nbsp;")))


@st.composite
def line_endings(draw, text):
    style = draw(st.sampled_from(("\n", "\r\n", "\r", "mixed")))
    if style != "mixed":
        return text.replace("\n", style)
    parts = text.split("\n")
    endings = draw(
        st.lists(
            st.sampled_from(("\n", "\r\n", "\r")),
            min_size=len(parts) - 1,
            max_size=len(parts) - 1,
        )
    )
    # CR then LF is one CRLF line break, not two: keep the number of breaks.
    for index in range(1, len(endings)):
        if endings[index - 1] == "\r" and endings[index] == "\n":
            endings[index] = "\r\n"
    return "".join(part + ending for part, ending in zip(parts, [*endings, ""], strict=True))


@st.composite
def article_files(draw, *, allow_huge=True, valid=False):
    """(file bytes, the article the parser must read from it, or None if none).

    The headline, lead and paragraphs are separated by blank lines, but some are
    missing: lines without a blank line between them are one paragraph (a missing
    one after the headline still ends the headline). One file in ten has a paragraph
    of 10,000 to 100,000 characters.
    """
    encoding = draw(st.sampled_from(ENCODINGS))
    lines = [draw(sentences(1, 8)), draw(sentences())]
    lines += draw(st.lists(sentences(1, 30), min_size=1 if valid else 0, max_size=6))
    if allow_huge and lines[2:] and draw(st.integers(0, 9)) == 0:
        index = draw(st.integers(2, len(lines) - 1))
        # Up to 100,000 characters: a megabyte at most in UTF-16 with every space damaged.
        size = len(" ".join(lines[index])) + 1
        lines[index] = lines[index] * (draw(st.integers(10_000, 100_000)) // size + 1)
    breaks = draw(
        st.lists(
            st.sampled_from(NEW_BLOCK * 4 + SAME_BLOCK),
            min_size=len(lines) - 1,
            max_size=len(lines) - 1,
        )
    )
    if valid:  # a paragraph of its own at the end: there is a body whatever comes before
        breaks[-1] = draw(st.sampled_from(NEW_BLOCK))
    written = [draw(line_text(words, encoding)) for words in lines]
    text = "".join(line + separator for line, separator in zip(written, [*breaks, ""], strict=True))
    footer = draw(st.sampled_from(((), FOOTER_LINES, FOOTER_LINES[:1], FOOTER_LINES[1:])))
    for line in footer:
        if encoding in LEGACY_ENCODINGS:
            line = line.replace(" ➤", "")  # not in CP1251 or KOI8-R
        text += draw(st.sampled_from(NEW_BLOCK + SAME_BLOCK)) + line
    text += draw(st.sampled_from(("", "\n", "\n\n", "\n \n")))
    text = draw(line_endings(text))

    data = encode(text, encoding)

    blocks = [[" ".join(lines[0])]]
    for words, separator in zip(lines[1:], breaks, strict=True):
        if separator in NEW_BLOCK:
            blocks.append([])
        blocks[-1].append(" ".join(words))
    title, *lead = blocks[0]
    body = blocks[1:]
    if not lead and body:
        lead, *body = body
    expected = None
    if lead and body:
        expected = parsing.ParsedArticle(
            title=title,
            lead=" ".join(lead),
            paragraphs=tuple(" ".join(block) for block in body),
            source="Kapital.kz" if footer else "",
            encoding={"utf-16-be": "utf-16"}.get(encoding, encoding),
        )
    return data, expected


def truncated(files):
    return st.tuples(files, st.floats(0, 1)).map(
        lambda pair: pair[0][: int(len(pair[0]) * pair[1])]
    )


def encoded(texts):
    """Any text in any encoding, UTF-16 and UTF-32 also without a byte order mark."""
    codecs_ = (
        "utf-8",
        "utf-8-sig",
        "utf-16",
        "utf-16-le",
        "utf-16-be",
        "utf-32",
        *LEGACY_ENCODINGS,
    )
    return st.tuples(texts, st.sampled_from(codecs_)).map(
        lambda pair: pair[0].encode(pair[1], errors="ignore")
    )


def seed_in_any_encoding():
    # KOI8-R has no « » for the seed's quotes; CP1251 has all but the footer's "➤".
    return st.sampled_from(
        [encode(SEED_TEXT, encoding) for encoding in UNICODE_ENCODINGS]
        + [SEED_TEXT.replace("➤", "").encode("cp1251")]
    )


@st.composite
def glued(draw):
    """Fragments of articles, each in its own encoding, one after the other."""
    fragments = draw(
        st.lists(
            st.tuples(
                st.one_of(
                    sentences().map(" ".join),
                    st.sampled_from(FOOTER_LINES),
                    st.sampled_from(("\n", "\r\n", "\r", "\n\n", "&", "\xa0", "&\xa0")),
                ),
                st.sampled_from(("utf-8", "cp1251", "koi8-r", "utf-16-le", "utf-16")),
            ),
            min_size=1,
            max_size=12,
        )
    )
    return b"".join(text.encode(encoding, errors="replace") for text, encoding in fragments)


@st.composite
def huge_lines(draw):
    """A line of 1,000 to 300,000 times the same few characters, maybe in an article."""
    unit = draw(
        st.sampled_from(
            ("а", "x", "9", " ", "\t", "&", "&\xa0", "&#", "&#1", "&amp;", "➤", "\xa0", "\u200b")
        )
    )
    line = unit * draw(st.integers(1_000, 300_000))
    prefix = draw(
        st.sampled_from(("", "Заголовок\n\nЛид\n\n", "При работе с материалами ", "&#", "&#x", "&"))
    )
    suffix = draw(st.sampled_from(("", ";", " kapital.kz", "\n\nАбзац.", "\n")))
    return encode(prefix + line + suffix, draw(st.sampled_from(UNICODE_ENCODINGS)))


@st.composite
def only_boilerplate(draw):
    lines = draw(st.lists(st.sampled_from((*FOOTER_LINES, "➤", "", " ", "\t")), max_size=8))
    text = draw(line_endings("\n".join(lines)))
    return encode(text, draw(st.sampled_from(UNICODE_ENCODINGS)))


def empty_files():
    return st.sampled_from(
        (
            b"",
            b" ",
            b"\n\n\r\n",
            codecs.BOM_UTF8,
            codecs.BOM_UTF16_LE,
            codecs.BOM_UTF16_BE,
            "\ufeff\u200b\xad \n".encode(),
            b"\x1a",
            b"\x00\x00",
        )
    )


@st.composite
def byte_damaged(draw):
    """A good file with bytes overwritten, inserted or removed here and there."""
    data = bytearray(draw(article_files(allow_huge=False))[0])
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(("overwrite", "insert", "delete")))
        byte = draw(st.integers(0, 255))
        if action == "insert" or position == len(data):
            data.insert(position, byte)
        elif action == "overwrite":
            data[position] = byte
        else:
            del data[position]
    return bytes(data)


any_files = st.one_of(
    st.binary(max_size=4096),
    encoded(st.text(max_size=2000)),
    article_files().map(lambda pair: pair[0]),
    truncated(article_files(allow_huge=False).map(lambda pair: pair[0])),
    truncated(seed_in_any_encoding()),
    glued(),
    huge_lines(),
    only_boilerplate(),
    empty_files(),
    byte_damaged(),
)

# For the importer: the same kinds of file, small.
bad_or_good_files = st.one_of(
    st.binary(max_size=512),
    encoded(st.text(max_size=300)),
    article_files(allow_huge=False).map(lambda pair: pair[0]),
    truncated(seed_in_any_encoding()),
    glued(),
    only_boilerplate(),
    empty_files(),
    byte_damaged(),
)


# --- The parser -----------------------------------------------------------------------

_UNCLEAN = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\ufeff\ud800-\udfff]")


def parse_or_explain(data):
    """The parsed article, or None after checking the ParseError is a clear reason."""
    try:
        article = parsing.parse_bytes(data)
    except parsing.ParseError as error:
        assert_clear_reason(error)
        event(f"rejected: {str(error).split(':')[0]}")  # --hypothesis-show-statistics
        return None
    assert_clean(article)
    event(f"parsed as {article.encoding}")
    return article


def assert_clear_reason(error):
    message = str(error)
    assert message
    assert message == message.strip()
    assert "\n" not in message and "\r" not in message
    assert len(message) < 200, message


def assert_clean(article):
    assert article.title
    assert len(article.title) <= parsing.MAX_TITLE_LENGTH
    assert article.lead
    assert article.paragraphs
    for text in (article.title, article.lead, *article.paragraphs):
        assert text == text.strip()
        assert text == unicodedata.normalize("NFC", text)
        assert not _UNCLEAN.search(text), ascii(text)
        assert "  " not in text
        assert not re.search(r"\s", text.replace(" ", ""))
    # Storable and hashable as it is (no lone surrogates, no NUL).
    for text in (article.title, article.lead, article.body):
        text.encode("utf-8")
    assert len(article.fingerprint) == 64


@PARSER_SETTINGS
@given(any_files)
def test_parser_returns_a_clean_article_or_a_clear_parse_error(data):
    parse_or_explain(data)


@PARSER_SETTINGS
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=())))
def test_parser_takes_any_string_including_lone_surrogates(text):
    try:
        article = parsing.parse_text(text)
    except parsing.ParseError as error:
        assert_clear_reason(error)
    else:
        assert_clean(article)


@PARSER_SETTINGS
@given(article_files())
def test_well_formed_file_reads_the_same_whatever_its_encoding_line_ends_and_spaces(pair):
    data, expected = pair
    if expected is None:
        event("no body")
        with pytest.raises(parsing.ParseError, match=r"^no (lead|body): "):
            parsing.parse_bytes(data)
    else:
        event(f"{expected.encoding}, {'over' if len(data) > 20_000 else 'under'} 20 kB")
        assert parsing.parse_bytes(data) == expected


@PARSER_SETTINGS
@given(seed_in_any_encoding(), st.floats(0, 1))
def test_truncated_seed_keeps_what_it_read_or_says_why_not(data, fraction):
    cut = data[: int(len(data) * fraction)]
    article = parse_or_explain(cut)
    if article is None:
        return
    # A readable cut ends in the body: headline and lead are whole, and so are the
    # paragraphs before the one it cuts.
    assert article.title == SEED_TITLE
    assert article.lead == SEED_ARTICLE.lead
    whole = min(len(article.paragraphs) - 1, len(SEED_ARTICLE.paragraphs))
    assert article.paragraphs[:whole] == SEED_ARTICLE.paragraphs[:whole]
    if len(article.paragraphs) <= len(SEED_ARTICLE.paragraphs):
        last = article.paragraphs[-1]
        assert SEED_ARTICLE.paragraphs[len(article.paragraphs) - 1].startswith(last.rstrip("&"))


# --- The importer ---------------------------------------------------------------------

LINK_MODELS = (ArticlePerson, ArticleOrganization, ArticlePlace, ArticleEvent)
ENTITY_MODELS = (Person, Organization, Place, Event)


def entity_names(**filters):
    return {
        (model.__name__, name)
        for model in ENTITY_MODELS
        for name in model.objects.filter(**filters).values_list("name", flat=True)
    }


class InjectedFailure(DatabaseError):
    pass


@st.composite
def file_sets(draw):
    """[(file name, bytes)]: a good file, then good and bad ones, some with one source ID."""
    good = draw(article_files(allow_huge=False, valid=True))[0]
    contents = [good, *draw(st.lists(bad_or_good_files, max_size=5))]
    if draw(st.booleans()):
        contents.append(draw(st.sampled_from(contents)))  # the same text again
    hex_ids = st.sampled_from(("9e9f9821349f9dac", "a1", "A1", "ff0000"))
    names = []
    for number, _ in enumerate(contents):
        hex_id = draw(st.one_of(st.none(), hex_ids))
        names.append(f"{number:03d}_{hex_id}.txt" if hex_id else f"article-{number:03d}.txt")
    return list(zip(names, contents, strict=True))


def link_counts(article):
    return tuple(model.objects.filter(article=article).count() for model in LINK_MODELS)


def expected_articles(files):
    """What the importer must make of `files`, read by the parser alone.

    {source ID: the parsed article it must hold}, {name: source ID} of the good files,
    {name: reason} of the bad ones.
    """
    articles, ids, errors = {}, {}, {}
    for name, data in sorted(files):
        try:
            parsed = parsing.parse_bytes(data)
        except parsing.ParseError as error:
            errors[name] = str(error)
            continue
        ids[name] = parsing.source_id_from_filename(name) or parsing.content_source_id(parsed)
        articles[ids[name]] = parsed  # a later file with the same source ID updates it
    return articles, ids, errors


@settings(
    max_examples=max(50, settings.default.max_examples // 10),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files=file_sets(), failing=st.sets(st.sampled_from(("9e9f9821349f9dac", "a1", "ff0000"))))
@pytest.mark.django_db
def test_importer_reports_each_bad_file_and_imports_each_good_one_whole_or_not_at_all(
    files, failing
):
    articles, ids, errors = expected_articles(files)
    # Writing the entities of these source IDs fails after some were written: nothing of
    # those files may stay. What the other files wrote is recorded, to be found intact.
    written, linked = {}, set()

    def apply_or_fail(article, extraction, *, text):
        apply_extraction(article, extraction, text=text)
        if article.source_id in failing:
            raise InjectedFailure("injected failure")
        written[article.source_id] = link_counts(article)
        linked.update(entity_names(articles=article))

    failed_ids = failing & set(articles)
    stdout, stderr = io.StringIO(), io.StringIO()
    with (
        tempfile.TemporaryDirectory() as folder,
        mock.patch.object(importing.writer, "apply_extraction", apply_or_fail),
        transaction.atomic(),  # each example starts from an empty database
    ):
        for name, data in files:
            Path(folder, name).write_bytes(data)
        try:
            call_command(
                "load_articles", folder, workers=0, verbosity=2, stdout=stdout, stderr=stderr
            )
        except CommandError as error:
            message = str(error)
        else:
            message = ""

        failed = dict(re.findall(r"^.*/([^/]+): failed: (.+)$", stderr.getvalue(), re.M))
        should_fail = {name for name, source_id in ids.items() if source_id in failed_ids}
        assert set(failed) == set(errors) | should_fail
        for name, reason in errors.items():
            assert failed[name] == reason
        for name in should_fail:
            assert failed[name] == "database error: injected failure"
        assert message == (f"{len(failed)} of {len(files)} files failed." if failed else "")
        assert len(stderr.getvalue().splitlines()) == len(failed)  # nothing else: no traceback

        stored = {article.source_id: article for article in Article.objects.all()}
        assert set(stored) == set(articles) - failed_ids
        for source_id, article in stored.items():
            parsed = articles[source_id]
            assert (article.title, article.lead, article.body_text) == (
                parsed.title,
                parsed.lead,
                parsed.body,
            )
            # The columns save() derives from the text, as bulk_create's callers must fill them.
            derived = Article(
                title=parsed.title,
                lead=parsed.lead,
                body=richtext.from_paragraphs(parsed.paragraphs),
            )
            derived.fill_derived_fields()
            for field in Article.SEARCH_COLUMNS:
                assert getattr(article, field) == getattr(derived, field), field
            assert article.slug
            assert article.extracted_at is not None
            assert link_counts(article) == written[source_id]
        # An entity without articles was linked by a file that stayed, and unlinked when a
        # later file of the same source ID updated the article; not left by a failed file.
        assert entity_names(articles__isnull=True) <= linked
        transaction.set_rollback(True)
