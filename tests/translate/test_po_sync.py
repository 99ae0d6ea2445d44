"""The PO files kept in playbook/translations/ for Weblate and Crowdin, in step with the
YAML through `playbook translations sync`: stable bytes, msgmerge-like updates, a
translator's commit flowing into the YAML, conflicts refused, and the files as GNU gettext
and translate-toolkit read and write them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from helpers import ROOT, copy_project, run

from generator.translate.status import translated_languages

TRANSLATED = translated_languages()

PYTHON_BIN = Path(sys.executable).parent
FILES = ["playbooks.pot", *(f"{lang}.po" for lang in TRANSLATED)]
STEP = "claims-escalation/steps/settle-early/title"
BODY = "claims-escalation/steps/settle-early/body"


def snapshot(folder: Path) -> dict:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def git(project: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                          check=True, capture_output=True, text=True).stdout


@pytest.fixture
def project(tmp_path) -> Path:
    p = copy_project(tmp_path / "p")
    git(p, "init", "-q")
    git(p, "add", "playbook", "mkdocs.yml")
    git(p, "commit", "-qm", "start")
    return p


def sync(project: Path, *extra: str) -> tuple[int, str, str]:
    return run("--project", str(project), "translations", "sync", *extra)


def po(project: Path, name: str) -> polib.POFile:
    return polib.pofile(str(project / "playbook/translations" / name), wrapwidth=0)


def entry_blocks(text: str) -> dict[str, str]:
    """msgctxt -> the entry's lines, for comparing two versions of a file entry by entry."""
    out = {}
    for block in text.split("\n\n"):
        m = re.search(r'^(?:#~ )?msgctxt "(.*)"$', block, re.M)
        out[m.group(1) if m else "(header)"] = block
    return out


def test_the_repository_holds_the_template_and_one_po_file_per_language_in_step():
    folder = ROOT / "playbook/translations"
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILES)
    assert {polib.pofile(str(folder / f"{lang}.po")).metadata["Language"] for lang in TRANSLATED} == set(TRANSLATED)
    code, out, err = run("--project", str(ROOT), "translations", "sync", "--check")
    assert code == 0, err


def test_a_sync_on_an_unchanged_tree_changes_no_byte(project):
    before = snapshot(project / "playbook")
    code, out, err = sync(project)
    assert code == 0, err
    assert snapshot(project / "playbook") == before
    assert "no file was changed" in out
    assert sync(project, "--check")[0] == 0


def test_changing_an_english_step_text_marks_it_fuzzy_in_every_po_file_and_nothing_else(project):
    folder = project / "playbook/translations"
    old = {name: (folder / name).read_text(encoding="utf-8") for name in FILES}
    english = po(project, "fi.po").find(BODY, by="msgctxt").msgid
    yaml_file = project / "playbook/playbooks/claims-escalation.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace(f"en: {english}", "en: Even a small annoyance can grow. Deal with the claim at once.", 1),
                         encoding="utf-8")
    code, _, err = sync(project, "--check")
    assert code == 1 and "out of step with the YAML: playbook/translations/fi.po" in err
    assert [(folder / n).read_text(encoding="utf-8") for n in FILES] == list(old.values())  # --check wrote nothing
    code, out, err = sync(project)
    assert code == 0, err
    for name in FILES:
        new = (folder / name).read_text(encoding="utf-8")
        a, b = entry_blocks(old[name]), entry_blocks(new)
        assert a.keys() == b.keys()
        changed = sorted(k for k in a if a[k] != b[k])
        assert changed == ["(header)", BODY], (name, changed)
        header = [line for line in b["(header)"].splitlines() if line not in a["(header)"].splitlines()]
        assert all(line.startswith(('"POT-Creation-Date', '"PO-Revision-Date')) for line in header), header
        entry = po(project, name).find(BODY, by="msgctxt")
        assert entry.msgid == "Even a small annoyance can grow. Deal with the claim at once."
        if name.endswith(".po"):
            assert "fuzzy" in entry.flags and entry.previous_msgid == english
            assert entry.msgstr  # the old translation stays, for the translator to update
    # committed: the same files (the previous English is found in git's history)
    git(project, "commit", "-qam", "English changed")
    before = snapshot(project / "playbook")
    assert sync(project)[0] == 0 and snapshot(project / "playbook") == before


def test_a_translators_edit_committed_in_the_po_file_reaches_the_yaml(project):
    from translate.storage import pypo

    path = project / "playbook/translations/fi.po"
    store = pypo.pofile(path.read_bytes(), width=77)  # saved as Weblate saves: translate-toolkit, width 77
    unit = next(u for u in store.units if u.getcontext() == STEP)
    unit.target = "Ratkaise asia heti alkuun"
    path.write_bytes(bytes(store))
    code, out, err = sync(project)
    assert code == 0, err
    assert "into the YAML: fi.po: 1 applied" in out
    yaml_text = (project / "playbook/playbooks/claims-escalation.yaml").read_text(encoding="utf-8")
    assert re.search(r'fi: "?Ratkaise asia heti alkuun"?\n', yaml_text)
    assert po(project, "fi.po").find(STEP, by="msgctxt").msgstr == "Ratkaise asia heti alkuun"
    changed = git(project, "status", "--porcelain", "playbook").split()
    assert sorted(changed[1::2]) == ["playbook/playbooks/claims-escalation.yaml", "playbook/translations/fi.po"]
    # written back as GNU gettext writes it: msgcat changes nothing
    result = subprocess.run(["msgcat", "--width=79", str(path)], capture_output=True, text=True, check=True)
    assert result.stdout == path.read_text(encoding="utf-8")
    before = snapshot(project / "playbook")
    assert sync(project)[0] == 0 and snapshot(project / "playbook") == before


def test_a_text_changed_in_both_the_yaml_and_the_po_file_is_refused_by_name(project):
    path = project / "playbook/translations/fi.po"
    theirs = po(project, "fi.po")
    entry = theirs.find(STEP, by="msgctxt")
    yaml_file = project / "playbook/playbooks/claims-escalation.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace(f"fi: {entry.msgstr}", "fi: Editorin versio", 1),
                         encoding="utf-8")
    entry.msgstr = "Kääntäjän versio"
    theirs.save(str(path))
    before = snapshot(project / "playbook")
    code, _, err = sync(project)
    assert code == 1, err
    assert STEP in err and "Editorin versio" in err and "Kääntäjän versio" in err
    assert snapshot(project / "playbook") == before


def test_a_removed_text_becomes_obsolete_and_a_new_one_empty(project):
    settings = project / "playbook/settings.yaml"  # a team whose translators work after the editors
    settings.write_text(settings.read_text(encoding="utf-8").replace("require_complete: true",
                                                                      "require_complete: false"), encoding="utf-8")
    yaml_file = project / "playbook/playbooks/claims-escalation.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    start = text.index("  - id: settle-early\n")
    end = text.index("  - id: concede-small\n")
    removed = text[start:end]
    added = ("  - id: check-receipt\n    title:\n      en: Check the receipt first\n"
             + removed[removed.index("    body:"):])
    yaml_file.write_text(text[:start] + added + text[end:], encoding="utf-8")
    code, _, err = sync(project)
    assert code == 0, err
    for lang in TRANSLATED:
        file = po(project, f"{lang}.po")
        new = file.find("claims-escalation/steps/check-receipt/title", by="msgctxt")
        assert new.msgid == "Check the receipt first" and new.msgstr == "" and "fuzzy" not in new.flags
        old = [e for e in file if e.msgctxt == STEP]
        assert len(old) == 1 and old[0].obsolete and old[0].msgstr  # kept, as msgmerge keeps it: `#~`
        text = (project / f"playbook/translations/{lang}.po").read_text(encoding="utf-8")
        assert f'#~ msgctxt "{STEP}"' in text
    assert "claims-escalation/steps/check-receipt/title" in po(project, "playbooks.pot").find(
        "claims-escalation/steps/check-receipt/title", by="msgctxt").msgctxt
    before = snapshot(project / "playbook")
    assert sync(project)[0] == 0 and snapshot(project / "playbook") == before


@pytest.mark.parametrize("lang", TRANSLATED)
def test_gettext_tools_accept_the_files(project, lang, tmp_path):
    folder = project / "playbook/translations"
    path = folder / f"{lang}.po"
    result = subprocess.run(["msgfmt", "-c", "--statistics", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for name in (f"{lang}.po", "playbooks.pot"):
        cat = subprocess.run(["msgcat", "--width=79", str(folder / name)], capture_output=True, text=True, check=True)
        assert cat.stdout == (folder / name).read_text(encoding="utf-8"), name  # wrapped as gettext wraps
    # a platform that merges from the template (msgmerge) loses nothing: the next sync restores the file
    saved = path.read_bytes()
    subprocess.run(["msgmerge", "-q", "--width=79", "-U", "--backup=off", str(path), str(folder / "playbooks.pot")],
                   check=True)
    assert path.read_bytes() != saved
    code, _, err = sync(project)
    assert code == 0, err
    assert path.read_bytes() == saved


@pytest.mark.parametrize("lang", TRANSLATED)
def test_pofilter_brace_format_warns_only_on_entries_flagged_not_brace_format(project, lang, tmp_path):
    """pofilter's pythonbraceformat check ignores flags: it reads `{company:ela}` as another
    placeholder than `{company}`. Every entry it flags carries `no-python-brace-format`,
    which Weblate and msgfmt honour, so a Weblate check list stays clean."""
    out = tmp_path / "found.po"
    path = project / "playbook/translations" / f"{lang}.po"
    result = subprocess.run([str(PYTHON_BIN / "pofilter"), "--progress=none", f"--language={lang}",
                             "-t", "pythonbraceformat", str(path), str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # Obsolete entries (#~, kept for translators' memory) are not checked by Weblate or msgfmt.
    found = [e.msgctxt for e in polib.pofile(str(out)) if e.msgid and not e.obsolete] if out.exists() else []
    flags = {e.msgctxt: e.flags for e in polib.pofile(str(path)) if not e.obsolete}
    assert found, "the content has grammatical forms"
    assert all("no-python-brace-format" in flags[ctx] for ctx in found), found
    assert not any("python-brace-format" in flags[ctx] for ctx in found)


@pytest.mark.parametrize("catalog", ["fi", "ru", "ar"])
def test_the_writer_wraps_as_msgcat_on_other_texts_too(catalog, tmp_path):
    """More varied text than the playbooks: the generator's own message catalogs (backticks,
    colons, braces, quotes, Cyrillic and Arabic), rewritten by powrite and by msgcat. (Known
    gap: a break between the escapes \\\\ and \\" that msgcat makes; such entries are left out.)"""
    from generator.translate import powrite

    po = polib.pofile(str(ROOT / "generator/languages" / catalog / "messages.po"), wrapwidth=0)
    for e in [e for e in po if "\\" in e.msgid + e.msgstr + "".join(e.msgstr_plural.values())]:
        po.remove(e)
    path = tmp_path / "m.po"
    path.write_text(powrite.dumps(po), encoding="utf-8")
    cat = subprocess.run(["msgcat", "--width=79", str(path)], capture_output=True, text=True, check=True)
    assert cat.stdout == path.read_text(encoding="utf-8")
