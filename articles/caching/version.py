"""The content version: a token that changes whenever what readers see may change.

Page caches and ETags are keyed on it (caching/middleware.py), so a change
invalidates every cached page at once and no cached page outlives the change:
- every write through the articles app's querysets and models marks the
  content changed (models/tracking.py), and the version is bumped once when
  the transaction commits (bump_after_commit());
- a scheduled article becomes public when its time comes without any write:
  the version also holds the next such time (`due`), and the first request
  after it bumps the version.

The version row in the database is the truth, so every web process on every
host sees the same one. With a shared cache (REDIS_URL) the current state is
also kept there, so that a cached page costs one round trip to Redis and none
to the database: bumps write it while they hold the row's lock, in order.

With Redis, a change is saved only if the other processes can be told of it
(tracking.changed() refuses it otherwise). What remains:
- Redis lost between that check and the bump after the commit: the change is
  saved but not announced (logged as an error); other processes see it when
  Redis's copy of the state expires and their own copy is read again, within
  state.STATE_SECONDS + local_copies.STATE_SECONDS;
- a write outside any transaction (autocommit, Model.save() outside atomic())
  is committed before it can be refused: the same, and logged the same way.
"""

import logging
import secrets

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from ..models import Article, ContentState
from ..models.tracking import ContentChangeNotAnnounced
from . import local_copies, state

logger = logging.getLogger(__name__)

STATE_PK = 1

# current()'s `cached` when the caller has not looked in the cache.
UNFETCHED = object()


def current(cached=UNFETCHED):
    """The state now (`cached`: the cache's STATE_KEY, or None when the caller looked and it
    was not there)."""
    found = None
    if state.shared():
        try:
            found = state.cache().get(state.STATE_KEY) if cached is UNFETCHED else cached
            if found is None:
                found = _stored()
                # Only if absent: a bump may have put a later state there meanwhile.
                state.cache().add(state.STATE_KEY, found, timeout=state.STATE_SECONDS)
        except state.CACHE_ERRORS:
            logger.warning("The cache is out of reach; the content version comes from the database")
    if found is None:
        found = _stored()
    if found.is_due():
        found = bump(only_if_due=True)
    return found


def _stored():
    row = (
        ContentState.objects.filter(pk=STATE_PK)
        .values_list("version", "changed_at", "next_change_at")
        .first()
    )
    return state.NO_CHANGE_YET if row is None else _state(*row)


def _state(version, changed_at, next_change_at, nonce=""):
    due = next_change_at.timestamp() if next_change_at is not None else None
    # The time as well as the number: a database restored from a backup counts
    # from the backup's version again, and must not name the pages of those
    # versions' first lives (ETags held by browsers and CDNs).
    stamp = f"{changed_at.timestamp():.6f}".replace(".", "")
    return state.State(f"{version}-{stamp}{nonce}", changed_at.timestamp(), due)


def bump(*, only_if_due=False):
    """Change the version now; with `only_if_due`, only if a scheduled time has come."""
    with transaction.atomic():
        # The lock orders bumps: each reads what the one before committed.
        row = ContentState.objects.select_for_update().filter(pk=STATE_PK).first()
        if row is None:
            row, _ = ContentState.objects.get_or_create(pk=STATE_PK, defaults={"version": 0})
        now = timezone.now()
        if only_if_due and (row.next_change_at is None or row.next_change_at > now):
            return _state(row.version, row.changed_at, row.next_change_at)
        row.version += 1
        row.changed_at = now
        row.next_change_at = Article.objects.filter(
            status=Article.Status.PUBLISHED, published_at__gt=now
        ).aggregate(next=Min("published_at"))["next"]
        row.save()
        # A nonce, so that a bump whose commit failed never names the next one's pages.
        new = _state(row.version, row.changed_at, row.next_change_at, f".{secrets.token_hex(4)}")
        if state.shared():
            # This process's own copy first: it needs no Redis.
            local_copies.remember(new)
            try:
                state.cache().set(state.STATE_KEY, new, timeout=state.STATE_SECONDS)
                # Every other web process's own copy (caching/local_copies.py), in
                # order: the row's lock is still held.
                local_copies.publish(new)
            except state.CACHE_ERRORS:
                # The database has the new version; the cache's copy expires soon.
                logger.exception(
                    "The content version %s could not be announced: other web processes "
                    "may serve pages without this change for %s seconds",
                    new.token,
                    state.STATE_SECONDS + local_copies.STATE_SECONDS,
                )
    return new


def check_announceable(using):
    """What tracking.changed() asks before a change goes through: with Redis, whether
    Redis answers, so that the other web processes can be told of the change."""
    if not state.shared():
        return
    try:
        state.cache().has_key(state.STATE_KEY)  # a round trip: whether Redis answers
    except state.CACHE_ERRORS as error:
        # Rolled back even if a caller catches the error and goes on.
        transaction.set_rollback(True, using=using)
        raise ContentChangeNotAnnounced(
            f"Redis is out of reach ({error}): the change was not saved, since the other "
            "web processes could not be told of it"
        ) from error


def bump_after_commit():
    """What tracking.changed() runs once a transaction that changed content commits."""
    try:
        bump()
    except Exception:
        # The change is committed; pages stay stale until the next change or their timeout.
        logger.exception("The content version could not be changed")
