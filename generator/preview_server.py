"""`mkdocs serve` for the live preview, with its reload script served as a file.

The pages carry the site's Content Security Policy (generator/csp.py), in the preview as in
the built site: no inline script but Material's known ones. MkDocs' live reload injects
an inline script into every page, which that policy refuses; here the same script is
served from `/.pb-livereload.js` (same origin) and the page only names it, with the two
numbers it needs as data attributes. Run as `python -m generator.preview_server serve …`
with `mkdocs serve`'s arguments.
"""

from __future__ import annotations

import sys

from mkdocs import livereload
from mkdocs.__main__ import cli

PATH = "/.pb-livereload.js"
_CALL = "livereload(${epoch}, ${request_id});"
assert _CALL in livereload._SCRIPT_TEMPLATE_STR, "MkDocs' live-reload script has changed"
SCRIPT = livereload._SCRIPT_TEMPLATE_STR.replace(
    _CALL, ";(function (s) { livereload(+s.dataset.epoch, +s.dataset.request); })(document.currentScript);"
).encode("utf-8")


def _inject(self, content: bytes, epoch: int) -> bytes:
    try:
        body_end = content.rindex(b"</body>")
    except ValueError:
        body_end = len(content)
    tag = f'<script src="{PATH}" data-epoch="{int(epoch)}" data-request="{livereload._timestamp()}"></script>'
    return content[:body_end] + tag.encode() + content[body_end:]


_original_serve = livereload.LiveReloadServer._serve_request


def _serve(self, environ, start_response):
    if environ.get("PATH_INFO") == PATH:
        start_response("200 OK", [("Content-Type", "application/javascript"), ("Content-Length", str(len(SCRIPT)))])
        return [SCRIPT]
    return _original_serve(self, environ, start_response)


livereload.LiveReloadServer._inject_js_into_html = _inject
livereload.LiveReloadServer._serve_request = _serve

if __name__ == "__main__":
    sys.exit(cli())
