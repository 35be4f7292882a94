"""The content version's row."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ContentState(models.Model):
    """The content version (articles/caching/version.py): one row, never edited by hand."""

    version = models.BigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)
    # The publication time of the next scheduled article, when the version must change.
    next_change_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")
        default_permissions = ()

    def __str__(self):
        return str(self.version)
