import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Article, Event, Person

MAX_QUERY_LENGTH = 200


def public_persons(request):
    return Person.objects.public()


def public_events(request):
    return Event.objects.public()


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    # Querysets are callables so that "public" is judged at request time.
    person = django_filters.ModelChoiceFilter(
        label=_("Person"),
        field_name="persons",
        to_field_name="slug",
        queryset=public_persons,
        empty_label=_("Any person"),
    )
    event = django_filters.ModelChoiceFilter(
        label=_("Event"),
        field_name="events",
        to_field_name="slug",
        queryset=public_events,
        empty_label=_("Any event"),
    )
    date_from = django_filters.DateFilter(
        label=_("From"),
        field_name="published_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("To"),
        field_name="published_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Article
        fields = ["q", "person", "event", "date_from", "date_to"]

    def filter_text(self, queryset, name, value):
        for word in value.casefold().split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset
