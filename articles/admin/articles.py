"""The articles' admin: the change form with the rich-text body (django-prose-editor),
the lead image's chooser, the article's links to persons, organizations, places and
events, the search box, and publishing in bulk."""

import reversion
from django import forms
from django.contrib import admin, messages
from django.db.models import Q
from django.forms.widgets import Script
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget

from articles import search
from articles.models import (
    LINK_MODELS,
    Article,
    ArticleAuthor,
    ArticlePerson,
    EntityLink,
    ReviewStatus,
    Rubric,
    TopStory,
)
from articles.text import richtext

from . import permissions, revisions, tasks, workflow
from .choosers import ImageChooserAdmin, image_preview
from .edit_conflicts import ConflictCheckedForm
from .headline import HeadlineWidget
from .history import HistoryAdmin, inline
from .inlines import TabularInline
from .previews import PreviewAdmin


class EntityLinkInline(TabularInline):
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


def body_editor_config():
    """The body editor's toolbar: what richtext.ALLOWED_TAGS keeps, and no more.
    Figure needs its Image and Caption nodes; its "Browse..." opens the library's
    picker (ImageAdmin.picker_view)."""
    return {
        "extensions": {
            "Paragraph": True,
            "Heading": {"levels": [2, 3]},
            "Bold": True,
            "Italic": True,
            "Link": {"protocols": sorted(richtext.URL_SCHEMES), "enableTarget": False},
            "Blockquote": True,
            "BulletList": True,
            "OrderedList": True,
            "ListItem": True,
            "HardBreak": True,
            "Figure": {"pickerUrl": reverse("admin:articles_image_picker")},
            "Image": True,
            "Caption": True,
            "History": True,
        }
    }


class BodyEditorWidget(AdminProseEditorWidget):
    """django-prose-editor's admin widget, started by our own module (body-editor.js):
    the package's import map and Tiptap's injected <style> are inline, which the
    site's Content-Security-Policy refuses."""

    @property
    def media(self):
        return forms.Media(
            css={
                "all": [
                    "django_prose_editor/material-icons.css",
                    "django_prose_editor/editor.css",
                    "django_prose_editor/overrides.css",
                    "admin/newsroom/body-editor.css",
                ]
            },
            js=[Script("admin/newsroom/body-editor.js", type="module")],
        )


class BodyField(ProseEditorFormField):
    """The body as the site stores it: sanitized by richtext.sanitize() (not the
    editor's own allow-list) before it is validated, and as the form shows it again."""

    def __init__(self, *args, **kwargs):
        # Passed on, not a class attribute: the package's field replaces any widget
        # that is not given to it.
        kwargs.setdefault("widget", BodyEditorWidget)
        kwargs.setdefault("preset", "configurable")
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return richtext.sanitize(super().to_python(value))

    def bound_data(self, data, initial):
        data = super().bound_data(data, initial)
        return richtext.sanitize(data) if isinstance(data, str) else data


class BylineInline(TabularInline):
    """The article's authors, in the order the byline names them."""

    model = ArticleAuthor
    fields = ["author", "position"]
    autocomplete_fields = ["author"]
    extra = 0


class ArticleForm(ConflictCheckedForm):
    body = BodyField(label=capfirst(_("body")))
    workflow_note = workflow.note_field()
    # Who fills the form in (ArticleAdmin.get_form): the workflow's steps are theirs.
    user = None
    # What clean() found (workflow.clean_step), for save_model().
    workflow_step = stored_status = None

    related_labels = {"links": _("Persons, organizations, places and events in the article")}

    class Meta:
        widgets = {"title": HeadlineWidget}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here, not on import: the picker's address comes from the URLconf. A
        # fresh dict each time, since a form's widgets are shallow copies of the class's.
        body = self.fields["body"]
        body.config = body.widget.config = body_editor_config()

    def clean(self):
        cleaned = super().clean()
        if self.user is not None:
            workflow.clean_step(self, self.user)
        return cleaned

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
class ArticleAdmin(PreviewAdmin, ImageChooserAdmin, HistoryAdmin):
    """Editors ("Редактор") do everything. Authors ("Автор", without the
    publish_article permission) write drafts: they cannot set the status or the
    publication time, nor change, restore or delete a published article
    (permissions.py)."""

    list_display = ["title", "status", "rubric", "published_at", "public", "updated_at"]
    list_filter = ["status", "rubric", "source", "published_at"]
    list_select_related = ["rubric"]
    autocomplete_fields = ["tags"]
    # Shows the search box; get_search_results() does the searching.
    search_fields = ["title", "lead", "body", "source_id"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    inlines = [BylineInline, *(inline(model, EntityLinkInline) for model in LINK_MODELS)]
    raw_id_fields = ["lead_image"]
    shown_read_only = {"body": "body_html", "lead_image": "lead_image_preview"}
    readonly_fields = [
        "source",
        "source_id",
        "created_at",
        "updated_at",
        "extraction",
        "preview_links",
        "editorial_log",
        *shown_read_only.values(),
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body", "lead_image", "credit"]}),
        (_("Rubric and tags"), {"fields": ["rubric", "tags"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "status",
                    "workflow_note",
                    "editorial_log",
                    "published_at",
                    "preview_links",
                ]
            },
        ),
        (
            _("Origin"),
            {"fields": ["source", "source_id", "created_at", "updated_at", "extraction"]},
        ),
    ]
    actions = ["publish", "unpublish"]
    list_per_page = 50
    form = ArticleForm

    class Media:
        css = {"all": ["admin/newsroom/change-form.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).with_is_public()

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if permissions.may_publish(request.user):
            return readonly
        return ["status", "published_at", *readonly]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_changeform_initial_data(self, request):
        # A new article starts in the default rubric, as an imported one does (the form's
        # initial data, not the field's: the field keeps the empty choice HTML requires).
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("rubric", Rubric.objects.default().pk)
        return initial

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The workflow's steps beside the save buttons (change_form.html), when the
        # form can be saved at all.
        if add or self.has_change_permission(request, obj):
            context["workflow_steps"] = workflow.buttons(request.user, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def construct_change_message(self, request, form, formsets, add=False):
        # The history says which step a workflow button took ("Отправлена на проверку.").
        message = super().construct_change_message(request, form, formsets, add)
        step = form.workflow_step
        return f"{message} {workflow.sentence(step.status)}" if step else message

    def save_model(self, request, obj, form, change):
        # The form's clean() chose the step (workflow.clean_step).
        if form.workflow_step is not None:
            obj.status = form.workflow_step.status
        super().save_model(request, obj, form, change)
        workflow.record(
            obj,
            request.user,
            before=form.stored_status,
            note=form.cleaned_data.get("workflow_note", ""),
        )

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

    @admin.display(description=_("body"))
    def body_html(self, obj):
        # As the article's page prints it: the stored body is sanitized HTML.
        return mark_safe(richtext.sanitize(obj.body))

    @admin.display(description=_("preview links"))
    def preview_links(self, obj):
        return self.preview_link_list(obj)

    @admin.display(description=_("editorial log"))
    def editorial_log(self, obj):
        return workflow.log(obj)

    @admin.display(description=_("entities"))
    def extraction(self, obj):
        return tasks.extraction_state(obj)

    @admin.display(description=_("lead image"))
    def lead_image_preview(self, obj):
        return image_preview(obj.lead_image)

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
        count = self.set_status(request, queryset, Article.Status.UNPUBLISHED, comment)
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
        if status != Article.Status.PUBLISHED:
            # Taken off the site: out of the top stories (as on save, apps.py).
            TopStory.objects.filter(article__in=pks).delete()
        for article in Article.objects.filter(pk__in=pks):
            reversion.add_to_revision(article)
        workflow.record_all(pks, request.user, status)
        reversion.set_comment(comment)
        return count
