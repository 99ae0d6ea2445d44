"""The site's languages come from settings.yaml `languages:` alone: taking Russian and Arabic
out builds an English + Finnish site with no trace of them; putting Finnish first makes it
the default; a wrong list is a message, not a traceback."""

from __future__ import annotations

import re

import pytest
import yaml
from helpers import ROOT, copy_project, run

from generator import languages
from generator.site.build import build, write_root
from generator.project import Project
from generator.write.generate import generate


@pytest.fixture(autouse=True)
def _restore_languages():
    yield
    languages.configure_project(ROOT / "playbook")  # other tests expect this project's languages


def set_languages(root, codes, source=None):
    path = root / "playbook" / "settings.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^languages: .*$", f"languages: [{', '.join(codes)}]", text, flags=re.M)
    if source:
        text = re.sub(r"^source_language: .*$", f"source_language: {source}", text, flags=re.M)
    path.write_text(text, encoding="utf-8")


def test_removing_russian_and_arabic_leaves_no_trace_of_them(tmp_path):
    project = Project(copy_project(tmp_path / "p"))
    set_languages(project.root, ["en", "fi"])
    build(project)
    assert sorted(p.name for p in project.site.iterdir() if p.is_dir() and p.name != "schema") == ["en", "fi"]
    for page in project.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for code in ("ru", "ar"):  # (a Russian source article's own title stays Russian: lang="ru")
            assert f'hreflang="{code}"' not in html, page
            assert f"../{code}/" not in html and f'href="{code}/' not in html, page
    switcher = yaml.safe_load((project.docs / "mkdocs.fi.yml").read_text(encoding="utf-8"))["extra"]["alternate"]
    assert [(a["lang"], a["name"]) for a in switcher] == [("en", "English"), ("fi", "Suomi")]
    status = (project.site / "en" / "status.html").read_text(encoding="utf-8")
    assert "Finnish" in status and "Russian" not in status and "Arabic" not in status
    assert (project.site / "fi" / "search" / "search_index.json").is_file()
    code, out, err = run("--project", str(project.root), "status")
    assert code == 0 and "\nfi " in out and "\nru " not in out and "\nar " not in out, out + err


def test_finnish_first_is_the_default(tmp_path):
    project = Project(copy_project(tmp_path / "p"))
    set_languages(project.root, ["fi", "en", "ru", "ar"])
    generate(project)
    assert languages.current().default == "fi" and languages.current().source == "en"
    out = tmp_path / "out"
    out.mkdir()
    (project.docs / "schema").mkdir(exist_ok=True)
    write_root(project, out)
    root = (out / "index.html").read_text(encoding="utf-8")
    assert "<html lang=\"fi\" data-languages=\"fi en ru ar\">" in root and "url=fi/index.html" in root
    assert root.index('hreflang="fi"') < root.index('hreflang="en"')
    switcher = yaml.safe_load((project.docs / "mkdocs.en.yml").read_text(encoding="utf-8"))["extra"]["alternate"]
    assert [a["lang"] for a in switcher] == ["fi", "en", "ru", "ar"]


@pytest.mark.parametrize("codes, source, expected", [
    (["en", "de"], None, "the language `de` has no language pack"),
    (["en", "xx"], None, "`xx` is not a language code"),
    (["en", "fi", "fi"], None, "`fi` is listed twice"),
    (["fi", "ru"], "en", "the source language `en` is not one of `languages:`"),
])
def test_a_wrong_language_list_is_a_message(tmp_path, codes, source, expected):
    root = copy_project(tmp_path / "p")
    set_languages(root, codes, source)
    code, out, err = run("--project", str(root), "validate")
    assert code == 1 and expected in err and "Traceback" not in err, err
    assert "settings.yaml:" in err


def test_lang_option_names_the_sites_languages(tmp_path):
    root = copy_project(tmp_path / "p")
    set_languages(root, ["en", "fi"])
    code, out, err = run("--project", str(root), "status", "--lang", "ru")
    assert code == 2 and "--lang ru" in err and "en, fi" not in err and "fi" in err and "Traceback" not in err


def test_new_playbook_stubs_the_sites_languages(tmp_path):
    root = copy_project(tmp_path / "p")
    set_languages(root, ["fi", "en"])  # a Finnish-first site without Russian and Arabic
    code, out, err = run("--project", str(root), "new", "phone-complaint")
    assert code == 0, err
    stub = yaml.safe_load((root / "playbook" / "playbooks" / "phone-complaint.yaml").read_text(encoding="utf-8"))
    assert set(stub["title"]) == {"en", "fi"}
    assert set(stub["steps"][0]["title"]) == set(stub["title"])
    code, out, err = run("--project", str(root), "validate")
    assert code == 0, err
