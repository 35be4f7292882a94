"""Readable ASCII slugs for Russian names and titles."""

from slugify import slugify

MAX_SLUG_LENGTH = 80


def transliterate_slug(text, *, max_length=MAX_SLUG_LENGTH):
    """ "Нурсултан Назарбаев" -> "nursultan-nazarbaev"; never empty."""
    return slugify(text, max_length=max_length, word_boundary=True) or "item"


def unique_slug(text, *, taken, max_length=MAX_SLUG_LENGTH):
    """The transliterated slug, suffixed -2, -3, ... until `taken(slug)` is false."""
    base = transliterate_slug(text, max_length=max_length)
    slug, number = base, 1
    while taken(slug):
        number += 1
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
    return slug
