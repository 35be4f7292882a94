"""Persons, organizations, places and events, their querysets, and the review status."""

import datetime

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .articles import Article, public_article_condition
from .base import SluggedModel
from .tracking import TrackedQuerySet

# Rankings over "recent" articles fall back to this many of the latest ones.
RECENT_ARTICLES = 500
EARLIEST = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)


class ReviewStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


def public_link_condition(prefix=""):
    """Which article–entity links the public may see by their own review status, as a
    Q on a link model (or via `prefix`); their entity and article are judged apart.

    Approved links always; links the extractor suggested too, unless the project
    does not trust the extractor (NEWSROOM_PUBLISH_SUGGESTED_LINKS); rejected never.
    """
    statuses = [ReviewStatus.APPROVED]
    if settings.NEWSROOM_PUBLISH_SUGGESTED_LINKS:
        statuses.append(ReviewStatus.SUGGESTED)
    return Q(**{f"{prefix}review_status__in": statuses})


REVIEW_STATUS_FIELD = {
    "max_length": 16,
    "choices": ReviewStatus.choices,
    "default": ReviewStatus.APPROVED,
    "db_index": True,
}


class EntityQuerySet(TrackedQuerySet):
    def public(self):
        """Entities the public may see: public themselves (Entity.public_condition), and
        named by a public link in a public article."""
        model = self.model
        links = (
            model.link_model()
            .objects.filter(public_link_condition(), public_article_condition("article__"))
            .of(OuterRef("pk"))
        )
        return self.filter(model.public_condition(), Exists(links))


class Entity(SluggedModel):
    """A person, organization, place or event that articles name."""

    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    review_status = models.CharField(_("review"), **REVIEW_STATUS_FIELD)
    image = models.ForeignKey(
        "Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="%(model_name)ss",
        verbose_name=_("image"),
        help_text=_("From the media library: a portrait, a logo, a photo of the place."),
    )

    objects = EntityQuerySet.as_manager()

    # Events the extractor found stay hidden until an editor approves them; so do
    # new persons, organizations and places unless NEWSROOM_PUBLISH_NEW_ENTITIES.
    always_requires_approval = False
    url_name = None

    class Meta:
        abstract = True
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["name"], name="%(class)s_name_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(f"articles:{self.url_name}", kwargs={"slug": self.slug})

    @classmethod
    def link_model(cls):
        """The model of this kind's links to articles (ArticlePerson, …)."""
        return cls._meta.get_field("article_links").related_model

    @classmethod
    def alias_model(cls):
        """The model of this kind's other names (PersonAlias, …)."""
        return cls._meta.get_field("aliases").related_model

    @classmethod
    def requires_approval(cls):
        return cls.always_requires_approval or not settings.NEWSROOM_PUBLISH_NEW_ENTITIES

    @classmethod
    def public_condition(cls, prefix=""):
        """Whether the entity's own review status lets the public see it, as a Q (or via
        `prefix`); where it is named is judged apart (EntityQuerySet.public).

        An approved entity always; a suggested one (new to the extractor, not yet
        reviewed) only where approval is not required; a rejected one never."""
        if cls.requires_approval():
            return Q(**{f"{prefix}review_status": ReviewStatus.APPROVED})
        return ~Q(**{f"{prefix}review_status": ReviewStatus.REJECTED})

    def public_links(self):
        """This entity's links the public may see (LinkQuerySet.public)."""
        return self.link_model().objects.public().of(self)

    def all_names(self):
        # Through .all(), so that a prefetch of the aliases serves it.
        return [self.name, *(alias.name for alias in self.aliases.all())]


class PersonQuerySet(EntityQuerySet):
    def named_with(self, person, articles):
        """Other persons named in `articles` (IDs, e.g. `person`'s latest: see
        LinkQuerySet.latest_articles), most often first.

        `shared_articles` counts those articles; only public links count.
        """
        links = self.model.link_model().objects.public_if_article_is().filter(article__in=articles)
        # Named in a public link of a public article: public (EntityQuerySet.public).
        return (
            self.exclude(pk=person.pk)
            .filter(self.model.public_condition(), article_links__in=links)
            .annotate(shared_articles=Count("article_links"))
            .order_by("-shared_articles", "name", "pk")
        )

    def most_mentioned(self, *, since, count, latest=RECENT_ARTICLES):
        """The `count` persons named in most public articles since `since`, or in the
        `latest` public articles when fewer than `count` were named since then.

        `mentions` counts the articles; `mentions_are_recent` says which period it covers.
        Either period is a range of publication times, which the database reads from its
        index: the work does not grow with the archive.

        Two queries, whatever the data: "is there a count-th person named since
        `since`?", then the persons. (Asked inside the one query, PostgreSQL answered
        that question twice, for the filter and for `mentions_are_recent`.)
        """
        recent = self.model.link_model().objects.public().filter(article__published_at__gte=since)
        count_th = recent.order_by().values("person").distinct()[count - 1 : count]
        enough_recent = len(count_th) == 1
        if enough_recent:
            start = Value(since)
        else:
            oldest_latest = (
                Article.objects.public()
                .order_by("-published_at", "-pk")
                .values("published_at")[latest - 1 : latest]
            )
            start = Coalesce(Subquery(oldest_latest), Value(EARLIEST))
        prefix = "article_links__"
        # Named in a public link of a public article: public (EntityQuerySet.public).
        return (
            self.filter(
                self.model.public_condition(),
                public_link_condition(prefix),
                public_article_condition(f"{prefix}article__"),
                **{f"{prefix}article__published_at__gte": start},
            )
            .annotate(
                mentions=Count("article_links"),
                mentions_are_recent=Value(enough_recent, output_field=models.BooleanField()),
            )
            .order_by("-mentions", "name", "pk")[:count]
        )

    def with_role_in(self, articles):
        """Annotate `role`: the latest role that any of `articles` (a queryset of article
        IDs, of public articles) gives each person in a public link, or None."""
        roles = (
            self.model.link_model()
            .objects.public_if_article_is()
            .of(OuterRef("pk"))
            .filter(article__in=articles)
            .exclude(role="")
            .order_by("-article__published_at", "-pk")
            .values("role")[:1]
        )
        return self.annotate(role=Subquery(roles))


class Person(Entity):
    name = models.CharField(_("name"), max_length=200)
    description = models.CharField(
        _("description"),
        max_length=300,
        blank=True,
        help_text=_("A short description, usually the current position."),
    )
    # A web address only: it becomes an <img> and Open Graph tags on public pages.
    photo_url = models.URLField(
        _("photo URL"), blank=True, validators=[URLValidator(schemes=["http", "https"])]
    )

    objects = PersonQuerySet.as_manager()

    url_name = "person_detail"

    class Meta(Entity.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("persons")


class Organization(Entity):
    description = models.CharField(_("description"), max_length=300, blank=True)

    url_name = "organization_detail"

    class Meta(Entity.Meta):
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")


class Place(Entity):
    name = models.CharField(_("name"), max_length=200)

    url_name = "place_detail"

    class Meta(Entity.Meta):
        verbose_name = _("place")
        verbose_name_plural = _("places")


class EventQuerySet(EntityQuerySet):
    def upcoming(self, today):
        return self.filter(start_date__gte=today).order_by("start_date", "name", "pk")

    def past(self, today):
        return self.filter(start_date__lt=today).order_by("-start_date", "name", "pk")

    def of_person(self, person, articles):
        """Events `person` takes part in, or that `articles` (IDs of articles naming them,
        e.g. their latest: see LinkQuerySet.latest_articles) name."""
        links = self.model.link_model().objects.public_if_article_is().filter(article__in=articles)
        participations = self.model.participants.through.objects.filter(person=person)
        # Subqueries rather than joins: an event found both ways is listed once.
        return self.filter(
            Q(pk__in=links.values("event")) | Q(pk__in=participations.values("event"))
        )


class Event(Entity):
    class DatePrecision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")

    place = models.CharField(_("place"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_(
            "How much of the dates the sources give: the day, only the month, or the year."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    participants = models.ManyToManyField(
        Person, related_name="events", blank=True, verbose_name=_("participants")
    )

    objects = EventQuerySet.as_manager()

    always_requires_approval = True
    url_name = "event_detail"

    class Meta(Entity.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = [F("start_date").desc(nulls_last=True), "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="event_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(date_precision__in=["day", "month", "year"]),
                name="event_date_precision_valid",
            ),
        ]
        indexes = [models.Index(fields=["-start_date", "name"], name="event_start_name_idx")]


# The kinds of entity, in the order pages and the importer take them.
ENTITY_MODELS = (Person, Organization, Place, Event)
