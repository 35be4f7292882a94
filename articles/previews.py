"""An article before it is public, as it will look: for the staff who may change it
(/preview/articles/<id>/), and through a preview link for someone without an account
(/preview/<signed link ID>/).

Either page says it is a preview (a banner), is never indexed (noindex), never
kept by any cache (Cache-Control: private, no-store; its path is outside the page
cache), and shows the entity links a reader will see once the article is out.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control

from .models import Article, PreviewLink
from .views import ArticleDetailView, prefetch_public_links, with_body_parts

SALT = "articles.preview-link"


def preview_hours():
    return settings.NEWSROOM_PREVIEW_LINK_HOURS


def create_link(article, user):
    """A new preview link to `article`, working for NEWSROOM_PREVIEW_LINK_HOURS."""
    now = timezone.now()
    return PreviewLink.objects.create(
        article=article,
        created_by=user,
        created_at=now,
        expires_at=now + timedelta(hours=preview_hours()),
    )


def link_path(link):
    # No timestamp in the signature (the row holds the expiry), so a link's address is
    # the same each time it is shown: the one the editor sent is the one listed.
    token = signing.Signer(salt=SALT).sign_object(link.pk)
    return reverse("preview_link", kwargs={"token": token})


def staff_path(article):
    return reverse("preview_article", kwargs={"pk": article.pk})


def may_preview(user, article):
    """Staff who may change articles see each one before it is out."""
    return user.is_active and user.is_staff and user.has_perm("articles.change_article")


def state(article, now=None):
    """What the banner says the article is: its state ("draft", "review",
    "unpublished"), or "scheduled" or "published"."""
    if article.status != Article.Status.PUBLISHED:
        return article.status
    if article.published_at > (now or timezone.now()):
        return "scheduled"
    return "published"


class PreviewView(ArticleDetailView):
    template_name = "articles/article_detail.html"

    def get_queryset(self):
        # Any article, public or not: whoever got here may see it.
        return (
            Article.objects.without_search_columns()
            .select_related("lead_image", "rubric")
            .prefetch_related(*prefetch_public_links())
        )

    def get_object(self, queryset=None):
        article = self.article()
        found = self.get_queryset().filter(pk=article.pk).first()
        if found is None:
            raise Http404
        return with_body_parts([found])[0]

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=state(self.object), **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class StaffPreviewView(PreviewView):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return super().dispatch(request, *args, **kwargs)

    def article(self):
        article = Article.objects.filter(pk=self.kwargs["pk"]).only("pk").first()
        if article is None or not may_preview(self.request.user, article):
            raise Http404
        return article


class LinkPreviewView(PreviewView):
    def article(self):
        try:
            pk = signing.Signer(salt=SALT).unsign_object(self.kwargs["token"])
        except (signing.BadSignature, ValueError):
            # ValueError: signed by this site, but not a link's ID (another signer's
            # format, such as a timestamped one).
            raise Http404 from None
        link = PreviewLink.objects.active().filter(pk=pk).select_related("article").first()
        if link is None:
            # Expired, revoked, or its article deleted: as if it never existed.
            raise Http404
        return link.article
