"""The newsroom end to end in Chromium: an author writes an article and submits it
for review; an editor previews it (banner, noindex), shares a preview link with a
browser without an account until revoking it, files it under a rubric with tags and a
byline (the admin's Select2 autocompletes), publishes it and pins it as the top
story; the task worker lists the persons, organizations, places and events it finds
on the form; the rubric, tag and author pages and their feeds list the article, whose
page shows its byline and its rubric in the breadcrumbs."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from articles.models import Article, Author, Rubric, Tag, TopStory

from ..factories import PASSWORD, make_user, restore_roles

pytestmark = pytest.mark.browser

TITLE = "Токаев откроет форум в Астане"
LEAD = "Форум посвящён цифровым технологиям и инвестициям."
PARAGRAPH = (
    "Президент Казахстана Касым-Жомарт Токаев 12 декабря 2026 года откроет в Астане "
    "форум «Астана Хаб». На форуме выступит премьер-министр Олжас Бектенов."
)
# What the extractor finds in that text (articles/extraction/pipeline.py), by inline.
FOUND = {
    "person_links": ["Касым-Жомарт Токаев", "Олжас Бектенов"],
    "organization_links": ["Астана Хаб"],
    "place_links": ["Астана", "Казахстан"],
    "event_links": ["Форум «Астана Хаб»"],
}
ENTITY_FIELD = {
    "person_links": "person",
    "organization_links": "organization",
    "place_links": "place",
    "event_links": "event",
}
BYLINE_AUTHOR = "Айгерим Сейткали"
TAGS = ["Инфляция", "ЭКСПО-2017"]
# Select2 asks the server for its options: a little more time than a plain page.
AUTOCOMPLETE_TIMEOUT = 10_000


def ui(text):
    with translation.override("ru"):
        return translation.gettext(text)


def sign_in_as(page, user):
    """Signs `page` in through the admin's login form (django-axes counts failures)."""
    page.goto(reverse("admin:login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(re.compile(re.escape(reverse("admin:index")) + "$"))
    return page


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def pick_in_select2(page, select_id, search, option):
    """Types `search` into the Select2 box of <select id=`select_id`> and picks `option`."""
    container = page.locator(f"#{select_id} + .select2-container")
    multiple = page.locator(f"#{select_id}[multiple]").count() == 1
    if multiple:
        box = container.locator(".select2-search__field")
        box.click()
    else:
        container.locator(".select2-selection").click()
        box = page.locator(".select2-container--open .select2-search__field")
    box.press_sequentially(search)
    choice = page.locator(".select2-container--open .select2-results__option").filter(
        has_text=re.compile(f"^{re.escape(option)}$")
    )
    expect(choice).to_have_count(1, timeout=AUTOCOMPLETE_TIMEOUT)
    choice.click()
    if multiple:
        expect(container.locator(".select2-selection__choice", has_text=option)).to_have_count(1)
    else:
        expect(container.locator(".select2-selection__rendered")).to_have_text(option)


def take_step(page, label, offered):
    """Clicks the workflow button `label` of the form, whose buttons are `offered`."""
    buttons = page.locator("button.workflow-step[name=_workflow_step]")
    expect(buttons).to_have_text([ui(text) for text in offered])
    buttons.filter(has_text=re.compile(f"^{re.escape(ui(label))}$")).click()
    expect(page.locator(".messagelist .success")).to_have_count(1)


def linked_names(page, prefix):
    """The entities the rows of the inline `prefix` name, as their selects show them."""
    field = ENTITY_FIELD[prefix]
    options = page.locator(
        f"#{prefix}-group select[name^='{prefix}-'][name$='-{field}']"
        f":not([name*='__prefix__']) option:checked"
    )
    return sorted(text.strip() for text in options.all_text_contents())


def feed_titles(reader, url):
    """The item (RSS) or entry (Atom) titles of the feed at `url`."""
    response = reader.request.get(url)
    assert response.status == 200, url
    root = ET.fromstring(response.body())
    atom = "{http://www.w3.org/2005/Atom}"
    items = [item.findtext("title") for item in root.iter("item")]
    entries = [entry.findtext(f"{atom}title") for entry in root.iter(f"{atom}entry")]
    return items + entries


@pytest.fixture
def newsroom(transactional_db):
    # An earlier browser test's flush took the roles away.
    restore_roles()
    return {
        "author": make_user("avtor", "Автор"),
        "editor": make_user("redaktor", "Редактор"),
        "politics": Rubric.objects.create(name="Политика"),
        "economy": Rubric.objects.create(name="Экономика"),
        "tags": [Tag.objects.create(name=name) for name in TAGS],
        "byline_author": Author.objects.create(name=BYLINE_AUTHOR),
    }


def test_an_article_goes_from_the_author_through_the_editor_to_the_site(new_page, newsroom):
    author_page, editor_page, reader = new_page(), new_page(), new_page()

    # 1. The author writes the article, files it under a rubric and submits it.
    page = sign_in_as(author_page, newsroom["author"])
    page.goto(reverse("admin:articles_article_add"))
    page.fill("#id_title", TITLE)
    page.fill("#id_lead", LEAD)
    page.locator(".field-body .ProseMirror[contenteditable=true]").click()
    page.keyboard.type(PARAGRAPH)
    page.select_option("#id_rubric", label="Политика")
    expect(page.locator("#id_status")).to_have_count(0)  # authors see it read-only
    take_step(page, "Submit for review", offered=["Submit for review"])

    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.REVIEW
    assert article.rubric == newsroom["politics"]
    page.goto(change_url(article))
    log = page.locator("ol.editorial-log li")
    expect(log).to_have_count(1)
    expect(log).to_contain_text(f"avtor: {ui('submitted for review')}")

    # 2. The editor previews it, and shares a preview link until revoking it.
    page = sign_in_as(editor_page, newsroom["editor"])
    page.goto(change_url(article))
    page.click("a.viewsitelink")
    preview = reverse("preview_article", kwargs={"pk": article.pk})
    expect(page).to_have_url(re.compile(re.escape(preview) + "$"))
    banner = ui("In review: this page is not published.")
    expect(page.locator(".preview-banner")).to_have_text(banner)
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator('meta[name="robots"]')).to_have_attribute("content", "noindex, nofollow")

    page.goto(change_url(article))
    page.click("button[name=make_preview_link]")
    message = page.locator(".messagelist .success").inner_text()
    link = re.search(r"https?://[^/]+(/preview/\S+/)", message).group(1)
    response = reader.goto(link)
    assert response.status == 200
    expect(reader.locator(".preview-banner")).to_have_text(banner)
    assert reader.goto(article.get_absolute_url()).status == 404

    page.click("button[name=revoke_preview_link]")
    expect(page.locator(".messagelist .success")).to_have_text(ui("The preview link was revoked."))
    assert reader.goto(link).status == 404

    # 3. The editor files it, tags it, names its author and publishes it...
    page.goto(change_url(article))
    page.select_option("#id_rubric", label="Экономика")
    pick_in_select2(page, "id_tags", "Инфл", "Инфляция")
    pick_in_select2(page, "id_tags", "ЭКСПО", "ЭКСПО-2017")
    page.click("#byline-group .add-row a")
    pick_in_select2(page, "id_byline-0-author", "Айгер", BYLINE_AUTHOR)
    take_step(page, "Publish", offered=["Publish", "Send back to the author"])

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at is not None
    assert article.rubric == newsroom["economy"]
    assert sorted(article.tags.values_list("name", flat=True)) == sorted(TAGS)
    assert [line.author.name for line in article.byline.all()] == [BYLINE_AUTHOR]
    page.goto(change_url(article))
    log = page.locator("ol.editorial-log li")
    expect(log).to_have_count(2)
    expect(log.nth(1)).to_contain_text(f"redaktor: {ui('published')}")

    # ... and pins it as the top story: the home page's first.
    page.goto(reverse("admin:articles_topstory_add"))
    pick_in_select2(page, "id_article", "Токаев", TITLE)
    page.fill("#id_position", "1")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_have_count(1)
    assert TopStory.objects.get().article == article
    reader.goto(reverse("articles:home"))
    expect(reader.locator(".top-stories .card-title").first).to_have_text(TITLE)

    # 4. The worker extracts the entities; the form lists them.
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    page.goto(change_url(article))
    for prefix, names in FOUND.items():
        expect(page.locator(f"#{prefix}-group")).to_be_visible()
        assert linked_names(page, prefix) == sorted(names), prefix

    # 5. Its rubric, tags and author list it, on their pages and in their feeds.
    sections = [
        ("rubric", newsroom["economy"]),
        *(("tag", tag) for tag in newsroom["tags"]),
        ("author", newsroom["byline_author"]),
    ]
    for kind, section in sections:
        assert reader.goto(section.get_absolute_url()).status == 200
        expect(reader.locator(".card-title")).to_have_text([TITLE])
        for suffix in ("rss", "atom"):
            url = reverse(f"articles:{kind}_feed_{suffix}", kwargs={"slug": section.slug})
            assert feed_titles(reader, url) == [TITLE], url
    reader.goto(newsroom["politics"].get_absolute_url())
    expect(reader.locator(".card-title")).to_have_count(0)

    reader.goto(article.get_absolute_url())
    expect(reader.locator("h1")).to_have_text(TITLE)
    byline = reader.locator(".byline a[rel=author]")
    expect(byline).to_have_text([BYLINE_AUTHOR])
    expect(byline).to_have_attribute("href", newsroom["byline_author"].get_absolute_url())
    crumbs = reader.locator("nav.breadcrumbs li a")
    expect(crumbs.last).to_have_text("Экономика")
    expect(crumbs.last).to_have_attribute("href", newsroom["economy"].get_absolute_url())
    expect(reader.locator(".tags a[rel=tag]")).to_have_text(TAGS)
