"""Importing article files: finding and reading them (files.py), writing them
(writer.py) in batches (pipeline.py), linking their extracted entities to
records (linking.py) and their bylines to authors (authors.py); reextract.py
extracts stored articles again.
"""

from .files import ImportPathError, find_article_files
from .pipeline import import_files
from .reextract import reextract
from .results import ImportResult, Outcome, summarize

__all__ = [
    "ImportPathError",
    "ImportResult",
    "Outcome",
    "find_article_files",
    "import_files",
    "reextract",
    "summarize",
]
