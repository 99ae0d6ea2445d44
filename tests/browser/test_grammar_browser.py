"""In Chromium: direction, digits and typography as an Arabic (and Finnish, Russian) reader meets them.

A phone number typed into an Arabic script keeps its order on the page and in the copied
text; amounts typed in Arabic-Indic or Persian digits reach the same outcome as Western
ones in every language; impossible amounts are refused in the page's language; arrows
and separators follow the language.
"""

from __future__ import annotations

import pytest
from helpers import ROOT, clipboard
from playwright.sync_api import expect

from generator.render.uitext import ui_strings

# Its tests share no costly module fixture: spread over the test workers (tests/conftest.py).
SPREAD_OVER_WORKERS = True

UI = ui_strings()  # key -> {language: text}, from every pack's ui.yaml
PHONE = "+971 4 123 4567"
DRAWN_LEFT_TO_RIGHT = """el => {
    const node = el.firstChild, out = [];
    for (let i = 0; i < node.length; i++) {
        if (node.data[i] === ' ') continue;
        const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
        out.push(r.getBoundingClientRect().left);
    }
    return out;
}"""




def test_phone_number_in_an_arabic_script_keeps_its_order_on_the_page_and_when_copied(visit):
    page = visit.goto("/ar/playbooks/angry-customer.html")
    script = page.locator('.pb-script[data-script="follow-up-call"]')
    field = script.locator('input[name="customer_name"]')
    field.fill(PHONE)
    script.locator('input[name="agent_name"]').fill("ليلى")
    mark = script.locator('.pb-variant').first.locator('mark.pb-ph[data-ph="customer_name"]')
    expect(mark).to_have_text(PHONE)
    xs = mark.evaluate(DRAWN_LEFT_TO_RIGHT)
    assert len(xs) == len(PHONE.replace(" ", "")) and xs == sorted(xs), f"drawn as {xs}"
    assert field.evaluate("el => el.matches(':dir(ltr)')"), "the input shows the number right to left"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    copy = script.locator(".pb-copy").first
    expect(copy).to_be_enabled()
    copy.click()
    text = clipboard(page, lambda t: PHONE in t)
    assert "مرحبًا \u2068" + PHONE + "\u2069،" in text  # isolated: the mail app shows it in its own order
    # an Arabic name in an Arabic sentence cannot be reordered: copied as typed, with no marks
    assert "ليلى" in text and "\u2068ليلى" not in text


@pytest.mark.parametrize("lang", ["en", "fi", "ru", "ar"])
def test_amounts_in_every_digit_script_reach_the_same_outcome(visit, lang):
    page = visit.goto(f"/{lang}/playbooks/claims-escalation.html")
    tree = page.locator("#pb-tree-claim-amount")
    widget = tree.locator(".pb-widget")
    for typed, node in (("120.50", "department"), ("١٢٠٫٥٠", "department"), ("۱۲۰٫۵۰", "department"),
                        ("٥٠", "concede"), ("١٬٢٥٠", "management"), ("120٫50", "department")):
        tree.locator(".pb-amount input").fill(typed)
        tree.locator(".pb-amount button[type=submit]").click()
        expect(widget).to_have_attribute("data-node", node)
        tree.locator(".pb-restart").click()
        expect(widget).to_have_attribute("data-node", "amount")


@pytest.mark.parametrize("lang", ["en", "fi", "ru", "ar"])
def test_impossible_amounts_are_refused_in_the_pages_language(visit, lang):
    page = visit.goto(f"/{lang}/playbooks/claims-escalation.html")
    tree = page.locator("#pb-tree-claim-amount")
    widget, status = tree.locator(".pb-widget"), tree.locator(".pb-amount__status")
    for typed, key in (("-5", "amount_negative"), ("−5", "amount_negative"), ("", "amount_empty"),
                       ("five", "amount_invalid"), ("12a", "amount_invalid")):
        tree.locator(".pb-amount input").fill(typed)
        tree.locator(".pb-amount button[type=submit]").click()
        expect(status).to_have_text(UI[key][lang])
        expect(widget).to_have_attribute("data-node", "amount")


def test_arrows_and_separators_follow_the_reading_direction_on_arabic_pages(visit):
    page = visit.goto("/ar/playbooks/claims-escalation.html")
    tree = page.locator("#pb-tree-claim-amount")
    tree.locator(".pb-amount input").fill("١٢٠")
    tree.locator(".pb-amount button[type=submit]").click()
    crumbs = tree.locator(".pb-crumbs li").first
    expect(crumbs).to_contain_text("←")
    expect(crumbs).not_to_contain_text("→")
    # the crumb's question is drawn right of its answer: the arrow points from one to the other
    question_x = crumbs.locator(".pb-crumb").evaluate("el => el.getBoundingClientRect().left")
    answer_x = crumbs.locator(".pb-crumb__answer").evaluate("el => el.getBoundingClientRect().left")
    assert answer_x < question_x
    # "every path" is a reviewer's view, folded into "About this playbook" at the page's end
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    paths = page.locator(".pb-tree-paths").first
    expect(paths.locator(".pb-paths li").first).to_contain_text("⇐")
    expect(paths).not_to_contain_text("⇒")
    cite = page.locator(".pb-cite:not(.pb-policy)").first
    expect(cite).to_contain_text("، القسم «")
    # the template joins with the Arabic comma; a Russian section name keeps its own ", "
    assert ", " not in cite.inner_text().split("«")[0]


def test_english_arrows_point_right(visit):
    page = visit.goto("/en/playbooks/claims-escalation.html")
    tree = page.locator("#pb-tree-claim-amount")
    tree.locator(".pb-amount input").fill("120")
    tree.locator(".pb-amount button[type=submit]").click()
    expect(tree.locator(".pb-crumbs li").first).to_contain_text("→")


def test_russian_citation_nests_quotes_and_arabic_progress_reads_in_order(visit):
    page = visit.goto("/ru/playbooks/claims-escalation.html")
    expect(page.locator(".pb-cite", has_text="„Утешительный бонус“ на местах продаж»").first).to_be_visible()
    expect(page.locator(".pb-cite", has_text="«««")).to_have_count(0)
    page = visit.goto("/ar/playbooks/angry-customer.html")
    checklist = page.locator('.pb-checklist[data-checklist="incident-record"]')
    checklist.locator("input[type=checkbox]").first.check()
    total = checklist.locator("input[type=checkbox]").count()
    expect(checklist.locator(".pb-progress")).to_have_text(f"تم إنجاز 1 من {total}")


def test_arabic_text_is_not_slanted(visit):
    # Arabic has no italics: the answers in the whole-tree view, slanted in Latin scripts, stay upright
    page = visit.goto("/ar/playbooks/is-customer-right.html")
    answer = page.locator(".pb-tree-static .pb-a").first
    expect(answer).to_be_attached()
    assert answer.evaluate("el => getComputedStyle(el).fontStyle") == "normal"
    page = visit.goto("/en/playbooks/is-customer-right.html")
    answer = page.locator(".pb-tree-static .pb-a").first
    expect(answer).to_be_attached()
    assert answer.evaluate("el => getComputedStyle(el).fontStyle") == "italic"


def test_a_required_field_is_tagged_without_a_second_pair_of_brackets(visit):
    page = visit.goto("/ru/playbooks/is-customer-right.html")
    label = page.locator('.pb-script[data-script="thank-for-report"] .pb-field').first
    expect(label.locator(".pb-required")).to_have_text("обязательно")
    expect(label).not_to_contain_text(")  (")
    expect(label).not_to_contain_text("(обязательно)")
