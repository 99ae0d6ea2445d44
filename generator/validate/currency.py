"""settings.yaml `company: currency:` and the amounts: one currency for the site, or one per
language (Finland in EUR, Sweden in SEK); every amount then has a number per currency.

A currency must be one CLDR knows (Babel's list of ISO 4217 codes), every configured
language must have one, and every amount a number for each currency the site uses.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.numbers import get_territory_currencies, list_currencies

from generator import languages
from generator.errors import suggest
from generator.messages import language, msg, msg_n
from generator.model import SETTINGS_AMOUNTS, Settings
from generator.validate.checker import Checker


def likely_currency(lang: str) -> str | None:
    """The currency of the country CLDR links with `lang` (sv: SEK, fi: EUR): a suggestion only."""
    likely = get_global("likely_subtags").get(lang.split("-")[0])
    try:
        territory = Locale.parse(likely).territory if likely else None
    except (UnknownLocaleError, ValueError):
        return None
    found = get_territory_currencies(territory) if territory else []
    return found[0] if found else None


@lru_cache(maxsize=1)
def _in_use() -> list[str]:
    """The currencies some country uses today (CLDR): what a suggestion offers (not XEU for EUE)."""
    return sorted({code for territory in get_global("territory_currencies")
                   for code in get_territory_currencies(territory)})


def check_currency(chk: Checker, settings: Settings) -> None:
    company = settings.company
    known = sorted(list_currencies())
    codes = languages.current().codes
    path = ("company", "currency")
    if isinstance(company.currency, str):
        given = [(path, company.currency)]
    else:
        given = [(path + (lang,), code) for lang, code in company.currency.items()]
        for lang in company.currency:
            if lang not in codes:
                chk.add(path + (lang,), msg("`{lang}` is not one of the site's languages ({codes})", lang=lang,
                                            codes=", ".join(codes)),
                        suggest(lang, list(codes)) or msg("delete this line, or add the language to `languages:`"))
        for lang in codes:
            if lang not in company.currency:
                example = likely_currency(lang) or company.currencies[0]
                chk.add(path, msg("the {lang} pages have no currency", lang=language(lang)),
                        msg("add `{lang}: {code}` under `currency:` (the currency of amounts on the {name} pages)",
                            lang=lang, code=example, name=language(lang)), key=True)
    bad = False
    for where, code in given:
        if code not in known:
            bad = True
            chk.add(where, msg("`{code}` is not a currency code CLDR knows", code=code),
                    suggest(code, _in_use()) or msg("write the ISO 4217 code of the currency, e.g. EUR, SEK, USD"))
    if bad:
        return
    currencies = company.currencies
    for name in SETTINGS_AMOUNTS:
        value = getattr(company, name)
        if not isinstance(value, dict):
            if len(currencies) > 1:
                chk.add(("company", name), msg_n("`{name}` is one number, but the site's pages use {n} currency ({currencies})",
                                                 "`{name}` is one number, but the site's pages use {n} currencies "
                                                 "({currencies})", len(currencies), name=name,
                                                 currencies=", ".join(currencies)),
                        msg("give the amount in each currency, e.g. `{name}: {example}`", name=name,
                            example="{" + ", ".join(f"{c}: {value:g}" for c in currencies) + "}"))
            continue
        for code in value:
            if code not in currencies:
                chk.add(("company", name, code), msg("`{code}` is not a currency of the site ({currencies})", code=code,
                                                     currencies=", ".join(currencies)),
                        suggest(code, list(currencies)) or msg("delete this amount, or add the currency under `currency:`"))
        for code in currencies:
            if code not in value:
                chk.add(("company", name), msg("`{name}` has no amount in {code}", name=name, code=code),
                        msg("add `{code}: …` (the amount in {code}) under `{name}:`", code=code, name=name), key=True)
