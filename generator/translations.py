"""Translation status and the translator round-trip (gettext PO files).

Every text carries, per translation, a fingerprint of the English it was translated from
(`src`). A translation is *missing* when absent, *outdated* when its fingerprint no longer
matches the English, otherwise *translated*. Translators work in PO files (Weblate,
Crowdin, Poedit, Lokalize); importing one writes the new strings and fingerprints back into
the YAML with yamledit, so nothing else in the editors' files changes.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import polib

from generator import LANGUAGES
from generator.cache import per_file
from generator.errors import ContentError, Problem, format_path
from generator.loader import Document, load_file, load_text
from generator.grammar import PLURAL_CATEGORIES, canonical, example_numbers, plural_categories
from generator.model import Text
from generator.checks import iter_texts
from generator.corpus import Corpus, display_name, load_corpus
from generator.yamledit import apply, insert_key, scalar, set_value, write_atomically

TRANSLATED = ("fi", "ru", "ar")
STATES = ("translated", "missing", "outdated")


def fingerprint(english: str | dict) -> str:
    """Fingerprint of the English a translation was made from; plural forms count as one text."""
    return _fingerprint(canonical(english))


@lru_cache(maxsize=1 << 16)  # each English text is looked up once per language
def _fingerprint(english: str) -> str:
    return hashlib.sha256(english.strip().encode("utf-8")).hexdigest()[:8]


def state(text: Text, lang: str) -> str:
    if text.get(lang) is None:
        return "missing"
    if not text.src or text.src.get(lang) != fingerprint(text.en):
        return "outdated"
    return "translated"


@dataclass
class Entry:
    """One translatable string: where it is, and its text in every language."""

    file: str  # as shown to editors, e.g. playbook/playbooks/angry-customer.yaml
    path: tuple
    text: Text
    owner: str  # playbook id, or "settings" / "glossary"

    @property
    def context(self) -> str:
        return f"{self.file}:{format_path(self.path)}"


def entries(corpus: Corpus) -> list[Entry]:
    out = []
    root = corpus.root
    out += [Entry(display_name(root / "settings.yaml", root), p, t, "settings") for p, t in iter_texts(corpus.settings)]
    if corpus.glossary:
        out += [Entry(display_name(root / "glossary.yaml", root), p, t, "glossary")
                for p, t in iter_texts(corpus.glossary)]
    for pb in corpus.playbooks:
        name = corpus.documents[pb.id].name if pb.id in corpus.documents else \
            display_name(root / "playbooks" / f"{pb.id}.yaml", root)
        out += [Entry(name, p, t, pb.id) for p, t in iter_texts(pb)]
    return out


@dataclass
class Status:
    by_lang: dict[str, Counter] = field(default_factory=dict)
    by_owner: dict[tuple[str, str], Counter] = field(default_factory=dict)  # (owner, lang)
    outdated: list[tuple[str, Entry]] = field(default_factory=list)
    missing: list[tuple[str, Entry]] = field(default_factory=list)


def status(corpus: Corpus, languages=TRANSLATED) -> Status:
    """Counts per language and per owner, with every missing and outdated string."""
    result = Status({lang: Counter() for lang in languages})
    for entry in entries(corpus):
        for lang in languages:
            s = state(entry.text, lang)
            result.by_lang[lang][s] += 1
            result.by_owner.setdefault((entry.owner, lang), Counter())[s] += 1
            if s == "outdated":
                result.outdated.append((lang, entry))
            elif s == "missing":
                result.missing.append((lang, entry))
    return result


@dataclass
class Counts:
    """What pages show of the translation status: numbers only."""

    by_lang: dict[str, Counter]
    by_owner: dict[tuple[str, str], Counter]  # (playbook id, lang)


def counts(corpus: Corpus, languages=TRANSLATED, cache: dict | None = None, store=None) -> Counts:
    """Counts per language and playbook. A playbook's counts depend on its file alone, so they
    are kept by file version (`cache`, in memory) and by file content (`store`): cache.per_file."""
    general = status(Corpus(corpus.root, corpus.settings, corpus.sources, [], {}, corpus.glossary), languages)
    result = Counts({lang: Counter(general.by_lang[lang]) for lang in languages}, {})
    for pb in corpus.playbooks:
        own = per_file(corpus.documents.get(pb.id), f"status:{','.join(languages)}",
                       lambda: _own_counts(pb, languages), cache, store)
        for lang in languages:
            result.by_owner[(pb.id, lang)] = Counter(own[lang])
            result.by_lang[lang].update(own[lang])
    return result


def _own_counts(pb, languages) -> dict[str, dict[str, int]]:
    texts = [text for _, text in iter_texts(pb)]
    return {lang: dict(Counter(state(text, lang) for text in texts)) for lang in languages}


# --- writing back into the YAML ----------------------------------------------------------

def _doc_for(path: Path, name: str, cache: dict) -> Document:
    if name not in cache:
        cache[name] = load_file(path, name)
    return cache[name]


def _src_edits(doc: Document, path: tuple, langs: list[str]) -> list:
    """Edits that set src[lang] to the current English's fingerprint for each of `langs`."""
    text = doc.data_at(path)
    fp = fingerprint(text["en"])
    src = text.get("src") or {}
    wanted = [lang for lang in TRANSLATED if lang in langs and src.get(lang) != fp]
    if not wanted:
        return []
    if "src" not in text:
        # quoted: an unquoted fingerprint such as 12345678 or 1e345678 would read as a number
        return insert_key(doc, path, "src", "{" + ", ".join(f'{lang}: "{fp}"' for lang in wanted) + "}")
    edits = []
    for lang in wanted:
        edits += set_value(doc, path + ("src", lang), fp)
    return edits


def _plural_edits(doc: Document, path: tuple, lang: str, forms: dict[str, str]) -> list:
    """Edits that put plural forms into a text: into its mapping, or as a new mapping."""
    if isinstance(doc.data_at(path).get(lang), dict):
        return [e for category, value in forms.items() for e in set_value(doc, path + (lang, category), value)]
    ordered = [c for c in PLURAL_CATEGORIES if c in forms]
    rendered = "{" + ", ".join(f"{c}: {scalar(forms[c])}" for c in ordered) + "}"
    if path + (lang,) in doc.spans:  # a single string becomes the mapping
        start, end = doc.spans[path + (lang,)]
        old = doc.text[start:end]
        return [(start, end, rendered + old[len(old.rstrip()):])]
    return insert_key(doc, path, lang, rendered)


def rewrite(changes: dict[str, list[tuple[tuple, str, str | None]]], root: Path) -> list[str]:
    """Apply (path, lang, new text or None for 'keep') to each file; stamp fingerprints.
    Everything is checked in a scratch copy first; files change only if all of it validates.
    Returns the files that changed."""
    new_texts: dict[str, str] = {}
    for name, items in changes.items():
        path = root.parent / name
        doc = load_file(path, name)
        edits = []
        plural: dict[tuple, dict[str, str]] = {}
        for p, lang, value in items:
            if isinstance(lang, tuple):  # (language, plural category)
                plural.setdefault((p, lang[0]), {})[lang[1]] = value
            elif value is not None:
                edits += set_value(doc, p + (lang,), value)
        for (p, lang), forms in plural.items():
            edits += _plural_edits(doc, p, lang, forms)
        text = apply(doc.text, edits)
        doc = load_text(text, name, path)  # positions moved: read again before the fingerprints
        by_path: dict[tuple, list[str]] = {}
        for p, lang, _ in items:
            by_path.setdefault(p, []).append(lang[0] if isinstance(lang, tuple) else lang)
        edits = []
        for p, langs in by_path.items():
            edits += _src_edits(doc, p, langs)
        text = apply(doc.text, edits)
        if text != path.read_text(encoding="utf-8"):
            new_texts[name] = text
    if not new_texts:
        return []
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / root.name
        shutil.copytree(root, copy)
        for name, text in new_texts.items():
            (Path(scratch) / name).write_text(text, encoding="utf-8")
        load_corpus(copy)  # raises ContentError, naming the files as editors know them
    for name, text in new_texts.items():
        write_atomically(root.parent / name, text)
    return sorted(new_texts)


def confirm(corpus: Corpus, languages=TRANSLATED, files: list[str] | None = None) -> list[str]:
    """Mark the current translations as made from the current English (after a review)."""
    changes: dict[str, list] = {}
    for entry in entries(corpus):
        if files and entry.file not in files:
            continue
        for lang in languages:
            if state(entry.text, lang) == "outdated":
                changes.setdefault(entry.file, []).append((entry.path, lang, None))
    return rewrite(changes, corpus.root)


def export_po(corpus: Corpus, lang: str) -> polib.POFile:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "customer-service-playbooks",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": {"fi": "nplurals=2; plural=(n != 1);", "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
                         "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
                         "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
                         "n%100>=11 ? 4 : 5);"}.get(lang, "nplurals=2; plural=(n != 1);"),
    }
    titles = {pb.id: pb.title.en for pb in corpus.playbooks}
    for entry in entries(corpus):
        s = state(entry.text, lang)
        line = corpus.documents[entry.owner].where(entry.path)[0] if entry.owner in corpus.documents else 0
        for ctxt, msgid, msgstr, note in _po_units(entry, lang):
            po.append(polib.POEntry(
                msgctxt=ctxt, msgid=msgid, msgstr=msgstr,
                occurrences=[(entry.file, str(line))] if line else [(entry.file, "")],
                comment=titles.get(entry.owner, entry.owner) + (f"\n{note}" if note else ""),
                flags=["fuzzy"] if s == "outdated" else []))
    return po


# A text with a count has plural forms (grammar.py). In PO it becomes one entry per CLDR
# category of the target language: msgctxt `<file>:<path>#<category>`, msgid the English
# form that fits (`one` for one, `other` for the rest), and a comment with example numbers.
# (Not gettext's msgid_plural: its categories are numbered per language, and Weblate and
# Poedit then show English's two forms against Arabic's six.) `forms:` of settings terms
# are grammar of each language, written by editors in settings.yaml, not exported.
PLURAL_MARK = "#"


def _po_units(entry: Entry, lang: str) -> list[tuple[str, str, str, str]]:
    """(msgctxt, msgid, msgstr, comment) for one text: one unit, or one per plural category."""
    english, current = entry.text.en, entry.text.get(lang)
    if isinstance(english, str) and not isinstance(current, dict):
        return [(entry.context, english, current or "", "")]
    return [(f"{entry.context}{PLURAL_MARK}{category}", _english_for(english, category),
             current.get(category, "") if isinstance(current, dict) else "",
             f"Plural form `{category}` in {lang}: the count is {', '.join(example_numbers(lang, category))} …")
            for category in plural_categories(lang)]


def _english_for(english: str | dict, category: str) -> str:
    if isinstance(english, str):
        return english
    return english.get(category) or english.get("other") or next(iter(english.values()))


def _split_context(ctxt: str) -> tuple[str, str | None]:
    base, mark, category = ctxt.rpartition(PLURAL_MARK)
    if mark and category in PLURAL_CATEGORIES:
        return base, category
    return ctxt, None


@dataclass
class ImportReport:
    changed_files: list[str]
    applied: int
    skipped_fuzzy: int
    stale: list[str]


def import_po(corpus: Corpus, po_path: Path) -> ImportReport:
    try:
        po = polib.pofile(str(po_path))
    except (OSError, ValueError) as err:
        raise ContentError([Problem(str(po_path), 1, 1, "", f"cannot read the PO file: {err}",
                                    "export it again with `playbook translations export`")]) from None
    lang = po.metadata.get("Language", "")
    if lang not in TRANSLATED:
        raise ContentError([Problem(str(po_path), 1, 1, "", f"the PO file's Language is `{lang}`",
                                    f"set the header Language to one of {', '.join(TRANSLATED)}")])
    current = {e.context: e for e in entries(corpus)}
    changes: dict[str, list] = {}
    applied = fuzzy = 0
    stale = []
    for e in po:
        if e.obsolete or not e.msgstr:
            continue
        if "fuzzy" in e.flags:
            fuzzy += 1
            continue
        ctxt, category = _split_context(e.msgctxt or "")
        entry = current.get(ctxt)
        if entry is None or _english_for(entry.text.en, category or "other") != e.msgid \
                or (category is None and not isinstance(entry.text.en, str)):
            stale.append(e.msgctxt or e.msgid[:40])  # the English changed since export, or the text is gone
            continue
        old = entry.text.get(lang)
        old = old.get(category) if category and isinstance(old, dict) else (None if category else old)
        if old != e.msgstr or state(entry.text, lang) != "translated":
            changes.setdefault(entry.file, []).append((entry.path, (lang, category) if category else lang, e.msgstr))
            applied += 1
    changed = rewrite(changes, corpus.root)
    return ImportReport(changed, applied, fuzzy, stale)


__all__ = ["LANGUAGES", "STATES", "confirm", "export_po", "import_po", "status", "fingerprint", "state"]
