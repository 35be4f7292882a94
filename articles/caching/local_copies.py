"""This web process's own copies of the content state and of the pages it served.

With Redis (REDIS_URL), a cached page would cost a round trip to Redis for
the content state and the page. So each process keeps, in its memory:
- the content state (caching/version.py), kept current by a push: every bump
  publishes the new state on a Redis channel, and a thread of each process
  listens to it;
- the latest pages it served or fetched, up to NEWSROOM_LOCAL_PAGE_CACHE_BYTES,
  each with the token of the state it was built at.

A page whose token is the state's is served from memory, without a round trip.
The copy of the state is trusted only while the listener is subscribed, and
for STATE_SECONDS at most after it was read; otherwise the page cache reads
the state from Redis as before. A bump in this process updates its copy at
once, so an editor never sees their own change missing. Another process's bump
reaches this one as fast as Redis delivers the message: a page may be served
from memory for that moment, as it could be in the instant between
a commit and its bump. A process that cannot reach Redis saves no change
(tracking.changed()), so none goes unannounced while the others trust their
copies.
"""

import json
import logging
import os
import threading
import time
from collections import OrderedDict

import redis
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from .state import State, cache, shared

logger = logging.getLogger(__name__)

CHANNEL = "newsroom:content-state-changes"
# The longest this process goes without reading the state from Redis itself: the
# bound on staleness should a message be lost with no error (a silent network fault).
STATE_SECONDS = 5
# The listener's wait before subscribing again after an error.
RETRY_SECONDS = 1


def channel():
    """The channel of the site's Redis, under its key prefix."""
    return cache().make_key(CHANNEL)


def remember(state):
    """Keep this process's own new state (version.bump(), under its lock)."""
    if _copies is not None and _copies.pid == os.getpid():
        _copies.remember(state)


def publish(state):
    """Tell every process of the site the new state (version.bump(), under its lock)."""
    message = json.dumps({"token": state.token, "changed_at": state.changed_at, "due": state.due})
    cache().publish(channel(), message)


class Copies:
    """The state and the pages of one process, for one Redis and channel."""

    def __init__(self, url, channel_name, capacity):
        self.url, self.channel, self.capacity = url, channel_name, capacity
        self.pid = os.getpid()
        self._lock = threading.Lock()
        self._state = None
        self._read_at = 0.0
        # Counts the changes of the state; a read that began before one is not kept.
        self.generation = 0
        self._subscribed = False
        self._pages = OrderedDict()
        self._size = 0
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._listen, name="newsroom-state", daemon=True)
        self._thread.start()

    def state(self):
        """The state, if this process's copy may be trusted; otherwise None."""
        state = self._state
        if (
            state is None
            or not self._subscribed
            or time.monotonic() - self._read_at > STATE_SECONDS
            or state.is_due()
        ):
            return None
        return state

    def remember(self, state, *, since=None, pushed=False):
        """Keep `state`: read from Redis or the database, bumped here, or `pushed`.

        `since`: the generation when the read began; if the state changed meanwhile
        (a message came), what was read may be older and is dropped. A pushed
        state older than the one kept is dropped too: this process's own bump can
        be kept before the message of the bump just before it arrives.
        """
        with self._lock:
            if since is not None and (since != self.generation or not self._subscribed):
                return
            if pushed and self._state is not None and _number(state) < _number(self._state):
                return
            if self._state is None or self._state.token != state.token:
                self._pages.clear()
                self._size = 0
            self._state = state
            self._read_at = time.monotonic()
            self.generation += 1

    def page(self, key, token):
        with self._lock:
            copy = self._pages.get(key)
            if copy is None or copy[0] != token:
                return None
            self._pages.move_to_end(key)
            return copy

    def keep(self, key, copy):
        """Keep `copy` (token, status, headers, content), dropping the least recently used."""
        size = len(copy[3])
        if size > self.capacity:
            return
        with self._lock:
            if self._state is None or copy[0] != self._state.token:
                return  # built at another version: never served from here
            old = self._pages.pop(key, None)
            if old is not None:
                self._size -= len(old[3])
            self._pages[key] = copy
            self._size += size
            while self._size > self.capacity:
                _, dropped = self._pages.popitem(last=False)
                self._size -= len(dropped[3])

    def size(self):
        return self._size

    def stop(self):
        self._stopped.set()
        self._forget()

    def _forget(self):
        with self._lock:
            self._subscribed = False
            self._state = None
            self._pages.clear()
            self._size = 0
            self.generation += 1

    def _listen(self):
        failing = False
        while not self._stopped.is_set():
            pubsub = None
            try:
                client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
                pubsub = client.pubsub()
                pubsub.subscribe(self.channel)
                while not self._stopped.is_set():
                    message = pubsub.get_message(timeout=1.0)
                    if message is not None:
                        self._receive(message)
                        failing = False
            except (redis.RedisError, OSError, ValueError) as error:
                # Once, not at every attempt: pages are served meanwhile, reading the
                # state from Redis or the database each time.
                if not failing and not self._stopped.is_set():
                    logger.warning("Not listening to content changes (retrying): %s", error)
                failing = True
            finally:
                self._forget()
                if pubsub is not None:
                    pubsub.close()
            self._stopped.wait(RETRY_SECONDS)

    def _receive(self, message):
        if message["type"] == "subscribe":
            # From now on no change is missed: the next read of the state is kept,
            # and nothing known before is.
            with self._lock:
                self._state = None
                self._pages.clear()
                self._size = 0
                self._subscribed = True
                self.generation += 1
        elif message["type"] == "message":
            data = json.loads(message["data"])
            self.remember(State(data["token"], data["changed_at"], data["due"]), pushed=True)


def _number(state):
    """The version's number (version._state: "number-time.nonce")."""
    return int(state.token.partition("-")[0])


_copies = None
_copies_lock = threading.Lock()


def copies():
    """This process's copies for the configured Redis, or None without Redis or page cache."""
    global _copies
    if not (shared() and settings.NEWSROOM_PAGE_CACHE_SECONDS):
        return None
    capacity = settings.NEWSROOM_LOCAL_PAGE_CACHE_BYTES
    if not capacity:
        return None
    found = _copies
    if found is not None and found.pid == os.getpid():
        return found
    with _copies_lock:
        if _copies is None or _copies.pid != os.getpid():
            # A forked process has none of its parent's threads: start its own.
            _copies = Copies(settings.REDIS_URL, channel(), capacity)
        return _copies


def reset():
    """Forget every copy (settings changed, tests)."""
    global _copies
    with _copies_lock:
        if _copies is not None:
            _copies.stop()
        _copies = None


# The settings that choose the Redis, the channel and the budget (tests change them).
SETTINGS = {"CACHES", "REDIS_URL", "NEWSROOM_PAGE_CACHE_SECONDS", "NEWSROOM_LOCAL_PAGE_CACHE_BYTES"}


@receiver(setting_changed)
def _settings_changed(setting, **kwargs):
    if setting in SETTINGS:
        reset()
