"""How deep and how large a YAML text is, measured before anything recursive reads it.

libyaml's composer is recursive C code: 30,000 levels of `[` in a 60 KB file crashed
validate, build and the live preview with a segmentation fault, before the loader's own
depth limit (checked while building the data) could say anything. Here a linear scan of
the text bounds how deep it can nest; a file that could go deeper than the composer can
take is first walked event by event with libyaml's parser (iterative: it keeps its own
stack), counting levels and values, and refused at the line where it passes a limit.
"""

from __future__ import annotations

import re

import yaml

from generator.errors import ContentError, Problem
from generator.messages import msg

MAX_FILE_BYTES = 1_000_000  # a playbook is a few dozen KB; a megabyte is a mistake
MAX_NODES = 50_000  # counted with aliases expanded (yamlfile.py): stops "billion laughs" early
MAX_DEPTH = 40
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the events are the same whatever resolves tags

# Below this many levels libyaml's composer is safe on any thread's stack; past it, a file
# is measured first.
SAFE_COMPOSE_DEPTH = 500
MEASURE_FROM_BYTES = 200_000  # larger files are always measured (node count before composing)

# The block structure a line can open: its indentation, `- ` and `? ` indicators, anchors and tags.
_BLOCK_PREFIX = re.compile(r"^(?:[ \-?]|[&!][^ \n]*)*", re.M)


def nesting_bound(text: str) -> int:
    """An upper bound of how deeply `text` can nest, read off the text in one linear scan:
    a flow collection opens with `[` or `{` (each counted, wherever it stands), and a block
    collection needs more indentation or another `- `/`? ` before it, at most two levels
    for each character of a line's prefix."""
    flow = text.count("[") + text.count("{")
    prefix = max((len(m) for m in _BLOCK_PREFIX.findall(text)), default=0)
    return flow + 2 * prefix + 2


_NODE_EVENTS = (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)


def measure(text: str, name: str, always: bool = False) -> None:
    """Refuse, with the place, a text that nests deeper than MAX_DEPTH or holds more than
    MAX_NODES values, before anything recursive reads it. Most files are cleared by
    `nesting_bound` alone; the others are walked event by event with libyaml's parser
    (iterative: it keeps its own stack), counting as it goes. A syntax error is left to
    the composer, which meets it at the same place, before going any deeper."""
    if not always and len(text) < MEASURE_FROM_BYTES and nesting_bound(text) <= SAFE_COMPOSE_DEPTH:
        return
    loader = _Loader(text)
    nodes = 0
    # One entry per open collection: for a mapping, whether its next node is a key (keys are
    # not counted: the builder counts values, and so the limits mean the same in both).
    stack: list[bool | None] = []
    try:
        while True:
            event = loader.get_event()
            kind = type(event)
            if kind is yaml.StreamEndEvent:
                return
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
                continue
            if kind not in _NODE_EVENTS:
                continue
            is_key = bool(stack) and stack[-1] is True
            if stack and stack[-1] is not None:
                stack[-1] = not stack[-1]
            if not is_key:
                nodes += 1
            if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                stack.append(True if kind is yaml.MappingStartEvent else None)
                if len(stack) > MAX_DEPTH + 1:  # the document's own mapping is level 0
                    line, col = event.start_mark.line + 1, event.start_mark.column + 1
                    raise ContentError([Problem(name, line, col, "",
                                                msg("the values here are nested more than {levels} levels deep",
                                                    levels=MAX_DEPTH),
                                                msg("close the brackets `[` and `{brace}` that are left open, or "
                                                    "indent less: a playbook needs far fewer levels", brace="{"))])
            if nodes > MAX_NODES:
                line, col = event.start_mark.line + 1, event.start_mark.column + 1
                raise ContentError([Problem(name, line, col, "",
                                            msg("the file is too large or too deeply nested once aliases are expanded "
                                                "(limits: {values} values, {levels} levels)", values=MAX_NODES,
                                                levels=MAX_DEPTH),
                                            msg("split it into several playbooks"))])
    except yaml.YAMLError:
        return  # the composer reports it, worded for the editor
    finally:
        loader.dispose()


def load_bounded(text: str):
    """Plain data from YAML text that is not an editor's file being validated (git's HEAD
    and history): None when it is too deep or too large to parse safely, or invalid."""
    try:
        measure(text, "")
        return yaml.load(text, Loader=_Loader)
    except (ContentError, yaml.YAMLError):
        return None
