import copy
from functools import reduce
from operator import or_

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from articles.filters import MAX_QUERY_LENGTH, ArticleSearchFilter


def entity_filter(name, description):
    # drf-spectacular reads a filter's type from the model field it filters,
    # and Article has no `person` field: state the type on a copy, leaving the
    # site's filter as it is.
    schema = {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$", "description": description}
    return extend_schema_field(schema)(copy.deepcopy(ArticleSearchFilter.base_filters[name]))


class ApiArticleFilter(ArticleSearchFilter):
    person = entity_filter("person", "A person's slug: the articles that name them.")
    event = entity_filter("event", "An event's slug: the articles about it.")
    organization = entity_filter(
        "organization", "An organization's slug: the articles that name it."
    )
    place = entity_filter("place", "A place's slug: the articles that name it.")


def name_contains(word):
    # SQLite's LIKE folds the case of ASCII letters only; trying the lower,
    # Capitalised and UPPER forms too finds Cyrillic names as they are written
    # ("назарбаев" → "Назарбаев", "шос" → "ШОС"). PostgreSQL needs only the first.
    forms = {word, word.lower(), word.capitalize(), word.upper()}
    return reduce(or_, (Q(name__icontains=form) for form in sorted(forms)))


class EntityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_name", max_length=MAX_QUERY_LENGTH
    )

    def filter_name(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(name_contains(word))
        return queryset
