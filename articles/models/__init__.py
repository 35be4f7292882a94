"""The app's models, one module a section; every name is importable from here.

Each submodule imports the ones it builds on (base <- articles <- entities <-
aliases, links), so the models register in the order they were defined in when
this was one module. entities.py reaches the link models only inside its
querysets' methods: links.py imports entities.py.
"""

from .aliases import Alias, EventAlias, OrganizationAlias, PersonAlias, PlaceAlias
from .articles import PARAGRAPH_BREAK, Article, ArticleQuerySet, published_condition
from .base import SluggedModel, _slugs_starting_with
from .entities import (
    EARLIEST,
    RECENT_ARTICLES,
    REVIEW_STATUS_FIELD,
    Entity,
    EntityQuerySet,
    Event,
    EventQuerySet,
    Organization,
    Person,
    PersonQuerySet,
    Place,
    ReviewStatus,
    visible_link_condition,
)
from .links import (
    ArticleEvent,
    ArticleOrganization,
    ArticlePerson,
    ArticlePersonQuerySet,
    ArticlePlace,
    EntityLink,
    LinkQuerySet,
)
from .state import ContentState

__all__ = [
    "EARLIEST",
    "PARAGRAPH_BREAK",
    "RECENT_ARTICLES",
    "REVIEW_STATUS_FIELD",
    "Alias",
    "Article",
    "ArticleEvent",
    "ArticleOrganization",
    "ArticlePerson",
    "ArticlePersonQuerySet",
    "ArticlePlace",
    "ArticleQuerySet",
    "ContentState",
    "Entity",
    "EntityLink",
    "EntityQuerySet",
    "Event",
    "EventAlias",
    "EventQuerySet",
    "LinkQuerySet",
    "Organization",
    "OrganizationAlias",
    "Person",
    "PersonAlias",
    "PersonQuerySet",
    "Place",
    "PlaceAlias",
    "ReviewStatus",
    "SluggedModel",
    "_slugs_starting_with",
    "published_condition",
    "visible_link_condition",
]
