import datetime
import re

from django.conf import settings
from django.core.validators import URLValidator
from django.db import connections, models
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import stemming
from .caching.tracking import TrackedQuerySet
from .slugs import transliterate_slug, unique_slug

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Rankings over "recent" articles fall back to this many of the latest ones.
RECENT_ARTICLES = 500
EARLIEST = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)


def published_condition(prefix=""):
    """The one rule for what the public may see, as a Q on Article (or via `prefix`)."""
    return Q(
        **{
            f"{prefix}status": Article.Status.PUBLISHED,
            f"{prefix}published_at__lte": timezone.now(),
        }
    )


class ArticleQuerySet(TrackedQuerySet):
    def published(self):
        return self.filter(published_condition())

    def without_search_columns(self):
        """Leave out the columns only search reads (as large as the text itself, or more)."""
        return self.defer(*Article.SEARCH_COLUMNS)

    def with_visibility(self):
        """Annotate `is_public` (for the admin), using the same rule as published()."""
        return self.annotate(
            is_public=models.ExpressionWrapper(
                published_condition(), output_field=models.BooleanField()
            )
        )


def _slugs_starting_with(manager, prefix):
    """`manager`'s rows whose slug starts with `prefix`, found by the slug's index.

    SQLite answers Django's `LIKE … ESCAPE` from no index: every look-up read the
    whole table, and an import slowed down as the table grew. It reads a range of
    its byte order from the index; slugs are ASCII (SlugField), so every one
    starting with `prefix` sorts before `prefix` + DEL. PostgreSQL's slug index is
    made for LIKE (varchar_pattern_ops), and its collation need not be byte order.
    """
    if connections[manager.db].vendor == "sqlite":
        return manager.filter(slug__gte=prefix, slug__lt=prefix + "\x7f").order_by()
    return manager.filter(slug__startswith=prefix).order_by()


class SluggedModel(models.Model):
    """A model whose slug is filled in from its name once, and then kept stable."""

    slug_source_field = "name"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug(taken=())
        super().save(*args, **kwargs)

    @classmethod
    def fill_slugs(cls, instances):
        """Give new `instances` (for bulk_create) free, distinct slugs: one query when their
        plain slugs are free, as they nearly always are."""
        max_length = cls._meta.get_field("slug").max_length
        # (instance, slug) pairs: unsaved instances cannot be dictionary keys.
        wanted = [
            (
                instance,
                transliterate_slug(getattr(instance, cls.slug_source_field), max_length=max_length),
            )
            for instance in instances
            if not instance.slug
        ]
        taken = set(
            cls._default_manager.filter(slug__in={slug for _, slug in wanted}).values_list(
                "slug", flat=True
            )
        )
        for instance, slug in wanted:
            instance.slug = slug if slug not in taken else instance._unique_slug(taken=taken)
            taken.add(instance.slug)

    def _unique_slug(self, *, taken):
        """A free slug for this instance, not in the database nor in `taken`."""
        manager = type(self)._default_manager
        return unique_slug(
            getattr(self, self.slug_source_field),
            taken_with_prefix=lambda prefix: [
                *_slugs_starting_with(manager, prefix)
                .exclude(pk=self.pk)
                .values_list("slug", flat=True),
                *(slug for slug in taken if slug.startswith(prefix)),
            ],
            max_length=self._meta.get_field("slug").max_length,
        )


class Article(SluggedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("The address of the article; filled in from the title when left empty."),
    )
    lead = models.TextField(_("lead"))
    body = models.TextField(_("body"), help_text=_("Paragraphs separated by a blank line."))
    source = models.CharField(_("source"), max_length=100, blank=True)
    source_id = models.CharField(
        _("source ID"),
        max_length=64,
        blank=True,
        help_text=_("The article's identifier at its source; the importer's key."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_(
            "A time in the future schedules the article: it stays hidden until then. "
            "Publishing without a time uses the current time."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    persons = models.ManyToManyField(
        "Person",
        through="ArticlePerson",
        related_name="articles",
        blank=True,
        verbose_name=_("persons"),
    )
    organizations = models.ManyToManyField(
        "Organization",
        through="ArticleOrganization",
        related_name="articles",
        blank=True,
        verbose_name=_("organizations"),
    )
    places = models.ManyToManyField(
        "Place",
        through="ArticlePlace",
        related_name="articles",
        blank=True,
        verbose_name=_("places"),
    )
    events = models.ManyToManyField(
        "Event",
        through="ArticleEvent",
        related_name="articles",
        blank=True,
        verbose_name=_("events"),
    )
    extracted_at = models.DateTimeField(
        _("entities extracted"), null=True, blank=True, editable=False
    )
    # Case-folded title, lead and body: case-insensitive search on every
    # database (SQLite's LIKE folds ASCII only, not Cyrillic).
    search_text = models.TextField(editable=False, default="")
    # The word forms of the title, lead and body (articles/stemming.py), which
    # search reads on every database (on PostgreSQL through the generated
    # vectors of migration 0008). Only save() fills them in: the project never
    # changes title, lead or body with QuerySet.update() or bulk_update().
    title_stems = models.TextField(editable=False, default="")
    lead_stems = models.TextField(editable=False, default="")
    body_stems = models.TextField(editable=False, default="")
    # Fingerprint of the content as the importer last wrote it; an article
    # whose content no longer matches it was edited by someone since.
    import_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    slug_source_field = "title"
    SEARCH_COLUMNS = ("search_text", "title_stems", "lead_stems", "body_stems")

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        # Authors write drafts; publishing takes this permission (migration 0006).
        permissions = [("publish_article", _("Can publish articles"))]
        constraints = [
            models.UniqueConstraint(
                fields=["source_id"],
                condition=~Q(source_id=""),
                name="article_unique_source_id",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]),
                name="article_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_pub_idx"),
            models.Index(fields=["-published_at", "-id"], name="article_pub_order_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "lead", "body"} & set(update_fields):
            kwargs["update_fields"] = {
                *update_fields,
                "search_text",
                "title_stems",
                "lead_stems",
                "body_stems",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article_detail", kwargs={"slug": self.slug})

    def clean(self):
        # Before the constraints are validated: publishing without a time means now.
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def fill_derived_fields(self):
        """What save() keeps in step with the content; bulk_create callers call it first."""
        self.body = self.body.replace("\r\n", "\n").replace("\r", "\n").strip()
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.search_text = "\n".join((self.title, self.lead, self.body)).casefold()
        self.title_stems = stemming.document(self.title)
        self.lead_stems = stemming.document(self.lead)
        self.body_stems = stemming.document(self.body)

    def paragraphs(self):
        return [p.strip() for p in PARAGRAPH_BREAK.split(self.body) if p.strip()]


class ReviewStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


def visible_link_condition(prefix=""):
    """Which article–entity links the public sees.

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
        """Entities the public may see: visible themselves, and named in a published article."""
        model = self.model
        links = model.link_model().objects.filter(
            visible_link_condition(),
            published_condition("article__"),
            # Each link model names its entity after the entity's model.
            **{model._meta.model_name: OuterRef("pk")},
        )
        return self.filter(model.visible_condition(), Exists(links))


class Entity(SluggedModel):
    """A person, organization, place or event that articles name."""

    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    review_status = models.CharField(_("review"), **REVIEW_STATUS_FIELD)

    objects = EntityQuerySet.as_manager()

    # Events found by the extractor stay hidden until an editor approves them;
    # persons, organizations and places are public unless rejected.
    requires_approval = False
    link_model_name = None
    url_name = None

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(f"articles:{self.url_name}", kwargs={"slug": self.slug})

    @classmethod
    def link_model(cls):
        return cls._meta.apps.get_model("articles", cls.link_model_name)

    @classmethod
    def alias_model(cls):
        """The model of this kind's other names (PersonAlias, …)."""
        return cls._meta.get_field("aliases").related_model

    @classmethod
    def visible_condition(cls, prefix=""):
        if cls.requires_approval:
            return Q(**{f"{prefix}review_status": ReviewStatus.APPROVED})
        return ~Q(**{f"{prefix}review_status": ReviewStatus.REJECTED})

    def all_names(self):
        # Through .all(), so that a prefetch of the aliases serves it.
        return [self.name, *(alias.name for alias in self.aliases.all())]


class PersonQuerySet(EntityQuerySet):
    def named_with(self, person, articles):
        """Other persons named in `articles` (IDs, e.g. `person`'s latest: see
        LinkQuerySet.latest_articles), most often first.

        `shared_articles` counts those articles; only visible links count.
        """
        links = ArticlePerson.objects.public().filter(article__in=articles)
        # Named in a visible link of a published article: public (EntityQuerySet.public).
        return (
            self.exclude(pk=person.pk)
            .filter(self.model.visible_condition(), article_links__in=links)
            .annotate(shared_articles=Count("article_links"))
            .order_by("-shared_articles", "name", "pk")
        )

    def most_mentioned(self, *, since, count, latest=RECENT_ARTICLES):
        """The `count` persons named in most published articles since `since`, or in the
        `latest` published articles when fewer than `count` were named since then.

        `mentions` counts the articles; `mentions_are_recent` says which period it covers.
        Either period is a range of publication times, which the database reads from its
        index: the work does not grow with the archive.

        Two queries, whatever the data: "is there a count-th person named since
        `since`?", then the persons. (Asked inside the one query, PostgreSQL answered
        that question twice, for the filter and for `mentions_are_recent`: at 100,000
        articles, 19 of the query's 26 ms.)
        """
        recent = ArticlePerson.objects.published().filter(article__published_at__gte=since)
        count_th = recent.order_by().values("person").distinct()[count - 1 : count]
        enough_recent = len(count_th) == 1
        if enough_recent:
            start = Value(since)
        else:
            oldest_latest = (
                Article.objects.published()
                .order_by("-published_at", "-pk")
                .values("published_at")[latest - 1 : latest]
            )
            start = Coalesce(Subquery(oldest_latest), Value(EARLIEST))
        prefix = "article_links__"
        # Named in a visible link of a published article: public (EntityQuerySet.public).
        return (
            self.filter(
                self.model.visible_condition(),
                visible_link_condition(prefix),
                published_condition(f"{prefix}article__"),
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
        IDs) gives each person in a visible link, or None."""
        roles = (
            ArticlePerson.objects.public()
            .filter(person=OuterRef("pk"), article__in=articles)
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

    link_model_name = "ArticlePerson"
    url_name = "person_detail"

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["name"], name="person_name_idx")]


class Organization(Entity):
    description = models.CharField(_("description"), max_length=300, blank=True)

    link_model_name = "ArticleOrganization"
    url_name = "organization_detail"

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["name"], name="organization_name_idx")]


class Place(Entity):
    name = models.CharField(_("name"), max_length=200)

    link_model_name = "ArticlePlace"
    url_name = "place_detail"

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["name"], name="place_name_idx")]


class EventQuerySet(EntityQuerySet):
    def upcoming(self, today):
        return self.filter(start_date__gte=today).order_by("start_date", "name", "pk")

    def past(self, today):
        return self.filter(start_date__lt=today).order_by("-start_date", "name", "pk")

    def of_person(self, person, articles):
        """Events `person` takes part in, or that `articles` (IDs of articles naming them,
        e.g. their latest: see LinkQuerySet.latest_articles) name."""
        links = ArticleEvent.objects.public().filter(article__in=articles)
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

    requires_approval = True
    link_model_name = "ArticleEvent"
    url_name = "event_detail"

    class Meta:
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


class Alias(models.Model):
    """Another written form of an entity's name ("Н. Назарбаев", "ШОС")."""

    name = models.CharField(_("written form"), max_length=300)

    objects = TrackedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name", "pk"]
        verbose_name = _("other name")
        verbose_name_plural = _("other names")

    def __str__(self):
        return self.name


class PersonAlias(Alias):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("person")
    )

    class Meta(Alias.Meta):
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="person_alias_unique")
        ]
        indexes = [models.Index(fields=["name"], name="person_alias_name_idx")]


class OrganizationAlias(Alias):
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="aliases",
        verbose_name=_("organization"),
    )

    class Meta(Alias.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="organization_alias_unique"
            )
        ]
        indexes = [models.Index(fields=["name"], name="organization_alias_name_idx")]


class PlaceAlias(Alias):
    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("place")
    )

    class Meta(Alias.Meta):
        constraints = [models.UniqueConstraint(fields=["place", "name"], name="place_alias_unique")]
        indexes = [models.Index(fields=["name"], name="place_alias_name_idx")]


class EventAlias(Alias):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("event")
    )

    class Meta(Alias.Meta):
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="event_alias_unique")]
        indexes = [models.Index(fields=["name"], name="event_alias_name_idx")]


class LinkQuerySet(TrackedQuerySet):
    def public(self):
        """Links the public sees (whether their article is published is judged apart)."""
        entity = self.model.entity_field
        entity_model = self.model._meta.get_field(entity).related_model
        return self.filter(
            visible_link_condition(), entity_model.visible_condition(prefix=f"{entity}__")
        )

    def published(self):
        """The links readers see: public links in published articles."""
        return self.public().filter(published_condition("article__"))

    def latest_articles(self, count):
        """The IDs of these links' latest `count` articles: what a page says about an
        entity named in thousands of articles comes from the latest ones."""
        return list(
            self.order_by("-article__published_at", "-article__pk").values_list(
                "article", flat=True
            )[:count]
        )


class EntityLink(models.Model):
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

    entity_field = None

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self):
        return str(self.entity)

    @property
    def entity(self):
        return getattr(self, self.entity_field)


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

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="person_links", verbose_name=_("article")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="article_links", verbose_name=_("person")
    )
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
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="organization_links",
        verbose_name=_("article"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="article_links",
        verbose_name=_("organization"),
    )

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
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="place_links", verbose_name=_("article")
    )
    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="article_links", verbose_name=_("place")
    )

    entity_field = "place"

    class Meta(EntityLink.Meta):
        verbose_name = _("place in the article")
        verbose_name_plural = _("places in the article")
        constraints = [
            models.UniqueConstraint(fields=["article", "place"], name="article_place_unique")
        ]


class ArticleEvent(EntityLink):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="event_links", verbose_name=_("article")
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="article_links", verbose_name=_("event")
    )

    entity_field = "event"

    class Meta(EntityLink.Meta):
        verbose_name = _("event in the article")
        verbose_name_plural = _("events in the article")
        constraints = [
            models.UniqueConstraint(fields=["article", "event"], name="article_event_unique")
        ]


class ContentState(models.Model):
    """The content version (articles/caching/version.py): one row, never edited by hand."""

    version = models.BigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)
    # The publication time of the next scheduled article, when the version must change.
    next_change_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")
        default_permissions = ()

    def __str__(self):
        return str(self.version)
