"""Whole-page caching and conditional GET for anonymous readers.

Every public page depends only on the published content, so one token, the
content version (caching/version.py), tells whether a cached copy is
current. For an anonymous GET or HEAD outside the excluded paths (the admin):
- the ETag is derived from the version and the URL, and Last-Modified is the
  time of the last change: a browser or CDN revalidating a current copy gets a
  304 without the page being built;
- otherwise the page is served from the cache (Redis when REDIS_URL is set,
  local memory otherwise) if the copy there was built at the current version,
  or built and stored. With Redis, the version and the page come in one round
  trip, or none: each process keeps its own copy of the version, kept current
  by a push, and of the pages it served last (caching/local_copies.py).

Readers' caches must revalidate (Cache-Control: no-cache), so a page taken
down is gone for them at their next request too.
"""

import hashlib
import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from . import local_copies, version
from .state import CACHE_ERRORS, STATE_KEY, cache, shared

logger = logging.getLogger(__name__)

KEY_PREFIX = "newsroom:page:"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.applies_to(request):
            return self.get_response(request)
        # The API answers JSON or HTML by the Accept header: a copy per kind.
        variant = f"{request.get_full_path()}\n{request.headers.get('Accept', '')}"
        key = KEY_PREFIX + hashlib.blake2b(variant.encode(), digest_size=16).hexdigest()
        seconds = settings.NEWSROOM_PAGE_CACHE_SECONDS
        local = local_copies.copies()
        state = local.state() if local is not None else None
        if state is not None:
            # This process's copies (caching/local_copies.py): no round trip for the state.
            copy = local.page(key, state.token)
            if copy is None and seconds:
                copy, seconds = self.fetch(request, key, seconds, local, state)
        else:
            state, copy, seconds = self.look_up(request, key, seconds, local)
            if state is None:
                # The database is out of reach: no version, so no copy and no 304. The view
                # fails the same way, and newsroom/outage.py answers it with a 503.
                return self.get_response(request)

        etag = '"{}"'.format(
            hashlib.blake2b(f"{state.token}\n{variant}".encode(), digest_size=16).hexdigest()
        )
        # Whole seconds, as HTTP dates go; the ETag tells changes within a second apart.
        last_modified = int(state.changed_at)
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return self.revalidated(not_modified, etag, last_modified)

        if copy is not None and copy[0] == state.token:
            _, status, headers, content = copy
            return HttpResponse(content, status=status, headers=headers)
        response = self.get_response(request)
        if not self.cacheable(request, response):
            return response
        self.revalidated(response, etag, last_modified)
        if seconds:
            copy = (state.token, response.status_code, dict(response.items()), response.content)
            try:
                cache().set(key, copy, seconds)
            except CACHE_ERRORS:
                logger.warning("The cache is out of reach: %s is not kept", request.path)
            if local is not None:
                local.keep(key, copy)
        return response

    @staticmethod
    def look_up(request, key, seconds, local):
        """(state, the cache's copy or None, seconds) with the state read anew, or
        (None, None, 0) when the database is out of reach.

        With Redis, the state and the page come in one round trip."""
        shared_cache = cache()
        found, fetched = {}, False
        since = local.generation if local is not None else None
        if seconds:
            try:
                keys = [STATE_KEY, key] if shared() else [key]
                found, fetched = shared_cache.get_many(keys), shared()
            except CACHE_ERRORS:
                logger.warning("The cache is out of reach: %s is built", request.path)
                seconds = 0
        cached_state = found.get(STATE_KEY) if fetched else version.UNFETCHED
        try:
            state = version.current(cached_state)
        except (OperationalError, InterfaceError):
            return None, None, 0
        copy = found.get(key)
        if local is not None:
            local.remember(state, since=since)
            if copy is not None:
                local.keep(key, copy)
        return state, copy, seconds

    @staticmethod
    def fetch(request, key, seconds, local, state):
        """(the cache's copy or None, seconds), the state being known."""
        try:
            copy = cache().get(key)
        except CACHE_ERRORS:
            logger.warning("The cache is out of reach: %s is built", request.path)
            return None, 0
        if copy is not None and copy[0] == state.token:
            local.keep(key, copy)
        return copy, seconds

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
