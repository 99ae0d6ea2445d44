"""Writing a PO file byte for byte as GNU gettext writes it (msgcat, msgmerge: width 79).

The PO files live in the repository and translators' tools (Poedit, Weblate, msgcat) save
them too: when this writer and theirs agree, a save changes only what the translator
changed, and a sync with nothing new changes no byte. Lines are broken where gettext breaks
them: at the line-break opportunities of libunistring's Unicode rules that occur in
text (after spaces, unless a closing mark or punctuation follows; after a hyphen, a dash
or a slash (and a vertical bar), and after `.`, `,`, `:` or `;` before a letter; between `](` and after `}`; never inside an escape; an escaped line
break always ends a line), counting combining marks as no width and wide characters as
two; comments are written as they are. tests/translate/test_po_sync.py checks the output
against `msgcat --width=79` on every real file.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import polib

WIDTH = 79

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


# Never a break before these, even after a space (UAX 14 classes CL, CP, EX, IS, SY).
_NO_BREAK_BEFORE = set(")]}!?,.;:/%\u060c\u061b\u061f\u066a\u3001\u3002")
_AFTER_BEFORE_LETTER = set("-/:,.;\u00ad")  # hyphen, slash, infix: a break only before a letter
_DASHES = set("\u2010\u2012\u2013\u2014\u2015")  # a break after them (class BA/B2)
_UNIT = re.compile(r"\\.|.", re.S)


@lru_cache(maxsize=4096)
def _width(unit: str) -> int:
    """Columns of one unit (a character or an escape). Kept per unit: a sync writes every PO
    file, millions of units of a few hundred distinct characters."""
    ch = unit[-1] if unit.startswith("\\") else unit
    if unit.startswith("\\"):
        return len(unit)
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _text_width(text: str) -> int:
    """Columns of escaped text. ASCII has no zero-width or wide character and an escape is as
    wide as it is long, so there it is the length."""
    return len(text) if text.isascii() else sum(map(_width, _UNIT.findall(text)))


def _breaks(units: list[str]) -> list[bool]:
    """ok[i]: a line may end before units[i]."""
    ok = [False] * len(units)
    for i in range(1, len(units)):
        prev, cur = units[i - 1], units[i]
        if cur == " ":
            continue
        if prev == " ":
            ok[i] = cur not in _NO_BREAK_BEFORE and not _after_opening(units, i)
        elif prev in _DASHES or prev == "|":  # UAX 14 BA: a break after a vertical bar too
            ok[i] = cur not in _NO_BREAK_BEFORE
        elif prev in _AFTER_BEFORE_LETTER:  # before a letter or another UAX 14 "AL" symbol
            ok[i] = (cur.isalpha() or cur in "`*#_~^|=+<>@&") and i >= 2 and units[i - 2] not in " -/"
        elif prev in ")]":  # UAX 14 CP: a break before an opening bracket only ("…](link)")
            ok[i] = cur in "([{"
        elif prev == "}":  # CL: before an opening bracket or a letter
            ok[i] = cur in "([{" or cur.isalpha()
    return ok


def _after_opening(units: list[str], i: int) -> bool:
    j = i - 1
    while j >= 0 and units[j] == " ":
        j -= 1
    return j >= 0 and units[j] in "([{"


def gettext_wrap(escaped: str, width: int) -> list[str]:
    """The escaped text in chunks of at most `width` columns where it can be broken."""
    units = _UNIT.findall(escaped)
    if _text_width(escaped) <= width:
        return [escaped]  # fits: no line to break
    ok = _breaks(units)
    widths = list(map(_width, units))
    lines, start, used, last = [], 0, 0, -1
    for i, w in enumerate(widths):
        if ok[i] and i > start:
            last = i
        used += w
        if used > width and last > start:
            lines.append("".join(units[start:last]))
            start = last
            used = sum(widths[start:i + 1])
            last = -1
    lines.append("".join(units[start:]))
    return lines


def escape(text: str) -> str:
    return text.translate(_ESCAPE_TABLE)


_ESCAPE_TABLE = str.maketrans(_ESCAPES)


@lru_cache(maxsize=16384)
def _field(keyword: str, text: str, prefix: str = "") -> tuple[str, ...]:
    """`msgid "…"` on one line when it fits and holds no inner line break, else `msgid ""`
    followed by the text in lines of at most WIDTH columns. Kept per text: a sync writes
    every PO file with mostly the same texts as the last time."""
    escaped = escape(text)
    one = f'{prefix}{keyword} "{escaped}"'
    inner = "\\n" in escaped[:-2] if escaped.endswith("\\n") else "\\n" in escaped
    if not inner and _text_width(one) <= WIDTH:
        return (one,)
    lines = [f'{prefix}{keyword} ""']
    pieces, start = [], 0
    while True:
        at = escaped.find("\\n", start)
        if at < 0:
            if start < len(escaped):
                pieces.append(escaped[start:])
            break
        pieces.append(escaped[start:at + 2])
        start = at + 2
    for piece in pieces:
        for chunk in gettext_wrap(piece, WIDTH - 2 - len(prefix)):
            lines.append(f'{prefix}"{chunk}"')
    return tuple(lines)


def entry_lines(e: polib.POEntry) -> list[str]:
    out = [f"# {line}".rstrip() for line in (e.tcomment or "").split("\n")] if e.tcomment else []
    out += [f"#. {line}".rstrip() for line in (e.comment or "").split("\n")] if e.comment else []
    for file, line in e.occurrences:
        out.append(f"#: {file}:{line}" if line else f"#: {file}")
    if e.flags:
        out.append("#, " + ", ".join(e.flags))
    prefix = "#~ " if e.obsolete else ""
    if e.previous_msgctxt is not None:
        out += _field("msgctxt", e.previous_msgctxt, "#| ")
    if e.previous_msgid is not None:
        out += _field("msgid", e.previous_msgid, "#| ")
    if e.msgctxt is not None:
        out += _field("msgctxt", e.msgctxt, prefix)
    out += _field("msgid", e.msgid, prefix)
    if e.msgid_plural:
        out += _field("msgid_plural", e.msgid_plural, prefix)
        for index in sorted(e.msgstr_plural):
            out += _field(f"msgstr[{index}]", e.msgstr_plural[index], prefix)
    else:
        out += _field("msgstr", e.msgstr, prefix)
    return out


def dumps(po: polib.POFile) -> str:
    """The file's text as msgcat --width=79 writes it."""
    blocks = []
    head = [f"# {line}".rstrip() for line in po.header.split("\n")] if po.header else []
    if po.metadata_is_fuzzy:
        head.append("#, fuzzy")
    meta = "".join(f"{key}: {value}\n" for key, value in po.metadata.items())
    head += ['msgid ""', *_field("msgstr", meta)]
    blocks.append("\n".join(head))
    blocks += ["\n".join(entry_lines(e)) for e in po if not e.obsolete]
    blocks += ["\n".join(entry_lines(e)) for e in po if e.obsolete]
    return "\n\n".join(blocks) + "\n"
