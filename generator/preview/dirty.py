"""MkDocs' build as the live preview runs it: only the pages that changed or are open,
templates compiled once, the theme's file list read once, pages written atomically.

The preview (server.py) wraps each build in `patched(...)`: for the length of one build it
swaps a few MkDocs functions (asserted to exist at import) for ones that use the preview's
caches, then puts the originals back.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import jinja2
from mkdocs import theme
from mkdocs import utils as mkdocs_utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.structure import files as mkdocs_files

# The private MkDocs functions this module wraps: fail loudly if an upgrade renames them.
assert all(hasattr(mkdocs_build, f) for f in ("_populate_page", "_build_page")) and hasattr(mkdocs_files.Files, "add_files_from_theme")


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates in memory, shared by every build's Jinja environment. Jinja checks
    each entry against the template's source (its checksum), so a changed template is
    compiled again."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


def write_atomically(content: bytes, output_path: str) -> None:
    """MkDocs' write_file, but a page served meanwhile is never half written (a background
    build runs while the browser may ask for pages)."""
    os.makedirs(os.path.dirname(output_path) or ".", exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(output_path) or ".", prefix=".pb-")
    with os.fdopen(fd, "wb") as f:
        f.write(content)
    os.replace(tmp, output_path)


class patched:
    """MkDocs' build with the preview's caches and choice of pages, for the length of one
    build (the preview runs one build at a time)."""

    def __init__(self, site, changed, stale):  # site: the server.PreviewSite running the build
        self.site, self.changed, self.stale = site, changed, stale
        self.rendered: set[str] = set()  # page sources (docs-relative) rendered by this build
        self.titles: dict[str, str] = {}
        self.dest: dict[str, str] = {}
        self.nav_changed = False
        self.wanted: dict[str, bool] = {}
        self.rendering = 0.0  # seconds spent rendering pages (the rest of a build is the same for one page or many)

    def __enter__(self):
        site, run = self.site, self
        self.saved = (theme.Theme.get_env, mkdocs_files.Files.add_files_from_theme, mkdocs_build._populate_page,
                      mkdocs_files.File.is_modified, mkdocs_utils.write_file, mkdocs_build._build_page)
        get_env, add_theme_files, populate, is_modified, _write, build_page = self.saved

        def cached_env(theme_self):
            env = get_env(theme_self)
            env.bytecode_cache = site.templates
            return env

        def cached_theme_files(files_self, env, config):
            key = (tuple(config.theme.dirs), config.site_dir, config.use_directory_urls)
            found = site.theme_files.get(key)
            if found is None:
                before = {f.src_uri for f in files_self}
                add_theme_files(files_self, env, config)
                site.theme_files[key] = [(f.src_uri, f.src_dir) for f in files_self if f.src_uri not in before]
                return None
            for src_uri, src_dir in found:
                if files_self.get_file_from_path(src_uri) is None:
                    files_self.append(mkdocs_files.File(src_uri, src_dir, config.site_dir, config.use_directory_urls))
            return None

        def chosen(file) -> bool:
            # A page is rendered when it changed or is stale, and this build admits it.
            if not file.is_documentation_page():
                return is_modified(file)
            found = run.wanted.get(file.src_uri)
            if found is None:
                dest = file.dest_uri
                found = ((file.src_uri in site.stale and dest in run.stale)
                         or ((run.changed is None or dest in run.changed) and is_modified(file)))
                run.wanted[file.src_uri] = found
            return found

        def populate_page(page, config, files, dirty=False):
            path = page.file.abs_src_path
            mtime = Path(path).stat().st_mtime_ns
            if dirty and not page.file.is_modified():
                kept = site.front_matter.get(path)
                if kept and kept[0] == mtime:
                    # unchanged since this process last read it: its title is as it was
                    page.meta, page.title = dict(kept[1]), kept[2]
                else:
                    page.read_source(config)  # front matter and title, no rendering
            else:
                start = time.perf_counter()
                populate(page, config, files, dirty)
                run.rendering += time.perf_counter() - start
                run.rendered.add(page.file.src_uri)
            site.front_matter[path] = (mtime, dict(page.meta), page.title)
            src = page.file.src_uri
            run.titles[src], run.dest[src] = page.title, page.file.dest_uri
            if src not in site.titles or site.titles[src] != page.title:
                run.nav_changed = run.nav_changed or site.built  # a title every page's navigation shows
            return None

        def timed_build_page(page, *args, **kwargs):
            start = time.perf_counter()
            try:
                return build_page(page, *args, **kwargs)
            finally:
                if page.file.src_uri in run.rendered:
                    run.rendering += time.perf_counter() - start

        theme.Theme.get_env = cached_env
        mkdocs_build._build_page = timed_build_page
        mkdocs_files.Files.add_files_from_theme = cached_theme_files
        mkdocs_build._populate_page = populate_page
        mkdocs_files.File.is_modified = chosen
        mkdocs_utils.write_file = write_atomically
        return self

    def __exit__(self, *exc):
        (theme.Theme.get_env, mkdocs_files.Files.add_files_from_theme, mkdocs_build._populate_page,
         mkdocs_files.File.is_modified, mkdocs_utils.write_file, mkdocs_build._build_page) = self.saved
        if set(self.site.titles) - set(self.titles):
            self.nav_changed = True  # a page went away
        return False
