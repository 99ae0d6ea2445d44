"""Problems found in editors' files, reported with file, line, column and a fix."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# C0 and C1 control characters, DEL and the Unicode line separators: printed raw, a value
# such as `\e[2K\e[1A` would erase or fake lines in a terminal or a CI log.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_KEEP_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")  # keeps \t and \n


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

    def format(self) -> str:
        where = f"{clean(self.file)}:{self.line}:{self.column}"
        text = f"{where}: {clean(human_path(self.path)) + ': ' if self.path else ''}{clean(self.message)}"
        if self.hint:
            text += f"\n    fix: {clean(self.hint)}"
        return text


class ContentError(Exception):
    """One or more problems in the content; the run stops before anything is written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(p.format() for p in self.problems))

    def report(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} found:"
        return "\n".join([head, *(p.format() for p in self.problems)])


class UsageError(Exception):
    """The command was called wrongly (exit 2): a message, never a traceback."""


# A position as the page numbers it: `steps[1].body` is "step 2 › body".
_SINGULAR = {"steps": "step", "trees": "tree", "scripts": "script", "checklists": "checklist", "items": "item",
             "answers": "answer", "do": "do", "dont": "don't", "placeholders": "placeholder", "gifts": "gift",
             "situations": "situation", "articles": "article", "sections": "section", "terms": "term",
             "channels": "channel", "related": "related playbook", "nodes": "node"}
_PART = re.compile(r"([^.\[\]]+)((?:\[\d+\])?)")


def human_path(path: str) -> str:
    """'trees[0].nodes.refund.answers[1].next' -> 'tree 1 › node refund › answer 2 › next'."""
    out: list[str] = []
    parts = [(m.group(1), m.group(2)) for m in _PART.finditer(path)]
    i = 0
    while i < len(parts):
        name, index = parts[i]
        if index:
            out.append(f"{_SINGULAR.get(name, name)} {int(index[1:-1]) + 1}")
        elif name == "nodes" and i + 1 < len(parts) and not parts[i + 1][1]:
            out.append(f"node {parts[i + 1][0]}")
            i += 1
        else:
            out.append(name)
        i += 1
    return " › ".join(out)


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
    return f"did you mean `{close[0]}`?" if close else ""
