"""Library images on the site's pages: {% picture %} and {% figure %}.

Each takes a layout (articles.media.pictures.LAYOUTS: "lead", "figure", "card",
"entity") that says which set, widths and sizes the place shows, and renders
nothing for an image that is missing or whose renditions are not made.
"""

from django import template

from articles.media import pictures

register = template.Library()


def _picture(image, layout):
    if not image or not image.is_ready:
        return None
    return pictures.picture(image.renditions, layout)


@register.inclusion_tag("includes/picture.html")
def picture(image, layout, alt=None):
    """{% picture article.lead_image "card" %}: the <picture> alone."""
    found = _picture(image, layout)
    return {"picture": found, "alt": image.alt if alt is None and found else alt}


@register.inclusion_tag("includes/figure.html")
def figure(image, layout, caption=None, alt=None, css_class="figure"):
    """{% figure image "lead" %}: the <picture> in a <figure>, its caption (the image's
    own unless `caption` is given) and the image's credit."""
    found = _picture(image, layout)
    if found is None:
        return {"picture": None}
    return {
        "picture": found,
        "alt": image.alt if alt is None else alt,
        "caption": image.caption if caption is None else caption,
        "credit": image.credit,
        "css_class": css_class,
    }
