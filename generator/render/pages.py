"""Stage 3, render: the Markdown of each generated page, per language.

Pages are Jinja2 templates (templates/); YAML text reaches them only through the
filters of textfmt.Language, which escape it. Which pages need rendering, and writing
them to docs/<lang>/, is write.py's part.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from functools import cached_property, lru_cache
from pathlib import Path

from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator import languages
from generator.grammar.bidi import isolate_ltr
from generator.grammar.forms import capitalise, join_list, pick
from generator.grammar.typography import nested, typography
from generator.model import CHANNELS, Answer, Playbook, Script, Tree
from generator.render.uitext import plural_form, ui_format, ui_missing, ui_page
from generator.render.textfmt import Language, currency_symbol, format_amount, format_number, md_inert
from generator.search.index import search_terms
from generator.translate.status import counts
from generator.validate.checker import iter_sources, role_name
from generator.validate.trees import resolve_bound
from generator.validate.corpus import Corpus
from generator.validate.coverage import coverage, policies
from generator.validate.treewalk import count_paths, list_paths

TEMPLATES = Path(__file__).parent / "templates"
SHARED_PAGES = ("index.md", "playbooks/index.md", "coverage.md", "status.md", "glossary.md")  # about all playbooks
# Parts named per source section on the coverage page; past that, a count. Enough to
# follow a section into the playbooks, and the page stays readable at hundreds of them.
COVERAGE_SHOWN = 12


def ui_count(ui: dict, key: str, n: float, lang: str, **more: str) -> Markup:
    """An interface string with a count `{n}`: the CLDR plural form for n, n in the locale's digits."""
    return ui_format(plural_form(ui[key], pick(ui[key], n, lang)), n=format_number(n, lang), **more)


def item_hash(text: str) -> str:
    """Short fingerprint of a checklist item's wording: a reworded item loses its saved tick."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def make_environment() -> Environment:
    # `{#id}` is Markdown's heading-anchor syntax, so Jinja's comments get other delimiters.
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                      comment_start_string="<#--", comment_end_string="--#>",
                      auto_reload=False)  # templates are code, not content: no stat() per include
    # JSON inside YAML front matter is valid YAML and needs no hand-written quoting.
    # Material prints front-matter values (the title in <title>, the navigation and the
    # search index; the description inside <meta content="…">) without escaping them, so
    # they are HTML-escaped here for every context, quotes included: a `"` in a summary
    # must not end the attribute (`" http-equiv="refresh` would redirect every visitor).
    env.filters["yaml_str"] = lambda s: Markup(json.dumps(html.escape(str(s), quote=True), ensure_ascii=False))
    # Front-matter values that never reach HTML (search_terms: indexed, not shown) stay as typed.
    env.filters["yaml_text"] = lambda s: Markup(json.dumps(str(s), ensure_ascii=False))
    # Plain text put into Markdown that MkDocs renders (a link text in a list): escaped,
    # and Markdown's own syntax made inert, so it is rendered once, as text.
    env.filters["inert"] = lambda s: Markup(md_inert(html.escape(str(s), quote=True)))
    env.filters["ph"] = _mark_placeholders
    # an interface sentence (escaped) with marked-up values: `ui.x|e|format_markup(text=…)`
    env.filters["format_markup"] = lambda template, **values: ui_format(template, **values)
    # an interface string in an attribute or a data-* value: plain text, never markup
    env.filters["plain_ui"] = lambda s: str.__str__(s) if isinstance(s, str) else s
    return env


@lru_cache(maxsize=1)
def shared_environment() -> Environment:
    """One environment per process: templates are compiled once, not on every regeneration."""
    return make_environment()


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?؟])(\s|$)", text, re.S)
    return (match.group(1) if match else text).strip()


def _markup_text(markup: Markup) -> str:
    return Markup(markup).striptags()


def _mark_placeholders(rendered: Markup, labels: dict[str, str]) -> Markup:
    def repl(m: re.Match) -> str:
        name = m.group(1)
        label = Markup.escape(labels.get(name, name))
        return f'<mark class="pb-ph" data-ph="{name}" dir="auto">{{{label}}}</mark>'  # dir: a filled value keeps its own order

    return Markup(re.sub(r"&#123;([a-z][a-z0-9_]*)&#125;", repl, str(rendered)))


class Renderer:
    """The pages of one validated corpus. `statuses` keeps translation counts between runs;
    `store` is the on-disk cache (cache.DiskCache)."""

    def __init__(self, corpus: Corpus, statuses: dict | None = None, store=None):
        self.corpus = corpus
        self.statuses = statuses
        self.store = store
        self.env = shared_environment()
        self.articles = {a.key: a for a in corpus.sources.articles}

    def context(self, lang: str) -> dict:
        ui = ui_page(lang)
        tx = Language(lang, self.corpus.settings, note=str(ui["untranslated"]))
        return {
            "lang": lang, "ui": ui, "tx": tx,
            "t": lambda text: tx.html(text, inline=True, fallback_note=ui["untranslated"]),
            # a heading stays in the search index even when it falls back: its section needs a title
            "th": lambda text: tx.html(text, inline=True, fallback_note=ui["untranslated"], searchable=True),
            "md": lambda text: tx.html(text, fallback_note=ui["untranslated"]),
            "search_terms": lambda pb: search_terms(pb, self.corpus.settings, tx),
            "plain": tx.plain, "settings": self.corpus.settings, "corpus": self.corpus,
            "mark": tx.mark_fallback,
            "articles": self.articles, "languages": languages.current().codes, "channels": CHANNELS,
            "policy_label": lambda role: ui_format(ui["company_policy"], owner=self.role_label(role, tx)),
            "count": lambda key, n, **more: ui_count(ui, key, n, lang, **more),
            "typo": typography(lang), "nested": lambda text: nested(text, lang),
            "long_date": lambda day: format_date(day, "long", locale=lang),
            "role_name": lambda rid, cap=False: self.role_label(rid, tx, cap),
            # a language's name in the page's language, from CLDR ("suomi", «финский»)
            "lang_name": lambda code: languages.locale(code).get_display_name(languages.locale(lang)) or code,
        }

    def role_label(self, role: str | None, tx: Language, cap: bool = False) -> Markup:
        """A role's name in the page's language (its id while settings.yaml declares no roles),
        marked with its language where it is not translated yet; `cap` at the start of a line."""
        name = role_name(self.corpus.settings, role) if role else None
        if name is not None:
            return tx.word_html(name, cap)
        return Markup.escape(capitalise(role or "") if cap else role or "")

    def render_playbook(self, pb: Playbook, lang: str, ctx: dict | None = None) -> str:
        ctx = ctx or self.context(lang)
        trees = [self.tree_data(tree, ctx) for tree in pb.trees]
        scripts = [self.script_data(script, ctx) for script in pb.scripts]
        # An item's fingerprint is its source-language wording (the text every translation
        # follows), so a tick survives a language switch mid-encounter and is dropped only when
        # the item changes.
        source = Language(languages.current().source, self.corpus.settings)
        checklists = [{"cl": cl, "items": [(item, item_hash(source.plain(item.text))) for item in cl.items]}
                      for cl in pb.checklists]
        counts = self.translation_status.by_owner.get((pb.id, lang), {})
        notices = [ctx["count"](f"notice_{kind}", counts[kind]) for kind in ("missing", "outdated")
                   if counts.get(kind)]
        interface = len(ui_missing(lang))
        if interface:  # a language added lately: its labels are English until translated, and say so
            notices.append(ctx["count"]("notice_ui_missing", interface))
        safety = None
        tree = self.corpus.safety_tree(pb)
        if tree is not None:
            st = self.corpus.settings.safety_tree
            href = f"#tree-{st.tree}" if st.playbook == pb.id else f"{st.playbook}.html#tree-{st.tree}"
            safety = {"href": href, "label": ctx["t"](tree.title)}
        return self.env.get_template("playbook.md.j2").render(
            pb=pb, trees=trees, notices=notices, safety=safety, outcome_links=lambda node: self.outcome_links(node, ctx),
            answer_label=lambda answer: self.answer_label(answer, ctx), scripts=scripts, checklists=checklists,
            article=self.articles[pb.source.article] if pb.source else None,
            policy_owners=None if pb.source else self.policy_owners(pb, ctx), **ctx)

    def policy_owners(self, pb: Playbook, ctx: dict) -> Markup:
        """"Company policy (owner: …)" for a playbook that cites no article: its owner, else the
        roles its parts name, in the order they first appear."""
        roles = [pb.owner] if pb.owner else list(dict.fromkeys(src.policy for _, src in iter_sources(pb) if src.policy))
        # the list pattern's words and commas hold no markup: the escaped names joined stay safe
        owners = Markup(join_list([str(self.role_label(role, ctx["tx"])) for role in roles], "and", ctx["lang"]))
        return ui_format(ctx["ui"]["company_policy"], owner=owners)

    def answer_label(self, answer: Answer, ctx: dict) -> Markup:
        if answer.label is not None:
            return ctx["t"](answer.label)
        c, ui, lang = self.corpus.settings.company, ctx["ui"], ctx["lang"]
        currency = c.currency_for(lang)  # each language's pages compare in their own currency
        low = resolve_bound(answer.over, self.corpus.settings, currency)
        high = resolve_bound(answer.up_to, self.corpus.settings, currency)
        fmt = {"a": format_amount(low, currency, lang) if low is not None else "",
               "b": format_amount(high, currency, lang) if high is not None else ""}
        key = "amount_between" if low is not None and high is not None else ("amount_over" if high is None else "amount_up_to")
        label = str(ui_format(ui[key], **fmt))
        # a Latin currency code ("SEK") in a right-to-left sentence keeps its own order, as in texts
        return Markup(isolate_ltr(label) if languages.is_rtl(lang) else label)

    def all_paths(self, tree: Tree, ctx: dict) -> dict:
        """Paths from the start to an outcome, grouped by outcome kind: for reviewers. At most
        MAX_LISTED_PATHS are listed (answers may share nodes, so paths can be exponentially
        many); how many are left out is counted, and the page says so."""
        plain, labels = ctx["plain"], {}

        def step(nid: str, ai: int) -> str:
            if (nid, ai) not in labels:
                node = tree.nodes[nid]
                labels[(nid, ai)] = (f"{plain(node.question)} {ctx['typo'].arrow} "
                                     f"{_markup_text(self.answer_label(node.answers[ai], ctx))}")
            return labels[(nid, ai)]

        found = []
        for path in list_paths(tree):
            end = tree.nodes[path[-1][0]]
            found.append({"kind": end.kind, "href": f"#tree-{tree.id}:" + "/".join(nid for nid, _ in path),
                          "steps": [step(nid, ai) for nid, ai in path[:-1]],
                          "outcome": _first_sentence(plain(end.outcome))})
        total = count_paths(tree)
        groups = [(kind, [p for p in found if p["kind"] == kind])
                  for kind in ("resolved", "escalated", "declined", "referred") if any(p["kind"] == kind for p in found)]
        return {"groups": groups, "unlisted": total - len(found),
                "numbers": {"n": format_number(total - len(found), ctx["lang"]), "total": format_number(total, ctx["lang"])}}

    def tree_data(self, tree: Tree, ctx: dict) -> dict:
        """The decision tree as the page's widget reads it (JSON, escaped by tojson)."""
        t, md, ui = ctx["t"], ctx["md"], ctx["ui"]
        currency = self.corpus.settings.company.currency_for(ctx["lang"])
        nodes = {}
        for nid, node in tree.nodes.items():
            entry: dict = {"kind": node.kind}
            if node.question is not None:
                entry["question"] = str(t(node.question))
                entry["answers"] = [{"label": str(self.answer_label(a, ctx)), "next": a.next,
                                     "over": resolve_bound(a.over, self.corpus.settings, currency),
                                     "up_to": resolve_bound(a.up_to, self.corpus.settings, currency)}
                                    for a in node.answers or []]
                entry["amount"] = any(a.is_range for a in node.answers or [])
            else:
                entry["outcome"] = str(md(node.outcome))
                if node.source is not None and node.source.policy is not None:
                    entry["outcome"] += str(Markup('<p class="pb-cite pb-policy">{}</p>').format(
                        ctx["policy_label"](node.source.policy)))
                entry["kind_label"] = ui[f"kind_{node.kind}"] if node.kind else ""
                entry["links"] = self.outcome_links(node, ctx)
            nodes[nid] = entry
        labels = {k: ui[k] for k in ("back", "start_over", "copied", "amount_label", "amount_go", "amount_invalid",
                                     "amount_negative", "amount_empty")}
        labels["arrow"] = ctx["typo"].arrow
        labels.update({k: ui[k] for k in ("summary_amount", "summary_time", "summary_link")})
        labels.update(self.currency(ctx))
        labels.update(path=ui["you_are_here"], copy_summary=ui["copy_summary"], moved=ui["moved_to_tree"])
        data = {"id": tree.id, "title": str(t(tree.title)), "start": tree.start, "nodes": nodes, "ui": labels}
        return {"tree": tree, "data": data, "paths": self.all_paths(tree, ctx)}

    def outcome_links(self, node, ctx: dict) -> list[dict]:
        ui, links = ctx["ui"], []
        if node.script:
            links.append({"href": f"#script-{node.script}", "label": ui["open_script"]})
        if node.checklist:
            links.append({"href": f"#checklist-{node.checklist}", "label": ui["open_checklist"]})
        if node.playbook:
            target = self.corpus.playbook(node.playbook)
            links.append({"href": f"{node.playbook}.html", "label": f"{ui['open_playbook']} {ctx['typo'].open}{ctx['tx'].plain(target.title)}{ctx['typo'].close}"})
        return links

    def script_data(self, script: Script, ctx: dict) -> dict:
        tx, ui = ctx["tx"], ctx["ui"]
        labels = {p.name: tx.plain(p.label) for p in script.placeholders}
        # what the field shows: marked when it falls back to another language (attributes and
        # the copied text keep the plain label)
        shown_labels = {p.name: ctx["t"](p.label) for p in script.placeholders}
        variants = [{"channel": "any", "label": ui["any_channel"], "text": script.text}]
        variants += [{"channel": ch, "label": ui[f"channel_{ch}"], "text": script.channels[ch]}
                     for ch in CHANNELS if ch in script.channels]
        for v in variants:
            v["html"] = _mark_placeholders(ctx["md"](v["text"]), labels)
            v["template"] = tx.plain(v["text"])
        texts = {k: ui[k] for k in ("copied", "copy_needs", "check_field", "amount_invalid", "amount_negative",
                                    "phone_invalid", "email_invalid")}
        return {"script": script, "variants": variants, "labels": labels, "shown_labels": shown_labels,
                **self.currency(ctx),
                "ui": json.dumps({**texts, "comma": ctx["typo"].comma, "rtl": ctx["typo"].dir == "rtl",
                                  **self.currency(ctx)}, ensure_ascii=False)}

    def currency(self, ctx: dict) -> dict:
        """The currency of the page's language (settings), for amount fields: its code and its sign there."""
        code = self.corpus.settings.company.currency_for(ctx["lang"])
        return {"currency": code, "currency_symbol": currency_symbol(code, ctx["lang"])}

    # --- whole site ----------------------------------------------------------------

    def pages(self, lang: str, skip: set[str] = frozenset()) -> dict[str, str]:
        """Every generated page of one language: relative path -> content (None for pages in `skip`)."""
        ctx = self.context(lang)
        out = {f"playbooks/{pb.id}.md": None if f"playbooks/{pb.id}.md" in skip else self.render_playbook(pb, lang, ctx)
               for pb in self.corpus.playbooks}
        out.update({rel: None if rel in skip else render() for rel, render in self.shared_pages(lang).items()})
        return out

    def _render_coverage(self, ctx: dict) -> str:
        table, policy_table = self.coverage_table, policies(self.corpus)
        return self.env.get_template("coverage.md.j2").render(
            table=table, total=sum(len(s) for s in table.values()), shown=COVERAGE_SHOWN,
            policy_table=policy_table, policy_count=sum(len(c) for c in policy_table.values()),
            role_label=lambda role: self.role_label(role, ctx["tx"]),
            gap_count=sum(1 for sections in table.values() for c in sections.values() if not c), **ctx)

    @cached_property
    def translation_status(self):
        return counts(self.corpus, cache=self.statuses, store=self.store)

    @cached_property
    def coverage_table(self):
        return coverage(self.corpus)

    def shared_pages(self, lang: str) -> dict[str, object]:
        """Pages about all playbooks: relative path -> how to render it."""
        ctx_once: list = []

        def ctx():
            if not ctx_once:
                ctx_once.append(self.context(lang))
            return ctx_once[0]

        pages = {
            "index.md": lambda: self.env.get_template("home.md.j2").render(**ctx()),
            "playbooks/index.md": lambda: self.env.get_template("playbooks-index.md.j2").render(**ctx()),
            "coverage.md": lambda: self._render_coverage(ctx()),
            "status.md": lambda: self.env.get_template("status.md.j2").render(status=self.translation_status, **ctx()),
        }
        if self.corpus.glossary:
            pages["glossary.md"] = lambda: self.env.get_template("glossary.md.j2").render(
                glossary=self.corpus.glossary, **ctx())
        return pages
