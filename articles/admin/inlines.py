"""The inline rows' table (and a list's editable columns): Django shows a field's help
in its column heading, yet each row's input still names a help element of its own
(aria-describedby="…_helptext") that the page does not have."""

from django.contrib import admin
from django.forms import BoundField


class HelpInHeadingBoundField(BoundField):
    @property
    def aria_describedby(self):
        ids = (super().aria_describedby or "").split()
        kept = [name for name in ids if name != f"{self.auto_id}_helptext"]
        return " ".join(kept) or None


class TabularInline(admin.TabularInline):
    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and formfield.help_text:
            formfield.bound_field_class = HelpInHeadingBoundField
        return formfield


class HelpInHeadingChangelist:
    """ModelAdmin mixin: the same for the rows of a list's editable columns."""

    def get_changelist_formset(self, request, **kwargs):
        formset = super().get_changelist_formset(request, **kwargs)
        for field in formset.form.base_fields.values():
            if field.help_text:
                field.bound_field_class = HelpInHeadingBoundField
        return formset
