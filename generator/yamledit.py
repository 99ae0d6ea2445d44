"""Edit values in an editor's YAML file without touching anything else in it.

Only the characters of the values that change are replaced (or a new key is inserted
next to its siblings), using the positions the loader recorded, so comments, order,
quoting and line breaks elsewhere stay exactly as the editor left them; an edit list
that changes nothing gives back the same text, byte for byte.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from generator.loader import Document

Edit = tuple[int, int, str]  # replace text[start:end] with the string


def scalar(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def set_value(doc: Document, path: tuple, value: str) -> list[Edit]:
    """Edits that make the mapping at path[:-1] hold `value` at key path[-1]."""
    if path in doc.spans:
        start, end = doc.spans[path]
        if doc.data_at(path) == value:
            return []
        old = doc.text[start:end]
        trailing = old[len(old.rstrip("\n")):]  # block scalars own their final line break
        return [(start, end, scalar(value) + trailing)]
    return insert_key(doc, path[:-1], path[-1], scalar(value))


def insert_key(doc: Document, mapping: tuple, key: str, rendered: str) -> list[Edit]:
    start, end = doc.spans[mapping]
    if mapping in doc.flow:
        close = doc.text.rindex("}", start, end)
        inner = doc.text[start + 1:close].strip()
        return [(close, close, (", " if inner else "") + f"{key}: {rendered}")]
    siblings = [p for p in doc.key_marks if p[:-1] == mapping]
    if not siblings:
        raise ValueError(f"cannot place `{key}` in an empty mapping")
    indent = doc.key_marks[siblings[0]][1] - 1
    last_end = max(doc.spans[p][1] for p in siblings)
    # a nested block mapping's span runs on into the next line's indentation: strip that too
    text_end = len(doc.text[:last_end].rstrip())
    return [(text_end, text_end, "\n" + " " * indent + f"{key}: {rendered}")]


def apply(text: str, edits: list[Edit]) -> str:
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + new + text[end:]
    return text


def write_atomically(path: Path, text: str) -> None:
    """Replace a file whole; a copy of the old one exists only until the new one is in place."""
    backup = path.with_name(f".{path.name}.bak")
    tmp = path.with_name(f".{path.name}.tmp")
    shutil.copy2(path, backup)
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    backup.unlink()
