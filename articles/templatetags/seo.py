from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django_filters import FilterSet

from articles import feeds, paging, seo
from articles.models import Article, Author, Event, Organization, Person, Place, Rubric, Tag
from articles.paging import KeysetPage

register = template.Library()

ENTITY_JSON_LD = {
    Person: seo.person,
    Organization: seo.organization,
    Place: seo.place,
    Event: seo.event,
}
# The pages of a rubric, tag or author: their own feeds and titles, and breadcrumbs from the
# front page straight to them (an article's go through its rubric), not through a list.
SECTIONS = (Rubric, Tag, Author)

# The URL name suffix, media type and label of each feed format.
FEED_FORMATS = [("rss", "application/rss+xml", "RSS"), ("atom", "application/atom+xml", "Atom")]


class CaptureNode(template.Node):
    # Lets {% block %} tags inside be found and overridden by child templates.
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # Rendered template output is already escaped.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())
        return ""


@register.tag
def capture(parser, token):
    """{% capture name %}…{% endcapture %}: render once, then use {{ name }} anywhere after.

    base.html renders each page's title and description block once for <title>,
    the description and the Open Graph and Twitter tags.
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument, a variable name.")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])


@register.simple_tag
def site_name():
    return seo.site_name()


@register.simple_tag
def og_locale():
    return seo.OG_LOCALE


@register.filter
def iso_datetime(value):
    return seo.iso_datetime(value) if value else ""


@register.filter
def web_url(url):
    """{{ person.photo_url|web_url }}: the URL if it is http(s), else ""."""
    return seo.web_url(url or "")


@register.simple_tag(takes_context=True)
def share_image(context, image=None, photo_url="", alt=""):
    """{% share_image page_image page_photo_url page_image_alt as og %}: the image the
    page is shared with (articles.seo.share_image): its own, or the site's."""
    return seo.share_image(
        image or None, base_url=seo.base_url(context["request"]), photo_url=photo_url, alt=alt
    )


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's address without a query string, except where a list's page starts."""
    request = context["request"]
    url = request.build_absolute_uri(request.path)
    filterset = context.get("filter")
    if isinstance(filterset, FilterSet) and any(
        filterset.data.get(name) for name in filterset.filters
    ):
        # A filtered selection is a view of the list, not a page of its own.
        return url
    page_obj = context.get("page_obj")
    if page_obj is None:
        return url
    if isinstance(page_obj, KeysetPage):
        # The page's own position: ?after= or ?before= as asked.
        position = {
            name: request.GET[name]
            for name in (paging.AFTER, paging.BEFORE)
            if page_obj.has_previous() and request.GET.get(name)
        }
        return f"{url}?{urlencode(position)}" if position else url
    if page_obj.number > 1:
        return f"{url}?page={page_obj.number}"
    return url


@register.simple_tag
def feed_links(entity=None):
    """<link rel="alternate"> to the RSS and Atom feeds of the latest articles, or of
    the latest articles naming `entity`, or of a rubric's, tag's or author's."""
    if entity is None:
        prefix, kwargs, title = "article", {}, feeds.latest_title()
    else:
        prefix, kwargs = entity._meta.model_name, {"slug": entity.slug}
        if isinstance(entity, SECTIONS):
            title = feeds.section_title(entity)
        else:
            title = feeds.entity_title(entity)
    return format_html_join(
        "\n  ",
        '<link rel="alternate" type="{}" title="{} ({})" href="{}">',
        (
            (media_type, title, label, reverse(f"articles:{prefix}_feed_{suffix}", kwargs=kwargs))
            for suffix, media_type, label in FEED_FORMATS
        ),
    )


@register.simple_tag(takes_context=True)
def json_ld(context, obj):
    """The schema.org description of an article, entity or author page, and its
    breadcrumbs; a rubric's or tag's page has its breadcrumbs alone."""
    url = seo.base_url(context["request"])
    if isinstance(obj, Article):
        # The public links, as the article view prefetches them: what the page shows.
        data = seo.news_article(
            obj,
            base_url=url,
            persons=[link.person for link in obj.public_person_links],
            organizations=[link.organization for link in obj.public_organization_links],
        )
    elif isinstance(obj, Author):
        data = seo.author_profile(obj, base_url=url)
    elif isinstance(obj, SECTIONS):
        data = None
    else:
        data = ENTITY_JSON_LD[type(obj)](obj, base_url=url)
    if isinstance(obj, (Article, *SECTIONS)):
        crumbs = seo.section_breadcrumbs(obj, base_url=url)
    else:
        crumbs = seo.detail_breadcrumbs(obj, base_url=url)
    if data is None:
        return seo.json_ld_script(crumbs)
    return format_html("{}\n  {}", seo.json_ld_script(data), seo.json_ld_script(crumbs))
