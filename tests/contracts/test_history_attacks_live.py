"""The three history attacks, replayed against gunicorn with production settings on
PostgreSQL: an author logs in through the login form and sends plain HTTP requests
with a valid CSRF token, as the trial that found them did."""

import http.client
import os
import re
import subprocess
import sys
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import Article, Event, ReviewStatus

from ..admin.test_reverting import (
    link_version_of_a_published_state,
    published_article_with_a_draft_version,
    rejected_event_with_an_approved_version,
)
from ..factories import ROOT, article_form, make_user, restore_roles
from ..servers import start_gunicorn

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="production settings on PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True),
]

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PASSWORD = "x-секрет-42-автор"


class Browser:
    """Cookies and the headers a browser behind the site's TLS proxy sends."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, data=None):
        origin = f"https://127.0.0.1:{self.port}"
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "127.0.0.1",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": origin,
                "Referer": origin + path,
            }
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.read().decode()
        finally:
            conn.close()

    def token(self, path):
        status, page = self.request("GET", path)
        assert status == 200, (path, status)
        return CSRF.search(page).group(1)

    def log_in(self, username, password):
        login = reverse("admin:login")
        token = self.token(login)
        status, _ = self.request(
            "POST",
            login,
            {"csrfmiddlewaretoken": token, "username": username, "password": password},
        )
        assert status == 302


@pytest.fixture
def site(tmp_path):
    static = tmp_path / "static"
    production = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "a-test-key-of-this-run-only-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_BEHIND_PROXY": "1",
        "DJANGO_STATIC_ROOT": str(static),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env={**os.environ, **production},
        check=True,
    )
    settings_dict = connection.settings_dict
    url = (
        f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:"
        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_URL"))}
    log = (tmp_path / "gunicorn.log").open("w")
    server, port = start_gunicorn({**env, **production, "DATABASE_URL": url}, log)
    yield Browser(port)
    server.terminate()
    server.wait(timeout=30)
    log.close()


def an_author():
    restore_roles()
    make_user("author", "Автор", password=PASSWORD)


def test_the_three_attacks_fail_against_a_running_site(site):
    draft, link_version = link_version_of_a_published_state()
    event, event_version = rejected_event_with_an_approved_version()
    published, draft_version = published_article_with_a_draft_version()
    an_author()
    before = list(
        Article.objects.order_by("pk").values_list("pk", "status", "published_at", "title")
    )
    site.log_in("author", PASSWORD)
    token = site.token(reverse("admin:articles_article_add"))

    answers = [
        # 1. Publishing a draft through recover with a link's version, and the history URL.
        site.request(
            "POST",
            reverse("admin:articles_article_recover", args=[link_version.pk]),
            {"csrfmiddlewaretoken": token},
        )[0],
        site.request(
            "POST",
            reverse(
                "admin:articles_article_revision", args=[link_version.object_id, link_version.pk]
            ),
            {"csrfmiddlewaretoken": token},
        )[0],
        # 2. Approving a rejected event again through the article's recover view.
        site.request("GET", reverse("admin:articles_article_recover", args=[event_version.pk]))[0],
        site.request(
            "POST",
            reverse("admin:articles_article_recover", args=[event_version.pk]),
            {"csrfmiddlewaretoken": token},
        )[0],
        # 3. Unpublishing and rewriting a published article with an older draft version.
        site.request(
            "POST",
            reverse("admin:articles_article_revision", args=[published.pk, draft_version.pk]),
            {
                **article_form(title="Подмена автора", slug=published.slug),
                "csrfmiddlewaretoken": token,
            },
        )[0],
    ]

    assert answers == [404, 404, 404, 404, 403]
    assert (
        list(Article.objects.order_by("pk").values_list("pk", "status", "published_at", "title"))
        == before
    )
    assert Event.objects.get(pk=event.pk).review_status == ReviewStatus.REJECTED
    assert site.request("GET", draft.get_absolute_url())[0] == 404
    assert site.request("GET", event.get_absolute_url())[0] == 404
