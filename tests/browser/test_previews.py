"""Previews in Chromium: an editor writes a draft, opens its preview from the admin
(banner, noindex), makes a preview link, which a browser without an account opens
until the editor revokes it; the task worker then lists what it found on the form;
axe and the Nu checker pass on the preview page."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from articles.models import Article

from .test_accessibility import REPORT_VIOLATIONS, report
from .test_html_validity import nu_errors

pytestmark = pytest.mark.browser

TITLE = "Токаев провёл переговоры с Путиным в Москве"
LEAD = "Президенты обсудили торговлю и транспорт."
PARAGRAPH = (
    "Президент Казахстана Касым-Жомарт Токаев провёл переговоры с президентом России "
    "Владимиром Путиным в Москве."
)


def ui(text):
    with translation.override("ru"):
        return translation.gettext(text)


def write_draft(page):
    page.goto(reverse("admin:articles_article_add"))
    page.fill("#id_title", TITLE)
    page.fill("#id_lead", LEAD)
    editor = page.locator(".field-body .ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.type(PARAGRAPH)
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_have_count(1)
    return Article.objects.get(title=TITLE)


def test_an_editor_previews_a_draft_and_shares_a_link_until_revoking_it(
    page, reader, sign_in, tmp_path
):
    sign_in(page)
    article = write_draft(page)

    # "View on site" on a draft opens its preview.
    change_page = page.url
    page.click("a.viewsitelink")
    expect(page).to_have_url(re.compile(re.escape(previews_path(article)) + "$"))
    expect(page.locator(".preview-banner")).to_have_text(ui("Draft: this page is not published."))
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator('meta[name="robots"]')).to_have_attribute("content", "noindex, nofollow")
    (tmp_path / "preview.html").write_text(page.content(), encoding="utf-8")
    page.goto(change_page)

    page.click("button[name=make_preview_link]")
    message = page.locator(".messagelist .success").inner_text()
    path = re.search(r"https?://[^/]+(/preview/\S+/)", message).group(1)

    response = reader.goto(path)
    assert response.status == 200
    assert response.headers["cache-control"].endswith("private")
    assert "no-store" in response.headers["cache-control"]
    expect(reader.locator(".preview-banner")).to_have_text(ui("Draft: this page is not published."))
    assert reader.goto(article.get_absolute_url()).status == 404

    page.click("button[name=revoke_preview_link]")
    expect(page.locator(".messagelist .success")).to_have_text(ui("The preview link was revoked."))
    assert reader.goto(path).status == 404

    # What the worker finds shows on the form once it has run.
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    page.reload()
    persons = page.locator("#person_links-group")
    expect(persons).to_contain_text("Касым-Жомарт Токаев")
    expect(persons).to_contain_text("Владимир Путин")

    assert nu_errors([tmp_path / "preview.html"]) == []


def previews_path(article):
    return reverse("preview_article", kwargs={"pk": article.pk})


def test_the_preview_page_has_no_axe_violations(new_page, sign_in):
    from .test_accessibility import AXE_SCRIPT

    page = new_page(bypass_csp=True)
    sign_in(page)
    article = Article.objects.create(
        title=TITLE, lead=LEAD, body=f"<p>{PARAGRAPH}</p>", status=Article.Status.DRAFT
    )
    page.goto(previews_path(article))
    page.add_script_tag(path=AXE_SCRIPT)
    violations = page.evaluate(REPORT_VIOLATIONS)
    assert not violations, report({"preview": violations})
