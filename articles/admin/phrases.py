"""The admin's sentences that name a model: page titles, buttons, messages, inline and
related-object labels, delete confirmations and history entries.

Django's own catalog puts a model's name, as it is, into sentences that need another
case ("Выберите статья") and a verb of the wrong gender ("Статья … был изменен"). Here
each sentence takes the noun in the case it needs (grammar.py), and a sentence whose
words agree with the noun has one form per gender (or animacy), chosen by its
translation context. Every value put in is escaped: the results are safe HTML.
"""

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import get_text_list
from django.utils.translation import (
    gettext,
    gettext_noop,
    ngettext,
    npgettext_lazy,
    pgettext_lazy,
)

from . import grammar

# The titles of a related field's links (add, change, delete, view), which Django's
# widget template words, out of the ModelAdmin's reach (the form renderer's templates
# are Django's own): translated again here, where Django's Russian puts "…" inside
# the title attribute, ending it. "Объект типа «…»" fits every case.
RELATED_WIDGET_TITLES = (
    gettext_noop("Change selected %(model)s"),
    gettext_noop("Add another %(model)s"),
    gettext_noop("Delete selected %(model)s"),
    gettext_noop("View selected %(model)s"),
)

# By grammar.Noun.gender: the subject's verb ("добавлена", "добавлен", "добавлено").
ADDED = {
    grammar.MASCULINE: pgettext_lazy("masculine", "%(name)s “%(obj)s” was added successfully."),
    grammar.FEMININE: pgettext_lazy("feminine", "%(name)s “%(obj)s” was added successfully."),
    grammar.NEUTER: pgettext_lazy("neuter", "%(name)s “%(obj)s” was added successfully."),
}
ADDED_EDIT_AGAIN = {
    grammar.MASCULINE: pgettext_lazy(
        "masculine", "%(name)s “%(obj)s” was added successfully. You may edit it again below."
    ),
    grammar.FEMININE: pgettext_lazy(
        "feminine", "%(name)s “%(obj)s” was added successfully. You may edit it again below."
    ),
    grammar.NEUTER: pgettext_lazy(
        "neuter", "%(name)s “%(obj)s” was added successfully. You may edit it again below."
    ),
}
CHANGED = {
    grammar.MASCULINE: pgettext_lazy("masculine", "%(name)s “%(obj)s” was changed successfully."),
    grammar.FEMININE: pgettext_lazy("feminine", "%(name)s “%(obj)s” was changed successfully."),
    grammar.NEUTER: pgettext_lazy("neuter", "%(name)s “%(obj)s” was changed successfully."),
}
CHANGED_EDIT_AGAIN = {
    grammar.MASCULINE: pgettext_lazy(
        "masculine", "%(name)s “%(obj)s” was changed successfully. You may edit it again below."
    ),
    grammar.FEMININE: pgettext_lazy(
        "feminine", "%(name)s “%(obj)s” was changed successfully. You may edit it again below."
    ),
    grammar.NEUTER: pgettext_lazy(
        "neuter", "%(name)s “%(obj)s” was changed successfully. You may edit it again below."
    ),
}
DELETED = {
    grammar.MASCULINE: pgettext_lazy("masculine", "%(name)s “%(obj)s” was deleted successfully."),
    grammar.FEMININE: pgettext_lazy("feminine", "%(name)s “%(obj)s” was deleted successfully."),
    grammar.NEUTER: pgettext_lazy("neuter", "%(name)s “%(obj)s” was deleted successfully."),
}
MISSING = {
    grammar.MASCULINE: pgettext_lazy(
        "masculine", "%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"
    ),
    grammar.FEMININE: pgettext_lazy(
        "feminine", "%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"
    ),
    grammar.NEUTER: pgettext_lazy(
        "neuter", "%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"
    ),
}
# The count chooses the form too ("Удалена 1 статья", "Удалено 5 статей").
BULK_DELETED = {
    grammar.MASCULINE: npgettext_lazy(
        "masculine", "Deleted %(items)s.", "Deleted %(items)s.", "count"
    ),
    grammar.FEMININE: npgettext_lazy(
        "feminine", "Deleted %(items)s.", "Deleted %(items)s.", "count"
    ),
    grammar.NEUTER: npgettext_lazy("neuter", "Deleted %(items)s.", "Deleted %(items)s.", "count"),
}
# Rows saved together in a list (list_editable).
BULK_CHANGED = {
    grammar.MASCULINE: npgettext_lazy(
        "masculine", "Changed %(items)s.", "Changed %(items)s.", "count"
    ),
    grammar.FEMININE: npgettext_lazy(
        "feminine", "Changed %(items)s.", "Changed %(items)s.", "count"
    ),
    grammar.NEUTER: npgettext_lazy("neuter", "Changed %(items)s.", "Changed %(items)s.", "count"),
}
# History entries of an inline row, the row's name in the nominative.
ROW_ADDED = {
    grammar.MASCULINE: pgettext_lazy("masculine", "Added %(nominative)s “%(obj)s”."),
    grammar.FEMININE: pgettext_lazy("feminine", "Added %(nominative)s “%(obj)s”."),
    grammar.NEUTER: pgettext_lazy("neuter", "Added %(nominative)s “%(obj)s”."),
}
ROW_DELETED = {
    grammar.MASCULINE: pgettext_lazy("masculine", "Deleted %(nominative)s “%(obj)s”."),
    grammar.FEMININE: pgettext_lazy("feminine", "Deleted %(nominative)s “%(obj)s”."),
    grammar.NEUTER: pgettext_lazy("neuter", "Deleted %(nominative)s “%(obj)s”."),
}

# By grammar.Noun.agreement: a word agreeing with the accusative ("ещё одну статью",
# "ещё одного пользователя"), and in the first two the subject's verb as well.
ADDED_ADD_ANOTHER = {
    grammar.MASCULINE: pgettext_lazy(
        "masculine",
        "%(name)s “%(obj)s” was added successfully. You may add another %(accusative)s below.",
    ),
    f"{grammar.MASCULINE} animate": pgettext_lazy(
        "masculine animate",
        "%(name)s “%(obj)s” was added successfully. You may add another %(accusative)s below.",
    ),
    grammar.FEMININE: pgettext_lazy(
        "feminine",
        "%(name)s “%(obj)s” was added successfully. You may add another %(accusative)s below.",
    ),
    grammar.NEUTER: pgettext_lazy(
        "neuter",
        "%(name)s “%(obj)s” was added successfully. You may add another %(accusative)s below.",
    ),
}
CHANGED_ADD_ANOTHER = {
    grammar.MASCULINE: pgettext_lazy(
        "masculine",
        "%(name)s “%(obj)s” was changed successfully. You may add another %(accusative)s below.",
    ),
    f"{grammar.MASCULINE} animate": pgettext_lazy(
        "masculine animate",
        "%(name)s “%(obj)s” was changed successfully. You may add another %(accusative)s below.",
    ),
    grammar.FEMININE: pgettext_lazy(
        "feminine",
        "%(name)s “%(obj)s” was changed successfully. You may add another %(accusative)s below.",
    ),
    grammar.NEUTER: pgettext_lazy(
        "neuter",
        "%(name)s “%(obj)s” was changed successfully. You may add another %(accusative)s below.",
    ),
}
ADD_ANOTHER = {
    grammar.MASCULINE: pgettext_lazy("masculine", "Add another %(accusative)s"),
    f"{grammar.MASCULINE} animate": pgettext_lazy(
        "masculine animate", "Add another %(accusative)s"
    ),
    grammar.FEMININE: pgettext_lazy("feminine", "Add another %(accusative)s"),
    grammar.NEUTER: pgettext_lazy("neuter", "Add another %(accusative)s"),
}
# By grammar.Noun.plural_agreement ("выбранные статьи", "выбранных персон").
DELETE_ALL_SELECTED = {
    "inanimate": pgettext_lazy("inanimate", "Delete selected %(accusative_plural)s"),
    "animate": pgettext_lazy("animate", "Delete selected %(accusative_plural)s"),
}
RECOVER_DELETED = {
    "inanimate": pgettext_lazy("inanimate", "Recover deleted %(accusative_plural)s"),
    "animate": pgettext_lazy("animate", "Recover deleted %(accusative_plural)s"),
}
SELECT_ALL = {
    "inanimate": pgettext_lazy("inanimate", "Select all %(total)s %(accusative_plural)s"),
    "animate": pgettext_lazy("animate", "Select all %(total)s %(accusative_plural)s"),
}


def fill(template, opts, *, html=True, **values):
    """`template` with the noun of `opts`'s model in every case and `values` put in. As
    HTML (`html`), each escaped unless it is safe already (a link); else plain text."""
    noun = grammar.noun(opts)
    words = {
        "name": noun.name,
        "nominative": noun.nominative,
        "accusative": noun.accusative,
        "genitive": noun.genitive,
        "accusative_plural": noun.accusative_plural,
        "genitive_plural": noun.genitive_plural,
        **values,
    }
    if not html:
        return template % words
    return mark_safe(template % {key: conditional_escape(value) for key, value in words.items()})


def by_gender(forms, opts, **values):
    return fill(forms[grammar.noun(opts).gender], opts, **values)


def by_agreement(forms, opts, **values):
    return fill(forms[grammar.noun(opts).agreement], opts, **values)


def by_plural_agreement(forms, opts, **values):
    return fill(forms[grammar.noun(opts).plural_agreement], opts, **values)


# Page titles and buttons.


def changelist_title(opts, *, may_change, popup=False):
    if popup:
        return fill(gettext("Select %(accusative)s"), opts)
    if may_change:
        return fill(gettext("Select %(accusative)s to change"), opts)
    return fill(gettext("Select %(accusative)s to view"), opts)


def add_title(opts):
    return fill(gettext("Add %(accusative)s"), opts)


def change_title(opts):
    return fill(gettext("Change %(accusative)s"), opts)


def view_title(opts):
    return fill(gettext("View %(accusative)s"), opts)


def delete_title(opts):
    return fill(gettext("Delete %(accusative)s"), opts)


def cannot_delete_title(opts):
    return fill(gettext("Cannot delete %(accusative)s"), opts)


def cannot_delete_selected_title(opts, count):
    return fill(
        gettext("Cannot delete the selected objects (%(items)s)"), opts, items=count_of(opts, count)
    )


def recover_deleted(opts):
    return by_plural_agreement(RECOVER_DELETED, opts)


def delete_selected_action(opts):
    return by_plural_agreement(DELETE_ALL_SELECTED, opts)


def select_all(opts, total):
    return by_plural_agreement(SELECT_ALL, opts, total=total)


def add_another(opts):
    return by_agreement(ADD_ANOTHER, opts)


# Messages after a save or a deletion.


def added(opts, obj, *, then=None):
    """`then`: "edit" (the form is shown again) or "add" (a new one's form is)."""
    if then == "add":
        return by_agreement(ADDED_ADD_ANOTHER, opts, obj=obj)
    return by_gender(ADDED_EDIT_AGAIN if then == "edit" else ADDED, opts, obj=obj)


def changed(opts, obj, *, then=None):
    if then == "add":
        return by_agreement(CHANGED_ADD_ANOTHER, opts, obj=obj)
    return by_gender(CHANGED_EDIT_AGAIN if then == "edit" else CHANGED, opts, obj=obj)


def deleted(opts, obj):
    return by_gender(DELETED, opts, obj=obj)


def missing(opts, key):
    return by_gender(MISSING, opts, key=key)


def count_of(opts, count):
    """The count with the noun in the form the number takes ("3 статьи")."""
    return grammar.noun(opts).count(count)


def bulk_deleted(opts, count):
    return _counted(BULK_DELETED, opts, count)


def bulk_changed(opts, count):
    return _counted(BULK_CHANGED, opts, count)


def _counted(forms, opts, count):
    template = forms[grammar.noun(opts).gender]
    return mark_safe(
        template % {"count": count, "items": conditional_escape(count_of(opts, count))}
    )


# The delete confirmations.


def delete_question(opts, obj):
    return fill(
        gettext(
            "Are you sure you want to delete the %(accusative)s “%(obj)s”? All of the "
            "following related items will be deleted:"
        ),
        opts,
        obj=obj,
    )


def delete_forbidden(opts, obj):
    return fill(
        gettext(
            "Deleting the %(genitive)s “%(obj)s” would result in deleting related objects, "
            "but your account doesn't have permission to delete the following types of "
            "objects:"
        ),
        opts,
        obj=obj,
    )


def delete_protected(opts, obj):
    return fill(
        gettext(
            "Deleting the %(genitive)s “%(obj)s” would require deleting the following "
            "protected related objects:"
        ),
        opts,
        obj=obj,
    )


def delete_selected_question(opts, count):
    return fill(
        gettext(
            "Are you sure you want to delete the selected objects (%(items)s)? All of the "
            "following objects and their related items will be deleted:"
        ),
        opts,
        items=count_of(opts, count),
    )


def delete_selected_forbidden(opts, count):
    return fill(
        gettext(
            "Deleting the selected objects (%(items)s) would result in deleting related "
            "objects, but your account doesn't have permission to delete the following "
            "types of objects:"
        ),
        opts,
        items=count_of(opts, count),
    )


def delete_selected_protected(opts, count):
    return fill(
        gettext(
            "Deleting the selected objects (%(items)s) would require deleting the following "
            "protected related objects:"
        ),
        opts,
        items=count_of(opts, count),
    )


# History entries: what a save changed, on the form and in each inline row, as
# ModelAdmin.construct_change_message finds it, worded in the active language (the
# entry Django keeps is in English, its field names translated only where a catalog
# has them). Plain text: the revision's comment is stored, and escaped where shown.


def saved(form, formsets, *, add):
    lines = [gettext("Added.")] if add else []
    if not add and shown_changes(form):
        lines.append(changed_fields(shown_changes(form)))
    for formset in formsets or []:
        model = formset.model
        for obj in formset.new_objects:
            lines.append(by_gender(ROW_ADDED, model, obj=str(obj), html=False))
        for obj, names in formset.changed_objects:
            row = next((f for f in formset.forms if f.instance.pk == obj.pk), formset.forms[0])
            lines.append(changed_fields(shown_changes(row, names), model, str(obj)))
        for obj in formset.deleted_objects:
            lines.append(by_gender(ROW_DELETED, model, obj=str(obj), html=False))
    return " ".join(lines) or gettext("No fields changed.")


def shown_changes(form, names=None):
    """The labels of the fields a form changed, but for hidden ones (an edit snapshot)."""
    return [
        str(form.fields[name].label or name)
        for name in (form.changed_data if names is None else names)
        if name in form.fields and not form.fields[name].widget.is_hidden
    ]


def changed_fields(labels, model=None, obj=None):
    names = get_text_list([f"«{label}»" for label in labels], gettext("and"))
    if model is None:
        template = ngettext(
            "Changed the field %(fields)s.", "Changed the fields %(fields)s.", len(labels)
        )
        return template % {"fields": names}
    template = ngettext(
        "Changed the field %(fields)s of the %(genitive)s “%(obj)s”.",
        "Changed the fields %(fields)s of the %(genitive)s “%(obj)s”.",
        len(labels),
    )
    return fill(template, model, html=False, fields=names, obj=obj)
