"""Fixtures: a built copy of the project, served on 127.0.0.1, and Debian's Chromium."""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
# Test modules share helpers across folders (render/test_grammar uses validate/test_validate's
# errors_for): every folder of tests is importable whatever order pytest collects them in,
# and whichever subset a developer or an xdist worker runs.
for _folder in sorted(HERE.iterdir(), reverse=True):
    if _folder.is_dir() and any(_folder.glob("test_*.py")):
        sys.path.insert(1, str(_folder))

from helpers import CHROMIUM, CHROMIUM_ARGS, SiteServer, copy_project  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

from generator.site.build import build  # noqa: E402
from generator.project import Project  # noqa: E402


BROWSER_FIXTURES = {"browser", "visit"}

# Property tests (tests/validate/test_properties.py) draw their examples from a profile:
# `ci`, the default, is what `make test` and CI run (60 examples a test; the slip test on real
# playbooks 50); `fast` is what `make test-fast` selects (PB_HYPOTHESIS_PROFILE=fast): every
# property still runs, on fewer examples, for the edit-test loop. No deadline: on a shared
# machine a slow example is load, not a failure.
settings.register_profile("ci", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fast", max_examples=10, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("PB_HYPOTHESIS_PROFILE", "ci"))


@pytest.hookimpl(tryfirst=True)  # before xdist's worker reads the groups (it is registered later)
def pytest_collection_modifyitems(config, items):
    """Mark every test that drives Chromium (the `browser` fixture, directly or through
    `visit`) as `browser`: `make test-fast` runs the rest (`-m "not browser"`).

    Under xdist (`--dist loadgroup`, Makefile) a test file's tests stay on one worker, so the
    sites its module fixtures build are built once; a file whose tests are long and share
    nothing costly (SPREAD_OVER_WORKERS = True) has them spread over the workers instead."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
        module = getattr(item, "module", None)
        if not getattr(module, "SPREAD_OVER_WORKERS", False):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


@pytest.fixture(scope="session")
def built(tmp_path_factory, request) -> Project:
    """The real playbooks, built into a temporary project (the working tree is not touched).
    Under xdist the first worker that needs it builds it once, under a lock in the run's
    shared temporary folder, and every worker takes a copy of its own (the pattern of
    pytest-xdist's documentation): one build per run instead of one per worker."""
    own = tmp_path_factory.mktemp("project")
    if not hasattr(request.config, "workerinput"):  # no xdist (or `-p no:xdist`)
        project = Project(copy_project(own))
        build(project)
        return project
    shared = tmp_path_factory.getbasetemp().parent / "built"
    with open(f"{shared}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (shared / ".complete").exists():
            shutil.rmtree(shared, ignore_errors=True)  # a worker that died mid-build
            build(Project(copy_project(shared)))
            (shared / ".complete").touch()
    shutil.rmtree(own)
    shutil.copytree(shared, own, symlinks=True, ignore=shutil.ignore_patterns(".complete"))
    return Project(own)


@pytest.fixture
def built_copy(built, tmp_path) -> Project:
    """A built project of the test's own, to change and build again: a copy of the session's
    `built` (site/, docs/ and .cache/ included). Builds are deterministic, also in another
    folder (tests/site/test_site.py), and what they write names no folder of theirs (checked
    here), so the copy is what building the real playbooks in this folder would give, at the
    cost of a copy instead of a build."""
    assert not list(built.root.glob(".site-*")), "the shared build was left mid-swap"
    where = str(built.root).encode()
    for path in (*built.docs.rglob("*"), *(built.root / ".cache").rglob("*")):
        assert not (path.is_file() and where in path.read_bytes()), f"{path} names its folder"
    return Project(Path(shutil.copytree(built.root, tmp_path / "p", symlinks=True)))


@pytest.fixture(scope="session")
def server(built):
    with SiteServer(built.site) as srv:
        yield srv


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Visit:
    """A browser tab that records every request and every script error."""

    def __init__(self, context, base: str):
        self.context, self.base = context, base
        self.page = context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.csp_violations: list[str] = []
        self._open: set = set()  # requests on their way (the page's and its workers')
        self.page.on("request", self._started)
        self.page.on("requestfinished", lambda r: self._open.discard(r))
        self.page.on("requestfailed", lambda r: self._open.discard(r))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", self._console)

    def _started(self, request) -> None:
        self.requests.append(request.url)
        self._open.add(request)

    def _console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def goto(self, path: str):
        """The page, loaded, once every request it started (its search index, its worker's
        scripts) has finished and none has followed for QUIET seconds."""
        self.page.goto(self.base + path)
        self.settle()
        return self.page

    QUIET = 0.2  # Playwright's "networkidle" waits 0.5 s after the last request, on every visit

    def settle(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        quiet_since = None
        while True:
            if self._open:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= self.QUIET:
                return
            assert time.monotonic() < deadline, f"requests still open: {[r.url for r in self._open]}"
            self.page.wait_for_timeout(25)  # Playwright delivers the page's events meanwhile

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if not (u.startswith(self.base) or u.startswith("data:")
                                                  or u.startswith("blob:"))]


@pytest.fixture
def visit(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    v = Visit(context, server.url)
    yield v
    context.close()
    assert v.errors == [], f"script errors on the page: {v.errors}"
    # Every page is served with its strict CSP; nothing a test did may have been refused.
    assert v.csp_violations == [], v.csp_violations
