"""The translation status follows what the editor did (working tree against git HEAD), and
`translations confirm` records only what the editor touched unless asked for more."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from helpers import copy_project, run

from generator.load import yamledit
from generator.translate.status import status
from generator.validate.corpus import load_corpus

PB = "playbook/playbooks/claims-escalation.yaml"
TITLE = {"en": "Settle it early", "fi": None, "ru": None, "ar": None}


def git(folder: Path, *args) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=folder,
                   check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path) -> Path:
    project = copy_project(tmp_path / "p")
    (project / "generator").unlink()  # the link to the generator is not content
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "content")
    return project


def edit(project: Path, pairs: list[tuple[str, str]]) -> None:
    path = project / PB
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def settle_title(project: Path):
    return load_corpus(project / "playbook").playbook("claims-escalation").steps[0].title


def outdated(project: Path) -> list[tuple[str, str]]:
    return sorted((lang, e.key) for lang, e in status(load_corpus(project / "playbook")).outdated)


def edit_all_four(project: Path) -> None:
    t = settle_title(project)
    edit(project, [(f"en: {t.en}\n", "en: Settle it at once\n"), (f"fi: {t.fi}\n", "fi: Ratkaise asia heti\n"),
                   (f"ru: {t.ru}\n", "ru: Решайте вопрос сразу\n"), (f"ar: {t.ar}\n", "ar: احسم الأمر فورًا\n")])


def test_english_and_translations_edited_together_are_not_outdated(repo):
    edit_all_four(repo)
    assert outdated(repo) == []
    code, out, _ = run("--project", str(repo), "status", "--check-outdated")
    assert code == 0, out


def test_english_edited_alone_is_outdated_until_confirmed_by_id(repo):
    t = settle_title(repo)
    edit(repo, [(f"en: {t.en}\n", "en: Settle it at once\n")])
    key = "claims-escalation/steps/settle-early/title"
    assert outdated(repo) == [("ar", key), ("fi", key), ("ru", key)]
    code, out, _ = run("--project", str(repo), "translations", "confirm")  # nothing the editor translated
    assert code == 0 and "confirmed" not in out and f"  fi: {key}" in out and "--all" in out
    assert len(outdated(repo)) == 3
    code, out, _ = run("--project", str(repo), "translations", "confirm", "--id", key, "--lang", "fi")
    assert code == 0 and f"confirmed fi: {key}" in out
    assert outdated(repo) == [("ar", key), ("ru", key)]


def test_confirm_records_what_the_editor_did_and_leaves_the_rest(repo):
    edit_all_four(repo)
    other = load_corpus(repo / "playbook").playbook("claims-escalation").steps[1].title
    edit(repo, [(f"en: {other.en}\n", f"en: {other.en} now\n")])  # English alone: really outdated
    code, out, _ = run("--project", str(repo), "translations", "confirm")
    assert code == 0, out
    assert "recorded fi: claims-escalation/steps/settle-early/title" in out
    assert "3 outdated translations were not changed by the editor" in out
    git(repo, "commit", "-qam", "edit")  # after the commit, the record keeps it current
    assert outdated(repo) == [(lang, "claims-escalation/steps/concede-small/title") for lang in ("ar", "fi", "ru")]
    code, out, _ = run("--project", str(repo), "translations", "confirm", "--all")
    assert code == 0 and outdated(repo) == []


def test_a_step_added_in_all_four_languages_is_current_with_or_without_git(repo, tmp_path):
    step = """  - id: thank-them
    title:
      en: Thank the customer
      fi: Kiitä asiakasta
      ru: Поблагодарите клиента
      ar: اشكر العميل
    body:
      en: Thank the customer for raising the matter.
      fi: Kiitä asiakasta siitä, että hän otti asian puheeksi.
      ru: Поблагодарите клиента за то, что он поднял этот вопрос.
      ar: اشكر العميل على طرح المسألة.
    source:
      section: "Клиент «всегда прав», когда цена претензий невелика"
"""
    text = (repo / PB).read_text(encoding="utf-8")
    cut = text.index("  - id: concede-small\n")
    (repo / PB).write_text(text[:cut] + step + text[cut:], encoding="utf-8")
    assert outdated(repo) == []
    git(repo, "commit", "-qam", "new step")
    assert outdated(repo) == []
    # the English changed afterwards, translations not: outdated (git sees it, HEAD has the text)
    edit(repo, [("en: Thank the customer\n", "en: Thank the customer warmly\n")])
    assert [k for _, k in outdated(repo)] == ["claims-escalation/steps/thank-them/title"] * 3


def test_without_git_the_record_decides(tmp_path):
    project = copy_project(tmp_path / "p")  # not a repository
    edit_all_four(project)
    key = "claims-escalation/steps/settle-early/title"
    assert [k for _, k in outdated(project)] == [key] * 3  # nothing shows they were edited together
    code, out, _ = run("--project", str(project), "translations", "confirm", "--lang", "ru")
    assert "confirmed" not in out and f"  ru: {key}" in out
    code, out, _ = run("--project", str(project), "translations", "confirm", "--id", key)
    assert code == 0 and outdated(project) == []


def test_confirm_of_an_unknown_id_is_a_usage_error(repo):
    code, _, err = run("--project", str(repo), "translations", "confirm", "--id", "claims-escalation/steps/nope/title")
    assert code == 2 and "no text has the id claims-escalation/steps/nope/title" in err


# --- writing a set of files --------------------------------------------------------------

def test_a_set_of_files_lands_whole_even_when_the_process_is_killed_midway(tmp_path, monkeypatch):
    files = {tmp_path / f"{n}.yaml": f"old {n}\n" for n in "abc"}
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    real = os.replace
    calls = []

    def dies_after_the_first_rename(src, dst):
        if str(dst).endswith(".yaml"):
            calls.append(dst)
        if len(calls) == 2:
            raise SystemExit("killed")
        return real(src, dst)

    monkeypatch.setattr(yamledit.os, "replace", dies_after_the_first_rename)
    with pytest.raises(SystemExit):
        yamledit.write_all({p: f"new {p.stem}\n" for p in files}, tmp_path)
    monkeypatch.setattr(yamledit.os, "replace", real)
    assert (tmp_path / yamledit.JOURNAL).exists()  # half applied, but it says so
    assert sorted(p.name for p in yamledit.recover(tmp_path)) == ["b.yaml", "c.yaml"]
    assert [p.read_text() for p in files] == ["new a\n", "new b\n", "new c\n"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml", "c.yaml"]


def test_a_failure_before_the_renames_changes_nothing_and_leaves_no_stray_file(tmp_path, monkeypatch):
    files = {tmp_path / f"{n}.yaml": f"old {n}\n" for n in "abc"}
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    real = yamledit._write_tmp

    def disk_full_on_the_third(path, text):
        if path.stem == "c":
            raise OSError(28, "No space left on device")
        return real(path, text)

    monkeypatch.setattr(yamledit, "_write_tmp", disk_full_on_the_third)
    with pytest.raises(OSError):
        yamledit.write_all({p: "new\n" for p in files}, tmp_path)
    assert [p.read_text() for p in files] == ["old a\n", "old b\n", "old c\n"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml", "c.yaml"]


def test_any_playbook_command_finishes_a_set_left_half_written(repo, monkeypatch):
    path = repo / PB
    text = path.read_text(encoding="utf-8").replace("Settle it early", "Settle it at once", 1)
    (path.parent / f".{path.name}.tmp").write_text(text, encoding="utf-8")
    (repo / "playbook" / yamledit.JOURNAL).write_text(str(path.resolve()) + "\n", encoding="utf-8")
    code, _, err = run("--project", str(repo), "validate")
    assert code == 0 and "Finished writing playbook/playbooks/claims-escalation.yaml" in err
    assert path.read_text(encoding="utf-8") == text and not (repo / "playbook" / yamledit.JOURNAL).exists()


def test_the_pre_commit_hook_records_what_the_editor_did(repo):
    import yaml
    from helpers import ROOT

    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"]
    entry = next(h["entry"] for h in hooks if h["id"] == "record-translations")
    assert entry.split()[1:] == ["translations", "confirm"]
    edit_all_four(repo)
    code, out, _ = run("--project", str(repo), *entry.split()[1:])
    assert code == 0 and "recorded ar: claims-escalation/steps/settle-early/title" in out
    git(repo, "commit", "-qam", "edited together")
    assert outdated(repo) == []


def test_one_file_is_replaced_whole_without_a_journal_or_stray_file(tmp_path, monkeypatch):
    path = tmp_path / "a.yaml"
    path.write_text("old\n", encoding="utf-8")
    yamledit.write_atomically(path, "new\n")
    assert path.read_text() == "new\n" and [p.name for p in tmp_path.iterdir()] == ["a.yaml"]

    def killed(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(yamledit.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        yamledit.write_atomically(path, "newer\n")
    assert path.read_text() == "new\n" and [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


def test_counts_kept_by_the_live_preview_follow_edits_and_commits(repo):
    """The preview keeps the status page's counts between saves; they must still follow a
    save (a new file version) and a commit (a new HEAD for the same file version)."""
    from generator.translate.status import counts

    kept: dict = {}

    def fresh(corpus):
        return {lang: dict(counts(corpus, cache={}).by_lang[lang]) for lang in ("fi", "ru", "ar")}

    def preview(corpus):
        return {lang: dict(counts(corpus, cache=kept).by_lang[lang]) for lang in ("fi", "ru", "ar")}

    corpus = load_corpus(repo / "playbook")
    assert preview(corpus) == fresh(corpus)
    edit_all_four(repo)
    corpus = load_corpus(repo / "playbook")
    assert preview(corpus) == fresh(corpus)
    before_commit = preview(corpus)
    git(repo, "commit", "-qam", "all four edited, the record not updated")
    assert preview(corpus) == fresh(corpus)
    assert preview(corpus) != before_commit, "the commit changes what counts as outdated"


def test_a_key_added_to_a_mapping_goes_above_the_comment_that_introduces_the_next_key():
    # settings.yaml: a term whose last key is `forms:` (a nested mapping), then a comment
    # about the next top-level key. The fingerprints `src:` belong to the term, above it.
    from generator.load.yamlfile import load_text

    text = ("company:\n  contact:\n    en: security\n    forms:\n      fi: {all: vartijalle}\n\n"
            "# The decision tree for abuse and threats.\n  # indented deeper: still the tree's\n"
            "safety_tree:\n  playbook: angry\n")
    doc = load_text(text, "settings.yaml")
    out = yamledit.apply(text, yamledit.set_raw(doc, ("company", "contact", "src"), '{fi: "0123abcd"}'))
    assert out == ("company:\n  contact:\n    en: security\n    forms:\n      fi: {all: vartijalle}\n"
                   '    src: {fi: "0123abcd"}\n\n'
                   "# The decision tree for abuse and threats.\n  # indented deeper: still the tree's\n"
                   "safety_tree:\n  playbook: angry\n")
