from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

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
    path("api/", include("articles.api.urls")),
    path("", include("articles.urls")),
]
