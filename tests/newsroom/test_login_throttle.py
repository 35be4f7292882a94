"""Admin login throttling (newsroom/login_throttle.py): short growing locks per username
and address, a limit per address, and device cookies that keep an editor's browser in."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.core import signing
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from newsroom.login_throttle import DEVICE_COOKIE

from ..factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "верный-пароль-2024"
WRONG = "неверный"
OFFICE = "203.0.113.7"
HOME = "198.51.100.9"
LOCKED = "Слишком много неудачных попыток входа"


class Clock:
    """The time Django and Axes see, moved by hand."""

    def __init__(self):
        self.now = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    clock = Clock()
    # Axes stamps each request with its own import of timezone.now.
    with (
        mock.patch("django.utils.timezone.now", clock),
        mock.patch("axes.handlers.proxy.now", clock),
    ):
        yield clock


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Every login here checks a password; the real hasher's slowness is not under test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor():
    return make_user("editor", password=PASSWORD, is_superuser=True)


def browser(address=OFFICE):
    return Client(REMOTE_ADDR=address)


def login(client, username, password):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
    )


def trusted_browser(address=OFFICE):
    """A browser the editor has logged in from, and out of: it keeps its device cookie."""
    client = browser(address)
    assert login(client, "editor", PASSWORD).status_code == 302
    assert client.post(reverse("admin:logout")).status_code == 200
    assert DEVICE_COOKIE in client.cookies
    return client


def fail(client, times):
    """`times` logins as the editor with a wrong password: their answers' status codes."""
    return [login(client, "editor", WRONG).status_code for _ in range(times)]


def lock_seconds(response):
    assert response.status_code == 429
    return int(response["Retry-After"])


def test_five_failures_lock_one_username_at_one_address_for_a_minute(clock, editor):
    make_user("другой", password=PASSWORD)
    office = browser()
    assert fail(office, 4) == [200] * 4
    fifth = login(office, "editor", WRONG)
    assert lock_seconds(fifth) == 60
    assert LOCKED in fifth.content.decode()
    assert "Попробуйте снова через 1 минуту." in fifth.content.decode()

    # Another username at the address, and the username at another address, are not locked.
    assert login(browser(), "другой", PASSWORD).status_code == 302
    assert login(browser(HOME), "editor", PASSWORD).status_code == 302
    clock.advance(seconds=59)
    assert lock_seconds(login(office, "editor", PASSWORD)) == 1
    clock.advance(seconds=1)
    assert login(office, "editor", PASSWORD).status_code == 302


def test_the_right_password_during_a_lock_is_refused_for_an_untrusted_client(clock, editor):
    office = browser()
    fail(office, 5)
    clock.advance(seconds=30)

    refused = login(office, "editor", PASSWORD)
    assert lock_seconds(refused) == 30
    assert "_auth_user_id" not in office.session
    assert DEVICE_COOKIE not in refused.cookies
    # The refused attempt checked no password: the lock is no longer for it.
    clock.advance(seconds=30)
    assert login(office, "editor", PASSWORD).status_code == 302


def test_each_further_failure_doubles_the_lock_up_to_the_longest(clock, editor):
    office = browser()
    fail(office, 4)
    locks = []
    for _ in range(7):
        locks.append(lock_seconds(login(office, "editor", WRONG)))
        clock.advance(seconds=locks[-1])
    assert locks == [60, 120, 240, 480, 900, 900, 900]


def test_an_attacker_at_the_editors_address_cannot_keep_the_editors_browser_out(clock, editor):
    editors_browser = trusted_browser()
    attacker = browser()
    fail(attacker, 4)
    # A failure for the editor as soon as each lock ends, until the address is locked too.
    locks = []
    for _ in range(26):
        locks.append(lock_seconds(login(attacker, "editor", WRONG)))
        assert lock_seconds(login(attacker, "editor", PASSWORD)) == locks[-1]
        assert login(editors_browser, "editor", PASSWORD).status_code == 302
        editors_browser.post(reverse("admin:logout"))
        clock.advance(seconds=locks[-1] - 1)
        assert login(editors_browser, "editor", PASSWORD).status_code == 302
        editors_browser.post(reverse("admin:logout"))
        clock.advance(seconds=1)
    assert locks == [60, 120, 240, 480] + [900] * 21 + [86400]


def test_an_editor_on_a_new_browser_waits_only_for_the_short_lock(clock, editor):
    attacker = browser()
    fail(attacker, 5)
    clock.advance(seconds=45)
    new_browser = browser()
    assert lock_seconds(login(new_browser, "editor", PASSWORD)) == 15
    clock.advance(seconds=15)
    assert login(new_browser, "editor", PASSWORD).status_code == 302


def test_password_spraying_from_one_address_is_stopped_at_the_address_limit(clock, editor):
    start = clock.now
    sprayer = browser()
    # Three tries for each of ten usernames, a minute apart: none of them reaches five.
    statuses = []
    for number in range(10):
        for _ in range(3):
            response = login(sprayer, f"user{number}", WRONG)
            statuses.append(response.status_code)
        clock.advance(minutes=1)
    assert statuses == [200] * 29 + [429]
    # Locked until its first failures are a day old, for every username.
    first_forgotten = start + timedelta(days=1)
    wait = (first_forgotten - clock.now).total_seconds()
    refused = login(sprayer, "user10", WRONG)
    assert lock_seconds(refused) == wait == 86400 - 10 * 60
    assert "Попробуйте снова через 24 часа." in refused.content.decode()
    assert lock_seconds(login(browser(), "editor", PASSWORD)) == wait
    assert login(browser(HOME), "editor", PASSWORD).status_code == 302

    # Then the address has back as many tries as were forgotten.
    clock.now = first_forgotten
    statuses = [login(sprayer, "user10", WRONG).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert lock_seconds(login(sprayer, "user11", WRONG)) == 60


def test_a_trusted_browser_is_held_to_the_limits_by_its_own_failures(clock, editor):
    start = clock.now
    editors_browser = trusted_browser()
    assert fail(editors_browser, 4) == [200] * 4
    assert lock_seconds(login(editors_browser, "editor", WRONG)) == 60
    # A stolen cookie buys no fresh count elsewhere, and dropping it none at the address.
    editors_browser.defaults["REMOTE_ADDR"] = HOME
    assert lock_seconds(login(editors_browser, "editor", PASSWORD)) == 60
    assert lock_seconds(login(browser(), "editor", PASSWORD)) == 60
    assert login(browser(HOME), "editor", PASSWORD).status_code == 302

    clock.advance(minutes=1)
    for _ in range(25):
        assert login(editors_browser, "editor", WRONG).status_code == 429
        clock.advance(minutes=15)
    # Thirty failures, an address's limit: locked until its first failures are a day old.
    wait = (start + timedelta(days=1) - clock.now).total_seconds()
    assert lock_seconds(login(editors_browser, "editor", PASSWORD)) == wait


def test_no_client_can_pose_as_the_editors_browser_by_its_user_agent(clock, editor):
    editors_browser = trusted_browser()
    _, device = signing.loads(
        editors_browser.cookies[DEVICE_COOKIE].value, salt="newsroom.login_throttle.device"
    )
    # The user agent under which the browser's failures are counted, as a server gets it.
    posing = f"device № {device}".encode().decode("latin-1")
    attacker = Client(REMOTE_ADDR=OFFICE, HTTP_USER_AGENT=posing)
    fail(attacker, 4)
    assert lock_seconds(login(attacker, "editor", WRONG)) == 60
    assert login(editors_browser, "editor", PASSWORD).status_code == 302


def test_the_device_cookie_is_signed_for_its_user_and_kept_to_the_login_form(
    clock, editor, settings
):
    settings.SESSION_COOKIE_SECURE = True
    make_user("другой", password=PASSWORD)
    client = browser()
    response = login(client, "editor", PASSWORD)
    cookie = response.cookies[DEVICE_COOKIE]
    assert (cookie["path"], cookie["max-age"], cookie["httponly"], cookie["secure"]) == (
        "/admin/login/",
        90 * 86400,
        True,
        True,
    )
    assert cookie["samesite"] == "Strict"

    attacker = browser()
    fail(attacker, 5)
    others = browser()
    assert login(others, "другой", PASSWORD).status_code == 302
    forged = signing.dumps(["editor", "some-device"], salt="another-salt")
    for value in [others.cookies[DEVICE_COOKIE].value, forged, cookie.value[:-1]]:
        stranger = browser()
        stranger.cookies[DEVICE_COOKIE] = value
        assert lock_seconds(login(stranger, "editor", PASSWORD)) == 60
    trusted = browser()
    trusted.cookies[DEVICE_COOKIE] = cookie.value
    assert login(trusted, "editor", PASSWORD).status_code == 302


def test_a_successful_login_forgets_the_failures(clock, editor):
    office = browser()
    fail(office, 4)
    assert login(office, "editor", PASSWORD).status_code == 302
    office.post(reverse("admin:logout"))
    office.cookies.pop(DEVICE_COOKIE)
    assert fail(office, 4) == [200] * 4
    # The first lock again, not the ninth failure's.
    assert lock_seconds(login(office, "editor", WRONG)) == 60


def test_failures_are_forgotten_a_day_after_the_last(clock, editor):
    office = browser()
    fail(office, 4)
    clock.advance(hours=23, minutes=59)
    assert lock_seconds(login(office, "editor", WRONG)) == 60
    clock.advance(days=1, minutes=1)
    assert fail(office, 4) == [200] * 4
    assert lock_seconds(login(office, "editor", WRONG)) == 60


@pytest.mark.parametrize(
    ("wait", "text"),
    [
        ({"wait_minutes": 1}, "Попробуйте снова через 1 минуту."),
        ({"wait_minutes": 3}, "Попробуйте снова через 3 минуты."),
        ({"wait_minutes": 15}, "Попробуйте снова через 15 минут."),
        ({"wait_minutes": 21}, "Попробуйте снова через 21 минуту."),
        ({"wait_hours": 1}, "Попробуйте снова через 1 час."),
        ({"wait_hours": 24}, "Попробуйте снова через 24 часа."),
        ({"wait_hours": 11}, "Попробуйте снова через 11 часов."),
    ],
)
def test_the_lockout_page_says_how_long_to_wait(wait, text):
    with translation.override("ru"):
        page = render_to_string("admin/locked_out.html", wait)
    assert text in page
    assert "Администратор может снять блокировку раньше." in page
