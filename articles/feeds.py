from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext

from .models import Article
from .seo import site_name

FEED_ARTICLES = 30


def latest_title():
    return f"{gettext('Latest news')} — {site_name()}"


def entity_title(entity):
    return f"{entity.name} — {site_name()}"


class ArticlesFeed(Feed):
    """The latest public articles, newest first."""

    feed_type = Rss201rev2Feed
    # The article's address: its slug is kept when the title changes.
    item_guid_is_permalink = True

    def __init__(self, feed_type=None):
        if feed_type is not None:
            self.feed_type = feed_type

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
        return Article.objects.public().without_search_columns()[:FEED_ARTICLES]

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
        return self.as_text(item.source) if item.source else None


class EntityArticlesFeed(ArticlesFeed):
    """The latest public articles that publicly name one person, event, organization
    or place; 404 unless that entity is public."""

    def __init__(self, model, feed_type=None):
        super().__init__(feed_type)
        self.model = model

    def get_object(self, request, slug):
        return get_object_or_404(self.model.objects.public(), slug=slug)

    def title(self, obj):
        return self.as_text(entity_title(obj))

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return self.as_text(gettext("Articles that name %(name)s.") % {"name": obj.name})

    def items(self, obj):
        articles = Article.objects.filter(pk__in=obj.public_links().values("article"))
        return articles.without_search_columns()[:FEED_ARTICLES]


FEED_TYPES = {"rss": Rss201rev2Feed, "atom": Atom1Feed}
