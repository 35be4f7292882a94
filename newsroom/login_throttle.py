"""The rules by which django-axes throttles admin logins (AXES_HANDLER in settings).

A lock that anyone can trigger, anyone can keep on: someone behind an editor's
office address (a shared NAT) who fails a few times per lock keeps a lock on
that username and address shut for good, however short each lock is. So, as
OWASP advises ("device cookies"), a browser that has logged in as the editor
is judged by its own failures only:

- A successful login leaves a signed device cookie (the username and a random
  id) in the browser. An attempt for that username that carries it is
  trusted: its failures are recorded under the device's id (in Axes' user
  agent column) and only they count against it, so no one without the cookie
  can lock the editor out of that browser, from any address.
- Any other attempt is judged by its address. AXES_FAILURE_LIMIT failures for
  one username lock that username there for NEWSROOM_LOGIN_FIRST_LOCK, and
  each further failure doubles the lock up to NEWSROOM_LOGIN_LONGEST_LOCK: a
  typo costs a minute, a guesser gets one try per longest lock. After
  NEWSROOM_LOGIN_ADDRESS_FAILURE_LIMIT failures from the address, whatever the
  usernames, the address is locked until enough of them are forgotten: this
  stops password spraying.
- A trusted browser is held to both limits on its own failures, so a stolen
  cookie buys no more guesses than an address has.

Failures are forgotten AXES_COOLOFF_TIME after the last one for the same
username and client, and a successful login forgets its own at once. An
attempt refused by a lock checked no password, so it counts for nothing.
A guesser with many addresses gets the tries of each, as before: against that,
only strong passwords help.
"""

import secrets
from math import ceil

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.core import signing
from django.db.models import Max, Sum
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

DEVICE_COOKIE = "newsroom_device"
_DEVICE_SALT = "newsroom.login_throttle.device"
# Far more than any lock needs to reach the longest one, and no overflow.
_MAX_DOUBLINGS = 32


def trusted_device(request, credentials=None):
    """The id in the request's device cookie, if the cookie is valid for the username tried."""
    value = request.COOKIES.get(DEVICE_COOKIE)
    if not value:
        return None
    try:
        username, device = signing.loads(
            value, salt=_DEVICE_SALT, max_age=settings.NEWSROOM_LOGIN_DEVICE_COOKIE_AGE
        )
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if username != get_client_username(request, credentials):
        return None
    return device


def set_device_cookie(response, username):
    value = signing.dumps([username, secrets.token_urlsafe(16)], salt=_DEVICE_SALT)
    response.set_cookie(
        DEVICE_COOKIE,
        value,
        max_age=settings.NEWSROOM_LOGIN_DEVICE_COOKIE_AGE,
        # Only the login form needs it.
        path=reverse("admin:login"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def _device_agent(device):
    # "№" is not Latin-1, and a request's headers are (PEP 3333): no User-Agent
    # can pose as a device, even one whose id is read off the admin or the logs.
    return f"device № {device}"


def lock_length(failures):
    """The lock after `failures` failures for one username (AXES_FAILURE_LIMIT or more)."""
    doublings = min(failures - settings.AXES_FAILURE_LIMIT, _MAX_DOUBLINGS)
    return min(
        settings.NEWSROOM_LOGIN_FIRST_LOCK * 2**doublings, settings.NEWSROOM_LOGIN_LONGEST_LOCK
    )


def _username_lock_ends(attempts):
    totals = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    if (totals["failures"] or 0) < settings.AXES_FAILURE_LIMIT:
        return None
    return totals["last"] + lock_length(totals["failures"])


def _client_lock_ends(attempts, request):
    """When enough of a client's failures are forgotten to bring it under its limit."""
    oldest_first = attempts.order_by("attempt_time")
    rows = list(oldest_first.values_list("attempt_time", "failures_since_start"))
    remaining = sum(failures for _, failures in rows)
    ends = None
    for attempt_time, failures in rows:
        if remaining < settings.NEWSROOM_LOGIN_ADDRESS_FAILURE_LIMIT:
            break
        remaining -= failures
        ends = attempt_time + get_cool_off(request)
    return ends


class LoginThrottleHandler(AxesDatabaseHandler):
    def filter_user_attempts(self, request, credentials=None):
        """The failures that count against this attempt's username: its device's, if trusted."""
        device = trusted_device(request, credentials)
        if device is None:
            return super().filter_user_attempts(request, credentials)
        username = get_client_username(request, credentials)
        return [AccessAttempt.objects.filter(username=username, user_agent=_device_agent(device))]

    def lock_ends(self, request, credentials=None):
        """When the lock on this attempt ends, or None if it is not locked."""
        own = self.get_user_attempts(request, credentials)
        if trusted_device(request, credentials) is None:
            threshold = get_cool_off_threshold(request)
            address = AccessAttempt.objects.filter(
                ip_address=request.axes_ip_address, attempt_time__gte=threshold
            )
            clients = [address]
        else:
            clients = own
        ends = [_username_lock_ends(attempts) for attempts in own]
        ends += [_client_lock_ends(attempts, request) for attempts in clients]
        ends = [end for end in ends if end is not None and end > request.axes_attempt_time]
        return max(ends, default=None)

    def is_locked(self, request, credentials=None):
        return self.lock_ends(request, credentials) is not None

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        device = request is not None and trusted_device(request, credentials)
        if device:
            request.axes_user_agent = _device_agent(device)
        super().user_login_failed(sender, credentials, request, **kwargs)
        # Axes locks on the failures for the username; the client's own limit is ours.
        if request is None or request.axes_locked_out:
            return
        if self.is_locked(request, credentials):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )

    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)
        # DeviceCookieMiddleware gives the browser its cookie with the response.
        request.newsroom_device_username = user.get_username()


class DeviceCookieMiddleware:
    """Leaves a device cookie in a browser that has just logged in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        username = getattr(request, "newsroom_device_username", None)
        if username is not None:
            set_device_cookie(response, username)
        return response


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page (AXES_LOCKOUT_CALLABLE): how long to wait, also as Retry-After."""
    context = {}
    ends = LoginThrottleHandler().lock_ends(request, credentials)
    if ends is not None:
        seconds = ceil((ends - request.axes_attempt_time).total_seconds())
        minutes = ceil(seconds / 60)
        if minutes < 60:
            context["wait_minutes"] = minutes
        else:
            context["wait_hours"] = ceil(seconds / 3600)
    response = render(
        request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
    if ends is not None:
        response["Retry-After"] = str(seconds)
    add_never_cache_headers(response)
    return response
