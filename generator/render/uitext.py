"""Interface strings on a page, with their fallbacks marked.

An interface string not yet translated into the page's language (a language added with
`playbook language add` whose ui.yaml is still being filled in) is shown in the language the
interface is written in first, and never silently: `marked_ui` gives such a string as a
`UiFallback`, which renders in a page template as `<span lang=… class="pb-fallback">`; a
sentence built from one (`ui_format`) marks its own words and leaves the values it takes
(a role name, an amount) in their own language. Where a string goes into an attribute or
JSON it is plain text (`str(…)`): markup has no place there.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import yaml
from markupsafe import Markup

from generator import languages
from generator.messages import SOURCE as UI_SOURCE  # the interface's own strings are written in it first


def fallback_open(lang: str, note: str, tag: str = "span", searchable: bool = False) -> str:
    """The opening tag that marks text shown in `lang` because the page's language lacks it:
    its language and direction, the "not yet translated" note, and (unless `searchable`) kept
    out of the search index of the page's language. Every fallback mark is made here."""
    exclude = "" if searchable else " data-search-exclude"
    return (f'<{tag} class="pb-fallback" lang="{lang}" dir="{languages.direction(lang)}" '
            f'title="{html.escape(note)}"{exclude}>')


class UiFallback(str):
    """An interface string shown in another language than the page's (`lang`)."""

    lang: str
    note: str

    def __new__(cls, text: str, lang: str, note: str = ""):
        self = super().__new__(cls, text)
        self.lang, self.note = lang, note
        return self

    def span(self, inner: str) -> str:
        # interface words stay in the search index: a label is no body text
        return f"{fallback_open(self.lang, self.note, searchable=True)}{inner}</span>"

    def __html__(self) -> str:
        return self.span(html.escape(str.__str__(self)))

    def __str__(self) -> str:
        return str.__str__(self)


class PluralFallback(dict):
    """Plural forms of an interface string (CLDR category -> text) in another language (`lang`)."""

    lang: str
    note: str


def marked_ui(strings: dict, source: dict, source_lang: str, note_key: str = "untranslated") -> dict:
    """The page's interface strings: `strings` (key -> text in the page's language, or None)
    with each missing one taken from `source` (key -> text, in `source_lang`), marked."""
    note = str(strings.get(note_key) or source.get(note_key) or "")
    out = {}
    for key, value in strings.items():
        if value:
            out[key] = value
        elif isinstance(source[key], str):
            out[key] = UiFallback(source[key], source_lang, note)
        else:
            out[key] = PluralFallback(source[key])
            out[key].lang, out[key].note = source_lang, note
    return out


def plural_form(forms, picked: str) -> str:
    """The form `pick` chose from `forms`, still marked when `forms` is a fallback."""
    return UiFallback(picked, forms.lang, forms.note) if isinstance(forms, PluralFallback) else picked


_FIELD = re.compile(r"(\{[a-z_]+\})")


def ui_format(template: str, **values) -> Markup:
    """An interface sentence with values filled in, as page HTML: the values escaped (Markup
    kept), the sentence's own words marked when it is a fallback."""
    if not isinstance(template, UiFallback):
        return Markup.escape(str(template)).format(**values)
    parts = []
    for piece in _FIELD.split(str(template)):
        if _FIELD.fullmatch(piece):
            parts.append(str(Markup.escape(values[piece[1:-1]])))
        elif re.search(r"\w", piece):  # words; a bracket or a colon alone needs no mark of its own
            parts.append(template.span(html.escape(piece)))
        else:
            parts.append(html.escape(piece))
    return Markup("".join(parts))


# --- the interface strings of each language pack ------------------------------------
# Here, not with the page templates, because each language's MkDocs build needs them too
# (site/language_hook.py) and imports no more than this.

def ui_strings() -> dict[str, dict[str, str]]:
    """Every interface string: key -> {language: text}, from each language pack's own
    `ui.yaml` (key: text; an empty key is not translated yet). The keys are those of the
    language the interface is written in first (its pack's ui.yaml): another pack's key
    that the source does not have is unused."""
    return _ui_strings(languages.packs())


@lru_cache(maxsize=4)
def _ui_strings(packs: tuple[str, ...]) -> dict[str, dict[str, str]]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    own: dict[str, dict] = {}
    for code in dict.fromkeys((UI_SOURCE, *packs)):
        path = languages.pack_dir(code) / "ui.yaml"
        try:
            found = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) if path.is_file() else None
        except (OSError, yaml.YAMLError, UnicodeDecodeError):
            found = None
        own[code] = found if isinstance(found, dict) else {}
    return {key: {code: strings[key] for code, strings in own.items() if strings.get(key) not in (None, "", {})}
            for key in own[UI_SOURCE]}


def ui_source_strings() -> dict[str, object]:
    """The interface strings as written first (English): what a new language starts from."""
    return {key: values[UI_SOURCE] for key, values in ui_strings().items()}


def ui_missing(lang: str) -> list[str]:
    """The interface strings not yet translated into `lang` (shown in English meanwhile)."""
    return [key for key, values in ui_strings().items() if not values.get(lang)]


def ui_for(lang: str) -> dict[str, str]:
    return {key: values.get(lang) or values[UI_SOURCE] for key, values in ui_strings().items()}


def ui_page(lang: str) -> dict:
    """The interface strings for a page in `lang`: those not translated yet are marked
    fallbacks (render/uitext.py), shown with their own `lang` on the page."""
    strings = ui_strings()
    return marked_ui({key: values.get(lang) for key, values in strings.items()},
                     {key: values[UI_SOURCE] for key, values in strings.items()}, UI_SOURCE)
