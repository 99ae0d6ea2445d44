"""What one run leaves on disk for the next: parsed files by their content, and which
page was rendered from what (`.cache/generator/` in the project; safe to delete).

The live preview keeps the same things in memory. On disk they let separate processes
profit too: a second `make site`, or CI with the folder restored, parses only the YAML
files whose bytes changed and renders only the pages whose inputs changed. Everything
is keyed by a fingerprint of the generator's own code and libraries, so an upgrade
starts afresh instead of reusing stale output.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import pickle
import shutil
from functools import lru_cache
from importlib import metadata
from pathlib import Path

CACHE_DIR = Path(".cache") / "generator"
_LIBRARIES = ("pyyaml", "pydantic", "jinja2", "markdown", "pymdown-extensions", "babel", "markupsafe")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The generator's sources, templates and words, and the versions of the libraries it uses."""
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for f in sorted([*here.rglob("*.py"), *(here / "render" / "templates").rglob("*.j2"), *(p for p in (here / "locales").rglob("*") if p.is_file()),
                    *(p for p in (here / "languages").rglob("*") if p.is_file() and p.suffix != ".pyc")]):
        digest.update(f.relative_to(here).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            pass
    return digest.hexdigest()[:16]


class _DataOnly(pickle.Unpickler):
    """Unpickles plain YAML data only (a tampered cache file cannot run code)."""

    _ALLOWED = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "timezone"), ("datetime", "timedelta")}

    def find_class(self, module, name):
        if (module, name) in self._ALLOWED:
            return getattr(datetime, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not plain data")


class DiskCache:
    """One project's cache folder, for the current generator version."""

    def __init__(self, project_root: Path):
        self.folder = project_root / CACHE_DIR / code_fingerprint()
        self._pages: dict[str, list] | None = None
        self._derived: dict[str, dict] | None = None
        self._derived_dirty = False

    # --- parsed YAML, by the file's bytes ---------------------------------------------

    def _parsed_path(self, digest: str) -> Path:
        return self.folder / "parsed" / f"{digest}.pickle"

    def get_parsed(self, digest: str):
        """(data, text) parsed earlier from the bytes with this sha256, or None. The entry must
        be for these bytes (its text hashes to `digest`) and its data must match its seal;
        anything else is a miss: the file is parsed again and the entry overwritten."""
        try:
            with open(self._parsed_path(digest), "rb") as f:
                entry = _DataOnly(io.BytesIO(f.read())).load()
            kind, data, text, sealed = entry
            if (kind == "parsed" and isinstance(text, str) and isinstance(sealed, str)
                    and hashlib.sha256(text.encode("utf-8")).hexdigest() == digest
                    and sealed == seal("parsed", digest, repr(data))):
                return data, text
            return None
        except FileNotFoundError:
            return None
        except Exception:  # damaged, foreign or tampered entry: parse again, and overwrite it
            return None

    def put_parsed(self, digest: str, data, text: str) -> None:
        entry = ("parsed", data, text, seal("parsed", digest, repr(data)))
        _write_atomically(self._parsed_path(digest), pickle.dumps(entry, protocol=5))

    # --- what was worked out from a file: fingerprints, passed checks -----------------

    def _table(self) -> dict[str, dict]:
        if self._derived is None:
            # each file's values with their seal; an entry that does not match it is left out
            self._derived = {}
            for digest, entry in self._read_json("derived.json").items():
                if isinstance(entry, dict) and isinstance(entry.get("values"), dict) \
                        and entry.get("seal") == seal("derived", digest, _canonical(entry["values"])):
                    self._derived[digest] = entry["values"]
        return self._derived

    def derived(self, digest: str) -> dict:
        """What was kept with the file of this sha256 (read only; see remember())."""
        return self._table().get(digest, {})

    def remember(self, digest: str, **values) -> None:
        self._table().setdefault(digest, {}).update(values)
        self._derived_dirty = True

    def passed(self, digest: str, context: str) -> bool:
        """Whether the file passed its checks in this context (settings, sources, playbook ids)."""
        return self.derived(digest).get("passed") == context

    def mark_passed(self, digest: str, context: str) -> None:
        self.remember(digest, passed=context)

    # --- rendered pages: their input fingerprints and the file each produced ----------

    @property
    def pages(self) -> dict[str, list]:
        """'lang/relative path' -> [page key, size, mtime_ns] of the file as written."""
        if self._pages is None:
            stored = self._read_json("pages.json")
            pages = stored.get("pages")
            ok = isinstance(pages, dict) and stored.get("seal") == seal("pages", "", _canonical(pages)) and all(
                isinstance(r, list) and len(r) == 3 and isinstance(r[0], str) for r in pages.values())
            self._pages = pages if ok else {}
        return self._pages

    def _read_json(self, name: str) -> dict:
        """A JSON object this cache wrote; empty when missing or damaged."""
        try:
            value = json.loads((self.folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return value if isinstance(value, dict) else {}

    def record_pages(self, pages: dict[str, list]) -> None:
        self._pages = pages
        stored = {"pages": pages, "seal": seal("pages", "", _canonical(pages))}
        _write_atomically(self.folder / "pages.json", json.dumps(stored, sort_keys=True).encode("utf-8"))

    def save(self, digests: set[str]) -> None:
        """Write what was derived this run, for the files still present (`digests`)."""
        if self._derived is not None and self._derived_dirty:
            kept = {d: {"values": v, "seal": seal("derived", d, _canonical(v))}
                    for d, v in self._derived.items() if d in digests and v}
            _write_atomically(self.folder / "derived.json", json.dumps(kept, sort_keys=True).encode("utf-8"))

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


def seal(kind: str, key: str, content: str) -> str:
    """The digest an entry is stored with and checked against on read: binds the entry's
    content to its kind and key (the file's sha256), so a damaged, edited or moved entry
    is a miss. (It is not a secret: what keeps other people's caches out is where the
    cache comes from; CI restores only its own branch's or the default branch's.)"""
    return hashlib.sha256(f"{kind}\0{key}\0{content}".encode("utf-8")).hexdigest()


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


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
