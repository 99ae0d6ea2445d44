"""The translators' commands of `playbook translations`: export, import, sync, confirm
(argument parsing and exit codes are in main.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.cli.project import open_project as _project
from generator.errors import ContentError, UsageError
from generator.messages import msg, msg_n, translate
from generator.validate.corpus import load_corpus

EXIT_OK, EXIT_INVALID = 0, 1




def cmd_export(args) -> int:
    from generator.translate.export import export_po
    from generator.translate.status import translated_languages

    project = _project(args)
    corpus = load_corpus(project.content)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    languages = args.lang or translated_languages()
    from generator.translate.pocheck import unimported

    lost = [problem for lang in languages if (out / f"{lang}.po").is_file()
            for problem in unimported(corpus, out / f"{lang}.po")]
    if lost:  # a translator's work that is not in the YAML yet is never overwritten
        raise ContentError(lost)
    for lang in languages:
        po = export_po(corpus, lang)
        po.save(str(out / f"{lang}.po"))
        print(f"{out / (lang + '.po')}: {len(po)} strings, {len(po.fuzzy_entries())} outdated (fuzzy), "
              f"{len(po.untranslated_entries())} untranslated")
    return EXIT_OK


def cmd_import(args) -> int:
    from generator.translate.importer import import_po_files

    project = _project(args)
    for name in args.files:
        if not Path(name).is_file():
            raise UsageError(f"no such file: {name}")
    result = import_po_files(load_corpus(project.content), [Path(n) for n in args.files])
    lang = args.message_lang  # for the translator: English unless asked (`--lang fi`)
    for r in result.files:
        applied = msg_n("{n} translation applied", "{n} translations applied", len(r.applied))
        confirmed = msg_n("{n} confirmed as up to date", "{n} confirmed as up to date", len(r.confirmed))
        print(translate(msg("{file} ({lang}): {applied}, {confirmed}, {fuzzy} fuzzy and {untranslated} untranslated "
                            "skipped", file=r.name, lang=r.lang, applied=applied, confirmed=confirmed,
                            fuzzy=r.fuzzy, untranslated=r.untranslated), lang))
        for ctx in r.kept_newer:
            print(translate(msg("  kept the newer translation in the YAML (yours is unchanged since export): {id}",
                                id=ctx), lang))
        for ctx in r.gone:
            print(translate(msg("  not applied, the text is no longer in the playbooks: {id}", id=ctx), lang))
    if result.changed_files:
        print(translate(msg_n("Changed {n} file: {files}", "Changed {n} files: {files}", len(result.changed_files),
                              files=", ".join(result.changed_files)), lang))
    else:
        print(translate(msg("No file was changed: the YAML already holds these translations."), lang))
    return EXIT_OK


def cmd_sync(args) -> int:
    from generator.translate.sync import sync

    project = _project(args)
    report = sync(project.content, args.lang, check=args.check)
    for line in report.imported:
        print(f"into the YAML: {line}")
    if args.check:
        for line in report.pending:
            print(f"not yet in the YAML: {line}", file=sys.stderr)
        for name in report.written:
            print(f"out of step with the YAML: {name}", file=sys.stderr)
        if report.pending or report.written:
            print("FAIL: run `playbook translations sync` and commit what it changes.", file=sys.stderr)
            return EXIT_INVALID
        print("The PO files are in step with the YAML.")
        return EXIT_OK
    print(f"Wrote {', '.join(report.written)}." if report.written else "The PO files are in step with the YAML; "
          "no file was changed.")
    return EXIT_OK


def cmd_confirm(args) -> int:
    from generator.translate.status import translated_languages
    from generator.translate.writeback import confirm

    project = _project(args)
    files = []
    for f in args.files:
        path = Path(f).resolve()
        if not path.is_file():
            raise UsageError(f"no such file: {f}")
        try:
            files.append(str(path.relative_to(project.root)))
        except ValueError:
            raise UsageError(f"{f} is not inside the project {project.root}") from None
    done = confirm(load_corpus(project.content), args.lang or translated_languages(), files or None, args.id, args.all)
    if done.unknown_ids:
        raise UsageError(f"no text has the id {', '.join(done.unknown_ids)} "
                         "(ids are shown by `playbook status --details` and in the PO files' msgctxt)")
    for lang, entry in done.strings:
        print(f"confirmed {lang}: {entry.key}")
    for lang, entry in done.recorded:  # current already (written or edited with their English): now on record
        print(f"recorded {lang}: {entry.key}")
    if done.left_outdated:
        print(msg_n("{n} outdated translation was not changed by the editor and stays outdated; confirm it with "
                    "--id ID, or all of them with --all:",
                    "{n} outdated translations were not changed by the editor and stay outdated; confirm one with "
                    "--id ID, or all of them with --all:", len(done.left_outdated)))
        for lang, entry in done.left_outdated:
            print(f"  {lang}: {entry.key}")
    print(f"Changed: {', '.join(done.files)}" if done.files else "No file was changed.")
    return EXIT_OK
