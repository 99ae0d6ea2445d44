"""In Chromium, as staff use the site: trees, checklists, copy, search, RTL, languages, offline."""

from __future__ import annotations

import json
import re

import pytest

RIGHT = "/en/playbooks/is-customer-right.html"


def card_text(page) -> str:
    return page.locator("#pb-tree-right-or-not .pb-card").inner_text()


def test_walk_a_tree_to_an_outcome_then_back_and_start_over(visit):
    page = visit.goto(RIGHT)
    tree = page.locator("#pb-tree-right-or-not")
    assert "What is the customer raising?" in card_text(page)
    # the static whole tree is folded away once the widget runs
    assert tree.locator("details.pb-tree-static").get_attribute("open") is None
    tree.get_by_role("button", name="None of these").click()
    assert "Which of these fits best?" in card_text(page)
    tree.get_by_role("button", name="The request is illegal, or breaks rules we must follow").click()
    assert "Decline, respectfully." in card_text(page)
    assert page.evaluate("location.hash") == "#tree-right-or-not:what-kind/why-not/illegal"
    crumbs = tree.locator(".pb-crumbs li").all_inner_texts()
    assert crumbs == ["What is the customer raising? → None of these (for example, an illegal request)",
                      "Which of these fits best? → The request is illegal, or breaks rules we must follow"]
    tree.get_by_role("button", name="Back").click()
    assert "Which of these fits best?" in card_text(page)
    tree.get_by_role("button", name="Start over").click()
    assert "What is the customer raising?" in card_text(page)
    assert tree.locator(".pb-crumbs").count() == 0
    assert visit.foreign_requests() == []


def test_browser_back_button_steps_through_the_tree(visit):
    page = visit.goto(RIGHT)
    tree = page.locator("#pb-tree-right-or-not")
    tree.get_by_role("button", name="None of these").click()
    tree.get_by_role("button", name="I still cannot tell").click()
    assert "Ask for a second opinion." in card_text(page)
    page.go_back()
    assert "Which of these fits best?" in card_text(page)
    page.go_forward()
    assert "Ask for a second opinion." in card_text(page)


def test_deep_link_opens_the_same_step_with_its_trail(visit):
    page = visit.goto(RIGHT + "#tree-right-or-not:what-kind/why-not/needs")
    assert "Wish and need differ." in card_text(page)
    assert len(page.locator("#pb-tree-right-or-not .pb-crumbs li").all()) == 2
    # a tampered link stops at the last step the tree allows
    page = visit.goto(RIGHT.replace("/en/", "/fi/") + "#tree-right-or-not:what-kind/illegal")
    assert "Mistä asiakas on kyse?" in card_text(page)


def test_changing_an_earlier_answer_cuts_the_trail(visit):
    page = visit.goto(RIGHT + "#tree-right-or-not:what-kind/why-not/needs")
    page.locator("#pb-tree-right-or-not .pb-crumb").first.click()
    assert "What is the customer raising?" in card_text(page)
    page.locator("#pb-tree-right-or-not").get_by_role("button", name="A problem we had not noticed ourselves").click()
    crumbs = page.locator("#pb-tree-right-or-not .pb-crumbs li").all_inner_texts()
    assert crumbs == ["What is the customer raising? → A problem we had not noticed ourselves"]


def test_copy_summary_for_a_ticket_in_arabic(visit):
    page = visit.goto("/ar/playbooks/angry-customer.html#tree-abuse-or-threat:danger/abusive/fetch-supervisor/ask-to-leave")
    page.locator("#pb-tree-abuse-or-threat .pb-copy-summary").click()
    text = page.evaluate("navigator.clipboard.readText()")
    lines = text.split("\n")
    assert lines[0] == "حين يتحوّل الغضب إلى إساءة أو تهديد"
    assert lines[1] == "1. هل أحد في خطر، أو هل يهدّد العميل باستخدام العنف؟ — لا"
    assert lines[-1].startswith("تم الرفض: اطلب من العميل بهدوء أن يغادر.")


def test_checklist_ticks_survive_a_reload_and_reset(visit):
    page = visit.goto("/fi/playbooks/angry-customer.html")
    box = page.locator('.pb-checklist input[data-item="place"]')
    box.check()
    assert page.locator(".pb-checklist .pb-progress").inner_text() == "1 / 5 tehty"
    page.reload()
    assert page.locator('.pb-checklist input[data-item="place"]').is_checked()
    # the same checklist in another language keeps its own ticks
    other = visit.goto("/en/playbooks/angry-customer.html")
    assert not other.locator('.pb-checklist input[data-item="place"]').is_checked()
    page = visit.goto("/fi/playbooks/angry-customer.html")
    page.get_by_role("button", name="Tyhjennä").click()
    # Reset asks first; cancelling keeps the ticks
    page.get_by_role("button", name="Peruuta").click()
    assert page.locator('.pb-checklist input[data-item="place"]').is_checked()
    page.get_by_role("button", name="Tyhjennä").click()
    page.get_by_role("button", name="Kyllä, poista rastit").click()
    assert not page.locator('.pb-checklist input[data-item="place"]').is_checked()
    page.reload()
    assert not page.locator('.pb-checklist input[data-item="place"]').is_checked()


def test_reworded_checklist_item_comes_back_unticked(visit):
    page = visit.goto("/en/playbooks/angry-customer.html")
    page.locator('.pb-checklist input[data-item="events"]').check()
    # simulate a new build in which the item's wording (and so its hash) changed
    page.evaluate("""() => {
        const k = Object.keys(sessionStorage).find(k => k.startsWith('pb-checklist:en:angry-customer'));
        const s = JSON.parse(sessionStorage.getItem(k));
        s.ticks.events.hash = 'older-wording'; sessionStorage.setItem(k, JSON.stringify(s));
    }""")
    page.reload()
    assert not page.locator('.pb-checklist input[data-item="events"]').is_checked()


def test_script_copy_waits_for_required_values_then_copies_filled_text(visit):
    page = visit.goto(RIGHT)
    script = page.locator('.pb-script[data-script="thank-for-report"]')
    first = script.locator(".pb-variant").first
    button = first.locator(".pb-copy")
    assert button.is_disabled()
    assert "Fill in first: When you will reply" in first.locator(".pb-copy-status").inner_text()
    script.locator('input[name="reply_by"]').fill("Friday 5 pm")
    assert button.is_enabled()
    assert "Friday 5 pm" in first.locator(".pb-say").inner_text()
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == (
        "Thank you for telling us about this — we had not noticed it. "
        "I will look into it properly and get back to you by Friday 5 pm.")
    # the staff-only note is on the page but never in what is copied
    assert "Say it warmly" in script.inner_text()


def test_optional_placeholder_uses_its_fallback(visit):
    page = visit.goto("/fi/playbooks/angry-customer.html")
    script = page.locator('.pb-script[data-script="follow-up-call"]')
    script.locator('input[name="agent_name"]').fill("Aino")
    script.locator(".pb-copy").first.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Hei ja hyvää päivää! Täällä Aino, Yrityksemme.")


@pytest.mark.parametrize("lang,query,expected", [
    ("fi", "kompromissilla", "/fi/playbooks/is-customer-right.html"),  # the text has "kompromissi", "kompromissia"
    ("fi", "solvaamista", "/fi/playbooks/angry-customer.html"),   # the text has "solvaa", "solvaaminen"
    ("ru", "компромиссом", "/ru/playbooks/is-customer-right.html"),  # the text has "компромисс"
    ("ru", "холодильником", "/ru/playbooks/is-customer-right.html"),  # the text has "холодильник"
    ("ar", "البيتزا", "/ar/playbooks/angry-customer.html"),
])
def test_search_finds_the_page_in_its_language(visit, lang, query, expected):
    page = visit.goto(f"/{lang}/")
    box = page.locator(".md-search__input")
    box.click()
    box.fill(query)
    # Material searches on key events; Playwright types Cyrillic and Arabic without any
    box.press("End")
    first = page.locator(".md-search-result__item .md-search-result__link").first
    first.wait_for(timeout=15000)
    links = page.locator(".md-search-result__item .md-search-result__link").evaluate_all(
        "els => els.map(e => new URL(e.getAttribute('href'), location.href).pathname)")
    assert links[0] == expected, links
    assert all(link.startswith(f"/{lang}/") for link in links), links
    assert visit.foreign_requests() == []


def test_arabic_pages_are_laid_out_right_to_left(visit):
    page = visit.goto("/ar/playbooks/is-customer-right.html")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    nav = page.locator(".md-sidebar--primary").bounding_box()
    content = page.locator(".md-content").bounding_box()
    assert nav["x"] > content["x"], "the navigation should be on the right in Arabic"
    # the tree widget reads right to left too, placeholders intact
    assert page.evaluate("getComputedStyle(document.querySelector('.pb-card')).direction") == "rtl"
    assert "{موعد ردّك}" in page.locator('.pb-script[data-script="thank-for-report"] .pb-say').first.inner_text()


def test_language_switcher_leads_to_the_same_playbook(visit):
    page = visit.goto("/en/playbooks/angry-customer.html")
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="fi"]').click()
    page.wait_for_load_state("networkidle")
    assert re.search(r"/fi/playbooks/angry-customer.html$", page.url)
    assert page.locator("h1").inner_text().rstrip("¶") == "Vihainen asiakas: 12 vaihetta"


def test_home_routes_by_situation(visit):
    page = visit.goto("/")
    assert page.url.endswith("/en/index.html")
    page.get_by_role("link", name="Angry customer: 12 steps").first.click()
    assert page.url.endswith("/en/playbooks/angry-customer.html")
    assert visit.foreign_requests() == []


def test_pages_carry_a_strict_policy_that_the_browser_enforces(visit):
    page = visit.goto(RIGHT)
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "script-src 'self' 'sha256-" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    # the policy is live: an inline script added now is refused
    page.evaluate("""() => { const s = document.createElement('script');
                           s.textContent = 'window.__ran = true'; document.body.appendChild(s); }""")
    assert page.evaluate("window.__ran === undefined")
    visit.csp_violations.clear()  # that refusal was the point; nothing else may be refused
    page.locator("#pb-tree-right-or-not").get_by_role("button", name="None of these").click()
    box = page.locator(".md-search__input")
    box.click()
    box.fill("customer")
    box.press("End")
    page.locator(".md-search-result__item").first.wait_for()


@pytest.mark.parametrize("typed,level", [
    ("0", "Grant it now."), ("50", "Grant it now."), ("50,01", "Take it to the department head"),
    ("500", "Take it to the department head"), ("500.50", "Take it to company management."),
    ("1 250,00", "Take it to company management."),
])
def test_typing_an_amount_reaches_the_right_level(visit, typed, level):
    page = visit.goto("/en/playbooks/claims-escalation.html")
    tree = page.locator("#pb-tree-claim-amount")
    # the range answers are written from the settings
    assert tree.locator(".pb-answer").all_inner_texts() == ["Up to €50", "Over €50, up to €500", "Over €500"]
    tree.locator(".pb-amount input").fill(typed)
    tree.get_by_role("button", name="Find the answer").click()
    assert level in tree.locator(".pb-card").inner_text()


def test_copy_summary_in_english(visit):
    page = visit.goto("/en/playbooks/claims-escalation.html")
    tree = page.locator("#pb-tree-claim-amount")
    tree.locator(".pb-amount input").fill("120")
    tree.get_by_role("button", name="Find the answer").click()
    tree.locator(".pb-copy-summary").click()
    assert page.evaluate("navigator.clipboard.readText()") == (
        "Who decides this claim?\n"
        "1. How much is the customer claiming? — Over €50, up to €500\n"
        "Escalated: Take it to the department head, who decides case by case. "
        "Tell the customer when they will hear back.")


def test_checklist_run_is_completed_and_exported_as_json(visit, tmp_path):
    page = visit.goto("/en/playbooks/angry-customer.html")
    checklist = page.locator('.pb-checklist[data-checklist="incident-record"]')
    boxes = checklist.locator("input[type=checkbox]")
    for i in range(boxes.count()):
        boxes.nth(i).check()
    assert checklist.locator(".pb-completed").inner_text().startswith("Completed at ")
    page.reload()
    assert page.locator('.pb-checklist[data-checklist="incident-record"] .pb-completed').inner_text().startswith(
        "Completed at ")
    with page.expect_download() as download:
        page.locator('.pb-checklist[data-checklist="incident-record"] .pb-export').click()
    path = tmp_path / "run.json"
    download.value.save_as(path)
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["playbook"] == "angry-customer" and record["checklist"] == "incident-record"
    assert record["completed_at"] and all(item["done"] and item["at"] for item in record["items"])
    assert record["items"][0]["text"] == "Date and time"
    # unticking one item reopens the run
    page.locator('.pb-checklist[data-checklist="incident-record"] input[data-item="place"]').uncheck()
    assert page.locator('.pb-checklist[data-checklist="incident-record"] .pb-completed').inner_text() == ""


def test_print_view_shows_the_path_taken_and_the_whole_tree(visit):
    page = visit.goto(RIGHT + "#tree-right-or-not:what-kind/why-not/illegal")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    tree = page.locator("#pb-tree-right-or-not")
    assert tree.locator(".pb-crumbs").is_visible() and tree.locator(".pb-card").is_visible()
    assert "Decline, respectfully." in tree.locator(".pb-card").inner_text()
    assert not tree.locator(".pb-controls").is_visible()  # buttons are no use on paper
    assert not page.locator(".md-sidebar--primary").is_visible()
    # the whole tree is printed after the path, opened
    assert tree.locator("details.pb-tree-static").get_attribute("open") is not None
    assert tree.locator("details.pb-tree-static .pb-q").first.is_visible()


def test_keyboard_walk_keeps_focus_on_the_new_question_or_outcome(visit):
    from playwright.sync_api import expect

    page = visit.goto(RIGHT)
    tree = page.locator("#pb-tree-right-or-not")
    # one question at a time is read out where focus lands; the widget is no live region
    assert tree.locator(".pb-widget").get_attribute("aria-live") is None
    tree.get_by_role("button", name="None of these").focus()
    page.keyboard.press("Enter")
    question = tree.locator(".pb-card__question")
    expect(question).to_have_text("Which of these fits best?")
    expect(question).to_be_focused()
    page.keyboard.press("Tab")  # from the question straight to its first answer
    expect(tree.locator(".pb-answer").first).to_be_focused()
    tree.get_by_role("button", name="The request is illegal, or breaks rules we must follow").press("Enter")
    expect(tree.locator(".pb-card__result")).to_be_focused()
    expect(tree.locator(".pb-card__result")).to_contain_text("Decline, respectfully.")
    tree.get_by_role("button", name="Back").press("Enter")
    expect(question).to_have_text("Which of these fits best?")
    expect(question).to_be_focused()
    tree.get_by_role("button", name="Start over").press("Enter")
    expect(question).to_have_text("What is the customer raising?")
    expect(question).to_be_focused()


def test_opening_the_script_keeps_the_outcome_and_its_summary(visit):
    from playwright.sync_api import expect

    page = visit.goto(RIGHT + "#tree-right-or-not:what-kind/why-not/illegal")
    tree = page.locator("#pb-tree-right-or-not")
    open_script = tree.get_by_role("button", name="Open the script")
    open_script.click()
    panel = tree.locator(".pb-inline")
    expect(panel.locator(".pb-inline__title")).to_be_focused()
    expect(panel.locator('.pb-script[data-script="decline-illegal"] .pb-say').first).to_be_visible()
    # the tree is where it was: the outcome, the trail and Copy summary are still there
    expect(tree.locator(".pb-card__result")).to_contain_text("Decline, respectfully.")
    expect(tree.locator(".pb-crumbs li")).to_have_count(2)
    expect(tree.locator(".pb-copy-summary")).to_be_visible()
    assert page.evaluate("location.hash") == "#tree-right-or-not:what-kind/why-not/illegal"
    # closing puts the script back in its own section; Back in the tree still steps back
    open_script.click()
    expect(tree.locator(".pb-inline")).to_have_count(0)
    expect(page.locator('#script-decline-illegal + .pb-script[data-script="decline-illegal"]')).to_have_count(1)
    tree.get_by_role("button", name="Back").click()
    expect(tree.locator(".pb-card__question")).to_have_text("Which of these fits best?")


def test_switching_language_keeps_the_place_in_the_tree(visit):
    from playwright.sync_api import expect

    page = visit.goto(RIGHT + "#tree-right-or-not:what-kind/why-not/needs")
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="ru"]').click()
    expect(page).to_have_url(re.compile(r"/ru/playbooks/is-customer-right\.html#tree-right-or-not:what-kind/why-not/needs$"))
    tree = page.locator("#pb-tree-right-or-not")
    expect(tree.locator(".pb-crumbs li")).to_have_count(2)
    expect(tree.locator(".pb-card--outcome")).to_be_visible()


def test_each_encounter_is_its_own_checklist_run(visit, browser, server):
    from playwright.sync_api import expect

    page = visit.goto("/en/playbooks/angry-customer.html")
    checklist = page.locator('.pb-checklist[data-checklist="incident-record"]')
    checklist.locator('input[data-item="place"]').check()
    expect(checklist.locator(".pb-started")).to_contain_text("Started at")
    # "New encounter": a fresh run, nothing ticked
    checklist.get_by_role("button", name="New encounter").click()
    expect(checklist.locator("input:checked")).to_have_count(0)
    expect(checklist.locator(".pb-progress")).to_have_text("0 / 5 done")
    checklist.locator('input[data-item="events"]').check()
    # the next colleague opens the page in a new window of the same browser: no ticks
    second = visit.context.new_page()
    second.goto(server.url + "/en/playbooks/angry-customer.html")
    other = second.locator('.pb-checklist[data-checklist="incident-record"]')
    expect(other.locator(".pb-progress")).to_have_text("0 / 5 done")
    expect(other.locator("input:checked")).to_have_count(0)
    expect(other.locator(".pb-completed")).to_have_text("")
    # a run left from an earlier day is not shown as current either
    page.evaluate("""() => {
        const k = Object.keys(sessionStorage).find(k => k.includes(':incident-record'));
        const s = JSON.parse(sessionStorage.getItem(k)); s.day = 'Mon Jan 01 2024';
        sessionStorage.setItem(k, JSON.stringify(s)); }""")
    page.reload()
    expect(page.locator('.pb-checklist[data-checklist="incident-record"] input:checked')).to_have_count(0)


def test_checklist_prints_as_a_one_page_record(visit, tmp_path):
    from pypdf import PdfReader

    page = visit.goto("/fi/playbooks/angry-customer.html")
    checklist = page.locator('.pb-checklist[data-checklist="incident-record"]')
    checklist.locator('input[data-item="place"]').check()
    page.evaluate("window.print = () => {}")  # headless: keep the page in its print state
    checklist.get_by_role("button", name="Tulosta kirjaukseksi").click()
    path = tmp_path / "record.pdf"
    page.pdf(path=str(path), format="A4")
    reader = PdfReader(str(path))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for wanted in ("Vihainen asiakas: 12 vaihetta", "Työntekijä", "Tapausnumero", "Muistiinpanot", "Aloitettu",
                   checklist.get_attribute("data-title")):
        assert wanted in text, (wanted, text)
    assert "Tulosta kirjaukseksi" not in text and "Uusi asiakastilanne" not in text  # no buttons on paper
