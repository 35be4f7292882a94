"""The articles' admin: the change form with the article's links to persons,
organizations, places and events, the search box, and publishing in bulk."""

import reversion
from django.contrib import admin, messages
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext

from articles import search
from articles.models import LINK_MODELS, Article, ArticlePerson, EntityLink, ReviewStatus

from . import permissions, revisions
from .edit_conflicts import ConflictCheckedForm
from .history import HistoryAdmin, inline


class EntityLinkInline(admin.TabularInline):
    readonly_fields = ["confidence", "evidence"]
    extra = 0

    def get_fields(self, request, obj=None):
        entity = self.model.entity_field
        extra = ["role", "position"] if self.model is ArticlePerson else []
        return [entity, *extra, "review_status", "confidence", "evidence"]

    def get_autocomplete_fields(self, request):
        return [self.model.entity_field]

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj)]
        if not permissions.may_review(request.user, self.model):
            readonly.append("review_status")
        return readonly

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(self.model.entity_field)


class ArticleForm(ConflictCheckedForm):
    related_labels = {"links": _("Persons, organizations, places and events in the article")}

    def related_values(self):
        if self.instance.pk is None:
            return {"links": ""}
        rows = []
        for name in revisions.ARTICLE_LINKS:
            for row in getattr(self.instance, name).select_related(
                getattr(self.instance, name).model.entity_field
            ):
                role = getattr(row, "role", "")
                rows.append(
                    f"{row.entity}{f' ({role})' if role else ''}: {row.get_review_status_display()}"
                )
        return {"links": "; ".join(rows)}


@admin.register(Article)
class ArticleAdmin(HistoryAdmin):
    """Editors ("Редактор") do everything. Authors ("Автор", without the
    publish_article permission) write drafts: they cannot set the status or the
    publication time, nor change, restore or delete a published article
    (permissions.py)."""

    list_display = ["title", "status", "published_at", "public", "source", "updated_at"]
    list_filter = ["status", "source", "published_at"]
    # Shows the search box; get_search_results() does the searching.
    search_fields = ["title", "lead", "body", "source_id"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    inlines = [inline(model, EntityLinkInline) for model in LINK_MODELS]
    readonly_fields = ["source", "source_id", "created_at", "updated_at", "extracted_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        (
            _("Origin"),
            {"fields": ["source", "source_id", "created_at", "updated_at", "extracted_at"]},
        ),
    ]
    actions = ["publish", "unpublish"]
    list_per_page = 50
    form = ArticleForm

    def get_queryset(self, request):
        return super().get_queryset(request).with_is_public()

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if permissions.may_publish(request.user):
            return readonly
        return ["status", "published_at", *readonly]

    def has_publish_permission(self, request):
        return permissions.may_publish(request.user) and self.has_change_permission(request)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not permissions.may_publish(request.user):
            # Deleting in bulk checks the model permission only, not each article.
            actions.pop("delete_selected", None)
        return actions

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        # Any form of the words, as on the site; and, for editors typing part of
        # a word or a source ID, every word inside the case-folded text (case-folded
        # because SQLite's LIKE folds ASCII letters only).
        forms = search.search_articles(Article.objects.all(), search_term).values("pk")
        parts = Q()
        for word in search_term.casefold().split():
            parts &= Q(search_text__contains=word) | Q(source_id=word)
        return queryset.filter(Q(pk__in=forms) | parts), False

    def prepare_row(self, request, row):
        link = row.instance
        if not isinstance(link, EntityLink):
            return
        reviewer = permissions.may_review(request.user, type(link))
        if not reviewer and link.pk is None:
            # Whoever may not review names a link; an editor decides on it.
            link.review_status = ReviewStatus.SUGGESTED
        elif reviewer and "review_status" not in row.changed_data:
            # A link an editor changed is an editor's decision: approved, unless
            # they chose another status themselves.
            suggested = link.review_status == ReviewStatus.SUGGESTED
            link.review_status = ReviewStatus.APPROVED if suggested else link.review_status

    @admin.display(boolean=True, description=_("on the site"), ordering="is_public")
    def public(self, obj):
        return obj.is_public

    @admin.action(description=_("Publish the selected articles"), permissions=["publish"])
    def publish(self, request, queryset):
        comment = pgettext("revision comment", "Published")
        count = self.set_status(request, queryset, Article.Status.PUBLISHED, comment)
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish the selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        comment = pgettext("revision comment", "Unpublished")
        count = self.set_status(request, queryset, Article.Status.DRAFT, comment)
        self.message_user(
            request,
            ngettext("%d article unpublished.", "%d articles unpublished.", count) % count,
            messages.SUCCESS,
        )

    def set_status(self, request, queryset, status, comment):
        """Give the selected articles not yet in `status` that status, recorded in the
        changelist's revision with `comment`; how many changed."""
        changing = queryset.exclude(status=status)
        permissions.check_changes(request.user, changing, status=status)
        pks = list(changing.values_list("pk", flat=True))
        if status == Article.Status.PUBLISHED:
            # Keep a time already set (it may schedule the article); fill in the rest.
            changing.filter(published_at__isnull=True).update(published_at=timezone.now())
        count = changing.update(status=status, updated_at=timezone.now())
        for article in Article.objects.filter(pk__in=pks):
            reversion.add_to_revision(article)
        reversion.set_comment(comment)
        return count
