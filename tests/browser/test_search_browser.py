"""In Chromium: staff type into the site's search box, key by key, in their language, and
the right playbook comes first, without a "Missing:" label on it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

# Its tests share no costly module fixture: spread over the test workers (tests/conftest.py).
SPREAD_OVER_WORKERS = True

# Typed as staff type: everyday words, inflected, a typo; not the page titles.
QUERIES = [
    ("en", "customer swearing at me", "angry-customer"),
    ("en", "money back", "claims-escalation"),
    ("en", "compensaton", "claims-escalation"),  # typo
    ("fi", "asiakas uhkailee", "angry-customer"),
    ("fi", "rahat takaisin", "claims-escalation"),
    ("fi", "haamuasiakas", "preventing-complaints"),
    ("ru", "клиент хамит", "angry-customer"),
    ("ru", "плохой отзыв", "negative-reviews"),
    ("ru", "постоянный клиент", "loyal-customer"),
    ("ar", "العميل يشتم", "angry-customer"),
    ("ar", "تقييم سيء", "negative-reviews"),
    ("ar", "شكوى مكتوبة", "written-complaint"),
]


@pytest.mark.parametrize("lang,query,expected", QUERIES)
def test_staff_query_puts_the_right_playbook_first(visit, lang, query, expected):
    page = visit.goto(f"/{lang}/")
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    # Material searches on key events; Playwright types Cyrillic and Arabic without any.
    box.press("End")
    first = page.locator(".md-search-result__item").first
    expect(first.locator(".md-search-result__link").first).to_have_attribute(
        "href", re.compile(rf"(^|/)playbooks/{expected}(/|\.html)(\?|#|$)"),
        timeout=15000)
    # No "Missing:" strikes through a word that the same entry highlights (the stemming
    # used to do that to nearly every result).
    false_missing = first.locator(".md-search-result__article").evaluate_all("""arts => arts.flatMap(a => {
        const marked = [...a.querySelectorAll('mark')].map(m => m.textContent.toLowerCase());
        return [...a.querySelectorAll('.md-search-result__terms del')].map(d => d.textContent.toLowerCase())
          .filter(w => marked.some(m => m.startsWith(w.slice(0, Math.max(3, Math.floor(w.length * 0.6))))));
    })""")
    assert false_missing == [], false_missing
    links = page.locator(".md-search-result__item .md-search-result__link").evaluate_all(
        "els => els.map(e => new URL(e.getAttribute('href'), location.href).pathname)")
    # Only playbooks: editor pages (coverage, status, guide, glossary, lists) are not in staff search.
    assert all(re.match(rf"^/{lang}/playbooks/[a-z0-9-]+(/|\.html)$", link) for link in links), links
    assert visit.foreign_requests() == []
