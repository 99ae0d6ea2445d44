"""Translation status: which translation is translated, missing or outdated (writing
translations and their records back into the YAML: writeback.py; the PO round trip: export,
importer, sync).

Every text carries, per translation, a fingerprint of the English it was translated from
(`src`). The status of a translation follows what the editor did:

- *missing*: there is no translation;
- *translated*: `src` records the current English; or there is no `src` yet (a text
  written with its translations); or git shows that the English and the translation were
  both changed in the working tree (against HEAD), i.e. edited together;
- *outdated*: the English changed and the translation did not (with git: the English
  differs from HEAD and the translation does not; without git: `src` records another
  English), until a translator updates it or someone confirms it.

"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel import Locale

from generator.languages import current as configured
from generator.cache import per_file
from generator.errors import format_path
from generator.load.gitbase import MISSING, Head
from generator.model import Text
from generator.validate.checker import iter_texts
from generator.validate.corpus import Corpus, display_name



def translated_languages() -> tuple[str, ...]:
    """The configured languages translated from the source language (settings.yaml)."""
    return configured().translated


def source() -> str:
    return configured().source


STATES = ("translated", "missing", "outdated")
CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")
UNKNOWN = None  # what HEAD held is not known (no git)


@lru_cache(maxsize=1 << 16)  # each English text is looked up once per language
def _digest(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:8]


def fingerprint(value) -> str:
    """8 hex digits naming a text: a string, or a plural mapping (category -> string)."""
    if isinstance(value, dict):
        return _digest(json.dumps({k: str(v).strip() for k, v in sorted(value.items())}, ensure_ascii=False))
    return _digest("" if value is None else str(value))


@lru_cache(maxsize=8)
def categories(lang: str) -> tuple[str, ...]:
    """The CLDR plural categories a language's integers need, in CLDR order (always `other`)."""
    tags = set(Locale.parse(lang).plural_form.tags) | {"other"}
    return tuple(c for c in CLDR_ORDER if c in tags)


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return fingerprint(a) == fingerprint(b)


def state(text: Text, lang: str, before=UNKNOWN) -> str:
    """The status of one translation. `before` is the text's raw data at git HEAD (a dict),
    MISSING when the text is new in the working tree, or UNKNOWN without git."""
    translation = text.get(lang)
    if translation is None:
        return "missing"
    stamp = (text.src or {}).get(lang)
    if stamp == fingerprint(text.get(source())):
        return "translated"
    if before is MISSING:
        return "translated"  # written in this change, together with its English
    if isinstance(before, dict):
        en_changed = not _same(before.get(source()), text.get(source()))
        tr_changed = not _same(before.get(lang), translation)
        if en_changed:
            return "translated" if tr_changed else "outdated"
    # No git, or the English is as in HEAD: the record decides.
    return "translated" if stamp is None else "outdated"


def needs_history(text: Text, lang: str) -> bool:
    """Whether HEAD could change this translation's status (its record is not current)."""
    return text.get(lang) is not None and (text.src or {}).get(lang) != fingerprint(text.get(source()))


# --- stable keys: where a text is, by ids rather than list positions ---------------------

def _child(obj, part):
    if isinstance(obj, (dict, list)):
        return obj[part]
    return getattr(obj, part)


def _ident(item) -> str | None:
    get = item.get if isinstance(item, dict) else (lambda k: getattr(item, k, None))
    for name, prefix in (("id", ""), ("name", ""), ("next", "next=")):
        value = get(name)
        if isinstance(value, str) and value:
            return prefix + value
    return None


def _token(items: list, index: int) -> str:
    ident = _ident(items[index])
    if ident is None or sum(1 for other in items if _ident(other) == ident) > 1:
        return f"[{index}]"
    return ident


def stable_key(owner: str, root, path: tuple) -> str:
    """'angry-customer/steps/listen/title': list items by their id (or name, or the node an
    answer leads to), so deleting one step does not move the keys of the others."""
    tokens, obj = [owner], root
    for part in path:
        tokens.append(_token(obj, part) if isinstance(part, int) and isinstance(obj, list) else str(part))
        obj = _child(obj, part)
    return "/".join(tokens)


def resolve_key(root, key: str):
    """The raw data at a stable key (without its owner) in `root`, or None."""
    obj = root
    for token in key.split("/")[1:]:
        if isinstance(obj, list):
            if token.startswith("[") and token.endswith("]") and token[1:-1].isdigit():
                index = int(token[1:-1])
                obj = obj[index] if index < len(obj) else None
            else:
                obj = next((item for item in obj if _ident(item) == token), None)
        elif isinstance(obj, dict):
            obj = obj.get(token)
        else:
            return None
        if obj is None:
            return None
    return obj


@dataclass
class Entry:
    """One translatable text: its file, its path in the file, its stable key, its languages."""

    file: str  # as shown to editors, e.g. playbook/playbooks/angry-customer.yaml
    path: tuple
    text: Text
    owner: str  # playbook id, or "settings" / "glossary"
    key: str = ""

    @property
    def context(self) -> str:
        return f"{self.file}:{format_path(self.path)}"


def entries(corpus: Corpus) -> list[Entry]:
    out = []
    root = corpus.root
    parts = [(display_name(root / "settings.yaml", root), "settings", corpus.settings)]
    if corpus.glossary:
        parts.append((display_name(root / "glossary.yaml", root), "glossary", corpus.glossary))
    for pb in corpus.playbooks:
        name = corpus.documents[pb.id].name if pb.id in corpus.documents else \
            display_name(root / "playbooks" / f"{pb.id}.yaml", root)
        parts.append((name, pb.id, pb))
    for name, owner, model in parts:
        out += [Entry(name, p, t, owner, stable_key(owner, model, p)) for p, t in iter_texts(model)]
    return out


def file_path(corpus: Corpus, entry: Entry) -> Path:
    return corpus.root.parent / entry.file


def before(corpus: Corpus, entry: Entry, head: Head):
    """The entry's raw text at HEAD: a dict, MISSING (new), or UNKNOWN (no git)."""
    data = head.data(file_path(corpus, entry))
    if data is None or data is MISSING:
        return data
    found = resolve_key(data, entry.key)
    return found if isinstance(found, dict) else MISSING


# --- status ------------------------------------------------------------------------------

@dataclass
class Status:
    by_lang: dict[str, Counter] = field(default_factory=dict)
    by_owner: dict[tuple[str, str], Counter] = field(default_factory=dict)  # (owner, lang)
    outdated: list[tuple[str, Entry]] = field(default_factory=list)
    missing: list[tuple[str, Entry]] = field(default_factory=list)


def status(corpus: Corpus, languages=None, head: Head | None = None) -> Status:
    """Counts per language and per owner, with every missing and outdated string."""
    languages = tuple(languages or translated_languages())
    head = head or Head(corpus.root)
    result = Status({lang: Counter() for lang in languages})
    for entry in entries(corpus):
        for lang in languages:
            was = before(corpus, entry, head) if needs_history(entry.text, lang) else UNKNOWN
            s = state(entry.text, lang, was)
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


def counts(corpus: Corpus, languages=None, cache: dict | None = None, store=None) -> Counts:
    """Counts per language and playbook. A playbook's counts depend on its file alone, so they
    are kept by file version (`cache`, in memory) and by file content (`store`): cache.per_file.
    Texts whose record is not current also depend on git's HEAD: they are worked out again."""
    languages = tuple(languages or translated_languages())
    head = Head(corpus.root)
    general = status(Corpus(corpus.root, corpus.settings, corpus.sources, [], {}, corpus.glossary), languages, head)
    result = Counts({lang: Counter(general.by_lang[lang]) for lang in languages}, {})
    for pb in corpus.playbooks:
        doc = corpus.documents.get(pb.id)
        # With texts whose record is not current, the counts depend on git's HEAD as well:
        # the live preview keeps them by file version and HEAD's version of the file.
        key = None
        if cache is not None and doc is not None:
            key = ("resolved", doc.serial, ",".join(languages),
                   head.blob(corpus.root.parent / doc.name) if doc.name else "")
        mine = cache.get(key) if key is not None else None
        if mine is None:
            mine = _resolved_counts(corpus, pb, doc, languages, head, cache, store)
            if key is not None:
                cache[key] = mine
        for lang in languages:
            result.by_owner[(pb.id, lang)] = mine[lang]
            result.by_lang[lang].update(mine[lang])
    return result


def _resolved_counts(corpus: Corpus, pb, doc, languages, head: Head, cache, store) -> dict[str, Counter]:
    own = per_file(doc, f"status2:{','.join(languages)}", lambda: _own_counts(pb, languages), cache, store)
    mine = {lang: Counter(own["counts"][lang]) for lang in languages}
    if own["unsure"]:
        name = doc.name if doc else display_name(corpus.root / "playbooks" / f"{pb.id}.yaml", corpus.root)
        texts = dict(iter_texts(pb))
        for path, lang in own["unsure"]:
            path = tuple(path)
            entry = Entry(name, path, texts[path], pb.id, stable_key(pb.id, pb, path))
            s = state(entry.text, lang, before(corpus, entry, head))
            mine[lang][_src_only(entry.text, lang)] -= 1
            mine[lang][s] += 1
    return {lang: +mine[lang] for lang in languages}


def _src_only(text: Text, lang: str) -> str:
    return state(text, lang, UNKNOWN)


def _own_counts(pb, languages) -> dict:
    texts = [(path, text) for path, text in iter_texts(pb)]
    return {"counts": {lang: dict(Counter(_src_only(text, lang) for _, text in texts)) for lang in languages},
            "unsure": [[list(path), lang] for path, text in texts for lang in languages
                       if needs_history(text, lang)]}


__all__ = ["translated_languages", "source", "STATES", "status", "fingerprint", "state", "entries", "stable_key"]
