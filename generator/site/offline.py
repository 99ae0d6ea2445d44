"""The built site opened from disk (file://): search without a server.

Browsers refuse fetch() and workers for file: pages. Material, on a file: page, reads
its search index from `search/search_index.js` (a script setting `__index`) instead of
fetching the JSON; theme/assets/playbook/offline-worker.js runs the search worker in a
frame. This writes that script for each language from the final `search_index.json`,
so it must run after anything that rewrites the index.

Material's own offline plugin does the same for the index, but also adds a script from
https://unpkg.com to every page: a request outside the site, refused by our CSP.
"""

from __future__ import annotations

from pathlib import Path


def write_search_scripts(site: Path) -> list[Path]:
    written = []
    for index in sorted(site.glob("*/search/search_index.json")):
        script = index.with_suffix(".js")
        data = index.read_text(encoding="utf-8")
        script.write_text(f"var __index = {data};\n", encoding="utf-8")
        written.append(script)
    return written
