"""Writing translations and their records back into the YAML, all files at once or none.

`confirm` writes `src` (what a translation was made from) for what the status already
counts as translated and for translations the editor changed, never for a string whose
English alone changed unless it is named (`ids`) or `everything` is asked for. `rewrite`
applies a set of changes: checked in a scratch copy first, then every file replaced as one
set.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.load.gitbase import MISSING, Head
from generator.load.yamledit import apply, flow_mapping, insert_key, set_raw, set_value, write_all
from generator.load.yamlfile import load_file, load_text
from generator.translate.status import (
    Entry,
    _same,
    before,
    entries,
    fingerprint,
    needs_history,
    source,
    state,
    translated_languages,
)
from generator.validate.corpus import Corpus, load_corpus


def _src_edits(doc, path: tuple, langs: list[str]) -> list:
    """Edits that set src[lang] to the current English's fingerprint for each of `langs`."""
    text = doc.data_at(path)
    fp = fingerprint(text[source()])
    src = text.get("src") or {}
    wanted = [lang for lang in translated_languages() if lang in langs and src.get(lang) != fp]
    if not wanted:
        return []
    if "src" not in text:
        # quoted: an unquoted fingerprint such as 12345678 or 1e345678 would read as a number
        return insert_key(doc, path, "src", "{" + ", ".join(f'{lang}: "{fp}"' for lang in wanted) + "}")
    edits = []
    for lang in wanted:
        edits += set_value(doc, path + ("src", lang), fp)
    return edits


def _value_edits(doc, path: tuple, lang: str, value) -> list:
    """Edits that set one translation: a string, or a plural mapping (category -> string)."""
    if not isinstance(value, dict):
        return set_value(doc, path + (lang,), value)
    current = doc.data_at(path).get(lang)
    if isinstance(current, dict) and (path + (lang,)) not in doc.flow:
        edits = []
        for cat, string in value.items():
            edits += set_value(doc, path + (lang, cat), string)
        return edits
    if isinstance(current, dict) and all(current.get(c) == s for c, s in value.items()):
        return []
    return set_raw(doc, path + (lang,), flow_mapping({**(current if isinstance(current, dict) else {}), **value}))


def plan(changes: dict[str, list[tuple[tuple, str, object]]], root: Path) -> dict[str, str]:
    """The new text of each file after (path, lang, new value or None for 'keep') and the
    fingerprints; only files that change."""
    new_texts: dict[str, str] = {}
    for name, items in changes.items():
        path = root.parent / name
        doc = load_file(path, name)
        edits = []
        for p, lang, value in items:
            if value is not None:
                edits += _value_edits(doc, p, lang, value)
        text = apply(doc.text, edits)
        doc = load_text(text, name, path)  # positions moved: read again before the fingerprints
        by_path: dict[tuple, list[str]] = {}
        for p, lang, _ in items:
            by_path.setdefault(p, []).append(lang)
        edits = []
        for p, langs in by_path.items():
            edits += _src_edits(doc, p, langs)
        text = apply(doc.text, edits)
        if text != path.read_text(encoding="utf-8"):
            new_texts[name] = text
    return new_texts


def rewrite(changes: dict[str, list[tuple[tuple, str, object]]], root: Path) -> list[str]:
    """Apply the changes to all files at once. Everything is validated in a scratch copy
    first (ContentError otherwise, nothing written); then every file is replaced, as one
    set (yamledit.write_all). Returns the files that changed."""
    new_texts = plan(changes, root)
    if not new_texts:
        return []
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / root.name
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".*"))
        for name, text in new_texts.items():
            (Path(scratch) / name).write_text(text, encoding="utf-8")
        load_corpus(copy)  # raises ContentError, naming the files as editors know them
    write_all({root.parent / name: text for name, text in new_texts.items()}, root)
    return sorted(new_texts)


@dataclass
class Confirmed:
    strings: list[tuple[str, Entry]]  # (lang, entry) recorded as made from the current English
    files: list[str]
    left_outdated: list[tuple[str, Entry]]  # outdated, not touched by the editor, left alone
    unknown_ids: list[str]
    recorded: list[tuple[str, Entry]] = field(default_factory=list)  # current already; now on record


def confirm(corpus: Corpus, languages=None, files: list[str] | None = None,
            ids: list[str] | None = None, everything: bool = False, head: Head | None = None) -> Confirmed:
    """Record translations as made from the current English.

    By default: what the status counts as translated but has no current record (written
    together with the English), and outdated translations the editor changed (against
    git's HEAD). `ids` names strings to confirm whatever their state; `everything` confirms
    every outdated one. `files` limits it to those files."""
    languages = tuple(languages or translated_languages())
    head = head or Head(corpus.root)
    changes: dict[str, list] = {}
    done, recorded, left = [], [], []
    all_entries = entries(corpus)
    wanted_ids = set(ids or [])
    known = {e.key for e in all_entries} | {e.context for e in all_entries}
    for entry in all_entries:
        if files and entry.file not in files:
            continue
        named = entry.key in wanted_ids or entry.context in wanted_ids
        if wanted_ids and not named and not everything:
            continue
        for lang in languages:
            if not needs_history(entry.text, lang):
                continue
            was = before(corpus, entry, head)
            s = state(entry.text, lang, was)
            # Only what the editor changed (against HEAD): a text HEAD already holds as it is
            # gets no record, so a file nobody opened is never rewritten.
            if was is MISSING:
                touched = True  # a new text, written with its translations
            elif isinstance(was, dict):
                touched = not _same(was.get(lang), entry.text.get(lang))
            else:  # no git: the record is all there is
                touched = s == "translated"
            if named or everything or touched:
                changes.setdefault(entry.file, []).append((entry.path, lang, None))
                (done if s == "outdated" or named else recorded).append((lang, entry))
            elif s == "outdated":
                left.append((lang, entry))
    changed = rewrite(changes, corpus.root)
    return Confirmed(done, changed, left, sorted(wanted_ids - known), recorded)



__all__ = ["confirm", "rewrite", "plan", "Confirmed"]
