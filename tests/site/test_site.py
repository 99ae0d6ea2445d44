"""Stage 4: the built site, read as files: four languages, own search index each, nothing external."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

LANGS = ("en", "fi", "ru", "ar")
PLAYBOOKS = ("is-customer-right", "angry-customer")


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[str] = []
        self.html_attrs: dict[str, str] = {}
        self.body_attrs: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_attrs = {k: v or "" for k, v in attrs.items()}
        if tag == "body":
            self.body_attrs = {k: v or "" for k, v in attrs.items()}
        for key in ("src", "href", "action", "poster", "data"):
            if attrs.get(key):
                self.refs.append(attrs[key])


def parse(path):
    p = _Refs()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_every_playbook_exists_in_every_language(built):
    for lang in LANGS:
        for pb in PLAYBOOKS:
            page = built.site / lang / "playbooks" / f"{pb}.html"
            parsed = parse(page)
            assert parsed.html_attrs["lang"] == lang
            assert parsed.body_attrs["dir"] == ("rtl" if lang == "ar" else "ltr")
    assert (built.site / "index.html").exists()


def test_pages_reference_nothing_outside_the_site(built):
    pages = list(built.site.rglob("*.html"))
    assert len(pages) >= 4 * 4
    for page in pages:
        for ref in parse(page).refs:
            assert not re.match(r"^(https?:)?//", ref), f"{page}: {ref}"
    for asset in list(built.site.rglob("*.css")):
        text = asset.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), asset
        assert "@import url(http" not in text


def test_every_page_declares_its_character_set_where_browsers_look_for_it(built):
    """In the first 1,024 bytes (HTML's rule, and Lighthouse's): the security policy before
    it is long, so the order matters."""
    pages = list(built.site.rglob("*.html"))
    assert len(pages) >= 4 * 4
    for page in pages:
        head = page.read_bytes()[:1024].lower()
        assert b'<meta charset="utf-8">' in head, page


def test_each_language_has_its_own_search_index(built):
    titles = {}
    for lang in LANGS:
        index = json.loads((built.site / lang / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == [lang]
        titles[lang] = {d["title"] for d in index["docs"]}
    assert "Прав ли клиент?" in titles["ru"] and "Прав ли клиент?" not in titles["en"]
    assert "Is the customer right?" in titles["en"] and "Is the customer right?" not in titles["fi"]
    assert "هل العميل على حق؟" in titles["ar"]


def test_whole_tree_is_in_the_page_and_the_search_index(built):
    page = (built.site / "fi" / "playbooks" / "is-customer-right.html").read_text(encoding="utf-8")
    assert "Kieltäydy kohteliaasti." in page  # an outcome deep in the tree, present without JavaScript
    index = json.loads((built.site / "fi" / "search" / "search_index.json").read_text(encoding="utf-8"))
    tree = next(d for d in index["docs"] if d["location"] == "playbooks/is-customer-right.html#tree-right-or-not")
    assert "Kieltäydy kohteliaasti" in tree["text"]


def test_language_links_lead_to_the_same_page(built):
    page = built.site / "ru" / "playbooks" / "angry-customer.html"
    html = page.read_text(encoding="utf-8")
    for lang in LANGS:
        assert f'href="../../{lang}/playbooks/angry-customer.html" hreflang="{lang}"' in html
    # without site_url no hreflang <link>: search engines take absolute addresses only
    assert '<link rel="alternate"' not in html


def test_page_shows_its_source_article_and_original_language(built):
    html = (built.site / "en" / "playbooks" / "angry-customer.html").read_text(encoding="utf-8")
    assert "004_1d106220d2d25a9d.txt" in html and "original language: Finnish" in html
    assert "Vaihe 5" in html


def test_schema_is_published(built):
    schema = json.loads((built.site / "schema" / "playbook.schema.json").read_text(encoding="utf-8"))
    assert schema["title"] == "Playbook"


def test_every_page_has_a_strict_content_security_policy(built):
    for page in built.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        head = html[: html.find("</head>")]
        assert '<meta http-equiv="Content-Security-Policy"' in head, page
        assert "unsafe-inline" not in head and "unsafe-eval" not in head
    header = (built.site / "csp-header.txt").read_text(encoding="utf-8")
    assert header.startswith("Content-Security-Policy: default-src 'self'; script-src 'self' 'sha256-")


def test_two_builds_of_the_same_content_are_byte_identical(built, tmp_path):
    from helpers import copy_project

    from generator.site.build import build
    from generator.project import Project

    other = Project(copy_project(tmp_path / "again"))
    build(other)
    first = {p.relative_to(built.site): p.read_bytes() for p in built.site.rglob("*") if p.is_file()}
    second = {p.relative_to(other.site): p.read_bytes() for p in other.site.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_one_mkdocs_process_per_language_builds_the_same_site_as_the_shared_helper(built, tmp_path, monkeypatch):
    """The build forks each language's MkDocs run from one helper process (build/mkdocs_pool.py);
    where fork is missing it runs `python -m mkdocs` per language. Both give the same bytes."""
    from helpers import copy_project

    from generator.site import mkdocs_pool
    from generator.site.build import build
    from generator.project import Project

    monkeypatch.setattr(mkdocs_pool, "available", lambda: False)
    other = Project(copy_project(tmp_path / "separate"))
    build(other)
    first = {p.relative_to(built.site): p.read_bytes() for p in built.site.rglob("*") if p.is_file()}
    second = {p.relative_to(other.site): p.read_bytes() for p in other.site.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_language_builds_take_the_theme_templates_compiled_once_and_an_edit_afresh(tmp_path, monkeypatch):
    """The MkDocs helper compiles the theme's templates once (site/templates.py) and every
    language build it forks takes them, in every language; a template edited since is
    compiled again and renders as edited. (That the pages are the same bytes as MkDocs
    alone makes them: the test above, whose separate processes compile their own.)"""
    import shutil

    from mkdocs.theme import Theme

    import jinja2

    from generator.site import templates

    # warm() is meant for the MkDocs helper, whose theme listing it keeps for the helper's
    # life: here the listing is put back after the test, for the builds of this process.
    monkeypatch.setattr(jinja2.FileSystemLoader, "list_templates", jinja2.FileSystemLoader.list_templates)
    templates.warm()

    def build_env(custom_dir, lang):
        env = Theme(name="material", custom_dir=str(custom_dir), locale=lang).get_env()
        templates.use(env)
        compiled, compile_ = [], env.compile
        env.compile = lambda source, name=None, *rest, **kw: (compiled.append(name), compile_(source, name, *rest, **kw))[1]
        return env, compiled

    for lang in LANGS:
        env, compiled = build_env(templates.THEME, lang)
        for name in ("main.html", "base.html", "partials/header.html", "partials/search.html", "404.html"):
            env.get_template(name)
        assert compiled == [], (lang, compiled)
    # A template whose source changed since it was compiled is compiled again, and renders as it now reads.
    edited = tmp_path / "theme"
    shutil.copytree(templates.THEME, edited)
    probe = edited / "partials" / "pb-probe.html"
    for words in ("as first written", "as edited"):
        probe.write_text(words, encoding="utf-8")
        env, compiled = build_env(edited, LANGS[0])
        assert env.get_template("partials/pb-probe.html").render() == words
        assert compiled == ["partials/pb-probe.html"]
    env, compiled = build_env(edited, LANGS[-1])  # the next build: taken as compiled
    assert env.get_template("partials/pb-probe.html").render() == "as edited" and compiled == []


def test_tree_nodes_have_stable_anchors_from_their_ids_in_every_language(built):
    for lang in LANGS:
        html = (built.site / lang / "playbooks" / "is-customer-right.html").read_text(encoding="utf-8")
        for node in ("what-kind", "why-not", "illegal", "needs"):
            assert html.count(f'id="right-or-not--{node}"') == 1, (lang, node)


def test_page_shows_owner_and_review_dates(built):
    html = (built.site / "fi" / "playbooks" / "angry-customer.html").read_text(encoding="utf-8")
    assert "Tarkistettu viimeksi" in html and '<time datetime="2026-11-22">' in html
    assert "Tarkistettava viimeistään" in html and '<time datetime="2027-06-30">' in html


def test_every_page_has_a_description_in_its_language(built):
    pages = [p for lang in LANGS for p in (built.site / lang).rglob("*.html") if "assets" not in p.parts]
    assert len(pages) > 40
    for page in pages:
        html = page.read_text(encoding="utf-8")
        match = re.search(r'<meta name="description" content="([^"]+)">', html)
        assert match and len(match.group(1)) > 20, page
    home = (built.site / "fi" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="Valitse tilanne' in home
