"""Content in our own words: no run of 8 or more consecutive words of any string of the
playbooks, the glossary or the settings, in any language, is copied from a source article.

The articles are read from `../shared/seeds/` beside the project (CI checks the project out
with `shared/` beside it; a git worktree under a sub-folder finds it one level further up; a
clone elsewhere finds it beside the checkout it was cloned from).
Without them the test fails: a missing copy check must not pass silently.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from helpers import ROOT

from generator.languages import current as _configured

LANGUAGES = _configured().codes
from generator.load.yamlfile import load_file

RUN = 8  # this many consecutive words in common is a copy


def _origin() -> Path | None:
    """The checkout this one was cloned from, when it is a folder on this machine: a fresh
    clone in /tmp still finds the articles beside the project it came from."""
    found = subprocess.run(["git", "-C", str(ROOT), "config", "--get", "remote.origin.url"],
                           capture_output=True, text=True, check=False).stdout.strip()
    path = Path(found.removeprefix("file://")) if found and "://" not in found.removeprefix("file://") else None
    return path if path and path.is_dir() else None


SEED_PLACES = [base / "shared" / "seeds" for root in [ROOT] + ([_origin().resolve()] if _origin() else [])
               for base in (root.parent, root.parent.parent)]

# Arabic letters written several ways in the wild: hamza seats, alef forms, alef maqsura, ta marbuta
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي", "ى": "ي",
                              "ة": "ه", "ء": "", "ـ": ""})  # ـ is the tatweel (kashida), a stretch, not a letter


def seeds_folder() -> Path:
    for place in SEED_PLACES:
        if place.is_dir() and any(place.glob("*.txt")):
            return place
    pytest.fail("the source articles are missing: put them in ../shared/seeds/ beside the project "
                f"(looked in {', '.join(str(p) for p in SEED_PLACES)})")


def words(text: str) -> list[str]:
    """The words of a text, compared without case, diacritics, Arabic letter variants or punctuation."""
    # A settings placeholder is a word no article has: a copied run cannot span it.
    text = re.sub(r"\{[a-z][a-z0-9_]*(:[a-z]+)?\}", " placeholder0 ", text)
    text = unicodedata.normalize("NFKD", text.casefold())
    # Drop combining marks: Latin/Cyrillic accents (ä, й, ё) and the Arabic harakat and shadda.
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").translate(_ARABIC_FOLD)
    text = "".join(" " if unicodedata.category(c)[0] in "PSZC" else c for c in text)
    return text.split()


def runs(tokens: list[str], n: int = RUN) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def copied(text: str, seed_runs: dict[tuple[str, ...], str]) -> list[tuple[str, str]]:
    """(seed file, the copied words) for each run of RUN words the text shares with a seed, merged."""
    tokens = words(text)
    found: list[tuple[str, str]] = []
    i = 0
    while i <= len(tokens) - RUN:
        seed = seed_runs.get(tuple(tokens[i:i + RUN]))
        if seed is None:
            i += 1
            continue
        j = i + RUN
        while j < len(tokens) and seed_runs.get(tuple(tokens[j - RUN + 1:j + 1])) == seed:
            j += 1
        found.append((seed, " ".join(tokens[i:j])))
        i = j
    return found


def seed_index(folder: Path) -> dict[tuple[str, ...], str]:
    index: dict[tuple[str, ...], str] = {}
    for path in sorted(folder.glob("*.txt")):
        for run in runs(words(path.read_text(encoding="utf-8"))):
            index.setdefault(run, path.name)
    return index


def content_files() -> list[Path]:
    content = ROOT / "playbook"
    return sorted((content / "playbooks").glob("*.yaml")) + [content / "glossary.yaml", content / "settings.yaml"]


def strings(data, path: tuple = (), lang: str | None = None):
    """Every translatable string with its path and language (a value under en/fi/ru/ar, plural
    forms included); ids, fingerprints and cited section names are not prose."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("src", "section"):
                continue
            yield from strings(value, path + (key,), key if key in LANGUAGES else lang)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from strings(value, path + (i,), lang)
    elif isinstance(data, str) and lang is not None:
        yield path, lang, data


def test_the_normalisation_sees_through_case_diacritics_arabic_letter_forms_and_punctuation():
    assert words("Älä ILMOITA, väärin!") == words("ala ilmoita vaarin")
    assert words("Ёжик «в» тумане") == words("ежик в тумане")
    assert words("إنّ العميلَ أولاً") == words("ان العميل اولا")
    assert words("مـسـؤول") == words("مسوول")  # tatweel, hamza on waw
    assert words("Call {supervisor:all} now") == ["call", "placeholder0", "now"]


def test_eight_words_in_a_row_are_a_copy_seven_are_not():
    seed = {run: "seed.txt" for run in runs(words("one two three four five six seven eight nine ten"))}
    assert copied("x one two three four five six seven y", seed) == []
    assert copied("x One, two; three four five six SEVEN eight y", seed) == \
        [("seed.txt", "one two three four five six seven eight")]
    assert copied("one two three four five six seven eight nine ten", seed) == \
        [("seed.txt", "one two three four five six seven eight nine ten")]


def test_a_copied_arabic_sentence_is_found_with_different_diacritics_and_hamza():
    folder = seeds_folder()
    article = (folder / "001_75bdb6d1f91f73ab.txt").read_text(encoding="utf-8")
    sentence = next(line for line in article.splitlines() if len(words(line)) >= 12)
    varied = sentence.replace("أ", "ا").replace("ة", "ه") + "ًٌ"
    assert copied("نص " + varied, seed_index(folder))


def test_no_string_copies_eight_words_in_a_row_from_a_source_article():
    index = seed_index(seeds_folder())
    problems = []
    for path in content_files():
        doc = load_file(path)
        for where, lang, text in strings(doc.data):
            for seed, run in copied(text, index):
                line = doc.where(where)[0]
                problems.append(f"{path.relative_to(ROOT)}:{line}: {lang}: {len(run.split())} words in a row "
                                f"from {seed}: “{run}”: say it in our own words")
    assert not problems, "\n".join(problems)
