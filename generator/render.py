"""Stage 3, render: write one Markdown page per playbook and language into docs/<lang>/.

Pages are Jinja2 templates (templates/); YAML text reaches them only through the
filters of textfmt.Language, which escape it. A file is written only when its content
changed, so unchanged pages keep their modification times (MkDocs' dirty reload and
other caches rely on that).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator import LANGUAGES, RTL_LANGUAGES
from generator.model import CHANNELS, Playbook, Script, Tree
from generator.textfmt import Language
from generator.validate import Corpus

TEMPLATES = Path(__file__).parent / "templates"
GENERATED_DIRS = ("playbooks",)  # under docs/<lang>/: everything in them is the generator's


@lru_cache(maxsize=1)
def ui_strings() -> dict[str, dict[str, str]]:
    return yaml.safe_load((Path(__file__).parent / "locales" / "ui.yaml").read_text(encoding="utf-8"))


def ui_for(lang: str) -> dict[str, str]:
    return {key: values.get(lang) or values["en"] for key, values in ui_strings().items()}


@dataclass
class WriteLog:
    """Which files a run wrote, left alone and removed: incremental builds are tested on it."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)


def write_if_changed(path: Path, content: str, log: WriteLog) -> None:
    data = content.encode("utf-8")
    try:
        if path.read_bytes() == data:
            log.unchanged.append(path)
            return
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    log.written.append(path)


def item_hash(text: str) -> str:
    """Short fingerprint of a checklist item's wording: a reworded item loses its saved tick."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def make_environment() -> Environment:
    # `{#id}` is Markdown's heading-anchor syntax, so Jinja's comments get other delimiters.
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                      comment_start_string="<#--", comment_end_string="--#>")
    # JSON inside YAML front matter is valid YAML and needs no hand-written quoting.
    # MkDocs prints page titles unescaped, so they are HTML-escaped here.
    env.filters["yaml_str"] = lambda s: Markup(json.dumps(html.escape(str(s), quote=False), ensure_ascii=False))
    env.filters["ph"] = _mark_placeholders
    return env


def _mark_placeholders(rendered: Markup, labels: dict[str, str]) -> Markup:
    def repl(m: re.Match) -> str:
        name = m.group(1)
        label = Markup.escape(labels.get(name, name))
        return f'<mark class="pb-ph" data-ph="{name}">{{{label}}}</mark>'

    return Markup(re.sub(r"&#123;([a-z][a-z0-9_]*)&#125;", repl, str(rendered)))


class Renderer:
    def __init__(self, corpus: Corpus, docs_dir: Path):
        self.corpus = corpus
        self.docs_dir = docs_dir
        self.env = make_environment()
        self.articles = {a.file: a for a in corpus.sources.articles}

    def context(self, lang: str) -> dict:
        tx = Language(lang, self.corpus.settings)
        ui = ui_for(lang)
        return {
            "lang": lang, "dir": "rtl" if lang in RTL_LANGUAGES else "ltr", "ui": ui, "tx": tx,
            "t": lambda text: tx.html(text, inline=True, fallback_note=ui["untranslated"]),
            "md": lambda text: tx.html(text, fallback_note=ui["untranslated"]),
            "plain": tx.plain, "settings": self.corpus.settings, "corpus": self.corpus,
            "articles": self.articles, "languages": LANGUAGES, "channels": CHANNELS,
            "lang_name": {code: ui_strings()["language_name"][code] for code in LANGUAGES},
        }

    def render_playbook(self, pb: Playbook, lang: str, ctx: dict | None = None) -> str:
        ctx = ctx or self.context(lang)
        trees = [self.tree_data(tree, ctx) for tree in pb.trees]
        scripts = [self.script_data(script, ctx) for script in pb.scripts]
        checklists = [{"cl": cl, "items": [(item, item_hash(ctx["tx"].plain(item.text))) for item in cl.items]}
                      for cl in pb.checklists]
        return self.env.get_template("playbook.md.j2").render(
            pb=pb, trees=trees, outcome_links=lambda node: self.outcome_links(node, ctx), scripts=scripts, checklists=checklists,
            article=self.articles[pb.source.article], **ctx)

    def tree_data(self, tree: Tree, ctx: dict) -> dict:
        """The decision tree as the page's widget reads it (JSON, escaped by tojson)."""
        t, md, ui = ctx["t"], ctx["md"], ctx["ui"]
        nodes = {}
        for nid, node in tree.nodes.items():
            entry: dict = {"kind": node.kind}
            if node.question is not None:
                entry["question"] = str(t(node.question))
                entry["answers"] = [{"label": str(t(a.label)), "next": a.next} for a in node.answers or []]
            else:
                entry["outcome"] = str(md(node.outcome))
                entry["kind_label"] = ui[f"kind_{node.kind}"] if node.kind else ""
                entry["links"] = self.outcome_links(node, ctx)
            nodes[nid] = entry
        labels = {k: ui[k] for k in ("back", "start_over", "copied")}
        labels.update(path=ui["you_are_here"], copy_summary=ui["copy_summary"])
        data = {"id": tree.id, "title": str(t(tree.title)), "start": tree.start, "nodes": nodes, "ui": labels}
        return {"tree": tree, "data": data}

    def outcome_links(self, node, ctx: dict) -> list[dict]:
        ui, links = ctx["ui"], []
        if node.script:
            links.append({"href": f"#script-{node.script}", "label": ui["open_script"]})
        if node.checklist:
            links.append({"href": f"#checklist-{node.checklist}", "label": ui["open_checklist"]})
        if node.playbook:
            target = self.corpus.playbook(node.playbook)
            links.append({"href": f"../{node.playbook}/", "label": f"{ui['open_playbook']}: {ctx['tx'].plain(target.title)}"})
        return links

    def script_data(self, script: Script, ctx: dict) -> dict:
        tx, ui = ctx["tx"], ctx["ui"]
        labels = {p.name: tx.plain(p.label) for p in script.placeholders}
        variants = [{"channel": "any", "label": ui["any_channel"], "text": script.text}]
        variants += [{"channel": ch, "label": ui[f"channel_{ch}"], "text": script.channels[ch]}
                     for ch in CHANNELS if ch in script.channels]
        for v in variants:
            v["html"] = _mark_placeholders(ctx["md"](v["text"]), labels)
            v["template"] = tx.plain(v["text"])
        return {"script": script, "variants": variants, "labels": labels,
                "ui": json.dumps({"copied": ui["copied"], "copy_needs": ui["copy_needs"]}, ensure_ascii=False)}

    # --- whole site ----------------------------------------------------------------

    def pages(self, lang: str) -> dict[str, str]:
        """Every generated page of one language: relative path -> content."""
        ctx = self.context(lang)
        out = {f"playbooks/{pb.id}.md": self.render_playbook(pb, lang, ctx) for pb in self.corpus.playbooks}
        out["index.md"] = self.env.get_template("home.md.j2").render(**ctx)
        out["playbooks/index.md"] = self.env.get_template("playbooks-index.md.j2").render(**ctx)
        return out

    def write(self, languages: tuple[str, ...] = LANGUAGES, log: WriteLog | None = None) -> WriteLog:
        log = log or WriteLog()
        for lang in languages:
            base = self.docs_dir / lang
            pages = self.pages(lang)
            for rel, content in pages.items():
                write_if_changed(base / rel, content, log)
            for folder in GENERATED_DIRS:
                for stale in sorted((base / folder).glob("*.md")):
                    if str(stale.relative_to(base)) not in pages:
                        stale.unlink()
                        log.removed.append(stale)
        return log
