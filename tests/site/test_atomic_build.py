"""A build either replaces site/ whole or leaves it as it was; playbook/ is never written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from helpers import copy_project

from generator.site.build import build
from generator.cli.main import main
from generator.project import Project


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_killing_a_build_midway_leaves_the_previous_site_intact(built_copy):
    project = built_copy
    before = snapshot(project.site)
    content = snapshot(project.content)
    # change the content so that a finished build would change site/
    pb = project.content / "playbooks" / "angry-customer.yaml"
    pb.write_text(pb.read_text(encoding="utf-8").replace("Nobody enjoys", "No one enjoys"), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--project", str(project.root), "build"],
                            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    # wait until MkDocs has started writing the new site into its temporary folder
    while time.monotonic() < deadline:
        started = [p for p in project.root.glob(".site-new-*") if any(p.rglob("*.html"))]
        if started:
            break
        time.sleep(0.02)
    assert started, "the build never started writing"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert snapshot(project.site) == before
    # the next build tidies up what the killed one left, and succeeds
    build(project)
    assert not list(project.root.glob(".site-*"))
    assert "No one enjoys" in (project.site / "en" / "playbooks" / "angry-customer.html").read_text(
        encoding="utf-8")
    changed = snapshot(project.content)
    assert {k for k in changed if changed[k] != content.get(k)} == {Path("playbooks/angry-customer.yaml")}


def test_a_failed_mkdocs_build_leaves_the_previous_site_intact(built_copy, capsys):
    project = built_copy
    before = snapshot(project.site)
    # a hand-written page with a broken link fails the strict build of one language
    (project.docs / "fi" / "broken.md").write_text("# Rikki\n\n[puuttuu](puuttuva.md)\n", encoding="utf-8")
    code = main(["--project", str(project.root), "build"])
    err = capsys.readouterr().err
    assert code == 1
    assert "[fi] MkDocs failed" in err and "puuttuva.md" in err and "site/ is unchanged" in err
    assert snapshot(project.site) == before
    assert not list(project.root.glob(".site-*"))


def test_a_site_caught_mid_swap_is_put_back(built_copy):
    project = built_copy
    before = snapshot(project.site)
    project.site.rename(project.root / ".site-old-12345")  # killed between the two renames
    build(project)
    assert snapshot(project.site).keys() == before.keys()
    assert not list(project.root.glob(".site-*"))


def test_building_never_writes_into_playbook(tmp_path):
    project = Project(copy_project(tmp_path / "p"))
    content = project.content
    stamps = {p: p.stat().st_mtime_ns for p in content.rglob("*")}
    build(project)
    assert {p: p.stat().st_mtime_ns for p in content.rglob("*")} == stamps
