"""Links without a scheme that still lead elsewhere, and what the post-build audit reads
(security review round 3, finding 8 of the review, item 7 of the issue).

`[a](//evil.example)` and `[a](/\\evil.example)` passed validation as relative links, which
browsers open as https://evil.example/; and the audit missed SVG animation's
`values="javascript:…"` and `<iframe srcdoc>` in hand-written pages (the CSP still blocked
both). Every spelling is now refused at validation with its place and loses its href if it
ever reaches rendering; the audit reads every attribute that carries an address or markup
and refuses embedded documents, and fails the build naming the page."""

from __future__ import annotations

import pytest
from helpers import Links, content_project, copy_project, run

from generator.errors import ContentError
from generator.render.textfmt import to_html
from generator.security.csp import audit_page
from generator.validate.corpus import load_corpus

PB = "is-customer-right.yaml"
OLD = "  en: Is the customer right?"
ELSEWHERE = {
    "protocol-relative": "//evil.example",
    "slash-backslash": "/\\\\evil.example",
    # YAML's double quotes and then Markdown each halve backslashes: the href starts with two
    "two-backslashes": "\\\\\\\\\\\\\\\\evil.example",
    "backslash-slash": "\\\\/evil.example",
    "leading-space": "%20//evil.example",
    "tab-between": "/&#9;/evil.example",
    "entities": "&#47;&#47;evil.example",
    "percent-tab": "/%09/evil.example",
}


@pytest.mark.parametrize("name", sorted(ELSEWHERE))
def test_a_link_to_another_host_without_a_scheme_is_refused_with_its_place(tmp_path, name):
    root = content_project(tmp_path, replace={PB: (OLD, f'  en: "Is the [customer]({ELSEWHERE[name]}) right?"')})
    with pytest.raises(ContentError) as err:
        load_corpus(root)
    (problem,) = [p for p in err.value.problems if "leads to another site" in p.message]
    assert problem.file.endswith(PB) and problem.line == 4 and problem.path == "title.en"
    assert "https://" in problem.hint


def test_the_refusal_reads_in_the_editors_language(tmp_path):
    project = copy_project(tmp_path / "p")
    path = project / "playbook" / "playbooks" / PB
    path.write_text(path.read_text(encoding="utf-8").replace(OLD, '  en: "Is the [customer](//evil.example) right?"', 1),
                    encoding="utf-8")
    for lang, words in (("fi", "toiselle sivustolle"), ("ru", "на другой сайт"), ("ar", "موقع آخر")):
        code, _, err = run("--project", str(project), "validate", "--lang", lang)
        assert code == 1 and words in err, (lang, err)




# As Markdown text: `\\\\\\\\` is two backslashes once Markdown has read its escapes.
@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "\\\\\\\\evil.example", " //evil.example"])
def test_such_a_link_loses_its_href_when_rendered(target):
    parser = Links()
    parser.feed(to_html(f"[a]({target.strip()}) and [b][r]\n\n[r]: {target.strip()}"))
    assert parser.hrefs == []


def test_relative_and_full_links_still_work():
    parser = Links()
    parser.feed(to_html("[a](https://example.org/x//y) [b](../other.html) [c](#part) [d](mailto:x@example.org)"))
    assert parser.hrefs == ["https://example.org/x//y", "../other.html", "#part", "mailto:x@example.org"]


AUDITED = {
    "svg-animate-values": '<svg><a><animate attributeName="href" values="javascript:window.pwned=\'svg\'"/>'
                          '<text y="20">x</text></a></svg>',
    "svg-animate-second-value": '<svg><a><animate attributeName="href" values="https://ok.example;javascript:x"/></a></svg>',
    "svg-set-to": '<svg><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>',
    "svg-animate-from-by": '<svg><a><animate attributeName="href" from="data:text/html,x" by="javascript:y"/></a></svg>',
    "svg-xlink": '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "iframe-srcdoc": '<iframe srcdoc="<script>parent.pwned=\'srcdoc\'</script>"></iframe>',
    "object": '<object data="page.svg"></object>',
    "embed": '<embed src="movie.swf">',
    "ping": '<a href="/x" ping="https://ok.example javascript:x">x</a>',
    "srcset": '<img src="a.png" srcset="a.png 1x, javascript:x 2x">',
    "formaction": '<form><button formaction="javascript:x">go</button></form>',
    "protocol-relative": '<a href="//evil.example">x</a>',
    "backslash": '<a href="/\\evil.example">x</a>',
}


@pytest.mark.parametrize("name", sorted(AUDITED))
def test_the_audit_reads_every_attribute_that_carries_an_address(name):
    assert audit_page(AUDITED[name], "policy"), name


def test_the_audit_leaves_the_sites_own_markup_alone(built):
    """Material's inline SVG icons, its links and forms, and our widgets pass as they are."""
    pages = sorted(built.site.rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        if page == built.site / "index.html":
            continue
        assert audit_page(page.read_text(encoding="utf-8")) == [], page


def test_the_reviews_hand_written_svg_and_iframe_fail_the_build_naming_the_page(tmp_path):
    project = copy_project(tmp_path / "p")
    guide = project / "docs" / "en" / "guide.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\n\n" + AUDITED["svg-animate-values"] + "\n\n"
                     + AUDITED["iframe-srcdoc"] + "\n", encoding="utf-8")
    code, _, err = run("--project", str(project), "build")
    assert code == 1
    assert "en/guide.html: a `javascript:` link in <animate values>" in err
    assert "en/guide.html: a `srcdoc` attribute on <iframe>" in err
    assert not (project / "site").exists()
