"""One benchmark run against the database this process is configured for.

manage.py bench starts this in a child process per database (with DATABASE_URL
set to a database of the benchmark's own), which:
1. migrates, writes a generated corpus (corpus.py) and imports it, timed,
   without entity extraction; completes it with the corpus's own entities and
   dates (fixture.py, untimed); imports a further sample with extraction in
   worker processes, timed and rolled back;
2. counts the SQL queries of each page;
3. serves the site with gunicorn and loads every page with wrk (http.py),
   each right after the bare view, with the page cache off and then on;
4. load-tests it: one wrk run through a mix of public URLs, some of which must
   answer 404, with the page cache on, counting errors and answers by status.
The result is a plain dict, written as JSON for the parent (report.py).
"""

import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import paging
from articles.importing import Outcome, import_files
from articles.models import Article, ArticlePerson, Event, Person

from . import corpus, fixture, http

PER_PAGE = 20
DEEP_PAGE = 2000


def run(
    *,
    articles,
    seed,
    extraction_sample,
    workers,
    duration,
    connections,
    redis_url,
    log,
    load_duration=0,
    load_connections=32,
):
    started = time.perf_counter()
    result = {"articles": articles, "vendor": connection.vendor}
    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as scratch:
        scratch = Path(scratch)
        log("migrating")
        call_command("migrate", verbosity=0)
        result["import"] = _import(scratch, articles, seed, extraction_sample, workers, log)
        _settle(log)
        log("choosing pages")
        pages = choose_pages()
        result["pages"] = [
            {"name": name, "path": path, "queries": count_queries(path)} for name, path in pages
        ]
        result["http"] = {}
        cached_env = {"NEWSROOM_PAGE_CACHE_SECONDS": "600", "REDIS_URL": redis_url}
        for mode, env in [
            ("uncached", {"NEWSROOM_PAGE_CACHE_SECONDS": "0"}),
            ("cached", cached_env),
        ]:
            log(f"serving, {mode}")
            result["http"][mode] = serve(pages, env, duration=duration, connections=connections)
        result["load"] = None
        if load_duration:
            targets = choose_load_targets(pages)
            log(
                f"load test: {len(targets)} URLs, {load_duration} s at "
                f"{load_connections} connections"
            )
            result["load"] = load_test(
                targets, cached_env, duration=load_duration, connections=load_connections
            )
    result["seconds"] = time.perf_counter() - started
    return result


def _settle(log):
    """Leave the database as a site's is, not as a bulk load just left it.

    - What an operator does after a bulk load, and autovacuum would do later, in
      the middle of the measurements: on PostgreSQL the fixture's dating of every
      article left a dead version of each, and its index entries. So VACUUM, and
      ANALYZE on both databases.
    - The load's writes go to disk now, not while pages are measured: PostgreSQL's
      CHECKPOINT, then the system's. (Right after the load, much was still to be
      written, and the writing slowed the pages measured.)
    """
    log("vacuuming, analyzing and writing out the load")
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if postgresql else "ANALYZE")
        if postgresql:
            try:
                cursor.execute("CHECKPOINT")
            except DatabaseError as error:  # a role without pg_checkpoint
                log(f"no CHECKPOINT ({error}): PostgreSQL writes the load in its own time")
    os.sync()


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
    listed = Article.objects.public().order_by("-published_at", "-pk")
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


LOAD_ARTICLES = 5  # articles in the load test's mix, from the newest to the oldest
# Unknown slugs: readers and crawlers ask for them, and they must answer 404.
MISSING = [
    "/articles/no-such-article-bench/",
    "/persons/no-such-person-bench/",
    "/events/no-such-event-bench/",
    "/api/articles/no-such-article-bench/",
]


def choose_load_targets(pages):
    """The load test's URLs (http.Target): the measured `pages`, more of each kind, and 404s."""
    path = dict(pages)
    deep = next(p for name, p in pages if name.startswith("article list, page ") and "?" in p)
    persons = _slugs(Person)
    events = _slugs(Event)
    listed = Article.objects.public().order_by("-published_at", "-pk")
    last = listed.count() - 1
    articles = [
        listed[position]
        for position in dict.fromkeys(i * last // (LOAD_ARTICLES - 1) for i in range(LOAD_ARTICLES))
    ]
    year = listed[0].published_at.year
    surname = Person.objects.get(slug=persons[0]).name.split()[-1]
    targets = [
        http.Target("home", "/"),
        http.Target("article list", "/articles/"),
        http.Target("article list", deep),
        http.Target("filtered list", path["article list, filtered"]),
        http.Target(
            "filtered list",
            f"/articles/?date_from={year - 1}-01-01&date_to={year - 1}-06-30",
        ),
        http.Target("article", path["article"]),
        *(http.Target("article", article.get_absolute_url()) for article in articles),
        http.Target("person list", "/persons/"),
        *(
            http.Target("person", f"/persons/{slug}/")
            for slug in dict.fromkeys([persons[0], persons[len(persons) // 2], persons[-1]])
        ),
        http.Target("event list", "/events/"),
        *(
            http.Target("event", f"/events/{slug}/")
            for slug in dict.fromkeys([events[0], events[len(events) // 2]])
        ),
        http.Target("search", path["search"]),
        http.Target("search", f"/search/?q={quote(surname)}"),
        http.Target("search", f"/search/?q={quote('президент заявил')}"),
        http.Target("API list", "/api/articles/"),
        http.Target("API list", "/api/persons/"),
        http.Target("feed", "/feeds/articles/rss/"),
        http.Target("feed", "/feeds/articles/atom/"),
        http.Target("feed", f"/feeds/persons/{persons[0]}/rss/"),
        http.Target("sitemap", "/sitemap.xml"),
        http.Target("sitemap", "/sitemap-articles.xml"),
        *(http.Target("unknown slug", missing, missing=True) for missing in MISSING),
    ]
    # Once each: a small corpus may give the same article or person twice.
    unique = {}
    for target in targets:
        unique.setdefault(target.path, target)
    return list(unique.values())


def _slugs(model):
    """Slugs of the public entities of `model`, the most named first."""
    return list(
        model.objects.public()
        .annotate(n=Count("article_links"))
        .order_by("-n", "pk")
        .values_list("slug", flat=True)
    )


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
    rows = []
    with _server(env) as server:
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


# wrk waits this long for an answer before it counts a timeout error. Its default, 2 s, is
# too short for this test: 32 connections on 2 sync workers (one request at a time each)
# queue ~16 requests per worker, so a slow page (an uncached search) is answered only
# after the ones queued before it are built, though no reader is refused. 10 s still flags
# a page that no reader would wait for, and stays below gunicorn's worker timeout (30 s),
# past which a worker is killed mid-request.
LOAD_TIMEOUT_S = 10


def load_test(targets, env, *, duration, connections):
    """One wrk run of `duration` seconds rotating through `targets`, in one gunicorn."""
    # The site as readers meet it: gunicorn as in production (sync workers, one per core,
    # its default backlog of 2048 holding the connections that wait), the page cache on
    # and warm from the cached run for the pages measured there, cold for the others.
    with _server(env) as server:
        load = http.load_mix(
            server.base_url,
            targets,
            duration=duration,
            connections=connections,
            timeout_s=LOAD_TIMEOUT_S,
        )
        memory = max(server.worker_rss_mb())
    return {
        "duration": duration,
        "connections": connections,
        "timeout_s": LOAD_TIMEOUT_S,
        "seconds": load.seconds,
        "requests": load.requests,
        "rps": load.requests_per_second,
        "p50": load.p50_ms,
        "p95": load.p95_ms,
        "p99": load.p99_ms,
        "socket_errors": load.socket_errors,
        "ok": load.ok,
        "expected_404": load.expected_404,
        "unexpected": load.unexpected,
        "unanswered": load.unanswered,
        "failed": load.failed,
        "urls": [
            {
                "name": counts.target.name,
                "path": counts.target.path,
                "missing": counts.target.missing,
                "statuses": counts.statuses,
                "unanswered": counts.unanswered,
                "unexpected": counts.count("unexpected"),
            }
            for counts in load.targets
        ],
        "worker_rss_mb": memory,
    }


def _server(env):
    """gunicorn serving the benchmark's settings with `env`, one sync worker per core."""
    return http.Server(
        env={
            "DJANGO_SETTINGS_MODULE": "newsroom.bench_settings",
            "DATABASE_URL": os.environ["DATABASE_URL"],
            **{name: os.environ[name] for name in _PASSED_ON if name in os.environ},
            **env,
        },
        cwd=settings.BASE_DIR,
        python=sys.executable,
        workers=os.cpu_count() or 1,
        ready_path=BARE,
    )


_PASSED_ON = [
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_SECURE_HTTPS",
    "NEWSROOM_STATIC_ROOT",
    "DATABASE_CONN_MAX_AGE",
    "DATABASE_PARALLEL_WORKERS",
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
