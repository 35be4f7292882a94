"""WordedAdmin: the ModelAdmin mixin every admin of the project has, which says the
model's name in the case and gender each title, button and message needs
(phrases.py) where Django's catalog puts it in as it is ("Добавить статья")."""

import json
from urllib.parse import quote as urlquote

from django.contrib import admin
from django.contrib.admin import actions, helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import quote
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from . import phrases

# The message a response is about to give, made by WordedAdmin.message_user.
_PENDING = "newsroom_worded_message"
# In a view's extra context: the title is Django's, to be worded here.
_DEFAULT_TITLE = "newsroom_default_title"


class WordedInlineFormSet(helpers.InlineAdminFormSet):
    """An inline whose "add another" link names its row in the accusative."""

    def inline_formset_data(self):
        data = json.loads(super().inline_formset_data())
        data["options"]["addText"] = str(phrases.add_another(self.formset.model))
        return json.dumps(data)


@admin.action(permissions=["delete"], description=actions.delete_selected.short_description)
def delete_selected(modeladmin, request, queryset):
    """Django's bulk delete, with its message and titles worded for the model."""
    count = len(queryset)
    opts = modeladmin.opts
    _pending(request, lambda: phrases.bulk_deleted(opts, count))
    try:
        response = actions.delete_selected(modeladmin, request, queryset)
    finally:
        request.__dict__.pop(_PENDING, None)
    if isinstance(response, TemplateResponse) and (
        response.context_data["perms_lacking"] or response.context_data["protected"]
    ):
        response.context_data["title"] = phrases.cannot_delete_selected_title(opts, count)
    return response


def _pending(request, message):
    setattr(request, _PENDING, message)


class WordedAdmin:
    """ModelAdmin mixin: titles, the add button, success messages, the bulk delete and
    its action's label, inline labels and history entries worded for the model."""

    # Titles: Django's own ("Add %s" with the nominative) replaced; a view's caller
    # may still give its own (HistoryAdmin's revert and recover).

    def changelist_view(self, request, extra_context=None):
        title = phrases.changelist_title(
            self.opts,
            may_change=self.has_change_permission(request),
            popup=IS_POPUP_VAR in request.GET,
        )
        extra_context = {"title": title, **(extra_context or {})}
        if not (request.method == "POST" and "_save" in request.POST and self.list_editable):
            return super().changelist_view(request, extra_context)
        # The list's rows saved at once: counted by log_change() for the message.
        request.newsroom_rows_changed = 0
        message = lambda: phrases.bulk_changed(self.opts, request.newsroom_rows_changed)  # noqa: E731
        return self._worded(request, message, super().changelist_view, request, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if "title" not in extra_context:
            extra_context = {**extra_context, _DEFAULT_TITLE: True}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if context.pop(_DEFAULT_TITLE, False):
            # By the object, not `add`: a failed "save as new" shows the change template.
            if obj is None:
                context["title"] = phrases.add_title(self.opts)
            elif self.has_change_permission(request, obj):
                context["title"] = phrases.change_title(self.opts)
            else:
                context["title"] = phrases.view_title(self.opts)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def delete_view(self, request, object_id, extra_context=None):
        extra_context = extra_context or {}
        if "title" not in extra_context:
            extra_context = {**extra_context, _DEFAULT_TITLE: True}
        return super().delete_view(request, object_id, extra_context)

    def render_delete_form(self, request, context):
        if context.pop(_DEFAULT_TITLE, False):
            refused = context.get("perms_lacking") or context.get("protected")
            title = phrases.cannot_delete_title if refused else phrases.delete_title
            context["title"] = title(self.opts)
        return super().render_delete_form(request, context)

    def recoverlist_view(self, request, extra_context=None):
        # django-reversion's list of deleted objects (HistoryAdmin).
        title = phrases.recover_deleted(self.opts)
        return super().recoverlist_view(request, {"title": title, **(extra_context or {})})

    # Messages: the response's own message, as Django words it, is replaced by ours.

    def message_user(self, request, message, *args, **kwargs):
        worded = request.__dict__.pop(_PENDING, None)
        super().message_user(request, message if worded is None else worded(), *args, **kwargs)

    def response_add(self, request, obj, post_url_continue=None):
        def message():
            # Read when Django gives its message: UserAdmin adds "_continue" first.
            may_change = self.has_change_permission(request, obj)
            shown = self.object_link(obj) if may_change else str(obj)
            again = "_continue" in request.POST or (
                "_saveasnew" in request.POST and self.save_as_continue
            )
            if "_addanother" in request.POST:
                return phrases.added(self.opts, shown, then="add")
            return phrases.added(self.opts, shown, then="edit" if again and may_change else None)

        return self._worded(request, message, super().response_add, request, obj, post_url_continue)

    def response_change(self, request, obj):
        def message():
            shown = format_html('<a href="{}">{}</a>', urlquote(request.path), obj)
            if "_continue" in request.POST:
                return phrases.changed(self.opts, shown, then="edit")
            if "_addanother" in request.POST:
                return phrases.changed(self.opts, shown, then="add")
            return phrases.changed(self.opts, shown)

        return self._worded(request, message, super().response_change, request, obj)

    def response_delete(self, request, obj_display, obj_id):
        message = lambda: phrases.deleted(self.opts, obj_display)  # noqa: E731
        return self._worded(request, message, super().response_delete, request, obj_display, obj_id)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        message = lambda: phrases.missing(opts, object_id)  # noqa: E731
        return self._worded(
            request, message, super()._get_obj_does_not_exist_redirect, request, opts, object_id
        )

    def _worded(self, request, message, respond, *args):
        _pending(request, message)
        try:
            return respond(*args)
        finally:
            request.__dict__.pop(_PENDING, None)

    def object_link(self, obj):
        url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[quote(obj.pk)],
            current_app=self.admin_site.name,
        )
        return format_html('<a href="{}">{}</a>', urlquote(url), obj)

    # The bulk delete and its label, the inlines' "add another".

    def get_actions(self, request):
        found = super().get_actions(request)
        if "delete_selected" in found:
            found["delete_selected"] = (
                delete_selected,
                "delete_selected",
                phrases.delete_selected_action(self.opts),
            )
        return found

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_formset in inline_formsets:
            # Its data is all that differs: the formset Django made is kept.
            inline_formset.__class__ = WordedInlineFormSet
        return inline_formsets

    # History entries, kept as the words the history shows (LogEntry shows a message
    # that is not JSON as it is; django-reversion copies it into the revision): Django
    # keeps a list in English instead, whose field names only a catalog that has them
    # translates ("Изменено Caption"). The site has one language.

    def construct_change_message(self, request, form, formsets, add=False):
        return phrases.saved(form, formsets, add=add)

    def log_change(self, request, obj, message):
        if hasattr(request, "newsroom_rows_changed"):
            request.newsroom_rows_changed += 1
        return super().log_change(request, obj, message)
