"""Content Security Policy for the pages: own origin only, no inline code but Material's own.

The policy is fixed before MkDocs runs: its script hashes are those of the inline scripts
in the pinned Material templates (`partials/javascripts/base.html` and `content.html`),
the one that depends on the page's depth written out for every depth a page can have.
The theme (generator/site/theme/main.html) puts it into every page as
`<meta http-equiv="Content-Security-Policy">`, in the built site and in the live preview
alike. After the build, `audit()` reads every page: an inline script that is not one of
Material's known ones, an event-handler attribute, a `<meta http-equiv>` other than the
policy, a `<base>`, an `<iframe>`/`<object>`/`<embed>` or a `srcdoc`, or an address in any
attribute that carries one (href, src, SVG animation's values/to/from/by, ping, srcset, …)
whose scheme, decoded as the browser decodes it, is not http, https or mailto, or that
leads to another host without naming a scheme (`//host`, `/\\host`), fails the build,
naming the page. So no escaping mistake can
become running code without the build noticing. `csp-header.txt` holds the same policy
as a header line, for web servers that send it as a header.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from generator.security.links import names_another_host, unsafe_scheme

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
# Where Material writes its inline scripts, and the one template expression in them.
MATERIAL_SCRIPT_TEMPLATES = ("partials/javascripts/base.html", "partials/javascripts/content.html")
_SCOPE = "{{ config.extra.scope | d(base_url) }}"
MAX_PAGE_DEPTH = 12  # folders below a language's root; ours are at most 2 deep
DATA_TYPES = {"application/json", "application/ld+json"}  # script elements that hold data, never run
# Every attribute a browser reads as an address, or as a list of them: a page's own links,
# and what SVG animation (`<animate attributeName="href" values="javascript:…">`) can write
# into a link at run time.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset", "ping",
                  "values", "to", "from", "by", "background", "cite", "longdesc", "codebase", "classid", "archive",
                  "manifest", "icon", "lowsrc", "dynsrc", "usemap", "profile", "imagesrcset", "xml:base"}
_LISTS = {"srcset": ",", "imagesrcset": ",", "ping": None, "archive": None, "values": ";"}  # None: spaces
# Elements that bring in another document or plugin; Material writes none of them, so in a
# built page one came from a hand-written page (raw HTML in docs/) and is refused.
EMBEDDING = {"iframe", "frame", "frameset", "object", "embed", "applet", "portal", "fencedframe"}


class CSPError(Exception):
    """A built page holds something the policy would have to allow and we do not ship."""


def sha256(body: str) -> str:
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()


@lru_cache(maxsize=1)
def known_scripts() -> dict[str, str]:
    """hash -> where it comes from, for every inline script Material's templates can write."""
    import material

    templates = Path(material.__file__).parent / "templates"
    scopes = [".", "/", *("/".join([".."] * depth) for depth in range(1, MAX_PAGE_DEPTH + 1))]
    known: dict[str, str] = {}
    for name in MATERIAL_SCRIPT_TEMPLATES:
        text = (templates / name).read_text(encoding="utf-8")
        for body in re.findall(r"<script>(.*?)</script>", text, re.S):
            if _SCOPE in body:
                for scope in scopes:
                    known[sha256(body.replace(_SCOPE, scope))] = f"{name} (scope {scope})"
            elif "{{" not in body and "{%" not in body:
                known[sha256(body)] = name
    if not known:
        raise CSPError("no inline scripts found in Material's templates: has Material changed?")
    return known


@lru_cache(maxsize=1)
def site_policy() -> str:
    """The policy of every page: Material's known inline scripts by hash, nothing else inline."""
    return policy(sorted(known_scripts()))


def policy(hashes: list[str]) -> str:
    parts = []
    for name, value in DIRECTIVES:
        if name == "script-src" and hashes:
            value = " ".join([value, *sorted(set(hashes))])
        parts.append(f"{name} {value}")
    return "; ".join(parts)


def _urls(name: str, value: str) -> list[str]:
    """The addresses an attribute holds: one, or each of a list (`srcset`, `ping`, SVG `values`)."""
    if name not in _LISTS:
        return [value]
    parts = value.split(_LISTS[name]) if _LISTS[name] else value.split()
    return [value, *(part.strip().split(" ")[0] for part in parts if part.strip())]


class _Audit(HTMLParser):
    """Reads one built page and lists what the policy must not have to allow."""

    def __init__(self, expected_policy: str, allowed_refresh: str | None = None):
        super().__init__(convert_charrefs=True)
        self.expected = expected_policy
        self.allowed_refresh = allowed_refresh
        self.found: list[str] = []
        self.policies = 0
        self._script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): v or "" for k, v in attrs}
        if tag in EMBEDDING:
            self.found.append(f"an <{tag}> element (another document inside the page)")
        for name, value in a.items():
            if name.startswith("on"):
                self.found.append(f"an event-handler attribute `{name}` on <{tag}>")
            elif name == "srcdoc":
                self.found.append(f"a `srcdoc` attribute on <{tag}> (a page written into an attribute)")
            elif name in URL_ATTRIBUTES and not (tag == "img" and value.startswith("data:image/")):
                said = set()
                for url in _urls(name, value):
                    scheme = unsafe_scheme(url)
                    what = (f"a `{scheme}:` link in <{tag} {name}>" if scheme else
                            f"a link to another site without a scheme in <{tag} {name}>: {url[:40]!r}"
                            if names_another_host(url) else None)
                    if what and what not in said:
                        said.add(what)
                        self.found.append(what)
        if tag == "meta" and "http-equiv" in a:
            if a["http-equiv"].lower() == "content-security-policy" and a.get("content") == self.expected:
                self.policies += 1
            elif self.allowed_refresh is not None and a["http-equiv"].lower() == "refresh" \
                    and a.get("content") == self.allowed_refresh:
                pass
            else:
                self.found.append(f"a <meta http-equiv=\"{a['http-equiv']}\">")
        elif tag == "base":
            self.found.append("a <base> element")
        elif tag == "script" and "src" not in a:
            if (a.get("type") or "").strip().lower() not in DATA_TYPES:
                self._script = []

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            body = "".join(self._script)
            self._script = None
            if sha256(body) not in known_scripts():
                self.found.append(f"an inline script that is not one of Material's: {body[:60]!r}")


def audit_page(html: str, expected_policy: str | None = None, allowed_refresh: str | None = None) -> list[str]:
    """What in one page breaks the policy's promise (empty when nothing). `allowed_refresh`:
    the one `<meta http-equiv="refresh">` content the page may have (the site's root page)."""
    expected = expected_policy or site_policy()
    parser = _Audit(expected, allowed_refresh)
    parser.feed(html)
    parser.close()
    found = list(parser.found)
    if "<head>" in html and parser.policies != 1:
        found.append(f"{parser.policies} Content-Security-Policy <meta> elements with the site's policy (want 1)")
    return found


def audit_pages(site: Path, folder: Path, root_refresh: str | None = None) -> dict[str, list[str]]:
    """What each page under `folder` breaks (empty lists for those that break nothing), by
    its path under `site`: the build checks each language as soon as it is built."""
    expected = site_policy()
    return {str(page.relative_to(site)): audit_page(page.read_text(encoding="utf-8"), expected,
                                                    root_refresh if page == site / "index.html" else None)
            for page in sorted(folder.rglob("*.html"))}


def apply(site: Path, root_refresh: str | None = None, audited: dict[str, list[str]] | None = None) -> str:
    """Check every page under `site`; write csp-header.txt; return the policy.
    Raises CSPError naming each page that holds something the policy does not allow.
    `root_refresh`: the redirect that site/index.html makes to the default language.
    `audited`: audit_pages' findings for pages already checked; those are not read again."""
    expected = site_policy()
    problems = []
    audited = audited or {}
    for page in sorted(site.rglob("*.html")):
        rel = str(page.relative_to(site))
        if rel in audited:
            found = audited[rel]
        else:
            found = audit_page(page.read_text(encoding="utf-8"), expected,
                               root_refresh if page == site / "index.html" else None)
        problems += [f"{rel}: {what}" for what in found]
    if problems:
        raise CSPError("The built pages hold what the site's Content Security Policy does not allow:\n"
                       + "\n".join(f"  {p}" for p in problems[:50])
                       + (f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""))
    (site / "csp-header.txt").write_text(f"Content-Security-Policy: {expected}\n", encoding="utf-8")
    return expected
