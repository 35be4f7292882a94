"""The extraction pipeline gives the same answers in worker processes as in this one."""

from datetime import date

from articles.extraction.pipeline import ExtractionFailure, Extractor, extract_or_fail
from articles.extraction.types import Document
from articles.text.parsing import parse_bytes

from ..factories import SEED


def seed_document():
    parsed = parse_bytes(SEED.read_bytes())
    return Document(parsed.title, parsed.lead, parsed.paragraphs, published=date(2017, 4, 10))


def test_worker_processes_extract_what_this_process_extracts():
    documents = [
        seed_document(),
        Document("Заголовок", "Лид.", ("Касым-Жомарт Токаев прибыл в Москву.",)),
    ]
    here = [extract_or_fail(document) for document in documents]

    with Extractor(workers=1) as extractor:
        wait = extractor.submit(documents)
        there = wait()

    assert there == here
    assert [person.name for person in there[1].persons] == ["Касым-Жомарт Токаев"]


def test_an_extractor_error_fails_that_document_only(monkeypatch):
    from articles.extraction import pipeline

    def broken(document):
        if document.title == "Сломанный":
            raise ValueError("boom")
        return pipeline.Extraction()

    monkeypatch.setattr(pipeline, "extract", broken)
    results = Extractor(workers=0).extract_batch(
        [Document("Сломанный", "Лид.", ("Текст.",)), Document("Целый", "Лид.", ("Текст.",))]
    )
    assert results == [ExtractionFailure("ValueError: boom"), pipeline.Extraction()]
