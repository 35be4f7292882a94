"""The site while the database is out of reach (newsroom/outage.py).

In-process tests make every query fail as a lost server does, on both
databases. The last test stops PostgreSQL for real, as a running gunicorn sees
it: the site's only way to the database is a TCP proxy that the test stops,
cutting the open connections, and starts again on the same port.
"""

import contextlib
import logging
import os
import time
from unittest import mock

import pytest
from django.core.cache import caches
from django.db import IntegrityError, OperationalError, ProgrammingError, connection
from django.urls import reverse

from articles.caching import local_copies
from articles.caching import state as content_state
from newsroom.outage import RETRY_AFTER

from ..factories import link, make_article, make_person
from ..servers import Proxy, empty_cache, fetch, start_gunicorn, use_redis

UNAVAILABLE = "Сайт временно недоступен"
REFUSED = 'connection to server at "127.0.0.1", port 5432 failed: Connection refused'


@contextlib.contextmanager
def database_down():
    """Every query fails as when the server is gone: the driver's OperationalError,
    which Django wraps in django.db.OperationalError as it wraps a real one."""

    def refuse():
        with connection.wrap_database_errors:
            raise connection.Database.OperationalError(REFUSED)

    with mock.patch.object(connection, "ensure_connection", side_effect=refuse):
        yield
    # A real failure marks the connection for a check at the request's end; this one was
    # never broken.
    connection.errors_occurred = False


@pytest.fixture
def pages(db):
    article = make_article(title="Саммит в Астане")
    person = make_person("Нурсултан Назарбаев")
    link(article, person, "Президент Казахстана")
    return [
        "/",
        "/articles/",
        article.get_absolute_url(),
        person.get_absolute_url(),
        "/search/?q=саммит",
        "/api/articles/",
        "/feeds/articles/rss/",
        "/sitemap.xml",
    ]


@pytest.fixture(params=[0, 600], ids=["page-cache-off", "page-cache-on"])
def page_cache_seconds(request, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = request.param
    empty_cache()
    yield request.param
    empty_cache()


def assert_clean_503(response):
    content = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER) == "30"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert f"<h1>{UNAVAILABLE}</h1>" in content
    assert "Traceback" not in content
    assert "OperationalError" not in content


def test_public_pages_answer_a_clean_503_while_the_database_is_down_and_recover(
    client, pages, page_cache_seconds
):
    before = {url: client.get(url).status_code for url in pages}

    with database_down():
        during = {url: client.get(url) for url in pages}

    after = {url: client.get(url) for url in pages}
    assert before == dict.fromkeys(pages, 200)
    for response in during.values():
        assert_clean_503(response)
    assert {url: response.status_code for url, response in after.items()} == dict.fromkeys(
        pages, 200
    )
    # Nothing of the outage was kept: the pages are whole again.
    assert "Саммит в Астане" in after["/articles/"].content.decode()


def test_with_redis_a_cached_page_is_served_while_its_content_version_is_there(
    client, pages, settings, monkeypatch
):
    use_redis(settings, "newsroom-outage-tests")
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 600
    cache = caches["default"]
    empty_cache()
    try:
        cached = client.get("/articles/")
        with database_down():
            from_redis = client.get("/articles/")
            not_cached = client.get("/persons/")
            # The version kept in Redis expires (within a minute), and so does this
            # process's copy of it (within seconds): the database is asked.
            cache.delete(content_state.STATE_KEY)
            monkeypatch.setattr(local_copies, "STATE_SECONDS", -1)
            expired = client.get("/articles/")
    finally:
        empty_cache()

    assert (cached.status_code, from_redis.status_code) == (200, 200)
    assert from_redis.content == cached.content
    assert_clean_503(not_cached)
    assert_clean_503(expired)


def test_a_head_request_gets_the_503_too(client, pages):
    with database_down():
        response = client.head("/articles/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_the_admin_answers_the_same_503(admin_client, client, pages):
    index = reverse("admin:index")
    login = reverse("admin:login")

    with database_down():
        editor = admin_client.get(index)
        sign_in = client.post(login, {"username": "editor", "password": "secret"})

    assert_clean_503(editor)
    assert_clean_503(sign_in)
    assert admin_client.get(index).status_code == 200


def test_each_failed_request_is_logged_once_with_its_error(client, pages, caplog):
    caplog.set_level(logging.INFO)

    with database_down():
        client.get("/articles/")

    records = [r for r in caplog.records if r.name in ("newsroom.outage", "django.request")]
    assert [(r.name, r.levelname, r.getMessage()) for r in records] == [
        ("newsroom.outage", "ERROR", "Service Unavailable (database error): /articles/")
    ]
    error = records[0].exc_info[1]
    assert type(error) is OperationalError
    assert str(error) == REFUSED


@pytest.mark.parametrize("error", [ProgrammingError, IntegrityError])
def test_other_database_errors_stay_errors(client, pages, error):
    # A mistake in a query is a bug to see, not an outage to hide.
    with (
        mock.patch("articles.views.ArticleListView.get_queryset", side_effect=error("bug")),
        pytest.raises(error),
    ):
        client.get("/articles/")


# A real outage: PostgreSQL behind a proxy that the test stops and starts.


@pytest.fixture
def proxy():
    settings_dict = connection.settings_dict
    proxy = Proxy((settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432)))
    proxy.start()
    yield proxy
    if proxy.running:
        proxy.stop()


def start_site(proxy, log, extra_env):
    """gunicorn serving the site from the test database, through the proxy."""
    settings_dict = connection.settings_dict
    credentials = settings_dict["USER"] + (
        f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_URL"))},
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"postgres://{credentials}@127.0.0.1:{proxy.port}/{settings_dict['NAME']}",
        "NEWSROOM_PAGE_CACHE_SECONDS": "600",
        **extra_env,
    }
    return start_gunicorn(env, log)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stops a PostgreSQL server (set DATABASE_URL)"
)
@pytest.mark.parametrize(
    "extra_env",
    [
        {},
        # Django's pool; a request waits 2 s for a connection, not 10.
        {"DATABASE_POOL": "2", "DATABASE_POOL_TIMEOUT": "2"},
    ],
    ids=["persistent-connections", "connection-pool"],
)
@pytest.mark.django_db(transaction=True)
def test_a_running_site_answers_503_while_postgresql_is_down_and_recovers_by_itself(
    proxy, tmp_path, extra_env
):
    article = make_article(title="Саммит в Астане")
    urls = ["/", "/articles/", article.get_absolute_url()]
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("w") as log:
        server, port = start_site(proxy, log, extra_env)
        try:
            before = [fetch(port, url) for url in urls]

            proxy.stop()
            during = [fetch(port, url) for url in urls]

            proxy.start()
            # The pool reconnects in the background, after a back-off: give it time.
            deadline = time.monotonic() + 30
            retries = []
            after = [fetch(port, url) for url in urls]
            while {status for status, _, _ in after} != {200} and time.monotonic() < deadline:
                retries += after
                time.sleep(0.5)
                after = [fetch(port, url) for url in urls]
        finally:
            server.terminate()
            server.wait(timeout=30)
    output = log_path.read_text()

    assert [status for status, _, _ in before] == [200, 200, 200]
    assert "Саммит в Астане" in before[2][2]
    for status, headers, body in during + [r for r in retries if r[0] != 200]:
        assert (status, headers["Retry-After"], headers["Cache-Control"]) == (503, "30", "no-store")
        assert f"<h1>{UNAVAILABLE}</h1>" in body
        assert "Traceback" not in body
    assert [status for status, _, _ in after] == [200, 200, 200], output
    assert "Саммит в Астане" in after[2][2]
    if "DATABASE_POOL" not in extra_env:
        # Without the pool, the very first request after the database is back connects.
        assert retries == []
    # The same worker throughout: nothing was restarted.
    assert output.count("Booting worker with pid") == 1, output
    # Each 503 logged once, with its error; no 500 at all.
    failed = len(during) + len([r for r in retries if r[0] != 200])
    assert output.count("Service Unavailable (database error): ") == failed, output
    assert output.count("django.db.utils.OperationalError: ") == failed, output
    assert "Internal Server Error" not in output, output
