"""The benchmark's generated corpus: reproducible, parseable, skewed, realistic enough."""

import datetime
import hashlib
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from articles.benchmarking.corpus import (
    FOOTER,
    SEED_FILE,
    SEEDS_DIR,
    SPAN,
    GeneratedArticle,
    generate,
    write_corpus,
)
from articles.text.parsing import parse_bytes, source_id_from_filename

SAMPLE_SIZE = 300
MONTHS = (
    *("января", "февраля", "марта", "апреля", "мая", "июня"),
    *("июля", "августа", "сентября", "октября", "ноября", "декабря"),
)


@pytest.fixture(scope="module")
def sample() -> list[GeneratedArticle]:
    return list(generate(SAMPLE_SIZE, seed=1))


def _text(article: GeneratedArticle) -> str:
    return "\n".join((article.title, article.lead, *article.paragraphs))


def _digest(articles) -> str:
    digest = hashlib.sha256()
    for article in articles:
        digest.update(article.filename.encode())
        digest.update(article.content)
        digest.update(repr(article).encode())
    return digest.hexdigest()


# --- Reproducibility ------------------------------------------------------------------


def test_the_same_seed_gives_the_same_corpus():
    assert list(generate(50, seed=7)) == list(generate(50, seed=7))


def test_another_seed_gives_another_corpus():
    first, second = list(generate(50, seed=7)), list(generate(50, seed=8))
    assert not {a.filename for a in first} & {b.filename for b in second}
    assert not {a.content for a in first} & {b.content for b in second}


def test_until_defaults_to_a_fixed_date_not_now():
    new_year = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    assert list(generate(20, seed=3)) == list(generate(20, seed=3, until=new_year))


def test_another_process_with_another_hash_seed_gives_the_same_bytes_without_django():
    code = (
        "import sys\n"
        "from articles.benchmarking.corpus import generate\n"
        "from tests.benchmarking.test_corpus import _digest\n"
        "print(_digest(generate(40, seed=5)))\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'django'))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.splitlines() == [_digest(generate(40, seed=5)), "[]"]


# --- The files ------------------------------------------------------------------------


def test_every_file_parses_back_into_the_generated_text(sample):
    for article in sample:
        parsed = parse_bytes(article.content)
        assert (parsed.title, parsed.lead, parsed.paragraphs) == (
            article.title,
            article.lead,
            article.paragraphs,
        ), article.filename
        assert parsed.source == "Kapital.kz"


def test_some_files_are_damaged_like_real_ones_and_the_parser_repairs_them(sample):
    crlf = [a for a in sample if b"\r\n" in a.content]
    cp1251 = [a for a in sample if parse_bytes(a.content).encoding == "cp1251"]
    nbsp = [a for a in sample if b"&\xc2\xa0" in a.content or b"&\xa0" in a.content]
    # Expected 15, 15 and 30 of 300 (5 %, 5 %, 10 %).
    assert 5 <= len(crlf) <= 30
    assert 5 <= len(cp1251) <= 30
    assert 15 <= len(nbsp) <= 50
    for article in cp1251:
        with pytest.raises(UnicodeDecodeError):
            article.content.decode("utf-8")
        # "➤" has no CP1251 byte: written as "?", still recognised as the footer.
        assert article.content.endswith("последние новости ?".encode("cp1251"))
    for article in crlf:
        assert b"\n" not in article.content.replace(b"\r\n", b"")
    for article in nbsp:
        assert "&" not in _text(article)
    undamaged = set(map(id, sample)) - set(map(id, crlf + cp1251 + nbsp))
    assert len(undamaged) >= SAMPLE_SIZE * 0.7


def test_a_clean_file_is_the_seed_format_with_the_seed_footer(sample):
    seed_text = (SEEDS_DIR / SEED_FILE).read_text(encoding="utf-8")
    assert seed_text.rstrip("\n").endswith(FOOTER)
    article = next(a for a in sample if b"\r" not in a.content and b"&" not in a.content)
    blocks = article.content.decode("utf-8").split("\n\n")
    assert blocks == [article.title, article.lead, *article.paragraphs, FOOTER]


def test_file_names_carry_an_index_and_a_unique_source_id(sample):
    names = [article.filename for article in sample]
    assert all(re.fullmatch(r"\d{6}_[0-9a-f]{16}\.txt", name) for name in names)
    assert [name[:6] for name in names] == [f"{index:06d}" for index in range(SAMPLE_SIZE)]
    source_ids = [source_id_from_filename(name) for name in names]
    assert source_ids == [name[7:23] for name in names]
    assert len(set(source_ids)) == SAMPLE_SIZE


def test_write_corpus_writes_each_file_under_its_name(tmp_path, sample):
    articles = sample[:5]
    paths = write_corpus(tmp_path / "corpus", articles)
    assert [path.name for path in paths] == [article.filename for article in articles]
    assert [path.read_bytes() for path in paths] == [article.content for article in articles]
    assert sorted(path.name for path in (tmp_path / "corpus").iterdir()) == sorted(
        article.filename for article in articles
    )


# --- The articles ---------------------------------------------------------------------


def test_articles_have_the_documented_shape(sample):
    for article in sample:
        assert 4 <= len(article.paragraphs) <= 10
        assert 1 <= len(article.persons) <= 5
        assert len(article.organizations) <= 3
        assert 1 <= len(article.places) <= 2
        assert len(article.events) <= 1
        assert len({person.name for person in article.persons}) == len(article.persons)
        assert all(re.fullmatch(r"[А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+", p.name) for p in article.persons)
    assert len({article.title for article in sample}) >= SAMPLE_SIZE - 10


def test_articles_name_what_their_metadata_lists(sample):
    for article in sample:
        text = _text(article)
        assert article.title.startswith(article.persons[0].name)
        for person in article.persons:
            first, last = person.name.split()
            # The first mention is the full name, in any case: "Лев Орлов" -> "Льва Орлова".
            assert re.search(rf"\b{first[0]}\w+ {last[:3]}\w+", text), person
            if person.role:
                head, *rest = person.role.split()
                assert re.search(rf"{head[:4]}[\w-]* {' '.join(rest)}".strip(), text, re.I)
        for organization in article.organizations:
            assert organization in text
        for place in article.places:
            assert place[:4] in text
        for event in article.events:
            assert event.name.split()[0][:5] in text
            date = event.start_date
            assert f"{date.day} {MONTHS[date.month - 1]} {date.year} года" in text


def test_persons_appear_in_several_case_forms_and_with_initials(sample):
    text = "\n".join(map(_text, sample))
    top = Counter(person.name for a in sample for person in a.persons).most_common(1)[0][0]
    first, last = top.split()
    first_forms = set(re.findall(rf"\b{first[:-1]}[а-яё]*\b", text))
    assert len(first_forms) >= 3, first_forms  # "Лидия", "Лидии", "Лидией"
    assert f"{first[0]}. {last[:-1]}" in text  # "Л. Захарова", "Л. Захаровой"
    # The role before the name: "Министр финансов Казахстана Имя Фамилия заявил…"
    with_role = [
        a
        for a in sample
        if any(
            f"{p.role[0].upper()}{p.role[1:]} {p.name} " in _text(a) for p in a.persons if p.role
        )
    ]
    assert len(with_role) >= SAMPLE_SIZE // 5


# --- Popularity and dates -------------------------------------------------------------


def test_a_few_persons_are_named_in_many_articles():
    count = 2_000
    articles = list(generate(count, seed=0))
    persons = Counter(person.name for article in articles for person in article.persons)
    # At 100,000 articles the benchmark needs a person in >= 2,000 (2 %).
    assert persons.most_common(1)[0][1] >= count * 0.02
    assert len(persons) >= 90  # the pool of max(50, count // 20) = 100 persons has a tail
    # Skewed: the least named person is in a small fraction of the top one's articles.
    assert min(persons.values()) * 5 <= persons.most_common(1)[0][1]
    places = Counter(place for article in articles for place in article.places)
    assert places.most_common(1)[0][0] == "Астана"
    assert len(places) >= 40


def test_dates_spread_over_ten_years_before_until():
    until = datetime.datetime(2020, 6, 1, 12, tzinfo=datetime.timezone(datetime.timedelta(hours=5)))
    articles = list(generate(SAMPLE_SIZE, seed=1, until=until))
    dates = [article.published_at for article in articles]
    assert all(date.utcoffset() == datetime.timedelta(0) for date in dates)
    assert all(until - SPAN < date < until for date in dates)
    assert min(dates) < until - datetime.timedelta(days=9 * 365)
    assert max(dates) > until - datetime.timedelta(days=365)
    events = [event for article in articles for event in article.events]
    assert events
    assert all((until - SPAN).date() <= e.start_date < until.date() for e in events)


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        generate(1, until=datetime.datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="negative"):
        generate(-1)
    assert list(generate(0)) == []
