from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles.extraction.evaluation import evaluate, format_report, load_gold
from articles.extraction.pipeline import extract
from articles.extraction.types import Document
from articles.text import parsing


class Command(BaseCommand):
    help = (
        "Compare the entity extractor with gold files (NNN_<hex>.json beside their "
        "article NNN_<hex>.txt, or in seeds/): precision, recall and F1 per kind, "
        "role and date accuracy, and the misses. Reads files only; the database is "
        "not touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="gold files or folders")

    def handle(self, *args, paths, **options):
        reports = []
        for gold_path in self.gold_files(paths):
            gold = load_gold(gold_path)
            article_path = self.article_file(gold_path, gold.file)
            try:
                parsed = parsing.parse_bytes(article_path.read_bytes())
            except parsing.ParseError as error:
                raise CommandError(f"{article_path}: {error}") from None
            document = Document(
                parsed.title, parsed.lead, parsed.paragraphs, published=timezone.localdate()
            )
            reports.append((gold.file, evaluate(extract(document), gold)))
        self.stdout.write(format_report(reports), ending="")

    def gold_files(self, paths):
        files = []
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                files.extend(sorted(path.glob("*.json")))
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{raw}: no such file or folder")
        if not files:
            raise CommandError("No gold files (*.json) found.")
        return files

    def article_file(self, gold_path, name):
        for folder in (gold_path.parent, Path(settings.NEWSROOM_SEEDS_DIR)):
            if (folder / name).is_file():
                return folder / name
        raise CommandError(f"{gold_path}: its article {name} is neither beside it nor in seeds/")
