"""Edit values in an editor's YAML file without touching anything else in it.

Only the characters of the values that change are replaced (or a new key is inserted
next to its siblings), using the positions the loader recorded, so comments, order,
quoting and line breaks elsewhere stay exactly as the editor left them; an edit list
that changes nothing gives back the same text, byte for byte.

Every write into editors' and translators' files goes through this module: one file is
replaced atomically, a set of files lands whole or not at all (see write_all).
"""

from __future__ import annotations

import json
import os
import signal
import threading
from pathlib import Path

from generator.errors import ContentError, Problem
from generator.load.files import inside
from generator.load.yamlfile import Document
from generator.messages import msg

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
    # a nested block mapping's span runs on into the next line's indentation, and over the
    # comments that follow it: a comment indented less than this mapping's keys introduces
    # what comes next (the next top-level key), so the new key goes above it
    text_end = len(doc.text[:last_end].rstrip())
    while True:
        line_start = doc.text.rfind("\n", 0, text_end) + 1
        line = doc.text[line_start:text_end]
        body = line.lstrip(" ")
        if not body.startswith("#") or len(line) - len(body) >= indent or line_start == 0:
            break
        text_end = len(doc.text[:line_start].rstrip())
    return [(text_end, text_end, "\n" + " " * indent + f"{key}: {rendered}")]


def apply(text: str, edits: list[Edit]) -> str:
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + new + text[end:]
    return text


def set_raw(doc: Document, path: tuple, rendered: str) -> list[Edit]:
    """Edits that make the mapping at path[:-1] hold the YAML text `rendered` at key path[-1]."""
    if path in doc.spans:
        start, end = doc.spans[path]
        old = doc.text[start:end]
        trailing = old[len(old.rstrip("\n")):]
        return [(start, end, rendered + trailing)]
    return insert_key(doc, path[:-1], path[-1], rendered)


def flow_mapping(items: dict[str, str]) -> str:
    """{one: "…", other: "…"} on one line, every value double-quoted."""
    return "{" + ", ".join(f"{key}: {scalar(value)}" for key, value in items.items()) + "}"


# --- writing files: one at a time, or a set that lands whole ---------------------------

JOURNAL = ".playbook-write.journal"


def _tmp_for(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp")


def _write_tmp(path: Path, text: str) -> Path:
    tmp = _tmp_for(path)
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    return tmp


def write_atomically(path: Path, text: str) -> None:
    """Replace a file whole: readers see the old file or the new one, never a mix (one
    rename is atomic, so a single file needs no journal)."""
    tmp = None
    try:
        tmp = _write_tmp(path, text)
        os.replace(tmp, path)
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def write_all(texts: dict[Path, str], folder: Path | None = None) -> None:
    """Replace several files so that either all of them change or none does.

    Every new file is written and flushed next to its target first (`.NAME.tmp`); then a
    journal listing them is written in `folder`, and the renames follow with Ctrl-C held
    back. A process killed during the renames leaves the journal: `recover()` (run by
    every `playbook` command) finishes the renames, so the set still lands whole. A
    failure before the journal exists removes the temporary files and changes nothing."""
    if not texts:
        return
    paths = list(texts)
    folder = folder or paths[0].parent
    outside = [p for p in paths if not inside(p, folder)]
    if outside:  # checked before the first byte is written: all files or none
        raise ContentError([Problem(str(p), 1, 1, "", msg("this file is outside the project's playbook folder or "
                                                          "reached through a symbolic link, so nothing was written"),
                                    msg("replace the link with a copy of the file it points to")) for p in outside])
    journal = folder / JOURNAL
    tmps: list[Path] = []
    try:
        for path in paths:
            tmps.append(_write_tmp(path, texts[path]))
        _write_journal(journal, paths)
    except BaseException:
        for tmp in tmps:
            tmp.unlink(missing_ok=True)
        raise
    with _signals_held():
        _finish(journal, paths)


def _write_journal(journal: Path, paths: list[Path]) -> None:
    tmp = journal.with_name(journal.name + ".tmp")
    tmp.write_text("\n".join(str(p.resolve()) for p in paths) + "\n", encoding="utf-8")
    os.replace(tmp, journal)


def _finish(journal: Path, paths: list[Path]) -> None:
    for path in paths:
        tmp = _tmp_for(path)
        if tmp.exists():
            os.replace(tmp, path)
    journal.unlink(missing_ok=True)


def recover(folder: Path) -> list[Path]:
    """Complete a set of writes that a killed process left half done; returns the files."""
    journal = folder / JOURNAL
    if not journal.is_file():
        return []
    paths = [Path(line) for line in journal.read_text(encoding="utf-8").splitlines() if line.strip()]
    paths = [p for p in paths if inside(p, folder)]  # a journal cannot send a write elsewhere
    done = [p for p in paths if _tmp_for(p).exists()]
    _finish(journal, paths)
    return done


class _signals_held:
    """Hold back SIGINT/SIGTERM for the few microseconds of the renames (main thread only)."""

    def __enter__(self):
        self.old = None
        if threading.current_thread() is threading.main_thread() and hasattr(signal, "pthread_sigmask"):
            self.old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        return self

    def __exit__(self, *exc):
        if self.old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, self.old)
