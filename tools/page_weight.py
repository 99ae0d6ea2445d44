"""First-visit weight of a playbook page against a plain Material page (`make bench`).

A fresh browser (Debian's Chromium through Playwright, phone-sized, no cache) opens
<lang>/playbooks/angry-customer.html of the built site/ over http on 127.0.0.1 and waits
until the network is idle; every request is counted, with the bytes as served and as gzip
(level 6, what a compressing web server sends). The same is done for a plain MkDocs +
Material site built here from the very Markdown the generator wrote for that page (Material's
own theme with the same colour palette, search on, no project CSS/JS; `font: false` like
ours, as Google Fonts cannot be reached offline). Written into BENCHMARK.md between its markers.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

PAGE = "playbooks/angry-customer.html"
START = "<!-- first-visit weight: written by tools/page_weight.py (make bench) -->"
END = "<!-- end of first-visit weight -->"
PLAIN_CONFIG = """site_name: Plain Material
use_directory_urls: false
theme:
  name: material
  language: {lang}
  font: false
  palette: {{scheme: default, primary: indigo, accent: indigo}}
plugins:
  - search:
      lang: {lang}
markdown_extensions: [attr_list, md_in_html, sane_lists, toc]
"""


def plain_site(lang: str, work: Path) -> Path:
    """A plain Material site holding the generator's Markdown of PAGE for `lang`."""
    project = work / f"plain-{lang}"
    docs = project / "docs"
    (docs / "playbooks").mkdir(parents=True)
    shutil.copyfile(ROOT / "docs" / lang / PAGE.replace(".html", ".md"), docs / PAGE.replace(".html", ".md"))
    (docs / "index.md").write_text("# Plain Material\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(PLAIN_CONFIG.format(lang=lang), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                    "-d", str(project / "site")], check=True, capture_output=True)
    return project / "site"


def visit(browser, folder: Path, path: str) -> dict:
    from helpers import SiteServer

    with SiteServer(folder) as server:
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        urls: list[str] = []
        page = context.new_page()
        page.on("request", lambda r: urls.append(r.url))
        page.goto(f"{server.url}/{path}", wait_until="networkidle")
        page.wait_for_timeout(500)
        context.close()
    raw = gz = 0
    local = [u for u in urls if u.startswith("http://127.0.0.1")]
    for url in local:
        file = folder / unquote(urlparse(url).path).lstrip("/")
        if file.is_file():
            data = file.read_bytes()
            raw += len(data)
            gz += len(gzip.compress(data, 6))
    return {"requests": len(urls), "outside": len(urls) - len(local), "raw": raw, "gz": gz,
            "files": [urlparse(u).path.rsplit("/", 1)[-1] for u in local]}


def measure(site: Path, languages: list[str]) -> dict:
    from playwright.sync_api import sync_playwright

    from helpers import CHROMIUM, CHROMIUM_ARGS

    rows = {}
    with tempfile.TemporaryDirectory(prefix="pb-weight-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for lang in languages:
            ours = visit(browser, site, f"{lang}/{PAGE}")
            plain = visit(browser, plain_site(lang, Path(tmp)), PAGE)
            rows[lang] = (ours, plain)
        browser.close()
    return rows


def report(rows: dict) -> str:
    kib = 1024
    lines = [START, "## First visit to a playbook page", "",
             f"A fresh phone-sized browser opens `<lang>/{PAGE}` (no cache) and waits for the network to go "
             "idle; a plain MkDocs + Material site built from the same Markdown is the yardstick. gzip = each "
             "file at level 6, as a compressing server sends it. Target: within 1.2× of plain Material's "
             "requests and bytes.", "",
             "| language | requests | plain Material | ×  | KiB gzip | plain Material KiB gzip | × | KiB as served | plain KiB |",
             "|---|---|---|---|---|---|---|---|---|"]
    for lang, (ours, plain) in rows.items():
        lines.append(f"| {lang} | {ours['requests']} | {plain['requests']} | {ours['requests'] / plain['requests']:.2f} "
                     f"| {ours['gz'] / kib:.0f} | {plain['gz'] / kib:.0f} | {ours['gz'] / plain['gz']:.2f} "
                     f"| {ours['raw'] / kib:.0f} | {plain['raw'] / kib:.0f} |")
    lines += ["", "Files loaded (ours, first language): " + ", ".join(f"`{f}`" for f in next(iter(rows.values()))[0]["files"]),
              "", "Files loaded (plain Material, first language): "
              + ", ".join(f"`{f}`" for f in next(iter(rows.values()))[1]["files"]), "",
              "How: the page widgets are one file (`playbook.js`, joined from one source file per widget by "
              "generator/site/language_hook.py); one head script (`head.js`) marks the page for its first "
              "paint, points search at our worker and runs it in a frame from disk; search (the index and the "
              "worker, 40-55 KiB gzip) is fetched when the search box is first focused, not on every page "
              "view (plain Material fetches it at once). Before this (issue 24): 18-20 requests and "
              "126-141 KiB gzip per first visit; `site/` 14.5 MB, now about 6 MB without source maps, other "
              "languages' stemmers and the Thai and Japanese segmenters (generator/site/prune.py).", END]
    return "\n".join(lines) + "\n"


def put_section(text: str, section: str) -> str:
    if START in text and END in text:
        before = text.split(START, 1)[0]
        after = text.split(END, 1)[1].lstrip("\n")
        return before + section + ("\n" + after if after else "")
    return text.rstrip("\n") + "\n\n" + section


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.page_weight", description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--lang", action="append", help="a language (default: all four)")
    parser.add_argument("--write", type=Path, metavar="BENCHMARK.md")
    args = parser.parse_args(argv)
    text = report(measure(args.site, args.lang or ["en", "fi", "ru", "ar"]))
    print(text)
    if args.write:
        old = args.write.read_text(encoding="utf-8") if args.write.exists() else "# Benchmark\n"
        args.write.write_text(put_section(old, text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
