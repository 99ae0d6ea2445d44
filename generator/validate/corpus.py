"""Validate, the whole project: load settings, sources, glossary and every playbook, run
both passes (schema_pass.py, checks.py) and hand the renderer a validated Corpus.

All problems of a run are reported together; nothing is returned when there is one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from generator import languages
from generator.errors import ContentError, Problem
from generator.load import memo
from generator.load.files import RESERVED_IDS, playbook_files, symlink_problems
from generator.load.yamlfile import Document, from_store, parse_raw, read_raw
from generator.messages import msg
from generator.model import Glossary, Playbook, Settings, Sources
from generator.parallel import chunks, fork_map, jobs
from generator.validate.checker import Checker
from generator.validate.checks import check_playbook, check_texts
from generator.validate.consistency import check_outcomes
from generator.validate.editorial import check_editorial
from generator.validate.hidden import hidden_problems
from generator.validate.languages import check_languages
from generator.validate.currency import check_currency
from generator.validate.routes import check_routes, check_safety_tree
from generator.validate.schema_pass import parse
from generator.validate.sources import check_sources
from generator.validate.terms import check_terms, variants


@dataclass
class Corpus:
    """Everything the renderer needs, validated."""

    root: Path
    settings: Settings
    sources: Sources
    playbooks: list[Playbook]
    documents: dict[str, Document] = field(default_factory=dict)  # playbook id -> its file
    glossary: Glossary | None = None

    def without_drafts(self) -> "Corpus":
        """The corpus as published: draft playbooks left out."""
        if not any(pb.is_draft for pb in self.playbooks):
            return self
        kept = [pb for pb in self.playbooks if not pb.is_draft]
        return Corpus(self.root, self.settings, self.sources, kept,
                      {pb.id: self.documents[pb.id] for pb in kept if pb.id in self.documents}, self.glossary)

    def playbook(self, pid: str) -> Playbook:
        if getattr(self, "_by_id", None) is None or len(self._by_id) != len(self.playbooks):
            self._by_id = {p.id: p for p in self.playbooks}
        return self._by_id[pid]

    def safety_tree(self, pb: Playbook):
        """The abuse/threat tree (settings.yaml `safety_tree`) that `pb`'s page links at its top,
        or None when the page has no safety line."""
        st = self.settings.safety_tree
        if not (pb.safety_first and st):
            return None
        return next((t for t in self.playbook(st.playbook).trees if t.id == st.tree), None)


@dataclass
class LoadCache:
    """What a long-running process (the live preview, the benchmark) keeps between runs:
    parsed files by their size and modification time, and each playbook's check results by
    everything they depend on. A regeneration after one edit then re-reads one file."""

    files: dict[Path, tuple[tuple, Document | None, list[Problem]]] = field(default_factory=dict)
    parsed: dict[Path, tuple[int, object]] = field(default_factory=dict)
    checks: dict[Path, tuple[tuple, list[Problem]]] = field(default_factory=dict)
    terms: dict[Path, tuple[tuple, list[Problem]]] = field(default_factory=dict)


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
    key = (doc.serial, languages.current())  # the same file reads differently with other languages
    if cache is not None and doc.path in cache.parsed and cache.parsed[doc.path][0] == key:
        pb, found = cache.parsed[doc.path][1]
        problems.extend(found)
        return pb
    found: list[Problem] = []
    pb = parse(doc, Playbook, found, salvage=True)
    if cache is not None:
        cache.parsed[doc.path] = (key, (pb, found))
    problems.extend(found)
    return pb


def _checked(doc: Document, check: str, context, problems: list[Problem], run, store=None) -> list[Problem]:
    """Run `run(found)` unless this file's bytes passed `check` in `context` before: earlier in
    this process (load/memo.py) or, with `store` (the disk cache; `context` a string), in an
    earlier run. Only a pass is remembered, so a problem is always reported afresh. Returns
    what this run found."""
    to_store = store is not None and bool(doc.digest)
    stored = to_store and store.passed(doc.digest, check, context)
    if stored or memo.passed(doc.digest, check, context):
        if to_store and not stored:  # passed earlier in this process: the next run knows it too
            store.mark_passed(doc.digest, check, context)
        return []
    found: list[Problem] = []
    run(found)
    if not found:
        memo.mark_passed(doc.digest, check, context)
        if to_store:
            store.mark_passed(doc.digest, check, context)
    problems.extend(found)
    return found


def load_corpus(root: Path, only: list[Path] | None = None, cache: LoadCache | None = None,
                store=None) -> Corpus:
    """Load and validate settings, sources and playbooks under `root` (the playbook/ folder).
    `cache` is kept in memory by long-running processes; `store` is a cache.DiskCache."""
    links = symlink_problems(root)
    if links:  # before anything is read: a link could point anywhere on the machine
        raise ContentError(links)
    files, problems = playbook_files(root)
    settings_doc = _load(root / "settings.yaml", root, problems, cache, store)
    # The site's languages first: every text of every file is read against them.
    config = languages.configure_from(settings_doc.data if settings_doc else None)
    if settings_doc is not None:
        check_languages(Checker(settings_doc, problems), settings_doc.data)
    sources_doc = _load(root / "sources.yaml", root, problems, cache, store)
    settings = parse(settings_doc, Settings, problems) if settings_doc else None
    glossary, glossary_doc = None, None
    if (root / "glossary.yaml").exists():
        glossary_doc = _load(root / "glossary.yaml", root, problems, cache, store)
        glossary = parse(glossary_doc, Glossary, problems) if glossary_doc else None
        if glossary and settings:
            _checked(glossary_doc, "texts", (settings_doc.digest, config), problems, lambda found: check_texts(
                Checker(glossary_doc, found), glossary, settings.translations.require_complete, settings=settings))
    sources = parse(sources_doc, Sources, problems) if sources_doc else None
    if sources is not None:
        check_sources(Checker(sources_doc, problems), sources)
    docs = [d for d in _load_all(files, root, problems, cache, store) if d]
    for doc in (settings_doc, sources_doc, glossary_doc, *docs):
        if doc is not None:  # what staff read must be what they copy: no invisible characters
            _checked(doc, "hidden", "", problems, lambda found, doc=doc: found.extend(hidden_problems(doc)))
    parsed: list[tuple[Document, Playbook]] = []
    for doc in docs:
        pb = _parse_playbook(doc, problems, cache)
        if pb is not None:
            parsed.append((doc, pb))
    # Files that failed to load or to pass the schema still count (by id or file name),
    # so that links to them are not reported as a second, misleading problem.
    all_ids = {pb.id for _, pb in parsed if isinstance(pb.id, str)} | {p.stem for p in files} | {
        d.data.get("id") for d in docs if isinstance(d.data, dict) and isinstance(d.data.get("id"), str)}
    drafts = {pb.id for _, pb in parsed if pb.status == "draft"}
    first: dict[str, Document] = {}
    for doc, pb in parsed:
        if pb.id is None:
            continue
        if pb.id in RESERVED_IDS:
            line, col = doc.where(("id",))
            problems.append(Problem(doc.name, line, col, "id", msg("the id `{id}` is the name of one of the site's own pages, "
                                                                "which this playbook would replace", id=pb.id),
                                    msg("choose another id (and file name), e.g. `{id}-playbook`", id=pb.id)))
        if pb.id in first:
            line, col = doc.where(("id",))
            other = first[pb.id]
            problems.append(Problem(doc.name, line, col, "id",
                                    msg("playbook id `{id}` is already used by {file} (line {line})", id=pb.id,
                                        file=other.name, line=other.where(('id',))[0]),
                                    msg("give each playbook its own id (and name its file after it)")))
        first.setdefault(pb.id, doc)
    if settings and settings_doc:
        _checked(settings_doc, "texts", config, problems, lambda found: check_texts(
            Checker(settings_doc, found), settings, settings.translations.require_complete, settings=settings))
        check_routes(Checker(settings_doc, problems), settings, all_ids)
        check_currency(Checker(settings_doc, problems), settings)
        check_safety_tree(Checker(settings_doc, problems), settings, [pb for _, pb in parsed])
    if settings and sources:
        # The playbooks' ids and drafts by digest: each file's check below compares one string,
        # not two sets of ids (a million comparisons at 1,000 playbooks).
        ids = hashlib.sha256("\0".join([*sorted(all_ids), "drafts:", *sorted(drafts)]).encode("utf-8")).hexdigest()
        context = (settings_doc.serial, sources_doc.serial, ids)
        # the same on disk, by content: a file that passed in this context need not be checked again
        stored_context = hashlib.sha256("\0".join([settings_doc.digest, sources_doc.digest, ids])
                                        .encode("utf-8")).hexdigest()
        for doc, pb in parsed:
            previous = cache.checks.get(doc.path) if cache else None
            if previous and previous[0] == (doc.serial,) + context:
                problems.extend(previous[1])
                continue
            # The file's name belongs to the context: the same bytes under another name can
            # fail (an id that differs from the file name).
            own_context = hashlib.sha256(f"{stored_context}\0{doc.name}\0{config}".encode("utf-8")).hexdigest()

            def run(found, doc=doc, pb=pb):
                check_playbook(doc, pb, settings, sources, all_ids, found)
                check_editorial(Checker(doc, found), pb, drafts)

            found = _checked(doc, "playbook", own_context, problems, run, store)
            if cache is not None:
                cache.checks[doc.path] = ((doc.serial,) + context, found)
    if settings and sources:
        check_outcomes(parsed, problems)  # across playbooks, so not cached per file
    # Glossary variants: not cached with the checks above, whose key does not include the
    # glossary, but per file version and glossary content: matching inflected forms costs
    # a third of a second a playbook, minutes a run at a thousand playbooks.
    avoid = variants(glossary)
    glossary_key = glossary_doc.digest if glossary_doc is not None else ""
    terms_context = hashlib.sha256(f"terms\0{glossary_key}\0{config}".encode("utf-8")).hexdigest()
    for doc, pb in parsed:
        previous = cache.terms.get(doc.path) if cache else None
        if previous and previous[0] == (doc.serial, glossary_key, config):
            problems.extend(previous[1])
            continue
        found = _checked(doc, "terms", terms_context, problems,
                         lambda found, doc=doc, pb=pb: check_terms(Checker(doc, found), pb, avoid),
                         store if glossary_key else None)
        if cache is not None:
            cache.terms[doc.path] = ((doc.serial, glossary_key, config), found)
    if only is not None:
        wanted = {display_name(p, root) for p in only}
        problems = [p for p in problems if p.file in wanted]
    if problems or settings is None or sources is None:  # (a salvaged playbook always comes with a problem)
        raise ContentError(problems)
    return Corpus(root, settings, sources, [pb for _, pb in parsed], {pb.id: doc for doc, pb in parsed}, glossary)
