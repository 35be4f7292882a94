"""Rubrics (the site's sections, one main rubric an article) and tags (free
editorial topics, any number an article)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .articles import public_article_condition
from .base import SluggedModel


class RubricQuerySet(models.QuerySet):
    def default(self):
        """The rubric of articles given none (NEWSROOM_DEFAULT_RUBRIC, by name), made if
        it is missing: an imported or scripted article always has one."""
        # get_or_create: two imports at once may both find it missing.
        return self.get_or_create(name=settings.NEWSROOM_DEFAULT_RUBRIC)[0]

    def by_name_or_slug(self, value):
        """The rubric with the slug `value`, or named `value` in any case, or None.
        The names are compared here: SQLite folds the case of ASCII letters only."""
        value = value.strip()
        wanted = value.casefold()
        return next(
            (
                rubric
                for rubric in self.order_by("pk")
                if rubric.slug == value or rubric.name.casefold() == wanted
            ),
            None,
        )


class Rubric(SluggedModel):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Shown on the rubric's page.")
    )
    position = models.PositiveSmallIntegerField(
        _("position"),
        default=0,
        help_text=_("The site's menu lists the rubrics by this number, lowest first."),
    )

    objects = RubricQuerySet.as_manager()

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:rubric_detail", kwargs={"slug": self.slug})


class TagQuerySet(models.QuerySet):
    def used(self):
        """Tags of at least one public article (pages, sitemaps, the article page)."""
        return self.filter(
            pk__in=Tag.articles.through.objects.filter(
                public_article_condition("article__")
            ).values("tag")
        )


class Tag(SluggedModel):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:tag_detail", kwargs={"slug": self.slug})
