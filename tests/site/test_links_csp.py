"""Links are checked as the browser will read them; the CSP allows only Material's own inline
scripts (security review, items 3 and 4)."""

from __future__ import annotations

import contextlib
import io

import pytest
from helpers import Links, SiteServer, content_project, copy_project
from playwright.sync_api import expect

from generator.cli.main import main
from generator.errors import ContentError
from generator.project import Project
from generator.render.textfmt import to_html
from generator.security import csp
from generator.security.links import unsafe_scheme
from generator.site.build import build
from generator.validate.corpus import load_corpus

PB = "is-customer-right.yaml"
OLD = "  en: Is the customer right?"
HOSTILE_LINKS = {
    "entity": "[x](&#106;avascript:alert(1))",
    "entity-hex-tab": "[x](jav&#x09;ascript:alert(1))",
    "named-colon": "[x](data&colon;text/html,alert)",
    "percent": "[x](%6Aavascript:alert(1))",
    "double-entity": "[x](&amp;#106;avascript:alert(1))",
    "upper-case": "[x](JaVaScRiPt:alert(1))",
    "leading-control": "[x](\x01javascript:alert(1))",
    "inner-control": "[x](java\x0bscript:alert(1))",
    "reference": "[x][r]\n\n[r]: javascript:alert(1)",
    "reference-entity": "[x][r]\n\n[r]: &#x6a;avascript:alert(1)",
    "vbscript": "[x](vbscript:msgbox)",
}




@pytest.mark.parametrize("name", sorted(HOSTILE_LINKS))
def test_hidden_schemes_are_refused_at_validation_with_the_place(tmp_path, name):
    text = HOSTILE_LINKS[name].replace("\n", "\\n").replace("\x01", "\\x01").replace("\x0b", "\\x0b")
    root = content_project(tmp_path, replace={PB: (OLD, f'  en: "{text}"')})
    with pytest.raises(ContentError) as err:
        load_corpus(root)
    problems = [p for p in err.value.problems if "link scheme" in p.message]
    assert len(problems) == 1, err.value.report()
    assert problems[0].file.endswith(PB) and problems[0].line == 4 and problems[0].path == "title.en"


@pytest.mark.parametrize("name", sorted(HOSTILE_LINKS))
def test_hidden_schemes_lose_their_href_when_rendered(name):
    parser = Links()
    parser.feed(to_html(HOSTILE_LINKS[name]))
    assert [h for h in parser.hrefs if unsafe_scheme(h)] == [] and parser.hrefs == []


def test_allowed_links_still_work():
    parser = Links()
    parser.feed(to_html("[a](https://example.org/a_(b)) [m](mailto:x@example.org) [r][1]\n\n[1]: http://example.org"))
    assert parser.hrefs == ["https://example.org/a_(b)", "mailto:x@example.org", "http://example.org"]


def test_text_rendered_twice_cannot_make_a_link(tmp_path, browser):
    """Titles become headings and related-list entries, which MkDocs renders as Markdown again:
    escaped brackets in them stay text (review item 3), in the built page, CSP on."""
    root = copy_project(tmp_path / "p")
    path = root / "playbook" / "playbooks" / PB
    text = path.read_text(encoding="utf-8")
    text = text.replace(OLD, r'  en: "x&#93;(javascript:window.__pwned=1) &#91;y \\[z\\]\\(javascript:window.__pwned=2\\)"', 1)
    path.write_text(text, encoding="utf-8")
    project = Project(root)
    build(project)
    with SiteServer(project.site) as srv:
        page = browser.new_page()
        for where in ("playbooks/is-customer-right.html", "playbooks/angry-customer.html", "index.html"):
            page.goto(f"{srv.url}/en/{where}")
            expect(page.locator("body")).to_contain_text("x](javascript:window.__pwned=1) [y")
            # the browser's own reading of every link on the page
            assert page.evaluate("[...document.links].filter(a => !['http:', 'https:', 'mailto:'].includes(a.protocol)).length") == 0
        page.close()


def test_an_unknown_inline_script_fails_the_build_naming_the_page(tmp_path):
    root = copy_project(tmp_path / "p")
    (root / "docs" / "en" / "extra.md").write_text(
        '# Extra\n\n<script>document.title="INLINE-RAN"</script>\n', encoding="utf-8")
    site_before = None
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["--project", str(root), "build"]) == 1
    assert "en/extra.html: an inline script that is not one of Material's" in err.getvalue()
    assert not (root / "site").exists() or site_before is None
    assert not list(root.glob(".site-new-*"))


def test_the_policy_is_fixed_by_material_not_by_the_pages():
    known = csp.known_scripts()
    assert 2 <= len(known) <= 2 * (csp.MAX_PAGE_DEPTH + 4)
    page = f'<html><head><meta http-equiv="Content-Security-Policy" content="{csp.site_policy()}">' \
           '</head><body><script>alert(1)</script><a href="jav&#x09;ascript:x">x</a>' \
           '<img src=x onerror=alert(2)></body></html>'
    found = csp.audit_page(page)
    assert any("inline script" in f for f in found)
    assert any("javascript" in f for f in found)
    assert any("onerror" in f for f in found)
    assert "sha256-" in csp.site_policy() and "'unsafe-inline'" not in csp.site_policy()


def test_built_pages_carry_the_fixed_policy(built):
    header = (built.site / "csp-header.txt").read_text(encoding="utf-8")
    assert header == f"Content-Security-Policy: {csp.site_policy()}\n"
    for lang in ("en", "ar"):
        assert csp.audit_page((built.site / lang / "playbooks" / "is-customer-right.html")
                              .read_text(encoding="utf-8")) == []
