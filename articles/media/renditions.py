"""The files readers get of an image: widths for srcset and crops around its focal
point, in AVIF (where Pillow writes it), WebP and JPEG, with no metadata.

Resizing and cropping are pilkit's processors; this module decides the sizes (plan)
and where each crop sits (crop_box), and writes the files under one random token,
so that no address of one image leads to another's. The manifest it returns is what
pages read (articles/media/pictures.py), never the files:

    {"token": "3f9c…", "sets": {"full": {"avif": [[320, 180, name, bytes], …], …}, …}}
"""

import contextlib
import io
import secrets
import warnings
from dataclasses import dataclass

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageCms, ImageOps, features
from pilkit.processors import ResizeToFill
from pilkit.utils import save_image

# The widths of the srcset sets: phones at 1x up to wide screens at 2x.
WIDTHS = (320, 640, 960, 1280, 1920)
# Each set's proportions (width, height); "full" keeps the original's.
RATIOS = {"full": None, "16x9": (16, 9), "4x3": (4, 3), "1x1": (1, 1), "og": (1200, 630)}
# The sets pages show in a <picture>, at every width and in every format.
RESPONSIVE_SETS = ("full", "16x9")
# The other crops are for structured data (Google asks for 16:9, 4:3 and 1:1 images
# at least 1200 wide where the original allows), one JPEG each; "og" is exactly this.
CROP_WIDTH = 1200
OG_SIZE = (1200, 630)
# Every format a rendition may be in, better first; JPEG is the one all browsers read.
FORMATS = ("avif", "webp", "jpeg")
SOURCE_FORMATS = tuple(name for name in ("avif", "webp") if features.check(name))
EXTENSIONS = {"avif": "avif", "webp": "webp", "jpeg": "jpg"}
MIME_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}
SAVE_OPTIONS = {
    "avif": {"quality": 60, "speed": 8},
    "webp": {"quality": 80, "method": 4},
    "jpeg": {"quality": 82, "optimize": True, "progressive": True},
}
FOLDER = "images"
SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class Spec:
    """One rendition to make: its set, size and formats."""

    set_name: str
    width: int
    height: int
    formats: tuple[str, ...]


def plan(width, height):
    """The renditions of a `width` × `height` picture, set by set, widest first.

    No rendition is wider than what it is cut from (a picture narrower than every
    width gets one at its own), except the Open Graph picture, which has one size."""
    specs = []
    every_format = (*SOURCE_FORMATS, "jpeg")
    for set_name, ratio in RATIOS.items():
        if set_name == "og":
            specs.append(Spec(set_name, *OG_SIZE, ("jpeg",)))
            continue
        box = crop_box(width, height, ratio, (0.5, 0.5))
        region_width, region_height = box[2] - box[0], box[3] - box[1]
        if set_name in RESPONSIVE_SETS:
            widths = [w for w in WIDTHS if w <= region_width] or [region_width]
            formats = every_format
        else:
            widths = [min(region_width, CROP_WIDTH)]
            formats = ("jpeg",)
        for w in sorted(widths, reverse=True):
            h = max(1, round(w * region_height / region_width))
            specs.append(Spec(set_name, w, h, formats))
    return specs


def crop_box(width, height, ratio, focal):
    """(left, top, right, bottom) of the largest part of a `width` × `height` picture
    in proportions `ratio` (None: all of it), centred on the focal point (fractions
    of the width and height) as far as the edges allow."""
    if ratio is None:
        return (0, 0, width, height)
    ratio_width, ratio_height = ratio
    if width * ratio_height > height * ratio_width:
        crop_width, crop_height = max(1, round(height * ratio_width / ratio_height)), height
    else:
        crop_width, crop_height = width, max(1, round(width * ratio_height / ratio_width))
    left = _clamp(round(focal[0] * width - crop_width / 2), 0, width - crop_width)
    top = _clamp(round(focal[1] * height - crop_height / 2), 0, height - crop_height)
    return (left, top, left + crop_width, top + crop_height)


def _clamp(value, low, high):
    return max(low, min(value, high))


def rendition_name(token, set_name, width, height, format_name):
    return f"{FOLDER}/{token[:2]}/{token}/{set_name}-{width}x{height}.{EXTENSIONS[format_name]}"


def new_token():
    return secrets.token_hex(16)


def open_picture(file):
    """The picture of `file` (an original already proven an image), decoded as it is
    shown: its first frame, turned by its EXIF orientation, in sRGB, RGB or RGBA."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
        picture = PILImage.open(file)
        # A JPEG decodes at 1/2, 1/4 or 1/8 when that still leaves every rendition's
        # pixels: much less work for a camera's photo.
        largest = max(WIDTHS)
        picture.draft(picture.mode, (largest, largest))
        picture.seek(0)
        picture.load()
    icc_profile = picture.info.get("icc_profile")
    picture = ImageOps.exif_transpose(picture)
    if picture.mode.startswith("I;16") or picture.mode == "I":
        # 16-bit greys (a PNG's): to 8 bits by their scale, not clipped at 255.
        picture = picture.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    mode = "RGBA" if has_alpha else "RGB"
    if icc_profile:
        picture = _to_srgb(picture, icc_profile, mode)
    return picture.convert(mode) if picture.mode != mode else picture


def _to_srgb(picture, icc_profile, mode):
    """The picture's colours in sRGB (the profile dropped with the metadata would
    otherwise leave a wide-gamut photo dull); as it is when the profile is unusable."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        if picture.mode not in ("RGB", "RGBA", "CMYK", "L"):
            picture = picture.convert(mode)
        output = mode if picture.mode != "L" else "RGB"
        return ImageCms.profileToProfile(picture, source, SRGB, outputMode=output)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return picture


def encode(picture, format_name):
    """The bytes of `picture` in `format_name`, with no metadata at all."""
    picture = picture.copy()
    # Resizing copies `info` (EXIF, XMP, ICC, comments); none of it is written.
    picture.info = {}
    buffer = io.BytesIO()
    if format_name == "jpeg":
        # pilkit's conversion: transparency onto white, modes JPEG cannot hold.
        save_image(picture, buffer, "JPEG", SAVE_OPTIONS["jpeg"])
    else:
        options = SAVE_OPTIONS[format_name]
        save_image(picture, buffer, format_name.upper(), options, autoconvert=False)
    return buffer.getvalue()


def make(file, focal, storage):
    """Writes every rendition of the original `file` to `storage`; the manifest.

    `focal`: (x, y) fractions. If anything fails, the files written so far are
    deleted before the error goes on."""
    return make_from(open_picture(file), focal, storage)


def make_from(picture, focal, storage):
    """make() of a picture already decoded (open_picture)."""
    token = new_token()
    sets = {}
    written = []
    try:
        for set_name, sizes in _by_set(plan(*picture.size)):
            box = crop_box(*picture.size, RATIOS[set_name], focal)
            # Each width is made from the one before it (widest first): the same
            # result as from the original, with far fewer pixels to read.
            current = picture.crop(box) if box != (0, 0, *picture.size) else picture
            for spec in sizes:
                current = ResizeToFill(spec.width, spec.height).process(current)
                for format_name in spec.formats:
                    data = encode(current, format_name)
                    name = rendition_name(token, set_name, spec.width, spec.height, format_name)
                    name = storage.save(name, ContentFile(data))
                    written.append(name)
                    entry = [spec.width, spec.height, name, len(data)]
                    sets.setdefault(set_name, {}).setdefault(format_name, []).insert(0, entry)
    except BaseException:
        delete(written, storage)
        raise
    return {"token": token, "sets": sets}


def _by_set(specs):
    grouped = {}
    for spec in specs:
        grouped.setdefault(spec.set_name, []).append(spec)
    return grouped.items()


def entries(manifest):
    """(set, format, [width, height, name, bytes]) of every rendition in `manifest`."""
    for set_name, formats in (manifest or {}).get("sets", {}).items():
        for format_name, files in formats.items():
            for entry in files:
                yield set_name, format_name, entry


def names(manifest):
    return [entry[2] for _set, _format, entry in entries(manifest)]


def delete(names_, storage):
    """Deletes the files named; one already gone is no error."""
    for name in names_:
        with contextlib.suppress(OSError):
            storage.delete(name)
