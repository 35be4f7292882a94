"""The admin's pages in Chromium: valid HTML (no attribute broken by a quote in its
Russian text), and the article's change form fitting a 1280-pixel screen with its
whole headline in view."""

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import ArticlePerson

from ..factories import link, make_article, make_person
from .test_html_validity import nu_errors

pytestmark = pytest.mark.browser

# 120 characters, as long as a headline runs.
HEADLINE = (
    "Президент Казахстана провёл переговоры с делегацией Шанхайской организации "
    "сотрудничества о транзите грузов через Каспий"
)
EVIDENCE = (
    "Президент Казахстана Нурсултан Назарбаев открыл в Астане экономический форум, "
    "собравший гостей из сорока стран и посвящённый инвестициям и торговле."
)


@pytest.fixture
def article(transactional_db):
    article = make_article(title=HEADLINE)
    link(article, make_person("Нурсултан Назарбаев"), "Президент Казахстана")
    # The extractor's evidence, the widest cell of the inline rows.
    ArticlePerson.objects.filter(article=article).update(evidence=EVIDENCE, confidence=0.93)
    return article


def admin_pages(article):
    """Every registered model's list and add page, and the change pages with inlines."""
    pages = {}
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        pages[f"{opts.model_name} list"] = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_changelist"
        )
        if model_admin.has_add_permission(_SuperRequest()):
            pages[f"{opts.model_name} add"] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_add"
            )
    person = article.persons.get()
    pages["article change"] = reverse("admin:articles_article_change", args=[article.pk])
    pages["person change"] = reverse("admin:articles_person_change", args=[person.pk])
    pages["index"] = reverse("admin:index")
    return pages


class _SuperRequest:
    """Enough of a request for has_add_permission: a superuser's."""

    class user:
        is_active = is_staff = is_superuser = True

        @staticmethod
        def has_perm(perm, obj=None):
            return True


def test_every_admin_list_and_form_is_valid_html(page, sign_in, article, tmp_path):
    sign_in(page)
    files = []
    for number, (name, path) in enumerate(admin_pages(article).items()):
        response = page.goto(path)
        assert response.status == 200, (name, path, response.status)
        file = tmp_path / f"{number:02d} {name}.html"
        # The page as the server sent it: the Nu checker reads markup, not the DOM.
        file.write_text(page.evaluate("fetch(location.href).then(r => r.text())"), "utf-8")
        files.append(file)

    errors = nu_errors(files)
    assert not errors, "\n".join(errors)


def test_the_article_form_fits_1280_pixels_and_shows_the_whole_headline(page, sign_in, article):
    assert len(HEADLINE) == 120
    sign_in(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(reverse("admin:articles_article_change", args=[article.pk]))
    page.wait_for_load_state("networkidle")
    title = page.locator("#id_title")

    def measured():
        return page.evaluate(
            """() => {
                const title = document.querySelector("#id_title");
                const heading = document.querySelector("#content h2").getBoundingClientRect();
                const tools = document.querySelector(".object-tools").getBoundingClientRect();
                return {
                    page: document.scrollingElement.scrollWidth,
                    title: [title.scrollWidth, title.clientWidth],
                    titleHeight: [title.scrollHeight, title.clientHeight],
                    headingUnderTools: heading.bottom > tools.top && heading.top < tools.bottom,
                };
            }"""
        )

    shown = measured()
    assert shown["page"] <= 1280
    assert title.input_value() == HEADLINE
    assert shown["title"][0] <= shown["title"][1]
    assert shown["titleHeight"][0] <= shown["titleHeight"][1]
    # The headline above the form is not covered by the history buttons.
    assert not shown["headingUnderTools"]

    # Typed, a longer one stays in view as well, on one line of text: Enter adds none.
    title.fill("")
    title.press_sequentially(HEADLINE[:60])
    title.press("Enter")
    title.press_sequentially(HEADLINE[60:] + " и Кавказ в Европу до конца года")
    typed = measured()
    assert "\n" not in title.input_value()
    assert typed["title"][0] <= typed["title"][1]
    assert typed["titleHeight"][0] <= typed["titleHeight"][1]
    assert typed["page"] <= 1280
