"""A web worker serves every public page and the admin, and queues the extraction of
what an editor writes, without loading the NLP stack."""

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
# An editor writes an article: its extraction is queued for the worker, not run here.
from django.contrib.auth import get_user_model
from django_tasks_db.models import DBTaskResult
from articles.models import Article, Rubric
editor = get_user_model().objects.create_superuser("editor", password="x-пароль-42")
client.force_login(editor)
form = {"title": "Токаев встретился с Путиным", "slug": "", "lead": "Переговоры в Москве.",
        "body": "<p>Касым-Жомарт Токаев и Владимир Путин провели переговоры.</p>",
        "status": "draft", "published_at_0": "", "published_at_1": "",
        "rubric": str(Rubric.objects.default().pk)}
for prefix in ["byline", "person_links", "organization_links", "place_links", "event_links"]:
    form.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
statuses["admin add"] = client.post("/admin/articles/article/add/", form).status_code
article = Article.objects.get(title=form["title"])
queued = [r.args_kwargs["args"][0] for r in DBTaskResult.objects.filter(status="READY")]
heavy = ["slovnet", "navec", "numpy", "razdel", "articles.extraction.entities"]
print(json.dumps({
    "statuses": statuses,
    "loaded": [m for m in heavy if m in sys.modules],
    "queued": queued == [article.pk],
    "links": article.person_links.count(),
}))
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
    statuses = report["statuses"]
    assert statuses.pop("admin add") == 302
    assert set(statuses.values()) == {200}, statuses
    assert report["loaded"] == []
    assert (report["queued"], report["links"]) == (True, 0)
