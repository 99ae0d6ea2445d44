"""Editors' messages in fi, ru and ar: every message template in the code has a translation
in each catalog (generator/languages/<lang>/messages.po, in the language's pack) with the same
placeholders; the command line stays English unless asked (`--lang`)."""

from __future__ import annotations

import re
import subprocess

import pytest
from babel.messages.pofile import read_po
from helpers import copy_project, run

from generator.errors import ContentError, Problem
from generator.messages import TRANSLATED, catalog_path, extract, msg, msg_n, translate

_FIELD = re.compile(r"(?<!\{)\{([a-z_]*)\}(?!\})")


def fields(text: str) -> set[str]:
    return set(_FIELD.findall(text))


@pytest.fixture(scope="module")
def templates():
    found = extract()
    assert len(found) > 100  # the extractor reads the code's msg()/msg_n()/mark() calls
    return found


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_has_a_translation_with_the_same_placeholders(templates, lang):
    with catalog_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang)
    missing, wrong = [], []
    for msgid, plural in templates.items():
        entry = catalog.get(msgid)
        strings = entry.string if entry is not None else None
        if entry is None or entry.fuzzy or not strings or (isinstance(strings, tuple) and not all(strings)):
            missing.append(msgid)
            continue
        if plural is None:
            if fields(strings) != fields(msgid):
                wrong.append((msgid, strings))
            continue
        # Plural forms: each form uses the English placeholders; the count itself may be
        # written as a word ("مسافتان", two spaces), so {n} alone may be left out.
        assert isinstance(strings, tuple) and len(strings) == catalog.num_plurals, msgid
        english = fields(msgid) | fields(plural)
        for form in strings:
            if not (english - {"n"} <= fields(form) <= english):
                wrong.append((msgid, form))
    assert not missing, f"{lang}: no translation for {missing}"
    assert not wrong, f"{lang}: placeholders differ: {wrong}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_catalogs_pass_msgfmt(lang):
    """What translators' tools check (GNU msgfmt -c: format strings, plural forms)."""
    result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(catalog_path(lang))],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_plural_forms_follow_the_language():
    assert translate(msg_n("{n} space", "{n} spaces", 2), "ru") == "2 пробела"
    assert translate(msg_n("{n} space", "{n} spaces", 5), "ru") == "5 пробелов"
    assert translate(msg_n("{n} space", "{n} spaces", 21), "ru") == "21 пробел"
    assert translate(msg_n("{n} space", "{n} spaces", 2), "ar") == "مسافتان"
    assert translate(msg_n("{n} space", "{n} spaces", 4), "fi") == "4 välilyöntiä"


def test_a_message_is_translated_with_its_values_and_stays_english_by_default():
    problem = Problem("playbook/playbooks/x.yaml", 12, 3, "steps[1].body",
                      msg("unknown key `{key}`", key="bdoy"), msg("did you mean `{option}`?", option="body"))
    assert problem.message == "unknown key `bdoy`"  # a plain str for everything that reads it
    assert problem.format() == ("playbook/playbooks/x.yaml:12:3: step 2 › body: unknown key `bdoy`\n"
                                "    fix: did you mean `body`?")
    assert problem.format("fi") == ("playbook/playbooks/x.yaml:12:3: vaihe 2 › body: tuntematon `bdoy`\n"
                                    "    korjaus: tarkoititko `body`?")
    assert "шаг 2 › body: неизвестное поле `bdoy`" in problem.format("ru")
    assert "الخطوة 2 › body" not in problem.format("ar") and "الخطوة 2" in problem.format("ar")
    assert ContentError([problem]).report("ru").startswith("Найдена 1 ошибка:")


def test_validate_is_english_unless_a_language_is_asked(tmp_path):
    project = copy_project(tmp_path / "p")
    path = project / "playbook" / "playbooks" / "angry-customer.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nid: angry-customer\n", "\nid: angry-customer\nstpes: []\n", 1), encoding="utf-8")

    # In-process (the command's main(argv)): the entry point itself is run as a program in
    # tests/cli/test_cli.py.
    english, finnish = (run("--project", str(project), "validate", *extra) for extra in ((), ("--lang", "fi")))
    assert english[0] == finnish[0] == 1
    assert "unknown key `stpes`" in english[2]
    assert "tuntematon `stpes`" in finnish[2] and "unknown key" not in finnish[2]
    assert "Traceback" not in finnish[2]
    # validate never builds, so it does not end with "Nothing was built"
    assert "Nothing was built" not in english[2] and "Mitään ei rakennettu" not in finnish[2]
    assert f"{path.relative_to(project)}:" in finnish[2]  # file and line as before


def test_every_language_keeps_its_catalog_in_its_pack():
    """One shape for every language: the source language's pack has the interface strings,
    every other pack also its editor-messages catalog (generator/languages/<code>/messages.po);
    nothing is left in a folder of all languages."""
    from generator import languages
    from generator.messages import PACKS, SOURCE, TEMPLATE, catalog_languages

    for code in languages.packs():
        assert (PACKS / code / "ui.yaml").is_file(), code
    assert set(catalog_languages()) == set(languages.packs()) - {SOURCE}
    assert TEMPLATE.parent == PACKS and TEMPLATE.is_file()
    assert not (PACKS.parent / "locales").exists()


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_catalog_counts_by_the_same_rule_as_the_translators_po_files(lang):
    """A translator fills msgstr[0..n] in one order in every file: the editor-messages catalog's
    Plural-Forms is the one the PO export writes (GNU gettext's, where Babel's table differs)."""
    from generator.languages import plural_forms
    from generator.messages import new_catalog

    with catalog_path(lang).open("rb") as f:
        header = read_po(f, locale=lang).plural_forms
    squeeze = lambda text: re.sub(r"\s+", "", text).rstrip(";")  # noqa: E731
    assert squeeze(header) == squeeze(plural_forms(lang))
    fresh = read_po(__import__("io").BytesIO(new_catalog(lang)), locale=lang).plural_forms
    assert squeeze(fresh) == squeeze(plural_forms(lang))


def test_arabic_counts_take_the_form_their_number_needs():
    # 3-10: plural noun; 11-99: singular accusative (tamyiz); 100-102: singular genitive.
    said = {n: translate(msg_n("OK: {n} playbook valid.", "OK: {n} playbooks valid.", n), "ar") for n in (3, 11, 100)}
    assert "أدلة" in said[3]
    assert "دليلًا" in said[11]
    assert "دليل " in said[100] and "دليلًا" not in said[100]
