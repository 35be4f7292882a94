"""Import throughput, with and without entity extraction (a script, not a timed test)."""

import secrets
import shutil
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

from .importing import Outcome, import_files


def make_corpus(directory, *, count, templates):
    """`count` article files cycling through `templates`, each with its own source ID."""
    texts = [Path(template).read_bytes() for template in templates]
    files = []
    for number in range(count):
        path = Path(directory) / f"{number:06d}_{secrets.token_hex(8)}.txt"
        path.write_bytes(texts[number % len(texts)])
        files.append(path)
    return files


def measure_import(files, *, extractor):
    """Seconds to import `files` (rolled back afterwards), and how many were created."""
    started = time.perf_counter()
    results = import_files(files, dry_run=True, extractor=extractor)
    seconds = time.perf_counter() - started
    return seconds, sum(result.outcome == Outcome.CREATED for result in results)


def run(*, count, templates, workers):
    """Rows (mode, articles, seconds, articles per second) for each way of importing."""
    from .extraction.pipeline import Extractor

    directory = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    try:
        files = make_corpus(directory, count=count, templates=templates)
        modes = [
            ("without extraction", nullcontext(None)),
            ("with extraction, in the importing process", Extractor(0)),
            (f"with extraction, {workers} worker process(es)", Extractor(workers)),
        ]
        rows = []
        for mode, context in modes:
            with context as extractor:
                if extractor is not None:
                    # Model loading is a one-off per process: keep it out of the rate.
                    extractor.extract_batch(_warm_up_documents(max(1, extractor.workers)))
                seconds, created = measure_import(files, extractor=extractor)
            rows.append((mode, created, seconds, created / seconds if seconds else 0.0))
        return rows
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _warm_up_documents(count):
    from .extraction.types import Document

    return [Document("Прогрев", "Модели загружаются.", ("Астана.",)) for _ in range(count * 2)]


def format_table(rows):
    lines = ["| import | articles | seconds | articles/s |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| {mode} | {n} | {s:.2f} | {rate:.1f} |" for mode, n, s, rate in rows]
    return "\n".join(lines)
