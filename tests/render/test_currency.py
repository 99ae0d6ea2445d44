"""Currency per site or per language: `company: currency:` is one ISO code for every page, or
one per language; amounts then carry a number per currency. Every page shows amounts in its
language's currency as CLDR writes them for that locale (through Babel), in the text, in the
decision tree's ranges and in the fill-in's unit; wrong settings are clear errors."""

from __future__ import annotations

import json
import re

import pytest
from babel.numbers import format_currency, get_currency_symbol
from helpers import ROOT, content_project

from generator.errors import ContentError
from generator.messages import translate
from generator.render.pages import Renderer
from generator.render.textfmt import format_amount
from generator.validate.corpus import load_corpus

# A company serving each language's readers in their own currency (Finland in euros, the
# Russian pages in roubles, the Arabic ones in riyals, English in US dollars).
PER_LANGUAGE = {"en": "USD", "fi": "EUR", "ru": "RUB", "ar": "SAR"}
LIMITS = {"concede_limit": {"USD": 55, "EUR": 50, "RUB": 5000, "SAR": 200},
          "department_limit": {"USD": 550, "EUR": 500, "RUB": 50000, "SAR": 2000}}


def settings_text(currency: str, concede: str, department: str) -> str:
    text = (ROOT / "playbook" / "settings.yaml").read_text(encoding="utf-8")
    for old, new in (("  currency: EUR\n", f"  currency: {currency}\n"),
                     ("  concede_limit: 50\n", f"  concede_limit: {concede}\n"),
                     ("  department_limit: 500\n", f"  department_limit: {department}\n")):
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def flow(mapping: dict) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in mapping.items()) + "}"


def project_with(tmp_path, currency=flow(PER_LANGUAGE), concede=flow(LIMITS["concede_limit"]),
                 department=flow(LIMITS["department_limit"])):
    content = content_project(tmp_path)
    (content / "settings.yaml").write_text(settings_text(currency, concede, department), encoding="utf-8")
    return content


def cldr(value: int, currency: str, lang: str) -> str:
    """What CLDR (Babel) writes for a whole amount in `lang`, decimals dropped."""
    return format_currency(value, currency, format=None, locale=lang, currency_digits=False).replace(".00", "") \
        .replace(",00", "").replace("٫٠٠", "")


@pytest.mark.parametrize("lang", ["en", "fi", "ru", "ar"])
def test_each_language_shows_amounts_in_its_own_currency(tmp_path, lang):
    c = load_corpus(project_with(tmp_path))
    r = Renderer(c)
    code = PER_LANGUAGE[lang]
    rules = r.render_playbook(c.playbook("company-rules"), lang)
    concede = format_amount(LIMITS["concede_limit"][code], code, lang)
    assert concede in re.sub(r"</?bdi[^>]*>", "", rules)
    # the locale's own symbol and digits, as Babel gives them (₽ in Russian, ر.س. in Arabic, $ in English)
    symbol = get_currency_symbol(code, locale=lang)
    assert symbol in concede and re.sub(r"\D", "", concede) == str(LIMITS["concede_limit"][code])
    for other, other_code in PER_LANGUAGE.items():
        if other_code != code:  # no other language's currency on this page
            assert format_amount(LIMITS["concede_limit"][other_code], other_code, lang) not in \
                re.sub(r"</?bdi[^>]*>", "", rules)

    # the decision tree's ranges compare in the page's currency, in the widget and in its labels
    claims = r.render_playbook(c.playbook("claims-escalation"), lang)
    data = [json.loads(m) for m in re.findall(r'class="pb-tree-data">(.*?)</script>', claims)]
    amount_nodes = [(t, n) for t in data for n in t["nodes"].values() if n.get("amount")]
    assert amount_nodes
    tree, node = amount_nodes[0]
    bounds = sorted({b for a in node["answers"] for b in (a["over"], a["up_to"]) if b is not None})
    assert bounds == [LIMITS["concede_limit"][code], LIMITS["department_limit"][code]]
    labels = " ".join(a["label"] for a in node["answers"])
    assert format_amount(LIMITS["department_limit"][code], code, lang) in re.sub(r"</?bdi[^>]*>", "", labels)
    assert tree["ui"]["currency"] == code and tree["ui"]["currency_symbol"] == symbol


@pytest.mark.parametrize("lang", ["en", "fi", "ru", "ar"])
def test_an_amount_fill_in_takes_the_pages_currency(tmp_path, lang):
    extra = """id: refund-note
title: {en: Refund, fi: Hyvitys, ru: Возврат, ar: استرداد}
summary: {en: Refund., fi: Hyvitys., ru: Возврат., ar: استرداد.}
when_to_use: {en: Refund., fi: Hyvitys., ru: Возврат., ar: استرداد.}
tags: {channels: [email], situations: [complaint]}
steps:
  - id: s
    title: {en: Refund, fi: Hyvitys, ru: Возврат, ar: استرداد}
    body: {en: Refund., fi: Hyvitys., ru: Возврат., ar: استرداد.}
    source: {policy: head-of-customer-service}
scripts:
  - id: refund
    title: {en: Refund, fi: Hyvitys, ru: Возврат, ar: استرداد}
    source: {policy: head-of-customer-service}
    placeholders:
      - {name: sum, kind: amount, label: {en: Sum, fi: Summa, ru: Сумма, ar: المبلغ}}
    text: {en: "We refund {sum}.", fi: "Hyvitämme {sum}.", ru: "Мы вернём {sum}.", ar: "سنرد {sum}."}
"""
    content = project_with(tmp_path)
    (content / "playbooks" / "refund-note.yaml").write_text(extra, encoding="utf-8")
    c = load_corpus(content)
    page = Renderer(c).render_playbook(c.playbook("refund-note"), lang)
    code = PER_LANGUAGE[lang]
    assert f'data-currency="{code}"' in page
    assert f'<span class="pb-unit">{get_currency_symbol(code, locale=lang)}</span>' in page


def test_one_currency_for_the_site_is_written_as_cldr_writes_it_in_every_language(tmp_path):
    c = load_corpus(project_with(tmp_path, currency="SEK", concede="300", department="3000"))
    for lang in ("en", "fi", "ru", "ar"):
        page = Renderer(c).render_playbook(c.playbook("company-rules"), lang)
        assert format_amount(300, "SEK", lang) in re.sub(r"</?bdi[^>]*>", "", page)
        if lang == "ar":  # the Latin code keeps its order inside the Arabic sentence
            assert '<bdi dir="ltr">300\u00a0SEK</bdi>' in page
    # CLDR's currency spacing: a sign ending in a letter never touches the digits
    assert format_amount(300, "SEK", "en") == "SEK\u00a0300"
    assert format_amount(50, "EUR", "en") == "€50"
    assert format_amount(300, "SEK", "fi") == "300\u00a0SEK" == cldr(300, "SEK", "fi")
    assert format_amount(50, "EUR", "ar") == cldr(50, "EUR", "ar")


def test_an_arabic_range_label_isolates_a_latin_currency_code(tmp_path):
    c = load_corpus(project_with(tmp_path, currency="SEK", concede="300", department="3000"))
    page = Renderer(c).render_playbook(c.playbook("claims-escalation"), "ar")
    data = [json.loads(m) for m in re.findall(r'class="pb-tree-data">(.*?)</script>', page)]
    labels = [a["label"] for t in data for n in t["nodes"].values() if n.get("amount") for a in n["answers"]]
    assert labels and all('<bdi dir="ltr">' in label and "SEK" in label for label in labels)


def problems(tmp_path, **kw):
    with pytest.raises(ContentError) as info:
        load_corpus(project_with(tmp_path, **kw))
    return info.value.problems


def test_a_currency_cldr_does_not_know_is_an_error_with_a_suggestion(tmp_path):
    found = [p for p in problems(tmp_path, currency="EUE", concede="50", department="500")
             if p.path == "company.currency"]
    assert len(found) == 1 and "`EUE` is not a currency code" in found[0].message
    assert found[0].file.endswith("settings.yaml") and found[0].line > 1 and "EUR" in found[0].hint


def test_a_language_without_a_currency_is_an_error_naming_the_likely_one(tmp_path):
    found = [p for p in problems(tmp_path, currency="{en: EUR, fi: EUR, ru: RUB}",
                                 concede="{EUR: 50, RUB: 5000}", department="{EUR: 500, RUB: 50000}")
             if "no currency" in p.message]
    assert len(found) == 1 and "Arabic" in found[0].message and "`ar: EGP`" in found[0].hint
    # in the editor's language
    assert translate(found[0].message, "fi") != found[0].message and "arabia" in translate(found[0].message, "fi")


def test_an_amount_missing_for_a_currency_is_an_error(tmp_path):
    found = problems(tmp_path, concede="{USD: 55, EUR: 50, RUB: 5000}")
    missing = [p for p in found if p.path == "company.concede_limit"]
    assert len(missing) == 1 and "no amount in SAR" in missing[0].message and "`SAR: …`" in missing[0].hint
    one = [p for p in problems(tmp_path / "b", concede="50") if p.path == "company.concede_limit"]
    assert len(one) == 1 and "4 currencies" in one[0].message and "{USD: 50, EUR: 50, RUB: 50, SAR: 50}" in one[0].hint


def test_a_number_as_a_range_bound_needs_one_currency(tmp_path):
    content = project_with(tmp_path)
    path = content / "playbooks" / "claims-escalation.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("          - up_to: concede_limit",
                                                             "          - up_to: 50", 1), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_corpus(content)
    found = [p for p in info.value.problems if p.path.endswith("up_to")]
    assert len(found) == 1 and "different amount in each currency" in found[0].message
    assert "concede_limit" in found[0].hint


def test_language_add_gives_the_new_language_its_countrys_currency(tmp_path):
    # a team with a currency per language adds Swedish: sv gets SEK, and validation asks for
    # the amounts in SEK (a clear error, not a traceback); once given, the Swedish pages show kronor
    import os
    import shutil
    import subprocess
    import sys

    from helpers import copy_handwritten_docs

    root = tmp_path / "p"
    root.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "playbook", root / "playbook")
    copy_handwritten_docs(ROOT / "docs", root / "docs")
    shutil.copytree(ROOT / "generator", root / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    settings = root / "playbook" / "settings.yaml"
    settings.write_text(settings_text("{en: EUR, fi: EUR, ru: EUR, ar: EUR}", "{EUR: 50}", "{EUR: 500}"),
                        encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(root), PYTHONDONTWRITEBYTECODE="1")

    def run(*argv):
        return subprocess.run([sys.executable, "-m", "generator", *argv], cwd=root, capture_output=True, text=True,
                              env=env, timeout=900)

    added = run("language", "add", "sv")
    assert added.returncode == 0 and "Set its currency to SEK" in added.stdout, added.stdout + added.stderr
    assert "currency: {en: EUR, fi: EUR, ru: EUR, ar: EUR, sv: SEK}" in settings.read_text(encoding="utf-8")
    check = run("validate")
    assert check.returncode == 1 and "`concede_limit` has no amount in SEK" in check.stderr
    assert "Traceback" not in check.stderr
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("{EUR: 50}", "{EUR: 50, SEK: 550}").replace("{EUR: 500}", "{EUR: 500, SEK: 5500}"),
                        encoding="utf-8")
    built = run("build")
    assert built.returncode == 0, built.stdout + built.stderr
    page = (root / "site" / "sv" / "playbooks" / "company-rules.html").read_text(encoding="utf-8")
    assert format_amount(550, "SEK", "sv") in page and "50\u00a0€" not in page
    fi_page = (root / "site" / "fi" / "playbooks" / "company-rules.html").read_text(encoding="utf-8")
    assert format_amount(50, "EUR", "fi") in fi_page and "SEK" not in fi_page
