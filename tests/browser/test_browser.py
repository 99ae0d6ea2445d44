"""In Chromium, as staff use the site: trees, checklists, copy, search, RTL, languages, offline."""

from __future__ import annotations

import json
import re

import pytest
from helpers import clipboard, type_search
from playwright.sync_api import expect

# Its tests share no costly module fixture: spread over the test workers (tests/conftest.py).
SPREAD_OVER_WORKERS = True

RIGHT = "/en/playbooks/is-customer-right.html"
# Every assertion waits for what it checks (Playwright's expect): a busy machine renders late.


def card(page):
    return page.locator("#pb-tree-right-or-not .pb-card")




def test_walk_a_tree_to_an_outcome_then_back_and_start_over(visit):
    page = visit.goto(RIGHT)
    tree = page.locator("#pb-tree-right-or-not")
    expect(card(page)).to_contain_text("What is the customer raising?")
    # the static whole tree is folded away once the widget runs
    expect(tree.locator("details.pb-tree-static")).not_to_have_attribute("open", re.compile(".*"))
    tree.get_by_role("button", name="None of these").click()
    expect(card(page)).to_contain_text("Which of these fits best?")
    tree.get_by_role("button", name="The request is illegal, or breaks rules we must follow").click()
    expect(card(page)).to_contain_text("Decline, respectfully.")
    expect(page).to_have_url(re.compile(re.escape("#tree-right-or-not:what-kind/why-not/illegal") + "$"))
    expect(tree.locator(".pb-crumbs li")).to_have_text([
        "What is the customer raising? → None of these (for example, an illegal request)",
        "Which of these fits best? → The request is illegal, or breaks rules we must follow"])
    tree.get_by_role("button", name="Back").click()
    expect(card(page)).to_contain_text("Which of these fits best?")
    tree.get_by_role("button", name="Start over").click()
    expect(card(page)).to_contain_text("What is the customer raising?")
    expect(tree.locator(".pb-crumbs")).to_have_count(0)
    assert visit.foreign_requests() == []


def test_browser_back_button_steps_through_the_tree(visit):
    page = visit.goto(RIGHT)
    tree = page.locator("#pb-tree-right-or-not")
    tree.get_by_role("button", name="None of these").click()
    expect(card(page)).to_contain_text("Which of these fits best?")
    tree.get_by_role("button", name="I still cannot tell").click()
    expect(card(page)).to_contain_text("Ask for a second opinion.")
    page.go_back()
    expect(card(page)).to_contain_text("Which of these fits best?")
    page.go_forward()
    expect(card(page)).to_contain_text("Ask for a second opinion.")


def test_deep_link_opens_the_same_step_with_its_trail(visit):
    page = visit.goto(RIGHT + "#tree-right-or-not:what-kind/why-not/needs")
    expect(card(page)).to_contain_text("Wish and need differ.")
    expect(page.locator("#pb-tree-right-or-not .pb-crumbs li")).to_have_count(2)
    # a tampered link stops at the last step the tree allows
    page = visit.goto(RIGHT.replace("/en/", "/fi/") + "#tree-right-or-not:what-kind/illegal")
    expect(card(page)).to_contain_text("Mitä asiakas ottaa esiin?")


def test_changing_an_earlier_answer_cuts_the_trail(visit):
    page = visit.goto(RIGHT + "#tree-right-or-not:what-kind/why-not/needs")
    page.locator("#pb-tree-right-or-not .pb-crumb").first.click()
    expect(card(page)).to_contain_text("What is the customer raising?")
    page.locator("#pb-tree-right-or-not").get_by_role("button", name="A problem we had not noticed ourselves").click()
    expect(page.locator("#pb-tree-right-or-not .pb-crumbs li")).to_have_text(
        ["What is the customer raising? → A problem we had not noticed ourselves"])


def test_copy_summary_for_a_ticket_in_arabic(visit):
    page = visit.goto("/ar/playbooks/angry-customer.html#tree-abuse-or-threat:danger/abusive/fetch-supervisor/ask-to-leave")
    page.locator("#pb-tree-abuse-or-threat .pb-copy-summary").click()
    text = clipboard(page, lambda t: t.startswith("حين يتحوّل الغضب"))
    lines = text.split("\n")
    assert lines[0] == "حين يتحوّل الغضب إلى إساءة أو تهديد"
    assert lines[1] == "1. هل أحدٌ في خطر، أو يهدّد العميل باستخدام العنف؟ — لا"
    assert lines[-3].startswith("تم الرفض: ") and "اطلب من العميل بهدوء أن يغادر" in lines[-3]
    assert lines[-2].startswith("الوقت: ")
    assert lines[-1].startswith("رابط هذه الخطوة: ") and lines[-1].endswith(
        "/ar/playbooks/angry-customer.html#tree-abuse-or-threat:danger/abusive/fetch-supervisor/ask-to-leave")


def test_checklist_ticks_survive_a_reload_and_reset(visit):
    page = visit.goto("/fi/playbooks/angry-customer.html")
    box = page.locator('.pb-checklist input[data-item="place"]')
    box.check()
    expect(page.locator(".pb-checklist .pb-progress").first).to_have_text(re.compile(r"^1\s?/\s?6 tehty$"))
    page.reload()
    expect(page.locator('.pb-checklist input[data-item="place"]')).to_be_checked()
    # the same encounter in another language, same tab: the ticks come along (issue 24)
    other = visit.goto("/en/playbooks/angry-customer.html")
    expect(other.locator(".pb-checklist .pb-progress").first).to_have_text(re.compile(r"^1 / 6"))
    expect(other.locator('.pb-checklist input[data-item="place"]')).to_be_checked()
    page = visit.goto("/fi/playbooks/angry-customer.html")
    expect(page.locator('.pb-checklist input[data-item="place"]')).to_be_checked()
    page.locator(".pb-checklist").first.get_by_role("button", name="Tyhjennä").click()
    # Reset asks first; cancelling keeps the ticks
    page.get_by_role("button", name="Peruuta").click()
    expect(page.locator('.pb-checklist input[data-item="place"]')).to_be_checked()
    page.locator(".pb-checklist").first.get_by_role("button", name="Tyhjennä").click()
    page.get_by_role("button", name="Kyllä, poista rastit").click()
    expect(page.locator('.pb-checklist input[data-item="place"]')).not_to_be_checked()
    page.reload()
    expect(page.locator(".pb-checklist .pb-progress").first).to_have_text(re.compile(r"^0\s?/\s?6"))
    expect(page.locator('.pb-checklist input[data-item="place"]')).not_to_be_checked()


def test_reworded_checklist_item_comes_back_unticked(visit):
    page = visit.goto("/en/playbooks/angry-customer.html")
    page.locator('.pb-checklist input[data-item="events"]').check()
    expect(page.locator('.pb-checklist input[data-item="events"]')).to_be_checked()
    # simulate a new build in which the item's wording (and so its hash) changed
    page.evaluate("""() => {
        const k = Object.keys(sessionStorage).find(k => k.startsWith('pb-checklist:angry-customer'));
        const s = JSON.parse(sessionStorage.getItem(k));
        s.ticks.events.hash = 'older-wording'; sessionStorage.setItem(k, JSON.stringify(s));
    }""")
    page.reload()
    expect(page.locator(".pb-checklist .pb-progress").first).to_be_visible()
    expect(page.locator('.pb-checklist input[data-item="events"]')).not_to_be_checked()


def test_script_copy_waits_for_required_values_then_copies_filled_text(visit):
    page = visit.goto(RIGHT)
    script = page.locator('.pb-script[data-script="thank-for-report"]')
    first = script.locator(".pb-variant").first
    button = first.locator(".pb-copy")
    expect(button).to_be_disabled()
    expect(first.locator(".pb-copy-status")).to_contain_text("Fill in first: By when")
    script.locator('input[name="reply_by"]').fill("Friday 5 pm")
    expect(button).to_be_enabled()
    expect(first.locator(".pb-say")).to_contain_text("Friday 5 pm")
    button.click()
    wanted = ("Thank you for telling us about this — we had not noticed it. "
              "I will look into it properly and get back to you by Friday 5 pm.")
    assert clipboard(page, lambda t: t == wanted) == wanted
    # the staff-only note is on the page but never in what is copied
    expect(script).to_contain_text("Say it warmly")


def test_a_value_ending_in_a_full_stop_does_not_double_the_sentences_full_stop(visit):
    page = visit.goto(RIGHT)
    script = page.locator('.pb-script[data-script="thank-for-report"]')
    first = script.locator(".pb-variant").first
    script.locator('input[name="reply_by"]').fill("Fri 12.6.")
    expect(first.locator(".pb-say")).to_contain_text("get back to you by Fri 12.6.")
    expect(first.locator(".pb-say")).not_to_contain_text("12.6..")
    first.locator(".pb-copy").click()
    wanted = ("Thank you for telling us about this — we had not noticed it. "
              "I will look into it properly and get back to you by Fri 12.6.")
    assert clipboard(page, lambda t: t == wanted) == wanted


def test_follow_up_call_greets_the_customer_by_name_and_names_the_company_in_finnish(visit):
    page = visit.goto("/fi/playbooks/angry-customer.html")
    script = page.locator('.pb-script[data-script="follow-up-call"]')
    button = script.locator(".pb-copy").first
    script.locator('input[name="agent_name"]').fill("Aino")
    # a follow-up call always knows whom it calls: no stilted stand-in for the name
    expect(button).to_be_disabled()
    script.locator('input[name="customer_name"]').fill("Matti")
    expect(button).to_be_enabled()
    button.click()
    copied = clipboard(page, lambda t: t.startswith("Hei Matti!"))
    # the company's name comes from settings, in the form the sentence needs (elative)
    assert copied.startswith("Hei Matti! Täällä Aino Esimerkki Oy:stä.")


@pytest.mark.parametrize("lang,query,expected", [
    ("fi", "kompromissilla", "/fi/playbooks/is-customer-right.html"),  # the text has "kompromissi", "kompromissia"
    ("fi", "solvaamista", "/fi/playbooks/angry-customer.html"),   # the text has "solvaa", "solvaaminen"
    ("ru", "компромиссом", "/ru/playbooks/is-customer-right.html"),  # the text has "компромисс"
    ("ru", "холодильником", "/ru/playbooks/is-customer-right.html"),  # the text has "холодильник"
    ("ar", "البيتزا", "/ar/playbooks/angry-customer.html"),
])
def test_search_finds_the_page_in_its_language(visit, lang, query, expected):
    page = visit.goto(f"/{lang}/")
    type_search(page, query)
    first = page.locator(".md-search-result__item .md-search-result__link").first
    # results are rewritten as the query is handled: wait until the best one is the expected page
    page.wait_for_function(
        "p => { const a = document.querySelector('.md-search-result__item .md-search-result__link');"
        " return a && new URL(a.getAttribute('href'), location.href).pathname === p; }", arg=expected, timeout=15000)
    expect(first).to_be_visible()
    links = page.locator(".md-search-result__item .md-search-result__link").evaluate_all(
        "els => els.map(e => new URL(e.getAttribute('href'), location.href).pathname)")
    assert links[0] == expected, links
    assert all(link.startswith(f"/{lang}/") for link in links), links
    assert visit.foreign_requests() == []


def test_arabic_pages_are_laid_out_right_to_left(visit):
    page = visit.goto("/ar/playbooks/is-customer-right.html")
    expect(page.locator("body")).to_have_css("direction", "rtl")
    expect(page.locator(".md-sidebar--primary")).to_be_visible()
    expect(page.locator(".md-content")).to_be_visible()
    nav = page.locator(".md-sidebar--primary").bounding_box()
    content = page.locator(".md-content").bounding_box()
    assert nav["x"] > content["x"], "the navigation should be on the right in Arabic"
    # the tree widget reads right to left too, placeholders intact
    expect(page.locator(".pb-card").first).to_have_css("direction", "rtl")
    expect(page.locator('.pb-script[data-script="thank-for-report"] .pb-say').first).to_contain_text("{الموعد (مثلًا: الجمعة 12 يونيو)}")


def test_language_switcher_leads_to_the_same_playbook(visit):
    page = visit.goto("/en/playbooks/angry-customer.html")
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="fi"]').click()
    expect(page).to_have_url(re.compile(r"/fi/playbooks/angry-customer.html$"))
    expect(page.locator("h1")).to_have_text(re.compile(r"^Vihainen asiakas: 12 vaihetta¶?$"))


def test_home_routes_by_situation(visit):
    page = visit.goto("/")
    expect(page).to_have_url(re.compile(r"/en/index\.html$"))
    page.get_by_role("link", name="Angry customer: 12 steps").first.click()
    expect(page).to_have_url(re.compile(r"/en/playbooks/angry-customer.html$"))
    expect(page.locator("h1")).to_contain_text("Angry customer")
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
    expect(card(page)).to_contain_text("Which of these fits best?")
    type_search(page, "customer")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15000)


@pytest.mark.parametrize("typed,level", [
    ("0", "Grant it now."), ("50", "Grant it now."), ("50,01", "Take it to the department head"),
    ("500", "Take it to the department head"), ("500.50", "Take it to company management."),
    ("1 250,00", "Take it to company management."),
])
def test_typing_an_amount_reaches_the_right_level(visit, typed, level):
    page = visit.goto("/en/playbooks/claims-escalation.html")
    tree = page.locator("#pb-tree-claim-amount")
    # the range answers are written from the settings
    expect(tree.locator(".pb-answer")).to_have_text(["Up to €50", "Over €50, up to €500", "Over €500"])
    tree.locator(".pb-amount input").fill(typed)
    tree.get_by_role("button", name="Find the answer").click()
    expect(tree.locator(".pb-card")).to_contain_text(level)


def test_copy_summary_in_english(visit):
    page = visit.goto("/en/playbooks/claims-escalation.html")
    tree = page.locator("#pb-tree-claim-amount")
    tree.locator(".pb-amount input").fill("120")
    tree.get_by_role("button", name="Find the answer").click()
    expect(tree.locator(".pb-card")).to_contain_text("Take it to the department head")
    tree.locator(".pb-copy-summary").click()
    wanted = ("Who decides this claim?\n"
              "1. How much is the customer claiming? — Over €50, up to €500\n"
              "Amount: 120 (read as €120)\n"
              "Escalated: Take it to the department head, who decides case by case.\n"
              "Time: ")
    text = clipboard(page, lambda t: t.startswith(wanted))
    assert text.startswith(wanted)
    assert text.splitlines()[-1] == ("Link to this step: " + visit.base +
                                     "/en/playbooks/claims-escalation.html#tree-claim-amount:amount/department")


@pytest.mark.parametrize("lang,typed,button,policy", [
    ("ar", "20", "ابحث عن الإجابة", "سياسة الشركة"), ("fi", "20", "Etsi vastaus", "Yrityksen linjaus ("),
])
def test_a_company_policy_branch_says_so_in_the_tree_and_a_section_branch_does_not(visit, lang, typed, button, policy):
    page = visit.goto(f"/{lang}/playbooks/claims-escalation.html")
    tree = page.locator("#pb-tree-claim-amount")
    tree.locator(".pb-amount input").fill(typed)
    tree.get_by_role("button", name=button).click()
    card = tree.locator(".pb-card")
    expect(card).to_contain_text(policy)  # the amount is the company's rule, not the article's
    tree.get_by_role("button", name={"ar": "ابدأ من جديد", "fi": "Aloita alusta"}[lang]).click()
    tree.locator(".pb-amount input").fill("120")
    tree.get_by_role("button", name=button).click()
    expect(card).to_contain_text({"ar": "رئيس القسم", "fi": "osastopäällikölle"}[lang])
    expect(card).not_to_contain_text(policy)


def test_checklist_run_is_completed_and_exported_as_json(visit, tmp_path):
    page = visit.goto("/en/playbooks/angry-customer.html")
    checklist = page.locator('.pb-checklist[data-checklist="incident-record"]')
    boxes = checklist.locator("input[type=checkbox]")
    expect(boxes.first).to_be_visible()
    for i in range(boxes.count()):
        boxes.nth(i).check()
    expect(checklist.locator(".pb-completed")).to_have_text(re.compile(r"^Completed at "))
    page.reload()
    expect(page.locator('.pb-checklist[data-checklist="incident-record"] .pb-completed')).to_have_text(
        re.compile(r"^Completed at "))
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
    expect(page.locator('.pb-checklist[data-checklist="incident-record"] .pb-completed')).to_have_text("")


def test_checklist_prints_as_a_one_page_record_with_its_titles(visit, tmp_path):
    from pypdf import PdfReader

    page = visit.goto("/fi/playbooks/angry-customer.html")
    checklist = page.locator('.pb-checklist[data-checklist="incident-record"]')
    checklist.locator('input[data-item="place"]').check()
    expect(checklist.locator(".pb-progress")).to_have_text(re.compile(r"^1\s?/\s?6 tehty$"))
    page.evaluate("window.print = () => {}")  # headless: keep the page in the state Print put it in
    checklist.get_by_role("button", name="Tulosta kirjausta varten").click()
    expect(checklist).to_have_class(re.compile("pb-print-target"))
    path = tmp_path / "record.pdf"
    page.pdf(path=str(path), format="A4")
    reader = PdfReader(str(path))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    for wanted in (checklist.get_attribute("data-page"), checklist.get_attribute("data-title"),
                   "Työntekijä", "Tapausnumero", "Muistiinpanot"):
        assert wanted in text, (wanted, text)
    # buttons stay on screen, not on paper
    assert "Tulosta kirjausta varten" not in text and "Uusi asiakastilanne" not in text


def test_print_view_shows_the_path_taken_and_the_whole_tree(visit):
    page = visit.goto(RIGHT + "#tree-right-or-not:what-kind/why-not/illegal")
    tree = page.locator("#pb-tree-right-or-not")
    expect(tree.locator(".pb-card")).to_contain_text("Decline, respectfully.")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    expect(tree.locator(".pb-crumbs")).to_be_visible()
    expect(tree.locator(".pb-card")).to_be_visible()
    expect(tree.locator(".pb-card")).to_contain_text("Decline, respectfully.")
    expect(tree.locator(".pb-controls")).to_be_hidden()  # buttons are no use on paper
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()
    # the whole tree is printed after the path, opened
    expect(tree.locator("details.pb-tree-static")).to_have_attribute("open", re.compile(".*"))
    expect(tree.locator("details.pb-tree-static .pb-q").first).to_be_visible()


def test_phone_layout_touch_targets_focus_and_input_text(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server.url + "/ar/playbooks/angry-customer.html")
    checklist = page.locator('.pb-checklist[data-checklist="incident-record"]')
    rows = checklist.locator(".pb-checklist__items label")
    expect(rows.first).to_be_visible()
    boxes = [rows.nth(i).bounding_box() for i in range(rows.count())]
    assert all(b["height"] >= 24 for b in boxes)
    # fill-in fields use 16 px text, so phones do not zoom in on them
    expect(page.locator(".pb-field input").first).to_have_css("font-size", "16px")
    # script text reads from the start of the line (right, in Arabic), not centred
    expect(page.locator(".pb-say").first).to_have_css("text-align", "start")
    # a checkbox reached by keyboard shows where focus is
    checklist.locator("input").first.focus()
    page.keyboard.press("Tab")
    focused = checklist.locator("input").nth(1)
    expect(focused).to_be_focused()
    expect(focused).to_have_css("outline-style", "solid")
    context.close()


def test_printed_page_has_no_widget_buttons_blue_links_or_bullets(visit):
    page = visit.goto("/en/playbooks/angry-customer.html")
    page.emulate_media(media="print")
    tree = page.locator("#pb-tree-abuse-or-threat")
    expect(tree.locator(".pb-card__question")).to_be_visible()
    expect(tree.locator(".pb-card__answers")).to_be_hidden()
    expect(page.locator(".pb-checklist__actions").first).to_be_hidden()
    expect(page.locator(".pb-run").first).to_be_hidden()
    expect(page.locator(".pb-tree-paths").first).to_be_hidden()
    expect(page.locator(".pb-checklist__items li").first).to_have_css("list-style-type", "none")
    link = page.locator(".md-content a:not(.md-button):not(.headerlink)").first
    # (Material fades link colours: wait for the end of the transition)
    expect(link).to_have_css("color", re.compile(r"^rgba?\(0, 0, 0(, 0\.87)?\)$"))


def test_keyboard_walk_keeps_focus_on_the_new_question_or_outcome(visit):
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
    page = visit.goto(RIGHT + "#tree-right-or-not:what-kind/why-not/needs")
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="ru"]').click()
    expect(page).to_have_url(re.compile(r"/ru/playbooks/is-customer-right\.html#tree-right-or-not:what-kind/why-not/needs$"))
    tree = page.locator("#pb-tree-right-or-not")
    expect(tree.locator(".pb-crumbs li")).to_have_count(2)
    expect(tree.locator(".pb-card--outcome")).to_be_visible()


def test_each_encounter_is_its_own_checklist_run(visit, browser, server):
    page = visit.goto("/en/playbooks/angry-customer.html")
    checklist = page.locator('.pb-checklist[data-checklist="incident-record"]')
    checklist.locator('input[data-item="place"]').check()
    expect(checklist.locator(".pb-started")).to_contain_text("Started at")
    # "New encounter": a fresh run, nothing ticked
    checklist.get_by_role("button", name="New encounter").click()
    expect(checklist.locator("input:checked")).to_have_count(0)
    expect(checklist.locator(".pb-progress")).to_have_text("0 / 6 done")
    checklist.locator('input[data-item="events"]').check()
    # the next colleague opens the page in a new window of the same browser: no ticks
    second = visit.context.new_page()
    second.goto(server.url + "/en/playbooks/angry-customer.html")
    other = second.locator('.pb-checklist[data-checklist="incident-record"]')
    expect(other.locator(".pb-progress")).to_have_text("0 / 6 done")
    expect(other.locator("input:checked")).to_have_count(0)
    expect(other.locator(".pb-completed")).to_have_text("")
    # a run left from an earlier day is not shown as current either
    page.evaluate("""() => {
        const k = Object.keys(sessionStorage).find(k => k.includes(':incident-record'));
        const s = JSON.parse(sessionStorage.getItem(k)); s.day = 'Mon Jan 01 2024';
        sessionStorage.setItem(k, JSON.stringify(s)); }""")
    page.reload()
    expect(page.locator('.pb-checklist[data-checklist="incident-record"] input:checked')).to_have_count(0)


@pytest.mark.parametrize("lang, closing, company", [("en", "Kind regards,", "Example Ltd"),
                                                     ("ar", "مع خالص التحية،", "شركة المثال")])
def test_a_letter_shows_its_closing_signature_and_company_on_their_own_lines(visit, lang, closing, company):
    page = visit.goto(f"/{lang}/playbooks/written-complaint.html")
    say = page.locator('.pb-script[data-script="letter-apology-first"] .pb-say').first
    expect(say).to_contain_text(company)
    lines = [line.strip() for line in say.inner_text().splitlines()]
    at = lines.index(closing)
    assert lines[at + 2:at + 3] == [company], lines[at:]
