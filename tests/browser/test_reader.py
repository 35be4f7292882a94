"""A reader's path: home → article → person → event → search in another case form → by date."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from articles.admin import decisions
from articles.models import Event, Person, ReviewStatus

from .conftest import (
    FORUM_TITLE,
    SEED_EVENT,
    SEED_OTHER_EVENT,
    SEED_PERSON,
    SEED_TITLE,
    approve_event,
    approve_found_entities,
)

pytestmark = pytest.mark.browser

# Named in the seed article; rejected by an editor in one test.
REJECTED_PERSON = "Н. Патрушев"


def ui(text):
    # The interface text as the live server renders it (this process's catalog):
    # whatever the Russian translation says, or the English until it is compiled.
    with translation.override("ru"):
        return translation.gettext(text)


def expect_heading(page, text):
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def expect_results(page, titles):
    # Best match first is the search's business; here only which articles are found.
    found = page.get_by_role("main").locator("article .card-title").get_by_role("link")
    expect(found).to_have_count(len(titles))
    for title in titles:
        expect(found.filter(has_text=title)).to_have_count(1)


def test_a_reader_follows_an_article_to_its_person_and_event_then_searches_and_filters_by_date(
    page, seed_article, forum_article, hidden_articles
):
    approve_found_entities()
    approve_event(SEED_EVENT)
    hidden_titles = [article.title for article in hidden_articles]
    main = page.get_by_role("main")

    page.goto(reverse("articles:home"))
    for title in hidden_titles:
        expect(page.get_by_text(title)).to_have_count(0)
    main.get_by_role("link", name=SEED_TITLE).click()

    expect_heading(page, SEED_TITLE)
    persons = page.get_by_role("region", name=ui("Persons"))
    expect(persons.get_by_role("listitem").filter(has_text=SEED_PERSON)).to_contain_text(
        "Президент Казахстана"
    )
    # Suggested events stay hidden until an editor approves them.
    expect(main.get_by_role("link", name=SEED_OTHER_EVENT)).to_have_count(0)
    persons.get_by_role("link", name=SEED_PERSON, exact=True).click()

    expect_heading(page, SEED_PERSON)
    # One person across both articles, whatever the case form each one uses.
    expect(main.get_by_role("link", name=SEED_TITLE)).to_have_count(1)
    expect(main.get_by_role("link", name=FORUM_TITLE)).to_have_count(1)
    expect(main.get_by_role("link", name=SEED_OTHER_EVENT)).to_have_count(0)
    main.get_by_role("link", name=SEED_EVENT, exact=True).click()

    expect_heading(page, SEED_EVENT)
    expect(main.get_by_role("link", name=SEED_TITLE)).to_have_count(1)

    header_search = page.get_by_role("banner").get_by_role("searchbox")
    header_search.fill("Назарбаева")
    header_search.press("Enter")

    expect_heading(page, ui("Search"))
    expect_results(page, [SEED_TITLE, FORUM_TITLE])
    for title in hidden_titles:
        expect(page.get_by_text(title)).to_have_count(0)

    main.get_by_label(ui("From"), exact=True).fill("2024-01-01")
    main.get_by_role("button", name=ui("Find")).click()

    expect(page).to_have_url(re.compile(r"date_from=2024-01-01"))
    expect(main.get_by_label(ui("Search"), exact=True)).to_have_value("Назарбаева")
    expect_results(page, [SEED_TITLE])


def test_no_page_shows_a_draft_a_scheduled_article_an_unapproved_event_or_a_rejected_person(
    page, site_pages, hidden_articles
):
    decisions.set_review_status(Person.objects.filter(name=REJECTED_PERSON), ReviewStatus.REJECTED)
    # Titles, and addresses (the seed's text itself names the person and the event).
    hidden = [
        *(article.title for article in hidden_articles),
        *(article.get_absolute_url() for article in hidden_articles),
        Event.objects.get(name=SEED_OTHER_EVENT).get_absolute_url(),
        Person.objects.get(name=REJECTED_PERSON).get_absolute_url(),
    ]

    shown = {}
    for name, path in site_pages.items():
        page.goto(path)
        html = page.content()
        if found := [text for text in hidden if text in html]:
            shown[name] = found

    assert shown == {}
    for url in hidden[len(hidden_articles) :]:
        assert page.goto(url).status == 404, url
