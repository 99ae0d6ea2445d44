"""Editors' messages in the editor's language: a gettext catalog in each language's pack.

The English is written where a problem is found, as a template and its values:
`msg("the quote {quote} opened on this line is never closed", quote='"')` is a `str` (the
English text, so everything that prints or compares messages works as before) that also
keeps its template and values. `translate(text, lang)` looks the template up in
generator/languages/fi/messages.po and fills in the same values; a text that is
not a `Message`, or whose template has no translation yet, stays English. The live
preview shows problems in the previewed language; `playbook validate --lang fi` prints
them in Finnish (the command line is English unless asked).

`msg_n` is for counts (`msgid_plural`; the catalog's Plural-Forms, from CLDR, picks the
form). tests/messages/test_messages.py checks that every template in the code has a fi, ru and ar
translation with the same placeholders; `python -m generator.messages` extracts the
templates with Babel and updates the catalogs (new entries empty, for a translator).
"""

from __future__ import annotations

import gettext
import re
from functools import lru_cache
from pathlib import Path

from generator.languages import CODE_TEXTS

PACKS = Path(__file__).parent / "languages"  # the language packs: <code>/messages.po in each
DOMAIN = "messages"
TEMPLATE = PACKS / f"{DOMAIN}.pot"  # every message of the code, untranslated: what a new catalog starts from
SOURCE = CODE_TEXTS  # the language the code's own messages (the msgids) are written in; not a site language setting


def catalog_languages() -> tuple[str, ...]:
    """Every language with an editor-messages catalog (its pack's), configured on the site or not."""
    return tuple(sorted(p.name for p in PACKS.iterdir() if catalog_path(p.name).is_file()))


def catalog_path(lang: str) -> Path:
    """Where the language's editor-messages catalog is: `messages.po` in its pack."""
    return PACKS / lang / f"{DOMAIN}.po"


TRANSLATED = catalog_languages()


class Message(str):
    """An English message that remembers its template and values, so it can be translated."""

    template: str
    plural: str | None
    n: int | None
    args: dict

    def __new__(cls, template: str, args: dict, plural: str | None = None, n: int | None = None):
        english = (plural if plural is not None and n != 1 else template).format(**args)
        self = super().__new__(cls, english)
        self.template, self.plural, self.n, self.args = template, plural, n, dict(args)
        return self

    def __reduce__(self):  # pickled across the generator's worker processes
        return (Message, (self.template, self.args, self.plural, self.n))


class Number:
    """A number in a message, written as the language writes numbers: `Number(1000049)` is
    "1,000,049" in English, "1 000 049" in Finnish and Russian; `Number(0.42, 2)` is "0,42"
    in Finnish (CLDR's patterns, through Babel)."""

    def __init__(self, value: float, decimals: int = 0):
        self.value, self.decimals = value, decimals

    def in_language(self, lang: str) -> str:
        from babel.numbers import format_decimal

        pattern = "#,##0" + ("." + "0" * self.decimals if self.decimals else "")
        return format_decimal(self.value, format=pattern, locale=lang)

    def __format__(self, spec: str) -> str:
        return format(self.in_language(SOURCE), spec)

    def __str__(self) -> str:
        return self.in_language(SOURCE)


class LanguageName(str):
    """A language named in a message ("Finnish"; «финский» in Russian, "suomi" in Finnish),
    from CLDR through Babel, so any language has its name in every language."""

    code: str

    @staticmethod
    def _name(code: str, lang: str) -> str:
        return _language_name(code, lang)

    def __new__(cls, code: str):
        self = super().__new__(cls, cls._name(code, SOURCE))
        self.code = code
        return self

    def __reduce__(self):
        return (type(self), (self.code,))

    def in_language(self, lang: str) -> str:
        return self._name(self.code, lang)


class ScriptName(LanguageName):
    """A script named in a message ("Cyrillic"; «кириллица» in Russian), from CLDR."""

    @staticmethod
    def _name(code: str, lang: str) -> str:
        return _script_name(code, lang)


def _script_name(code: str, lang: str) -> str:
    from babel import Locale

    try:
        return Locale.parse(lang.replace("-", "_")).scripts.get(code) or code
    except (ValueError, LookupError, TypeError):
        return code


def _language_name(code: str, lang: str) -> str:
    from babel import Locale

    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(lang.replace("-", "_")) or code
    except (ValueError, LookupError, TypeError):
        return code


def msg(template: str, **args) -> Message:
    """An editor's message: `template` in English with `{name}` placeholders filled from `args`."""
    return Message(template, args)


def msg_n(singular: str, plural: str, n: int, **args) -> Message:
    """A message with a count: `{n}` is the count; the form follows the language's plural rule."""
    return Message(singular, {"n": n, **args}, plural, n)


class Joined(str):
    """Messages joined by a separator (lines, a list), each part translated on its own."""

    sep: str
    parts: tuple

    def __new__(cls, sep: str, parts):
        parts = tuple(parts)
        self = super().__new__(cls, sep.join(parts))
        self.sep, self.parts = sep, parts
        return self

    def __reduce__(self):
        return (Joined, (self.sep, self.parts))


def join(sep: str, parts) -> Joined:
    """`sep.join(parts)` that `translate` translates part by part."""
    return Joined(sep, parts)


class Rows(str):
    """Labelled values one under another, each value lined up after the longest label as
    the reader's language writes it (spaces padded into a translated label cannot fit every
    language). Labels are messages; values are what came from a file."""

    rows: tuple
    indent: str

    def __new__(cls, rows, indent: str = "    "):
        rows = tuple(rows)
        self = super().__new__(cls, _lined_up([(str(label), str(value)) for label, value in rows], indent))
        self.rows, self.indent = rows, indent
        return self

    def __reduce__(self):
        return (Rows, (self.rows, self.indent))


def _lined_up(rows: list[tuple[str, str]], indent: str) -> str:
    width = max((len(label) for label, _ in rows), default=0)
    return "\n".join(f"{indent}{label.ljust(width)} {value}" for label, value in rows)


def mark(template: str) -> str:
    """A template used later with `msg(template, …)`: marked here so the extractor finds it."""
    return template


def language(code: str) -> str:
    """The language a code names, as a message ("Finnish"; «финский» in Russian): for a
    sentence about a language. A key the editor types (`fi:`) stays the code. Any language
    CLDR knows (a PO file's header may name any) has its name in every language."""
    return LanguageName(code)


@lru_cache(maxsize=None)
def catalog(lang: str):
    """The language's catalog as Babel reads it, or None when there is none."""
    from babel.messages.pofile import read_po

    path = catalog_path(lang)
    if not path.exists():
        return None
    with path.open("rb") as f:
        return read_po(f, locale=lang)


@lru_cache(maxsize=None)
def _plural_index(lang: str):
    cat = catalog(lang)
    return gettext.c2py(cat.plural_expr) if cat is not None else (lambda n: int(n != 1))


@lru_cache(maxsize=1)
def _template_ids() -> tuple:
    from babel.messages.pofile import read_po

    with TEMPLATE.open("rb") as f:
        return tuple(entry.id for entry in read_po(f) if entry.id)


def untranslated(lang: str) -> int:
    """How many of the code's messages (messages.pot) the language's catalog does not
    translate yet: shown in English meanwhile."""
    if lang == SOURCE:
        return 0
    cat = catalog(lang)
    return sum(_translated(cat, msgid) is None for msgid in _template_ids())


def translated(text, lang: str) -> bool:
    """Whether `translate(text, lang)` gives the language's own words (not English)."""
    if lang == SOURCE or isinstance(text, LanguageName):
        return True
    if isinstance(text, Joined):
        return all(translated(part, lang) for part in text.parts)
    if isinstance(text, Rows):
        return all(translated(label, lang) for label, _ in text.rows)
    return isinstance(text, Message) and _entry(text, lang) is not None


def _entry(text: Message, lang: str):
    return _translated(catalog(lang), text.template)


def _translated(cat, msgid: str):
    """The catalog's entry for msgid when it is translated (not fuzzy, every form filled), else None."""
    entry = cat.get(msgid) if cat is not None else None
    if entry is None or entry.fuzzy:
        return None
    strings = entry.string if isinstance(entry.string, (list, tuple)) else [entry.string]
    return entry if all(strings) else None


def translate(text, lang: str, escape=None) -> str:
    """`text` in `lang` where the catalog has it; otherwise as it is (English). `escape`,
    when given, is applied to the values (what came from a file), not to the templates:
    a line break that a template writes stays one, one inside a value is shown escaped."""
    if isinstance(text, Joined):
        return text.sep.join(translate(part, lang, escape) for part in text.parts)
    if isinstance(text, Rows):
        return _lined_up([(translate(label, lang), translate(value, lang, escape)) for label, value in text.rows],
                         text.indent)
    if isinstance(text, LanguageName):
        return text.in_language(lang)
    if not isinstance(text, Message):
        return escape(text) if escape is not None else str(text)
    entry = _entry(text, lang) if lang != SOURCE else None
    if entry is None:
        if escape is None:
            return str(text)
        template = text.plural if text.plural is not None and text.n != 1 else text.template
    elif text.plural is not None:
        forms = list(entry.string)
        template = forms[min(_plural_index(lang)(int(text.n or 0)), len(forms) - 1)]
    else:
        template = entry.string
    values = {name: value.in_language(lang) if isinstance(value, Number) else translate(value, lang, escape)
              for name, value in text.args.items()}
    return template.format(**values)


# --- keeping the catalogs in step with the code

def extract() -> dict[str, str | None]:
    """Every template in generator/**.py: msgid -> msgid_plural (None for plain messages)."""
    from babel.messages.extract import extract_from_dir

    found: dict[str, str | None] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(Path(__file__).parent), method_map=[("**.py", "python")],
            keywords={"msg": (1,), "msg_n": (1, 2), "mark": (1,)}, comment_tags=(), strip_comment_tags=True):
        if isinstance(message, tuple):
            found[message[0]] = message[1]
        else:
            found.setdefault(message, None)
    return found


def new_catalog(lang: str) -> bytes:
    """A new language's catalog: every message of the template (messages.pot), untranslated,
    with the language's plural forms from CLDR: the file `playbook language add` writes."""
    import io

    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    with TEMPLATE.open("rb") as f:
        pot = read_po(f)
    from generator import languages

    cat = Catalog(locale=lang.replace("-", "_"), domain=DOMAIN, project="playbook", fuzzy=False)
    # The same plural rule as the translators' PO files (where Babel's differs from GNU's):
    # a translator fills msgstr[0..n] once, in one order, in every file.
    match = re.fullmatch(r"\s*nplurals=(\d+);\s*plural=(.+?);?\s*", languages.plural_forms(lang))
    if match:
        cat._num_plurals, cat._plural_expr = int(match.group(1)), match.group(2)
    cat.update(pot, no_fuzzy_matching=True)
    out = io.BytesIO()
    write_po(out, cat, width=100, sort_output=True, ignore_obsolete=True)
    return out.getvalue()


def update_catalogs() -> None:
    """Write messages.pot and add the code's new templates (untranslated) to each catalog."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    templates = extract()
    pot = Catalog(domain=DOMAIN, project="playbook", fuzzy=False)
    for msgid, plural in sorted(templates.items()):
        pot.add((msgid, plural) if plural else msgid, flags=("python-brace-format",))
    with TEMPLATE.open("wb") as f:
        write_po(f, pot, width=100, omit_header=False, sort_output=True)
    for lang in TRANSLATED:
        path = catalog_path(lang)
        if path.exists():
            with path.open("rb") as f:
                cat = read_po(f, locale=lang)
        else:
            cat = Catalog(locale=lang, domain=DOMAIN, project="playbook", fuzzy=False)
        cat.update(pot, no_fuzzy_matching=True)
        with path.open("wb") as f:
            write_po(f, cat, width=100, sort_output=True, ignore_obsolete=True)
    catalog.cache_clear()


if __name__ == "__main__":
    update_catalogs()
