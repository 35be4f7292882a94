"""Edit conflicts in the admin: a save made on a stale copy is refused, showing what changed.

The change form carries a signed snapshot of the values the editor was shown. On
save, the row is locked and compared with that snapshot; if someone else changed
a field since, the save is refused with the fields that changed and their values
now, and the form is given a fresh snapshot: saving again is the editor's
informed decision to write their version over the other one.
"""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import localize
from django.utils.text import Truncator
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from reversion.models import Version

from articles.text import richtext

SNAPSHOT_FIELD = "edit_snapshot"
# Kept as it is: another salt would void every edit form open at a deploy.
SALT = "articles.edit_conflicts"
SHOWN_CHARACTERS = 200


def field_value(instance, field):
    """A model field's value in `instance` as a comparable string."""
    if isinstance(field, models.ManyToManyField):
        if instance.pk is None:
            return ""
        pks = getattr(instance, field.name).values_list("pk", flat=True)
        return ",".join(str(pk) for pk in sorted(pks))
    return field.value_to_string(instance)


def snapshot(instance, field_names):
    return {name: field_value(instance, instance._meta.get_field(name)) for name in field_names}


def shown_value(instance, name, value):
    """A field's saved value as an editor reads it: a choice's label, a related object's name."""
    field = instance._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.many_to_one or field.one_to_one:
        return str(getattr(instance, name) or "—")
    if value and richtext.looks_like_html(value):
        # The rich-text body: its words, as the editor reads them, not its tags.
        return richtext.to_text(value) or "—"
    return value or "—"


def last_change(instance):
    """(user, time) of the latest saved revision of `instance`, or None."""
    version = (
        Version.objects.get_for_object(instance)
        .select_related("revision__user")
        .order_by("-revision__date_created")
        .first()
    )
    if version is None:
        return None
    return version.revision.user, version.revision.date_created


class ConflictCheckedForm(forms.ModelForm):
    edit_snapshot = forms.CharField(widget=forms.HiddenInput, required=False)

    # What else the change page edits (its inline rows), by name: label.
    related_labels = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            self.initial[SNAPSHOT_FIELD] = self.signed_snapshot()

    def compared_fields(self):
        model_fields = {field.name for field in self._meta.model._meta.get_fields()}
        return [name for name in self.fields if name in model_fields]

    def related_values(self):
        """The saved values of what `related_labels` names, each as one string."""
        return {}

    def saved_values(self):
        return {**snapshot(self.instance, self.compared_fields()), **self.related_values()}

    def signed_snapshot(self):
        return signing.dumps(self.saved_values(), salt=SALT, compress=True)

    def clean(self):
        cleaned_data = super().clean()
        token = self.data.get(self.add_prefix(SNAPSHOT_FIELD))
        # A new object has nothing to conflict with. A form without a snapshot
        # (posted by a script) is not checked: this guards editors' work from
        # each other, it is not an access control.
        if self.instance.pk is None or not token:
            return cleaned_data
        try:
            seen = signing.loads(token, salt=SALT)
        except signing.BadSignature:
            self.renew_snapshot()
            raise ValidationError(
                _("This form could not be checked against the saved copy. Save again.")
            ) from None
        # Until _post_clean() runs, self.instance holds the saved values (locked
        # by ConflictCheckedAdmin.get_object()).
        now = self.saved_values()
        changed = [name for name, value in now.items() if name in seen and seen[name] != value]
        if changed:
            self.renew_snapshot()
            raise ValidationError(self.conflict_message(changed, now))
        return cleaned_data

    def renew_snapshot(self):
        data = self.data.copy()
        data[self.add_prefix(SNAPSHOT_FIELD)] = self.signed_snapshot()
        self.data = data

    def conflict_message(self, changed, now):
        change = last_change(self.instance)
        if change and change[0] is not None:
            user, when = change
            who = _("%(user)s changed this on %(time)s, after you opened it.") % {
                "user": user.get_full_name() or user.get_username(),
                "time": localize(template_localtime(when)),
            }
        else:
            who = _("Someone changed this after you opened it.")
        lines = [who, _("Your changes were not saved. Changed since:")]
        for name in changed:
            if name in self.related_labels:
                label, value = self.related_labels[name], now[name] or "—"
            else:
                label = self.fields[name].label or name
                value = shown_value(self.instance, name, now[name])
            value = Truncator(value).chars(SHOWN_CHARACTERS)
            lines.append(f"{label}: «{value}»")
        lines.append(
            _(
                "Reload the page to start from the saved copy, or save again to write "
                "your version over it."
            )
        )
        return lines


class ConflictCheckedAdmin:
    """ModelAdmin mixin: change forms refuse to save over someone else's change."""

    form = ConflictCheckedForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if (
            obj is None
            or not self.has_change_permission(request, obj)
            or SNAPSHOT_FIELD in flatten_fieldsets(fieldsets)
        ):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], SNAPSHOT_FIELD]}), *rest]

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None or request.method != "POST":
            return obj
        # Lock the row for the rest of the save (the admin saves in a
        # transaction), then read it again: what the check compares is what
        # this save would overwrite.
        list(self.model._default_manager.select_for_update().filter(pk=obj.pk).values_list("pk"))
        return super().get_object(request, object_id, from_field)
