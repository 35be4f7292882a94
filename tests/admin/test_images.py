"""The media library's admin: uploading one image or several, the editor's picker,
who may change what, and where an image is used."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles.media import renditions, uploads
from articles.models import Image

from ..factories import (
    admin_url,
    jpeg_bytes,
    logged_in,
    make_article,
    make_event,
    make_image,
    make_person,
    make_superuser,
    make_user,
    object_url,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
# "JPEG, PNG, WebP, GIF", and AVIF where Pillow reads it.
FORMATS = uploads.ACCEPTED_NAMES
NOT_AN_IMAGE = f"The file is not an image in a format we accept ({FORMATS})."
SVG_REFUSED = f"SVG images are not accepted: they can carry scripts. Upload {FORMATS}."


@pytest.fixture(autouse=True)
def english(settings):
    # Exact messages in the msgids' language; the Russian ones are the lead's to add.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def root():
    return make_superuser("root")


@pytest.fixture
def editor_client(root):
    return logged_in(root)


@pytest.fixture
def author():
    return make_user("author", "Автор")


def upload(name="photo.jpg", data=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data or jpeg_bytes(640, 480), content_type)


def png_bytes(width=500, height=400):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def stored_files():
    """Every file in the storages of the renditions and of the originals, as used."""
    originals = Image._meta.get_field("file").storage
    folders = [default_storage.location, originals.location]
    return {str(p) for folder in folders for p in Path(folder).rglob("*") if p.is_file()}


def add_form(**fields):
    return {
        "alt": "Площадь перед акиматом",
        "caption": "",
        "credit": "",
        "source": "",
        "focal_x": "",
        "focal_y": "",
        **fields,
    }


def test_the_add_form_stores_the_upload_with_its_renditions_and_who_uploaded_it(
    editor_client, root
):
    before = stored_files()
    response = editor_client.post(
        admin_url(Image, "add"),
        add_form(
            upload=upload(), caption="Акимат", credit="Иван Петров", focal_x="0.2", focal_y="0.7"
        ),
    )

    image = Image.objects.get()
    assert response.status_code == 302
    assert (image.alt, image.caption, image.credit) == (
        "Площадь перед акиматом",
        "Акимат",
        "Иван Петров",
    )
    assert (image.width, image.height, image.focal_point) == (640, 480, (0.2, 0.7))
    assert image.uploaded_by == root
    assert image.file.name.startswith("originals/") and image.file.name.endswith(".jpg")
    assert image.file.storage.exists(image.file.name)
    assert set(image.renditions["sets"]) == {"full", "16x9", "4x3", "1x1", "og"}
    assert [entry[:2] for entry in image.renditions["sets"]["full"]["jpeg"]] == [
        [320, 240],
        [640, 480],
    ]
    names = [entry[2] for _set, _format, entry in renditions.entries(image.renditions)]
    assert all(default_storage.exists(name) for name in names)
    assert stored_files() - before == {
        image.file.path,
        *(str(Path(default_storage.location) / name) for name in names),
    }
    assert LogEntry.objects.get().action_flag == ADDITION


def test_the_add_form_has_the_file_field_and_no_way_to_give_the_uploader(editor_client):
    html = editor_client.get(admin_url(Image, "add")).content.decode()

    assert 'enctype="multipart/form-data"' in html
    assert re.search(
        r'<input type="file" name="upload" accept="image/jpeg,image/png,image/webp,image/gif'
        r'[^"]*" required',
        html,
    )
    assert f"<div>{FORMATS}; the file cannot be replaced later.</div>" in html
    assert 'name="uploaded_by"' not in html
    assert 'name="alt"' in html and 'name="focal_x"' in html


@pytest.mark.parametrize(
    ("name", "data", "content_type", "error"),
    [
        ("report.jpg", PDF, "image/jpeg", NOT_AN_IMAGE),
        ("logo.svg", SVG, "image/svg+xml", SVG_REFUSED),
    ],
    ids=["renamed pdf", "svg"],
)
def test_a_refused_file_shows_its_error_on_the_field_and_stores_nothing(
    editor_client, name, data, content_type, error
):
    before = stored_files()
    response = editor_client.post(
        admin_url(Image, "add"), add_form(upload=upload(name, data, content_type))
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"upload": [error]}
    assert Image.objects.count() == 0
    assert stored_files() == before


def test_the_alt_text_is_required(editor_client):
    before = stored_files()
    response = editor_client.post(admin_url(Image, "add"), add_form(upload=upload(), alt=""))

    assert response.context["adminform"].form.errors == {"alt": ["This field is required."]}
    assert Image.objects.count() == 0
    assert stored_files() == before


def test_a_focal_point_needs_both_coordinates(editor_client):
    response = editor_client.post(admin_url(Image, "add"), add_form(upload=upload(), focal_x="0.3"))

    assert response.context["adminform"].form.errors == {
        "__all__": ["Give both coordinates of the focal point, or neither."]
    }
    assert Image.objects.count() == 0


def test_the_file_cannot_be_replaced_on_the_change_page(editor_client):
    image = make_image(width=640, height=480)
    original = image.file.name

    html = editor_client.get(object_url(image, "change")).content.decode()
    response = editor_client.post(
        object_url(image, "change"),
        add_form(alt="Новый текст", upload=upload("other.png", png_bytes(), "image/png")),
    )

    image.refresh_from_db()
    assert 'type="file"' not in html
    assert response.status_code == 302
    assert (image.alt, image.file.name, image.width) == ("Новый текст", original, 640)


def test_a_moved_focal_point_makes_the_renditions_again(
    editor_client, django_capture_on_commit_callbacks
):
    image = make_image(width=1600, height=900)
    old_token = image.renditions["token"]
    old_files = [entry[2] for _s, _f, entry in renditions.entries(image.renditions)]

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            object_url(image, "change"), add_form(alt=image.alt, focal_x="0.1", focal_y="0.5")
        )

    image.refresh_from_db()
    assert image.focal_point == (0.1, 0.5)
    assert image.renditions["token"] != old_token
    assert [p for p in old_files if image.file.storage.exists(p)] == []


def test_an_unchanged_focal_point_keeps_the_renditions(editor_client):
    image = make_image(width=640, height=480, focal_x=0.25, focal_y=0.75)
    manifest = image.renditions

    editor_client.post(
        object_url(image, "change"),
        add_form(alt="Другой текст", focal_x="0.25", focal_y="0.75"),
    )

    image.refresh_from_db()
    assert (image.alt, image.renditions) == ("Другой текст", manifest)


def test_deleting_an_image_removes_its_files_after_the_commit(
    editor_client, django_capture_on_commit_callbacks
):
    make_image(width=640, height=480)
    image = make_image(width=640, height=480, alt="Удаляемое")
    kept = stored_files()
    own = {
        str(Path(settings.MEDIA_ROOT) / entry[2])
        for _s, _f, entry in renditions.entries(image.renditions)
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(object_url(image, "delete"), {"post": "yes"})

    assert response.status_code == 302
    assert list(Image.objects.values_list("alt", flat=True)) == ["Здание акимата на площади"]
    assert stored_files() == kept - own - {image.file.path}


# The list.


def test_the_list_shows_each_images_smallest_webp_thumbnail_and_its_uses(editor_client):
    image = make_image(width=1600, height=900, caption="Акимат вечером")
    make_article(title="С фото", lead_image=image)
    make_person("Иван Петров", image=image)
    smallest = image.renditions["sets"]["full"]["webp"][0]

    html = editor_client.get(admin_url(Image, "changelist")).content.decode()

    assert smallest[:2] == [320, 180]
    assert (
        f'<img class="image-thumbnail" src="/media/{smallest[2]}" width="320" height="180" '
        f'alt="Здание акимата на площади" loading="lazy">'
    ) in html
    assert re.search(r'<td class="field-uses">2</td>', html)
    assert "Акимат вечером" in html


def test_the_list_searches_captions_credits_and_alt_texts(editor_client):
    make_image(width=400, height=300, alt="Мост", caption="Новый мост через Ишим")
    make_image(width=400, height=300, alt="Здание", credit="Пресс-служба акимата")
    make_image(width=400, height=300, alt="Парк осенью")

    def found(term):
        response = editor_client.get(admin_url(Image, "changelist"), {"q": term})
        return sorted(image.alt for image in response.context["cl"].result_list)

    assert found("Ишим") == ["Мост"]
    assert found("Пресс-служба") == ["Здание"]
    assert found("осенью") == ["Парк осенью"]


def test_the_list_links_to_uploading_several(editor_client):
    html = editor_client.get(admin_url(Image, "changelist")).content.decode()

    assert f'href="{reverse("admin:articles_image_upload")}"' in html


# The change page.


def test_the_change_page_shows_the_preview_the_original_and_every_rendition(editor_client):
    image = make_image(width=1600, height=900)

    html = editor_client.get(object_url(image, "change")).content.decode()

    assert '<div class="image-focus" data-focal-x="0.5" data-focal-y="0.5">' in html
    preview = image.renditions["sets"]["full"]["jpeg"][2]
    assert preview[:2] == [960, 540]
    assert f'<img class="image-preview" src="/media/{preview[2]}" width="960" height="540"' in html
    assert re.search(r"1600 × 900 pixels, JPG, \d+(\.\d)?\xa0KB", html)
    rows = re.findall(
        r"<tr><td>(\w+)</td><td>(\w+)</td><td><a href=\"/media/[^\"]+\">(\d+) × (\d+)</a>"
        r"</td><td>\d+(?:\.\d)?\xa0(?:bytes|KB)</td></tr>",
        html,
    )
    # In the order the sets and formats are made, narrowest first (jsonb keeps no order).
    sets = image.renditions["sets"]
    assert rows == [
        (set_name, format_name.upper(), str(entry[0]), str(entry[1]))
        for set_name in ["full", "16x9", "4x3", "1x1", "og"]
        for format_name in ["avif", "webp", "jpeg"]
        for entry in sorted(sets[set_name].get(format_name, []))
    ]
    assert len(rows) == len(list(renditions.entries(image.renditions)))
    assert rows[0][:2] == ("full", renditions.SOURCE_FORMATS[0].upper())
    assert rows[0][2:] == ("320", "180")
    assert rows[-1] == ("og", "JPEG", "1200", "630")


def test_the_change_page_lists_where_the_image_is_used(editor_client):
    image = make_image(width=640, height=480)
    other = make_image(width=640, height=480)
    lead = make_article(title="Статья с главным фото", lead_image=image)
    figure = (
        f'<p>Текст.</p><figure class="figure"><img src="/x.jpg" alt="Фото" data-file="{image.pk}">'
        "</figure>"
    )
    body = make_article(title="Статья с фото в тексте", body=figure)
    # Another image whose ID starts with this one's.
    make_article(
        title="Статья с другим фото",
        body=f'<p>Текст.</p><figure class="figure"><img src="/x.jpg" alt="" data-file="{other.pk}'
        f'{image.pk}"></figure>',
    )
    person = make_person("Иван Петров", image=image)
    event = make_event("Открытие моста", image=image)

    html = editor_client.get(object_url(image, "change")).content.decode()

    usage = html[html.index("field-usage") :]
    usage = usage[: usage.index("</fieldset>")]
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', usage)
    assert links == [
        (object_url(lead, "change"), "Статья с главным фото"),
        (object_url(body, "change"), "Статья с фото в тексте"),
        (object_url(person, "change"), "Иван Петров"),
        (object_url(event, "change"), "Открытие моста"),
    ]
    assert re.findall(r'<h4 class="image-usage-heading">([^<]+)</h4>', usage) == [
        "Lead image of the articles (1)",
        "In the body of the articles (1)",
        "persons (1)",
        "events (1)",
    ]


def test_a_long_usage_list_is_cut_short(editor_client, monkeypatch):
    from articles.admin import images

    monkeypatch.setattr(images, "USAGE_SHOWN", 2)
    image = make_image(width=640, height=480)
    for number in range(5):
        make_article(title=f"Статья {number}", lead_image=image)

    html = editor_client.get(object_url(image, "change")).content.decode()

    assert '<h4 class="image-usage-heading">Lead image of the articles (5)</h4>' in html
    assert html.count('<li><a href="/admin/articles/article/') == 2
    assert "<li>and 3 more</li>" in html


def test_the_delete_page_says_where_the_image_is_used(editor_client):
    image = make_image(width=640, height=480)
    unused = make_image(width=640, height=480)
    article = make_article(title="Статья с фото", lead_image=image)

    html = editor_client.get(object_url(image, "delete")).content.decode()
    unused_html = editor_client.get(object_url(unused, "delete")).content.decode()

    assert "This image is in use." in html
    assert f'<li><a href="{object_url(article, "change")}">Статья с фото</a></li>' in html
    assert "This image is in use." not in unused_html


def test_an_unused_image_says_so(editor_client):
    image = make_image(width=640, height=480)

    html = editor_client.get(object_url(image, "change")).content.decode()

    assert "Not used anywhere." in html


# Who may do what.


def test_an_author_may_upload_an_image(author):
    client = logged_in(author)

    response = client.post(admin_url(Image, "add"), add_form(upload=upload()))

    image = Image.objects.get()
    assert response.status_code == 302
    assert response["Location"] == admin_url(Image, "changelist")
    assert image.uploaded_by == author
    assert image.is_ready


def test_an_author_sees_an_image_read_only_and_may_neither_change_nor_delete_it(author):
    client = logged_in(author)
    image = make_image(width=640, height=480)

    page = client.get(object_url(image, "change"))
    changed = client.post(object_url(image, "change"), add_form(alt="Изменено автором"))
    delete_page = client.get(object_url(image, "delete"))
    deleted = client.post(object_url(image, "delete"), {"post": "yes"})
    bulk = client.post(
        admin_url(Image, "changelist"),
        {"action": "delete_selected", "_selected_action": [image.pk], "post": "yes"},
    )

    image.refresh_from_db()
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="alt"' not in html and '<div class="image-focus"' in html
    assert (changed.status_code, delete_page.status_code, deleted.status_code) == (403, 403, 403)
    assert bulk.status_code == 200
    assert image.alt == "Здание акимата на площади"


def test_staff_without_a_role_may_not_see_the_library():
    client = logged_in(make_user("staff"))

    responses = [
        client.get(admin_url(Image, "changelist")),
        client.get(admin_url(Image, "add")),
        client.get(reverse("admin:articles_image_upload")),
        client.get(reverse("admin:articles_image_picker")),
    ]

    assert [response.status_code for response in responses] == [403, 403, 403, 403]


# Uploading several at once.


def test_uploading_several_adds_the_good_files_and_names_the_refused_one(author):
    client = logged_in(author)

    response = client.post(
        reverse("admin:articles_image_upload"),
        {
            "files": [
                upload("first.jpg", jpeg_bytes(640, 480)),
                upload("report.jpg", PDF),
                upload("second.png", png_bytes(), "image/png"),
            ],
            "alt": "Открытие моста",
            "caption": "Мост через Ишим",
            "credit": "Иван Петров",
            "source": "Пресс-служба акимата",
        },
        follow=True,
    )

    images = Image.objects.order_by("pk")
    assert response.redirect_chain == [(admin_url(Image, "changelist"), 302)]
    assert [(i.width, i.height, i.alt, i.caption, i.credit, i.source) for i in images] == [
        (640, 480, "Открытие моста", "Мост через Ишим", "Иван Петров", "Пресс-служба акимата"),
        (500, 400, "Открытие моста", "Мост через Ишим", "Иван Петров", "Пресс-служба акимата"),
    ]
    assert all(i.uploaded_by == author and i.is_ready for i in images)
    assert [(m.level_tag, m.message) for m in response.context["messages"]] == [
        ("error", f"“report.jpg” was not added: {NOT_AN_IMAGE}"),
        ("success", "2 images added."),
    ]
    assert LogEntry.objects.filter(action_flag=ADDITION).count() == 2


def test_uploading_only_refused_files_shows_the_form_again_with_each_reason(editor_client):
    before = stored_files()
    response = editor_client.post(
        reverse("admin:articles_image_upload"),
        {
            "files": [upload("report.jpg", PDF), upload("logo.svg", SVG, "image/svg+xml")],
            "alt": "Лого",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "files": [
            f"“report.jpg” was not added: {NOT_AN_IMAGE}",
            f"“logo.svg” was not added: {SVG_REFUSED}",
        ]
    }
    assert Image.objects.count() == 0
    assert stored_files() == before


def test_the_upload_page_asks_for_several_files_and_one_alt_text(editor_client):
    response = editor_client.get(reverse("admin:articles_image_upload"))
    html = response.content.decode()
    missing = editor_client.post(reverse("admin:articles_image_upload"), {"alt": ""})

    assert response.status_code == 200
    assert re.search(
        r'<input type="file" name="files" accept="image/jpeg[^"]*" multiple required', html
    )
    assert (
        f"<div>{FORMATS}; each file becomes an image of its own. At most 50 files at once.</div>"
    ) in html
    assert missing.context["form"].errors == {
        "files": ["This field is required."],
        "alt": ["This field is required."],
    }


# The editor's picker.


def picker(client, **params):
    return client.get(reverse("admin:articles_image_picker"), params)


def test_the_picker_shows_ready_images_with_what_the_editor_needs(editor_client):
    image = make_image(width=1600, height=900, caption="Мост через Ишим")
    Image.objects.create(file="originals/unready.jpg", alt="Без копий", width=10, height=10)
    shown = image.renditions["sets"]["full"]["jpeg"][2]

    response = picker(editor_client, CKEditorFuncNum="-1")
    html = response.content.decode()

    assert response.status_code == 200
    assert [choice["image"] for choice in response.context["choices"]] == [image]
    assert '<ul class="picker-grid" data-callback="-1">' in html
    assert (
        f'<button type="button" class="picker-choice" data-id="{image.pk}" '
        f'data-url="/media/{shown[2]}" data-alt="Здание акимата на площади" '
        f'data-caption="Мост через Ишим">'
    ) in html
    assert "Без копий" not in html
    assert 'src="/static/admin/newsroom/picker.js"' in html
    assert "<script>" not in html and " style=" not in html
    assert 'id="header"' not in html


def test_the_picker_searches_and_keeps_the_callback(editor_client):
    make_image(width=400, height=300, alt="Мост", caption="Новый мост через Ишим")
    make_image(width=400, height=300, alt="Здание", credit="Пресс-служба акимата")

    found = picker(editor_client, q="Пресс-служба", CKEditorFuncNum="-3")
    nothing = picker(editor_client, q="вертолёт")

    assert [c["image"].alt for c in found.context["choices"]] == ["Здание"]
    assert '<input type="hidden" name="CKEditorFuncNum" value="-3">' in found.content.decode()
    assert nothing.context["choices"] == []
    assert "No image matches the search." in nothing.content.decode()


def test_the_picker_pages_through_the_library(editor_client, monkeypatch):
    from articles.admin import images

    monkeypatch.setattr(images, "PICKER_PAGE_SIZE", 2)
    for number in range(3):
        make_image(width=320, height=240, alt=f"Фото {number}")

    first = picker(editor_client, CKEditorFuncNum="-1")
    second = picker(editor_client, CKEditorFuncNum="-1", p="2")

    assert [c["image"].alt for c in first.context["choices"]] == ["Фото 2", "Фото 1"]
    assert [c["image"].alt for c in second.context["choices"]] == ["Фото 0"]
    assert 'href="?CKEditorFuncNum=-1&amp;p=2" rel="next"' in first.content.decode()


def test_the_picker_ignores_a_callback_that_is_not_a_number(editor_client):
    make_image(width=320, height=240)

    html = picker(editor_client, CKEditorFuncNum='1"><b>x').content.decode()

    assert '<ul class="picker-grid" data-callback="">' in html
    assert "<b>x" not in html


def test_an_author_may_use_the_picker_and_nobody_may_post_to_it(author):
    client = logged_in(author)

    assert picker(client).status_code == 200
    assert client.post(reverse("admin:articles_image_picker")).status_code == 405
