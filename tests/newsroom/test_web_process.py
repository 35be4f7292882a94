"""A web worker serves every public page and the admin without the NLP stack."""

import json
import os
import subprocess
import sys

from ..factories import ROOT

SCRIPT = """
import json, sys
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment

call_command("migrate", verbosity=0)
call_command("load_articles", "seeds", extract=False, verbosity=0)
setup_test_environment()
from newsroom.wsgi import application  # noqa: F401
client = Client()
statuses = {
    url: client.get(url).status_code
    for url in [
        "/", "/articles/", "/search/?q=саммит", "/persons/", "/events/",
        "/organizations/", "/places/", "/admin/login/",
        "/articles/nursultan-nazarbaev-my-soperezhivaem-vsem-grazhdanam-rossii/",
    ]
}
heavy = ["slovnet", "navec", "numpy", "razdel", "articles.extraction.entities"]
print(json.dumps({"statuses": statuses, "loaded": [m for m in heavy if m in sys.modules]}))
"""


def test_pages_are_served_without_loading_the_nlp_stack(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'web.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(report["statuses"].values()) == {200}, report["statuses"]
    assert report["loaded"] == []
