"""The "page not found" pages: one per language (site/<lang>/404.html) and one at the root.

A web server shows 404.html for any missing address, at any depth, so the page cannot
use relative links. MkDocs writes them from the site's address (`site_url`); without
one it assumes the language's pages are at the server's root ("/assets/…"), while they
are under "/<lang>/". Then the links are rewritten to "/<lang>/…" (the site is assumed
at the server's root). The root 404.html is the default language's.
Inline scripts are left as they are: the policy allows Material's by their hashes.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from generator import languages


def rebase(html: str, lang: str) -> str:
    base = f"/{lang}/"
    html = re.sub(r'\b(href|src)="/(?!/)', rf'\1="{base}', html)
    html = html.replace('"base": "/"', f'"base": "{base}"')
    return re.sub(r'"search": "/(?!/)', f'"search": "{base}', html)


def known_scope(html: str) -> str:
    """Material's storage-scope script with the scope "/", one the policy knows by hash (a
    404 page under a site_url path would have a scope no other page has; it only names
    where Material keeps its few settings)."""
    return re.sub(r'__md_scope=new URL\("[^"]*",location\)', '__md_scope=new URL("/",location)', html)


def fix(site: Path, has_site_url: bool) -> None:
    for lang in languages.current().codes:
        fix_language(site, lang, has_site_url)
    copy_default(site)


def fix_language(site: Path, lang: str, has_site_url: bool) -> None:
    """site/<lang>/404.html, as soon as that language is built."""
    page = site / lang / "404.html"
    if page.exists():
        html = page.read_text(encoding="utf-8")
        page.write_text(known_scope(html if has_site_url else rebase(html, lang)), encoding="utf-8")


def copy_default(site: Path) -> None:
    """site/404.html: the default language's, once that is fixed."""
    default = site / languages.current().default / "404.html"
    if default.exists():
        shutil.copyfile(default, site / "404.html")
