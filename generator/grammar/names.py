"""The company's own names inside sentences: words chosen by a name's grammatical gender,
and what reads wrongly once a name is filled in.

- `{supervisor:gender|masculine=решил|feminine=решила}` chooses the words that agree with
  the settings term's declared gender (`gender: {ru: feminine}`); `other=` covers every
  gender not named. The genders a language has are its pack's `genders:` (CLDR's
  grammaticalFeatures data).
- After the settings are filled in, a quotation inside the same quotation marks
  («компании «ООО «Ромашка»»») and a word standing twice across a placeholder's edge
  («شركة شركة النخبة», "компании компании") are mistakes: `quotes_nested` and
  `doubled_words` find them in the filled text's pieces.

Pure functions on strings; validation (validate/grammar.py) and rendering (render/textfmt.py)
use them.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable, Iterator, NamedTuple

# `{name:gender|masculine=…|feminine=…|other=…}`: the branches may hold any text but `{`, `}` and `|`.
GENDER_RE = re.compile(r"\{([a-z][a-z0-9_]*):gender\|([^{}]*)\}")
OTHER = "other"


class Choice(NamedTuple):
    """One gender choice as written: the term's name and its branches in order, (gender, words)."""
    name: str
    branches: tuple[tuple[str, str], ...]
    malformed: tuple[str, ...]  # branches without `=`
    written: str


def choices(text: str) -> Iterator[Choice]:
    for m in GENDER_RE.finditer(text):
        branches, malformed = [], []
        for part in m.group(2).split("|"):
            key, eq, words = part.partition("=")
            if eq:
                branches.append((key.strip(), words))
            else:
                malformed.append(part)
        yield Choice(m.group(1), tuple(branches), tuple(malformed), m.group(0))


def choose(choice: Choice, gender: str | None) -> str:
    """The branch for `gender`, else `other`, else the first branch."""
    found = dict(choice.branches)
    if gender in found:
        return found[gender]
    if OTHER in found:
        return found[OTHER]
    return choice.branches[0][1] if choice.branches else ""


def fill_genders(text: str, gender_of: Callable[[str], str | None]) -> str:
    """Every gender choice in `text` replaced by the words for its term's gender."""
    if ":gender|" not in text:
        return text
    return GENDER_RE.sub(lambda m: choose(next(choices(m.group(0))), gender_of(m.group(1))), text)


def without_choices(text: str) -> str:
    """The text with each gender choice's branch names taken out (for checks of the words)."""
    return GENDER_RE.sub(lambda m: " ".join(w for _, w in next(choices(m.group(0))).branches), text)


# --- mistakes that appear only once the settings are filled in --------------------------

class Piece(NamedTuple):
    """A piece of a filled-in text: `placeholder` is the placeholder it was filled in for,
    or "" for the text's own words."""
    text: str
    placeholder: str


def quotes_nested(pieces: list[Piece], open_: str, close: str) -> tuple[str, str] | None:
    """(the quotation, the placeholder that brought quotation marks or "") when a quotation
    stands inside the same quotation marks once the pieces are put together."""
    if open_ != close:
        text = "".join(p.text for p in pieces)
        if text.count(open_) < 2:
            return None  # a quotation inside another needs two opening marks
        depth, start, involved = 0, 0, ""
        pos = 0
        for piece in pieces:
            for i, ch in enumerate(piece.text):
                if ch == open_:
                    if depth == 0:
                        start, involved = pos + i, ""
                    if depth >= 1:
                        end = text.find(close, pos + i)
                        end = text.find(close, end + 1) if end >= 0 else -1
                        quoted = text[start:end + 1 if end >= 0 else len(text)]
                        return quoted, piece.placeholder or involved
                    depth += 1
                elif ch == close and depth:
                    depth -= 1
                if depth and piece.placeholder and not involved:
                    involved = piece.placeholder
            pos += len(piece.text)
        return None
    # The same mark opens and closes (Finnish ”…”): a value with that mark inside a quotation.
    inside = False
    for piece in pieces:
        if piece.placeholder:
            if inside and open_ in piece.text:
                return open_ + piece.text + close, piece.placeholder
            continue
        inside ^= piece.text.count(open_) % 2 == 1
    return None


_WORD = re.compile(r"[^\W\d_]+")
# Between two words that read as a pair: spaces and quotation marks, no sentence punctuation.
_QUOTES = "«»„“”‟\"'‘’‚‹›「」"
_BETWEEN = re.compile(r"[\s" + re.escape(_QUOTES) + r"]*")


def _folded(word: str) -> str:
    # Arabic diacritics and tatweel do not make another word; case does not either.
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c)
                   and c != "\u0640").casefold()


def doubled_words(pieces: list[Piece]) -> tuple[str, str, str] | None:
    """(the word, the words around the edge, the placeholder) when the same word stands twice
    in a row across the edge of a filled-in value."""
    if not any(p.placeholder for p in pieces):
        return None
    text = "".join(p.text for p in pieces)
    pos = 0
    for piece in pieces:
        start, end = pos, pos + len(piece.text)
        pos = end
        if not piece.placeholder or not piece.text.strip():
            continue
        for edge in (start, end):
            before = list(_WORD.finditer(text, 0, edge))
            after = _WORD.search(text, edge)
            if not before or after is None:
                continue
            left = before[-1]
            if left.end() == after.start():
                continue  # no space between: an ending glued to the value (lints report it)
            if not _BETWEEN.fullmatch(text, left.end(), after.start()):
                continue
            if _folded(left.group(0)) == _folded(after.group(0)):
                around = text[max(0, left.start() - 20):after.end() + 20].strip()
                return left.group(0), around, piece.placeholder
    return None
