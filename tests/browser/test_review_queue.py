"""The review queue in Chromium, with the keyboard only: select a section's
suggestions at once, approve them in bulk; the page's HTML is valid."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import ArticlePerson, Person, ReviewStatus

from ..factories import link, make_article, make_person
from .test_html_validity import nu_errors

pytestmark = pytest.mark.browser

SUGGESTED = ReviewStatus.SUGGESTED
NAMES = ["Нурсултан Назарбаев", "Касым-Жомарт Токаев", "Алихан Смаилов"]


@pytest.fixture
def suggestions(transactional_db):
    article = make_article(title="Заседание правительства")
    link(make_article(title="Раньше"), make_person("Н. Назарбаев"))
    for name in NAMES:
        person = make_person(name, review_status=SUGGESTED)
        ArticlePerson.objects.create(
            article=article,
            person=person,
            review_status=SUGGESTED,
            role="Премьер-министр",
            evidence=f"{name} выступил на заседании правительства в Астане.",
        )


def test_an_editor_approves_a_whole_section_with_the_keyboard(page, sign_in, suggestions):
    sign_in(page).goto(reverse("review_queue"))
    select_all = page.get_by_role("checkbox", name="Выбрать все")
    select_all.focus()
    page.keyboard.press("Space")
    for name in NAMES:
        expect(page.get_by_role("checkbox", name=f"Выбрать «{name}»")).to_be_checked()
    # From the box to the section's first button: its bulk approval.
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Одобрить выбранные")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator(".messagelist")).to_have_text("Сохранено решений: 3.")
    assert sorted(Person.objects.values_list("name", "review_status")) == sorted(
        [(name, ReviewStatus.APPROVED) for name in [*NAMES, "Н. Назарбаев"]]
    )


def test_the_queue_is_valid_html(page, sign_in, suggestions, tmp_path):
    sign_in(page).goto(reverse("review_queue"))
    file = tmp_path / "review queue.html"
    file.write_text(page.evaluate("fetch(location.href).then(r => r.text())"), "utf-8")
    errors = nu_errors([file])
    assert not errors, "\n".join(errors)
