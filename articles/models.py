import re

from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .slugs import unique_slug

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def published_condition(prefix=""):
    """The one rule for what the public may see, as a Q on Article (or via `prefix`)."""
    return Q(
        **{
            f"{prefix}status": Article.Status.PUBLISHED,
            f"{prefix}published_at__lte": timezone.now(),
        }
    )


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_condition())

    def with_visibility(self):
        """Annotate `is_public` (for the admin), using the same rule as published()."""
        return self.annotate(
            is_public=models.ExpressionWrapper(
                published_condition(), output_field=models.BooleanField()
            )
        )


class SluggedModel(models.Model):
    """A model whose slug is filled in from its name once, and then kept stable."""

    slug_source_field = "name"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            manager = type(self)._default_manager
            self.slug = unique_slug(
                getattr(self, self.slug_source_field),
                taken=lambda slug: manager.filter(slug=slug).exclude(pk=self.pk).exists(),
                max_length=self._meta.get_field("slug").max_length,
            )
        super().save(*args, **kwargs)


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
    events = models.ManyToManyField(
        "Event", related_name="articles", blank=True, verbose_name=_("events")
    )
    # Case-folded title, lead and body: case-insensitive search on every
    # database (SQLite's LIKE folds ASCII only, not Cyrillic).
    search_text = models.TextField(editable=False, default="")
    # Fingerprint of the content as the importer last wrote it; an article
    # whose content no longer matches it was edited by someone since.
    import_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    slug_source_field = "title"

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
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
        self.body = self.body.replace("\r\n", "\n").replace("\r", "\n").strip()
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.search_text = "\n".join((self.title, self.lead, self.body)).casefold()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "lead", "body"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article_detail", kwargs={"slug": self.slug})

    def paragraphs(self):
        return [p.strip() for p in PARAGRAPH_BREAK.split(self.body) if p.strip()]


class PersonQuerySet(models.QuerySet):
    def public(self):
        """Persons named in at least one published article."""
        return self.filter(
            Exists(
                ArticlePerson.objects.filter(
                    person=OuterRef("pk"), article__in=Article.objects.published()
                )
            )
        )


class Person(SluggedModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    description = models.CharField(
        _("description"),
        max_length=300,
        blank=True,
        help_text=_("A short description, usually the current position."),
    )
    photo_url = models.URLField(_("photo URL"), blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["name"], name="person_name_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:person_detail", kwargs={"slug": self.slug})


class PersonAlias(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("person")
    )
    name = models.CharField(
        _("written form"),
        max_length=200,
        help_text=_("Another way the name is written, e.g. “Н. Назарбаев”."),
    )

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="person_alias_unique")
        ]
        indexes = [models.Index(fields=["name"], name="person_alias_name_idx")]

    def __str__(self):
        return self.name


class ArticlePerson(models.Model):
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

    class Meta:
        verbose_name = _("person in the article")
        verbose_name_plural = _("persons in the article")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="article_person_unique")
        ]

    def __str__(self):
        return f"{self.person} — {self.role}" if self.role else str(self.person)


class EventQuerySet(models.QuerySet):
    def public(self):
        """Events covered by at least one published article."""
        return self.filter(
            Exists(
                Article.events.through.objects.filter(
                    event=OuterRef("pk"), article__in=Article.objects.published()
                )
            )
        )


class Event(SluggedModel):
    class DatePrecision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")

    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
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

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:event_detail", kwargs={"slug": self.slug})
