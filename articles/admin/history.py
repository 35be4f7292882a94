"""The base of the editors' ModelAdmins: revision history with restore, edit conflicts,
and every write judged by the model's rule (permissions.py) before it is made."""

import contextlib

import reversion
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version
from reversion.utils import mute_signals

from . import permissions, reverting, revisions
from .edit_conflicts import ConflictCheckedAdmin
from .inlines import TabularInline
from .wording import WordedAdmin

# stored_state()'s default when the state must be read from the database.
_UNREAD = object()

# Before any VersionAdmin is registered: it would register the models with its defaults.
revisions.register()


def inline(model, base=TabularInline, **options):
    """An inline of `model`'s rows, a `base` named after it (ArticlePersonInline, …)."""
    return type(
        f"{model.__name__}Inline", (base,), {"__module__": __name__, "model": model, **options}
    )


class HistoryAdmin(WordedAdmin, ConflictCheckedAdmin, VersionAdmin):
    """Revision history with restore (django-reversion; revisions.py says what a
    version holds), change forms that refuse to save over someone else's change
    (edit_conflicts.py), and every write judged by the model's rule (permissions.py)."""

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
            request.user, self.stored_state(request, obj, obj)
        ):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not permissions.may_delete_stored(
            request.user, self.stored_state(request, obj, obj)
        ):
            return False
        return super().has_delete_permission(request, obj)

    def stored_state(self, request, obj, default):
        """`obj` as stored before this request (`default` outside a revert): during a
        revert the database holds the reverted state, and the rules judge what was
        there before."""
        before = getattr(request, "newsroom_before_revert", {})
        key = (type(obj), str(obj.pk))
        return before.get(key, default)

    def save_model(self, request, obj, form, change):
        self.check_write(request, obj, deleted=False)
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        # `obj` was just read from the database: it is the stored state.
        permissions.check(request.user, type(obj), obj, None)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            permissions.check(request.user, type(obj), obj, None)
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
        """Judge a write of `obj`, which holds the form's values, against its stored state."""
        model = type(obj)
        stored = self.stored_state(request, obj, _UNREAD)
        if stored is _UNREAD:
            stored = permissions.stored(model, obj)
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
        # Bringing one back saves its change form: who may add but not change (an
        # author and a tag) could see the form, never save it.
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
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
