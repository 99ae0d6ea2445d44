"""What every check uses: the Checker that records a problem at its file and line, and
walks over a model's texts, sources and roles."""

from __future__ import annotations

from typing import Any, Iterator

from pydantic import BaseModel

from generator.errors import Problem, format_path
from generator.load.yamlfile import Document
from generator.messages import mark, msg
from generator.model import Playbook, Settings, Text

# One whole sentence per kind of item, so that each language can inflect the kind's name.
TWICE = {
    "step": mark("step id `{id}` is used twice in this playbook: by step {first} (line {line}) and by step {second} "
                 "(this line)"),
    "tree": mark("tree id `{id}` is used twice in this playbook: by tree {first} (line {line}) and by tree {second} "
                 "(this line)"),
    "script": mark("script id `{id}` is used twice in this playbook: by script {first} (line {line}) and by script "
                   "{second} (this line)"),
    "checklist": mark("checklist id `{id}` is used twice in this playbook: by checklist {first} (line {line}) and by "
                      "checklist {second} (this line)"),
    "item": mark("item id `{id}` is used twice in this playbook: by item {first} (line {line}) and by item {second} "
                 "(this line)"),
}


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


class Checker:
    def __init__(self, doc: Document, problems: list[Problem]):
        self.doc, self.problems = doc, problems

    def add(self, path: tuple, message: str, hint: str = "", key: bool = False) -> None:
        line, col = self.doc.where(path, key=key)
        self.problems.append(Problem(self.doc.name, line, col, format_path(path), message, hint))

    def unique(self, items: list, path: tuple, what: str) -> None:
        """`what` is the kind of item: a key of TWICE."""
        seen: dict[str, int] = {}
        for i, item in enumerate(items or []):
            if item is None:
                continue
            if item.id in seen:
                first = seen[item.id]
                line = self.doc.where(path + (first, "id"))[0]
                self.add(path + (i, "id"), msg(TWICE[what], id=item.id, first=first + 1, line=line, second=i + 1),
                         msg("give each one its own id"))
            seen.setdefault(item.id, i)


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


def role_ids(settings: Settings) -> list[str] | None:
    """The role ids of settings.yaml `roles:` (a mapping or a list of roles with `id`),
    or None when the settings declare no roles, so that any role id is accepted."""
    roles = getattr(settings, "roles", None)
    if not roles:
        return None
    if isinstance(roles, dict):
        return sorted(roles)
    return sorted(r.id for r in roles if r is not None)


def role_name(settings: Settings, role: str) -> Text | None:
    """The name of a role of settings.yaml, or None when the settings do not declare it."""
    roles = getattr(settings, "roles", None) or {}
    found = roles.get(role) if isinstance(roles, dict) else next((r for r in roles if r and r.id == role), None)
    return getattr(found, "name", None)
