"""The article, its queryset, and the rule for which articles the public may see."""

from django.db import models, router
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..text import parsing, richtext, stemming
from .base import SluggedModel
from .tracking import TrackedQuerySet

PARAGRAPH_BREAK = richtext.PARAGRAPH_BREAK


def public_article_condition(prefix=""):
    """The one rule for which articles the public may see (published, and their
    publication time has come), as a Q on Article (or via `prefix`)."""
    return Q(
        **{
            f"{prefix}status": Article.Status.PUBLISHED,
            f"{prefix}published_at__lte": timezone.now(),
        }
    )


def is_public_expression(prefix=""):
    """public_article_condition as a boolean value (an annotation), on Article or on a
    model pointing at one via `prefix`."""
    return models.ExpressionWrapper(
        public_article_condition(prefix), output_field=models.BooleanField()
    )


def rubrics():
    """The rubrics' manager: taxonomy.py builds on this module, not this one on it."""
    return Article._meta.get_field("rubric").related_model.objects


class ArticleQuerySet(TrackedQuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if any(article.rubric_id is None for article in objs):
            # As save() does: an article given no rubric goes into the default one.
            default = rubrics().using(self.db).default()
            for article in objs:
                if article.rubric_id is None:
                    article.rubric = default
        return super().bulk_create(objs, *args, **kwargs)

    def public(self):
        """Articles the public may see (public_article_condition)."""
        return self.filter(public_article_condition())

    def without_search_columns(self):
        """Leave out the columns only search reads (as large as the text itself, or more)."""
        return self.defer(*Article.SEARCH_COLUMNS)

    def with_is_public(self):
        """Annotate `is_public` (for the admin), by the same rule as public()."""
        return self.annotate(is_public=is_public_expression())


class Article(SluggedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("The address of the article; filled in from the title when left empty."),
    )
    lead = models.TextField(_("lead"))
    # The editor's HTML, sanitized on every save (articles/text/richtext.py): pages
    # print it as it is stored.
    body = models.TextField(_("body"))
    # The body's text, a blank line between its blocks: what search, snippets,
    # extraction and feeds' summaries read. Only save() fills it in.
    body_text = models.TextField(_("body text"), editable=False, default="")
    lead_image = models.ForeignKey(
        "Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead_articles",
        verbose_name=_("lead image"),
        help_text=_("Shown above the article, on cards and when the article is shared."),
    )
    credit = models.CharField(
        _("photo credit"),
        max_length=200,
        blank=True,
        help_text=_("Whose photos the article shows, when the lead image does not say."),
    )
    rubric = models.ForeignKey(
        "Rubric",
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("rubric"),
        help_text=_("The article's section: its page, menu and feeds list it."),
    )
    tags = models.ManyToManyField(
        "Tag", related_name="articles", blank=True, verbose_name=_("tags")
    )
    authors = models.ManyToManyField(
        "Author",
        through="ArticleAuthor",
        related_name="articles",
        blank=True,
        verbose_name=_("authors"),
    )
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
    # The word forms of the title, lead and body (articles/text/stemming.py), which
    # search reads on every database (on PostgreSQL through the generated
    # vectors of migration 0008). Only save() fills them in: the project never
    # changes title, lead or body with QuerySet.update() or bulk_update().
    title_stems = models.TextField(editable=False, default="")
    lead_stems = models.TextField(editable=False, default="")
    body_stems = models.TextField(editable=False, default="")
    # Fingerprint of the content as the importer last wrote it; an article
    # whose content no longer matches it was edited by someone since.
    import_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # Fingerprint of the content the entities were last extracted from: when the
    # content's own differs, an extraction is due (articles/tasks.py).
    extracted_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

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
                condition=Q(status__in=["draft", "review", "published", "unpublished"]),
                name="article_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
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
        if self.rubric_id is None:
            # Of the database written to: a default on the field would query the default one.
            using = kwargs.get("using") or router.db_for_write(Article, instance=self)
            self.rubric = rubrics().using(using).default()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "lead", "body"} & set(update_fields):
            kwargs["update_fields"] = {
                *update_fields,
                "body",
                "body_text",
                "search_text",
                "title_stems",
                "lead_stems",
                "body_stems",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article_detail", kwargs={"slug": self.slug})

    def content_fingerprint(self):
        """The fingerprint of the title, lead and body's text (what a file gives, its
        paragraphs, whatever markup holds them); derived fields must be filled in."""
        return parsing.fingerprint(self.title, self.lead, self.body_text)

    @property
    def extraction_due(self):
        return self.content_fingerprint() != self.extracted_fingerprint

    def clean(self):
        # Before the constraints are validated: publishing without a time means now.
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def fill_derived_fields(self):
        """What save() keeps in step with the content; bulk_create callers call it first."""
        body = self.body.replace("\r\n", "\n").replace("\r", "\n")
        # A body without the editor's blocks is plain text (files, scripts, the
        # benchmark): its paragraphs become <p>, escaped, as the migration made them.
        if not richtext.looks_like_html(body):
            body = richtext.from_plain_text(body)
        self.body = richtext.sanitize(body)
        self.body_text = richtext.to_text(self.body)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.search_text = "\n".join((self.title, self.lead, self.body_text)).casefold()
        self.title_stems = stemming.document(self.title)
        self.lead_stems = stemming.document(self.lead)
        self.body_stems = stemming.document(self.body_text)

    def paragraphs(self):
        """The body's text, a paragraph (a block of the HTML) each."""
        return [p.strip() for p in PARAGRAPH_BREAK.split(self.body_text) if p.strip()]

    def body_segments(self):
        """The body as sanitized HTML and figures, in order (richtext.segments)."""
        return richtext.segments(self.body)
