"""Each web process's own copies of the content state and of pages (caching/local_copies.py).

Redis only: without it the page cache is in this process's memory already.
"""

import json
import time
from types import SimpleNamespace

import pytest
import redis
from django.core.cache import caches
from django.db import connection

from articles.caching import local_copies, version
from articles.caching import state as content_state
from articles.caching.state import State

from ..factories import make_article
from ..servers import TEST_REDIS_URL as REDIS_URL
from ..servers import delete_redis_keys, use_redis

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def redis_page_cache(settings):
    use_redis(settings, "newsroom-local-tests")
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 600
    delete_redis_keys("newsroom-local-tests")
    copies = local_copies.copies()
    wait_for(lambda: copies._subscribed)
    yield copies
    delete_redis_keys("newsroom-local-tests")


def wait_for(condition, seconds=5):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_page_is_served_from_the_process_with_redis_out_of_reach(
    client, redis_page_cache, monkeypatch, django_assert_num_queries
):
    make_article(title="Саммит в Астане")
    first = client.get("/articles/")  # built, and kept here and in Redis

    def unreachable(*args, **kwargs):
        raise redis.ConnectionError("no Redis")

    with monkeypatch.context() as patch, django_assert_num_queries(0):
        patch.setattr(content_state.cache()._cache, "get_client", unreachable)
        second = client.get("/articles/")

    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert "Саммит в Астане" in second.content.decode()


def test_another_process_s_change_reaches_this_one_by_the_push(client, redis_page_cache):
    article = make_article(title="Старый заголовок")
    assert "Старый заголовок" in client.get("/articles/").content.decode()
    # Another host changes the article: no signal or bump runs in this process.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {article._meta.db_table} SET title = %s WHERE id = %s",
            ["Новый заголовок", article.pk],
        )
    before_push = client.get("/articles/")
    new = State("999-1", time.time(), None)
    # What that host's version.bump() sends: the state in Redis, then the message.
    caches["default"].set(content_state.STATE_KEY, new, timeout=content_state.STATE_SECONDS)
    other_host = redis.Redis.from_url(REDIS_URL)
    message = json.dumps({"token": new.token, "changed_at": new.changed_at, "due": None})
    other_host.publish(local_copies.channel(), message)
    wait_for(lambda: redis_page_cache.state() == new)
    after_push = client.get("/articles/")

    # Until the push, this process served its copy: the change was not seen.
    assert "Старый заголовок" in before_push.content.decode()
    assert "Новый заголовок" in after_push.content.decode()
    assert after_push["ETag"] != before_push["ETag"]


def test_a_change_here_reaches_another_process_by_the_push(redis_page_cache):
    # Another process's copies: a listener of its own on the same Redis and channel.
    other = local_copies.Copies(REDIS_URL, local_copies.channel(), capacity=1_000_000)
    try:
        wait_for(lambda: other._subscribed)
        make_article(title="Статья")  # bumps, and publishes the new state
        token = version.current().token
        wait_for(lambda: other.state() is not None and other.state().token == token)
    finally:
        other.stop()


def test_a_change_here_is_seen_here_at_once(client, redis_page_cache, monkeypatch):
    make_article(title="Первая статья")
    client.get("/articles/")
    # Not by the push, which could arrive first: this process's own bump keeps its state.
    monkeypatch.setattr(redis_page_cache, "_receive", lambda message: None)
    make_article(title="Вторая статья")  # bumps, and this process keeps the new state

    assert "Вторая статья" in client.get("/articles/").content.decode()


def test_the_state_is_read_from_redis_again_after_a_few_seconds(
    client, redis_page_cache, monkeypatch
):
    make_article(title="Статья")
    client.get("/articles/")
    kept = redis_page_cache.state()
    assert kept is not None
    later = time.monotonic() + local_copies.STATE_SECONDS + 1
    monkeypatch.setattr(local_copies, "time", SimpleNamespace(monotonic=lambda: later))

    assert redis_page_cache.state() is None


def test_nothing_is_trusted_until_the_listener_is_subscribed(monkeypatch):
    monkeypatch.setattr(local_copies.Copies, "_listen", lambda self: None)
    copies = local_copies.Copies(REDIS_URL, "newsroom-local-tests:channel", 1000)
    state = State("5-1", time.time(), None)

    copies.remember(state)  # as a bump in this process does
    copies.remember(state, since=copies.generation)  # as a read does

    assert copies.state() is None


def subscribed_copies(monkeypatch, capacity=1000):
    monkeypatch.setattr(local_copies.Copies, "_listen", lambda self: None)
    copies = local_copies.Copies(REDIS_URL, "newsroom-local-tests:channel", capacity)
    copies._receive({"type": "subscribe"})
    return copies


def test_a_read_that_began_before_a_push_is_not_kept(monkeypatch):
    copies = subscribed_copies(monkeypatch)
    read_began = copies.generation
    pushed = State("7-2", time.time(), None)
    copies._receive({"type": "message", "data": json.dumps(pushed.__dict__)})

    copies.remember(State("6-1", time.time(), None), since=read_began)

    assert copies.state() == pushed


def test_an_older_push_does_not_replace_a_newer_state(monkeypatch):
    copies = subscribed_copies(monkeypatch)
    newer = State("8-2", time.time(), None)
    copies.remember(newer)  # this process's own bump, before the message of the one before
    older = State("7-1", time.time(), None)

    copies._receive({"type": "message", "data": json.dumps(older.__dict__)})

    assert copies.state() == newer


def test_a_due_state_is_not_trusted(monkeypatch):
    copies = subscribed_copies(monkeypatch)
    copies.remember(State("3-1", time.time(), due=time.time() - 1))

    assert copies.state() is None


def test_pages_are_kept_up_to_the_byte_budget_least_recently_used_first(monkeypatch):
    copies = subscribed_copies(monkeypatch, capacity=100)
    state = State("4-1", time.time(), None)
    copies.remember(state)
    for key in ["a", "b", "c"]:
        copies.keep(key, (state.token, 200, {}, b"x" * 40))
    assert copies.page("a", state.token) is None  # 120 bytes: the oldest went
    copies.page("b", state.token)  # now the most recently used
    copies.keep("d", (state.token, 200, {}, b"y" * 40))

    assert copies.page("c", state.token) is None
    assert copies.page("b", state.token)[3] == b"x" * 40
    assert copies.page("d", state.token)[3] == b"y" * 40
    assert copies.size() == 80


def test_pages_of_another_version_are_not_kept_or_served(monkeypatch):
    copies = subscribed_copies(monkeypatch)
    old, new = State("4-1", time.time(), None), State("5-1", time.time(), None)
    copies.remember(old)
    copies.keep("a", (old.token, 200, {}, b"old"))
    copies.remember(new)
    copies.keep("b", (old.token, 200, {}, b"built before the change"))

    assert copies.page("a", new.token) is None
    assert copies.page("b", new.token) is None
    assert copies.page("b", old.token) is None
    assert copies.size() == 0


def test_no_copies_without_redis_or_without_a_budget(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 600
    assert local_copies.copies() is None  # the tests' settings have no REDIS_URL
    settings.REDIS_URL = REDIS_URL
    settings.NEWSROOM_LOCAL_PAGE_CACHE_BYTES = 0
    assert local_copies.copies() is None


def test_without_redis_the_listener_retries_warns_once_and_nothing_is_trusted(monkeypatch, caplog):
    monkeypatch.setattr(local_copies, "RETRY_SECONDS", 0.01)
    copies = local_copies.Copies("redis://127.0.0.1:1/0", "channel", 1000)  # nothing on port 1
    try:
        time.sleep(0.3)  # many attempts, one connection refused each
        copies.remember(State("5-1", time.time(), None))

        assert copies.state() is None
        warnings = [r for r in caplog.records if r.name == "articles.caching.local_copies"]
        assert [r.getMessage().split(":")[0] for r in warnings] == [
            "Not listening to content changes (retrying)"
        ]
    finally:
        copies.stop()
