"""The other written forms of the entities' names."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..caching.tracking import TrackedQuerySet
from .entities import Event, Organization, Person, Place


class Alias(models.Model):
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
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("person")
    )

    class Meta(Alias.Meta):
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="person_alias_unique")
        ]
        indexes = [models.Index(fields=["name"], name="person_alias_name_idx")]


class OrganizationAlias(Alias):
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="aliases",
        verbose_name=_("organization"),
    )

    class Meta(Alias.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="organization_alias_unique"
            )
        ]
        indexes = [models.Index(fields=["name"], name="organization_alias_name_idx")]


class PlaceAlias(Alias):
    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("place")
    )

    class Meta(Alias.Meta):
        constraints = [models.UniqueConstraint(fields=["place", "name"], name="place_alias_unique")]
        indexes = [models.Index(fields=["name"], name="place_alias_name_idx")]


class EventAlias(Alias):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("event")
    )

    class Meta(Alias.Meta):
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="event_alias_unique")]
        indexes = [models.Index(fields=["name"], name="event_alias_name_idx")]
