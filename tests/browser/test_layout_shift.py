"""Playbook pages do not jump while they load: on a phone-sized screen, on a cold load with
the CPU slowed down (as on a modest phone), the layout shift of every playbook page in
every language stays under 0.02, and on a slow phone network (Slow 4G) for the pages
with the most widgets. The page's widgets (tree, script, checklist) take their
room from the first paint (html.pb-js, set by a script in the head)."""

from __future__ import annotations

import pytest

from generator.languages import current as _configured

LANGUAGES = _configured().codes

PHONE = {"width": 390, "height": 844}
# Every layout-shift entry since navigation (buffered), except those right after input.
SHIFT = """() => new Promise(resolve => {
  let total = 0, entries = [];
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      total += e.value;
      entries.push({value: e.value, nodes: e.sources.map(s => s.node ?
        (s.node.className || s.node.nodeName) + ' ' + s.previousRect.y + '->' + s.currentRect.y : '?')});
    }
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve({total, entries}), 300);
})"""


def playbook_pages(built) -> list[str]:
    return sorted(p.stem for p in (built.site / "en" / "playbooks").glob("*.html") if p.stem != "index")


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=3, is_mobile=True, has_touch=True)
    yield context
    context.close()


# Lighthouse's mobile network: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up.
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 // 8, "uploadThroughput": 750_000 // 8}


def measure(context, url: str, network: dict | None = None) -> dict:
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})  # a cold load, every time
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    if network:
        cdp.send("Network.emulateNetworkConditions", network)
    try:
        page.goto(url, wait_until="load")
        # until every widget has started (trees live, scripts and checklists shown)
        page.wait_for_function("""() => [...document.querySelectorAll('.pb-tree')]
            .every(t => t.classList.contains('pb-tree--live'))
            && [...document.querySelectorAll('.pb-copy-row, .pb-run')].every(e => !e.hidden)""")
        page.wait_for_timeout(200)
        return page.evaluate(SHIFT)
    finally:
        cdp.detach()
        page.close()


# One test per language: each takes a minute of cold loads, so the languages are spread over
# the test workers (SPREAD_OVER_WORKERS, tests/conftest.py) instead of queueing on one.
SPREAD_OVER_WORKERS = True


@pytest.mark.parametrize("lang", LANGUAGES)
def test_playbook_pages_do_not_shift_on_a_phone_in_any_language(built, server, phone, lang):
    pages = playbook_pages(built)
    assert len(pages) >= 10
    shifted = {}
    with_tree = 0
    for name in pages:
        html = (built.site / lang / "playbooks" / f"{name}.html").read_text(encoding="utf-8")
        with_tree += 'class="pb-tree"' in html
        result = measure(phone, f"{server.url}/{lang}/playbooks/{name}.html")
        if result["total"] >= 0.02:
            shifted[f"{lang}/{name}"] = result
    assert with_tree >= 8  # the pages that jumped before: every page with a tree
    assert shifted == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_with_every_widget_do_not_shift_on_a_slow_phone_network_either(built, server, phone, lang):
    # Each file (styles, scripts, the search index) now arrives late and in pieces, so any
    # widget that took its room only once its script ran would jump here. The pages with the
    # most widgets of each kind, in every language (each load takes seconds: not all pages).
    def widgets(name: str) -> int:
        html = (built.site / LANGUAGES[0] / "playbooks" / f"{name}.html").read_text(encoding="utf-8")
        return sum(html.count(f'class="{kind}') for kind in ("pb-tree", "pb-fill", "pb-checklist", "pb-copy-row"))

    with_tree = [name for name in playbook_pages(built) if 'class="pb-tree"' in
                 (built.site / LANGUAGES[0] / "playbooks" / f"{name}.html").read_text(encoding="utf-8")]
    busiest = sorted(with_tree, key=widgets, reverse=True)[:2]
    assert len(busiest) == 2 and all(widgets(name) >= 3 for name in busiest)
    shifted = {}
    for name in busiest:
        result = measure(phone, f"{server.url}/{lang}/playbooks/{name}.html", SLOW_4G)
        if result["total"] >= 0.02:
            shifted[f"{lang}/{name}"] = result
    assert shifted == {}


def test_without_scripts_the_whole_tree_shows_and_the_fill_in_form_does_not(browser, server):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/ar/playbooks/claims-escalation.html")
        assert page.locator("details.pb-tree-static").first.get_attribute("open") == ""
        assert page.locator(".pb-tree-static .pb-q").first.is_visible()
        assert not page.locator(".pb-widget").first.is_visible()
        assert page.locator("form.pb-fill").count() > 0
        assert not page.locator("form.pb-fill").first.is_visible()
        assert not page.locator(".pb-copy-row").first.is_visible()
    finally:
        context.close()
