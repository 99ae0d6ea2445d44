"""The site's languages: which ones, in what order, and each one's pack.

The list lives in one place, `languages:` in playbook/settings.yaml (the first is the
default; `source_language:` is the one editors write first, every text must have it).
Every stage asks `current()` instead of keeping its own list. What CLDR knows about a
language (its name, writing direction, script, plural rules) comes from Babel; what CLDR
does not know is data in the language's pack, the folder `generator/languages/<code>/`.

This module imports nothing of the pipeline: every stage may import it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import yaml
from babel import Locale, UnknownLocaleError

# libyaml's safe loader when PyYAML has it: the same data, read ten times faster.
_SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The language the code's own texts (editor messages' msgids, notes to translators) are
# written in: not a site language setting (those are settings.yaml `languages:`).
CODE_TEXTS = "en"

PACKS = Path(__file__).parent


@dataclass(frozen=True)
class Languages:
    """The configured languages: `codes` in the site's order (the first is the default) and
    the `source` language that every text is written in first."""

    codes: tuple[str, ...]
    source: str

    @property
    def default(self) -> str:
        return self.codes[0]

    @property
    def translated(self) -> tuple[str, ...]:
        """The languages translated from the source: what status, PO export and import cover."""
        return tuple(code for code in self.codes if code != self.source)

    @property
    def fallback(self) -> tuple[str, ...]:
        """Where a missing text is taken from, in order: the default language, then the source."""
        return tuple(dict.fromkeys((self.default, self.source)))

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def __iter__(self):
        return iter(self.codes)


def packs() -> tuple[str, ...]:
    """Every language that has a pack (a folder here), configured or not."""
    return tuple(sorted(p.name for p in PACKS.iterdir() if p.is_dir() and (p / "language.yaml").is_file()))


def pack_dir(code: str) -> Path:
    return PACKS / code


def known(code: str) -> bool:
    """Whether CLDR (through Babel) knows the language code."""
    try:
        Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError, TypeError):
        return False
    return True


@lru_cache(maxsize=64)
def locale(code: str) -> Locale:
    return Locale.parse(code.replace("-", "_"))


def is_rtl(code: str) -> bool:
    """Written right to left: CLDR's character order, for any language, not a list of codes."""
    return locale(code).character_order == "right-to-left"


def direction(code: str) -> str:
    return "rtl" if is_rtl(code) else "ltr"


def own_name(code: str) -> str:
    """The language's name in itself, capitalised as a menu entry ("Suomi", "Русский")."""
    name = locale(code).get_display_name(locale(code)) or code
    return name[:1].upper() + name[1:]


def english_name(code: str) -> str:
    """The language's name in the language the code's own texts are written in (English):
    for PO headers and notes to translators, and the schema's descriptions."""
    return locale(code).get_display_name(CODE_TEXTS) or code


def script(code: str) -> str:
    """The ISO 15924 script the language is usually written in (CLDR likely subtags): Latn, Cyrl, Arab."""
    from babel.core import get_global

    likely = get_global("likely_subtags").get(code.replace("-", "_"), "")
    parts = likely.split("_")
    return parts[1] if len(parts) > 2 else "Latn"


@lru_cache(maxsize=1)
def _cldr_data() -> dict:
    # Babel ships no CLDR delimiters: tools/cldr_delimiters.py extracts them from CLDR's JSON
    # into this file (the CLDR version and licence are in it).
    return json.loads((PACKS / "cldr_delimiters.json").read_text(encoding="utf-8"))


def _cldr_delimiters() -> dict[str, list[str]]:
    return _cldr_data()["delimiters"]


def cldr_version() -> str:
    """The CLDR version the quotation marks were taken from."""
    return str(_cldr_data()["cldr_version"])


def cldr_quotes(code: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """CLDR's quotation marks for the language: (start, end) and, for a quote inside a
    quote, (start, end). A code CLDR has no entry for is shortened (`sr-Latn-BA`, `sr-Latn`,
    `sr`) as CLDR's own inheritance does, then CLDR's root."""
    table = _cldr_delimiters()
    parts = code.replace("_", "-").split("-")
    marks = next((table[key] for n in range(len(parts), 0, -1) if (key := "-".join(parts[:n])) in table), table["und"])
    return (marks[0], marks[1]), (marks[2], marks[3])


@lru_cache(maxsize=64)
def pack(code: str) -> dict:
    """The data of a language's pack (`language.yaml`), {} for a language without one."""
    try:
        data = yaml.load((PACKS / code / "language.yaml").read_text(encoding="utf-8"), Loader=_SAFE)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def plural_forms(code: str) -> str:
    """A PO header's Plural-Forms for the language, the same in the translators' PO files and
    the editor-messages catalog: the pack's (`po_plural_forms:`, where Babel's table differs
    from GNU gettext's, which Poedit, Weblate and msgfmt use), else Babel's."""
    from babel.messages.plurals import get_plural

    own = pack(code).get("po_plural_forms")
    if own:
        return str(own)
    try:
        return str(get_plural(code.replace("-", "_")))
    except (ValueError, LookupError):
        return "nplurals=2; plural=(n != 1);"


def upright(code: str) -> bool:
    """Whether emphasis stays upright in the language (its pack's `typography: emphasis:
    upright`): a script with no italic tradition, which a browser would slant synthetically."""
    typography = pack(code).get("typography")
    return isinstance(typography, dict) and typography.get("emphasis") == "upright"


def forms(code: str) -> tuple[str, ...]:
    """The grammatical forms a settings term may declare in this language (its pack's `forms:`)."""
    return tuple(str(f) for f in pack(code).get("forms") or ("cap",))


def genders(code: str) -> tuple[str, ...]:
    """The grammatical genders of the language (its pack's `genders:`; none for a language
    without grammatical gender): what `gender:` of a settings term and a sentence's
    `{supervisor:gender|…}` may name."""
    return tuple(str(g) for g in pack(code).get("genders") or ())


# --- the current configuration ----------------------------------------------------

_listeners: list[Callable[[Languages], None]] = []
_current: Languages | None = None


def on_change(listener: Callable[[Languages], None]) -> None:
    """Call `listener` now and whenever the configured languages change (the model's fields follow)."""
    _listeners.append(listener)
    if _current is not None:
        listener(_current)


def configure(codes, source: str | None = None) -> Languages:
    """Make `codes` the site's languages. Codes without a pack or unknown to CLDR are left out
    here; validation reports them (validate/languages.py)."""
    global _current
    usable = tuple(dict.fromkeys(c for c in codes if isinstance(c, str) and (PACKS / c / "language.yaml").is_file()
                                 and known(c)))
    if not usable:  # nothing usable configured: validation says so; meanwhile the first pack
        usable = packs()[:1]
    source = source if isinstance(source, str) and source in usable else usable[0]
    config = Languages(usable, source)
    if config != _current:
        _current = config
        for listener in _listeners:
            listener(config)
    return config


def from_data(data) -> tuple[list, str | None]:
    """The `languages:` and `source_language:` values of a settings.yaml mapping, as written."""
    if not isinstance(data, dict):
        return [], None
    codes = data.get("languages")
    return (codes if isinstance(codes, list) else []), data.get("source_language")


def configure_from(data) -> Languages:
    """Configure from settings.yaml's data (already loaded)."""
    codes, source = from_data(data)
    return configure(codes or _everything(), source)


def configure_project(content: Path) -> Languages:
    """Configure from a project's playbook/settings.yaml (read here; a broken file configures
    every pack, and validation then says what is wrong with it)."""
    try:
        data = yaml.load((content / "settings.yaml").read_text(encoding="utf-8"), Loader=_SAFE)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        data = None
    return configure_from(data)


def _everything() -> tuple[str, ...]:
    return packs()


def current() -> Languages:
    """The configured languages; before any project is loaded, the ones of the project this
    generator sits in (its own playbook/settings.yaml), else every pack."""
    if _current is None:
        configure_project(PACKS.parent.parent / "playbook")
    assert _current is not None
    return _current


__all__ = ["Languages", "cldr_quotes", "cldr_version", "configure", "configure_from", "configure_project", "current", "direction",
           "english_name", "is_rtl", "known", "locale", "on_change", "own_name", "pack", "pack_dir", "packs", "forms", "script", "upright"]
