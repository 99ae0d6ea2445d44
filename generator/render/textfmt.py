"""Turning one YAML string into page text: pick the language, fill in settings, Markdown to safe HTML.

Editors may use Markdown emphasis, lists and links to http(s)/mailto. Everything else
that looks like markup is shown as typed: `<` and `>` are escaped before Markdown runs,
`{` and `}` are escaped afterwards (they would otherwise become attribute syntax in
headings), and links with any other scheme lose their href.
"""

from __future__ import annotations

import html
import re
import unicodedata
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
from generator.model import SETTINGS_AMOUNTS, Settings, Term, Text
from generator.render.uitext import fallback_open
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
    out = format_currency(value, currency, format=pattern, locale=lang, currency_digits=False)
    return _currency_spacing(out, get_currency_symbol(currency, locale=lang))


def _letter_like(char: str) -> bool:
    return unicodedata.category(char)[0] not in "SZ"


def _currency_spacing(text: str, symbol: str) -> str:
    """CLDR's currencySpacing (root, inherited by every locale; Babel does not apply it): a
    currency sign that ends or starts with a letter, next to a digit, gets a no-break space
    between them ("SEK 300", not "SEK300"; "€50" stays)."""
    at = text.find(symbol)
    if at < 0 or not symbol:
        return text
    end = at + len(symbol)
    if end < len(text) and text[end].isdigit() and _letter_like(symbol[-1]):
        return text[:end] + "\u00a0" + text[end:]
    if at > 0 and text[at - 1].isdigit() and _letter_like(symbol[0]):
        return text[:at] + "\u00a0" + text[at:]
    return text


def currency_symbol(currency: str, lang: str) -> str:
    """The currency's sign as readers of `lang` write it ("€", "US$", "ر.س.")."""
    return get_currency_symbol(currency, locale=lang)


def format_number(value: float, lang: str) -> str:
    return format_decimal(int(value) if float(value).is_integer() else value, locale=lang)


# A settings word that falls back to another language inside a translated sentence is
# marked where it is filled in, before Markdown runs: these private-use characters open and
# close the mark, and html() turns them into a <span lang=…>, plain() drops them. Editors'
# text never carries them (fill() and _marked() take them out first).
_OPEN, _LANG_END, _CLOSE = "\ue000", "\ue001", "\ue002"
_MARK = re.compile(f"{_OPEN}([a-zA-Z-]+){_LANG_END}|{_CLOSE}")
_NO_MARKS = {ord(c): None for c in (_OPEN, _LANG_END, _CLOSE)}


def _marked(value: str, lang: str) -> str:
    return f"{_OPEN}{lang}{_LANG_END}{value.translate(_NO_MARKS)}{_CLOSE}"


def unmark(text: str) -> str:
    """Text with the fallback marks of fill() taken out (titles, copy buttons, search words)."""
    return _MARK.sub("", text)


class Language:
    """Text functions for one site language, with the company settings filled in.

    Nothing falls back silently: a text missing in this language is shown in the fallback
    language inside a marked element with its `lang` (html()), and so is a settings word
    (supervisor, role, gift …) missing in it, also inside an otherwise translated sentence.
    `note` is the marked element's tooltip ("not yet translated"), set by the page."""

    def __init__(self, lang: str, settings: Settings, note: str = ""):
        self.lang = lang
        self.note = note
        c = settings.company
        self.values = {
            # amounts in the currency of this language's pages (settings.yaml `currency:`)
            **{name: format_amount(c.amount(name, lang), c.currency_for(lang), lang) for name in SETTINGS_AMOUNTS},
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

    def word_html(self, text: Text | None, cap: bool = False) -> Markup:
        """A settings value for the page (a role name …): escaped, and marked with its language
        when it is not in this one."""
        found = self.word(text)
        found = capitalise(found) if cap else found
        fell_back = text is not None and text.get(self.lang) is None
        return Markup(self._span(html.escape(found), self.fallback_lang(text))) if fell_back else Markup.escape(found)

    def _span(self, inner: str, lang: str) -> str:
        return f"{self._span_open(lang, self.note)}{inner}</span>"

    def _list_word(self, item: Text, lang: str) -> str:
        """A list item (a gift) for a sentence in `lang`: in that language when the sentence
        is a fallback (an English sentence lists English gifts), marked when it falls back."""
        if lang != self.lang:
            value = item.get(lang) if item.get(lang) is not None else self.raw(item)[0]
            return value if isinstance(value, str) else pick(value, 1, lang)
        found = self.word(item)
        if item.get(self.lang) is None:
            return _marked(found, self.fallback_lang(item))
        return found

    def fill(self, value: str | dict, lang: str | None = None) -> str:
        """Fill settings values into a string (or into the plural form the count selects).
        `lang` is the language the string is written in (English for a fallback)."""
        lang = lang or self.lang
        if isinstance(value, dict):
            names = [name for v in value.values() for name, _ in PLACEHOLDER_RE.findall(v) if name in CONTENT_COUNTS]
            value = pick(value, self.counts[names[0]] if names else 1, lang)
        value = fill_genders(value.translate(_NO_MARKS), lambda name: self._gender(name, lang))
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
                found = capitalise(found) if form == "cap" else found
            # in a sentence of this language, a word from another is marked (an English
            # sentence shown as a whole fallback is marked as a whole already)
            return _marked(found, self.fallback_lang(term)) if lang == self.lang and term.get(lang) is None else found
        if name in self.lists:
            # joined by the sentence's language: "a, b or c" in an English fallback, not "a, b eller c"
            return join_list([self._list_word(item, lang) for item in self.lists[name]], form or "and", lang)
        return self.values.get(name, m.group(0))

    def plain(self, text: Text | None) -> str:
        value, fell_back = self.raw(text)
        return unmark(to_plain(self.fill(value, self.fallback_lang(text) if fell_back else None)))

    def fell_back(self, text: Text | None) -> bool:
        """Whether `text` is shown in another language than this one."""
        return self.raw(text)[1]

    def html(self, text: Text | None, inline: bool = False, fallback_note: str | None = None,
             searchable: bool = False) -> Markup:
        """The text as HTML. A fallback is marked with its language and, unless `searchable`
        (headings: a section needs its title in the index), left out of this language's search
        index, which would otherwise hold it as words of this language."""
        note = self.note if fallback_note is None else fallback_note
        value, fell_back = self.raw(text)
        shown = self.fallback_lang(text) if fell_back else self.lang
        out = to_html(self.fill(value, shown if fell_back else None), inline)
        out = _MARK.sub(lambda m: self._span_open(m.group(1), note) if m.group(1) else "</span>", out)
        if languages.is_rtl(shown):
            out = isolate_ltr(out)  # phone numbers, addresses, Latin names keep their own order
        if fell_back:
            tag = "span" if inline else "div"
            out = f"{fallback_open(shown, note, tag, searchable)}{out}</{tag}>"
        return Markup(out)

    def mark_fallback(self, shown: str, text: Text | None) -> Markup:
        """`shown` (plain text made from `text`, e.g. shortened) escaped, and marked with its
        language when `text` falls back."""
        if self.fell_back(text):
            return Markup(self._span(html.escape(shown), self.fallback_lang(text)))
        return Markup.escape(shown)

    def _span_open(self, lang: str, note: str) -> str:
        return fallback_open(lang, note)
