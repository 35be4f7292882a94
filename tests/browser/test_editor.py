"""An editor's path through the admin, checked on the public site in a second browser."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import SEED_EVENT, SEED_OTHER_EVENT, SEED_TITLE

pytestmark = pytest.mark.browser

NEW_TITLE = "Назарбаев: терроризм и экстремизм не имеют границ"


@pytest.fixture
def editor(page, sign_in):
    """`page`, signed in to the admin as a superuser with a password nobody knows."""
    return sign_in(page)


def expect_success_message(page):
    expect(page.locator(".messagelist .success")).to_have_count(1)


def test_a_title_edited_in_the_admin_shows_on_the_public_page(editor, reader, seed_article):
    editor.goto(reverse("admin:articles_article_change", args=[seed_article.pk]))
    editor.fill("#id_title", NEW_TITLE)
    editor.click("input[name=_save]")
    expect_success_message(editor)

    reader.goto(seed_article.get_absolute_url())
    expect(reader.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
    reader.goto(reverse("articles:home"))
    expect(reader.get_by_role("link", name=NEW_TITLE)).to_have_count(1)
    expect(reader.get_by_role("link", name=SEED_TITLE)).to_have_count(0)


def test_unpublishing_in_the_admin_takes_the_article_off_the_site(editor, reader, seed_article):
    assert reader.goto(seed_article.get_absolute_url()).status == 200

    editor.goto(reverse("admin:articles_article_changelist"))
    editor.check(f"input[name=_selected_action][value='{seed_article.pk}']")
    editor.select_option("select[name=action]", "unpublish")
    editor.click("button[name=index]")
    expect_success_message(editor)

    assert reader.goto(seed_article.get_absolute_url()).status == 404
    reader.goto(reverse("articles:home"))
    expect(reader.get_by_role("link", name=SEED_TITLE)).to_have_count(0)


def test_an_event_approved_in_the_review_queue_appears_on_the_article_page_and_the_events_list(
    editor, reader, seed_article
):
    events_section = reader.get_by_role("region", name="События")
    reader.goto(seed_article.get_absolute_url())
    expect(reader.get_by_role("link", name=SEED_EVENT, exact=True)).to_have_count(0)
    reader.goto(reverse("articles:event_list"))
    expect(reader.get_by_role("link", name=SEED_EVENT, exact=True)).to_have_count(0)

    editor.goto(reverse("review_queue"))
    suggestion = editor.get_by_role("row").filter(
        has=editor.get_by_role("link", name=SEED_EVENT, exact=True)
    )
    suggestion.locator("button[name=decision][value=approve]").click()
    expect_success_message(editor)

    reader.goto(seed_article.get_absolute_url())
    expect(events_section.get_by_role("link", name=SEED_EVENT, exact=True)).to_have_count(1)
    # The event the editor left alone is still hidden.
    expect(reader.get_by_role("link", name=SEED_OTHER_EVENT, exact=True)).to_have_count(0)
    reader.goto(reverse("articles:event_list"))
    reader.get_by_role("main").get_by_role("link", name=SEED_EVENT, exact=True).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(SEED_EVENT)
    expect(reader.get_by_role("link", name=SEED_TITLE)).to_have_count(1)
