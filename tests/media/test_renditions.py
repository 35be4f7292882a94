"""renditions: the sizes each original gets (plan), where crops sit (crop_box), and the
files make() writes: real formats and sizes, no metadata, sRGB, under one token."""

import io
import re
import struct
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from PIL import ExifTags, ImageCms, ImageStat
from PIL import Image as PILImage

from articles.media import renditions

from ..factories import jpeg_bytes

# Pillow's names of the formats a rendition may be in.
PIL_FORMATS = {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG"}
EVERY = (*renditions.SOURCE_FORMATS, "jpeg")
NAME = re.compile(
    r"images/(?P<tt>[0-9a-f]{2})/(?P<token>[0-9a-f]{32})/"
    r"(?P<set>full|16x9|4x3|1x1|og)-(?P<w>\d+)x(?P<h>\d+)\.(?P<ext>avif|webp|jpg)"
)


@pytest.fixture
def storage(tmp_path):
    return FileSystemStorage(location=tmp_path / "renditions", base_url="/media/")


def files_in(storage):
    root = Path(storage.location)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def encoded(picture, fmt, **options):
    buffer = io.BytesIO()
    picture.save(buffer, fmt, **options)
    return buffer.getvalue()


def opened(storage, name):
    with storage.open(name, "rb") as file:
        data = file.read()
    picture = PILImage.open(io.BytesIO(data))
    picture.load()
    return picture, data


def sizes(specs):
    return [(spec.set_name, spec.width, spec.height, spec.formats) for spec in specs]


# plan()


def test_plan_of_a_16x9_original_has_every_width_it_covers():
    assert sizes(renditions.plan(1600, 900)) == [
        ("full", 1280, 720, EVERY),
        ("full", 960, 540, EVERY),
        ("full", 640, 360, EVERY),
        ("full", 320, 180, EVERY),
        ("16x9", 1280, 720, EVERY),
        ("16x9", 960, 540, EVERY),
        ("16x9", 640, 360, EVERY),
        ("16x9", 320, 180, EVERY),
        ("4x3", 1200, 900, ("jpeg",)),
        ("1x1", 900, 900, ("jpeg",)),
        ("og", 1200, 630, ("jpeg",)),
    ]


def test_plan_of_a_large_3x2_original_goes_up_to_1920_and_crops_at_1200():
    assert sizes(renditions.plan(2400, 1600)) == [
        ("full", 1920, 1280, EVERY),
        ("full", 1280, 853, EVERY),
        ("full", 960, 640, EVERY),
        ("full", 640, 427, EVERY),
        ("full", 320, 213, EVERY),
        ("16x9", 1920, 1080, EVERY),
        ("16x9", 1280, 720, EVERY),
        ("16x9", 960, 540, EVERY),
        ("16x9", 640, 360, EVERY),
        ("16x9", 320, 180, EVERY),
        ("4x3", 1200, 900, ("jpeg",)),
        ("1x1", 1200, 1200, ("jpeg",)),
        ("og", 1200, 630, ("jpeg",)),
    ]


def test_plan_of_a_5x4_original_has_no_rendition_wider_than_it():
    assert sizes(renditions.plan(1000, 800)) == [
        ("full", 960, 768, EVERY),
        ("full", 640, 512, EVERY),
        ("full", 320, 256, EVERY),
        ("16x9", 960, 540, EVERY),
        ("16x9", 640, 360, EVERY),
        ("16x9", 320, 180, EVERY),
        ("4x3", 1000, 750, ("jpeg",)),
        ("1x1", 800, 800, ("jpeg",)),
        ("og", 1200, 630, ("jpeg",)),
    ]


def test_plan_of_a_picture_narrower_than_every_width_has_one_at_its_own():
    assert sizes(renditions.plan(200, 150)) == [
        ("full", 200, 150, EVERY),
        ("16x9", 200, 112, EVERY),
        ("4x3", 200, 150, ("jpeg",)),
        ("1x1", 150, 150, ("jpeg",)),
        ("og", 1200, 630, ("jpeg",)),
    ]


def test_plan_of_a_portrait_crops_16x9_across_its_width():
    assert sizes(renditions.plan(900, 1600)) == [
        ("full", 640, 1138, EVERY),
        ("full", 320, 569, EVERY),
        ("16x9", 640, 360, EVERY),
        ("16x9", 320, 180, EVERY),
        ("4x3", 900, 675, ("jpeg",)),
        ("1x1", 900, 900, ("jpeg",)),
        ("og", 1200, 630, ("jpeg",)),
    ]


# crop_box()


@pytest.mark.parametrize(
    ("size", "ratio", "focal", "box"),
    [
        # All of it, wherever the focal point.
        ((1600, 900), None, (0.1, 0.9), (0, 0, 1600, 900)),
        # A square of a landscape: centred on the focal point across.
        ((1600, 900), (1, 1), (0.5, 0.5), (350, 0, 1250, 900)),
        ((1600, 900), (1, 1), (0.7, 0.5), (670, 0, 1570, 900)),
        ((1600, 900), (1, 1), (0.3, 0.0), (30, 0, 930, 900)),
        # ... and stopped at the edges.
        ((1600, 900), (1, 1), (0.1, 0.5), (0, 0, 900, 900)),
        ((1600, 900), (1, 1), (0.0, 0.5), (0, 0, 900, 900)),
        ((1600, 900), (1, 1), (0.9, 0.5), (700, 0, 1600, 900)),
        ((1600, 900), (1, 1), (1.0, 0.5), (700, 0, 1600, 900)),
        # A 16:9 band of a portrait: centred down, stopped at the top and bottom.
        ((900, 1600), (16, 9), (0.5, 0.3), (0, 227, 900, 733)),
        ((900, 1600), (16, 9), (0.5, 0.0), (0, 0, 900, 506)),
        ((900, 1600), (16, 9), (0.5, 1.0), (0, 1094, 900, 1600)),
        # The Open Graph proportions of a 16:9 picture: a band a little less high.
        ((1600, 900), (1200, 630), (0.5, 0.5), (0, 30, 1600, 870)),
        ((1600, 900), (1200, 630), (0.5, 0.0), (0, 0, 1600, 840)),
        # The picture's own proportions: all of it.
        ((1600, 900), (16, 9), (0.2, 0.8), (0, 0, 1600, 900)),
    ],
)
def test_crop_box_centres_on_the_focal_point_as_far_as_the_edges_allow(size, ratio, focal, box):
    assert renditions.crop_box(*size, ratio, focal) == box


# make()


def test_every_manifest_entry_is_a_file_of_its_format_size_and_length(storage):
    manifest = renditions.make(io.BytesIO(jpeg_bytes(1000, 800)), (0.5, 0.5), storage)

    token = manifest["token"]
    entries = list(renditions.entries(manifest))
    assert re.fullmatch(r"[0-9a-f]{32}", token)
    assert sorted((s, f, e[0], e[1]) for s, f, e in entries) == sorted(
        (s, f, w, h) for s, w, h, formats in sizes(renditions.plan(1000, 800)) for f in formats
    )
    for set_name, format_name, (width, height, name, length) in entries:
        match = NAME.fullmatch(name)
        assert match, name
        assert (match["tt"], match["token"], match["set"]) == (token[:2], token, set_name)
        assert (int(match["w"]), int(match["h"])) == (width, height)
        assert match["ext"] == renditions.EXTENSIONS[format_name]
        picture, data = opened(storage, name)
        assert (picture.format, picture.size, len(data)) == (
            PIL_FORMATS[format_name],
            (width, height),
            length,
        )
    assert files_in(storage) == sorted(renditions.names(manifest))


def test_the_manifest_lists_each_set_and_format_narrowest_first(storage):
    manifest = renditions.make(io.BytesIO(jpeg_bytes(1000, 800)), (0.5, 0.5), storage)

    shape = {
        set_name: {f: [entry[:2] for entry in files] for f, files in formats.items()}
        for set_name, formats in manifest["sets"].items()
    }
    full = [[320, 256], [640, 512], [960, 768]]
    wide = [[320, 180], [640, 360], [960, 540]]
    # In the order they are made: sets, then the better formats first.
    assert [(name, list(formats)) for name, formats in shape.items()] == [
        ("full", list(EVERY)),
        ("16x9", list(EVERY)),
        ("4x3", ["jpeg"]),
        ("1x1", ["jpeg"]),
        ("og", ["jpeg"]),
    ]
    assert shape == {
        "full": dict.fromkeys(EVERY, full),
        "16x9": dict.fromkeys(EVERY, wide),
        "4x3": {"jpeg": [[1000, 750]]},
        "1x1": {"jpeg": [[800, 800]]},
        "og": {"jpeg": [[1200, 630]]},
    }


def test_two_makes_of_one_original_get_different_tokens(storage):
    data = jpeg_bytes(320, 240)

    first = renditions.make(io.BytesIO(data), (0.5, 0.5), storage)
    second = renditions.make(io.BytesIO(data), (0.5, 0.5), storage)

    assert first["token"] != second["token"]
    assert set(renditions.names(first)).isdisjoint(renditions.names(second))
    assert files_in(storage) == sorted(renditions.names(first) + renditions.names(second))


SRGB_PROFILE = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def photo_with_metadata(width=600, height=400, orientation=1, icc=SRGB_PROFILE):
    """A camera's JPEG: EXIF with a maker, GPS and an orientation, a comment, and the
    ICC profile `icc` (None: none)."""
    exif = PILImage.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "SecretCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 10.0, 30.0)
    picture = PILImage.new("RGB", (width, height), (200, 30, 30))
    options = {"icc_profile": icc} if icc else {}
    data = encoded(picture, "JPEG", exif=exif, comment=b"SecretComment", **options)
    with PILImage.open(io.BytesIO(data)) as check:
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert check.info.get("icc_profile") == icc and check.info["comment"] == b"SecretComment"
    return data


@pytest.mark.parametrize(
    "icc",
    [SRGB_PROFILE, None, b"SecretProfile: no ICC profile at all"],
    ids=["srgb profile", "no profile", "unusable profile"],
)
def test_no_rendition_carries_the_originals_metadata(storage, icc):
    manifest = renditions.make(io.BytesIO(photo_with_metadata(icc=icc)), (0.5, 0.5), storage)

    names = renditions.names(manifest)
    # full and 16x9 at 320 wide in every format, 4x3, 1x1 and og.
    assert len(names) == 2 * len(EVERY) + 3
    for name in names:
        picture, data = opened(storage, name)
        assert dict(picture.getexif()) == {}, name
        assert b"Exif" not in data, name
        assert b"SecretCam" not in data and b"SecretComment" not in data, name
        assert b"SecretProfile" not in data, name
        assert "icc_profile" not in picture.info, name
        assert "exif" not in picture.info and "comment" not in picture.info, name


@pytest.mark.parametrize("format_name", EVERY)
def test_encode_writes_none_of_the_metadata_a_picture_carries(format_name):
    picture = PILImage.open(io.BytesIO(photo_with_metadata(icc=b"SecretProfile: unusable")))
    picture.load()
    assert {"exif", "icc_profile", "comment"} <= set(picture.info)

    data = renditions.encode(picture, format_name)

    written = PILImage.open(io.BytesIO(data))
    assert written.format == PIL_FORMATS[format_name]
    assert dict(written.getexif()) == {}
    assert {"exif", "icc_profile", "comment"}.isdisjoint(written.info)
    assert b"Secret" not in data and b"Exif" not in data
    # The picture given is left as it was.
    assert picture.info["comment"] == b"SecretComment"


def test_an_orientation_6_photo_gives_portrait_renditions(storage):
    data = photo_with_metadata(600, 400, orientation=6)

    manifest = renditions.make(io.BytesIO(data), (0.5, 0.5), storage)

    full = manifest["sets"]["full"]
    assert {f: [entry[:2] for entry in files] for f, files in full.items()} == {
        f: [[320, 480]] for f in EVERY
    }
    picture, _ = opened(storage, full["jpeg"][0][2])
    assert picture.size == (320, 480)


def half_red_half_blue(width=800, height=400):
    picture = PILImage.new("RGB", (width, height), (255, 0, 0))
    picture.paste((0, 0, 255), (width // 2, 0, width, height))
    return encoded(picture, "PNG")


@pytest.mark.parametrize(("focal_x", "red", "blue"), [(0.1, 255, 0), (0.9, 0, 255)])
def test_the_focal_point_moves_the_square_crop(storage, focal_x, red, blue):
    manifest = renditions.make(io.BytesIO(half_red_half_blue()), (focal_x, 0.5), storage)

    ((width, height, name, _bytes),) = manifest["sets"]["1x1"]["jpeg"]
    picture, _ = opened(storage, name)
    mean_red, mean_green, mean_blue = ImageStat.Stat(picture.convert("RGB")).mean
    assert (width, height) == (400, 400)
    assert abs(mean_red - red) < 3 and mean_green < 3 and abs(mean_blue - blue) < 3


def test_a_centred_focal_point_keeps_both_halves_in_the_square(storage):
    manifest = renditions.make(io.BytesIO(half_red_half_blue()), (0.5, 0.5), storage)

    picture, _ = opened(storage, manifest["sets"]["1x1"]["jpeg"][0][2])
    picture = picture.convert("RGB")
    assert picture.getpixel((20, 200))[0] > 240 and picture.getpixel((380, 200))[2] > 240


def test_a_transparent_png_is_white_in_jpeg_and_keeps_its_alpha_in_webp(storage):
    picture = PILImage.new("RGBA", (400, 300), (0, 0, 0, 0))
    picture.paste((0, 0, 255, 255), (200, 0, 400, 300))

    manifest = renditions.make(io.BytesIO(encoded(picture, "PNG")), (0.5, 0.5), storage)

    full = manifest["sets"]["full"]
    jpeg, _ = opened(storage, full["jpeg"][0][2])
    webp, _ = opened(storage, full["webp"][0][2])
    assert (jpeg.mode, jpeg.size) == ("RGB", (320, 240))
    assert all(channel > 250 for channel in jpeg.getpixel((40, 120)))
    assert jpeg.getpixel((280, 120))[2] > 240 and jpeg.getpixel((280, 120))[0] < 10
    assert webp.mode == "RGBA"
    assert webp.getpixel((40, 120))[3] == 0
    assert webp.getpixel((280, 120))[3] == 255


def test_an_animated_gif_gives_its_first_frames_colour(storage):
    frames = [PILImage.new("RGB", (120, 90), c) for c in [(255, 0, 0), (0, 255, 0), (0, 0, 255)]]
    data = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)

    manifest = renditions.make(io.BytesIO(data), (0.5, 0.5), storage)

    assert len(list(renditions.entries(manifest))) == 3 + 3 + 1 + 1 + 1
    for _set, _format, (_w, _h, name, _bytes) in renditions.entries(manifest):
        picture, _ = opened(storage, name)
        red, green, blue = ImageStat.Stat(picture.convert("RGB")).mean
        assert red > 250 and green < 5 and blue < 5, name


def test_a_failure_midway_leaves_no_file_and_goes_on(storage, monkeypatch):
    encode = renditions.encode
    calls = []

    def failing(picture, format_name):
        calls.append(format_name)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return encode(picture, format_name)

    monkeypatch.setattr(renditions, "encode", failing)

    with pytest.raises(RuntimeError, match="disk full"):
        renditions.make(io.BytesIO(jpeg_bytes(640, 480)), (0.5, 0.5), storage)

    assert len(calls) == 3
    assert files_in(storage) == []


def test_a_cmyk_jpeg_gives_rgb_renditions_of_its_colour(storage):
    data = encoded(PILImage.new("CMYK", (300, 200), (0, 255, 255, 0)), "JPEG")

    manifest = renditions.make(io.BytesIO(data), (0.5, 0.5), storage)

    for _set, format_name, (_w, _h, name, _bytes) in renditions.entries(manifest):
        picture, _ = opened(storage, name)
        assert picture.mode == "RGB", (name, picture.mode)
        red, green, blue = ImageStat.Stat(picture).mean
        assert red > 240 and green < 15 and blue < 15, (format_name, red, green, blue)


def s15_fixed16(value):
    return struct.pack(">i", round(value * 65536))


def xyz_tag(x, y, z):
    return b"XYZ " + b"\0" * 4 + s15_fixed16(x) + s15_fixed16(y) + s15_fixed16(z)


def rgb_profile(red, green, blue, gamma=2.2):
    """The bytes of a minimal ICC v2 display profile: its primaries' XYZ (D50), one
    gamma for the three channels."""
    text = b"Test RGB"
    description = b"desc" + b"\0" * 4 + struct.pack(">I", len(text) + 1) + text + b"\0"
    description += b"\0" * (8 + 3 + 67)
    curve = b"curv" + b"\0" * 4 + struct.pack(">IH", 1, round(gamma * 256))
    tags = [
        (b"desc", description),
        (b"wtpt", xyz_tag(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz_tag(*red)),
        (b"gXYZ", xyz_tag(*green)),
        (b"bXYZ", xyz_tag(*blue)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        body += b"\0" * (-len(body) % 4)
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    header = struct.pack(">I", offset + len(data)) + b"\0" * 4 + struct.pack(">I", 0x02100000)
    header += b"mntrRGB XYZ " + b"\0" * 12 + b"acsp" + b"\0" * 28
    header += s15_fixed16(0.9642) + s15_fixed16(1.0) + s15_fixed16(0.8249)
    return header + b"\0" * (128 - len(header)) + struct.pack(">I", len(tags)) + table + data


# sRGB's primaries, adapted to D50.
SRGB_RED = (0.4361, 0.2225, 0.0139)
SRGB_GREEN = (0.3851, 0.7169, 0.0971)
SRGB_BLUE = (0.1431, 0.0606, 0.7141)


def test_the_colours_of_a_tagged_photo_are_converted_to_srgb(storage):
    # A profile whose red and blue are sRGB's blue and red: the file's "red" shows blue.
    swapped = rgb_profile(SRGB_BLUE, SRGB_GREEN, SRGB_RED)
    data = encoded(PILImage.new("RGB", (320, 240), (255, 0, 0)), "JPEG", icc_profile=swapped)

    manifest = renditions.make(io.BytesIO(data), (0.5, 0.5), storage)

    for _set, format_name, (_w, _h, name, _bytes) in renditions.entries(manifest):
        picture, _ = opened(storage, name)
        red, green, blue = ImageStat.Stat(picture.convert("RGB")).mean
        assert red < 10 and green < 10 and blue > 245, (format_name, red, green, blue)
        assert "icc_profile" not in picture.info


def test_a_photo_tagged_srgb_keeps_its_colours(storage):
    srgb = rgb_profile(SRGB_RED, SRGB_GREEN, SRGB_BLUE)
    data = encoded(PILImage.new("RGB", (320, 240), (255, 0, 0)), "JPEG", icc_profile=srgb)

    manifest = renditions.make(io.BytesIO(data), (0.5, 0.5), storage)

    picture, _ = opened(storage, manifest["sets"]["full"]["jpeg"][0][2])
    red, green, blue = ImageStat.Stat(picture).mean
    assert red > 245 and green < 10 and blue < 10


def test_a_jpeg_carrying_a_second_picture_gives_renditions_of_the_first(storage):
    first = PILImage.new("RGB", (320, 240), (200, 0, 0))
    second = PILImage.new("RGB", (160, 120), (0, 0, 200))
    data = encoded(first, "MPO", save_all=True, append_images=[second])

    manifest = renditions.make(io.BytesIO(data), (0.5, 0.5), storage)

    ((width, height, name, _bytes),) = manifest["sets"]["full"]["jpeg"]
    picture, _ = opened(storage, name)
    red, green, blue = ImageStat.Stat(picture).mean
    assert (width, height) == (320, 240)
    assert red > 190 and green < 10 and blue < 10


def test_a_16_bit_greyscale_png_keeps_its_tones(storage):
    data = encoded(PILImage.new("I;16", (320, 240), 32768), "PNG")
    with PILImage.open(io.BytesIO(data)) as check:
        assert check.mode == "I;16"

    manifest = renditions.make(io.BytesIO(data), (0.5, 0.5), storage)

    picture, _ = opened(storage, manifest["sets"]["full"]["jpeg"][0][2])
    assert all(abs(channel - 128) <= 3 for channel in ImageStat.Stat(picture).mean)


def test_entries_and_names_of_an_empty_manifest_are_empty():
    assert list(renditions.entries({})) == []
    assert list(renditions.entries(None)) == []
    assert list(renditions.entries({"token": "ab" * 16, "sets": {}})) == []
    assert renditions.names({}) == []
    assert renditions.names(None) == []


def test_names_lists_every_file_of_a_manifest():
    manifest = {
        "token": "ab" * 16,
        "sets": {
            "full": {"webp": [[320, 180, "a.webp", 10]], "jpeg": [[320, 180, "a.jpg", 12]]},
            "og": {"jpeg": [[1200, 630, "og.jpg", 99]]},
        },
    }
    assert list(renditions.entries(manifest)) == [
        ("full", "webp", [320, 180, "a.webp", 10]),
        ("full", "jpeg", [320, 180, "a.jpg", 12]),
        ("og", "jpeg", [1200, 630, "og.jpg", 99]),
    ]
    assert renditions.names(manifest) == ["a.webp", "a.jpg", "og.jpg"]


def test_delete_removes_the_files_named_and_minds_none_already_gone(storage):
    manifest = renditions.make(io.BytesIO(jpeg_bytes(320, 240)), (0.5, 0.5), storage)
    names = renditions.names(manifest)

    renditions.delete([*names, "images/zz/missing.jpg"], storage)

    assert files_in(storage) == []
