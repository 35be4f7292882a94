"""A web process cut off from Redis while the others reach it (articles/caching/version.py).

The others trust their own copies of the content version and of the pages as
long as their channel to Redis is healthy, and nothing in Redis could tell them
of a change made through the process cut off: such a change is refused, and
rolled back. The last test runs two real gunicorn processes on one database,
one of them reaching Redis through a proxy that the test stops.
"""

import contextlib
import http.client
import json
import logging
import os
import re
import sqlite3
import subprocess
import sys
from http.cookies import SimpleCookie
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
import redis
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from articles.caching import state as content_state
from articles.models import Article, ContentState, tracking
from newsroom.outage import RETRY_AFTER

from ..factories import ROOT, copy_of_seed, link, make_article, make_person
from ..servers import TEST_REDIS_URL, Proxy, delete_redis_keys, fetch, start_gunicorn, use_redis

pytestmark = pytest.mark.django_db(transaction=True)

KEY_PREFIX = "newsroom-partition-tests"
NOT_SAVED = "Изменение не сохранено"
CHANGELIST = "/admin/articles/article/"


@pytest.fixture
def redis_cache(settings):
    use_redis(settings, KEY_PREFIX)
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 600
    delete_redis_keys(KEY_PREFIX)
    yield
    delete_redis_keys(KEY_PREFIX)


def cut_off(monkeypatch):
    """This process's cache client can no longer reach Redis."""

    def unreachable(*args, **kwargs):
        raise redis.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(content_state.cache()._cache, "get_client", unreachable)


def stored_version():
    return ContentState.objects.get().version


def test_a_change_is_rolled_back_while_redis_is_out_of_reach(redis_cache, monkeypatch):
    article = make_article(title="Саммит в Астане")
    version = stored_version()
    cut_off(monkeypatch)

    with pytest.raises(tracking.ContentChangeNotAnnounced), transaction.atomic():
        article.title = "Новый заголовок"
        article.save()
        link(article, make_person("Нурсултан Назарбаев"))

    assert Article.objects.get().title == "Саммит в Астане"
    assert article.person_links.count() == 0
    assert stored_version() == version


def test_the_change_is_rolled_back_even_if_the_error_is_caught(redis_cache, monkeypatch):
    article = make_article(title="Саммит в Астане")
    cut_off(monkeypatch)

    with transaction.atomic(), contextlib.suppress(tracking.ContentChangeNotAnnounced):
        Article.objects.filter(pk=article.pk).update(title="Новый заголовок")

    assert Article.objects.get().title == "Саммит в Астане"


def test_a_bulk_update_outside_a_transaction_is_refused_too(redis_cache, monkeypatch):
    article = make_article(title="Саммит в Астане")
    cut_off(monkeypatch)

    with pytest.raises(tracking.ContentChangeNotAnnounced):
        Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)

    assert Article.objects.get().status == Article.Status.PUBLISHED


@pytest.mark.parametrize("change", ["unpublish", "delete"])
def test_the_admin_answers_503_and_saves_nothing_while_redis_is_out_of_reach(
    admin_client, redis_cache, monkeypatch, caplog, change
):
    article = make_article(title="Саммит в Астане")
    version = stored_version()
    cut_off(monkeypatch)
    caplog.set_level(logging.INFO)

    if change == "unpublish":
        path, form = CHANGELIST, {"action": "unpublish", "_selected_action": [article.pk]}
    else:
        path, form = f"{CHANGELIST}{article.pk}/delete/", {"post": "yes"}
    response = admin_client.post(path, form)

    content = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER)
    assert response["Cache-Control"] == "no-store"
    assert f"<h1>{NOT_SAVED}</h1>" in content
    assert "попробуйте ещё раз через минуту" in content
    assert "Traceback" not in content
    assert Article.objects.get().status == Article.Status.PUBLISHED
    assert stored_version() == version
    records = [r for r in caplog.records if r.name in ("newsroom.outage", "django.request")]
    assert [(r.name, r.levelname, r.getMessage()) for r in records] == [
        (
            "newsroom.outage",
            "ERROR",
            f"Service Unavailable (change not announced, not saved): {path}",
        )
    ]


def test_an_import_imports_nothing_while_redis_is_out_of_reach(settings, tmp_path):
    use_redis(settings, KEY_PREFIX, url="redis://127.0.0.1:1/0")  # nothing listens on port 1
    copy_of_seed(tmp_path)

    with pytest.raises(CommandError, match=r"the change was not saved.*once Redis answers"):
        call_command("load_articles", tmp_path, "--no-extract", verbosity=0)

    assert Article.objects.count() == 0


# Two real web processes on one database, one of them cut off from Redis.

PASSWORD = "a-long-editor-password"

# The site's data, written by a process of its own: on SQLite, the gunicorns' database
# is a file this test process does not use (its own test database is in memory).
SETUP = f"""
import json, sys
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from tests.factories import make_article
if sys.argv[1] == "migrate":
    call_command("migrate", verbosity=0)
get_user_model().objects.create_superuser("editor", "editor@example.kz", {PASSWORD!r})
article = make_article(title="Саммит в Астане")
print(json.dumps({{"pk": article.pk, "url": article.get_absolute_url()}}))
"""


@pytest.fixture
def site_database(tmp_path):
    """(DATABASE_URL, read(sql, params)) of a database the gunicorns and this test share:
    the test database on PostgreSQL, a file on SQLite."""
    if connection.vendor == "postgresql":
        settings_dict = connection.settings_dict
        credentials = settings_dict["USER"] + (
            f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
        )
        host = settings_dict["HOST"] or "127.0.0.1"
        url = f"postgres://{credentials}@{host}:{settings_dict['PORT'] or 5432}/"
        url += settings_dict["NAME"]

        def read(sql, params):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

    else:
        path = tmp_path / "site.sqlite3"
        url = f"sqlite:///{path}"

        def read(sql, params):
            with contextlib.closing(sqlite3.connect(path)) as database:
                return database.execute(sql.replace("%s", "?"), params).fetchall()

    return SimpleNamespace(url=url, read=read, migrate=connection.vendor != "postgresql")


@pytest.fixture
def redis_proxy():
    delete_redis_keys(KEY_PREFIX)
    proxy = Proxy(("127.0.0.1", 6379))
    proxy.start()
    yield proxy
    if proxy.running:
        proxy.stop()
    delete_redis_keys(KEY_PREFIX)


def site_env(database_url, redis_url):
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_URL"))},
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": database_url,
        "NEWSROOM_PAGE_CACHE_SECONDS": "600",
        **({"REDIS_URL": redis_url, "NEWSROOM_CACHE_KEY_PREFIX": KEY_PREFIX} if redis_url else {}),
    }


class Editor:
    """An editor's browser: its cookies, and forms posted with their CSRF token."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, form=None):
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body, headers)
            response = conn.getresponse()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    for cookie in SimpleCookie(value).values():
                        self.cookies[cookie.key] = cookie.value
            return response.status, dict(response.getheaders()), response.read().decode()
        finally:
            conn.close()

    def post_form(self, path, form):
        """Post `form` from the page at `path`, with the page's CSRF token."""
        status, _, page = self.request("GET", path)
        assert status == 200, page
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        return self.request("POST", path, {"csrfmiddlewaretoken": token, **form})

    def log_in(self, username, password):
        path = "/admin/login/?next=/admin/"
        status, headers, _ = self.post_form(path, {"username": username, "password": password})
        assert (status, headers["Location"]) == (302, "/admin/"), headers
        assert "sessionid" in self.cookies

    def unpublish(self, pk):
        """The changelist's "unpublish" action on the article `pk`."""
        form = {"action": "unpublish", "_selected_action": [pk], "index": "0"}
        return self.post_form(CHANGELIST, {**form, "select_across": "0"})


def test_a_process_cut_off_from_redis_refuses_changes_and_once_back_they_reach_the_others_at_once(
    tmp_path, site_database, redis_proxy
):
    setup = subprocess.run(
        [sys.executable, "-c", SETUP, "migrate" if site_database.migrate else "-"],
        cwd=ROOT,
        env={**site_env(site_database.url, None), "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert setup.returncode == 0, setup.stderr
    article = json.loads(setup.stdout.strip().splitlines()[-1])
    pages = [article["url"], "/"]

    def status():
        table = Article._meta.db_table
        return site_database.read(f"SELECT status FROM {table} WHERE id = %s", [article["pk"]])

    def version():
        return site_database.read(f"SELECT version FROM {ContentState._meta.db_table}", [])

    redis_client = redis.Redis.from_url(TEST_REDIS_URL)
    logs = {name: (tmp_path / f"gunicorn-{name}.log").open("w") for name in "ab"}
    servers = []
    try:
        # A reaches Redis through the proxy, B directly.
        through_proxy = f"redis://127.0.0.1:{redis_proxy.port}/15"
        a = start_gunicorn(site_env(site_database.url, through_proxy), logs["a"])
        servers.append(a[0])
        b = start_gunicorn(site_env(site_database.url, TEST_REDIS_URL), logs["b"])
        servers.append(b[0])
        a_port, b_port = a[1], b[1]
        # Each page twice from each process: built, kept in Redis and in each process.
        cached = {port: [fetch(port, url) for url in pages * 2] for port in (a_port, b_port)}
        kept = list(redis_client.scan_iter(match=f"{KEY_PREFIX}:1:newsroom:page:*"))
        version_before = version()

        redis_proxy.stop()
        editor = Editor(a_port)
        editor.log_in("editor", PASSWORD)
        refused = editor.unpublish(article["pk"])
        status_refused, version_refused = status(), version()
        b_during = [fetch(b_port, url) for url in pages]
        a_during = [fetch(a_port, url) for url in pages]

        redis_proxy.start()
        saved = editor.unpublish(article["pk"])
        # No sleep: B's very next requests.
        b_after = [fetch(b_port, url) for url in pages]
        a_after = [fetch(a_port, url) for url in pages]
        status_saved = status()
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        for log in logs.values():
            log.close()
        redis_client.close()
    output = {name: (tmp_path / f"gunicorn-{name}.log").read_text() for name in "ab"}

    for responses in cached.values():
        assert [status for status, _, _ in responses] == [200] * 4
        assert all("Саммит в Астане" in body for _, _, body in responses)
    # robots.txt (fetched by start_gunicorn()), the article's page and the home page.
    assert len(kept) == 3, kept

    # Through A, cut off: refused, nothing saved.
    refused_status, refused_headers, refused_body = refused
    assert refused_status == 503, refused_body
    assert refused_headers["Retry-After"] == "30"
    assert refused_headers["Cache-Control"] == "no-store"
    assert f"<h1>{NOT_SAVED}</h1>" in refused_body
    assert (status_refused, version_refused) == ([("published",)], version_before)
    # B serves what it served before, consistently with the database; so does A.
    for during in (b_during, a_during):
        assert [response[0] for response in during] == [200, 200]
        assert all("Саммит в Астане" in body for _, _, body in during)
    assert [headers["ETag"] for _, headers, _ in b_during] == [
        headers["ETag"] for _, headers, _ in cached[b_port][:2]
    ]

    # Through A, back: saved, and B's very next requests have the change.
    assert saved[0] == 302, saved[2]
    assert status_saved == [("unpublished",)]
    assert b_after[0][0] == 404
    assert (b_after[1][0], "Саммит в Астане" in b_after[1][2]) == (200, False)
    assert a_after[0][0] == 404
    assert (a_after[1][0], "Саммит в Астане" in a_after[1][2]) == (200, False)

    assert output["a"].count("Service Unavailable (change not announced, not saved): ") == 1
    for name in "ab":
        assert "Internal Server Error" not in output[name], output[name]
        assert output[name].count("Booting worker with pid") == 1, output[name]
