"""Which `Host` the live preview answers: its own address only.

The preview binds 127.0.0.1, but a web page the editor visits can still reach it by DNS
rebinding: the page's own name (evil.example) is made to resolve to 127.0.0.1, and the
browser, believing it talks to evil.example, lets that page read the answers (unpublished
drafts, the problems of the last save). The browser then sends `Host: evil.example:PORT`:
so a request is answered only when its Host is one of the preview's own names with its
port (`127.0.0.1`, `localhost`, `[::1]` and the `--addr` host), and only to GET and HEAD
(nothing in the preview changes state). Anything else gets 421 Misdirected Request.
"""

from __future__ import annotations

import ipaddress

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def _bracketed(host: str) -> str:
    host = host.strip().lower().rstrip(".")
    try:
        if isinstance(ipaddress.ip_address(host.strip("[]")), ipaddress.IPv6Address):
            return f"[{host.strip('[]')}]"
    except ValueError:
        pass
    return host


def allowed_hosts(addr_host: str, port: int) -> frozenset[str]:
    """The Host header values the preview answers: each of its names with its port (and
    without it on port 80, where browsers leave the port out)."""
    names = {_bracketed(name) for name in (*LOOPBACK_NAMES, addr_host) if name.strip()}
    values = {f"{name}:{port}" for name in names}
    if port == 80:
        values |= names
    return frozenset(values)


def refusal(environ, allowed: frozenset[str]) -> tuple[str, bytes] | None:
    """(status, body) when this request is not for the preview itself, else None."""
    host = (environ.get("HTTP_HOST") or "").strip().lower()
    name, colon, port = ("", "", host) if host.endswith("]") else host.rpartition(":")
    if not colon:
        name, port = port, ""
    host = name.rstrip(".") + (f":{port}" if colon else "")  # `localhost.:8000` is the same name
    if host not in allowed:
        return "421 Misdirected Request", b"This is the playbook live preview; it answers only its own address.\n"
    if environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
        return "405 Method Not Allowed", b"The live preview only serves pages.\n"
    return None
