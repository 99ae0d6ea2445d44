"""Ship only what pages use: no source maps, no search files for languages the site does not
have, an icon of our own that every page names and that exists (no 404 on every visit)."""

from __future__ import annotations

import json
import re

from generator.languages import current as _configured

LANGUAGES = _configured().codes


def test_no_source_maps_and_no_comment_pointing_at_one(built):
    assert sorted(built.site.rglob("*.map")) == []
    pointing = [p for p in [*built.site.rglob("*.js"), *built.site.rglob("*.css")]
                if "sourceMappingURL=" in p.read_text(encoding="utf-8")]
    assert pointing == []


def test_search_files_only_for_the_languages_the_site_searches(built):
    for lang in LANGUAGES:
        folder = built.site / lang
        searched = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]["lang"]
        lunr = folder / "assets" / "javascripts" / "lunr"
        kept = sorted(p.name for p in (lunr / "min").glob("*.js"))
        wanted = sorted({"lunr.stemmer.support.min.js", "lunr.multi.min.js"}
                        | {f"lunr.{code}.min.js" for code in searched if code != "en"})
        assert kept == wanted, lang
        assert not (lunr / "wordcut.js").exists() and not (lunr / "tinyseg.js").exists()
    # what is left is a fraction of Material's 14 MB
    assert sum(p.stat().st_size for p in built.site.rglob("*") if p.is_file()) < 8_000_000


def test_every_page_names_an_icon_that_exists(built):
    pages = sorted(built.site.rglob("*.html"))
    missing = []
    for page in pages:
        if page.name == "worker-frame.html":
            continue
        html = page.read_text(encoding="utf-8")
        found = re.search(r'<link rel="icon" href="([^"]+)"', html)
        if not found:
            missing.append(f"{page}: no icon")
            continue
        href = found.group(1)
        target = (built.site / href.lstrip("/")) if href.startswith("/") else (page.parent / href)
        if not target.resolve().is_file():
            missing.append(f"{page}: {href}")
    assert missing == []
    root = (built.site / "index.html").read_text(encoding="utf-8")
    assert 'href="favicon.svg"' in root and (built.site / "favicon.svg").read_text(encoding="utf-8").startswith("<svg")
