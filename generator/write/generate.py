"""Load, validate, render and write in one call: everything MkDocs needs in docs/
(`playbook generate`; `playbook build` and the live preview start here).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field

from generator.cache import DiskCache
from generator.project import Project
from generator.validate.corpus import Corpus, LoadCache, load_corpus
from generator.write.configs import write_configs
from generator.write.pages import RenderCache, SiteWriter, WriteLog


@dataclass
class Caches:
    """Kept between runs by long-running processes (live preview, benchmark)."""

    load: LoadCache = field(default_factory=LoadCache)
    render: RenderCache = field(default_factory=RenderCache)


def generate(project: Project, corpus: Corpus | None = None, caches: Caches | None = None,
             use_disk_cache: bool = True, drafts: bool = False,
             languages: tuple[str, ...] | None = None, schemas: bool = True) -> tuple[Corpus, WriteLog]:
    """Validate and write docs/: everything MkDocs needs. Raises ContentError on bad content.
    What this run learns is kept in `caches` (memory) and, unless told not to, on disk.
    Draft playbooks get pages only with `drafts` (the live preview); the published site
    leaves them out everywhere (their pages, listings, navigation, search, status).
    `schemas=False` skips the JSON Schemas, which depend on the code only (the live preview
    writes them on its first run)."""
    store = DiskCache(project.root) if use_disk_cache else None
    with collector_paused():
        full = corpus or load_corpus(project.content, cache=caches.load if caches else None, store=store)
        corpus = full if drafts else full.without_drafts()
        log = WriteLog()
        SiteWriter(corpus, project.docs, caches.render if caches else None, store).write(languages, log=log)
        write_configs(project, corpus, log)
        if schemas:
            from generator.write.schema import write_schemas

            write_schemas(project.docs / "schema", log)
    if store is not None:
        store.save({doc.digest for doc in full.documents.values()})
        store.prune(keep_parsed=2 * len(full.playbooks) + 16)
    return corpus, log


@contextmanager
def collector_paused():
    """Python's cycle collector off while a run builds its data: the corpus is hundreds of
    thousands of long-lived objects, which the collector would otherwise walk again and
    again (a sixth of the run at N = 1000). What a run leaves is collected after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
