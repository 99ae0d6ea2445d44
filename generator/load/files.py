"""Which files under playbook/ the generator reads and writes: real files inside the project only.

A symbolic link in playbook/ could make a run read, or a translation import write, a
file anywhere on the machine; so links are refused before anything is read or written.
A playbook file ending `.yml` or `.YAML` is refused with the name to give it rather
than skipped (an editor would otherwise wonder why their playbook never appears), and a
playbook id that a generated page already uses is refused before it can overwrite it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.errors import Problem
from generator.messages import msg

# Ids whose page would collide with a generated one (playbooks/index.md is the list of all
# playbooks) or read as one of the site's own (search, assets, 404, …) in a URL.
RESERVED_IDS = frozenset({"index", "status", "coverage", "glossary", "playbooks", "search", "404", "assets",
                          "guide", "schema", "sitemap", "javascripts", "stylesheets", "drafts"})
YAML_SUFFIXES = (".yaml", ".yml")


def _shown(path: Path, root: Path) -> str:
    try:
        return str(Path(root.name) / path.relative_to(root))
    except ValueError:
        return str(path)


def symlink_problems(root: Path) -> list[Problem]:
    """Every symbolic link and special file in the content folder (the folder itself
    included), without following any link or opening any file."""
    return unsafe_entries(root, root)


def unsafe_entries(folder: Path, shown_from: Path) -> list[Problem]:
    """A problem for every entry under `folder` (and `folder` itself) that is not a regular
    file or a folder: a symbolic link (it could make a run read, publish or write any file
    of the machine: `docs/en/env.txt -> /proc/self/environ`), a named pipe (reading one
    waits forever), a device or a socket. Names are shown from `shown_from`'s parent, e.g.
    `docs/en/env.txt`. Decided by the directory entries' own types: no file is opened or
    stat-ed, so nothing here can block, and the live preview can ask on every save."""
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        return []
    except OSError:
        st = None
    if st is not None and stat.S_ISLNK(st.st_mode):
        found = [(folder, "link")]
    elif st is not None and stat.S_ISREG(st.st_mode):
        found = []  # a single file (mkdocs.yml) that is what it should be
    elif st is not None and not stat.S_ISDIR(st.st_mode):
        found = [(folder, "special")]
    else:
        found = _unsafe(folder)
    return [_problem(_shown(path, shown_from), kind) for path, kind in sorted(found)]


def _problem(name: str, kind: str) -> Problem:
    if kind == "link":
        return Problem(name, 1, 1, "", msg("this is a symbolic link; the generator reads and writes only "
                                           "real files inside the project"),
                       msg("replace the link with a copy of the file it points to"))
    return Problem(name, 1, 1, "", msg("this is not a regular file but a named pipe, a device or a socket; "
                                       "the generator reads only regular files"),
                   msg("remove it, or put a regular file in its place"))


def _unsafe(folder) -> list[tuple[Path, str]]:
    # The directory entries' own types (no stat a file): the live preview asks on every save.
    found = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_symlink():
                    found.append((Path(entry.path), "link"))
                elif entry.is_dir(follow_symlinks=False):
                    found.extend(_unsafe(entry.path))
                elif not entry.is_file(follow_symlinks=False):
                    found.append((Path(entry.path), "special"))
    except OSError:
        pass  # an unreadable folder: what it holds is not read either
    return found


class NotRegular(Exception):
    """A path that is not a regular file: `problem` says what it is and what to do."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def read_regular(path: Path, name: str, limit: int) -> bytes:
    """The bytes of a regular file, at most `limit` + 1 of them (the caller refuses more).
    Opened without following a final link and without waiting (a named pipe opens at once
    and is then refused by what it is, never read), so nothing swapped in after the folder
    was checked can make a run read elsewhere or wait forever. Raises NotRegular, or
    OSError when the file cannot be read."""
    import errno

    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotRegular(_problem(name, "link")) from None
        raise
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegular(_problem(name, "special"))
        return f.read(limit + 1)


def project_input_problems(project_root: Path, theme: Path | None = None) -> list[Problem]:
    """Everything a run reads besides playbook/ (checked by the validation itself): the
    hand-written and generated pages under docs/ that MkDocs copies into the site, the
    shared mkdocs.yml, and the theme (`theme`, the package's own folder). Each must be a
    regular file or folder, reached through no link from the project, so nothing a
    contributor commits can make the build read, publish or hang on anything else."""
    root = Path(project_root)
    problems = unsafe_entries(root / "docs", root / "docs")
    config = unsafe_entries(root / "mkdocs.yml", root / "mkdocs.yml")
    problems += config or _config_problems(root / "mkdocs.yml")
    if theme is not None:  # shown as generator/site/theme/…
        problems += unsafe_entries(theme, theme.parents[1])
    return problems


def _config_problems(path: Path) -> list[Problem]:
    """mkdocs.yml is read by this generator and by MkDocs: bounded like every YAML file here."""
    from generator.errors import ContentError
    from generator.load.yamlbounds import MAX_FILE_BYTES, measure

    try:
        raw = read_regular(path, "mkdocs.yml", MAX_FILE_BYTES)
    except (NotRegular, OSError):
        return []  # missing or unreadable: the command says so itself
    try:
        measure(raw.decode("utf-8", "replace"), "mkdocs.yml", always=len(raw) > MAX_FILE_BYTES)
    except ContentError as err:
        return list(err.problems)
    return []


def playbook_files(root: Path) -> tuple[list[Path], list[Problem]]:
    """The playbook files (`playbooks/*.yaml`), and a problem for each YAML file named otherwise."""
    folder = root / "playbooks"
    files, problems = [], []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        return [], []
    for entry in entries:
        path = Path(entry.path)
        suffix = path.suffix
        if suffix == ".yaml":
            files.append(path)
        elif suffix.lower() in YAML_SUFFIXES:
            problems.append(Problem(_shown(path, root), 1, 1, "",
                                    msg("playbook files must end in `.yaml`; this one ends in `{suffix}` and would "
                                        "not be read", suffix=suffix),
                                    msg("rename it to `{stem}.yaml`", stem=path.stem)))
    return files, problems


def inside(path: Path, root: Path) -> bool:
    """Whether `path` is inside `root` once every link is followed, with no link on the way."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    try:
        written = path.absolute().relative_to(root.absolute())
    except ValueError:
        return True  # given as the resolved path already (a journal): nothing more to follow
    probe = root.absolute()
    for part in written.parts:
        probe = probe / part
        if probe.is_symlink():
            return False
    return True
