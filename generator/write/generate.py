"""Load, validate, render and write in one call: everything MkDocs needs in docs/
(`playbook generate`; `playbook build` and the live preview start here).
"""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from generator import languages as site_languages
from generator.cache import DiskCache
from generator.errors import ContentError, Problem
from generator.load.files import NotRegular, project_input_problems, read_regular
from generator.project import THEME, Project
from generator.render.pages import SHARED_PAGES
from generator.validate.corpus import Corpus, LoadCache, load_corpus
from generator.validate.hidden import text_problems
from generator.write.configs import write_configs
from generator.write.pages import GENERATED_DIRS, RenderCache, SiteWriter, WriteLog


@dataclass
class Caches:
    """Kept between runs by long-running processes (live preview, benchmark)."""

    load: LoadCache = field(default_factory=LoadCache)
    render: RenderCache = field(default_factory=RenderCache)


def generate(project: Project, corpus: Corpus | None = None, caches: Caches | None = None,
             use_disk_cache: bool = True, drafts: bool = False,
             languages: tuple[str, ...] | None = None, schemas: bool = True,
             on_language: Callable[[str], None] | None = None) -> tuple[Corpus, WriteLog]:
    """Validate and write docs/: everything MkDocs needs. Raises ContentError on bad content.
    What this run learns is kept in `caches` (memory) and, unless told not to, on disk.
    Draft playbooks get pages only with `drafts` (the live preview); the published site
    leaves them out everywhere (their pages, listings, navigation, search, status).
    `schemas=False` skips the JSON Schemas, which depend on the code only (the live preview
    writes them on its first run). `on_language(lang)` is called as soon as a language's
    pages and its MkDocs config are written (the build starts that language's MkDocs run
    while the others are still being written)."""
    # Before anything is read or written: docs/ is what MkDocs copies into the site, so a
    # link or a named pipe there would publish, or hang on, whatever it leads to.
    site_languages.configure_project(project.content)  # which docs/<lang>/ folders are published
    unsafe = project_input_problems(project.root, THEME) or handwritten_problems(project.docs)
    if unsafe:
        raise ContentError(unsafe)
    store = DiskCache(project.root) if use_disk_cache else None
    with collector_paused():
        full = corpus or load_corpus(project.content, cache=caches.load if caches else None, store=store)
        corpus = full if drafts else full.without_drafts()
        log = WriteLog()
        every = site_languages.current().codes  # as settings.yaml says, read by load_corpus
        languages = tuple(languages or every)

        def ready(lang: str) -> None:
            write_configs(project, corpus, log, (lang,))
            if on_language is not None:
                on_language(lang)

        SiteWriter(corpus, project.docs, caches.render if caches else None, store).write(
            languages, log=log, on_language=ready)
        write_configs(project, corpus, log, tuple(lang for lang in every if lang not in languages))
        if schemas:
            from generator.write.schema import write_schemas

            write_schemas(project.docs / "schema", log)
    if store is not None:
        store.save({doc.digest for doc in full.documents.values()})
        store.prune(keep_parsed=2 * len(full.playbooks) + 16)
    return corpus, log


PAGE_SUFFIXES = (".md", ".html", ".txt")


def handwritten_problems(docs: Path) -> list[Problem]:
    """Hidden characters in the pages of docs/ that people write (the guide, any extra page):
    staff read them as they read the playbooks (validate/hidden.py). The generator's own
    pages come from validated YAML and are not read again."""
    problems: list[Problem] = []
    for lang in site_languages.current().codes:
        for folder, dirs, files in os.walk(docs / lang):
            here = Path(folder)
            at_root = here == docs / lang
            dirs[:] = [d for d in dirs if not (at_root and d in (*GENERATED_DIRS, "_preview"))]
            for name in files:
                if not name.endswith(PAGE_SUFFIXES) or (at_root and name in SHARED_PAGES):
                    continue
                path = here / name
                shown = str(path.relative_to(docs.parent))
                try:
                    raw = read_regular(path, shown, PAGE_BYTES)
                except (NotRegular, OSError):
                    continue  # refused or reported by project_input_problems
                problems += text_problems(raw.decode("utf-8", "replace"), shown)
    return problems


PAGE_BYTES = 5_000_000


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
