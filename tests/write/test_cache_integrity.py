"""The cache cannot be a way in (security review round 3, finding 3).

A 52 KB pickle whose shared references expand to 2**40 items hung the build at growing
memory (the seal was computed over `repr` of the unpickled data), and an entry re-sealed
with the public seal function published text no YAML has. Entries are now JSON, sealed
with an HMAC under the project's own key (`.cache/key`, or PLAYBOOK_CACHE_KEY) over their
raw bytes, checked before anything is decoded, bounded in size; anything else is a miss."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys

import pytest
from helpers import copy_project

from generator.cache import KEY_ENV, KEY_FILE, MAX_ENTRY_BYTES, DiskCache
from generator.project import Project
from generator.write.generate import generate

PB = "angry-customer.yaml"
PAGE = ("docs", "en", "playbooks", "angry-customer.md")


@pytest.fixture
def project(tmp_path, monkeypatch) -> Project:
    monkeypatch.delenv(KEY_ENV, raising=False)
    return Project(copy_project(tmp_path / "p"))


def entry_path(project: Project, name: str = PB):
    digest = hashlib.sha256((project.content / "playbooks" / name).read_bytes()).hexdigest()
    return DiskCache(project.root)._parsed_path(digest)


def generate_in_subprocess(project: Project, timeout: float = 120) -> tuple[int, str]:
    """`playbook generate` in its own process, its address space capped at 2 GB (the review's
    entry grew past 640 MB and kept growing): exit code and stderr."""
    import resource

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    result = subprocess.run([sys.executable, "-m", "generator", "--project", str(project.root), "generate"],
                            capture_output=True, text=True, timeout=timeout, preexec_fn=cap,
                            env={k: v for k, v in os.environ.items() if k != KEY_ENV})
    return result.returncode, result.stderr


def expanding_pickle(text: str) -> bytes:
    x: list = ["a"]
    for _ in range(40):
        x = [x, x]
    return pickle.dumps(("parsed", x, text, "0" * 64))


@pytest.mark.parametrize("where", ["json-name", "old-pickle-name"])
def test_the_reviews_expanding_pickle_is_a_quick_miss(project, where):
    generate(project)
    before = project.root.joinpath(*PAGE).read_bytes()
    path = entry_path(project)
    text = (project.content / "playbooks" / PB).read_text(encoding="utf-8")
    target = path if where == "json-name" else path.with_suffix(".pickle")
    target.write_bytes(expanding_pickle(text))
    (project.root.joinpath(*PAGE)).unlink()
    code, err = generate_in_subprocess(project, timeout=120)  # it ran for 45 s and more at 640 MB
    assert code == 0, err
    assert project.root.joinpath(*PAGE).read_bytes() == before  # rendered again from the YAML


def test_a_deeply_nested_json_entry_is_never_decoded(project):
    generate(project)
    path = entry_path(project)
    path.write_bytes(b"0" * 64 + b"\n" + b"[" * 5_000_000)
    code, err = generate_in_subprocess(project)
    assert code == 0 and "Traceback" not in err


def test_an_oversized_entry_is_a_miss_without_being_read_whole(project):
    generate(project)
    path = entry_path(project)
    good = path.read_bytes()
    store = DiskCache(project.root)
    digest = path.stem
    padding = json.dumps({"pad": "x" * MAX_ENTRY_BYTES}).encode()
    path.write_bytes(store.seal("parsed", digest, padding).encode() + b"\n" + padding)
    assert store.get_parsed(digest) is None
    generate(project)
    assert path.read_bytes() == good  # written again, as it should be


def test_a_cache_copied_from_another_project_is_all_misses(project, tmp_path):
    """Entries are sealed under each project's own key: a cache written by someone else (and
    so any entry they crafted, whatever it says) is never used."""
    other = Project(copy_project(tmp_path / "other"))
    path = other.content / "playbooks" / PB
    text = path.read_text(encoding="utf-8")
    generate(other)
    digest = entry_path(other).stem
    forged_store = DiskCache(other.root)
    data, _ = forged_store.get_parsed(digest)
    data["title"]["en"] = "TEXT IN NO YAML FILE"
    forged_store.put_parsed(digest, data, text)  # sealed with the other project's key
    assert forged_store.get_parsed(digest)[0]["title"]["en"] == "TEXT IN NO YAML FILE"
    shutil.rmtree(project.root / ".cache" / "generator", ignore_errors=True)
    shutil.copytree(other.root / ".cache" / "generator", project.root / ".cache" / "generator")
    assert DiskCache(project.root).get_parsed(digest) is None
    generate(project)
    assert "TEXT IN NO YAML FILE" not in project.root.joinpath(*PAGE).read_text(encoding="utf-8")


def test_the_key_is_private_and_not_inside_the_cached_folder(project):
    generate(project)
    key = project.root / KEY_FILE
    assert key.is_file() and not key.is_symlink()
    assert (key.stat().st_mode & 0o077) == 0
    assert not key.resolve().is_relative_to((project.root / ".cache" / "generator").resolve())


def test_a_key_from_the_environment_lets_runs_share_a_cache(project, monkeypatch):
    monkeypatch.setenv(KEY_ENV, "shared secret of this repository")
    generate(project)
    (project.root / KEY_FILE).unlink(missing_ok=True)  # another machine: no key file
    digest = entry_path(project).stem
    assert DiskCache(project.root).get_parsed(digest) is not None
    monkeypatch.setenv(KEY_ENV, "another secret")
    assert DiskCache(project.root).get_parsed(digest) is None


def test_yaml_dates_and_non_text_keys_survive_the_cache():
    from generator.cache import _decode, _encode

    import datetime

    value = {"review_by": datetime.date(2027, 1, 31), 1: "one", True: [1.5, None], "\x00pb:date": "x",
             "at": datetime.datetime(2027, 1, 31, 12, 0, tzinfo=datetime.timezone.utc)}
    assert _decode(json.loads(json.dumps(_encode(value)))) == value
