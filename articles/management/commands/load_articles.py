import os
import sys
from contextlib import nullcontext

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from tqdm import tqdm

from articles.extraction.pipeline import Extractor
from articles.importing import ImportPathError, Outcome, find_article_files, import_files, summarize
from articles.management.workers import add_workers_argument, workers_for
from articles.models import Article, Rubric
from articles.models.tracking import ContentChangeNotAnnounced


class Command(BaseCommand):
    help = (
        "Import article files (headline, lead, paragraphs) into the database. "
        "Takes files and folders (every *.txt inside; symbolic links that lead out of a "
        "folder are skipped and reported). Re-running is safe: unchanged "
        "files change nothing, and articles edited in the admin are not overwritten."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
        parser.add_argument(
            "--dry-run", action="store_true", help="parse and report, write nothing"
        )
        parser.add_argument("--draft", action="store_true", help="create new articles as drafts")
        parser.add_argument(
            "--published-at",
            metavar="ISO-DATETIME",
            help="publication time of new articles (default: now)",
        )
        parser.add_argument("--source", metavar="NAME", help="source name of the articles")
        parser.add_argument(
            "--rubric",
            metavar="NAME_OR_SLUG",
            help="rubric of new articles (default: the site's default rubric); "
            "articles imported before keep theirs",
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="apply changed files even to articles an editor has changed",
        )
        parser.add_argument(
            "--no-extract",
            action="store_false",
            dest="extract",
            help="do not extract persons, organizations, places and events",
        )
        add_workers_argument(parser)

    def handle(
        self,
        *args,
        paths,
        dry_run,
        draft,
        published_at,
        source,
        overwrite,
        extract,
        workers,
        rubric,
        **options,
    ):
        verbosity = options["verbosity"]
        source_length = Article._meta.get_field("source").max_length
        if source is not None and len(source) > source_length:
            raise CommandError(f"--source: {len(source)} characters, the limit is {source_length}")
        rubric = self.find_rubric(rubric)
        try:
            files, skipped = find_article_files(paths)
        except ImportPathError as error:
            raise CommandError(str(error)) from None
        for result in skipped:
            self.report(result, verbosity=verbosity)

        show_progress = verbosity >= 1 and len(files) > 1 and sys.stderr.isatty()
        extractor = Extractor(workers_for(workers, len(files))) if extract else nullcontext()
        with (
            tqdm(total=len(files), disable=not show_progress, unit="file") as bar,
            extractor,
        ):

            def report(result):
                bar.update()
                with tqdm.external_write_mode():
                    self.report(result, verbosity=verbosity)

            try:
                results = import_files(
                    files,
                    dry_run=dry_run,
                    extractor=extractor if extract else None,
                    on_result=report,
                    status=Article.Status.DRAFT if draft else Article.Status.PUBLISHED,
                    published_at=self.publication_time(published_at, draft),
                    source=source,
                    overwrite=overwrite,
                    max_bytes=settings.NEWSROOM_IMPORT_MAX_BYTES,
                    rubric=rubric,
                )
            except ContentChangeNotAnnounced as error:
                # The batch being written was rolled back; those before it were announced.
                raise CommandError(f"{error}. Run the import again once Redis answers.") from None

        counts = summarize(skipped + results)
        if verbosity >= 1:
            summary = ", ".join(f"{counts[outcome]} {outcome}" for outcome in Outcome)
            prefix = "Dry run, nothing written: " if dry_run else ""
            self.stdout.write(f"{prefix}{summary}.")
        if counts[Outcome.FAILED]:
            raise CommandError(f"{counts[Outcome.FAILED]} of {len(files)} files failed.")

    def find_rubric(self, value):
        """The rubric `value` names, or None for the default one (made by the import)."""
        if value is None:
            return None
        rubric = Rubric.objects.by_name_or_slug(value)
        if rubric is None:
            slugs = ", ".join(Rubric.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(
                f"--rubric: no rubric is named {value!r} or has that slug; "
                f"the rubrics are: {slugs or 'none yet'}"
            )
        return rubric

    def publication_time(self, value, draft):
        if value is None:
            return None if draft else timezone.now()
        moment = parse_datetime(value)
        if moment is None:
            raise CommandError(
                f"--published-at: {value!r} is not an ISO date and time "
                "(e.g. 2017-04-10T12:30 or 2017-04-10T12:30+06:00)"
            )
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment

    def report(self, result, *, verbosity):
        path = display_path(result.path)
        if result.outcome == Outcome.FAILED:
            self.stderr.write(f"{path}: failed: {result.message}", self.style.ERROR)
        elif result.outcome == Outcome.SKIPPED:
            self.stderr.write(f"{path}: skipped: {result.message}", self.style.WARNING)
        elif verbosity >= 2:
            self.stdout.write(f"{path}: {result.outcome}: {result.article.title}")


def display_path(path):
    # A file name that is not UTF-8 (say, CP1251 from an old archive) reaches Python with
    # its bytes as lone surrogates, which a UTF-8 terminal refuses: show them as \xNN.
    return os.fsencode(path).decode("utf-8", "backslashreplace")
