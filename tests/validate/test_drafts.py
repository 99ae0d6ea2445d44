"""Drafts stay drafts: `playbook new` writes a draft that validates only as a draft, the
live preview shows it with a banner, and the published site leaves it out everywhere."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from helpers import ROOT, copy_project, line_of

from generator.cli.main import main
from generator.errors import ContentError
from generator.project import Project
from generator.render.uitext import ui_for
from generator.validate.corpus import load_corpus
from generator.write.generate import generate

NEW = "phone-complaint"


@pytest.fixture
def project(tmp_path):
    return Project(copy_project(tmp_path / "p"))


def new_draft(project: Project, pid: str = NEW, *extra: str):
    assert main(["--project", str(project.root), "new", pid, *extra]) == 0
    return project.content / "playbooks" / f"{pid}.yaml"


def test_new_playbook_is_a_draft_that_validates_only_as_a_draft(project, capsys):
    path = new_draft(project)
    text = path.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["status"] == "draft"
    assert main(["--project", str(project.root), "validate"]) == 0
    # Published as it is, every TODO placeholder is an error at its own line.
    path.write_text(text.replace("status: draft\n", ""), encoding="utf-8")
    capsys.readouterr()
    assert main(["--project", str(project.root), "validate"]) == 1
    err = capsys.readouterr().err
    title_line = line_of(path, 'en: "TODO: a short title staff will recognise"')
    assert f"playbooks/{NEW}.yaml:{title_line}:7: title › en: this text still has a TODO placeholder" in err
    step_line = line_of(path, 'en: "TODO: what to do first"')
    assert f"playbooks/{NEW}.yaml:{step_line}:11: step 1 › title › en: this text still has a TODO placeholder" in err
    assert "add `status: draft`" in err
    assert "Traceback" not in err


def test_a_todo_left_in_a_published_playbook_is_located(tmp_path):
    from helpers import content_project

    content = content_project(tmp_path, {"is-customer-right.yaml": ("  en: Is the customer right?",
                                                                    "  en: Is the customer right? TODO")})
    with pytest.raises(ContentError) as info:
        load_corpus(content)
    [p] = info.value.problems
    assert (p.line, p.path) == (4, "title.en") and "TODO placeholder" in p.message


def test_the_preview_shows_a_draft_with_a_banner_in_every_language(project):
    new_draft(project)
    generate(project, drafts=True)
    for lang in ("en", "fi", "ru", "ar"):
        page = (project.docs / lang / "playbooks" / f"{NEW}.md").read_text(encoding="utf-8")
        ui = ui_for(lang)
        assert f'<p class="pb-draft" role="note"><strong>{ui["draft"]}</strong> {ui["draft_note"]}</p>' \
            in page
        assert f"playbooks/{NEW}.md" in (project.docs / f"mkdocs.{lang}.yml").read_text(encoding="utf-8")
    assert ui_for("fi")["draft"] != ui_for("en")["draft"] != ui_for("ar")["draft"]
    # A published page has no banner.
    assert "pb-draft" not in (project.docs / "en" / "playbooks" / "angry-customer.md").read_text(encoding="utf-8")


def test_the_published_build_leaves_drafts_out(project, capsys):
    new_draft(project)
    generate(project, drafts=True)  # as the live preview left docs/
    assert main(["--project", str(project.root), "build"]) == 0
    published = len(list((ROOT / "playbook" / "playbooks").glob("*.yaml")))  # the real ones; the draft is not counted
    assert f"Built {published} playbooks" in capsys.readouterr().out
    for lang in ("en", "fi", "ru", "ar"):
        site = project.site / lang
        assert not (site / "playbooks" / f"{NEW}.html").exists()
        assert not (project.docs / lang / "playbooks" / f"{NEW}.md").exists()
        for page in ("index.html", "playbooks/index.html", "status.html", "coverage.html",
                     "playbooks/angry-customer.html"):
            assert NEW not in (site / page).read_text(encoding="utf-8"), (lang, page)
        index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert not [d["location"] for d in index["docs"] if NEW in d["location"]]
    assert "TODO" not in (project.site / "en" / "index.html").read_text(encoding="utf-8")


def test_a_published_playbook_may_not_link_to_a_draft(project):
    new_draft(project)
    path = project.content / "playbooks" / "angry-customer.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["related"] = [NEW, *data.get("related", [])]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_corpus(project.content)
    [p] = info.value.problems
    assert p.file.endswith("angry-customer.yaml") and p.path == "related[0]"
    assert f"`{NEW}` is a draft" in p.message and "remove its `status: draft`" in p.hint


AWKWARD_SECTION = 'Step 2: say "sorry" \\ then act # now'
AWKWARD_FILE = "notes #1: it's.txt"


def test_new_writes_safe_yaml_for_any_section_or_file_name(project):
    sources = project.content / "sources.yaml"
    data = yaml.safe_load(sources.read_text(encoding="utf-8"))
    data["articles"].append({"file": AWKWARD_FILE, "language": "en", "title": "Notes",
                             "sections": [AWKWARD_SECTION, "- [x] {odd}: 'quoted'"]})
    sources.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    path = new_draft(project, NEW, "--article", AWKWARD_FILE)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["source"]["article"] == AWKWARD_FILE
    assert data["steps"][0]["source"]["section"] == AWKWARD_SECTION
    load_corpus(project.content)  # and the whole project still validates


def test_review_by_before_reviewed_is_an_error(tmp_path):
    from helpers import content_project

    content = content_project(tmp_path, {"angry-customer.yaml": ("review_by: 2027-06-30", "review_by: 2020-01-01")})
    with pytest.raises(ContentError) as info:
        load_corpus(content)
    [p] = info.value.problems
    text = (content / "playbooks" / "angry-customer.yaml").read_text(encoding="utf-8")
    assert p.path == "review_by" and p.line == text.splitlines().index("review_by: 2020-01-01") + 1
    assert re.search(r"`review_by: 2020-01-01` is before `reviewed: \d{4}-\d\d-\d\d`", p.message)
