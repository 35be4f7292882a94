"""One benchmark run against the database this process is configured for.

manage.py bench starts this in a child process per database (with DATABASE_URL
set to a database of the benchmark's own), which:
1. migrates, writes a generated corpus (corpus.py) and imports it, timed,
   without entity extraction; completes it with the corpus's own entities and
   dates (fixture.py, untimed); imports a further sample with extraction in
   worker processes, timed and rolled back;
2. counts the SQL queries of each page;
3. serves the site with gunicorn and loads every page with wrk (http.py),
   each right after the bare view, with the page cache off and then on.
The result is a plain dict, written as JSON for the parent (report.py).
"""

import os
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import paging
from articles.importing import Outcome, import_files
from articles.models import Article, ArticlePerson, Event

from . import corpus, fixture, http

PER_PAGE = 20
DEEP_PAGE = 2000


def run(*, articles, seed, extraction_sample, workers, duration, connections, redis_url, log):
    started = time.perf_counter()
    result = {"articles": articles, "vendor": connection.vendor}
    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as scratch:
        scratch = Path(scratch)
        log("migrating")
        call_command("migrate", verbosity=0)
        result["import"] = _import(scratch, articles, seed, extraction_sample, workers, log)
        with connection.cursor() as cursor:
            # What an operator does after a bulk load (autovacuum would, later).
            cursor.execute("ANALYZE")
        log("choosing pages")
        pages = choose_pages()
        result["pages"] = [
            {"name": name, "path": path, "queries": count_queries(path)} for name, path in pages
        ]
        result["http"] = {}
        for mode, env in [
            ("uncached", {"NEWSROOM_PAGE_CACHE_SECONDS": "0"}),
            ("cached", {"NEWSROOM_PAGE_CACHE_SECONDS": "600", "REDIS_URL": redis_url}),
        ]:
            log(f"serving, {mode}")
            result["http"][mode] = serve(pages, env, duration=duration, connections=connections)
    result["seconds"] = time.perf_counter() - started
    return result


def _import(scratch, count, seed, sample_size, workers, log):
    from articles.extraction.pipeline import Extractor

    log(f"generating {count} articles")
    named, files = [], []
    # Published up to today, as a live site's are (the same corpus all day).
    until = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    for article in corpus.generate(count, seed=seed, until=until):
        files += corpus.write_corpus(scratch / "corpus", [article])
        named.append(fixture.named(article))

    log("importing without extraction")
    seconds, created = _timed_import(files)
    log("linking the corpus's entities")
    links = fixture.complete(named)

    # New articles (another seed), extracted in worker processes and rolled back.
    sample = corpus.write_corpus(
        scratch / "sample", corpus.generate(sample_size, seed=seed + 1, until=None)
    )
    log(f"importing {len(sample)} articles with extraction, {workers} workers")
    with Extractor(workers) as extractor:
        extractor.extract_batch(_warm_up(workers))  # loading the models is a one-off
        before = _cpu_jiffies()
        extracted_seconds, extracted = _timed_import(sample, extractor=extractor, dry_run=True)
        busy, total = (after - start for after, start in zip(_cpu_jiffies(), before, strict=True))
    return {
        "without_extraction": {"articles": created, "seconds": seconds},
        "with_extraction": {
            "articles": extracted,
            "seconds": extracted_seconds,
            "workers": workers,
            # The machine's CPUs during the import: 1.0 is every core busy throughout.
            "cpu_busy": busy / total if total else 0.0,
        },
        "links": links,
    }


def _cpu_jiffies():
    """(busy, total) CPU time of the whole machine so far, from /proc/stat (Linux)."""
    with open("/proc/stat", encoding="ascii") as stat:
        values = [int(value) for value in stat.readline().split()[1:]]
    idle = values[3] + values[4]  # idle and iowait
    return sum(values) - idle, sum(values)


def _timed_import(files, **options):
    started = time.perf_counter()
    results = import_files(files, **options)
    seconds = time.perf_counter() - started
    failed = [result for result in results if result.outcome == Outcome.FAILED]
    if failed:
        raise RuntimeError(f"{len(failed)} files failed, e.g. {failed[0].message}")
    return seconds, sum(result.outcome == Outcome.CREATED for result in results)


def _warm_up(workers):
    from articles.extraction.types import Document

    return [Document("Прогрев", "Модели загружаются.", ("Астана.",))] * (2 * max(1, workers))


def choose_pages():
    """(name, path) of the pages measured, picked from the data as a reader would meet them."""
    listed = Article.objects.published().order_by("-published_at", "-pk")
    total = listed.count()
    page = min(DEEP_PAGE, max(2, total // PER_PAGE))
    keys = [paging.Key("published_at"), paging.Key("pk")]
    before_deep = listed[(page - 1) * PER_PAGE - 1]
    top_person = (
        ArticlePerson.objects.values("person__slug").annotate(n=Count("pk")).order_by("-n")[0]
    )
    top_event = Event.objects.public().annotate(n=Count("article_links")).order_by("-n")[0]
    year = listed[0].published_at.year
    article = listed.annotate(n=Count("person_links")).order_by("-n", "-published_at")[0]
    return [
        ("home", "/"),
        ("article list, page 1", "/articles/"),
        (
            f"article list, page {page}",
            f"/articles/?after={paging.cursor_for(before_deep, keys)}",
        ),
        (
            "article list, filtered",
            f"/articles/?person={top_person['person__slug']}&date_from={year - 3}-01-01",
        ),
        ("article", article.get_absolute_url()),
        (f"person ({top_person['n']} articles)", f"/persons/{top_person['person__slug']}/"),
        (f"event ({top_event.n} articles)", top_event.get_absolute_url()),
        ("search", "/search/?q=%D1%81%D0%B0%D0%BC%D0%BC%D0%B8%D1%82%D0%B5"),  # "саммите"
        ("API article list", "/api/articles/"),
        ("RSS feed", "/feeds/articles/rss/"),
    ]


def count_queries(path):
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return len(queries)


BARE = "/bench/bare/"


def serve(pages, env, *, duration, connections):
    """wrk against the bare view and each page in turn, in one gunicorn."""
    server_env = {
        "DJANGO_SETTINGS_MODULE": "articles.benchmarking.settings",
        "DATABASE_URL": os.environ["DATABASE_URL"],
        **{name: os.environ[name] for name in _PASSED_ON if name in os.environ},
        **env,
    }
    rows = []
    with http.Server(
        env=server_env,
        cwd=settings.BASE_DIR,
        python=sys.executable,
        workers=os.cpu_count() or 1,
        ready_path=BARE,
    ) as server:
        search = next(path for name, path in pages if name == "search")
        extra = [
            ("home, revalidated (304)", "/", connections),
            # One reader at a time: the time to answer, without waiting behind others.
            ("search, one connection", search, 1),
        ]
        for name, path, clients in [*((n, p, connections) for n, p in pages), *extra]:
            headers = None
            if name.endswith("(304)"):
                headers = {"If-None-Match": _etag(server.base_url + path)}
            url = server.base_url + path
            http.load(url, duration=1, connections=clients, headers=headers)  # warm up
            bare = http.load(server.base_url + BARE, duration=duration, connections=clients)
            page = http.load(url, duration=duration, connections=clients, headers=headers)
            rows.append({"name": name, "bare": _result(bare), "page": _result(page)})
        memory = max(server.worker_rss_mb())
    return {"rows": rows, "worker_rss_mb": memory}


_PASSED_ON = [
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_SECURE_HTTPS",
    "NEWSROOM_STATIC_ROOT",
    "DATABASE_CONN_MAX_AGE",
]


def _etag(url):
    from urllib.request import urlopen

    with urlopen(url) as response:
        return response.headers["ETag"]


def _result(load):
    return {
        "rps": load.requests_per_second,
        "p50": load.p50_ms,
        "p95": load.p95_ms,
        "p99": load.p99_ms,
        "errors": load.errors,
        "non_2xx": load.non_2xx,
        "not_modified": load.not_modified,
        "requests": load.requests,
    }
