"""Set the project up and run it, or run its tests, with nothing but Python.

    python3 -m newsroom.bootstrap run     # virtualenv, install, migrate, seeds, server, worker
    python3 -m newsroom.bootstrap test    # virtualenv, install test tools, all tests

Standard library only: this runs before anything is installed.
"""

import argparse
import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUPPORTED = ((3, 11), (3, 13))


def venv_python(venv_dir):
    return venv_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_environment(venv_dir, extras):
    """Create the virtualenv and install the project into it, unless already done."""
    python = venv_python(venv_dir)
    if not python.exists():
        print(f"Creating a virtualenv in {venv_dir} ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=venv_dir.exists()).create(venv_dir)
    target = f".[{','.join(extras)}]" if extras else "."
    # Reinstall only when the dependencies changed since the last install.
    stamp = venv_dir / ".newsroom-installed"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + target.encode()).hexdigest()
    if not stamp.exists() or stamp.read_text() != wanted:
        print(f"Installing {target} ...", flush=True)
        pip = [str(python), "-m", "pip", "--disable-pip-version-check"]
        subprocess.run([*pip, "install", "--quiet", "--upgrade", "pip"], check=True)
        subprocess.run([*pip, "install", "--quiet", "--editable", target], check=True, cwd=ROOT)
        stamp.write_text(wanted)
    return python


def manage(python, *args, env):
    subprocess.run([str(python), "manage.py", *args], check=True, cwd=ROOT, env=env)


def createsuperuser_command(python):
    """The command that creates an admin account, as it can be pasted into a shell here."""
    here = Path.cwd().resolve()

    def shown(path):
        return path.relative_to(here) if path.is_relative_to(here) else path

    command = [str(shown(python)), str(shown(ROOT / "manage.py")), "createsuperuser"]
    if os.name == "nt":
        note = "(with DJANGO_DEBUG=1 set in that shell, as here)."
        return f"{subprocess.list2cmdline(command)}\n{note}"
    return f"DJANGO_DEBUG=1 {shlex.join(command)}"


def run(options):
    python = ensure_environment(options.venv, extras=[])
    env = {**os.environ}
    env.setdefault("DJANGO_DEBUG", "1")
    manage(python, "migrate", "--noinput", "--verbosity", "1", env=env)
    manage(python, "load_seeds", env=env)
    address = f"127.0.0.1:{options.port}"
    print(
        f"\nNewsroom is starting on http://{address}/\n"
        f"The admin is at http://{address}/admin/ - create your account first with:\n"
        f"    {createsuperuser_command(python)}\n",
        flush=True,
    )
    os.chdir(ROOT)
    # The task worker (entities extracted after an editor saves) runs beside the
    # site, and stops with it.
    worker = subprocess.Popen([str(python), "manage.py", "db_worker", "--no-reload"], env=env)
    try:
        return subprocess.run(
            [str(python), "manage.py", "runserver", address], env=env, check=False
        ).returncode
    except KeyboardInterrupt:
        return 0
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()


def ensure_browser_packages():
    """axe-core for the browser tests, from the lock file, when npm is there to fetch it."""
    folder = ROOT / "tests" / "browser"
    lock = folder / "package-lock.json"
    installed = folder / "node_modules" / ".package-lock.json"
    if not lock.exists():
        return
    if installed.exists() and installed.stat().st_mtime >= lock.stat().st_mtime:
        return
    npm = shutil.which("npm")
    if npm is None:
        print("npm is missing: the browser tests will say what they need.", flush=True)
        return
    print("Installing the browser tests' npm packages ...", flush=True)
    subprocess.run(
        [npm, "ci", "--prefix", str(folder), "--no-audit", "--no-fund", "--loglevel=error"],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def test(options, pytest_args):
    python = ensure_environment(options.venv, extras=["test"])
    ensure_browser_packages()
    completed = subprocess.run([str(python), "-m", "pytest", *pytest_args], cwd=ROOT)
    return completed.returncode


def main(argv=None):
    if not SUPPORTED[0] <= sys.version_info[:2] <= SUPPORTED[1]:
        sys.exit(f"Newsroom needs Python 3.11 to 3.13, not {sys.version.split()[0]}.")
    parser = argparse.ArgumentParser(
        prog="python3 -m newsroom.bootstrap",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=["run", "test"])
    parser.add_argument(
        "--venv", type=Path, default=ROOT / ".venv", help="virtualenv folder (default: .venv)"
    )
    parser.add_argument("--port", type=int, default=8000, help="port of the server (run)")
    options, rest = parser.parse_known_args(argv)
    options.venv = options.venv.resolve()
    if options.command == "run":
        if rest:
            parser.error(f"unknown arguments: {' '.join(rest)}")
        return run(options)
    return test(options, rest)


if __name__ == "__main__":
    sys.exit(main())
