"""Write side of the importer: parsed article files into the database.

Each file is imported in its own transaction and keyed on its source ID, so
a re-run changes nothing, a changed file updates its article, and an article
an editor has changed since its import is left alone unless asked.
"""

import enum
import logging
from collections import Counter
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from django.db import DatabaseError, transaction

from . import parsing
from .models import Article

logger = logging.getLogger(__name__)


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True)
class ImportResult:
    path: Path
    outcome: Outcome
    article: Article | None = None
    message: str = ""


class ImportPathError(ValueError):
    pass


def find_article_files(paths):
    """The files named, and every *.txt below the folders named, sorted, each once."""
    found = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            candidates = sorted(p for p in path.rglob("*.txt") if p.is_file())
        elif path.is_file():
            candidates = [path]
        else:
            raise ImportPathError(f"{raw}: no such file or folder")
        for candidate in candidates:
            found.setdefault(candidate.resolve(), candidate)
    return list(found.values())


def content_fingerprint(article):
    return parsing.fingerprint(article.title, article.lead, article.body)


def import_files(files, *, dry_run=False, on_result=None, **options):
    """Import `files` one by one; with `dry_run`, roll everything back at the end."""
    results = []
    with rolled_back() if dry_run else nullcontext():
        for path in files:
            result = import_file(path, **options)
            results.append(result)
            if on_result is not None:
                on_result(result)
    return results


def summarize(results):
    counts = Counter(result.outcome for result in results)
    return {outcome: counts.get(outcome, 0) for outcome in Outcome}


def import_file(
    path,
    *,
    status=Article.Status.PUBLISHED,
    published_at=None,
    source=None,
    overwrite=False,
    max_bytes=parsing.DEFAULT_MAX_BYTES,
):
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise parsing.ParseError(
                f"file is too large: {size} bytes (the limit is {max_bytes} bytes)"
            )
        parsed = parsing.parse_bytes(path.read_bytes(), max_bytes=max_bytes)
    except parsing.ParseError as error:
        return ImportResult(path, Outcome.FAILED, message=str(error))
    except OSError as error:
        return ImportResult(path, Outcome.FAILED, message=f"cannot read the file: {error.strerror}")

    source_id = parsing.source_id_from_filename(path.name) or parsing.content_source_id(parsed)
    try:
        with transaction.atomic():
            outcome, article, message = upsert_article(
                parsed,
                source_id=source_id,
                source=parsed.source if source is None else source,
                status=status,
                published_at=published_at,
                overwrite=overwrite,
            )
    except DatabaseError as error:
        # The transaction is rolled back: nothing of this file stays.
        return ImportResult(path, Outcome.FAILED, message=f"database error: {error}")
    logger.debug("%s: %s %s", path, outcome, source_id)
    return ImportResult(path, outcome, article, message)


def upsert_article(parsed, *, source_id, source, status, published_at, overwrite):
    article = Article.objects.select_for_update().filter(source_id=source_id).first()
    if article is None:
        article = Article(source_id=source_id, status=status, published_at=published_at)
        write_content(article, parsed, source=source)
        return Outcome.CREATED, article, ""

    current = content_fingerprint(article)
    if current == parsed.fingerprint and article.source == source:
        if article.import_fingerprint != parsed.fingerprint:
            # An editor's text that equals the file's: nothing left to protect.
            Article.objects.filter(pk=article.pk).update(import_fingerprint=parsed.fingerprint)
        return Outcome.UNCHANGED, article, ""

    edited = current != article.import_fingerprint
    if edited and not overwrite:
        if parsed.fingerprint == article.import_fingerprint:
            return Outcome.UNCHANGED, article, ""
        return (
            Outcome.SKIPPED,
            article,
            f"article “{article.title}” (/{article.slug}/) was changed by an editor since "
            "it was imported; the file's changes were not applied (use --overwrite to "
            "replace the editor's text)",
        )
    write_content(article, parsed, source=source)
    return Outcome.UPDATED, article, ""


def write_content(article, parsed, *, source):
    article.title = parsed.title
    article.lead = parsed.lead
    article.body = parsed.body
    article.source = source
    article.import_fingerprint = parsed.fingerprint
    article.save()


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
