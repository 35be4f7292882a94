import json
import os
import subprocess
import sys

import pytest
from django.contrib.sessions.models import Session
from django.core.signals import request_finished, request_started
from django.db import connection

from articles.models import Article, ContentState, Person
from newsroom import routers
from newsroom.routers import PrimaryReplicaRouter

from ..factories import ROOT

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7#kq2!vz9@m4^wp1&r8$t6*yh3(ub5)nj0-ec+fg=sd_la%oi",
    "DJANGO_ALLOWED_HOSTS": "news.example.kz",
}


def manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_only_the_three_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_debug_off_without_a_secret_key_is_a_clear_error():
    result = manage("check", env={"DJANGO_DEBUG": "0"})
    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_plain_http_switch_turns_off_https_only_settings():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS)"
    )
    result = manage("shell", "-v", "0", "-c", code, env={**PRODUCTION, "DJANGO_SECURE_HTTPS": "0"})
    assert result.stdout.split() == ["False", "False", "False", "0"]
    strict = manage("shell", "-v", "0", "-c", code, env=PRODUCTION)
    assert strict.stdout.split() == ["True", "True", "True", "31536000"]


def test_invalid_boolean_is_refused():
    result = manage("check", env={"DJANGO_DEBUG": "maybe"})
    assert result.returncode == 1
    assert "DJANGO_DEBUG must be a boolean" in result.stderr


# Scaling past one machine: the database pool, read replicas, a CDN for static files.

POSTGRES = "postgres://news:secret@db.example.kz:5432/newsroom"


def settings_under(env, *names):
    """The named settings (as JSON) in a fresh process under `env` and no other configuration."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_URL"))
    }
    code = (
        "import json, sys; from django.conf import settings as s; s.DEBUG;"
        "print(json.dumps({n: getattr(s, n) for n in sys.argv[1:]}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *names],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "DJANGO_DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result, json.loads(result.stdout) if result.returncode == 0 else None


def test_no_pool_no_replicas_and_local_static_files_by_default():
    result, s = settings_under({}, "DATABASES", "DATABASE_ROUTERS", "STATIC_URL")
    assert result.returncode == 0, result.stderr
    assert list(s["DATABASES"]) == ["default"]
    default = s["DATABASES"]["default"]
    assert default["ENGINE"] == "django.db.backends.sqlite3"
    assert default["CONN_MAX_AGE"] == 60
    assert "pool" not in default.get("OPTIONS", {})
    assert default["DISABLE_SERVER_SIDE_CURSORS"] is False
    assert s["DATABASE_ROUTERS"] == []
    assert s["STATIC_URL"] == "/static/"


def test_sqlite_waits_for_the_write_lock_and_lets_readers_read_during_a_write():
    result, s = settings_under({}, "DATABASES")
    assert result.returncode == 0, result.stderr
    options = s["DATABASES"]["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 20
    assert options["init_command"] == "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    result, s = settings_under({"DATABASE_URL": POSTGRES}, "DATABASES")
    assert "init_command" not in s["DATABASES"]["default"].get("OPTIONS", {})


def test_database_pool_on_postgresql_uses_djangos_pool_without_persistent_connections():
    result, s = settings_under({"DATABASE_URL": POSTGRES, "DATABASE_POOL": "8"}, "DATABASES")
    assert result.returncode == 0, result.stderr
    default = s["DATABASES"]["default"]
    assert default["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 8, "timeout": 10}
    assert default["CONN_MAX_AGE"] == 0
    env = {
        "DATABASE_POOL_MIN_SIZE": "2",
        "DATABASE_POOL_TIMEOUT": "5",
        "DATABASE_CONN_MAX_AGE": "0",
    }
    result, s = settings_under({"DATABASE_URL": POSTGRES, "DATABASE_POOL": "8", **env}, "DATABASES")
    assert result.returncode == 0, result.stderr
    pool = s["DATABASES"]["default"]["OPTIONS"]["pool"]
    assert pool == {"min_size": 2, "max_size": 8, "timeout": 5}


def test_database_pool_needs_postgresql():
    result, _ = settings_under({"DATABASE_URL": "sqlite:///db.sqlite3", "DATABASE_POOL": "4"})
    assert result.returncode == 1
    assert "DATABASE_POOL needs PostgreSQL" in result.stderr


def test_database_pool_refuses_persistent_connections_and_bad_sizes():
    pool = {"DATABASE_URL": POSTGRES, "DATABASE_POOL": "4"}
    result, _ = settings_under({**pool, "DATABASE_CONN_MAX_AGE": "60"})
    assert result.returncode == 1
    assert "DATABASE_CONN_MAX_AGE must be 0 or unset with DATABASE_POOL" in result.stderr
    result, _ = settings_under({**pool, "DATABASE_POOL_MIN_SIZE": "5"})
    assert result.returncode == 1
    assert "DATABASE_POOL_MIN_SIZE must be between 0 and DATABASE_POOL (4)" in result.stderr
    result, _ = settings_under({"DATABASE_POOL": "-1"})
    assert result.returncode == 1
    assert "DATABASE_POOL must be 0" in result.stderr


def test_server_side_cursors_can_be_turned_off_for_pgbouncer():
    env = {"DATABASE_URL": POSTGRES, "DATABASE_DISABLE_SERVER_SIDE_CURSORS": "1"}
    result, s = settings_under(env, "DATABASES")
    assert result.returncode == 0, result.stderr
    assert s["DATABASES"]["default"]["DISABLE_SERVER_SIDE_CURSORS"] is True


def test_postgresql_queries_run_on_one_core_unless_told_otherwise():
    def options(env):
        result, s = settings_under(env, "DATABASES")
        assert result.returncode == 0, result.stderr
        return s["DATABASES"]["default"].get("OPTIONS", {}).get("options")

    assert options({"DATABASE_URL": POSTGRES}) == "-c max_parallel_workers_per_gather=0"
    two = {"DATABASE_URL": POSTGRES, "DATABASE_PARALLEL_WORKERS": "2"}
    assert options(two) == "-c max_parallel_workers_per_gather=2"
    # The URL's own startup options are kept, after this one: theirs is the last word.
    with_options = {"DATABASE_URL": f"{POSTGRES}?options=-c%20search_path%3Dnews"}
    assert options(with_options) == "-c max_parallel_workers_per_gather=0 -c search_path=news"
    # Left to the server (behind PgBouncer), and no such setting on SQLite.
    assert options({"DATABASE_URL": POSTGRES, "DATABASE_PARALLEL_WORKERS": "server"}) is None
    assert options({}) is None
    for wrong in ["-1", "two"]:
        result, _ = settings_under({"DATABASE_URL": POSTGRES, "DATABASE_PARALLEL_WORKERS": wrong})
        assert result.returncode == 1
        assert "DATABASE_PARALLEL_WORKERS must be" in result.stderr


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own setting")
def test_postgresql_connections_have_the_parallel_workers_setting():
    # The test database's connection is made from the settings, as the site's are.
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == ("0",)


def test_replica_urls_become_replica_databases_and_install_the_router():
    env = {
        "DATABASE_URL": POSTGRES,
        "DATABASE_REPLICA_URL": "postgres://news:secret@replica1.example.kz/newsroom, "
        "postgres://news:secret@replica2.example.kz:6432/newsroom",
        "DATABASE_POOL": "4",
        "DATABASE_DISABLE_SERVER_SIDE_CURSORS": "1",
    }
    names = ("DATABASES", "DATABASE_ROUTERS", "NEWSROOM_DATABASE_REPLICAS")
    result, s = settings_under(env, *names)
    assert result.returncode == 0, result.stderr
    databases = s["DATABASES"]
    assert list(databases) == ["default", "replica", "replica_2"]
    assert s["NEWSROOM_DATABASE_REPLICAS"] == ["replica", "replica_2"]
    assert s["DATABASE_ROUTERS"] == ["newsroom.routers.PrimaryReplicaRouter"]
    assert databases["default"]["HOST"] == "db.example.kz"
    assert (databases["replica"]["HOST"], databases["replica_2"]["HOST"]) == (
        "replica1.example.kz",
        "replica2.example.kz",
    )
    assert databases["replica_2"]["PORT"] == 6432
    for alias in ("replica", "replica_2"):
        replica = databases[alias]
        # The same connection settings as the primary; tests use the primary for them.
        assert replica["ENGINE"] == "django.db.backends.postgresql"
        assert replica["OPTIONS"]["pool"]["max_size"] == 4
        assert replica["CONN_MAX_AGE"] == 0
        assert replica["DISABLE_SERVER_SIDE_CURSORS"] is True
        assert replica["TEST"]["MIRROR"] == "default"


def test_static_files_behind_a_cdn():
    cdn = "https://cdn.example.kz/static/"
    result, s = settings_under({"DJANGO_STATIC_URL": cdn}, "STATIC_URL")
    assert result.returncode == 0, result.stderr
    assert s["STATIC_URL"] == cdn
    result, _ = settings_under({"DJANGO_STATIC_URL": "https://cdn.example.kz/static"})
    assert result.returncode == 1
    assert "DJANGO_STATIC_URL must end with a slash" in result.stderr


def test_static_files_are_addressed_on_the_cdn_and_whitenoise_serves_them_at_its_path():
    cdn = "https://cdn.example.kz/static/"
    code = (
        "from django.templatetags.static import static;"
        "from whitenoise.middleware import WhiteNoiseMiddleware;"
        "print(static('css/site.css'), WhiteNoiseMiddleware(lambda r: None).static_prefix)"
    )
    result = manage(
        "shell", "-v", "0", "-c", code, env={"DJANGO_DEBUG": "1", "DJANGO_STATIC_URL": cdn}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [f"{cdn}css/site.css", "/static/"]


REPLICAS = ["replica", "replica_2"]


@pytest.fixture
def replicas(settings):
    settings.NEWSROOM_DATABASE_REPLICAS = REPLICAS
    routers.forget()
    yield PrimaryReplicaRouter()
    routers.forget()


# Request signals close old connections: database access, outside a transaction.
@pytest.mark.django_db(transaction=True)
def test_router_reads_one_replica_per_request_and_writes_to_the_primary(replicas):
    first = replicas.db_for_read(Article)
    assert first in REPLICAS
    # The whole request reads that replica, but the content version from the primary.
    assert replicas.db_for_read(Person) == first
    assert replicas.db_for_read(ContentState) == "default"
    assert replicas.db_for_read(Article) == first
    assert replicas.db_for_write(Article) == "default"
    request_started.send(sender=None)
    chosen = {replicas.db_for_read(Article)}
    for _ in range(40):
        request_finished.send(sender=None)
        chosen.add(replicas.db_for_read(Article))
    assert chosen == set(REPLICAS)


# Request signals close old connections: database access, outside a transaction.
@pytest.mark.django_db(transaction=True)
def test_router_reads_the_primary_after_a_write_until_the_request_ends(replicas):
    assert replicas.db_for_write(Article) == "default"
    assert replicas.db_for_read(Article) == "default"
    assert replicas.db_for_read(ContentState) == "default"
    request_finished.send(sender=None)
    assert replicas.db_for_read(Article) in REPLICAS


def test_router_reads_sessions_from_the_primary(replicas):
    assert replicas.db_for_read(Session) == "default"


@pytest.mark.django_db
def test_router_reads_the_primary_inside_a_transaction(replicas):
    # Every pytest-django test with the database runs inside a transaction.
    assert replicas.db_for_read(Article) == "default"


def test_router_is_installed_in_djangos_routing(replicas, settings):
    settings.DATABASE_ROUTERS = ["newsroom.routers.PrimaryReplicaRouter"]
    alias = Article.objects.all().db
    assert alias in REPLICAS
    assert Person.objects.all().db == alias
    assert ContentState.objects.all().db == "default"
    assert Article.objects.select_for_update().db == "default"
    assert Article.objects.all().db == "default"


def test_router_without_replicas_uses_the_primary(settings):
    settings.NEWSROOM_DATABASE_REPLICAS = []
    assert PrimaryReplicaRouter().db_for_read(Article) == "default"


def test_router_migrates_the_primary_only_and_relates_objects_of_any_of_its_databases(replicas):
    assert replicas.allow_migrate("default", "articles", model_name="article")
    assert not replicas.allow_migrate("replica", "articles", model_name="article")
    assert not replicas.allow_migrate("replica_2", "articles")
    article, person = Article(), Person()
    article._state.db, person._state.db = "replica_2", "default"
    assert replicas.allow_relation(article, person) is True
    person._state.db = "other"
    assert replicas.allow_relation(article, person) is None
