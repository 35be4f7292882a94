"""The page cache and conditional GET (articles/caching/middleware.py, articles/caching/version.py).

The invalidation tests commit their changes (transaction=True), as the site
does: the content version changes when a transaction commits.
"""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone

from articles.caching import version
from articles.models import Article, ArticlePerson, ContentState, Event, Rubric

from ..factories import copy_of_seed, link, make_article, make_event, make_person
from ..servers import empty_cache, use_redis

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    """The page cache on, in this process's memory or in Redis."""
    if request.param == "redis":
        # The content version is kept in Redis too (articles/caching/version.py).
        use_redis(settings, "newsroom-tests")
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 600
    empty_cache()
    yield request.param
    empty_cache()


def titles(client, url):
    # The rendered page, not the view's context: a cached page has no context.
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_cached_page_is_served_without_building_it(client, page_cache, django_assert_num_queries):
    make_article(title="Саммит в Астане")
    first = client.get("/articles/")

    # The content version, from the database; with Redis, from Redis with the page.
    with django_assert_num_queries(0 if page_cache == "redis" else 1):
        second = client.get("/articles/")

    assert second.status_code == 200
    assert second.content == first.content
    assert "Саммит в Астане" in second.content.decode()
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == "no-cache, public"


def test_a_current_copy_is_revalidated_with_a_304_and_no_page_built(
    client, django_assert_num_queries, settings
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0  # conditional GET needs no page cache
    make_article()
    first = client.get("/")

    with django_assert_num_queries(1):
        by_etag = client.get("/", headers={"If-None-Match": first["ETag"]})
    by_date = client.get("/", headers={"If-Modified-Since": first["Last-Modified"]})
    other = client.get("/", headers={"If-None-Match": '"something-else"'})

    assert by_etag.status_code == 304
    assert by_etag.content == b""
    assert by_etag["ETag"] == first["ETag"]
    assert by_date.status_code == 304
    assert other.status_code == 200


def test_every_url_has_its_own_etag(client):
    make_article()
    etags = {
        client.get(url)["ETag"] for url in ["/", "/articles/", "/persons/", "/feeds/articles/rss/"]
    }
    assert len(etags) == 4


def test_a_change_gives_every_page_a_new_etag_and_a_fresh_copy(client, page_cache):
    article = make_article(title="Старый заголовок")
    before = client.get("/articles/")

    article.title = "Новый заголовок"
    article.save()
    after = client.get("/articles/")

    assert "Старый заголовок" in before.content.decode()
    assert "Новый заголовок" in after.content.decode()
    assert "Старый заголовок" not in after.content.decode()
    assert after["ETag"] != before["ETag"]
    assert client.get("/articles/", headers={"If-None-Match": before["ETag"]}).status_code == 200


def test_unpublishing_in_the_admin_takes_the_article_off_every_cached_page(
    client, admin_client, page_cache
):
    article = make_article(title="Снятая статья")
    urls = [
        "/",
        "/articles/",
        article.get_absolute_url(),
        "/feeds/articles/rss/",
        "/sitemap-articles.xml",
    ]
    for url in urls:
        assert "Снятая статья" in client.get(url).content.decode() or url.endswith(".xml")
    cached = {url: client.get(url)["ETag"] for url in urls}

    # The admin's action is one UPDATE of many rows, which sends no signals.
    admin_client.post(
        "/admin/articles/article/",
        {"action": "unpublish", "_selected_action": [article.pk]},
    )

    assert Article.objects.get().status == Article.Status.UNPUBLISHED
    assert client.get(article.get_absolute_url()).status_code == 404
    for url in ["/", "/articles/", "/feeds/articles/rss/"]:
        response = client.get(url)
        assert "Снятая статья" not in response.content.decode(), url
        assert response["ETag"] != cached[url]
    assert article.slug not in client.get("/sitemap-articles.xml").content.decode()


def test_a_scheduled_article_appears_when_its_time_comes(client, page_cache, monkeypatch):
    now = timezone.now()
    make_article(title="Вчерашняя статья", published_at=now - timedelta(days=1))
    make_article(title="Запланированная статья", published_at=now + timedelta(hours=1))
    early = client.get("/articles/")
    assert "Вчерашняя статья" in early.content.decode()
    assert "Запланированная статья" not in early.content.decode()

    # No write happens at the scheduled time: the version knows when it is due.
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=1, seconds=1))
    late = client.get("/articles/")

    assert "Запланированная статья" in late.content.decode()
    assert late["ETag"] != early["ETag"]
    assert client.get("/articles/").content == late.content


def test_entity_pages_follow_links_names_and_participants(client, page_cache):
    article = make_article()
    person = make_person("Нурсултан Назарбаев")
    person_link = link(article, person, "Президент Казахстана")
    event = make_event("Саммит ШОС", review_status="approved")
    article.events.add(event)
    person_url, event_url = person.get_absolute_url(), event.get_absolute_url()
    assert "Президент Казахстана" in client.get(person_url).content.decode()
    assert "Нурсултан" not in client.get(event_url).content.decode().split("<main")[1]

    event.participants.add(person)
    assert "Нурсултан Назарбаев" in client.get(event_url).content.decode().split("<main")[1]

    ArticlePerson.objects.filter(pk=person_link.pk).update(role="Первый президент")
    assert "Первый президент" in client.get(person_url).content.decode()

    person_link.delete()
    assert client.get(person_url).status_code == 404

    Event.objects.filter(pk=event.pk).update(review_status="rejected")
    assert client.get(event_url).status_code == 404


def test_an_import_shows_on_cached_pages_and_a_dry_run_does_not_change_them(
    client, page_cache, tmp_path
):
    before = client.get("/articles/")
    copy_of_seed(tmp_path)

    call_command("load_articles", tmp_path, "--no-extract", "--dry-run", verbosity=0)
    assert client.get("/articles/")["ETag"] == before["ETag"]

    call_command("load_articles", tmp_path, "--no-extract", verbosity=0)
    after = client.get("/articles/")
    assert after["ETag"] != before["ETag"]
    assert "Мы сопереживаем всем гражданам России" in after.content.decode()


def test_one_transaction_changes_the_version_once_and_a_rollback_not_at_all(client):
    from django.db import transaction

    make_article()
    start = ContentState.objects.get().version
    with transaction.atomic():
        article = make_article()
        link(article, make_person("Нурсултан Назарбаев"))
        assert ContentState.objects.get().version == start  # not before the commit
    assert ContentState.objects.get().version == start + 1
    changed = version.current().token

    with pytest.raises(RuntimeError), transaction.atomic():
        make_article()
        raise RuntimeError("rolled back")
    assert ContentState.objects.get().version == start + 1
    assert version.current().token == changed


def test_a_restored_backup_does_not_reuse_the_versions_issued_after_it():
    make_article()
    backup = ContentState.objects.values("version", "changed_at").get()
    backup_token = version.current().token
    make_article()
    first_life = version.current().token

    ContentState.objects.update(**backup)  # what a restore writes back
    assert version.current().token == backup_token  # the backup's own pages, rightly
    make_article()

    second_life = version.current()
    assert ContentState.objects.get().version == backup["version"] + 1
    assert second_life.token != first_life


def test_editors_and_the_admin_are_never_served_a_cached_copy(client, admin_client, page_cache):
    make_article(title="Статья")
    client.get("/articles/")

    response = admin_client.get("/articles/")

    assert response.status_code == 200
    assert not response.has_header("ETag")
    assert not admin_client.get("/admin/").has_header("ETag")


def test_head_is_answered_from_the_cache_and_post_never(client, page_cache):
    make_article(title="Статья")
    get = client.get("/articles/")

    head = client.head("/articles/")

    assert head.status_code == 200
    assert head["ETag"] == get["ETag"]
    assert client.post("/articles/").status_code == 405


def test_the_api_answers_each_format_from_its_own_copy(client, page_cache):
    make_article(title="Статья")

    as_json = client.get("/api/articles/", headers={"Accept": "application/json"})
    as_html = client.get("/api/articles/", headers={"Accept": "text/html"})
    json_again = client.get("/api/articles/", headers={"Accept": "application/json"})

    assert as_json["Content-Type"] == json_again["Content-Type"] == "application/json"
    assert json_again.content == as_json.content
    # The browsable API sets a CSRF cookie for its forms: never stored.
    assert as_html["Content-Type"].startswith("text/html")
    assert not as_html.has_header("ETag")


def test_the_redis_backend_keeps_one_client_per_connection_pool(page_cache):
    if page_cache != "redis":
        pytest.skip("the Redis backend's own behaviour")
    client = caches["default"]._cache
    assert client.get_client(write=True) is client.get_client(write=False)
    caches["default"].set("key", "value")
    assert caches["default"].get("key") == "value"


def test_pages_are_served_uncached_while_redis_is_out_of_reach(client, settings, caplog):
    unreachable = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    Rubric.objects.default()  # made while Redis answers: the article goes into it
    use_redis(settings, "newsroom-tests", url=unreachable)
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 600
    article = make_article(title="Статья без кэша")  # its bump cannot reach Redis either

    response = client.get("/articles/")
    after_change = client.get(article.get_absolute_url())

    assert response.status_code == after_change.status_code == 200
    assert "Статья без кэша" in response.content.decode()
    assert response.has_header("ETag")
    assert "The cache is out of reach" in caplog.text
