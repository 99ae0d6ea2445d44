"""Provenance: a part cites the article section that says it, or is marked as the company's
own policy (`source: {policy: ROLE-ID}`), shown as such on every language's page and counted
on the coverage page."""

from __future__ import annotations

import re

import pytest
from helpers import content_project

from generator.languages import current as _configured

LANGUAGES = _configured().codes
from generator.errors import ContentError
from generator.grammar.typography import nested
from generator.render.pages import Renderer
from generator.render.uitext import ui_for
from generator.validate.checker import role_name
from generator.validate.corpus import load_corpus
from generator.validate.coverage import gaps, policies

ARTICLE = "003_2fa32f8e76571a9e.txt"
SECTION = "Клиент «всегда прав», когда цена претензий невелика"


def text(en: str) -> str:
    # the same words in every language are enough here: the test is about the marking
    return "{" + ", ".join(f"{lang}: {en!r}" for lang in LANGUAGES) + "}"


def playbook(step_source: str, gift_source: str = f'{{section: "{SECTION}"}}') -> str:
    return f"""id: policy-test
title: {text("Policy test")}
summary: {text("Summary.")}
when_to_use: {text("When.")}
tags: {{channels: [phone], situations: [complaint]}}
source: {{article: {ARTICLE}}}
steps:
  - id: limit
    title: {text("Grant small claims")}
    body: {text("Grant it on the spot.")}
    source: {step_source}
  - id: article-step
    title: {text("Settle early")}
    body: {text("Deal with it while it is small.")}
    source: {{section: "{SECTION}"}}
trees:
  - id: who
    title: {text("Who decides?")}
    source: {{section: "{SECTION}"}}
    start: amount
    nodes:
      amount:
        question: {text("Is it small?")}
        answers:
          - {{label: {text("Yes")}, next: small}}
          - {{label: {text("No")}, next: large}}
      small:
        kind: resolved
        outcome: {text("Grant it now.")}
        source: {step_source}
      large:
        kind: escalated
        outcome: {text("Take it to the department head.")}
do:
  - text: {text("Offer a small gift.")}
    source: {gift_source}
"""


def corpus_with(tmp_path, source: str, **kw):
    return load_corpus(content_project(tmp_path, extra={"policy-test.yaml": playbook(source, **kw)}))


def step_html(page: str, step_id: str) -> str:
    return page.split(f"{{#step-{step_id}}}", 1)[1].split("\n#", 1)[0]


@pytest.mark.parametrize("lang,label", [("en", "Company policy (owner: "), ("fi", "Yrityksen linjaus (vastuutaho: "),
                                        ("ru", "Регламент компании (ответственный: "), ("ar", "سياسة الشركة (المسؤول: ")])
def test_a_policy_part_is_shown_as_company_policy_with_its_owner_in_each_language(tmp_path, lang, label):
    c = corpus_with(tmp_path, "{policy: head-of-customer-service}",
                    gift_source="{policy: head-of-customer-service}")
    pb = c.playbook("policy-test")
    page = Renderer(c).render_playbook(pb, lang)
    ui = ui_for(lang)
    policy_step, article_step = step_html(page, "limit"), step_html(page, "article-step")
    # the company's rule names its owner and no article; the article's step cites its section
    assert label in policy_step and ui["section"] not in policy_step and ARTICLE not in policy_step
    # the section's name (translated on a page in another language than the article's) sits in
    # the page's quotes, its own quotes nested inside them (typography.nested)
    section = next(a for a in c.sources.articles if a.file == ARTICLE).section(SECTION)
    shown = SECTION if lang == "ru" else section.translated(lang)
    assert label not in article_step and ARTICLE in article_step and nested(shown, lang) in article_step
    if lang != "ru":  # the original follows, as the article heads it
        assert f'(<bdi lang="ru">{SECTION}</bdi>)' in article_step
    do_list = page.split('class="pb-do"', 1)[1].split("</section>", 1)[0]
    assert label in do_list and ARTICLE not in do_list
    owner = re.search(re.escape(label) + r"([^<]*)\)</span>", policy_step).group(1)
    # the owner is the role's name in the page's language, from settings.yaml, not its id
    assert owner == role_name(c.settings, "head-of-customer-service").get(lang) != "head-of-customer-service"


def test_the_coverage_page_counts_policy_parts_and_still_carries_every_section(tmp_path, monkeypatch):
    from generator.render import pages as render

    monkeypatch.setattr(render, "COVERAGE_SHOWN", 1000)  # every policy part listed, not "and N more"
    c = corpus_with(tmp_path, "{policy: head-of-customer-service}",
                    gift_source="{policy: head-of-customer-service}")
    mine = [cite for cite in policies(c).get("head-of-customer-service", []) if cite.playbook.id == "policy-test"]
    assert sorted(cite.anchor for cite in mine) == ["do-dont", "step-limit", "tree-who"]
    total = sum(len(cites) for cites in policies(c).values())
    assert gaps(c) == []
    for lang in LANGUAGES:
        page = Renderer(c).pages(lang)["coverage.md"]
        ui = ui_for(lang)
        assert f'{ui["coverage_policy_count"]}</a>: <strong class="pb-policy-count">{total}</strong>' in page
        policy_part = page.split('id="company-policy"', 1)[1]
        assert 'href="playbooks/policy-test.html#step-limit"' in policy_part
        # a policy part is not counted as carrying an article section
        article_part = page.split('id="company-policy"', 1)[0]
        assert 'href="playbooks/policy-test.html#step-limit"' not in article_part
        assert 'href="playbooks/policy-test.html#step-article-step"' in article_part


@pytest.mark.parametrize("source,message", [
    ("{article: 003_2fa32f8e76571a9e.txt}", "neither an article section nor a company policy"),
    ("{article: 003_2fa32f8e76571a9e.txt, policy: head-of-customer-service}", "`article:` without `section:`"),
])
def test_a_source_is_an_article_section_or_a_policy_never_neither(tmp_path, source, message):
    with pytest.raises(ContentError) as info:
        corpus_with(tmp_path, source)
    found = {p.path: p for p in info.value.problems if message in p.message}
    assert sorted(found) in (["steps[0].source", "trees[0].nodes.small.source"],
                             ["steps[0].source.article", "trees[0].nodes.small.source.article"])
    p = found.get("steps[0].source") or found["steps[0].source.article"]
    assert p.file.endswith("policy-test.yaml") and p.line == 11 and p.hint


def test_a_policy_branch_of_a_decision_tree_says_so_in_the_page_and_in_the_widget(tmp_path):
    import json

    c = corpus_with(tmp_path, "{policy: head-of-customer-service}")
    page = Renderer(c).render_playbook(c.playbook("policy-test"), "ru")
    label = "Регламент компании (ответственный: "
    static = page.split('class="pb-tree-static"', 1)[1].split("</details>", 1)[0]
    small, large = static.split('id="who--small"', 1)[1].split("</div>", 1)[0], \
        static.split('id="who--large"', 1)[1].split("</div>", 1)[0]
    assert label in small and label not in large
    data = json.loads(re.search(r'class="pb-tree-data">(.*?)</script>', page).group(1))
    assert label in data["nodes"]["small"]["outcome"] and label not in data["nodes"]["large"]["outcome"]


def test_a_policy_names_a_role_of_the_settings(tmp_path):
    with pytest.raises(ContentError) as info:
        corpus_with(tmp_path, "{policy: head-of-customer-servise}")
    found = [p for p in info.value.problems if p.path == "steps[0].source.policy"]
    assert len(found) == 1 and "names no role" in found[0].message
    assert "head-of-customer-service" in found[0].hint and found[0].line == 11


@pytest.mark.parametrize("lang,based_on", [("en", "; based on: "), ("fi", "; pohjana: "), ("ru", "; основан на: "),
                                           ("ar", "؛ الأساس: ")])
def test_a_policy_based_on_an_article_names_its_owner_then_the_section_it_applies(tmp_path, lang, based_on):
    # the company's figures (a limit) applied to the article's rule: policy first, then the section
    c = corpus_with(tmp_path, f'{{policy: head-of-customer-service, section: "{SECTION}"}}')
    page = Renderer(c).render_playbook(c.playbook("policy-test"), lang)
    ui = ui_for(lang)
    step = step_html(page, "limit")
    cite = re.search(r'<span class="pb-cite pb-policy" data-search-exclude>(.*?)</span>', step).group(1)
    label = ui["company_policy"].split("{owner}")[0]
    assert cite.startswith(label) and based_on + f'<code dir="ltr">{ARTICLE}</code>' in cite
    assert ui["section"] in cite and f'<bdi lang="ru">{nested(SECTION, "ru") if lang == "ru" else SECTION}</bdi>' in cite
    # counted both as the role's policy and as carrying the section
    anchors = [cite.anchor for cite in policies(c)["head-of-customer-service"] if cite.playbook.id == "policy-test"]
    assert "step-limit" in anchors
    coverage = Renderer(c).pages(lang)["coverage.md"]
    assert 'href="playbooks/policy-test.html#step-limit"' in coverage.split('id="company-policy"', 1)[0]
