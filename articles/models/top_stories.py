"""Top stories («Главное»): the few articles editors choose, in their order, for the
home page to lead with. The choice stays until an editor changes it; an article
taken off the site leaves it (apps.py), and one not yet public is not shown."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .articles import Article, is_public_expression, public_article_condition


class TopStoryQuerySet(models.QuerySet):
    def annotate_public(self):
        """`is_public`: whether readers see the article now (the one rule of Article)."""
        return self.annotate(is_public=is_public_expression("article__"))

    def shown(self):
        """The top stories readers see, in the editors' order."""
        return self.filter(public_article_condition("article__")).order_by("position", "pk")


class TopStory(models.Model):
    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="top_story", verbose_name=_("article")
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("The top story is the one with the lowest number.")
    )

    objects = TopStoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("top story")
        verbose_name_plural = _("top stories")
        ordering = ["position", "pk"]

    def __str__(self):
        return str(self.article)
