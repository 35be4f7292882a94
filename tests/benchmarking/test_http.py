"""gunicorn started and measured by articles.benchmarking.http, on a tiny WSGI app."""

import time
from pathlib import Path

import pytest

from articles.benchmarking.http import Server, load, wrk_available

TINY_APP = '''
"""200 on /, 304 on /etag when If-None-Match matches (200 otherwise), 404 on /missing."""

ETAG = '"v1"'


def app(environ, start_response):
    path = environ["PATH_INFO"]
    if path == "/etag" and environ.get("HTTP_IF_NONE_MATCH") == ETAG:
        start_response("304 Not Modified", [("ETag", ETAG)])
        return [b""]
    if path == "/missing":
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    start_response("200 OK", [("Content-Type", "text/plain"), ("ETag", ETAG)])
    return [b"hello"]
'''

needs_wrk = pytest.mark.skipif(not wrk_available(), reason="wrk is not installed")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    directory = tmp_path_factory.mktemp("tinyapp")
    (directory / "tinyapp.py").write_text(TINY_APP)
    with Server(wsgi_app="tinyapp:app", workers=2, cwd=directory, timeout=30) as running:
        yield running


def test_server_reports_its_workers(server):
    pids = server.worker_pids()
    assert len(pids) == 2
    assert server.process.pid not in pids
    sizes = server.worker_rss_mb()
    assert len(sizes) == 2
    assert all(0 < size < 200 for size in sizes), sizes


@needs_wrk
def test_load_counts_successful_requests(server):
    result = load(server.base_url + "/", duration=1, connections=4)
    assert result.requests > 0
    assert result.errors == 0
    assert result.non_2xx == 0
    assert result.statuses == {200: result.requests}
    assert result.not_modified == 0
    assert 0 < result.p50_ms <= result.p95_ms <= result.p99_ms
    assert result.requests_per_second == pytest.approx(result.requests / result.seconds)


@needs_wrk
def test_conditional_get_answers_are_not_modified_not_errors(server):
    result = load(
        server.base_url + "/etag", duration=1, connections=4, headers={"If-None-Match": '"v1"'}
    )
    assert result.requests > 0
    assert result.not_modified == result.requests
    assert result.statuses == {304: result.requests}
    assert result.errors == 0
    assert result.non_2xx == 0


@needs_wrk
def test_error_answers_are_non_2xx(server):
    result = load(server.base_url + "/missing", duration=1, connections=4)
    assert result.requests > 0
    assert result.non_2xx == result.requests
    assert result.statuses == {404: result.requests}
    assert result.errors == 0


@needs_wrk
def test_without_statuses_wrk_still_counts_error_answers(server):
    missing = load(server.base_url + "/missing", duration=1, connections=4, collect_statuses=False)
    assert missing.requests > 0
    assert missing.non_2xx == missing.requests
    assert missing.statuses is None
    assert missing.not_modified is None


def test_load_takes_whole_seconds():
    with pytest.raises(ValueError, match="whole seconds"):
        load("http://127.0.0.1:9/", duration=0.5)


def test_server_fails_quickly_when_the_app_cannot_be_imported(tmp_path):
    started = time.monotonic()
    with (
        pytest.raises(RuntimeError, match="exited") as failure,
        Server(wsgi_app="no_such_module:app", workers=1, cwd=tmp_path, timeout=30),
    ):
        pass
    assert time.monotonic() - started < 10
    assert "no_such_module" in str(failure.value)


def test_server_stops_its_workers(tmp_path):
    (tmp_path / "tinyapp.py").write_text(TINY_APP)
    with Server(wsgi_app="tinyapp:app", workers=2, cwd=tmp_path, timeout=30) as running:
        pids = [running.process.pid, *running.worker_pids()]
    assert running.process.returncode is not None
    assert not [pid for pid in pids if Path(f"/proc/{pid}").exists()]
