"""A translator's PO file is checked whole before anything is written: every case the
reviewers found is refused (exit 1, located at the PO file's line, the YAML byte-identical)
or handled, run through the CLI as a translator would."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from helpers import copy_project, run

from generator.translate.export import units
from generator.translate.status import status
from generator.validate.corpus import load_corpus


def snapshot(folder: Path) -> dict:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "p")


def export(project: Path, lang: str, to: Path) -> polib.POFile:
    code, out, err = run("--project", str(project), "translations", "export", "--out", str(to), "--lang", lang)
    assert code == 0, err
    return polib.pofile(str(to / f"{lang}.po"), wrapwidth=0)


def do_import(project: Path, *files: Path) -> tuple[int, str, str]:
    return run("--project", str(project), "translations", "import", *map(str, files))


def first(po: polib.POFile, test) -> polib.POEntry:
    return next(e for e in po if e.msgid and test(e))


def line_in(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def refused(project: Path, before: dict, code: int, err: str) -> None:
    assert code == 1, err
    assert "Refused: no file was changed." in err and "Traceback" not in err
    assert snapshot(project / "playbook") == before


# --- syntax --------------------------------------------------------------------------------

def test_an_unclosed_quote_is_refused_at_its_line_keeping_the_translators_work(project, tmp_path):
    po = export(project, "fi", tmp_path / "po")
    entry = first(po, lambda e: e.msgctxt == "claims-escalation/steps/settle-early/title")
    path = tmp_path / "po" / "fi.po"
    text = path.read_text(encoding="utf-8")
    good = f'msgstr "{entry.msgstr}"'
    path.write_text(text.replace(good, good[:-1] + "x"), encoding="utf-8")  # the closing quote lost
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True).returncode != 0
    before = snapshot(project / "playbook")
    code, _, err = do_import(project, path)
    refused(project, before, code, err)
    line = line_in(path, good[:-1])
    assert f"fi.po:{line}:" in err and "does not close it" in err
    assert f'add " at the end of line {line}' in err and "your translations are kept" in err
    assert "export it again" not in err


BROKEN = {
    "unclosed quote": ('msgstr "{x}"', 'msgstr "{x}'),
    "text after the closing quote": ('msgstr "{x}"', 'msgstr "{x}" jotain'),
    "inner quote not escaped": ('msgstr "{x}"', 'msgstr "sano "kyllä" {x}"'),
    "unknown escape": ('msgstr "{x}"', 'msgstr "{x} \\q"'),
    "misspelt keyword": ('msgstr "{x}"', 'msgstring "{x}"'),
    "msgstr missing": ('msgstr "{x}"', ''),
    "entry twice": ('msgstr "{x}"', 'msgstr "{x}"\n\nmsgctxt "{c}"\nmsgid "{i}"\nmsgstr "{x}"'),
    "stray text line": ('msgstr "{x}"', 'msgstr "{x}"\n#. huomio\n"orpo rivi"'),
    "line break at the end lost": None,  # built below
    "lone brace where placeholders are checked": None,
}
FINE = {
    "escaped quote and backslash": ('msgstr "{x}"', 'msgstr "{x} \\"lainaus\\" \\\\"'),
    "wrapped over lines (Poedit)": ('msgstr "{x}"', 'msgstr ""\n"{x}"'),
    "trailing spaces after the quote": ('msgstr "{x}"', 'msgstr "{x}"   '),
    "text line after a blank line": ('msgstr "{x}"', 'msgstr "{x}"\n\n" jatkuu"'),
}


@pytest.mark.parametrize("case", sorted(BROKEN) + sorted(FINE))
def test_the_import_rejects_exactly_what_msgfmt_rejects(project, tmp_path, case):
    from generator.translate import posyntax

    po = export(project, "fi", tmp_path / "po")
    path = tmp_path / "po" / "fi.po"
    text = path.read_text(encoding="utf-8")
    if case == "lone brace where placeholders are checked":
        entry = first(po, lambda e: "python-brace-format" in e.flags)
        entry.msgstr = entry.msgstr + " {"
        po.save(str(path))
    elif case == "line break at the end lost":
        entry = first(po, lambda e: e.msgid.endswith("\n") or "\n" in e.msgid)
        entry.msgstr = entry.msgstr.rstrip("\n") + ("" if entry.msgid.endswith("\n") else "\n")
        po.save(str(path))
    else:
        entry = first(po, lambda e: e.msgctxt == "claims-escalation/steps/settle-early/title")
        old, new = (BROKEN.get(case) or FINE[case])
        fill = {"x": entry.msgstr, "c": entry.msgctxt, "i": entry.msgid}
        old, new = old.format(**fill), new.format(**fill)
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    msgfmt = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    ours = posyntax.check(path)
    assert (msgfmt.returncode != 0) == bool(ours) == (case in BROKEN), (msgfmt.stderr, ours)
    if ours:
        lines = {int(m) for m in re.findall(r"fi\.po:(\d+):", msgfmt.stderr)}
        assert {p.line for p in ours} & {n for ln in lines for n in (ln - 1, ln, ln + 1)}, (msgfmt.stderr, ours)


# --- the file's language ---------------------------------------------------------------------

def test_a_finnish_file_labelled_russian_is_refused(project, tmp_path):
    export(project, "fi", tmp_path / "po")
    path = tmp_path / "po" / "fi.po"
    labelled = tmp_path / "translations-ru.po"
    labelled.write_text(path.read_text(encoding="utf-8").replace('"Language: fi\\n"', '"Language: ru\\n"'),
                        encoding="utf-8")
    before = snapshot(project / "playbook")
    code, _, err = do_import(project, labelled)
    refused(project, before, code, err)
    assert "the header says `Language: ru`" in err and "are not Russian" in err and "Cyrillic" in err
    assert err.count("\n") < 8  # one message for the file, not one per string


def test_a_file_named_for_another_language_is_refused(project, tmp_path):
    export(project, "fi", tmp_path / "po")
    renamed = tmp_path / "ru.po"
    shutil.copy(tmp_path / "po" / "fi.po", renamed)
    before = snapshot(project / "playbook")
    code, _, err = do_import(project, renamed)
    refused(project, before, code, err)
    assert "named ru.po but its header says `Language: fi`" in err


def test_english_left_in_a_finnish_file_is_refused_where_it_is(project, tmp_path):
    po = export(project, "fi", tmp_path / "po")
    entry = first(po, lambda e: e.msgctxt == "claims-escalation/steps/settle-early/title")
    entry.msgstr = "Settle it as early as you can, before it grows"
    path = tmp_path / "po" / "fi.po"
    po.save(str(path))
    before = snapshot(project / "playbook")
    code, _, err = do_import(project, path)
    refused(project, before, code, err)
    assert f"fi.po:{line_in(path, entry.msgstr)}:" in err and "reads as English, not Finnish" in err


def test_latin_letters_in_an_arabic_file_are_refused(project, tmp_path):
    po = export(project, "ar", tmp_path / "po")
    entry = first(po, lambda e: e.msgctxt == "claims-escalation/steps/settle-early/title")
    entry.msgstr = "Ratkaise asia ajoissa"
    path = tmp_path / "po" / "ar.po"
    po.save(str(path))
    before = snapshot(project / "playbook")
    code, _, err = do_import(project, path)
    refused(project, before, code, err)
    assert "is not written in Arabic letters" in err and "write it in Arabic" in err


# --- placeholders --------------------------------------------------------------------------

def test_a_dropped_or_hard_coded_placeholder_is_refused_and_named(project, tmp_path):
    po = export(project, "fi", tmp_path / "po")
    amount = first(po, lambda e: "{concede_limit}" in e.msgstr)
    amount.msgstr = amount.msgstr.replace("{concede_limit}", "50 €")
    person = first(po, lambda e: "{supervisor" in e.msgid and re.search(r"\{supervisor(:\w+)?\}", e.msgstr))
    person.msgstr = re.sub(r"\{supervisor(:\w+)?\}", "", person.msgstr)
    path = tmp_path / "po" / "fi.po"
    po.save(str(path))
    before = snapshot(project / "playbook")
    code, _, err = do_import(project, path)
    refused(project, before, code, err)
    assert "writes “50 €” where the English has {concede_limit}" in err
    assert "fix: write {concede_limit} in place of “50 €”" in err
    assert "the translation lacks {supervisor}, which the English has" in err
    assert f"fi.po:{line_in(path, amount.msgstr)}:" in err


def test_a_placeholder_may_name_a_grammatical_form(project, tmp_path):
    po = export(project, "fi", tmp_path / "po")
    entry = first(po, lambda e: "{supervisor}" in e.msgid and "{supervisor}" in e.msgstr)
    entry.msgstr = entry.msgstr.replace("{supervisor}", "{supervisor:gen}")
    path = tmp_path / "po" / "fi.po"
    po.save(str(path))
    from generator.translate.pocheck import placeholder_problems

    unit = next(u for u in units(load_corpus(project / "playbook"), "fi") if u.msgctxt == entry.msgctxt)
    assert placeholder_problems(load_corpus(project / "playbook"), unit, entry.msgid, entry.msgstr, "fi") == []


# --- stable keys ---------------------------------------------------------------------------

def test_deleting_a_step_does_not_orphan_the_entries_after_it(project, tmp_path):
    po = export(project, "ru", tmp_path / "po")
    later = first(po, lambda e: e.msgctxt == "angry-customer/steps/restate/title")
    later.msgstr = "Перескажите своими словами, что вы услышали"
    path = tmp_path / "po" / "ru.po"
    po.save(str(path))
    pb = project / "playbook" / "playbooks" / "angry-customer.yaml"
    text = pb.read_text(encoding="utf-8")
    start, end = text.index("  - id: listen\n"), text.index("  - id: not-personal\n")
    pb.write_text(text[:start] + text[end:], encoding="utf-8")  # the editor deletes step 2
    code, out, err = do_import(project, path)
    assert code == 0, err
    step = next(s for s in load_corpus(project / "playbook").playbook("angry-customer").steps if s.id == "restate")
    assert step.title.ru == "Перескажите своими словами, что вы услышали"
    assert "1 translation applied" in out and "no longer in the playbooks" not in out


def test_a_file_in_the_old_position_keyed_format_still_imports(project, tmp_path):
    po = export(project, "ru", tmp_path / "po")
    for e in po:  # what the previous version wrote: file:path with list positions, no record
        e.comment = ""
    entry = first(po, lambda e: e.msgctxt == "claims-escalation/steps/settle-early/title")
    entry.msgctxt = "playbook/playbooks/claims-escalation.yaml:steps[0].title"
    entry.msgstr = "Решайте вопрос как можно раньше"
    path = tmp_path / "po" / "ru.po"
    po.save(str(path))
    code, out, err = do_import(project, path)
    assert code == 0, err
    assert load_corpus(project / "playbook").playbook("claims-escalation").steps[0].title.ru == \
        "Решайте вопрос как можно раньше"


# --- conflicts -----------------------------------------------------------------------------

def test_a_translation_of_an_older_english_is_a_conflict_with_both_texts(project, tmp_path):
    po = export(project, "fi", tmp_path / "po")
    entry = first(po, lambda e: e.msgctxt == "claims-escalation/steps/settle-early/title")
    entry.msgstr = "Ratkaise asia ajoissa"
    path = tmp_path / "po" / "fi.po"
    po.save(str(path))
    pb = project / "playbook" / "playbooks" / "claims-escalation.yaml"
    pb.write_text(pb.read_text(encoding="utf-8").replace(f"en: {entry.msgid}\n", "en: Settle it at once\n", 1),
                  encoding="utf-8")
    before = snapshot(project / "playbook")
    code, _, err = do_import(project, path)
    refused(project, before, code, err)
    assert "conflict: the English changed after this file was exported" in err
    assert f"English you translated: {entry.msgid}" in err and "English now:            Settle it at once" in err
    assert re.search(r"your translation: +Ratkaise asia ajoissa", err), err


def test_an_older_file_never_reverts_newer_translations(project, tmp_path):
    old = export(project, "fi", tmp_path / "old")  # a translator's copy, exported first
    newer = export(project, "fi", tmp_path / "new")
    ctx = "claims-escalation/steps/settle-early/title"
    first(newer, lambda e: e.msgctxt == ctx).msgstr = "Ratkaise asia heti alkuvaiheessa"
    newer.save(str(tmp_path / "new" / "fi.po"))
    assert do_import(project, tmp_path / "new" / "fi.po")[0] == 0
    # the old file, untouched at that entry, comes in later: the newer translation stays
    other = first(old, lambda e: e.msgctxt == "claims-escalation/steps/concede-small/title")
    other.msgstr = other.msgstr + " heti"
    old.save(str(tmp_path / "old" / "fi.po"))
    code, out, err = do_import(project, tmp_path / "old" / "fi.po")
    assert code == 0, err
    steps = load_corpus(project / "playbook").playbook("claims-escalation").steps
    assert steps[0].title.fi == "Ratkaise asia heti alkuvaiheessa" and steps[1].title.fi.endswith(" heti")
    assert f"kept the newer translation in the YAML (yours is unchanged since export): {ctx}" in out
    # the old file with its own edit of the same entry: a conflict, not a revert
    first(old, lambda e: e.msgctxt == ctx).msgstr = "Ratkaise asia mahdollisimman pian"
    old.save(str(tmp_path / "old" / "fi.po"))
    before = snapshot(project / "playbook")
    code, _, err = do_import(project, tmp_path / "old" / "fi.po")
    refused(project, before, code, err)
    assert "conflict: the translation in the YAML was changed after this file was exported" in err
    assert re.search(r"your translation: +Ratkaise asia mahdollisimman pian", err), err
    assert re.search(r"translation in YAML: +Ratkaise asia heti alkuvaiheessa", err), err


# --- several files -------------------------------------------------------------------------

def test_a_multi_file_import_is_all_or_nothing_and_says_what_happened(project, tmp_path):
    fi = export(project, "fi", tmp_path / "po")
    ru = export(project, "ru", tmp_path / "po")
    first(fi, lambda e: e.msgctxt == "claims-escalation/steps/settle-early/title").msgstr = "Ratkaise asia ajoissa"
    fi.save(str(tmp_path / "po" / "fi.po"))
    bad = first(ru, lambda e: "{concede_limit}" in e.msgstr)
    bad.msgstr = bad.msgstr.replace("{concede_limit}", "50")
    ru.save(str(tmp_path / "po" / "ru.po"))
    before = snapshot(project / "playbook")
    code, out, err = do_import(project, tmp_path / "po" / "fi.po", tmp_path / "po" / "ru.po")
    refused(project, before, code, err)
    assert "ru.po" in err and "fi.po" not in err and out == ""
    bad.msgstr = bad.msgstr.replace("50", "{concede_limit}", 1)
    first(ru, lambda e: e.msgctxt == "claims-escalation/steps/settle-early/title").msgstr = "Решайте вопрос сразу"
    ru.save(str(tmp_path / "po" / "ru.po"))
    code, out, err = do_import(project, tmp_path / "po" / "fi.po", tmp_path / "po" / "ru.po")
    assert code == 0, err
    assert "Changed 1 file: playbook/playbooks/claims-escalation.yaml" in out
    title = load_corpus(project / "playbook").playbook("claims-escalation").steps[0].title
    assert (title.fi, title.ru) == ("Ratkaise asia ajoissa", "Решайте вопрос сразу")
    assert not [p for p in (project / "playbook").rglob(".*") if p.is_file()]  # no .tmp, .bak or journal


def test_a_save_by_another_tool_applies_exactly_the_edits(project, tmp_path):
    po = export(project, "ar", tmp_path / "po")
    entry = first(po, lambda e: e.msgctxt == "claims-escalation/steps/settle-early/title")
    entry.msgstr = "احسم الأمر في أبكر وقت"
    po.metadata = dict(reversed(list(po.metadata.items())))  # header reordered, lines wrapped at 79
    po.wrapwidth = 79
    path = tmp_path / "po" / "ar.po"
    po.save(str(path))
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)]).returncode == 0
    before = snapshot(project / "playbook")
    code, out, err = do_import(project, path)
    assert code == 0, err
    after = snapshot(project / "playbook")
    assert [p.name for p in after if after[p] != before[p]] == ["claims-escalation.yaml"]
    assert status(load_corpus(project / "playbook")).by_lang["ar"]["outdated"] == 0


# --- plural forms (GRAMMAR.md §2): one entry per CLDR category ------------------------------

def test_plural_forms_export_with_example_numbers_and_import_each_on_its_own(project, tmp_path):
    po = export(project, "ru", tmp_path / "po")
    plural = [e for e in po if "#" in (e.msgctxt or "")]
    assert plural, "the real content has texts with a count"
    key = plural[0].msgctxt.rsplit("#", 1)[0]
    forms = {e.msgctxt.rsplit("#", 1)[1]: e for e in plural if e.msgctxt.startswith(key + "#")}
    assert sorted(forms) == ["few", "many", "one", "other"]
    assert "Plural form “few” of Russian: used for 2, 3, 4, 22, 23, 24…" in forms["few"].comment
    assert "used for 0, 5, 6, 7, 8, 9…" in forms["many"].comment
    forms["many"].msgstr = forms["many"].msgstr.replace("{follow_up_days}", "{follow_up_days} (ровно)", 1)
    path = tmp_path / "po" / "ru.po"
    po.save(str(path))
    code, out, err = do_import(project, path)
    assert code == 0, err
    entry = next(u.entry for u in units(load_corpus(project / "playbook"), "ru")
                 if u.msgctxt == forms["many"].msgctxt)
    assert entry.text.ru["many"] == forms["many"].msgstr
    assert entry.text.ru["few"] == forms["few"].msgstr  # the other forms as they were
    assert status(load_corpus(project / "playbook")).by_lang["ru"]["outdated"] == 0


def test_a_plural_form_may_say_the_number_in_words_but_not_drop_it_elsewhere(project, tmp_path):
    po = export(project, "ar", tmp_path / "po")
    two = first(po, lambda e: (e.msgctxt or "").endswith("#two") and "{follow_up_days}" in e.msgid)
    key = two.msgctxt.rsplit("#", 1)[0]
    two.msgstr = "تُجرى مكالمة المتابعة بعد يومين تقريبًا"  # changed, so it is checked
    few = first(po, lambda e: e.msgctxt == key + "#few")
    few.msgstr = few.msgstr.replace("{follow_up_days}", "ثلاثة")
    path = tmp_path / "po" / "ar.po"
    po.save(str(path))
    before = snapshot(project / "playbook")
    code, _, err = do_import(project, path)
    refused(project, before, code, err)
    assert f"{key}#few: the translation lacks {{follow_up_days}}" in err
    assert f"{key}#two" not in err


def test_a_disk_error_while_writing_is_a_message_and_changes_nothing(project, tmp_path, monkeypatch):
    from generator.load import yamledit

    po = export(project, "fi", tmp_path / "po")
    first(po, lambda e: e.msgctxt == "claims-escalation/steps/settle-early/title").msgstr = "Ratkaise asia heti"
    path = tmp_path / "po" / "fi.po"
    po.save(str(path))

    def disk_full(target, text):
        raise OSError(28, "No space left on device", str(target))

    monkeypatch.setattr(yamledit, "_write_tmp", disk_full)
    before = snapshot(project / "playbook")
    code, _, err = do_import(project, path)
    assert code == 1 and "could not write the files: No space left on device" in err
    assert err.strip().endswith("No file was changed.") and "Traceback" not in err
    assert snapshot(project / "playbook") == before


def test_list_items_without_ids_follow_their_english_when_one_is_deleted(project, tmp_path):
    """`do:` items have no id: their key is a position, and an entry whose position moved is
    found again by its English (unique within the playbook)."""
    po = export(project, "fi", tmp_path / "po")
    second = first(po, lambda e: e.msgctxt == "angry-customer/do/[1]/text")
    second.msgstr = second.msgstr + " Näin vältät väärinkäsitykset."
    path = tmp_path / "po" / "fi.po"
    po.save(str(path))
    pb = project / "playbook" / "playbooks" / "angry-customer.yaml"
    text = pb.read_text(encoding="utf-8")
    start = text.index("do:\n") + len("do:\n")
    end = text.index("  - text:", start + 1)
    pb.write_text(text[:start] + text[end:], encoding="utf-8")  # the first item deleted
    code, out, err = do_import(project, path)
    assert code == 0, err
    items = load_corpus(project / "playbook").playbook("angry-customer").do
    assert items[0].text.fi == second.msgstr and items[0].text.en == second.msgid


def test_unmarking_a_fuzzy_entry_confirms_the_translation_as_it_is(project, tmp_path):
    pb = project / "playbook" / "playbooks" / "claims-escalation.yaml"
    pb.write_text(pb.read_text(encoding="utf-8").replace("en: Settle it early\n", "en: Settle it early on\n", 1),
                  encoding="utf-8")
    po = export(project, "fi", tmp_path / "po")
    entry = first(po, lambda e: e.msgctxt == "claims-escalation/steps/settle-early/title")
    assert "fuzzy" in entry.flags
    entry.flags.remove("fuzzy")  # the translator read it: the Finnish still fits
    path = tmp_path / "po" / "fi.po"
    po.save(str(path))
    code, out, err = do_import(project, path)
    assert code == 0 and "1 confirmed as up to date" in out, err
    outdated = status(load_corpus(project / "playbook")).outdated
    assert sorted(lang for lang, e in outdated if e.key == entry.msgctxt) == ["ar", "ru"]
