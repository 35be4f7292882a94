"""Sentences: the templates, clauses, quotes and fillers articles are written from.

The sentences are data, in phrases.toml next to this module; the numbers that decide how
often each kind of sentence is used stay here.
"""

import tomllib
from importlib import resources

_DATA = tomllib.loads(resources.files(__package__).joinpath("phrases.toml").read_text("utf-8"))

CLAUSES = tuple(_DATA["clauses"])
FILLERS = tuple(_DATA["fillers"])
FILLER_OPENINGS = tuple(_DATA["filler_openings"])
QUOTES = tuple(_DATA["quotes"])
TITLE_TOPICS = tuple(_DATA["title_topics"])
TITLE_VERBS = tuple(_DATA["title_verbs"])
# A person's mention, by the case the sentence puts them in ("nomn": "{r} заявил{a}, …").
PERSON_TEMPLATES = {case: tuple(texts) for case, texts in _DATA["person_templates"].items()}
FIRST_MENTION_CASES = ("nomn", "nomn", "nomn", "gent", "datv", "ablt")
LEAD_TEMPLATES = tuple(_DATA["lead_templates"])
ORGANIZATION_TEMPLATES = tuple(_DATA["organization_templates"])
PLACE_TEMPLATES = tuple(_DATA["place_templates"])
EVENT_TEMPLATES = {tense: tuple(texts) for tense, texts in _DATA["event_templates"].items()}
PARAGRAPH_SIZES = (1, 2, 3, 4)
PARAGRAPH_SIZE_WEIGHTS = (15, 35, 35, 15)


PERSON_COUNTS = ((1, 2, 3, 4, 5), (30, 30, 20, 12, 8))
ORGANIZATION_COUNTS = ((0, 1, 2, 3), (30, 35, 25, 10))
PLACE_COUNTS = ((1, 2), (65, 35))
EVENT_SHARE = 0.3
# How a person is named after the first mention (always the full name, with the role).
LATER_STYLES = (("full", "initial", "surname", "role"), (25, 35, 25, 15))
