"""`playbook language add CODE` / `playbook language remove CODE`: a language as data.

`add` writes the language's pack, generator/languages/<code>/, from what CLDR knows (through
Babel: its name, direction, script, plural categories, list pattern, quotation marks) and
the interface strings and editor messages of the source language marked untranslated, adds the code to settings.yaml
`languages:`, and says what a translator must fill in. The site builds at once: what is not
translated yet shows in the default language, marked on the page and counted by
`playbook status`. `remove` takes the code out of `languages:`; its pack and its texts in
the YAML files stay, so adding it back restores it.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from generator import languages
from generator.errors import UsageError
from generator.grammar.forms import plural_categories
from generator.load.yamledit import apply, insert_key, set_raw, write_all
from generator.load.yamlfile import load_file
from generator.project import Project

CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
# Scripts (ISO 15924) with no italic tradition: a browser slants them synthetically, so a
# language written in one gets `typography: emphasis: upright`. Arabic (also Persian, Urdu),
# Hebrew, Syriac, Thaana, N'Ko, Adlam; Chinese, Japanese and Korean (emphasis there is dots or
# weight, not slant). CLDR has no such property; the script itself comes from CLDR.
UPRIGHT_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Hans", "Hant", "Hani", "Jpan", "Kore"})


def _settings_languages(project: Project) -> tuple[object, list[str]]:
    path = project.content / "settings.yaml"
    doc = load_file(path, "playbook/settings.yaml")
    codes, _ = languages.from_data(doc.data)
    if "languages" not in (doc.data or {}):
        raise UsageError("playbook/settings.yaml has no `languages:` list; add one, e.g. `languages: [en, fi]`")
    return doc, [c for c in codes if isinstance(c, str)]


def _write_languages(project: Project, doc, codes: list[str], in_progress: list[str]) -> None:
    """settings.yaml with `languages:` and `translations: in_progress:` set; nothing else changes."""
    edits = set_raw(doc, ("languages",), _flow(codes))
    data = doc.data if isinstance(doc.data, dict) else {}
    policy = data.get("translations")
    text = doc.text
    if isinstance(policy, dict) and "in_progress" in policy:
        edits += set_raw(doc, ("translations", "in_progress"), _flow(in_progress))
    elif isinstance(policy, dict) and in_progress:
        edits += insert_key(doc, ("translations",), "in_progress", _flow(in_progress))
    elif in_progress:
        text = text.rstrip("\n") + "\n\ntranslations:\n  in_progress: " + _flow(in_progress) + "\n"
    new = apply(text, edits)
    write_all({project.content / "settings.yaml": new}, project.content)


def _flow(codes: list[str]) -> str:
    return "[" + ", ".join(codes) + "]"


def _in_progress(doc) -> list[str]:
    policy = (doc.data or {}).get("translations") if isinstance(doc.data, dict) else None
    found = policy.get("in_progress") if isinstance(policy, dict) else None
    return [c for c in found if isinstance(c, str)] if isinstance(found, list) else []


def _list_separator(code: str) -> str:
    """The separator between list items in CLDR's list pattern ("{0}, {1}"; Arabic "{0}، {1}")."""
    pattern = languages.locale(code).list_patterns.get("standard", {}).get("middle", "{0}, {1}")
    sep = pattern.replace("{0}", "\0").replace("{1}", "\0").split("\0")
    return sep[1] if len(sep) == 3 and sep[1].strip() else ", "


def ui_notes() -> dict[str, list[str]]:
    """The comments for translators above keys in the source language's ui.yaml (what a
    string is for, where it shows): a new pack's ui.yaml repeats them above the same keys."""
    from generator.messages import SOURCE

    notes: dict[str, list[str]] = {}
    pending: list[str] = []
    try:
        lines = (languages.pack_dir(SOURCE) / "ui.yaml").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return notes
    started = False  # the file's own header (up to its first blank line) is not a key's note
    for line in lines:
        if not line.strip():
            started, pending = True, []
        elif line.startswith("#"):
            if started:
                pending.append(line)
        elif (key := re.match(r"^([A-Za-z0-9_]+):", line)) and started:
            if pending:
                notes[key.group(1)] = pending
            pending = []
    return notes


def pack_text(code: str, ui: dict[str, object], notes: dict[str, list[str]] | None = None) -> tuple[str, str]:
    """The new pack's language.yaml and ui.yaml (`notes`: comments for translators by key)."""
    name = languages.english_name(code)
    rtl = languages.is_rtl(code)
    def quoted(value: str) -> str:
        return yaml.safe_dump(value, allow_unicode=True, default_style='"').strip().removesuffix("...").strip()

    comma = quoted(_list_separator(code))
    (start, end), (inner_start, inner_end) = languages.cldr_quotes(code)
    upright = languages.script(code) in UPRIGHT_SCRIPTS
    lines = [
        f"# Language pack: {name} ({code}), written by `playbook language add {code}`. Data only:",
        "# what CLDR does not know. Name, writing direction"
        + (" (right to left)" if rtl else "") + ", script, plural categories,",
        "# list patterns and number formats come from CLDR through Babel and are not repeated here.",
        "",
        "# Quotation marks around quoted text, and for a quote inside a quote: CLDR's delimiters",
        f"# for {name} (CLDR {languages.cldr_version()}). Change them if your texts quote otherwise.",
        "typography:",
        f"  quotes: [{quoted(start)}, {quoted(end)}]",
        f"  inner_quotes: [{quoted(inner_start)}, {quoted(inner_end)}]",
        f"  comma: {comma}",
        '  semicolon: "; "',
        *(["  # Its script has no italic tradition: emphasis stays upright (no synthetic slant).",
            "  emphasis: upright"] if upright else []),
        "",
        "# The grammatical forms a settings term may declare under `forms:` and a sentence may",
        "# ask for as {supervisor:form}; `cap` (capitalised) needs no declaration. Add the cases",
        "# or forms this language needs, e.g. [gen, def, cap].",
        "forms: [cap]",
        "",
        "# The grammatical genders of the language (CLDR's grammaticalFeatures data), if it has",
        "# any: what a settings term declares as `gender:` and a sentence chooses words by, as",
        "# {supervisor:gender|masculine=…|feminine=…}. E.g. genders: [masculine, feminine].",
        "genders: []",
        "",
        "# Search: words too common to rank, spoken fillers, negations, spelling folds. Optional;",
        "# without them search still finds plain words.",
        "search: {}",
        "",
        "# Material for MkDocs' own interface words where this site words them differently.",
        "material_labels: {}",
        "",
    ]
    ui_lines = [
        f"# The site's interface strings in {name} ({code}), written by `playbook language add {code}`.",
        "# Every key is still empty: the English (shown as a comment above it) appears on the",
        "# pages, marked as not yet translated, until you write the translation after the colon.",
        f"# Strings with a count {{n}} take one text per CLDR plural category of {name}:",
        "# " + ", ".join(plural_categories(code)) + ".",
        "",
    ]
    for key, english in ui.items():
        ui_lines += (notes or {}).get(key, [])
        shown = english if isinstance(english, str) else yaml.safe_dump(english, allow_unicode=True,
                                                                           default_flow_style=True).strip()
        ui_lines += [f"# {line}" for line in str(shown).splitlines() or [""]]
        ui_lines.append(f"{key}:")
    return "\n".join(lines), "\n".join(ui_lines) + "\n"


def _add_currency(project: Project, code: str) -> list[str]:
    """With a currency per language (`company: currency: {fi: EUR, …}`), the new language gets
    its country's currency (CLDR), so the site still builds; says what else to give."""
    from generator.validate.currency import likely_currency

    path = project.content / "settings.yaml"
    doc = load_file(path, "playbook/settings.yaml")
    company = (doc.data or {}).get("company") if isinstance(doc.data, dict) else None
    currency = company.get("currency") if isinstance(company, dict) else None
    if not isinstance(currency, dict) or code in currency or ("company", "currency") not in doc.spans:
        return []
    used = [c for c in currency.values() if isinstance(c, str)]
    chosen = likely_currency(code) or (used[0] if used else "EUR")
    write_all({path: apply(doc.text, insert_key(doc, ("company", "currency"), code, chosen))}, project.content)
    note = [f"Set its currency to {chosen} (settings.yaml `company: currency:`; change it there if it is another)."]
    if chosen not in used:
        note.append(f"Give every amount in {chosen} too (`concede_limit: {{…, {chosen}: …}}`, `department_limit:`).")
    return note


def add(project: Project, code: str) -> list[str]:
    """Add a language; returns what to tell the user."""
    if not CODE.match(code or "") or not languages.known(code):
        raise UsageError(f"`{code}` is not a language code CLDR knows; write one such as sv, et, uk, fa or ur")
    doc, codes = _settings_languages(project)
    if code in codes:
        raise UsageError(f"`{code}` is already one of the site's languages (settings.yaml `languages:`)")
    from generator.messages import catalog_path, new_catalog
    from generator.render.uitext import ui_source_strings

    folder = languages.pack_dir(code)
    written = []
    if not (folder / "language.yaml").is_file():
        folder.mkdir(parents=True, exist_ok=True)
        pack, ui = pack_text(code, ui_source_strings(), ui_notes())
        (folder / "language.yaml").write_text(pack, encoding="utf-8")
        (folder / "ui.yaml").write_text(ui, encoding="utf-8")
        catalog_path(code).write_bytes(new_catalog(code))
        written = [folder / "language.yaml", folder / "ui.yaml", catalog_path(code)]
        languages.pack.cache_clear()
    _write_languages(project, doc, [*codes, code], [*(c for c in _in_progress(doc) if c != code), code])
    currency_note = _add_currency(project, code)
    _copy_guide(project, code)
    name = languages.english_name(code)
    out = [f"Added {name} ({code}) to playbook/settings.yaml `languages:`"
           + (" (right to left)." if languages.is_rtl(code) else ".")]
    out += [f"Wrote {_shown(p)}" for p in written] + currency_note
    if not written:
        out.append(f"Its pack {_shown(folder)} was there already (a language switched off before): it is back.")
    out += [
        "",
        f"The site builds in {name} now; what is not translated yet shows in the default language,",
        "marked \"not yet translated\" on the page. For a translator to fill in:",
        f"  1. {_shown(folder / 'ui.yaml')}: the interface strings (each key's English is above it).",
        f"  2. The content: `playbook translations export --lang {code}` writes translations/{code}.po",
        "     for Poedit, Weblate or Crowdin; `playbook translations import` brings it back.",
        f"  3. {_shown(folder / 'language.yaml')}: the quotation marks, the grammatical forms of",
        "     settings terms (company name, supervisor), and search words (optional).",
        "  4. playbook/settings.yaml: the company name, supervisor, roles and gifts in this language.",
        f"  5. {_shown(catalog_path(code))}: the messages editors see when a file has a mistake",
        "     (Poedit or any PO editor); until then they are in English.",
        f"`playbook status --lang {code}` counts what is missing; `playbook status --check` fails until it is done.",
        f"docs/{code}/guide.md is the editor's guide copied in the source language: translate it too.",
        f"When the translation is done, take `{code}` out of settings.yaml `translations: in_progress:`.",
    ]
    return out


def remove(project: Project, code: str) -> list[str]:
    doc, codes = _settings_languages(project)
    if code not in codes:
        raise UsageError(f"`{code}` is not one of the site's languages ({', '.join(codes)})")
    if len(codes) == 1:
        raise UsageError(f"`{code}` is the site's only language; add another first")
    source = (doc.data or {}).get("source_language")
    if code == source or (source is None and code == codes[0]):
        raise UsageError(f"`{code}` is the source language (settings.yaml `source_language:`): every text is "
                         "written in it first; choose another source language first")
    rest = [c for c in codes if c != code]
    _write_languages(project, doc, rest, [c for c in _in_progress(doc) if c != code])
    return [f"Removed {languages.english_name(code)} ({code}) from playbook/settings.yaml `languages:`; "
            f"the site is now in {', '.join(rest)}.",
            f"Its texts stay in the YAML files and its pack in {_shown(languages.pack_dir(code))}: "
            f"`playbook language add {code}` brings it back."]


def _copy_guide(project: Project, code: str) -> None:
    """The editor's guide (docs/<lang>/guide.md is written by hand): the source language's
    until a translator writes this language's, so the site's navigation has it."""
    target = project.docs / code / "guide.md"
    source = project.docs / languages.configure_project(project.content).source / "guide.md"
    if not target.exists() and source.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
