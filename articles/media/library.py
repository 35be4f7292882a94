"""The media library's writes: an upload stored as an image with its renditions,
the renditions made again (a moved focal point), an image's files deleted.

The original goes to the "originals" storage, never served; the renditions to the
default storage (articles/media/renditions.py). Files are never changed once
written: new renditions get a new token, and the old files go after the commit.
"""

from django.core.files.storage import default_storage
from django.db import transaction

from articles.models import Image

from . import renditions, uploads


def add_image(upload, *, uploaded_by=None, **fields):
    """A new library image of `upload` (a file the editor gave), its renditions made;
    ValidationError when the file is not an image we accept or a field is invalid."""
    info = uploads.inspect(upload)
    image = Image(uploaded_by=uploaded_by, **fields)
    image.full_clean(exclude=["file", "width", "height", "renditions", "uploaded_by"])
    store(image, upload, info)
    return image


def store(image, upload, info):
    """Saves `image` (not yet saved) with `upload` as its original (`info`: what
    uploads.inspect() read of it) and its renditions. Nothing is left behind when
    this fails: neither the files written nor the row."""
    image.file_extension = info.extension
    image.file.save(image.file.name or "original", upload, save=False)
    # As shown (turned by its EXIF orientation), not as stored.
    image.width, image.height = info.width, info.height
    try:
        image.renditions = _make(image)
        with transaction.atomic():
            image.save()
    except BaseException:
        renditions.delete(renditions.names(image.renditions), default_storage)
        image.file.storage.delete(image.file.name)
        raise
    return image


def remake(image):
    """Makes `image`'s renditions again (its focal point moved); its old files are
    deleted once the new manifest is committed, so no page names a missing file."""
    old = renditions.names(image.renditions)
    image.renditions = _make(image)
    try:
        image.save(update_fields=["renditions"])
    except BaseException:
        renditions.delete(renditions.names(image.renditions), default_storage)
        raise
    transaction.on_commit(lambda: renditions.delete(old, default_storage))
    return image


def _make(image):
    # Only a failure to read the original is the image's fault; one of the storage
    # (a full disk, say) goes on as it is.
    with image.file.open("rb") as original:
        try:
            picture = renditions.open_picture(original)
        except (OSError, ValueError, SyntaxError, EOFError) as error:
            raise uploads.damaged(error) from None
    return renditions.make_from(picture, image.focal_point, default_storage)


def delete_image_files(image):
    """Deletes the original and the renditions of a deleted image; a file already
    gone is no error."""
    renditions.delete(renditions.names(image.renditions), default_storage)
    if image.file.name:
        renditions.delete([image.file.name], image.file.storage)
