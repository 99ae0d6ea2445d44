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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from generator import languages as site_languages
from generator.build import notfound, offline
from generator.errors import clean
from generator.project import Project
from generator.render.pages import SHARED_PAGES, shared_environment, ui_for
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


def build_languages(project: Project, out: Path, languages=None, jobs: int | None = None,
                    strict: bool = True) -> None:
    """Run the MkDocs builds, several at once; raise BuildError with MkDocs' words on failure."""
    env = mkdocs_env(project)
    languages = tuple(languages or site_languages.current().codes)

    def one(lang: str) -> tuple[str, subprocess.CompletedProcess]:
        result = subprocess.run(mkdocs_command(project, lang, out / lang, strict), cwd=project.root,
                                capture_output=True, text=True, env=env)
        return lang, result

    jobs = jobs or min(len(languages), max(2, os.cpu_count() or 2))
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(one, languages))
    failed = [(lang, r) for lang, r in results if r.returncode != 0]
    if failed:
        text = "\n".join(f"[{lang}] MkDocs failed:\n{(r.stderr or r.stdout).strip()}" for lang, r in failed)
        raise BuildError(text)


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
    device, else their browser's preferred one, else the default; without scripts, the default)."""
    html = shared_environment().get_template("root-index.html.j2").render(
        default=site_languages.current().default,
        languages=[(code, ui_for(code)) for code in site_languages.current().codes],
        own_name=site_languages.own_name, policy=csp.site_policy(), refresh=root_refresh())
    (out / "index.html").write_text(html, encoding="utf-8")
    # the root page's one script (a file: the policy allows no inline script): opens the reader's language
    shutil.copyfile(Path(__file__).parent / "theme" / "assets" / "playbook" / "language.js", out / "language.js")
    # The JSON Schemas, so editors' tools can point at the published site too.
    shutil.copytree(project.docs / "schema", out / "schema")


def root_refresh() -> str:
    """site/index.html sends readers to the default language (a file name: from disk a folder is a listing)."""
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
    corpus, _ = generate(project, use_disk_cache=use_disk_cache)
    parent = project.site.parent
    tmp = Path(tempfile.mkdtemp(prefix=".site-new-", dir=parent))
    # mkdtemp makes the folder private (0700); the site gets what the user's umask gives,
    # so that a web server reading as another user can serve it in place.
    os.chmod(tmp, 0o777 & ~current_umask())
    try:
        build_languages(project, tmp, jobs=jobs)
        write_root(project, tmp)
        notfound.fix(tmp, has_site_url=site_url(project) is not None)
        offline.write_search_scripts(tmp)  # after anything that rewrites the index
        try:
            csp.apply(tmp, root_refresh=root_refresh())
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
