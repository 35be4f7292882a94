"""Whole-page caching and conditional GET for anonymous readers.

Every public page depends only on the published content, so one number, the
content version (articles/freshness.py), tells whether a cached copy is
current. For an anonymous GET or HEAD outside the admin:
- the ETag is derived from the version and the URL, and Last-Modified is the
  time of the last change: a browser or CDN revalidating a current copy gets a
  304 without the page being built;
- otherwise the page is served from the cache (Redis when REDIS_URL is set,
  local memory otherwise) under a key holding the version, or built and
  stored there. A change bumps the version, so no stale copy is ever served.

Readers' caches must revalidate (Cache-Control: no-cache), so a page taken
down is gone for them at their next request too.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from . import freshness

CACHE_ALIAS = "default"
KEY_PREFIX = "newsroom:page"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.applies_to(request):
            return self.get_response(request)
        version, changed_at = freshness.current()
        # The API answers JSON or HTML by the Accept header: a copy per kind.
        variant = f"{version}\n{request.get_full_path()}\n{request.headers.get('Accept', '')}"
        digest = hashlib.blake2b(variant.encode(), digest_size=16).hexdigest()
        # Whole seconds, as HTTP dates go; the ETag tells changes within a second apart.
        etag, last_modified = f'"{digest}"', int(changed_at.timestamp())
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return self.revalidated(not_modified, etag, last_modified)

        key = f"{KEY_PREFIX}:{digest}"
        seconds = settings.NEWSROOM_PAGE_CACHE_SECONDS
        cache = caches[CACHE_ALIAS] if seconds else None
        response = cache.get(key) if cache is not None else None
        if response is None:
            response = self.get_response(request)
            if not self.cacheable(request, response):
                return response
            self.revalidated(response, etag, last_modified)
            if cache is not None:
                cache.set(key, response, seconds)
        return response

    @staticmethod
    def applies_to(request):
        return (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path_info.startswith(tuple(settings.NEWSROOM_PAGE_CACHE_EXCLUDE))
        )

    @staticmethod
    def cacheable(request, response):
        """Only a complete public 200, the same for every anonymous reader."""
        return (
            request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not response.has_header("Cache-Control")
            and "cookie" not in response.get("Vary", "").lower()
        )

    @staticmethod
    def revalidated(response, etag, last_modified):
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, no_cache=True, public=True)
        return response
