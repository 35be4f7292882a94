"""Readable ASCII slugs for Russian names and titles."""

from slugify import slugify

MAX_SLUG_LENGTH = 80


def transliterate_slug(text, *, max_length=MAX_SLUG_LENGTH):
    """ "Нурсултан Назарбаев" -> "nursultan-nazarbaev"; never empty."""
    # The backend named: "auto" tries to import Unidecode (GPL, not installed) on every call.
    slug = slugify(text, max_length=max_length, word_boundary=True, backend="text-unidecode")
    return slug or "item"


def unique_slug(text, *, taken_with_prefix, max_length=MAX_SLUG_LENGTH):
    """The transliterated slug, suffixed -2, -3, ... if needed to be free.

    `taken_with_prefix(prefix)` returns the slugs in use that start with `prefix`:
    one look-up, however many articles share a title.
    """
    base = transliterate_slug(text, max_length=max_length)
    stem = base[: max_length - 8].rstrip("-")
    taken = set(taken_with_prefix(stem))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{stem}-{number}" if len(base) > len(stem) else f"{base}-{number}"
    return slug
