"""Validate: one term per concept. Flags a word the glossary lists as a variant to avoid.

A glossary term may list, per language, the variants a playbook must not use for it
(`avoid: {fi: [...], ru: [...], ar: [...]}`). Each variant is one or more words; each word
is a stem, matched against the start of a word in the text, so one entry catches the
inflected forms (ru `возмещени` catches «возмещение», «возмещения»). A word ending in `$`
must match a whole word (fi `arvio$` catches "arvio" but not the verb "arvioi").
Comparison ignores case, Russian ё/е, and Arabic diacritics, tatweel and hamza forms;
Arabic words also match after a leading conjunction, preposition or article
(و ف ب ك ل ال), so «والادعاء» and «ادعاء» both match «الادعاء».
"""

from __future__ import annotations

import re
from functools import lru_cache
import unicodedata
from dataclasses import dataclass
from typing import Iterable

from generator import languages
from generator.messages import msg
from generator.model import Glossary, Playbook
from generator.validate.checker import Checker, iter_texts

_WORD = re.compile(r"\w+")


@lru_cache(maxsize=64)
def _folding(lang: str) -> tuple:
    """The language pack's spelling folds for glossary matching (`glossary: fold:` letters,
    `marks:` to drop) and the particles written onto a word (`glossary: proclitics:`)."""
    data = languages.pack(lang).get("glossary") or {}
    marks = data.get("marks")
    letters = str.maketrans({k: v for k, v in (data.get("fold") or {}).items() if len(k) == 1})
    proclitics = tuple(sorted(data.get("proclitics") or (), key=len, reverse=True))
    return (re.compile(f"[{marks}]") if marks else None), letters, proclitics


def normalise(text: str, lang: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    marks, letters, _ = _folding(lang)
    if marks is not None:
        text = marks.sub("", text)
    return text.translate(letters)


@lru_cache(maxsize=1 << 16)
def _forms(word: str, lang: str) -> tuple[str, ...]:
    """A text word and, where the language writes particles onto words (Arabic), the word
    without them. Cached: the same few thousand words recur across every text validated."""
    out = [word]
    for clitic in _folding(lang)[2]:
        if word.startswith(clitic) and len(word) - len(clitic) >= 2 and word[len(clitic):] not in out:
            out.append(word[len(clitic):])
    return tuple(out)


@dataclass(frozen=True)
class Variant:
    term_id: str
    preferred: str
    written: str  # as the glossary writes it, for the message
    words: tuple[tuple[str, bool], ...]  # (normalised stem, whole word only)

    def matches(self, text_words: list[set[str]], start: int) -> bool:
        if start + len(self.words) > len(text_words):
            return False
        for (stem, whole), forms in zip(self.words, text_words[start:start + len(self.words)]):
            if not any(f == stem if whole else f.startswith(stem) for f in forms):
                return False
        return True


def variants(glossary: Glossary | None) -> dict[str, list[Variant]]:
    """Per language, every variant to avoid, ready for matching."""
    out: dict[str, list[Variant]] = {lang: [] for lang in languages.current().codes}
    for term in (glossary.terms if glossary else []):
        if term is None or not term.avoid:
            continue
        for lang, entries in term.avoid.items():
            if lang not in out:
                continue  # a language switched off in settings.yaml: its words are kept, not checked
            preferred = term.term.get(lang) or term.term.get(languages.current().source)
            for entry in entries or []:
                words = []
                for raw in entry.split():
                    whole = raw.endswith("$")
                    stems = _WORD.findall(normalise(raw.rstrip("$"), lang))
                    words.extend((s, whole) for s in stems)
                if words:
                    out[lang].append(Variant(term.id, preferred, entry, tuple(words)))
    return out


def _strings(value) -> Iterable[str]:
    """A text value is a string, or (with plural forms) a mapping of strings."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def find(text: str, lang: str, candidates: list[Variant], index=None) -> list[tuple[Variant, str]]:
    """The variants that occur in `text`, each once, with the words that matched (first
    occurrence), in the order of `candidates`. `index` is `by_first_word(candidates)`, for
    a caller that searches many texts for the same candidates; it keeps what it found."""
    index = index or by_first_word(candidates)
    found = index.found.get((text, lang))
    if found is None:
        if len(index.found) >= _KEPT:
            index.found.clear()
        found = index.found[(text, lang)] = _search(text, lang, candidates, index)
    return [(candidates[k], words) for k, words in found]


_KEPT = 1 << 15  # texts whose result an index keeps: a whole project's, several times over


def _search(text: str, lang: str, candidates: list[Variant], index: "_Index") -> tuple[tuple[int, str], ...]:
    words, forms = _tokens(text, lang)
    first: dict[int, str] = {}  # candidate index -> the words it matched first
    for i, word_forms in enumerate(forms):
        for form in word_forms:
            for k in index.starting(form):
                if k not in first and candidates[k].matches(forms, i):
                    first[k] = " ".join(words[i:i + len(candidates[k].words)])
    return tuple((k, first[k]) for k in sorted(first))


@lru_cache(maxsize=1 << 14)
def _tokens(text: str, lang: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """A text's normalised words and each word's forms. Cached: validation reads the same
    texts again for every command and, in the live preview, on every save."""
    words = tuple(_WORD.findall(normalise(text, lang)))
    return words, tuple(_forms(w, lang) for w in words)


class _Index:
    """Candidate indexes by their first stem: those matched whole, those matched as a word's
    start (looked up only at the lengths such starts have). It keeps, per word form, the
    candidates that may start there and, per text, what `find` found."""

    def __init__(self, candidates: list[Variant]):
        self.whole: dict[str, list[int]] = {}
        self.prefix: dict[str, list[int]] = {}
        for k, variant in enumerate(candidates):
            stem, is_whole = variant.words[0]
            (self.whole if is_whole else self.prefix).setdefault(stem, []).append(k)
        self.lengths = tuple(sorted({len(stem) for stem in self.prefix}))
        self._starts: dict[str, tuple[int, ...]] = {}
        self.found: dict[tuple[str, str], tuple[tuple[int, str], ...]] = {}

    def starting(self, form: str) -> tuple[int, ...]:
        """The candidates whose first stem fits this word form."""
        hit = self._starts.get(form)
        if hit is None:
            ks = list(self.whole.get(form, ()))
            for end in self.lengths:
                if end > len(form):
                    break
                ks += self.prefix.get(form[:end], ())
            if len(self._starts) >= _KEPT:
                self._starts.clear()
            hit = self._starts[form] = tuple(ks)
        return hit


def by_first_word(candidates: list[Variant]) -> _Index:
    """An index of `candidates` for `find`."""
    return _Index(candidates)


@lru_cache(maxsize=16)
def _shared_index(candidates: tuple[Variant, ...]) -> _Index:
    """One index per glossary version and language, shared by every playbook and every load."""
    return _Index(list(candidates))


def check_terms(chk: Checker, pb: Playbook, by_lang: dict[str, list[Variant]]) -> None:
    """Report every text of a playbook that uses a variant the glossary says to avoid."""
    if not any(by_lang.values()):
        return
    # one index per language for the playbook's hundreds of texts, kept while the glossary
    # stays the same (equal candidates: the same texts give the same findings)
    indexes = {lang: _shared_index(tuple(candidates)) for lang, candidates in by_lang.items() if candidates}
    for path, text in iter_texts(pb):
        if path[:1] == ("search_terms",):
            continue  # the words staff type, the glossary's variants included: that is their job
        for lang in languages.current().codes:
            candidates = by_lang.get(lang)
            value = text.get(lang)
            if not candidates or value is None:
                continue
            for string in _strings(value):
                for variant, words in find(string, lang, candidates, indexes[lang]):
                    chk.add(path + (lang,),
                            msg("“{words}” is a word the glossary says not to use for “{preferred}” "
                                "(term `{term}`, avoid: {avoid})", words=words, preferred=variant.preferred,
                                term=variant.term_id, avoid=variant.written),
                            msg("write “{preferred}” in the form the sentence needs; the glossary "
                                "(playbook/glossary.yaml) keeps one word per concept", preferred=variant.preferred))
