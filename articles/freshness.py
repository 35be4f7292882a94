"""The content version: one number that changes whenever what readers see may change.

Page caches and ETags are keyed on it (articles/page_cache.py), so a change
invalidates every cached page at once and no cached page outlives the change:
- every write through the articles app's querysets and models marks the
  content changed (TrackedQuerySet, and the signals connected in apps.py), and
  the version is bumped once when the transaction commits;
- a scheduled article becomes visible when its time comes without any write:
  the version row also holds the next such time, and the first request after
  it bumps the version.

The version lives in the database (a one-row table), so every web process,
on every host, sees the same one whatever the cache backend.
"""

import datetime

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models import F, Min
from django.utils import timezone

STATE_PK = 1


def _state_model():
    return apps.get_model("articles", "ContentState")


# Before the first change (migration 0003 creates the row; a flushed test database has none).
NO_CHANGE_YET = (0, datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))


def current():
    """(version, changed_at) now; bumps first if a scheduled article became visible."""
    state = _state_model().objects.filter(pk=STATE_PK)
    row = state.values_list("version", "changed_at", "next_change_at").first()
    if row is None:
        return NO_CHANGE_YET
    version, changed_at, next_change_at = row
    if next_change_at is not None and next_change_at <= timezone.now():
        bump()
        version, changed_at = state.values_list("version", "changed_at").get()
    return version, changed_at


def bump():
    """Change the version now (outside of any pending transaction's outcome)."""
    model, article = _state_model(), apps.get_model("articles", "Article")
    now = timezone.now()
    fields = {
        "changed_at": now,
        "next_change_at": article.objects.filter(
            status=article.Status.PUBLISHED, published_at__gt=now
        ).aggregate(next=Min("published_at"))["next"],
    }
    if not model.objects.filter(pk=STATE_PK).update(version=F("version") + 1, **fields):
        model.objects.get_or_create(pk=STATE_PK, defaults={"version": 1, **fields})


def changed(using=DEFAULT_DB_ALIAS):
    """Mark the content changed: the version is bumped once the transaction commits.

    After the commit, not inside the transaction: a version row updated by every
    writing transaction would serialize them all on its lock. A request between
    the commit and the bump stores what it built under the old version, which
    is never read again.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        bump()
    elif not any(func is bump for _, func, _ in connection.run_on_commit):
        # Once per transaction, however many rows it writes; dropped on rollback.
        transaction.on_commit(bump, using=using)


def mark_changed(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """A receiver for post_save, post_delete and m2m_changed."""
    changed(using)


class TrackedQuerySet(models.QuerySet):
    """A QuerySet whose bulk writes, which send no signals, mark the content changed.

    (QuerySet.delete() sends post_delete for every row, since apps.py connects it.)
    """

    def update(self, **kwargs):
        count = super().update(**kwargs)
        if count:
            changed(self.db)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            changed(self.db)
        return created

    def bulk_update(self, objs, *args, **kwargs):
        count = super().bulk_update(objs, *args, **kwargs)
        if count:
            changed(self.db)
        return count
