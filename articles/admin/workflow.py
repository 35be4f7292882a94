"""The article's workflow in the admin: Черновик → На проверке → Опубликована (and
Снята с публикации). Authors submit a draft for review and may take it back; editors
publish, send an article back to its author with a note, or take it off the site.
Each step, and each internal note, goes into the article's editorial log with who
and when (EditorialNote); readers never see it."""

from dataclasses import dataclass

from django import forms
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from articles.models import Article, EditorialNote

from . import permissions

Status = Article.Status
# The form's buttons post their step under this name.
STEP_FIELD = "_workflow_step"
NOTE_FIELD = "workflow_note"


@dataclass(frozen=True)
class Step:
    status: str
    label: str
    # Who takes it: "editor" (publish_article) and/or "author" (anyone else).
    roles: frozenset
    # The states it is offered from (None: a new article).
    sources: frozenset
    # A note is required: the author must learn why.
    needs_note: bool = False


AUTHOR, EDITOR = frozenset({"author"}), frozenset({"editor"})
BOTH = AUTHOR | EDITOR

STEPS = [
    Step(
        Status.REVIEW,
        _("Submit for review"),
        roles=BOTH,
        sources=frozenset({None, Status.DRAFT, Status.UNPUBLISHED}),
    ),
    Step(
        Status.DRAFT,
        _("Withdraw from review"),
        roles=AUTHOR,
        sources=frozenset({Status.REVIEW}),
    ),
    Step(
        Status.PUBLISHED,
        _("Publish"),
        roles=EDITOR,
        sources=frozenset({None, Status.DRAFT, Status.REVIEW, Status.UNPUBLISHED}),
    ),
    Step(
        Status.DRAFT,
        _("Send back to the author"),
        roles=EDITOR,
        sources=frozenset({Status.REVIEW}),
        needs_note=True,
    ),
    Step(
        Status.UNPUBLISHED,
        _("Unpublish"),
        roles=EDITOR,
        sources=frozenset({Status.PUBLISHED}),
    ),
]

# What the log says of each state an article went into.
ENTERED = {
    Status.DRAFT: _("back to the drafts"),
    Status.REVIEW: _("submitted for review"),
    Status.PUBLISHED: _("published"),
    Status.UNPUBLISHED: _("unpublished"),
}


def sentence(status):
    """The log's words for entering `status`, as a sentence of the history."""
    return f"{capfirst(ENTERED[status])}."


def offered(user, status):
    """(index, step) of the steps `user` may take from `status` (None: a new article)."""
    role = "editor" if permissions.may_publish(user) else "author"
    return [
        (index, step)
        for index, step in enumerate(STEPS)
        if status in step.sources and role in step.roles
    ]


def chosen(user, status, data):
    """The step the posted form asks for, if `user` may take it from `status`, or None."""
    value = data.get(STEP_FIELD, "")
    return next((step for index, step in offered(user, status) if str(index) == value), None)


def buttons(user, article):
    """The form's step buttons: each saves the form and takes its step."""
    status = None if article is None or article.pk is None else article.status
    return format_html_join(
        " ",
        '<button type="submit" class="button workflow-step" name="{}" value="{}">{}</button>',
        ((STEP_FIELD, index, step.label) for index, step in offered(user, status)),
    )


def note_field():
    return forms.CharField(
        label=_("Note for the editorial log"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_(
            "Readers never see it. Sending an article back to its author takes a note: "
            "what to change."
        ),
    )


def clean_step(form, user):
    """The form's check: the step its button asks for (None: a plain save), which it
    keeps as `workflow_step`, with the state it is taken from as `stored_status` (None:
    a new article; read before the form's values reach the instance); a step that
    needs a note has one."""
    form.stored_status = form.instance.status if form.instance.pk is not None else None
    form.workflow_step = step = chosen(user, form.stored_status, form.data)
    if step is not None and step.needs_note and not form.cleaned_data.get(NOTE_FIELD, "").strip():
        form.add_error(NOTE_FIELD, _("Say what the author should change."))


def record(article, user, *, before, note):
    """Log the step `article` took from the state `before` (None: new, which starts as a
    draft), and the note."""
    status = article.status if article.status != (before or Status.DRAFT) else ""
    if status or note.strip():
        EditorialNote.objects.create(article=article, user=user, status=status, text=note.strip())


def record_all(pks, user, status):
    """Log the step of the articles of `pks` into `status` (a bulk action)."""
    EditorialNote.objects.bulk_create(
        EditorialNote(article_id=pk, user=user, status=status) for pk in pks
    )


def log(article):
    """The editorial log as the form shows it, oldest first."""
    if article is None or article.pk is None:
        return _("Nothing yet.")
    notes = list(article.editorial_notes.select_related("user"))
    if not notes:
        return _("Nothing yet.")
    return format_html(
        '<ol class="editorial-log">{}</ol>',
        format_html_join(
            "",
            '<li><time datetime="{}">{}</time> — {}{}{}</li>',
            (
                (
                    timezone.localtime(note.created_at).isoformat(timespec="seconds"),
                    formats.localize(timezone.localtime(note.created_at)),
                    note.user or _("the system"),
                    format_html(": <strong>{}</strong>", ENTERED[note.status])
                    if note.status
                    else "",
                    format_html("<br>{}", note.text) if note.text else "",
                )
                for note in notes
            ),
        ),
    )
