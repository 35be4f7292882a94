"""Authors: the people who write the articles (never the persons the articles name),
and each article's byline, in order."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .articles import public_article_condition
from .base import SluggedModel


class AuthorQuerySet(models.QuerySet):
    def with_public_articles(self):
        return self.filter(
            pk__in=ArticleAuthor.objects.filter(public_article_condition("article__")).values(
                "author"
            )
        )


class Author(SluggedModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    bio = models.TextField(_("short bio"), blank=True)
    photo = models.ForeignKey(
        "Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authors",
        verbose_name=_("photo"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        verbose_name=_("staff user"),
        help_text=_("The account of the author in the admin, if they have one."),
    )

    objects = AuthorQuerySet.as_manager()

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author_detail", kwargs={"slug": self.slug})


class ArticleAuthor(models.Model):
    """One name of an article's byline; the lowest position comes first."""

    article = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="byline", verbose_name=_("article")
    )
    author = models.ForeignKey(
        Author, on_delete=models.PROTECT, related_name="bylines", verbose_name=_("author")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("author of the article")
        verbose_name_plural = _("authors of the article")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="byline_author_once")
        ]

    def __str__(self):
        return str(self.author)
