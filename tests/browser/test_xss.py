"""No script from the data runs: every page, feed, API view and admin page, in Chromium.

Every text field of every model holds markup that sets `window.__xss` if it runs,
and every URL field a `javascript:` URL (tests/contracts/test_escaping.py's payload_newsroom).
Each page is opened in a real browser; the flag must stay unset, no dialog may open,
and no link, form or resource on the page may point anywhere but http(s).
"""

import pytest
from django.contrib import admin
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from articles.sitemaps import SITEMAPS

from ..contracts.test_escaping import (
    MARKUP_PARTS,
    SEARCH_WORD,
    URL_PAYLOAD,
    payload_newsroom,
    public_pages,
)

pytestmark = pytest.mark.browser

# Every address on a page: links, forms, images, scripts, frames, objects.
ADDRESSES = """() => {
  const attributes = ["href", "src", "action", "formaction", "data", "poster", "srcset"];
  const found = [];
  for (const element of document.querySelectorAll("*")) {
    for (const name of attributes) {
      if (element.hasAttribute(name)) {
        const value = element.getAttribute(name);
        let protocol;
        try { protocol = new URL(value, document.baseURI).protocol; }
        catch (error) { protocol = "invalid:"; }
        found.push([element.tagName.toLowerCase(), name, value, protocol]);
      }
    }
  }
  return found;
}"""


@pytest.fixture
def newsroom(transactional_db, settings):
    settings.NEWSROOM_PUBLISH_NEW_ENTITIES = True
    return payload_newsroom()


@pytest.fixture
def page(new_page):
    """A page that ignores the Content-Security-Policy: what these tests prove is
    the escaping; the policy is a second wall behind it."""
    return new_page(bypass_csp=True)


@pytest.fixture
def superuser_page(new_page, sign_in):
    """A browser signed in to the admin as a superuser with a password nobody knows."""
    return sign_in(new_page(bypass_csp=True))


class Visitor:
    """Opens pages in one browser page and checks that nothing from the data ran."""

    def __init__(self, page):
        self.page = page
        self.dialogs = []
        self.visited = []
        page.on("dialog", self._dialog)

    def _dialog(self, dialog):
        self.dialogs.append((self.page.url, dialog.message))
        dialog.dismiss()

    def visit(self, url, *, status=200):
        try:
            response = self.page.goto(url)
        except PlaywrightError as error:
            # Chromium downloads what it cannot show: nothing of it runs.
            assert "Download is starting" in str(error), url
            self.visited.append((url, "downloaded"))
            return
        assert response.status == status, url
        self.check(url)

    def check(self, url):
        page = self.page
        page.wait_for_load_state("load")
        # onerror and onload handlers would have run by now; give timers a moment too.
        page.wait_for_timeout(50)
        assert page.evaluate("() => window.__xss") is None, url
        addresses = page.evaluate(ADDRESSES)
        assert [a for a in addresses if a[3] not in ("http:", "https:")] == [], url
        assert [a for a in addresses if a[2].strip().lower().startswith("javascript:")] == []
        assert self.dialogs == [], url
        self.visited.append((page.url, page.evaluate("() => document.body.innerText")))


def shows_payload(text):
    return any(part in text for part in MARKUP_PARTS)


def test_no_script_from_the_data_runs_on_any_public_page(page, newsroom):
    visitor = Visitor(page)
    pages = public_pages(newsroom)
    texts = {}
    for name, url in pages.items():
        visitor.visit(url, status=404 if name == "page not found" else 200)
        texts[name] = visitor.visited[-1][1]
    # Every page showed the payloads, as text, but those with the payload only in
    # their address (which echo it in a form field, escaped, at most).
    in_address_only = {
        "article list, payload filters",
        "search for the payload",
        "search, payload filters",
        "page not found",
    }
    assert [
        name
        for name, text in texts.items()
        if name not in in_address_only and not shows_payload(text)
    ] == []
    visitor.visit(pages["article list, payload filters"])
    expect(page.locator("input[name=person]")).to_have_value(
        '"><img src=x onerror="window.__xss=1">'
    )
    visitor.visit(pages["search for the payload"])
    expect(page.locator("main input[name=q]")).to_have_value("<script>window.__xss=1</script>")
    visitor.visit(pages["search results"])
    expect(page.locator("article.card")).to_have_count(1)

    # The links that carry the payload's text lead where they say, and run nothing.
    visitor.visit(newsroom["article"].get_absolute_url())
    for link in page.locator("footer.links a").all():
        assert link.get_attribute("href").startswith("/")
    page.locator("footer.links a").first.click()
    page.wait_for_load_state("load")
    visitor.check(page.url)
    assert page.url.endswith(newsroom["person"].get_absolute_url())

    # The payload in a javascript: URL field is no link, image or meta address.
    visitor.visit(newsroom["person"].get_absolute_url())
    assert page.locator(f'[href="{URL_PAYLOAD}"], [src="{URL_PAYLOAD}"]').count() == 0
    # Shared, the page shows the site's default picture, not the payload.
    og_image = page.locator('meta[property="og:image"]')
    expect(og_image).to_have_count(1)
    assert og_image.get_attribute("content").endswith("/static/img/og-default.png")


def test_no_script_from_the_data_runs_in_the_feeds_sitemaps_and_api(page, newsroom):
    visitor = Visitor(page)
    urls = [
        reverse("articles:article_feed_rss"),
        reverse("articles:article_feed_atom"),
        reverse("sitemap"),
        *(reverse("sitemap_section", args=[section]) for section in SITEMAPS),
        reverse("robots"),
        reverse("api:api-root"),
        reverse("api:schema"),
    ]
    for key in ("person", "organization", "place", "event"):
        entity = newsroom[key]
        kind = entity._meta.model_name
        urls += [
            reverse(f"articles:{kind}_feed_rss", args=[entity.slug]),
            reverse(f"articles:{kind}_feed_atom", args=[entity.slug]),
            reverse(f"api:{kind}-list"),
            reverse(f"api:{kind}-list") + f"?q={SEARCH_WORD}",
            reverse(f"api:{kind}-detail", args=[entity.slug]),
            reverse(f"api:{kind}-detail", args=[entity.slug]) + "?format=json",
        ]
    article = newsroom["article"].slug
    urls += [
        reverse("api:article-list"),
        reverse("api:article-list") + f"?q={SEARCH_WORD}",
        reverse("api:article-list") + "?q=%3Cscript%3Ewindow.__xss%3D1%3C%2Fscript%3E",
        reverse("api:article-list") + f"?person={newsroom['person'].slug}",
        reverse("api:article-detail", args=[article]),
        reverse("api:article-detail", args=[article]) + "?format=json",
    ]
    for url in urls:
        visitor.visit(url)
    # The browsable API showed the data (as JSON text with \u escapes).
    api_pages = [text for url, text in visitor.visited if "/api/articles/xss-article/" in url]
    assert all("\\u003cscript\\u003ewindow.__xss=1" in text for text in api_pages)
    assert len(api_pages) == 2


def test_no_script_from_the_data_runs_in_the_admin(superuser_page, newsroom):
    page = superuser_page
    visitor = Visitor(page)
    visitor.visit(reverse("admin:index"))
    visitor.visit(reverse("review_queue"))
    # The queue lists the suggested entities (events first), each with its article.
    suggested = ["suggested_event", "other_person", "organization", "place"]
    expect(page.locator(".review-table td:nth-child(2) > a")).to_have_text(
        [newsroom[key].name for key in suggested]
    )
    expect(page.locator(".review-table td:nth-child(3) .review-detail > a")).to_have_text(
        [newsroom["article"].title] * len(suggested)
    )
    registered = [model for model in admin.site._registry if model._meta.app_label == "articles"]
    for model in registered:
        info = model._meta.app_label, model._meta.model_name
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        visitor.visit(changelist)
        visitor.visit(f"{changelist}?q={SEARCH_WORD}")
        for instance in newsroom["created"]:
            if type(instance) is model:
                for view in ("change", "history", "delete"):
                    visitor.visit(reverse(f"admin:{info[0]}_{info[1]}_{view}", args=[instance.pk]))
    # The photo URL field shows its javascript: value in the input, not as a link.
    visitor.visit(reverse("admin:articles_person_change", args=[newsroom["person"].pk]))
    expect(page.locator("#id_photo_url")).to_have_value(URL_PAYLOAD)
    assert page.locator(".field-photo_url a").count() == 0

    # The merge form names every entity chosen.
    visitor.visit(reverse("admin:articles_person_changelist"))
    for checkbox in page.locator("input[name=_selected_action]").all():
        checkbox.check()
    page.select_option("select[name=action]", "merge")
    page.click("button[name=index]")
    expect(page.locator("input[name=survivor]")).to_have_count(2)
    visitor.check(page.url)
    assert shows_payload(visitor.visited[-1][1])
