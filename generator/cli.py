"""The `playbook` command: validate, build, serve (exit codes: 0 fine, 1 invalid content, 2 wrong usage)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator import LANGUAGES
from generator.build import BuildError, Project, build, generate
from generator.errors import ContentError
from generator.validate import load_corpus

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _project(args) -> Project:
    root = Path(args.project).resolve()
    if not (root / "playbook").is_dir() or not (root / "mkdocs.yml").is_file():
        raise UsageError(f"{root} is not a playbook project (it needs mkdocs.yml and playbook/)")
    return Project(root)


class UsageError(Exception):
    pass


def cmd_validate(args) -> int:
    project = _project(args)
    files = [Path(f) for f in args.files] or None
    for f in files or []:
        if not f.is_file():
            raise UsageError(f"no such file: {f}")
    corpus = load_corpus(project.content, only=files)
    print(f"OK: {len(corpus.playbooks)} playbooks valid.")
    return EXIT_OK


def cmd_generate(args) -> int:
    _, log = generate(_project(args))
    print(f"Generated docs/: {len(log.written)} written, {len(log.unchanged)} unchanged, {len(log.removed)} removed.")
    return EXIT_OK


def cmd_build(args) -> int:
    project = _project(args)
    corpus = build(project, jobs=args.jobs)
    print(f"Built {len(corpus.playbooks)} playbooks in {', '.join(LANGUAGES)} into {project.site}")
    print("Preview with live reload: make serve")
    return EXIT_OK


def cmd_serve(args) -> int:
    from generator.serve import serve

    return serve(_project(args), args.lang, args.addr)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="playbook", description="Customer-service playbooks: YAML in, a static site out.")
    p.add_argument("--project", default=".", help="project folder (with mkdocs.yml and playbook/); default: here")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    v = sub.add_parser("validate", help="check playbooks and settings; report every problem with file and line")
    v.add_argument("files", nargs="*", help="only report problems in these playbook files (default: all)")
    v.set_defaults(func=cmd_validate)
    g = sub.add_parser("generate", help="validate, then write the Markdown pages into docs/ (no MkDocs build)")
    g.set_defaults(func=cmd_generate)
    b = sub.add_parser("build", help="validate, generate and build the site into site/ (all languages)")
    b.add_argument("--jobs", type=int, default=None, help="language builds to run at once (default: 4)")
    b.set_defaults(func=cmd_build)
    s = sub.add_parser("serve", help="preview one language with live reload; saving a YAML file updates the page")
    s.add_argument("--lang", choices=LANGUAGES, default="en", help="language to preview (default: en)")
    s.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    s.set_defaults(func=cmd_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except UsageError as err:
        print(f"playbook: {err}", file=sys.stderr)
        return EXIT_USAGE
    except ContentError as err:
        print(err.report(), file=sys.stderr)
        print("Nothing was built; site/ is unchanged.", file=sys.stderr)
        return EXIT_INVALID
    except BuildError as err:
        print(str(err), file=sys.stderr)
        print("The build failed; site/ is unchanged.", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("Interrupted; site/ is unchanged.", file=sys.stderr)
        return 130
