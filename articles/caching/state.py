"""The content version's value (State), and the cache that shares it between processes."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from redis.exceptions import RedisError

STATE_KEY = "newsroom:content-state"
# The cache's copy of the state is read again from the database this often at least,
# so that a bump the cache missed (out of reach for a moment) is not missed for long.
STATE_SECONDS = 5
# What a cache out of reach raises; the site then works without it.
CACHE_ERRORS = (RedisError, OSError)


@dataclass(frozen=True)
class State:
    token: str
    changed_at: float  # a POSIX timestamp
    due: float | None  # when a scheduled article becomes public: the version is stale then

    def is_due(self):
        return self.due is not None and self.due <= timezone.now().timestamp()


# Before the first change (migration 0003 creates the row; a flushed test database has none).
NO_CHANGE_YET = State("0", datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC).timestamp(), None)


def shared():
    """Whether the state is kept in the cache: only a cache all web processes share."""
    return bool(settings.REDIS_URL)


def cache():
    return caches["default"]
