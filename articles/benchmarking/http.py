"""Serve a WSGI app with gunicorn and load it with wrk, both on this machine.

Pure infrastructure: nothing here imports Django. `Server` runs gunicorn (the production
server) in a child process with the environment it is given; `load` runs wrk against a URL
and reads its summary through a small Lua script, wrk_load.lua beside this module, that prints
one JSON line.

Responses are classified this way (see `LoadResult`):

- `errors`: socket errors (connect, read, write, timeout); no response arrived.
- `not_modified`: 304 answers. A conditional GET (`If-None-Match` passed with `headers`)
  expects them, so they are neither errors nor `non_2xx`.
- `non_2xx`: every other answer outside 2xx (1xx, 3xx but 304, 4xx, 5xx).

That needs the status of every response, which wrk only hands to a Lua `response()`
callback. With `collect_statuses=False` the callback is left out; wrk then only counts
statuses >= 400 (its "Non-2xx or 3xx responses" line, despite the name), so `non_2xx` means
4xx/5xx only and `not_modified` and `statuses` are None. The callback runs in wrk, which
shares the CPUs with gunicorn: against a trivial WSGI app its cost is near the run-to-run
noise, against Django pages it is lost in the noise, so it is on by default.

`load_mix` is the load test: one wrk run rotating through many URLs (`Target`s), some of
which must answer 404, counting each URL's answers by status (see `MixedLoadResult`).
"""

import contextlib
import http.client
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

_RESULT_MARKER = "BENCH_RESULT "
_SCRIPT = "wrk_load.lua"  # beside this module, and package data in pyproject.toml

# Written next to the log; gunicorn reads it with -c. The hook marks each worker that has
# imported the WSGI app, so that `Server` waits for all of them, not only the first.
_GUNICORN_CONFIG = """\
import pathlib

def post_worker_init(worker):
    pathlib.Path({ready_dir!r}, str(worker.pid)).touch()
"""


@dataclass(frozen=True)
class LoadResult:
    """What wrk measured against one URL (latencies in milliseconds)."""

    url: str
    requests: int  # responses received, whatever their status
    seconds: float
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int  # socket errors: connect, read, write, timeout
    non_2xx: int  # answers outside 2xx other than 304 (only >= 400 without collect_statuses)
    not_modified: int | None  # 304 answers; None without collect_statuses
    statuses: dict[int, int] | None  # responses per status; None without collect_statuses


def _rate_and_latencies(report):
    """The fields of LoadResult and MixedLoadResult that wrk's report gives alike."""
    requests = int(report["requests"])
    seconds = report["duration_us"] / 1e6
    return {
        "requests": requests,
        "seconds": seconds,
        "requests_per_second": requests / seconds if seconds else 0.0,
        "p50_ms": report["p50_us"] / 1000,
        "p95_ms": report["p95_us"] / 1000,
        "p99_ms": report["p99_us"] / 1000,
    }


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def load(
    url: str,
    *,
    duration: float = 10,
    connections: int = 16,
    threads: int = 2,
    headers: dict[str, str] | None = None,
    timeout_s: float = 5,
    collect_statuses: bool = True,
) -> LoadResult:
    """Load `url` with wrk for `duration` seconds (a whole number: wrk takes no fractions).

    `headers` go with every request, e.g. {"If-None-Match": '"etag"'} to measure 304s.
    `timeout_s` is rounded up to whole seconds; a response slower than that is a socket error.
    """
    # wrk refuses more threads than connections.
    command = _wrk_command(min(threads, connections), connections, duration, timeout_s)
    for name, value in (headers or {}).items():
        if "\n" in name or "\r" in name or "\n" in value or "\r" in value or ":" in name:
            raise ValueError(f"bad header {name!r}: {value!r}")
        command += ["--header", f"{name}: {value}"]

    script = _script(collect=collect_statuses)
    report = _run_wrk(command, script, url, timeout=duration + timeout_s + 60)

    statuses = None
    not_modified = None
    non_2xx = int(report["status"])  # wrk's own count: statuses >= 400
    if report["tally"] is not None:
        statuses = {int(status): int(count) for status, count in report["tally"].items()}
        statuses = dict(sorted(statuses.items()))
        not_modified = statuses.get(304, 0)
        non_2xx = sum(
            count for status, count in statuses.items() if not 200 <= status < 300 and status != 304
        )
    return LoadResult(
        url=url,
        **_rate_and_latencies(report),
        errors=sum(int(report[kind]) for kind in SOCKET_ERRORS),
        non_2xx=non_2xx,
        not_modified=not_modified,
        statuses=statuses,
    )


SOCKET_ERRORS = ("connect", "read", "write", "timeout")


@dataclass(frozen=True)
class Target:
    """One URL of a mixed load. `name` is its class in a report; several URLs may share one."""

    name: str
    path: str  # from the root, with its query string: "/articles/?page=2"
    missing: bool = False  # it must answer 404 (an unknown slug), not 2xx

    def classify(self, status: int) -> str:
        """ "2xx", "expected 404" or "unexpected" (a page not in 2xx, a missing URL not 404)."""
        if self.missing:
            return "expected 404" if status == 404 else "unexpected"
        return "2xx" if 200 <= status < 300 else "unexpected"


@dataclass(frozen=True)
class TargetCounts:
    """The answers one `Target` got during a mixed load."""

    target: Target
    statuses: dict[int, int]  # answers per status
    unanswered: int  # requests sent that got no answer (the connection failed or closed)

    def count(self, kind: str) -> int:
        """Answers of one `Target.classify` kind."""
        return sum(n for status, n in self.statuses.items() if self.target.classify(status) == kind)


@dataclass(frozen=True)
class MixedLoadResult:
    """What wrk measured rotating through `Target`s (latencies in milliseconds).

    Every answer is one of `ok` (2xx from a page), `expected_404` (404 from a missing URL) or
    `unexpected` (anything else: a 500, a redirect, a 404 from a page that should exist, a 2xx
    from a URL that should not); `failed` is true if any was unexpected, or a request had a
    socket error or no answer at all.
    """

    seconds: float
    requests: int  # answers received, whatever their status
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    socket_errors: dict[str, int]  # SOCKET_ERRORS: connect, read, write, timeout
    targets: tuple[TargetCounts, ...]

    @property
    def errors(self) -> int:
        return sum(self.socket_errors.values())

    @property
    def ok(self) -> int:
        return sum(counts.count("2xx") for counts in self.targets)

    @property
    def expected_404(self) -> int:
        return sum(counts.count("expected 404") for counts in self.targets)

    @property
    def unexpected(self) -> int:
        return sum(counts.count("unexpected") for counts in self.targets)

    @property
    def unanswered(self) -> int:
        return sum(counts.unanswered for counts in self.targets)

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.unanswered or self.unexpected)


def load_mix(
    base_url: str,
    targets: list[Target],
    *,
    duration: float = 60,
    connections: int = 32,
    timeout_s: float = 10,
) -> MixedLoadResult:
    """Load the `targets` (paths under `base_url`) in turn with wrk for `duration` seconds.

    wrk runs one thread per connection (see wrk_load.lua). `timeout_s` is rounded up to whole
    seconds; an answer slower than that counts as a timeout error (and by its status too).
    """
    command = _wrk_command(connections, connections, duration, timeout_s)
    if not targets:
        raise ValueError("no targets to load")
    for target in targets:
        if not target.path.startswith("/") or any(c in target.path for c in ' "\\\r\n'):
            raise ValueError(f"bad path {target.path!r}")
    script = _script(collect=True, paths=[target.path for target in targets])
    report = _run_wrk(command, script, base_url + "/", timeout=duration + timeout_s + 60)
    statuses = [{} for _ in targets]
    unanswered = [0 for _ in targets]
    for key, count in ((int(key), int(count)) for key, count in report["tally"].items()):
        if key == 0 and count:
            raise RuntimeError(f"wrk got {count} answers to no request: a bug in {_SCRIPT}")
        if key < 0:
            unanswered[-key - 1] = count
        elif key > 0:
            statuses[key // 1000 - 1][key % 1000] = count
    return MixedLoadResult(
        **_rate_and_latencies(report),
        socket_errors={kind: int(report[kind]) for kind in SOCKET_ERRORS},
        targets=tuple(
            TargetCounts(target=target, statuses=dict(sorted(counts.items())), unanswered=lost)
            for target, counts, lost in zip(targets, statuses, unanswered, strict=True)
        ),
    )


def _wrk_command(threads, connections, duration, timeout_s):
    """wrk's arguments; it takes whole seconds only, and `timeout_s` is rounded up."""
    if duration < 1 or duration != int(duration):
        raise ValueError(f"wrk runs for whole seconds (>= 1), not {duration!r}")
    if connections < 1:
        raise ValueError("connections must be >= 1")
    return [
        "wrk",
        "--threads",
        str(max(1, threads)),
        "--connections",
        str(connections),
        "--duration",
        f"{int(duration)}s",
        "--timeout",
        f"{max(1, math.ceil(timeout_s))}s",
        "--latency",
    ]


def _script(*, collect, paths=None):
    """wrk_load.lua after the globals it takes as parameters (see its header)."""
    source = resources.files(__package__).joinpath(_SCRIPT).read_text(encoding="utf-8")
    lua_paths = "nil" if paths is None else "{" + ", ".join(map(json.dumps, paths)) + "}"
    return (
        f"MARKER = {json.dumps(_RESULT_MARKER)}\n"
        f"COLLECT = {'true' if collect else 'false'}\n"
        f"PATHS = {lua_paths}\n{source}"
    )


def _run_wrk(command, script, url, *, timeout):
    """Run wrk with the Lua `script` against `url`; the JSON its `done()` printed."""
    with tempfile.TemporaryDirectory(prefix="newsroom-wrk-") as directory:
        script_path = Path(directory) / _SCRIPT
        script_path.write_text(script)
        completed = subprocess.run(
            [*command, "--script", str(script_path), url],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    lines = [
        line[len(_RESULT_MARKER) :]
        for line in completed.stdout.splitlines()
        if line.startswith(_RESULT_MARKER)
    ]
    if completed.returncode != 0 or not lines:
        raise RuntimeError(
            f"wrk failed (exit status {completed.returncode}) on {url}:\n"
            f"{completed.stdout[-2000:]}{completed.stderr[-2000:]}"
        )
    return json.loads(lines[-1])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn serving a WSGI app on 127.0.0.1 on a free port, as a context manager.

    Entering starts `python -m gunicorn` (sync workers) in `cwd` with os.environ updated by
    `env`, and returns once every worker has imported the app and GET `ready_path` answers
    below 500. gunicorn's output goes to a temporary file (never a pipe that could fill up);
    its tail is in the RuntimeError raised if gunicorn exits or is not ready in `timeout`
    seconds. gunicorn is configured by the command line and a generated config file, so a
    gunicorn.conf.py in `cwd` is not read.
    """

    def __init__(
        self,
        *,
        wsgi_app: str = "newsroom.wsgi:application",
        workers: int = 2,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        python: str = sys.executable,
        timeout: float = 60.0,
        ready_path: str = "/",
        access_log: bool = False,
    ):
        self.wsgi_app = wsgi_app
        self.workers = workers
        self.env = dict(env or {})
        self.cwd = Path(cwd) if cwd is not None else None
        self.python = python
        self.timeout = timeout
        self.ready_path = ready_path
        self.access_log = access_log
        self.port: int | None = None
        self.base_url: str | None = None  # "http://127.0.0.1:PORT" once entered
        self.process: subprocess.Popen | None = None
        self._directory: tempfile.TemporaryDirectory | None = None
        self._log = None

    def __enter__(self):
        self._directory = tempfile.TemporaryDirectory(prefix="newsroom-gunicorn-")
        directory = Path(self._directory.name)
        ready_dir = directory / "ready"
        ready_dir.mkdir()
        config = directory / "gunicorn_config.py"
        config.write_text(_GUNICORN_CONFIG.format(ready_dir=str(ready_dir)))
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        command = [
            self.python,
            "-m",
            "gunicorn",
            "--config",
            str(config),
            "--workers",
            str(self.workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ]
        if self.access_log:
            command += ["--access-logfile", "-"]
        command.append(self.wsgi_app)
        self._log = open(directory / "gunicorn.log", "w+b")  # closed in stop()
        self.process = subprocess.Popen(
            command,
            cwd=self.cwd,
            env={**os.environ, **self.env},
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, to kill workers with the master
        )
        try:
            self._wait_until_ready(ready_dir)
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def _wait_until_ready(self, ready_dir: Path):
        deadline = time.monotonic() + self.timeout
        last = "no worker has loaded the app"
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn serving {self.wsgi_app} exited with status "
                    f"{self.process.returncode}:\n{self.log_tail()}"
                )
            booted = len(list(ready_dir.iterdir()))
            if booted >= self.workers:
                status = self._get_status(self.ready_path)
                if status is not None and status < 500:
                    return
                last = f"GET {self.ready_path} answered HTTP {status}" if status else "no answer"
            else:
                last = f"{booted} of {self.workers} workers have loaded the app"
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"gunicorn serving {self.wsgi_app} not ready after {self.timeout} s "
                    f"({last}):\n{self.log_tail()}"
                )
            time.sleep(0.1)

    def _get_status(self, path: str) -> int | None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request("GET", path)
            return connection.getresponse().status
        except (OSError, http.client.HTTPException):
            return None
        finally:
            connection.close()

    def stop(self):
        """SIGTERM gunicorn (a graceful stop), SIGKILL its process group after 10 s."""
        if self.process is not None:
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGTERM)
                try:
                    self.process.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(self.process.pid, signal.SIGKILL)
                    self.process.wait()
            else:
                # The master is gone; leave no orphaned worker behind.
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(self.process.pid, signal.SIGKILL)
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._directory is not None:
            self._directory.cleanup()
            self._directory = None

    def log_tail(self, size: int = 4000) -> str:
        """The last `size` bytes gunicorn wrote to stdout and stderr."""
        if self._log is None:
            return ""
        self._log.flush()
        self._log.seek(0, os.SEEK_END)
        self._log.seek(max(0, self._log.tell() - size))
        return self._log.read().decode(errors="replace")

    def worker_pids(self) -> list[int]:
        """The gunicorn master's children (its workers), from /proc/*/stat."""
        if self.process is None:
            return []
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                text = stat.read_text()
            except OSError:  # the process has exited meanwhile
                continue
            # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
            fields = text[text.rindex(")") + 2 :].split()
            if int(fields[1]) == self.process.pid:
                pids.append(int(text.split(maxsplit=1)[0]))
        return sorted(pids)

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each worker (VmRSS), in MiB."""
        sizes = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)  # reported in kB
                    break
        return sizes
