"""The project a command works on, opened safely: what a killed run left is put right, and
nothing is read until every input is known to be a regular file inside the project."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.errors import ContentError, UsageError
from generator.project import Project


def open_project(args) -> Project:
    root = Path(args.project).resolve()
    if not (root / "playbook").is_dir() or not (root / "mkdocs.yml").is_file():
        raise UsageError(f"{root} is not a playbook project (it needs mkdocs.yml and playbook/)")
    from generator.site.build import restore_site
    from generator.load.yamledit import recover

    restore_site(Project(root))  # a site/ a killed build left mid-swap, before anything else
    from generator.load.files import project_input_problems, symlink_problems
    from generator.project import THEME

    # Every command reads only regular files inside the project: a link or a named pipe in
    # playbook/, docs/ or the theme is refused, named, before anything reads them.
    unsafe = symlink_problems(root / "playbook") + project_input_problems(root, THEME)
    if unsafe:
        raise ContentError(unsafe)
    for path in recover(root / "playbook"):  # a set of writes a killed run left half done
        print(f"Finished writing {path.relative_to(root)} (an earlier run was stopped while writing it).",
              file=sys.stderr)
    return Project(root)
