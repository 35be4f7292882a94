"""The media library: an uploaded image, what editors say about it, and its renditions.

The original, as uploaded (with its metadata), is kept in the "originals" storage,
which is never served; readers get only the renditions (articles/media/renditions.py),
written without metadata to the default storage under names nobody can guess.
"""

import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _


class OriginalsStorage(LazyObject):
    """storages["originals"], looked up when first used and again after STORAGES
    changes (tests), as Django's default_storage is."""

    def _setup(self):
        self._wrapped = storages["originals"]


originals = OriginalsStorage()


@receiver(setting_changed)
def _forget_originals_storage(setting, **kwargs):
    if setting == "STORAGES":
        originals._wrapped = empty


def originals_storage():
    # A callable, so that migrations name it rather than a folder of this machine.
    return originals


def original_name(instance, filename):
    """An unguessable name: nothing about one image tells another's address."""
    extension = instance.file_extension or "bin"
    return f"originals/{secrets.token_hex(16)}.{extension}"


def fraction_validators():
    return [MinValueValidator(0.0), MaxValueValidator(1.0)]


class ImageQuerySet(models.QuerySet):
    def ready(self):
        """Images whose renditions are made: the only ones a page shows."""
        return self.exclude(renditions={})


class Image(models.Model):
    file = models.ImageField(
        _("file"),
        storage=originals_storage,
        upload_to=original_name,
        width_field="width",
        height_field="height",
        max_length=200,
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    alt = models.CharField(
        _("alternative text"),
        max_length=300,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    caption = models.TextField(_("caption"), blank=True)
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_("Who took the photo or owns it; shown as «Фото: …»."),
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the image comes from (an agency, a press service, an address)."),
    )
    focal_x = models.FloatField(
        _("focal point, across"),
        null=True,
        blank=True,
        validators=fraction_validators(),
        help_text=_("0 is the left edge, 1 the right; crops keep this point in view."),
    )
    focal_y = models.FloatField(
        _("focal point, down"),
        null=True,
        blank=True,
        validators=fraction_validators(),
        help_text=_("0 is the top edge, 1 the bottom."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True, db_index=True)
    # The files readers get (articles/media/renditions.py), by set and format: every
    # page reads their sizes from here, never from the files.
    renditions = models.JSONField(default=dict, editable=False)

    objects = ImageQuerySet.as_manager()

    # The extension of the format the upload's content showed (set before saving).
    file_extension = ""

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(focal_x__isnull=True) & models.Q(focal_y__isnull=True))
                | (
                    models.Q(focal_x__gte=0, focal_x__lte=1)
                    & models.Q(focal_y__gte=0, focal_y__lte=1)
                ),
                name="image_focal_point_valid",
            ),
        ]

    def __str__(self):
        return self.alt or self.caption or f"#{self.pk}"

    @property
    def focal_point(self):
        """(x, y) as fractions of the width and height; the middle when none is set."""
        if self.focal_x is None or self.focal_y is None:
            return (0.5, 0.5)
        return (self.focal_x, self.focal_y)

    @property
    def is_ready(self):
        return bool(self.renditions)
