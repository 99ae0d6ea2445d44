"""Strict syntax check of a translator's PO file, before anything in it is trusted.

polib forgives mistakes that GNU msgfmt rejects (an unclosed quote at the end of a line
loses a character without a word), so a file is first read here line by line with
msgfmt's rules: every string opens and closes with a double quote and nothing but spaces
follows it, escapes are the C ones, keywords come in order (msgctxt, msgid, msgid_plural,
msgstr / msgstr[N]), every entry has its msgstr, no entry appears twice, and (as
`msgfmt -c` checks) a translation begins and ends with a line break when its English does.
Every problem names the PO file's own line and a fix that keeps the translator's work.

A file is hostile until read: its size is bounded before it is read, a line or a text
longer than any playbook text can be is refused where it starts (and not scanned further),
and control characters (a NUL, an escape sequence) are refused at their line and column,
so nothing invisible reaches the YAML and no input makes the check slow.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path

import polib

from generator.errors import Problem
from generator.load import memo
from generator.messages import Number, msg
from generator.validate.checks import MAX_TEXT_CHARS

# A playbook translation file is well under a megabyte per thousand texts; beyond this the
# file is not one (and reading it would only cost time).
MAX_PO_BYTES = 50_000_000
# One PO line holds at most one text, escaped (\" and \\ double a character).
MAX_LINE_CHARS = 2 * MAX_TEXT_CHARS + 64
# Control characters a text may not hold (tab and line break are written as \t and \n).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_PLAIN = re.compile(r'[^"\\]+')

_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)(?=[\s\"]|$)\s*(.*)$")
_ESCAPES = set("ntr\"\\abfv?'")
# What Python's str.format (and msgfmt's python-brace-format) reads as one directive, or {{ }}.
_BRACE_DIRECTIVE = re.compile(r"\{\{|\}\}|\{[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_]\w*|\[[^\]{}]*\])*(?:![rsa])?(?::[^{}]*)?\}")
KEEP = msg("your translations are kept: correct this line in a text editor (or Poedit) and import again")


@dataclass
class _Entry:
    line: int
    fields: dict[str, list] = field(default_factory=dict)  # keyword -> [line, text]
    fuzzy: bool = False
    brace: bool = False  # flagged python-brace-format: msgfmt checks its braces
    obsolete: bool = False


def _string(raw: str, line: int, name: str, problems: list[Problem]) -> str | None:
    """The value of one quoted PO string, or None after recording what is wrong with it."""
    raw = raw.strip()
    if not raw.startswith('"'):
        problems.append(Problem(name, line, 1, "", msg("a text here must start with a double quote (\")"),
                                msg("put the text in double quotes; {keep}", keep=KEEP)))
        return None
    out, i = [], 1
    while i < len(raw):
        plain = _PLAIN.match(raw, i)
        if plain:
            out.append(plain.group(0))
            i = plain.end()
            continue
        ch = raw[i]
        if ch == "\\":
            nxt = raw[i + 1:i + 2]
            code = _escaped_control(raw, i + 1)
            if code:
                problems.append(Problem(name, line, i + 1, "",
                                        msg("this line holds an invisible control character ({code}), which no "
                                            "text may contain", code=code),
                                        msg("delete it (retype the words around it if you cannot see it); {keep}",
                                            keep=KEEP)))
                return None
            if nxt in _ESCAPES or nxt.isdigit() or nxt == "x":
                out.append({"n": "\n", "t": "\t", "r": "\r"}.get(nxt, nxt))
                i += 2
                continue
            problems.append(Problem(name, line, i + 1, "", msg("`{escape}` is not a character PO files know",
                                                               escape="\\" + nxt),
                                    msg("write a backslash as \\\\ and a quote mark as \\\"; {keep}", keep=KEEP)))
            return None
        if ch == '"':
            rest = raw[i + 1:].strip()
            if rest:
                problems.append(Problem(name, line, i + 2, "",
                                        msg("text follows the closing quote mark: a quote mark inside a "
                                            "translation must be written \\\""),
                                        msg("write the inner quote marks as \\\" (or use “ ” « »); {keep}", keep=KEEP)))
                return None
            return "".join(out)
        out.append(ch)
        i += 1
    problems.append(Problem(name, line, len(raw) + 1, "",
                            msg("the text opens with a quote mark (\") but this line does not close it"),
                            msg("add \" at the end of line {line}; {keep}", line=line, keep=KEEP)))
    return None


def _escaped_control(raw: str, at: int) -> str | None:
    """'U+0007' when the escape at raw[at] (after its backslash) writes a control character."""
    simple = {"a": 7, "b": 8, "f": 12, "v": 11, "r": 13}
    if raw[at:at + 1] in simple:
        return f"U+{simple[raw[at]]:04X}"
    octal = re.match(r"[0-7]{1,3}", raw[at:at + 3])
    hexa = re.match(r"x([0-9A-Fa-f]{1,2})", raw[at:at + 3])
    value = int(octal.group(0), 8) if octal else int(hexa.group(1), 16) if hexa else None
    if value is not None and _CONTROL.match(chr(value)):
        return f"U+{value:04X}"
    return None


# What this process read before (load/memo.py): a sync, an import and its check read the same
# PO files again. By the sha256 of the bytes, so a changed file is always read afresh.
_READ = memo.table(256)  # (sha256, name) -> (problems, lines)
_POFILES = memo.table(256)  # sha256 -> polib's reading, pickled (each caller changes its own copy)


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.stat().st_size <= MAX_PO_BYTES else None
    except OSError:
        return None


def pofile(path: Path, digest: str | None = None) -> polib.POFile:
    """polib's reading of the file (wrapwidth 0): a copy of its own for the caller. `digest`:
    the sha256 of the bytes the caller has just read, if it has."""
    digest = digest or _sha256(path)
    kept = _POFILES.get(digest) if digest else None
    if kept is not None:
        return pickle.loads(kept)
    po = polib.pofile(str(path), wrapwidth=0)
    if digest and _sha256(path) == digest:  # not changed while polib read it
        _POFILES.put(digest, pickle.dumps(po, protocol=pickle.HIGHEST_PROTOCOL))
    return po


def read_checked(path: Path, name: str | None = None) -> tuple[list[Problem], dict[tuple, int], polib.POFile | None]:
    """read(), and polib's reading of the file when it has no syntax problem (else None)."""
    name = name or str(path)
    raw, unreadable = _raw(path, name)
    if raw is None:
        return unreadable, {}, None
    digest = hashlib.sha256(raw).hexdigest()
    found = _READ.get((digest, name))
    if found is None:
        found = _read_raw(raw, name)  # from the bytes the digest is of: nothing to check after
        _READ.put((digest, name), found)
    problems, lines = found
    return list(problems), dict(lines), None if problems else pofile(path, digest)


def check(path: Path, name: str | None = None) -> list[Problem]:
    """Every syntax problem of the PO file at `path` (empty when msgfmt would accept it)."""
    return read(path, name)[0]


def read(path: Path, name: str | None = None) -> tuple[list[Problem], dict[tuple, int]]:
    """The syntax problems, and the line of each entry's msgstr by (msgctxt, msgid)."""
    name = name or str(path)
    raw, unreadable = _raw(path, name)
    return _read_raw(raw, name) if raw is not None else (unreadable, {})


def _raw(path: Path, name: str) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes, or None and why they were not read (too big, unreadable)."""
    try:
        size = path.stat().st_size
        if size > MAX_PO_BYTES:
            return None, [Problem(name, 1, 1, "", msg("the file is {size} bytes; a translation file of these playbooks "
                                                      "is at most {limit}", size=Number(size), limit=Number(MAX_PO_BYTES)),
                                  msg("check that this is the translation file you meant to import"))]
        return path.read_bytes(), []
    except OSError as err:
        return None, [Problem(name, 1, 1, "", msg("cannot read the file: {reason}", reason=err.strerror),
                              msg("check the file name"))]


def _read_raw(raw: bytes, name: str) -> tuple[list[Problem], dict[tuple, int]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        return [Problem(name, line, 1, "", msg("the file is not UTF-8 text"),
                        msg("save it as UTF-8 (Poedit: File > Save; other editors: Encoding > UTF-8)"))], {}
    problems: list[Problem] = []
    entries: list[_Entry] = []
    current: _Entry | None = None
    last_key: str | None = None
    comments_fuzzy = comments_brace = False
    too_long: set[int] = set()  # entries whose text is over the limit: reported once, not read on
    # split at line feeds only: str.splitlines() would also split at control characters
    for number, line in enumerate(text.lstrip("\ufeff").split("\n"), 1):
        line = line[:-1] if line.endswith("\r") else line
        stripped = line.strip()
        if not stripped:
            continue  # msgfmt reads on across blank lines: a text line after one still continues
        control = _CONTROL.search(line)
        if control:
            problems.append(Problem(name, number, control.start() + 1, "",
                                    msg("this line holds an invisible control character ({code}), which no "
                                        "text may contain", code=f"U+{ord(control.group(0)):04X}"),
                                    msg("delete it (retype the words around it if you cannot see it); {keep}",
                                        keep=KEEP)))
            last_key = None
            continue
        cut = len(stripped) > MAX_LINE_CHARS
        if cut:  # read on with the text left out, so the entry's shape is still checked
            problems.append(_too_long(name, number, len(stripped)))
            keyword = _KEYWORD.match(stripped[:20])
            stripped = keyword.group(1) + ' ""' if keyword else '""'
        elif stripped.startswith('"') and current is not None and id(current) in too_long:
            continue
        if stripped.startswith("#"):
            last_key = None
            if stripped.startswith("#,"):
                flags = {f.strip() for f in stripped[2:].split(",")}
                comments_fuzzy |= "fuzzy" in flags
                comments_brace |= "python-brace-format" in flags
            if stripped.startswith("#~"):  # obsolete entries: kept by tools, never imported
                if current is None or "msgid" in current.fields:
                    current = _Entry(number, obsolete=True)
                    entries.append(current)
                last_key = None
            continue
        if stripped.startswith('"'):
            if current is None or last_key is None:
                problems.append(Problem(name, number, 1, "", msg("a text line stands here without msgid or msgstr "
                                                                 "before it"),
                                        msg("join it to the text above it, or delete it; {keep}", keep=KEEP)))
                continue
            value = _string(stripped, number, name, problems)
            if value is not None:
                current.fields[last_key][1] += value
                if cut:
                    too_long.add(id(current))
                elif len(current.fields[last_key][1]) > MAX_TEXT_CHARS:
                    problems.append(_too_long(name, current.fields[last_key][0], len(current.fields[last_key][1])))
                    too_long.add(id(current))
            continue
        m = _KEYWORD.match(stripped)
        if not m:
            word = stripped.split()[0]
            problems.append(Problem(name, number, 1, "", msg("`{word}` is not a PO keyword", word=word),
                                    msg("lines start with msgctxt, msgid, msgstr, # or \"; {keep}", keep=KEEP)))
            last_key = None
            continue
        key, rest = m.group(1), m.group(3)
        starts_entry = key in ("msgctxt", "msgid") and (
            current is None or current.obsolete or "msgstr" in _keys(current) or key in current.fields
            or (key == "msgctxt" and "msgid" in current.fields))
        if starts_entry:
            current = _Entry(number, fuzzy=comments_fuzzy, brace=comments_brace)
            entries.append(current)
            comments_fuzzy = comments_brace = False
        elif current is None:
            problems.append(Problem(name, number, 1, "", msg("`{key}` comes before the msgid it belongs to", key=key),
                                    msg("each entry is msgctxt (optional), msgid, then msgstr; {keep}", keep=KEEP)))
            continue
        if key.startswith("msgstr") and "msgid" not in current.fields:
            problems.append(Problem(name, number, 1, "", msg("msgstr without a msgid before it"),
                                    msg("each entry is msgctxt (optional), msgid, then msgstr; {keep}", keep=KEEP)))
        if key in current.fields:
            problems.append(Problem(name, number, 1, "", msg("`{key}` appears twice in one entry", key=key),
                                    msg("keep one of them; {keep}", keep=KEEP)))
        value = _string(rest, number, name, problems) if rest else None
        if not rest:
            problems.append(Problem(name, number, len(line) + 1, "", msg("`{key}` has no text after it", key=key),
                                    msg("write \"\" for an empty text; {keep}", keep=KEEP)))
        current.fields[key] = [number, value or ""]
        last_key = key
        if cut:
            too_long.add(id(current))
    problems += _entry_problems(entries, name)
    lines = {}
    for entry in entries:
        if not entry.obsolete and "msgid" in entry.fields:
            at = [v[0] for k, v in entry.fields.items() if k.startswith("msgstr")]
            lines[(entry.fields.get("msgctxt", [0, None])[1], entry.fields["msgid"][1])] = min(at or [entry.line])
    return problems, lines


def _too_long(name: str, line: int, size: int) -> Problem:
    return Problem(name, line, 1, "", msg("this text is over {size} characters long; a playbook text is at most "
                                          "{limit}", size=Number(size), limit=Number(MAX_TEXT_CHARS)),
                   msg("shorten the translation to what the English says (something may have been pasted by "
                       "mistake); {keep}", keep=KEEP))


def _keys(entry: _Entry) -> set[str]:
    return {"msgstr" if k.startswith("msgstr") else k for k in entry.fields}


def _entry_problems(entries: list[_Entry], name: str) -> list[Problem]:
    problems, seen = [], {}
    for entry in entries:
        if entry.obsolete:
            continue
        f = entry.fields
        if "msgid" in f and "msgstr" not in _keys(entry):
            problems.append(Problem(name, f["msgid"][0], 1, "", msg("this entry has no msgstr (its translation line)"),
                                    msg("add a line msgstr \"\" after it; {keep}", keep=KEEP)))
            continue
        if "msgid" not in f:
            continue
        ident = (f.get("msgctxt", [0, None])[1], f["msgid"][1])
        if ident in seen:
            problems.append(Problem(name, entry.line, 1, "",
                                    msg("this entry appears twice (also at line {line})", line=seen[ident]),
                                    msg("delete one of the two copies, keeping the translation you want")))
        seen.setdefault(ident, entry.line)
        english = f["msgid"][1]
        for key, (line, value) in f.items():
            if not key.startswith("msgstr") or not value or entry.fuzzy or ident == (None, ""):
                continue
            if entry.brace and _BRACE_DIRECTIVE.sub("", english).count("{") == 0 \
                    and re.search(r"[{}]", _BRACE_DIRECTIVE.sub("", value)):
                problems.append(Problem(name, line, 1, "", msg("a lone {{ or }} stands in the translation: in a text "
                                                               "with placeholders each {{ must open one, as {example}",
                                                               example="{concede_limit}"),
                                        msg("correct the placeholder, or write a brace itself as {open} or {close}; {keep}",
                                            open="{{", close="}}", keep=KEEP)))
            for where, test in (("begins", str.startswith), ("ends", str.endswith)):
                if test(english, "\n") != test(value, "\n"):
                    problems.append(Problem(
                        name, line, 1, "",
                        msg("the English begins with a line break and the translation does not, or the other way round")
                        if where == "begins" else
                        msg("the English ends with a line break and the translation does not, or the other way round"),
                        msg("make the translation begin as the English does; {keep}", keep=KEEP) if where == "begins"
                        else msg("make the translation end as the English does; {keep}", keep=KEEP)))
    return problems
