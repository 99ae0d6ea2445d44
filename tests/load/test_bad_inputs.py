"""A corpus of bad inputs: each one gives a non-zero exit, names the file and the place, never
a traceback, and leaves the previous site/ exactly as it was."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from bad_inputs import CASES, PB  # noqa: E402  (the corpus is shared with tests/messages)
from helpers import copy_project

from generator.cli.main import main


def test_the_corpus_has_at_least_forty_cases():
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.fixture
def project(tmp_path) -> Path:
    root = copy_project(tmp_path / "p")
    site = root / "site" / "en"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<p>the previous, good site</p>", encoding="utf-8")
    return root


def _snapshot(folder: Path) -> dict:
    return {p.relative_to(folder): (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_refused_clearly(project, case):
    playbooks = project / "playbook" / "playbooks"
    if case.replace:
        text = (playbooks / PB).read_text(encoding="utf-8")
        assert case.replace[0] in text, f"set-up: {case.replace[0]!r} not in {PB}"
        (playbooks / PB).write_text(text.replace(case.replace[0], case.replace[1], 1), encoding="utf-8")
    if case.raw is not None:
        (playbooks / case.file).write_bytes(case.raw)
    if case.settings:
        path = project / "playbook" / "settings.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(*case.settings, 1), encoding="utf-8")
    site_before = _snapshot(project / "site")
    content_before = _snapshot(project / "playbook")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--project", str(project), "build"])
    message = err.getvalue()
    assert code == 1, message
    assert "Traceback" not in message + out.getvalue()
    assert case.expect in message, message
    wanted = f"playbook/{'playbooks/' if case.file != 'settings.yaml' else ''}{case.file}:"
    line = next((ln for ln in message.splitlines() if wanted in ln and case.expect in ln), None) \
        or next((ln for ln in message.splitlines() if wanted in ln), None)
    assert line, f"no problem names {wanted}:\n{message}"
    where = line.split(wanted, 1)[1].split(":")
    assert where[0].isdigit() and where[1].isdigit(), line  # file:line:column
    if case.line:
        assert int(where[0]) == case.line, line
    assert "site/ is unchanged" in message
    assert _snapshot(project / "site") == site_before
    assert _snapshot(project / "playbook") == content_before
    assert not list(project.glob(".site-*"))
