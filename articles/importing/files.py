"""Finding the article files to import, and reading them.

Below a folder, symbolic links are followed only to files inside it. Reading a file
(decoding, parsing, the article it would create) needs no database, so that another
process may read the next batch while this one writes.
"""

import errno
import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import django

from ..extraction.types import Document
from ..models import Article
from ..text import parsing
from .results import ImportResult, Outcome
from .writer import new_article


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
