"""Stage 2, validate: turn loaded documents into the typed model, reporting every problem at once.

Two passes: the schema pass (types, required and unknown keys, via pydantic) and the
semantic pass (references between parts, decision-tree shape, sources, translations,
placeholders, link schemes). Each problem names file, line, column and path, and a fix.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from generator import LANGUAGES
from generator.errors import ContentError, Problem, format_path
from generator.loader import Document, from_store, parse_raw, read_raw
from generator.model import (
    ID_PATTERN,
    PLACEHOLDER_RE,
    SETTINGS_AMOUNTS,
    SETTINGS_PLACEHOLDERS,
    Glossary,
    Playbook,
    Settings,
    Sources,
    Text,
)
from generator.parallel import chunks, fork_map, jobs

ALLOWED_LINK_SCHEMES = ("http", "https", "mailto")
_LINK_RE = re.compile(r"\]\(\s*<?([^)\s>]*)")
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_INVISIBLE = {"Cf"}  # format characters: zero-width spaces, bidi overrides, BOMs


@dataclass
class Corpus:
    """Everything the renderer needs, validated."""

    root: Path
    settings: Settings
    sources: Sources
    playbooks: list[Playbook]
    documents: dict[str, Document] = field(default_factory=dict)  # playbook id -> its file
    glossary: Glossary | None = None

    def playbook(self, pid: str) -> Playbook:
        if getattr(self, "_by_id", None) is None or len(self._by_id) != len(self.playbooks):
            self._by_id = {p.id: p for p in self.playbooks}
        return self._by_id[pid]


# --- schema pass -------------------------------------------------------------------

def _unwrap(annotation: Any) -> Any:
    """Strip Optional/Annotated/list/dict down to the model class a path step leads to."""
    while True:
        origin = get_origin(annotation)
        if origin is None:
            return annotation
        args = [a for a in get_args(annotation) if a is not type(None)]
        if origin in (list, dict):
            annotation = args[-1]
        elif origin is Union or str(origin) in ("typing.Annotated", "types.UnionType") or len(args) >= 1:
            annotation = args[0]
        else:
            return annotation


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        if part in current.model_fields:
            current = _unwrap(current.model_fields[part].annotation)
        # a dict key (node id, channel): stay on the dict's value type, already unwrapped
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(str(word), options, n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""


def _type_name(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "a mapping", type(None): "nothing"}.get(type(value), type(value).__name__)


def _schema_problem(doc: Document, model: type[BaseModel], err: dict) -> Problem:
    loc = tuple(p for p in err["loc"] if p != "[key]")
    kind, value = err["type"], err.get("input")
    path = format_path(loc)
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        allowed = sorted(parent.model_fields) if parent else []
        line, col = doc.where(loc, key=True)
        hint = _suggest(loc[-1], allowed) or (f"allowed keys here: {', '.join(allowed)}" if allowed else "")
        if hint.startswith("did you mean"):
            hint = f"{hint} (allowed keys here: {', '.join(allowed)})"
        return Problem(doc.name, line, col, path, f"unknown key `{loc[-1]}`", hint)
    line, col = doc.where(loc)
    if kind == "missing":
        line, col = doc.where(loc[:-1])
        field_name = loc[-1]
        hint = f"add `{field_name}:`"
        if field_name in LANGUAGES:
            hint = f"add the `{field_name}` translation"
        return Problem(doc.name, line, col, format_path(loc[:-1]), f"required key `{field_name}` is missing", hint)
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        if pattern == ID_PATTERN:
            return Problem(doc.name, line, col, path, _bad_id_message(value),
                           "use lowercase letters a-z, digits and single hyphens, e.g. `angry-customer`")
        if "A-Z]{3}" in pattern:
            return Problem(doc.name, line, col, path, f"`{value}` is not a currency code",
                           "write the three-letter ISO code in capitals, e.g. EUR, USD, SAR, RUB")
        return Problem(doc.name, line, col, path, f"`{value}` is not a valid name here",
                       "use lowercase letters a-z, digits and `_`, starting with a letter, e.g. `customer_name`")
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        options = re.findall(r"'([^']*)'", expected)
        hint = _suggest(value, options) or f"use one of: {', '.join(options)}"
        return Problem(doc.name, line, col, path, f"`{value}` is not allowed here", hint)
    if kind == "too_short":
        return Problem(doc.name, line, col, path, "this list is empty", "add at least one item")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return Problem(doc.name, line, col, path, f"expected a mapping (`key: value` lines), got {_type_name(value)}",
                       "indent the keys that belong here under this key")
    if kind == "list_type":
        return Problem(doc.name, line, col, path, f"expected a list, got {_type_name(value)}",
                       "write each item on its own line starting with `- `")
    if kind == "string_type":
        return Problem(doc.name, line, col, path, f"expected text, got {_type_name(value)}",
                       "put the value in double quotes" if value is not None else "write the text after the colon")
    if kind in ("int_type", "float_type", "int_from_float"):
        return Problem(doc.name, line, col, path, f"expected a number, got {_type_name(value)}",
                       "write a plain number such as 50 or 4.6, without quotes or currency")
    if kind == "bool_type":
        return Problem(doc.name, line, col, path, f"expected true or false, got {_type_name(value)}",
                       "write `true` or `false`")
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        return Problem(doc.name, line, col, path, f"expected a date, got {_type_name(value)}",
                       "write the date as YYYY-MM-DD, e.g. 2027-06-30")
    if kind in ("greater_than_equal", "greater_than"):
        return Problem(doc.name, line, col, path, f"{value} is too small: {err['msg'].lower()}", "use a larger number")
    if kind == "string_too_long":
        return Problem(doc.name, line, col, path, "this id is too long (64 characters at most)", "shorten it")
    return Problem(doc.name, line, col, path, err["msg"], "")


def _bad_id_message(value: Any) -> str:
    if not isinstance(value, str):
        return f"expected an id, got {_type_name(value)}"
    hidden = [c for c in value if unicodedata.category(c) in _INVISIBLE]
    if hidden:
        names = ", ".join(sorted({unicodedata.name(c, f'U+{ord(c):04X}') for c in hidden}))
        return f"the id `{value.encode('unicode_escape').decode()}` contains invisible characters ({names})"
    if "/" in value or "\\" in value or ".." in value:
        return f"the id `{value}` is not safe as a file name or web address (it contains a path)"
    if any(c.isspace() for c in value):
        return f"the id `{value}` contains spaces"
    if value != value.lower():
        return f"the id `{value}` contains uppercase letters"
    if not value.isascii():
        return f"the id `{value}` contains non-ASCII letters"
    return f"`{value}` is not a valid id"


def parse(doc: Document, model: type[BaseModel], problems: list[Problem], salvage: bool = False):
    """Validate one document against a model class; append problems, return the object or None.

    With `salvage`, a document with schema problems still yields a partial object (its
    invalid parts set to None, list items kept in place), so that the semantic pass can
    report the rest of the file's mistakes in the same run.
    """
    if not isinstance(doc.data, dict):
        problems.append(Problem(doc.name, 1, 1, "",
                                f"the file must be a mapping of keys (`id:`, `title:` …), not {_type_name(doc.data)}",
                                "start the file with `id: …` at the left margin, without `- `"))
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(_schema_problem(doc, model, e) for e in exc.errors())
        return _salvage(model, doc.data) if salvage else None


def _salvage(model: type[BaseModel], data: dict) -> BaseModel:
    from pydantic import TypeAdapter

    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in data:
            values[name] = None if info.is_required() else info.get_default(call_default_factory=True)
            continue
        raw = data[name]
        try:
            values[name] = TypeAdapter(info.annotation).validate_python(raw, strict=True)
            continue
        except ValidationError:
            pass
        item_type = _unwrap(info.annotation)
        is_list = get_origin(_strip_annotated(info.annotation)) is list
        if isinstance(raw, list) and is_list:
            values[name] = [_try(item_type, item) for item in raw]
        elif is_list:
            values[name] = []
        else:
            values[name] = None if info.is_required() else info.get_default(call_default_factory=True)
    return model.model_construct(**values)


def _strip_annotated(annotation: Any) -> Any:
    while str(get_origin(annotation)) == "typing.Annotated" or hasattr(annotation, "__metadata__"):
        annotation = get_args(annotation)[0]
    return annotation


def _try(model: Any, raw: Any):
    try:
        return model.model_validate(raw) if isinstance(model, type) and issubclass(model, BaseModel) else raw
    except ValidationError:
        return None


# --- semantic pass -------------------------------------------------------------------

def iter_texts(obj: Any, path: tuple = ()) -> Iterator[tuple[tuple, Text]]:
    """Every Text in a model, with its path."""
    if isinstance(obj, Text):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from iter_texts(getattr(obj, name), path + (name,))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from iter_texts(item, path + (i,))
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from iter_texts(item, path + (key,))


class _Checker:
    def __init__(self, doc: Document, problems: list[Problem]):
        self.doc, self.problems = doc, problems

    def add(self, path: tuple, message: str, hint: str = "", key: bool = False) -> None:
        line, col = self.doc.where(path, key=key)
        self.problems.append(Problem(self.doc.name, line, col, format_path(path), message, hint))

    def unique(self, items: list, path: tuple, what: str) -> None:
        seen: set[str] = set()
        for i, item in enumerate(items or []):
            if item is None:
                continue
            if item.id in seen:
                self.add(path + (i, "id"), f"{what} id `{item.id}` is used twice in this playbook",
                         "give each one its own id")
            seen.add(item.id)


def check_texts(chk: _Checker, obj: Any, require_complete: bool, base: tuple = (),
                allowed_placeholders: set[str] | None = None) -> None:
    allowed = set(SETTINGS_PLACEHOLDERS) | (allowed_placeholders or set())
    for path, text in iter_texts(obj, base):
        for lang in LANGUAGES:
            value = text.get(lang)
            if value is None:
                if require_complete:
                    chk.add(path, f"the {lang} translation is missing",
                            f"add `{lang}:` with the translation (settings require every language)")
                continue
            if not value.strip():
                chk.add(path + (lang,), "the text is empty or only whitespace", "write the text, or remove the key")
                continue
            for name in PLACEHOLDER_RE.findall(value):
                if name not in allowed:
                    options = sorted(allowed)
                    chk.add(path + (lang,), f"placeholder `{{{name}}}` is not defined",
                            _suggest(name, options) or f"defined here: {', '.join('{' + o + '}' for o in options)}")
            for target in _LINK_RE.findall(value):
                scheme = _SCHEME_RE.match(target)
                if scheme and scheme.group(1).lower() not in ALLOWED_LINK_SCHEMES:
                    chk.add(path + (lang,), f"link scheme `{scheme.group(1)}:` is not allowed",
                            "link only to http:, https: or mailto: addresses")


def resolve_bound(value, settings: Settings) -> float | None:
    if value is None or isinstance(value, (int, float)):
        return value
    return getattr(settings.company, value, None) if value in SETTINGS_AMOUNTS else None


def check_amount_ranges(chk: _Checker, node, npath: tuple, settings: Settings) -> None:
    """An amount question's ranges must cover every amount from 0 up, once, with no gap."""
    answers = node.answers or []
    ranged = [(ai, a) for ai, a in enumerate(answers) if a.is_range]
    if not ranged:
        return
    if len(ranged) != len(answers):
        chk.add(npath + ("answers",), "some answers have an amount range and some do not",
                "give every answer of an amount question `over:` and/or `up_to:`, or none of them")
        return
    spans = []
    for ai, a in ranged:
        bounds = []
        for key in ("over", "up_to"):
            raw = getattr(a, key)
            value = resolve_bound(raw, settings)
            if raw is not None and value is None:
                chk.add(npath + ("answers", ai, key), f"`{raw}` is not an amount in settings.yaml",
                        _suggest(raw, list(SETTINGS_AMOUNTS)) or f"use a number or one of: {', '.join(SETTINGS_AMOUNTS)}")
                return
            bounds.append(value)
        low, high = bounds
        if low is not None and high is not None and low >= high:
            chk.add(npath + ("answers", ai), f"no amount reaches this answer: over {low:g} and up to {high:g} is empty "
                    "with the current settings", "swap the bounds or correct the amounts in settings.yaml")
            return
        spans.append((-1.0 if low is None else low, high, ai))
    spans.sort(key=lambda s: (s[0], float("inf") if s[1] is None else s[1]))
    if spans[0][0] > 0:
        chk.add(npath + ("answers", spans[0][2]), f"amounts from 0 up to {spans[0][0]:g} lead nowhere",
                "let the lowest range start at 0 (leave out `over:`)")
    for (low1, high1, a1), (low2, high2, a2) in zip(spans, spans[1:]):
        if high1 is None:
            chk.add(npath + ("answers", a2), f"answers {a1 + 1} and {a2 + 1} overlap: answer {a1 + 1} has no upper bound",
                    "give answer %d an `up_to:`" % (a1 + 1))
        elif low2 < high1:
            chk.add(npath + ("answers", a2), f"answers {a1 + 1} and {a2 + 1} overlap: amounts over {max(low2, 0):g} "
                    f"up to {high1:g} match both", f"start answer {a2 + 1} with `over: {high1:g}`")
        elif low2 > high1:
            chk.add(npath + ("answers", a2), f"amounts over {high1:g} up to {low2:g} (e.g. {(high1 + low2) / 2:g}) "
                    "lead nowhere", f"start answer {a2 + 1} with `over:` equal to answer {a1 + 1}'s `up_to:`")
    if spans[-1][1] is not None:
        chk.add(npath + ("answers", spans[-1][2]), f"amounts over {spans[-1][1]:g} lead nowhere",
                "leave out `up_to:` on the highest range")


def check_tree(chk: _Checker, pb: Playbook, ti: int, all_ids: set[str], settings: Settings) -> None:
    tree = pb.trees[ti]
    if tree is None:
        return
    base = ("trees", ti)
    names = sorted(tree.nodes)
    node_list = ", ".join(names)
    if tree.start not in tree.nodes:
        chk.add(base + ("start",), f"`start: {tree.start}` names no node; nodes are: {node_list}",
                _suggest(tree.start, names))
    scripts = {s.id for s in pb.scripts if s}
    checklists = {c.id for c in pb.checklists if c}
    for nid, node in tree.nodes.items():
        npath = base + ("nodes", nid)
        is_q, is_o = node.question is not None, node.outcome is not None
        if is_q == is_o:
            chk.add(npath, "a node must have either `question:` (with `answers:`) or `outcome:` (with `kind:`)",
                    "keep one of the two")
        if is_q:
            if not node.answers:
                chk.add(npath, "this question has no answers", "add `answers:` with at least two choices")
            for extra in ("kind", "script", "checklist", "playbook"):
                if getattr(node, extra) is not None:
                    chk.add(npath + (extra,), f"`{extra}` belongs on an outcome, not a question", "move it to an outcome node")
        if is_o:
            if node.answers:
                chk.add(npath + ("answers",), "an outcome has no answers", "make this node a question, or remove `answers:`")
            if node.kind is None:
                chk.add(npath, "this outcome has no `kind:`",
                        "add `kind:` with one of resolved, escalated, declined, referred")
        check_amount_ranges(chk, node, npath, settings)
        for ai, answer in enumerate(node.answers or []):
            if answer.label is None and not answer.is_range:
                chk.add(npath + ("answers", ai), "this answer has no `label:`", "add `label:` in every language")
            if answer.next not in tree.nodes:
                chk.add(npath + ("answers", ai, "next"), f"`next: {answer.next}` names no node; nodes are: {node_list}",
                        _suggest(answer.next, names))
        if node.script and node.script not in scripts:
            chk.add(npath + ("script",), f"`script: {node.script}` names no script of this playbook",
                    _suggest(node.script, sorted(scripts)) or f"scripts are: {', '.join(sorted(scripts)) or 'none'}")
        if node.checklist and node.checklist not in checklists:
            chk.add(npath + ("checklist",), f"`checklist: {node.checklist}` names no checklist of this playbook",
                    _suggest(node.checklist, sorted(checklists)) or f"checklists are: {', '.join(sorted(checklists)) or 'none'}")
        if node.playbook and node.playbook not in all_ids:
            chk.add(npath + ("playbook",), f"`playbook: {node.playbook}` names no playbook",
                    _suggest(node.playbook, sorted(all_ids)) or f"playbooks are: {', '.join(sorted(all_ids))}")
        if node.kind == "referred" and not node.playbook:
            chk.add(npath, "a `referred` outcome must name the `playbook:` it refers to", "add `playbook: ID`")
    if tree.start not in tree.nodes:
        return
    # Reachability and cycles: a walk from the start, colouring nodes on the current path.
    state: dict[str, int] = {}

    def visit(nid: str, trail: list[str]) -> None:
        state[nid] = 1
        for ai, answer in enumerate(tree.nodes[nid].answers or []):
            nxt = answer.next
            if nxt not in tree.nodes:
                continue
            if state.get(nxt) == 1:
                loop = " -> ".join(trail[trail.index(nxt):] + [nid, nxt]) if nxt in trail else f"{nid} -> {nxt}"
                chk.add(base + ("nodes", nid, "answers", ai, "next"), f"this answer makes a cycle: {loop}",
                        "point it to a node further down the tree, or to an outcome")
            elif nxt not in state:
                visit(nxt, trail + [nid])
        state[nid] = 2

    visit(tree.start, [])
    for nid in tree.nodes:
        if nid not in state:
            chk.add(base + ("nodes", nid), f"node `{nid}` cannot be reached from `{tree.start}`",
                    "point an answer's `next:` to it, or remove it", key=True)


def check_playbook(doc: Document, pb: Playbook, settings: Settings, sources: Sources,
                   all_ids: set[str], problems: list[Problem]) -> None:
    chk = _Checker(doc, problems)
    stem = Path(doc.name).stem
    if pb.id is not None and stem != pb.id:
        chk.add(("id",), f"the id `{pb.id}` differs from the file name `{stem}`",
                f"rename the file to `{pb.id}.yaml` or set `id: {stem}`")
    for attr, what in (("steps", "step"), ("trees", "tree"), ("scripts", "script"), ("checklists", "checklist")):
        chk.unique(getattr(pb, attr), (attr,), what)
    for ci, checklist in enumerate(pb.checklists):
        if checklist:
            chk.unique(checklist.items, ("checklists", ci, "items"), "item")
    situations = sorted(s.id for s in settings.situations)
    for si, sid in enumerate(pb.tags.situations if pb.tags else []):
        if sid not in situations:
            chk.add(("tags", "situations", si), f"situation `{sid}` is not defined in settings.yaml",
                    _suggest(sid, situations) or f"situations are: {', '.join(situations)}")
    for ri, rid in enumerate(pb.related):
        if rid not in all_ids:
            chk.add(("related", ri), f"`{rid}` names no playbook", _suggest(rid, sorted(all_ids)))
    articles = {a.file: a for a in sources.articles}
    main_article = pb.source.article if pb.source else None
    if pb.source and main_article not in articles:
        chk.add(("source", "article"), f"article `{pb.source.article}` is not listed in sources.yaml",
                _suggest(pb.source.article, sorted(articles)) or f"articles are: {', '.join(sorted(articles))}")
    for path, src in iter_sources(pb):
        article = articles.get(src.article or main_article)
        if article is None:
            if src.article:
                chk.add(path + ("article",), f"article `{src.article}` is not listed in sources.yaml",
                        _suggest(src.article, sorted(articles)))
            continue
        if src.section not in article.sections:
            chk.add(path + ("section",), f"article `{article.file}` has no section `{src.section}`",
                    _suggest(src.section, article.sections) or f"its sections are: {'; '.join(article.sections)}")
    require = settings.translations.require_complete
    for si, script in enumerate(pb.scripts):
        if script is None:
            continue
        declared = {p.name for p in script.placeholders}
        check_texts(chk, script, require, ("scripts", si), declared)
        used = set()
        for vpath, text in iter_texts([script.text, *script.channels.values()]):
            per_lang = {lang: set(PLACEHOLDER_RE.findall(text.get(lang))) & declared
                        for lang in LANGUAGES if text.get(lang) is not None}
            everywhere = set().union(*per_lang.values()) if per_lang else set()
            used |= everywhere
            where = ("scripts", si, "text") if vpath == (0,) else \
                ("scripts", si, "channels", list(script.channels)[vpath[0] - 1])
            for lang, names in per_lang.items():
                for name in sorted(everywhere - names):
                    chk.add(where + (lang,), f"the {lang} text leaves out `{{{name}}}`, which the other languages use",
                            f"put `{{{name}}}` where the value belongs in the {lang} sentence")
        for pi, ph in enumerate(script.placeholders):
            if ph.name not in used:
                chk.add(("scripts", si, "placeholders", pi, "name"), f"placeholder `{ph.name}` is declared but never used",
                        f"use `{{{ph.name}}}` in the script text, or remove the declaration")
    rest = pb.model_copy(update={"scripts": []})  # scripts were checked above, with their own placeholders
    check_texts(chk, rest, require)
    for ti in range(len(pb.trees)):
        check_tree(chk, pb, ti, all_ids, settings)


def iter_sources(pb: Playbook) -> Iterator[tuple[tuple, Any]]:
    """Every source citation in a playbook, with its path (walked directly: this runs often)."""
    for kind in ("steps", "scripts", "checklists", "do", "dont"):
        for i, item in enumerate(getattr(pb, kind) or []):
            if item is not None and item.source is not None:
                yield (kind, i, "source"), item.source
    for ti, tree in enumerate(pb.trees or []):
        if tree is None:
            continue
        if tree.source is not None:
            yield ("trees", ti, "source"), tree.source
        for nid, node in tree.nodes.items():
            if node.source is not None:
                yield ("trees", ti, "nodes", nid, "source"), node.source


# --- the whole project ----------------------------------------------------------------

@dataclass
class LoadCache:
    """What a long-running process (the live preview, the benchmark) keeps between runs:
    parsed files by their size and modification time, and each playbook's check results by
    everything they depend on. A regeneration after one edit then re-reads one file."""

    files: dict[Path, tuple[tuple, Document | None, list[Problem]]] = field(default_factory=dict)
    parsed: dict[Path, tuple[int, object]] = field(default_factory=dict)
    checks: dict[Path, tuple[tuple, list[Problem]]] = field(default_factory=dict)


def _stat_key(path: Path) -> tuple | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


PARALLEL_LOAD_FROM = 48  # files; below this, forking costs more than parsing side by side saves


def _load_all(paths: list[Path], root: Path, problems: list[Problem], cache: LoadCache | None,
              store=None) -> list[Document | None]:
    """Read and parse files (side by side in forked processes when there are many), in order.
    A file is read once: unchanged since the last load (`cache`), parsed in an earlier run
    (`store`), or parsed now."""
    keys = {p: _stat_key(p) for p in paths}
    results: dict[Path, tuple[Document | None, list[Problem]]] = {}
    raws: dict[Path, bytes] = {}
    for path, key in keys.items():
        if cache is not None and key is not None and path in cache.files and cache.files[path][0] == key:
            results[path] = cache.files[path][1:]
            continue
        name = display_name(path, root)
        try:
            raw = read_raw(path, name)
        except ContentError as err:
            results[path] = (None, list(err.problems))
            continue
        doc = from_store(raw, path, name, store) if store is not None else None
        if doc is not None:
            results[path] = (doc, [])
        else:
            raws[path] = raw

    def parse(part: list[Path]) -> list[tuple[Document | None, list[Problem]]]:
        out = []
        for path in part:
            try:
                out.append((parse_raw(raws[path], path, display_name(path, root), store), []))
            except ContentError as err:
                out.append((None, list(err.problems)))
        return out

    todo = list(raws)
    parts = fork_map(parse, chunks(todo, 4 * jobs()), in_processes=len(todo) >= PARALLEL_LOAD_FROM)
    results.update(zip(todo, (r for part in parts for r in part)))
    for path in paths:
        if cache is not None and keys[path] is not None and cache.files.get(path, (None,))[0] != keys[path]:
            cache.files[path] = (keys[path], *results[path])
    docs = []
    for path in paths:
        doc, found = results[path]
        problems.extend(found)
        docs.append(doc)
    return docs


def _load(path: Path, root: Path, problems: list[Problem], cache: LoadCache | None = None,
          store=None) -> Document | None:
    return _load_all([path], root, problems, cache, store)[0]


def display_name(path: Path, root: Path) -> str:
    """A file's name as editors see it in messages: relative to the project folder."""
    if not path.is_symlink() and path.parent.parent == root:  # playbook/playbooks/x.yaml: no resolving needed
        return str(Path(_resolved(root).name, path.parent.name, path.name))
    try:
        return str(path.resolve().relative_to(_resolved(root).parent))
    except ValueError:
        return str(path)


@lru_cache(maxsize=8)
def _resolved(root: Path) -> Path:
    return root.resolve()


def _parse_playbook(doc: Document, problems: list[Problem], cache: LoadCache | None):
    if cache is not None and doc.path in cache.parsed and cache.parsed[doc.path][0] == doc.serial:
        pb, found = cache.parsed[doc.path][1]
        problems.extend(found)
        return pb
    found: list[Problem] = []
    pb = parse(doc, Playbook, found, salvage=True)
    if cache is not None:
        cache.parsed[doc.path] = (doc.serial, (pb, found))
    problems.extend(found)
    return pb


def playbook_files(root: Path) -> list[Path]:
    return sorted((root / "playbooks").glob("*.yaml"))


def load_corpus(root: Path, only: list[Path] | None = None, cache: LoadCache | None = None,
                store=None) -> Corpus:
    """Load and validate settings, sources and playbooks under `root` (the playbook/ folder).
    `cache` is kept in memory by long-running processes; `store` is a cache.DiskCache."""
    problems: list[Problem] = []
    settings_doc = _load(root / "settings.yaml", root, problems, cache, store)
    sources_doc = _load(root / "sources.yaml", root, problems, cache, store)
    settings = parse(settings_doc, Settings, problems) if settings_doc else None
    glossary = None
    if (root / "glossary.yaml").exists():
        glossary_doc = _load(root / "glossary.yaml", root, problems, None, store)
        glossary = parse(glossary_doc, Glossary, problems) if glossary_doc else None
        if glossary and settings:
            check_texts(_Checker(glossary_doc, problems), glossary, settings.translations.require_complete)
    sources = parse(sources_doc, Sources, problems) if sources_doc else None
    files = playbook_files(root)
    docs = [d for d in _load_all(files, root, problems, cache, store) if d]
    parsed: list[tuple[Document, Playbook]] = []
    for doc in docs:
        pb = _parse_playbook(doc, problems, cache)
        if pb is not None:
            parsed.append((doc, pb))
    # Files that failed to load or to pass the schema still count (by id or file name),
    # so that links to them are not reported as a second, misleading problem.
    all_ids = {pb.id for _, pb in parsed} | {p.stem for p in files} | {
        d.data.get("id") for d in docs if isinstance(d.data, dict) and isinstance(d.data.get("id"), str)}
    first: dict[str, Document] = {}
    for doc, pb in parsed:
        if pb.id is None:
            continue
        if pb.id in first:
            line, col = doc.where(("id",))
            problems.append(Problem(doc.name, line, col, "id",
                                    f"playbook id `{pb.id}` is already used by {first[pb.id].name}",
                                    "give each playbook its own id"))
        first.setdefault(pb.id, doc)
    if settings and settings_doc:
        check_texts(_Checker(settings_doc, problems), settings, settings.translations.require_complete)
    if settings and sources:
        context = (settings_doc.serial, sources_doc.serial, frozenset(all_ids))
        # the same on disk, by content: a file that passed in this context need not be checked again
        stored_context = hashlib.sha256("\0".join([settings_doc.digest, sources_doc.digest, *sorted(all_ids)])
                                        .encode("utf-8")).hexdigest()
        for doc, pb in parsed:
            previous = cache.checks.get(doc.path) if cache else None
            if previous and previous[0] == (doc.serial,) + context:
                problems.extend(previous[1])
                continue
            if store is not None and doc.digest and settings_doc.digest and store.passed(doc.digest, stored_context):
                continue
            found: list[Problem] = []
            check_playbook(doc, pb, settings, sources, all_ids, found)
            if cache is not None:
                cache.checks[doc.path] = ((doc.serial,) + context, found)
            if store is not None and doc.digest and not found:
                store.mark_passed(doc.digest, stored_context)
            problems.extend(found)
    if only is not None:
        wanted = {display_name(p, root) for p in only}
        problems = [p for p in problems if p.file in wanted]
    if problems or settings is None or sources is None:  # (a salvaged playbook always comes with a problem)
        raise ContentError(problems)
    return Corpus(root, settings, sources, [pb for _, pb in parsed], {pb.id: doc for doc, pb in parsed}, glossary)
