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
  two scripts aside; tests/preview/test_live_preview.py compares them).
- **The page on screen first**: the pages browsers have open are rendered in a first
  build and reloaded; the save's other pages follow in a second build.
- **Nothing is left stale**: when a save changes a title or the set of pages, every
  other page's navigation is out of date; those pages are rendered again in small
  batches while the editor is not saving (`catch_up`), open pages first. The search
  index keeps every page's entries across builds (a dirty build indexes only the pages
  it renders), so the preview's search finds every page.
- **Templates are compiled once** (dirty.py): MkDocs makes a new Jinja environment per build; here
  they share a bytecode cache keyed by each template's source, so an edited template is
  still compiled again.
- **The theme's file list is read once** (the preview never changes the theme).

The pages carry the site's Content Security Policy (generator/security/csp.py), in the preview as in
the built site: no inline script but Material's known ones. MkDocs' live reload injects an
inline script into every page, which that policy refuses; here the same script is served
from `/.pb-livereload.js` (same origin) and the page only names it, with the two numbers it
needs as data attributes. The preview's own files (`_preview/`: the problems of the last
save and the script that shows them) are served straight from docs/<lang>/_preview/, so
publishing problems needs no build; `draft_docs` keeps them out of every real build.
"""

from __future__ import annotations

import json
import logging
import mimetypes
import shutil
import sys
import tempfile
import threading
import time
from collections import OrderedDict
from pathlib import Path

from mkdocs import livereload, theme
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config

from generator.load.files import NotRegular, read_regular
from generator.preview import hosts
from generator.preview.dirty import TemplateCache, patched, write_atomically

RELOAD_PATH = "/.pb-livereload.js"
PREVIEW_FILE_BYTES = 10_000_000  # problems.json and preview.js: far less
VIEWED = 8  # pages counted as open in a browser: the last ones served
BATCH = 0.25  # seconds a catch-up build may take: a save arriving meanwhile waits for it
PREVIEW_PREFIX = "/_preview/"
_CALL = "livereload(${epoch}, ${request_id});"
assert _CALL in livereload._SCRIPT_TEMPLATE_STR, "MkDocs' live-reload script has changed"
RELOAD_SCRIPT = livereload._SCRIPT_TEMPLATE_STR.replace(
    _CALL, ";(function (s) { livereload(+s.dataset.epoch, +s.dataset.request); })(document.currentScript);"
).encode("utf-8")


class _Server(livereload.LiveReloadServer):
    """MkDocs' live-reload server: CSP-safe reload script, and the preview's own files."""

    def __init__(self, docs_lang: Path, **kwargs):
        super().__init__(**kwargs)
        self.hosts = hosts.allowed_hosts(kwargs["host"], kwargs["port"])
        self.preview_dir = docs_lang / "_preview"
        # MkDocs injects its reload script only while it watches something; the preview
        # watches playbook/ itself (serve.py) and rebuilds when the content changed.
        self._watched_paths = {str(docs_lang): 1}
        self.viewed: OrderedDict[str, None] = OrderedDict()  # the pages last served, newest last
        self.freshen = lambda page: None  # set by PreviewSite: brings a page up to date before it is served
        self.freshen_search = lambda: None  # ... and the search index

    def _remember(self, path: str) -> None:
        page = path.lstrip("/")
        if page == "" or page.endswith("/"):
            page += "index.html"
        if page.endswith(".html"):
            self.viewed.pop(page, None)
            self.viewed[page] = None
            while len(self.viewed) > VIEWED:
                self.viewed.popitem(last=False)
            self.freshen(page)

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        try:
            body_end = content.rindex(b"</body>")
        except ValueError:
            body_end = len(content)
        tag = (f'<script src="{RELOAD_PATH}" data-epoch="{int(epoch)}" '
               f'data-request="{livereload._timestamp()}"></script>')
        return content[:body_end] + tag.encode() + content[body_end:]

    def serve_request(self, environ, start_response):
        refused = hosts.refusal(environ, self.hosts)  # DNS rebinding: generator/preview/hosts.py
        if refused is not None:
            status, body = refused
            start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))])
            return [body]
        return super().serve_request(environ, start_response)

    def _serve_request(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == RELOAD_PATH:
            return _respond(start_response, RELOAD_SCRIPT, "application/javascript")
        if path.startswith(PREVIEW_PREFIX) and "/" not in path[len(PREVIEW_PREFIX):]:
            target = self.preview_dir / path[len(PREVIEW_PREFIX):]
            try:  # a regular file only: a pipe or a link left there is a 404, never a wait
                body = read_regular(target, target.name, PREVIEW_FILE_BYTES)
            except (OSError, NotRegular):
                return None  # 404
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            return _respond(start_response, body, kind, no_store=True)
        if path.endswith("/search/search_index.json"):
            self.freshen_search()
        elif not path.startswith("/livereload/"):
            self._remember(path)
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
        self.server.freshen = self.freshen
        self.server.freshen_search = self.write_search
        self.docs_lang = docs_lang
        self.built = False
        self.templates = TemplateCache()
        self.theme_files: dict[tuple, list] = {}
        self.front_matter: dict[str, tuple] = {}  # source path -> (mtime_ns, meta, title)
        self.titles: dict[str, str] = {}  # page source (docs-relative) -> its title at the last build
        self.dests: dict[str, str] = {}  # page source -> its output path
        self.srcs: dict[str, str] = {}  # output path -> page source
        self.stale: set[str] = set()  # pages whose navigation is older than the last title change
        self.search: dict[str, str] = {}  # page URL -> its search index entries (JSON), across builds
        self.search_config: dict = {}
        self.search_written = True  # search_index.json holds every page (not only the last build's)
        self.search_generation = 0  # builds that wrote search_index.json
        self.search_lock = threading.Lock()  # one whole-index writer at a time
        self.per_page = 0.05  # seconds MkDocs took to render a page in the last build (a first guess)
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
    def build(self, changed=None, stale=frozenset()) -> set[str]:
        """The first build is whole. Later ones render the pages whose Markdown changed, of
        those `changed` names (output paths; None: all), and the stale pages `stale` names.
        Returns the output paths rendered."""
        config = load_config(config_file=str(self.config_file), site_dir=self.site_dir)
        whole = not self.built
        with patched(self, changed, stale) as run:
            mkdocs_build.build(config, dirty=not whole)
        self.built = True
        if run.nav_changed:
            self.stale |= set(run.titles) - run.rendered
        self.stale -= run.rendered
        self.stale &= set(run.titles)
        self.titles, self.dests = run.titles, run.dest
        if run.rendered:
            self.per_page = run.rendering / len(run.rendered)
        self.srcs = {dest: src for src, dest in run.dest.items()}
        self._keep_search(run, whole)
        return {run.dest[src] for src in run.rendered}

    def _keep_search(self, run: patched, whole: bool) -> None:
        """Keep this build's search entries for the pages it rendered (MkDocs' dirty build
        writes an index of its own pages only); the whole index is written when it is
        asked for, or when the preview is idle (`write_search`), not on a save's way to
        the browser (at 1,000 pages it is megabytes)."""
        path = Path(self.site_dir) / "search" / "search_index.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        fresh: dict[str, list] = {}
        for doc in data.get("docs", []):
            fresh.setdefault(doc["location"].split("#", 1)[0], []).append(doc)
        rendered = {run.dest[src] for src in run.rendered}
        pages = set(run.dest.values())
        self.search = {url: docs for url, docs in self.search.items() if url in pages and url not in rendered}
        # kept as JSON text: the whole index is then joined, not serialised again (json.dumps
        # holds the interpreter for as long as it runs, and every thread of the preview waits)
        self.search.update({url: ",".join(_json(doc) for doc in docs) for url, docs in fresh.items()})
        self.search_config = data.get("config", {})
        self.search_written = whole  # a whole build wrote the whole index itself
        self.search_generation += 1

    def write_search(self) -> None:
        """search/search_index.json with every page's entries, if a build has left it partial.
        Written outside the build lock (at 1,000 pages it takes a second): a save's build
        never waits for it. A build meanwhile leaves the index marked partial again."""
        with self.search_lock:
            with self.lock:
                if self.search_written:
                    return
                generation = self.search_generation
                parts = [entries for entries in self.search.values() if entries]
                config = self.search_config
            text = ('{"config":' + _json(config) + ',"docs":[' + ",".join(parts) + "]}").encode("utf-8")
            with self.lock:
                if generation != self.search_generation:
                    return  # a build wrote its own partial index meanwhile: the next call writes it whole
                write_atomically(text, str(Path(self.site_dir) / "search" / "search_index.json"))
                self.search_written = True

    def rebuild(self, on_visible=None) -> bool:
        """After a save: the open pages first, reloaded at once (then `on_visible()`), then the
        save's other pages. False (pages left as they were) when MkDocs fails."""
        with self.lock:
            viewed = frozenset(self.server.viewed)
            ok = self._locked_build(viewed or None, viewed, hold_requests=True)
            if on_visible is not None:
                on_visible()
            if ok and viewed:
                # The save's other pages, and open pages its new title has made stale (the
                # first build may have passed them before it read the title).
                ok = self._locked_build(None, viewed, hold_requests=False)
            return ok

    def has_work(self) -> bool:
        """Whether `catch_up` has work: a partial search index, or stale pages."""
        return bool(self.stale) or not self.search_written

    def catch_up(self) -> bool:
        """Render a batch of stale pages (open ones first), then write the whole search index;
        False when nothing is left. A batch is sized to take about BATCH seconds, so a save
        never waits long behind it."""
        with self.lock:
            if self.stale:
                viewed = set(self.server.viewed)
                outputs = sorted(self._stale_outputs(), key=lambda dest: dest not in viewed)
                size = max(1, int(BATCH / max(self.per_page, 0.005)))
                self._locked_build(frozenset(), frozenset(outputs[:size]), hold_requests=False)
                return True
        self.write_search()
        return False

    def freshen(self, dest: str) -> None:
        """Called before a page is served: a page whose Markdown changed or whose navigation
        is stale is rendered first, so the preview never shows an out-of-date page."""
        if self.built and self._out_of_date(dest):
            with self.lock:
                if self._out_of_date(dest):
                    self._locked_build(frozenset({dest}), frozenset({dest}), hold_requests=False, reload=False)

    def _out_of_date(self, dest: str) -> bool:
        src = self.srcs.get(dest)
        if src is None:
            return False
        if src in self.stale:
            return True
        try:
            return (self.docs_lang / src).stat().st_mtime > (Path(self.site_dir) / dest).stat().st_mtime
        except OSError:
            return True

    def _stale_outputs(self) -> set[str]:
        return {self.dests[src] for src in self.stale}

    def _locked_build(self, changed, stale, hold_requests: bool, reload: bool = True) -> bool:
        """One build; the open pages reload when it rendered one of them. With
        `hold_requests`, pages asked for meanwhile wait for the build (the first build of a
        save: the page the editor is waiting for)."""
        server = self.server
        epoch = livereload._timestamp()
        if hold_requests:
            with server._epoch_cond:
                server._wanted_epoch = epoch
        ok, rendered = True, set()
        try:
            rendered = self.build(changed, stale)
        except BaseException as exc:  # noqa: BLE001 - MkDocs' own errors, plugins' and hooks' too
            if isinstance(exc, KeyboardInterrupt):
                raise
            print(f"playbook: MkDocs could not build the preview: {exc}", file=sys.stderr, flush=True)
            ok = False
        with server._epoch_cond:
            if hold_requests or (reload and rendered & set(server.viewed)):
                server._wanted_epoch = server._visible_epoch = max(epoch, server._visible_epoch + 1)
                server._epoch_cond.notify_all()  # the open pages reload (long poll answered)
        return ok

    # --- serving
    def start(self) -> None:
        self.server.server_bind()
        self.server.server_activate()
        self.server.serve_thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        shutil.rmtree(self.site_dir, ignore_errors=True)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
