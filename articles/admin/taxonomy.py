"""Rubrics, tags and authors in the admin: editors keep the rubrics (in the menu's
order) and the authors; authors see them, and add the tags they need."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from articles.models import Author, Rubric, Tag

from .choosers import ImageChooserAdmin, image_preview
from .history import HistoryAdmin
from .inlines import HelpInHeadingChangelist


class CountedAdmin(HistoryAdmin):
    """A list with the number of articles of each row."""

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(article_total=Count("articles", distinct=True))
            .order_by(*self.model._meta.ordering)
        )

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total


@admin.register(Rubric)
class RubricAdmin(HelpInHeadingChangelist, CountedAdmin):
    list_display = ["name", "position", "slug", "article_count"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description", "position"]


@admin.register(Tag)
class TagAdmin(CountedAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug"]


@admin.register(Author)
class AuthorAdmin(ImageChooserAdmin, CountedAdmin):
    list_display = ["name", "slug", "user", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "bio", "photo", "user"]
    raw_id_fields = ["photo"]
    shown_read_only = {"photo": "photo_preview"}
    readonly_fields = ["photo_preview"]
    list_select_related = ["user"]

    @admin.display(description=_("photo"))
    def photo_preview(self, obj):
        return image_preview(obj.photo)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            # Staff accounts only: an author's account signs in to the admin.
            kwargs["queryset"] = db_field.related_model.objects.filter(is_staff=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
