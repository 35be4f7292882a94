"""What pages make of an image's renditions (its manifest, articles/media/renditions.py):
the files of a set, the largest one, a <picture> for each place an image is shown,
and the body's figures as plain HTML for feeds and the API.

Pure reading of the manifest: no file is opened, no model is queried.
"""

from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.utils.html import format_html
from django.utils.translation import gettext

from . import renditions as made


@dataclass(frozen=True)
class Rendition:
    name: str
    width: int
    height: int
    format: str
    # The file's length in bytes, as the manifest states it (None: not stated).
    bytes: int | None = None

    @property
    def url(self):
        return default_storage.url(self.name)

    @property
    def mime_type(self):
        return made.MIME_TYPES[self.format]

    def absolute_url(self, base_url):
        return absolute(self.url, base_url)

    def size(self):
        """The file's length in bytes; 0 where neither the manifest nor the storage tells."""
        if self.bytes is not None:
            return self.bytes
        try:
            return default_storage.size(self.name)
        except (OSError, NotImplementedError):
            return 0


def absolute(url, base_url):
    """`url` with the site's scheme and host (`base_url`) unless it has its own."""
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return base_url.partition("//")[0] + url
    return base_url + url


def renditions(manifest, set_name, format_name):
    """The files of one set in one format, narrowest first."""
    files = (manifest or {}).get("sets", {}).get(set_name, {}).get(format_name, [])
    found = [
        Rendition(entry[2], entry[0], entry[1], format_name, entry[3] if len(entry) > 3 else None)
        for entry in files
    ]
    return sorted(found, key=lambda rendition: rendition.width)


def largest(manifest, set_name, format_name="jpeg", *, max_width=None):
    """The widest file of a set (no wider than `max_width`, when one is that narrow),
    or None."""
    found = renditions(manifest, set_name, format_name)
    if max_width is not None:
        found = [r for r in found if r.width <= max_width] or found[:1]
    return found[-1] if found else None


def every_rendition(manifest):
    """{set: {format: [Rendition, narrowest first]}} in the order sets and formats are
    made (a database's JSON need not keep the order of keys)."""
    result = {}
    for set_name in made.RATIOS:
        formats = {
            format_name: found
            for format_name in made.FORMATS
            if (found := renditions(manifest, set_name, format_name))
        }
        if formats:
            result[set_name] = formats
    return result


@dataclass(frozen=True)
class Layout:
    """A place images are shown: which set, up to which width the srcset goes, the
    width of the <img> fallback, the sizes attribute, and whether it loads lazily."""

    set_name: str
    max_width: int | None
    img_width: int
    sizes: str
    lazy: bool


# The article's column is 44rem wide at most (static/css/site.css); cards and entity
# pages show a small picture beside the text.
COLUMN = "(min-width: 46rem) 44rem, calc(100vw - 2rem)"
LAYOUTS = {
    # The first thing on the article page: fetched at once.
    "lead": Layout("16x9", None, 1280, COLUMN, lazy=False),
    "figure": Layout("full", None, 960, COLUMN, lazy=True),
    "card": Layout("16x9", 640, 320, "(min-width: 48rem) 12rem, 7.5rem", lazy=True),
    "entity": Layout("full", 640, 320, "(min-width: 48rem) 14rem, 8rem", lazy=True),
}


@dataclass(frozen=True)
class Picture:
    layout: Layout
    # (MIME type, srcset) of each better format, best first.
    sources: list
    img: Rendition
    srcset: str


def srcset(files):
    return ", ".join(f"{rendition.url} {rendition.width}w" for rendition in files)


def picture(manifest, layout_name):
    """The <picture> of `layout_name` (LAYOUTS), or None without JPEG renditions."""
    layout = LAYOUTS[layout_name]

    def files(format_name):
        found = renditions(manifest, layout.set_name, format_name)
        if layout.max_width is not None:
            found = [r for r in found if r.width <= layout.max_width] or found[:1]
        return found

    jpegs = files("jpeg")
    if not jpegs:
        return None
    img = [r for r in jpegs if r.width <= layout.img_width] or jpegs[:1]
    sources = [
        (made.MIME_TYPES[format_name], srcset(found))
        for format_name in made.FORMATS
        if format_name != "jpeg" and (found := files(format_name))
    ]
    return Picture(layout, sources, img[-1], srcset(jpegs))


@dataclass(frozen=True)
class BodyFigure:
    """A figure of the body with its library image: this placement's alternative text
    and caption, the image's own where the body gives none."""

    image: object
    alt: str
    caption: str


def body_parts(segments, images):
    """The body's segments (richtext.segments: HTML strings and figures) with each
    figure as a BodyFigure of its image in `images` (ID -> ready image); a figure
    whose image is not there (deleted, its renditions not made) is left out."""
    parts = []
    for segment in segments:
        if isinstance(segment, str):
            parts.append(segment)
            continue
        image = images.get(segment.image_id)
        if image is not None:
            parts.append(
                BodyFigure(image, segment.alt or image.alt, segment.caption or image.caption)
            )
    return parts


# Feeds and API clients get one <img> per figure, no wider than this.
PLAIN_WIDTH = 1280


def plain_html(parts, *, base_url):
    """The body as one HTML string for feeds and the API: each figure a plain <img> of
    its largest "full" JPEG (absolute address), its caption and credit in text."""
    html = []
    for part in parts:
        if isinstance(part, str):
            html.append(part)
            continue
        shown = largest(part.image.renditions, "full", max_width=PLAIN_WIDTH)
        if shown is None:
            continue
        credit = part.image.credit
        caption = " ".join(
            text
            for text in (
                part.caption,
                gettext("Photo: %(credit)s") % {"credit": credit} if credit else "",
            )
            if text
        )
        html.append(
            format_html(
                '<figure><img src="{}" alt="{}" width="{}" height="{}">{}</figure>',
                shown.absolute_url(base_url),
                part.alt,
                shown.width,
                shown.height,
                format_html("<figcaption>{}</figcaption>", caption) if caption else "",
            )
        )
    return "".join(html)
