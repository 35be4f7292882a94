import contextlib

import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, Max, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version
from reversion.utils import mute_signals

from . import merging, permissions, reverting, revisions, search
from .edit_conflicts import ConflictCheckedAdmin, ConflictCheckedForm
from .models import (
    Article,
    ArticleEvent,
    ArticleOrganization,
    ArticlePerson,
    ArticlePlace,
    EntityLink,
    Event,
    EventAlias,
    Organization,
    OrganizationAlias,
    Person,
    PersonAlias,
    Place,
    PlaceAlias,
    ReviewStatus,
)

revisions.register()

admin.site.site_header = _("Newsroom administration")
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Editorial office")
admin.site.index_template = "admin/newsroom_index.html"


class HistoryAdmin(ConflictCheckedAdmin, VersionAdmin):
    """Revision history with restore (django-reversion; articles/revisions.py says
    what a version holds), change forms that refuse to save over someone else's
    change (articles/edit_conflicts.py), and every write judged by the model's
    rule (articles/permissions.py)."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            self.keep_first_version(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def keep_first_version(self, request, object_id):
        """Before the first change in the admin, keep the version it changes (an
        imported article, say), so that it can be restored too."""
        try:
            obj = self.model._default_manager.get(pk=unquote(object_id))
        except (self.model.DoesNotExist, ValueError, ValidationError):
            return
        if self.has_change_permission(request, obj) and not (
            Version.objects.get_for_object(obj).exists()
        ):
            with reversion.create_revision():
                reversion.add_to_revision(obj)
                reversion.set_comment(_("As it was before the first change in the admin"))

    def has_change_permission(self, request, obj=None):
        if obj is not None and not permissions.may_change_stored(
            request.user, self.stored_state(request, obj)
        ):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not permissions.may_change_stored(
            request.user, self.stored_state(request, obj)
        ):
            return False
        return super().has_delete_permission(request, obj)

    def stored_state(self, request, obj):
        """`obj` as stored before this request: during a revert the database holds the
        reverted state, and the rules judge what was there before."""
        before = getattr(request, "newsroom_before_revert", {})
        return before.get((type(obj), str(obj.pk)), obj)

    def save_model(self, request, obj, form, change):
        self.check_write(request, obj, deleted=False)
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        self.check_write(request, obj, deleted=True)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.check_write(request, obj, deleted=True)
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        for row in formset.forms:
            if row in formset.deleted_forms:
                if row.instance.pk is not None:
                    self.check_write(request, row.instance, deleted=True)
            elif row.has_changed():
                self.prepare_row(request, row)
                self.check_write(request, row.instance, deleted=False)
        super().save_formset(request, form, formset, change)

    def prepare_row(self, request, row):
        """Fill in what an inline row's form does not (its review status, say)."""

    def check_write(self, request, obj, *, deleted):
        model, before = type(obj), getattr(request, "newsroom_before_revert", {})
        key = (model, str(obj.pk))
        stored = before[key] if key in before else permissions.stored(model, obj)
        permissions.check(request.user, model, stored, None if deleted else obj)

    def response_change(self, request, obj):
        # Only a save of the object itself keeps a revert (see revert_view).
        request.newsroom_saved = (type(obj), str(obj.pk))
        return super().response_change(request, obj)

    # The revision history's views (django-reversion's, with the checks first).

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = get_object_or_404(
            reverting.versions_of(self.model), pk=version_id, object_id=unquote(object_id)
        )
        if not self.model._default_manager.filter(pk=version.object_id).exists():
            raise Http404
        context = {"title": _("Revert %(name)s") % {"name": version.object_repr}, "revert": True}
        template = self.revision_form_template or self._reversion_get_template_list(
            "revision_form.html"
        )
        return self.revert_view(request, version, template, {**context, **(extra_context or {})})

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        version = get_object_or_404(reverting.versions_of(self.model), pk=version_id)
        # Recover brings back a deleted object; an existing one has its history.
        if self.model._default_manager.filter(pk=version.object_id).exists():
            raise Http404
        context = {"title": _("Recover %(name)s") % {"name": version.object_repr}, "recover": True}
        template = self.recover_form_template or self._reversion_get_template_list(
            "recover_form.html"
        )
        return self.revert_view(request, version, template, {**context, **(extra_context or {})})

    def revert_view(self, request, version, template, context):
        """Show the form as `version` had it (GET), or save it (POST): judged before
        anything is written, in one transaction kept only by a save of that object."""
        changes = reverting.plan(version)
        for change in changes:
            permissions.check(request.user, change.model, change.stored, change.new)
        request.newsroom_before_revert = {
            (change.model, str((change.stored or change.new).pk)): change.stored
            for change in changes
        }
        muted = (
            mute_signals(pre_save, post_save, pre_delete, post_delete, m2m_changed)
            if request.method == "GET"
            else contextlib.nullcontext()
        )
        with transaction.atomic(), muted:
            try:
                reverting.apply(changes)
            except RevertError:
                transaction.set_rollback(True)
                raise Http404 from None
            with self.create_revision(request):
                response = self.changeform_view(
                    request, quote(version.object_id), request.path, context
                )
                saved = getattr(request, "newsroom_saved", None) == (
                    self.model,
                    str(version.object_id),
                )
                if request.method == "POST" and response.status_code == 302 and saved:
                    reversion.set_comment(
                        _("Reverted to previous version, saved on %(datetime)s")
                        % {"datetime": localize(template_localtime(version.revision.date_created))}
                    )
                    return response
            if response.status_code == 200:
                response.template_name = template
                # Rendered now, while the transaction still holds the reverted version.
                response.render()
            transaction.set_rollback(True)
        if response.status_code != 200:
            raise PermissionDenied
        return response


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


class ArticlePersonInline(EntityLinkInline):
    model = ArticlePerson


class ArticleOrganizationInline(EntityLinkInline):
    model = ArticleOrganization


class ArticlePlaceInline(EntityLinkInline):
    model = ArticlePlace


class ArticleEventInline(EntityLinkInline):
    model = ArticleEvent


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
    (articles/permissions.py)."""

    list_display = ["title", "status", "published_at", "visible", "source", "updated_at"]
    list_filter = ["status", "source", "published_at"]
    # Shows the search box; get_search_results() does the searching.
    search_fields = ["title", "lead", "body", "source_id"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    inlines = [
        ArticlePersonInline,
        ArticleOrganizationInline,
        ArticlePlaceInline,
        ArticleEventInline,
    ]
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
        return super().get_queryset(request).with_visibility()

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
    def visible(self, obj):
        return obj.is_public

    @admin.action(description=_("Publish the selected articles"), permissions=["publish"])
    def publish(self, request, queryset):
        drafts = queryset.filter(status=Article.Status.DRAFT)
        permissions.check_changes(request.user, drafts, status=Article.Status.PUBLISHED)
        pks = list(drafts.values_list("pk", flat=True))
        # Keep a time already set (it may schedule the article); fill in the rest.
        drafts.filter(published_at__isnull=True).update(published_at=timezone.now())
        count = drafts.update(status=Article.Status.PUBLISHED, updated_at=timezone.now())
        self.add_versions(pks, pgettext("revision comment", "Published"))
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish the selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        published = queryset.filter(status=Article.Status.PUBLISHED)
        permissions.check_changes(request.user, published, status=Article.Status.DRAFT)
        pks = list(published.values_list("pk", flat=True))
        count = published.update(status=Article.Status.DRAFT, updated_at=timezone.now())
        self.add_versions(pks, pgettext("revision comment", "Unpublished"))
        self.message_user(
            request,
            ngettext("%d article unpublished.", "%d articles unpublished.", count) % count,
            messages.SUCCESS,
        )

    def add_versions(self, pks, comment):
        """Record the articles an action changed in the changelist's revision."""
        for article in Article.objects.filter(pk__in=pks):
            reversion.add_to_revision(article)
        reversion.set_comment(comment)


class EntityAdmin(HistoryAdmin):
    """What editors do with persons, organizations, places and events alike."""

    list_display = ["name", "review_status", "article_count", "best_confidence"]
    list_filter = ["review_status"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
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

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total

    @admin.display(description=_("confidence"), ordering="confidence_max")
    def best_confidence(self, obj):
        return "—" if obj.confidence_max is None else f"{obj.confidence_max:.2f}"

    @admin.action(description=_("Approve the selected"), permissions=["change"])
    def approve(self, request, queryset):
        permissions.check_review(request.user, queryset, ReviewStatus.APPROVED)
        count = merging.set_review_status(queryset, ReviewStatus.APPROVED)
        self.message_user(
            request, ngettext("%d approved.", "%d approved.", count) % count, messages.SUCCESS
        )

    @admin.action(description=_("Reject the selected"), permissions=["change"])
    def reject(self, request, queryset):
        permissions.check_review(request.user, queryset, ReviewStatus.REJECTED)
        count = merging.set_review_status(queryset, ReviewStatus.REJECTED)
        self.message_user(
            request, ngettext("%d rejected.", "%d rejected.", count) % count, messages.SUCCESS
        )

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
                merging.merge(survivor, losers)
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


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 1


class OrganizationAliasInline(admin.TabularInline):
    model = OrganizationAlias
    extra = 1


class PlaceAliasInline(admin.TabularInline):
    model = PlaceAlias
    extra = 1


class EventAliasInline(admin.TabularInline):
    model = EventAlias
    extra = 1


@admin.register(Person)
class PersonAdmin(EntityAdmin):
    list_display = ["name", "description", "review_status", "article_count", "best_confidence"]
    list_filter = ["review_status", ("photo_url", admin.EmptyFieldListFilter)]
    search_fields = ["name", "aliases__name", "description"]
    inlines = [PersonAliasInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Organization)
class OrganizationAdmin(EntityAdmin):
    search_fields = ["name", "aliases__name", "description"]
    inlines = [OrganizationAliasInline]


@admin.register(Place)
class PlaceAdmin(EntityAdmin):
    inlines = [PlaceAliasInline]


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
    inlines = [EventAliasInline]
