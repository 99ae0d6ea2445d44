"""The file system is the project's alone, the cache cannot lie, terminal output is clean and
the supply chain is pinned (security review, items 6–9 and 11–15). Each test is one of the
review's reproductions, now refused with a located message, or harmless."""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

import polib
import pytest
import yaml
from helpers import ROOT, copy_project, run

from generator.site import build as build_module
from generator.site.build import build, swap_into_place
from generator.cache import DiskCache
from generator.project import Project
from generator.write.generate import generate

PB = "is-customer-right.yaml"


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(copy_project(tmp_path / "p"))


# --- 5. the file system is ours alone ----------------------------------------------------

def test_import_through_a_symlinked_playbook_writes_nothing_outside(project, tmp_path):
    """Review item 6: the link is refused before anything is read or written."""
    playbooks = project.content / "playbooks"
    outside = tmp_path / "elsewhere" / "ext.yaml"
    outside.parent.mkdir()
    shutil.copy(playbooks / PB, playbooks / "ext.yaml")
    text = (playbooks / "ext.yaml").read_text(encoding="utf-8").replace("id: is-customer-right", "id: ext", 1)
    (playbooks / "ext.yaml").write_text(text, encoding="utf-8")
    assert run("--project", str(project.root), "translations", "export", "--out", str(tmp_path / "po"),
               "--lang", "fi")[0] == 0
    po = polib.pofile(str(tmp_path / "po" / "fi.po"))
    entry = next(e for e in po if e.msgctxt == "ext/title")
    entry.msgstr = "[x](javascript:alert(1)) {undefined}"
    po.save()
    outside.write_text(text, encoding="utf-8")
    (playbooks / "ext.yaml").unlink()
    (playbooks / "ext.yaml").symlink_to(outside)
    before = outside.read_bytes()
    code, _, err = run("--project", str(project.root), "translations", "import", str(tmp_path / "po" / "fi.po"))
    assert code == 1
    assert "playbook/playbooks/ext.yaml:1:1: this is a symbolic link" in err and "Traceback" not in err
    assert outside.read_bytes() == before and (playbooks / "ext.yaml").is_symlink()
    assert not list(outside.parent.glob(".*")) and not list(playbooks.glob(".*"))
    code, _, err = run("--project", str(project.root), "validate")
    assert code == 1 and "symbolic link" in err and "replace the link with a copy" in err


def test_a_symlinked_content_folder_is_refused(project, tmp_path):
    real = tmp_path / "real-playbooks"
    shutil.move(project.content / "playbooks", real)
    (project.content / "playbooks").symlink_to(real)
    code, _, err = run("--project", str(project.root), "build")
    assert code == 1 and "playbook/playbooks:1:1: this is a symbolic link" in err
    assert not project.site.exists()


@pytest.mark.parametrize("name", ["other.yml", "other.YAML", "other.Yaml"])
def test_yml_and_upper_case_extensions_are_refused_not_skipped(project, name):
    """Review item 13."""
    shutil.copy(project.content / "playbooks" / PB, project.content / "playbooks" / name)
    code, _, err = run("--project", str(project.root), "validate")
    assert code == 1
    assert f"playbook/playbooks/{name}:1:1: playbook files must end in `.yaml`" in err
    assert "rename it to `other.yaml`" in err


@pytest.mark.parametrize("pid", ["index", "status", "coverage", "glossary", "search", "404", "assets"])
def test_ids_of_generated_pages_are_refused(project, pid):
    """Review item 8: `index` overwrote the list of all playbooks."""
    path = project.content / "playbooks" / PB
    text = path.read_text(encoding="utf-8").replace("id: is-customer-right", f'id: "{pid}"', 1)
    (project.content / "playbooks" / f"{pid}.yaml").write_text(text, encoding="utf-8")
    path.unlink()
    code, _, err = run("--project", str(project.root), "validate")
    assert code == 1
    assert re.search(rf"playbook/playbooks/{pid}\.yaml:\d+:\d+: id: the id `{pid}` is the name of one of the "
                     "site's own pages", err), err


def test_a_deleted_glossary_is_unpublished(built_copy):
    """Review item 9."""
    project = built_copy
    assert (project.site / "fi" / "glossary.html").is_file()
    (project.content / "glossary.yaml").unlink()
    _, log = generate(project)
    assert {p.relative_to(project.docs).as_posix() for p in log.removed} >= {f"{lang}/glossary.md" for lang in
                                                                              ("en", "fi", "ru", "ar")}
    for guide in project.docs.glob("*/guide.md"):  # the hand-written guide links the glossary
        guide.write_text(guide.read_text(encoding="utf-8").replace("(glossary.md)", "(index.md)"), encoding="utf-8")
    code, _, err = run("--project", str(project.root), "build")
    assert code == 0, err
    for lang in ("en", "fi", "ru", "ar"):
        assert not (project.docs / lang / "glossary.md").exists()
        assert not (project.site / lang / "glossary.html").exists()
        assert "glossary.html" not in (project.site / lang / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("mask, folder, page", [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)])
def test_the_site_gets_the_permissions_of_the_umask(project, mask, folder, page):
    """Review item 8: site/ was 0700 whatever the umask."""
    old = os.umask(mask)
    try:
        build(project)
    finally:
        os.umask(old)
    assert stat.S_IMODE(project.site.stat().st_mode) == folder
    assert stat.S_IMODE((project.site / "en" / "index.html").stat().st_mode) == page


def test_the_swap_is_one_atomic_exchange(tmp_path):
    """Review item 11: no moment without a site/ (renameat2 exchange on Linux)."""
    site, new = tmp_path / "site", tmp_path / ".site-new-x"
    site.mkdir()
    (site / "old.txt").write_text("old")
    new.mkdir()
    (new / "new.txt").write_text("new")
    renames = []
    real_rename = Path.rename
    try:
        Path.rename = lambda self, target: renames.append((self, target)) or real_rename(self, target)
        swap_into_place(new, site)
    finally:
        Path.rename = real_rename
    assert renames == []  # not two renames with a gap between them
    assert (site / "new.txt").read_text() == "new" and (new / "old.txt").read_text() == "old"


def test_a_site_left_mid_swap_is_restored_by_the_next_command_whatever_it_is(built_copy):
    """A kill between the two renames (where there is no atomic exchange): the next command,
    even `validate`, puts site/ back before doing anything else."""
    project = built_copy
    project.site.rename(project.root / ".site-old-12345")
    assert run("--project", str(project.root), "validate")[0] == 0
    assert (project.site / "en" / "index.html").is_file()


def test_a_permission_error_is_one_line(project, monkeypatch):
    """Review item 11: an undeletable site/ gave a traceback."""
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(project.site))

    monkeypatch.setattr(build_module, "swap_into_place", refuse)
    code, _, err = run("--project", str(project.root), "build")
    assert code == 1 and "Traceback" not in err
    assert err.strip().splitlines() == [f"playbook: cannot use {project.site}: Permission denied "
                                        "(check who owns it and its permissions)"]
    assert not list(project.root.glob(".site-new-*"))


# --- 6. a cache that cannot lie -----------------------------------------------------------

def _entry(project: Project, name: str) -> tuple[Path, dict]:
    import hashlib
    import json

    store = DiskCache(project.root)
    raw = (project.content / "playbooks" / name).read_bytes()
    path = store._parsed_path(hashlib.sha256(raw).hexdigest())
    return path, json.loads(path.read_bytes().partition(b"\n")[2])


@pytest.mark.parametrize("case", ["changed-title", "list-and-text", "dict-and-number"])
def test_a_tampered_cache_entry_is_a_miss(project, case):
    """Review item 7 (round 2) and round 3, finding 3: the tampered entries, re-sealed the way
    anyone can (the seal's algorithm is public, the project's key is not); each is parsed
    again from the YAML."""
    import hashlib
    import hmac
    import json

    generate(project)
    path, entry = _entry(project, PB)
    if case == "changed-title":
        entry["data"]["title"]["en"] = "TEXT IN NO YAML FILE"
    elif case == "list-and-text":
        entry["data"] = ["not", "a", "playbook"]
    else:
        entry = {"data": {"id": "x"}, "text": 12345}
    content = json.dumps(entry).encode("utf-8")
    digest = path.stem
    for key in (b"", b"guessed", hashlib.sha256(b"file\0").digest()):
        sealed = hmac.new(key, b"parsed\0" + digest.encode() + b"\0" + content, hashlib.sha256).hexdigest()
        path.write_bytes(sealed.encode() + b"\n" + content)
        (project.docs / "en" / "playbooks" / "is-customer-right.md").unlink()  # make it render again
        generate(project)
        page = (project.docs / "en" / "playbooks" / "is-customer-right.md").read_text(encoding="utf-8")
        assert "TEXT IN NO YAML FILE" not in page and "Is the customer right?" in page
        assert _entry(project, PB)[1]["data"] != entry["data"]  # the entry was written again, right


def test_tampered_derived_values_and_page_records_are_ignored(project):
    import json

    generate(project)
    folder = DiskCache(project.root).folder
    seal_line, _, content = (folder / "derived.json").read_bytes().partition(b"\n")
    derived = json.loads(content)
    digest = next(iter(derived))
    derived[digest]["passed"] = "forged"
    (folder / "derived.json").write_bytes(seal_line + b"\n" + json.dumps(derived).encode())
    seal_line, _, content = (folder / "pages.json").read_bytes().partition(b"\n")
    pages = json.loads(content)
    pages["en/playbooks/is-customer-right.md"][0] = "forged"
    (folder / "pages.json").write_bytes(seal_line + b"\n" + json.dumps(pages).encode())
    store = DiskCache(project.root)
    assert store.derived(digest) == {} and store.pages == {}
    assert store.seal("derived", digest, b"x") != store.seal("derived", digest, b"y")
    generate(project)  # works, and rewrites both


def test_ci_restores_caches_of_this_branch_or_the_default_branch_only():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    steps = [s for s in workflow["jobs"]["test-and-build"]["steps"] if "actions/cache@" in s.get("uses", "")]
    assert len(steps) == 2
    for step in steps:
        key, restore = step["with"]["key"], step["with"].get("restore-keys", "")
        assert "${{ github.ref }}" in key
        for prefix in restore.split("\n"):
            if prefix.strip():
                assert "${{ github.ref }}" in prefix or \
                    "refs/heads/${{ github.event.repository.default_branch }}" in prefix, prefix


# --- 7. clean terminal output -------------------------------------------------------------

def test_control_characters_from_files_are_printed_escaped(project):
    """Review item 14: an owner and a key that would hide or fake lines in a terminal."""
    path = project.content / "playbooks" / PB
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^owner: .*$", lambda m: 'owner: "team lead\\e[8m"', text, count=1)
    text = text.replace("\ntitle:", '\n"x\\e[2K\\e[1A": 1\ntitle:', 1)
    path.write_text(text, encoding="utf-8")
    code, out, err = run("--project", str(project.root), "validate")
    assert code == 1 and "\x1b" not in out + err
    assert "x\\x1b[2K\\x1b[1A" in err
    text = text.replace('\n"x\\e[2K\\e[1A": 1', "", 1)
    path.write_text(text, encoding="utf-8")
    code, out, err = run("--project", str(project.root), "review", "--today", "2999-01-01")
    # the owner is named in whichever message mentions it (review's list, or the problem with it)
    assert "\x1b" not in out + err and "team lead\\x1b[8m" in out + err


# --- 8. pinned supply chain ---------------------------------------------------------------

def _locked() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    return {m.group(1).lower(): m.group(2) for m in re.finditer(r"(?m)^([A-Za-z0-9_.\-]+)==(\S+) \\$", text)}


def test_every_package_is_locked_with_hashes():
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    blocks = re.split(r"(?m)^(?=[A-Za-z])", text)
    packages = [b for b in blocks if "==" in b.split("\n")[0]]
    assert len(packages) >= 40
    assert all("--hash=sha256:" in b for b in packages)
    locked = _locked()
    project = __import__("tomllib").loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = project["project"]["dependencies"] + project["project"]["optional-dependencies"]["test"]
    for pin in pins:
        name, version = pin.split("==")
        assert locked.get(name.lower().replace("_", "-")) == version, f"{pin}: run `make lock`"
    assert "pip" in locked and "setuptools" in locked
    assert project["build-system"]["requires"] == [f"setuptools=={locked['setuptools']}"]


def test_installs_check_the_hashes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet --require-hashes --no-deps -r requirements.lock" in makefile
    assert re.search(r"pip install [^\n]*--no-deps[^\n]*-e \.", makefile)
    assert "install -e '.[test]'" not in makefile


def test_workflow_actions_are_pinned_to_commits():
    """Every action of the chain, the ones our local actions call included (round 3, item 9:
    upload-pages-artifact called upload-artifact by tag), is pinned by a full commit SHA."""
    files = [ROOT / ".github" / "workflows" / "site.yml"]
    seen_local = set()
    while files:
        text = files.pop().read_text(encoding="utf-8")
        uses = re.findall(r"uses: (\S+)(.*)", text)
        assert uses
        for ref, comment in uses:
            if ref.startswith("./"):  # our own action: its steps are checked the same way
                action = ROOT / ref / "action.yml"
                assert action.is_file(), ref
                if action not in seen_local:
                    seen_local.add(action)
                    files.append(action)
                continue
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), ref
            assert re.search(r"# v\d+\.\d+\.\d+", comment), (ref, comment)
            assert not ref.startswith("actions/upload-pages-artifact@"), "it calls upload-artifact by tag"
    assert seen_local


def test_npm_installs_run_no_scripts():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = re.findall(r"(?m)^\t.*\bnpm (?:ci|install)\b.*$", makefile)
    assert len(installs) >= 2 and all("--ignore-scripts" in line for line in installs)
    workflow = (ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8")
    assert all("--ignore-scripts" in line for line in re.findall(r".*\bnpm (?:ci|install)\b.*", workflow))
