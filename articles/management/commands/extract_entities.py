from django.core.management.base import BaseCommand, CommandError

from articles.extraction.pipeline import Extractor
from articles.importing import reextract
from articles.management.workers import add_workers_argument, workers_for
from articles.models import Article

# What an article's content fingerprint is computed from, and the stored one.
FINGERPRINTED = ("title", "lead", "body_text", "extracted_fingerprint")


class Command(BaseCommand):
    help = (
        "Extract persons, organizations, places and events again from stored articles "
        "and link them as suggestions. Editors' decisions (approved or rejected links "
        "and entities, renames, merges) are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", metavar="SLUG", help="articles by slug")
        parser.add_argument("--all", action="store_true", help="every article")
        parser.add_argument(
            "--due",
            action="store_true",
            help="the articles whose text changed since their last extraction (or never "
            "extracted), as the task worker would",
        )
        add_workers_argument(parser)

    def handle(self, *args, slugs, all, due, workers, **options):
        if sum((all, due, bool(slugs))) != 1:
            raise CommandError("Name articles by slug, or give --all or --due (one of them).")
        articles = Article.objects.order_by("pk")
        if due:
            # The content's fingerprint is computed, not stored: read in Python.
            articles = articles.filter(
                pk__in=[
                    article.pk
                    for article in articles.only(*FINGERPRINTED).iterator()
                    if article.extraction_due
                ]
            )
        if slugs:
            articles = articles.filter(slug__in=slugs)
            missing = sorted(set(slugs) - set(articles.values_list("slug", flat=True)))
            if missing:
                raise CommandError(f"No article with the slug: {', '.join(missing)}")
        total = articles.count()
        failed = 0
        with Extractor(workers_for(workers, total)) as extractor:
            for article, message in reextract(articles.iterator(), extractor=extractor):
                if message:
                    failed += 1
                    self.stderr.write(f"{article.slug}: failed: {message}", self.style.ERROR)
                elif options["verbosity"] >= 2:
                    self.stdout.write(f"{article.slug}: extracted")
        if options["verbosity"] >= 1:
            self.stdout.write(f"{total - failed} extracted, {failed} failed.")
        if failed:
            raise CommandError(f"{failed} of {total} articles failed.")
