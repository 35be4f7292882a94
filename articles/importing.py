"""Write side of the importer: parsed article files into the database.

Files are keyed on their source ID, so a re-run changes nothing, a changed
file updates its article, and an article an editor has changed since its
import is left alone unless asked. Files are written in batches, one
transaction each, new articles with one bulk INSERT; entities are extracted
from new and changed articles and linked in the same transaction. When a
batch meets a database error it is rolled back and its files are written
again one by one, each in its own transaction: a file is imported whole or
not at all, and only the file at fault fails.

Several imports may run at once on the same files. A batch that loses a race for
a source ID or a slug to another import is written file by file, and a file that
loses one is written again: it then finds the other import's article (unchanged),
or takes a free slug.

Without extraction, a process of its own reads the files (decoding, parsing, the
article's word forms: everything that needs no database) while this one writes:
the batch after the one being written is ready when it is.
"""

import enum
import errno
import multiprocessing
import os
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import partial
from itertools import islice
from pathlib import Path

import django
from django.db import DatabaseError, IntegrityError, connections, router, transaction
from django.utils import timezone

from . import parsing
from .caching import tracking
from .extraction.pipeline import ExtractionFailure
from .extraction.types import Document
from .linking import apply_extraction
from .models import Article

# Files per transaction: with extraction, what the workers extract while this process
# writes the batch before; without, enough that committing (a disk flush) costs little.
BATCH_SIZE = 64
PLAIN_BATCH_SIZE = 500
# From this many files on, without extraction, another process reads them: below, there
# is no batch to read while one is written, and starting the process costs more.
PARALLEL_READING_FROM = PLAIN_BATCH_SIZE + 1
# Writes of a file that lose races with other imports before it is given up.
WRITE_ATTEMPTS = 3
# PostgreSQL's serialization failure and deadlock: another transaction's fault or luck.
_RETRYABLE_SQLSTATES = {"40001", "40P01"}


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    FAILED = "failed"


# The outcomes that wrote an article.
WRITTEN = (Outcome.CREATED, Outcome.UPDATED)


@dataclass(frozen=True)
class ImportResult:
    path: Path
    outcome: Outcome
    article: Article | None = None
    message: str = ""


class ImportPathError(ValueError):
    pass


def find_article_files(paths):
    """(files, skipped): the files named, and every *.txt below the folders named, sorted,
    each once; and a SKIPPED ImportResult for each symbolic link below them not read.

    A path named is read even if it is a link: naming it is the operator's choice (grep -r
    does the same). Below a folder, links never lead out of it (see _folder_files()).
    """
    found, skipped = {}, {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            candidates, passed_over = _folder_files(path)
        elif path.is_file():
            candidates, passed_over = [path], []
        else:
            reason = (path.is_symlink() and _broken_link(path)) or "no such file or folder"
            raise ImportPathError(f"{raw}: {reason}")
        for candidate in candidates:
            found.setdefault(candidate.resolve(), candidate)
        for result in passed_over:
            skipped.setdefault(os.path.abspath(result.path), result)
    return list(found.values()), list(skipped.values())


def _folder_files(folder):
    """(files, skipped) of find_article_files() below `folder`: its files, then the
    links to files inside it that are named *.txt.

    A link to a file inside the folder is followed, as the archive's own shortcut; one
    that leads out of it is not, so that no link can make the import read a file it was
    not given. A link to a folder inside is not walked: that folder's files are found
    where they are, and a link to a parent cannot loop.
    """
    root = Path(os.path.realpath(folder))
    files, links, skipped = [], [], []

    def skip(path, reason):
        skipped.append(ImportResult(path, Outcome.SKIPPED, message=reason))

    for parent, folder_names, file_names in os.walk(folder, followlinks=False):
        for name in folder_names:
            path = Path(parent, name)
            if path.is_symlink() and (target := _outside(path, root)):
                skip(path, f"symbolic link to a folder outside {folder} ({target})")
        for name in file_names:
            path = Path(parent, name)
            article = name.endswith(".txt")
            if not path.is_symlink():
                if article and path.is_file():
                    files.append(path)
            # A link that leads nowhere may have been a folder of articles: reported whatever
            # its name (a link to a file not named *.txt is no more an article than the file).
            elif reason := _broken_link(path):
                skip(path, reason)
            elif article and (target := _outside(path, root)):
                skip(path, f"symbolic link to a file outside {folder} ({target})")
            elif article and path.is_file():
                links.append(path)
    # The files first: of a file and a link to it, the file's own name is kept (it may
    # give the source ID).
    skipped.sort(key=lambda result: result.path)
    return sorted(files) + sorted(links), skipped


def _outside(link, root):
    """The real path of what `link` leads to if it is outside `root` (a real path)."""
    target = Path(os.path.realpath(link))
    return None if target.is_relative_to(root) else target


def _broken_link(link):
    """Why the symbolic link `link` leads to nothing, or ""."""
    try:
        os.stat(link)
    except (FileNotFoundError, NotADirectoryError):
        return f"dangling symbolic link to {os.readlink(link)}"
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop"
        return f"unreadable symbolic link: {error.strerror}"
    return ""


def batched(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def content_fingerprint(article):
    return parsing.fingerprint(article.title, article.lead, article.body)


def summarize(results):
    counts = Counter(result.outcome for result in results)
    return {outcome: counts.get(outcome, 0) for outcome in Outcome}


@dataclass
class _Pending:
    """One file on its way in: parsed, keyed, and maybe with its entities."""

    path: Path
    parsed: parsing.ParsedArticle | None = None
    source_id: str = ""
    error: str = ""
    # The unsaved article the file makes if it is new, when read in another process.
    article: Article | None = None
    document: Document | None = None
    extraction: object = None


def import_files(
    files,
    *,
    dry_run=False,
    on_result=None,
    extractor=None,
    status=Article.Status.PUBLISHED,
    published_at=None,
    source=None,
    overwrite=False,
    max_bytes=parsing.DEFAULT_MAX_BYTES,
    readers=None,
):
    """Import `files`; with `extractor` (an extraction.pipeline.Extractor) link their entities.

    With `dry_run`, everything is rolled back at the end. `readers`: processes that
    read the files while this one writes, without `extractor` only (default: one, on
    a machine of several cores, from PARALLEL_READING_FROM files on).
    """
    files = list(files)
    results = []
    options = {"status": status, "published_at": published_at, "source": source}

    def write(pending, finish_extraction=None):
        if finish_extraction is not None:
            finish_extraction()
        for result in _write_batch(pending, overwrite=overwrite, **options):
            results.append(result)
            if on_result is not None:
                on_result(result)

    if extractor is not None:
        readers = 0  # the extraction workers have the cores
    elif readers is None:
        readers = 1 if len(files) >= PARALLEL_READING_FROM and (os.cpu_count() or 1) > 1 else 0
    size = BATCH_SIZE if extractor is not None else PLAIN_BATCH_SIZE
    with rolled_back() if dry_run else nullcontext(), _reading_pool(readers) as pool:
        # In another process, each file is also made the article it would create: here, only
        # the new ones are, when they are written.
        read_in_pool = partial(_read_files, max_bytes=max_bytes, new_articles=options)
        read_here = partial(_read_files, max_bytes=max_bytes)
        batches = _read_batches(batched(files, size), read_here, read_in_pool, pool)
        if extractor is None:
            writes = ((pending,) for pending in batches)
        else:
            writes = _extracted_one_behind(batches, extractor, published_at)
        for arguments in writes:
            write(*arguments)
    if not dry_run and any(result.outcome in WRITTEN for result in results):
        _refresh_statistics()
    return results


def _extracted_one_behind(batches, extractor, published_at):
    """(batch, its extraction's finish) for each batch, once the next batch's extraction
    has started: the workers extract that one while this process writes this one."""
    previous = None
    for pending in batches:
        started = _start_extraction(pending, extractor, published_at=published_at)
        if previous is not None:
            yield previous
        previous = (pending, started)
    if previous is not None:
        yield previous


def _connection():
    """The connection articles are written through."""
    return connections[router.db_for_write(Article)]


def _refresh_statistics():
    """Let SQLite gather the statistics its query planner needs (PRAGMA optimize).

    SQLite keeps none by itself (PostgreSQL's autovacuum analyzes on its own).
    Without them, after a bulk import of 100,000 articles, the planner read every
    published article for each event to list ten public ones: 2 s instead of 2 ms.
    It costs a fraction of a second, and nothing when nothing changed much.
    """
    connection = _connection()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")


@contextmanager
def _reading_pool(count):
    """A pool of `count` processes that read files, or None for 0."""
    if not count:
        yield None
        return
    # "spawn", as for extraction: the processes start clean, without this one's database
    # connections; each sets Django up (from DJANGO_SETTINGS_MODULE) to make articles.
    pool = ProcessPoolExecutor(
        max_workers=count,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=django.setup,
    )
    try:
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)


def _read_batches(batches, read_here, read_in_pool, pool):
    """The _Pending of each batch of paths, in order.

    With a pool, the batch after the one handed out is read in it meanwhile; the
    first is read here while the pool's processes start.
    """
    if pool is None:
        yield from map(read_here, batches)
        return

    def submit(batch):
        try:
            return batch, pool.submit(read_in_pool, batch)
        except RuntimeError:  # BrokenProcessPool: a process died
            return batch, None

    def result(batch, future):
        try:
            if future is not None:
                return future.result()
        except Exception:
            pass
        # A process that died (killed, out of memory...) left the batch unread: read it
        # here, where a fault of the reading itself is raised again.
        return read_here(batch)

    batches = iter(batches)
    first = next(batches, None)
    if first is None:
        return
    queued = deque(map(submit, islice(batches, 1)))
    yield read_here(first)
    for batch in batches:
        queued.append(submit(batch))
        yield result(*queued.popleft())
    while queued:
        yield result(*queued.popleft())


def _read_files(paths, *, max_bytes, new_articles=None):
    """_Pending for `paths`; with `new_articles` (the options of import_files that make
    one), each file readable is also the article it would create."""
    pending = [_read(Path(path), max_bytes=max_bytes) for path in paths]
    if new_articles is not None:
        for item in pending:
            if item.parsed is not None:
                item.article = new_article(item.parsed, source_id=item.source_id, **new_articles)
    return pending


def _read(path, *, max_bytes):
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise parsing.ParseError(
                f"file is too large: {size} bytes (the limit is {max_bytes} bytes)"
            )
        parsed = parsing.parse_bytes(path.read_bytes(), max_bytes=max_bytes)
    except parsing.ParseError as error:
        return _Pending(path, error=str(error))
    except OSError as error:
        return _Pending(path, error=f"cannot read the file: {error.strerror}")
    source_id = parsing.source_id_from_filename(path.name) or parsing.content_source_id(parsed)
    return _Pending(path, parsed=parsed, source_id=source_id)


def _start_extraction(pending, extractor, *, published_at):
    """Start extracting the files whose text is new to the database; returns a waiter."""
    readable = [item for item in pending if item.parsed is not None]
    stored = {
        source_id: (fingerprint, when)
        for source_id, fingerprint, when in _imported(
            source_id__in=[item.source_id for item in readable]
        ).values_list("source_id", "import_fingerprint", "published_at")
    }
    todo = []
    for item in readable:
        fingerprint, when = stored.get(item.source_id, (None, None))
        if fingerprint == item.parsed.fingerprint:
            continue
        # Relative dates ("в июне текущего года") are read against the article's date.
        published = timezone.localdate(when or published_at or timezone.now())
        item.document = Document(
            item.parsed.title, item.parsed.lead, item.parsed.paragraphs, published=published
        )
        todo.append(item)
    wait = extractor.submit([item.document for item in todo])

    def finish():
        for item, extraction in zip(todo, wait(), strict=True):
            item.extraction = extraction

    return finish


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
            )
            for item in new
        ]
    )
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


def new_article(parsed, *, source_id, source, status, published_at):
    """The unsaved article of `parsed`, its derived fields filled in, its slug not."""
    article = Article(source_id=source_id, status=status, published_at=published_at)
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

    PostgreSQL reads the rows faster than it plans and unpacks an INSERT of them
    (a third less time per article), and psycopg sends them without quoting each
    value into the statement (which cost this process 0.15 ms an article).
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


def upsert_article(parsed, *, source_id, source, status, published_at, overwrite):
    source = parsed.source if source is None else source
    article = _imported(source_id=source_id).select_for_update().first()
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


def fill_content(article, parsed, *, source):
    article.title = parsed.title
    article.lead = parsed.lead
    article.body = parsed.body
    article.source = source
    article.import_fingerprint = parsed.fingerprint


def write_content(article, parsed, *, source):
    fill_content(article, parsed, source=source)
    article.save()


def reextract(articles, *, extractor):
    """Extract stored articles again; yields (article, failure message or "") per article."""
    for batch in batched(articles, BATCH_SIZE):
        documents = [
            Document(
                article.title,
                article.lead,
                tuple(article.paragraphs()),
                published=timezone.localdate(article.published_at or article.created_at),
            )
            for article in batch
        ]
        results = extractor.extract_batch(documents)
        for article, document, extraction in zip(batch, documents, results, strict=True):
            if isinstance(extraction, ExtractionFailure):
                yield article, extraction.message
                continue
            with transaction.atomic():
                apply_extraction(article, extraction, text=document.text)
            yield article, ""


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
