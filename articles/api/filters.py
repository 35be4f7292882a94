import copy

from drf_spectacular.utils import extend_schema_field

from articles.filters import ArticleSearchFilter


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
