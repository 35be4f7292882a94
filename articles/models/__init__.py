"""The app's models, one module a section; every name is importable from here.

Each submodule imports the ones it builds on (base <- articles <- entities <-
aliases, links), so the models register in the order they were defined in when
this was one module. entities.py reaches the link models through the reverse
relation (Entity.link_model()): links.py imports entities.py.
"""

from .aliases import Alias, EventAlias, OrganizationAlias, PersonAlias, PlaceAlias
from .articles import PARAGRAPH_BREAK, Article, ArticleQuerySet, public_article_condition
from .authors import ArticleAuthor, Author, AuthorQuerySet
from .base import SluggedModel, _slugs_starting_with
from .entities import (
    EARLIEST,
    ENTITY_MODELS,
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
    public_link_condition,
)
from .images import Image, ImageQuerySet
from .links import (
    LINK_MODELS,
    ArticleEvent,
    ArticleOrganization,
    ArticlePerson,
    ArticlePersonQuerySet,
    ArticlePlace,
    EntityLink,
    LinkQuerySet,
)
from .previews import PreviewLink, PreviewLinkQuerySet
from .state import ContentState
from .taxonomy import Rubric, RubricQuerySet, Tag, TagQuerySet
from .top_stories import TopStory, TopStoryQuerySet
from .workflow import EditorialNote

__all__ = [
    "EARLIEST",
    "ENTITY_MODELS",
    "LINK_MODELS",
    "PARAGRAPH_BREAK",
    "RECENT_ARTICLES",
    "REVIEW_STATUS_FIELD",
    "Alias",
    "Article",
    "ArticleAuthor",
    "ArticleEvent",
    "ArticleOrganization",
    "ArticlePerson",
    "ArticlePersonQuerySet",
    "ArticlePlace",
    "ArticleQuerySet",
    "Author",
    "AuthorQuerySet",
    "ContentState",
    "EditorialNote",
    "Entity",
    "EntityLink",
    "EntityQuerySet",
    "Event",
    "EventAlias",
    "EventQuerySet",
    "Image",
    "ImageQuerySet",
    "LinkQuerySet",
    "Organization",
    "OrganizationAlias",
    "Person",
    "PersonAlias",
    "PersonQuerySet",
    "Place",
    "PlaceAlias",
    "PreviewLink",
    "PreviewLinkQuerySet",
    "ReviewStatus",
    "Rubric",
    "RubricQuerySet",
    "SluggedModel",
    "Tag",
    "TagQuerySet",
    "TopStory",
    "TopStoryQuerySet",
    "_slugs_starting_with",
    "public_article_condition",
    "public_link_condition",
]
