"""Stage 1, load: read a YAML file into plain data plus the line and column of every value.

PyYAML alone silently keeps the last of two duplicate keys, expands alias bombs and
gives cryptic messages for tabs and encodings; this module refuses those up front,
with limits that are documented in README.md.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.errors import ContentError, Problem
from generator.load import memo
from generator.load.yamlbounds import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, measure
from generator.messages import Number, msg


Mark = tuple[int, int]  # 1-based line, column
_serials = itertools.count(1)

# libyaml's parser when PyYAML was built with it: the same nodes and marks, several times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Loader):
    """The safe loader, except that a date that cannot be (`2027-13-30`) stays the text
    written, for validation to report with its line; PyYAML itself raises ValueError."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


@dataclass
class Document:
    """A loaded YAML file: its data and where each value (and each key) stands.

    Positions are worked out on first use, by reading the text again: they are needed
    only to report a problem or to edit the file, and most runs do neither.
    """

    path: Path
    name: str  # the path as shown to editors
    data: object
    text: str = ""
    digest: str = ""  # sha256 of the file's bytes, when read from a file
    # Unique per load, so caches can tell a re-read file from the one they saw.
    serial: int = field(default_factory=lambda: next(_serials))
    _positions: "_Positions | None" = field(default=None, repr=False, compare=False)

    def __getstate__(self):
        # A document sent from a worker process is a new version to the caches here.
        return {k: v for k, v in self.__dict__.items() if k not in ("serial", "_positions")}

    def __setstate__(self, state):
        self.__dict__.update(state, serial=next(_serials), _positions=None)

    @property
    def positions(self) -> "_Positions":
        if self._positions is None:
            text = self.text  # a file's digest is that of its bytes, which are this text in UTF-8
            digest = self.digest or hashlib.sha256(text.encode("utf-8")).hexdigest()
            self._positions = memo.positions(digest, lambda: _index(text))
        return self._positions

    @property
    def marks(self) -> dict[tuple, Mark]:
        return self.positions.marks

    @property
    def key_marks(self) -> dict[tuple, Mark]:
        return self.positions.key_marks

    @property
    def spans(self) -> dict[tuple, tuple[int, int]]:
        """Character offsets of each value in the text."""
        return self.positions.spans

    @property
    def flow(self) -> set[tuple]:
        """Paths of mappings written inline as {…}."""
        return self.positions.flow

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


def _index(text: str) -> "_Positions":
    found = _Positions()
    if text:
        _Indexer(found).walk(yaml.compose(text, Loader=_Loader), ())
    return found


@dataclass
class _Positions:
    marks: dict[tuple, Mark] = field(default_factory=dict)
    key_marks: dict[tuple, Mark] = field(default_factory=dict)
    spans: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    flow: set[tuple] = field(default_factory=set)


def _mark(m) -> Mark:
    return (m.line + 1, m.column + 1)


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ContentError([Problem(name, 1, 1, "", msg("the file starts with a byte-order mark (BOM)"),
                                    msg("save the file as UTF-8 without BOM (in most editors: Encoding > UTF-8)"))])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContentError([Problem(name, line, col, "",
                                    msg("the file is not valid UTF-8 (byte {byte})", byte=f"0x{raw[exc.start]:02x}"),
                                    msg("save the file with UTF-8 encoding; text pasted from Word "
                                        "or saved as Latin-1/Windows-1252 causes this"))]) from None


def _check_tabs(text: str, name: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(Problem(name, number, indent.index("\t") + 1, "",
                                    msg("a tab is used for indentation; YAML allows only spaces"),
                                    msg("replace the tab with spaces (2 per level)")))
    return problems


class _Indexer:
    """Walks the composed node graph of a file that loaded: records where each value stands."""

    def __init__(self, into: _Positions):
        self.pos = into

    def walk(self, node, path: tuple) -> None:
        self.pos.marks[path] = _mark(node.start_mark)
        self.pos.spans[path] = (node.start_mark.index, node.end_mark.index)
        if isinstance(node, yaml.MappingNode):
            if node.flow_style:
                self.pos.flow.add(path)
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
                if path + (key,) in self.pos.key_marks:
                    continue
                self.pos.key_marks[path + (key,)] = _mark(key_node.start_mark)
                self.walk(value_node, path + (key,))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, path + (index,))


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_IMPLICIT = {first: tuple(rules) for first, rules in yaml.SafeLoader.yaml_implicit_resolvers.items()}


class _FastLoader(_Loader):
    """The safe loader with the same implicit types, resolved without per-node bookkeeping
    for path resolvers (which this project does not use): loading is a third faster."""

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _MAP if kind is yaml.MappingNode else _SEQ


class _Builder:
    """Turns the node graph into plain data in one pass, finding duplicate keys and
    counting nodes (aliases expanded) on the way. Anything unusual (explicit tags,
    merge keys) is left to PyYAML's own constructor, so the data is what PyYAML gives."""

    def __init__(self, name: str):
        self.name = name
        self.count = 0
        self.problems: list[Problem] = []
        self.constructor = _Loader("")
        self.fallback = False  # set when PyYAML's constructor builds the data and this only checks

    def build(self, node, path: tuple, depth: int = 0):
        self._count(node, depth)
        tag, kind = node.tag, type(node)
        if kind is yaml.ScalarNode:
            return node.value if tag == _STR else self.constructor.construct_object(node, deep=True)
        if tag == _MAP and kind is yaml.MappingNode:
            result = {}
            for key, key_node, value_node in self._entries(node, path):
                if key_node.tag == _STR:
                    data_key = key
                elif type(key_node) is yaml.ScalarNode:
                    data_key = self.constructor.construct_object(key_node, deep=True)
                else:
                    raise _Unusual()
                try:
                    result[data_key] = self.build(value_node, path + (key,), depth + 1)
                except TypeError:  # an unhashable key: PyYAML's constructor words the error
                    raise _Unusual() from None
            return result
        if tag == _SEQ and kind is yaml.SequenceNode:
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        raise _Unusual()

    def check(self, node, path: tuple, depth: int = 0) -> None:
        """The same checks without building: before PyYAML's constructor takes over."""
        self._count(node, depth)
        if isinstance(node, yaml.MappingNode):
            for key, _, value_node in self._entries(node, path):
                self.check(value_node, path + (key,), depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self.check(item, path + (i,), depth + 1)

    def _count(self, node, depth: int) -> None:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            raise _TooBig(node)

    def _entries(self, node, path: tuple):
        """(key, key node, value node) of a mapping; a repeated key is a problem, not an entry."""
        seen: dict[object, Mark] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge" and not self.fallback:
                raise _Unusual()
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
            if key in seen:
                line, col = _mark(key_node.start_mark)
                self.problems.append(Problem(
                    self.name, line, col, _fmt(path + (key,)),
                    msg("duplicate key `{key}` (first used on line {line})", key=key, line=seen[key][0]),
                    msg("keep one of the two; YAML would silently drop the first")))
                continue
            seen[key] = _mark(key_node.start_mark)
            yield key, key_node, value_node


class _Unusual(Exception):
    """The fast builder met YAML it leaves to PyYAML's constructor."""


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
        raise ContentError([Problem(name, 1, 1, "", msg("the file is empty"),
                                    msg("start from `playbook new ID`, which writes a complete playbook to fill in"))])
    measure(text, name)  # before composing: libyaml's composer recurses once per level
    try:
        node = yaml.compose(text, Loader=_FastLoader)
    except yaml.YAMLError as exc:
        from generator.load.yamlerrors import explain

        raise ContentError([explain(exc, text, name)]) from None
    builder = _Builder(name)
    try:
        try:
            data = builder.build(node, ())
        except _Unusual:
            builder = _Builder(name)
            builder.fallback = True
            builder.check(node, ())
            data = builder.constructor.construct_document(node) if not builder.problems else None
    except _TooBig as big:
        line, col = _mark(big.node.start_mark)
        raise ContentError([Problem(name, line, col, "",
                                    msg("the file is too large or too deeply nested once aliases are expanded "
                                        "(limits: {values} values, {levels} levels)", values=MAX_NODES, levels=MAX_DEPTH),
                                    msg("remove YAML anchors/aliases (&name / *name) or split the playbook"))]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = _mark(mark) if mark else (1, 1)
        raise ContentError([Problem(name, line, col, "", msg("YAML error: {reason}", reason=getattr(exc, 'problem', exc)),
                                    msg("check the value's quoting"))]) from None
    if builder.problems:
        raise ContentError(builder.problems)
    return Document(path or Path(name), name, data, text=text)


def read_raw(path: Path, name: str) -> bytes:
    """A file's bytes, refused before reading when it is not a regular file (a link, a named
    pipe, a device) or too large."""
    from generator.load.files import NotRegular, read_regular

    try:
        raw = read_regular(path, name, MAX_FILE_BYTES)
    except NotRegular as exc:
        raise ContentError([exc.problem]) from None
    except OSError as exc:
        raise ContentError([Problem(name, 1, 1, "", msg("cannot read the file: {reason}", reason=exc.strerror), msg("check the path"))]) from None
    if len(raw) > MAX_FILE_BYTES:
        size = path.stat().st_size if path.exists() else len(raw)
        raise ContentError([Problem(name, 1, 1, "",
                                    msg("the file is {size} bytes; the limit is {limit}", size=Number(max(size, len(raw))),
                                        limit=Number(MAX_FILE_BYTES)),
                                    msg("split it into several playbooks"))])
    return raw


def from_store(raw: bytes, path: Path, name: str, store) -> Document | None:
    """The file as parsed in an earlier run from these exact bytes (store: a cache.DiskCache), or None."""
    digest = hashlib.sha256(raw).hexdigest()
    hit = store.get_parsed(digest)
    return Document(path, name, hit[0], text=hit[1], digest=digest) if hit is not None else None


def parse_raw(raw: bytes, path: Path, name: str, store=None) -> Document:
    """Parse a file's bytes; with `store`, keep the result for later runs. Bytes parsed
    before in this process are not parsed again (load/memo.py)."""
    digest = hashlib.sha256(raw).hexdigest()
    hit = memo.parsed(digest)
    if hit is not None:
        doc = Document(path, name, hit[0], text=hit[1])
    else:
        doc = load_text(_decode(raw, name), name, path)
        memo.keep_parsed(digest, doc.data, doc.text)
    doc.digest = digest
    if store is not None:
        store.put_parsed(doc.digest, doc.data, doc.text)
    return doc


def load_file(path: Path, name: str | None = None, store=None) -> Document:
    """Read and parse one file. With `store`, a file whose exact bytes were parsed before is
    not parsed again."""
    name = name or str(path)
    raw = read_raw(path, name)
    return (store is not None and from_store(raw, path, name, store)) or parse_raw(raw, path, name, store)
