"""The translator's PO files back into the YAML (`playbook translations import`): each file is
read and checked whole (pocheck.py), then every accepted translation is written at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import ContentError, Problem
from generator.messages import msg
from generator.translate.pocheck import FileReport, read_po_file
from generator.translate.writeback import rewrite
from generator.validate.corpus import Corpus


@dataclass
class ImportReport:
    files: list[FileReport]
    changed_files: list[str]


def import_po_files(corpus: Corpus, paths: list[Path]) -> ImportReport:
    """Check every file, then write every change at once; ContentError and nothing written
    when anything is wrong in any of them."""
    problems: list[Problem] = []
    changes: dict[str, list] = {}
    reports = []
    claimed: dict[tuple, tuple[str, str]] = {}
    for path in paths:
        report, file_changes, found = read_po_file(corpus, path)
        problems += found
        reports.append(report)
        for (name, p, lang, value, ctx) in file_changes:
            other = claimed.get((name, p, lang, ctx))
            if other and other[1] != repr(value):
                problems.append(Problem(str(path), 1, 1, "", msg("`{id}` is translated differently in {file}", id=ctx,
                                                                 file=other[0]),
                                        msg("import one of the two files, or make them agree")))
            claimed[(name, p, lang, ctx)] = (str(path), repr(value))
            changes.setdefault(name, []).append((p, lang, value))
    if problems:
        raise ContentError(problems)
    return ImportReport(reports, rewrite(_merge_plurals(changes), corpus.root))


def _merge_plurals(changes: dict[str, list]) -> dict[str, list]:
    """Plural categories of one text arrive one by one: gather them into one mapping."""
    out: dict[str, list] = {}
    for name, items in changes.items():
        merged: dict[tuple, object] = {}
        order = []
        for p, lang, value in items:
            if (p, lang) not in merged:
                order.append((p, lang))
                merged[(p, lang)] = None
            if isinstance(value, dict):
                merged[(p, lang)] = {**(merged[(p, lang)] or {}), **value}
            elif value is not None:
                merged[(p, lang)] = value
        out[name] = [(p, lang, merged[(p, lang)]) for p, lang in order]
    return out


def import_po(corpus: Corpus, po_path: Path) -> ImportReport:
    return import_po_files(corpus, [po_path])
