"""The content: every source section carried, enough playbooks and trees, settings used everywhere."""

from __future__ import annotations

import json
import re

import pytest
from helpers import ROOT, content_project

from generator.languages import current as _configured

LANGUAGES = _configured().codes
from generator.errors import ContentError
from generator.render.pages import Renderer
from generator.validate.corpus import load_corpus
from generator.validate.coverage import coverage, gaps


def corpus():
    return load_corpus(ROOT / "playbook")


def test_every_section_of_every_article_is_carried_by_a_playbook():
    assert gaps(corpus()) == []


def test_sections_list_matches_the_seed_files_that_exist():
    seeds = ROOT.parent / "shared" / "seeds"
    listed = {a.file for a in corpus().sources.articles}
    if seeds.is_dir():
        assert listed == {p.name for p in seeds.glob("*.txt")}
    assert len(listed) == 5


def test_an_uncited_section_is_a_gap(tmp_path):
    content = content_project(tmp_path)
    sources = content / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace(
        '      - name: "Vinkkejä"\n', '      - "Vaihe 13"\n      - name: "Vinkkejä"\n'), encoding="utf-8")
    assert gaps(load_corpus(content)) == [("004_1d106220d2d25a9d.txt", "Vaihe 13")]


def test_coverage_page_names_the_playbook_and_step(tmp_path):
    c = corpus()
    page = Renderer(c).pages("en")["coverage.md"]
    assert "Gaps: <strong class=\"pb-ok\">0</strong>" in page
    assert '<a href="playbooks/angry-customer.html#step-empathise">Angry customer: 12 steps</a> → step: Show that you understand' in page
    table = coverage(c)
    assert any(cite.anchor == "tree-right-or-not" for cite in table["002_9fad388ceb9e95d7.txt"]["Когда просьба незаконна"])


def test_coverage_page_names_a_dozen_parts_per_section_then_counts_the_rest(monkeypatch):
    import re

    from generator.render import pages as render

    c = corpus()
    busiest = max((cites for sections in coverage(c).values() for cites in sections.values()), key=len)
    assert len(busiest) > 3
    monkeypatch.setattr(render, "COVERAGE_SHOWN", 3)  # as a section carried by hundreds of parts would be
    for lang, more in (("en", "and {} more"), ("fi", "ja muita osia: {}")):
        page = Renderer(c).pages(lang)["coverage.md"]
        row = next(r for r in page.split("<tr") if f'href="playbooks/{busiest[0].playbook.id}.html' in r
                   and f"<em>{more.format(len(busiest) - 3)}</em>" in r)
        assert len(re.findall(r'<a href="playbooks/', row)) == 3


def test_enough_playbooks_and_decision_trees_in_every_language():
    c = corpus()
    assert len(c.playbooks) >= 10
    assert sum(1 for pb in c.playbooks if pb.trees) >= 6
    assert c.settings.translations.require_complete  # so validation proved all four languages present


@pytest.mark.parametrize("lang,expected", [("en", "€75"), ("fi", "75\xa0€"), ("ru", "75\xa0€"), ("ar", "75\xa0€")])
def test_changing_an_amount_in_settings_changes_it_everywhere(tmp_path, lang, expected):
    content = content_project(tmp_path)
    settings = content / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("concede_limit: 50", "concede_limit: 75"),
                        encoding="utf-8")
    c = load_corpus(content)
    pages = Renderer(c).pages(lang)
    claims = pages["playbooks/claims-escalation.md"]
    assert expected in claims
    old = {"en": "€50", "fi": "50\xa0€", "ru": "50\xa0€", "ar": "50\xa0€"}[lang]
    assert not re.search(r"(?<![\d\s])" + re.escape(old) + r"(?![\d])", claims)
    # the tree's amount ranges follow the setting too
    data = json.loads(re.search(r'<script type="application/json" class="pb-tree-data">(.*?)</script>', claims).group(1))
    assert [a["up_to"] for a in data["nodes"]["amount"]["answers"]] == [75, 500, None]


def _amount_problems(tmp_path, answers: str):
    old = """        answers:
          - up_to: concede_limit
            next: concede
          - over: concede_limit
            up_to: department_limit
            next: department
          - over: department_limit
            next: management
"""
    content = content_project(tmp_path, {"claims-escalation.yaml": (old, answers)})
    with pytest.raises(ContentError) as info:
        load_corpus(content)
    return content, info.value.problems


def test_amount_range_gap_is_reported_with_file_and_line(tmp_path):
    content, probs = _amount_problems(tmp_path, """        answers:
          - up_to: 500
            next: concede
          - over: 501
            next: management
""")
    [p] = [p for p in probs if "lead nowhere" in p.message]
    assert p.message == "amounts over 500 up to 501 (e.g. 500.5) lead nowhere"
    assert p.file.endswith("claims-escalation.yaml") and p.path == "trees[0].nodes.amount.answers[1]"
    lines = (content / "playbooks" / "claims-escalation.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[p.line - 1].strip() == "- over: 501"


def test_amount_range_overlap_is_reported(tmp_path):
    _, probs = _amount_problems(tmp_path, """        answers:
          - up_to: department_limit
            next: concede
          - over: concede_limit
            next: management
""")
    assert any("overlap: amounts over 50 up to 500 match both" in p.message for p in probs)


def test_amount_range_no_value_reaches_is_reported(tmp_path):
    _, probs = _amount_problems(tmp_path, """        answers:
          - up_to: concede_limit
            next: concede
          - over: department_limit
            up_to: concede_limit
            next: department
          - over: department_limit
            next: management
""")
    assert any("no amount reaches this answer: over 500 and up to 50 is empty" in p.message for p in probs)


def test_amount_range_unknown_setting(tmp_path):
    _, probs = _amount_problems(tmp_path, """        answers:
          - up_to: concede_limt
            next: concede
          - over: concede_limt
            next: management
""")
    assert any(p.message == "`concede_limt` is not an amount in settings.yaml" and "concede_limit" in p.hint
               for p in probs)


def test_every_interface_string_exists_in_all_four_languages():
    from generator.render.uitext import ui_strings

    strings = ui_strings()
    for key, values in strings.items():
        assert set(values) == set(LANGUAGES), key
        for value in values.values():
            # a count string is a mapping of CLDR plural categories (always with `other`)
            forms = value if isinstance(value, dict) else {"other": value}
            assert "other" in forms and all(isinstance(v, str) and v.strip() for v in forms.values()), key


def test_hand_written_pages_exist_in_every_language():
    for lang in LANGUAGES:
        assert (ROOT / "docs" / lang / "guide.md").is_file()
