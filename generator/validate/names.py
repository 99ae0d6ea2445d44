"""Validation of the company's names inside sentences (grammar/names.py): gender choices, the
genders settings terms declare, and what reads wrongly once the settings are filled in.

Each function returns (path suffix, message, fix) triples, as validate/grammar.py does;
checks.py turns them into problems at the text's file and line, and the PO import
(translate/pocheck.py) at the PO entry's line.
"""

from __future__ import annotations

import re
from typing import Iterator

from generator import languages
from generator.errors import suggest
from generator.grammar.forms import PLACEHOLDER_RE, capitalise, join_list
from generator.grammar.names import GENDER_RE, OTHER, Piece, choices, choose, doubled_words, quotes_nested
from generator.grammar.typography import typography
from generator.messages import language, msg

Found = tuple[tuple, str, str]
TERMS = {"supervisor": "company.supervisor", "company": "company.name", "security_contact": "company.security_contact"}


def _terms(settings) -> dict:
    if settings is None:
        return {}
    c = settings.company
    return {"supervisor": c.supervisor, "company": c.name, "security_contact": c.security_contact}


def _shape(name: str, lang: str) -> str:
    """How a complete choice looks in `lang`: {supervisor:gender|masculine=…|feminine=…}."""
    genders = languages.genders(lang)
    return "{" + name + ":gender|" + "|".join(f"{g}=…" for g in genders) + "}"


def gender_choices(value: str, lang: str, settings=None) -> Iterator[Found]:
    """`{name:gender|…}`: a settings term, genders of the language, every gender covered."""
    genders = languages.genders(lang)
    terms = _terms(settings)
    for choice in choices(value):
        written = choice.written if len(choice.written) <= 80 else choice.written[:77] + "…"
        if choice.name not in TERMS:
            yield ((), msg("`{written}`: only a name from the settings has a grammatical gender", written=written),
                   msg("choose by the gender of one of: {names}", names=", ".join("{" + t + "}" for t in TERMS)))
            continue
        if not genders:
            yield ((), msg("`{written}`: {lang} has no grammatical gender", written=written, lang=language(lang)),
                   msg("write the words once, without the choice"))
            continue
        for part in choice.malformed:
            yield ((), msg("`{written}`: “{part}” does not say which gender it is for", written=written, part=part),
                   msg("write each choice as gender=words, e.g. {example}", example=_shape(choice.name, lang)))
        seen: set[str] = set()
        for key, _ in choice.branches:
            if key in seen:
                yield ((), msg("`{written}`: the gender `{gender}` is given twice", written=written, gender=key),
                       msg("keep one of them"))
            seen.add(key)
            if key != OTHER and key not in genders:
                yield ((), msg("`{written}`: `{gender}` is not a grammatical gender of {lang}", written=written,
                               gender=key, lang=language(lang)),
                       suggest(key, [*genders, OTHER]) or msg("use one of: {names}", names=", ".join([*genders, OTHER])))
        missing = [g for g in genders if g not in seen]
        if missing and OTHER not in seen:
            yield ((), msg("`{written}` gives no words for the {genders} gender", written=written,
                           genders=", ".join(missing)),
                   msg("add {branches}, or `other=…` for every gender not named ({lang} has: {names})",
                       branches=", ".join(f"`{g}=…`" for g in missing), lang=language(lang),
                       names=", ".join(genders)))
        term = terms.get(choice.name)
        if term is not None and term.get(lang) is not None and term.gender_of(lang) is None:
            yield ((), msg("`{written}` chooses words by the gender of {placeholder}, which settings.yaml does not "
                           "declare for {lang}", written=written, placeholder="{" + choice.name + "}",
                           lang=language(lang)),
                   msg("add `{example}` under `{key}` in playbook/settings.yaml ({names})",
                       example="gender: {" + lang + ": …}", key=TERMS[choice.name], names=", ".join(genders)))


def declared_gender(term) -> Iterator[Found]:
    """The genders a settings term declares must be genders of their language."""
    for lang, gender in (term.gender or {}).items():
        genders = languages.genders(lang)
        if not genders:
            yield (("gender", lang), msg("{lang} has no grammatical gender", lang=language(lang)),
                   msg("remove `{lang}` from `gender:`", lang=lang))
        elif gender not in genders:
            yield (("gender", lang), msg("`{gender}` is not a grammatical gender of {lang}", gender=gender,
                                          lang=language(lang)),
                   suggest(gender, list(genders)) or msg("use one of: {names}", names=", ".join(genders)))


_PIECES = re.compile(GENDER_RE.pattern + "|" + PLACEHOLDER_RE.pattern)


def pieces(value: str, lang: str, settings) -> list[Piece]:
    """The text with the settings filled in, in pieces: its own words, and each filled-in name."""
    terms = _terms(settings)
    c = settings.company
    out: list[Piece] = []
    last = 0
    for m in _PIECES.finditer(value):
        out.append(Piece(value[last:m.start()], ""))
        last = m.end()
        if m.group(1):  # a gender choice: the text's own words
            term = terms.get(m.group(1))
            out.append(Piece(choose(next(choices(m.group(0))), term.gender_of(lang) if term else None), ""))
            continue
        name, form, written = m.group(3), m.group(4), m.group(0)
        if name in terms:
            term = terms[name]
            found = term.form(lang, form)
            if found is None:
                base = term.get(lang)
                if not isinstance(base, str):
                    found = written  # not in this language: shown in another, marked (nothing to check)
                else:
                    found = capitalise(base) if form == "cap" else base
            out.append(Piece(found, written))
        elif name == "gifts":
            words = [g.get(lang) for g in c.gifts]
            joined = join_list([w for w in words if isinstance(w, str)] or ["…"], "or" if form == "or" else "and", lang)
            out.append(Piece(joined, written))
        else:
            out.append(Piece(written, ""))  # numbers, a script's own blanks: no words to pair, no quotation marks
    out.append(Piece(value[last:], ""))
    return [p for p in out if p.text]


def filled(value: str, lang: str, settings) -> Iterator[Found]:
    """Quotation marks inside the same quotation marks, and a word twice in a row, once the
    settings are filled in."""
    if settings is None:
        return
    t = typography(lang)
    if "{" not in value and value.count(t.open) < 2:
        return  # nothing filled in, and no quotation inside another
    parts = pieces(value, lang, settings)
    nested = quotes_nested(parts, t.open, t.close)
    if nested:
        quoted, placeholder = nested
        if placeholder:
            yield ((), msg("once the settings are filled in, a quotation stands inside the same quotation marks: "
                           "{quoted} ({placeholder} brings its own)", quoted=quoted, placeholder=placeholder),
                   msg("remove the quotation marks {open}{close} around {placeholder} in this text: the name in "
                       "the settings has its own", open=t.open, close=t.close, placeholder=placeholder))
        else:
            yield ((), msg("a quotation stands inside the same quotation marks: {quoted}", quoted=quoted),
                   msg("use {inner_open}…{inner_close} for the quotation inside", inner_open=t.inner_open,
                       inner_close=t.inner_close))
    doubled = doubled_words(parts)
    if doubled:
        word, around, placeholder = doubled
        yield ((), msg("once the settings are filled in, the word “{word}” stands twice in a row: “{around}”",
                       word=word, around=around),
               msg("{placeholder} already says “{word}”: remove the word next to {placeholder} in this text, "
                   "or use the form of the name that fits here", placeholder=placeholder, word=word))
