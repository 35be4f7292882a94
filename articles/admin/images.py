"""The media library's admin: images with their renditions and where they are used,
uploading several at once, the picker the body editor opens, and the chooser with a
preview that articles and entities pick their image with.

An image's file is given once, on upload: a new file is a new image, so no page
ever shows renditions of a file that was replaced. Its files go when it is deleted
(articles/apps.py); moving the focal point makes the renditions again.
"""

import re

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.media import library, pictures, renditions, uploads
from articles.models import ENTITY_MODELS, Article, Image

from . import permissions
from .choosers import (
    admin_urlname,
    thumbnail_html,
)
from .wording import WordedAdmin

# What the body editor shows of a chosen figure (pages render the library's own files).
EDITOR_WIDTH = 960
# The change page's preview, where a click sets the focal point.
PREVIEW_WIDTH = 960
PICKER_PAGE_SIZE = 24
USAGE_SHOWN = 20
# The editor's callback number (django-prose-editor counts down from -1).
CALLBACK_NUMBER = re.compile(r"-?\d{1,9}")
ACCEPT = "image/jpeg,image/png,image/webp,image/gif" + (
    ",image/avif" if "AVIF" in uploads.ACCEPTED else ""
)


def rendition_rows(image):
    """(set, format, [width, height, name]) of every rendition, in the order the sets
    and formats are made (PostgreSQL's jsonb keeps no order of keys), narrowest first."""
    sets, formats = list(renditions.RATIOS), list(renditions.FORMATS)
    return sorted(
        renditions.entries(image.renditions),
        key=lambda row: (sets.index(row[0]), formats.index(row[1]), row[2][0]),
    )


def where_used(image):
    """(heading, queryset) for each kind of use of `image`, articles first."""
    return [
        (_("Lead image of the articles"), Article.objects.filter(lead_image=image)),
        # A figure's data-file is the image's ID, in quotes: "1" is not "12".
        (
            _("In the body of the articles"),
            Article.objects.filter(body__contains=f'data-file="{image.pk}"'),
        ),
        *[
            (model._meta.verbose_name_plural, model.objects.filter(image=image))
            for model in ENTITY_MODELS
        ],
    ]


def usage_html(image):
    """Where `image` is used, each kind a list of links to the admin pages; "" if nowhere."""
    groups = []
    for heading, queryset in where_used(image):
        count = queryset.count()
        if not count:
            continue
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a></li>',
            (
                (reverse(admin_urlname(row, "change"), args=[row.pk]), str(row))
                for row in queryset[:USAGE_SHOWN]
            ),
        )
        more = (
            format_html(
                "<li>{}</li>",
                ngettext("and %(count)d more", "and %(count)d more", count - USAGE_SHOWN)
                % {"count": count - USAGE_SHOWN},
            )
            if count > USAGE_SHOWN
            else ""
        )
        groups.append(
            format_html(
                '<h4 class="image-usage-heading">{} ({})</h4><ul class="image-usage">{}{}</ul>',
                heading,
                count,
                items,
                more,
            )
        )
    return format_html_join("", "{}", ((group,) for group in groups))


def use_count():
    """The number of articles (as lead image) and entities that use an image, per row.

    Figures in bodies are not counted here: finding them reads every body, which the
    change page of one image may do, a list of fifty may not."""
    uses = [(Article, "lead_image"), *[(model, "image") for model in ENTITY_MODELS]]
    counts = [
        Subquery(
            model.objects.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(total=Count("pk"))
            .values("total")
        )
        for model, field in uses
    ]
    return sum((Coalesce(count, 0) for count in counts), Value(0, IntegerField()))


class ImageForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = ["alt", "caption", "credit", "source", "focal_x", "focal_y"]
        widgets = {
            name: forms.NumberInput(attrs={"min": "0", "max": "1", "step": "0.001"})
            for name in ("focal_x", "focal_y")
        }

    def clean(self):
        cleaned_data = super().clean()
        given = [cleaned_data.get(name) is not None for name in ("focal_x", "focal_y")]
        if any(given) and not all(given):
            raise ValidationError(
                _("Give both coordinates of the focal point, or neither."), code="focal_point"
            )
        return cleaned_data


class ImageAddForm(ImageForm):
    # Not the model's own field: the upload is proven an image by uploads.inspect()
    # (its messages on this field), then stored by library.store(), not by the form.
    upload = forms.FileField(
        label=_("file"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Here, not on the field: in the language of the request.
        self.fields["upload"].help_text = gettext(
            "%(formats)s; the file cannot be replaced later."
        ) % {"formats": uploads.ACCEPTED_NAMES}

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        self.upload_info = uploads.inspect(upload)
        return upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        single = super().clean
        return [single(upload, initial) for upload in files]


class UploadManyForm(forms.ModelForm):
    """Several files, with one alternative text, caption, credit and source for all."""

    files = MultipleFileField(label=_("files"), widget=MultipleFileInput(attrs={"accept": ACCEPT}))

    class Meta:
        model = Image
        fields = ["files", "alt", "caption", "credit", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django refuses a request with more files than this (a 400) before any form.
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        help_text = gettext("%(formats)s; each file becomes an image of its own.") % {
            "formats": uploads.ACCEPTED_NAMES
        }
        if limit:
            help_text += " " + ngettext(
                "At most %(count)d file at once.", "At most %(count)d files at once.", limit
            ) % {"count": limit}
        self.fields["files"].help_text = help_text


@admin.register(Image)
class ImageAdmin(WordedAdmin, admin.ModelAdmin):
    """Editors ("Редактор") do everything; authors ("Автор") upload and view images,
    but neither change nor delete them (migration 0011)."""

    list_display = [
        "thumbnail",
        "alt",
        "short_caption",
        "credit",
        "uploaded_by",
        "uploaded_at",
        "uses",
    ]
    list_display_links = ["thumbnail", "alt"]
    search_fields = ["caption", "credit", "alt"]
    list_filter = ["uploaded_at"]
    date_hierarchy = "uploaded_at"
    list_per_page = 50
    readonly_fields = [
        "preview",
        "original",
        "rendition_list",
        "usage",
        "uploaded_by",
        "uploaded_at",
    ]
    add_fieldsets = [
        (None, {"fields": ["upload", "alt", "caption", "credit", "source"]}),
        (_("Focal point"), {"fields": ["focal_x", "focal_y"], "classes": ["collapse"]}),
    ]
    fieldsets = [
        (None, {"fields": ["preview", "alt", "caption", "credit", "source"]}),
        (
            _("Focal point"),
            {
                "fields": ["focal_x", "focal_y"],
                "description": _("Click the preview to set it; crops keep this point in view."),
            },
        ),
        (_("Where used"), {"fields": ["usage"]}),
        (_("Files"), {"fields": ["original", "rendition_list", "uploaded_by", "uploaded_at"]}),
    ]

    class Media:
        css = {"all": ["admin/newsroom/images.css"]}
        js = ["admin/newsroom/focal-point.js"]

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="{}_{}_upload".format(*info),
            ),
            path(
                "picker/",
                self.admin_site.admin_view(self.picker_view),
                name="{}_{}_picker".format(*info),
            ),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("uploaded_by")
            .annotate(use_total=use_count())
        )

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = ImageAddForm if obj is None else ImageForm
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        permissions.check(request.user, Image, permissions.stored(Image, obj), obj)
        if not change:
            obj.uploaded_by = request.user
            library.store(obj, form.cleaned_data["upload"], form.upload_info)
            return
        super().save_model(request, obj, form, change)
        if {"focal_x", "focal_y"} & set(form.changed_data):
            library.remake(obj)

    def delete_model(self, request, obj):
        permissions.check(request.user, Image, obj, None)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            permissions.check(request.user, Image, obj, None)
        super().delete_queryset(request, queryset)

    # The list's columns.

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        return thumbnail_html(obj) or "—"

    @admin.display(description=_("caption"), ordering="caption")
    def short_caption(self, obj):
        return Truncator(obj.caption).words(12)

    @admin.display(description=_("uses"), ordering="use_total")
    def uses(self, obj):
        return obj.use_total

    # The change page's read-only parts.

    @admin.display(description=_("preview"))
    def preview(self, obj):
        rendition = pictures.largest(obj.renditions, "full", max_width=PREVIEW_WIDTH)
        if rendition is None:
            return _("The renditions are not made yet.")
        x, y = obj.focal_point
        return format_html(
            '<div class="image-focus" data-focal-x="{}" data-focal-y="{}">'
            '<img class="image-preview" src="{}" width="{}" height="{}" alt="{}">'
            '<span class="image-focus-marker" hidden></span></div>',
            x,
            y,
            rendition.url,
            rendition.width,
            rendition.height,
            obj.alt,
        )

    @admin.display(description=_("original"))
    def original(self, obj):
        try:
            size = filesizeformat(obj.file.size)
        except (OSError, ValueError):
            size = _("file missing")
        extension = obj.file.name.rpartition(".")[2].upper() if obj.file else "—"
        return _("%(width)s × %(height)s pixels, %(format)s, %(size)s") % {
            "width": obj.width,
            "height": obj.height,
            "format": extension,
            "size": size,
        }

    @admin.display(description=_("renditions"))
    def rendition_list(self, obj):
        # An entry is [width, height, name], and its length in bytes in newer manifests.
        rows = format_html_join(
            "",
            '<tr><td>{}</td><td>{}</td><td><a href="{}">{} × {}</a></td><td>{}</td></tr>',
            (
                (
                    set_name,
                    format_name.upper(),
                    default_storage.url(entry[2]),
                    entry[0],
                    entry[1],
                    filesizeformat(entry[3]) if len(entry) > 3 else "—",
                )
                for set_name, format_name, entry in rendition_rows(obj)
            ),
        )
        if not rows:
            return _("The renditions are not made yet.")
        return format_html(
            '<table class="image-renditions"><thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            _("set"),
            _("format"),
            _("size, pixels"),
            _("file size"),
            rows,
        )

    @admin.display(description=_("where used"))
    def usage(self, obj):
        return usage_html(obj) or _("Not used anywhere.")

    def render_delete_form(self, request, context):
        # A figure is left out of the pages once its image is gone: say where first.
        if context.get("object") is not None:
            context["image_usage"] = usage_html(context["object"])
        return super().render_delete_form(request, context)

    # Uploading several, and the editor's picker.

    def upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        posted = request.method == "POST"
        form = UploadManyForm(request.POST, request.FILES) if posted else UploadManyForm()
        if posted and form.is_valid():
            fields = {
                name: form.cleaned_data[name] for name in ("alt", "caption", "credit", "source")
            }
            permissions.check(request.user, Image, None, Image(**fields))
            added, refused = self.add_images(request, form.cleaned_data["files"], fields)
            for name, reasons in refused:
                message = _("“%(name)s” was not added: %(reason)s") % {
                    "name": name,
                    "reason": " ".join(reasons),
                }
                if added:
                    self.message_user(request, message, messages.ERROR)
                else:
                    form.add_error("files", message)
            if added:
                self.message_user(
                    request,
                    ngettext("%(count)d image added.", "%(count)d images added.", len(added))
                    % {"count": len(added)},
                    messages.SUCCESS,
                )
                return redirect(admin_urlname(self.model, "changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Upload images"),
            "opts": self.opts,
            "form": form,
            "adminform": admin.helpers.AdminForm(
                form, [(None, {"fields": list(form.fields)})], {}, model_admin=self
            ),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/articles/image/upload.html", context)

    def add_images(self, request, files, fields):
        """Each file added as an image of its own: (images added, [(name, reasons)])."""
        added, refused = [], []
        for upload in files:
            try:
                image = library.add_image(upload, uploaded_by=request.user, **fields)
            except ValidationError as error:
                refused.append((upload.name, error.messages))
                continue
            self.log_addition(request, image, [{"added": {}}])
            added.append(image)
        return added, refused

    def picker_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        term = request.GET.get("q", "").strip()
        images = Image.objects.ready()
        if term:
            images, _duplicates = self.get_search_results(request, images, term)
        page = Paginator(images, PICKER_PAGE_SIZE).get_page(request.GET.get("p"))
        callback = request.GET.get("CKEditorFuncNum", "")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Choose an image"),
            "opts": self.opts,
            "is_popup": True,
            "term": term,
            "page": page,
            "choices": [picker_choice(image) for image in page],
            "callback": callback if CALLBACK_NUMBER.fullmatch(callback) else "",
            "media": forms.Media(
                css={"all": ["admin/newsroom/images.css"]}, js=["admin/newsroom/picker.js"]
            ),
        }
        return TemplateResponse(request, "admin/articles/image/picker.html", context)


def picker_choice(image):
    """What the picker shows of an image, and what it gives the editor."""
    shown = pictures.largest(image.renditions, "full", max_width=EDITOR_WIDTH)
    return {
        "image": image,
        "thumbnail": thumbnail_html(image, "picker-thumbnail", named_beside=True),
        "url": shown.url if shown else "",
    }
