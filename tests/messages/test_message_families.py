"""Every family of messages an editor or a translator reads comes in their language when
asked: validation (editorial, consistency, routes, glossary, tree, text and id checks),
the PO import's refusals and its summary. File, line, exit code and "nothing written"
are the same as in English; the command line stays English unless asked (`--lang`)."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import polib
import pytest
from helpers import content_project, copy_project, line_of, run

from generator.errors import ContentError
from generator.messages import TRANSLATED, Rows, join, msg, translate, translated
from generator.validate.corpus import load_corpus

PB = "angry-customer.yaml"

# One mistake per family of checks: (file under playbook/, text to replace, replacement,
# a piece of the English message the mistake must give, so the edit cannot miss its check).
MISTAKES = {
    "editorial: review dates": (f"playbooks/{PB}", "review_by: 2027-06-30", "review_by: 2026-01-01",
                                "the next review cannot be due before the last one happened"),
    "editorial: TODO in a published playbook": (f"playbooks/{PB}", '  en: "Angry customer: 12 steps"',
                                                '  en: "TODO: angry customer"', "still has a TODO placeholder"),
    "editorial: typographic quotes": (f"playbooks/{PB}", '  en: "Angry customer: 12 steps"',
                                      "  en: “Angry customer”", "typographic quote “"),
    "consistency: money back declined": (f"playbooks/{PB}", "calmly ask the customer to leave.",
                                         "give the customer a refund and ask them to leave.",
                                         "its `kind:` is `declined`"),
    "glossary: a variant to avoid": (f"playbooks/{PB}", '  fi: "Vihainen asiakas: 12 vaihetta"',
                                     '  fi: "Vihainen asiakas: 12 vaihetta ja reklamaatio"',
                                     "the glossary says not to use"),
    "routes: a situation's first playbook": ("settings.yaml", "    first: angry-customer\n",
                                             "    first: angry-customr\n", "is not a playbook"),
    "ids: id and file name": (f"playbooks/{PB}", "\nid: angry-customer\n", "\nid: angry-customers\n",
                              "differs from the file name"),
    "texts: a missing translation": (f"playbooks/{PB}", '  ar: "العميل الغاضب: 12 خطوة"\n', "",
                                     "the Arabic translation is missing"),
}


def problems_of(tmp_path: Path, name: str) -> tuple[Path, list]:
    file, old, new, english = MISTAKES[name]
    content = content_project(tmp_path)
    path = content / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_corpus(content)
    found = info.value.problems
    assert any(english in p.message for p in found), [p.format() for p in found]
    return path, found


@pytest.mark.parametrize("name", MISTAKES)
def test_each_family_of_checks_speaks_every_language(tmp_path, name):
    _, found = problems_of(tmp_path, name)
    for problem in found:
        for lang in TRANSLATED:
            assert translated(problem.message, lang), (lang, problem.message)
            assert not problem.hint or translated(problem.hint, lang), (lang, problem.hint)
            shown = problem.format(lang)
            assert problem.message not in shown and (not problem.hint or problem.hint not in shown), shown
            assert f"{problem.file}:{problem.line}:{problem.column}:" in shown  # located as in English


def test_validate_in_russian_names_the_review_dates_with_file_and_line(tmp_path):
    project = copy_project(tmp_path / "p")
    path = project / "playbook" / "playbooks" / PB
    path.write_text(path.read_text(encoding="utf-8").replace("review_by: 2027-06-30", "review_by: 2026-01-01"),
                    encoding="utf-8")
    code, _, err = run("--project", str(project), "validate", "--lang", "ru")
    assert code == 1, err
    line = line_of(path, "review_by: 2026-01-01")
    assert f"playbook/playbooks/{PB}:{line}:12: review_by: `review_by: 2026-01-01` раньше, чем " \
           "`reviewed: 2026-11-22`: следующая проверка не может быть назначена на день раньше предыдущей" in err, err
    assert "как исправить: поставьте в `review_by:` более позднюю дату" in err
    assert "Найдена 1 ошибка:" in err and "Сайт не собран" not in err  # validate never builds
    assert "is before" not in err and "Traceback" not in err
    code, _, english = run("--project", str(project), "validate")
    assert code == 1 and "`review_by: 2026-01-01` is before `reviewed: 2026-11-22`" in english


def test_numbers_in_messages_are_written_as_each_language_writes_them(tmp_path):
    """A text over the length limit: the counts are grouped the English way in English and
    with the language's own separator (a no-break space) in Finnish and Russian."""
    project = copy_project(tmp_path / "p")
    path = project / "playbook" / "playbooks" / PB
    lines = path.read_text(encoding="utf-8").split("\n")
    first_fi = next(i for i, line in enumerate(lines) if line.startswith("  fi: "))
    lines[first_fi] = '  fi: "' + "Odota hetki. " * 500 + '"'  # 6,500 characters
    path.write_text("\n".join(lines), encoding="utf-8")
    code, _, english = run("--project", str(project), "validate")
    assert code == 1 and "the text is 6,500 characters long; the limit is 5,000" in english, english
    for lang in ("fi", "ru"):
        code, _, err = run("--project", str(project), "validate", "--lang", lang)
        assert code == 1 and "6\xa0500" in err and "5\xa0000" in err and "6,500" not in err, err


# --- the PO import, read by translators --------------------------------------------------

def snapshot(folder: Path) -> dict:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def export(project: Path, lang: str, to: Path) -> Path:
    code, _, err = run("--project", str(project), "translations", "export", "--out", str(to), "--lang", lang)
    assert code == 0, err
    return to / f"{lang}.po"


def test_a_refused_import_speaks_arabic_when_asked_and_writes_nothing(tmp_path):
    project = copy_project(tmp_path / "p")
    path = export(project, "fi", tmp_path / "po")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"Language: fi\\n"', '"Language: de\\n"'), encoding="utf-8")
    before = snapshot(project / "playbook")
    code, out, err = run("--project", str(project), "translations", "import", str(path), "--lang", "ar")
    assert code == 1 and out == "", err
    assert snapshot(project / "playbook") == before
    assert "الترويسة تقول `Language: de`" in err, err
    assert "اجعل ترويسة Language واحدة من: fi, ru, ar" in err
    assert "رُفض الاستيراد: لم يتغيّر أي ملف." in err
    assert re.search(r"fi\.po:\d+:1: ", err) and "header says" not in err and "Refused" not in err
    code, _, english = run("--project", str(project), "translations", "import", str(path))
    assert code == 1 and "the header says `Language: de`" in english and "Refused: no file was changed." in english


def test_a_po_syntax_mistake_speaks_finnish_with_its_line(tmp_path):
    project = copy_project(tmp_path / "p")
    path = export(project, "fi", tmp_path / "po")
    po = polib.pofile(str(path), wrapwidth=0)
    entry = next(e for e in po if e.msgctxt == "claims-escalation/steps/settle-early/title")
    good = f'msgstr "{entry.msgstr}"'
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(good, good[:-1]), encoding="utf-8")  # the closing quote lost
    line = line_of(path, good[:-1])
    before = snapshot(project / "playbook")
    code, _, err = run("--project", str(project), "translations", "import", "--lang", "fi", str(path))
    assert code == 1 and snapshot(project / "playbook") == before
    assert f"fi.po:{line}:" in err
    assert 'teksti alkaa lainausmerkillä ("), mutta tämän rivin lopussa ei ole loppulainausmerkkiä' in err
    # the fix and the reassurance inside it, both Finnish
    assert f'lisää " rivin {line} loppuun; käännöksesi säilyvät' in err
    assert "Tuonti hylättiin: tiedostoja ei muutettu." in err and "does not close" not in err


def test_a_conflict_shows_both_texts_under_russian_labels(tmp_path):
    project = copy_project(tmp_path / "p")
    path = export(project, "ru", tmp_path / "po")
    po = polib.pofile(str(path), wrapwidth=0)
    entry = next(e for e in po if e.msgctxt == "claims-escalation/steps/settle-early/title")
    entry.msgstr = "Решайте вопрос сразу"
    po.save(str(path))
    yaml_path = project / "playbook" / "playbooks" / "claims-escalation.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    yaml_path.write_text(text.replace(entry.msgid, entry.msgid + " now", 1), encoding="utf-8")  # the English moved on
    before = snapshot(project / "playbook")
    code, _, err = run("--project", str(project), "translations", "import", str(path), "--lang", "ru")
    assert code == 1 and snapshot(project / "playbook") == before, err
    assert "конфликт: английский текст изменился после экспорта этого файла" in err
    assert f"английский, который вы переводили: {entry.msgid}\n" in err
    assert f"английский сейчас:                 {entry.msgid} now\n" in err
    assert "ваш перевод:                       Решайте вопрос сразу" in err
    assert "English now" not in err and "your translation" not in err


def test_an_applied_import_reports_in_finnish_with_its_plural_forms(tmp_path):
    project = copy_project(tmp_path / "p")
    path = export(project, "fi", tmp_path / "po")
    po = polib.pofile(str(path), wrapwidth=0)
    next(e for e in po if e.msgctxt == "claims-escalation/steps/settle-early/title").msgstr = "Ratkaise asia ajoissa"
    po.save(str(path))
    code, out, err = run("--project", str(project), "translations", "import", "--lang", "fi", str(path))
    assert code == 0, err
    assert f"{path} (fi): 1 käännös otettu käyttöön, 0 vahvistettu ajan tasalla oleviksi;" in out, out
    assert "Muutettiin 1 tiedosto: playbook/playbooks/claims-escalation.yaml" in out
    assert "translation applied" not in out and "Changed" not in out


@pytest.mark.parametrize("n, ru, ar", [
    (1, "Изменён 1 файл: a", "تغيّر ملف واحد: a"),
    (2, "Изменены 2 файла: a", "تغيّر ملفان: a"),
    (5, "Изменено 5 файлов: a", "تغيّرت 5 ملفات: a"),
    (11, "Изменено 11 файлов: a", "تغيّر 11 ملفًا: a"),
    (21, "Изменён 21 файл: a", "تغيّر 21 ملفًا: a"),
    (100, "Изменено 100 файлов: a", "تغيّر 100 ملف: a"),
])
def test_counts_take_each_languages_plural_form(n, ru, ar):
    from generator.messages import msg_n

    changed = msg_n("Changed {n} file: {files}", "Changed {n} files: {files}", n, files="a")
    assert str(changed) == (f"Changed {n} file: a" if n == 1 else f"Changed {n} files: a")
    assert translate(changed, "ru") == ru and translate(changed, "ar") == ar


def test_arabic_counts_from_eleven_take_the_accusative_and_from_a_hundred_the_genitive():
    """Babel's gettext rule for Arabic numbers its forms zero, one, two, few, other (100-102 …),
    many (11-99): the catalog's fifth form is for 100, the sixth for 11."""
    from generator.messages import msg_n

    found = msg_n("{n} problem found:", "{n} problems found:", 11)
    assert translate(found, "ar") == "وُجد 11 خطأً:"
    assert translate(msg_n("{n} problem found:", "{n} problems found:", 100), "ar") == "وُجد 100 خطأ:"
    assert translate(msg_n("{n} space", "{n} spaces", 12), "ar") == "12 مسافةً"


def test_joined_lines_are_translated_line_by_line_and_survive_worker_processes():
    lines = join("\n", [msg("conflict: the English changed after this file was exported"),
                        Rows([(msg("English now:"), "Hello"), (msg("your translation:"), "Hei")])])
    assert lines == ("conflict: the English changed after this file was exported\n"
                     "    English now:      Hello\n"
                     "    your translation: Hei")
    back = pickle.loads(pickle.dumps(lines))
    # the values line up after the longest label as the language writes it
    assert translate(back, "fi") == ("ristiriita: englanninkielinen teksti on muuttunut sen jälkeen, kun tämä tiedosto vietiin\n"
                                     "    alkuteksti nyt: Hello\n"
                                     "    käännöksesi:    Hei")
    assert translated(back, "ar") and not translated(join("\n", [msg("x {y}", y=1)]), "ar")



# Every case of the bad-inputs corpus (tests/load/test_bad_inputs.py): each problem it gives,
# message and fix, has its words in every translated language.
from bad_inputs import CASES  # noqa: E402
from bad_inputs import PB as BAD_PB  # noqa: E402


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_bad_input_is_explained_in_every_language(tmp_path, case):
    content = content_project(tmp_path)
    if case.replace:
        path = content / "playbooks" / BAD_PB
        text = path.read_text(encoding="utf-8")
        assert case.replace[0] in text, f"set-up: {case.replace[0]!r} not in {BAD_PB}"
        path.write_text(text.replace(case.replace[0], case.replace[1], 1), encoding="utf-8")
    if case.raw is not None:
        (content / "playbooks" / case.file).write_bytes(case.raw)
    if case.settings:
        path = content / "settings.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(*case.settings, 1), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_corpus(content)
    found = info.value.problems
    assert any(case.expect in p.message for p in found), [p.format() for p in found]
    english = [(lang, text) for p in found for text in (p.message, p.hint) if text
               for lang in TRANSLATED if not translated(text, lang)]
    assert english == [], english
