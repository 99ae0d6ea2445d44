"""What the editor changed: the content files as they are in git's HEAD commit.

The translation status compares the working tree with HEAD to tell a string whose English
and translation were edited together (both differ from HEAD) from one whose English alone
changed. Without git, or outside a repository, nothing is known about HEAD and the rules
fall back to the fingerprints in `src` (see translations.py).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from generator.load import memo
from generator.load.yamlbounds import load_bounded

MISSING = object()  # the file or the text is not in HEAD: it is new in the working tree


class Head:
    """The HEAD version of files under one folder, read lazily (one `git show` per file)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._data: dict[Path, object] = {}  # by the path as asked (every text of a file asks again)
        self._available: bool | None = None
        self._blobs: dict[Path, str] | None = None
        self._commit = ""

    @property
    def available(self) -> bool:
        if self._available is None:
            self._commit = _head_commit(self.folder)
            self._available = bool(self._commit)
        return self._available

    def data(self, path: Path):
        """The parsed YAML of `path` at HEAD; MISSING when the file is new; None when unknown.
        Read-only: the parsed file is shared with every other reader of the same commit."""
        if not self.available:
            return None
        if path not in self._data:
            # A commit never changes, so neither does a file in it: parsed once per process
            # (a sync, an import or a status asks again with a new Head each time).
            real = path.resolve()
            key = (real, self._commit)
            shown = _SHOWN.get(key)
            if shown is None:
                shown = _show(real)
                if shown is not None:  # not kept when git failed or timed out, or undecodable
                    _SHOWN.put(key, shown)
            self._data[path] = shown
        return self._data[path]

    def blob(self, path: Path) -> str:
        """The id of `path`'s content at HEAD ('' without git, 'new' when not in HEAD): a cache key."""
        if not self.available:
            return ""
        if self._blobs is None:
            self._blobs = {}
            try:
                out = subprocess.run(["git", "ls-tree", "-r", "HEAD", "."], cwd=self.folder,
                                     capture_output=True, text=True, timeout=20)
            except (OSError, subprocess.SubprocessError):
                return ""
            for line in out.stdout.splitlines():
                meta, _, name = line.partition("\t")
                self._blobs[(self.folder / name).resolve()] = meta.split()[-1]
        return self._blobs.get(path.resolve(), "new")


_SHOWN = memo.table(4096)  # (file, HEAD's commit id) -> its parsed YAML


def _head_commit(folder: Path) -> str:
    """The id of HEAD's commit for `folder`; '' outside a repository or without git."""
    if shutil.which("git") is None or not folder.exists():
        return ""
    try:
        out = subprocess.run(["git", "rev-parse", "--verify", "-q", "HEAD"], cwd=folder,
                             capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def _show(path: Path):
    try:
        out = subprocess.run(["git", "show", f"HEAD:./{path.name}"], cwd=path.parent,
                             capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return MISSING
    try:
        return load_bounded(out.stdout.decode("utf-8"))
    except UnicodeDecodeError:
        return None  # HEAD's version did not parse: nothing can be said about it


def history(path: Path, limit: int = 30):
    """The parsed YAML of `path` in its last `limit` commits, newest first (nothing without git)."""
    if shutil.which("git") is None:
        return
    try:
        out = subprocess.run(["git", "log", f"-n{limit}", "--format=%H", "--", path.name], cwd=path.parent,
                             capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return
    for commit in out.stdout.split():
        try:
            shown = subprocess.run(["git", "show", f"{commit}:./{path.name}"], cwd=path.parent,
                                   capture_output=True, timeout=10)
            data = load_bounded(shown.stdout.decode("utf-8")) if shown.returncode == 0 else None
        except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
            continue
        if data is not None:
            yield data
