"""Which links a text holds, and which are safe: only http, https and mailto, decoded as a
browser decodes them (validation, rendering and the post-build audit all ask here).
"""

from __future__ import annotations

import html
import re
import urllib.parse
import xml.etree.ElementTree as etree
from functools import lru_cache

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = ("http:", "https:", "mailto:")

MAX_BRACKETS = 50  # `[` per text: Python-Markdown's link search is quadratic in them


def url_as_browser_sees(url: str) -> str:
    """The URL a browser would follow for this href: character references decoded (until
    nothing changes, so `&amp;#106;` cannot hide a `j` either), percent-encoding decoded,
    and the tabs, line breaks, other control characters and spaces removed that browsers
    drop or ignore while reading a scheme (`jav&#x09;ascript:` is `javascript:`)."""
    for _ in range(5):
        decoded = urllib.parse.unquote(html.unescape(url))
        if decoded == url:
            break
        url = decoded
    return _IGNORED_IN_URL.sub("", url)


_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]")

_TWO_SLASHES = re.compile(r"[/\\]\s*[/\\]")  # `//`, `/\`, `\\`, `\/`, also with a tab or line break between
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


def unsafe_scheme(url: str) -> str | None:
    """The scheme of `url` (as a browser decodes it) when it is not http, https or mailto."""
    scheme = _SCHEME.match(url_as_browser_sees(url))
    if scheme and scheme.group(0).lower() not in SAFE_SCHEMES:
        return scheme.group(1)
    return None


def names_another_host(url: str) -> bool:
    """Whether `url`, written without a scheme, still leads to another site: `//host`, and
    the spellings a browser reads the same way (`/\\host`, `\\\\host`, `\\/host`, with tabs,
    line breaks, leading spaces or character references in between). Browsers read `\\`
    as `/` in web addresses, so such a link looks relative to a reviewer and is not."""
    return url_as_browser_sees(url).replace("\\", "/").startswith("//")


class _Targets(Treeprocessor):
    """Records every link and image target Markdown found, whatever its form."""

    def run(self, root: etree.Element) -> None:
        self.md.pb_targets = [el.get(attr) for el in root.iter() for attr in ("href", "src") if el.get(attr) is not None]


class _TargetsExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_Targets(md), "pb_targets", 0)


_md_targets = markdown.Markdown(extensions=["sane_lists", _TargetsExtension()])


def link_targets(text: str) -> list[str]:
    """Every link target in an editor's text as Markdown reads it: inline `[x](url)`,
    reference `[x][r]` with `[r]: url`, and autolinks `<url>`. For validation."""
    if ":" not in text and "&" not in text and "%" not in text and not _TWO_SLASHES.search(text):
        return []  # no scheme, nor another host, can be spelled without one of them
    if "]" not in text and "<" not in text:
        return []  # every target needs one: `](url)`, `[r]: url`, `<url>`, `<a href>`
    if text.count("[") > MAX_BRACKETS:
        return []  # refused as too many `[` (checks.py); not worth a quadratic parse
    return list(_parsed_targets(text))


@lru_cache(maxsize=8192)
def _parsed_targets(text: str) -> tuple[str, ...]:
    """Markdown's reading of one text, kept: validation reads the same texts again on every
    save in the preview and for every command, and a Markdown parse is the costly part."""
    md = _md_targets.reset()
    md.pb_targets = []
    md.convert(text)
    return tuple(md.pb_targets)
