"""Page metadata: schema.org JSON-LD documents and the values meta tags share.

The builders take model instances and absolute URLs and return plain dicts;
`json_ld_script` is the only place that turns one into HTML.
"""

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext

from .media import pictures
from .models import Article, Event

# Open Graph wants a territory as well as a language; the site is in Russian only.
OG_LOCALE = "ru_RU"
LANGUAGE = "ru"

# JSON may hold "</script>" or "<!--" inside a string; as \u escapes they stay
# the same JSON value but can no longer end or confuse the <script> element.
HTML_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})

# How much of an event's date the sources give, as ISO 8601 truncations.
# Committed PNGs (static/img/) and their sizes: the image a page without one of its
# own is shared with (Open Graph's 1200 × 630), and the publisher's logo, which
# Google wants no larger than 600 × 60.
DEFAULT_IMAGE = ("img/og-default.png", 1200, 630)
LOGO = ("img/logo.png", 278, 60)
# An article's images in structured data: Google asks for 16:9, 4:3 and 1:1.
ARTICLE_IMAGE_SETS = ("16x9", "4x3", "1x1")

DATE_FORMATS = {
    Event.DatePrecision.DAY: "%Y-%m-%d",
    Event.DatePrecision.MONTH: "%Y-%m",
    Event.DatePrecision.YEAR: "%Y",
}


def site_name():
    return settings.NEWSROOM_SITE_NAME or gettext("Newsroom")


def base_url(request):
    """The scheme and host this request came in on, e.g. "https://news.example.kz"."""
    return request.build_absolute_uri("/").removesuffix("/")


def static_url(path, base_url):
    """The absolute address of a static file (through the static storage: hashed in
    production)."""
    return pictures.absolute(static(path), base_url)


def iso_datetime(value):
    """An aware datetime in the site's time zone, to the second, with its UTC offset."""
    return timezone.localtime(value).isoformat(timespec="seconds")


def iso_date(value, precision):
    return value.strftime(DATE_FORMATS[precision])


def web_url(url):
    """`url` if it is an http(s) address, else "": what a page or the API may hand on.

    The model's URLValidator already refuses other schemes in forms; this holds for
    values written without validation too (the ORM, imports, old rows), so that no
    `javascript:` or `data:` URL ever reaches a page, its metadata or the API.
    """
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return ""
    return url.strip() if scheme in ("http", "https") else ""


def json_ld_script(data):
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(HTML_UNSAFE)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def _compact(data):
    # Empty values say nothing; schema.org consumers prefer them left out.
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def home_url(base_url):
    return base_url + reverse("articles:home")


def publisher(*, base_url):
    path, width, height = LOGO
    return {
        "@type": "Organization",
        "name": site_name(),
        "url": home_url(base_url),
        "logo": {
            "@type": "ImageObject",
            "url": static_url(path, base_url),
            "width": width,
            "height": height,
        },
    }


def share_image(image=None, *, base_url, photo_url="", alt=""):
    """The image a page is shared with (og:image, twitter:image), as a dict of `url`,
    `width`, `height`, `type`, `alt` and `large` (a picture of the page's own, shown
    large): the Open Graph rendition of `image` (a library image) when it is ready,
    else `photo_url` (a person's photo elsewhere, of unknown size), else the site's."""
    og = pictures.largest(image.renditions, "og") if image and image.is_ready else None
    if og is not None:
        return {
            "url": og.absolute_url(base_url),
            "width": og.width,
            "height": og.height,
            "type": og.mime_type,
            "alt": image.alt,
            "large": True,
        }
    if photo := web_url(photo_url or ""):
        return {"url": photo, "alt": alt, "large": False}
    path, width, height = DEFAULT_IMAGE
    return {
        "url": static_url(path, base_url),
        "width": width,
        "height": height,
        "type": "image/png",
        "alt": site_name(),
        "large": False,
    }


def image_urls(image, set_names, *, base_url):
    """The absolute addresses of the largest JPEG of each set of `image` (if ready)."""
    if not image or not image.is_ready:
        return []
    found = (pictures.largest(image.renditions, set_name) for set_name in set_names)
    return [rendition.absolute_url(base_url) for rendition in found if rendition]


def _alternate_names(entity):
    return [alias.name for alias in entity.aliases.all() if alias.name != entity.name]


def _mention(schema_type, entity, base_url):
    return {"@type": schema_type, "name": entity.name, "url": base_url + entity.get_absolute_url()}


def news_article(article, *, base_url, persons, organizations):
    """`persons`, `organizations`: those the article publicly names (the caller decides).
    Its author is the byline's persons, or else its source."""
    url = base_url + article.get_absolute_url()
    authors = [_mention("Person", line.author, base_url) for line in article.byline.all()]
    if not authors and article.source:
        authors = {"@type": "Organization", "name": article.source}
    return _compact(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "description": article.lead,
            "datePublished": iso_datetime(article.published_at),
            "dateModified": iso_datetime(article.updated_at),
            "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "inLanguage": LANGUAGE,
            "image": image_urls(article.lead_image, ARTICLE_IMAGE_SETS, base_url=base_url),
            "author": authors,
            "publisher": publisher(base_url=base_url),
            "articleSection": article.rubric.name,
            "keywords": [tag.name for tag in article.tags.all()],
            "mentions": [
                *(_mention("Person", entity, base_url) for entity in persons),
                *(_mention("Organization", entity, base_url) for entity in organizations),
            ],
        }
    )


def _entity(schema_type, entity, base_url, **details):
    """The document of an entity's page: its names, `details`, its address."""
    return _compact(
        {
            "@context": "https://schema.org",
            "@type": schema_type,
            "name": entity.name,
            "alternateName": _alternate_names(entity),
            **details,
            "url": base_url + entity.get_absolute_url(),
        }
    )


def _entity_image(entity, base_url):
    # The whole picture, as the entity's page shows it (a logo stays uncut).
    return next(iter(image_urls(entity.image, ["full"], base_url=base_url)), None)


def person(person, *, base_url):
    # The library's image wins over the external photo older records have.
    return _entity(
        "Person",
        person,
        base_url,
        description=person.description,
        image=_entity_image(person, base_url) or web_url(person.photo_url),
    )


def organization(organization, *, base_url):
    return _entity(
        "Organization",
        organization,
        base_url,
        description=organization.description,
        image=_entity_image(organization, base_url),
    )


def place(place, *, base_url):
    return _entity("Place", place, base_url, image=_entity_image(place, base_url))


def author_profile(author, *, base_url):
    """The document of an author's page."""
    return _compact(
        {
            "@context": "https://schema.org",
            "@type": "Person",
            "name": author.name,
            "description": author.bio,
            "image": next(iter(image_urls(author.photo, ["full"], base_url=base_url)), None),
            "url": base_url + author.get_absolute_url(),
        }
    )


def event(event, *, base_url):
    start, end = event.start_date, event.end_date
    return _entity(
        "Event",
        event,
        base_url,
        description=event.description,
        startDate=iso_date(start, event.date_precision) if start else None,
        endDate=iso_date(end, event.date_precision) if end and end != start else None,
        location={"@type": "Place", "name": event.place} if event.place else None,
        image=_entity_image(event, base_url),
    )


def breadcrumbs(trail):
    """`trail`: (name, absolute URL) pairs from the front page down to this page."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": str(name), "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def detail_breadcrumbs(obj, *, base_url):
    """Front page → the list of this kind of thing → this page."""
    meta = obj._meta
    return breadcrumbs(
        [
            (site_name(), home_url(base_url)),
            (
                capfirst(meta.verbose_name_plural),
                base_url + reverse(f"{meta.app_label}:{meta.model_name}_list"),
            ),
            (str(obj), base_url + obj.get_absolute_url()),
        ]
    )


def section_trail(obj):
    """(name, path) of the pages below the front page down to an article (through its
    rubric), a rubric, a tag or an author."""
    if isinstance(obj, Article):
        return [
            (obj.rubric.name, obj.rubric.get_absolute_url()),
            (obj.title, obj.get_absolute_url()),
        ]
    return [(obj.name, obj.get_absolute_url())]


def section_breadcrumbs(obj, *, base_url):
    """Front page → (an article's rubric →) this page."""
    return breadcrumbs(
        [
            (site_name(), home_url(base_url)),
            *((name, base_url + path) for name, path in section_trail(obj)),
        ]
    )
