"""The admin of persons, organizations, places and events: their lists, other
written names (aliases), and the editors' decisions on them (decisions.py)."""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Max, Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import search
from articles.models import Event, Organization, Person, Place, ReviewStatus

from . import decisions, permissions
from .choosers import ImageChooserAdmin, image_preview
from .history import HistoryAdmin, inline


def alias_inline(entity):
    """The inline rows of `entity`'s other written names."""
    return inline(entity.alias_model(), extra=1)


class EntityAdmin(ImageChooserAdmin, HistoryAdmin):
    """What editors do with persons, organizations, places and events alike."""

    list_display = ["name", "review_status", "article_count", "best_confidence"]
    list_filter = ["review_status"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["image"]
    shown_read_only = {"image": "image_preview"}
    readonly_fields = ["image_preview"]
    actions = ["approve", "reject", "merge"]
    list_per_page = 50

    def get_queryset(self, request):
        # An aggregate drops the model's default ordering; keep it explicit.
        return (
            super()
            .get_queryset(request)
            .annotate(
                article_total=Count("article_links", distinct=True),
                confidence_max=Max("article_links__confidence"),
            )
            .order_by(*self.model._meta.ordering)
        )

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        # Any case form of the name ("Назарбаева"), as on the site, or the plain
        # admin search, which finds parts of words (on SQLite only in the case typed).
        forms = search.search_entities(self.model.objects.all(), search_term)
        plain, _ = super().get_search_results(request, self.model.objects.all(), search_term)
        return queryset.filter(Q(pk__in=forms.values("pk")) | Q(pk__in=plain.values("pk"))), False

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj)]
        if not permissions.may_review(request.user, self.model):
            readonly.append("review_status")
        return readonly

    def save_model(self, request, obj, form, change):
        if not change and not permissions.may_review(request.user, self.model):
            # An author may add a person they name; an editor decides on it.
            obj.review_status = ReviewStatus.SUGGESTED
        # A renamed entity keeps its old name as another written form, so that
        # the extractor finds it again under either name.
        old_name = form.initial.get("name") if change else None
        super().save_model(request, obj, form, change)
        if old_name and old_name != obj.name:
            obj.aliases.get_or_create(name=old_name)

    @admin.display(description=_("image"))
    def image_preview(self, obj):
        return image_preview(obj.image)

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total

    @admin.display(description=_("confidence"), ordering="confidence_max")
    def best_confidence(self, obj):
        return "—" if obj.confidence_max is None else f"{obj.confidence_max:.2f}"

    @admin.action(description=_("Approve the selected"), permissions=["change"])
    def approve(self, request, queryset):
        count = self.decide(request, queryset, ReviewStatus.APPROVED)
        self.message_user(
            request, ngettext("%d approved.", "%d approved.", count) % count, messages.SUCCESS
        )

    @admin.action(description=_("Reject the selected"), permissions=["change"])
    def reject(self, request, queryset):
        count = self.decide(request, queryset, ReviewStatus.REJECTED)
        self.message_user(
            request, ngettext("%d rejected.", "%d rejected.", count) % count, messages.SUCCESS
        )

    def decide(self, request, queryset, status):
        """Approve or reject the selected, if the user may; how many."""
        permissions.check_review(request.user, queryset, status)
        return decisions.set_review_status(queryset, status)

    @admin.action(description=_("Merge the selected into one"), permissions=["change", "delete"])
    def merge(self, request, queryset):
        entities = list(queryset.order_by("pk"))
        if len(entities) < 2:
            self.message_user(request, _("Select at least two to merge."), messages.WARNING)
            return None
        survivor_pk = request.POST.get("survivor")
        if survivor_pk:
            survivor = next((e for e in entities if str(e.pk) == survivor_pk), None)
            if survivor is not None:
                losers = [e for e in entities if e.pk != survivor.pk]
                permissions.check_merge(request.user, survivor, losers)
                decisions.merge(survivor, losers)
                self.message_user(
                    request,
                    _("Merged into “%(name)s”.") % {"name": survivor.name},
                    messages.SUCCESS,
                )
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge"),
            "opts": self.model._meta,
            "entities": entities,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/merge.html", context)


@admin.register(Person)
class PersonAdmin(EntityAdmin):
    list_display = ["name", "description", "review_status", "article_count", "best_confidence"]
    list_filter = ["review_status", ("photo_url", admin.EmptyFieldListFilter)]
    search_fields = ["name", "aliases__name", "description"]
    inlines = [alias_inline(Person)]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Organization)
class OrganizationAdmin(EntityAdmin):
    search_fields = ["name", "aliases__name", "description"]
    inlines = [alias_inline(Organization)]


@admin.register(Place)
class PlaceAdmin(EntityAdmin):
    inlines = [alias_inline(Place)]


@admin.register(Event)
class EventAdmin(EntityAdmin):
    list_display = [
        "name",
        "place",
        "start_date",
        "date_precision",
        "review_status",
        "article_count",
        "best_confidence",
    ]
    list_filter = ["review_status", "date_precision", "start_date"]
    search_fields = ["name", "aliases__name", "place", "description"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["participants"]
    inlines = [alias_inline(Event)]
