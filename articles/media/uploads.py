"""An uploaded file proven an image we accept, from its content alone.

The name and the type the browser gave are ignored: the bytes say what the file is.
The limits in bytes and in pixels are checked before a single pixel is decoded, so
a decompression bomb (a small file declaring a huge picture) is refused from its
header; the picture is then decoded once, so a damaged or truncated file is refused
here rather than when the renditions are made.
"""

import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import ExifTags, UnidentifiedImageError, features
from PIL import Image as PILImage

# Pillow's format name -> the extension the stored original gets.
ACCEPTED = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
if features.check("avif"):
    ACCEPTED["AVIF"] = "avif"
# As editors know them, in the messages and the forms' help.
DISPLAY_NAMES = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF", "AVIF": "AVIF"}
ACCEPTED_NAMES = ", ".join(DISPLAY_NAMES[name] for name in ACCEPTED)
MIME_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
    "AVIF": "image/avif",
}
# Enough of the start of a file to tell SVG (XML text) from anything else.
SNIFF_BYTES = 1024


@dataclass(frozen=True)
class Upload:
    """What the content showed: the format (Pillow's name) and the picture's size as
    it is shown (after its EXIF orientation)."""

    format: str
    width: int
    height: int

    @property
    def extension(self):
        return ACCEPTED[self.format]

    @property
    def mime_type(self):
        return MIME_TYPES[self.format]


def max_bytes():
    return settings.NEWSROOM_IMAGE_MAX_BYTES


def max_pixels():
    return settings.NEWSROOM_IMAGE_MAX_PIXELS


def inspect(upload) -> Upload:
    """`upload` (an uploaded or any binary file) as an Upload; ValidationError with a
    message for the editor when it is not an image we accept."""
    size = getattr(upload, "size", None)
    if size is None:
        size = upload.seek(0, 2)
    if size > max_bytes():
        raise ValidationError(
            _("The file is %(size)s; images of at most %(limit)s are accepted.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if looks_like_svg(head):
        raise ValidationError(
            _("SVG images are not accepted: they can carry scripts. Upload %(formats)s.")
            % {"formats": ACCEPTED_NAMES},
            code="svg",
        )
    try:
        return _read(upload)
    finally:
        upload.seek(0)


def looks_like_svg(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<svg", b"<?xml", b"<!doctype svg")) and b"<svg" in text


def _not_an_image():
    return ValidationError(
        _("The file is not an image in a format we accept (%(formats)s).")
        % {"formats": ACCEPTED_NAMES},
        code="not_an_image",
    )


def _too_many_pixels(width=None, height=None):
    limit = f"{max_pixels() / 1_000_000:g}"
    if width is None:
        message = _("The image has too many pixels; at most %(limit)s megapixels are accepted.")
        return ValidationError(message % {"limit": limit}, code="too_many_pixels")
    message = _(
        "The image is %(width)s × %(height)s pixels; at most %(limit)s megapixels are accepted."
    )
    return ValidationError(
        message % {"width": width, "height": height, "limit": limit}, code="too_many_pixels"
    )


def damaged(error):
    return ValidationError(
        _("The image is damaged or incomplete and cannot be read (%(reason)s).")
        % {"reason": str(error) or type(error).__name__},
        code="damaged",
    )


def _read(upload) -> Upload:
    with warnings.catch_warnings():
        # Pillow warns of a large picture; our own limit (below) is the one that counts.
        warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
        try:
            # Only the accepted formats' decoders ever see the bytes.
            picture = PILImage.open(upload, formats=list(ACCEPTED))
        except PILImage.DecompressionBombError:
            raise _too_many_pixels() from None
        except UnidentifiedImageError:
            raise _refused_format(upload) from None
        except (OSError, ValueError, SyntaxError) as error:
            raise damaged(error) from None
        with picture:
            width, height = picture.size
            if width * height > max_pixels():
                raise _too_many_pixels(width, height)
            if width < 1 or height < 1:
                raise _not_an_image()
            try:
                turned = _decode(upload, picture) in QUARTER_TURNS
            except PILImage.DecompressionBombError:
                raise _too_many_pixels(width, height) from None
            except (OSError, ValueError, SyntaxError, EOFError) as error:
                raise damaged(error) from None
            if turned:
                width, height = height, width
            # A JPEG with a second picture inside (a camera's preview) is still a JPEG.
            format_name = "JPEG" if picture.format == "MPO" else picture.format
            return Upload(format_name, width, height)


def _decode(upload, picture):
    """Reads the whole file, as cheaply as its format allows, so that a damaged or
    truncated one fails here: a PNG's chunks are checked without their pixels, a JPEG
    is decoded at an eighth of its size, the others (the first frame) in full.
    Returns the picture's EXIF orientation."""
    if picture.format == "PNG":
        # verify() leaves the picture unusable: its EXIF is read from a second opening.
        picture.verify()
        upload.seek(0)
        with PILImage.open(upload, formats=["PNG"]) as again:
            return orientation(again)
    turn = orientation(picture)
    if picture.format == "JPEG":
        picture.draft(picture.mode, (max(1, picture.width // 8), max(1, picture.height // 8)))
    picture.seek(0)
    picture.load()
    return turn


# The EXIF orientations that turn the picture a quarter: its width is its height.
QUARTER_TURNS = (5, 6, 7, 8)


def orientation(picture):
    """The EXIF orientation (1: as stored), 1 when the EXIF cannot be read."""
    try:
        return picture.getexif().get(ExifTags.Base.Orientation, 1)
    except Exception:  # Broken EXIF: the picture stands as stored.
        return 1


def _refused_format(upload):
    """The error for a file none of the accepted decoders reads: a known format of
    another kind is named (BMP, TIFF...), anything else is "not an image"."""
    upload.seek(0)
    try:
        # Only the header is read here, to name the format; nothing is decoded.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with PILImage.open(upload) as other:
                name = other.format
    except Exception:  # Whatever it is, it is not an image we take.
        return _not_an_image()
    if not name or name in ACCEPTED:
        return _not_an_image()
    return ValidationError(
        _("%(format)s images are not accepted. Upload %(formats)s.")
        % {"format": name, "formats": ACCEPTED_NAMES},
        code="format",
    )
