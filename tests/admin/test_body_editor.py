"""The article form's rich-text body (django-prose-editor, sanitized on the server) and
the image choosers of articles and entities, with their previews."""

import html
import json
import re

import pytest
from django.urls import reverse

from articles.models import Article, Event, Image, Organization, Person, Place

from ..factories import (
    admin_url,
    article_data,
    article_form,
    logged_in,
    make_article,
    make_image,
    make_superuser,
    make_user,
    object_url,
)

pytestmark = pytest.mark.django_db

ENTITIES = [Person, Organization, Place, Event]
EXTENSIONS = {
    "Paragraph": True,
    "Heading": {"levels": [2, 3]},
    "Bold": True,
    "Italic": True,
    "Link": {"protocols": ["http", "https", "mailto"], "enableTarget": False},
    "Blockquote": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "HardBreak": True,
    "Figure": {"pickerUrl": "/admin/articles/image/picker/"},
    # The nodes a figure is made of: without them the editor has no figure.
    "Image": True,
    "Caption": True,
    "History": True,
}
# django-prose-editor's own, always on (config.expand_extensions).
CORE = ["Document", "Dropcursor", "Gapcursor", "Paragraph", "Text", "Menu", "NoSpellCheck"]


@pytest.fixture
def editor_client():
    return logged_in(make_superuser("root"))


def editor_config(page):
    found = re.search(
        r'<textarea name="body"[^>]* data-django-prose-editor-configurable="([^"]*)"', page
    )
    return json.loads(html.unescape(found.group(1)))


def textarea(page, name="body"):
    return html.unescape(
        re.search(rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', page, re.S).group(1)
    )


def test_the_body_is_edited_with_the_prose_editor_and_its_toolbar_only(editor_client):
    page = editor_client.get(admin_url(Article, "add")).content.decode()

    config = editor_config(page)
    assert {name: config["extensions"][name] for name in EXTENSIONS} == EXTENSIONS
    assert sorted(config["extensions"]) == sorted({*EXTENSIONS, *CORE})
    assert config["js_modules"] == []


def test_the_editor_is_started_by_a_module_of_our_own_without_inline_scripts(editor_client):
    page = editor_client.get(admin_url(Article, "add")).content.decode()

    assert '<script src="/static/admin/newsroom/body-editor.js" type="module"></script>' in page
    assert (
        '<link href="/static/admin/newsroom/body-editor.css" media="all" rel="stylesheet">' in page
    )
    assert (
        '<link href="/static/django_prose_editor/editor.css" media="all" rel="stylesheet">' in page
    )
    # django-prose-editor's import map is an inline script, which the policy refuses.
    assert 'type="importmap"' not in page
    assert "django_prose_editor/configurable.js" not in page
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []


def test_a_body_with_a_script_is_stored_sanitized(editor_client):
    body = (
        '<p onclick="steal()">Первый <strong>абзац</strong>.</p><script>alert(1)</script>'
        '<h1>Заголовок</h1><p><a href="javascript:alert(1)">ссылка</a> '
        '<a href="https://example.kz/" target="_blank">сайт</a></p>'
    )

    response = editor_client.post(
        admin_url(Article, "add"), article_form(title="Новая", body=body, status="draft")
    )

    article = Article.objects.get(title="Новая")
    assert response.status_code == 302
    assert article.body == (
        '<p>Первый <strong>абзац</strong>.</p><h2>Заголовок</h2><p><a rel="noopener">ссылка</a> '
        '<a href="https://example.kz/" rel="noopener">сайт</a></p>'
    )


def test_a_figure_from_the_library_is_kept_and_a_pasted_image_is_not(editor_client):
    image = make_image(width=640, height=480)
    body = (
        f'<p>Текст.</p><figure class="figure"><img src="/media/x.jpg" alt="Мост" width="640" '
        f'data-file="{image.pk}"><figcaption class="figure-caption">Мост через Ишим</figcaption>'
        '</figure><figure class="figure"><img src="https://evil.example/x.jpg" alt="Чужое">'
        "</figure>"
    )

    editor_client.post(
        admin_url(Article, "add"), article_form(title="С фото", body=body, status="draft")
    )

    assert Article.objects.get(title="С фото").body == (
        f'<p>Текст.</p><figure class="figure"><img src="/media/x.jpg" alt="Мост" '
        f'data-file="{image.pk}"><figcaption class="figure-caption">Мост через Ишим</figcaption>'
        "</figure>"
    )


def test_after_a_validation_error_the_form_shows_the_body_sanitized(editor_client):
    body = '<p>Текст<img src="x" onerror="alert(1)"></p><script>alert(2)</script>'

    response = editor_client.post(
        admin_url(Article, "add"), article_form(title="", body=body, status="draft")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["title"] == ["Обязательное поле."]
    assert textarea(page) == "<p>Текст</p>"
    assert "onerror" not in page and "alert(2)" not in page
    assert Article.objects.count() == 0


def test_a_body_of_nothing_but_markup_is_an_empty_body(editor_client):
    response = editor_client.post(
        admin_url(Article, "add"),
        article_form(title="Пустая", body="<p></p><script>x()</script>", status="draft"),
    )

    assert response.context["adminform"].form.errors == {"body": ["Обязательное поле."]}
    assert Article.objects.count() == 0


def test_editing_an_article_keeps_its_body_and_saves_a_new_one_sanitized(editor_client):
    article = make_article(title="Статья", body="<p>Старый текст.</p>")

    page = editor_client.get(object_url(article, "change")).content.decode()
    editor_client.post(
        object_url(article, "change"),
        article_data(article, body='<p>Новый <em>текст</em>.</p><iframe src="x"></iframe>'),
    )

    article.refresh_from_db()
    assert textarea(page) == "<p>Старый текст.</p>"
    assert article.body == "<p>Новый <em>текст</em>.</p>"


# The lead image.


def test_the_lead_image_follows_the_body_in_the_first_fieldset(editor_client):
    response = editor_client.get(admin_url(Article, "add"))

    first = response.context["adminform"].form.fields
    fieldsets = response.context["adminform"].fieldsets
    assert fieldsets[0][1]["fields"] == ["title", "slug", "lead", "body", "lead_image", "credit"]
    assert "lead_image" in first


def test_the_lead_image_chooser_shows_the_chosen_images_thumbnail(editor_client):
    image = make_image(width=1600, height=900, alt="Мост через Ишим")
    article = make_article(title="С фото", lead_image=image)
    thumbnail = image.renditions["sets"]["full"]["webp"][0]

    page = editor_client.get(object_url(article, "change")).content.decode()

    assert (
        f'<input type="text" name="lead_image" value="{image.pk}" '
        'aria-describedby="id_lead_image_helptext" id="id_lead_image" '
        'class="vForeignKeyRawIdAdminField">'
    ) in page
    assert f'href="{admin_url(Image, "changelist")}?_to_field=id" class="related-lookup"' in page
    assert (
        f'<div class="image-chooser-preview" data-image-id="{image.pk}">'
        f'<img class="image-chooser-thumbnail" src="/media/{thumbnail[2]}" width="320" '
        'height="180" alt="Мост через Ишим" loading="lazy"></div>'
    ) in page
    assert 'src="/static/admin/newsroom/image-chooser.js"' in page


def test_an_article_without_a_lead_image_has_an_empty_preview(editor_client):
    page = editor_client.get(admin_url(Article, "add")).content.decode()

    assert '<div class="image-chooser-preview" data-image-id=""></div>' in page


def test_the_lead_image_is_saved_from_the_chooser(editor_client):
    image = make_image(width=640, height=480)
    article = make_article(title="Статья")

    response = editor_client.post(
        object_url(article, "change"), article_data(article, lead_image=str(image.pk))
    )

    article.refresh_from_db()
    assert response.status_code == 302
    assert article.lead_image == image


def test_the_lookup_window_shows_each_image_as_a_thumbnail_to_click(editor_client):
    image = make_image(width=1600, height=900)
    thumbnail = image.renditions["sets"]["full"]["webp"][0]

    page = editor_client.get(
        admin_url(Image, "changelist"), {"_to_field": "id", "_popup": "1"}
    ).content.decode()

    assert re.search(
        rf'<a href="[^"]*" data-popup-opener="{image.pk}"><img class="image-thumbnail" '
        rf'src="/media/{re.escape(thumbnail[2])}" width="320" height="180"',
        page,
    )


def test_an_author_sees_a_published_articles_body_and_lead_image_as_they_read(editor_client):
    image = make_image(width=1600, height=900, alt="Мост")
    article = make_article(
        title="Опубликованная", body="<p>Текст <em>статьи</em>.</p>", lead_image=image
    )
    client = logged_in(make_user("author", "Автор"))

    page = client.get(object_url(article, "change")).content.decode()

    assert '<div class="readonly"><p>Текст <em>статьи</em>.</p></div>' in page
    assert (
        f'<div class="readonly"><a href="{object_url(image, "change")}">'
        '<img class="image-chooser-thumbnail"'
    ) in page
    assert 'name="body"' not in page and "&lt;p&gt;" not in page


# The entities' image.


@pytest.mark.parametrize("model", ENTITIES, ids=lambda m: m.__name__)
def test_an_entity_chooses_its_image_with_a_preview(editor_client, model):
    image = make_image(width=800, height=800, alt="Портрет")
    entity = model.objects.create(name="Иван Петров", image=image)
    thumbnail = image.renditions["sets"]["full"]["webp"][0]

    page = editor_client.get(object_url(entity, "change")).content.decode()

    assert re.search(
        rf'<input type="text" name="image" value="{image.pk}" [^>]*'
        r'class="vForeignKeyRawIdAdminField">',
        page,
    )
    assert (
        f'<div class="image-chooser-preview" data-image-id="{image.pk}">'
        f'<img class="image-chooser-thumbnail" src="/media/{thumbnail[2]}" width="320" '
        'height="320" alt="Портрет" loading="lazy"></div>'
    ) in page
    assert "image_preview" not in page


def test_an_author_sees_an_entitys_image_as_a_thumbnail():
    image = make_image(width=800, height=800, alt="Портрет")
    person = Person.objects.create(name="Иван Петров", image=image)
    client = logged_in(make_user("author", "Автор"))

    page = client.get(object_url(person, "change")).content.decode()

    assert (
        f'<div class="readonly"><a href="{object_url(image, "change")}">'
        '<img class="image-chooser-thumbnail"'
    ) in page
    assert reverse("admin:articles_image_changelist") + "?_to_field" not in page
