"""Staff find the guidance for an illegal request by searching the word they think of,
in their own language (the site used to say only "against the law")."""

from __future__ import annotations

import pytest
from helpers import type_search
from playwright.sync_api import expect


@pytest.mark.parametrize("lang,query", [
    ("en", "illegal"),
    ("fi", "laiton"),       # the page says "laiton", "laittomasta", "laittomaan"
    ("ru", "незаконная"),   # the page says «незаконна», «незаконную», «незаконной»
    ("ar", "غير قانوني"),
])
def test_searching_illegal_leads_to_the_refusal_guidance(visit, lang, query):
    expected = f"/{lang}/playbooks/is-customer-right.html"
    page = visit.goto(f"/{lang}/")
    type_search(page, query)
    result = page.locator('.md-search-result__item .md-search-result__link[href*="playbooks/is-customer-right.html"]')
    expect(result.first).to_be_visible(timeout=15000)
    links = page.locator(".md-search-result__item .md-search-result__link").evaluate_all(
        "els => els.map(e => new URL(e.getAttribute('href'), location.href).pathname)")
    pages = list(dict.fromkeys(links))  # one entry per page, in the order shown
    # Among the first two pages (the abuse-and-threats guidance may come first for "illegal").
    assert expected in pages[:2], pages
