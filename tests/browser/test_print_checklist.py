"""Our print and checklist styles win over Material's: printed as PDF pages (Chromium's own
print, read back with pypdf), page 1 of a long tree is not mostly blank and no heading is
left alone at the foot of a page; checklists show no list bullet beside the checkbox; ticks
survive a language switch in the same tab."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

# Its tests share no costly module fixture: spread over the test workers (tests/conftest.py).
SPREAD_OVER_WORKERS = True

HEADINGS = """() => [...document.querySelectorAll('.md-content h1, .md-content h2, .md-content h3')]
  .filter(h => h.offsetParent !== null || getComputedStyle(h).display !== 'none')
  .map(h => h.textContent.replace(/[¶#]\\s*$/, '').trim())"""


def pdf_pages(page) -> list[list[str]]:
    pdf = page.pdf(format="A4", print_background=True)
    return [[line.strip() for line in (p.extract_text() or "").splitlines() if line.strip()]
            for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("name", ["angry-customer", "is-customer-right"])
def test_a_long_tree_prints_from_page_one_and_headings_stay_with_their_text(visit, lang, name):
    page = visit.goto(f"/{lang}/playbooks/{name}.html")
    headings = set(page.evaluate(HEADINGS))
    pages = pdf_pages(page)
    assert len(pages) >= 2
    # was 5 lines (title, lead, tree heading, one question): the whole tree went to page 2
    assert len(pages[0]) >= 20, pages[0]
    stranded = [(i + 1, lines[-1]) for i, lines in enumerate(pages[:-1]) if lines and lines[-1] in headings]
    assert stranded == []


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_checklist_items_have_no_bullet_or_indent(browser, server, lang):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/{lang}/playbooks/preventing-complaints.html")
        item = page.locator(".pb-checklist__items > li").first
        expect(item).to_be_visible()
        assert item.evaluate("li => getComputedStyle(li).listStyleType") == "none"
        assert item.evaluate("li => getComputedStyle(li).marginInlineStart") == "0px"
        assert page.locator(".pb-checklist__items").first.evaluate(
            "ul => getComputedStyle(ul).paddingInlineStart") == "0px"
    finally:
        context.close()


def test_checklist_ticks_survive_a_language_switch_in_the_same_tab(visit):
    page = visit.goto("/fi/playbooks/angry-customer.html")
    boxes = page.locator('.pb-checklist[data-checklist="incident-record"] input[type=checkbox]')
    boxes.nth(0).check()
    boxes.nth(2).check()
    expect(page.locator('.pb-checklist[data-checklist="incident-record"] .pb-progress')).to_contain_text("2")
    # the language switcher's link to the same page in Arabic, followed in the same tab
    href = page.locator('.md-select__link[hreflang="ar"]').first.get_attribute("href")
    page.goto(page.url.rsplit("/", 1)[0] + "/" + href if not href.startswith("http") else href)
    page.wait_for_load_state("networkidle")
    assert "/ar/playbooks/angry-customer.html" in page.url
    boxes = page.locator('.pb-checklist[data-checklist="incident-record"] input[type=checkbox]')
    expect(boxes.nth(0)).to_be_checked()
    expect(boxes.nth(1)).not_to_be_checked()
    expect(boxes.nth(2)).to_be_checked()
    expect(page.locator('.pb-checklist[data-checklist="incident-record"] .pb-started')).not_to_be_empty()
