"""Validation of the grammar conventions (grammar.py): forms, plurals, lists and lints.

Each function returns (path suffix, message, fix) triples; checks.py turns them into
problems with file and line. Messages speak of what the editor wrote, fixes say what
to write instead.
"""

from __future__ import annotations

from typing import Iterator, Mapping

from generator.grammar.forms import (
    AUTOMATIC_FORMS,
    BRACKETED_RE,
    CONTENT_COUNTS,
    GLUED_RE,
    LIST_STYLES,
    PLACEHOLDER_RE,
    PLURAL_CATEGORIES,
    example_numbers,
    gender_forms,
    plural_categories,
    strings,
)
from generator import languages
from generator.messages import join, language, msg

Found = tuple[tuple, str, str]
TERMS = {"supervisor": "company.supervisor", "company": "company.name", "security_contact": "company.security_contact"}
LISTS = ("gifts",)


def _terms(settings) -> dict:
    if settings is None:
        return {}
    return {"supervisor": settings.company.supervisor, "company": settings.company.name,
            "security_contact": settings.company.security_contact}


def placeholder_forms(value: str, lang: str, settings) -> Iterator[Found]:
    """`{name:form}`: the form must exist for the language and be declared in settings."""
    terms = _terms(settings)
    for m in PLACEHOLDER_RE.finditer(value):
        name, form = m.group(1), m.group(2)
        written = m.group(0)
        if name in LISTS:
            if form not in LIST_STYLES:
                yield ((), msg("`{written}`: say whether the list means one of them or all of them", written=written),
                       msg("write `{either}` (\"one of\": a, b or c) or `{both}` (\"all of\": a, b and c)",
                           either="{" + name + ":or}", both="{" + name + ":and}"))
            continue
        if not form:
            continue
        if name not in TERMS:
            yield ((), msg("`{written}`: `{placeholder}` has no grammatical forms", written=written,
                           placeholder="{" + name + "}"),
                   msg("write `{placeholder}`; forms exist for {names}, and `:or`/`:and` for {lists}",
                       placeholder="{" + name + "}", names=", ".join("{" + t + "}" for t in TERMS), lists="{gifts}"))
            continue
        if form not in languages.forms(lang):
            yield ((), msg("`{written}`: `{form}` is not a {lang} form", written=written, form=form, lang=language(lang)),
                   msg("use one of: {names}", names=", ".join(languages.forms(lang))))
            continue
        term = terms.get(name)
        if form in AUTOMATIC_FORMS or term is None:
            continue
        if term.form(lang, form) is None:
            declared = ", ".join(sorted(((term.forms or {}).get(lang) or {}))) or msg("none yet")
            yield ((), msg("`{written}` asks for the `{form}` form, which settings.yaml does not declare for {lang}",
                           written=written, form=form, lang=language(lang)),
                   msg("add `{form}: …` under `{key}` in playbook/settings.yaml (declared: {declared}), or rephrase "
                       "with a declared form; a name that never changes (ООО «Ромашка») is listed instead under "
                       "`{indeclinable}`", form=form, key=f"{TERMS[name]}.forms.{lang}", declared=declared,
                       indeclinable=f"{TERMS[name]}.indeclinable"))


# The fixes' examples, in the language of the text being fixed.
def _example(lang: str, name: str) -> str:
    """An example for a fix, in the language of the text being fixed (its pack's `examples:`),
    else in the source language's."""
    found = (languages.pack(lang).get("examples") or {}).get(name)
    return found or (languages.pack(languages.current().source).get("examples") or {}).get(name, "")


def lints(value: str, in_script: bool, lang: str | None = None) -> Iterator[Found]:
    """Patterns that read wrongly once a value is filled in, or once copied to a customer."""
    for m in BRACKETED_RE.finditer(value):
        yield ((), msg("`{written}`: a placeholder in brackets works around a missing grammatical form",
                       written=m.group(0)),
               msg("name the form the sentence needs, e.g. `{example}`, declared under `forms:` in "
                   "settings.yaml; or rephrase so the value stands in its base form", example="{supervisor:gen}"))
    for m in GLUED_RE.finditer(value):
        yield ((), msg("`{written}`: an ending is glued to a value that changes with the settings", written=m.group(0)),
               msg("rephrase so the value needs no ending, e.g. \"{example}\"; for a name, use a declared form such "
                   "as `{form}`", example=_example(lang or languages.current().source, "no_ending"), form="{company:gen}"))
    if in_script:
        for found in gender_forms(value):
            yield ((), msg("`{written}`: a slash or bracket gender form would be copied to the customer as is",
                           written=found),
                   msg("word it so it fits every customer (e.g. {example})",
                       example=_example(lang or languages.current().source, "fits_everyone")))


def plural_shape(values: Mapping[str, object], counts: tuple[str, ...]) -> Iterator[Found]:
    """A text with a count gives every language's CLDR categories; one without, none."""
    has_count = any(name in counts
                    for value in values.values() for s in strings(value) for name, _ in PLACEHOLDER_RE.findall(s))
    for lang, value in values.items():
        if value is None:
            continue
        needed = plural_categories(lang)
        if not has_count:
            if isinstance(value, dict):
                yield ((lang,), msg("plural forms are given, but the text has no count such as {counts}",
                                    counts=" ".join("{" + c + "}" for c in counts)),
                       msg("write one string, or put the count placeholder into the forms"))
            continue
        if isinstance(value, str):
            shape = join("\n", [msg("      {category}: … (e.g. {numbers})", category=c,
                                     numbers=", ".join(example_numbers(lang, c)[:3])) for c in needed])
            yield ((lang,), msg("this text has a count, so it needs one string per plural form of the language"),
                   msg("write `{lang}:` as a mapping:\n{shape}", lang=lang, shape=shape))
            continue
        missing = [c for c in needed if c not in value]
        extra = [c for c in value if c not in needed]
        for c in missing:
            yield ((lang,), msg("the `{category}` plural form is missing (used for {numbers} …)", category=c,
                                numbers=", ".join(example_numbers(lang, c)[:4])),
                   msg("add `{category}: …`; {lang} needs: {names}", category=c, lang=language(lang), names=", ".join(needed)))
        for c in extra:
            yield ((lang, c), msg("{lang} has no `{category}` plural form", lang=language(lang), category=c),
                   msg("remove it; {lang} uses: {names}", lang=language(lang), names=", ".join(needed)))


__all__ = ["placeholder_forms", "lints", "plural_shape", "CONTENT_COUNTS", "PLURAL_CATEGORIES"]


def declared_forms(term) -> Iterator[Found]:
    """The forms a settings term declares must be forms of their language."""
    for lang, forms in (term.forms or {}).items():
        for form, value in forms.items():
            if form not in languages.forms(lang):
                yield (("forms", lang, form), msg("`{form}` is not a {lang} form", form=form, lang=language(lang)),
                       msg("use one of: {names}", names=", ".join(languages.forms(lang))))
            elif not value.strip():
                yield (("forms", lang, form), msg("the form is empty"), msg("write the form, or remove the key"))
