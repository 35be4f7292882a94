from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from articles.models import Article


class Command(BaseCommand):
    help = (
        "Load the seed articles from the project's seeds/ folder into an empty "
        "database, so a new site has something to show. Does nothing once any "
        "article exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
        parser.add_argument(
            "--rubric",
            metavar="NAME_OR_SLUG",
            help="rubric of the seed articles (default: the site's default rubric)",
        )

    def handle(self, *args, dry_run, rubric, **options):
        if Article.objects.exists():
            if options["verbosity"] >= 1:
                self.stdout.write("The database already has articles; seeds not loaded.")
            return
        call_command(
            "load_articles",
            str(settings.NEWSROOM_SEEDS_DIR),
            dry_run=dry_run,
            rubric=rubric,
            verbosity=options["verbosity"],
            stdout=self.stdout._out,
            stderr=self.stderr._out,
        )
