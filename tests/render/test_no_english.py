"""Nothing English on a translated page: the built fi, ru and ar pages, read as a reader sees them.

Each page is parsed with an HTML parser; its visible text (and the tooltips and labels a
reader meets: title, placeholder, aria-label) is checked for English words. What may stay
English: code (file names, commands, YAML keys), text marked as an English fallback
(`lang="en"`, shown while a translation is missing), and a few proper names.

The English vocabulary is the site's own: every word of the English interface strings and
content, less the words that the other languages use too ("chat", "on" …), plus the words
MkDocs and Material would add in English.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import yaml
from helpers import ROOT

from generator.grammar.forms import strings
from generator.validate.checker import iter_texts
from generator.validate.corpus import load_corpus

SKIPPED_TAGS = {"script", "style", "code", "kbd", "pre", "svg", "template", "noscript"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
PROPER_NAMES = {"json", "yaml", "markdown", "mkdocs", "material", "weblate", "poedit", "lokalize", "crowdin",
                "playwright", "chromium", "babel", "cldr", "github", "lunr"}
# Words MkDocs, Material and the browser-side widgets would show in English.
FRAMEWORK_WORDS = {"permanent", "link", "found", "search", "searching", "initializing", "matching", "documents",
                   "document", "missing", "share", "clear", "skip", "content", "previous", "next", "navigation",
                   "contents", "table", "select", "language", "copy", "clipboard", "copied", "back", "top",
                   "header", "footer", "type", "start", "the", "and", "with", "this", "your", "page", "more",
                   "done", "amount", "owner", "source", "section", "steps", "checklist", "checklists", "script",
                   "scripts", "resolved", "escalated", "declined", "related", "playbook", "playbooks"}


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def _hidden(self) -> bool:
        return any(skip for _, skip in self.stack)

    def _attributes(self, attrs: dict) -> None:
        if not self._hidden():
            self.parts += [attrs[k] for k in SHOWN_ATTRIBUTES if attrs.get(k)]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in VOID:
            if (attrs.get("lang") or "").startswith("en"):
                return
            self._attributes(attrs)
            return
        english = (attrs.get("lang") or "").startswith("en")
        self.stack.append((tag, tag in SKIPPED_TAGS or english))
        self._attributes(attrs)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if not self._hidden():
            self.parts.append(data)


def _words(text: str) -> set[str]:
    text = re.sub(r"\{[^{}]*\}", " ", text)  # placeholder names ({customer_name}) are not words of a text
    text = re.sub(r"\]\([^()\s]*\)", "] ", text)  # nor are link targets (angry-customer.html#…)
    # Whole words in any script, then the Latin ones: "perään" is a Finnish word, not "per" + "ään".
    words = re.findall(r"[^\W\d_](?:[^\W\d_]|['’])+", text)
    return {w.lower() for w in words if w.isascii()}


def english_vocabulary() -> set[str]:
    corpus = load_corpus(ROOT / "playbook")
    from generator.render.uitext import ui_strings

    ui = ui_strings()
    english, other = set(), set()
    for values in ui.values():
        for lang, value in values.items():
            for s in strings(value):
                (english if lang == "en" else other).update(_words(s))
    for obj in [corpus.settings, *corpus.playbooks] + ([corpus.glossary] if corpus.glossary else []):
        for _, text in iter_texts(obj):
            for lang in ("en", "fi", "ru", "ar"):
                for s in strings(text.get(lang)):
                    (english if lang == "en" else other).update(_words(s))
    return {w for w in (english | FRAMEWORK_WORDS) - other - PROPER_NAMES if len(w) >= 3}


def test_vocabulary_would_catch_english():
    vocabulary = english_vocabulary()
    parser = VisibleText()
    parser.feed('<p>Owner: Head of customer service <code>steps:</code> <span lang="en">Listen actively</span></p>'
                '<a title="Permanent link">¶</a>')
    found = _words(" ".join(parser.parts)) & vocabulary
    assert {"owner", "head", "customer", "service", "permanent", "link"} <= found
    assert not found & {"steps", "listen", "actively"}


def test_no_english_on_finnish_russian_and_arabic_pages(built):
    vocabulary = english_vocabulary()
    found: dict[str, set[str]] = {}
    pages = 0
    for lang in ("fi", "ru", "ar"):
        for page in sorted((built.site / lang).rglob("*.html")):
            parser = VisibleText()
            parser.feed(page.read_text(encoding="utf-8"))
            english = _words(" ".join(parser.parts)) & vocabulary
            pages += 1
            if english:
                found[str(page.relative_to(built.site))] = english
    assert pages >= 3 * 15
    assert found == {}, "English words on translated pages:\n" + "\n".join(
        f"{page}: {', '.join(sorted(words))}" for page, words in sorted(found.items()))
