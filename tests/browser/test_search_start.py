"""Search starts when the reader wants it, and works from disk in every browser set-up.

Over http, a page view fetches neither the search index nor the worker; the first focus on
the search box does, and the results come. From disk, a browser that lets file: pages read
each other (Chromium's --allow-file-access-from-files, as some offices set it) used to stay
on "Initializing search": the worker frame is then same-origin, and the messages went back
to the page instead of into the frame."""

from __future__ import annotations

import shutil

import pytest
from helpers import CHROMIUM, CHROMIUM_ARGS, type_search
from playwright.sync_api import expect

# Its tests share no costly module fixture: spread over the test workers (tests/conftest.py).
SPREAD_OVER_WORKERS = True


def test_a_page_view_loads_no_search_until_the_search_box_is_focused(visit):
    page = visit.goto("/fi/playbooks/angry-customer.html")
    page.wait_for_timeout(500)
    assert not [u for u in visit.requests if "search_index" in u or "/workers/" in u]
    type_search(page, "hyvitys")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert [u for u in visit.requests if u.endswith("search/search_index.json")]
    assert [u for u in visit.requests if "search-stemmed.js" in u]


@pytest.mark.parametrize("flags", [[], ["--allow-file-access-from-files"]], ids=["default", "file-access"])
def test_search_from_disk(built, browser, tmp_path, flags):
    copy = tmp_path / "copied site"
    shutil.copytree(built.site, copy)
    # a browser of its own, started with the office's flags (same Playwright as the others)
    own = browser.browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + flags)
    try:
        page = own.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        for lang, query in (("en", "refund"), ("ar", "تعويض")):
            page.goto((copy / lang / "index.html").as_uri())
            type_search(page, query)
            expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15000)
        assert errors == []
    finally:
        own.close()
