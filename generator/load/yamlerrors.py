"""YAML syntax errors in an editor's words: what they did, where, and how to fix it.

PyYAML names what its parser expected ("did not find expected key while parsing a block
mapping") and where it noticed, which is often far below the mistake: an unclosed quote
swallows the lines after it. This module looks at the text for the usual causes (a
quote left open, typographic quotes used as YAML quotes, a colon inside a text, a line
indented differently from its neighbours) and says that instead.
"""

from __future__ import annotations

import re

from generator.errors import Problem
from generator.messages import mark, msg, msg_n

PREFIX = "YAML syntax error: "
TYPOGRAPHIC = "“”„«»‘’‚"
_KEY = re.compile(r"^(\s*)(?:-\s+)?([^\s:#'\"][^:#]*?):(\s|$)")
_VALUE = re.compile(r"^(\s*)(?:-\s+)?(?:[^\s:#'\"][^:#]*?:\s+)?(.*)$")
_QUOTE_NAMES = {"“": mark("{quote} (a typographic opening quote)"), "”": mark("{quote} (a typographic closing quote)"),
                "„": mark("{quote} (a typographic low quote)"), "«": mark("{quote} (a guillemet)"),
                "»": mark("{quote} (a guillemet)"), "‘": mark("{quote} (a typographic single quote)"),
                "’": mark("{quote} (a typographic single quote)"), "‚": mark("{quote} (a typographic low single quote)")}


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _spaces(n: int) -> str:
    return msg_n("{n} space", "{n} spaces", n)


def _value(line: str) -> str:
    """What follows `key: ` or `- ` on a line (the whole line when it is neither)."""
    stripped = line.split(" #", 1)[0] if not line.lstrip().startswith(("'", '"')) else line
    match = _VALUE.match(stripped)
    return match.group(2) if match else line.strip()


def _unclosed(value: str) -> str | None:
    """The quote character a value opens and does not close on the same line, if any."""
    if not value or value[0] not in "\"'":
        return None
    quote, i = value[0], 1
    while i < len(value):
        ch = value[i]
        if quote == '"' and ch == "\\":
            i += 2
            continue
        if ch == quote:
            if quote == "'" and value[i + 1:i + 2] == "'":
                i += 2
                continue
            return None
        i += 1
    return quote


def _open_quote_line(lines: list[str], upto: int) -> tuple[int, int, str] | None:
    """The first line (0-based) up to `upto` that opens a quote never closed on it, and
    whose next line reads as a new `key:` (so the quote was forgotten, not continued)."""
    for number in range(min(upto + 1, len(lines))):
        line = lines[number]
        if line.lstrip().startswith("#"):
            continue
        value = _value(line)
        quote = _unclosed(value)
        if quote is None:
            continue
        following = next((ln for ln in lines[number + 1:] if ln.strip()), "")
        if _KEY.match(following) or following.lstrip().startswith("- ") or number == len(lines) - 1:
            return number, line.index(value) + 1, quote
    return None


def _typographic(line: str) -> str | None:
    value = _value(line)
    return value[0] if value and value[0] in TYPOGRAPHIC else None


_BARE_KEY = re.compile(r"^\s*(- )?[A-Za-z_][A-Za-z0-9_]*\s*$")  # `title` alone on its line


def _previous_item(lines: list[str], number: int) -> int | None:
    """The list item (`- …`) before line `number` that it should line up with: the nearest
    one indented as far or less, else the nearest one."""
    here = _indent(lines[number])
    items = [n for n in range(number - 1, -1, -1) if lines[n].lstrip().startswith("- ")]
    return next((n for n in items if _indent(lines[n]) <= here), items[0] if items else None)


def _previous_key(lines: list[str], number: int) -> tuple[int, str] | None:
    for back in range(number - 1, -1, -1):
        line = lines[back]
        if line.strip() and not line.lstrip().startswith("#") and _KEY.match(line):
            return back, line
    return None


def explain(exc, text: str, name: str) -> Problem:
    """A Problem for a PyYAML syntax error, worded for a non-programmer."""
    lines = text.splitlines()
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line, mark.column) if mark else (0, 0)
    problem = (getattr(exc, "problem", None) or "").strip()
    context = (getattr(exc, "context", None) or "").strip()

    if hasattr(exc, "character") and hasattr(exc, "position") and not mark:  # ReaderError
        before = text[: exc.position]
        line, col = before.count("\n"), exc.position - (before.rfind("\n") + 1)
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        return Problem(name, line + 1, col + 1, "",
                       msg("YAML syntax error: the text contains an invisible control character ({code})",
                           code=f"U+{code:04X}"),
                       msg("delete it: retype the text around this place (such characters come with text "
                           "copied from other programs)"))

    # Typographic quotes on the line where YAML stopped, or on the line its context began.
    for number in dict.fromkeys(n for n in (line, getattr(getattr(exc, "context_mark", None), "line", line))
                                if 0 <= n < len(lines)):
        quote = _typographic(lines[number])
        if quote:
            name_of = msg(_QUOTE_NAMES[quote], quote=quote) if quote in _QUOTE_NAMES else quote
            return Problem(name, number + 1, lines[number].index(quote) + 1, "",
                           msg("YAML syntax error: the text starts with {quote_name}, which YAML does not read as "
                               "a quote, so a `:` or `#` inside the text breaks the line", quote_name=name_of),
                           msg('write the text between straight double quotes, "like this"; a word processor '
                               "turns \" into “ ”, so type them in this editor"))

    opened = _open_quote_line(lines, line)
    if opened and (opened[0] < line or "quoted scalar" in context or "end of stream" in problem):
        number, column, quote = opened
        return Problem(name, number + 1, column, "",
                       msg("YAML syntax error: the quote {quote} opened on this line is never closed", quote=quote),
                       msg("add the closing {quote} at the end of the text (a \" inside the text is written \\\")",
                           quote=quote) if quote == '"' else
                       msg("add the closing {quote} at the end of the text (a ' inside the text is written '')",
                           quote=quote))

    current = lines[line] if 0 <= line < len(lines) else ""
    above = _previous_key(lines, line)
    if "mapping values are not allowed" in problem:
        first_colon = current.find(":")
        if first_colon >= 0 and col > first_colon and _KEY.match(current):
            return Problem(name, line + 1, col + 1, "",
                           msg("YAML syntax error: the text after `{key}:` contains `: ` (a colon and a space), "
                               "which YAML reads as the start of another key", key=_KEY.match(current).group(2)),
                           msg('put the whole text in double quotes: key: "text: more text"'))
        if above and _indent(current) > _indent(above[1]):
            return Problem(name, line + 1, _indent(current) + 1, "",
                           msg("YAML syntax error: this line is indented further than the line above it "
                               "(line {line})", line=above[0] + 1),
                           msg("line it up with `{key}:` above ({spaces}), or indent the key it belongs under",
                               key=above[1].strip().split(':')[0], spaces=_spaces(_indent(above[1]))))
        return Problem(name, line + 1, col + 1, "",
                       msg("YAML syntax error: a `: ` (colon and space) inside a text, which YAML reads as "
                           "another key"),
                       msg('put the whole text in double quotes: key: "text: more text"'))
    if "did not find expected key" in problem or "expected <block end>" in problem:
        sibling = _previous_item(lines, line) if current.lstrip().startswith("- ") else None
        if sibling is not None and _indent(current) != _indent(lines[sibling]):
            # a list item: compared with the item before it, not with the last text line
            here, there = _indent(current), _indent(lines[sibling])
            counts = {"here": _spaces(here), "there": _spaces(there), "line": sibling + 1}
            return Problem(name, line + 1, here + 1, "",
                           msg("YAML syntax error: this list item is indented further than the item before it "
                               "({here} here, {there} on line {line})", **counts) if here > there else
                           msg("YAML syntax error: this list item is indented less far than the item before it "
                               "({here} here, {there} on line {line})", **counts),
                           msg("start it with {there} before the `-`, like the item on line {line}", **counts))
        if above and _indent(current) != _indent(above[1]):
            further = _indent(current) > _indent(above[1])
            counts = {"here": _spaces(_indent(current)), "there": _spaces(_indent(above[1])), "line": above[0] + 1}
            return Problem(name, line + 1, col + 1, "",
                           (msg("YAML syntax error: this line is indented further than the line above it "
                                "({here} here, {there} on line {line})", **counts) if further else
                            msg("YAML syntax error: this line is indented less far than the line above it "
                                "({here} here, {there} on line {line})", **counts)),
                           msg("give lines that belong together the same number of spaces at the start"))
        return Problem(name, line + 1, col + 1, "",
                       msg("YAML syntax error: this line does not fit with the lines above it"),
                       msg("check that it starts with the same number of spaces as its neighbours, and that "
                           "every text with a `:`, `#` or quote in it is in double quotes"))
    if "could not find expected ':'" in problem:
        start = getattr(exc, "context_mark", None)
        if start is not None and start.line < line and _BARE_KEY.match(lines[start.line]):
            # a key without its colon: YAML reads it as text running on, and stops a line later
            key = lines[start.line].strip()
            return Problem(name, start.line + 1, len(lines[start.line].rstrip()) + 1, "",
                           msg("YAML syntax error: `{key}` has no `:` after it", key=key),
                           msg("write `{key}:` (with the colon)", key=key))
        return Problem(name, line + 1, col + 1, "",
                       msg("YAML syntax error: a line has no `:` after its key, or continues the text above it "
                           "without being indented"),
                       msg("add the `:` after the key, or indent the continued text under the key it belongs to"))
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        bracket = "]" if "]" in problem else "}"
        opening = getattr(exc, "context_mark", None) or mark
        return Problem(name, opening.line + 1, opening.column + 1, "",
                       msg("YAML syntax error: a list or group opened with `{opening}` is not closed with "
                           "`{closing}`, or a value inside it contains `:`, `,` or `#`",
                           opening="[" if bracket == "]" else "{", closing=bracket),
                       msg("close it with `{closing}` on the same line, and put such values in double quotes",
                           closing=bracket))
    if "unknown escape character" in problem:
        return Problem(name, line + 1, col + 1, "",
                       msg("YAML syntax error: a backslash `\\` inside double quotes starts a code YAML does not know"),
                       msg("write `\\\\` for a backslash, or put the text in single quotes"))
    if "cannot start any token" in problem:
        return Problem(name, line + 1, col + 1, "",
                       msg("YAML syntax error: the value starts with a character YAML keeps for itself "
                           "(`@`, `` ` ``, `%`)"),
                       msg("put the whole value in double quotes"))
    if "undefined alias" in problem or "while scanning an alias" in context or "while scanning an anchor" in context:
        return Problem(name, line + 1, col + 1, "",
                       msg("YAML syntax error: a value starts with `*` or `&`, which YAML reads as a reference"),
                       msg("put the whole value in double quotes"))
    if "end of stream" in problem:
        return Problem(name, line + 1, col + 1, "", msg("YAML syntax error: the file ends in the middle of a value"),
                       msg("close the quote or bracket that is still open"))
    return Problem(name, line + 1, col + 1, "", msg("YAML syntax error: this line cannot be read"),
                   msg("check the spaces at the start of the line and the quotes around the text"))
