"""axe-core finds no accessibility violations on any kind of public page, desktop and phone."""

import pytest

from .conftest import AXE_SCRIPT, DESKTOP, PHONE

pytestmark = pytest.mark.browser

# What a reader needs to fix a violation: the rule, and where it failed.
REPORT_VIOLATIONS = """async () => (await axe.run(document)).violations.map((violation) => ({
  rule: violation.id,
  impact: violation.impact,
  help: violation.help,
  nodes: violation.nodes.map((node) => `${node.target.join(" ")}: ${node.failureSummary}`),
}))"""


@pytest.fixture(scope="module")
def axe_script():
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `npm ci --prefix tests/browser`.")
    return AXE_SCRIPT


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_kind_of_page_has_no_axe_violations(new_page, site_pages, axe_script, viewport):
    # axe is injected as a script of the page's own, which the site's policy forbids.
    page = new_page(bypass_csp=True)
    page.set_viewport_size(viewport)
    violations = {}
    for name, path in site_pages.items():
        page.goto(path)
        page.add_script_tag(path=axe_script)
        if found := page.evaluate(REPORT_VIOLATIONS):
            violations[name] = found

    assert not violations, report(violations)


def report(violations):
    lines = []
    for name, found in violations.items():
        for violation in found:
            lines.append(
                f"{name}: {violation['rule']} ({violation['impact']}): {violation['help']}"
            )
            lines.extend(f"    {node}" for node in violation["nodes"])
    return "\n".join(lines)


def test_every_kind_of_page_fits_a_phone_screen_without_scrolling_sideways(page, site_pages):
    # WCAG 1.4.10 (reflow), which axe does not check: nothing wider than the screen.
    page.set_viewport_size(PHONE)
    too_wide = {}
    for name, path in site_pages.items():
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[name] = width

    assert not too_wide, f"wider than {PHONE['width']} pixels: {too_wide}"
