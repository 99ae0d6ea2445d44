"""Typed fill-ins on a phone-sized screen, in every language: the amount field opens a number
keyboard and shows the currency, the amount typed in the claims tree reaches the script
opened from the outcome (written in the page's language, in the digits typed), the ticket
summary holds the amount, the time and the link back, and a phone number is copied without
marks inside it."""

from __future__ import annotations

import re

import pytest
from helpers import clipboard
from playwright.sync_api import expect

# Its tests share no costly module fixture: spread over the test workers (tests/conftest.py).
SPREAD_OVER_WORKERS = True

PHONE = {"width": 390, "height": 844}
LANGS = ["en", "fi", "ru", "ar"]
# What each language writes for 1200 euros typed as staff typed it (CLDR via the browser's Intl).
READ_1200 = {"en": "€1,200", "fi": "1 200 €", "ru": "1 200 €", "ar": "1,200 €"}
GO = {"en": "Find the answer", "fi": "Etsi vastaus", "ru": "Найти ответ", "ar": "ابحث عن الإجابة"}
TIME = {"en": "Time:", "fi": "Aika:", "ru": "Время:", "ar": "الوقت:"}
AMOUNT_WRONG = {"en": "Type an amount such as 120", "fi": "Kirjoita summa", "ru": "Введите сумму",
                "ar": "اكتب مبلغًا"}


@pytest.fixture
def phone(browser, server):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="en-US")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == []


def plain(text: str) -> str:
    """Spaces as a reader sees them (CLDR groups with narrow and no-break spaces)."""
    return re.sub(r"[\u00a0\u202f]", " ", text)


def claim(page, server, lang: str, typed: str):
    page.goto(f"{server.url}/{lang}/playbooks/claims-escalation.html")
    tree = page.locator("#pb-tree-claim-amount")
    field = tree.locator(".pb-amount input")
    expect(field).to_have_attribute("inputmode", "decimal")
    expect(tree.locator(".pb-amount .pb-unit")).to_have_text("€")
    field.fill(typed)
    tree.locator(".pb-amount button[type=submit]").click()
    expect(tree.locator(".pb-widget")).to_have_attribute("data-node", "management")
    return tree


@pytest.mark.parametrize("lang", LANGS)
def test_amount_typed_in_the_claims_tree_fills_the_script_with_the_currency(phone, server, lang):
    tree = claim(phone, server, lang, "1200")
    tree.locator("button.pb-outcome-link").first.click()
    script = tree.locator('.pb-inline .pb-script[data-script="larger-claim-handover"]')
    expect(script).to_be_visible()
    # the refund script of the smaller claim is on the same page: its amount field has the
    # number keyboard and the currency beside it
    grant = phone.locator('.pb-script[data-script="grant-on-the-spot"]')
    field = grant.locator('input[name="amount"]')
    expect(field).to_have_attribute("inputmode", "decimal")
    expect(grant.locator(".pb-unit")).to_have_text("€")


@pytest.mark.parametrize("lang", LANGS)
def test_small_claim_amount_reaches_the_refund_script_in_the_pages_number_format(phone, server, lang):
    phone.goto(f"{server.url}/{lang}/playbooks/claims-escalation.html")
    tree = phone.locator("#pb-tree-claim-amount")
    typed = "٣٠" if lang == "ar" else "30"
    tree.locator(".pb-amount input").fill(typed)
    tree.locator(".pb-amount button[type=submit]").click()
    expect(tree.locator(".pb-widget")).to_have_attribute("data-node", "concede")
    tree.locator("button.pb-outcome-link").first.click()
    script = tree.locator('.pb-inline .pb-script[data-script="grant-on-the-spot"]')
    expect(script.locator('input[name="amount"]')).to_have_value(typed)
    mark = script.locator('.pb-variant').first.locator('mark.pb-ph[data-ph="amount"]')
    want = {"en": "€30", "fi": "30 €", "ru": "30 €", "ar": "٣٠ €"}[lang]
    expect(mark).to_have_text(re.compile("[ \u00a0\u202f]".join(re.escape(part) for part in want.split(" "))))
    copy = script.locator(".pb-copy").first
    expect(copy).to_be_enabled()
    copy.click()
    text = plain(clipboard(phone, lambda t: "30" in plain(t) or "٣٠" in t))
    assert want in text
    # a wrong amount is named in the page's language and cannot be copied
    script.locator('input[name="amount"]').fill("abc")
    expect(script.locator(".pb-field__error")).to_contain_text(AMOUNT_WRONG[lang])
    expect(copy).to_be_disabled()


@pytest.mark.parametrize("lang", LANGS)
def test_ticket_summary_holds_amount_time_and_link(phone, server, lang):
    tree = claim(phone, server, lang, "1200")
    tree.locator(".pb-copy-summary").click()
    text = plain(clipboard(phone, lambda t: "1200" in t))
    lines = text.splitlines()
    amount = [line for line in lines if "1200" in line]
    assert amount and READ_1200[lang] in amount[0], lines
    time = [line for line in lines if line.startswith(TIME[lang])]
    assert time and re.search(r"\d", time[0]), lines
    assert lines[-1].endswith(f"/{lang}/playbooks/claims-escalation.html#tree-claim-amount:amount/management")
    # the link reopens the tree at that step
    link = lines[-1].split(" ")[-1]
    phone.goto(link)
    expect(phone.locator("#pb-tree-claim-amount .pb-widget")).to_have_attribute("data-node", "management")


def test_arabic_phone_number_alone_and_in_a_sentence_has_no_marks_inside(phone, server):
    phone.goto(f"{server.url}/ar/playbooks/negative-reviews.html")
    script = phone.locator('.pb-script:has(input[name="contact"])')
    number = "+966 50 123 4567"
    script.locator('input[name="contact"]').fill(number)
    copy = script.locator(".pb-copy").first
    expect(copy).to_be_enabled()
    copy.click()
    text = clipboard(phone, lambda t: number in t)
    assert number in text  # whole, in its own order, no mark between its digits
    inner = text[text.index(number) - 1: text.index(number) + len(number) + 1]
    assert not re.search("[\u2066-\u2069\u200e\u200f\u061c]", inner[1:-1])
