import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from articles import previews, views
from articles.admin.review_queue import ReviewQueueView
from articles.sitemaps import SITEMAPS

urlpatterns = [
    path(
        f"{settings.NEWSROOM_ADMIN_PATH}review/",
        admin.site.admin_view(ReviewQueueView.as_view()),
        name="review_queue",
    ),
    path(settings.NEWSROOM_ADMIN_PATH, admin.site.urls),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(
            template_name="robots.txt",
            content_type="text/plain",
            # A path of its own is not announced to the world.
            extra_context={"admin_disallowed": settings.NEWSROOM_ADMIN_PATH == "admin/"},
        ),
        name="robots",
    ),
    path("preview/articles/<int:pk>/", previews.StaffPreviewView.as_view(), name="preview_article"),
    path("preview/<str:token>/", previews.LinkPreviewView.as_view(), name="preview_link"),
    path("api/", include("articles.api.urls")),
    path("", include("articles.urls")),
]

# The renditions, when no web server or object store serves MEDIA_URL (development,
# the quick start); never the originals, which are in a storage of their own.
if settings.NEWSROOM_SERVE_MEDIA and not urlsplit(settings.MEDIA_URL).netloc:
    media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns.insert(
        0,
        re_path(
            rf"^{media_prefix}(?P<path>{views.RENDITIONS_FOLDER}.+)$",
            views.rendition,
            name="rendition",
        ),
    )
