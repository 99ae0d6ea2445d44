"""What the site's search index holds, and how much each part weighs.

Two halves. At render time, `search_terms` gives each playbook page the words staff type
for it (the playbook's `search_terms`, and the labels of its situations); the page's front
matter carries them. Inside each language's MkDocs build this module is also a MkDocs hook
(listed in generator/render/templates/mkdocs-lang.yml.j2): after Material's search plugin has
written search/search_index.json, it adds those words to the page's entry as a
`keywords` field, sets the field weights, and writes the index again as plain UTF-8
(Material writes \\uXXXX escapes: Russian and Arabic indexes 2.5 times their size). It
runs before Material's offline plugin, which copies the index into search_index.js.

The query side (stemming, stop words, common words, typos) is the search worker wrapper,
generator/site/theme/assets/javascripts/workers/search-stemmed.js.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

# Lunr field weights. Titles (page and section) and the staff words weigh the same, far
# above body text, so that a page about the situation outranks a page that mentions it.
FIELDS = {"title": {"boost": 100.0}, "keywords": {"boost": 100.0}, "text": {"boost": 5.0}}

# Sections left out of the index, by their anchor.
SKIPPED = ("#related",)

_keywords: dict[str, str] = {}  # page URL -> its staff words (this build)


def search_terms(pb, settings, tx) -> str:
    """The words indexed for a playbook page in one language, comma-separated. Words not yet
    translated into it are left out: the index would take them for words of this language."""
    parts = [tx.plain(pb.search_terms)] if pb.search_terms and not tx.fell_back(pb.search_terms) else []
    labels = {s.id: s.label for s in settings.situations}
    parts += [tx.plain(labels[sid]) for sid in pb.tags.situations if sid in labels and not tx.fell_back(labels[sid])]
    return ", ".join(p.strip() for p in parts if p and p.strip())


# --- MkDocs hook -------------------------------------------------------------------


def on_page_context(context, page, config, nav):
    terms = page.meta.get("search_terms")
    if isinstance(terms, str) and terms.strip():
        _keywords[page.url] = terms
    return context


def on_post_build(config):
    path = Path(config["site_dir"]) / "search" / "search_index.json"
    if path.is_file():
        path.write_text(shape(path.read_text(encoding="utf-8"), _keywords), encoding="utf-8")


def shape(raw: str, keywords: dict[str, str]) -> str:
    """The index Material wrote, with the staff words and weights added, as plain UTF-8."""
    data = json.loads(raw)
    data["config"]["fields"] = {**data["config"].get("fields", {}), **FIELDS}
    # A page's list of related playbooks holds the other playbooks' titles: indexed, it made
    # every page match the words of its neighbours' titles.
    data["docs"] = [d for d in data["docs"] if not d["location"].endswith(SKIPPED)]
    for doc in data["docs"]:
        words = keywords.get(doc["location"])
        if words:
            doc["keywords"] = words
        doc["text"] = _tidy(doc.get("text", ""))
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _tidy(text: str) -> str:
    # Runs of whitespace the HTML left behind, so snippets read cleanly.
    return re.sub(r"\s{2,}", " ", text).strip()
