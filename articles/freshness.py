"""The content version: a token that changes whenever what readers see may change.

Page caches and ETags are keyed on it (articles/page_cache.py), so a change
invalidates every cached page at once and no cached page outlives the change:
- every write through the articles app's querysets and models marks the
  content changed (TrackedQuerySet, and the signals connected in apps.py), and
  the version is bumped once when the transaction commits;
- a scheduled article becomes visible when its time comes without any write:
  the version also holds the next such time (`due`), and the first request
  after it bumps the version.

The version row in the database is the truth, so every web process on every
host sees the same one. With a shared cache (REDIS_URL) the current state is
also kept there, so that a cached page costs one round trip to Redis and none
to the database: bumps write it while they hold the row's lock, in order.

With Redis, a change is saved only if the other processes can be told of it:
the first write of a transaction checks that Redis answers, and if it does not,
raises ContentChangeNotAnnounced, which rolls the transaction back (the admin
answers a 503 that says nothing was saved, newsroom/outage.py). What remains:
- Redis lost between that check and the bump after the commit: the change is
  saved but not announced (logged as an error); other processes see it when
  Redis's copy of the state expires and their own copy is read again, within
  STATE_SECONDS + local_copies.STATE_SECONDS;
- a write outside any transaction (autocommit, Model.save() outside atomic())
  is committed before it can be refused: the same, and logged the same way.
QuerySet.update(), bulk_create() and bulk_update() of the app run in a
transaction of their own, so they are refused too.
"""

import datetime
import logging
import secrets
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models import Min
from django.utils import timezone
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

STATE_PK = 1
STATE_KEY = "newsroom:content-state"
# The cache's copy of the state is read again from the database this often at least,
# so that a bump the cache missed (out of reach for a moment) is not missed for long.
STATE_SECONDS = 5
# What a cache out of reach raises; the site then works without it.
CACHE_ERRORS = (RedisError, OSError)


class ContentChangeNotAnnounced(Exception):
    """A change refused, its transaction rolled back: the other web processes could
    not be told of it, since Redis is out of this process's reach."""


@dataclass(frozen=True)
class State:
    token: str
    changed_at: float  # a POSIX timestamp
    due: float | None  # when a scheduled article becomes visible: the version is stale then

    def is_due(self):
        return self.due is not None and self.due <= timezone.now().timestamp()


# Before the first change (migration 0003 creates the row; a flushed test database has none).
NO_CHANGE_YET = State("0", datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC).timestamp(), None)


def shared():
    """Whether the state is kept in the cache: only a cache all web processes share."""
    return bool(settings.REDIS_URL)


def cache():
    return caches["default"]


# current()'s `cached` when the caller has not looked in the cache.
UNFETCHED = object()


def current(cached=UNFETCHED):
    """The state now (`cached`: the cache's STATE_KEY, or None when the caller looked and it
    was not there)."""
    state = None
    if shared():
        try:
            state = cache().get(STATE_KEY) if cached is UNFETCHED else cached
            if state is None:
                state = _stored()
                # Only if absent: a bump may have put a later state there meanwhile.
                cache().add(STATE_KEY, state, timeout=STATE_SECONDS)
        except CACHE_ERRORS:
            logger.warning("The cache is out of reach; the content version comes from the database")
    if state is None:
        state = _stored()
    if state.is_due():
        state = bump(only_if_due=True)
    return state


def _state_model():
    return apps.get_model("articles", "ContentState")


def _stored():
    row = (
        _state_model()
        .objects.filter(pk=STATE_PK)
        .values_list("version", "changed_at", "next_change_at")
        .first()
    )
    return NO_CHANGE_YET if row is None else _state(*row)


def _state(version, changed_at, next_change_at, nonce=""):
    due = next_change_at.timestamp() if next_change_at is not None else None
    # The time as well as the number: a database restored from a backup counts
    # from the backup's version again, and must not name the pages of those
    # versions' first lives (ETags held by browsers and CDNs).
    stamp = f"{changed_at.timestamp():.6f}".replace(".", "")
    return State(f"{version}-{stamp}{nonce}", changed_at.timestamp(), due)


def bump(*, only_if_due=False):
    """Change the version now; with `only_if_due`, only if a scheduled time has come."""
    from . import local_copies  # it reads this module's state

    model, article = _state_model(), apps.get_model("articles", "Article")
    with transaction.atomic():
        # The lock orders bumps: each reads what the one before committed.
        row = model.objects.select_for_update().filter(pk=STATE_PK).first()
        if row is None:
            row, _ = model.objects.get_or_create(pk=STATE_PK, defaults={"version": 0})
        now = timezone.now()
        if only_if_due and (row.next_change_at is None or row.next_change_at > now):
            return _state(row.version, row.changed_at, row.next_change_at)
        row.version += 1
        row.changed_at = now
        row.next_change_at = article.objects.filter(
            status=article.Status.PUBLISHED, published_at__gt=now
        ).aggregate(next=Min("published_at"))["next"]
        row.save()
        # A nonce, so that a bump whose commit failed never names the next one's pages.
        state = _state(row.version, row.changed_at, row.next_change_at, f".{secrets.token_hex(4)}")
        if shared():
            # This process's own copy first: it needs no Redis.
            local_copies.remember(state)
            try:
                cache().set(STATE_KEY, state, timeout=STATE_SECONDS)
                # Every other web process's own copy (articles/local_copies.py), in
                # order: the row's lock is still held.
                local_copies.publish(state)
            except CACHE_ERRORS:
                # The database has the new version; the cache's copy expires soon.
                logger.exception(
                    "The content version %s could not be announced: other web processes "
                    "may serve pages without this change for %s seconds",
                    state.token,
                    STATE_SECONDS + local_copies.STATE_SECONDS,
                )
    return state


def _bump_after_commit():
    try:
        bump()
    except Exception:
        # The change is committed; pages stay stale until the next change or their timeout.
        logger.exception("The content version could not be changed")


def changed(using=DEFAULT_DB_ALIAS):
    """Mark the content changed: the version is bumped once the transaction commits.

    After the commit, not inside the transaction: a version row updated by every
    writing transaction would serialize them all on its lock. A request between
    the commit and the bump stores what it built under the old version, which
    is never read again.

    With Redis, raises ContentChangeNotAnnounced if Redis does not answer, and the
    transaction is rolled back.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        # Committed already: too late to refuse.
        _bump_after_commit()
    elif not any(func is _bump_after_commit for _, func, _ in connection.run_on_commit):
        # Once per transaction, however many rows it writes; dropped on rollback.
        if shared():
            _check_announceable(using)
        transaction.on_commit(_bump_after_commit, using=using)


def _check_announceable(using):
    try:
        cache().has_key(STATE_KEY)  # a round trip: whether Redis answers
    except CACHE_ERRORS as error:
        # Rolled back even if a caller catches the error and goes on.
        transaction.set_rollback(True, using=using)
        raise ContentChangeNotAnnounced(
            f"Redis is out of reach ({error}): the change was not saved, since the other "
            "web processes could not be told of it"
        ) from error


def mark_changed(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """A receiver for post_save, post_delete and m2m_changed."""
    changed(using)


class TrackedQuerySet(models.QuerySet):
    """A QuerySet whose bulk writes, which send no signals, mark the content changed.

    Each in a transaction, so that the change can still be refused (changed()).
    (QuerySet.delete() sends post_delete for every row, since apps.py connects it,
    inside its own transaction.)
    """

    def update(self, **kwargs):
        with transaction.atomic(using=self.db, savepoint=False):
            count = super().update(**kwargs)
            if count:
                changed(self.db)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            if created:
                changed(self.db)
        return created

    def bulk_update(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db, savepoint=False):
            count = super().bulk_update(objs, *args, **kwargs)
            if count:
                changed(self.db)
        return count
