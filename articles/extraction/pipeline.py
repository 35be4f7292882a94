"""The whole extractor: one document in, every kind of entity out; many documents on all cores."""

import dataclasses
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from .types import Document, Extraction


def extract(document: Document) -> Extraction:
    from .entities import extract_entities
    from .events import find_events

    found = extract_entities(document)
    events = find_events(document, organizations=found.organizations, places=found.places)
    return dataclasses.replace(found, events=events)


@dataclasses.dataclass(frozen=True)
class ExtractionFailure:
    """What an extractor error on one document leaves, so the others go on."""

    message: str


def extract_or_fail(document: Document) -> Extraction | ExtractionFailure:
    try:
        return extract(document)
    except Exception as error:
        return ExtractionFailure(f"{type(error).__name__}: {error}")


def warm_up() -> None:
    """Load the models now rather than on the first document."""
    extract(Document("Подготовка", "Модели загружаются.", ("Астана, Казахстан.",)))


class Extractor:
    """Extracts batches of documents in this process (`workers=0`), or in `workers` processes.

    Use as a context manager: the worker processes live until it closes.
    """

    def __init__(self, workers: int = 0):
        self.workers = max(0, workers)
        self._pool = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def extract_batch(self, documents) -> list[Extraction | ExtractionFailure]:
        return self.submit(documents)()

    def submit(self, documents):
        """Start extracting `documents`; returns a function that waits for the results.

        With worker processes the work goes on while the caller does something
        else (the importer writes the previous batch meanwhile).
        """
        documents = list(documents)
        if self.workers == 0 or not documents:
            return lambda: [extract_or_fail(document) for document in documents]
        if self._pool is None:
            # "spawn": the workers start clean, without the parent's database
            # connections or threads, and load the models once each.
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=warm_up,
            )
        chunk = max(1, len(documents) // (self.workers * 4))
        results = self._pool.map(extract_or_fail, documents, chunksize=chunk)
        return lambda: list(results)
