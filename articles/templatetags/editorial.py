"""The admin index's editorial tags: what waits for an editor."""

from django import template

from articles.models import Article

register = template.Library()


@register.simple_tag
def waiting_for_review():
    """The number of articles submitted for review."""
    return Article.objects.filter(status=Article.Status.REVIEW).count()
