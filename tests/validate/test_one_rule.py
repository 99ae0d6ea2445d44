"""One rule for each company decision, and safety first (issue 22).

- The gift list ({gifts…}) and the claim limits are stated only where the company states
  them (the company-rules playbook; the limits also in the claims playbook, whose tree
  routes by them); every other page links there. No page writes an amount of its own.
- Every playbook offered for "The customer is angry or shouting" (and every one tagged
  with it) opens with the link to the abuse/threat tree, above its first step.
- The "call the authorities" outcome gives the settings' emergency number and security
  contact, in every language.
"""

from __future__ import annotations

import re

import pytest

from helpers import ROOT, content_project

from generator.languages import current as _configured

LANGUAGES = _configured().codes
from generator.validate.checker import iter_texts
from generator.validate.corpus import load_corpus
from generator.errors import ContentError
from generator.render.pages import Renderer

POLICY = "company-rules"  # where the company's own decisions are stated once
GIFTS_ALLOWED = {POLICY}
LIMITS_ALLOWED = {POLICY, "claims-escalation"}  # the claims page routes by the limits
# An amount written out: 50 €, €50, 50 EUR, 50 euroa, 50 евро, 50 يورو (any digits).
AMOUNT = re.compile(r"(?:[€$£]\s?[\d٠-٩]|[\d٠-٩]\s?(?:[€$£]|EUR\b|euro|евро|يورو|دولار))", re.IGNORECASE)


def corpus(root=ROOT / "playbook"):
    return load_corpus(root)


def own_rules(c) -> list[str]:
    """Every place where a playbook other than the policy place states a gift list or a
    money limit of its own: 'playbook: path (lang): what'."""
    found = []
    for pb in c.playbooks:
        for path, text in iter_texts(pb):
            if path and path[0] == "search_terms":
                continue
            for lang in LANGUAGES:
                value = text.get(lang)
                values = value.values() if isinstance(value, dict) else [value]
                for v in filter(None, values):
                    where = f"{pb.id}: {'/'.join(map(str, path))} ({lang})"
                    if "{gifts" in v and pb.id not in GIFTS_ALLOWED:
                        found.append(f"{where}: states the gift list")
                    if re.search(r"\{(concede_limit|department_limit)", v) and pb.id not in LIMITS_ALLOWED:
                        found.append(f"{where}: states a claim limit")
                    # pages for management may quote an article's worked example ("a client
                    # worth 10,000 disputing a 1,000 invoice"); staff pages write no amount
                    if AMOUNT.search(v) and pb.audience != "managers":
                        found.append(f"{where}: writes an amount ({AMOUNT.search(v).group(0)})")
    return found


def test_only_the_policy_place_states_gifts_and_money_limits():
    assert own_rules(corpus()) == []


@pytest.mark.parametrize("text,what", [
    ("You may give one of these: {gifts:or}.", "states the gift list"),
    ("Grant it up to {concede_limit} yourself.", "states a claim limit"),
    ("Staff may give up to 20 € without asking.", "writes an amount"),
    ("Staff may give up to €20 without asking.", "writes an amount"),
])
def test_a_page_stating_its_own_gift_rule_or_limit_is_caught(tmp_path, text, what):
    old = "Thank the person for a useful comment."
    content = content_project(tmp_path, replace={"upset-visitor.yaml": (old, text)})
    found = own_rules(corpus(content))
    assert len(found) == 1 and found[0].startswith("upset-visitor: steps/6/body (en)") and what in found[0]


def angry_playbooks(c) -> list[str]:
    sit = next(s for s in c.settings.situations if s.id == "angry")
    tagged = [pb.id for pb in c.playbooks if "angry" in pb.tags.situations]
    return sorted({sit.first, *sit.also, *tagged})


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_angry_page_links_the_abuse_tree_above_its_first_step(lang):
    c = corpus()
    st = c.settings.safety_tree
    assert (st.playbook, st.tree) == ("angry-customer", "abuse-or-threat")
    pages = Renderer(c).pages(lang)
    ids = angry_playbooks(c)
    assert {"angry-customer", "upset-visitor", "defuse-unhappy-customer"} <= set(ids)
    for pid in ids:
        page = pages[f"playbooks/{pid}.md"]
        href = "#tree-abuse-or-threat" if pid == st.playbook else "angry-customer.html#tree-abuse-or-threat"
        link = page.find(f'<p class="pb-safety" role="note" data-search-exclude><strong>')
        assert link != -1, f"{pid} ({lang}) has no safety line"
        assert f'<a href="{href}">' in page[link:page.index("</p>", link)], pid
        # above the first step, and above every decision tree
        assert link < page.index("{#steps}"), pid
        first_tree = page.find("{#tree-")
        assert first_tree == -1 or link < first_tree, pid


def test_a_safety_tree_that_does_not_exist_is_a_clear_error(tmp_path):
    content = content_project(tmp_path)
    settings = content / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("tree: abuse-or-threat", "tree: abuse-or-thraet"),
                        encoding="utf-8")
    with pytest.raises(ContentError) as err:
        corpus(content)
    assert "has no tree `abuse-or-thraet`" in str(err.value) and "abuse-or-threat" in str(err.value)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_authorities_outcome_gives_the_settings_emergency_details(tmp_path, lang):
    content = content_project(tmp_path)
    settings = content / "settings.yaml"
    text = settings.read_text(encoding="utf-8").replace('emergency_number: "112"', 'emergency_number: "999"')
    text = text.replace("internal line 200", "internal line 4711").replace("numero 200", "numero 4711")
    text = text.replace("номер 200", "номер 4711").replace("الداخلي 200", "الداخلي 4711")
    settings.write_text(text, encoding="utf-8")
    c = corpus(content)
    tree = next(t for t in c.playbook("angry-customer").trees if t.id == "abuse-or-threat")
    outcome = tree.nodes["authorities"].outcome.get(lang)
    assert "{emergency_number}" in outcome and "{security_contact" in outcome
    page = Renderer(c).pages(lang)["playbooks/angry-customer.md"]
    data = re.search(r'<script type="application/json" class="pb-tree-data">(.*?)</script>', page).group(1)
    assert "999" in data and "4711" in data and "112" not in data
    assert "company-rules.html#step-authorities" in data  # who writes the report, where records go


@pytest.mark.parametrize("lang,old,new", [
    ("en", "Thank the person for a useful comment.", "Ask your manager first."),
    ("en", "Thank the person for a useful comment.", "Fetch someone in charge."),
    ("fi", "Kiitä asiakasta hyödyllisestä palautteesta.", "Kysy ensin esihenkilöltäsi."),
    ("ru", "Поблагодарите за полезное замечание.", "Сначала спросите вашего руководителя."),
    ("ar", "اشكر الزائر على ملاحظته المفيدة.", "اسأل مشرفك أولًا."),
])
def test_another_name_for_the_supervisor_is_caught(tmp_path, lang, old, new):
    content = content_project(tmp_path, replace={"upset-visitor.yaml": (old, new)})
    with pytest.raises(ContentError) as err:
        corpus(content)
    assert "term `supervisor`" in str(err.value)
