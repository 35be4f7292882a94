"""The benchmark's load test: wrk through a mix of URLs, answers counted per URL and judged."""

import json
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from articles.benchmarking import corpus, fixture, report, runner
from articles.benchmarking.http import Server, Target, load_mix, wrk_available
from articles.importing import import_files

MIXED_APP = '''
"""200 on /, 404 on /missing, 500 on /broken; /die ends the worker without an answer."""

import os


def app(environ, start_response):
    path = environ["PATH_INFO"]
    if path == "/die":
        os._exit(1)
    if path == "/missing":
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    if path == "/broken":
        start_response("500 Internal Server Error", [("Content-Type", "text/plain")])
        return [b"broken"]
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"hello"]
'''

needs_wrk = pytest.mark.skipif(not wrk_available(), reason="wrk is not installed")


@pytest.fixture(scope="module")
def app_directory(tmp_path_factory):
    directory = tmp_path_factory.mktemp("mixedapp")
    (directory / "mixedapp.py").write_text(MIXED_APP)
    return directory


@pytest.fixture(scope="module")
def server(app_directory):
    with Server(wsgi_app="mixedapp:app", workers=2, cwd=app_directory, timeout=30) as running:
        yield running


# --- Counting, against a real gunicorn -------------------------------------------------


@needs_wrk
def test_each_urls_answers_are_counted_and_classified_apart(server):
    page = Target("page", "/")
    missing = Target("unknown slug", "/missing", missing=True)
    broken = Target("page", "/broken")
    gone = Target("page", "/missing")  # a page that should exist answers 404
    found = Target("unknown slug", "/?slug=x", missing=True)  # a missing URL answers 200
    result = load_mix(
        server.base_url, [page, missing, broken, gone, found], duration=1, connections=4
    )

    counts = {counts.target: counts for counts in result.targets}
    assert [counts.target for counts in result.targets] == [page, missing, broken, gone, found]
    n = {target: sum(counts[target].statuses.values()) for target in counts}
    assert all(n.values()), n
    # Each URL only ever gets its own status: no answer is put down to another URL.
    assert counts[page].statuses == {200: n[page]}
    assert counts[missing].statuses == {404: n[missing]}
    assert counts[broken].statuses == {500: n[broken]}
    assert counts[gone].statuses == {404: n[gone]}
    assert counts[found].statuses == {200: n[found]}
    assert result.ok == n[page]
    assert result.expected_404 == n[missing]
    assert result.unexpected == n[broken] + n[gone] + n[found]
    assert result.requests == result.ok + result.expected_404 + result.unexpected
    assert result.socket_errors == {"connect": 0, "read": 0, "write": 0, "timeout": 0}
    assert result.unanswered == 0
    assert result.failed
    # Each connection takes the URLs in turn: their counts differ by one at most per connection.
    assert max(n.values()) - min(n.values()) <= 4


@needs_wrk
def test_pages_and_expected_404s_alone_pass(server):
    result = load_mix(
        server.base_url,
        [Target("page", "/"), Target("unknown slug", "/missing", missing=True)],
        duration=1,
        connections=4,
    )
    assert result.requests > 0
    assert result.requests == result.ok + result.expected_404
    assert result.ok > 0
    assert result.expected_404 > 0
    assert result.unexpected == 0
    assert result.errors == 0
    assert result.unanswered == 0
    assert not result.failed


@needs_wrk
def test_a_request_closed_without_an_answer_fails_the_load_test(app_directory):
    # Its own server: /die ends workers (gunicorn starts new ones).
    with Server(wsgi_app="mixedapp:app", workers=2, cwd=app_directory, timeout=30) as running:
        result = load_mix(
            running.base_url,
            [Target("page", "/"), Target("page", "/die")],
            duration=1,
            connections=2,
        )
    page, dying = result.targets
    assert dying.statuses == {}
    assert dying.unanswered > 0
    assert page.unanswered == 0
    assert page.statuses == {200: result.requests}
    assert result.unexpected == 0
    assert result.failed


def test_load_mix_refuses_a_path_wrk_cannot_send():
    with pytest.raises(ValueError, match="bad path"):
        load_mix("http://127.0.0.1:9", [Target("page", "/a b")], duration=1)


def test_targets_classify_statuses():
    page, missing = Target("page", "/"), Target("unknown slug", "/x/", missing=True)
    assert [page.classify(status) for status in (200, 204, 301, 304, 404, 500)] == [
        "2xx",
        "2xx",
        "unexpected",
        "unexpected",
        "unexpected",
        "unexpected",
    ]
    assert [missing.classify(status) for status in (404, 200, 410, 500)] == [
        "expected 404",
        "unexpected",
        "unexpected",
        "unexpected",
    ]


# --- The mix of the site's URLs --------------------------------------------------------


@pytest.fixture
def site(db, tmp_path):
    until = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    generated = list(corpus.generate(60, seed=5, until=until))
    import_files(corpus.write_corpus(tmp_path, generated))
    fixture.complete([fixture.named(article) for article in generated])


def test_every_url_of_the_mix_answers_as_it_should(site):
    targets = runner.choose_load_targets(runner.choose_pages())
    client = Client()
    answers = {target.path: client.get(target.path).status_code for target in targets}
    assert answers == {target.path: 404 if target.missing else 200 for target in targets}
    assert len(answers) == len(targets)  # no URL twice
    assert [target.path for target in targets if target.missing] == runner.MISSING
    names = {target.name for target in targets}
    assert names == {
        *("home", "article list", "filtered list", "article", "person list", "person"),
        *("event list", "event", "search", "API list", "feed", "sitemap", "unknown slug"),
    }


# --- The report and the exit status ----------------------------------------------------


def _load(**changes):
    """A load test's result as the child hands it over (JSON: statuses keyed by strings)."""
    load = {
        "duration": 60,
        "connections": 32,
        "timeout_s": 10,
        "seconds": 60.1,
        "requests": 12000,
        "rps": 199.67,
        "p50": 120.44,
        "p95": 400.0,
        "p99": 812.35,
        "socket_errors": {"connect": 0, "read": 0, "write": 0, "timeout": 0},
        "ok": 10500,
        "expected_404": 1500,
        "unexpected": 0,
        "unanswered": 0,
        "failed": False,
        "urls": [
            {
                "name": "home",
                "path": "/",
                "missing": False,
                "statuses": {"200": 5250},
                "unanswered": 0,
                "unexpected": 0,
            },
            {
                "name": "article",
                "path": "/articles/a/",
                "missing": False,
                "statuses": {"200": 2625},
                "unanswered": 0,
                "unexpected": 0,
            },
            {
                "name": "article",
                "path": "/articles/b/",
                "missing": False,
                "statuses": {"200": 2625},
                "unanswered": 0,
                "unexpected": 0,
            },
            {
                "name": "unknown slug",
                "path": "/articles/none/",
                "missing": True,
                "statuses": {"404": 1500},
                "unanswered": 0,
                "unexpected": 0,
            },
        ],
        "worker_rss_mb": 101.4,
    }
    load.update(changes)
    return json.loads(json.dumps(load))


def _failed_load():
    load = _load(
        socket_errors={"connect": 0, "read": 2, "write": 0, "timeout": 1},
        ok=8000,
        unexpected=2500,
        unanswered=2,
        failed=True,
    )
    load["urls"][2].update(statuses={"200": 125, "500": 2500}, unexpected=2500, unanswered=2)
    return load


def test_the_load_test_section_reports_each_database():
    results = [
        {"vendor": "postgresql", "load": _load()},
        {"vendor": "sqlite", "load": _failed_load()},
    ]
    assert report.load_section(results) == [
        "## Load test: 60 s at 32 connections",
        "",
        "One wrk run through 4 public URLs in turn, each connection starting at another; "
        "gunicorn with one sync worker per core; the page cache on (Redis); wrk's timeout 10 s. "
        "The URLs: home, article ×2, unknown slug. Unknown slugs (1 of the URLs) must answer "
        "404 (expected 404s); any other answer outside 2xx, a 404 from a page that exists or a "
        "2xx from an unknown slug is unexpected.",
        "",
        "| database | requests | req/s | p50 ms | p99 ms | socket errors "
        "(connect/read/write/timeout) | no answer | 2xx | expected 404 | unexpected | result |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        "| PostgreSQL | 12,000 | 200 | 120.4 | 812.4 | 0 / 0 / 0 / 0 | 0 | 10,500 | 1,500 | 0 "
        "| passed |",
        "| SQLite | 12,000 | 200 | 120.4 | 812.4 | 0 / 2 / 0 / 1 | 2 | 8,000 | 1,500 | 2,500 "
        "| **failed** |",
        "",
        "- SQLite, article `/articles/b/`: 125 × 200, 2,500 × 500; 2 without an answer.",
        "- Resident memory of a web worker after the load test: 101 MiB (PostgreSQL), "
        "101 MiB (SQLite).",
    ]


def test_load_failures_name_each_failed_database():
    results = [
        {"vendor": "postgresql", "load": _load()},
        {"vendor": "sqlite", "load": _failed_load()},
        {"vendor": "sqlite", "load": None},  # --load-duration 0
    ]
    assert report.load_failures(results) == [
        "SQLite: 3 socket errors, 2 requests without an answer, 2,500 unexpected answers"
    ]


def _child_result(load):
    """What one database's child process returns (report.markdown's input)."""
    row = {"rps": 100.0, "p50": 1.0, "p95": 2.0, "p99": 3.0, "errors": 0, "non_2xx": 0}
    return {
        "articles": 400,
        "vendor": "sqlite",
        "seconds": 60.0,
        "import": {
            "without_extraction": {"articles": 400, "seconds": 1.0},
            "with_extraction": {"articles": 20, "seconds": 2.0, "workers": 2, "cpu_busy": 0.9},
            "links": {"articleperson": 900},
        },
        "pages": [{"name": "home", "path": "/", "queries": 5}],
        "http": {
            mode: {"rows": [{"name": "home", "bare": row, "page": row}], "worker_rss_mb": 100.0}
            for mode in ("uncached", "cached")
        },
        "load": load,
    }


@pytest.fixture
def bench(tmp_path):
    """manage.py bench on SQLite with the child's result given: (its output, its result)."""

    def run(load):
        output = tmp_path / "bench.md"
        with (
            mock.patch("articles.benchmarking.http.wrk_available", return_value=True),
            mock.patch(
                "articles.management.commands.bench.Command.run_child",
                return_value=_child_result(load),
            ),
        ):
            call_command(
                "bench", articles=400, databases=["sqlite"], output=output, stdout=mock.Mock()
            )
        return output

    return run


def test_bench_fails_when_the_load_test_fails(bench, tmp_path):
    with pytest.raises(CommandError) as failure:
        bench(_failed_load())
    assert str(failure.value) == (
        "The load test failed: SQLite: 3 socket errors, 2 requests without an answer, "
        f"2,500 unexpected answers (see 'Load test' in {tmp_path / 'bench.md'})."
    )
    # The document is written first, with the section that tells what failed.
    document = (tmp_path / "bench.md").read_text(encoding="utf-8")
    assert "## Load test: 60 s at 32 connections" in document
    assert "| **failed** |" in document


def test_bench_passes_when_the_load_test_passes(bench):
    document = bench(_load()).read_text(encoding="utf-8")
    assert "| SQLite | 12,000 | 200 |" in document


def test_bench_without_a_load_test_has_no_load_section(bench):
    document = bench(None).read_text(encoding="utf-8")
    assert "Load test" not in document
