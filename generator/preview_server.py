"""The live preview's web server and MkDocs builds, inside `playbook serve`'s own process.

A save has to reach the browser in well under a second, so nothing here waits for a file
watcher or starts a process: `serve.py` regenerates docs/<lang>/ and then calls
`PreviewSite.rebuild()`, which runs MkDocs' build on the previewed language at once and
tells the open pages to reload (MkDocs' own live-reload server, whose browsers wait on a
long poll). What a rebuild does not repeat (see BENCHMARK.md, "Live preview"):

- **Only what changed is rendered** (MkDocs' dirty build): pages whose Markdown the
  generator rewrote. The other pages' titles, which the changed page's navigation and
  previous/next links need, come from their front matter as last read (kept by file time),
  so the changed page is the page `make site` would build, byte for byte (the preview's
  two scripts aside; tests/test_live_preview.py compares them). Unchanged pages keep their
  previous navigation until they change, and the preview's search covers changed pages.
- **Templates are compiled once**: MkDocs makes a new Jinja environment per build; here
  they share a bytecode cache keyed by each template's source, so an edited template is
  still compiled again.
- **The theme's file list is read once** (the preview never changes the theme).

The pages carry the site's Content Security Policy (generator/csp.py), in the preview as in
the built site: no inline script but Material's known ones. MkDocs' live reload injects an
inline script into every page, which that policy refuses; here the same script is served
from `/.pb-livereload.js` (same origin) and the page only names it, with the two numbers it
needs as data attributes. The preview's own files (`_preview/`: the problems of the last
save and the script that shows them) are served straight from docs/<lang>/_preview/, so
publishing problems needs no build; `draft_docs` keeps them out of every real build.
"""

from __future__ import annotations

import logging
import mimetypes
import shutil
import sys
import tempfile
import threading
from pathlib import Path

import jinja2
from mkdocs import livereload, theme
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.structure import files as mkdocs_files

RELOAD_PATH = "/.pb-livereload.js"
PREVIEW_PREFIX = "/_preview/"
_CALL = "livereload(${epoch}, ${request_id});"
assert _CALL in livereload._SCRIPT_TEMPLATE_STR, "MkDocs' live-reload script has changed"
RELOAD_SCRIPT = livereload._SCRIPT_TEMPLATE_STR.replace(
    _CALL, ";(function (s) { livereload(+s.dataset.epoch, +s.dataset.request); })(document.currentScript);"
).encode("utf-8")
# The private MkDocs functions this module wraps: fail loudly if an upgrade renames them.
assert hasattr(mkdocs_build, "_populate_page") and hasattr(mkdocs_files.Files, "add_files_from_theme")


class _TemplateCache(jinja2.BytecodeCache):
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


class _Server(livereload.LiveReloadServer):
    """MkDocs' live-reload server: CSP-safe reload script, and the preview's own files."""

    def __init__(self, docs_lang: Path, **kwargs):
        super().__init__(**kwargs)
        self.preview_dir = docs_lang / "_preview"
        # MkDocs injects its reload script only while it watches something; the preview
        # watches playbook/ itself (serve.py) and rebuilds when the content changed.
        self._watched_paths = {str(docs_lang): 1}

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        try:
            body_end = content.rindex(b"</body>")
        except ValueError:
            body_end = len(content)
        tag = (f'<script src="{RELOAD_PATH}" data-epoch="{int(epoch)}" '
               f'data-request="{livereload._timestamp()}"></script>')
        return content[:body_end] + tag.encode() + content[body_end:]

    def _serve_request(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == RELOAD_PATH:
            return _respond(start_response, RELOAD_SCRIPT, "application/javascript")
        if path.startswith(PREVIEW_PREFIX) and "/" not in path[len(PREVIEW_PREFIX):]:
            target = self.preview_dir / path[len(PREVIEW_PREFIX):]
            try:
                body = target.read_bytes()
            except OSError:
                return None  # 404
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            return _respond(start_response, body, kind, no_store=True)
        return super()._serve_request(environ, start_response)


def _respond(start_response, body: bytes, kind: str, no_store: bool = False):
    headers = [("Content-Type", kind), ("Content-Length", str(len(body)))]
    if no_store:
        headers.append(("Cache-Control", "no-store"))
    start_response("200 OK", headers)
    return [body]


class _QuietDirty(logging.Filter):
    """MkDocs warns on every dirty build that navigation may be inaccurate; the preview
    says once, at start, what a dirty build leaves behind."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


class PreviewSite:
    """One language's site, built by MkDocs into a temporary folder and served with live reload."""

    def __init__(self, config_file: Path, docs_lang: Path, host: str, port: int):
        self.config_file = config_file
        self.site_dir = tempfile.mkdtemp(prefix="pb-preview-")
        self.server = _Server(docs_lang, builder=self.build, host=host, port=port, root=self.site_dir)
        self.server.error_handler = self._error_page
        self.built = False
        self.templates = _TemplateCache()
        self.theme_files: dict[tuple, list] = {}
        self.front_matter: dict[str, tuple] = {}  # source path -> (mtime_ns, meta, title)
        self.lock = threading.Lock()
        handler = logging.StreamHandler(sys.stderr)
        handler.addFilter(_QuietDirty())
        handler.setFormatter(logging.Formatter("MkDocs: %(message)s"))
        handler.setLevel(logging.WARNING)
        logging.getLogger("mkdocs").addHandler(handler)
        logging.getLogger("mkdocs").propagate = False

    def _error_page(self, code: int) -> bytes | None:
        page = Path(self.site_dir) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    # --- building
    def build(self) -> None:
        """The first build is whole; later ones render only pages whose Markdown changed."""
        config = load_config(config_file=str(self.config_file), site_dir=self.site_dir)
        with _patched(self):
            mkdocs_build.build(config, dirty=self.built)
        self.built = True

    def rebuild(self) -> bool:
        """Build now and reload the open pages; False (pages left as they were) when MkDocs fails."""
        server = self.server
        with self.lock:
            with server._epoch_cond:
                server._wanted_epoch = livereload._timestamp()  # requests wait until this build is done
            ok = True
            try:
                self.build()
            except BaseException as exc:  # noqa: BLE001 - MkDocs' own errors, plugins' and hooks' too
                if isinstance(exc, KeyboardInterrupt):
                    raise
                print(f"playbook: MkDocs could not build the preview: {exc}", file=sys.stderr, flush=True)
                ok = False
            with server._epoch_cond:
                server._visible_epoch = server._wanted_epoch  # the open pages reload (long poll answered)
                server._epoch_cond.notify_all()
            return ok

    # --- serving
    def start(self) -> None:
        self.server.server_bind()
        self.server.server_activate()
        self.server.serve_thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        shutil.rmtree(self.site_dir, ignore_errors=True)


class _patched:
    """MkDocs' build with the preview's caches, for the length of one build (the preview
    runs one build at a time)."""

    def __init__(self, site: PreviewSite):
        self.site = site

    def __enter__(self):
        site = self.site
        self.saved = (theme.Theme.get_env, mkdocs_files.Files.add_files_from_theme, mkdocs_build._populate_page)
        get_env, add_theme_files, populate = self.saved

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

        def populate_page(page, config, files, dirty=False):
            path = page.file.abs_src_path
            mtime = Path(path).stat().st_mtime_ns
            if dirty and not page.file.is_modified():
                kept = site.front_matter.get(path)
                if kept and kept[0] == mtime:
                    # unchanged since this process last read it: its title is as it was
                    page.meta, page.title = dict(kept[1]), kept[2]
                    return None
                page.read_source(config)  # front matter and title, no rendering
            else:
                populate(page, config, files, dirty)
            site.front_matter[path] = (mtime, dict(page.meta), page.title)
            return None

        theme.Theme.get_env = cached_env
        mkdocs_files.Files.add_files_from_theme = cached_theme_files
        mkdocs_build._populate_page = populate_page
        return self

    def __exit__(self, *exc):
        theme.Theme.get_env, mkdocs_files.Files.add_files_from_theme, mkdocs_build._populate_page = self.saved
        return False
