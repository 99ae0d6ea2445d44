"""Problems found in editors' files, reported with file, line, column and a fix."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from generator import languages
from generator.messages import SOURCE, mark, msg, msg_n, translate

# C0 and C1 control characters, DEL and the Unicode line separators: printed raw, a value
# such as `\e[2K\e[1A` would erase or fake lines in a terminal or a CI log. Bidi controls
# and zero-width characters too: `\u202e` would reorder the rest of the line as it is shown.
_INVISIBLE = r"\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029" + _INVISIBLE + "]")
_CONTROL_KEEP_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029" + _INVISIBLE + "]")  # keeps \t and \n


def _escape(m: re.Match) -> str:
    code = ord(m.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(value: object, keep_lines: bool = False) -> str:
    """`value` for a terminal: control characters shown as escapes (`\\x1b`), never sent raw."""
    return (_CONTROL_KEEP_LINES if keep_lines else _CONTROL).sub(_escape, str(value))


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    path: str
    message: str
    hint: str = ""

    def format(self, lang: str = SOURCE) -> str:
        """file:line:column: where: message, and the fix on the next line; in `lang` as far
        as the catalog has it (generator/messages.py)."""
        where = f"{clean(self.file)}:{self.line}:{self.column}"
        inside = clean(human_path(self.path, lang)) + ": " if self.path else ""
        # Values from files are shown escaped; a line break the message itself writes (a
        # conflict's rows, a mapping to type) is printed as one.
        text = f"{where}: {inside}{translate(self.message, lang, clean)}"
        if self.hint:
            label = translate(msg("fix:"), lang)
            text += f"\n    {label} {translate(self.hint, lang, clean)}"
        return text


class ContentError(Exception):
    """One or more problems in the content; the run stops before anything is written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(p.format() for p in self.problems))

    def report(self, lang: str = SOURCE) -> str:
        head = translate(msg_n("{n} problem found:", "{n} problems found:", len(self.problems)), lang)
        return "\n".join([head, *(p.format(lang) for p in self.problems)])


class UsageError(Exception):
    """The command was called wrongly (exit 2): a message, never a traceback."""


# A position as the page numbers it: `steps[1].body` is "step 2 › body".
_NUMBERED = {"steps": mark("step {n}"), "trees": mark("tree {n}"), "scripts": mark("script {n}"),
             "checklists": mark("checklist {n}"), "items": mark("item {n}"), "answers": mark("answer {n}"), "do": mark("do {n}"),
             "dont": mark("don't {n}"), "placeholders": mark("placeholder {n}"), "gifts": mark("gift {n}"),
             "situations": mark("situation {n}"), "articles": mark("article {n}"), "sections": mark("section {n}"),
             "terms": mark("term {n}"), "channels": mark("channel {n}"), "related": mark("related playbook {n}"),
             "nodes": mark("node {n}")}
_PART = re.compile(r"([^.\[\]]+)((?:\[\d+\])?)")


def path_parts(path: str) -> list[str]:
    """'trees[0].nodes.refund.answers[1].next' -> ['tree 1', 'node refund', 'answer 2', 'next'];
    the numbered parts are messages (translatable), the keys stay as the file writes them."""
    out: list[str] = []
    parts = [(m.group(1), m.group(2)) for m in _PART.finditer(path)]
    i = 0
    while i < len(parts):
        name, index = parts[i]
        if index:
            number = int(index[1:-1]) + 1
            out.append(msg(_NUMBERED[name], n=number) if name in _NUMBERED else msg("{name} {n}", name=name, n=number))
        elif name == "nodes" and i + 1 < len(parts) and not parts[i + 1][1]:
            out.append(msg("node {name}", name=parts[i + 1][0]))
            i += 1
        else:
            out.append(name)
        i += 1
    return out


def human_path(path: str, lang: str = SOURCE) -> str:
    """'trees[0].nodes.refund.answers[1].next' -> 'tree 1 › node refund › answer 2 › next'."""
    # right to left, the arrow points the way the reader goes
    separator = " ‹ " if languages.known(lang) and languages.is_rtl(lang) else " › "
    return separator.join(translate(part, lang) for part in path_parts(path))


def format_path(path: tuple) -> str:
    """('trees', 0, 'nodes', 'refund') -> 'trees[0].nodes.refund'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def suggest(word: str, options: list[str]) -> str:
    """"did you mean `x`?" for the closest option, or nothing."""
    close = difflib.get_close_matches(str(word), options, n=1, cutoff=0.6)
    return msg("did you mean `{option}`?", option=close[0]) if close else ""
