"""pictures: what pages make of a manifest (hand-built here: no file is read) — the
files of a set, the largest, a <picture> per layout, body figures, plain HTML."""

from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation

from articles.media import pictures
from articles.media.pictures import BodyFigure, Rendition
from articles.text.richtext import Figure

TOKEN = "ab0123456789abcdef0123456789abcd"
EXTENSIONS = {"avif": "avif", "webp": "webp", "jpeg": "jpg"}
MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}
BASE = "https://newsroom.kz"
# The renditions of a 2400 × 1600 original (renditions.plan).
FULL = [(320, 213), (640, 427), (960, 640), (1280, 853), (1920, 1280)]
WIDE = [(320, 180), (640, 360), (960, 540), (1280, 720), (1920, 1080)]


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def name(set_name, width, height, format_name):
    return f"images/ab/{TOKEN}/{set_name}-{width}x{height}.{EXTENSIONS[format_name]}"


def files(set_name, format_name, sizes):
    """Manifest entries, in the order given, each stating a length of its own."""
    return [[w, h, name(set_name, w, h, format_name), 1000 + w + h] for w, h in sizes]


def manifest(formats=("avif", "webp", "jpeg"), *, full=FULL, wide=WIDE):
    """A manifest of `formats` with each list out of order (nothing promises one)."""

    def order(sizes):
        # Of five widths: the 2nd and 4th widest first, then the 1st, 3rd and 5th.
        return sizes[1::2][::-1] + sizes[0::2]

    sets = {
        "full": {f: files("full", f, order(full)) for f in formats},
        "16x9": {f: files("16x9", f, order(wide)) for f in formats},
        "4x3": {"jpeg": files("4x3", "jpeg", [(1200, 900)])},
        "1x1": {"jpeg": files("1x1", "jpeg", [(1200, 1200)])},
        "og": {"jpeg": files("og", "jpeg", [(1200, 630)])},
    }
    return {"token": TOKEN, "sets": sets}


def rendition(set_name, width, height, format_name="jpeg"):
    return Rendition(
        name(set_name, width, height, format_name),
        width,
        height,
        format_name,
        1000 + width + height,
    )


def url(set_name, width, height, format_name="jpeg"):
    return f"/media/{name(set_name, width, height, format_name)}"


def srcset(set_name, sizes, format_name="jpeg"):
    return ", ".join(f"{url(set_name, w, h, format_name)} {w}w" for w, h in sizes)


# renditions(), largest(), every_rendition()


def test_renditions_are_the_files_of_one_set_and_format_narrowest_first():
    found = pictures.renditions(manifest(), "full", "webp")

    assert found == [rendition("full", w, h, "webp") for w, h in FULL]
    assert [r.url for r in found][:2] == [
        url("full", 320, 213, "webp"),
        url("full", 640, 427, "webp"),
    ]
    assert found[0].mime_type == "image/webp"


@pytest.mark.parametrize(
    ("data", "set_name", "format_name"),
    [
        ({}, "full", "jpeg"),
        (None, "full", "jpeg"),
        (manifest(), "thumb", "jpeg"),
        (manifest(), "4x3", "webp"),
        (manifest(("jpeg",)), "full", "avif"),
    ],
    ids=["empty manifest", "no manifest", "no such set", "no such format in the set", "jpeg only"],
)
def test_renditions_of_what_the_manifest_lacks_are_none(data, set_name, format_name):
    assert pictures.renditions(data, set_name, format_name) == []


def test_an_entry_without_its_length_is_read_too():
    data = {"sets": {"og": {"jpeg": [[1200, 630, "images/og.jpg"]]}}}
    assert pictures.renditions(data, "og", "jpeg") == [
        Rendition("images/og.jpg", 1200, 630, "jpeg", None)
    ]


@pytest.mark.parametrize(
    ("max_width", "width"),
    [(None, 1920), (5000, 1920), (1919, 1280), (1280, 1280), (1000, 960), (320, 320), (100, 320)],
)
def test_largest_is_the_widest_no_wider_than_max_width_or_else_the_narrowest(max_width, width):
    found = pictures.largest(manifest(), "full", max_width=max_width)
    assert found == rendition("full", width, dict(FULL)[width])


def test_largest_of_another_format_and_of_nothing():
    assert pictures.largest(manifest(), "16x9", "avif") == rendition("16x9", 1920, 1080, "avif")
    assert pictures.largest(manifest(), "og") == rendition("og", 1200, 630)
    assert pictures.largest(manifest(("webp",)), "full") is None
    assert pictures.largest({}, "full", max_width=640) is None


def test_every_rendition_keeps_the_order_sets_and_formats_are_made_in():
    data = manifest()
    # As a database's JSON may give it back: keys in any order, and what we never make.
    reordered = {
        "token": TOKEN,
        "sets": {
            "og": data["sets"]["og"],
            "thumb": {"jpeg": files("thumb", "jpeg", [(100, 100)])},
            "1x1": data["sets"]["1x1"],
            "16x9": dict(reversed(data["sets"]["16x9"].items())),
            "4x3": {**data["sets"]["4x3"], "png": [[10, 10, "images/x.png", 5]]},
            "full": {
                "jpeg": data["sets"]["full"]["jpeg"],
                "avif": data["sets"]["full"]["avif"],
                "webp": data["sets"]["full"]["webp"],
            },
        },
    }

    found = pictures.every_rendition(reordered)

    assert [(s, list(formats)) for s, formats in found.items()] == [
        ("full", ["avif", "webp", "jpeg"]),
        ("16x9", ["avif", "webp", "jpeg"]),
        ("4x3", ["jpeg"]),
        ("1x1", ["jpeg"]),
        ("og", ["jpeg"]),
    ]
    assert found["full"]["webp"] == [rendition("full", w, h, "webp") for w, h in FULL]
    assert found["og"]["jpeg"] == [rendition("og", 1200, 630)]
    assert pictures.every_rendition({}) == {}


# picture()


@pytest.mark.parametrize(
    ("layout", "set_name", "sizes", "img"),
    [
        ("lead", "16x9", WIDE, (1280, 720)),
        ("figure", "full", FULL, (960, 640)),
        ("card", "16x9", WIDE[:2], (320, 180)),
        ("entity", "full", FULL[:2], (320, 213)),
    ],
)
def test_the_picture_of_each_layout(layout, set_name, sizes, img):
    found = pictures.picture(manifest(), layout)

    assert found == pictures.Picture(
        pictures.LAYOUTS[layout],
        [
            ("image/avif", srcset(set_name, sizes, "avif")),
            ("image/webp", srcset(set_name, sizes, "webp")),
        ],
        rendition(set_name, *img),
        srcset(set_name, sizes),
    )


def test_the_layouts_say_where_they_load_lazily():
    assert {name: layout.lazy for name, layout in pictures.LAYOUTS.items()} == {
        "lead": False,
        "figure": True,
        "card": True,
        "entity": True,
    }


@pytest.mark.parametrize(
    ("formats", "types"),
    [
        (("webp", "jpeg"), ["image/webp"]),
        (("avif", "jpeg"), ["image/avif"]),
        (("jpeg",), []),
    ],
)
def test_a_picture_has_sources_only_for_the_formats_present(formats, types):
    found = pictures.picture(manifest(formats), "lead")

    assert [mime for mime, _srcset in found.sources] == types
    assert found.srcset == srcset("16x9", WIDE)
    assert found.img == rendition("16x9", 1280, 720)


@pytest.mark.parametrize("data", [manifest(("avif", "webp")), {}, None])
def test_there_is_no_picture_without_jpeg_renditions(data):
    assert all(pictures.picture(data, layout) is None for layout in pictures.LAYOUTS)


def test_a_small_originals_picture_has_its_one_width_everywhere():
    data = manifest(full=[(200, 150)], wide=[(200, 112)])

    lead = pictures.picture(data, "lead")
    card = pictures.picture(data, "card")

    assert (lead.srcset, lead.img) == (srcset("16x9", [(200, 112)]), rendition("16x9", 200, 112))
    assert (card.srcset, card.img) == (srcset("16x9", [(200, 112)]), rendition("16x9", 200, 112))
    assert card.sources[1] == ("image/webp", srcset("16x9", [(200, 112)], "webp"))


def test_when_every_width_is_wider_than_the_layout_the_narrowest_is_taken():
    data = manifest(full=[(1280, 853), (1920, 1280)], wide=[(960, 540), (1280, 720)])

    card = pictures.picture(data, "card")
    entity = pictures.picture(data, "entity")
    figure = pictures.picture(data, "figure")

    assert card.srcset == srcset("16x9", [(960, 540)])
    assert card.sources[0] == ("image/avif", srcset("16x9", [(960, 540)], "avif"))
    assert card.img == rendition("16x9", 960, 540)
    assert (entity.srcset, entity.img) == (
        srcset("full", [(1280, 853)]),
        rendition("full", 1280, 853),
    )
    # No cap on the figure's srcset; its <img> (960 at most) is the narrowest there is.
    assert figure.srcset == srcset("full", [(1280, 853), (1920, 1280)])
    assert figure.img == rendition("full", 1280, 853)


# Addresses and lengths


@pytest.mark.parametrize(
    ("address", "base", "expected"),
    [
        ("/media/x.jpg", BASE, "https://newsroom.kz/media/x.jpg"),
        ("/media/x.jpg", "http://testserver", "http://testserver/media/x.jpg"),
        ("https://cdn.example.kz/x.jpg", BASE, "https://cdn.example.kz/x.jpg"),
        ("http://cdn.example.kz/x.jpg", BASE, "http://cdn.example.kz/x.jpg"),
        ("//cdn.example.kz/x.jpg", BASE, "https://cdn.example.kz/x.jpg"),
        ("//cdn.example.kz/x.jpg", "http://testserver", "http://cdn.example.kz/x.jpg"),
    ],
)
def test_absolute_gives_an_address_the_sites_scheme_and_host_unless_it_has_its_own(
    address, base, expected
):
    assert pictures.absolute(address, base) == expected


def test_a_renditions_absolute_address_with_the_default_storage():
    assert rendition("og", 1200, 630).absolute_url(BASE) == f"{BASE}{url('og', 1200, 630)}"


def test_a_renditions_absolute_address_on_a_protocol_relative_media_host(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {
                "location": settings.MEDIA_ROOT,
                "base_url": "//cdn.example.kz/media/",
            },
        },
    }
    found = rendition("og", 1200, 630)

    assert found.url == f"//cdn.example.kz/media/{found.name}"
    assert found.absolute_url(BASE) == f"https://cdn.example.kz/media/{found.name}"


def test_a_renditions_size_is_the_manifests_byte_count_without_opening_the_file():
    (found,) = pictures.renditions(manifest(), "og", "jpeg")
    default_storage.save("images/ab/stored.jpg", ContentFile(b"x" * 1234))

    assert not default_storage.exists(found.name)
    assert found.size() == 1000 + 1200 + 630
    # The manifest's word, not the file's.
    assert Rendition("images/ab/stored.jpg", 10, 10, "jpeg", 999).size() == 999


def test_a_renditions_size_without_a_byte_count_is_the_files_or_zero():
    default_storage.save("images/ab/stored.jpg", ContentFile(b"x" * 1234))

    assert Rendition("images/ab/stored.jpg", 10, 10, "jpeg").size() == 1234
    assert Rendition("images/ab/missing.jpg", 10, 10, "jpeg").size() == 0


# Body figures


def library_image(alt="Мост через Ишим", caption="", credit="", renditions=None):
    return SimpleNamespace(
        alt=alt,
        caption=caption,
        credit=credit,
        renditions=manifest() if renditions is None else renditions,
    )


def test_body_parts_keep_the_html_and_make_each_figure_of_its_image():
    bridge = library_image(alt="Мост", caption="Мост вечером")
    square = library_image(alt="Площадь", caption="Площадь днём")
    segments = [
        "<p>Первый.</p>",
        Figure(1, "", ""),
        "<p>Второй.</p>",
        Figure(2, "Площадь у акимата", "Подпись в тексте"),
        Figure(3, "Удалённое", "Нет в библиотеке"),
        Figure(1, "", "Своя подпись"),
        "<p>Третий.</p>",
    ]

    parts = pictures.body_parts(segments, {1: bridge, 2: square})

    assert parts == [
        "<p>Первый.</p>",
        BodyFigure(bridge, "Мост", "Мост вечером"),
        "<p>Второй.</p>",
        BodyFigure(square, "Площадь у акимата", "Подпись в тексте"),
        BodyFigure(bridge, "Мост", "Своя подпись"),
        "<p>Третий.</p>",
    ]
    assert parts[1].image is bridge and parts[3].image is square


def test_body_parts_without_images_are_the_html_alone():
    assert pictures.body_parts(["<p>А.</p>", Figure(7, "x", "y"), "<p>Б.</p>"], {}) == [
        "<p>А.</p>",
        "<p>Б.</p>",
    ]


def img(width, height, alt):
    return (
        f'<img src="{BASE}{url("full", width, height)}" alt="{alt}" width="{width}" '
        f'height="{height}">'
    )


def test_plain_html_has_each_figure_as_its_largest_full_jpeg_up_to_1280_escaped():
    image = library_image(credit="Иван <Петров>")
    parts = [
        "<p>Текст.</p>",
        BodyFigure(image, 'Мост "через" <Ишим>', "Мост & река"),
        "<p>Конец.</p>",
    ]

    html = pictures.plain_html(parts, base_url=BASE)

    assert html == (
        "<p>Текст.</p><figure>"
        + img(1280, 853, "Мост &quot;через&quot; &lt;Ишим&gt;")
        + "<figcaption>Мост &amp; река Photo: Иван &lt;Петров&gt;</figcaption></figure>"
        "<p>Конец.</p>"
    )


def test_plain_html_translates_the_credit():
    parts = [BodyFigure(library_image(credit="ТАСС"), "Мост", "Мост вечером")]

    with translation.override("ru"):
        html = pictures.plain_html(parts, base_url=BASE)

    assert html == (
        f"<figure>{img(1280, 853, 'Мост')}<figcaption>Мост вечером Фото: ТАСС</figcaption></figure>"
    )


def test_plain_html_captions_only_what_there_is():
    credit_only = BodyFigure(library_image(credit="ТАСС"), "Мост", "")
    neither = BodyFigure(library_image(), "Площадь", "")

    html = pictures.plain_html([credit_only, neither], base_url=BASE)

    assert html == (
        f"<figure>{img(1280, 853, 'Мост')}<figcaption>Photo: ТАСС</figcaption></figure>"
        f"<figure>{img(1280, 853, 'Площадь')}</figure>"
    )


def test_plain_html_of_a_small_image_takes_its_widest():
    small = library_image(renditions=manifest(full=[(320, 256), (640, 512)], wide=WIDE[:2]))
    html = pictures.plain_html([BodyFigure(small, "Мост", "")], base_url=BASE)
    assert html == f"<figure>{img(640, 512, 'Мост')}</figure>"


@pytest.mark.parametrize("renditions", [manifest(("avif", "webp")), {}])
def test_plain_html_drops_the_figure_of_an_image_without_jpeg(renditions):
    parts = [
        "<p>До.</p>",
        BodyFigure(library_image(credit="ТАСС", renditions=renditions), "Мост", "Подпись"),
        "<p>После.</p>",
    ]
    assert pictures.plain_html(parts, base_url=BASE) == "<p>До.</p><p>После.</p>"
