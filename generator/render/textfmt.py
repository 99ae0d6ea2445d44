"""Turning one YAML string into page text: pick the language, fill in settings, Markdown to safe HTML.

Editors may use Markdown emphasis, lists and links to http(s)/mailto. Everything else
that looks like markup is shown as typed: `<` and `>` are escaped before Markdown runs,
`{` and `}` are escaped afterwards (they would otherwise become attribute syntax in
headings), and links with any other scheme lose their href.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from functools import lru_cache
from html.parser import HTMLParser

import markdown
from babel import Locale
from babel.numbers import format_currency, format_decimal, get_currency_symbol
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from generator import languages
from generator.grammar.bidi import isolate_ltr
from generator.grammar.names import fill_genders
from generator.grammar.forms import (
    CONTENT_COUNTS,
    PLACEHOLDER_RE,
    capitalise,
    join_list,
    pick,
)
from generator.model import Settings, Term, Text
from generator.security.links import MAX_BRACKETS, names_another_host, unsafe_scheme


class _SafeLinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for el in root.iter("a"):
            if "href" in el.attrib and (unsafe_scheme(el.get("href")) or names_another_host(el.get("href"))):
                del el.attrib["href"]
        for el in root.iter("img"):
            # No images from YAML text: they would be requests outside the site.
            el.tag = "span"
            el.text = el.attrib.pop("alt", "")
            el.attrib.clear()


class _SafeLinksExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_SafeLinks(md), "pb_safe_links", 0)


_md = markdown.Markdown(extensions=["sane_lists", _SafeLinksExtension()])

# Characters Markdown acts on, written as character references in what we hand MkDocs:
# our HTML goes through MkDocs' own Markdown pass once more (headings, list items), and
# the text in it must stay text there (`\[x\]\(javascript:…\)` must not become a link).
_INERT = str.maketrans({c: f"&#{ord(c)};" for c in "[]\\*`"})  # no `[`/`]`: no link of any form


def md_inert(rendered: str) -> str:
    """HTML from to_html (or escaped text) that a second Markdown pass leaves as it is."""
    return rendered.translate(_INERT)


# Anything Markdown could act on; a string without any of it is a plain paragraph, and
# skipping the Markdown parser for it is most of the generator's speed.
_MARKDOWN_SYNTAX = re.compile(r"[*_`\[\]<>&#|\\!]|^\s*([-+]|\d+[.)])\s|^\s{4}|\n\s*\n|  $|^\s*=+\s*$", re.M)


@lru_cache(maxsize=65536)
def to_html(text: str, inline: bool = False) -> str:
    if not _MARKDOWN_SYNTAX.search(text):
        plain = "\n".join(line.strip() for line in text.strip().splitlines())
        out = plain if inline else f"<p>{plain}</p>"
        return md_inert(out.replace("{", "&#123;").replace("}", "&#125;"))
    source = text.replace("<", "&lt;").replace(">", "&gt;")
    if source.count("[") > MAX_BRACKETS:  # refused by validation; bounded here all the same
        source = source.replace("[", "&#91;")
    out = _md.reset().convert(source)
    if inline and out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return md_inert(out.replace("{", "&#123;").replace("}", "&#125;"))


class _TextOnly(HTMLParser):
    """Collects the text of rendered Markdown, keeping paragraphs and list items apart."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self.parts.append("- ")
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("p", "ul", "ol"):
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


@lru_cache(maxsize=65536)
def to_plain(text: str) -> str:
    """Plain text of a Markdown string: for page titles, copy buttons and summaries."""
    parser = _TextOnly()
    parser.feed(to_html(text))
    parser.close()
    return re.sub(r"\n{3,}", "\n\n", "".join(parser.parts)).strip()


@lru_cache(maxsize=4096)  # a handful of amounts, formatted on every page of a language
def format_amount(value: float, currency: str, lang: str) -> str:
    pattern = Locale.parse(lang).currency_formats["standard"].pattern
    if float(value).is_integer():
        pattern = pattern.replace(".00", "")
        value = int(value)
    return format_currency(value, currency, format=pattern, locale=lang, currency_digits=False)


def currency_symbol(currency: str, lang: str) -> str:
    """The currency's sign as readers of `lang` write it ("€", "US$", "ر.س.")."""
    return get_currency_symbol(currency, locale=lang)


def format_number(value: float, lang: str) -> str:
    return format_decimal(int(value) if float(value).is_integer() else value, locale=lang)


class Language:
    """Text functions for one site language, with the company settings filled in."""

    def __init__(self, lang: str, settings: Settings):
        self.lang = lang
        c = settings.company
        self.values = {
            "concede_limit": format_amount(c.concede_limit, c.currency, lang),
            "department_limit": format_amount(c.department_limit, c.currency, lang),
            "rating_target": format_number(c.rating_target, lang),
            "follow_up_days": format_number(c.follow_up_days, lang),
            "emergency_number": c.emergency_number,
        }
        self.counts = {"follow_up_days": c.follow_up_days}
        self.terms: dict[str, Term] = {"supervisor": c.supervisor, "company": c.name,
                                         "security_contact": c.security_contact}
        self.lists = {"gifts": c.gifts}

    def raw(self, text: Text | None) -> tuple[str | dict, bool]:
        """The value in this language, and whether it fell back to another (`fallback_lang`)."""
        if text is None:
            return "", False
        value = text.get(self.lang)
        if value is None:
            lang = self.fallback_lang(text)
            return text.get(lang) or "", self.lang != lang
        return value, False

    def fallback_lang(self, text: Text | None) -> str:
        """The language a missing text is shown in: the site's default, else the source language."""
        chain = languages.current().fallback
        return next((lang for lang in chain if text is not None and text.get(lang) is not None), chain[-1])

    def word(self, text: Text | None) -> str:
        """A settings value in this language (base form), e.g. a role name."""
        value = self.raw(text)[0]
        return value if isinstance(value, str) else pick(value, 1, self.lang)

    def fill(self, value: str | dict, lang: str | None = None) -> str:
        """Fill settings values into a string (or into the plural form the count selects).
        `lang` is the language the string is written in (English for a fallback)."""
        lang = lang or self.lang
        if isinstance(value, dict):
            names = [name for v in value.values() for name, _ in PLACEHOLDER_RE.findall(v) if name in CONTENT_COUNTS]
            value = pick(value, self.counts[names[0]] if names else 1, lang)
        value = fill_genders(value, lambda name: self._gender(name, lang))
        return PLACEHOLDER_RE.sub(lambda m: self._value(m, lang), value)

    def _gender(self, name: str, lang: str) -> str | None:
        """The grammatical gender of settings term `name` in `lang` (validation makes sure it is declared)."""
        term = self.terms.get(name)
        return term.gender_of(lang) if term is not None else None

    def _value(self, m: re.Match, lang: str) -> str:
        name, form = m.group(1), m.group(2)
        if name in self.terms:
            term = self.terms[name]
            found = term.form(lang, form) if term.get(lang) is not None else term.form(self.fallback_lang(term), form)
            if found is None:  # validation reports undeclared forms; `cap` needs no declaration
                found = self.word(term)
                return capitalise(found) if form == "cap" else found
            return found
        if name in self.lists:
            return join_list([self.word(item) for item in self.lists[name]], form or "and", self.lang)
        return self.values.get(name, m.group(0))

    def plain(self, text: Text | None) -> str:
        value, fell_back = self.raw(text)
        return to_plain(self.fill(value, self.fallback_lang(text) if fell_back else None))

    def html(self, text: Text | None, inline: bool = False, fallback_note: str = "") -> Markup:
        value, fell_back = self.raw(text)
        shown = self.fallback_lang(text) if fell_back else self.lang
        out = to_html(self.fill(value, shown if fell_back else None), inline)
        if languages.is_rtl(shown):
            out = isolate_ltr(out)  # phone numbers, addresses, Latin names keep their own order
        if fell_back:
            tag = "span" if inline else "div"
            out = (f'<{tag} class="pb-fallback" lang="{shown}" dir="{languages.direction(shown)}" '
                   f'title="{html.escape(fallback_note)}">{out}</{tag}>')
        return Markup(out)
