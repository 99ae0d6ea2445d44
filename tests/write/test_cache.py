"""The on-disk cache: a second run in a new process parses and renders only what changed,
gives the same files as a run without it, and survives a damaged or tampered cache."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from helpers import copy_project

from generator.languages import current as _configured

LANGUAGES = _configured().codes
from generator.cache import CACHE_DIR, DiskCache
from generator.load import memo, yamlfile as loader
from generator.project import Project
from generator.render import pages as render
from generator.write.generate import generate

ANGRY = "playbook/playbooks/angry-customer.yaml"


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(copy_project(tmp_path / "p"))


def docs_files(project: Project) -> dict[str, bytes]:
    return {str(p.relative_to(project.docs)): p.read_bytes() for p in project.docs.rglob("*.md")}


def count_work(monkeypatch) -> dict[str, int]:
    """Counts YAML parses and playbook page renders done in this process, from here on as in
    a new process: what this one already parsed (load/memo.py) is forgotten."""
    memo.forget()
    counts = {"parsed": 0, "rendered": 0}
    parse, page = loader.load_text, render.Renderer.render_playbook

    def counting_parse(*args, **kwargs):
        counts["parsed"] += 1
        return parse(*args, **kwargs)

    def counting_render(self, *args, **kwargs):
        counts["rendered"] += 1
        return page(self, *args, **kwargs)

    monkeypatch.setattr(loader, "load_text", counting_parse)
    monkeypatch.setattr(render.Renderer, "render_playbook", counting_render)
    return counts


def test_second_run_reuses_the_cache_and_gives_the_same_files(project, tmp_path, monkeypatch):
    generate(project)
    first = docs_files(project)
    assert (project.root / CACHE_DIR).is_dir()
    counts = count_work(monkeypatch)
    _, log = generate(project)  # as a new `playbook generate` would: no in-memory caches
    assert log.written == []
    assert counts == {"parsed": 0, "rendered": 0}
    assert docs_files(project) == first
    # and the same as a run that never saw a cache
    fresh = Project(copy_project(tmp_path / "fresh"))
    generate(fresh, use_disk_cache=False)
    assert docs_files(fresh) == first


def test_one_edit_parses_one_file_and_renders_its_pages_only(project, monkeypatch):
    generate(project)
    path = project.root / ANGRY
    path.write_text(path.read_text(encoding="utf-8").replace("Nobody enjoys", "No one enjoys"), encoding="utf-8")
    counts = count_work(monkeypatch)
    _, log = generate(project)
    assert counts == {"parsed": 1, "rendered": len(LANGUAGES)}
    written = sorted(str(p.relative_to(project.docs)) for p in log.written if p.suffix == ".md")
    assert written == sorted([f"{lang}/playbooks/angry-customer.md" for lang in LANGUAGES]
                             + [f"{lang}/status.md" for lang in LANGUAGES])
    assert "No one enjoys" in (project.docs / "en" / "playbooks" / "angry-customer.md").read_text(encoding="utf-8")


def test_a_hand_edited_generated_page_is_put_right(project):
    generate(project)
    page = project.docs / "fi" / "playbooks" / "angry-customer.md"
    good = page.read_bytes()
    page.write_text("edited by hand\n", encoding="utf-8")
    _, log = generate(project)
    assert page in log.written and page.read_bytes() == good


def test_damaged_cache_files_are_ignored(project):
    generate(project)
    expected = docs_files(project)
    folder = DiskCache(project.root).folder
    for entry in (folder / "parsed").iterdir():
        entry.write_bytes(b"\x80\x05 not a pickle")
    (folder / "pages.json").write_text("{broken", encoding="utf-8")
    (folder / "derived.json").write_text("[]]", encoding="utf-8")
    for page in project.docs.rglob("*.md"):
        if "playbooks" in page.parts:
            page.unlink()
    generate(project)
    assert docs_files(project) == expected


def test_a_tampered_cache_entry_cannot_run_code(project, tmp_path):
    generate(project)
    marker = tmp_path / "ran"

    class Evil:
        def __reduce__(self):
            import os

            return (os.system, (f"touch {marker}",))

    folder = DiskCache(project.root).folder
    for entry in (folder / "parsed").iterdir():
        entry.write_bytes(pickle.dumps((Evil(), "text")))
    corpus, _ = generate(project)
    assert not marker.exists()
    assert len(corpus.playbooks) == len(list((project.content / "playbooks").glob("*.yaml")))


def test_a_new_generator_version_starts_afresh_and_drops_the_old_cache(project, monkeypatch):
    generate(project)
    old = DiskCache(project.root).folder
    import generator.cache as cache

    monkeypatch.setattr(cache, "code_fingerprint", lambda: "another-version")
    counts = count_work(monkeypatch)
    generate(project)
    assert counts["parsed"] > 0 and counts["rendered"] > 0
    assert not old.exists() and (project.root / CACHE_DIR / "another-version").is_dir()


def test_a_file_with_problems_is_reported_on_every_run(project):
    from generator.errors import ContentError

    generate(project)
    path = project.root / ANGRY
    path.write_text(path.read_text(encoding="utf-8").replace("related:", "relatd:", 1), encoding="utf-8")
    for _ in range(2):  # the second run must not take the file as checked
        with pytest.raises(ContentError) as info:
            generate(project)
        assert any(p.file.endswith("angry-customer.yaml") and "relatd" in p.message for p in info.value.problems)


def test_no_cache_is_written_when_asked_not_to(project):
    generate(project, use_disk_cache=False)
    assert not (project.root / CACHE_DIR).exists()


def test_cache_entries_hold_plain_data_only(project):
    """JSON under a seal line: nothing in an entry can run or expand when it is read."""
    import json

    generate(project)
    folder: Path = DiskCache(project.root).folder
    entry = next((folder / "parsed").iterdir())
    sealed, _, content = entry.read_bytes().partition(b"\n")
    value = json.loads(content)
    assert entry.suffix == ".json" and len(sealed) == 64
    assert isinstance(value["data"], dict) and isinstance(value["text"], str)


def test_the_live_preview_notices_pages_another_run_rewrote(project):
    """The preview's in-memory keys say a page is current; a `make site` meanwhile wrote
    another version of it. Undoing the edit in the preview must write the page back."""
    from generator.write.generate import Caches

    caches = Caches()
    generate(project, caches=caches)
    path = project.root / ANGRY
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("Nobody enjoys", "No one enjoys"), encoding="utf-8")
    generate(project)  # another process
    path.write_text(original, encoding="utf-8")
    _, log = generate(project, caches=caches)
    assert sorted(str(p.relative_to(project.docs)) for p in log.written if p.suffix == ".md") == sorted(
        [f"{lang}/playbooks/angry-customer.md" for lang in LANGUAGES] + [f"{lang}/status.md" for lang in LANGUAGES])
    assert "Nobody enjoys" in (project.docs / "en" / "playbooks" / "angry-customer.md").read_text(encoding="utf-8")


def test_a_playbook_copied_under_another_name_is_checked_again(project):
    """A file's checks passed are kept by its bytes, on disk and in this process: the same
    bytes under another file name are a new file, whose id no longer matches its name. Here
    the project's ids and file names stay the same set, so only the name tells them apart."""
    from generator.errors import ContentError

    angry = (project.root / ANGRY).read_bytes()
    copy = project.content / "playbooks" / "zz-copy.yaml"
    copy.write_bytes(angry.replace(b"id: angry-customer", b"id: zz-copy", 1))
    generate(project)  # every file passed: remembered on disk and in this process
    copy.write_bytes(angry)  # angry-customer's bytes, which passed, under the name zz-copy
    for fresh_process in (False, True):
        if fresh_process:
            memo.forget()  # as a new `playbook build` would: only the disk cache left
        with pytest.raises(ContentError) as info:
            generate(project)
        messages = [p.message for p in info.value.problems if p.file.endswith("zz-copy.yaml")]
        assert "the id `angry-customer` differs from the file name `zz-copy`" in messages, messages


def test_a_project_loaded_again_in_one_process_renders_only_pages_whose_inputs_it_has_not_seen(tmp_path, monkeypatch):
    """What a process rendered is kept by the page's key (load/memo.py): the same content in
    another folder renders nothing again, and one edited translation renders that playbook's
    pages only, to the bytes a new process would write."""
    import shutil

    first = Project(copy_project(tmp_path / "first"))
    generate(first)
    second = Project(copy_project(tmp_path / "second"))
    rendered: list[str] = []
    page = render.Renderer.render_playbook
    monkeypatch.setattr(render.Renderer, "render_playbook",
                        lambda self, pb, lang, *rest: (rendered.append(f"{lang}/{pb.id}"), page(self, pb, lang, *rest))[1])
    generate(second)
    assert rendered == [] and docs_files(second) == docs_files(first)
    path = second.root / ANGRY
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("fi: Pysy rauhallisena ja asennoidu palvelemaan",
                                 "fi: Pysy rauhallisena ja asennoidu palvelemaan (muokattu)", 1), encoding="utf-8")
    generate(second)
    assert sorted(rendered) == sorted(f"{lang}/angry-customer" for lang in _configured().codes)  # that playbook only
    edited = docs_files(second)
    assert edited != docs_files(first) and b"(muokattu)" in edited["fi/playbooks/angry-customer.md"]
    memo.forget()  # as a new process would, for comparison: every page rendered afresh
    for lang in _configured().codes:
        shutil.rmtree(second.docs / lang / "playbooks")
    shutil.rmtree(second.root / ".cache")
    generate(second)
    assert len(rendered) > 1 and docs_files(second) == edited


def test_a_new_process_with_the_cache_checks_no_unchanged_playbook_again(project, monkeypatch):
    """The disk cache remembers each check's pass on its own: the playbook checks and the
    glossary-terms checks used to write one record, each replacing the other's, so a new
    process ran both again on every file. A pass this process already knew reaches the disk
    cache too."""
    import generator.validate.corpus as corpus_module

    memo.forget()
    corpus_module.load_corpus(project.content)  # every file passes, remembered in this process only
    generate(project)  # the same passes, now written to the disk cache
    ran: list[str] = []
    for name in ("check_playbook", "check_terms"):
        real = getattr(corpus_module, name)
        monkeypatch.setattr(corpus_module, name,
                            lambda *args, real=real, name=name, **kw: (ran.append(name), real(*args, **kw))[1])
    memo.forget()  # a new `playbook build`: only the disk cache left
    generate(project)
    assert ran == []
    path = project.root / ANGRY
    path.write_text(path.read_text(encoding="utf-8").replace("related:", "related:  ", 1), encoding="utf-8")
    memo.forget()
    generate(project)
    assert sorted(ran) == ["check_playbook", "check_terms"]  # the edited file only
    ran.clear()
    memo.forget()
    generate(project)
    assert ran == []  # and its new pass was kept
