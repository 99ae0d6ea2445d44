"""Left-to-right fragments inside right-to-left text, isolated so they read in their own order.

In an Arabic sentence, a phone number (+971 4 123 4567), an e-mail address, a web address
or a Latin name is a left-to-right run; without isolation the browser's bidi algorithm
reorders its pieces ("4567 123 4 971+"). Each such run in the rendered HTML of an Arabic
text is wrapped in <bdi dir="ltr">. Code spans are isolated by CSS already; placeholders
(&#123;name&#125;) and tags are left alone.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"(<[^>]+>|&#123;[a-z0-9_:]*&#125;|&[#\w]+;)")
# A run of Latin letters, digits and the punctuation of addresses and numbers, words joined
# by single spaces: "+971 4 123 4567", "info@example.com", "https://example.com/x", "Acme Oy".
_RUN = re.compile(r"(?<![\w@])\+?[A-Za-z0-9][A-Za-z0-9.@_+/:%&'’-]*(?:[ \u00a0][A-Za-z0-9+][A-Za-z0-9.@_+/:%&'’-]*)*")
_PHONE = re.compile(r"^\+?\d[\d \u00a0-]{5,}\d$")


def _needs_isolation(run: str) -> bool:
    return bool(re.search(r"[A-Za-z]", run)) or bool(_PHONE.match(run))


def _isolate_text(text: str) -> str:
    def wrap(m: re.Match) -> str:
        run = m.group(0).rstrip(".:,;'’-")
        rest = m.group(0)[len(run):]
        return (f'<bdi dir="ltr">{run}</bdi>{rest}' if run and _needs_isolation(run) else m.group(0))

    return _RUN.sub(wrap, text)


def isolate_ltr(html: str) -> str:
    """The HTML with every left-to-right run of its text (outside tags, code and placeholders)
    wrapped in <bdi dir="ltr">."""
    out, in_code = [], 0
    for part in _TOKEN.split(html):
        if not part:
            continue
        if part.startswith("<"):
            tag = part[1:].split(None, 1)[0].rstrip(">").lower() if len(part) > 1 else ""
            if tag in ("code", "pre", "bdi", "a"):
                in_code += 1
            elif tag in ("/code", "/pre", "/bdi", "/a"):
                in_code = max(0, in_code - 1)
            out.append(part)
        elif part.startswith("&") or in_code:
            out.append(part)
        else:
            out.append(_isolate_text(part))
    return "".join(out)
