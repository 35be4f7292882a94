"""Rubrics, tags and authors as the site shows them: which have pages (and feeds and
sitemap entries), which articles each files, and what their pages are called."""

from django.db.models import Q
from django.utils.translation import gettext

from .models import Author, Rubric, Tag

# The Article field that files an article under a rubric, a tag or an author.
SECTION_FIELDS = {Rubric: "rubric", Tag: "tags", Author: "authors"}


def public_sections(model):
    """The rubrics, tags or authors that have pages, feeds and sitemap entries: every
    rubric (a section of the site, empty or not); only the tags and authors of a public
    article, since one of a draft's alone would tell of the draft."""
    if model is Tag:
        return Tag.objects.used()
    if model is Author:
        return Author.objects.with_public_articles()
    return Rubric.objects.all()


def in_section(model, section):
    """A condition on Article: filed under `section`, a rubric, tag or author of `model`
    (or an expression giving one's key, such as OuterRef("pk"))."""
    return Q(**{SECTION_FIELDS[model]: section})


def heading(section):
    """What a rubric's, tag's or author's articles are called: their page's heading and
    their feed's title."""
    if isinstance(section, Tag):
        return gettext("Articles tagged “%(name)s”") % {"name": section.name}
    if isinstance(section, Author):
        return gettext("Articles by %(name)s") % {"name": section.name}
    return section.name


def description(section):
    """Their page's description and their feed's: the editors' own words if any."""
    if isinstance(section, Rubric):
        return section.description or gettext("Articles of the rubric “%(name)s”.") % {
            "name": section.name
        }
    own = section.bio if isinstance(section, Author) else ""
    return own or f"{heading(section)}."
