"""Writing read files to the database: batches, the upsert, and retries.

Files are keyed on their source ID, so a re-run changes nothing, a changed
file updates its article, and an article an editor has changed since its
import is left alone unless asked. A batch is written in one transaction, new
articles with one bulk INSERT (COPY on PostgreSQL); their bylines, and entities
extracted from new and changed articles, are written in the same transaction. When a batch meets a
database error it is rolled back and its files are written again one by one,
each in its own transaction: a file is imported whole or not at all, and only
the file at fault fails.

Several imports may run at once on the same files. A batch that loses a race for
a source ID or a slug to another import is written file by file, and a file that
loses one is written again: it then finds the other import's article (unchanged),
or takes a free slug.
"""

import contextlib
import contextvars

from django.db import DatabaseError, IntegrityError, connections, router, transaction

from ..extraction.pipeline import ExtractionFailure
from ..models import Article, tracking
from ..text import richtext
from .authors import add_bylines
from .linking import apply_extraction
from .results import WRITTEN, ImportResult, Outcome

# Writes of a file that lose races with other imports before it is given up.
WRITE_ATTEMPTS = 3
# PostgreSQL's serialization failure and deadlock: another transaction's fault or luck.
_RETRYABLE_SQLSTATES = {"40001", "40P01"}


_writing = contextvars.ContextVar("importer_writing", default=False)


@contextlib.contextmanager
def writing():
    """The importer is writing in this block (articles/tasks.py enqueues nothing for it)."""
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


def importing():
    return _writing.get()


def _connection():
    """The connection articles are written through."""
    return connections[router.db_for_write(Article)]


def _refresh_statistics():
    """Let SQLite gather the statistics its query planner needs (PRAGMA optimize).

    SQLite keeps none by itself (PostgreSQL's autovacuum analyzes on its own).
    Without them, after a bulk import, the planner read every public article for
    each event to list ten public ones. It is cheap, and costs nothing when nothing
    changed much.
    """
    connection = _connection()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")


def _imported(**lookups):
    """The articles with a source ID matching `lookups`, unordered.

    Saying that the source ID is not "" lets SQLite use its unique index, which
    leaves "" out: without it, each look-up read the whole table, and the import
    slowed down as the table grew.
    """
    return Article.objects.exclude(source_id="").filter(**lookups).order_by()


def _failure(item):
    """The result of a file that cannot be written, or None."""
    if item.parsed is None:
        return ImportResult(item.path, Outcome.FAILED, message=item.error)
    if isinstance(item.extraction, ExtractionFailure):
        return ImportResult(
            item.path,
            Outcome.FAILED,
            message=f"entity extraction failed: {item.extraction.message}",
        )
    return None


def _write_batch(pending, **options):
    """Write a batch in one transaction: new articles with one bulk INSERT.

    A database error anywhere rolls the batch back, and its files are written
    again one by one, so that only the file at fault fails.
    """
    writable = [item for item in pending if _failure(item) is None]
    try:
        with transaction.atomic():
            written = dict(_write_together(writable, **options))
    except DatabaseError:
        return [_write(item, **options) for item in pending]
    return [_failure(item) or written[id(item)] for item in pending]


def _write_together(items, **options):
    """(id(item), ImportResult) for `items`, inside the caller's transaction."""
    stored = set(
        _imported(source_id__in=[item.source_id for item in items]).values_list(
            "source_id", flat=True
        )
    )
    # Files new to the database, each source ID once; the rest are upserted one by one.
    new, seen = [], set(stored)
    for item in items:
        if item.source_id not in seen:
            seen.add(item.source_id)
            new.append(item)
    created = create_articles(
        [
            item.article
            or new_article(
                item.parsed,
                source_id=item.source_id,
                source=options["source"],
                status=options["status"],
                published_at=options["published_at"],
                rubric_id=options["rubric_id"],
            )
            for item in new
        ]
    )
    add_bylines((article, item.parsed.authors) for item, article in zip(new, created, strict=True))
    new_ids = {id(item) for item in new}
    for item, article in zip(new, created, strict=True):
        _link(item, Outcome.CREATED, article)
        yield id(item), ImportResult(item.path, Outcome.CREATED, article)
    for item in items:
        if id(item) not in new_ids:
            outcome, article, message = upsert_article(
                item.parsed, source_id=item.source_id, **options
            )
            _link(item, outcome, article)
            yield id(item), ImportResult(item.path, outcome, article, message)


def _write(item, **options):
    if failure := _failure(item):
        return failure
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                outcome, article, message = upsert_article(
                    item.parsed, source_id=item.source_id, **options
                )
                _link(item, outcome, article)
        except DatabaseError as error:
            # The transaction is rolled back: nothing of this file stays.
            if attempt < WRITE_ATTEMPTS and _lost_a_race(error):
                continue
            return ImportResult(item.path, Outcome.FAILED, message=f"database error: {error}")
        return ImportResult(item.path, outcome, article, message)


def _lost_a_race(error):
    """Whether writing again may succeed where `error` stopped a write.

    A unique key violated is one another transaction has committed (PostgreSQL makes
    the insert wait for it), so the write, done again, sees the row: the other import's
    article, unchanged, or a slug taken. Deadlocks and serialization failures are
    retried too. Other errors (a full disk...) would only fail again.
    """
    if isinstance(error, IntegrityError):
        return True
    return getattr(error.__cause__, "sqlstate", None) in _RETRYABLE_SQLSTATES


def _link(item, outcome, article):
    if item.extraction is not None and outcome in WRITTEN:
        apply_extraction(article, item.extraction, text=item.document.text)


def new_article(parsed, *, source_id, source, status, published_at, rubric_id=None):
    """The unsaved article of `parsed`, its derived fields filled in, its slug not.

    `rubric_id` rather than a Rubric, as another process may make the article without
    the database; None: the default rubric, which saving fills in.
    """
    article = Article(
        source_id=source_id, status=status, published_at=published_at, rubric_id=rubric_id
    )
    fill_content(article, parsed, source=parsed.source if source is None else source)
    article.fill_derived_fields()
    return article


def create_articles(articles):
    """Insert new_article()s together, with free slugs; their source IDs must be new."""
    Article.fill_slugs(articles)
    connection = _connection()
    if connection.vendor == "postgresql" and articles:
        return _copy_in(articles, connection)
    return Article.objects.bulk_create(articles)


def _copy_in(articles, connection):
    """bulk_create() through COPY, with the primary keys taken from the sequence first.

    PostgreSQL reads the rows faster than it plans and unpacks an INSERT of them,
    and psycopg sends them without quoting each value into the statement, which
    cost this process time for every article.
    """
    meta = Article._meta
    fields = [field for field in meta.concrete_fields if not field.generated and field != meta.pk]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in [meta.pk, *fields])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(articles)],
        )
        keys = [key for (key,) in cursor.fetchall()]
        with (
            connection.wrap_database_errors,
            cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy,
        ):
            for key, article in zip(keys, articles, strict=True):
                # What bulk_create() would send: auto_now values set, each made a
                # database value by its field.
                copy.write_row(
                    [key]
                    + [
                        field.get_db_prep_save(field.pre_save(article, True), connection)
                        for field in fields
                    ]
                )
    for key, article in zip(keys, articles, strict=True):
        article.pk = key
        article._state.adding = False
        article._state.db = connection.alias
    tracking.changed(connection.alias)  # as Article.objects.bulk_create() does
    return articles


def upsert_article(parsed, *, source_id, source, status, published_at, rubric_id, overwrite):
    """Create or update the article of `parsed`. An update keeps the article's slug,
    status, publication time and rubric (an editor may have moved it), and sets its
    byline only if it has none: the editor's byline is theirs."""
    source = parsed.source if source is None else source
    article = _imported(source_id=source_id).select_for_update().first()
    if article is None:
        article = Article(
            source_id=source_id, status=status, published_at=published_at, rubric_id=rubric_id
        )
        write_content(article, parsed, source=source)
        add_bylines([(article, parsed.authors)])
        return Outcome.CREATED, article, ""

    current = article.content_fingerprint()
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
    if parsed.authors and not article.byline.exists():
        add_bylines([(article, parsed.authors)])
    return Outcome.UPDATED, article, ""


def fill_content(article, parsed, *, source):
    article.title = parsed.title
    article.lead = parsed.lead
    article.body = richtext.from_paragraphs(parsed.paragraphs)
    article.credit = parsed.credit
    article.source = source
    article.import_fingerprint = parsed.fingerprint


def write_content(article, parsed, *, source):
    fill_content(article, parsed, source=source)
    article.save()
