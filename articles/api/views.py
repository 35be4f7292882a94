import datetime

from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.urls.converters import SlugConverter
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.viewsets import ReadOnlyModelViewSet

from articles import search
from articles.filters import EntityFilter
from articles.models import Article, Person
from articles.views import prefetch_public_links, with_body_parts

from . import serializers
from .filters import ApiArticleFilter


class NewestFirstPagination(CursorPagination):
    """Pages by position (?cursor=), newest first: the same cost at any depth, no count."""

    ordering = ("-published_at", "-pk")

    def decode_cursor(self, request):
        # DRF checks a cursor's offset but hands its position to the database as it
        # came: a position that is no time of ours is a 404, not a database error.
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            field = Article._meta.get_field(self.ordering[0].lstrip("-"))
            try:
                position = field.to_python(cursor.position)
                # DRF writes aware times; one with no UTC equivalent (year 1 at +14:00)
                # would overflow in the database adapter.
                if position is None or position.utcoffset() is None:
                    raise ValueError(cursor.position)
                position.astimezone(datetime.UTC)
            except (ValidationError, ValueError, OverflowError):
                raise NotFound(self.invalid_cursor_message) from None
        return cursor


class ArticleViewSet(ReadOnlyModelViewSet):
    """Public articles, newest first, with the persons, organizations, places and events
    they name. Searched (`q`), best match first, in numbered pages with a count."""

    lookup_field = "slug"
    # Slugs only, as the site's own routes take: anything else is a 404 before it
    # reaches the database (which refuses some characters, such as NUL, outright).
    lookup_value_regex = SlugConverter.regex
    filterset_class = ApiArticleFilter

    @property
    def searched(self):
        return self.request is not None and bool(self.request.query_params.get("q"))

    @property
    def paginator(self):
        if not hasattr(self, "_paginator"):
            self._paginator = PageNumberPagination() if self.searched else NewestFirstPagination()
        return self._paginator

    def paginate_queryset(self, queryset):
        if not self.searched:
            return super().paginate_queryset(queryset)
        # The count and the page, with their links.
        with search.matched_by_index(queryset):
            return super().paginate_queryset(queryset)

    def get_queryset(self):
        # Only the columns the API shows: the search columns hold the text again.
        columns = ["slug", "title", "lead", "source", "published_at", "lead_image", "rubric"]
        if self.action != "list":
            columns += ["body", "body_text"]
        return (
            Article.objects.public()
            .only(*columns)
            .select_related("lead_image", "rubric")
            .prefetch_related(*prefetch_public_links())
        )

    def get_object(self):
        # The body's figures with their library images (one query).
        return with_body_parts([super().get_object()])[0]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ArticleDetailSerializer
        return serializers.ArticleSerializer


def public_article_count(model):
    """How many public articles publicly name each entity of `model`, as an annotation."""
    link_model = model.link_model()
    links = (
        link_model.objects.public()
        .of(OuterRef("pk"))
        .order_by()
        .values(link_model.entity_field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    # An entity and an article are linked at most once, so links count articles.
    return Coalesce(Subquery(links, output_field=IntegerField()), 0)


class EntityViewSet(ReadOnlyModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = SlugConverter.regex
    filterset_class = EntityFilter

    def get_queryset(self):
        model = self.serializer_class.Meta.model
        return (
            model.objects.public()
            .select_related("image")
            .annotate(article_count=public_article_count(model))
        )


class PersonViewSet(EntityViewSet):
    """Persons named in public articles, by name."""

    serializer_class = serializers.PersonSerializer


class OrganizationViewSet(EntityViewSet):
    """Organizations named in public articles, by name."""

    serializer_class = serializers.OrganizationSerializer


class PlaceViewSet(EntityViewSet):
    """Places named in public articles, by name."""

    serializer_class = serializers.PlaceSerializer


class EventViewSet(EntityViewSet):
    """Approved events named in public articles, latest first."""

    serializer_class = serializers.EventSerializer

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("participants", Person.objects.public()))
        )
