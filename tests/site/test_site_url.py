"""Published at its real address (reviews/page-quality.md F4): a build with a project-path
site_url (`playbook build --site-url https://example.org/playbooks/`, as CI passes the Pages
deployment's address) has canonical links, hreflang alternates with x-default, a sitemap
index at the root, robots.txt pointing to it, and "page not found" pages that are noindex
and load their styles under the project path, served as GitHub Pages serves them. Without
a site_url the site stays one for any place (none of the absolute parts)."""

from __future__ import annotations

import functools
import re
import threading
import xml.etree.ElementTree as ET
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import copy_project, run

from generator.languages import current as _configured

LANGUAGES = _configured().codes

URL = "https://example.org/playbooks/"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("published") / "p")
    code, out, err = run("--project", str(project), "build", "--site-url", URL)
    assert code == 0, err
    return project / "site"


def links(html: str, rel: str) -> list[tuple[str, str | None]]:
    found = []
    for tag in re.findall(rf'<link rel="{rel}"[^>]*>', html):
        href = re.search(r'href="([^"]*)"', tag).group(1)
        lang = re.search(r'hreflang="([^"]*)"', tag)
        found.append((href, lang.group(1) if lang else None))
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_page_names_its_address_and_its_other_languages_with_x_default(published, lang):
    page = "playbooks/angry-customer.html"
    html = (published / lang / page).read_text(encoding="utf-8")
    assert links(html, "canonical") == [(f"{URL}{lang}/{page}", None)]
    alternates = dict((code, href) for href, code in links(html, "alternate"))
    assert alternates == {**{code: f"{URL}{code}/{page}" for code in LANGUAGES}, "x-default": f"{URL}en/{page}"}
    for href in alternates.values():  # each names a page the site has
        assert (published / href.removeprefix(URL)).is_file()


def test_the_root_has_a_sitemap_index_and_robots_txt_pointing_to_it(published):
    index = ET.parse(published / "sitemap.xml").getroot()
    assert index.tag == f"{SITEMAP_NS}sitemapindex"
    locs = [e.text for e in index.iter(f"{SITEMAP_NS}loc")]
    assert locs == [f"{URL}{lang}/sitemap.xml" for lang in LANGUAGES]
    for lang in LANGUAGES:
        urls = [e.text for e in ET.parse(published / lang / "sitemap.xml").getroot().iter(f"{SITEMAP_NS}loc")]
        assert f"{URL}{lang}/playbooks/angry-customer.html" in urls
        assert not any(u.endswith("404.html") for u in urls)
    robots = (published / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {URL}sitemap.xml" in robots and "User-agent: *" in robots
    root = (published / "index.html").read_text(encoding="utf-8")
    assert (f"{URL}", "x-default") in links(root, "alternate")


@pytest.mark.parametrize("where", ["404.html", *(f"{lang}/404.html" for lang in LANGUAGES)])
def test_page_not_found_is_noindex_and_names_no_alternates(published, where):
    html = (published / where).read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in html
    assert links(html, "alternate") == [] and links(html, "canonical") == []
    for ref in re.findall(r'(?:href|src)="(/[^"]*)"', html):  # absolute paths, under the project path
        assert ref.startswith("/playbooks/"), ref
        assert (published / ref.removeprefix("/playbooks/").split("#")[0]).exists(), ref


class _PagesHandler(SimpleHTTPRequestHandler):
    """As GitHub Pages serves a project site: under /playbooks/, a missing address gets
    the site's 404.html with status 404."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if not path.exists() and self.path.startswith("/playbooks/"):
            body = (Path(self.directory) / "playbooks" / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            import io

            return io.BytesIO(body)
        return super().send_head()


@pytest.mark.parametrize("missing", ["/playbooks/nothing-here", "/playbooks/fi/playbooks/deep/no-such-page.html"])
def test_page_not_found_loads_its_styles_under_the_project_path_in_chromium(published, tmp_path, missing, browser):
    mount = tmp_path / "www"
    mount.mkdir()
    (mount / "playbooks").symlink_to(published)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_PagesHandler, directory=str(mount)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    # The session's Chromium (a second Playwright in one process cannot start beside it).
    context = browser.new_context()
    try:
        page = context.new_page()
        failed = []
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and r.request.resource_type
                in ("stylesheet", "script", "image", "font") else None)
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}{missing}")
        page.wait_for_load_state("load")
        assert failed == []
        # Material's stylesheet applied: the header is fixed at the top, the button styled
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
        assert page.evaluate("[...document.styleSheets].filter(s => s.href && "
                             "s.href.includes('/playbooks/en/assets/stylesheets/main')).length") == 1
    finally:
        context.close()
        httpd.shutdown()
        httpd.server_close()


def test_without_a_site_url_the_site_has_no_absolute_parts(tmp_path):
    from generator.site.build import write_root
    from generator.project import Project

    project = Project(copy_project(tmp_path / "p"))
    (project.docs / "schema").mkdir(parents=True, exist_ok=True)
    out = tmp_path / "out"
    out.mkdir()
    write_root(project, out)
    assert not (out / "sitemap.xml").exists() and not (out / "robots.txt").exists()
    assert "rel=\"alternate\"" not in (out / "index.html").read_text(encoding="utf-8")


def test_a_site_url_that_is_no_web_address_is_a_usage_error(tmp_path):
    project = copy_project(tmp_path / "p")
    code, _, err = run("--project", str(project), "build", "--site-url", "javascript:alert(1)")
    assert code == 2 and "--site-url" in err and not (project / "site").exists()
