from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Article, ArticlePerson, Event, Person, PersonAlias

admin.site.site_header = _("Newsroom administration")
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Editorial office")


class ArticlePersonInline(admin.TabularInline):
    model = ArticlePerson
    fields = ["person", "role", "position"]
    autocomplete_fields = ["person"]
    extra = 0


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 1


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "published_at", "visible", "source", "updated_at"]
    list_filter = ["status", "source", "published_at"]
    search_fields = ["title", "lead", "body", "source_id"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["events"]
    inlines = [ArticlePersonInline]
    readonly_fields = ["source", "source_id", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        (_("Links"), {"fields": ["events"]}),
        (_("Origin"), {"fields": ["source", "source_id", "created_at", "updated_at"]}),
    ]
    actions = ["publish", "unpublish"]
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).with_visibility()

    def get_search_results(self, request, queryset, search_term):
        # Match on the case-folded text so that Cyrillic search ignores case on
        # SQLite too, whose LIKE folds ASCII letters only.
        for word in search_term.casefold().split():
            queryset = queryset.filter(Q(search_text__contains=word) | Q(source_id=word))
        return queryset, False

    @admin.display(boolean=True, description=_("on the site"), ordering="is_public")
    def visible(self, obj):
        return obj.is_public

    @admin.action(description=_("Publish the selected articles"), permissions=["change"])
    def publish(self, request, queryset):
        drafts = queryset.filter(status=Article.Status.DRAFT)
        # Keep a time already set (it may schedule the article); fill in the rest.
        drafts.filter(published_at__isnull=True).update(published_at=timezone.now())
        count = drafts.update(status=Article.Status.PUBLISHED, updated_at=timezone.now())
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish the selected articles"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.filter(status=Article.Status.PUBLISHED).update(
            status=Article.Status.DRAFT, updated_at=timezone.now()
        )
        self.message_user(
            request,
            ngettext("%d article unpublished.", "%d articles unpublished.", count) % count,
            messages.SUCCESS,
        )


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "description", "article_count"]
    list_filter = [("photo_url", admin.EmptyFieldListFilter)]
    search_fields = ["name", "aliases__name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonAliasInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        # An aggregate drops the model's default ordering; keep it explicit.
        return (
            super()
            .get_queryset(request)
            .annotate(article_total=Count("article_links"))
            .order_by(*Person._meta.ordering)
        )

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "place", "start_date", "end_date", "date_precision"]
    list_filter = ["date_precision", "start_date", "place"]
    search_fields = ["name", "place", "description"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["participants"]
