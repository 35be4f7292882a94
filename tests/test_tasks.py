"""Extraction in the background (articles/tasks.py): a task per save of changed text,
run by the worker, never in the request; idempotent; retried after a failure; the
editor's decisions kept; the queue in the admin."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import formats, timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from articles import tasks
from articles.extraction.pipeline import ExtractionFailure, Extractor
from articles.models import Article, ArticlePerson, ReviewStatus

from .factories import (
    SEED,
    admin_url,
    article_form,
    load_articles,
    logged_in,
    make_article,
    make_superuser,
    make_user,
    object_url,
)

pytestmark = pytest.mark.django_db

TITLE = "Токаев встретился с Путиным в Москве"
LEAD = "Президенты обсудили торговлю и транспорт."
BODY = (
    "<p>Президент Казахстана Касым-Жомарт Токаев провёл переговоры с президентом России "
    "Владимиром Путиным в Москве.</p><p>Стороны обсудили работу Евразийского "
    "экономического союза.</p>"
)


TASKS_URL = "/admin/django_tasks_database/dbtaskresult/"


def queued():
    return list(DBTaskResult.objects.filter(task_path=tasks.extract_article.module_path))


def run_queued():
    """What the worker does (`manage.py db_worker`), until the queue is empty.

    Its closing of old connections is left out: inside the test's transaction it would
    close the connection (PostgreSQL), as it rightly does between a real worker's tasks."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def person_names(article):
    return sorted(
        ArticlePerson.objects.filter(article=article).values_list("person__name", flat=True)
    )


@pytest.fixture
def editor_client():
    return logged_in(make_superuser("root"))


def write_in_admin(client, django_capture_on_commit_callbacks, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            admin_url(Article, "add"),
            article_form(title=TITLE, lead=LEAD, body=BODY, status="draft", **fields),
        )
    assert response.status_code == 302
    return Article.objects.get(title=TITLE)


def test_an_article_written_in_the_admin_gets_one_task_and_nothing_is_extracted_in_the_request(
    editor_client, django_capture_on_commit_callbacks
):
    article = write_in_admin(editor_client, django_capture_on_commit_callbacks)

    (result,) = queued()
    assert result.status == TaskResultStatus.READY
    assert result.args_kwargs == {
        "args": [article.pk, article.content_fingerprint()],
        "kwargs": {},
    }
    assert person_names(article) == []
    assert article.extracted_at is None


def test_the_worker_links_what_it_finds_as_suggestions(
    editor_client, django_capture_on_commit_callbacks
):
    article = write_in_admin(editor_client, django_capture_on_commit_callbacks)

    run_queued()

    article.refresh_from_db()
    (result,) = queued()
    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, "extracted")
    assert person_names(article) == ["Владимир Путин", "Касым-Жомарт Токаев"]
    assert set(
        ArticlePerson.objects.filter(article=article).values_list("review_status", flat=True)
    ) == {ReviewStatus.SUGGESTED}
    assert article.extracted_fingerprint == article.content_fingerprint()
    assert not article.extraction_due
    assert "Москва" in article.places.values_list("name", flat=True)


def test_running_the_task_twice_changes_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(title=TITLE, lead=LEAD, body=BODY)
    fingerprint = article.content_fingerprint()
    assert tasks.extract_article.call(article.pk, fingerprint) == "extracted"
    links = list(ArticlePerson.objects.filter(article=article).values_list("pk", "person", "role"))
    extracted_at = Article.objects.get(pk=article.pk).extracted_at

    assert tasks.extract_article.call(article.pk, fingerprint) == "unchanged"

    assert (
        list(ArticlePerson.objects.filter(article=article).values_list("pk", "person", "role"))
        == links
    )
    assert Article.objects.get(pk=article.pk).extracted_at == extracted_at


def test_a_task_for_text_changed_since_does_nothing_and_the_new_save_has_its_own(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(title=TITLE, lead=LEAD, body=BODY)
        first = article.content_fingerprint()
        article.body = "<p>Текст без имён.</p>"
        article.save()

    assert [result.args_kwargs["args"] for result in queued()] == [
        [article.pk, first],
        [article.pk, article.content_fingerprint()],
    ]
    assert tasks.extract_article.call(article.pk, first) == "changed"
    assert person_names(article) == []
    assert Article.objects.get(pk=article.pk).extracted_at is None


def test_a_deleted_article_ends_its_task(django_capture_on_commit_callbacks):
    article = make_article(title=TITLE, lead=LEAD, body=BODY)
    pk, fingerprint = article.pk, article.content_fingerprint()
    article.delete()
    assert tasks.extract_article.call(pk, fingerprint) == "deleted"


def test_saving_without_changing_the_text_enqueues_nothing(django_capture_on_commit_callbacks):
    article = make_article(title=TITLE, lead=LEAD, body=BODY)
    tasks.extract_article.call(article.pk, article.content_fingerprint())
    article.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        article.status = Article.Status.DRAFT
        article.save()

    assert queued() == []


def test_a_rolled_back_save_enqueues_nothing(django_capture_on_commit_callbacks):
    class Abandoned(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Abandoned),
        transaction.atomic(),
    ):
        make_article(title=TITLE, lead=LEAD, body=BODY)
        raise Abandoned

    assert Article.objects.count() == 0
    assert queued() == []


def test_the_editors_decisions_stay_as_they_left_them(django_capture_on_commit_callbacks):
    article = make_article(title=TITLE, lead=LEAD, body=BODY)
    tasks.extract_article.call(article.pk, article.content_fingerprint())
    putin = ArticlePerson.objects.get(article=article, person__name="Владимир Путин")
    tokayev = ArticlePerson.objects.get(article=article, person__name="Касым-Жомарт Токаев")
    ArticlePerson.objects.filter(pk=putin.pk).update(review_status=ReviewStatus.REJECTED)
    ArticlePerson.objects.filter(pk=tokayev.pk).update(
        review_status=ReviewStatus.APPROVED, role="глава государства"
    )

    article.refresh_from_db()
    article.lead = LEAD + " Подписаны соглашения."
    article.save()
    assert tasks.extract_article.call(article.pk, article.content_fingerprint()) == "extracted"

    assert {
        link.person.name: (link.review_status, link.role)
        for link in ArticlePerson.objects.filter(article=article).select_related("person")
    } == {
        "Владимир Путин": (ReviewStatus.REJECTED, putin.role),
        "Касым-Жомарт Токаев": (ReviewStatus.APPROVED, "глава государства"),
    }


def fail_extraction(monkeypatch):
    monkeypatch.setattr(
        Extractor,
        "extract_batch",
        lambda self, documents: (
            [ExtractionFailure("RuntimeError: модель недоступна")] * len(documents)
        ),
    )


def test_a_failed_extraction_is_retried_later_then_given_up(monkeypatch):
    fail_extraction(monkeypatch)
    article = make_article(title=TITLE, lead=LEAD, body=BODY)
    fingerprint = article.content_fingerprint()
    before = timezone.now()

    for attempt in range(1, tasks.MAX_ATTEMPTS + 1):
        with pytest.raises(tasks.ExtractionFailed, match="модель недоступна"):
            tasks.extract_article.call(article.pk, fingerprint, attempt)

    retries = sorted(queued(), key=lambda result: result.run_after)
    assert [result.args_kwargs["args"] for result in retries] == [
        [article.pk, fingerprint, 2],
        [article.pk, fingerprint, 3],
    ]
    delays = [result.run_after - before for result in retries]
    assert timedelta(seconds=30) <= delays[0] < timedelta(seconds=40)
    assert timedelta(minutes=5) <= delays[1] < timedelta(minutes=5, seconds=10)
    assert Article.objects.get(pk=article.pk).extracted_at is None


def test_the_worker_records_a_failure_with_its_error(
    monkeypatch, django_capture_on_commit_callbacks
):
    fail_extraction(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(title=TITLE, lead=LEAD, body=BODY)

    run_queued()

    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert failed.args_kwargs["args"] == [article.pk, article.content_fingerprint()]
    assert failed.exception_class_path == "articles.tasks.ExtractionFailed"
    assert "RuntimeError: модель недоступна" in failed.traceback
    # The retry waits its 30 seconds: the batch worker left it.
    (retry,) = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert retry.args_kwargs["args"][2] == 2


def test_the_importer_enqueues_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_articles(SEED, extract=False)
        load_articles(SEED, extract=False, overwrite=True)
    assert Article.objects.count() == 1
    assert queued() == []


def test_extract_entities_due_extracts_what_the_queue_has_not(capsys):
    extracted = make_article(title=TITLE, lead=LEAD, body=BODY)
    tasks.extract_article.call(extracted.pk, extracted.content_fingerprint())
    due = make_article(title="Путин прибыл в Астану", lead="Визит.", body="<p>Путин в Астане.</p>")
    before = Article.objects.get(pk=extracted.pk).extracted_at

    call_command("extract_entities", "--due")

    assert "1 extracted, 0 failed." in capsys.readouterr().out
    assert Article.objects.get(pk=extracted.pk).extracted_at == before
    assert not Article.objects.get(pk=due.pk).extraction_due


# The article's form and the queue in the admin


def extraction_field(html):
    """The text of the article form's read-only "entities" field."""
    return re.search(
        r'class="form-row field-extraction">.*?<div class="readonly">(.*?)</div>', html, re.S
    ).group(1)


def test_the_articles_form_says_where_its_extraction_is(
    editor_client, django_capture_on_commit_callbacks, settings
):
    settings.LANGUAGE_CODE = "en"
    new = editor_client.get(admin_url(Article, "add")).content.decode()
    article = write_in_admin(editor_client, django_capture_on_commit_callbacks)
    waiting = editor_client.get(object_url(article, "change")).content.decode()
    run_queued()
    done = editor_client.get(object_url(article, "change")).content.decode()
    article.refresh_from_db()

    (result,) = queued()
    enqueued = formats.localize(timezone.localtime(result.enqueued_at))
    extracted = formats.localize(timezone.localtime(article.extracted_at))
    assert extraction_field(new) == "Extracted in the background once the article is saved."
    assert extraction_field(waiting) == f"Waiting for the task worker since {enqueued}."
    assert extraction_field(done) == f"Extracted on {extracted}."
    assert "Касым-Жомарт Токаев" in done


def test_the_form_of_an_article_whose_extraction_failed_says_why(
    editor_client, monkeypatch, django_capture_on_commit_callbacks, settings
):
    settings.LANGUAGE_CODE = "en"
    fail_extraction(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(title=TITLE, lead=LEAD, body=BODY)
    run_queued()
    # The retry is newer than the failure: make it the failure the form reads.
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).delete()

    html = editor_client.get(object_url(article, "change")).content.decode()

    assert extraction_field(html) == (
        "The last extraction failed: articles.tasks.ExtractionFailed: RuntimeError: "
        "модель недоступна"
    )


def test_superusers_see_failed_tasks_with_their_error_and_retry_them(
    editor_client, monkeypatch, django_capture_on_commit_callbacks
):
    fail_extraction(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        make_article(title=TITLE, lead=LEAD, body=BODY)
    run_queued()
    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)

    listing = editor_client.get(TASKS_URL).content.decode()
    response = editor_client.post(
        TASKS_URL,
        {"action": "retry", "_selected_action": [str(failed.pk)]},
        follow=True,
    )

    assert "ExtractionFailed: RuntimeError: модель недоступна" in listing
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    # The automatic retry (attempt 2) and the one asked for, as the failed task was.
    assert sorted(result.args_kwargs["args"] for result in ready) == [
        failed.args_kwargs["args"],
        [*failed.args_kwargs["args"], 2],
    ]
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


@pytest.mark.parametrize("group", ["Редактор", "Автор"])
def test_editors_and_authors_do_not_see_the_task_queue(group):
    client = logged_in(make_user("someone", group))
    assert client.get(TASKS_URL).status_code == 403
