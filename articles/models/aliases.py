"""The other written forms of the entities' names."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import OwnedByEntity, owner_key
from .entities import Event, Organization, Person, Place
from .tracking import TrackedQuerySet


class Alias(OwnedByEntity, models.Model):
    """Another written form of an entity's name ("Н. Назарбаев", "ШОС")."""

    name = models.CharField(_("written form"), max_length=300)

    objects = TrackedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name", "pk"]
        verbose_name = _("other name")
        verbose_name_plural = _("other names")

    def __str__(self):
        return self.name


class PersonAlias(Alias):
    person = owner_key(Person, "aliases")

    entity_field = "person"

    class Meta(Alias.Meta):
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="person_alias_unique")
        ]
        indexes = [models.Index(fields=["name"], name="person_alias_name_idx")]


class OrganizationAlias(Alias):
    organization = owner_key(Organization, "aliases")

    entity_field = "organization"

    class Meta(Alias.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="organization_alias_unique"
            )
        ]
        indexes = [models.Index(fields=["name"], name="organization_alias_name_idx")]


class PlaceAlias(Alias):
    place = owner_key(Place, "aliases")

    entity_field = "place"

    class Meta(Alias.Meta):
        constraints = [models.UniqueConstraint(fields=["place", "name"], name="place_alias_unique")]
        indexes = [models.Index(fields=["name"], name="place_alias_name_idx")]


class EventAlias(Alias):
    event = owner_key(Event, "aliases")

    entity_field = "event"

    class Meta(Alias.Meta):
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="event_alias_unique")]
        indexes = [models.Index(fields=["name"], name="event_alias_name_idx")]
