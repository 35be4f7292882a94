"""Every write of the articles app marks the content changed, once per transaction.

The app's querysets (TrackedQuerySet) and its models' signals (connected in
apps.py) call changed(); after the commit, the function given to
announce_with() (caching.version.bump_after_commit, at start-up) changes the
content version. Its guard (caching.version.check_announceable) refuses,
before the commit, a change that could not be announced to the other web
processes. Given at start-up, so that the models need nothing of the caching
package, which builds on them.
"""

from django.db import DEFAULT_DB_ALIAS, models, transaction

_announcer = None
_guard = None


def announce_with(func, guard=None):
    """Run `func` after each commit of a transaction that changed content, and
    `guard(using)` inside it before the change is let through (apps.py); the guard
    refuses a change by raising ContentChangeNotAnnounced."""
    global _announcer, _guard
    _announcer, _guard = func, guard


def _announce():
    if _announcer is not None:
        _announcer()


class ContentChangeNotAnnounced(Exception):
    """A change refused, its transaction rolled back: the other web processes could
    not be told of it, since Redis is out of this process's reach."""


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
        _announce()
    elif not any(func is _announce for _, func, _ in connection.run_on_commit):
        # Once per transaction, however many rows it writes; dropped on rollback.
        if _guard is not None:
            _guard(using)
        transaction.on_commit(_announce, using=using)


def mark_changed(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """A receiver for post_save, post_delete and m2m_changed."""
    changed(using)


class TrackedQuerySet(models.QuerySet):
    """A QuerySet whose bulk writes, which send no signals, mark the content changed.

    Each in a transaction, so that the change can still be refused (changed()).
    (QuerySet.delete() sends post_delete for every row, since apps.py connects it
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
