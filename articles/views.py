import posixpath
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Prefetch
from django.db.models.functions import TruncDate
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import static
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from . import paging, search, sections
from .filters import ArticleFilter, ArticleSearchFilter, EntityFilter
from .media import pictures
from .models import (
    ENTITY_MODELS,
    LINK_MODELS,
    Article,
    ArticleAuthor,
    Author,
    Event,
    Image,
    Person,
    TopStory,
)
from .text import richtext

HOME_ARTICLES = 10
# The top stories the home page leads with, at most.
HOME_TOP_STORIES = 5
HOME_PERSONS = 10
HOME_EVENTS = 5
# The home page ranks persons by the articles of these last days (or of all time, when
# fewer than HOME_PERSONS were named in them).
MENTIONS_DAYS = 30
PERSON_NAMED_WITH = 8
PERSON_EVENTS = 20
# Search results go this many pages deep (of 20, best first).
SEARCH_PAGES = 50
# A person page's roles, persons and events come from this many of their latest articles.
PERSON_LATEST_ARTICLES = 100
# Where the renditions are in the default storage (articles/media/renditions.py), and
# the only files of MEDIA_ROOT Django serves: each name is new, so it never changes.
RENDITIONS_FOLDER = "images/"
RENDITION_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpg": "image/jpeg"}
RENDITION_CACHE_CONTROL = "public, max-age=31536000, immutable"


class PublicArticlesMixin:
    def get_queryset(self):
        # The lead image and the rubric go on every card and page: in the same query.
        return (
            Article.objects.public().without_search_columns().select_related("lead_image", "rubric")
        )


class HomeView(PublicArticlesMixin, ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"

    def get_queryset(self):
        self.top_stories = [
            top.article
            for top in TopStory.objects.shown()
            .select_related("article__lead_image", "article__rubric")
            .defer(*(f"article__{name}" for name in Article.SEARCH_COLUMNS))[:HOME_TOP_STORIES]
        ]
        # The latest news without the top stories above them.
        latest = super().get_queryset().exclude(pk__in=[a.pk for a in self.top_stories])
        return latest[:HOME_ARTICLES]

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        events = Event.objects.public()
        kwargs.update(
            top_stories=self.top_stories,
            persons=Person.objects.most_mentioned(
                since=timezone.now() - timedelta(days=MENTIONS_DAYS), count=HOME_PERSONS
            ),
            mentions_days=MENTIONS_DAYS,
            upcoming_events=events.upcoming(today)[:HOME_EVENTS],
            recent_events=events.past(today)[:HOME_EVENTS],
        )
        return super().get_context_data(**kwargs)


class KeysetPaginationMixin:
    """Pages by position in the list (articles/paging.py), newest first."""

    keys = [paging.Key("published_at"), paging.Key("pk")]

    def paginate_queryset(self, queryset, page_size):
        page = paging.paginate(
            queryset,
            self.keys,
            per_page=page_size,
            after=self.request.GET.get(paging.AFTER),
            before=self.request.GET.get(paging.BEFORE),
        )
        return None, page, page.object_list, page.has_other_pages()


class ArticleListView(KeysetPaginationMixin, PublicArticlesMixin, FilterView):
    filterset_class = ArticleFilter
    paginate_by = 20
    template_name = "articles/article_list.html"
    context_object_name = "articles"

    def get(self, request, *args, **kwargs):
        if request.GET.get("q"):
            # Text goes to search, which ranks by relevance (older links had it here).
            return redirect(f"{reverse('articles:search')}?{request.GET.urlencode()}")
        return super().get(request, *args, **kwargs)


class SearchView(PublicArticlesMixin, FilterView):
    """The article filters, searched by word forms: best match first, with marked snippets."""

    filterset_class = ArticleSearchFilter
    paginate_by = 20
    template_name = "articles/search.html"
    context_object_name = "articles"
    entity_models = ENTITY_MODELS
    entities_per_kind = 10

    def paginate_queryset(self, queryset, page_size):
        # Numbered pages with no count, up to SEARCH_PAGES: an OFFSET that stays small.
        with search.matched_by_index(queryset):
            page = paging.paginate_numbered(
                queryset,
                rows=self.get_queryset(),  # public, the search's filters left out
                per_page=page_size,
                number=self.request.GET.get("page"),
                last=SEARCH_PAGES,
            )
        return None, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        form = self.filterset.form
        query = form.cleaned_data.get("q", "") if form.is_valid() else ""
        if not query:
            # Nothing asked yet: the form, not every article.
            kwargs["object_list"] = self.object_list = self.object_list.none()
        context = super().get_context_data(query=query, **kwargs)
        for article in context["articles"]:
            article.marked_title = search.highlight(article.title, query)
            article.snippet = search.snippet(article, query)
        context["entity_matches"] = self.entity_matches(query) if query else []
        return context

    def entity_matches(self, query):
        """(kind, the first public entities of that kind with the query in their names)."""
        found = []
        for model in search.kinds_named(self.entity_models, query):
            entities = search.search_entities(model.objects.public(), query)
            if entities := list(entities[: self.entities_per_kind]):
                found.append((model._meta.verbose_name_plural, entities))
        return found


def prefetch_byline_and_tags():
    """An article's byline (`article.byline.all()`, in order, each with its author) and
    its tags: all of them, as public as the article they belong to."""
    return [Prefetch("byline", ArticleAuthor.objects.select_related("author")), "tags"]


def prefetch_public_links():
    """An article's public links of each kind, as lists: `public_person_links`,
    `public_organization_links`, `public_place_links`, `public_event_links`; and its
    byline and tags, on their managers (prefetch_byline_and_tags).

    The links are lists, not the related managers' querysets: reading a prefetched
    manager builds a queryset for each article (80 on an API page of 20), and an article
    read without this prefetch has no such attribute, rather than all its links, public
    or not. The byline and tags have nothing to leave out: any article may read them.
    """
    # Of public articles: the links' and their entities' review decides (public_if_article_is).
    return [
        *(
            Prefetch(
                f"{model.entity_field}_links",
                model.objects.public_if_article_is().select_related(model.entity_field),
                to_attr=f"public_{model.entity_field}_links",
            )
            for model in LINK_MODELS
        ),
        *prefetch_byline_and_tags(),
    ]


def with_body_parts(articles):
    """`articles` (a list), each with `body_parts`: its body's sanitized HTML and its
    figures (pictures.BodyFigure), whose library images, the ready ones only, come in
    one query for all (none when no body has a figure)."""
    segments = [article.body_segments() for article in articles]
    ids = {
        part.image_id for parts in segments for part in parts if isinstance(part, richtext.Figure)
    }
    images = Image.objects.ready().in_bulk(ids) if ids else {}
    for article, parts in zip(articles, segments, strict=True):
        article.body_parts = pictures.body_parts(parts, images)
    return articles


class ArticleDetailView(PublicArticlesMixin, DetailView):
    template_name = "articles/article_detail.html"

    def get_queryset(self):
        return super().get_queryset().prefetch_related(*prefetch_public_links())

    def get_object(self, queryset=None):
        return with_body_parts([super().get_object(queryset)])[0]


class SectionDetailView(KeysetPaginationMixin, PublicArticlesMixin, ListView):
    """A rubric, tag or author (`model`, by slug) with a paginated list of its public
    articles; 404 unless it is one of sections.public_sections()."""

    model = None
    paginate_by = 20
    context_object_name = "articles"

    def get(self, request, *args, slug, **kwargs):
        found = sections.public_sections(self.model)
        if self.model is Author:
            found = found.select_related("photo")
        self.object = get_object_or_404(found, slug=slug)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(sections.in_section(self.model, self.object))

    def get_template_names(self):
        return [f"articles/{self.model._meta.model_name}_detail.html"]

    def get_context_data(self, **kwargs):
        kwargs["object"] = kwargs[self.model._meta.model_name] = self.object
        kwargs.update(
            heading=sections.heading(self.object), description=sections.description(self.object)
        )
        return super().get_context_data(**kwargs)


class EntityListView(FilterView):
    filterset_class = EntityFilter
    paginate_by = 50
    template_name = "articles/entity_list.html"
    context_object_name = "entities"

    def get_queryset(self):
        return self.model.objects.public()

    def get_context_data(self, **kwargs):
        kwargs["title"] = self.model._meta.verbose_name_plural
        return super().get_context_data(**kwargs)


class EntityDetailView(KeysetPaginationMixin, ListView):
    """An entity (by slug) with a paginated list of the public articles naming it."""

    keys = [paging.Key("article__published_at"), paging.Key("article__pk")]

    paginate_by = 20
    template_name = "articles/entity_detail.html"
    context_object_name = "links"

    def get(self, request, *args, slug, **kwargs):
        self.object = get_object_or_404(
            self.model.objects.public().select_related("image"), slug=slug
        )
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            self.object.public_links()
            .select_related("article__lead_image", "article__rubric")
            .defer(*(f"article__{column}" for column in Article.SEARCH_COLUMNS))
        )

    def get_context_data(self, **kwargs):
        kwargs["object"] = kwargs["entity"] = self.object
        kwargs[self.object._meta.model_name] = self.object
        # The article list filtered to this entity, where readers narrow it by date.
        query = urlencode({self.object._meta.model_name: self.object.slug})
        kwargs["filtered_list_url"] = f"{reverse('articles:article_list')}?{query}"
        return super().get_context_data(**kwargs)


class PersonListView(EntityListView):
    model = Person
    template_name = "articles/person_list.html"


def merge_role_spellings(roles):
    # A role opening a sentence is capitalised ("Министр финансов Казахстана заявил"),
    # inside one it is not: one role either way, kept as last written. `roles` come
    # latest first, as ArticlePersonQuerySet.roles() gives them.
    merged = {}
    for row in roles:
        key = row["role"][:1].lower() + row["role"][1:]
        if key in merged:
            merged[key]["first_stated"] = min(merged[key]["first_stated"], row["first_stated"])
        else:
            merged[key] = dict(row)
    return list(merged.values())


class PersonDetailView(EntityDetailView):
    model = Person
    template_name = "articles/person_detail.html"

    def get_context_data(self, **kwargs):
        person = self.object
        links = person.public_links()
        # Roles, the persons named with them and their events, from their latest articles.
        # One more than used, to tell whether there are more.
        latest = links.latest_articles(PERSON_LATEST_ARTICLES + 1)
        more_articles = len(latest) > PERSON_LATEST_ARTICLES
        latest = latest[:PERSON_LATEST_ARTICLES]
        kwargs.update(
            roles=merge_role_spellings(links.filter(article__in=latest).roles()),
            named_with=Person.objects.named_with(person, latest)[:PERSON_NAMED_WITH],
            events=Event.objects.public().of_person(person, latest)[:PERSON_EVENTS],
            more_articles=more_articles,
            latest_limit=PERSON_LATEST_ARTICLES,
        )
        return super().get_context_data(**kwargs)


class EventListView(EntityListView):
    model = Event
    template_name = "articles/event_list.html"


class EventDetailView(EntityDetailView):
    model = Event
    template_name = "articles/event_detail.html"

    def get_queryset(self):
        # The coverage timeline groups the articles by their day in the site's time zone.
        return (
            super()
            .get_queryset()
            .annotate(
                day=TruncDate("article__published_at", tzinfo=timezone.get_current_timezone())
            )
        )

    def get_context_data(self, **kwargs):
        event = self.object
        links = event.public_links()
        kwargs["participants"] = event.participants.public().with_role_in(links.values("article"))
        return super().get_context_data(**kwargs)


def rendition(request, path):
    """A rendition from MEDIA_ROOT, when Django serves the media (NEWSROOM_SERVE_MEDIA):
    files of the renditions' folder only, and only images."""
    name = posixpath.normpath(path)
    extension = posixpath.splitext(name)[1].removeprefix(".")
    if not name.startswith(RENDITIONS_FOLDER) or extension not in RENDITION_TYPES:
        raise Http404
    try:
        response = static.serve(request, name, document_root=settings.MEDIA_ROOT)
    except (OSError, ValueError):
        # A name no file system takes (too long, a NUL byte): no such rendition.
        raise Http404 from None
    if response.status_code == 200:
        response["Content-Type"] = RENDITION_TYPES[extension]
    response["Cache-Control"] = RENDITION_CACHE_CONTROL
    return response
