"""axe-core (tests/a11y, installed by `make test`) on built pages in every language and in
the states staff put them in: no violation of WCAG 2.2 A/AA or axe's best practices."""

from __future__ import annotations

import pytest
from helpers import ROOT, type_search

# Its module fixture is one browser tab: its tests are spread over the test workers (tests/conftest.py).
SPREAD_OVER_WORKERS = True

AXE = ROOT / "tests" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="module")
def axe_page(browser, server):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs it (npm ci --prefix tests/a11y)")
    # axe is injected as an inline script, which the pages' own policy rightly refuses
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    source = AXE.read_text(encoding="utf-8")

    def run(path: str, before=None) -> list[str]:
        page.goto(server.url + path)
        page.wait_for_load_state("networkidle")
        if before:
            before(page)
        # contrast is judged on what staff end up seeing, not halfway through a fade-in
        page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
        page.add_script_tag(content=source)
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
        return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]

    yield run
    context.close()


@pytest.mark.parametrize("path", [
    f"/{lang}/{page}" for lang in ("en", "fi", "ru", "ar")
    for page in ("index.html", "playbooks/angry-customer.html", "playbooks/claims-escalation.html",
                 "status.html", "glossary.html", "404.html")
])
def test_pages_have_no_axe_violations(axe_page, path):
    assert axe_page(path) == []


def test_walked_tree_with_its_script_open_and_a_reset_question_have_no_axe_violations(axe_page):
    def use(page):
        page.locator("#pb-tree-right-or-not .pb-outcome-link").first.click()
        page.locator(".pb-checklist .pb-reset").first.click() if page.locator(".pb-checklist").count() else None

    assert axe_page("/ar/playbooks/is-customer-right.html#tree-right-or-not:what-kind/why-not/illegal", use) == []

    def search(page):
        page.locator('label.md-header__button[for="__search"]').click()  # the phone layout's search button
        type_search(page, "asiakas")
        page.locator(".md-search-result__item").first.wait_for()

    assert axe_page("/fi/playbooks/angry-customer.html", search) == []
