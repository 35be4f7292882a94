"""Bylines of imported articles: the author names a file gives, made Author records
(found by name, or created) and linked to the article in the file's order."""

from ..models import ArticleAuthor, Author


def add_bylines(bylines):
    """Give each saved article of `bylines` ((article, names) pairs) those authors, in
    order, inside the caller's transaction; the articles must have no byline yet.

    An author is the one whose name is the same but for case (the oldest of several),
    else a new one. Authors are few (staff and contributors), so their names are read
    once and compared here: SQLite's LIKE and lower() fold ASCII letters only.
    """
    bylines = [(article, names) for article, names in bylines if names]
    if not bylines:
        return
    known = {}
    for author in Author.objects.only("pk", "name").order_by("pk"):
        known.setdefault(_key(author.name), author)
    new = {}
    for _, names in bylines:
        for name in names:
            key = _key(name)
            if key not in known and key not in new:
                new[key] = Author(name=name)
    if new:
        Author.fill_slugs(new.values())
        Author.objects.bulk_create(new.values())
        known.update(new)
    rows = []
    for article, names in bylines:
        # Two spellings of one name are one author, named once (a byline's rows are unique).
        authors = {known[_key(name)].pk: known[_key(name)] for name in names}
        rows += [
            ArticleAuthor(article=article, author=author, position=position)
            for position, author in enumerate(authors.values())
        ]
    ArticleAuthor.objects.bulk_create(rows)


def _key(name):
    return " ".join(name.split()).casefold()
