"""The MkDocs builds of one site, started the moment each language's pages are written.

A language's MkDocs build spends about 40% of its time importing MkDocs, Material,
Python-Markdown and our hooks. So one helper process (this module run as a script,
`python -m generator.site.mkdocs_pool`) is started first thing, with the builds'
environment (PYTHONHASHSEED=0, SOURCE_DATE_EPOCH, see site.mkdocs_env); it imports all
that while the generator writes docs/, then forks one child per language build. Each
child runs MkDocs' own command line (`mkdocs build -f docs/mkdocs.<lang>.yml -d … --strict`)
exactly as a separate `python -m mkdocs` would, so the site is byte-identical to one built
by separate processes; only the imports are shared. The helper reads one request per line
on stdin and answers one line per finished build on stdout (JSON); it ends when its
stdin closes or the process that started it dies, and takes its children with it.

Where fork is not available (not Linux or macOS), site.build_languages runs one
`python -m mkdocs` per language instead.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from concurrent.futures import Future
from pathlib import Path

# What every language build imports, loaded once in the helper before any request comes.
PRELOAD = (
    "mkdocs.__main__", "mkdocs.commands.build", "mkdocs.config.defaults", "mkdocs.structure.pages",
    "mkdocs.plugins", "mkdocs.contrib.search", "material", "material.plugins.search.plugin",
    "markdown", "markdown.extensions.toc", "markdown.extensions.attr_list", "markdown.extensions.md_in_html",
    "markdown.extensions.tables", "markdown.extensions.codehilite", "pymdownx", "pygments",
    "generator.site.language_hook", "generator.render.uitext", "generator.search.index",
    "generator.site.finish", "generator.site.templates",
)
# Worked out once in the helper, before it forks: the CSP's hashes of Material's scripts (for
# each language's check) and the theme's compiled templates (site/templates.py).
WARM = ("generator.security.csp:site_policy", "generator.site.templates:warm")


def available() -> bool:
    return hasattr(os, "fork") and sys.platform != "win32"


class MkDocsPool:
    """One helper process. `submit(lang, args, after)` returns a Future of (returncode,
    output, result): MkDocs' exit code and what it printed, and, when it succeeded and
    `after` = ("module:function", [arguments]) was given, what that function returned
    (JSON), run in the same child right after MkDocs (each language's finishing work)."""

    def __init__(self, cwd: Path, env: dict[str, str], jobs: int):
        import tempfile

        self._stderr = tempfile.TemporaryFile()  # what the helper itself says, if it fails
        self._proc = subprocess.Popen([sys.executable, "-m", "generator.site.mkdocs_pool", str(jobs)],
                                      cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=self._stderr, text=True, encoding="utf-8", bufsize=1)
        self._futures: dict[str, Future] = {}
        self._lock = threading.Lock()
        # Started with the first build, not here: the generator forks worker processes
        # before that, and forking is safe only while this process has one thread.
        self._reader = threading.Thread(target=self._read, daemon=True)

    def submit(self, lang: str, args: list[str], after: tuple[str, list] | None = None) -> Future:
        future: Future = Future()
        with self._lock:
            self._futures[lang] = future
        if not self._reader.is_alive():
            self._reader.start()
        try:
            self._proc.stdin.write(json.dumps({"id": lang, "args": args, "after": after}) + "\n")
            self._proc.stdin.flush()
        except OSError:
            pass  # the helper is gone: _read answers every build it was given
        return future

    def _read(self) -> None:
        for line in self._proc.stdout:
            reply = json.loads(line)
            with self._lock:
                future = self._futures.pop(reply["id"])
            future.set_result((reply["returncode"], reply["output"], reply.get("result")))
        self._proc.wait()
        with self._lock:  # the helper ended with builds unanswered (killed, out of memory)
            waiting, self._futures = list(self._futures.values()), {}
        if waiting:
            self._stderr.seek(0)
            said = self._stderr.read().decode("utf-8", "replace").strip()
            reason = f"the MkDocs helper process stopped (exit code {self._proc.returncode})" + (
                f":\n{said}" if said else "")
            for future in waiting:
                if not future.done():
                    future.set_result((self._proc.returncode or 1, reason, None))

    def close(self) -> None:
        """No more builds: the helper ends once those it was given have finished (or at once,
        killing them, when the caller is leaving on an error)."""
        try:
            self._proc.stdin.close()
        except OSError:
            pass

    def kill(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        if self._reader.is_alive():
            self._reader.join(timeout=10)

    def __enter__(self) -> "MkDocsPool":
        return self

    def __exit__(self, exc_type, *rest) -> None:
        if exc_type is None:
            self.close()
            self._proc.wait()
            if self._reader.is_alive():
                self._reader.join(timeout=10)
        else:
            self.kill()


# --- the helper process -----------------------------------------------------------------------

def _die_with_parent() -> None:
    """Linux: end this process when the one that started it ends (a killed `playbook build`)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def call(after: tuple[str, list]):
    """Run ("module:function", [arguments])."""
    import importlib

    module, name = after[0].split(":")
    return getattr(importlib.import_module(module), name)(*after[1])


def _build_in_child(args: list[str], output: int, after, result) -> None:
    """In the forked child: MkDocs' command line, its output into `output`, then `after`
    (its JSON into the file `result`) if MkDocs succeeded; never returns."""
    code = 1
    try:
        os.dup2(output, 1)
        os.dup2(output, 2)
        from mkdocs.__main__ import cli

        sys.argv = ["mkdocs", *args]
        try:
            cli.main(args=args, prog_name="mkdocs", standalone_mode=True)
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        if code == 0 and after:
            code = 1
            result.write(json.dumps(call(after)).encode("utf-8"))
            result.flush()
            code = 0
    except BaseException:  # noqa: BLE001 - reported as MkDocs' failure, with its traceback
        import traceback

        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _serve(jobs: int) -> None:
    import importlib
    import select
    import tempfile

    _die_with_parent()
    parent = os.getppid()
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:  # a module of another MkDocs/Material version: the child imports what it needs
            pass
    for name in WARM:
        call((name, []))
    if os.getppid() != parent:
        return
    pending: list[dict] = []
    running: dict[int, tuple[str, object, object]] = {}  # pid -> (request id, output file, result file)
    buffer, stdin_open = b"", True

    def start(request: dict) -> None:
        out, result = tempfile.TemporaryFile(), tempfile.TemporaryFile()
        pid = os.fork()
        if pid == 0:
            _build_in_child(request["args"], out.fileno(), request.get("after"), result)
        running[pid] = (request["id"], out, result)

    def reap(block: bool) -> None:
        while running:
            pid, status = os.waitpid(-1, 0 if block else os.WNOHANG)
            if pid == 0:
                return
            block = False
            ident, out, result = running.pop(pid)
            out.seek(0)
            text = out.read().decode("utf-8", "replace")
            result.seek(0)
            answer = result.read()
            out.close()
            result.close()
            sys.stdout.write(json.dumps({"id": ident, "returncode": os.waitstatus_to_exitcode(status),
                                         "output": text, "result": json.loads(answer) if answer else None}) + "\n")
            sys.stdout.flush()

    while stdin_open or pending or running:
        while pending and len(running) < jobs:
            start(pending.pop(0))
        if not stdin_open:
            reap(block=True)
            continue
        # Wait for a request; while builds run, look every few milliseconds whether one ended.
        ready, _, _ = select.select([0], [], [], 0.005 if running else None)
        if ready:
            chunk = os.read(0, 65536)
            stdin_open = bool(chunk)
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            pending += [json.loads(line) for line in lines if line.strip()]
        reap(block=False)


if __name__ == "__main__":
    _serve(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
