"""The quick start (`python3 -m newsroom.bootstrap run`): the site and its task worker."""

import argparse
import subprocess
from pathlib import Path

from newsroom import bootstrap


class FakeWorker:
    def __init__(self, command, **options):
        self.command = command
        self.events = []

    def terminate(self):
        self.events.append("terminated")

    def wait(self, timeout=None):
        self.events.append("waited")
        return 0


def test_run_starts_the_task_worker_beside_the_server_and_stops_it_after(monkeypatch):
    python = Path("/venv/bin/python")
    commands, workers = [], []
    monkeypatch.setattr(bootstrap, "ensure_environment", lambda venv, extras: python)
    monkeypatch.setattr(bootstrap, "manage", lambda python, *args, env: commands.append(args))
    monkeypatch.setattr(bootstrap.os, "chdir", lambda path: None)

    def popen(command, **options):
        workers.append(FakeWorker(command, **options))
        return workers[-1]

    def run(command, **options):
        commands.append(tuple(command[1:]))
        assert workers and workers[0].events == [], "the worker runs while the server does"
        return subprocess.CompletedProcess(command, 3)

    monkeypatch.setattr(bootstrap.subprocess, "Popen", popen)
    monkeypatch.setattr(bootstrap.subprocess, "run", run)

    code = bootstrap.run(argparse.Namespace(venv=Path("/venv"), port=8123))

    assert code == 3
    assert commands == [
        ("migrate", "--noinput", "--verbosity", "1"),
        ("load_seeds",),
        ("manage.py", "runserver", "127.0.0.1:8123"),
    ]
    (worker,) = workers
    assert worker.command == [str(python), "manage.py", "db_worker", "--no-reload"]
    assert worker.events == ["terminated", "waited"]
