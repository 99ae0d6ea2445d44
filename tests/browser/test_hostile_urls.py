"""Page scripts survive any URL (security review round 3, findings 6 and 7), in Chromium
with the site's CSP on (the `visit` fixture fails a test on any script error or refusal).

A link with a broken percent-escape in its fragment (`#%E0%A4%A`) threw in tree.js and
took the decision tree away; a 30,000-letter search word kept the search worker busy for
13 s. The fragment is now decoded without throwing (the tree starts at its start), and the
worker cuts every word to 40 characters and a query to 200 before lunr sees it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

# Its tests share no costly module fixture: spread over the test workers (tests/conftest.py).
SPREAD_OVER_WORKERS = True

TREES = [
    ("/en/playbooks/is-customer-right.html", "#pb-tree-right-or-not", "What is the customer raising?"),
    ("/fi/playbooks/is-customer-right.html", "#pb-tree-right-or-not", None),
    ("/ar/playbooks/angry-customer.html", "#pb-tree-abuse-or-threat", None),
]
FRAGMENTS = ["#%E0%A4%A", "#%", "#tree-right-or-not:%E0%A4%A/x", "#tree-abuse-or-threat:%ZZ", "#%C0%AF%"]


@pytest.mark.parametrize("fragment", FRAGMENTS)
@pytest.mark.parametrize("page_url,tree_id,question", TREES, ids=["en", "fi", "ar"])
def test_a_broken_fragment_leaves_the_tree_at_its_start(visit, page_url, tree_id, question, fragment):
    page = visit.goto(page_url + fragment)
    tree = page.locator(tree_id)
    expect(tree.locator(".pb-card")).to_have_count(1)  # the interactive tree is there
    if question:
        expect(tree.locator(".pb-card")).to_contain_text(question)
    expect(tree.locator(".pb-crumbs")).to_have_count(0)  # at its start
    # ... and it still works: an answer moves it on
    tree.locator(".pb-card button").first.click()
    expect(tree.locator(".pb-crumbs li")).to_have_count(1)


def search(page, text: str) -> None:
    box = page.locator(".md-search__input")
    box.click()
    box.fill(text)
    box.press("End")  # Material searches on key events; fill sends none


def first_result(page):
    return page.locator(".md-search-result__item").first.locator(".md-search-result__link").first


@pytest.mark.parametrize("lang,word,then,expected", [
    ("fi", "valitu" + "x" * 100_000, "asiakas uhkailee", "angry-customer"),
    ("ru", "клиент" + "ы" * 100_000, "клиент хамит", "angry-customer"),
    ("ar", "العميل يشتم " + "ش" * 100_000, "العميل يشتم", "angry-customer"),
], ids=["fi", "ru", "ar"])
def test_a_huge_search_word_leaves_the_worker_free_for_the_next_query(visit, lang, word, then, expected):
    """Before the cap, 30,000 letters kept the worker busy for 13 s and it grew with the
    square of the length: 100,000 letters would hold it for minutes, and the next query
    would find nothing within the assertion's time. Now the next query is answered."""
    page = visit.goto(f"/{lang}/")
    search(page, word)
    expect(page.locator(".md-search-result__meta")).to_be_visible(timeout=20000)  # the long query was answered
    search(page, then)
    expect(first_result(page)).to_have_attribute("href", re.compile(rf"(^|/)playbooks/{expected}\.html"),
                                                 timeout=20000)


def test_a_long_word_is_still_found_by_its_first_forty_letters(visit):
    page = visit.goto("/en/")
    search(page, "customer" + "s" * 5000)  # cut to 40 letters: still a prefix of nothing, answered at once
    expect(page.locator(".md-search-result__meta")).to_be_visible(timeout=20000)
    search(page, "swearing")
    expect(first_result(page)).to_have_attribute("href", re.compile(r"(^|/)playbooks/angry-customer\.html"),
                                                 timeout=20000)
