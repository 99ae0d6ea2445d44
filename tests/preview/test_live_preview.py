"""Live preview: `playbook serve` shows each real save in the open page, shows a bad save's
problems over the page (in its language) until they are fixed, ignores reads, refuses a
busy port in one line, and takes its MkDocs server down with it."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from helpers import copy_project, line_of, type_search
from playwright.sync_api import expect

PAGE = "/playbooks/angry-customer.html"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def log_patterns(lang: str) -> list[re.Pattern]:
    """The log lines of a regeneration (`regenerated …`, `N problems found:`) as the preview
    writes them in `lang`: every plural form of the catalog, placeholders matching anything."""
    from generator.messages import catalog

    forms = []
    for singular, plural in (("regenerated ({n} page changed) in {seconds} s, MkDocs {mkdocs} s",
                              "regenerated ({n} pages changed) in {seconds} s, MkDocs {mkdocs} s"),
                             ("{n} problem found:", "{n} problems found:")):
        entry = catalog(lang).get(singular) if lang != "en" else None
        forms += list(entry.string) if entry is not None else [singular, plural]
    return [re.compile(".+?".join(re.escape(part) for part in re.split(r"\{\w+\}", form))) for form in forms]


class Preview:
    def __init__(self, project: Path, lang: str, log: Path, ignoring: tuple[int, ...] = ()):
        """`ignoring`: signals the preview starts with ignored, as a script's background job starts with SIGINT."""
        self.project, self.port, self.log, self.lang = project, free_port(), log, lang
        self.previewed: dict[str, str] = {}
        self.proc = subprocess.Popen([sys.executable, "-m", "generator", "--project", str(project), "serve",
                                      "--lang", lang, "--addr", f"127.0.0.1:{self.port}"], start_new_session=True,
                                     stdout=subprocess.DEVNULL, stderr=open(log, "w"),
                                     preexec_fn=lambda: [signal.signal(sig, signal.SIG_IGN) for sig in ignoring])
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(self.url + PAGE, timeout=2)
                break
            except OSError:
                assert self.proc.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the preview server did not start"
                time.sleep(0.3)

    def regenerations(self) -> int:
        """Regenerations the log reports, in the previewed language: a rebuild or a report of problems."""
        lines = self.log.read_text(encoding="utf-8").splitlines()
        return sum(1 for line in lines if any(p.search(line) for p in log_patterns(self.lang)))

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def finnish(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("preview")
    preview = Preview(copy_project(tmp / "p"), "fi", tmp / "serve.log")
    yield preview
    preview.stop()


def yaml_file(preview: Preview) -> Path:
    return preview.project / "playbook" / "playbooks" / "angry-customer.yaml"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def title(preview: Preview) -> str:
    return yaml.safe_load(yaml_file(preview).read_text(encoding="utf-8"))["title"]["fi"]


def retitle(preview: Preview, page, new: str) -> str:
    """Open the playbook in `page`, save its title as `new` and wait until the page shows it;
    returns the old title."""
    page.goto(preview.url + PAGE)
    old = title(preview)
    expect(page.locator("h1")).to_contain_text(old)
    edit(yaml_file(preview), old, new)
    expect(page.locator("h1")).to_contain_text(new, timeout=60000)
    return old


def test_saving_yaml_reloads_the_page(browser, finnish):
    page = browser.new_page()
    page.goto(finnish.url + PAGE)
    heading = page.locator("h1")
    old = title(finnish)
    expect(heading).to_contain_text(old)
    edit(yaml_file(finnish), old, "Tallennettu otsikko")
    expect(heading).to_contain_text("Tallennettu otsikko", timeout=60000)
    page.close()


def test_a_bad_save_shows_its_problem_over_the_page_until_fixed(browser, finnish):
    page = browser.new_page()
    csp_or_script_errors: list[str] = []
    page.on("pageerror", lambda e: csp_or_script_errors.append(str(e)))
    page.goto(finnish.url + PAGE)
    overlay = page.locator("#pb-preview-problems")
    expect(page.locator("h1")).to_contain_text(title(finnish))
    expect(overlay).to_have_count(0)
    path = yaml_file(finnish)
    title_before = title(finnish)
    good = path.read_text(encoding="utf-8")
    line = next(i for i, ln in enumerate(good.splitlines(), 1) if ln.startswith("  fi: "))
    broken = good.splitlines()
    value = broken[line - 1][len("  fi: "):]
    # the closing quote forgotten (or, for a text without quotes, an opening one added)
    broken[line - 1] = "  fi: " + (value[:-1] if value.startswith('"') else '"' + value)
    path.write_text("\n".join(broken) + "\n", encoding="utf-8")
    expect(overlay).to_be_visible(timeout=30000)
    # In the page's language (Finnish), with the file, the line, the message and the fix.
    expect(overlay.locator("h2")).to_contain_text("Sivu ei ole ajan tasalla")
    first = overlay.locator("li").first
    expect(first).to_contain_text(f"Tiedosto playbook/playbooks/angry-customer.yaml, rivi {line}")
    # the message and its fix in Finnish too (generator/languages/fi/messages.po), not English
    expect(first.locator(".pb-message")).to_have_text(
        'Tiedostoa ei voi lukea: tällä rivillä avattua lainausmerkkiä " ei ole suljettu')
    expect(first.locator(".pb-message")).not_to_have_attribute("lang", "en")
    expect(first.locator(".pb-fix")).to_contain_text('Näin korjaat: lisää lopettava " tekstin loppuun')
    # The page behind still shows the last good version.
    expect(page.locator("h1")).to_contain_text(title_before)
    path.write_text(good, encoding="utf-8")
    expect(overlay).to_have_count(0, timeout=30000)
    assert csp_or_script_errors == []
    page.close()


def test_an_editorial_and_a_consistency_problem_show_in_finnish(browser, finnish):
    """Not only YAML mistakes: the checks across a playbook (review dates, an outcome that
    gives money back but is `declined`) speak the previewed language too, log included."""
    page = browser.new_page()
    page.goto(finnish.url + PAGE)
    overlay = page.locator("#pb-preview-problems")
    expect(page.locator("h1")).to_contain_text(title(finnish))
    path = yaml_file(finnish)
    good = path.read_text(encoding="utf-8")
    before = finnish.regenerations()
    edit(path, "review_by: 2027-06-30", "review_by: 2026-01-01")
    edit(path, "calmly ask the customer to leave.", "give the customer a refund and ask them to leave.")
    expect(overlay).to_be_visible(timeout=30000)
    review = overlay.locator("li", has_text="review_by")
    expect(review).to_contain_text(f"rivi {line_of(path, 'review_by: 2026-01-01')}")
    expect(review.locator(".pb-message")).to_have_text(
        "review_by: 2026-01-01 on aikaisempi kuin reviewed: 2026-11-22: seuraavan tarkistuksen määräpäivä "
        "ei voi olla ennen edellistä tarkistusta")
    expect(review.locator(".pb-message code").first).to_have_text("review_by: 2026-01-01")  # keys as typed
    expect(review.locator(".pb-message")).not_to_have_attribute("lang", "en")
    expect(review.locator(".pb-fix")).to_contain_text("anna review_by:-riville myöhempi päivämäärä")
    money = overlay.locator("li", has_text="declined")
    expect(money.locator(".pb-message")).to_have_text(
        "tässä lopputuloksessa asiakkaalle palautetaan rahaa, mutta sen kind: on declined")
    expect(money.locator(".pb-fix")).to_contain_text("käytä kind: resolved (asia ratkaistaan tässä)")
    # the terminal says the same in Finnish (printed just after the overlay's file is written)
    deadline = time.monotonic() + 30
    while "seuraavan tarkistuksen määräpäivä" not in finnish.log.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, finnish.log.read_text(encoding="utf-8")
        time.sleep(0.2)
    assert "the next review cannot be due" not in finnish.log.read_text(encoding="utf-8")
    assert finnish.regenerations() > before
    path.write_text(good, encoding="utf-8")
    expect(overlay).to_have_count(0, timeout=30000)
    page.close()


def test_reading_or_touching_files_does_not_regenerate(finnish):
    path = yaml_file(finnish)
    time.sleep(1)
    before = finnish.regenerations()
    for _ in range(3):
        for f in (finnish.project / "playbook").rglob("*.yaml"):
            f.read_bytes()
        os.utime(path)
        time.sleep(0.5)
    time.sleep(1.5)
    assert finnish.regenerations() == before


def test_a_same_size_edit_with_its_time_restored_is_seen(browser, finnish):
    page = browser.new_page()
    page.goto(finnish.url + PAGE)
    heading = page.locator("h1")
    old = title(finnish)
    expect(heading).to_contain_text(old)
    path = yaml_file(finnish)
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    new = "Samankokoinen"[:len(old)].ljust(len(old), "x") if old.isascii() else old[::-1]  # same size in bytes
    assert len(new.encode()) == len(old.encode())
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    expect(heading).to_contain_text(new, timeout=60000)
    page.close()


def test_a_busy_port_is_one_line_and_exit_2(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "generator", "--project", str(copy_project(tmp_path / "p")),
                                 "serve", "--addr", f"127.0.0.1:{port}"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and f"port {port} is already in use" in result.stderr
    assert "Traceback" not in result.stderr


# SIGINT (Ctrl-C, `kill -INT`) also when the preview started with it ignored, as a job that a
# script started in the background does: "Ctrl-C stops" it all the same.
@pytest.mark.parametrize("sig, ignoring", [(signal.SIGTERM, ()), (signal.SIGINT, (signal.SIGINT,))])
def test_stopping_the_preview_stops_its_mkdocs_server(tmp_path, sig, ignoring):
    preview = Preview(copy_project(tmp_path / "p"), "en", tmp_path / "serve.log", ignoring)
    try:
        os.kill(preview.proc.pid, sig)  # the preview process alone, as `kill PID` or a supervisor does
        assert preview.proc.wait(timeout=30) == 0
        deadline = time.monotonic() + 10
        while True:  # nothing of the session (MkDocs included) is left
            try:
                os.killpg(preview.proc.pid, 0)
            except ProcessLookupError:
                break
            assert time.monotonic() < deadline, "MkDocs is still running"
            time.sleep(0.2)
        with pytest.raises(OSError):
            urllib.request.urlopen(preview.url + PAGE, timeout=2)
    finally:
        try:
            os.killpg(preview.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_make_serve_takes_a_port_and_a_language():
    from helpers import ROOT

    out = subprocess.run(["make", "-n", "-C", str(ROOT), "serve", "PORT=8100", "PREVIEW=fi"], capture_output=True,
                         text=True, check=True).stdout
    assert "playbook serve --lang fi --addr 127.0.0.1:8100" in out
    default = subprocess.run(["make", "-n", "-C", str(ROOT), "serve"], capture_output=True, text=True,
                             check=True).stdout
    assert "playbook serve --lang en --addr 127.0.0.1:8000" in default


def test_the_preview_sends_the_sites_csp_and_still_reloads(browser, finnish):
    """The preview's pages carry the built site's policy (review item 3: in `make serve` a
    `javascript:` link ran), and live reload works under it, with no refusal in the console."""
    from generator.security import csp

    page = browser.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    with page.expect_request(lambda r: r.url.endswith("/.pb-livereload.js")):
        page.goto(finnish.url + PAGE)
    meta = page.locator('meta[http-equiv="Content-Security-Policy"]')
    expect(meta).to_have_attribute("content", csp.site_policy())
    assert refused == []  # the page and its reload script run under the policy
    # an inline script a bad page might carry is refused, as on the built site
    page.evaluate("document.body.appendChild(Object.assign(document.createElement('script'), "
                  "{textContent: 'window.__inline = 1'}))")
    expect(page.locator("body")).to_be_visible()
    assert page.evaluate("window.__inline") is None
    refused.clear()
    old = title(finnish)
    expect(page.locator("h1")).to_contain_text(old)
    edit(yaml_file(finnish), old, "Uudelleen ladattu")
    expect(page.locator("h1")).to_contain_text("Uudelleen ladattu", timeout=60000)
    assert refused == []
    page.close()


def _without_preview_scripts(html: str) -> str:
    """A page as the preview serves it, less its two preview-only scripts (the reload script
    and the problems overlay), which the published build never has."""
    import re

    html = re.sub(r'<script src="/\.pb-livereload\.js"[^>]*></script>', "", html)
    return re.sub(r'\n[ ]*\n[ ]*<script src="(?:\.\./)*_preview/preview\.js"[^>]*></script>', "", html)


def test_the_preview_shows_what_the_full_build_builds(browser, finnish):
    """After a save the preview renders only what changed; the changed page must still be the
    page `make site` builds (navigation, titles, links: byte for byte)."""
    page = browser.new_page()
    retitle(finnish, page, "Vertailtava otsikko")
    page.close()
    for address in (PAGE, "/playbooks/index.html"):
        served = urllib.request.urlopen(finnish.url + address, timeout=30).read().decode("utf-8")
        assert "pb-livereload" in served  # (what is stripped below is really there)
        previewed = _without_preview_scripts(served)
        assert "_preview/preview.js" not in previewed and "Vertailtava otsikko" in previewed
        finnish.previewed[address] = previewed
    built = subprocess.run([sys.executable, "-m", "generator", "--project", str(finnish.project), "build"],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    for address, previewed in finnish.previewed.items():
        full = (finnish.project / "site" / "fi" / address.lstrip("/")).read_text(encoding="utf-8")
        assert previewed == full, address


def test_the_arabic_preview_shows_a_bad_save_in_arabic_right_to_left(browser, tmp_path):
    """`make serve PREVIEW=ar`: a mistake is explained in Arabic, right to left, with the file
    name and line number kept left to right in their own isolated elements; the fix takes it away."""
    preview = Preview(copy_project(tmp_path / "p"), "ar", tmp_path / "serve.log")
    try:
        page = browser.new_page()
        page.goto(preview.url + PAGE)
        overlay = page.locator("#pb-preview-problems")
        expect(page.locator("h1")).to_be_visible()
        # the ar pack's `typography: emphasis: upright`: the preview's build writes the rule too
        answer = page.locator(".pb-tree-static .pb-a").first
        expect(answer).to_have_css("font-style", "normal")
        path = preview.project / "playbook" / "playbooks" / "angry-customer.yaml"
        good = path.read_text(encoding="utf-8")
        lines = good.splitlines()
        number = next(i for i, ln in enumerate(lines, 1) if ln.startswith("  ar: "))
        value = lines[number - 1][len("  ar: "):]
        lines[number - 1] = "  ar: " + (value[:-1] if value.startswith('"') else '"' + value)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        expect(overlay).to_be_visible(timeout=30000)
        expect(overlay).to_have_attribute("dir", "rtl")
        expect(overlay).to_have_attribute("lang", "ar")
        first = overlay.locator("li").first
        expect(first.locator(".pb-file")).to_have_text("playbook/playbooks/angry-customer.yaml")
        expect(first.locator(".pb-file")).to_have_attribute("dir", "ltr")
        expect(first.locator(".pb-line")).to_have_text(str(number))
        expect(first.locator(".pb-where")).to_contain_text("الملف")
        expect(first.locator(".pb-message")).to_have_text(
            'تعذّرت قراءة الملف: علامة التنصيص " المفتوحة في هذا السطر لم تُغلق')
        expect(first.locator(".pb-message")).not_to_have_attribute("dir", "ltr")
        expect(first.locator(".pb-fix")).to_contain_text("أضف علامة التنصيص الختامية \" في آخر النص")
        path.write_text(good, encoding="utf-8")
        expect(overlay).to_have_count(0, timeout=30000)
        expect(page.locator(".pb-tree-static .pb-a").first).to_have_css("font-style", "normal")  # rebuilt: still
        page.close()
    finally:
        preview.stop()


def test_after_a_save_other_pages_show_the_new_title_and_search_keeps_every_page(browser, finnish):
    """The preview renders the page on screen first and the rest after; a page the save did
    not touch must not be served with the old title in its navigation, and the preview's
    search must still find pages the save did not touch (a dirty build indexes only the
    pages it renders)."""
    page = browser.new_page()
    old = retitle(finnish, page, "Otsikko navigaatiossa")
    # the negative-reviews page's Markdown is not rewritten by this save; its navigation must still show the new title
    page.goto(finnish.url + "/playbooks/negative-reviews.html")
    expect(page.locator("h1")).to_contain_text("Kielteiset arvostelut")
    expect(page.locator(".md-nav--primary")).to_contain_text("Otsikko navigaatiossa")
    expect(page.locator(".md-nav--primary")).not_to_contain_text(old)
    type_search(page, "kielteiset arvostelut")
    expect(page.locator(".md-search-result__item .md-search-result__link").first).to_have_attribute(
        "href", re.compile(r"/playbooks/negative-reviews\.html([?#].*)?$"), timeout=15000)
    page.close()
