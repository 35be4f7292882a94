import os
import sys
from datetime import timedelta
from itertools import count
from pathlib import Path

import hypothesis
import pytest
from django.utils import timezone

from articles.models import Article, ArticlePerson, Event, Person

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_9e9f9821349f9dac.txt"
SEED_TITLE = "Нурсултан Назарбаев: Мы сопереживаем всем гражданам России"

# Generated-input tests (tests/test_fuzz.py): a quick sample by default, the long campaign
# with HYPOTHESIS_PROFILE=fuzz (CI: HYPOTHESIS_PROFILE=fuzz pytest -m fuzz).
hypothesis.settings.register_profile("dev", max_examples=200)
hypothesis.settings.register_profile("fuzz", max_examples=10_000)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

_numbers = count(1)

# A Redis database of the tests' own.
TEST_REDIS_URL = "redis://127.0.0.1:6379/15"


def use_redis(settings, key_prefix, url=TEST_REDIS_URL):
    """The site's Redis setup (REDIS_URL and the cache), pointed at `url`."""
    settings.REDIS_URL = url
    settings.CACHES = {
        "default": {
            "BACKEND": "articles.caching.redis_backend.SharedClientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": key_prefix,
        }
    }


def empty_cache():
    """Empty the tests' default cache. In Redis only the keys under its KEY_PREFIX go:
    never FLUSHDB, the database may hold others' keys."""
    from django.conf import settings
    from django.core.cache import caches

    from .servers import delete_redis_keys

    options = settings.CACHES["default"]
    if options["BACKEND"].endswith("RedisCache"):
        delete_redis_keys(options["KEY_PREFIX"], options["LOCATION"])
    else:
        caches["default"].clear()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The hashed storage needs `collectstatic`; tests look at pages, not hashes.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def make_article(**fields):
    number = next(_numbers)
    values = {
        "title": f"Статья номер {number}",
        "lead": f"Лид статьи {number}",
        "body": f"Первый абзац статьи {number}.\n\nВторой абзац.",
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(hours=number),
    }
    values.update(fields)
    return Article.objects.create(**values)


def make_person(name, **fields):
    return Person.objects.create(name=name, **fields)


def link(article, person, role=""):
    return ArticlePerson.objects.create(article=article, person=person, role=role)


def make_event(name, **fields):
    return Event.objects.create(name=name, **fields)


def pytest_terminal_summary(terminalreporter):
    matrix = sys.modules.get("tests.test_admin_matrix")
    for routes, requests, roles, answers in getattr(matrix, "CHECKED", []):
        terminalreporter.write_line(
            f"admin permission matrix: {routes} admin routes, {requests} requests on them "
            f"× {roles} roles × GET and POST = {answers} answers checked"
        )
