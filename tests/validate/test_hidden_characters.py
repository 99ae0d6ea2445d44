"""What staff read is what they copy (security review round 3, finding 4).

The review's script showed "Call +358 40 765 4321 now hidden" while its Copy button put
`+358 40 ‮1234 567‬` and `hid\u2060den\u00ad` on the clipboard, and a title carried ESC and
BEL. Bidi controls, invisible characters and C0/C1 controls are now refused in every text,
from YAML (at their own line and column, or at the value when written as an escape) and
from PO files (at the PO line), in the editor's language; the joiners Arabic and Persian
spelling needs stay allowed."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import polib
import pytest
from helpers import copy_project, line_of, run

from generator.security.text import HIDDEN

PB = Path("playbook") / "playbooks" / "angry-customer.yaml"


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "p")


def edit(project: Path, old: str, new: str, name: Path = PB) -> Path:
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_reviews_script_is_refused_at_each_character(project):
    path = edit(project, "Nobody enjoys", "Call +358 40 \u202e1234 567\u202c now \u200bhid\u2060den\u00ad Nobody enjoys")
    edit(project, '  en: "Angry customer: 12 steps"', '  en: "Angry customer: 12 steps \\e[31mRED\\a"')
    line = line_of(path, "Call +358 40")
    column = path.read_text(encoding="utf-8").splitlines()[line - 1].index("\u202e") + 1
    code, out, err = run("--project", str(project), "validate")
    assert code == 1 and "OK" not in out
    name = "playbook/playbooks/angry-customer.yaml"
    for char in ("U+202E RIGHT-TO-LEFT OVERRIDE", "U+202C POP DIRECTIONAL FORMATTING", "U+200B ZERO WIDTH SPACE",
                 "U+2060 WORD JOINER", "U+00AD SOFT HYPHEN"):
        assert f"invisible or control character, {char}" in err, char
    assert f"{name}:{line}:{column}: the text holds an invisible or control character, U+202E" in err
    assert f"{name}:4:7: title › en: the text holds an invisible or control character, U+001B" in err
    assert "\x1b" not in err and "\u202e" not in err  # the terminal shows neither


def test_the_problem_reads_in_the_editors_language(project):
    edit(project, "Nobody enjoys", "Nobody\u202e enjoys")
    for lang, words in (("fi", "näkymätön merkki"), ("ru", "невидимый или управляющий символ"),
                        ("ar", "حرف غير مرئي")):
        code, _, err = run("--project", str(project), "validate", "--lang", lang)
        assert code == 1 and words in err and "U+202E RIGHT-TO-LEFT OVERRIDE" in err, lang


FORBIDDEN = ["\u202a", "\u202b", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c",
             "\ufeff", "\u2061", "\u180e", "\u3164", "\U000e0041", "\x85", "\u2028", "\u034f"]


@pytest.mark.parametrize("char", FORBIDDEN, ids=[f"U+{ord(c):04X}" for c in FORBIDDEN])
def test_each_bidi_invisible_and_control_character_is_refused_in_russian_and_arabic(project, char):
    ru = (project / PB).read_text(encoding="utf-8").split("\n  ru: ", 1)[1].split("\n", 1)[0]
    ar = (project / PB).read_text(encoding="utf-8").split("\n  ar: ", 1)[1].split("\n", 1)[0]
    edit(project, ru, ru[:6] + char + ru[6:])
    edit(project, ar, ar[:6] + char + ar[6:])
    code, _, err = run("--project", str(project), "validate")
    assert code == 1 and err.count(f"U+{ord(char):04X}") == 2, err


def test_joiners_that_arabic_and_persian_spelling_need_are_allowed(project):
    ar = (project / PB).read_text(encoding="utf-8").split("\n  ar: ", 1)[1].split("\n", 1)[0]
    # ZWNJ as Persian writes "می‌خواهم", ZWJ joining a letter to a tatweel, an emoji with a variation selector
    edit(project, ar, ar[:6] + "می\u200cخواهم ل\u200dـ \u2764\ufe0f " + ar[6:])
    code, out, err = run("--project", str(project), "validate")
    assert code == 0, err
    assert not HIDDEN.search("\u200c\u200d\ufe0f\t\n")


def test_every_forbidden_character_is_invisible_or_a_control():
    """The list refuses only characters that show nothing (format or control categories, or
    blank fillers), never a letter a language writes."""
    for code in range(0x110000):
        char = chr(code)
        if HIDDEN.match(char):
            assert unicodedata.category(char) in ("Cc", "Cf", "Cn", "Zl", "Zp", "Mn", "Lo"), hex(code)
            if unicodedata.category(char) in ("Mn", "Lo"):
                assert code in (0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0, 0x17B4, 0x17B5), hex(code)


def test_a_translation_with_a_hidden_character_is_refused_at_its_po_line(project, tmp_path):
    code, _, err = run("--project", str(project), "translations", "export", "--out", str(tmp_path / "po"),
                       "--lang", "fi")
    assert code == 0, err
    path = tmp_path / "po" / "fi.po"
    po = polib.pofile(str(path), wrapwidth=0)
    entry = next(e for e in po if e.msgctxt == "angry-customer/title")
    entry.msgstr = "Vihainen asiakas: 12 \u202evaihetta"
    po.save()
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if "\u202evaihetta" in text)
    before = {p: p.read_bytes() for p in (project / "playbook").rglob("*") if p.is_file()}
    code, _, err = run("--project", str(project), "translations", "import", str(path), "--lang", "fi")
    assert code == 1 and f"{path}:{line}:1:" in err and "U+202E RIGHT-TO-LEFT OVERRIDE" in err, err
    assert "näkymätön merkki" in err
    assert {p: p.read_bytes() for p in (project / "playbook").rglob("*") if p.is_file()} == before


def test_no_message_prints_a_bidi_control_raw(project):
    """Other problems with the same value (here an unknown key) quote it escaped: a raw
    U+202E would reorder the rest of the line in a terminal or CI log."""
    edit(project, "\ntitle:", '\n"ab\u202ecd": 1\ntitle:')
    code, out, err = run("--project", str(project), "validate")
    assert code == 1 and "ab\\u202ecd" in err
    assert not HIDDEN.search(out + err)


def test_a_hand_written_page_with_a_hidden_character_is_refused_at_its_line(project):
    """docs/<lang>/guide.md and any extra page are read by staff like the playbooks."""
    guide = project / "docs" / "ar" / "guide.md"
    lines = guide.read_text(encoding="utf-8").splitlines()
    guide.write_text("\n".join([*lines, "اتصل على +971 4 \u202e123 4567\u202c الآن"]) + "\n", encoding="utf-8")
    code, _, err = run("--project", str(project), "build")
    assert code == 1, err
    assert f"docs/ar/guide.md:{len(lines) + 1}:" in err and "U+202E RIGHT-TO-LEFT OVERRIDE" in err
    assert not (project / "site").exists()
