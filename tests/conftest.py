"""Fixtures and hooks only; the builders are in tests/factories.py, real servers and the
tests' Redis in tests/servers.py."""

import os
import sys

import hypothesis
import pytest

# Generated-input tests (tests/contracts/test_fuzz.py): a quick sample by default, the long campaign
# with HYPOTHESIS_PROFILE=fuzz (CI: HYPOTHESIS_PROFILE=fuzz pytest -m fuzz).
hypothesis.settings.register_profile("dev", max_examples=200)
hypothesis.settings.register_profile("fuzz", max_examples=10_000)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True)
def _test_storages(settings, tmp_path_factory):
    # The hashed storage needs `collectstatic`; tests look at pages, not hashes.
    # Media go to a folder of the test's own, never the project's media/.
    media = tmp_path_factory.mktemp("media")
    originals = tmp_path_factory.mktemp("originals")
    settings.MEDIA_ROOT = str(media)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media)},
        },
        "originals": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(originals), "base_url": None},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def pytest_terminal_summary(terminalreporter):
    matrix = sys.modules.get("tests.contracts.test_admin_matrix")
    for routes, requests, roles, answers in getattr(matrix, "CHECKED", []):
        terminalreporter.write_line(
            f"admin permission matrix: {routes} admin routes, {requests} requests on them "
            f"× {roles} roles × GET and POST = {answers} answers checked"
        )
