"""A language's work once MkDocs built it, run in that build's own process (site/mkdocs_pool.py).

Kept apart from site/build.py so that the MkDocs helper imports only what the language builds
need, not the whole generator.
"""

from __future__ import annotations

from pathlib import Path

from generator.security import csp
from generator.site import notfound


def finish_language(site: str, has_site_url: bool, lang: str) -> dict[str, list[str]]:
    """Its 404 page fixed, then its pages checked against the CSP (csp.audit_pages)."""
    notfound.fix_language(Path(site), lang, has_site_url)
    return csp.audit_pages(Path(site), Path(site) / lang)
