"""Stage 1, load: read a YAML file into plain data plus the line and column of every value.

PyYAML alone silently keeps the last of two duplicate keys, expands alias bombs and
gives cryptic messages for tabs and encodings; this module refuses those up front,
with limits that are documented in README.md.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.errors import ContentError, Problem

MAX_FILE_BYTES = 1_000_000  # a playbook is a few dozen KB; a megabyte is a mistake
MAX_NODES = 50_000  # counted with aliases expanded: stops "billion laughs" early
MAX_DEPTH = 40

Mark = tuple[int, int]  # 1-based line, column
_serials = itertools.count(1)

# libyaml's parser when PyYAML was built with it: the same nodes and marks, several times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Document:
    """A loaded YAML file: its data and where each value (and each key) stands."""

    path: Path
    name: str  # the path as shown to editors
    data: object
    marks: dict[tuple, Mark] = field(default_factory=dict)
    key_marks: dict[tuple, Mark] = field(default_factory=dict)
    spans: dict[tuple, tuple[int, int]] = field(default_factory=dict)  # character offsets of each value
    flow: set[tuple] = field(default_factory=set)  # paths of mappings written inline as {…}
    text: str = ""
    # Unique per load, so caches can tell a re-read file from the one they saw.
    serial: int = field(default_factory=lambda: next(_serials))

    def data_at(self, path: tuple):
        node = self.data
        for part in path:
            node = node[part]
        return node

    def where(self, path: tuple, key: bool = False) -> Mark:
        """The closest known position of `path` (walking up to a parent if needed)."""
        table = self.key_marks if key else self.marks
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.marks:
                return self.marks[probe]
            probe = probe[:-1]
        return self.marks.get((), (1, 1))


def _mark(m) -> Mark:
    return (m.line + 1, m.column + 1)


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ContentError([Problem(name, 1, 1, "", "the file starts with a byte-order mark (BOM)",
                                    "save the file as UTF-8 without BOM (in most editors: Encoding > UTF-8)")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContentError([Problem(name, line, col, "",
                                    f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                                    "save the file with UTF-8 encoding; text pasted from Word "
                                    "or saved as Latin-1/Windows-1252 causes this")]) from None


def _check_tabs(text: str, name: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(Problem(name, number, indent.index("\t") + 1, "",
                                    "a tab is used for indentation; YAML allows only spaces",
                                    "replace the tab with spaces (2 per level)"))
    return problems


class _Indexer:
    """Walks the composed node graph: records marks, finds duplicate keys, counts nodes."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.count = 0
        self.problems: list[Problem] = []

    def walk(self, node, path: tuple, depth: int = 0) -> None:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            raise _TooBig(node)
        self.doc.marks[path] = _mark(node.start_mark)
        self.doc.spans[path] = (node.start_mark.index, node.end_mark.index)
        if isinstance(node, yaml.MappingNode):
            if node.flow_style:
                self.doc.flow.add(path)
            seen: dict[object, Mark] = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
                if key in seen:
                    line, col = _mark(key_node.start_mark)
                    self.problems.append(Problem(
                        self.doc.name, line, col, _fmt(path + (key,)),
                        f"duplicate key `{key}` (first used on line {seen[key][0]})",
                        "keep one of the two; YAML would silently drop the first"))
                    continue
                seen[key] = _mark(key_node.start_mark)
                self.doc.key_marks[path + (key,)] = seen[key]
                self.walk(value_node, path + (key,), depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, path + (index,), depth + 1)


class _TooBig(Exception):
    def __init__(self, node):
        self.node = node


def _fmt(path: tuple) -> str:
    from generator.errors import format_path

    return format_path(path)


def load_text(text: str, name: str, path: Path | None = None) -> Document:
    """Parse YAML text; raise ContentError with every problem found."""
    problems = _check_tabs(text, name)
    if problems:
        raise ContentError(problems)
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise ContentError([Problem(name, 1, 1, "", "the file is empty",
                                    "start from `playbook new ID`, which writes a complete playbook to fill in")])
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, col = _mark(mark) if mark else (1, 1)
        what = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        message = f"YAML syntax error: {what}" + (f" ({context})" if context else "")
        raise ContentError([Problem(name, line, col, "", message, _syntax_hint(what))]) from None
    doc = Document(path or Path(name), name, None, text=text)
    indexer = _Indexer(doc)
    try:
        indexer.walk(node, ())
    except _TooBig as big:
        line, col = _mark(big.node.start_mark)
        raise ContentError([Problem(name, line, col, "",
                                    f"the file is too large or too deeply nested once aliases are expanded "
                                    f"(limits: {MAX_NODES} values, {MAX_DEPTH} levels)",
                                    "remove YAML anchors/aliases (&name / *name) or split the playbook")]) from None
    if indexer.problems:
        raise ContentError(indexer.problems)
    loader = _Loader("")
    try:
        doc.data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = _mark(mark) if mark else (1, 1)
        raise ContentError([Problem(name, line, col, "", f"YAML error: {getattr(exc, 'problem', exc)}",
                                    "check the value's quoting")]) from None
    finally:
        loader.dispose()
    return doc


def _syntax_hint(problem: str) -> str:
    problem = problem or ""
    if "mapping values are not allowed" in problem:
        return "a value contains `: `; put the whole value in double quotes"
    if "could not find expected ':'" in problem:
        return "a key is missing its `:`, or a line is indented differently from its neighbours"
    if "found character that cannot start any token" in problem:
        return "a value starts with a special character (`@`, `` ` ``, `%`); put it in quotes"
    if "expected ',' or '}'" in problem or "expected ',' or ']'" in problem:
        return "inside `{ }` or `[ ]`, put any value containing `?`, `:`, `,` or `#` in double quotes"
    if "expected <block end>" in problem:
        return "check the indentation: items of one list or mapping must line up"
    return "check indentation and quoting around this place"


def load_file(path: Path, name: str | None = None) -> Document:
    name = name or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ContentError([Problem(name, 1, 1, "", f"cannot read the file: {exc.strerror}", "check the path")]) from None
    if size > MAX_FILE_BYTES:
        raise ContentError([Problem(name, 1, 1, "",
                                    f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                                    "split it into several playbooks")])
    text = _decode(path.read_bytes(), name)
    return load_text(text, name, path)
