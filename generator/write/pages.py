"""Stage 3, write: put the rendered pages into docs/<lang>/, rendering only what changed.

Every page has a key: a fingerprint of everything it is made from (its playbook, the
settings, sources and glossary, the generator's code, the titles it links to). A page
whose key matches the one its file was written from (kept in memory by the live
preview, on disk by cache.DiskCache) is not rendered again; a page that renders to the
bytes already on disk is not written, so unchanged files keep their modification times
(MkDocs' dirty reload and other tools' caches rely on that). When many pages are due,
languages render side by side in forked processes.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable

from generator import languages as site_languages
from generator.cache import DiskCache, code_fingerprint, per_file
from generator.load import memo
from generator.model import Playbook
from generator.parallel import fork_map
from generator.render.pages import SHARED_PAGES, Renderer
from generator.validate.checker import iter_sources
from generator.validate.corpus import Corpus
from generator.validate.coverage import Citation

GENERATED_DIRS = ("playbooks",)  # under docs/<lang>/: everything in them is the generator's
PARALLEL_FROM = 24  # pages due in one language; below this, starting processes costs more than it saves


@dataclass
class WriteLog:
    """Which files a run wrote, left alone and removed: incremental builds are tested on it."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)


def write_if_changed(path: Path, content: str, log: WriteLog) -> None:
    data = content.encode("utf-8")
    try:
        if path.read_bytes() == data:
            log.unchanged.append(path)
            return
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    log.written.append(path)


@dataclass
class RenderCache:
    """Kept by a long-running process: page keys, and the fingerprints they are made of."""

    pages: dict[tuple[str, str], list] = field(default_factory=dict)  # (language, page) -> [key, size, mtime_ns]
    # per playbook file version (Document.serial): its fingerprints and translation counts
    dumps: dict[int, str] = field(default_factory=dict)
    signatures: dict[int, list[str]] = field(default_factory=dict)
    statuses: dict[int, dict] = field(default_factory=dict)


class PageKeys:
    """The key of every generated page. Per-playbook parts are kept per file version (in
    memory) and per file content (on disk, with `store`)."""

    def __init__(self, corpus: Corpus, cache: RenderCache | None = None, store: DiskCache | None = None):
        self.corpus = corpus
        self.cache = cache or RenderCache()
        self.store = store
        self.base = _digest(code_fingerprint(), corpus.settings.model_dump_json(), corpus.sources.model_dump_json(),
                            corpus.glossary.model_dump_json() if corpus.glossary else "")
        self._pages: dict[str, str] = {}

    def dump(self, pb: Playbook) -> str:
        """A fingerprint of the playbook's whole content."""
        return per_file(self.corpus.documents.get(pb.id), "dump", lambda: _digest(pb.model_dump_json()),
                        self.cache.dumps, self.store)

    def signatures(self, pb: Playbook) -> tuple[str, str]:
        """What shared pages show of one playbook: (for listings, for coverage)."""
        return tuple(per_file(self.corpus.documents.get(pb.id), "signatures", lambda: list(self._signatures(pb)),
                              self.cache.signatures, self.store))

    @staticmethod
    def _signatures(pb: Playbook) -> tuple[str, str]:
        listing = _digest(pb.id, pb.title.model_dump_json(), pb.summary.model_dump_json(), pb.tags.model_dump_json())
        cites = "\0".join(f"{src.article or (pb.source.article if pb.source else '')}\0{src.section}\0{src.policy}\0{path}\0"
                          f"{Citation(pb, path[:-1]).label_source()}" for path, src in iter_sources(pb))
        return listing, _digest(pb.id, cites)

    def playbook(self, pb: Playbook, lang: str) -> str:
        """Everything a playbook page depends on: itself, settings, code, and the titles it links to."""
        if pb.id not in self._pages:
            linked = set(pb.related) | {n.playbook for t in pb.trees for n in t.nodes.values() if n.playbook}
            # of a linked playbook the page shows only its title: its other changes do not matter here
            others = [self.signatures(self.corpus.playbook(pid))[0] for pid in sorted(linked)]
            tree = self.corpus.safety_tree(pb)
            if tree is not None:  # the page names the safety tree by its title, nothing else of it
                st = self.corpus.settings.safety_tree
                others.append(_digest(st.playbook, st.tree, tree.title.model_dump_json()))
            self._pages[pb.id] = _digest(self.base, self.dump(pb), *others)
        return _digest(self._pages[pb.id], lang)

    @cached_property
    def listing(self) -> str:
        """What the home page and the index show of every playbook (same in every language)."""
        return _digest(self.base, *(self.signatures(pb)[0] for pb in self.corpus.playbooks))

    @cached_property
    def citations(self) -> str:
        """What the coverage page shows: every citation and the title of the part that carries it."""
        return _digest(self.listing, *(self.signatures(pb)[1] for pb in self.corpus.playbooks))

    @cached_property
    def contents(self) -> str:
        """Every playbook's texts: what the translation status page counts."""
        return _digest(self.listing, *(self.dump(pb) for pb in self.corpus.playbooks))

    def language(self, lang: str) -> dict[str, str]:
        """Relative path -> key, for every generated page of one language."""
        keys = {f"playbooks/{pb.id}.md": self.playbook(pb, lang) for pb in self.corpus.playbooks}
        shared = {"index.md": self.listing, "playbooks/index.md": self.listing, "coverage.md": self.citations,
                  "status.md": self.contents, "glossary.md": self.base}
        keys.update({rel: _digest(shared[rel], lang) for rel in SHARED_PAGES
                     if rel != "glossary.md" or self.corpus.glossary})
        return keys


@dataclass
class _Plan:
    keys: dict[str, str]
    due: set[str]
    on_disk: set[str]
    current: dict[str, list]  # pages not due: their [key, size, mtime_ns] as recorded


class SiteWriter:
    """Writes docs/<lang>/ for a corpus: only the pages whose keys changed, only if their bytes did."""

    def __init__(self, corpus: Corpus, docs_dir: Path, cache: RenderCache | None = None,
                 store: DiskCache | None = None):
        self.corpus = corpus
        self.docs_dir = docs_dir
        self.cache = cache
        self.store = store
        self.keys = PageKeys(corpus, cache, store)
        self.renderer = Renderer(corpus, cache.statuses if cache is not None else None, store)

    def plan(self, lang: str) -> _Plan:
        base = self.docs_dir / lang
        on_disk = {f"{folder}/{e.name}" for folder in GENERATED_DIRS if (base / folder).is_dir()
                   for e in os.scandir(base / folder) if e.name.endswith(".md")}
        on_disk |= {e.name for e in os.scandir(base) if e.name.endswith(".md")} if base.is_dir() else set()
        keys = self.keys.language(lang)
        known = self.cache.pages if self.cache is not None else {}
        stored = self.store.pages if self.store is not None else {}

        current: dict[str, list] = {}  # page -> its record, for pages whose file is still the one it says
        for rel, key in keys.items():
            # the file must still be the one written from this key (not since replaced by another run or by hand)
            recorded = known.get((lang, rel)) or stored.get(f"{lang}/{rel}")
            if recorded and recorded[0] == key and rel in on_disk and _stamp(base / rel) == list(recorded[1:]):
                current[rel] = list(recorded)
        return _Plan(keys, set(keys) - set(current), on_disk, current)

    def write(self, languages: tuple[str, ...] | None = None, log: WriteLog | None = None,
              on_language: Callable[[str], None] | None = None) -> WriteLog:
        """Write every language's pages; `on_language(lang)` is called as soon as one
        language's folder is complete (the build then starts its MkDocs run)."""
        log = log or WriteLog()
        languages = tuple(languages or site_languages.current().codes)
        plans = {lang: self.plan(lang) for lang in languages}
        busiest = max((len(p.due) for p in plans.values()), default=0)
        if busiest >= PARALLEL_FROM:
            # Needed by every language's pages: worked out once, before the processes part.
            self.renderer.translation_status
        tasks = [(lang, plans[lang]) for lang in languages]

        def done(task: tuple[str, _Plan], part: WriteLog) -> None:
            log.written += part.written
            log.unchanged += part.unchanged
            log.removed += part.removed
            if on_language is not None:
                on_language(task[0])

        fork_map(self._write_language, tasks, in_processes=busiest >= PARALLEL_FROM, each=done)
        records = {(lang, rel): plans[lang].current.get(rel) or [key, *_stamp(self.docs_dir / lang / rel)]
                   for lang in languages for rel, key in plans[lang].keys.items()}
        if self.cache is not None:
            self.cache.pages.update(records)
        if self.store is not None:
            self.store.record_pages({f"{lang}/{rel}": record for (lang, rel), record in records.items()})
        return log

    def _write_language(self, task: tuple[str, _Plan]) -> WriteLog:
        lang, plan = task
        log = WriteLog()
        base = self.docs_dir / lang
        # Playbook pages this process rendered before from the same inputs: by the page's key
        # and the translation counts its notices show (which also depend on git's HEAD).
        kept = {rel: _digest(plan.keys[rel], self._counts(pid, lang)) for pid, rel in self._playbook_pages.items()
                if rel in plan.due}
        known = {rel: text for rel, key in kept.items() if (text := _RENDERED.get(key)) is not None}
        pages = self.renderer.pages(lang, skip=(set(plan.keys) - plan.due) | set(known))
        for rel, content in pages.items():
            if rel in known:
                content = known[rel]
            elif content is not None and rel in kept:
                _RENDERED.put(kept[rel], content)
            if content is None:
                log.unchanged.append(base / rel)
            else:
                write_if_changed(base / rel, content, log)
        for rel in sorted(plan.on_disk):
            # a page whose source is gone: a deleted playbook, or the glossary when glossary.yaml is
            if (rel.split("/")[0] in GENERATED_DIRS or rel in SHARED_PAGES) and rel not in pages:
                (base / rel).unlink()
                log.removed.append(base / rel)
        return log

    @cached_property
    def _playbook_pages(self) -> dict[str, str]:
        return {pb.id: f"playbooks/{pb.id}.md" for pb in self.corpus.playbooks}

    def _counts(self, pid: str, lang: str) -> str:
        counts = self.renderer.translation_status.by_owner.get((pid, lang), {})
        return ",".join(f"{kind}={n}" for kind, n in sorted(counts.items()))


# What this process rendered (load/memo.py): a project loaded again, by a test or a long-running
# process, renders only pages whose inputs it has not seen. Bounded: ~20 kB a page.
_RENDERED = memo.table(2048)


def _stamp(path: Path) -> list[int]:
    try:
        st = path.stat()
    except OSError:
        return []
    return [st.st_size, st.st_mtime_ns]


def _digest(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()
