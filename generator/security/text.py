"""Characters a text may not hold: what staff read must be what they copy.

A right-to-left override (U+202E) makes "+358 40 1234 567" read "+358 40 765 4321" on the
page while the Copy button puts the first on the clipboard; a zero-width space or a soft
hyphen splits a word for search and for a customer's system without showing itself; a
control character (ESC, BEL) prints as a box or drives a terminal. So every text from
YAML and from PO files is refused when it holds one of them (validation, with file and
line). Allowed: tab and line breaks, and the zero-width joiner and non-joiner (U+200D,
U+200C), which Arabic and Persian spelling and emoji need. Variation selectors (emoji) stay
allowed too. The site's own direction marks (<bdi>, and U+2068/U+2069 around filled-in
values when a script is copied on an Arabic page) are added after validation.
"""

from __future__ import annotations

import re
import unicodedata

HIDDEN = re.compile(
    "["
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 (but tab, line feed, carriage return), DEL, C1
    "\u00ad"  # soft hyphen
    "\u034f"  # combining grapheme joiner
    "\u061c"  # Arabic letter mark
    "\u115f\u1160\u3164\uffa0"  # Hangul fillers: blank letters
    "\u17b4\u17b5"  # Khmer inherent vowels: invisible
    "\u180e"  # Mongolian vowel separator
    "\u200b"  # zero-width space
    "\u200e\u200f"  # left-to-right and right-to-left marks
    "\u2028\u2029"  # line and paragraph separators
    "\u202a-\u202e"  # bidi embeddings and overrides
    "\u2060-\u2064"  # word joiner, invisible operators
    "\u2066-\u206f"  # bidi isolates, deprecated format characters
    "\ufeff"  # zero-width no-break space (byte-order mark)
    "\ufff9-\ufffb"  # interlinear annotation
    "\U0001d173-\U0001d17a"  # musical formatting
    "\U000e0000-\U000e007f"  # tag characters (invisible ASCII)
    "]"
)


def describe(char: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`: how a problem names the character."""
    name = unicodedata.name(char, "")
    if not name and (ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F):
        name = "CONTROL CHARACTER"
    return f"U+{ord(char):04X} {name}".rstrip()


def hidden_characters(text: str) -> list[tuple[int, str]]:
    """(offset, description) of every character `text` may not hold."""
    return [(m.start(), describe(m.group(0))) for m in HIDDEN.finditer(text)]
