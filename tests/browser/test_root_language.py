"""The site's root page opens the reader's language: the one they read last on this device,
else the first of the browser's preferred languages the site has, else the default; served
and from disk (file://), under the site's strict CSP (a script file, nothing inline)."""

from __future__ import annotations

import re

import pytest
from conftest import Visit
from playwright.sync_api import expect

# Its tests share no costly module fixture: spread over the test workers (tests/conftest.py).
SPREAD_OVER_WORKERS = True


def tab(browser, base: str, locale: str, width: int = 390):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale=locale)
    return context, Visit(context, base)


def check(v: Visit) -> None:
    assert v.errors == [], v.errors
    assert v.csp_violations == [], v.csp_violations
    assert v.foreign_requests() == []


def lands_on(v, lang: str):
    """Open the root page and wait until it has opened `lang`'s home page."""
    page = v.goto("/index.html")
    expect(page).to_have_url(re.compile(rf"/{lang}/index\.html$"))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    return page


@pytest.mark.parametrize("where", ["served", "disk"])
def test_a_finnish_browser_lands_on_finnish(browser, server, built, where):
    base = server.url if where == "served" else built.site.as_uri()
    context, v = tab(browser, base, "fi-FI")
    try:
        lands_on(v, "fi")
        check(v)
    finally:
        context.close()


@pytest.mark.parametrize("where", ["served", "disk"])
def test_a_reader_who_picked_russian_lands_on_russian_next_time(browser, server, built, where):
    base = server.url if where == "served" else built.site.as_uri()
    context, v = tab(browser, base, "fi-FI", 1280)  # a Finnish browser, a reader who reads Russian
    try:
        page = lands_on(v, "fi")
        # the reader switches to Russian and reads a page there
        page.locator(".md-header__option .md-select").hover()
        page.locator('.md-select__link[hreflang="ru"]').click()
        expect(page.locator("html")).to_have_attribute("lang", "ru")
        page.wait_for_load_state("networkidle")
        lands_on(v, "ru")
        check(v)
    finally:
        context.close()


def test_a_browser_asking_for_no_site_language_gets_the_default(browser, server):
    context, v = tab(browser, server.url, "de-DE")
    try:
        page = v.goto("/index.html")
        expect(page).to_have_url(re.compile(r"/en/index\.html$"))
        check(v)
    finally:
        context.close()
