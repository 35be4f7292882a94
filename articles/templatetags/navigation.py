"""The site's navigation: the rubrics in the header and a page's breadcrumbs."""

from django import template
from django.urls import reverse
from django.utils.translation import pgettext

from articles import seo
from articles.models import Rubric

register = template.Library()


@register.inclusion_tag("includes/rubric_menu.html", takes_context=True)
def rubric_menu(context):
    """{% rubric_menu %}: every rubric, in the editors' order (one query), the current
    one marked."""
    request = context.get("request")
    return {
        "rubrics": Rubric.objects.only("name", "slug"),
        "current_path": request.path if request else "",
    }


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(obj):
    """{% breadcrumbs article %}: the front page, (an article's rubric,) this page, as
    seo.section_breadcrumbs gives them to search engines."""
    home = (pgettext("breadcrumbs", "Home"), reverse("articles:home"))
    *above, (current, _) = [home, *seo.section_trail(obj)]
    return {"links": above, "current": current}
