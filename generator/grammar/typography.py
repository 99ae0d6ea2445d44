"""Per-language typography of what the templates add around content.

Quotation marks (and the marks for a quote inside a quote), list and clause separators,
and arrows that follow the reading direction. Content is plain text; everything that the
templates and the page scripts put between its pieces comes from this table, so an
Arabic page gets «،» and «؛» and arrows pointing left, and a Russian citation of a section
whose name is itself quoted nests „…“ inside «…».
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache

from generator import languages


@dataclass(frozen=True)
class Typography:
    open: str          # quotation marks
    close: str
    inner_open: str    # a quote inside a quote
    inner_close: str
    comma: str         # between items of a list, between clauses
    semicolon: str     # between longer parts
    arrow: str         # "this leads to that", in reading direction
    then: str          # "and in the end", in reading direction
    dir: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@lru_cache(maxsize=64)
def typography(lang: str) -> Typography:
    """The language's marks: quotes and separators from its pack (CLDR, as Babel ships it,
    has no quotation marks), arrows pointing the way its script runs (CLDR's character order)."""
    data = languages.pack(lang).get("typography") or {}
    quotes = data.get("quotes") or ("“", "”")
    inner = data.get("inner_quotes") or ("‘", "’")
    rtl = languages.is_rtl(lang)
    return Typography(quotes[0], quotes[1], inner[0], inner[1], data.get("comma", ", "), data.get("semicolon", "; "),
                      "←" if rtl else "→", "⇐" if rtl else "⇒", "rtl" if rtl else "ltr")


# Quoted passages inside a text, in any of the styles the articles and editors use.
_INNER = (re.compile(r"«([^«»]*)»"), re.compile(r"“([^“”]*)”"), re.compile(r"„([^„“”]*)[“”]"),
          re.compile(r"”([^”]*)”"), re.compile(r'"([^"]*)"'))


def nested(text: str, lang: str) -> str:
    """A text that goes inside the language's quotes: its own quotes become the inner kind."""
    t = typography(lang)
    for rx in _INNER:
        text = rx.sub(lambda m: f"{t.inner_open}{m.group(1)}{t.inner_close}", text)
    return text


def quote(text: str, lang: str) -> str:
    t = typography(lang)
    return f"{t.open}{nested(text, lang)}{t.close}"
