"""The task queue in the admin: django-tasks-db's read-only list of tasks, with each
failure's error, and a retry of failed tasks. Superusers only: no role is given
the task table's permissions (an editor sees an article's extraction on its form).
"""

from django.contrib import admin, messages
from django.utils import formats
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext, pgettext_lazy
from django_tasks import TaskResultStatus
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from .wording import WordedAdmin

admin.site.unregister(DBTaskResult)

# django-tasks and django-tasks-db ship no Russian: their words shown in the admin,
# translated in this project's catalog.
THIRD_PARTY_WORDS = (
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("enqueued at"),
    gettext_noop("started at"),
    gettext_noop("finished at"),
    gettext_noop("queue name"),
    gettext_noop("task path"),
    gettext_noop("traceback"),
    gettext_noop("return value"),
    gettext_noop("run after"),
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
)


def failure(result):
    """A failed task's error: its traceback's last line (the exception and message)."""
    if result.status != TaskResultStatus.FAILED or not result.traceback:
        return ""
    return Truncator(result.traceback.strip().splitlines()[-1]).chars(160)


@admin.register(DBTaskResult)
class TaskResultAdmin(WordedAdmin, DBTaskResultAdmin):
    list_display = (
        "task_name",
        "arguments",
        "status",
        "enqueued_at",
        "finished_at",
        "error",
    )
    list_filter = ("status", "queue_name")
    search_fields = ["task_path"]
    actions = ["retry"]

    @admin.display(description=_("arguments"))
    def arguments(self, obj):
        values = [*obj.args_kwargs.get("args", []), *obj.args_kwargs.get("kwargs", {}).values()]
        return Truncator(", ".join(str(value) for value in values)).chars(60)

    @admin.display(description=_("error"))
    def error(self, obj):
        return failure(obj)

    def has_retry_permission(self, request):
        return request.user.has_perm("django_tasks_database.change_dbtaskresult")

    @admin.action(description=_("Retry the selected failed tasks"), permissions=["retry"])
    def retry(self, request, queryset):
        failed = list(queryset.filter(status=TaskResultStatus.FAILED))
        for result in failed:
            arguments = result.args_kwargs
            result.task.enqueue(*arguments.get("args", []), **arguments.get("kwargs", {}))
        if not failed:
            self.message_user(request, _("None of the selected tasks failed."), messages.WARNING)
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d failed task was queued again.",
                "%(count)d failed tasks were queued again.",
                len(failed),
            )
            % {"count": len(failed)},
            messages.SUCCESS,
        )


def extraction_state(article):
    """What the article's form says of its entities' extraction: when it was done,
    or that it waits in the queue, or why its last attempt failed."""
    from articles.tasks import extract_article

    if article.pk is None:
        return _("Extracted in the background once the article is saved.")
    if not article.extraction_due and article.extracted_at is not None:
        when = formats.localize(localtime(article.extracted_at))
        return _("Extracted on %(when)s.") % {"when": when}
    last = (
        DBTaskResult.objects.filter(
            task_path=extract_article.module_path, args_kwargs__args__0=article.pk
        )
        .order_by("-enqueued_at")
        .first()
    )
    if last is None:
        return _("Not extracted yet (manage.py extract_entities --due extracts it).")
    if last.status == TaskResultStatus.FAILED:
        return _("The last extraction failed: %(error)s") % {"error": failure(last)}
    return _("Waiting for the task worker since %(when)s.") % {
        "when": formats.localize(localtime(last.enqueued_at))
    }
