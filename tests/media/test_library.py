"""library: an upload stored as an image (the original kept apart, never served; the
renditions readers get), made again, and deleted, with nothing left behind on failure
and no file deleted before the change is committed."""

import io
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import ExifTags
from PIL import Image as PILImage

from articles.media import library, renditions
from articles.models import Image

from ..factories import jpeg_bytes, make_image

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def originals_storage():
    return Image._meta.get_field("file").storage


def stored_files():
    """Every file in the storages of the renditions and of the originals, relative to
    its storage's folder."""
    found = set()
    for storage in (default_storage, originals_storage()):
        root = Path(storage.location)
        found |= {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
    return found


def upload(data, name="photo.jpg"):
    return SimpleUploadedFile(name, data, "image/jpeg")


def camera_photo(width=600, height=400, orientation=1):
    exif = PILImage.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "SecretCam"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "N"
    return jpeg_bytes(width, height, exif=exif)


def own_files(image):
    return {image.file.name, *renditions.names(image.renditions)}


# Adding an image


def test_add_image_keeps_the_original_as_uploaded_apart_from_the_renditions():
    data = camera_photo()

    image = library.add_image(upload(data, "IMG_0001.JPG"), alt="Мост", credit="Иван Петров")

    stored = Image.objects.get()
    assert stored == image
    assert (stored.alt, stored.credit, stored.width, stored.height) == (
        "Мост",
        "Иван Петров",
        600,
        400,
    )
    assert re.fullmatch(r"originals/[0-9a-f]{32}\.jpg", stored.file.name)
    assert stored.file.storage is originals_storage()
    assert not default_storage.exists(stored.file.name)
    with stored.file.open("rb") as original:
        kept = original.read()
    assert kept == data
    with PILImage.open(io.BytesIO(kept)) as picture:
        assert picture.getexif()[ExifTags.Base.Make] == "SecretCam"
    assert stored.renditions == image.renditions
    assert stored_files() == own_files(stored)


def test_add_image_makes_renditions_with_no_exif():
    image = library.add_image(upload(camera_photo()), alt="Мост")

    names = renditions.names(image.renditions)
    assert set(image.renditions["sets"]) == {"full", "16x9", "4x3", "1x1", "og"}
    assert len(names) == 2 * (1 + len(renditions.SOURCE_FORMATS)) + 3
    for name in names:
        with default_storage.open(name, "rb") as file:
            data = file.read()
        with PILImage.open(io.BytesIO(data)) as picture:
            assert dict(picture.getexif()) == {}, name
        assert b"Exif" not in data and b"SecretCam" not in data, name


@pytest.mark.parametrize(
    ("data", "name", "extension"),
    [
        (jpeg_bytes(64, 48), "photo.png", "jpg"),
        (None, "photo.jpg", "png"),
    ],
    ids=["jpeg named png", "png named jpg"],
)
def test_the_originals_extension_is_its_contents(data, name, extension):
    if data is None:
        buffer = io.BytesIO()
        PILImage.new("RGB", (64, 48), (10, 200, 10)).save(buffer, "PNG")
        data = buffer.getvalue()

    image = library.add_image(upload(data, name), alt="Фото")

    assert re.fullmatch(rf"originals/[0-9a-f]{{32}}\.{extension}", image.file.name)


def test_two_uploads_of_one_file_get_names_of_their_own():
    data = jpeg_bytes(64, 48)
    first = library.add_image(upload(data), alt="Раз")
    second = library.add_image(upload(data), alt="Два")
    assert first.file.name != second.file.name
    assert first.renditions["token"] != second.renditions["token"]


@pytest.mark.parametrize(
    ("data", "code"),
    [(PDF, "not_an_image"), (jpeg_bytes(300, 200)[:400], "damaged")],
    ids=["pdf", "truncated jpeg"],
)
def test_a_refused_file_leaves_no_row_and_no_file(data, code):
    with pytest.raises(ValidationError) as raised:
        library.add_image(upload(data), alt="Отчёт")

    assert raised.value.code == code
    assert Image.objects.count() == 0
    assert stored_files() == set()


def test_an_invalid_field_leaves_no_row_and_no_file():
    with pytest.raises(ValidationError) as raised:
        library.add_image(upload(jpeg_bytes(64, 48)), alt="")

    assert raised.value.message_dict == {"alt": ["This field cannot be blank."]}
    assert Image.objects.count() == 0
    assert stored_files() == set()


def test_a_failure_while_saving_the_row_leaves_no_file(monkeypatch):
    def failing_save(self, *args, **kwargs):
        raise RuntimeError("database is down")

    monkeypatch.setattr(Image, "save", failing_save)

    with pytest.raises(RuntimeError, match="database is down"):
        library.add_image(upload(jpeg_bytes(320, 240)), alt="Мост")

    monkeypatch.undo()
    assert Image.objects.count() == 0
    assert stored_files() == set()


def test_a_failure_while_making_the_renditions_leaves_no_file(monkeypatch):
    encode = renditions.encode
    calls = []

    def failing(picture, format_name):
        calls.append(format_name)
        if len(calls) == 3:
            raise RuntimeError("encoder crashed")
        return encode(picture, format_name)

    monkeypatch.setattr(renditions, "encode", failing)

    with pytest.raises(RuntimeError, match="encoder crashed"):
        library.add_image(upload(jpeg_bytes(320, 240)), alt="Мост")

    assert len(calls) == 3
    assert Image.objects.count() == 0
    assert stored_files() == set()


def test_a_jpeg_carrying_a_second_picture_is_stored_as_a_jpeg():
    buffer = io.BytesIO()
    first = PILImage.new("RGB", (60, 40), (200, 0, 0))
    first.save(buffer, "MPO", save_all=True, append_images=[PILImage.new("RGB", (30, 20))])

    image = library.add_image(upload(buffer.getvalue()), alt="Снимок с камеры")

    assert re.fullmatch(r"originals/[0-9a-f]{32}\.jpg", image.file.name)
    assert (image.width, image.height) == (60, 40)
    assert [entry[:2] for entry in image.renditions["sets"]["full"]["jpeg"]] == [[60, 40]]


def test_a_rotated_upload_has_the_width_and_height_it_is_shown_at():
    image = library.add_image(upload(camera_photo(600, 400, orientation=6)), alt="Портрет")

    stored = Image.objects.get(pk=image.pk)
    assert (image.width, image.height) == (400, 600)
    assert (stored.width, stored.height) == (400, 600)
    full = stored.renditions["sets"]["full"]["jpeg"]
    assert [entry[:2] for entry in full] == [[320, 480]]


@pytest.mark.parametrize(
    ("size", "decoded", "heights"),
    [
        ((4000, 3000), (4000, 3000), [240, 480, 720, 960, 1440]),
        ((4000, 4000), (2000, 2000), [320, 640, 960, 1280, 1920]),
    ],
)
def test_a_large_photo_gets_every_width_with_exact_heights(size, decoded, heights):
    width, height = size
    data = jpeg_bytes(width, height)
    # JPEG's draft halves a picture only where both sides stay 1920 or more.
    assert renditions.open_picture(io.BytesIO(data)).size == decoded

    image = library.add_image(upload(data), alt="Панорама")

    assert (image.width, image.height) == size
    sets = image.renditions["sets"]
    expected = [[w, h] for w, h in zip([320, 640, 960, 1280, 1920], heights, strict=True)]
    for format_name in ("jpeg", *renditions.SOURCE_FORMATS):
        assert [entry[:2] for entry in sets["full"][format_name]] == expected
        assert [entry[:2] for entry in sets["16x9"][format_name]] == [
            [320, 180],
            [640, 360],
            [960, 540],
            [1280, 720],
            [1920, 1080],
        ]
    crops = {name: [entry[:2] for entry in sets[name]["jpeg"]] for name in ("4x3", "1x1", "og")}
    assert crops == {"4x3": [[1200, 900]], "1x1": [[1200, 1200]], "og": [[1200, 630]]}
    largest = sets["full"]["jpeg"][-1][2]
    with default_storage.open(largest, "rb") as file, PILImage.open(file) as picture:
        assert picture.size == (1920, heights[-1])


# Making the renditions again


def test_remake_gives_a_new_token_and_deletes_the_old_files_after_the_commit(
    django_capture_on_commit_callbacks,
):
    image = make_image(width=640, height=480)
    old_token = image.renditions["token"]
    old = renditions.names(image.renditions)
    image.focal_x, image.focal_y = 0.1, 0.5
    image.save()

    with django_capture_on_commit_callbacks() as callbacks:
        library.remake(image)

    new = renditions.names(image.renditions)
    stored = Image.objects.get(pk=image.pk)
    assert stored.renditions == image.renditions
    assert image.renditions["token"] != old_token
    assert all(old_token not in name for name in new)
    # Until the commit, pages may still name the old files.
    assert all(default_storage.exists(name) for name in old + new)
    assert callbacks

    for callback in callbacks:
        callback()

    assert not any(default_storage.exists(name) for name in old)
    assert all(default_storage.exists(name) for name in new)
    assert originals_storage().exists(image.file.name)
    assert stored_files() == own_files(stored)


def test_a_remake_rolled_back_keeps_the_old_files(django_capture_on_commit_callbacks):
    image = make_image(width=640, height=480)
    old = renditions.names(image.renditions)

    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        library.remake(image)
        transaction.set_rollback(True)

    for callback in callbacks:
        callback()

    assert Image.objects.get(pk=image.pk).renditions["token"] in old[0]
    assert all(default_storage.exists(name) for name in old)


def test_a_remake_whose_save_fails_leaves_no_new_file(monkeypatch):
    image = make_image(width=320, height=240)
    before = stored_files()

    def failing_save(self, *args, **kwargs):
        raise RuntimeError("database is down")

    monkeypatch.setattr(Image, "save", failing_save)
    with pytest.raises(RuntimeError):
        library.remake(image)
    monkeypatch.undo()

    assert stored_files() == before


# Deleting an image


def test_deleting_an_image_removes_all_its_files_after_the_commit(
    django_capture_on_commit_callbacks,
):
    kept = make_image(width=320, height=240, alt="Остаётся")
    image = make_image(width=640, height=480, alt="Удаляется")
    files = own_files(image)
    assert stored_files() == files | own_files(kept)

    with django_capture_on_commit_callbacks() as callbacks:
        image.delete()

    assert stored_files() == files | own_files(kept)

    for callback in callbacks:
        callback()

    assert stored_files() == own_files(kept)
    assert list(Image.objects.values_list("alt", flat=True)) == ["Остаётся"]


def test_deleting_images_in_bulk_removes_their_files_after_the_commit(
    django_capture_on_commit_callbacks,
):
    make_image(width=320, height=240)
    make_image(width=320, height=240)

    with django_capture_on_commit_callbacks(execute=True):
        Image.objects.all().delete()

    assert stored_files() == set()


def test_a_rolled_back_delete_keeps_the_files(django_capture_on_commit_callbacks):
    image = make_image(width=320, height=240)
    files = stored_files()

    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        image.delete()
        transaction.set_rollback(True)

    for callback in callbacks:
        callback()

    assert Image.objects.count() == 1
    assert stored_files() == files


def test_a_delete_undone_by_an_error_keeps_the_files(django_capture_on_commit_callbacks):
    image = make_image(width=320, height=240)
    files = stored_files()

    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        Image.objects.filter(pk=image.pk).delete()
        raise RuntimeError("the rest of the change failed")

    for callback in callbacks:
        callback()

    assert Image.objects.count() == 1
    assert stored_files() == files


def test_deleting_the_files_of_an_image_whose_files_are_gone_is_no_error():
    image = make_image(width=320, height=240)
    library.delete_image_files(image)
    assert stored_files() == set()

    library.delete_image_files(image)
    library.delete_image_files(Image(alt="Без файла"))

    assert stored_files() == set()
