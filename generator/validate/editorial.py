"""Validate, editorial state: drafts, TODO placeholders, review dates, and typographic
quotes that a word processor put where YAML quotes were meant.

A playbook written by `playbook new` is a draft full of TODO placeholders: it may stay
so while the editor works on it (the live preview shows it with a banner), but once
published (no `status: draft`) every TODO is an error, and so is a published playbook
linking to a draft, whose page the published site does not have.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from generator.messages import msg
from generator.model import Playbook
from generator.validate.checker import Checker

_TODO = re.compile(r"\bTODO\b")


def _strings(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, path + (i,))


def todo_count(data: Any) -> int:
    """How many texts of a playbook file still hold a TODO placeholder."""
    return sum(1 for path, text in _strings(data) if "src" not in path and _TODO.search(text))


def check_typographic_quotes(chk: Checker) -> None:
    """A text written `en: “Sorry”` passes YAML (“ is not a quote to it), and the page then
    shows the quotes; with a `:` inside, YAML fails instead (see yamlerrors.py)."""
    text = chk.doc.text
    for path, value in _strings(chk.doc.data):
        if not value or value[0] not in "“”„«":
            continue
        span = chk.doc.spans.get(path)
        if span is None or text[span[0]:span[0] + 1] != value[0]:
            continue  # written in YAML quotes, so the typographic ones are meant
        if value[0] == "«" and not value.rstrip().endswith("»"):
            continue  # Russian quotes opening a longer text are ordinary punctuation
        chk.add(path, msg("the text starts with the typographic quote {quote}, which YAML does not read as a "
                          "quote: the page would show it, and a `:` in the text would break the file", quote=value[0]),
                msg('write the text between straight double quotes, "like this", or leave the quotes out'))


def check_editorial(chk: Checker, pb: Playbook, drafts: set[str]) -> None:
    check_typographic_quotes(chk)
    if pb.reviewed and pb.review_by and pb.review_by < pb.reviewed:
        chk.add(("review_by",), msg("`review_by: {review_by}` is before `reviewed: {reviewed}`: the next review "
                                    "cannot be due before the last one happened",
                                    review_by=pb.review_by.isoformat(), reviewed=pb.reviewed.isoformat()),
                msg("set `review_by:` to a later date, e.g. six months after `reviewed:`"))
    if pb.is_draft:
        return
    for path, text in _strings(chk.doc.data):
        if _TODO.search(text) and "src" not in path:
            chk.add(path, msg("this text still has a TODO placeholder from `playbook new`"),
                    msg("write the real text; or, while the playbook is unfinished, add `status: draft` "
                        "(drafts show only in the live preview)"))
    linked = [(("related", i), pid) for i, pid in enumerate(pb.related)]
    linked += [(("trees", ti, "nodes", nid, "playbook"), node.playbook) for ti, tree in enumerate(pb.trees)
               if tree is not None for nid, node in tree.nodes.items() if node.playbook]
    for path, pid in linked:
        if pid in drafts:
            chk.add(path, msg("`{id}` is a draft, which the published site leaves out: this link would lead nowhere",
                              id=pid),
                    msg("publish `{id}` first (remove its `status: draft`), or link to another playbook", id=pid))
