"""Ship only what the pages use: Material's files that no page of this site loads are left out.

Material copies into every language folder its source maps (`*.map`, 5 MB over four
languages: only a browser's developer tools read them), lunr's stemmers for some twenty
languages and the Japanese and Thai word segmenters (`tinyseg.js`, `wordcut.js`: 2.8 MB).
A language folder's search worker loads lunr's support files and the stemmers of the
languages its index names (`config.lang` in search/search_index.json), nothing else. What
is left out is weight for the copy of the site on a PC or a share, never a request a page
makes (tests/site/test_site_weight.py; tests/browser/test_search_browser.py still searches
in every language, over http and from disk).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

# lunr files every language's worker may load (the multi-language glue and the stemmer support)
LUNR_SHARED = {"lunr.stemmer.support.min.js", "lunr.multi.min.js"}
# Word segmenters: only Japanese and Thai need them
SEGMENTERS = {"tinyseg.js": "ja", "wordcut.js": "th"}
SOURCE_MAP_LINE = re.compile(r"\n?(//# sourceMappingURL=[^\n]*|/\*# sourceMappingURL=[^*]*\*/)\s*$")


def search_languages(folder: Path) -> set[str]:
    index = folder / "search" / "search_index.json"
    try:
        return set(json.loads(index.read_text(encoding="utf-8"))["config"]["lang"])
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def prune(site: Path) -> list[Path]:
    """Remove what no page loads; return what was removed."""
    removed: list[Path] = []
    for path in sorted(site.rglob("*.map")):
        path.unlink()
        removed.append(path)
    # the comment naming a removed map would send developer tools after a missing file
    for path in [*site.rglob("assets/**/*.js"), *site.rglob("assets/**/*.css")]:
        text = path.read_text(encoding="utf-8")
        cut = SOURCE_MAP_LINE.sub("", text)
        if cut != text:
            path.write_text(cut + ("\n" if text.endswith("\n") else ""), encoding="utf-8")
    for lunr in sorted(site.glob("*/assets/javascripts/lunr")):
        folder = lunr.parents[2]
        langs = search_languages(folder)
        if not langs:
            continue  # no index to tell which languages search uses: leave it all
        keep = LUNR_SHARED | {f"lunr.{code}.min.js" for code in langs}
        for path in sorted((lunr / "min").glob("lunr.*.min.js")):
            if path.name not in keep:
                path.unlink()
                removed.append(path)
        for name, code in SEGMENTERS.items():
            path = lunr / name
            if path.exists() and code not in langs:
                path.unlink()
                removed.append(path)
    return removed
