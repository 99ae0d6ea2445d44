"""Hostile text cannot add an attribute or an element to any page, in any language, whether
it comes from the YAML or from a translator's PO file (security review, items 1 and 3).

Two projects are built that differ only in their words: one with plain words, one with
breakout payloads in every text field of a playbook (the Finnish ones arriving through
`playbook translations import`). Parsed with an HTML parser, every page of the two sites
must have the same elements with the same attribute names, in the same order.
"""

from __future__ import annotations

import contextlib
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
import yaml
from helpers import SiteServer, copy_project, type_search
from playwright.sync_api import expect

from generator.site.build import build
from generator.cli.main import main
from generator.project import Project

LANGS = ("en", "fi", "ru", "ar")
PAYLOADS = [
    '0;url=http://example.invalid/" http-equiv="refresh',
    "x' onfocus='window.__pwned=1' autofocus='",
    '</title><meta http-equiv="refresh" content="0;url=http://example.invalid/">',
    '" onmouseover="window.__pwned=2" data-x="',
    "&quot; data-entity=&quot;y",
    r"\[x\]\(javascript:window.__pwned=3\)",
    "x&#93;(javascript:window.__pwned=4) &#91;y",
    "</textarea></script><svg onload=window.__pwned=5>",
]


class Fields:
    """Hands out the text of each field: a payload (cycling) or plain words."""

    def __init__(self, hostile: bool):
        self.hostile, self.n = hostile, 0

    def __call__(self, fi: str | None = None) -> dict:
        self.n += 1
        words = PAYLOADS[self.n % len(PAYLOADS)] + f" {self.n}" if self.hostile else f"Plain words {self.n}"
        # Finnish starts plain in both projects: the PO import brings the payloads in.
        return {"en": words, "fi": f"Tavalliset sanat {self.n}", "ru": words, "ar": words}


def playbook(hostile: bool) -> dict:
    t = Fields(hostile)
    return {
        "id": "breakout", "title": t(), "summary": t(), "when_to_use": t(),
        "tags": {"channels": ["phone"], "situations": ["angry"]},
        "source": {"article": "004_1d106220d2d25a9d.txt"},
        "owner": "service-team-lead",
        "steps": [{"id": "one", "title": t(), "body": t(), "source": {"section": "Vaihe 1"}}],
        "trees": [{"id": "tree", "title": t(), "start": "q", "source": {"section": "Vaihe 2"},
                   "nodes": {"q": {"question": t(), "answers": [{"label": t(), "next": "o"},
                                                                 {"label": t(), "next": "p"}]},
                             "o": {"outcome": t(), "kind": "resolved"},
                             "p": {"outcome": t(), "kind": "escalated"}}}],
        "scripts": [{"id": "say", "title": t(), "source": {"section": "Vaihe 6"}, "note": t(),
                     "placeholders": [{"name": "who", "label": t(), "fallback": t()}],
                     "text": {k: v + " {who}" for k, v in t().items()}}],
        "checklists": [{"id": "list", "title": t(), "source": {"section": "Vaihe 11"},
                        "items": [{"id": "a", "text": t()}]}],
        "do": [{"text": t(), "source": {"section": "Vaihe 1"}}],
        "dont": [{"text": t(), "source": {"section": "Vaihe 1"}}],
    }


def import_finnish(root: Path, tmp: Path) -> None:
    """Export fi.po, let the translator 'translate' the new playbook's strings as its English
    (the payloads, in the hostile project), and import the file with the CLI."""
    out = tmp / f"po-{root.name}"
    assert main(["--project", str(root), "translations", "export", "--out", str(out), "--lang", "fi"]) == 0
    po = polib.pofile(str(out / "fi.po"))
    for entry in po:
        if entry.msgctxt.startswith("breakout/"):
            entry.msgstr = entry.msgid
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save(str(out / "fi.po"))
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["--project", str(root), "translations", "import", str(out / "fi.po")]) == 0
    data = yaml.safe_load((root / "playbook" / "playbooks" / "breakout.yaml").read_text(encoding="utf-8"))
    assert data["summary"]["fi"] == data["summary"]["en"]  # the import wrote the translator's text


def make_site(tmp: Path, hostile: bool) -> Project:
    root = copy_project(tmp / ("hostile" if hostile else "plain"))
    (root / "playbook" / "playbooks" / "breakout.yaml").write_text(
        json.dumps(playbook(hostile), ensure_ascii=False), encoding="utf-8")
    import_finnish(root, tmp)
    project = Project(root)
    build(project)
    return project


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("escaping")
    return make_site(tmp, hostile=False), make_site(tmp, hostile=True)


class Skeleton(HTMLParser):
    """Every element of a page as (tag, attribute names), in order; and every http-equiv."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, tuple[str, ...]]] = []
        self.http_equiv: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.http_equiv += [value for name, value in attrs if name == "http-equiv"]
        if tag == "bdi" and attrs == [("dir", "ltr")]:
            return  # the generator isolates Latin runs in Arabic text (bidi.py): its own element, not the content's
        self.elements.append((tag, tuple(name for name, _ in attrs)))

    handle_startendtag = handle_starttag


def skeleton(path: Path) -> Skeleton:
    parser = Skeleton()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def test_payloads_reached_the_pages(sites):
    """The test is only worth something if the hostile words are on the pages, as text."""
    _, hostile = sites
    for lang in LANGS:
        text = (hostile.site / lang / "playbooks" / "breakout.html").read_text(encoding="utf-8")
        assert "http-equiv=&#34;refresh" in text or "http-equiv=&quot;refresh" in text, lang


def test_no_page_gains_an_element_or_an_attribute(sites):
    plain, hostile = sites
    pages = sorted(p.relative_to(plain.site) for p in plain.site.rglob("*.html"))
    assert pages == sorted(p.relative_to(hostile.site) for p in hostile.site.rglob("*.html"))
    assert any(str(p).startswith("fi/playbooks/breakout") for p in pages)
    for rel in pages:
        a, b = skeleton(plain.site / rel), skeleton(hostile.site / rel)
        assert b.http_equiv == a.http_equiv, rel
        assert b.elements == a.elements, rel
    for lang in LANGS:
        page = skeleton(hostile.site / lang / "playbooks" / "breakout.html")
        assert [v.lower() for v in page.http_equiv] == ["content-security-policy"]
        metas = [attrs for tag, attrs in page.elements if tag == "meta"]
        assert ("name", "content") in metas  # the description, with nothing added to it


def test_search_index_holds_the_titles_as_typed(sites):
    """Titles reach the index once decoded: the reader's words, not entities, not markup."""
    _, hostile = sites
    for lang in LANGS:
        index = json.loads((hostile.site / lang / "search" / "search_index.json").read_text(encoding="utf-8"))
        titles = {d["title"] for d in index["docs"] if d["location"].startswith("playbooks/breakout")}
        assert PAYLOADS[1] + " 1" in titles, lang
        assert r"\[x\]\(javascript:window.__pwned=3\) 29" not in titles  # (field numbers differ: sanity)


def test_search_results_show_payload_titles_as_text(sites, browser):
    _, hostile = sites
    with SiteServer(hostile.site) as srv:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{srv.url}/en/")
        type_search(page, "autofocus")
        result = page.locator(".md-search-result__item").first
        expect(result).to_be_visible()
        expect(page.locator(".md-search-result")).to_contain_text("onfocus='window.__pwned=1'")
        assert page.locator(".md-search-result [onfocus], .md-search-result [autofocus], svg[onload]").count() == 0
        assert page.evaluate("window.__pwned") is None
        context.close()


def test_no_redirect_and_nothing_runs_in_the_browser(sites, browser):
    """Every language's page, CSP on, as a reader opens it: it stays, and no payload runs."""
    _, hostile = sites
    with SiteServer(hostile.site) as srv:
        context = browser.new_context()
        page = context.new_page()
        left: list[str] = []
        violations: list[str] = []
        page.on("request", lambda r: left.append(r.url) if "example.invalid" in r.url else None)
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        for lang in LANGS:
            url = f"{srv.url}/{lang}/playbooks/breakout.html"
            page.goto(url)
            expect(page.locator("h1")).to_contain_text(PAYLOADS[1] + " 1")
            page.wait_for_timeout(600)  # a meta refresh of 0 s would have left by now
            expect(page).to_have_url(url)
            page.locator(".pb-tree .pb-answer").first.click()
            expect(page.locator(".pb-tree .pb-card").first).to_be_visible()
            assert page.evaluate("window.__pwned") is None
            assert page.locator("a[href^='javascript']").count() == 0
        assert left == [] and violations == []
        context.close()
