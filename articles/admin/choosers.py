"""The chooser articles and entities pick their image with: the admin's raw-ID lookup
(the images' list, with thumbnails) and a preview of the chosen image; and the
thumbnails the library's pages show."""

from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html

from articles.media import pictures
from articles.models import Image

# The picker's and the chooser's thumbnails: the narrowest "full" file (320 wide).
THUMBNAIL_SET = "full"
THUMBNAIL_FORMATS = ("webp", "jpeg")


def thumbnail(image):
    """The image's narrowest "full" rendition (WebP, else JPEG), or None."""
    for format_name in THUMBNAIL_FORMATS:
        found = pictures.renditions(image.renditions, THUMBNAIL_SET, format_name)
        if found:
            return found[0]
    return None


def thumbnail_html(image, css_class="image-thumbnail", *, named_beside=False):
    """The thumbnail as an <img>; `named_beside`: the alternative text is printed next to
    it (the picker's button), so the image itself is not named twice."""
    rendition = thumbnail(image) if image is not None else None
    if rendition is None:
        return ""
    return format_html(
        '<img class="{}" src="{}" width="{}" height="{}" alt="{}" loading="lazy">',
        css_class,
        rendition.url,
        rendition.width,
        rendition.height,
        "" if named_beside else image.alt,
    )


class ImageChooserWidget(ForeignKeyRawIdWidget):
    """The admin's raw-ID chooser (the lookup opens the images' list, with thumbnails)
    with a preview of the chosen image, kept up to date by image-chooser.js."""

    class Media:
        css = {"all": ["admin/newsroom/images.css"]}
        js = ["admin/newsroom/image-chooser.js"]

    def render(self, name, value, attrs=None, renderer=None):
        chooser = super().render(name, value, attrs, renderer)
        image = self.chosen(value)
        return format_html(
            '<div class="image-chooser">{}<div class="image-chooser-preview"'
            ' data-image-id="{}">{}</div></div>',
            chooser,
            image.pk if image is not None else "",
            thumbnail_html(image, "image-chooser-thumbnail"),
        )

    def chosen(self, value):
        if value in (None, ""):
            return None
        try:
            return Image.objects.using(self.db).filter(pk=value).first()
        except (TypeError, ValueError, ValidationError):
            return None


def image_preview(image):
    """A read-only page's image: its thumbnail, linked to its change page."""
    if image is None:
        return "—"
    return format_html(
        '<a href="{}">{}</a>',
        reverse(admin_urlname(Image, "change"), args=[image.pk]),
        thumbnail_html(image, "image-chooser-thumbnail") or str(image),
    )


class ImageChooserAdmin:
    """ModelAdmin mixin: each foreign key to an image named in raw_id_fields gets the
    chooser with a preview; a page the user may only view shows the fields named in
    `shown_read_only` by the read-only fields they map to (an image's thumbnail)."""

    shown_read_only = {}

    def get_fields(self, request, obj=None):
        hidden = set(self.shown_read_only.values())
        return [field for field in super().get_fields(request, obj) if field not in hidden]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        shown = self.shown_read_only
        return [
            (name, {**options, "fields": [shown.get(field, field) for field in options["fields"]]})
            for name, options in fieldsets
        ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Image and db_field.name in self.raw_id_fields:
            kwargs.setdefault(
                "widget",
                ImageChooserWidget(
                    db_field.remote_field, self.admin_site, using=kwargs.get("using")
                ),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def admin_urlname(model, view):
    return f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"
