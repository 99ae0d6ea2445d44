"""`playbook new ID`: a complete playbook to fill in, every field present, four languages
stubbed. It starts as a draft: shown in the live preview, left out of the published site."""

from __future__ import annotations

import re
from datetime import date, timedelta

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.errors import UsageError
from generator.model import ID_PATTERN
from generator.render.pages import TEMPLATES
from generator.validate.corpus import load_corpus


def yaml_scalar(value) -> str:
    """One value as a double-quoted YAML scalar on one line: any quotes, backslashes, `#`,
    colons or control characters in a section or file name come out escaped."""
    text = yaml.safe_dump(str(value), default_style='"', allow_unicode=True, width=float("inf"))
    return text.strip().removesuffix("...").strip()


def render_stub(pid: str, article, situation: str, today: date, roles: list[str] | None = None) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters["yaml"] = yaml_scalar
    return env.get_template("new-playbook.yaml.j2").render(
        id=pid, article=article, situation=situation, roles=roles or ["service-team-lead"],
        today=today.isoformat(), review_by=(today + timedelta(days=182)).isoformat())


def scaffold(project, pid: str, article_file: str | None = None):
    if not re.fullmatch(ID_PATTERN, pid):
        raise UsageError(f"`{pid}` is not a valid id: use lowercase letters a-z, digits and single hyphens")
    target = project.content / "playbooks" / f"{pid}.yaml"
    if target.exists():
        raise UsageError(f"{target} already exists; choose another id")
    corpus = load_corpus(project.content)
    articles = {a.key: a for a in corpus.sources.articles}
    if article_file and article_file not in articles:
        raise UsageError(f"no article `{article_file}` in sources.yaml; articles are: {', '.join(articles)}")
    article = articles[article_file] if article_file else corpus.sources.articles[0]
    text = render_stub(pid, article, corpus.settings.situations[0].id, date.today(),
                       [r.id for r in corpus.settings.roles])
    target.write_text(text, encoding="utf-8")
    return target
