from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from .filters import ArticleFilter
from .models import (
    Article,
    ArticleEvent,
    ArticleOrganization,
    ArticlePerson,
    ArticlePlace,
    Event,
    Organization,
    Person,
    Place,
    published_condition,
)

HOME_ARTICLES = 10


class PublishedArticlesMixin:
    def get_queryset(self):
        return Article.objects.published()


class HomeView(PublishedArticlesMixin, ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"

    def get_queryset(self):
        return super().get_queryset()[:HOME_ARTICLES]


class ArticleListView(PublishedArticlesMixin, FilterView):
    filterset_class = ArticleFilter
    paginate_by = 20
    template_name = "articles/article_list.html"
    context_object_name = "articles"


def public_links(link_model):
    entity = link_model.entity_field
    return link_model.objects.public().select_related(entity)


class ArticleDetailView(PublishedArticlesMixin, DetailView):
    template_name = "articles/article_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("person_links", public_links(ArticlePerson)),
                Prefetch("organization_links", public_links(ArticleOrganization)),
                Prefetch("place_links", public_links(ArticlePlace)),
                Prefetch("event_links", public_links(ArticleEvent)),
            )
        )


class EntityListView(ListView):
    paginate_by = 50
    template_name = "articles/entity_list.html"
    context_object_name = "entities"

    def get_queryset(self):
        return self.model.objects.public()

    def get_context_data(self, **kwargs):
        kwargs["title"] = self.model._meta.verbose_name_plural
        return super().get_context_data(**kwargs)


class EntityDetailView(ListView):
    """An entity (by slug) with a paginated list of the published articles naming it."""

    paginate_by = 20
    template_name = "articles/entity_detail.html"
    context_object_name = "links"

    def get(self, request, *args, slug, **kwargs):
        self.object = get_object_or_404(self.model.objects.public(), slug=slug)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            self.model.link_model()
            .objects.public()
            .filter(published_condition("article__"), **{self.object._meta.model_name: self.object})
            .select_related("article")
            .order_by("-article__published_at", "-article__pk")
        )

    def get_context_data(self, **kwargs):
        kwargs["object"] = kwargs["entity"] = self.object
        kwargs[self.object._meta.model_name] = self.object
        return super().get_context_data(**kwargs)


class PersonListView(EntityListView):
    model = Person
    template_name = "articles/person_list.html"


class PersonDetailView(EntityDetailView):
    model = Person
    template_name = "articles/person_detail.html"


class EventListView(EntityListView):
    model = Event
    template_name = "articles/event_list.html"


class EventDetailView(EntityDetailView):
    model = Event
    template_name = "articles/event_detail.html"

    def get_context_data(self, **kwargs):
        kwargs["participants"] = self.object.participants.public()
        return super().get_context_data(**kwargs)


class OrganizationListView(EntityListView):
    model = Organization


class OrganizationDetailView(EntityDetailView):
    model = Organization


class PlaceListView(EntityListView):
    model = Place


class PlaceDetailView(EntityDetailView):
    model = Place
