"""Write side of entity extraction: an article's extracted entities into the database.

Every extracted person, organization, place and event is resolved to one record
across all articles (by its names and aliases, persons also by surname and
initial), and linked to the article as a suggestion. What an editor decided is
never undone: approved and rejected links stay as they are, rejected entities
are not linked again, and renamed or merged entities are found by their aliases.
"""

from django.db.models import Q
from django.utils import timezone

from ..models import Event, Organization, Person, PersonAlias, Place, ReviewStatus
from ..text.names import person_key

# The longest evidence kept whole; longer sentences are cut around the mention.
EVIDENCE_LIMIT = 600


def apply_extraction(article, extraction, *, text, fingerprint=None):
    """Link `article` to what `extraction` found in `text` (the article's extractor text);
    `fingerprint`: that of the content extracted (the article's own by default)."""
    kinds = [
        (Person, extraction.persons, resolve_person),
        (Organization, extraction.organizations, resolve_named),
        (Place, extraction.places, resolve_named),
        (Event, extraction.events, resolve_event),
    ]
    for model, mentions, resolve in kinds:
        link_model = model.link_model()
        persons = model is Person
        index = NameIndex(model, _names(mentions, forms=persons))
        found = {}
        for position, mention in enumerate(mentions):
            entity = resolve(mention, index)
            if entity is None or entity.pk in found:
                continue
            if persons:
                found[entity.pk] = {
                    "role": _fit(link_model, "role", mention.role),
                    "position": position,
                    **_suggestion(mention, text, extra_span=mention.role_span),
                }
            else:
                found[entity.pk] = _suggestion(mention, text)
        sync_links(article, link_model, found)
    article.extracted_at = timezone.now()
    article.extracted_fingerprint = fingerprint or article.content_fingerprint()
    type(article).objects.filter(pk=article.pk).update(
        extracted_at=article.extracted_at, extracted_fingerprint=article.extracted_fingerprint
    )


def _fit(model, field, value):
    """`value` cut to the length of `model`'s `field`."""
    return value[: model._meta.get_field(field).max_length]


def _names(mentions, *, forms=False):
    return [
        name
        for mention in mentions
        for name in (mention.name, *mention.aliases, *(mention.forms if forms else ()))
    ]


class NameIndex:
    """The entities of one kind known by any of an article's names: two look-ups, not
    some per mention. Entities created or renamed while linking the article join it."""

    def __init__(self, model, names):
        self.model = model
        self.alias_model = model.alias_model()
        names = self.stored(names)
        owner = self.alias_model.entity_field
        # Only the aliases among these names: all that matching and adding need.
        found = list(self.alias_model.objects.filter(name__in=names).values_list(owner, "name"))
        self.aliases = {}
        self.entities = {}
        # Two index look-ups rather than an OR across a join, which scans both tables.
        owners = {pk for pk, _ in found}
        for entity in model.objects.filter(Q(name__in=names) | Q(pk__in=owners)).order_by("pk"):
            self.add(entity, [name for pk, name in found if pk == entity.pk])

    def stored(self, names):
        """`names` as the database holds them: cut to the name and to the alias field, so
        that a name longer than its field finds the record it made."""
        written = []
        for name in filter(None, names):
            written += [_fit(self.model, "name", name), _fit(self.alias_model, "name", name)]
        return list(dict.fromkeys(written))

    def add(self, entity, aliases=()):
        self.entities[entity.pk] = entity
        self.aliases[entity.pk] = set(aliases)

    def find(self, names):
        names = set(self.stored(names))
        return [
            entity
            for pk, entity in sorted(self.entities.items())
            if entity.name in names or self.aliases[pk] & names
        ]

    def add_aliases(self, entity, names):
        known = self.aliases.setdefault(entity.pk, set())
        written = dict.fromkeys(_fit(self.alias_model, "name", name) for name in names if name)
        wanted = [name for name in written if name != entity.name and name not in known]
        self.alias_model.objects.bulk_create(
            [self.alias_model(name=name, entity=entity) for name in wanted],
            ignore_conflicts=True,
        )
        known.update(wanted)


def _suggestion(mention, text, *, extra_span=None):
    spans = sorted(mention.spans, key=lambda span: span.start)
    first = spans[0]
    start = min(first.start, extra_span.start) if extra_span else first.start
    return {
        "confidence": round(mention.confidence, 3),
        "evidence": evidence(text, start, first.end),
    }


def evidence(text, start, end):
    """The whole sentence (or sentences) of text[start:end], as razdel reads them (an
    initial such as "Т. Абдыгулов" ends no sentence), within the paragraph; cut with
    "…" only past EVIDENCE_LIMIT characters."""
    from razdel import sentenize  # the extractor's own splitter, loaded with it

    paragraph_start = text.rfind("\n", 0, start) + 1
    paragraph_end = text.find("\n", end)
    paragraph_end = len(text) if paragraph_end == -1 else paragraph_end
    left, right = start, end
    for sentence in sentenize(text[paragraph_start:paragraph_end]):
        sentence_start = paragraph_start + sentence.start
        sentence_end = paragraph_start + sentence.stop
        if sentence_start <= start < sentence_end or sentence_start < end <= sentence_end:
            left, right = min(left, sentence_start), max(right, sentence_end)
    prefix = suffix = ""
    if right - left > EVIDENCE_LIMIT:
        # A "sentence" this long is a list or a table: the mention with what surrounds it.
        left = max(left, start - EVIDENCE_LIMIT // 2)
        right = min(right, max(end, left + EVIDENCE_LIMIT))
        prefix = "…" if left > paragraph_start else ""
        suffix = "…" if right < paragraph_end else ""
    return f"{prefix}{text[left:right].strip()}{suffix}"


def sync_links(article, link_model, found):
    """Make `article`'s suggested links of this kind match `found` {entity pk: values}."""
    field = link_model.entity_field
    existing = {
        getattr(link, f"{field}_id"): link for link in link_model.objects.filter(article=article)
    }
    new_links = []
    for entity_pk, values in found.items():
        link = existing.pop(entity_pk, None)
        if link is None:
            new_links.append(
                link_model(
                    article=article,
                    review_status=ReviewStatus.SUGGESTED,
                    **{f"{field}_id": entity_pk},
                    **values,
                )
            )
        elif link.review_status == ReviewStatus.SUGGESTED:
            changed = [name for name, value in values.items() if getattr(link, name) != value]
            for name in changed:
                setattr(link, name, values[name])
            if changed:
                link.save(update_fields=changed)
    link_model.objects.bulk_create(new_links)
    # Suggestions the extractor no longer makes go; editors' decisions stay.
    stale = [link.pk for link in existing.values() if link.review_status == ReviewStatus.SUGGESTED]
    if stale:
        link_model.objects.filter(pk__in=stale).delete()


def _prefer(candidates, name):
    exact = [entity for entity in candidates if entity.name == name]
    return (exact or candidates)[0]


def _usable(entity):
    # A rejected entity is an editor's "no": the extractor must not bring it back.
    return None if entity.review_status == ReviewStatus.REJECTED else entity


def resolve_person(mention, index):
    names = [mention.name, *mention.forms, *mention.aliases]
    name = _fit(Person, "name", mention.name)
    candidates = index.find(names) or _by_key(mention.name)
    if candidates:
        person = _prefer(candidates, name)
        if person.pk not in index.entities:
            index.add(person)
        if person.review_status == ReviewStatus.SUGGESTED and _fullness(name) > _fullness(
            person.name
        ):
            # A fuller name arrived ("Н. Назарбаев" -> "Нурсултан Назарбаев"):
            # the suggestion takes it, the old name stays an alias.
            old_name = person.name
            person.aliases.filter(name=name).delete()
            index.aliases[person.pk].discard(name)
            person.name = name
            person.save(update_fields=["name"])
            index.add_aliases(person, [old_name])
    else:
        person = Person.objects.create(name=name, review_status=ReviewStatus.SUGGESTED)
        index.add(person)
    index.add_aliases(person, names)
    return _usable(person)


def _by_key(name):
    """Persons whose names agree with `name` on surname and initial, if unambiguous."""
    surname, initial = person_key(name)
    if not surname:
        return []
    written = surname[:1].upper() + surname[1:]
    owners = PersonAlias.objects.filter(name__contains=written).values("person")
    candidates = (
        Person.objects.filter(Q(name__contains=written) | Q(pk__in=owners))
        .prefetch_related("aliases")
        .order_by("pk")
    )
    compatible = []
    for person in candidates:
        keys = {person_key(other) for other in person.all_names()}
        if any(_compatible((surname, initial), key) for key in keys):
            compatible.append((person, keys))
    if len(compatible) > 1 and initial:
        # Several share the surname: only an exact initial decides.
        compatible = [(person, keys) for person, keys in compatible if (surname, initial) in keys]
    return [person for person, _ in compatible] if len(compatible) == 1 else []


def _compatible(key, other):
    (surname, initial), (other_surname, other_initial) = key, other
    return surname == other_surname and (
        not initial or not other_initial or initial == other_initial
    )


def _fullness(name):
    words = name.split()
    has_initials = any(word.endswith(".") for word in words)
    return (len(words) >= 2, not has_initials, len(words))


def resolve_named(mention, index):
    names = [mention.name, *mention.aliases]
    name = _fit(index.model, "name", mention.name)
    candidates = index.find(names)
    if candidates:
        entity = _prefer(candidates, name)
    else:
        entity = index.model.objects.create(name=name, review_status=ReviewStatus.SUGGESTED)
        index.add(entity)
    index.add_aliases(entity, mention.aliases)
    return _usable(entity)


def resolve_event(mention, index):
    names = [mention.name, *mention.aliases]
    name = _fit(Event, "name", mention.name)
    compatible = [event for event in index.find(names) if _same_occasion(event, mention)]
    if compatible:
        event = _prefer(compatible, name)
        if event.review_status == ReviewStatus.SUGGESTED:
            _complete(event, mention)
    else:
        event = Event.objects.create(
            name=name,
            review_status=ReviewStatus.SUGGESTED,
            place=_fit(Event, "place", mention.place),
            start_date=mention.start_date,
            end_date=mention.end_date,
            date_precision=mention.date_precision or Event.DatePrecision.DAY,
        )
        index.add(event)
    index.add_aliases(event, mention.aliases)
    return _usable(event)


def _same_occasion(event, mention):
    place = _fit(Event, "place", mention.place)
    if event.place and place and event.place != place:
        return False
    if event.start_date is None or mention.start_date is None:
        return True
    coarse = {event.date_precision, mention.date_precision}
    if Event.DatePrecision.YEAR in coarse:
        return event.start_date.year == mention.start_date.year
    if Event.DatePrecision.MONTH in coarse:
        return event.start_date.replace(day=1) == mention.start_date.replace(day=1)
    return event.start_date == mention.start_date


def _complete(event, mention):
    """Fill in what a suggested event lacks from a new mention of it."""
    changed = []
    if not event.place and mention.place:
        event.place = _fit(Event, "place", mention.place)
        changed.append("place")
    if mention.start_date and (
        event.start_date is None
        or (
            event.date_precision != Event.DatePrecision.DAY
            and mention.date_precision == Event.DatePrecision.DAY
        )
    ):
        event.start_date, event.end_date = mention.start_date, mention.end_date
        event.date_precision = mention.date_precision
        changed += ["start_date", "end_date", "date_precision"]
    if changed:
        event.save(update_fields=changed)
