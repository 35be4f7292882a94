import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.benchmarks import format_table, run


class Command(BaseCommand):
    help = (
        "Measure import throughput (articles per second) without and with entity "
        "extraction, on copies of the seed and corpus articles. Nothing is kept: "
        "every import is rolled back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=300, help="how many (default 300)")
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="extraction processes for the parallel run (default: CPU cores)",
        )
        parser.add_argument(
            "--templates",
            nargs="+",
            type=Path,
            help="article files to copy (default: seeds/ and tests/corpus/)",
        )
        parser.add_argument("--output", type=Path, help="also write the table to this file")

    def handle(self, *args, articles, workers, templates, output, **options):
        if articles < 1:
            raise CommandError("--articles must be at least 1")
        if not templates:
            base = Path(settings.BASE_DIR)
            templates = sorted(Path(settings.NEWSROOM_SEEDS_DIR).glob("*.txt"))
            templates += sorted((base / "tests" / "corpus").glob("*.txt"))
        if not templates:
            raise CommandError("No article files to copy.")
        table = format_table(run(count=articles, templates=templates, workers=workers))
        self.stdout.write(table)
        if output:
            output.write_text(table + "\n", encoding="utf-8")
