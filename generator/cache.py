"""What one run leaves on disk for the next: parsed files by their content, and which
page was rendered from what (`.cache/generator/` in the project; safe to delete).

The live preview keeps the same things in memory. On disk they let separate processes
profit too: a second `make site`, or CI with the folder restored, parses only the YAML
files whose bytes changed and renders only the pages whose inputs changed. Everything
is keyed by a fingerprint of the generator's own code and libraries, so an upgrade
starts afresh instead of reusing stale output.

What it guarantees: an entry is used only if it was written by a run that held this
project's cache key (`.cache/key`, beside and not inside the cached folder, or the
`PLAYBOOK_CACHE_KEY` environment variable), and only for the exact bytes the run has just
read (the entry is found by, and sealed with, the sha256 of those bytes). The seal is an
HMAC over the entry's raw bytes, checked before anything is decoded; entries are JSON
(nothing in them can run or expand) and bounded in size. Anything else (damaged, foreign,
forged, oversized, unexpected) is a miss: the file is parsed again and the entry
overwritten. A cache copied from elsewhere without its key is therefore all misses.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import os
import secrets
import shutil
import stat
from functools import lru_cache
from importlib import metadata
from pathlib import Path

CACHE_DIR = Path(".cache") / "generator"
KEY_FILE = Path(".cache") / "key"  # outside CACHE_DIR: CI saves and restores CACHE_DIR only
KEY_ENV = "PLAYBOOK_CACHE_KEY"
MAX_ENTRY_BYTES = 8_000_000  # a parsed entry: the text (at most 1 MB) and its data as JSON
MAX_TABLE_BYTES = 64_000_000  # derived.json, pages.json: a few hundred bytes per file and page
_LIBRARIES = ("pyyaml", "pydantic", "jinja2", "markdown", "pymdown-extensions", "babel", "markupsafe")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The generator's sources, templates and words, and the versions of the libraries it uses."""
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for f in sorted([*here.rglob("*.py"), *(here / "render" / "templates").rglob("*.j2"),
                    *(p for p in (here / "languages").rglob("*") if p.is_file() and p.suffix != ".pyc")]):
        digest.update(f.relative_to(here).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            pass
    return digest.hexdigest()[:16]


class DiskCache:
    """One project's cache folder, for the current generator version."""

    def __init__(self, project_root: Path):
        self.folder = project_root / CACHE_DIR / code_fingerprint()
        self._key = _project_key(project_root)
        self._pages: dict[str, list] | None = None
        self._derived: dict[str, dict] | None = None
        self._derived_dirty = False

    def seal(self, kind: str, key: str, content: bytes) -> str:
        """The HMAC an entry is stored with and checked against on read: binds its raw bytes
        to its kind and key (the file's sha256) under this project's cache key."""
        return hmac.new(self._key, kind.encode() + b"\0" + key.encode() + b"\0" + content, hashlib.sha256).hexdigest()

    def _open_sealed(self, path: Path, kind: str, key: str, limit: int) -> bytes | None:
        """The content of a sealed file, or None: read at most `limit` bytes, the seal checked
        over the raw bytes before anything is decoded."""
        raw = _read_bounded(path, limit)
        if raw is None:
            return None
        sealed, newline, content = raw.partition(b"\n")
        if not newline or not hmac.compare_digest(sealed, self.seal(kind, key, content).encode()):
            return None
        return content

    def _write_sealed(self, path: Path, kind: str, key: str, content: bytes) -> None:
        _write_atomically(path, self.seal(kind, key, content).encode() + b"\n" + content)

    # --- parsed YAML, by the file's bytes ---------------------------------------------

    def _parsed_path(self, digest: str) -> Path:
        return self.folder / "parsed" / f"{digest}.json"

    def get_parsed(self, digest: str):
        """(data, text) parsed earlier from the bytes with this sha256, or None. The entry must
        carry this cache's seal for this digest, and its text must hash to `digest`; anything
        else is a miss: the file is parsed again and the entry overwritten."""
        if len(digest) != 64:
            return None
        content = self._open_sealed(self._parsed_path(digest), "parsed", digest, MAX_ENTRY_BYTES)
        if content is None:
            return None
        try:
            entry = json.loads(content)
            text, data = entry["text"], _decode(entry["data"])
        except Exception:  # sealed by us, so only a bug or a library change gets here: a miss
            return None
        if not isinstance(text, str) or hashlib.sha256(text.encode("utf-8")).hexdigest() != digest:
            return None
        return data, text

    def put_parsed(self, digest: str, data, text: str) -> None:
        try:
            content = json.dumps({"text": text, "data": _encode(data)}, ensure_ascii=False,
                                 separators=(",", ":")).encode("utf-8")
        except (TypeError, ValueError, RecursionError):
            return  # a value JSON cannot hold: not kept, parsed again next time
        if len(content) < MAX_ENTRY_BYTES - 100:
            self._write_sealed(self._parsed_path(digest), "parsed", digest, content)

    # --- what was worked out from a file: fingerprints, passed checks -----------------

    def _table(self) -> dict[str, dict]:
        if self._derived is None:
            # each file's values with their seal; an entry that does not match it is left out
            self._derived = {digest: values for digest, values in self._read_json("derived.json").items()
                             if isinstance(values, dict)}
        return self._derived

    def derived(self, digest: str) -> dict:
        """What was kept with the file of this sha256 (read only; see remember())."""
        return self._table().get(digest, {})

    def remember(self, digest: str, **values) -> None:
        self._table().setdefault(digest, {}).update(values)
        self._derived_dirty = True

    def passed(self, digest: str, check: str, context: str) -> bool:
        """Whether the file passed `check` in this context (settings, sources, playbook ids...).
        Each check keeps its own record: one check's pass does not replace another's."""
        return self.derived(digest).get(f"passed:{check}") == context

    def mark_passed(self, digest: str, check: str, context: str) -> None:
        self.remember(digest, **{f"passed:{check}": context})

    # --- rendered pages: their input fingerprints and the file each produced ----------

    @property
    def pages(self) -> dict[str, list]:
        """'lang/relative path' -> [page key, size, mtime_ns] of the file as written."""
        if self._pages is None:
            pages = self._read_json("pages.json")
            ok = all(isinstance(r, list) and len(r) == 3 and isinstance(r[0], str) for r in pages.values())
            self._pages = pages if ok else {}
        return self._pages

    def _read_json(self, name: str) -> dict:
        """A JSON object this cache wrote and sealed; empty when missing, damaged or forged."""
        content = self._open_sealed(self.folder / name, name, "", MAX_TABLE_BYTES)
        try:
            value = json.loads(content) if content is not None else {}
        except (ValueError, RecursionError):
            return {}
        return value if isinstance(value, dict) else {}

    def record_pages(self, pages: dict[str, list]) -> None:
        self._pages = pages
        self._write_sealed(self.folder / "pages.json", "pages.json", "", json.dumps(pages, sort_keys=True).encode("utf-8"))

    def save(self, digests: set[str]) -> None:
        """Write what was derived this run, for the files still present (`digests`)."""
        if self._derived is not None and self._derived_dirty:
            kept = {d: v for d, v in self._derived.items() if d in digests and v}
            self._write_sealed(self.folder / "derived.json", "derived.json", "",
                               json.dumps(kept, sort_keys=True).encode("utf-8"))

    def prune(self, keep_parsed: int) -> None:
        """Drop other generator versions' folders, and the oldest parsed files past `keep_parsed`."""
        for other in self.folder.parent.glob("*"):
            if other != self.folder and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)
        try:
            entries = list(os.scandir(self.folder / "parsed"))
        except OSError:
            return
        if len(entries) > keep_parsed:
            entries.sort(key=lambda e: e.stat().st_mtime_ns)
            for entry in entries[: len(entries) - keep_parsed]:
                Path(entry.path).unlink(missing_ok=True)


def _project_key(project_root: Path) -> bytes:
    """The secret the cache's seals are made with: `PLAYBOOK_CACHE_KEY` when set (CI, from a
    repository secret, so that main's runs can read what main's runs wrote), else
    `.cache/key`, made on first use (private to the user, a regular file, never a link)."""
    from_env = os.environ.get(KEY_ENV, "")
    if from_env:
        return hashlib.sha256(b"env\0" + from_env.encode("utf-8")).digest()
    path = project_root / KEY_FILE
    raw = _read_bounded(path, 256)
    if raw is None or len(raw) < 32:
        raw = secrets.token_hex(32).encode()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.unlink(missing_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(raw)
        except OSError:
            pass  # a read-only folder: this run's key is used only by this run (every read a miss)
    return hashlib.sha256(b"file\0" + raw).digest()


def _read_bounded(path: Path, limit: int) -> bytes | None:
    """A regular file's bytes when there are at most `limit`; None otherwise (missing, a
    link, a pipe, too large). Opened without following a link and without waiting."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            raw = f.read(limit + 1)
        except OSError:
            return None
    return raw if len(raw) <= limit else None


# YAML gives dates and times, and mappings with keys that are not text (`1:`, `yes:`); JSON
# holds neither, so they are written as a one-key object naming what they are.
_TAG = "\x00pb:"


def _encode(value):
    if isinstance(value, str) or value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith(_TAG) for k in value):
            return {k: _encode(v) for k, v in value.items()}
        return {_TAG + "map": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, datetime.datetime):
        return {_TAG + "datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {_TAG + "date": value.isoformat()}
    raise TypeError(f"{type(value).__name__} is not plain YAML data")


def _decode(value):
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        if len(value) == 1:
            (tag, inner), = value.items()
            if tag == _TAG + "map":
                return {_hashable(_decode(k)): _decode(v) for k, v in inner}
            if tag == _TAG + "datetime":
                return datetime.datetime.fromisoformat(inner)
            if tag == _TAG + "date":
                return datetime.date.fromisoformat(inner)
        return {k: _decode(v) for k, v in value.items()}
    return value


def _hashable(key):
    if isinstance(key, (list, dict)):
        raise ValueError("a mapping key that is a collection")  # never written by _encode
    return key


def per_file(doc, name: str, work, memory: dict | None = None, store: DiskCache | None = None):
    """A value worked out from one file alone (`work()`, JSON-able): kept in `memory` by file
    version (the live preview) and in `store` by file content (later runs)."""
    if memory is not None and doc is not None and doc.serial in memory:
        return memory[doc.serial]
    on_disk = store is not None and doc is not None and bool(doc.digest)
    value = store.derived(doc.digest).get(name) if on_disk else None
    if value is None:
        value = work()
        if on_disk:
            store.remember(doc.digest, **{name: value})
    if memory is not None and doc is not None:
        memory[doc.serial] = value
    return value


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError:
        pass  # a read-only or full disk: the run still works, only slower next time
