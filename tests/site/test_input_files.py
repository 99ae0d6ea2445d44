"""Inputs are regular files inside the project (security review round 3, findings 1 and 9).

A symbolic link committed under docs/ made the build publish the build machine's
environment (`docs/en/env.txt -> /proc/self/environ`) or any file it could read; a named
pipe in playbook/ or docs/ made validate and build wait forever. Each reproduction is
now refused before anything reads it, naming the path, with exit 1; every command that
could hang runs here in a subprocess under a timeout, so a regression fails instead of
stopping the test run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from helpers import copy_project, run

from generator.project import Project

LINK = "this is a symbolic link; the generator reads and writes only real files inside the project"
SPECIAL = "this is not a regular file but a named pipe, a device or a socket"


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(copy_project(tmp_path / "p"))


def playbook(project: Project, *argv: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--project", str(project.root), *argv],
                          capture_output=True, text=True, timeout=timeout)


def test_links_under_docs_are_refused_by_build_and_nothing_is_published(project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("THE BUILD MACHINE'S SECRET", encoding="utf-8")
    (project.docs / "en" / "env.txt").symlink_to("/proc/self/environ")
    (project.docs / "en" / "leak.md").symlink_to(secret)
    (project.docs / "fi" / "config.txt").symlink_to("../../.git/config")  # relative: the checkout's token
    (project.docs / "fi" / "etcdir").symlink_to("/etc")
    result = playbook(project, "build")
    assert result.returncode == 1, result.stderr
    for name in ("docs/en/env.txt", "docs/en/leak.md", "docs/fi/config.txt", "docs/fi/etcdir"):
        assert f"{name}:1:1: {LINK}" in result.stderr
    assert "replace the link with a copy of the file it points to" in result.stderr
    assert "Traceback" not in result.stderr
    assert not project.site.exists()
    assert not list(project.root.glob(".site-new-*"))


def test_links_under_docs_are_refused_by_validate_and_generate_too(project):
    (project.docs / "ar" / "env.txt").symlink_to("/proc/self/environ")
    for command in ("validate", "generate"):
        code, _, err = run("--project", str(project.root), command)
        assert code == 1 and f"docs/ar/env.txt:1:1: {LINK}" in err, (command, err)


def test_a_linked_docs_folder_and_mkdocs_yml_are_refused(project, tmp_path):
    real = tmp_path / "real-en"
    (project.docs / "en").rename(real)
    (project.docs / "en").symlink_to(real)
    (project.root / "mkdocs.yml").rename(tmp_path / "mkdocs.yml")
    (project.root / "mkdocs.yml").symlink_to(tmp_path / "mkdocs.yml")
    code, _, err = run("--project", str(project.root), "build")
    assert code == 1 and f"docs/en:1:1: {LINK}" in err and f"mkdocs.yml:1:1: {LINK}" in err


def test_a_link_in_the_theme_is_refused(project, tmp_path, monkeypatch):
    """The theme is copied into every page's folder by MkDocs: a link there would publish too."""
    from generator import project as project_module
    from generator.write import generate as generate_module

    theme = tmp_path / "generator" / "site" / "theme"
    shutil.copytree(project_module.THEME, theme)
    (theme / "assets" / "playbook" / "leak.js").symlink_to("/proc/self/environ")
    monkeypatch.setattr(generate_module, "THEME", theme)
    monkeypatch.setattr(project_module, "THEME", theme)
    code, _, err = run("--project", str(project.root), "build")
    assert code == 1 and f"generator/site/theme/assets/playbook/leak.js:1:1: {LINK}" in err


def test_a_fifo_in_playbook_is_refused_by_validate_without_waiting(project):
    """Review item 9: `playbook validate` waited forever on playbook/playbooks/fifo.yaml."""
    os.mkfifo(project.content / "playbooks" / "fifo.yaml")
    result = playbook(project, "validate", "--lang", "fi", timeout=60)
    assert result.returncode == 1
    assert "playbook/playbooks/fifo.yaml:1:1: tämä ei ole tavallinen tiedosto" in result.stderr


def test_a_fifo_in_docs_is_refused_by_build_without_waiting(project):
    os.mkfifo(project.docs / "en" / "fifo.md")
    result = playbook(project, "build", timeout=120)
    assert result.returncode == 1 and f"docs/en/fifo.md:1:1: {SPECIAL}" in result.stderr
    assert not project.site.exists()


def test_a_file_swapped_for_a_fifo_after_the_scan_is_not_waited_on(project):
    """The scan and the read are two moments: the read itself opens without waiting
    (O_NONBLOCK) and without following a link (O_NOFOLLOW), then refuses what is not a file."""
    from generator.errors import ContentError
    from generator.load.yamlfile import read_raw

    fifo = project.content / "playbooks" / "late.yaml"
    os.mkfifo(fifo)
    with pytest.raises(ContentError) as refused:
        read_raw(fifo, "playbook/playbooks/late.yaml")
    assert SPECIAL in refused.value.problems[0].message
    link = project.content / "playbooks" / "late-link.yaml"
    link.symlink_to(project.content / "settings.yaml")
    with pytest.raises(ContentError) as refused:
        read_raw(link, "playbook/playbooks/late-link.yaml")
    assert refused.value.problems[0].message == LINK


def test_ci_checkout_does_not_keep_its_token():
    import yaml
    from helpers import ROOT

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "actions/checkout@" in step.get("uses", ""):
                assert step["with"]["persist-credentials"] is False


def test_a_deeply_nested_mkdocs_yml_is_refused_at_its_line(project):
    """mkdocs.yml is YAML this generator (and MkDocs) reads too: bounded the same way."""
    path = project.root / "mkdocs.yml"
    path.write_text(path.read_text(encoding="utf-8") + "extra:\n  x: " + "[" * 30000 + "]" * 30000 + "\n",
                    encoding="utf-8")
    result = playbook(project, "validate", timeout=120)
    assert result.returncode == 1, result.stderr[-300:]
    assert "mkdocs.yml:" in result.stderr and "nested more than 40 levels" in result.stderr
