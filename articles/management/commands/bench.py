import json
import os
import secrets
import subprocess
import sys
import tempfile
from argparse import SUPPRESS as SUPPRESS_HELP
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.benchmarking import databases, http, report, runner

DEFAULT_POSTGRESQL = "postgres://postgres@127.0.0.1:5432/postgres"


class Command(BaseCommand):
    help = (
        "Benchmark a generated corpus: import rates, and every page under wrk beside a bare "
        "Django view, uncached and cached, on new SQLite and PostgreSQL databases of its own; "
        "then a load test through a mix of public URLs. Prints one markdown document and "
        "writes it to --output; exits non-zero if the load test had errors or unexpected "
        "answers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000, help="default 100,000")
        parser.add_argument(
            "--databases",
            nargs="+",
            choices=["sqlite", "postgresql"],
            default=["postgresql", "sqlite"],
        )
        parser.add_argument(
            "--postgresql-url",
            default=os.environ.get("NEWSROOM_BENCH_POSTGRESQL_URL", DEFAULT_POSTGRESQL),
            help="a server to create the benchmark's database on (default: %(default)s)",
        )
        parser.add_argument(
            "--redis-url",
            default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
            help="the cache for the cached run (keys get a prefix of their own)",
        )
        parser.add_argument("--seed", type=int, default=0, help="the corpus's random seed")
        parser.add_argument(
            "--extraction-sample",
            type=int,
            default=500,
            help="articles imported with entity extraction (default 500)",
        )
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
        parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per URL")
        parser.add_argument(
            "--connections",
            type=int,
            default=4,
            help="wrk's connections (default 4: two per worker, so latency is mostly service)",
        )
        parser.add_argument(
            "--load-duration",
            type=int,
            default=60,
            help="seconds of the load test, one wrk run through a mix of public URLs with the "
            "page cache on; 0 skips it (default 60)",
        )
        parser.add_argument(
            "--load-connections",
            type=int,
            default=32,
            help="wrk's connections in the load test (default 32)",
        )
        parser.add_argument("--output", type=Path, default=Path("bench-results.md"))
        parser.add_argument("--child-json", type=Path, help=SUPPRESS_HELP)

    def handle(self, *args, **options):
        if options["child_json"]:
            return self.child(options)
        if options["articles"] < 40:
            raise CommandError("--articles must be at least 40 (two pages of the list)")
        if options["load_duration"] < 0 or options["load_connections"] < 1:
            raise CommandError("--load-duration must be >= 0 and --load-connections >= 1")
        if not http.wrk_available():
            raise CommandError("wrk is not installed: apt-get install wrk")
        results = []
        for database in options["databases"]:
            context = (
                databases.sqlite()
                if database == "sqlite"
                else databases.postgresql(options["postgresql_url"])
            )
            with context as url:
                results.append(self.run_child(url, options))
        document = report.markdown(
            results, duration=options["duration"], connections=options["connections"]
        )
        self.stdout.write(document)
        options["output"].write_text(document, encoding="utf-8")
        self.stderr.write(f"Written to {options['output']}.")
        failures = report.load_failures(results)
        if failures:
            # A non-zero exit status, so that CI fails.
            raise CommandError(
                "The load test failed: "
                + "; ".join(failures)
                + f" (see 'Load test' in {options['output']})."
            )

    def run_child(self, url, options):
        """The run itself, in a process whose settings point at the benchmark's database."""
        with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as scratch:
            output = Path(scratch) / "result.json"
            # The benchmark's own database only: no replicas or pool of the site's.
            inherited = {
                name: value
                for name, value in os.environ.items()
                if name not in ("DATABASE_REPLICA_URL", "DATABASE_POOL")
            }
            env = {
                **inherited,
                "DJANGO_SETTINGS_MODULE": "newsroom.bench_settings",
                "DATABASE_URL": url,
                "DJANGO_DEBUG": "0",
                "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
                "DJANGO_SECURE_HTTPS": "0",
                "DATABASE_CONN_MAX_AGE": "60",
                "NEWSROOM_STATIC_ROOT": str(Path(scratch) / "static"),
                "NEWSROOM_CACHE_KEY_PREFIX": f"bench-{secrets.token_hex(4)}",
                "NEWSROOM_PAGE_CACHE_SECONDS": "0",
                "REDIS_URL": "",
            }
            forwarded = [
                f"--{name.replace('_', '-')}={options[name]}"
                for name in (
                    "articles",
                    "seed",
                    "extraction_sample",
                    "workers",
                    "duration",
                    "connections",
                    "redis_url",
                    "load_duration",
                    "load_connections",
                )
            ]
            command = [sys.executable, "manage.py", "bench", *forwarded, f"--child-json={output}"]
            completed = subprocess.run(command, env=env, cwd=settings.BASE_DIR, check=False)
            if completed.returncode:
                raise CommandError(f"the benchmark run on {url} failed (see above)")
            return json.loads(output.read_text(encoding="utf-8"))

    def child(self, options):
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
        result = runner.run(
            articles=options["articles"],
            seed=options["seed"],
            extraction_sample=options["extraction_sample"],
            workers=options["workers"],
            duration=options["duration"],
            connections=options["connections"],
            redis_url=options["redis_url"],
            load_duration=options["load_duration"],
            load_connections=options["load_connections"],
            log=lambda message: self.stderr.write(f"[bench] {message}"),
        )
        options["child_json"].write_text(json.dumps(result), encoding="utf-8")
