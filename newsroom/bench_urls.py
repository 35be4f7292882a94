from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """A constant answer through the same middleware: what no Django page can beat."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("newsroom.urls")),
]
