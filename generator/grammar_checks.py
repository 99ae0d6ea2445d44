"""Validation of the grammar conventions (grammar.py): forms, plurals, lists and lints.

Each function returns (path suffix, message, fix) triples; checks.py turns them into
problems with file and line. Messages speak of what the editor wrote, fixes say what
to write instead.
"""

from __future__ import annotations

from typing import Iterator, Mapping

from generator.grammar import (
    AUTOMATIC_FORMS,
    BRACKETED_RE,
    CONTENT_COUNTS,
    FORMS,
    GLUED_RE,
    LIST_STYLES,
    PLACEHOLDER_RE,
    PLURAL_CATEGORIES,
    example_numbers,
    gender_forms,
    plural_categories,
    strings,
)

Found = tuple[tuple, str, str]
TERMS = {"supervisor": "company.supervisor", "company": "company.name"}
LISTS = ("gifts",)


def _terms(settings) -> dict:
    if settings is None:
        return {}
    return {"supervisor": settings.company.supervisor, "company": settings.company.name}


def placeholder_forms(value: str, lang: str, settings) -> Iterator[Found]:
    """`{name:form}`: the form must exist for the language and be declared in settings."""
    terms = _terms(settings)
    for m in PLACEHOLDER_RE.finditer(value):
        name, form = m.group(1), m.group(2)
        written = m.group(0)
        if name in LISTS:
            if form not in LIST_STYLES:
                yield ((), f"`{written}`: say whether the list means one of them or all of them",
                       f"write `{{{name}:or}}` (\"one of\": a, b or c) or `{{{name}:and}}` (\"all of\": a, b and c)")
            continue
        if not form:
            continue
        if name not in TERMS:
            yield ((), f"`{written}`: `{{{name}}}` has no grammatical forms",
                   f"write `{{{name}}}`; forms exist for {', '.join('{' + t + '}' for t in TERMS)}, "
                   f"and `:or`/`:and` for {{gifts}}")
            continue
        if form not in FORMS[lang]:
            yield ((), f"`{written}`: `{form}` is not a {lang} form",
                   f"use one of: {', '.join(FORMS[lang])}")
            continue
        term = terms.get(name)
        if form in AUTOMATIC_FORMS or term is None:
            continue
        if term.form(lang, form) is None:
            declared = ", ".join(sorted(((term.forms or {}).get(lang) or {}))) or "none yet"
            yield ((), f"`{written}` asks for the `{form}` form, which settings.yaml does not declare for {lang}",
                   f"add `{form}: …` under `{TERMS[name]}.forms.{lang}` in playbook/settings.yaml "
                   f"(declared: {declared}), or rephrase with a declared form")


def lints(value: str, in_script: bool) -> Iterator[Found]:
    """Patterns that read wrongly once a value is filled in, or once copied to a customer."""
    for m in BRACKETED_RE.finditer(value):
        yield ((), f"`{m.group(0)}`: a placeholder in brackets works around a missing grammatical form",
               "name the form the sentence needs, e.g. `{supervisor:gen}`, declared under `forms:` in "
               "settings.yaml; or rephrase so the value stands in its base form")
    for m in GLUED_RE.finditer(value):
        yield ((), f"`{m.group(0)}`: an ending is glued to a value that changes with the settings",
               "rephrase so the value needs no ending, e.g. \"…joiden summa on enintään {department_limit}\"; "
               "for a name, use a declared form such as `{company:gen}`")
    if in_script:
        for found in gender_forms(value):
            yield ((), f"`{found}`: a slash or bracket gender form would be copied to the customer as is",
                   "word it so it fits every customer (e.g. «Здравствуйте, {customer_name}!», «мы разобрались»)")


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
                yield ((lang,), "plural forms are given, but the text has no count such as "
                       + " ".join("{" + c + "}" for c in counts),
                       "write one string, or put the count placeholder into the forms")
            continue
        if isinstance(value, str):
            shape = "\n".join(f"      {c}: … (e.g. {', '.join(example_numbers(lang, c)[:3])})" for c in needed)
            yield ((lang,), "this text has a count, so it needs one string per plural form of the language",
                   f"write `{lang}:` as a mapping:\n{shape}")
            continue
        missing = [c for c in needed if c not in value]
        extra = [c for c in value if c not in needed]
        for c in missing:
            yield ((lang,), f"the `{c}` plural form is missing (used for {', '.join(example_numbers(lang, c)[:4])} …)",
                   f"add `{c}: …`; {lang} needs: {', '.join(needed)}")
        for c in extra:
            yield ((lang, c), f"{lang} has no `{c}` plural form",
                   f"remove it; {lang} uses: {', '.join(needed)}")


__all__ = ["placeholder_forms", "lints", "plural_shape", "CONTENT_COUNTS", "PLURAL_CATEGORIES"]


def declared_forms(term) -> Iterator[Found]:
    """The forms a settings term declares must be forms of their language."""
    for lang, forms in (term.forms or {}).items():
        for form, value in forms.items():
            if form not in FORMS[lang]:
                yield (("forms", lang, form), f"`{form}` is not a {lang} form", f"use one of: {', '.join(FORMS[lang])}")
            elif not value.strip():
                yield (("forms", lang, form), "the form is empty", "write the form, or remove the key")
