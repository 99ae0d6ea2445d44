"""The PO files kept in the repository, in step with the YAML (`playbook translations sync`).

`playbook/translations/playbooks.pot` (the English, for translation platforms' "template")
and one `<lang>.po` per translated language live beside the playbooks. One sync does both
directions, in this order:

1. translators' committed work flows into the YAML: every PO file is read and checked as
   `translations import` reads it (pocheck.py), and its new translations are written into
   the YAML; a text changed on both sides since the last sync is refused, naming it, and
   nothing is written;
2. the template and the PO files are written again from the YAML, as `msgmerge` would
   update them: a new text is an empty entry, a text whose English changed is fuzzy with
   the previous English (`#| msgid`), a removed one becomes obsolete (`#~`), a
   translator's unfinished (fuzzy) work and comments are kept, the header's translator
   fields kept. Entries are sorted by file and line, lines wrapped as GNU gettext wraps
   them (powrite.py), and the header dates change only when the file's content does:
   a sync with nothing new changes no byte.

`--check` (for CI) writes nothing and fails when a sync would change a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import polib
from babel import Locale

from generator.errors import ContentError
from generator.load.yamledit import write_all
from generator import languages as site_languages
from generator.translate import posyntax, powrite
from generator.translate.export import RECORD, Unit, _flags, _line, describe, export_po, part, plural_forms
from generator.translate.importer import import_po_files
from generator.translate.status import CLDR_ORDER, Head, categories, entries, source, translated_languages
from generator.validate.corpus import Corpus, load_corpus

FOLDER = "translations"
TEMPLATE = "playbooks.pot"
PROJECT = "customer-service-playbooks"
_DATES = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): [^"]*\\n"$', re.M)
# Fields a translator or a platform writes into the header: kept as they are.
_THEIRS = ("Last-Translator", "Language-Team")


def languages() -> tuple[str, ...]:
    """The languages that have a PO file: every translated language."""
    return tuple(translated_languages())


@dataclass
class SyncReport:
    imported: list[str] = field(default_factory=list)  # "fi: 3 translations"
    written: list[str] = field(default_factory=list)  # files changed (or that --check would change)
    pending: list[str] = field(default_factory=list)  # --check: translations not yet in the YAML


def folder(root: Path) -> Path:
    """playbook/translations/ of the content folder `root` (playbook/)."""
    return root / FOLDER


def sync(root: Path, langs=None, check: bool = False, now: datetime | None = None) -> SyncReport:
    """Bring the PO files and the YAML in `root` (playbook/) into step; ContentError, nothing
    written, when a PO file cannot be read or a text changed on both sides."""
    langs = tuple(langs or languages())
    report = SyncReport()
    where = folder(root)
    existing = [where / f"{lang}.po" for lang in langs if (where / f"{lang}.po").is_file()]
    corpus = load_corpus(root)
    if existing:
        if check:
            from generator.translate.pocheck import read_po_file

            problems = []
            for path in existing:
                file_report, _, found = read_po_file(corpus, path)
                problems += found
                report.pending += [f"{path.name}: {ctx}" for ctx in file_report.applied + file_report.confirmed]
            if problems:
                raise ContentError(problems)
        else:
            result = import_po_files(corpus, existing)
            for r in result.files:
                if r.applied or r.confirmed:
                    report.imported.append(f"{Path(r.name).name}: {len(r.applied)} applied, "
                                           f"{len(r.confirmed)} confirmed")
            if result.changed_files:
                corpus = load_corpus(root)
    texts = render(corpus, langs, now)
    changed = {path: text for path, text in texts.items()
               if not path.is_file() or path.read_text(encoding="utf-8") != text}
    report.written = [str(p.relative_to(root.parent)) for p in changed]
    if changed and not check:
        where.mkdir(exist_ok=True)
        write_all(changed, root)
    return report


def render(corpus: Corpus, langs, now: datetime | None = None) -> dict[Path, str]:
    """The text of the template and of each language's PO file as a sync writes them."""
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M+0000")
    where = folder(corpus.root)
    head = Head(corpus.root)
    out: dict[Path, str] = {}
    pot = template(corpus)
    pot_path = where / TEMPLATE
    pot_text = _dated(pot, _old(pot_path), stamp, ("POT-Creation-Date", "PO-Revision-Date"), _same_text)
    out[pot_path] = pot_text
    created = pot.metadata["POT-Creation-Date"]
    for lang in langs:
        path = where / f"{lang}.po"
        old = _old(path)
        po = merged(corpus, lang, old, head)
        po.metadata["POT-Creation-Date"] = created
        out[path] = _dated(po, old, stamp, ("PO-Revision-Date",), _same_translations)
    return out


def _old(path: Path) -> polib.POFile | None:
    if not path.is_file():
        return None
    return posyntax.pofile(path)


def _dated(po: polib.POFile, old: polib.POFile | None, stamp: str, fields: tuple[str, ...], same) -> str:
    """The file's text; its date fields keep their old values while `same(po, old)`."""
    for name in fields:
        po.metadata[name] = po.metadata.get(name) or stamp
        if old is not None and old.metadata.get(name):
            po.metadata[name] = old.metadata[name]
    if old is None or not same(po, old):
        for name in fields:
            po.metadata[name] = stamp
    return powrite.dumps(po)


def _same_text(po: polib.POFile, old: polib.POFile) -> bool:
    """The template: the same text but for its dates."""
    return _DATES.sub("", powrite.dumps(po)) == _DATES.sub("", powrite.dumps(old))


def _same_translations(po: polib.POFile, old: polib.POFile) -> bool:
    """A language's file: the same English, translations and states (PO-Revision-Date is the
    translations' date; what msgmerge or a tool added and the sync takes out is no revision)."""
    def content(entries, keys=None):
        return {e.msgctxt: (e.msgid, e.msgstr, "fuzzy" in e.flags, e.obsolete) for e in entries
                if keys is None or e.msgctxt in keys}
    mine = content(po)
    return mine == content(old, mine.keys())


def _header(lang: str | None) -> tuple[str, dict]:
    comment = ("Customer-service playbooks: the texts of playbook/*.yaml. Kept in step with the YAML by "
               "`playbook translations sync`; translate the msgstr lines only.")
    meta = {
        "Project-Id-Version": PROJECT,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": "",
        "PO-Revision-Date": "",
        "Last-Translator": "",
        "Language-Team": site_languages.english_name(lang) if lang else "",
        "Language": lang or "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(lang) if lang
        else "nplurals=INTEGER; plural=EXPRESSION;",
    }
    return comment, meta


def _sorted(po: polib.POFile) -> None:
    """By file and line (an entry's plural forms keep their CLDR order)."""
    keyed = [(e.occurrences[0][0], int(e.occurrences[0][1] or 0), n, e) for n, e in enumerate(po)]
    po[:] = [e for *_, e in sorted(keyed, key=lambda k: k[:3])]


def template(corpus: Corpus) -> polib.POFile:
    """playbooks.pot: every English text, one entry per plural category any language needs."""
    comment, meta = _header(None)
    pot = polib.POFile(wrapwidth=0)
    pot.header, pot.metadata = comment, meta
    models = {pb.id: pb for pb in corpus.playbooks}
    models.update(settings=corpus.settings, glossary=corpus.glossary)
    needed = [c for c in CLDR_ORDER if any(c in categories(lang) for lang in languages())]
    docs: dict = {}
    for entry in entries(corpus):
        plural = isinstance(entry.text.get(source()), dict) or any(isinstance(entry.text.get(lang), dict) for lang in languages())
        for category in needed if plural else [None]:
            unit = Unit(entry, category)
            english = part(entry.text.get(source()), category) or ""
            notes = [describe(entry, models[entry.owner])]
            if category:
                notes.append(f"Plural form “{category}” (CLDR): only in languages that have it.")
            flags = _flags(unit, english, False)
            pot.append(polib.POEntry(msgctxt=unit.msgctxt, msgid=english, msgstr="",
                                     occurrences=[(entry.file, str(_line(corpus, entry, docs)))],
                                     comment="\n".join(notes), flags=flags))
    _sorted(pot)
    return pot


def merged(corpus: Corpus, lang: str, old: polib.POFile | None, head: Head) -> polib.POFile:
    """The language's PO file from the YAML, merged with what the old file holds that the
    YAML does not: fuzzy work in progress, translators' comments, obsolete entries."""
    po = export_po(corpus, lang, head)
    comment, meta = _header(lang)
    po.header = comment
    for name in _THEIRS:
        if old is not None and old.metadata.get(name):
            meta[name] = old.metadata[name]
    extra = {k: v for k, v in (old.metadata.items() if old is not None else ()) if k not in meta}
    po.metadata = {**meta, **extra}
    _sorted(po)
    if old is None:
        return po
    before = {e.msgctxt: e for e in old if not e.obsolete}
    now = {e.msgctxt for e in po}
    for e in po:
        was = before.get(e.msgctxt)
        if was is None:
            continue
        theirs = [line for line in (was.tcomment or "").split("\n") if line and not RECORD.search(line)]
        if theirs:  # a translator's own comments, kept above the record
            e.tcomment = "\n".join(theirs + [e.tcomment or ""]).strip("\n")
        if "fuzzy" in e.flags and e.previous_msgid is None and was.msgid == e.msgid and was.previous_msgid:
            e.previous_msgid = was.previous_msgid  # git's history is not at hand (a shallow clone)
        if "fuzzy" in was.flags and was.msgstr and was.msgstr != e.msgstr:
            e.msgstr = was.msgstr  # the translator's unfinished work: kept, still fuzzy
            if "fuzzy" not in e.flags:
                e.flags.insert(0, "fuzzy")
    own = categories(lang)
    foreign = lambda ctx: (ctx or "").rpartition("#")[2] in set(CLDR_ORDER) - set(own)  # noqa: E731
    gone = [e for e in old if not e.obsolete and e.msgctxt not in now and e.msgstr and not foreign(e.msgctxt)]
    kept = [e for e in old if e.obsolete and e.msgctxt not in now]
    for e in gone + kept:
        po.append(polib.POEntry(msgctxt=e.msgctxt, msgid=e.msgid, msgstr=e.msgstr, tcomment=e.tcomment,
                                obsolete=True))
    return po
