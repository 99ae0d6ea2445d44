"""Shared test helpers: a throw-away copy of the project, a local web server, the browser."""

from __future__ import annotations

import contextlib
import functools
import io
import os
import shutil
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def copy_project(dest: Path) -> Path:
    """A project folder with this repository's content and a link to its generator."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "playbook", dest / "playbook")
    copy_handwritten_docs(ROOT / "docs", dest / "docs")
    (dest / "generator").symlink_to(ROOT / "generator")
    return dest


def copy_project_with_generator(dest: Path) -> Path:
    """A project folder with this repository's content and its own copy of the generator:
    for a test that changes the generator's files (a language pack written by `language add`)."""
    dest.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "playbook", dest / "playbook")
    copy_handwritten_docs(ROOT / "docs", dest / "docs")
    shutil.copytree(ROOT / "generator", dest / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def run_copied(root: Path, *argv: str) -> subprocess.CompletedProcess:
    """`playbook ARGV` as a program, with the generator of the copy at `root`."""
    env = dict(os.environ, PYTHONPATH=str(root), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "generator", *argv], cwd=root, capture_output=True, text=True,
                          env=env, timeout=900)


def copy_handwritten_docs(src: Path, dest: Path) -> None:
    from generator.site.build import copy_handwritten_docs as copy

    copy(src, dest)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


class SiteServer:
    """Serves a folder on 127.0.0.1 at a free port, in a background thread."""

    def __init__(self, folder: Path):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "SiteServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def content_project(tmp: Path, replace: dict[str, tuple[str, str]] | None = None,
                    extra: dict[str, str] | None = None) -> Path:
    """A playbook/ folder holding the real content, with text replacements applied.

    `replace` maps a playbook file name to (old, new); `extra` adds files by name.
    Returns the playbook/ folder.
    """
    content = tmp / "playbook"
    shutil.copytree(ROOT / "playbook", content)
    for name, (old, new) in (replace or {}).items():
        path = content / "playbooks" / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"test set-up: {old!r} not found in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for name, text in (extra or {}).items():
        (content / "playbooks" / name).write_text(text, encoding="utf-8")
    return content


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def clipboard(page, wanted, timeout: float = 10.0) -> str:
    """The clipboard's text once `wanted(text)` holds: copying is asynchronous in the page."""
    deadline = time.monotonic() + timeout
    while True:
        text = page.evaluate("navigator.clipboard.readText()")
        if wanted(text) or time.monotonic() > deadline:
            return text
        page.wait_for_timeout(100)


def run(*argv) -> tuple[int, str, str]:
    """The `playbook` command in-process: exit code, what it printed, what it said on stderr."""
    from generator.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def type_search(page, query: str) -> None:
    """Type a query into Material's search box. Material searches on key events, and
    Playwright's fill sends none (Cyrillic and Arabic above all): End is one."""
    box = page.locator(".md-search__input")
    box.click()
    box.fill(query)
    box.press("End")


def errors_for(tmp_path, replace=None, extra=None):
    """A scratch copy of the content with one edit, and the problems validation finds in it."""
    from generator.errors import ContentError
    from generator.validate.corpus import load_corpus

    content = content_project(tmp_path, replace, extra)
    with pytest.raises(ContentError) as info:
        load_corpus(content)
    return content, info.value.problems


class Links(HTMLParser):
    """Every href and src of a page, as a browser reads them (character references decoded)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.hrefs += [v for k, v in attrs if k in ("href", "src")]
