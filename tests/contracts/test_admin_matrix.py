"""Every admin route × every role × GET and POST: the answer, and no write where refused.

The routes come from the URLconf, so a route added later (a new model's admin, a
third-party view) fails here until its expectations are written down. Each POST
is a real attempt: the form as a superuser is shown it, with a changed name or
title; a delete confirmed; a bulk delete; a review decision. Each request runs
in a savepoint that is rolled back, after the database was compared with its
state before the request.
"""

from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django_tasks_db.models import DBTaskResult
from reversion.models import Version

from articles.models import (
    Article,
    Author,
    Event,
    Organization,
    Person,
    Place,
    Rubric,
    Tag,
    TopStory,
)
from articles.tasks import extract_article

from ..factories import (
    article_data,
    editor,
    jpeg_bytes,
    link,
    make_article,
    make_image,
    make_person,
    make_superuser,
    make_user,
    object_url,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff", "author", "editor", "superuser"]
ENTITIES = [Person, Organization, Place, Event]
# Kept by editors; authors see them, and add tags (migration 0015).
SECTIONS = [Rubric, Tag, Author]

# What each run checked: (routes in the URLconf, requests tried, roles, answers
# compared), for the line tests/conftest.py prints in the summary.
CHECKED = []


def admin_routes():
    """(name, pattern) of every route under the admin, from the URLconf."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(
                    pattern.url_patterns,
                    prefix + str(pattern.pattern).removeprefix("^"),
                    pattern.namespace or namespace,
                )
            elif isinstance(pattern, URLPattern):
                # Joined as resolve() reports it: a regex's leading ^ dropped.
                yield (namespace, pattern.name, prefix + str(pattern.pattern).removeprefix("^"))

    return [
        (name or f"redirect:{route}", route)
        for namespace, name, route in walk(get_resolver().url_patterns, "", None)
        if route.startswith("admin/")
    ]


class FormReader(HTMLParser):
    """The values a browser would send for the page's main form."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea, self._in_form = {}, None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form or ("name" not in attrs and tag != "option"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            default = "on" if kind in {"checkbox", "radio"} else ""
            if kind not in {"submit", "button", "file"} and "__prefix__" not in attrs["name"]:
                self.data.setdefault(attrs["name"], attrs.get("value", default))
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea" and "__prefix__" not in attrs["name"]:
            self._textarea = attrs["name"]
            self.data[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def form_of(client, path, *, rename=True):
    reader = FormReader()
    with transaction.atomic():
        reader.feed(client.get(path).content.decode())
        transaction.set_rollback(True)
    for key in ("title", "name", "alt") if rename else ():
        if key in reader.data:
            reader.data[key] = "Изменено проверкой прав"
    if rename and "position" in reader.data:
        # A top story's only field to change.
        reader.data["position"] = "7"
    return {key: value.strip("\n") for key, value in reader.data.items()}


def snapshot():
    """Every row a refused request must leave alone."""
    models = [
        *apps.get_app_config("articles").get_models(),
        get_user_model(),
        Group,
        Group.permissions.through,
        get_user_model().groups.through,
        Version,
        AccessAttempt,
        AccessLog,
        AccessFailureLog,
        DBTaskResult,
    ]
    return {
        model._meta.label: sorted(map(repr, model._default_manager.order_by().values_list()))
        for model in models
    }


@pytest.fixture
def world(settings):
    """The objects every route is tried on, and the users of every role."""
    # Out of the database: a request that renews the session key (a password
    # change does) must not lose the session with the rolled-back savepoint.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    users = {"anonymous": None, "superuser": make_superuser("root")}
    for role, group in [("staff", None), ("author", "Автор"), ("editor", "Редактор")]:
        users[role] = make_user(role, group)
    anna = editor("anna")
    published = make_article(title="Опубликованная")
    draft = make_article(title="Черновик", status="draft", published_at=None)
    person = make_person("Нурсултан Назарбаев")
    link(published, person, "Президент")
    # The workflow's other states: in review (the author's still), unpublished (the
    # author edits it again, only an editor deletes it).
    review = make_article(title="На проверке", status="review", published_at=None)
    unpublished = make_article(title="Снятая", status="unpublished")
    objects = {
        "article:published": published,
        "article:draft": draft,
        "article:review": review,
        "article:unpublished": unpublished,
    }
    for model in ENTITIES:
        objects[model._meta.model_name] = obj = (
            person if model is Person else model.objects.create(name=f"{model.__name__} один")
        )
        gone = model.objects.create(name=f"{model.__name__} удалённый")
        anna.post(
            object_url(gone, "change"), form_of(anna, object_url(gone, "change"), rename=False)
        )
        anna.post(object_url(gone, "delete"), {"post": "yes"})
        anna.post(object_url(obj, "change"), form_of(anna, object_url(obj, "change"), rename=False))
    for article in (published, draft, review, unpublished):
        data = (
            article_data(article)
            if article.published_at
            else form_of(anna, object_url(article, "change"))
        )
        anna.post(object_url(article, "change"), data)
    for status in ("published", "draft"):
        gone = make_article(title=f"Удалённая ({status})", status="draft", published_at=None)
        if status == "published":
            Article.objects.filter(pk=gone.pk).update(
                status="published", published_at=draft.created_at
            )
            gone.refresh_from_db()
            anna.post(object_url(gone, "change"), article_data(gone))
        else:
            anna.post(
                object_url(gone, "change"), form_of(anna, object_url(gone, "change"), rename=False)
            )
        anna.post(object_url(gone, "delete"), {"post": "yes"})
    for model in SECTIONS:
        objects[model._meta.model_name] = obj = model.objects.create(name=f"{model.__name__} один")
        gone = model.objects.create(name=f"{model.__name__} удалённый")
        anna.post(
            object_url(gone, "change"), form_of(anna, object_url(gone, "change"), rename=False)
        )
        anna.post(object_url(gone, "delete"), {"post": "yes"})
        anna.post(object_url(obj, "change"), form_of(anna, object_url(obj, "change"), rename=False))
    objects["topstory"] = TopStory.objects.create(article=published, position=1)
    make_article(title="Опубликованная, не главная")
    objects["django_tasks_database.dbtaskresult"] = DBTaskResult.objects.get(
        pk=extract_article.enqueue(published.pk, published.content_fingerprint()).id
    )
    objects["image"] = make_image(width=400, height=300)
    objects["auth.user"] = users["staff"]
    objects["auth.group"] = Group.objects.get(name="Автор")
    objects["axes.accessattempt"] = AccessAttempt.objects.create(
        username="x", ip_address="10.0.0.1", failures_since_start=1
    )
    objects["axes.accesslog"] = AccessLog.objects.create(username="x", ip_address="10.0.0.1")
    objects["axes.accessfailurelog"] = AccessFailureLog.objects.create(
        username="x", ip_address="10.0.0.1", locked_out=False
    )
    return users, objects, Client()


def deleted_version(model, title_part=""):
    return (
        Version.objects.get_deleted(model)
        .filter(object_repr__contains=title_part)
        .order_by("pk")
        .first()
    )


# Expected (GET status, POST status, POST writes) for each role, in ROLES' order.
LOGIN = (302, 302, False)
A = LOGIN  # anonymous, everywhere but the login page
OK_VIEW = (200, 200, False)  # a form shown; a POST answered with the form again (no write)


def expected_for(kind, subject):
    """The policy, written out: kind of route × what it is about → role → answer."""
    if subject == "topstory":
        return top_story_expectations(kind)
    if subject == "django_tasks_database.dbtaskresult":
        return task_expectations(kind)
    if subject in {"rubric", "tag", "author"}:
        return section_expectations(kind, subject)
    # What an author may change and delete; an unpublished article they may change only.
    author_article = subject in {"article:draft", "article:review"}
    author_changes = author_article or subject == "article:unpublished"
    editor_model = subject not in {"auth.user", "auth.group"} and not subject.startswith("axes.")
    table = {
        "changelist": {
            "staff": (403, 403, False),
            # An author's bulk delete is not offered: the list comes back, nothing deleted.
            "author": (200, 200, False) if editor_model else (403, 403, False),
            "editor": (200, 302, True) if editor_model else (403, 403, False),
        },
        "add": {
            "staff": (403, 403, False),
            "author": (200, 302, True) if editor_model else (403, 403, False),
            "editor": (200, 302, True) if editor_model else (403, 403, False),
        },
        "change": {
            "staff": (403, 403, False),
            "author": (200, 302, True)
            if author_changes
            else (200, 403, False)
            if editor_model
            else (403, 403, False),
            "editor": (200, 302, True) if editor_model else (403, 403, False),
        },
        "history": {
            "staff": (403, 403, False),
            "author": (200, 200, False) if editor_model else (403, 403, False),
            "editor": (200, 200, False) if editor_model else (403, 403, False),
        },
        "delete": {
            "staff": (403, 403, False),
            "author": (200, 302, True) if author_article else (403, 403, False),
            "editor": (200, 302, True) if editor_model else (403, 403, False),
        },
        # The unpublished article's first version has another publication time:
        # restoring it is the editor's.
        "revision": {
            "staff": (403, 403, False),
            "author": (200, 302, True) if author_article else (403, 403, False),
            "editor": (200, 302, True),
        },
        "recover": {
            "staff": (403, 403, False),
            # A deleted draft: the author's to bring back; a deleted published
            # article or an approved entity: the editor's.
            "author": (200, 302, True) if author_article else (403, 403, False),
            "editor": (200, 302, True),
        },
        "recoverlist": {
            "staff": (403, 403, False),
            "author": (200, 200, False) if subject.startswith("article") else (403, 403, False),
            "editor": (200, 200, False),
        },
        # The media library's own pages: uploading several (add_image), the
        # editor's picker (view_image; nothing to post).
        "upload": {
            "staff": (403, 403, False),
            "author": (200, 302, True),
            "editor": (200, 302, True),
        },
        "picker": {
            "staff": (403, 403, False),
            "author": (200, 405, False),
            "editor": (200, 405, False),
        },
        # Making and revoking preview links: a POST only; whoever may change the article.
        "preview_links": {
            "staff": (405, 403, False),
            "author": (405, 302, True) if author_changes else (405, 403, False),
            "editor": (405, 302, True),
        },
        "redirect": {
            "staff": (302, 302, False),
            "author": (302, 302, False),
            "editor": (302, 302, False),
        },
    }[kind]
    superuser = {
        "changelist": (200, 302, True),
        "add": (403, 403, False) if subject.startswith("axes.") else (200, 302, True),
        # django-axes shows its records read-only: a save writes nothing.
        "change": (200, 302, False) if subject.startswith("axes.") else (200, 302, True),
        "history": (200, 200, False),
        "delete": (200, 302, True),
        "revision": (200, 302, True),
        "recover": (200, 302, True),
        "recoverlist": (200, 200, False),
        "redirect": (302, 302, False),
        "upload": (200, 302, True),
        "picker": (200, 405, False),
        "preview_links": (405, 302, True),
    }[kind]
    return {"anonymous": A, **table, "superuser": superuser}


def top_story_expectations(kind):
    """Editors choose the top stories; authors see them (migration 0014)."""
    author = {
        # The list, without the bulk delete authors are not given.
        "changelist": (200, 200, False),
        "add": (403, 403, False),
        "change": (200, 403, False),
        "history": (200, 200, False),
        "delete": (403, 403, False),
        "redirect": (302, 302, False),
    }[kind]
    editor = {
        "changelist": (200, 302, True),
        "add": (200, 302, True),
        "change": (200, 302, True),
        "history": (200, 200, False),
        "delete": (200, 302, True),
        "redirect": (302, 302, False),
    }[kind]
    staff = (302, 302, False) if kind == "redirect" else (403, 403, False)
    return {"anonymous": A, "staff": staff, "author": author, "editor": editor, "superuser": editor}


def section_expectations(kind, subject):
    """Rubrics, tags and authors: the editors' (and superusers'); authors see them and
    add tags (bringing one back takes the change permission, as its form is saved)."""
    tags = subject == "tag"
    author = {
        "changelist": (200, 200, False),
        "add": (200, 302, True) if tags else (403, 403, False),
        "change": (200, 403, False),
        "history": (200, 200, False),
        "delete": (403, 403, False),
        "revision": (403, 403, False),
        "recover": (403, 403, False),
        "recoverlist": (403, 403, False),
        "redirect": (302, 302, False),
    }[kind]
    editor = {
        "changelist": (200, 302, True),
        "add": (200, 302, True),
        "change": (200, 302, True),
        "history": (200, 200, False),
        "delete": (200, 302, True),
        "revision": (200, 302, True),
        "recover": (200, 302, True),
        "recoverlist": (200, 200, False),
        "redirect": (302, 302, False),
    }[kind]
    staff = (302, 302, False) if kind == "redirect" else (403, 403, False)
    return {"anonymous": A, "staff": staff, "author": author, "editor": editor, "superuser": editor}


def task_expectations(kind):
    """The task queue: superusers read it (nobody adds, changes or deletes a task)."""
    superuser = {
        # No bulk delete: "no action selected", back to the list.
        "changelist": (200, 302, False),
        "add": (403, 403, False),
        "change": (200, 403, False),
        "history": (200, 200, False),
        "delete": (403, 403, False),
        "redirect": (302, 302, False),
    }[kind]
    others = (302, 302, False) if kind == "redirect" else (403, 403, False)
    return {"anonymous": A, **dict.fromkeys(ROLES[1:4], others), "superuser": superuser}


SITE_ROUTES = {
    # name: (path, POST data, {role: (GET, POST, writes)})
    "index": ("", {}, None),
    "login": ("login/", {"username": "root", "password": "wrong"}, None),
    "password_change": ("password_change/", {"old_password": "wrong"}, None),
    "password_change_done": ("password_change/done/", {}, None),
    "autocomplete": (
        "autocomplete/?app_label=articles&model_name=articleperson&field_name=person&term=Наз",
        {},
        None,
    ),
    "jsi18n": ("jsi18n/", {}, None),
    "view_on_site": (None, {}, None),
    "app_list": ("articles/", {}, None),
    "final_catch_all": ("nowhere/", {}, None),
    "review_queue": ("review/", None, None),
    # Last: it ends the session of the role's client.
    "logout": ("logout/", {}, None),
}


def site_expectations(name):
    staff_like = {
        "index": (200, 200, False),
        "login": (302, 200, True),
        "logout": (405, 200, False),
        "password_change": (200, 200, False),
        "password_change_done": (200, 405, False),
        "autocomplete": (200, 405, False),
        "jsi18n": (200, 405, False),
        "view_on_site": (302, 302, False),
        "final_catch_all": (404, 404, False),
    }
    anonymous = {"login": (200, 200, True)}.get(name, LOGIN)
    if name in staff_like:
        answer = staff_like[name]
        result = dict.fromkeys(ROLES[1:], answer)
        if name == "autocomplete":
            result["staff"] = (403, 405, False)
        return {"anonymous": anonymous, **result}
    if name == "app_list":
        return {
            "anonymous": LOGIN,
            "staff": (404, 404, False),
            **dict.fromkeys(("author", "editor", "superuser"), (200, 200, False)),
        }
    if name == "review_queue":
        return {
            "anonymous": LOGIN,
            "staff": (403, 403, False),
            "author": (403, 403, False),
            "editor": (200, 302, True),
            "superuser": (200, 302, True),
        }
    raise AssertionError(f"no expectations for the admin route {name!r}")


def model_routes(objects):
    """(route name, subject, path, POST data source) for every model route and object."""
    rows = []
    for label, subject_objects in [
        (
            "articles.article",
            ["article:published", "article:draft", "article:review", "article:unpublished"],
        ),
        *[(f"articles.{m._meta.model_name}", [m._meta.model_name]) for m in ENTITIES + SECTIONS],
        ("articles.image", ["image"]),
        ("articles.topstory", ["topstory"]),
        ("django_tasks_database.dbtaskresult", ["django_tasks_database.dbtaskresult"]),
        *[
            (lab, [lab])
            for lab in [
                "auth.user",
                "auth.group",
                "axes.accessattempt",
                "axes.accesslog",
                "axes.accessfailurelog",
            ]
        ],
    ]:
        app_label, model_name = label.split(".")
        prefix = f"admin:{app_label}_{model_name}"
        for subject in subject_objects:
            obj = objects[subject]
            rows += [
                (
                    "changelist",
                    subject,
                    reverse(f"{prefix}_changelist"),
                    {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
                ),
                ("add", subject, reverse(f"{prefix}_add"), "form"),
                ("change", subject, reverse(f"{prefix}_change", args=[obj.pk]), "form"),
                ("history", subject, reverse(f"{prefix}_history", args=[obj.pk]), {}),
                ("delete", subject, reverse(f"{prefix}_delete", args=[obj.pk]), {"post": "yes"}),
                ("redirect", subject, f"/admin/{app_label}/{model_name}/{obj.pk}/", {}),
            ]
            if label == "articles.image":
                # No revision history: a recovered image would have lost its files.
                rows += [
                    ("upload", subject, reverse("admin:articles_image_upload"), "upload"),
                    ("picker", subject, reverse("admin:articles_image_picker"), {}),
                ]
            elif label == "articles.topstory":
                pass  # no revision history: a choice, not content
            elif app_label == "articles":
                model = type(obj)
                version = Version.objects.get_for_object(obj).order_by("pk").first()
                state = subject.partition(":")[2] or ""
                gone = deleted_version(
                    model,
                    # A deleted article was a draft or published; in review is the
                    # author's as a draft is, unpublished the editor's as published.
                    {
                        "published": "(published)",
                        "draft": "(draft)",
                        "review": "(draft)",
                        "unpublished": "(published)",
                    }.get(state, ""),
                )
                rows += [
                    (
                        "revision",
                        subject,
                        reverse(f"{prefix}_revision", args=[obj.pk, version.pk]),
                        "form",
                    ),
                    ("recover", subject, reverse(f"{prefix}_recover", args=[gone.pk]), "form"),
                    ("recoverlist", subject, reverse(f"{prefix}_recoverlist"), {}),
                ]
            if label == "articles.article":
                rows.append(
                    (
                        "preview_links",
                        subject,
                        reverse("admin:articles_article_preview_links", args=[obj.pk]),
                        {"make_preview_link": "1"},
                    )
                )
            if label == "auth.user":
                rows.append(
                    (
                        "password",
                        subject,
                        reverse("admin:auth_user_password_change", args=[obj.pk]),
                        "form",
                    )
                )
    return rows


class RepeatedUpload:
    """A file the test client sends whole every time (it reads a file without rewinding)."""

    def __init__(self, name, content):
        self.name, self.content = name, content

    def read(self):
        return self.content


def upload_form_data():
    return {"files": [RepeatedUpload("photo.jpg", jpeg_bytes(400, 300))], "alt": "Новое фото"}


def add_form_data(label):
    return {
        "articles.article": {
            "title": "Новая статья",
            "lead": "Лид",
            "body": "Текст.",
            "rubric": str(Rubric.objects.default().pk),
        },
        "articles.image": {
            "alt": "Новое фото",
            "upload": RepeatedUpload("photo.jpg", jpeg_bytes(400, 300)),
        },
        "auth.group": {"name": "Новая группа"},
        "articles.topstory": {
            "article": str(Article.objects.get(title="Опубликованная, не главная").pk),
            "position": "2",
        },
        "auth.user": {
            "username": "newcomer",
            "password1": "x-секрет-42-abc",
            "password2": "x-секрет-42-abc",
            "usable_password": "true",
        },
    }.get(label, {"name": "Новое имя"})


def attempt(client, method, path, data):
    """(status, whether the database changed) for one request, rolled back afterwards."""
    with transaction.atomic():
        before = snapshot()
        response = client.get(path) if method == "GET" else client.post(path, data)
        changed = snapshot() != before
        transaction.set_rollback(True)
    return response.status_code, changed


def test_every_admin_route_answers_every_role_as_the_rules_say(world):
    users, objects, client = world
    routes = admin_routes()
    superuser_client = Client()
    superuser_client.force_login(users["superuser"])
    suggested = Event.objects.create(name="Предложенное событие", review_status="suggested")
    review_data = {"model": "event", "decision": "approve", "pk": [suggested.pk]}
    content_type = ContentType.objects.get_for_model(Article)
    published = objects["article:published"]

    cells, mismatches = 0, []
    plan = []
    for kind, subject, path, data in model_routes(objects):
        if data == "upload":
            data = upload_form_data()
        if data == "form":
            label = subject.split(":")[0]
            label = label if "." in label else f"articles.{label}"
            data = form_of(superuser_client, path)
            if kind == "add":
                data.update(add_form_data(label))
            if kind == "password":
                data.update({"password1": "x-новый-42-abc", "password2": "x-новый-42-abc"})
        expectations = (
            expected_for(kind, subject)
            if kind != "password"
            else {
                "anonymous": LOGIN,
                **dict.fromkeys(ROLES[1:4], (403, 403, False)),
                "superuser": (200, 302, True),
            }
        )
        plan.append((kind, subject, path, data, expectations))
    for name, (path, data, _) in SITE_ROUTES.items():
        if name == "view_on_site":
            path = reverse("admin:view_on_site", args=[content_type.pk, published.pk])
        else:
            path = f"/admin/{path}"
        plan.append(
            (name, "site", path, review_data if data is None else data, site_expectations(name))
        )

    for role in ROLES:
        client = Client()
        if users[role] is not None:
            client.force_login(users[role])
        for kind, subject, path, data, expectations in plan:
            get, post, writes = expectations[role]
            for method, wanted in [("GET", (get, False)), ("POST", (post, writes))]:
                got = attempt(client, method, path, data)
                cells += 1
                if got != wanted:
                    mismatches.append(
                        f"{role} {method} {path} ({kind}, {subject}): {got} != {wanted}"
                    )

    covered = {resolve(path.split("?")[0]).route for _, _, path, _, _ in plan}
    assert mismatches == [], "\n".join(mismatches)
    assert sorted({route for _, route in routes} - covered) == []
    CHECKED.append((len(routes), len(plan), len(ROLES), cells))
