"""The links between articles and the entities they name."""

from django.db import models
from django.db.models import Max, Min
from django.utils.translation import gettext_lazy as _

from .articles import Article, public_article_condition
from .base import OwnedByEntity, owner_key
from .entities import (
    REVIEW_STATUS_FIELD,
    Event,
    Organization,
    Person,
    Place,
    public_link_condition,
)
from .tracking import TrackedQuerySet


class LinkQuerySet(TrackedQuerySet):
    def of(self, entity):
        """The links naming `entity` (an entity, its pk, or an OuterRef to one)."""
        return self.filter(**{self.model.entity_field: entity})

    def of_any(self, entities):
        """The links naming any of `entities` (entities or their pks)."""
        return self.filter(**{f"{self.model.entity_field}__in": entities})

    def public_if_article_is(self):
        """Links the public sees wherever it sees their article: judged by the link's and
        its entity's review status only, for articles already known to be public."""
        entity = self.model.entity_field
        entity_model = self.model._meta.get_field(entity).related_model
        return self.filter(
            public_link_condition(), entity_model.public_condition(prefix=f"{entity}__")
        )

    def public(self):
        """Links the public may see: public_if_article_is(), in public articles."""
        return self.public_if_article_is().filter(public_article_condition("article__"))

    def latest_articles(self, count):
        """The IDs of these links' latest `count` articles: what a page says about an
        entity named in thousands of articles comes from the latest ones."""
        return list(
            self.order_by("-article__published_at", "-article__pk").values_list(
                "article", flat=True
            )[:count]
        )


class EntityLink(OwnedByEntity, models.Model):
    """An entity as one article names it, and what the editors decided about that."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, verbose_name=_("article"))
    review_status = models.CharField(_("review"), **REVIEW_STATUS_FIELD)
    confidence = models.FloatField(
        _("confidence"), null=True, blank=True, help_text=_("The extractor's confidence, 0–1.")
    )
    evidence = models.TextField(
        _("source text"), blank=True, help_text=_("Where the extractor found it.")
    )

    objects = LinkQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self):
        return str(self.entity)


class ArticlePersonQuerySet(LinkQuerySet):
    def roles(self):
        """Each role these links state, with the first and last publication times of the
        articles stating it (`first_stated`, `last_stated`), the latest first."""
        return (
            self.exclude(role="")
            .values("role")
            .annotate(
                first_stated=Min("article__published_at"), last_stated=Max("article__published_at")
            )
            .order_by("-last_stated", "role")
        )


class ArticlePerson(EntityLink):
    """A person as one article names them, with the role that article gives them."""

    article = owner_key(Article, "person_links")
    person = owner_key(Person, "article_links")
    role = models.CharField(
        _("role"),
        max_length=300,
        blank=True,
        help_text=_("The position as this article states it, e.g. “Президент Казахстана”."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ArticlePersonQuerySet.as_manager()

    entity_field = "person"

    class Meta:
        verbose_name = _("person in the article")
        verbose_name_plural = _("persons in the article")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="article_person_unique")
        ]

    def __str__(self):
        return f"{self.person} — {self.role}" if self.role else str(self.person)


class ArticleOrganization(EntityLink):
    article = owner_key(Article, "organization_links")
    organization = owner_key(Organization, "article_links")

    entity_field = "organization"

    class Meta(EntityLink.Meta):
        verbose_name = _("organization in the article")
        verbose_name_plural = _("organizations in the article")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "organization"], name="article_organization_unique"
            )
        ]


class ArticlePlace(EntityLink):
    article = owner_key(Article, "place_links")
    place = owner_key(Place, "article_links")

    entity_field = "place"

    class Meta(EntityLink.Meta):
        verbose_name = _("place in the article")
        verbose_name_plural = _("places in the article")
        constraints = [
            models.UniqueConstraint(fields=["article", "place"], name="article_place_unique")
        ]


class ArticleEvent(EntityLink):
    article = owner_key(Article, "event_links")
    event = owner_key(Event, "article_links")

    entity_field = "event"

    class Meta(EntityLink.Meta):
        verbose_name = _("event in the article")
        verbose_name_plural = _("events in the article")
        constraints = [
            models.UniqueConstraint(fields=["article", "event"], name="article_event_unique")
        ]


# The link models, in the order of ENTITY_MODELS.
LINK_MODELS = (ArticlePerson, ArticleOrganization, ArticlePlace, ArticleEvent)
