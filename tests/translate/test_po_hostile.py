"""Hostile PO files (reviews/editors.md, hostile files 03, 06b, 11, 12): each is refused at
its PO line with a plain message, exit 1, and the YAML stays byte-identical. Also: an
export never overwrites a translator's work not yet imported, and `confirm` touches only
what the editor changed."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import polib
import pytest
from helpers import ROOT, copy_project, run

from generator.translate import pocheck, posyntax
from generator.translate.status import categories


def snapshot(folder: Path) -> dict:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "p")


def export(project: Path, lang: str, to: Path) -> Path:
    code, _, err = run("--project", str(project), "translations", "export", "--out", str(to), "--lang", lang)
    assert code == 0, err
    return to / f"{lang}.po"


def do_import(project: Path, *files: Path, lang: str = "en") -> tuple[int, str, str]:
    return run("--project", str(project), "translations", "import", *map(str, files), "--lang", lang)


def refused(project: Path, before: dict, code: int, err: str) -> None:
    assert code == 1, err
    assert "Traceback" not in err
    assert snapshot(project / "playbook") == before


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if needle in line)


def plural_entry(po: polib.POFile, category: str) -> polib.POEntry:
    return next(e for e in po if (e.msgctxt or "").endswith("#" + category) and e.msgstr)


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_a_plural_form_finnish_does_not_have_is_refused_at_its_line(project, tmp_path, lang):
    path = export(project, "fi", tmp_path / "po")
    po = polib.pofile(str(path), wrapwidth=0)
    other = plural_entry(po, "other")
    assert "few" not in categories("fi")
    extra = polib.POEntry(msgctxt=other.msgctxt[:-len("other")] + "few", msgid=other.msgid,
                          msgstr="VÄÄRÄ MUOTO " + other.msgstr)
    po.append(extra)
    po.save(str(path))
    before = snapshot(project / "playbook")
    code, _, err = do_import(project, path, lang=lang)
    refused(project, before, code, err)
    line = line_of(path, 'msgstr "VÄÄRÄ MUOTO')
    assert f"fi.po:{line}:" in err
    if lang == "en":
        assert "Finnish has no plural form `few` (it has one, other)" in err
    else:
        assert "monikkomuotoa `few` ei ole" in err


@pytest.mark.parametrize("raw, code", [("\x00", "U+0000"), ("\x1b[2J", "U+001B"), ("\x7f", "U+007F"),
                                        ("\u2028", "U+2028")])
def test_control_characters_are_refused_at_their_line(project, tmp_path, raw, code):
    path = export(project, "fi", tmp_path / "po")
    po = polib.pofile(str(path), wrapwidth=0)
    entry = next(e for e in po if e.msgctxt == "angry-customer/steps/listen/title")
    text = path.read_text(encoding="utf-8")
    good = f'msgstr "{entry.msgstr}"'
    bad = f'msgstr "Kuuntele{raw}tarkasti"'
    path.write_text(text.replace(good, bad), encoding="utf-8")
    before = snapshot(project / "playbook")
    code_, _, err = do_import(project, path)
    refused(project, before, code_, err)
    line = line_of(path, 'msgstr "Kuuntele')
    assert f"fi.po:{line}:" in err and f"invisible control character ({code})" in err


@pytest.mark.parametrize("escape", ["\\a", "\\x01", "\\0", "\\r"])
def test_control_characters_written_as_escapes_are_refused(project, tmp_path, escape):
    path = export(project, "fi", tmp_path / "po")
    po = polib.pofile(str(path), wrapwidth=0)
    entry = next(e for e in po if e.msgctxt == "angry-customer/steps/listen/title")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f'msgstr "{entry.msgstr}"', f'msgstr "Kuuntele{escape}tarkasti"'), encoding="utf-8")
    before = snapshot(project / "playbook")
    code, _, err = do_import(project, path)
    refused(project, before, code, err)
    line = line_of(path, 'msgstr "Kuuntele')
    assert f"fi.po:{line}:" in err and "invisible control character" in err


@pytest.mark.parametrize("wrapped", [False, True])
def test_an_oversized_translation_is_refused_at_its_line_quickly(project, tmp_path, wrapped):
    path = export(project, "fi", tmp_path / "po")
    po = polib.pofile(str(path), wrapwidth=0)
    entry = next(e for e in po if e.msgctxt == "angry-customer/steps/listen/title")
    huge = "a" * 5_000_000  # one run without spaces: what made the old check quadratic
    body = ('"' + '"\n"'.join(huge[i:i + 77] for i in range(0, len(huge), 77)) + '"') if wrapped else f'"{huge}"'
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f'msgstr "{entry.msgstr}"', f'msgstr ""\n{body}' if wrapped else f"msgstr {body}"),
                    encoding="utf-8")
    before = snapshot(project / "playbook")
    started = time.process_time()
    code, _, err = do_import(project, path)
    spent = time.process_time() - started
    refused(project, before, code, err)
    # generous: the whole import of the real file included; the quadratic check took hours
    assert spent < 20, spent
    msgstr_line = next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1)
                       if line.startswith('msgstr') and n > line_of(path, entry.msgctxt))
    assert f"fi.po:{msgstr_line}:" in err and "a playbook text is at most 5,000" in err
    assert err.count("a playbook text is at most") == 1


def test_the_letter_check_is_linear_on_text_without_spaces():
    # Counted, not timed: the work per character must not grow with the text's length.
    import re

    calls = []
    original = re.match

    def counting(pattern, string, *a, **k):
        calls.append(len(string))
        return original(pattern, string, *a, **k)

    for size in (10_000, 100_000):
        calls.clear()
        re.match = counting
        try:
            letters = pocheck._letters("x" * size + " mail a@b.fi http://e.fi/z " + "{company}")
        finally:
            re.match = original
        assert len(letters) == size + len("mail")
        assert sum(calls) <= 4 * (size + 40)  # each word looked at once


def test_a_po_file_of_another_project_is_refused_in_one_message(project, tmp_path):
    other = tmp_path / "fi.po"
    other.write_bytes((ROOT / "generator/languages/fi/messages.po").read_bytes())
    before = snapshot(project / "playbook")
    code, out, err = do_import(project, other)
    refused(project, before, code, err)
    assert "this is not a translation file of these playbooks" in err
    assert "Project-Id-Version:" in err
    assert len(err.strip().splitlines()) <= 4, err
    assert "no longer in the playbooks" not in out + err


def test_export_refuses_to_overwrite_translations_not_yet_imported(project, tmp_path):
    path = export(project, "fi", tmp_path / "po")
    po = polib.pofile(str(path), wrapwidth=0)
    entry = next(e for e in po if e.msgctxt == "angry-customer/steps/listen/title")
    entry.msgstr = "Kuuntele hyvin tarkasti"
    po.metadata["Last-Translator"] = "Translator <t@example.org>"
    po.save(str(path))
    saved = path.read_bytes()
    code, _, err = run("--project", str(project), "translations", "export", "--out", str(tmp_path / "po"))
    assert code == 1, err
    assert path.read_bytes() == saved
    assert f"fi.po:{line_of(path, 'Kuuntele hyvin tarkasti')}:" in err
    assert "not in the YAML yet" in err and "playbook translations import" in err
    assert not (tmp_path / "po" / "ru.po").exists()  # nothing written at all
    # once imported, the same export goes ahead
    assert do_import(project, path)[0] == 0
    code, _, err = run("--project", str(project), "translations", "export", "--out", str(tmp_path / "po"))
    assert code == 0, err
    assert "Kuuntele hyvin tarkasti" in path.read_text(encoding="utf-8")


def git(project: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True, text=True).stdout


def test_confirm_touches_only_the_files_the_editor_changed(project):
    git(project, "init", "-q")
    git(project, "-c", "user.name=t", "-c", "user.email=t@e", "add", "-A")
    git(project, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "start")
    target = project / "playbook/playbooks/angry-customer.yaml"
    text = target.read_text(encoding="utf-8")
    # the editor changes one title in English and Finnish together
    import yaml

    data = yaml.safe_load(text)
    title = data["steps"][0]["title"]
    new = text.replace(f'en: {title["en"]}', f'en: {title["en"]} now', 1).replace(
        f'fi: {title["fi"]}', f'fi: {title["fi"]} nyt', 1)
    assert new != text
    target.write_text(new, encoding="utf-8")
    code, out, err = run("--project", str(project), "translations", "confirm")
    assert code == 0, err
    changed = [line for line in git(project, "status", "--porcelain").splitlines()]
    assert changed == [" M playbook/playbooks/angry-customer.yaml"], changed


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_a_file_saved_in_another_encoding_is_refused_at_the_first_bad_line(project, tmp_path, encoding):
    path = export(project, "fi", tmp_path / "po")
    text = path.read_text(encoding="utf-8")
    po = polib.pofile(str(path), wrapwidth=0)
    entry = next(e for e in po if e.msgctxt == "angry-customer/steps/listen/title")
    text = text.replace(f'msgstr "{entry.msgstr}"', 'msgstr "Kuuntele tämä"')
    ascii_part = text[:text.index("Kuuntele tämä")]
    path.write_bytes(ascii_part.encode("utf-8") + text[len(ascii_part):].encode(encoding, errors="replace"))
    before = snapshot(project / "playbook")
    code, _, err = do_import(project, path)
    refused(project, before, code, err)
    assert f"fi.po:{ascii_part.count(chr(10)) + 1}:" in err and "the file is not UTF-8 text" in err
