"""What revision history (django-reversion) keeps: articles with their links to
persons, organizations, places and events; and every entity with its aliases.

A version is written wherever a revision is open: every save in the admin
(reversion's VersionAdmin), and the admin's publish and unpublish actions.
The derived search columns and the importer's fingerprint are left out: they
follow from the content, and the admin's "restore" saves the article again,
which fills them in.
"""

import reversion

from .models import Article, Event, Organization, Person, Place

ARTICLE_LINKS = ("person_links", "organization_links", "place_links", "event_links")


def register():
    """Idempotent: the admin calls it on import (before reversion's VersionAdmin
    would register the models with its defaults), the app config when ready."""
    if reversion.is_registered(Article):
        return
    reversion.register(
        Article,
        exclude=[*Article.SEARCH_COLUMNS, "import_fingerprint"],
        follow=ARTICLE_LINKS,
    )
    for entity in (Person, Organization, Place, Event):
        reversion.register(entity.link_model())
        reversion.register(entity, follow=("aliases",))
        reversion.register(entity.alias_model())
