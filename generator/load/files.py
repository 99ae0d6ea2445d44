"""Which files under playbook/ the generator reads and writes: real files inside the project only.

A symbolic link in playbook/ could make a run read, or a translation import write, a
file anywhere on the machine; so links are refused before anything is read or written.
A playbook file ending `.yml` or `.YAML` is refused with the name to give it rather
than skipped (an editor would otherwise wonder why their playbook never appears), and a
playbook id that a generated page already uses is refused before it can overwrite it.
"""

from __future__ import annotations

import os
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
    """Every symbolic link in the content folder (the folder itself included), without following any."""
    found = [root] if root.is_symlink() else list(_links(root))
    return [Problem(_shown(p, root), 1, 1, "", msg("this is a symbolic link; the generator reads and writes only "
                                                   "real files inside the project"),
                    msg("replace the link with a copy of the file it points to"))
            for p in sorted(found)]


def _links(folder) -> list[Path]:
    # The directory entries' own types (no stat a file): the live preview asks on every save.
    found = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_symlink():
                    found.append(Path(entry.path))
                elif entry.is_dir(follow_symlinks=False):
                    found.extend(_links(entry.path))
    except OSError:
        pass  # an unreadable folder: what it holds is not read either
    return found


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
