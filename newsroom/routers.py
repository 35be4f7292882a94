"""Reads from read replicas, writes to the primary ("default").

settings.py installs PrimaryReplicaRouter when DATABASE_REPLICA_URL names
replicas (aliases in settings.NEWSROOM_DATABASE_REPLICAS). A replica lags
behind the primary, so:

- the content version (articles.ContentState, articles/caching/version.py) is read
  from the primary. It keys the page cache and the ETags of every host, and
  version.current() puts what it reads into the shared cache (REDIS_URL)
  until the next change: an older version from a lagging replica would serve
  the pages cached before a change again, on every host, until the next one.
- a request (or a management command) reads everything else from one
  replica, picked at random at its first read, so that its queries agree with
  each other;
- reads inside a transaction on the primary, and every read after the
  request's (or the command's) first write, go to the primary: a transaction
  sees its own writes, and an import, a merge or a version bump decides on
  current rows;
- sessions are read from the primary, so that signing in is seen at once.

What this cannot prevent: a page built from a replica that has not yet
received a change is labelled with the version that change bumped on the
primary. The page cache keeps it up to its timeout, and browsers and CDNs
revalidating it get 304s until the next change. Synchronous replication with
synchronous_commit = remote_apply closes that gap (docs/operations.md, "Read
replicas"). And between requests nothing is kept: an editor's next page (the
list after saving, say) may come from a replica that lacks the save.
"""

import random

from asgiref.local import Local
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, connections

# Read from the primary always: the content version (why: see above), and the
# sessions, whose reads must see the latest writes of any request.
PRIMARY_ONLY_MODELS = {"articles.contentstate"}
PRIMARY_ONLY_APPS = {"sessions"}

# Per thread (or async context): the alias reads go to, once chosen.
_state = Local()


def forget(**kwargs):
    """Start afresh: the next read picks a replica again (a request_started receiver)."""
    _state.alias = None


request_started.connect(forget, dispatch_uid="newsroom.routers.forget.started")
request_finished.connect(forget, dispatch_uid="newsroom.routers.forget.finished")


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        replicas = settings.NEWSROOM_DATABASE_REPLICAS
        if (
            not replicas
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or model._meta.label_lower in PRIMARY_ONLY_MODELS
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        alias = getattr(_state, "alias", None)
        if alias != DEFAULT_DB_ALIAS and alias not in replicas:
            alias = _state.alias = random.choice(replicas)
        return alias

    def db_for_write(self, model, **hints):
        # From now on, this request's reads see what it wrote.
        _state.alias = DEFAULT_DB_ALIAS
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Every database holds the same rows.
        databases = {DEFAULT_DB_ALIAS, *settings.NEWSROOM_DATABASE_REPLICAS}
        if obj1._state.db in databases and obj2._state.db in databases:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Replicas receive the schema from the primary.
        return db == DEFAULT_DB_ALIAS
