"""What revision history (django-reversion) keeps: articles with their links to
persons, organizations, places and events and their byline (their rubric and tags
are fields of theirs); every entity with its aliases; rubrics, tags and authors.

A version is written wherever a revision is open: every save in the admin
(reversion's VersionAdmin), and the admin's publish and unpublish actions.
The derived search columns and the importer's and extractor's fingerprints are left out: they
follow from the content, and the admin's "restore" saves the article again,
which fills them in.
"""

import reversion

from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Event,
    Organization,
    Person,
    Place,
    Rubric,
    Tag,
)

ARTICLE_LINKS = ("person_links", "organization_links", "place_links", "event_links")
BYLINE = ("byline",)
ENTITY_NAMES = ("aliases",)
ENTITIES = (Person, Organization, Place, Event)


def followed(model):
    """The relations whose rows a version of `model` holds with it."""
    if issubclass(model, Article):
        return ARTICLE_LINKS + BYLINE
    return ENTITY_NAMES if model in ENTITIES else ()


def belonging_to(obj):
    """The rows that a version of `obj` holds with it, as they are now."""
    return [row for name in followed(type(obj)) for row in getattr(obj, name).all()]


def register():
    """Idempotent: the admin calls it on import (before reversion's VersionAdmin
    would register the models with its defaults), the app config when ready."""
    if reversion.is_registered(Article):
        return
    reversion.register(
        Article,
        exclude=[*Article.SEARCH_COLUMNS, "import_fingerprint", "extracted_fingerprint"],
        follow=followed(Article),
    )
    for entity in ENTITIES:
        reversion.register(entity.link_model())
        reversion.register(entity, follow=followed(entity))
        reversion.register(entity.alias_model())
    reversion.register(ArticleAuthor)
    for model in (Rubric, Tag, Author):
        reversion.register(model)
