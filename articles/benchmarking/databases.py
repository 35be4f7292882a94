"""Databases of the benchmark's own, created empty for a run and dropped after it."""

import secrets
import tempfile
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
import psycopg
from psycopg import sql


@contextmanager
def sqlite():
    with tempfile.TemporaryDirectory(prefix="newsroom-bench-db-") as directory:
        yield f"sqlite:///{Path(directory) / 'bench.sqlite3'}"


@contextmanager
def postgresql(server_url):
    """A new database on the server of `server_url` (any database URL on it)."""
    settings = dj_database_url.parse(server_url)
    name = f"newsroom_bench_{secrets.token_hex(4)}"
    admin = {
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
        "user": settings["USER"] or None,
        "password": settings["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**admin) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _with_name(settings, name)
    finally:
        with psycopg.connect(**admin) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _with_name(settings, name):
    credentials = settings["USER"] or ""
    if settings["PASSWORD"]:
        credentials += f":{settings['PASSWORD']}"
    host = settings["HOST"] or "127.0.0.1"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{credentials}{'@' if credentials else ''}{host}{port}/{name}"
