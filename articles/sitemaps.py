from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery

from .models import Article, Author, Event, Organization, Person, Place, Rubric, Tag
from .sections import in_section, public_sections


class PagedSitemap(Sitemap):
    # The protocol allows 50,000 URLs a page; building that many entries takes memory
    # that a web worker keeps afterwards. Smaller pages keep workers small.
    limit = 5_000


class ArticleSitemap(PagedSitemap):
    def items(self):
        # What an entry needs: 50,000 whole articles a page would be hundreds of megabytes.
        return Article.objects.public().only("slug", "updated_at", "published_at")

    def lastmod(self, item):
        return item.updated_at

    # The default would load every article to find the latest one.
    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class LatestArticleSitemap(PagedSitemap):
    """Pages of `model`'s objects, which change when one of their articles does: each
    item's lastmod is its `latest_article_update` (items() annotates it)."""

    def __init__(self, model):
        self.model = model

    def lastmod(self, item):
        return item.latest_article_update

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("latest_article_update"))["latest"]


class EntitySitemap(LatestArticleSitemap):
    """Public persons, events, organizations or places, each as of its latest-updated
    public article."""

    def items(self):
        latest_update = (
            self.model.link_model()
            .objects.public()
            .of(OuterRef("pk"))
            .order_by("-article__updated_at")
            .values("article__updated_at")[:1]
        )
        return self.model.objects.public().annotate(latest_article_update=Subquery(latest_update))


class SectionSitemap(LatestArticleSitemap):
    """Rubrics, tags or authors with pages (sections.public_sections: every rubric, the
    tags and authors of public articles), each as of its latest-updated public article."""

    def items(self):
        latest_update = (
            Article.objects.public()
            .filter(in_section(self.model, OuterRef("pk")))
            .order_by("-updated_at")
            .values("updated_at")[:1]
        )
        return (
            public_sections(self.model)
            .only("slug")
            .annotate(latest_article_update=Subquery(latest_update))
        )


# Sections of /sitemap.xml, each its own /sitemap-<section>.xml (paged past 10,000 URLs).
SITEMAPS = {
    "articles": ArticleSitemap,
    "persons": EntitySitemap(Person),
    "events": EntitySitemap(Event),
    "organizations": EntitySitemap(Organization),
    "places": EntitySitemap(Place),
    "rubrics": SectionSitemap(Rubric),
    "tags": SectionSitemap(Tag),
    "authors": SectionSitemap(Author),
}
