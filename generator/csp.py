"""Content Security Policy for the built pages: own origin only, no inline code but by hash.

Material puts two small inline scripts on every page (one depends on the page's depth),
so their SHA-256 hashes are computed from the built HTML and written into a
`<meta http-equiv="Content-Security-Policy">` on each page. The union of all hashes is
also written to `csp-header.txt`, for web servers that send the policy as a header.
"""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser
from pathlib import Path

DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),  # Material's icons are data: SVGs in its CSS
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
EXECUTABLE = {"", "text/javascript", "application/javascript", "module"}


class _InlineScripts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.bodies: list[str] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self._open = tag == "script" and "src" not in a and (a.get("type") or "").lower() in EXECUTABLE
        if self._open:
            self.bodies.append("")

    def handle_data(self, data):
        if self._open:
            self.bodies[-1] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = False


def script_hashes(html: str) -> list[str]:
    parser = _InlineScripts()
    parser.feed(html)
    return ["'sha256-%s'" % base64.b64encode(hashlib.sha256(b.encode("utf-8")).digest()).decode()
            for b in parser.bodies]


def policy(hashes: list[str]) -> str:
    parts = []
    for name, value in DIRECTIVES:
        if name == "script-src" and hashes:
            value = " ".join([value, *sorted(set(hashes))])
        parts.append(f"{name} {value}")
    return "; ".join(parts)


def apply(site: Path) -> str:
    """Add the policy to every page under `site`; return the policy for a server header."""
    every: set[str] = set()
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        hashes = script_hashes(html)
        every.update(hashes)
        meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">'
        head = html.find("<head>")
        if head < 0:
            continue
        page.write_text(html[: head + 6] + "\n" + meta + html[head + 6:], encoding="utf-8")
    header = policy(sorted(every))
    (site / "csp-header.txt").write_text(f"Content-Security-Policy: {header}\n", encoding="utf-8")
    return header
