import datetime
from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import search
from .models import Article, Event, Organization, Person, Place

MAX_QUERY_LENGTH = 200


class DateInput(forms.DateInput):
    """<input type="date">, which accepts only an ISO date: a malformed one is not echoed."""

    input_type = "date"

    def format_value(self, value):
        value = super().format_value(value)
        try:
            return datetime.date.fromisoformat(value).isoformat() if value else value
        except ValueError:
            return None


class LinkedEntityFilter(django_filters.ModelChoiceFilter):
    """Articles that publicly name the chosen entity (by slug).

    The form carries the choice in a hidden field, shown as a removable tag
    (ArticleFilter.chosen_entities): a menu of every person would be thousands
    of options. Readers choose on the entity's own page.
    """

    def __init__(self, entity_model, **kwargs):
        self.entity_model = entity_model
        super().__init__(
            # A callable, so that "public" is judged at request time.
            queryset=self.choices,
            to_field_name="slug",
            widget=forms.HiddenInput,
            **kwargs,
        )

    def choices(self, request):
        """The public entities, or none when the request chooses none: a list page that
        filters on nothing need not build the public() query."""
        if request is not None and not request.GET.get(self.field_name):
            return self.entity_model.objects.none()
        return self.entity_model.objects.public()

    def filter(self, queryset, value):
        if not value:
            return queryset
        # Of public articles: the links' and their entities' review decides.
        links = (
            self.entity_model.link_model()
            .objects.public_if_article_is()
            .of(value)
            .filter(article=OuterRef("pk"))
        )
        return queryset.filter(Exists(links))


def start_of_day(day):
    """The first instant of `day` in the current time zone (the site's), or None where
    that instant has no UTC equivalent (the first day of year 1, east of UTC)."""
    start = datetime.datetime.combine(
        day, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    try:
        start.astimezone(datetime.UTC)
    except OverflowError:
        return None
    return start


class PublishedDayFilter(django_filters.DateFilter):
    """Articles published from the start of a day (`until=False`) or until its end, in the
    site's time zone: a range of `published_at`, which its index serves, where a `__date`
    lookup would convert every article's time to a date before comparing."""

    def __init__(self, *, until, **kwargs):
        self.until = until
        super().__init__(field_name="published_at", **kwargs)

    def filter(self, queryset, value):
        if value is None:
            return queryset
        if not self.until:
            start = start_of_day(value)
            return queryset if start is None else queryset.filter(published_at__gte=start)
        if value == datetime.date.max:
            return queryset  # until the end of time
        return queryset.filter(published_at__lt=start_of_day(value + datetime.timedelta(days=1)))


class ArticleFilter(django_filters.FilterSet):
    """The article list's filters: the entities named, and the publication dates."""

    person = LinkedEntityFilter(Person, label=_("Person"), empty_label=_("Any person"))
    event = LinkedEntityFilter(Event, label=_("Event"), empty_label=_("Any event"))
    organization = LinkedEntityFilter(
        Organization, label=_("Organization"), empty_label=_("Any organization")
    )
    place = LinkedEntityFilter(Place, label=_("Place"), empty_label=_("Any place"))
    date_from = PublishedDayFilter(
        until=False, label=_("From"), widget=DateInput(format="%Y-%m-%d")
    )
    date_to = PublishedDayFilter(until=True, label=_("To"), widget=DateInput(format="%Y-%m-%d"))

    class Meta:
        model = Article
        fields = ["person", "event", "organization", "place", "date_from", "date_to"]

    def chosen_entities(self):
        """(label, entity, the query string without it) for each entity filtered on."""
        if not self.form.is_valid():
            return []
        chosen = []
        for name, value in self.form.cleaned_data.items():
            if isinstance(self.filters[name], LinkedEntityFilter) and value is not None:
                others = self.data.copy()
                for param in (name, *PAGE_PARAMETERS):
                    others.pop(param, None)
                chosen.append((self.filters[name].label, value, others.urlencode()))
        return chosen


# Where a page of results starts: keyset cursors (articles/paging.py) or a number.
PAGE_PARAMETERS = ("after", "before", "page")


class ArticleSearchFilter(ArticleFilter):
    """The article filters and a text searched in Russian word forms."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    class Meta(ArticleFilter.Meta):
        fields = ["q", *ArticleFilter.Meta.fields]

    def filter_text(self, queryset, name, value):
        # Word forms, best match first (then newest first).
        return search.search_articles(queryset, value)


class EntityFilter(django_filters.FilterSet):
    """Persons, organizations, places or events by their names: the site's entity lists
    and the API's."""

    q = django_filters.CharFilter(
        label=_("Name"),
        method="filter_name",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def filter_name(self, queryset, name, value):
        """Every word of `value` in any case form of the name or of an alias
        ("Назарбаева" finds "Нурсултан Назарбаев", as search does), or every word inside
        the name as written, in any case ("назарб", "НУРСУЛТАН")."""
        found = [
            condition
            for condition in (
                search.name_condition(queryset, value),
                search.name_fragments_condition(queryset, value),
            )
            if condition is not None
        ]
        return queryset.filter(reduce(or_, found)) if found else queryset.none()
