"""`playbook new ID`: a complete playbook to fill in, every field present, every site language
stubbed. It starts as a draft: shown in the live preview, left out of the published site."""

from __future__ import annotations

import re
from datetime import date, timedelta

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator import languages
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
    text = env.get_template("new-playbook.yaml.j2").render(
        id=pid, article=article, situation=situation, roles=roles or ["service-team-lead"],
        today=today.isoformat(), review_by=(today + timedelta(days=182)).isoformat())
    return site_languages_only(text, languages.current().codes, languages.current().source)


_STUB = re.compile(r'^(\s+)([a-z]{2,3}): "TODO')


def site_languages_only(text: str, codes: tuple[str, ...], source: str) -> str:
    """The template's stubs (one line per language it knows) for the site's languages: a
    language the site does not have is left out, one it has and the template lacks gets the
    source language's stub to translate."""
    out: list[str] = []
    group: list[tuple[str, str, str]] = []  # (indent, code, line) of one text's stubs

    def flush() -> None:
        if not group:
            return
        indent = group[0][0]
        by_code = {code: line for _, code, line in group}
        base = by_code.get(source) or group[0][2]
        for code in codes:
            out.append(by_code.get(code) or base.replace(f"{indent}{_code_of(base)}:", f"{indent}{code}:", 1))
        group.clear()

    for line in text.split("\n"):
        m = _STUB.match(line)
        if m and (not group or group[0][0] == m.group(1)):
            group.append((m.group(1), m.group(2), line))
            continue
        flush()
        if m:
            group.append((m.group(1), m.group(2), line))
            continue
        out.append(line)
    flush()
    return "\n".join(out)


def _code_of(line: str) -> str:
    return line.split(":", 1)[0].strip()


def scaffold(project, pid: str, article_file: str | None = None, policy: bool = False):
    """Write playbook/playbooks/PID.yaml: drawn from an article (the first in sources.yaml unless
    `article_file` names one), or with `policy`, all company policy citing no article."""
    if not re.fullmatch(ID_PATTERN, pid):
        raise UsageError(f"`{pid}` is not a valid id: use lowercase letters a-z, digits and single hyphens")
    target = project.content / "playbooks" / f"{pid}.yaml"
    if target.exists():
        raise UsageError(f"{target} already exists; choose another id")
    corpus = load_corpus(project.content)
    articles = {a.key: a for a in corpus.sources.articles}
    if article_file and article_file not in articles:
        raise UsageError(f"no article `{article_file}` in sources.yaml; articles are: {', '.join(articles)}")
    if policy and article_file:
        raise UsageError("--policy writes a playbook that cites no article: leave out --article")
    article = None if policy else articles[article_file] if article_file else corpus.sources.articles[0]
    text = render_stub(pid, article, corpus.settings.situations[0].id, date.today(),
                       [r.id for r in corpus.settings.roles])
    target.write_text(text, encoding="utf-8")
    return target
