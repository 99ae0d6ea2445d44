"""Grammar of assembled text: placeholders with forms, CLDR plurals and lists.

Sentences are assembled from content and settings values. Three rules keep them
grammatical in every language (see README "Grammar of filled-in values"):

- `{name:form}` names a grammatical form a settings term declares under `forms:`
  (Fluent-style term variants): `{supervisor:all}` -> "vuoroesihenkilölle".
- A text with a count (`{follow_up_days}` in content, `{n}` in interface strings) is a
  mapping of CLDR plural categories to strings; the category is chosen by Babel.
- `{gifts:or}` / `{gifts:and}` join a list with the locale's own CLDR list pattern.

Pure functions only: validation (grammar_checks.py) and rendering (textfmt.py) use them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Mapping

from babel import Locale
from babel.lists import format_list

# `{name}` or `{name:form}`; the form is lowercase letters.
PLACEHOLDER_RE = re.compile(r"\{([a-z][a-z0-9_]*)(?::([a-z]+))?\}")

PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")  # CLDR order

# Count placeholders: a text naming one must give plural forms.
CONTENT_COUNTS = ("follow_up_days",)
UI_COUNT = "n"

# Forms a settings term may declare, per language: the language pack's `forms:`
# (languages.forms). `cap` (capitalised, for the start of a sentence) is available
# everywhere without being declared.
AUTOMATIC_FORMS = ("cap",)

# `{gifts:or}` means "one of", `{gifts:and}` "all of": Babel's list styles.
LIST_STYLES = {"or": "or", "and": "standard"}


@lru_cache(maxsize=16)
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


@lru_cache(maxsize=16)
def plural_categories(lang: str) -> tuple[str, ...]:
    """The CLDR categories a language's plural rules use, `other` always included."""
    tags = set(_locale(lang).plural_form.tags) | {"other"}
    return tuple(c for c in PLURAL_CATEGORIES if c in tags)


def plural_category(n: float, lang: str) -> str:
    return _locale(lang).plural_form(int(n) if float(n).is_integer() else n)


@lru_cache(maxsize=64)
def example_numbers(lang: str, category: str) -> tuple[str, ...]:
    """A few numbers that fall into a category: for translators' comments and error hints."""
    found = [str(n) for n in range(0, 1200) if plural_category(n, lang) == category][:6]
    if len(found) < 6:
        found += [x for x in ("1.5", "0.5", "2.5") if plural_category(float(x), lang) == category][:6 - len(found)]
    return tuple(found)


def pick(value: str | Mapping[str, str], n: float, lang: str) -> str:
    """The string for count `n`: a plain string as is, a plural mapping by CLDR category."""
    if isinstance(value, str):
        return value
    category = plural_category(n, lang)
    return value.get(category) or value.get("other") or next(iter(value.values()), "")


def strings(value: str | Mapping[str, str] | None) -> list[str]:
    """Every string of a text value (one, or one per plural category)."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value.values())


def join_list(items: list[str], how: str, lang: str) -> str:
    return format_list(items, style=LIST_STYLES[how], locale=lang)


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def canonical(value: str | Mapping[str, str]) -> str:
    """One string for a text value, stable for fingerprints: a mapping in CLDR order."""
    if isinstance(value, str):
        return value
    return "\n".join(f"{c}: {value[c].strip()}" for c in PLURAL_CATEGORIES if c in value)


# --- lints: patterns that break once a value is filled in -----------------------------

# `esihenkilön ({supervisor})`: a bracket instead of the right form.
BRACKETED_RE = re.compile(r"\(\s*\{[a-z][a-z0-9_]*(?::[a-z]+)?\}\s*\)")
# `{department_limit}:iin`, `{company}n`: an ending glued to a value that may change.
GLUED_RE = re.compile(r"\{[a-z][a-z0-9_]*(?::[a-z]+)?\}(:?[^\W\d_]+)")
# Gender spelled with a slash or brackets, copied to customers as is.
GENDER_RES = (
    re.compile(r"[^\W\d_]+\((?:-|‑)?[^\W\d_]{1,4}\)"),           # Уважаемый(-ая), разобрался(-ась), Хотел(а)
    re.compile(r"[а-яёА-ЯЁ]/(?:-|‑)?[а-яё]{1,3}\b"),             # Уважаемый/ая
    re.compile(r"[\u0600-\u06FF]\s?/\s?ـ?[ةه](?![\u0600-\u06FF])"),  # السيد/ة, المحترم/ة
    re.compile(r"\b(?:he/she|she/he|him/her|her/him|his/her|her/his|s/he|\(s\)he)\b", re.I),
)


def gender_forms(text: str) -> list[str]:
    return [m.group(0) for rx in GENDER_RES for m in rx.finditer(text)]
