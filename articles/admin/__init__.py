"""The editors' admin: articles and entities with their revision history, the
media library (images.py), the review queue, and who may write what (permissions.py)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import (  # noqa: F401 (registers them)
    accounts,
    articles,
    entities,
    images,
    tasks,
    taxonomy,
    top_stories,
)

admin.site.site_header = _("Newsroom administration")
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Editorial office")
admin.site.index_template = "admin/newsroom_index.html"
