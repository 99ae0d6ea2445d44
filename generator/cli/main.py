"""The `playbook` command: validate, build, serve (exit codes: 0 fine, 1 invalid content, 2 wrong usage)."""

from __future__ import annotations

import argparse
import re
import signal
import sys
from pathlib import Path

from generator import languages
from generator.cli.project import open_project as _project
from generator.cli.translations import cmd_confirm, cmd_export, cmd_import, cmd_sync
from generator.site.build import BuildError, build
from generator.errors import ContentError, UsageError, clean
from generator.messages import msg, msg_n, translate
from generator.validate.corpus import load_corpus
from generator.write.generate import generate

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def cmd_validate(args) -> int:
    project = _project(args)
    files = [Path(f) for f in args.files] or None
    for f in files or []:
        if not f.is_file():
            raise UsageError(f"no such file: {f}")
    corpus = load_corpus(project.content, only=files)
    from generator.validate.editorial import todo_count

    lang = args.message_lang
    print(translate(msg_n("OK: {n} playbook valid.", "OK: {n} playbooks valid.", len(corpus.playbooks)), lang))
    for pb in corpus.playbooks:  # what is left before a draft can be published
        doc = corpus.documents.get(pb.id)
        if pb.is_draft and doc is not None and (not files or Path(doc.name).name in {f.name for f in files}):
            print(translate(msg_n("{id}: draft, {n} TODO left", "{id}: draft, {n} TODOs left",
                                  todo_count(doc.data), id=pb.id), lang))
    return EXIT_OK


def cmd_generate(args) -> int:
    _, log = generate(_project(args), use_disk_cache=not args.no_cache)
    print(f"Generated docs/: {len(log.written)} written, {len(log.unchanged)} unchanged, {len(log.removed)} removed.")
    return EXIT_OK


def cmd_build(args) -> int:
    project = _project(args)
    if args.site_url is not None:
        import os

        from generator.write.configs import SITE_URL_ENV

        url = args.site_url.strip()
        if url and not re.fullmatch(r"https?://[^\s\"'<>]+", url):
            raise UsageError(f"--site-url {args.site_url}: give the address the site is published at, "
                             "e.g. https://example.org/playbooks/")
        before = os.environ.get(SITE_URL_ENV)
        os.environ[SITE_URL_ENV] = url  # read where the configs are written (and by forked workers)
        try:
            corpus = build(project, jobs=args.jobs, use_disk_cache=not args.no_cache)
        finally:
            if before is None:
                del os.environ[SITE_URL_ENV]
            else:
                os.environ[SITE_URL_ENV] = before
    else:
        corpus = build(project, jobs=args.jobs, use_disk_cache=not args.no_cache)
    print(f"Built {len(corpus.playbooks)} playbooks in {', '.join(languages.current().codes)} into {project.site}")
    print("Preview with live reload: make serve")
    return EXIT_OK


def cmd_serve(args) -> int:
    from generator.preview.watch import serve

    project = _project(args)
    return serve(project, args.lang or languages.configure_project(project.content).default, args.addr)


def cmd_status(args) -> int:
    from generator.translate.status import status, translated_languages

    project = _project(args)
    corpus = load_corpus(project.content)
    codes = args.lang or list(translated_languages())
    st = status(corpus, codes)
    print(f"{'language':<10}{'translated':>12}{'missing':>10}{'outdated':>10}")
    for lang in codes:
        c = st.by_lang[lang]
        print(f"{lang:<10}{c['translated']:>12}{c['missing']:>10}{c['outdated']:>10}")
    owners = sorted({owner for owner, _ in st.by_owner})
    print()
    print(f"{'playbook':<28}" + "".join(f"{lang + ' miss/outd':>16}" for lang in codes))
    for owner in owners:
        cells = [st.by_owner[(owner, lang)] for lang in codes]
        print(f"{owner:<28}" + "".join(f"{c['missing']:>9}/{c['outdated']:<6}" for c in cells))
    if args.details:
        for kind, found in (("missing", st.missing), ("outdated", st.outdated)):
            for lang, entry in found:
                print(f"{entry.context}: {lang} {kind} (id {entry.key})")
    from generator.render.uitext import ui_missing

    interface = {lang: len(ui_missing(lang)) for lang in codes}
    for lang, n in interface.items():
        if n:
            print(f"{lang}: {n} interface strings not translated yet "
                  f"(generator/languages/{lang}/ui.yaml; shown in English, marked on every page)")
    from generator.messages import untranslated

    for lang in codes:
        if n := untranslated(lang):
            # Editors' messages fall back to English (the command line's own language), so
            # they are counted for the translator but do not hold a release (--check).
            print(f"{lang}: {n} editor messages not translated yet "
                  f"(generator/languages/{lang}/messages.po; shown in English)")
    fail_outdated = args.check_outdated or (args.check and corpus.settings.translations.fail_on_outdated)
    missing = sum(st.by_lang[lang]["missing"] for lang in codes) + sum(interface.values())
    outdated = sum(st.by_lang[lang]["outdated"] for lang in codes)
    if (args.check or args.check_outdated) and missing:
        print(msg_n("FAIL: {n} missing translation", "FAIL: {n} missing translations", missing), file=sys.stderr)
        return EXIT_INVALID
    if fail_outdated and outdated:
        print(msg_n("FAIL: {n} outdated translation", "FAIL: {n} outdated translations", outdated), file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def _iso_date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d\d-\d\d", text) else None
    except ValueError:
        return None


def cmd_review(args) -> int:
    from datetime import date, timedelta

    today = date.today()
    if args.today is not None:
        today = _iso_date(args.today)
        if today is None:
            raise UsageError(f"--today {args.today}: write the date as YYYY-MM-DD, e.g. 2027-07-01")
    if args.within is not None and args.within < 0:
        raise UsageError(f"--within {args.within}: give a number of days, 0 or more")
    project = _project(args)
    corpus = load_corpus(project.content)
    horizon = today + timedelta(days=args.within or 0)
    late = [(pb.review_by, pb) for pb in corpus.playbooks if pb.review_by is None or pb.review_by < today]
    roles = {r.id: r.name.get(languages.current().source) for r in corpus.settings.roles}
    soon = [(pb.review_by, pb) for pb in corpus.playbooks
            if args.within is not None and pb.review_by is not None and today <= pb.review_by <= horizon]
    for when, pb in sorted(late, key=lambda x: (x[0] is not None, x[0] or today)):
        print(f"{pb.id}: {'no review date' if when is None else 'review was due ' + when.isoformat()}"
              f" (owner: {roles.get(pb.owner, pb.owner) if pb.owner else 'none'})")
    for when, pb in sorted(soon, key=lambda x: (x[0], x[1].id)):
        days = (when - today).days
        print(f"{pb.id}: review due {when.isoformat()}, "
              f"{'today' if days == 0 else f'in {days} day' + ('s' if days != 1 else '')} (owner: {roles.get(pb.owner, pb.owner) if pb.owner else 'none'})")
    if not late and not soon:
        ahead = f" and none falls due in the next {args.within} days" if args.within is not None else ""
        print(f"All {len(corpus.playbooks)} playbooks are within their review dates{ahead}.")
    return EXIT_INVALID if late and args.check else EXIT_OK


def cmd_language(args) -> int:
    from generator.cli import language

    project = _project(args)
    lines = (language.add if args.action == "add" else language.remove)(project, args.code)
    print("\n".join(lines))
    return EXIT_OK


def cmd_new(args) -> int:
    from generator.cli.new import scaffold

    project = _project(args)
    path = scaffold(project, args.id, args.article, args.policy)
    print(f"Wrote {path.relative_to(project.root)}: fill in the texts, then run `playbook validate`.")
    return EXIT_OK


def _lang_option(p: argparse.ArgumentParser) -> None:
    # Which codes are allowed depends on the project (settings.yaml `languages:`): checked in _run.
    p.add_argument("--lang", action="append", metavar="CODE",
                   help="only this language, a translated one of settings.yaml `languages:` (repeatable)")


def _message_languages() -> list[str]:
    from generator.messages import SOURCE, catalog_languages

    return [SOURCE, *catalog_languages()]


def _check_languages(args) -> None:
    """`--lang` names one of the project's languages (settings.yaml `languages:`)."""
    wanted = getattr(args, "lang", None)
    if not wanted or not hasattr(args, "project"):
        return
    config = languages.configure_project(Path(args.project).resolve() / "playbook")
    allowed = config.codes if args.command == "serve" else config.translated
    for code in [wanted] if isinstance(wanted, str) else wanted:
        if code not in allowed:
            raise UsageError(f"--lang {code}: not one of this site's {'languages' if args.command == 'serve' else 'translated languages'} "
                             f"({', '.join(allowed)}; settings.yaml `languages:`)")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="playbook", description="Customer-service playbooks: YAML in, a static site out.")
    p.add_argument("--project", default=".", help="project folder (with mkdocs.yml and playbook/); default: here")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    v = sub.add_parser("validate", help="check playbooks and settings; report every problem with file and line")
    v.add_argument("files", nargs="*", help="only report problems in these playbook files (default: all)")
    v.add_argument("--lang", dest="message_lang", choices=_message_languages(), default=_message_languages()[0],
                   help="write the problems in this language (default: en)")
    v.set_defaults(func=cmd_validate)
    g = sub.add_parser("generate", help="validate, then write the Markdown pages into docs/ (no MkDocs build)")
    no_cache_help = "neither read nor write .cache/generator/ (parse and render everything)"
    g.add_argument("--no-cache", action="store_true", help=no_cache_help)
    g.set_defaults(func=cmd_generate)
    b = sub.add_parser("build", help="validate, generate and build the site into site/ (all languages)")
    b.add_argument("--jobs", type=int, default=None, help="language builds to run at once (default: 4)")
    b.add_argument("--no-cache", action="store_true", help=no_cache_help)
    b.add_argument("--site-url", default=None, metavar="URL",
                   help="the address the site is published at, e.g. https://example.org/playbooks/ (canonical "
                        "links, language alternates, sitemaps, robots.txt; default: $PLAYBOOK_SITE_URL, else "
                        "site_url in mkdocs.yml, else none: a site for any place, disk included)")
    b.set_defaults(func=cmd_build)
    s = sub.add_parser("serve", help="preview one language with live reload; saving a YAML file updates the page")
    s.add_argument("--lang", default=None, metavar="CODE",
                   help="language to preview (default: the site's default, the first of settings.yaml `languages:`)")
    s.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    s.set_defaults(func=cmd_serve)
    st = sub.add_parser("status", help="translation status per language and playbook")
    _lang_option(st)
    st.add_argument("--details", action="store_true", help="list every missing and outdated string")
    st.add_argument("--check", action="store_true",
                    help="exit 1 on missing translations (and outdated ones when settings.yaml says so)")
    st.add_argument("--check-outdated", action="store_true", help="exit 1 on missing or outdated translations")
    st.set_defaults(func=cmd_status)
    tr = sub.add_parser("translations", help="translator round-trip: export/import gettext PO files, confirm")
    trs = tr.add_subparsers(dest="action", required=True, metavar="ACTION")
    ex = trs.add_parser("export", help="write one PO file per language (outdated strings marked fuzzy)")
    ex.add_argument("--out", default="translations", help="folder for the PO files (default: translations)")
    _lang_option(ex)
    ex.set_defaults(func=cmd_export)
    im = trs.add_parser("import", help="write translated PO entries back into the YAML files")
    im.add_argument("files", nargs="+", help="PO files, e.g. translations/fi.po")
    im.add_argument("--lang", dest="message_lang", choices=_message_languages(), default=_message_languages()[0],
                    help="write the messages in this language (default: en)")
    im.set_defaults(func=cmd_import)
    sy = trs.add_parser("sync", help="bring playbook/translations/*.po and playbooks.pot in step with the YAML: "
                        "translators' work into the YAML, English changes into the PO files")
    sy.add_argument("--check", action="store_true", help="change nothing; exit 1 when a sync would change a file")
    _lang_option(sy)
    sy.set_defaults(func=cmd_sync)
    co = trs.add_parser("confirm", help="record translations as up to date: those the editor changed "
                        "(against git HEAD), one by --id, or every outdated one with --all")
    co.add_argument("files", nargs="*", help="only these YAML files (default: all)")
    co.add_argument("--id", action="append", metavar="ID",
                    help="confirm this text whatever its state, e.g. angry-customer/steps/listen/title (repeatable)")
    co.add_argument("--all", action="store_true", help="also confirm outdated translations nobody changed")
    _lang_option(co)
    co.set_defaults(func=cmd_confirm)
    rv = sub.add_parser("review", help="list playbooks past their review-by date (and, with --within, due soon)")
    rv.add_argument("--check", action="store_true", help="exit 1 when any playbook is past review")
    rv.add_argument("--within", type=int, metavar="DAYS", help="also list playbooks due for review in the next DAYS days")
    rv.add_argument("--today", help="the date to compare with (YYYY-MM-DD; default: today)")
    rv.set_defaults(func=cmd_review)
    la = sub.add_parser("language", help="add a language to the site (writes its pack from CLDR) or remove one")
    las = la.add_subparsers(dest="action", required=True, metavar="ACTION")
    for action, what in (("add", "add a language: its pack from CLDR, the code in settings.yaml `languages:`"),
                         ("remove", "take a language out of settings.yaml `languages:` (its texts stay)")):
        one = las.add_parser(action, help=what)
        one.add_argument("code", help="the language code, e.g. sv, et, uk, fa")
        one.set_defaults(func=cmd_language)
    nw = sub.add_parser("new", help="write a new playbook with every field and every site language stubbed")
    nw.add_argument("id", help="the new playbook's id, e.g. phone-complaint (lowercase, digits, hyphens)")
    nw.add_argument("--article", default=None, help="its source article file (default: the first in sources.yaml)")
    nw.add_argument("--policy", action="store_true",
                    help="all company policy: cite no article, every part owned by a role (`policy:`)")
    nw.set_defaults(func=cmd_new)
    return p


def main(argv: list[str] | None = None) -> int:
    if argv is None and hasattr(signal, "SIGPIPE"):
        # `playbook status | head` closes the pipe early: end quietly, as other commands do
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    args = parser().parse_args(argv)
    # Every message goes out through a filter that shows control characters as escapes:
    # a value from a file (an owner, a key, a PO context) cannot move the cursor, erase
    # lines or fake output in a terminal or a CI log, whichever command prints it.
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Clean(sys.stdout), _Clean(sys.stderr)
    try:
        return _run(args)
    finally:
        sys.stdout, sys.stderr = streams


class _Clean:
    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(clean(text, keep_lines=True))

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _run(args) -> int:
    try:
        _check_languages(args)
        return args.func(args)
    except UsageError as err:
        print(f"playbook: {err}", file=sys.stderr)
        return EXIT_USAGE
    except ContentError as err:
        # English unless asked (`playbook validate --lang fi`): the messages from the catalogs
        lang = getattr(args, "message_lang", None) or _message_languages()[0]
        print(err.report(lang), file=sys.stderr)
        if args.command != "validate":  # validate never builds: the problems are all it has to say
            print(translate(msg("Nothing was built; site/ is unchanged.") if args.command != "translations"
                            else msg("Refused: no file was changed."), lang), file=sys.stderr)
        return EXIT_INVALID
    except BuildError as err:
        print(str(err), file=sys.stderr)
        print("The build failed; site/ is unchanged.", file=sys.stderr)
        return EXIT_INVALID
    except OSError as err:  # a file or folder we may not read or write: a message, no traceback
        if args.command in ("translations", "new"):
            from generator.load.yamledit import JOURNAL

            half = (Path(args.project).resolve() / "playbook" / JOURNAL).exists()
            lang = getattr(args, "message_lang", None) or _message_languages()[0]
            print("playbook: " + translate(msg("could not write the files: {reason} ({file})",
                                               reason=err.strerror or err, file=err.filename or ""), lang),
                  file=sys.stderr)
            print(translate(msg("Writing stopped part-way: run any playbook command to finish it.") if half
                            else msg("No file was changed."), lang), file=sys.stderr)
            return EXIT_INVALID
        what = f" {clean(err.filename)}" if err.filename else ""
        print(f"playbook: cannot use{what}: {clean(err.strerror or err)} (check who owns it and its permissions)",
              file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("Interrupted; site/ is unchanged." if args.command != "translations"
              else "Interrupted; no file was changed.", file=sys.stderr)
        return 130
