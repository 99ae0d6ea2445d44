"""Checks of settings.yaml `languages:` and `source_language:`: every code is a language CLDR
knows, has a pack (generator/languages/<code>/), is listed once; the source is one of them.
"""

from __future__ import annotations

from generator import languages
from generator.messages import msg
from generator.validate.checker import Checker


def check_languages(chk: Checker, data) -> None:
    """Run on settings.yaml's data before anything is read against the languages, so that
    these come first (a wrong source language makes every text's keys wrong too)."""
    codes, source = languages.from_data(data)
    seen: set[str] = set()
    for i, code in enumerate(codes):
        if not isinstance(code, str):
            continue  # the schema pass reports it
        where = ("languages", i)
        if code in seen:
            chk.add(where, msg("`{code}` is listed twice", code=code), msg("remove one of them"))
        elif not languages.known(code):
            chk.add(where, msg("`{code}` is not a language code", code=code),
                    msg("write a language code such as en, fi, sv or fa"))
        elif not (languages.pack_dir(code) / "language.yaml").is_file():
            chk.add(where, msg("the language `{code}` has no language pack (generator/languages/{code}/)", code=code),
                    msg("run `playbook language add {code}`, or remove `{code}` from `languages:`", code=code))
        seen.add(code)
    if isinstance(source, str) and source not in codes:
        chk.add(("source_language",), msg("the source language `{code}` is not one of `languages:`", code=source),
                msg("add `{code}` to `languages:`, or set `source_language:` to one of them", code=source))
