"""The Content-Security-Policy blocks nothing our own pages need, public or admin."""

import re
import secrets

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect
from reversion.models import Version

from articles.models import Event, Person

from .conftest import SEED_EVENT, SEED_PERSON

pytestmark = pytest.mark.browser

# Every violation the browser reports, whatever the page did to cause it.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def visit(page, url):
    response = page.goto(url)
    page.wait_for_load_state("load")
    assert "script-src 'self'" in response.headers["content-security-policy"].split("; ")
    return page.evaluate("window.__violations")


def test_public_pages_break_no_rule_of_the_policy(page, site_pages):
    page.add_init_script(RECORD_VIOLATIONS)
    violations = {name: visit(page, url) for name, url in site_pages.items()}
    assert violations == {name: [] for name in site_pages}


def test_admin_pages_break_no_rule_of_the_policy(page, seed_article):
    password = secrets.token_urlsafe(24)
    get_user_model().objects.create_superuser("editor", "editor@example.kz", password)
    page.add_init_script(RECORD_VIOLATIONS)
    assert visit(page, reverse("admin:login")) == []
    page.fill("#id_username", "editor")
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    expect(page).to_have_url(re.compile(re.escape(reverse("admin:index")) + "$"))

    # A save, so that the history has a version to open.
    page.goto(reverse("admin:articles_article_change", args=[seed_article.pk]))
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_have_count(1)
    version = Version.objects.get_for_object(seed_article).order_by("-pk").first()
    person = Person.objects.get(name=SEED_PERSON)
    event = Event.objects.get(name=SEED_EVENT)
    urls = [
        reverse("admin:index"),
        reverse("review_queue"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_change", args=[seed_article.pk]),
        reverse("admin:articles_article_history", args=[seed_article.pk]),
        reverse("admin:articles_article_revision", args=[seed_article.pk, version.pk]),
        reverse("admin:articles_article_recoverlist"),
        reverse("admin:articles_person_changelist"),
        reverse("admin:articles_person_change", args=[person.pk]),
        reverse("admin:articles_event_change", args=[event.pk]),
    ]
    violations = {url: visit(page, url) for url in urls}
    assert violations == {url: [] for url in urls}
    # The inline link rows and the autocomplete widgets are scripts of the admin's own.
    page.goto(reverse("admin:articles_article_change", args=[seed_article.pk]))
    page.locator("#person_links-group .add-row a").click()
    expect(page.locator("#person_links-group tr.dynamic-person_links")).not_to_have_count(0)
    assert page.evaluate("window.__violations") == []
