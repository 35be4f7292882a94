"""Real servers for tests: gunicorn serving the site, a TCP proxy that can be
stopped to cut a process off from a server it uses (PostgreSQL, Redis), and the
tests' own keys in Redis."""

import contextlib
import http.client
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import redis
from gunicorn.config import Config

from .factories import ROOT

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

    options = settings.CACHES["default"]
    if options["BACKEND"].endswith("RedisCache"):
        delete_redis_keys(options["KEY_PREFIX"], options["LOCATION"])
    else:
        caches["default"].clear()


class Proxy:
    """Forwards 127.0.0.1:<port> to `target`. stop() refuses new connections and cuts
    the open ones, as a server that goes away does; start() opens the same port again."""

    def __init__(self, target):
        self.target = target
        self.port = 0
        self._listener = None
        self._open = set()
        self._lock = threading.Lock()

    def start(self):
        listener = socket.create_server(("127.0.0.1", self.port))  # SO_REUSEADDR on
        listener.settimeout(0.1)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self):
        listener, self._listener = self._listener, None
        # shutdown() first: close() alone leaves a blocked accept() taking connections.
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)
        listener.close()
        with self._lock:
            cut, self._open = self._open, set()
        for sock in cut:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    @property
    def running(self):
        return self._listener is not None

    def _accept(self, listener):
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # closed by stop()
            client.settimeout(None)
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                if self._listener is not listener:
                    client.close()
                    upstream.close()
                    return
                self._open |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        conn.close()


def start_gunicorn(env, log):
    """gunicorn serving the site with one worker, its environment `env`; (process, port)."""
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "newsroom.wsgi",
            f"--bind=127.0.0.1:{port}",
            "--workers=1",
            "--timeout=120",
            # Newer gunicorns open a control socket at a path every gunicorn of the user shares.
            *(["--no-control-socket"] if "control_socket_disable" in Config().settings else []),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            fetch(port, "/robots.txt")
            return server, port
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise AssertionError(f"gunicorn did not start:\n{log.name}") from None
            time.sleep(0.2)


def delete_redis_keys(key_prefix, url=TEST_REDIS_URL):
    """Delete the keys under a cache's KEY_PREFIX, and only those: never the whole
    database, which may hold others' keys."""
    client = redis.Redis.from_url(url)
    try:
        for key in client.scan_iter(match=f"{key_prefix}:*", count=1000):
            client.unlink(key)
    finally:
        client.close()
