"""Translation status, page notices, and the translator round-trip through gettext PO files."""

from __future__ import annotations

from pathlib import Path

import polib
from helpers import content_project, copy_project, run

from generator.site.build import build
from generator.project import Project
from generator.translate.export import export_po
from generator.translate.importer import import_po
from generator.translate.status import status
from generator.validate.corpus import load_corpus

OLD = "Give the customer your full attention: look at them, do not glance around or let"
NEW = "Give the customer all of your attention: look at them, do not glance around or let"


def snapshot(folder: Path) -> dict:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def test_real_content_is_fully_translated():
    from helpers import ROOT

    st = status(load_corpus(ROOT / "playbook"))
    for lang in ("fi", "ru", "ar"):
        assert st.by_lang[lang]["missing"] == 0 and st.by_lang[lang]["outdated"] == 0
        assert st.by_lang[lang]["translated"] > 400


def test_editing_english_makes_exactly_that_string_outdated_and_the_page_says_so(tmp_path):
    project = Project(copy_project(tmp_path / "p"))
    pb = project.content / "playbooks" / "angry-customer.yaml"
    pb.write_text(pb.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    st = status(load_corpus(project.content))
    for lang in ("fi", "ru", "ar"):
        outdated = [e.context for l, e in st.outdated if l == lang]
        assert outdated == ["playbook/playbooks/angry-customer.yaml:steps[1].body"]
    code, out, _ = run("--project", str(project.root), "status", "--check-outdated")
    assert code == 1 and "angry-customer" in out
    code, _, _ = run("--project", str(project.root), "status", "--check")  # settings: outdated allowed
    assert code == 0
    build(project)
    fi_page = (project.site / "fi" / "playbooks" / "angry-customer.html").read_text(encoding="utf-8")
    assert "Käännös on vanhentunut: tällä sivulla on 1 teksti, jonka" in fi_page
    en_page = (project.site / "en" / "playbooks" / "angry-customer.html").read_text(encoding="utf-8")
    assert "pb-notice" not in en_page
    other = (project.site / "fi" / "playbooks" / "is-customer-right.html").read_text(encoding="utf-8")
    assert "pb-notice" not in other
    status_page = (project.site / "ru" / "status.html").read_text(encoding="utf-8")
    # the Finnish row: every other string translated, none missing, exactly the edited one outdated
    fi_counts = st.by_lang["fi"]
    assert (fi_counts["missing"], fi_counts["outdated"]) == (0, 1) and fi_counts["translated"] > 400
    assert f"<td>финский</td><td>{fi_counts['translated']}</td><td>0</td><td>1</td>" in status_page.replace("\n", "")


def test_missing_translation_falls_back_to_english_when_settings_allow(tmp_path):
    project = Project(copy_project(tmp_path / "p"))
    settings = project.content / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("require_complete: true", "require_complete: false"),
                        encoding="utf-8")
    pb = project.content / "playbooks" / "angry-customer.yaml"
    pb.write_text(pb.read_text(encoding="utf-8").replace("      ar: استمع بانتباه\n", ""), encoding="utf-8")
    code, out, _ = run("--project", str(project.root), "status", "--check")
    assert code == 1
    build(project)
    page = (project.site / "ar" / "playbooks" / "angry-customer.html").read_text(encoding="utf-8")
    assert '<span class="pb-fallback" lang="en" dir="ltr" title="لم يُترجم بعد: معروض بالإنجليزية">Listen actively</span>' in page
    assert "الترجمة غير مكتملة: نص واحد في هذه الصفحة ما زال معروضًا بالإنجليزية." in page


def test_po_export_then_import_without_edits_changes_no_byte(tmp_path):
    content = content_project(tmp_path)
    before = snapshot(content)
    corpus = load_corpus(content)
    for lang in ("fi", "ru", "ar"):
        path = tmp_path / f"{lang}.po"
        export_po(corpus, lang).save(str(path))
        report = import_po(load_corpus(content), path)
        assert report.changed_files == [] and not report.files[0].gone and not report.files[0].applied
    assert snapshot(content) == before
    assert not list(content.rglob(".*.bak"))


def test_po_files_are_valid_gettext_with_context_and_fuzzy_flags(tmp_path):
    content = content_project(tmp_path)
    pb = content / "playbooks" / "angry-customer.yaml"
    pb.write_text(pb.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    path = tmp_path / "fi.po"
    export_po(load_corpus(content), "fi").save(str(path))
    po = polib.pofile(str(path))  # parses the saved file: a syntax error would raise
    assert po.metadata["Language"] == "fi" and "Plural-Forms" in po.metadata
    entry = po.find("angry-customer/steps/listen/body", by="msgctxt")
    assert entry.msgid.startswith(NEW[:40]) and "fuzzy" in entry.flags
    assert entry.msgstr.startswith("Anna asiakkaalle koko huomiosi")
    line = load_corpus(content).documents["angry-customer"].where(("steps", 1, "body"))[0]
    assert pb.read_text(encoding="utf-8").splitlines()[line - 2] == "    body:"  # the line of its English
    assert entry.occurrences == [("playbook/playbooks/angry-customer.yaml", str(line))]
    assert len(po.fuzzy_entries()) == 1 and len(po.untranslated_entries()) == 0


def test_an_edited_po_entry_lands_in_the_right_place(tmp_path):
    content = copy_project(tmp_path / "p") / "playbook"
    before = snapshot(content)
    path = tmp_path / "ru.po"
    po = export_po(load_corpus(content), "ru")
    entry = po.find("claims-escalation/steps/settle-early/title", by="msgctxt")
    entry.msgstr = "Решайте вопрос как можно раньше"
    po.save(str(path))
    code, out, _ = run("--project", str(content.parent), "translations", "import", str(path))
    assert code == 0, out
    after = snapshot(content)
    changed = [p for p in after if after[p] != before[p]]
    assert changed == [content / "playbooks" / "claims-escalation.yaml"]
    old_lines = before[changed[0]].decode().splitlines()
    new_lines = after[changed[0]].decode().splitlines()
    diff = [(a, b) for a, b in zip(old_lines, new_lines) if a != b]
    assert diff == [("      ru: Решайте на раннем этапе", '      ru: "Решайте вопрос как можно раньше"')]
    corpus = load_corpus(content)
    step = corpus.playbook("claims-escalation").steps[0]
    assert step.title.ru == "Решайте вопрос как можно раньше"
    assert status(corpus).by_lang["ru"]["outdated"] == 0


def test_importing_a_translation_for_an_outdated_string_makes_it_current(tmp_path):
    content = content_project(tmp_path)
    pb = content / "playbooks" / "angry-customer.yaml"
    pb.write_text(pb.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    po = export_po(load_corpus(content), "fi")
    entry = po.find("angry-customer/steps/listen/body", by="msgctxt")
    entry.msgstr = "Anna asiakkaalle kaikki huomiosi: katso häntä äläkä vilkuile ympärillesi."
    entry.flags.remove("fuzzy")
    path = tmp_path / "fi.po"
    po.save(str(path))
    import_po(load_corpus(content), path)
    st = status(load_corpus(content))
    assert st.by_lang["fi"]["outdated"] == 0 and st.by_lang["ru"]["outdated"] == 1


def test_cli_export_writes_one_po_per_language(tmp_path):
    content = copy_project(tmp_path / "p") / "playbook"
    code, out, _ = run("--project", str(content.parent), "translations", "export", "--out", str(tmp_path / "po"))
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "po").glob("*.po")) == ["ar.po", "fi.po", "ru.po"]
    assert "0 outdated (fuzzy), 0 untranslated" in out

