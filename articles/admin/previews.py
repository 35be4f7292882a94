"""Previews in the article admin: "view on site" opens the preview of an article
not yet public; its form lists the preview links sent out, makes a new one and
revokes them (articles/previews.py serves them)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from articles import previews
from articles.models import Article

from . import permissions


class PreviewAdmin:
    """ModelAdmin mixin for articles."""

    def view_on_site(self, obj):
        # A reader's address for a public article; the staff preview for any other.
        if Article.objects.public().filter(pk=obj.pk).exists():
            return obj.get_absolute_url()
        return previews.staff_path(obj)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/preview-links/",
                self.admin_site.admin_view(self.preview_links_view),
                name="{}_{}_preview_links".format(*info),
            ),
            *super().get_urls(),
        ]

    def preview_links_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_change_permission(request, article) or not (
            permissions.may_change_stored(request.user, article)
        ):
            raise PermissionDenied
        if revoke := request.POST.get("revoke_preview_link"):
            revoked = (
                article.preview_links.active().filter(pk=revoke).update(revoked_at=timezone.now())
            )
            if revoked:
                self.message_user(request, _("The preview link was revoked."), messages.SUCCESS)
        else:
            link = previews.create_link(article, request.user)
            self.message_user(
                request,
                format_html(
                    _("A preview link was made: {} (it works until {})."),
                    request.build_absolute_uri(previews.link_path(link)),
                    _local(link.expires_at),
                ),
                messages.SUCCESS,
            )
        return redirect("admin:articles_article_change", article.pk)

    def preview_link_list(self, obj):
        """The article's working preview links, each with its revoke button, and the
        button that makes a new one (buttons of the change form, posted elsewhere)."""
        if obj is None or obj.pk is None:
            return _("Save the article first.")
        action = reverse("admin:articles_article_preview_links", args=[obj.pk])
        links = list(obj.preview_links.active().select_related("created_by"))
        rows = format_html_join(
            "",
            '<li><a href="{}">{}</a> — {} <button type="submit" class="button" formaction="{}" '
            'formmethod="post" name="revoke_preview_link" value="{}">{}</button></li>',
            (
                (
                    previews.link_path(link),
                    _("until %(when)s") % {"when": _local(link.expires_at)},
                    link.created_by or "—",
                    action,
                    link.pk,
                    _("Revoke"),
                )
                for link in links
            ),
        )
        return format_html(
            '<ul class="preview-links">{}</ul><button type="submit" class="button" '
            'formaction="{}" formmethod="post" name="make_preview_link" value="1">{}</button>'
            '<div class="help">{}</div>',
            rows,
            action,
            _("Make a preview link"),
            _(
                "Anyone with a link sees the article as it is saved, until the link "
                "expires or is revoked. Save your changes first: these buttons do not."
            ),
        )


def _local(moment):
    return formats.localize(timezone.localtime(moment))
