"""A language added as data: a scratch copy of the project gets Swedish (left to right) and
Persian (right to left) with `playbook language add` and a few translated strings, and no
file under generator/ changes other than the two new language packs. Both build; what is
not translated yet is marked and counted. Then Russian, Arabic, Swedish and Persian are
removed again with `playbook language remove`, and the site is English and Finnish only.

The commands run in a separate process from the copy's own generator/ (the packs live in
the generator's folder), as `make site` would run them there."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, copy_project_with_generator, run_copied

FA_TITLE = "مشتری عصبانی: ۱۲ گام"
SV_TITLE = "Arg kund: 12 steg"
FA_MORE = '{one: "و {n} بخش دیگر", other: "و {n} بخش دیگر"}'


scratch = copy_project_with_generator
playbook = run_copied


def fingerprints(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def translate_title(root: Path, lang: str, text: str) -> None:
    path = root / "playbook" / "playbooks" / "angry-customer.yaml"
    yaml_text = path.read_text(encoding="utf-8")
    yaml_text = yaml_text.replace('  ar: "العميل الغاضب: 12 خطوة"\n',
                                  f'  ar: "العميل الغاضب: 12 خطوة"\n  {lang}: "{text}"\n', 1)
    path.write_text(yaml_text, encoding="utf-8")


def html_tag(page: Path) -> str:
    """The page's <html> and <body> tags (Material puts the language on one, the direction on the other)."""
    text = page.read_text(encoding="utf-8")
    return re.search(r"<html[^>]*>", text).group(0) + re.search(r"<body[^>]*>", text).group(0)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = scratch(tmp_path_factory.mktemp("packs") / "p")
    before = fingerprints(root / "generator")
    for code in ("sv", "fa"):
        done = playbook(root, "language", "add", code)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stdout + done.stderr
        assert f"generator/languages/{code}/ui.yaml" in done.stdout and "translations export" in done.stdout
    after = fingerprints(root / "generator")
    changed = {name for name in set(before) | set(after) if before.get(name) != after.get(name)}
    assert changed and all(name.startswith(("languages/sv/", "languages/fa/")) for name in changed), changed
    # a translator's first strings: a title each, and the Swedish site name
    translate_title(root, "sv", SV_TITLE)
    translate_title(root, "fa", FA_TITLE)
    ui = root / "generator" / "languages" / "sv" / "ui.yaml"
    ui.write_text(ui.read_text(encoding="utf-8").replace("\nsite_name:\n", "\nsite_name: Kundtjänstens handböcker\n"),
                  encoding="utf-8")
    # and a Persian interface string that the coverage page shows in <em> ("and 3 more")
    ui = root / "generator" / "languages" / "fa" / "ui.yaml"
    ui.write_text(ui.read_text(encoding="utf-8").replace("\ncoverage_more:\n", f"\ncoverage_more: {FA_MORE}\n"),
                  encoding="utf-8")
    built = playbook(root, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    assert "en, fi, ru, ar, sv, fa" in built.stdout
    return root


def test_added_languages_are_in_settings_and_build_with_their_direction(project):
    settings = yaml.safe_load((project / "playbook" / "settings.yaml").read_text(encoding="utf-8"))
    assert settings["languages"] == ["en", "fi", "ru", "ar", "sv", "fa"]
    assert settings["translations"]["in_progress"] == ["sv", "fa"]
    site = project / "site"
    assert 'lang="sv"' in html_tag(site / "sv" / "index.html") and 'dir="ltr"' in html_tag(site / "sv" / "index.html")
    assert 'lang="fa"' in html_tag(site / "fa" / "index.html") and 'dir="rtl"' in html_tag(site / "fa" / "index.html")
    page = (site / "fa" / "playbooks" / "angry-customer.html").read_text(encoding="utf-8")
    assert FA_TITLE in page
    sv_page = (site / "sv" / "playbooks" / "angry-customer.html").read_text(encoding="utf-8")
    assert SV_TITLE in sv_page and "Kundtjänstens handböcker" in sv_page


def test_the_switcher_and_the_root_page_offer_them(project):
    page = (project / "site" / "en" / "playbooks" / "angry-customer.html").read_text(encoding="utf-8")
    assert 'hreflang="sv"' in page and 'hreflang="fa"' in page and "Svenska" in page and "فارسی" in page
    root = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="sv/index.html"' in root and 'href="fa/index.html"' in root


def test_untranslated_texts_are_marked_on_the_page(project):
    page = (project / "site" / "sv" / "playbooks" / "angry-customer.html").read_text(encoding="utf-8")
    assert 'class="pb-fallback" lang="en" dir="ltr"' in page  # the summary is still English, and says so
    assert "labels of the site are still shown in English" in page
    assert "Translation incomplete:" in page


def test_status_counts_what_is_missing_and_check_fails(project):
    status = playbook(project, "status")
    rows = {line.split()[0]: line.split()[1:] for line in status.stdout.splitlines()[1:5 + 2] if line.strip()}
    assert int(rows["sv"][1]) > 100 and int(rows["fa"][1]) > 100, status.stdout  # missing
    assert int(rows["sv"][0]) >= 1 and int(rows["fa"][0]) >= 1  # the translated titles
    assert re.search(r"sv: \d+ interface strings not translated yet", status.stdout)
    check = playbook(project, "status", "--check")
    assert check.returncode == 1 and "FAIL" in check.stderr and "Traceback" not in check.stderr


def test_persian_is_indexed_as_plain_words(project):
    index = json.loads((project / "site" / "fa" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["pipeline"] == [] and any(FA_TITLE in doc["title"] for doc in index["docs"])
    sv = json.loads((project / "site" / "sv" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert sv["config"]["lang"] == ["sv"]  # lunr stems Swedish


@pytest.mark.parametrize("lang, query, title", [
    ("fa", "عصبانی", FA_TITLE),   # a Persian word: lunr has no Persian, plain words must still match
    ("sv", "arg kund", SV_TITLE),
])
def test_search_finds_the_translated_page(browser, project, lang, query, title):
    from conftest import Visit
    from helpers import SiteServer, type_search
    from playwright.sync_api import expect

    with SiteServer(project / "site") as server:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            v = Visit(context, server.url)
            page = v.goto(f"/{lang}/index.html")
            type_search(page, query)
            results = page.locator(".md-search-result__item .md-search-result__link")
            expect(results.first).to_be_visible(timeout=15000)
            hrefs = results.evaluate_all("els => els.map(e => e.href.split('?')[0].split('#')[0])")
            assert any(h.endswith(f"/{lang}/playbooks/angry-customer.html") for h in hrefs), hrefs
            assert v.errors == [] and v.csp_violations == []
        finally:
            context.close()


def test_an_added_pack_holds_all_its_data(project):
    """The same shape as the first four packs: interface strings, editor messages (every
    message of the code, untranslated, with the language's plural forms), language data."""
    from babel.messages.pofile import read_po

    from generator.messages import TEMPLATE

    with TEMPLATE.open("rb") as f:
        template = {m.id for m in read_po(f) if m.id}
    # the plural forms the translations' PO files of the language have too (Babel's table:
    # gettext gives Persian a single form)
    for code, plurals in (("sv", "nplurals=2; plural=(n != 1);"), ("fa", "nplurals=1; plural=0;")):
        folder = project / "generator" / "languages" / code
        assert {p.name for p in folder.iterdir()} == {"language.yaml", "ui.yaml", "messages.po"}
        with (folder / "messages.po").open("rb") as f:
            catalog = read_po(f)
        assert str(catalog.locale) == code and catalog.plural_forms == plurals
        assert {m.id for m in catalog if m.id} == template
        assert not any(m.string and (m.string if isinstance(m.string, str) else all(m.string)) for m in catalog if m.id)
        done = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(folder / "messages.po")], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    # the translators' notes of the English ui.yaml come along, above the key's English
    before_key = (project / "generator" / "languages" / "fa" / "ui.yaml").read_text(encoding="utf-8").split(
        "\nsafety_line:")[0].splitlines()
    assert before_key[-2:] == ["# Above a playbook's first step when it has `safety_first: true`; the link is the "
                               "safety tree's title.", "# If anyone is threatened or abused, go straight to:"]
    # editors' messages fall back to English, counted for the translator
    status = playbook(project, "status")
    assert re.search(rf"fa: {len(template)} editor messages not translated yet \(generator/languages/fa/messages.po",
                     status.stdout), status.stdout
    assert "fi: " not in status.stdout.split("editor messages")[0].splitlines()[-1]  # the four are complete


def test_added_packs_take_their_quotation_marks_from_cldr(project):
    """CLDR 48.2.0 (npm cldr-misc-full, main/sv|fa/delimiters.json): Swedish ”…” with ’…’
    inside, Persian «…» with ‹…› inside; the pages quote with them."""
    sv = yaml.safe_load((project / "generator" / "languages" / "sv" / "language.yaml").read_text(encoding="utf-8"))
    fa = yaml.safe_load((project / "generator" / "languages" / "fa" / "language.yaml").read_text(encoding="utf-8"))
    assert (sv["typography"]["quotes"], sv["typography"]["inner_quotes"]) == (["”", "”"], ["’", "’"])
    assert (fa["typography"]["quotes"], fa["typography"]["inner_quotes"]) == (["«", "»"], ["‹", "›"])
    assert fa["typography"]["emphasis"] == "upright" and "emphasis" not in sv["typography"]
    page = (project / "site" / "sv" / "playbooks" / "angry-customer.html").read_text(encoding="utf-8")
    assert re.search(r'”<bdi lang="(fi|ru|ar)">[^<]+</bdi>”', page), "a source's section name in Swedish quotes"


def test_emphasis_is_upright_in_arabic_and_persian_and_slanted_in_finnish(browser, project):
    """`typography: emphasis: upright` in the ar pack and in the fa pack `language add` wrote:
    the coverage page's "and 3 more" (<em>) keeps upright in both, slants in Finnish."""
    from conftest import Visit
    from helpers import SiteServer
    from playwright.sync_api import expect

    with SiteServer(project / "site") as server:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            v = Visit(context, server.url)
            for lang, style in (("ar", "normal"), ("fa", "normal"), ("fi", "italic"), ("sv", "italic")):
                page = v.goto(f"/{lang}/coverage.html")
                em = page.locator("article em").first
                expect(em).to_be_visible()
                if lang == "fa":
                    expect(em).to_have_text(re.compile(r"^و \d+ بخش دیگر$"))
                expect(em).to_have_css("font-style", style)
            assert v.errors == [] and v.csp_violations == []
        finally:
            context.close()


def test_adding_twice_or_a_made_up_code_is_a_message(project):
    again = playbook(project, "language", "add", "sv")
    assert again.returncode == 2 and "already one of the site's languages" in again.stderr
    bad = playbook(project, "language", "add", "xx")
    assert bad.returncode == 2 and "not a language code" in bad.stderr and "Traceback" not in bad.stderr


def test_removing_languages_builds_english_and_finnish_only(project):
    for code in ("ru", "ar", "sv", "fa"):
        done = playbook(project, "language", "remove", code)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    source = playbook(project, "language", "remove", "en")
    assert source.returncode == 2 and "source language" in source.stderr and "Traceback" not in source.stderr
    built = playbook(project, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    site = project / "site"
    assert sorted(p.name for p in site.iterdir() if p.is_dir() and p.name != "schema") == ["en", "fi"]
    page = (site / "fi" / "playbooks" / "angry-customer.html").read_text(encoding="utf-8")
    for code in ("ru", "ar", "sv", "fa"):
        assert f'hreflang="{code}"' not in page and f"../{code}/" not in page
    settings = yaml.safe_load((project / "playbook" / "settings.yaml").read_text(encoding="utf-8"))
    assert settings["languages"] == ["en", "fi"] and settings["translations"]["in_progress"] == []


def language_code_hits(root: Path) -> tuple[list[str], set[str]]:
    """Lines under root/generator/ (outside the packs) that name a language code, and the
    kinds of file read. Python and JavaScript: a quoted code. Stylesheets and templates
    (theme HTML, Jinja .j2): also a selector, `:lang(ar)` or `[lang="ar"]`."""
    from generator import languages

    codes = "|".join(sorted({*languages.packs(), "sv", "fa", "de", "et", "uk"}))
    quoted = re.compile(rf"""(["'])({codes})\1""")
    markup = re.compile(rf"""(["'])({codes})\1|:lang\(\s*["']?({codes})\b|\[\s*(?:xml:)?lang\s*[|~^]?=\s*["']?({codes})\b""")
    allowed = {("generator/languages/__init__.py", 'CODE_TEXTS = "en"')}  # the code's own texts, not a site language
    kinds = {".py": quoted, ".js": quoted, ".css": markup, ".html": markup, ".j2": markup}
    found, looked = [], set()
    for path in sorted(p for p in (root / "generator").rglob("*") if p.suffix in kinds and p.is_file()):
        rel = path.relative_to(root).as_posix()
        if rel.startswith("generator/languages/") and path.parent != root / "generator" / "languages":
            continue  # inside a pack
        looked.add(path.suffix)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if kinds[path.suffix].search(line) and not any(rel == f and marker in line for f, marker in allowed):
                found.append(f"{rel}:{number}: {line.strip()}")
    return found, looked


def test_no_code_names_a_language():
    """Languages are data: no Python or JavaScript file, stylesheet or template of the
    generator names a language code outside the language packs. The one exception is the
    language the code's own messages are written in (their msgids), which is no site setting."""
    found, looked = language_code_hits(ROOT)
    assert looked == {".py", ".js", ".css", ".html", ".j2"}  # the theme and the templates are read too
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("name, line", [
    ("site/theme/assets/playbook/x.css", "em:lang(ar), i:lang(ar) { font-style: normal; }"),  # what issue 20 removed
    ("site/theme/assets/playbook/x.css", '[lang="fa"] em { font-style: normal; }'),
    ("site/theme/assets/playbook/x.css", ':lang( fi ) q { quotes: "”" "”"; }'),
    ("render/templates/x.md.j2", "{% if lang == 'ru' %}«{% endif %}"),
    ("site/theme/partials/x.html", '{% if config.theme.language == "ar" %}'),
])
def test_the_grep_catches_a_code_in_a_stylesheet_or_template(tmp_path, name, line):
    path = tmp_path / "generator" / name
    path.parent.mkdir(parents=True)
    path.write_text("/* fine */\n" + line + "\n", encoding="utf-8")
    found, _ = language_code_hits(tmp_path)
    assert found == [f"generator/{name}:2: {line}"]
