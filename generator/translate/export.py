"""The translator's round trip through gettext PO files: export, and an import that refuses
what it cannot trust before anything is written.

One PO entry per text (per CLDR plural category for a plural mapping, msgctxt `KEY#few`),
keyed by a stable id (translations.stable_key), with what tools need to check it: the
format flag where msgfmt can check the placeholders, the previous English (`#| msgid`)
on outdated entries, where the text appears on the site, the YAML file and line, and a
record of the English and translation it was exported with (the import's conflict check).
The checks on import are in pocheck.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache

import polib
from babel import Locale

from generator.load import gitbase
from generator.load.yamlfile import load_file
from generator.model import SETTINGS_PLACEHOLDERS
from generator import languages
from generator.translate.status import (
    Entry,
    Head,
    _digest,
    before,
    categories,
    entries,
    fingerprint,
    needs_history,
    resolve_key,
    state,
)
from generator.validate.corpus import Corpus
from generator.translate.status import source as _source



plural_forms = languages.plural_forms  # one rule for translators' PO files and the editor-messages catalog


PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)(?::([a-z]+))?\}")

# The settings names that have a grammatical gender sentences may agree with.
GENDERED = frozenset(("supervisor", "company", "security_contact"))
# Settings texts whose sentences may name a grammatical form ({supervisor:gen}, {gifts:or}):
# msgfmt's python-brace-format reads `:gen` as a broken format spec, so such entries get
# no format flag (the import checks their placeholders itself).
INFLECTED = frozenset(SETTINGS_PLACEHOLDERS) - {"concede_limit", "department_limit", "rating_target", "follow_up_days",
                                                "emergency_number"}

# Short, so that no tool wraps it; whitespace-tolerant, in case one does.
RECORD = re.compile(r"made\s+from:\s+[a-z]{2,3}\s+([0-9a-f]{8}),\s+([a-z]{2,3})\s+([0-9a-f]{8}|none)")

OPTIONAL_COUNT = ("zero", "one", "two")  # "one day", "two days" may be words, not digits

_FIELDS = {"title": "title", "body": "text", "summary": "summary (home page and search)",
           "when_to_use": "when to use it", "question": "question", "outcome": "what to do",
           "label": "label", "text": "text", "note": "note for staff (never copied)",
           "fallback": "text used when staff leave it empty", "hint": "hint", "term": "term",
           "meaning": "meaning", "name": "name",
           "search_terms": "search words staff may type (a comma-separated list, never shown)", "supervisor": "who staff call for help ({supervisor})"}

_LISTS = {"steps": "step", "trees": "decision tree", "scripts": "script", "checklists": "checklist",
          "items": "item", "answers": "answer", "placeholders": "fill-in", "do": "“Do” item",
          "dont": "“Don't” item", "situations": "home page situation", "terms": "glossary term",
          "gifts": "goodwill gift"}


def describe(entry: Entry, model) -> str:
    """'Playbook “Angry customer” › step 2 “Listen actively” › title'."""
    if entry.owner == "settings":
        words = ["Company settings"]
    elif entry.owner == "glossary":
        words = ["Glossary"]
    else:
        words = [f"Playbook “{model.title.get(_source())}”"]
    obj, path = model, entry.path
    for i, part in enumerate(path):
        parent, obj = obj, (obj[part] if isinstance(obj, (list, dict)) else getattr(obj, part))
        last = i == len(path) - 1
        if isinstance(part, int):
            what = _LISTS.get(path[i - 1], "item") if i else "item"
            title = getattr(obj, "title", None) or getattr(obj, "label", None)
            words.append(f"{what} {part + 1}" + (f" “{title.get(_source())}”" if title is not None and not last else ""))
        elif isinstance(parent, dict) and i and path[i - 1] == "nodes":
            words.append(f"{'question' if getattr(obj, 'question', None) else 'outcome'} `{part}`")
        elif isinstance(parent, dict) and i and path[i - 1] == "channels":
            words.append(f"{part.replace('_', ' ')} version")
        elif last:
            words.append(_FIELDS.get(part, part.replace("_", " ")))
        elif part not in _LISTS and part not in ("nodes", "channels", "company"):
            words.append(part.replace("_", " "))
    return " › ".join(words)


def example_numbers(lang: str, category: str, count: int = 6) -> list[int]:
    return list(_example_numbers(lang, category, count))


@lru_cache(maxsize=256)
def _example_numbers(lang: str, category: str, count: int) -> tuple[int, ...]:
    # CLDR's rules are fixed data: worked out once per form, not once per PO entry.
    rule = Locale.parse(lang).plural_form
    return tuple([n for n in range(0, 1000) if rule(n) == category][:count])


@dataclass
class Unit:
    """One PO entry: an entry's text, or one plural category of it."""

    entry: Entry
    category: str | None

    @property
    def msgctxt(self) -> str:
        return self.entry.key + (f"#{self.category}" if self.category else "")

    def english(self) -> str:
        return part(self.entry.text.get(_source()), self.category)

    def translation(self, lang: str) -> str | None:
        return part(self.entry.text.get(lang), self.category)


def part(value, category: str | None):
    if value is None or category is None:
        return value if not isinstance(value, dict) else value.get("other")
    if isinstance(value, dict):
        return value.get(category, value.get("other"))
    return value


def units(corpus: Corpus, lang: str) -> list[Unit]:
    out = []
    for entry in entries(corpus):
        plural = isinstance(entry.text.get(_source()), dict) or isinstance(entry.text.get(lang), dict)
        out += [Unit(entry, c) for c in categories(lang)] if plural else [Unit(entry, None)]
    return out


def _placeholders(text: str) -> list[str]:
    return [m.group(1) for m in PLACEHOLDER.finditer(text or "")]


def _flags(unit: Unit, english: str, outdated: bool) -> list[str]:
    flags = ["fuzzy"] if outdated else []
    names = _placeholders(english)
    has_form = any(form for _, form in PLACEHOLDER.findall(english))
    if names and not (set(names) & INFLECTED) and not has_form and unit.category not in OPTIONAL_COUNT:
        flags.append("python-brace-format")
    elif names:
        # A placeholder that may take a grammatical form ({company:ela}) or a count written
        # as a word: gettext's flag saying it is no Python format string, so msgfmt and
        # Weblate do not check it as one (the import checks its placeholders by name).
        flags.append("no-python-brace-format")
    return flags


def _notes(unit: Unit, lang: str, where: str, english: str) -> list[str]:
    notes = [where]
    if unit.category:
        name = languages.english_name(lang)
        numbers = ", ".join(map(str, example_numbers(lang, unit.category)))
        notes.append(f"Plural form “{unit.category}” of {name}: used for {numbers}…")
    names = sorted(set(_placeholders(english)))
    if names:
        keep = ", ".join("{" + n + "}" for n in names)
        forms = [n for n in names if n in INFLECTED]
        # The example names a form this language has (Arabic has no genitive to ask for).
        cases = [f for f in languages.forms(lang) if f not in ("nom", "cap")] or ["cap"]
        notes.append(f"Keep the placeholders {keep}" + (
            f"; a placeholder may name a grammatical form, e.g. {{{forms[0]}:{cases[0]}}}" if forms else "") + ".")
        gendered = [n for n in names if n in GENDERED]
        genders = languages.genders(lang)
        if gendered and genders:
            # Translators see this as text (Poedit, Weblate): the syntax must explain itself.
            shape = "|".join(f"{g}=…" for g in genders)
            notes.append(f"Words that agree with the gender of {{{gendered[0]}}} (set in the settings): "
                         f"{{{gendered[0]}:gender|{shape}}}, or other=… for every gender not named.")
    return notes


def record(unit: Unit, lang: str, english: str) -> str:
    """What the translation was made from, for the import's conflict check. A translator
    comment (`# `), not an extracted one: msgmerge and translation platforms keep a PO
    file's translator comments when they update it from the template."""
    translation = unit.translation(lang)
    return f"made from: {_source()} {_digest(english)}, {lang} {_digest(translation) if translation else 'none'} (for the import)"


def export_po(corpus: Corpus, lang: str, head: Head | None = None) -> polib.POFile:
    head = head or Head(corpus.root)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000")
    po = polib.POFile(wrapwidth=0)
    po.header = ("Customer-service playbooks. Written by `playbook translations export`; bring it back with "
                 "`playbook translations import`.")
    po.metadata = {
        "Project-Id-Version": "customer-service-playbooks",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Last-Translator": "",
        "Language-Team": languages.english_name(lang),
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(lang),
    }
    models = {pb.id: pb for pb in corpus.playbooks}
    models.update(settings=corpus.settings, glossary=corpus.glossary)
    docs: dict[str, object] = {}
    for unit in units(corpus, lang):
        entry = unit.entry
        was = before(corpus, entry, head) if needs_history(entry.text, lang) else None
        outdated = state(entry.text, lang, was) == "outdated"
        english = unit.english() or ""
        line = _line(corpus, entry, docs)
        po.append(polib.POEntry(
            msgctxt=unit.msgctxt, msgid=english, msgstr=unit.translation(lang) or "",
            occurrences=[(entry.file, str(line))],
            comment="\n".join(_notes(unit, lang, describe(entry, models[entry.owner]), english)),
            tcomment=record(unit, lang, english),
            flags=_flags(unit, english, outdated),
            previous_msgid=_previous(corpus, entry, unit, lang, was, head) if outdated else None))
    return po


def _line(corpus: Corpus, entry: Entry, docs: dict) -> int:
    doc = corpus.documents.get(entry.owner)
    if doc is None:
        if entry.file not in docs:
            docs[entry.file] = load_file(corpus.root.parent / entry.file, entry.file)
        doc = docs[entry.file]
    return doc.where(entry.path)[0]


def _previous(corpus: Corpus, entry: Entry, unit: Unit, lang: str, was, head: Head) -> str | None:
    """The English the translation was made from, found in git's history by its fingerprint."""
    stamp = (entry.text.src or {}).get(lang)
    if isinstance(was, dict) and (stamp is None or fingerprint(was.get(_source())) == stamp):
        old = part(was.get(_source()), unit.category)
        return old if old != unit.english() else None
    if stamp is None:
        return None
    for data in gitbase.history(corpus.root.parent / entry.file):
        old = resolve_key(data, entry.key)
        if isinstance(old, dict) and fingerprint(old.get(_source())) == stamp:
            return part(old.get(_source()), unit.category)
    return None


__all__ = ["export_po", "describe", "plural_forms"]
