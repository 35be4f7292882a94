"""Security headers, the Content-Security-Policy, cookies and the admin's path."""

import importlib

import pytest
from django.urls import clear_url_caches, reverse

from newsroom import urls

from ..factories import make_article
from ..newsroom.test_settings import PRODUCTION, manage

pytestmark = pytest.mark.django_db


def policy(response):
    directives = (
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    return dict(directives)


CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' https: data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def test_public_pages_and_the_admin_send_the_security_headers(client, admin_client):
    article = make_article(title="Статья")
    for response in [
        client.get("/"),
        client.get(article.get_absolute_url()),
        client.get("/api/articles/"),
        admin_client.get(reverse("admin:index")),
        client.get("/no-such-page/"),
    ]:
        assert policy(response) == CSP
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_a_revalidated_page_carries_the_policy_too(client):
    make_article(title="Статья")
    first = client.get("/")
    again = client.get("/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert policy(again) == CSP


def test_hsts_is_sent_over_https_and_its_age_comes_from_the_environment(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"

    code = "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS)"
    result = manage(
        "shell", "-v", "0", "-c", code, env={**PRODUCTION, "DJANGO_HSTS_SECONDS": "600"}
    )
    assert result.stdout.split() == ["600"]


def test_production_cookies_are_secure_and_http_only():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_HTTPONLY)"
    )
    result = manage("shell", "-v", "0", "-c", code, env=PRODUCTION)
    assert result.stdout.split() == ["True", "True", "True", "True"], result.stderr


def test_the_login_pages_cookies_carry_the_flags(client, settings):
    settings.CSRF_COOKIE_SECURE = True
    response = client.get(reverse("admin:login"), secure=True)
    cookie = response.cookies["csrftoken"]
    assert (cookie["secure"], cookie["httponly"]) == (True, True)


@pytest.fixture
def admin_path(settings):
    """The URLconf as it is built with DJANGO_ADMIN_PATH=redakciya-7f3c."""

    def build(path):
        settings.NEWSROOM_ADMIN_PATH = path
        settings.NEWSROOM_PAGE_CACHE_EXCLUDE = [f"/{path}"]
        importlib.reload(urls)
        clear_url_caches()

    yield build
    build("admin/")


def test_the_admin_path_comes_from_the_environment(admin_path, admin_client):
    code = "from django.conf import settings as s; print(s.NEWSROOM_ADMIN_PATH)"
    result = manage(
        "shell", "-v", "0", "-c", code, env={**PRODUCTION, "DJANGO_ADMIN_PATH": "/redakciya-7f3c"}
    )
    assert result.stdout.split() == ["redakciya-7f3c/"], result.stderr

    admin_path("redakciya-7f3c/")

    assert reverse("admin:index") == "/redakciya-7f3c/"
    assert reverse("review_queue") == "/redakciya-7f3c/review/"
    assert admin_client.get("/redakciya-7f3c/").status_code == 200
    assert admin_client.get("/admin/").status_code == 404
    robots = admin_client.get("/robots.txt").content.decode()
    assert "admin" not in robots
    assert "redakciya" not in robots


def test_the_default_admin_path_is_kept_out_of_search_engines(client):
    assert "Disallow: /admin/\n" in client.get("/robots.txt").content.decode()
