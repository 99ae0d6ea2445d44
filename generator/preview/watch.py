"""Live preview: regenerate docs/ when a YAML file under playbook/ really changes, rebuild
the previewed language with MkDocs in this process and reload the browser
(generator/preview/server.py: what a rebuild skips, and why the result is still the page
`make site` builds).

What the editor sees is the truth: drafts are shown (with a banner); when a save has a
mistake, the page being previewed shows the problems over it, in its own language, and
they go when the file is fixed. The problems travel as _preview/problems.json, which a
preview-only script (generator/preview/preview.js, no inline code) polls from the
preview's own origin; `draft_docs` in mkdocs.yml keeps _preview/ out of every real build.
"""

from __future__ import annotations

import errno
import gc
import hashlib
import json
import shutil
import signal
import socket
import sys
import threading
import time
from pathlib import Path

import yaml
from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from generator import languages
from generator.messages import SOURCE
from generator.errors import ContentError, Problem, UsageError, human_path
from generator.load.files import NotRegular, read_regular
from generator.load.yamlfile import MAX_FILE_BYTES
from generator.messages import Number, join, msg, msg_n, translate, translated
from generator.parallel import stay_in_process
from generator.preview.server import PreviewSite
from generator.project import Project
from generator.render.uitext import ui_for
from generator.write.generate import Caches, generate
from generator.write.pages import WriteLog, write_if_changed

PREVIEW_DIR = "_preview"  # under docs/<lang>/; listed in mkdocs.yml's draft_docs
SCRIPT = Path(__file__).parent / "preview.js"
SUFFIXES = (".yaml", ".yml")
SETTLE = 0.05  # seconds without another event before regenerating: an editor's save is several events
IDLE = 5.0  # seconds without a save before pages made stale by a new title are rendered in the background


def say(text, lang: str) -> None:
    """A line of the preview's log, for the editor, in the previewed language."""
    print("playbook: " + translate(text, lang), file=sys.stderr, flush=True)


def problems_json(problems: list[Problem], lang: str) -> str:
    ui = ui_for(lang)
    return json.dumps({
        "ui": {"title": ui["preview_problems"], "file": ui["preview_file"], "line": ui["preview_line"],
               "fix": ui["preview_fix"]},
        # In the page's language as far as the catalogs have it (generator/messages.py); a text
        # still in English says so, for the browser to set it apart.
        "problems": [{"file": p.file, "line": p.line, "column": p.column, "where": human_path(p.path, lang),
                      "message": translate(p.message, lang), "fix": translate(p.hint, lang),
                      "message_lang": lang if translated(p.message, lang) else SOURCE,
                      "fix_lang": lang if translated(p.hint, lang) else SOURCE} for p in problems],
        "lang": lang, "dir": languages.direction(lang),
    }, ensure_ascii=False, indent=1)


def _digest(path: Path) -> str | None:
    """The sha256 of a file's bytes, read as the generator reads it: a named pipe or a link
    saved under playbook/ is never opened for reading (it would stop the preview), only
    reported by the regeneration it starts."""
    try:
        return hashlib.sha256(read_regular(path, str(path), MAX_FILE_BYTES)).hexdigest()
    except NotRegular:
        return f"not a regular file {time.monotonic()}"  # always a change: the regeneration names it
    except OSError:
        return None  # deleted (or unreadable: the next regeneration reports it)


class Preview:
    """Regenerates after real changes, one run at a time, and publishes the problems."""

    def __init__(self, project: Project, lang: str):
        self.project, self.lang = project, lang
        self.caches = Caches()  # a save re-reads and re-renders only what changed
        self.digests = {p: _digest(p) for p in self._files()}
        self.pending: set[Path] = set()
        self.last_event = 0.0
        self.cond = threading.Condition()
        self.stopping = False
        self.runs = 0  # regenerations so far
        self.playbooks = 0
        self.site: PreviewSite | None = None  # set once the server runs: rebuilt after each good save

    def _files(self) -> list[Path]:
        return [p for p in self.project.content.rglob("*") if p.suffix in SUFFIXES and p.is_file()]

    # --- called by the file watcher's thread
    def notify(self, *paths: str) -> None:
        wanted = {Path(p) for p in paths if p and str(p).endswith(SUFFIXES)}
        if not wanted:
            return
        with self.cond:
            self.pending |= wanted
            self.last_event = time.monotonic()
            self.cond.notify()

    # --- the one worker thread: regenerations never overlap
    def work(self) -> None:
        while True:
            with self.cond:
                while not self.pending and not self.stopping and not self._catch_up_due():
                    self.cond.wait(self._until_catch_up())
                if self.stopping:
                    return
                if self.pending:
                    while time.monotonic() - self.last_event < SETTLE:
                        self.cond.wait(SETTLE)
                paths, self.pending = self.pending, set()
            if not paths:
                # No save waiting: one short batch of pages whose navigation a new title made
                # stale; a save arriving meanwhile is taken next.
                self.site.catch_up()
                continue
            changed = self._really_changed(paths)
            if changed:
                for path in changed:  # a same-size edit with its mtime restored must be re-read too
                    self.caches.load.files.pop(path, None)
                self.regenerate()

    def _catch_up_due(self) -> bool:
        return self._until_catch_up() == 0

    def _until_catch_up(self) -> float | None:
        """Seconds until the preview may catch up (None: nothing to do). It waits for a
        pause in the editing: a save is taken at once, not after a batch of other pages."""
        if self.site is None or not self.site.has_work():
            return None
        return max(0.0, self.last_event + IDLE - time.monotonic())

    def _really_changed(self, paths: set[Path]) -> list[Path]:
        """Paths whose bytes differ from the last run's (a read, a touch or a save of the same
        bytes is no change)."""
        changed = []
        for path in paths:
            now = _digest(path)
            if self.digests.get(path) != now:
                changed.append(path)
                self.digests[path] = now
        return changed

    def regenerate(self) -> bool:
        self.runs += 1
        start = time.perf_counter()
        try:
            # Only the language on screen: the others are written by the next build.
            # The JSON Schemas depend on the code alone: written on the first run only. After it,
            # the caches in memory know everything the on-disk cache would tell (saving that
            # cache costs a third of a second a save at 1,000 playbooks); `make site` keeps it.
            first = self.runs == 1
            corpus, log = generate(self.project, caches=self.caches, drafts=True, languages=(self.lang,),
                                   schemas=first, use_disk_cache=first)
            self.playbooks = len(corpus.playbooks)
        except ContentError as err:
            # The pages stay as they were; the problems go over them in the browser.
            self.publish(err.problems)
            print(err.report(self.lang), file=sys.stderr, flush=True)  # the editor reads it in the previewed language
            return False
        generated = visible = time.perf_counter()

        def shown():  # the open pages are rebuilt and reloading: the problems can go
            nonlocal visible
            self.publish([])
            visible = time.perf_counter()

        if self.site is not None and log.written:
            self.site.rebuild(on_visible=shown)
        else:
            shown()
        rest = time.perf_counter() - visible
        said = [msg_n("regenerated ({n} page changed) in {seconds} s, MkDocs {mkdocs} s",
                      "regenerated ({n} pages changed) in {seconds} s, MkDocs {mkdocs} s",
                      len(log.written), seconds=Number(generated - start, 2), mkdocs=Number(visible - generated, 2))]
        if rest >= 0.01:  # the save's other pages, rendered after the open ones were shown
            said.append(msg("(the other pages {seconds} s)", seconds=Number(rest, 2)))
        say(join(" ", said), self.lang)
        return True

    def publish(self, problems: list[Problem]) -> None:
        write_if_changed(self.project.docs / self.lang / PREVIEW_DIR / "problems.json",
                         problems_json(problems, self.lang), WriteLog())

    def stop(self) -> None:
        with self.cond:
            self.stopping = True
            self.cond.notify()


class _Events(FileSystemEventHandler):
    """Only real changes: created, modified, deleted, moved (not watchdog's opened/closed)."""

    def __init__(self, preview: Preview):
        self.preview = preview

    def on_created(self, event):
        if not event.is_directory:
            self.preview.notify(event.src_path)

    on_modified = on_deleted = on_created

    def on_moved(self, event):
        if not event.is_directory:
            self.preview.notify(event.src_path, event.dest_path)


def watch(project: Project, preview: Preview):
    """The file watcher: the system's notifications, or polling where none are left (a
    machine running many watchers runs out of inotify instances)."""
    observer = Observer()
    observer.schedule(_Events(preview), str(project.content), recursive=True)
    try:
        observer.start()
    except OSError as exc:
        from watchdog.observers.polling import PollingObserver

        say(msg("watching by polling ({reason})", reason=exc.strerror or exc), preview.lang)
        observer = PollingObserver(timeout=0.2)
        observer.schedule(_Events(preview), str(project.content), recursive=True)
        observer.start()
    return observer


def check_port(addr: str) -> None:
    """Refuse, in one line, an address whose port another program is serving."""
    host, _, port = addr.rpartition(":")
    if not port.isdigit() or not host:
        raise UsageError(f"--addr {addr}: write it as HOST:PORT, e.g. 127.0.0.1:8000")
    with socket.socket(socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), int(port)))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UsageError(f"port {port} is already in use (is another preview running?): stop it, or "
                                 f"choose another port: make serve PORT={int(port) + 100}") from None
            raise UsageError(f"cannot serve on {addr}: {exc.strerror}") from None


def preview_config(project: Project, lang: str) -> Path:
    """docs/mkdocs.<lang>.preview.yml: the language's config plus the preview script."""
    root = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    scripts = [*root.get("extra_javascript", []), f"{PREVIEW_DIR}/preview.js"]
    path = project.docs / f"mkdocs.{lang}.preview.yml"
    text = (f"# Written by `playbook serve` for the live preview only: do not edit.\n"
            f"INHERIT: mkdocs.{lang}.yml\nextra_javascript:\n" + "".join(f"  - {json.dumps(s)}\n" for s in scripts))
    write_if_changed(path, text, WriteLog())
    folder = project.docs / lang / PREVIEW_DIR
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SCRIPT, folder / "preview.js")
    return path


def serve(project: Project, lang: str, addr: str) -> int:
    check_port(addr)
    preview = Preview(project, lang)
    if not preview.regenerate() and not project.config(lang).exists():
        return 1  # nothing was ever generated: there is no page to show the problems on
    stay_in_process()  # the watcher's thread starts now; regenerations are small anyway
    config = preview_config(project, lang)
    host, _, port = addr.rpartition(":")
    # The command line lets a closed pipe end the program quietly (`playbook … | head`); a web
    # server must outlive a browser tab closed in the middle of an answer.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    observer = watch(project, preview)
    site = PreviewSite(config, project.docs / lang, host.strip("[]"), int(port))
    say(msg("building the preview …"), lang)
    site.build()
    # What the first run built lives as long as the preview (the corpus, templates, MkDocs'
    # modules): kept out of the cycle collector's full passes, which at 1,000 playbooks walked
    # it all for most of a second in the middle of a save.
    gc.collect()
    gc.freeze()
    preview.site = site
    site.start()
    say(msg("previewing {lang} on {url} (Ctrl-C stops)", lang=lang, url=f"http://{addr}/"), lang)
    worker = threading.Thread(target=preview.work, name="regenerate", daemon=True)
    worker.start()

    stopping = threading.Event()
    # SIGTERM or Ctrl-C (SIGINT) ends the preview, its server with it; SIGINT is handled here
    # even when the preview was started with it ignored (a script's background job), as
    # "Ctrl-C stops" and `kill -INT` promise.
    previous = {sig: signal.signal(sig, lambda signum, frame: stopping.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        while not stopping.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        observer.stop()
        preview.stop()
        observer.join(timeout=2)
        worker.join(timeout=10)
        site.stop()
    return 0
