"""Benchmark corpora: a project of N playbooks cloned from the real ones, and a copy of the
real project, each in a scratch folder (the working tree is not touched)."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import yaml

from generator import languages
from generator.site.build import copy_handwritten_docs

ROOT = Path(__file__).resolve().parent.parent


def copy_real(dest: Path) -> Path:
    """The real project (mkdocs.yml, playbook/, the hand-written docs/, a link to generator/)."""
    dest.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "playbook", dest / "playbook")
    (dest / "generator").symlink_to(ROOT / "generator")
    copy_handwritten_docs(ROOT / "docs", dest / "docs")
    return dest


def make_corpus(dest: Path, n: int) -> None:
    """A project with n playbooks cloned from the real ones, ids and text varied per copy."""
    dest.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "playbook", dest / "playbook")
    (dest / "generator").symlink_to(ROOT / "generator")
    copy_handwritten_docs(ROOT / "docs", dest / "docs")
    folder = dest / "playbook" / "playbooks"
    originals = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yaml"))]
    for p in folder.glob("*.yaml"):
        p.unlink()
    ids = [o["id"] for o in originals]
    for i in range(n):
        data = copy.deepcopy(originals[i % len(originals)])
        batch = i // len(originals) if n - (i - i % len(originals)) >= len(originals) else 0
        rename = {old: f"{old}-{batch:03d}" for old in ids}
        data["id"] = rename[data["id"]]
        data["related"] = [rename[r] for r in data.get("related", [])]
        for tree in data.get("trees", []):
            for node in tree["nodes"].values():
                if node.get("playbook"):
                    node["playbook"] = rename[node["playbook"]]
        _vary(data, i)
        (folder / f"{data['id']}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                                   encoding="utf-8")
    # The home page's routes (settings.yaml `first:` / `also:`) name playbooks: the first copies.
    settings = dest / "playbook" / "settings.yaml"
    routes = re.compile(r"^(\s*(?:first|also):.*)$", re.M)
    names = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(ids, key=len, reverse=True))) + r")(?![\w-])")
    settings.write_text(routes.sub(lambda m: names.sub(r"\1-000", m.group(1)), settings.read_text(encoding="utf-8")),
                        encoding="utf-8")


def _vary(data, i: int) -> None:
    """Make each copy's text distinct (a number in every title and summary)."""
    def vary(text):  # a text, or its plural forms (one, few, other…)
        return {form: f"{t} ({i})" for form, t in text.items()} if isinstance(text, dict) else f"{text} ({i})"

    for key in ("title", "summary"):
        data[key] = {lang: vary(text) if lang in languages.current().codes else text for lang, text in data[key].items()}
