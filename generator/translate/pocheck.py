"""Reading one translator's PO file for import: everything that must hold before any of it
is written back (po.import_po_files writes nothing unless every file passes).

- syntax as msgfmt reads it (posyntax.py), located at the PO file's own lines;
- the Language header names a translated language, the one in the file's name if it has
  one, and the texts are written in that language (its script; Finnish is not English);
- each translation keeps every placeholder of its English (a grammatical form may be
  named: `{supervisor:gen}`), adds none, and does not write a settings value ("50 €")
  where the English has its placeholder;
- conflicts: an entry whose translator worked from another English than the YAML's, or
  whose translation in the YAML changed since the export, is reported with both texts,
  never silently applied or reverted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import polib

from generator.errors import Problem
from generator import languages
from generator.messages import Rows, ScriptName, join, language, mark, msg
from generator.security.text import hidden_characters
from generator.translate import posyntax
from generator.translate.export import OPTIONAL_COUNT, PLACEHOLDER, RECORD, Unit, units
from generator.translate.status import CLDR_ORDER, Head, _digest, before, categories, state, translated_languages
from generator.validate.corpus import Corpus
from generator.validate.hidden import hidden_hint, hidden_message
from generator.validate.names import filled, gender_choices
from generator.grammar.names import without_choices

# The start of Unicode's character names for the letters of a script (CLDR's ISO 15924 code,
# languages.script); a script not listed here is not checked.
SCRIPT_LETTERS = {"Latn": "LATIN", "Cyrl": "CYRILLIC", "Arab": "ARABIC", "Grek": "GREEK", "Hebr": "HEBREW",
                  "Armn": "ARMENIAN", "Geor": "GEORGIAN", "Deva": "DEVANAGARI", "Beng": "BENGALI",
                  "Thai": "THAI", "Hang": "HANGUL", "Ethi": "ETHIOPIC", "Taml": "TAMIL"}
COUNTS = ("follow_up_days", "n")
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _letters(text: str) -> list[str]:
    # Addresses and e-mail addresses are not words of any language. Taken out word by word:
    # a pattern such as `\S+@\S+` would retry from every letter of a long run without spaces
    # (quadratic: a 20 KB text took seconds).
    words = [w for w in (text or "").split() if "@" not in w[1:-1] and not re.match(r"https?://", w)]
    return [ch for ch in PLACEHOLDER.sub(" ", without_choices(" ".join(words))) if ch.isalpha()]


def script_problem(text: str, lang: str) -> str | None:
    """Why `text` is not written in `lang`, or None. Short texts (names, codes) pass."""
    letters = _letters(text)
    if len(letters) < 4:
        return None
    code = languages.script(lang)
    prefix = SCRIPT_LETTERS.get(code)
    if prefix is None:
        return None
    share = sum(1 for ch in letters if unicodedata.name(ch, "").startswith(prefix)) / len(letters)
    if share < 0.5:
        return msg("is not written in {script} letters", script=ScriptName(code))
    source = languages.current().source
    common = frozenset(languages.pack(source).get("common_words") or ())
    if lang != source and common and languages.script(source) == code:
        # the same letters as the source language: a text left untranslated still passes the check above
        words = re.findall(r"[^\W\d_]+", PLACEHOLDER.sub(" ", without_choices(text)).lower())
        if len(words) >= 4 and sum(w in common for w in words) / len(words) >= 0.2:
            return msg("reads as {source}, not {language}", source=language(source), language=language(lang))
    return None


def _number_forms(value: float) -> list[str]:
    whole = int(value) == value
    base = [str(int(value))] if whole else [f"{value:g}", f"{value:g}".replace(".", ","), f"{value:g}".replace(".", "٫")]
    return base + [b.translate(ARABIC_DIGITS) for b in base]


def hard_coded(corpus: Corpus, name: str, translation: str, lang: str) -> str | None:
    """The settings value of placeholder `name` written out in `translation`, or None."""
    company = corpus.settings.company
    if name in ("concede_limit", "department_limit", "rating_target", "follow_up_days"):
        for form in _number_forms(getattr(company, name)):
            m = re.search(rf"(?<![\d.,٫]){re.escape(form)}(?![\d]|[.,٫]\d)(\s?€)?", translation)
            if m:
                return m.group(0)
        return None
    if name == "emergency_number":
        return company.emergency_number if re.search(rf"(?<!\d){re.escape(company.emergency_number)}(?!\d)", translation) else None
    texts = {"supervisor": [company.supervisor], "company": [company.name], "gifts": list(company.gifts),
             "security_contact": [company.security_contact]}.get(name, [])
    for text in texts:
        values = [text.get(lang)] + list(((getattr(text, "forms", None) or {}).get(lang) or {}).values())
        for value in values:
            if isinstance(value, str) and len(value) >= 3 and value.lower() in translation.lower():
                return value
    return None


def placeholder_problems(corpus: Corpus, unit: Unit, english: str, translation: str, lang: str) -> list[tuple[str, str]]:
    """(message, fix) for each placeholder the translation loses, adds or writes out."""
    wanted = {m.group(1) for m in PLACEHOLDER.finditer(english)}
    have = {m.group(1) for m in PLACEHOLDER.finditer(translation)}
    out = []
    for name in sorted(wanted - have):
        if name in COUNTS and unit.category in OPTIONAL_COUNT:
            continue  # "one day" may be written as a word
        value = hard_coded(corpus, name, translation, lang)
        if value:
            out.append((msg("writes “{value}” where the English has {placeholder}: it would not follow the settings "
                            "when they change", value=value, placeholder="{" + name + "}"),
                        msg("write {placeholder} in place of “{value}”", placeholder="{" + name + "}", value=value)))
        else:
            out.append((msg("the translation lacks {placeholder}, which the English has", placeholder="{" + name + "}"),
                        msg("add {placeholder} where it belongs in the sentence (a grammatical form may be named, "
                            "e.g. {example})", placeholder="{" + name + "}", example="{" + name + ":gen}")
                        if name in ("supervisor", "company", "security_contact") else
                        msg("add {placeholder} where it belongs in the sentence", placeholder="{" + name + "}")))
    for name in sorted(have - wanted):
        out.append((msg("{placeholder} is not in the English", placeholder="{" + name + "}"),
                    msg("remove it, or check its spelling against the English's {names}",
                        names=", ".join("{" + w + "}" for w in sorted(wanted))) if wanted else
                    msg("remove it, or check its spelling against the English's text (it has no placeholders)")))
    return out


def _find(current: dict, by_context: dict, by_english: dict, e: polib.POEntry) -> Unit | None:
    """The unit a PO entry belongs to: by stable key, or (older files, positional lists)
    by its old key when the English still matches, else by its English within the same
    playbook when that is unique."""
    ctx = e.msgctxt or ""
    unit = current.get(ctx) or by_context.get(ctx)
    if unit is not None and unit.english() == e.msgid:
        return unit
    owner = ctx.split("/")[0] if ".yaml:" not in ctx else Path(ctx.split(":")[0]).stem
    if ctx.startswith("playbook/settings.yaml:"):
        owner = "settings"
    category = ctx.rpartition("#")[2] if "#" in ctx else None
    candidates = [u for u in by_english.get((owner, e.msgid), []) if u.category == category]
    if len(candidates) == 1:
        return candidates[0]
    return unit


@dataclass
class FileReport:
    """What the import did with one PO file, for the translator's summary."""

    name: str
    lang: str
    applied: list[str] = field(default_factory=list)
    confirmed: list[str] = field(default_factory=list)
    fuzzy: int = 0
    untranslated: int = 0
    kept_newer: list[str] = field(default_factory=list)  # unchanged by the translator; disk is newer
    gone: list[str] = field(default_factory=list)  # the text no longer exists
    lines: dict[str, int] = field(default_factory=dict)  # PO line of each applied entry


def read_po_file(corpus: Corpus, path: Path, head: Head | None = None):
    """(FileReport, changes, problems) for one PO file; changes are (YAML file, path, lang,
    value or None to confirm, msgctxt)."""
    head = head or Head(corpus.root)
    name = str(path)
    syntax, lines, po = posyntax.read_checked(path, name)
    if syntax:
        return FileReport(name, "?"), [], syntax
    lang = (po.metadata.get("Language") or "").strip().replace("-", "_").split("_")[0].lower()
    header_line = lines.get((None, ""), 1)
    report = FileReport(name, lang)
    if lang not in translated_languages():
        return report, [], [Problem(name, header_line, 1, "", msg("the header says `Language: {lang}`",
                                                                  lang=po.metadata.get('Language', '')),
                                    msg("set the header Language to one of {names} (Poedit: "
                                        "Translation > Properties > Language)", names=", ".join(translated_languages())))]
    stem = path.stem.lower()
    if stem in translated_languages() and stem != lang:
        return report, [], [Problem(name, header_line, 1, "",
                                    msg("the file is named {file} but its header says `Language: {lang}`",
                                        file=path.name, lang=lang),
                                    msg("if its texts are {named}, set the header Language to {stem}; "
                                        "if they are {language}, rename the file {lang}.po", named=language(stem),
                                        stem=stem, language=language(lang), lang=lang))]
    problems: list[Problem] = []
    changes = []
    script_misses: list[tuple[int, str, str]] = []
    checked = 0
    all_units = units(corpus, lang)
    current = {u.msgctxt: u for u in all_units}
    by_context = {u.entry.context: u for u in all_units if u.category is None}
    by_english: dict[tuple, list[Unit]] = {}
    for u in all_units:
        by_english.setdefault((u.entry.owner, u.english()), []).append(u)
    known = 0  # entries that are texts of these playbooks: none means another project's file
    own = categories(lang)
    for e in po:
        if e.obsolete or e.msgid == "":
            continue
        line = lines.get((e.msgctxt, e.msgid), e.linenum)
        ctx = e.msgctxt or e.msgid[:40]
        category = ctx.rpartition("#")[2] if "#" in ctx else None
        if category in CLDR_ORDER and category not in own and e.msgstr and "fuzzy" not in e.flags:
            # (empty, as msgmerge adds them from the template, which has every language's forms: harmless)
            known += 1
            problems.append(Problem(name, line, 1, ctx, msg("{language} has no plural form `{form}` (it has {forms})",
                                                            language=language(lang), form=category,
                                                            forms=", ".join(own)),
                                    msg("delete this entry: the entries for {forms} hold every form {language} "
                                        "needs", forms=", ".join(f"#{c}" for c in own),
                                        language=language(lang))))
            continue
        if _find(current, by_context, by_english, e) is not None:
            known += 1
        if "fuzzy" in e.flags:
            report.fuzzy += 1
            continue
        if not e.msgstr:
            report.untranslated += 1
            continue
        unit = _find(current, by_context, by_english, e)
        record = RECORD.search(f"{e.tcomment or ''}\n{e.comment or ''}")  # older files: an extracted comment
        base = record.group(3) if record and record.group(2) == lang else None
        touched = base is None or base != _digest(e.msgstr)
        if unit is None:
            if touched:
                report.gone.append(ctx)
            continue
        english, on_disk = unit.english(), unit.translation(lang)
        where = unit.msgctxt
        if e.msgstr == on_disk:
            if e.msgid == english and state(unit.entry.text, lang, before(corpus, unit.entry, head)) == "outdated":
                changes.append((unit.entry.file, unit.entry.path, lang, None, where))
                report.confirmed.append(where)
            continue
        if not touched:
            report.kept_newer.append(where)  # the translator left it; the YAML has a newer one
            continue
        checked += 1
        for _, what in hidden_characters(e.msgstr)[:1]:
            problems.append(Problem(name, line, 1, where, hidden_message(what), hidden_hint()))
        why = script_problem(e.msgstr, lang)
        if why:
            script_misses.append((line, where, why))
        for message, fix in placeholder_problems(corpus, unit, english, e.msgstr, lang):
            problems.append(Problem(name, line, 1, where, message, fix))
        # the same grammar checks as validation: gender choices, and the text with the settings filled in
        for _, message, fix in [*gender_choices(e.msgstr, lang, corpus.settings), *filled(e.msgstr, lang, corpus.settings)]:
            problems.append(Problem(name, line, 1, where, message, fix))
        if e.msgid != english and record and record.group(1) == _digest(english):
            # the English is what the file was written with: the translator changed the msgid
            problems.append(Problem(name, line, 1, where, _both(
                msg("the msgid (the English) of this entry was edited in the PO file; only the msgstr "
                    "(the translation) may change"), e.msgid, english, e.msgstr, on_disk, edited=True),
                msg("put the English back as it was (copy it from “English in the playbooks” above) and "
                    "import again; to change the English, edit the playbook's YAML")))
            continue
        if e.msgid != english:
            problems.append(Problem(name, line, 1, where, _both(
                msg("conflict: the English changed after this file was exported"), e.msgid, english, e.msgstr, on_disk),
                msg("export a fresh file into another folder (playbook translations export --out translations/new), "
                    "bring your translation across after checking it against the new English, and import that file")))
            continue
        if base is not None and on_disk is not None and base != _digest(on_disk):
            problems.append(Problem(name, line, 1, where, _both(
                msg("conflict: the translation in the YAML was changed after this file was exported"),
                None, english, e.msgstr, on_disk),
                msg("keep the one you want: to keep yours, export a fresh file into another folder, put your "
                    "translation in it and import that; to keep the other, undo your change to this entry")))
            continue
        value = {unit.category: e.msgstr} if unit.category else e.msgstr
        changes.append((unit.entry.file, unit.entry.path, lang, value, where))
        report.applied.append(where)
        report.lines[where] = line
    problems += _script_problems(name, lang, header_line, script_misses, checked)
    if not known and any(not e.obsolete and e.msgid for e in po):
        return report, [], [Problem(name, header_line, 1, "", msg(
            "this is not a translation file of these playbooks: none of its entries is a playbook text "
            "(its header says Project-Id-Version: {project})", project=po.metadata.get("Project-Id-Version", "")),
            msg("import the file written by `playbook translations export` or kept in playbook/translations/"))]
    return report, changes, problems


def _both(head: str, old_english: str | None, english: str, yours: str, on_disk: str | None,
          edited: bool = False) -> str:
    rows = []
    if edited:
        rows += [(msg("msgid in your file:"), old_english), (msg("English in the playbooks:"), english)]
    elif old_english is not None:
        rows += [(msg("English you translated:"), old_english), (msg("English now:"), english)]
    else:
        rows += [(msg("English:"), english)]
    rows += [(msg("your translation:"), yours), (msg("translation in YAML:"), on_disk or msg("(none)"))]
    return join("\n", [head, Rows(rows)])


def _script_problems(name: str, lang: str, header_line: int, misses: list, checked: int) -> list[Problem]:
    if not misses:
        return []
    lang_name = language(lang)
    if len(misses) >= 3 and len(misses) * 2 >= checked:
        line, _, why = misses[0]
        return [Problem(name, header_line, 1, "",
                        msg("the header says `Language: {lang}`, but {n} of {checked} translations "
                            "are not {language} (the first, at line {line}, {why})", lang=lang, n=len(misses),
                            checked=checked, language=lang_name, line=line, why=why),
                        msg("if this is another language's file, set its Language header (Poedit: Translation > "
                            "Properties > Language) and import it again; otherwise translate these texts into "
                            "{language}", language=lang_name))]
    return [Problem(name, line, 1, where, msg("this translation {why}", why=why), msg("write it in {language}", language=language(lang)))
            for line, where, why in misses]


def unimported(corpus: Corpus, path: Path) -> list[Problem]:
    """Why the PO file at `path` may not be replaced: the translations in it that the YAML
    does not hold yet (or whatever keeps it from being read), each at its line."""
    name = str(path)
    report, _, problems = read_po_file(corpus, path)
    if problems:
        return [Problem(name, p.line, p.column, p.where, msg(
            "this file holds work that is not in the YAML yet and cannot be imported as it is: {reason}",
            reason=p.message), msg("correct it and import it (playbook translations import {file}) before "
                                   "writing this file again, or write into another folder", file=name))
                for p in problems]
    return [Problem(name, report.lines[ctx], 1, ctx,
                    msg("this translation is not in the YAML yet: writing the file again would lose it"),
                    msg("import the file first (playbook translations import {file}), or write into another "
                        "folder", file=name)) for ctx in report.applied]
