"""A playbook that is entirely company policy names no source article: it builds, its pages say
whose policy it is in every language, the coverage page shows no invented gaps for it, search
finds it, `playbook new --policy` writes one, and a part that is not policy is a clear error."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from helpers import ROOT, content_project, copy_project

from generator.cli.main import main
from generator.errors import ContentError
from generator.messages import translate
from generator.render.pages import Renderer
from generator.render.uitext import ui_for
from generator.validate.corpus import load_corpus
from generator.validate.coverage import coverage, gaps
from generator.write.schema import schema_text

# The company's own rules, written by a team for itself: opening hours and returns.
OWN = """id: opening-hours
title:
  en: "Opening hours and returns"
  fi: "Aukioloajat ja palautukset"
  ru: "Часы работы и возврат товара"
  ar: "ساعات العمل والإرجاع"
summary:
  en: "When we are open and what a customer may return."
  fi: "Milloin olemme auki ja mitä asiakas voi palauttaa."
  ru: "Когда мы открыты и что клиент может вернуть."
  ar: "متى نفتح أبوابنا وما الذي يحق للعميل إرجاعه."
when_to_use:
  en: "A customer asks about returns or opening hours."
  fi: "Asiakas kysyy palautuksista tai aukioloajoista."
  ru: "Клиент спрашивает о возврате или часах работы."
  ar: "يسأل العميل عن الإرجاع أو عن ساعات العمل."
tags: {channels: [in_person, phone], situations: [complaint]}
owner: head-of-customer-service
steps:
  - id: returns
    title:
      en: "Returns within 30 days"
      fi: "Palautus 30 päivän kuluessa"
      ru: "Возврат в течение 30 дней"
      ar: "الإرجاع خلال 30 يومًا"
    body:
      en: "Take back any unused item with its receipt within 30 days."
      fi: "Ota takaisin käyttämätön tuote kuitin kanssa 30 päivän kuluessa."
      ru: "Принимайте неиспользованный товар с чеком в течение 30 дней."
      ar: "اقبل إرجاع أي منتج غير مستعمل مع إيصاله خلال 30 يومًا."
    source: {policy: head-of-customer-service}
  - id: hours
    title:
      en: "Opening hours"
      fi: "Aukioloajat"
      ru: "Часы работы"
      ar: "ساعات العمل"
    body:
      en: "We are open every day from 9 to 21."
      fi: "Olemme avoinna joka päivä kello 9–21."
      ru: "Мы открыты ежедневно с 9 до 21."
      ar: "نفتح أبوابنا يوميًا من الساعة 9 إلى 21."
    source: {policy: head-of-customer-service}
"""

LABEL = {"en": "Company policy (owner: ", "fi": "Yrityksen linjaus (vastuutaho: ",
         "ru": "Регламент компании (ответственный: ", "ar": "سياسة الشركة (المسؤول: "}


def own_corpus(tmp_path, text: str = OWN):
    return load_corpus(content_project(tmp_path, extra={"opening-hours.yaml": text}))


def about(page: str) -> str:
    return page.split('<dl class="pb-meta"', 1)[1].split("</dl>", 1)[0]


@pytest.mark.parametrize("lang", ["en", "fi", "ru", "ar"])
def test_a_playbook_citing_no_article_is_shown_as_company_policy(tmp_path, lang):
    c = own_corpus(tmp_path)
    pb = c.playbook("opening-hours")
    assert pb.source is None and pb.is_policy_only
    page = Renderer(c).render_playbook(pb, lang)
    ui = ui_for(lang)
    meta = about(page)
    # where an article's title would be: "Source: Company policy (owner: head of customer service)"
    owner = c.settings.roles[[r.id for r in c.settings.roles].index("head-of-customer-service")].name.get(lang)
    assert f"<dt>{ui['source']}</dt>\n<dd class=\"pb-policy\">{LABEL[lang]}{owner})</dd>" in meta
    assert ui["source_article"] not in page and ".txt" not in page  # no invented article
    for step in ("returns", "hours"):  # each part names its owner too
        part = page.split(f"{{#step-{step}}}", 1)[1].split("\n#", 1)[0]
        assert LABEL[lang] + owner in part


def test_company_rules_cites_no_invented_article():
    # the project's own company-rules playbook was the example: all policy, no article
    c = load_corpus(ROOT / "playbook")
    pb = c.playbook("company-rules")
    assert pb.source is None
    page = Renderer(c).render_playbook(pb, "fi")
    assert "Lähdeartikkeli" not in page and "Yrityksen linjaus (vastuutaho: asiakaspalvelupäällikkö)" in about(page)


def test_the_coverage_page_shows_no_gaps_for_a_policy_only_playbook(tmp_path, monkeypatch):
    from generator.render import pages as render

    monkeypatch.setattr(render, "COVERAGE_SHOWN", 1000)  # every policy part listed, not "and N more"
    before = load_corpus(ROOT / "playbook")
    c = own_corpus(tmp_path)
    assert gaps(c) == gaps(before)
    assert {a: {s: len(cites) for s, cites in sections.items()} for a, sections in coverage(c).items()} == \
        {a: {s: len(cites) for s, cites in sections.items()} for a, sections in coverage(before).items()}
    for lang in ("en", "ar"):
        page = Renderer(c).pages(lang)["coverage.md"]
        policy_part = page.split('id="company-policy"', 1)[1]
        article_part = page.split('id="company-policy"', 1)[0]
        assert 'href="playbooks/opening-hours.html#step-returns"' in policy_part
        assert "opening-hours" not in article_part
        assert page.count('class="pb-gap"') == Renderer(before).pages(lang)["coverage.md"].count('class="pb-gap"')


@pytest.mark.parametrize("lang", ["en", "fi", "ru", "ar"])
def test_a_part_without_policy_in_a_playbook_citing_no_article_is_an_error(tmp_path, lang):
    bad = OWN.replace("    source: {policy: head-of-customer-service}\n  - id: hours",
                      '    source: {section: "Opening hours"}\n  - id: hours', 1)
    with pytest.raises(ContentError) as info:
        own_corpus(tmp_path, bad)
    found = [p for p in info.value.problems if p.path == "steps[0].source"]
    assert len(found) == 1, [str(p) for p in info.value.problems]
    p = found[0]
    line = bad.splitlines().index('    source: {section: "Opening hours"}') + 1
    assert p.file.endswith("opening-hours.yaml") and p.line == line
    assert "names no source article" in p.message and "`policy: ROLE-ID`" in p.hint
    # in the editor's language, not English, with the code words kept as written
    shown, hint = translate(p.message, lang), translate(p.hint, lang)
    if lang != "en":
        assert shown != p.message and hint != p.hint
    assert "`policy: ROLE-ID`" in hint and "`article: FILE`" in hint


def test_a_policy_based_on_a_section_must_name_its_article_when_the_playbook_names_none(tmp_path):
    bad = OWN.replace("    source: {policy: head-of-customer-service}\n  - id: hours",
                      '    source: {policy: head-of-customer-service, section: "Opening hours"}\n  - id: hours', 1)
    with pytest.raises(ContentError) as info:
        own_corpus(tmp_path, bad)
    found = [p for p in info.value.problems if p.path == "steps[0].source.section"]
    assert len(found) == 1 and "`article: FILE`" in found[0].hint


def test_the_json_schema_allows_no_article_only_when_every_part_is_policy():
    schema = json.loads(schema_text("playbook"))
    check = jsonschema.Draft202012Validator(schema).is_valid
    data = yaml.safe_load(OWN)
    assert check(data)
    data["steps"][0]["source"] = {"section": "Opening hours"}
    assert not check(data)  # the editor's tool underlines it, as validation does
    data["source"] = {"article": "003_2fa32f8e76571a9e.txt"}
    assert check(data)


def test_playbook_new_policy_scaffolds_a_policy_only_playbook(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    assert main(["--project", str(project), "new", "returns", "--policy"]) == 0
    path = project / "playbook" / "playbooks" / "returns.yaml"
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert "source" not in data and "company policy" in text.split("\nid:", 1)[0]
    sources = [s["source"] for s in data["steps"] + data["do"] + data["dont"] + data["scripts"] + data["checklists"]]
    sources += [t["source"] for t in data["trees"]]
    assert sources and all(set(s) == {"policy"} for s in sources)
    corpus = load_corpus(project / "playbook")  # it validates as written
    assert corpus.playbook("returns").is_policy_only
    assert main(["--project", str(project), "new", "other", "--policy", "--article", "004_1d106220d2d25a9d.txt"]) == 2
