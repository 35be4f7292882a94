from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from .filters import ArticleFilter
from .models import Article, ArticlePerson, Event, Person, published_condition

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


class ArticleDetailView(PublishedArticlesMixin, DetailView):
    template_name = "articles/article_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("person_links", ArticlePerson.objects.select_related("person")),
                "events",
            )
        )


class ObjectWithArticlesView(ListView):
    """A person or an event (by slug) with a paginated list of its published articles."""

    paginate_by = 20

    def get(self, request, *args, slug, **kwargs):
        self.object = get_object_or_404(self.detail_queryset(), slug=slug)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs["object"] = kwargs[self.object._meta.model_name] = self.object
        return super().get_context_data(**kwargs)


class PersonListView(ListView):
    paginate_by = 50
    template_name = "articles/person_list.html"
    context_object_name = "persons"

    def get_queryset(self):
        return Person.objects.public()


class PersonDetailView(ObjectWithArticlesView):
    template_name = "articles/person_detail.html"
    context_object_name = "links"

    def detail_queryset(self):
        return Person.objects.public()

    def get_queryset(self):
        return (
            self.object.article_links.filter(published_condition("article__"))
            .select_related("article")
            .order_by("-article__published_at", "-article__pk")
        )


class EventListView(ListView):
    paginate_by = 50
    template_name = "articles/event_list.html"
    context_object_name = "events"

    def get_queryset(self):
        return Event.objects.public()


class EventDetailView(ObjectWithArticlesView):
    template_name = "articles/event_detail.html"
    context_object_name = "articles"

    def detail_queryset(self):
        return Event.objects.public()

    def get_queryset(self):
        return self.object.articles.published()

    def get_context_data(self, **kwargs):
        kwargs["participants"] = self.object.participants.public()
        return super().get_context_data(**kwargs)
