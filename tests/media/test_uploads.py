"""uploads.inspect(): an upload proven an image we accept from its content alone, its
limits checked from the header, a damaged file refused, the size as it is shown."""

import contextlib
import io
import random
import re
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, features
from PIL import Image as PILImage

from articles.media import uploads

from ..factories import jpeg_bytes

# "JPEG, PNG, WebP, GIF", and AVIF where Pillow reads it.
FORMATS = uploads.ACCEPTED_NAMES
NOT_AN_IMAGE = f"The file is not an image in a format we accept ({FORMATS})."
SVG_REFUSED = f"SVG images are not accepted: they can carry scripts. Upload {FORMATS}."
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
needs_avif = pytest.mark.skipif(not features.check("avif"), reason="Pillow without AVIF")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def encoded(fmt, width=60, height=40, mode="RGB", **options):
    buffer = io.BytesIO()
    PILImage.new(mode, (width, height), (200, 40, 40)).save(buffer, fmt, **options)
    return buffer.getvalue()


def upload(data, name="photo.jpg"):
    return SimpleUploadedFile(name, data, "image/jpeg")


def refused(data, name="photo.jpg"):
    """The ValidationError inspect() raises for `data`."""
    with pytest.raises(ValidationError) as raised:
        uploads.inspect(upload(data, name))
    return raised.value


def png_claiming(width, height):
    """A 1 × 1 PNG whose header (IHDR, its CRC recomputed) says `width` × `height`."""
    data = bytearray(encoded("PNG", 1, 1))
    # Signature (8), chunk length (4), then b"IHDR" and its 13 bytes, then the CRC.
    assert data[12:16] == b"IHDR"
    struct.pack_into(">II", data, 16, width, height)
    struct.pack_into(">I", data, 29, zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def animated_gif(width=48, height=32):
    frames = [PILImage.new("RGB", (width, height), c) for c in [(255, 0, 0), (0, 0, 255)]]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100)
    return buffer.getvalue()


def exif_orientation(value):
    exif = PILImage.Exif()
    exif[ExifTags.Base.Orientation] = value
    return exif


# What is accepted


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (jpeg_bytes(60, 40), uploads.Upload("JPEG", 60, 40)),
        (encoded("PNG"), uploads.Upload("PNG", 60, 40)),
        (encoded("PNG", mode="RGBA"), uploads.Upload("PNG", 60, 40)),
        (encoded("WEBP", quality=80), uploads.Upload("WEBP", 60, 40)),
        (animated_gif(48, 32), uploads.Upload("GIF", 48, 32)),
        pytest.param(encoded("AVIF"), uploads.Upload("AVIF", 60, 40), marks=needs_avif),
    ],
    ids=["jpeg", "png", "png with alpha", "webp", "animated gif", "avif"],
)
def test_each_accepted_format_is_accepted_with_its_format_and_size(data, expected):
    assert uploads.inspect(upload(data)) == expected


@pytest.mark.parametrize(
    ("fmt", "extension", "mime_type"),
    [
        ("JPEG", "jpg", "image/jpeg"),
        ("PNG", "png", "image/png"),
        ("WEBP", "webp", "image/webp"),
        ("GIF", "gif", "image/gif"),
        pytest.param("AVIF", "avif", "image/avif", marks=needs_avif),
    ],
)
def test_an_upload_knows_its_extension_and_media_type(fmt, extension, mime_type):
    info = uploads.inspect(upload(encoded(fmt)))
    assert (info.format, info.extension, info.mime_type) == (fmt, extension, mime_type)


def test_the_type_comes_from_the_content_not_the_name():
    png_named_jpg = uploads.inspect(upload(encoded("PNG", 30, 20), "photo.jpg"))
    jpeg_named_exe = uploads.inspect(upload(jpeg_bytes(50, 30), "setup.exe"))

    assert (png_named_jpg, png_named_jpg.extension) == (uploads.Upload("PNG", 30, 20), "png")
    assert (jpeg_named_exe, jpeg_named_exe.extension) == (uploads.Upload("JPEG", 50, 30), "jpg")


# What is refused


@pytest.mark.parametrize(
    "data",
    [PDF, b"", random.Random(7).randbytes(2048), b"GIF89a" + b"\0" * 3],
    ids=["renamed pdf", "empty file", "random bytes", "a gif signature and nothing else"],
)
def test_a_file_that_is_no_image_is_refused_as_such(data):
    error = refused(data)
    assert (error.code, error.messages) == ("not_an_image", [NOT_AN_IMAGE])


@pytest.mark.parametrize(
    "data",
    [
        SVG,
        b'<?xml version="1.0" encoding="UTF-8"?>\n' + SVG,
        b"\xef\xbb\xbf" + SVG,
        b"\xef\xbb\xbf\n  <!DOCTYPE svg>" + SVG,
    ],
    ids=["plain", "xml prolog", "utf-8 bom", "bom and doctype"],
)
def test_svg_is_refused_with_its_own_message(data):
    error = refused(data, "logo.png")
    assert (error.code, error.messages) == ("svg", [SVG_REFUSED])


def test_an_xml_file_that_is_no_svg_is_simply_no_image():
    error = refused(b'<?xml version="1.0"?><rss version="2.0"></rss>', "feed.jpg")
    assert error.messages == [NOT_AN_IMAGE]


@pytest.mark.parametrize(("fmt", "name"), [("BMP", "BMP"), ("TIFF", "TIFF")])
def test_an_image_of_another_format_is_refused_naming_it(fmt, name):
    error = refused(encoded(fmt), "photo.jpg")
    assert (error.code, error.messages) == (
        "format",
        [f"{name} images are not accepted. Upload {FORMATS}."],
    )


def padded_jpeg(length):
    """A JPEG of exactly `length` bytes (padding after its end, which readers skip)."""
    data = jpeg_bytes(16, 16)
    assert len(data) < length
    return data + b"\0" * (length - len(data))


def test_a_file_of_too_many_bytes_is_refused_before_it_is_read(settings):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 1024

    error = refused(padded_jpeg(2048))

    assert (error.code, error.messages) == (
        "too_large",
        ["The file is 2.0\xa0KB; images of at most 1.0\xa0KB are accepted."],
    )


def test_a_file_of_exactly_the_byte_limit_is_accepted(settings):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 2048
    assert uploads.inspect(upload(padded_jpeg(2048))) == uploads.Upload("JPEG", 16, 16)
    settings.NEWSROOM_IMAGE_MAX_BYTES = 2047
    assert refused(padded_jpeg(2048)).code == "too_large"


def test_the_byte_limit_of_the_settings_is_30_mb_by_default():
    error = refused(b"\xff\xd8\xff" + b"\0" * (30 * 1024 * 1024 - 2))
    assert error.messages == ["The file is 30.0\xa0MB; images of at most 30.0\xa0MB are accepted."]


def test_a_header_claiming_too_many_pixels_is_refused_with_the_size():
    data = png_claiming(10000, 10000)

    error = refused(data)

    assert len(data) < 100
    assert (error.code, error.messages) == (
        "too_many_pixels",
        ["The image is 10000 × 10000 pixels; at most 60 megapixels are accepted."],
    )


def test_a_header_beyond_pillows_own_bomb_limit_is_refused_without_the_size():
    # 400 megapixels: Pillow refuses to open it at all.
    error = refused(png_claiming(20000, 20000))
    assert (error.code, error.messages) == (
        "too_many_pixels",
        ["The image has too many pixels; at most 60 megapixels are accepted."],
    )


def test_the_pixel_limit_comes_from_the_settings(settings):
    settings.NEWSROOM_IMAGE_MAX_PIXELS = 600

    assert uploads.inspect(upload(encoded("PNG", 30, 20))) == uploads.Upload("PNG", 30, 20)
    assert refused(encoded("PNG", 31, 20)).messages == [
        "The image is 31 × 20 pixels; at most 0.0006 megapixels are accepted."
    ]


DAMAGED = re.compile(r"The image is damaged or incomplete and cannot be read \(.+\)\.")


def noisy_jpeg(width=300, height=200):
    buffer = io.BytesIO()
    PILImage.effect_noise((width, height), 60).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()


NOISY = noisy_jpeg()


@pytest.mark.parametrize(
    "data",
    [
        NOISY[: len(NOISY) // 2],
        # Up to the first bytes of the scan: nothing of the picture's data.
        NOISY[: NOISY.index(b"\xff\xda") + 50],
        encoded("PNG", 300, 200)[:-30],
    ],
    ids=["jpeg cut in half", "jpeg cut after its header", "png without its end"],
)
def test_a_truncated_file_is_refused_as_damaged(data):
    # The header reads: Pillow knows the format and the size.
    with PILImage.open(io.BytesIO(data)) as header:
        assert header.size == (300, 200)

    error = refused(data)

    assert error.code == "damaged"
    assert DAMAGED.fullmatch(error.messages[0]), error.messages


# The size as it is shown


@pytest.mark.parametrize(
    ("orientation", "size"),
    [(1, (600, 400)), (3, (600, 400)), (5, (400, 600)), (6, (400, 600)), (8, (400, 600))],
)
def test_the_exif_orientation_gives_the_shown_width_and_height(orientation, size):
    data = jpeg_bytes(600, 400, exif=exif_orientation(orientation))
    assert uploads.inspect(upload(data)) == uploads.Upload("JPEG", *size)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", pytest.param("AVIF", marks=needs_avif)])
def test_the_orientation_of_the_other_formats_turns_them_too(fmt):
    # (Pillow writes an AVIF's orientation as its rotation box, not as EXIF.)
    data = encoded(fmt, 600, 400, exif=exif_orientation(6))
    assert uploads.inspect(upload(data, "photo.jpg")) == uploads.Upload(fmt, 400, 600)


def mpo_bytes():
    """A JPEG carrying a second, smaller picture (a camera's preview, a stereo pair):
    Pillow calls it MPO."""
    first = PILImage.new("RGB", (60, 40), (200, 0, 0))
    buffer = io.BytesIO()
    first.save(buffer, "MPO", save_all=True, append_images=[PILImage.new("RGB", (30, 20))])
    return buffer.getvalue()


def test_a_jpeg_carrying_a_second_picture_is_accepted_as_a_jpeg():
    data = mpo_bytes()
    assert data[:3] == b"\xff\xd8\xff"

    info = uploads.inspect(upload(data))

    assert (info.width, info.height, info.extension, info.mime_type) == (
        60,
        40,
        "jpg",
        "image/jpeg",
    )


@pytest.mark.parametrize(
    "data",
    [jpeg_bytes(60, 40), encoded("PNG"), PDF, SVG, encoded("BMP"), NOISY[: len(NOISY) // 2]],
    ids=["jpeg", "png", "pdf", "svg", "bmp", "truncated"],
)
def test_the_file_is_back_at_its_start_after_inspect(data):
    file = upload(data)
    file.read(7)

    with contextlib.suppress(ValidationError):
        uploads.inspect(file)

    assert file.tell() == 0
    assert file.read() == data
