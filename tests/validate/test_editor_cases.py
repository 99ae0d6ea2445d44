"""The editor's cases the review rated partial (reviews/editors.md, "Twelve mistakes" 2, 6,
9; finding 6, 11, 12): each message points at the mistake's own line and says what to type,
in English and in Finnish. And `validate` says what a draft has left, never "Nothing was
built"."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from helpers import copy_project, run


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "p")


def validate(project: Path, lang: str) -> tuple[int, str, str]:
    return run("--project", str(project), "validate", "--lang", lang)


def line_of(path: Path, text: str, after: int = 0) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if n > after and line == text)


def edit_line(path: Path, number: int, expect: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[number - 1] == expect, lines[number - 1]
    lines[number - 1] = new
    path.write_text("\n".join(lines), encoding="utf-8")


def previous_item(path: Path, number: int) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return max(n for n, line in enumerate(lines[:number - 1], 1) if line.startswith("  - id:"))


ANGRY = "playbook/playbooks/angry-customer.yaml"


@pytest.mark.parametrize("lang, words", [
    ("en", ["YAML syntax error: `title` has no `:` after it", "fix: write `title:` (with the colon)"]),
    ("fi", ["kentän nimen `title` perästä puuttuu `:`", "korjaus: kirjoita `title:` (kaksoispisteen kanssa)"]),
])
def test_a_key_without_its_colon_is_reported_at_its_own_line(project, lang, words):
    at = line_of(project / ANGRY, "  - id: listen") + 1
    edit_line(project / ANGRY, at, "    title:", "    title")
    code, _, err = validate(project, lang)
    assert code == 1
    assert f"{ANGRY}:{at}:" in err and f"{ANGRY}:{at + 1}:" not in err
    for w in words:
        assert w in err, err
    assert "Nothing was built" not in err and "Mitään ei rakennettu" not in err


@pytest.mark.parametrize("lang, line, indent, words", [
    ("en", "    - id: listen", 4, ["this list item is indented further than the item before it (4 spaces here, 2 spaces "
                                   "on line {item})", "fix: start it with 2 spaces before the `-`, like the item on line "
                                   "{item}"]),
    ("en", " - id: listen", 1, ["this list item is indented less far than the item before it (1 space here, 2 spaces "
                                "on line {item})"]),
    ("fi", "    - id: listen", 4, ["tämä luettelon kohta on sisennetty syvemmälle kuin edellinen kohta",
                                   "rivillä {item}: 2 välilyöntiä", "kuten rivillä {item}"]),
])
def test_a_list_item_indented_wrongly_is_compared_with_the_item_before_it(project, lang, line, indent, words):
    at = line_of(project / ANGRY, "  - id: listen")
    item = previous_item(project / ANGRY, at)
    edit_line(project / ANGRY, at, "  - id: listen", line)
    code, _, err = validate(project, lang)
    assert code == 1
    assert f"{ANGRY}:{at}:{indent + 1}:" in err, err
    for w in words:
        assert w.format(item=item) in err, err
    assert "less far than the line above" not in err


@pytest.mark.parametrize("lang, words", [
    ("en", ["step 2 › title › fi: placeholder `{summa}` is not defined; the English has {concede_limit} here",
            "fix: write {concede_limit} in place of {summa}"]),
    ("fi", ["paikkamerkkiä `{summa}` ei ole määritelty; englanninkielisessä tekstissä tässä on {concede_limit}",
            "korjaus: kirjoita {concede_limit} paikkamerkin {summa} tilalle"]),
])
def test_a_foreign_placeholder_names_the_english_one_it_replaces(project, lang, words):
    path = project / "playbook/playbooks/claims-escalation.yaml"
    at = line_of(path, '      fi: "Enintään {concede_limit}: hyväksy vaatimus heti"')
    edit_line(path, at, '      fi: "Enintään {concede_limit}: hyväksy vaatimus heti"',
              '      fi: "Enintään {summa}: hyväksy vaatimus heti"')
    code, _, err = validate(project, lang)
    assert code == 1
    assert f"playbook/playbooks/claims-escalation.yaml:{at}:" in err
    for w in words:
        assert w in err, err
    assert "{gifts}" not in err  # no list of every placeholder when the English names the one meant


@pytest.mark.parametrize("lang, summary", [("en", "phone-complaint: draft, {n} TODOs left"),
                                           ("fi", "phone-complaint: luonnos, {n} TODO-kohtaa jäljellä")])
def test_validate_says_how_many_todos_a_draft_has_left(project, lang, summary):
    assert run("--project", str(project), "new", "phone-complaint")[0] == 0
    path = project / "playbook/playbooks/phone-complaint.yaml"
    text = path.read_text(encoding="utf-8")
    total = sum(line.count("TODO") for line in text.splitlines() if not line.lstrip().startswith("#"))
    code, out, err = validate(project, lang)
    assert code == 0, err
    assert summary.format(n=total) in out, out
    # filling in one text leaves one fewer
    path.write_text(text.replace('en: "TODO: a short title staff will recognise"', 'en: "Phone complaints"', 1),
                    encoding="utf-8")
    assert summary.format(n=total - 1) in validate(project, lang)[1]


def test_the_stub_covers_article_search_terms_and_home_page_routing(project):
    code, out, err = run("--project", str(project), "new", "phone-complaint", "--article", "004_1d106220d2d25a9d.txt")
    assert code == 0, err
    text = (project / "playbook/playbooks/phone-complaint.yaml").read_text(encoding="utf-8")
    assert "article: \"004_1d106220d2d25a9d.txt\"" in text
    assert "--article FILE" in text and "first:" in text and "also:" in text
    assert "\nsearch_terms:\n  en: \"TODO" in text
    for lang in ("en", "fi", "ru", "ar"):
        guide = (project / "docs" / lang / "guide.md").read_text(encoding="utf-8")
        assert "--article" in guide and "search_terms:" in guide and "`first:`" in guide, lang


@pytest.mark.parametrize("lang, words", [
    ("en", ["the msgid (the English) of this entry was edited in the PO file", "msgid in your file:",
            "fix: put the English back as it was"]),
    ("fi", ["tämän merkinnän msgid (englanninkielinen teksti) on muutettu PO-tiedostossa",
            "korjaus: palauta msgid-rivin englanninkielinen teksti ennalleen"]),
])
def test_a_msgid_edited_by_the_translator_is_reported_as_such(project, tmp_path, lang, words):
    code, _, err = run("--project", str(project), "translations", "export", "--out", str(tmp_path / "po"),
                       "--lang", "fi")
    assert code == 0, err
    path = tmp_path / "po" / "fi.po"
    po = polib.pofile(str(path), wrapwidth=0)
    entry = po.find("angry-customer/steps/listen/title", by="msgctxt")
    entry.msgid = "Listen carefully"
    entry.msgstr = "Kuuntele tarkasti"
    po.save(str(path))
    code, _, err = run("--project", str(project), "translations", "import", str(path), "--lang", lang)
    assert code == 1
    for w in words:
        assert w in err, err
    assert "the English changed" not in err and "English you translated" not in err
    # The four versions line up under each other, however long the labels are in the language.
    lines = err.splitlines()
    columns = {next(line.index(v) for line in lines if line.rstrip().endswith(v))
               for v in ("Listen carefully", "Listen actively", "Kuuntele tarkasti", "Kuuntele aktiivisesti")}
    assert len(columns) == 1, err
