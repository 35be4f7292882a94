"""Russian entity extraction: persons with roles, organizations, places, events.

Pure Python (no Django, no ORM). The NLP models load lazily, once per process,
on first use; importing this package loads nothing.
"""
