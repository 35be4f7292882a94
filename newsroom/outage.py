"""A clean 503 while the database is out of reach, or a change cannot be announced.

When PostgreSQL is down, restarting or refusing connections, every query
raises OperationalError or InterfaceError (PEP 249: errors of the database's
operation, not of the program: a lost connection, a server shutting down, a
timeout). Instead of a 500 and a traceback, readers and editors get a short
page that says the site will be back, with `Retry-After`; nothing keeps it
(`Cache-Control: no-store`), so no cache outlives the outage.

A change that the other web processes could not be told of (Redis out of
this process's reach) is rolled back: the editor gets the same kind of 503,
saying that nothing was saved (articles/models/tracking.py).

Recovery needs no restart. A connection that failed is closed by Django when
the request finishes (close_if_unusable_or_obsolete, on request_finished); a
persistent connection is checked before a request reuses it, and the pool
(DATABASE_POOL) hands out only connections that pass its check
(CONN_HEALTH_CHECKS, on in settings). So the first request after the database
is back connects again.

Only exceptions from views (and the templates they render) reach this
middleware; a middleware that reads the database before the view must let
the view fail instead (articles/caching/middleware.py does).
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.log import log_response

from articles.models.tracking import ContentChangeNotAnnounced

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (OperationalError, InterfaceError)

# Seconds a client (or a crawler) is asked to wait before it asks again.
RETRY_AFTER = 30


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OUTAGE_ERRORS):
            response, message = outage_response(), "Service Unavailable (database error): %s"
        elif isinstance(exception, ContentChangeNotAnnounced):
            response = outage_response(not_saved=True)
            message = "Service Unavailable (change not announced, not saved): %s"
        else:
            return None
        # One record per request; it also marks the response logged, so that
        # django.request does not log it a second time.
        log_response(
            message,
            request.path,
            response=response,
            request=request,
            logger=logger,
            exception=exception,
        )
        return response


def outage_response(*, not_saved=False):
    # Rendered without the request: context processors would read the user
    # and the session, that is, the database.
    response = HttpResponse(render_to_string("503.html", {"not_saved": not_saved}), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response
