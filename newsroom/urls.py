from django.contrib import admin
from django.urls import include, path

from articles.admin_views import ReviewQueueView

urlpatterns = [
    path(
        "admin/review/",
        admin.site.admin_view(ReviewQueueView.as_view()),
        name="review_queue",
    ),
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]
