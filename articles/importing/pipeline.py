"""import_files(): read the files in batches, extract their entities, write them.

With extraction, the workers extract the next batch while this process writes
this one. Without, a process of its own reads the files while this one writes:
the batch after the one being written is ready when it is.
"""

import os
from contextlib import contextmanager, nullcontext
from functools import partial
from itertools import islice

from django.db import transaction
from django.utils import timezone

from ..extraction.types import Document
from ..models import Article, Rubric
from ..text import parsing
from . import writer
from .files import _read_batches, _read_files, _reading_pool
from .results import WRITTEN
from .writer import _imported, _refresh_statistics, _write_batch

# Files per transaction: with extraction, what the workers extract while this process
# writes the batch before; without, enough that committing (a disk flush) costs little.
BATCH_SIZE = 64
PLAIN_BATCH_SIZE = 500
# From this many files on, without extraction, another process reads them: below, there
# is no batch to read while one is written, and starting the process costs more.
PARALLEL_READING_FROM = PLAIN_BATCH_SIZE + 1


def batched(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


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
    rubric=None,
):
    """Import `files`; with `extractor` (an extraction.pipeline.Extractor) link their entities.

    New articles go into `rubric` (default: Rubric.objects.default()); articles
    imported before keep theirs. With `dry_run`, everything is rolled back at the
    end. `readers`: processes that read the files while this one writes, without
    `extractor` only (default: one, on a machine of several cores, from
    PARALLEL_READING_FROM files on).
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
        # Once per run, here: the reading processes make articles without the database.
        options["rubric_id"] = (rubric or Rubric.objects.default()).pk
        # In another process, each file is also made the article it would create: here, only
        # the new ones are, when they are written.
        read_in_pool = partial(_read_files, max_bytes=max_bytes, new_articles=options)
        read_here = partial(_read_files, max_bytes=max_bytes)
        batches = _read_batches(batched(files, size), read_here, read_in_pool, pool)
        if extractor is None:
            writes = ((pending,) for pending in batches)
        else:
            writes = _extracted_one_behind(batches, extractor, published_at)
        # The importer extracts what it writes (or was told not to): no task for it.
        with writer.writing():
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


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
