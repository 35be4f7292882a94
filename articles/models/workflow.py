"""The editorial log of an article: each step of its workflow (who, when, into which
state, with the note sent along) and the internal notes editors and authors leave.
Readers never see it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EditorialNote(models.Model):
    article = models.ForeignKey(
        "Article",
        on_delete=models.CASCADE,
        related_name="editorial_notes",
        verbose_name=_("article"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    # The state the article went into, when this records a step ("" for a plain note).
    status = models.CharField(_("step"), max_length=16, blank=True, editable=False)
    text = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("editorial note")
        verbose_name_plural = _("editorial notes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60] or self.status
