"""Background work: an article's entities extracted after its text changes.

Whatever saves an article (the admin, a revision restored, a script) only enqueues
a task, once the save is committed; a worker (`manage.py db_worker`) runs it, so
no web process waits for the extractor or loads its models. The task is keyed by
the content's fingerprint: a task for text that has changed since, or that was
extracted already, does nothing, so running one twice changes nothing.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .importing import writer
from .models import Article

# Attempts of one extraction, and the wait before each retry.
MAX_ATTEMPTS = 3
RETRY_DELAYS = (timedelta(seconds=30), timedelta(minutes=5))


class ExtractionFailed(Exception):
    """The extractor failed on the article (its message is the extractor's)."""


def schedule_extraction(article, *, using=None):
    """Enqueue the extraction of `article` after the commit, if its content changed
    since the last one (post_save calls this for every article saved)."""
    # The importer extracts what it writes itself (or was told not to).
    if writer.importing():
        return
    fingerprint = article.content_fingerprint()
    if fingerprint == article.extracted_fingerprint:
        return
    transaction.on_commit(
        lambda: extract_article.enqueue(article.pk, fingerprint), using=using, robust=True
    )


@task()
def extract_article(article_id, fingerprint, attempt=1):
    """Extract the entities of the article `article_id` if its content still has
    `fingerprint` and was not extracted from it yet; what it did, as a word."""
    # Imported here: only a worker, never a web process, loads the extractor.
    from .extraction.pipeline import Extractor
    from .importing.reextract import reextract

    article = Article.objects.without_search_columns().filter(pk=article_id).first()
    if article is None:
        return "deleted"
    if article.content_fingerprint() != fingerprint:
        # Changed since: the save that changed it enqueued its own task.
        return "changed"
    if article.extracted_fingerprint == fingerprint:
        return "unchanged"
    try:
        for _article, failure in reextract([article], extractor=Extractor(0)):
            if failure:
                raise ExtractionFailed(failure)
    except Exception:
        if attempt < MAX_ATTEMPTS:
            later = timezone.now() + RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1]
            extract_article.using(run_after=later).enqueue(article_id, fingerprint, attempt + 1)
        raise
    return "extracted"
