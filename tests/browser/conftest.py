"""A real browser (Debian's Chromium driven by Playwright) against pytest-django's live server.

Every test here is marked `browser`; `pytest -m "not browser"` skips them.
"""

import re
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from articles.admin import decisions
from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Event,
    Organization,
    Person,
    Place,
    ReviewStatus,
    Rubric,
    Tag,
)
from articles.views import ArticleListView

from ..factories import ROOT, SEED_TITLE, make_article

# Debian's package (`apt-get install chromium`): Playwright's own browser
# download (`playwright install`) cannot reach its servers from this network.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SCRIPT = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}

SEEDS = ROOT / "seeds"
SEED_PUBLISHED_AT = "2024-09-01T10:00"
SEED_PERSON = "Нурсултан Назарбаев"
# The seed's events the extractor suggests (hidden until an editor approves them).
SEED_EVENT = "Саммит ШОС"
SEED_OTHER_EVENT = "12-я Встреча секретарей советов безопасности стран ШОС"
SEED_ORGANIZATION = "Шанхайская организация сотрудничества"
SEED_PLACE = "Астана"

# An older article naming the same person in another case form, for searching and
# filtering by date. The importer's format: headline, lead, then paragraphs.
FORUM_PUBLISHED_AT = "2023-05-10T12:00"
FORUM_TITLE = "Нурсултан Назарбаев открыл Астанинский экономический форум"
FORUM_FILE = f"""{FORUM_TITLE}

Форум собрал в столице гостей из сорока стран

Президент Казахстана Нурсултан Назарбаев открыл в Астане экономический форум.

Выступление Нурсултана Назарбаева было посвящено инвестициям и торговле в Центральной Азии.
"""


# Package scope for both: Playwright's sync API keeps an asyncio loop running in this
# thread while the browser is open, and Django refuses ORM calls (test data, the
# flush after each test) from a thread with a running loop unless told otherwise.
# Neither may outlive this folder's tests.
@pytest.fixture(scope="package", autouse=True)
def _allow_orm_beside_playwright():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: `apt-get install chromium`, "
            'or skip the browser tests with -m "not browser".'
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server, transactional_db):
    """Opens a page in a browser of its own (no shared cookies), on the live server."""
    contexts = []

    def new_page(bypass_csp=False):
        context = browser.new_context(
            base_url=live_server.url, locale="ru-RU", viewport=DESKTOP, bypass_csp=bypass_csp
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield new_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def reader(new_page):
    """A second, anonymous browser beside `page`: what the public sees."""
    return new_page()


@pytest.fixture
def sign_in(transactional_db):
    """sign_in(page) signs `page` in to the admin as a superuser with a password nobody
    knows, and gives it back."""

    def sign_in(page):
        password = secrets.token_urlsafe(24)
        get_user_model().objects.create_superuser("editor", "editor@example.kz", password)
        page.goto(reverse("admin:login"))
        page.fill("#id_username", "editor")
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        expect(page).to_have_url(re.compile(re.escape(reverse("admin:index")) + "$"))
        return page

    return sign_in


def import_articles(path, published_at):
    call_command("load_articles", str(path), published_at=published_at, verbosity=0)


@pytest.fixture
def seed_article(transactional_db):
    """The seed article, imported and extracted by the project's own importer."""
    import_articles(SEEDS, SEED_PUBLISHED_AT)
    return Article.objects.get(title=SEED_TITLE)


@pytest.fixture
def forum_article(transactional_db, tmp_path):
    (tmp_path / "forum.txt").write_text(FORUM_FILE, encoding="utf-8")
    import_articles(tmp_path, FORUM_PUBLISHED_AT)
    return Article.objects.get(title=FORUM_TITLE)


def approve_found_entities():
    """What an editor does in the review queue: approve the persons, organizations and
    places the extractor found (events are approved one by one, approve_event)."""
    for model in (Person, Organization, Place):
        decisions.set_review_status(
            model.objects.filter(review_status=ReviewStatus.SUGGESTED), ReviewStatus.APPROVED
        )


def approve_event(name):
    decisions.set_review_status(Event.objects.filter(name=name), ReviewStatus.APPROVED)
    return Event.objects.get(name=name)


@pytest.fixture
def hidden_articles(transactional_db):
    """Articles naming the seed's person that no reader may see: a draft and a scheduled one."""
    text = f"Нурсултана Назарбаева {{}} Шанхайская организация сотрудничества. {SEED_EVENT}."
    return [
        make_article(
            title="Черновик о Назарбаеве",
            body=text.format("ждут"),
            status=Article.Status.DRAFT,
        ),
        make_article(
            title="Запланированная статья о Назарбаеве",
            body=text.format("ожидают"),
            published_at=timezone.now() + timedelta(days=1),
        ),
    ]


@pytest.fixture
def site_pages(seed_article, forum_article, hidden_articles):
    """Every kind of public page, with content, by name: what axe and the Nu checker read."""
    approve_found_entities()
    # Descriptions are what only editors add; the pages show them too.
    event = approve_event(SEED_EVENT)
    event.description = "Саммит Шанхайской организации сотрудничества в Астане."
    event.save(update_fields=["description"])
    person = Person.objects.get(name=SEED_PERSON)
    person.description = "Первый Президент Республики Казахстан"
    person.save(update_fields=["description"])
    # More articles than a page holds, so that the list shows its pagination.
    for _ in range(ArticleListView.paginate_by):
        make_article()
    # The seed filed under a rubric, with tags and a byline.
    rubric = Rubric.objects.create(name="Политика", description="Внутренняя и внешняя политика.")
    tag = Tag.objects.create(name="ШОС")
    author = Author.objects.create(name="Айгерим Сейткали", bio="Корреспондент отдела политики.")
    seed_article.rubric = rubric
    seed_article.credit = "Akorda.kz"
    seed_article.save()
    seed_article.tags.add(tag)
    ArticleAuthor.objects.create(article=seed_article, author=author)
    return {
        "home": reverse("articles:home"),
        "article list": reverse("articles:article_list"),
        "filtered article list": reverse("articles:article_list")
        + "?"
        + urlencode({"person": person.slug, "date_from": "2024-01-01"}),
        # A bookmarked filter whose person is no longer public.
        "article list with an error": reverse("articles:article_list") + "?person=nobody",
        "article": seed_article.get_absolute_url(),
        "person list": reverse("articles:person_list"),
        "person": person.get_absolute_url(),
        "event list": reverse("articles:event_list"),
        "event": event.get_absolute_url(),
        "organization list": reverse("articles:organization_list"),
        "organization": Organization.objects.get(name=SEED_ORGANIZATION).get_absolute_url(),
        "place list": reverse("articles:place_list"),
        "place": Place.objects.get(name=SEED_PLACE).get_absolute_url(),
        "search": reverse("articles:search"),
        "search results": reverse("articles:search")
        + "?"
        + urlencode({"q": "Назарбаева", "date_from": "2023-01-01"}),
        "search with an error": reverse("articles:search")
        + "?"
        + urlencode({"q": "Назарбаева", "person": "nobody"}),
        "rubric": rubric.get_absolute_url(),
        "empty rubric": Rubric.objects.create(name="Спорт").get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "author": author.get_absolute_url(),
        "page not found": "/articles/no-such-article/",
    }
