"""Every built page is valid HTML: the W3C Nu HTML checker (vnu.jar from tests/html, run with
Java; both installed by `make test`) over all of site/ finds no error of ours.

Two kinds of error come from Material itself and appear in any Material site with these
features (a plain `mkdocs new` site with navigation.sections shows them too); they are not
ours to fix and are filtered here by what they are, not by page:
- `autocomplete="off"` on Material's drawer/search toggles, `<input type="checkbox"
  class="md-toggle">` (material/templates/base.html): autocomplete is not allowed on checkboxes;
- `tabindex=""` on the section labels of the navigation, `<label class="md-nav__link">`
  (material/templates/partials/nav-item.html, with navigation.sections).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "tests" / "html" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

MATERIAL_ERRORS = [
    (re.compile(r"Attribute “autocomplete” is only allowed when the input type is"),
     re.compile(r'<input class="md-toggle"[^>]*type="checkbox"')),
    (re.compile(r"Bad value “” for attribute “tabindex” on element “label”"),
     re.compile(r'<label class="md-nav__link"')),
]


def materials(message: dict) -> bool:
    return any(text.search(message.get("message", "")) and where.search(message.get("extract", ""))
               for text, where in MATERIAL_ERRORS)


@pytest.fixture(scope="module")
def checked(built):
    java = shutil.which("java")
    if not java or not VNU.exists():
        pytest.fail("the Nu HTML checker needs Java and tests/html/node_modules: run `make test`")
    pages = sorted(str(p) for p in built.site.rglob("*.html"))
    assert len(pages) > 60, pages
    # One short run: the JVM's quick compiler alone and its simplest collector check the same
    # pages with less than half the CPU of its defaults (same messages); with the quick
    # compiler the schema's recursion needs a deeper thread stack than the default.
    jvm = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss8m"]
    out = subprocess.run([java, *jvm, "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                         capture_output=True, text=True, timeout=600)
    messages = json.loads(out.stderr or out.stdout)["messages"]
    return pages, messages


def test_every_page_is_valid_html_apart_from_materials_own_errors(checked):
    pages, messages = checked
    ours = [f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m['message']}"
            for m in messages if m["type"] == "error" and not materials(m)]
    assert ours == [], "\n".join(ours[:20])


def test_the_filter_only_removes_materials_errors(checked):
    # The two Material errors are there (so the filter is not hiding a checker that found
    # nothing because it read nothing), and each comes from Material's own markup.
    pages, messages = checked
    filtered = [m for m in messages if materials(m)]
    assert {m["message"].split("”")[0] for m in filtered} == {
        "Attribute “autocomplete", "Bad value “"}
    assert all("md-toggle" in m["extract"] or "md-nav__link" in m["extract"] for m in filtered)


def test_no_markdown_attribute_reaches_the_pages(built):
    # md_in_html's `markdown=` is an instruction to the Markdown parser, not HTML.
    leaked = [str(p) for p in built.site.rglob("*.html")
              if re.search(r"<[a-z][^>]*\smarkdown=", p.read_text(encoding="utf-8"))]
    assert leaked == []
