"""The benchmark's data: what the generated corpus says each article names, written in bulk.

Extracting a whole benchmark corpus would take long, and the corpus knows its persons,
organizations, places, events and dates already. The import itself is timed
apart (runner.py); this only completes the imported articles, untimed.
"""

from dataclasses import dataclass

from django.db import connection, transaction

from articles.models import (
    LINK_MODELS,
    Article,
    ArticleEvent,
    ArticleOrganization,
    ArticlePerson,
    ArticlePlace,
    Event,
    Organization,
    Person,
    Place,
    ReviewStatus,
)

BATCH = 5000


@dataclass(frozen=True)
class Named:
    """What one generated article names (GeneratedArticle without its text)."""

    source_id: str
    published_at: object
    persons: tuple  # (name, role) pairs
    organizations: tuple
    places: tuple
    events: tuple  # (name, place, start_date) triples


def named(article):
    return Named(
        source_id=article.filename.rsplit("_", 1)[1].removesuffix(".txt"),
        published_at=article.published_at,
        persons=tuple((person.name, person.role) for person in article.persons),
        organizations=article.organizations,
        places=article.places,
        events=tuple((e.name, e.place, e.start_date) for e in article.events),
    )


@transaction.atomic
def complete(corpus):
    """Give the imported articles their dates, and link what `corpus` (Named) says they name."""
    article_ids = dict(Article.objects.values_list("source_id", "pk"))
    corpus = [item for item in corpus if item.source_id in article_ids]
    table = connection.ops.quote_name(Article._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET published_at = %s WHERE id = %s",
            [(item.published_at, article_ids[item.source_id]) for item in corpus],
        )

    persons = _entities(Person, {name for item in corpus for name, _ in item.persons})
    organizations = _entities(Organization, {n for item in corpus for n in item.organizations})
    places = _entities(Place, {name for item in corpus for name in item.places})
    events = _entities(
        Event,
        {event for item in corpus for event in item.events},
        lambda key: Event(
            name=key[0], place=key[1], start_date=key[2], review_status=ReviewStatus.APPROVED
        ),
    )
    links = {model: [] for model in LINK_MODELS}
    for item in corpus:
        article = article_ids[item.source_id]
        roles = {}
        for name, role in item.persons:
            roles.setdefault(name, role)  # the first role stated for each person
        for position, (name, role) in enumerate(roles.items()):
            links[ArticlePerson].append(
                ArticlePerson(
                    article_id=article, person_id=persons[name], role=role, position=position
                )
            )
        links[ArticleOrganization] += [
            ArticleOrganization(article_id=article, organization_id=organizations[name])
            for name in dict.fromkeys(item.organizations)
        ]
        links[ArticlePlace] += [
            ArticlePlace(article_id=article, place_id=places[name])
            for name in dict.fromkeys(item.places)
        ]
        links[ArticleEvent] += [
            ArticleEvent(article_id=article, event_id=events[key])
            for key in dict.fromkeys(item.events)
        ]
    for model, rows in links.items():
        model.objects.bulk_create(rows, batch_size=BATCH)
    return {model._meta.model_name: len(rows) for model, rows in links.items()}


def _entities(model, keys, build=None):
    """{key: pk} for new entities of `model`, one per key (a name, unless `build` says)."""
    keys = sorted(keys, key=str)
    instances = [build(key) if build else model(name=key) for key in keys]
    model.fill_slugs(instances)
    created = model.objects.bulk_create(instances, batch_size=BATCH)
    return {key: instance.pk for key, instance in zip(keys, created, strict=True)}
