"""Stage 4, build: one MkDocs + Material build per language, in parallel, swapped into site/ atomically.

Each language is its own MkDocs build (docs/<lang>/ -> site/<lang>/), from a small
config that INHERITs the root mkdocs.yml. So a reader downloads only the search index
of their own language, and the builds can run in separate processes at the same time.
The site is assembled in a temporary folder beside site/ and moved into place only
when every language built; a failed or interrupted build leaves the old site as it was.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from generator import languages as site_languages
from generator.site import mkdocs_pool, notfound, offline, prune
from generator.errors import clean
from generator.project import Project
from generator.render.pages import SHARED_PAGES, shared_environment
from generator.render.uitext import ui_for
from generator.security import csp
from generator.validate.corpus import Corpus
from generator.write.configs import site_url
from generator.write.generate import generate
from generator.write.pages import GENERATED_DIRS


class BuildError(Exception):
    pass


def copy_handwritten_docs(src: Path, dest: Path) -> None:
    """Copy docs/ without what the generator writes (for scratch projects: tests, benchmark)."""
    generated = {*GENERATED_DIRS, *(page for page in SHARED_PAGES if "/" not in page)}
    shutil.copytree(src, dest, dirs_exist_ok=True, ignore=lambda folder, names: [
        n for n in names if n in generated or (n.startswith("mkdocs.") and n.endswith(".yml"))])


def mkdocs_command(project: Project, lang: str, site_dir: Path, strict: bool = True) -> list[str]:
    # No --quiet: it hides warnings from --strict, which then lets them pass.
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(project.config(lang)),
           "-d", str(site_dir)]
    return cmd + (["--strict"] if strict else [])


def mkdocs_env(project: Project) -> dict[str, str]:
    # MkDocs dates the sitemap by SOURCE_DATE_EPOCH: pinned to the last commit, two
    # builds of one commit are byte-identical.
    return dict(os.environ, PYTHONHASHSEED="0", SOURCE_DATE_EPOCH=source_date_epoch(project),
                NO_MKDOCS_2_WARNING="1")


class LanguageBuilds:
    """The MkDocs builds of one site into `out`/<lang>/, each started by `start(lang)` once
    that language's docs/ and config are written, at most `jobs` at a time; `wait()` raises
    BuildError with MkDocs' words for every language that failed. A context manager: leaving
    it on an error stops the builds still running."""

    def __init__(self, project: Project, out: Path, jobs: int | None = None, strict: bool = True,
                 languages=None):
        self.project, self.out, self.strict = project, out, strict
        languages = tuple(languages or site_languages.current().codes)
        self.jobs = jobs or min(len(languages), max(2, os.cpu_count() or 2))
        self.env = mkdocs_env(project)
        self.futures: dict[str, Future] = {}
        self.audited: dict[str, list[str]] = {}  # CSP findings per page, of languages checked as built
        self.after: tuple[str, list] | None = None  # ("module:function", [site, has_site_url]), see site/finish.py
        if mkdocs_pool.available():
            self._pool = mkdocs_pool.MkDocsPool(project.root, self.env, self.jobs)
        else:
            self._pool = ThreadPoolExecutor(max_workers=self.jobs)

    def start(self, lang: str) -> None:
        cmd = mkdocs_command(self.project, lang, self.out / lang, self.strict)
        after = (self.after[0], [*self.after[1], lang]) if self.after else None
        if isinstance(self._pool, mkdocs_pool.MkDocsPool):
            self.futures[lang] = self._pool.submit(lang, cmd[3:], after)  # after `python -m mkdocs`
        else:
            self.futures[lang] = self._pool.submit(self._run, cmd, after)

    def _run(self, cmd: list[str], after) -> tuple[int, str, object]:
        result = subprocess.run(cmd, cwd=self.project.root, capture_output=True, text=True, env=self.env)
        finished = mkdocs_pool.call(after) if after and result.returncode == 0 else None
        return result.returncode, result.stderr or result.stdout, finished

    def wait(self) -> None:
        results = [(lang, future.result()) for lang, future in self.futures.items()]
        for _, (code, _, finished) in results:
            self.audited.update(finished or {})
        failed = [(lang, output) for lang, (code, output, _) in results if code != 0]
        if failed:
            raise BuildError("\n".join(f"[{lang}] MkDocs failed:\n{output.strip()}" for lang, output in failed))

    def __enter__(self) -> "LanguageBuilds":
        return self

    def __exit__(self, exc_type, *rest) -> None:
        if isinstance(self._pool, mkdocs_pool.MkDocsPool):
            self._pool.__exit__(exc_type, *rest)
        else:
            self._pool.shutdown(wait=True, cancel_futures=exc_type is not None)


def build_languages(project: Project, out: Path, languages=None, jobs: int | None = None,
                    strict: bool = True) -> None:
    """Run the MkDocs builds of docs/ as it is, several at once; raise BuildError with MkDocs' words on failure."""
    languages = tuple(languages or site_languages.current().codes)
    with LanguageBuilds(project, out, jobs, strict, languages) as builds:
        for lang in languages:
            builds.start(lang)
        builds.wait()


def source_date_epoch(project: Project) -> str:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=project.root, capture_output=True,
                             text=True, timeout=10)
        return out.stdout.strip() or "0"
    except (OSError, subprocess.SubprocessError):
        return "0"


def write_root(project: Project, out: Path) -> None:
    """site/index.html: opens the reader's language (language.js: the one they read last on this
    device, else their browser's preferred one, else the default; without scripts, the default).
    With a site_url, also what search engines read at the root: a sitemap index naming each
    language's sitemap, and robots.txt pointing to it (a sitemap needs absolute addresses,
    so a site without one has neither)."""
    url = site_url(project)
    html = shared_environment().get_template("root-index.html.j2").render(
        default=site_languages.current().default,
        languages=[(code, ui_for(code)) for code in site_languages.current().codes],
        own_name=site_languages.own_name, policy=csp.site_policy(), refresh=root_refresh(), site_url=url)
    (out / "index.html").write_text(html, encoding="utf-8")
    # The site's icon at the root too: the root pages link it (a browser asks for one anyway).
    shutil.copyfile(Path(__file__).parent / "theme" / "assets" / "playbook" / "favicon.svg", out / "favicon.svg")
    # the root page's one script (a file: the policy allows no inline script): opens the reader's language
    shutil.copyfile(Path(__file__).parent / "theme" / "assets" / "playbook" / "language.js", out / "language.js")
    if url:
        from xml.sax.saxutils import escape

        entries = "".join(f"  <sitemap><loc>{escape(url + lang + '/sitemap.xml')}</loc></sitemap>\n"
                          for lang in site_languages.current().codes)
        (out / "sitemap.xml").write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                                         '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                                         f"{entries}</sitemapindex>\n", encoding="utf-8")
        (out / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {url}sitemap.xml\n", encoding="utf-8")
    # The JSON Schemas, so editors' tools can point at the published site too.
    shutil.copytree(project.docs / "schema", out / "schema")


def root_refresh() -> str:
    """site/index.html sends readers to the default language without scripts (a file name:
    from disk a folder is a listing)."""
    return f"0; url={site_languages.current().default}/index.html"


def restore_site(project: Project) -> None:
    """Put back a site/ that a killed build left mid-swap (older systems, without an atomic
    exchange): run first by every command, so nothing is ever served from a missing site/."""
    olds = sorted(project.site.parent.glob(".site-old-*"), key=lambda p: p.stat().st_mtime)
    if not project.site.exists() and olds:
        olds[-1].rename(project.site)


def recover_interrupted(project: Project) -> None:
    """Tidy up after a build that was killed: put back a site/ caught mid-swap, drop half-built ones."""
    restore_site(project)
    parent = project.site.parent
    for leftover in [*parent.glob(".site-old-*"), *parent.glob(".site-new-*")]:
        remove_tree(leftover)


def build(project: Project, jobs: int | None = None, use_disk_cache: bool = True) -> Corpus:
    """Validate, generate, build every language and swap the result into site/."""
    recover_interrupted(project)
    parent = project.site.parent
    tmp = Path(tempfile.mkdtemp(prefix=".site-new-", dir=parent))
    # mkdtemp makes the folder private (0700); the site gets what the user's umask gives,
    # so that a web server reading as another user can serve it in place.
    os.chmod(tmp, 0o777 & ~current_umask())
    try:
        # Each language's MkDocs build starts as soon as its pages are written, while the
        # generator writes the next language (see mkdocs_pool: MkDocs is imported meanwhile).
        # Each language's 404 page is fixed and its pages checked against the CSP in its own
        # build's process as soon as it is built (site/finish.py), off the critical path.
        with LanguageBuilds(project, tmp, jobs) as builds:
            builds.after = ("generator.site.finish:finish_language", [str(tmp), site_url(project) is not None])
            corpus, _ = generate(project, use_disk_cache=use_disk_cache, on_language=builds.start)
            builds.wait()
        write_root(project, tmp)
        notfound.copy_default(tmp)
        offline.write_search_scripts(tmp)  # after anything that rewrites the index
        prune.prune(tmp)  # Material's files no page loads (source maps, other languages' stemmers)
        try:
            csp.apply(tmp, root_refresh=root_refresh(), audited=builds.audited)
        except csp.CSPError as err:
            raise BuildError(str(err)) from None
        swap_into_place(tmp, project.site)
    finally:
        remove_tree(tmp)
    return corpus


def current_umask() -> int:
    try:  # read, not set: setting it (the only portable way) races with other threads
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def swap_into_place(new: Path, site: Path) -> None:
    """Replace site/ by `new` so that no reader ever sees half a site, or none: one atomic
    exchange of the two folders where the system has it (Linux), two renames otherwise
    (a kill between them is undone by restore_site, first thing in the next command).
    The old site ends up at `new`'s name, for the caller to remove."""
    if site.exists() and _exchange(new, site):
        return
    old = site.with_name(f".site-old-{os.getpid()}")
    if site.exists():
        site.rename(old)
    try:
        new.rename(site)
    except BaseException:
        if old.exists():
            old.rename(site)
        raise
    remove_tree(old)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (renameat2 with RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(b))


def remove_tree(path: Path) -> None:
    """Remove a folder the build made; say so, in one line, when something in it cannot be."""
    if not path.exists():
        return
    failed: list[str] = []
    shutil.rmtree(path, onerror=lambda fn, p, exc: failed.append(f"{p}: {exc[1].strerror if isinstance(exc[1], OSError) else exc[1]}"))
    if path.exists():
        print(f"playbook: could not remove {path} ({clean(failed[0] if failed else 'unknown reason')}); "
              "remove it by hand", file=sys.stderr)
