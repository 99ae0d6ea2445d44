"""The theme's templates compiled (and its files listed) once for every language build.

Each language's MkDocs build compiles Material's Jinja templates and ours from their
source (a quarter of a language build's time). The MkDocs helper process
(site/mkdocs_pool.py) compiles them once, while the generator writes the pages, and every
language build it forks finds them compiled (`on_env` in site/language_hook.py).

A compiled template is found by its name, the checksum of its source and the
environment's compiling options, so an edited template, another theme or other options
are only a miss: compiled afresh, as MkDocs would. Nothing is kept on disk.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import jinja2

THEME = Path(__file__).parent / "theme"


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's bytecode cache, kept in this process's memory as code objects."""

    def __init__(self):
        self.code: dict[tuple, object] = {}

    def get_bucket(self, environment, name, filename, source):
        key = (name, _options(environment))
        bucket = jinja2.bccache.Bucket(environment, repr(key), self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket) -> None:
        bucket.code = self.code.get((bucket.key, bucket.checksum))

    def dump_bytecode(self, bucket) -> None:
        self.code[(bucket.key, bucket.checksum)] = bucket.code


def _options(environment) -> str:
    """What the compiled code of a template depends on, besides its source."""
    parts = [environment.block_start_string, environment.block_end_string, environment.variable_start_string,
             environment.variable_end_string, environment.comment_start_string, environment.comment_end_string,
             str(environment.line_statement_prefix), str(environment.line_comment_prefix),
             str(environment.trim_blocks), str(environment.lstrip_blocks), str(environment.newline_sequence),
             str(environment.keep_trailing_newline), str(environment.optimized), repr(environment.autoescape),
             str(environment.is_async), str(getattr(environment, "newstyle_gettext", None)),
             *sorted(environment.extensions)]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:16]


COMPILED = CompiledTemplates()


def use(env: jinja2.Environment) -> None:
    """Let a language build's environment take (and keep) compiled templates here."""
    env.bytecode_cache = COMPILED


def list_without_hidden_folders() -> None:
    """In this process: theme folders listed without descending into hidden folders, once.

    MkDocs lists every file of the theme to copy its static files, then drops every path
    in a hidden folder (its patterns `.*` and `*/.*`); Material's `.icons/` alone holds
    some 14,000 files, a fifth of a language build's time. Each listing is the same list
    after MkDocs' filter; it is made once in the helper, before it forks."""
    listed: dict[tuple, list[str]] = {}

    def list_templates(loader: jinja2.FileSystemLoader) -> list[str]:
        key = (tuple(loader.searchpath), loader.followlinks)
        if key not in listed:
            listed[key] = _visible_files(loader)
        return list(listed[key])

    jinja2.FileSystemLoader.list_templates = list_templates


def _visible_files(loader: jinja2.FileSystemLoader) -> list[str]:
    """Jinja's FileSystemLoader.list_templates, without descending into folders named `.*`."""
    found: set[str] = set()
    for searchpath in loader.searchpath:
        for folder, subfolders, names in os.walk(searchpath, followlinks=loader.followlinks):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            for name in names:
                template = os.path.join(folder, name)[len(searchpath):].strip(os.path.sep).replace(os.path.sep, "/")
                found.add(template[2:] if template[:2] == "./" else template)
    return sorted(found)


def warm() -> None:
    """Compile the theme's page templates as a language build's environment would (MkDocs'
    Theme.get_env, Material with our custom_dir), in the MkDocs helper before it forks.
    The language files of Material (partials/languages/) are left to each build: one each.
    The code does not depend on the language (its words are looked up as the page renders)."""
    from mkdocs.theme import Theme

    list_without_hidden_folders()
    env = Theme(name="material", custom_dir=str(THEME)).get_env()
    use(env)
    for name in env.list_templates(filter_func=_page_template):
        try:
            env.get_template(name)
        except jinja2.TemplateError:
            pass  # a template no build renders as it stands: each build reports its own


def _page_template(name: str) -> bool:
    return name.endswith(".html") and not name.startswith(("partials/languages/", "assets/"))
