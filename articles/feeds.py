"""RSS and Atom feeds of the latest articles, of those naming an entity, and of those
of a rubric, tag or author.

Each item carries the lead as its summary and the whole body as HTML (RSS's
content:encoded, Atom's content), figures as plain <img>; the lead image is the
item's enclosure, and in RSS a Media RSS media:content as well. Its author is the
byline (or the source), its categories the rubric and the tags.
"""

import copy

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext

from . import sections, seo
from .media import pictures
from .models import Article
from .seo import site_name
from .views import prefetch_byline_and_tags, with_body_parts

FEED_ARTICLES = 30
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
MEDIA_NAMESPACE = "http://search.yahoo.com/mrss/"


class RssFeed(Rss201rev2Feed):
    """RSS 2.0 with the body (content:encoded) and the lead image (media:content)."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": CONTENT_NAMESPACE,
            "xmlns:media": MEDIA_NAMESPACE,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        if media := item.get("media"):
            handler.startElement("media:content", media["attributes"])
            if media["credit"]:
                handler.addQuickElement("media:credit", media["credit"])
            if media["description"]:
                handler.addQuickElement("media:description", media["description"])
            handler.endElement("media:content")


class AtomFeed(Atom1Feed):
    """Atom with the body as the entry's content (HTML)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


def latest_title():
    return f"{gettext('Latest news')} — {site_name()}"


def entity_title(entity):
    return f"{entity.name} — {site_name()}"


def section_title(section):
    return f"{sections.heading(section)} — {site_name()}"


class ArticlesFeed(Feed):
    """The latest public articles, newest first."""

    feed_type = RssFeed
    # The article's address: its slug is kept when the title changes.
    item_guid_is_permalink = True

    def __init__(self, feed_type=None):
        if feed_type is not None:
            self.feed_type = feed_type

    def get_feed(self, obj, request):
        # One feed object answers every request (urls.py makes it once): the address the
        # request came in on, which the body's and enclosures' URLs need, goes on a copy.
        feed = copy.copy(self)
        feed.base_url = seo.base_url(request)
        return super(ArticlesFeed, feed).get_feed(obj, request)

    def title(self):
        return self.as_text(latest_title())

    def link(self):
        return reverse("articles:home")

    def description(self, obj):
        return gettext(
            "News from Kazakhstan and the region: articles, the people in them "
            "and the events they report."
        )

    # Atom calls the description a subtitle.
    def subtitle(self, obj):
        return self.description(obj)

    def author_name(self):
        return site_name()

    def items(self):
        return self.with_media(Article.objects.public())

    def with_media(self, articles):
        """The first FEED_ARTICLES of `articles`, with their lead images and bodies'
        figures, rubrics, bylines and tags."""
        articles = (
            articles.without_search_columns()
            .select_related("lead_image", "rubric")
            .prefetch_related(*prefetch_byline_and_tags())
        )
        return with_body_parts(list(articles[:FEED_ARTICLES]))

    def as_text(self, text):
        """`text` as the feed format reads it: Atom declares its titles, names and
        subtitles plain text; RSS readers often take them as HTML, so they are
        escaped there (a second time, once as XML), as Django does item titles."""
        return text if issubclass(self.feed_type, Atom1Feed) else escape(text)

    def item_title(self, item):
        return self.as_text(item.title)

    def item_description(self, item):
        # Feed readers take the description as HTML; the lead is plain text.
        return escape(item.lead)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        # The byline in its order; an article without one is its source's.
        names = ", ".join(line.author.name for line in item.byline.all()) or item.source
        return self.as_text(names) if names else None

    def item_categories(self, item):
        return [
            self.as_text(item.rubric.name),
            *(self.as_text(tag.name) for tag in item.tags.all()),
        ]

    def lead_rendition(self, item):
        """The lead image's largest 16:9 JPEG, or None."""
        image = item.lead_image
        return pictures.largest(image.renditions, "16x9") if image and image.is_ready else None

    def item_enclosures(self, item):
        rendition = self.lead_rendition(item)
        if rendition is None:
            return []
        # RSS requires a length; 0 where the storage cannot tell it.
        url = rendition.absolute_url(self.base_url)
        return [Enclosure(url, str(rendition.size()), rendition.mime_type)]

    def item_extra_kwargs(self, item):
        extra = {"content_html": pictures.plain_html(item.body_parts, base_url=self.base_url)}
        if (rendition := self.lead_rendition(item)) is not None:
            extra["media"] = {
                "attributes": {
                    "url": rendition.absolute_url(self.base_url),
                    "type": rendition.mime_type,
                    "medium": "image",
                    "width": str(rendition.width),
                    "height": str(rendition.height),
                },
                "credit": item.lead_image.credit,
                "description": item.lead_image.alt,
            }
        return extra


class ObjectArticlesFeed(ArticlesFeed):
    """The latest public articles of one object of `model` (by slug), linked to its page."""

    def __init__(self, model, feed_type=None):
        super().__init__(feed_type)
        self.model = model

    def link(self, obj):
        return obj.get_absolute_url()


class EntityArticlesFeed(ObjectArticlesFeed):
    """The latest public articles that publicly name one person, event, organization
    or place; 404 unless that entity is public."""

    def get_object(self, request, slug):
        return get_object_or_404(self.model.objects.public(), slug=slug)

    def title(self, obj):
        return self.as_text(entity_title(obj))

    def description(self, obj):
        return self.as_text(gettext("Articles that name %(name)s.") % {"name": obj.name})

    def items(self, obj):
        return self.with_media(Article.objects.filter(pk__in=obj.public_links().values("article")))


class SectionArticlesFeed(ObjectArticlesFeed):
    """The latest public articles of a rubric, tag or author; 404 unless it has a page
    (sections.public_sections: a tag or author of no public article has none)."""

    def get_object(self, request, slug):
        return get_object_or_404(sections.public_sections(self.model), slug=slug)

    def title(self, obj):
        return self.as_text(section_title(obj))

    def description(self, obj):
        return self.as_text(sections.description(obj))

    def items(self, obj):
        return self.with_media(
            Article.objects.public().filter(sections.in_section(self.model, obj))
        )


FEED_TYPES = {"rss": RssFeed, "atom": AtomFeed}
