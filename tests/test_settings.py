import os
import subprocess
import sys

from .conftest import ROOT

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7#kq2!vz9@m4^wp1&r8$t6*yh3(ub5)nj0-ec+fg=sd_la%oi",
    "DJANGO_ALLOWED_HOSTS": "news.example.kz",
}


def manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_only_the_three_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_debug_off_without_a_secret_key_is_a_clear_error():
    result = manage("check", env={"DJANGO_DEBUG": "0"})
    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_plain_http_switch_turns_off_https_only_settings():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS)"
    )
    result = manage("shell", "-v", "0", "-c", code, env={**PRODUCTION, "DJANGO_SECURE_HTTPS": "0"})
    assert result.stdout.split() == ["False", "False", "False", "0"]
    strict = manage("shell", "-v", "0", "-c", code, env=PRODUCTION)
    assert strict.stdout.split() == ["True", "True", "True", "31536000"]


def test_invalid_boolean_is_refused():
    result = manage("check", env={"DJANGO_DEBUG": "maybe"})
    assert result.returncode == 1
    assert "DJANGO_DEBUG must be a boolean" in result.stderr
