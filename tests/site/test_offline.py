"""The site as staff open it from disk (file://), and the "page not found" pages."""

from __future__ import annotations

import functools
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import Visit
from helpers import type_search
from playwright.sync_api import expect

LANGS = ("en", "fi", "ru", "ar")


@pytest.fixture
def disk(browser, built):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    v = Visit(context, built.site.as_uri())
    failed: list[str] = []
    # (a request cut short by leaving the page is no error)
    v.page.on("requestfailed", lambda r: failed.append(r.url) if "ABORTED" not in (r.failure or "") else None)
    yield v
    context.close()
    assert v.errors == [], v.errors
    assert v.csp_violations == [], v.csp_violations
    assert failed == [], f"not found on disk: {failed}"
    assert v.foreign_requests() == []


def search(page, query: str):
    type_search(page, query)
    results = page.locator(".md-search-result__item .md-search-result__link")
    expect(results.first).to_be_visible(timeout=15000)
    return results


def test_from_disk_links_open_pages_and_the_language_switcher_works(disk):
    page = disk.goto("/index.html")
    expect(page).to_have_url(re.compile(r"/en/index\.html$"))
    page.get_by_role("link", name="Angry customer: 12 steps").first.click()
    expect(page).to_have_url(re.compile(r"/en/playbooks/angry-customer\.html$"))
    expect(page.locator("h1")).to_have_text(re.compile("^Angry customer: 12 steps"))
    page.get_by_role("link", name="Is the customer right?").last.click()
    expect(page.locator("h1")).to_have_text(re.compile(r"^Is the customer right\?"))
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="ar"]').click()
    expect(page).to_have_url(re.compile(r"/ar/playbooks/is-customer-right\.html$"))
    expect(page.locator("h1")).to_have_text(re.compile("^هل العميل على حق؟"))
    # the sidebar's links work from disk too: a page, never a folder listing
    page.locator(".md-sidebar--primary").get_by_role("link", name="جميع الأدلة").click()
    expect(page).to_have_url(re.compile(r"/ar/playbooks/index\.html$"))
    expect(page.locator(".pb-route li").first).to_be_visible()


@pytest.mark.parametrize("lang,query,expected,title", [
    ("en", "pizza", "angry-customer.html", "Angry customer: 12 steps"),
    ("ar", "البيتزا", "angry-customer.html", "العميل الغاضب"),
    ("fi", "kompromissilla", "is-customer-right.html", "Onko asiakas oikeassa?"),  # stemmed from disk too
])
def test_from_disk_search_finds_and_opens_the_playbook(disk, lang, query, expected, title):
    page = disk.goto(f"/{lang}/index.html")
    results = search(page, query)
    # Ranking is tested elsewhere; here: search runs from disk and its links open pages.
    hrefs = results.evaluate_all("els => els.map(e => e.href.split('?')[0].split('#')[0])")
    wanted = [i for i, h in enumerate(hrefs) if h.endswith(f"/{lang}/playbooks/{expected}")]
    assert wanted and all(h.startswith("file://") for h in hrefs), hrefs
    results.nth(wanted[0]).click()
    expect(page).to_have_url(re.compile(rf"/{lang}/playbooks/{re.escape(expected)}"))
    expect(page.locator("h1")).to_contain_text(title)


def test_from_disk_trees_and_checklists_work(disk):
    page = disk.goto("/fi/playbooks/angry-customer.html")
    tree = page.locator("#pb-tree-abuse-or-threat")
    tree.locator(".pb-answer").first.click()
    expect(page).to_have_url(re.compile(r"#tree-abuse-or-threat:danger/"))
    expect(tree.locator(".pb-crumbs li")).to_have_count(1)
    box = page.locator('.pb-checklist input[data-item="place"]')
    box.check()
    items = page.locator(".pb-checklist", has=page.locator('input[data-item="place"]')).locator("input[data-item]").count()
    assert items >= 2
    expect(page.locator(".pb-checklist .pb-progress")).to_have_text(re.compile(rf"^1\s?/\s?{items} tehty$"))


class _NotFoundHandler(SimpleHTTPRequestHandler):
    """Like a web host: a missing address gets the language's 404.html (else the root one)."""

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        lang = self.path.strip("/").split("/")[0]
        page = self.directory + (f"/{lang}/404.html" if lang in LANGS else "/404.html")
        body = open(page, "rb").read()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def host(built):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_NotFoundHandler, directory=str(built.site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("path,heading,home", [
    ("/en/playbooks/no-such-page.html", "Page not found", "Go to the home page"),
    ("/fi/a/deep/missing/page.html", "Sivua ei löydy", "Siirry etusivulle"),
    ("/ru/missing", "Страница не найдена", "На главную страницу"),
    ("/ar/playbooks/missing.html", "الصفحة غير موجودة", "اذهب إلى الصفحة الرئيسية"),
    ("/no/such/language/", "Page not found", "Go to the home page"),
])
def test_not_found_page_is_styled_in_every_language(browser, host, path, heading, home):
    context = browser.new_context()
    page = context.new_page()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and r.url != host + path else None)
    page.goto(host + path)
    expect(page.locator("h1")).to_have_text(heading)
    # Material's styles and ours loaded: the indigo header, the logo its normal size
    expect(page.locator(".md-header")).to_have_css("background-color", "rgb(64, 81, 181)")
    assert page.locator(".md-header__button.md-logo").bounding_box()["height"] < 60
    lang = path.split("/")[1] if path.split("/")[1] in LANGS else "en"
    assert page.locator("html").get_attribute("lang") == lang
    page.get_by_role("link", name=home).click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(host)}/{lang}/(index\.html)?$"))
    assert failed == []
    context.close()


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The project built with a public address (site_url) in mkdocs.yml."""
    from helpers import copy_project

    from generator.site.build import build
    from generator.project import Project

    project = Project(copy_project(tmp_path_factory.mktemp("published")))
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "# site_url: https://example.org/playbooks/", "site_url: https://example.org/playbooks/"), encoding="utf-8")
    build(project)
    return project


def test_with_a_site_url_hreflang_links_name_the_same_page_absolutely(published):
    html = (published.site / "fi" / "playbooks" / "angry-customer.html").read_text(encoding="utf-8")
    for lang in LANGS:
        assert (f'<link rel="alternate" href="https://example.org/playbooks/{lang}/playbooks/angry-customer.html" '
                f'hreflang="{lang}">') in html
    assert '<link rel="canonical" href="https://example.org/playbooks/fi/playbooks/angry-customer.html">' in html
    sitemap = (published.site / "ar" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/playbooks/ar/playbooks/angry-customer.html</loc>" in sitemap
    # the 404 pages load their styles from the published address
    page = (published.site / "ru" / "404.html").read_text(encoding="utf-8")
    assert 'href="/playbooks/ru/assets/stylesheets/main.' in page and "Страница не найдена" in page
