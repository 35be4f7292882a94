"""Extracting the entities of stored articles again, and linking them."""

from django.db import transaction
from django.utils import timezone

from ..extraction.pipeline import ExtractionFailure
from ..extraction.types import Document
from .linking import apply_extraction
from .pipeline import BATCH_SIZE, batched


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
        # The content as it was read: a save meanwhile makes the next extraction due.
        fingerprints = {article.pk: article.content_fingerprint() for article in batch}
        results = extractor.extract_batch(documents)
        for article, document, extraction in zip(batch, documents, results, strict=True):
            if isinstance(extraction, ExtractionFailure):
                yield article, extraction.message
                continue
            with transaction.atomic():
                apply_extraction(
                    article, extraction, text=document.text, fingerprint=fingerprints[article.pk]
                )
            yield article, ""
