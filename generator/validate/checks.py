"""Validate, second pass: semantic checks on the typed model.

References between parts, decision-tree shape, sources, translations, placeholders and
link schemes. Every problem is collected, none stops the pass.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel

from generator import languages
from generator.errors import Problem, clean, format_path, suggest
from generator.grammar.forms import CONTENT_COUNTS, PLACEHOLDER_RE, strings
from generator.load.yamlfile import Document
from generator.messages import Number, language, mark, msg, msg_n
from generator.model import (
    SETTINGS_AMOUNTS,
    SETTINGS_PLACEHOLDERS,
    Playbook,
    Settings,
    Sources,
    Term,
    Text,
)
from generator.security.links import MAX_BRACKETS, link_targets, names_another_host, unsafe_scheme
from generator.validate.grammar import (
    declared_forms,
    lints,
    placeholder_forms,
    plural_shape,
)
from generator.validate.treewalk import MAX_TREE_DEPTH, MAX_TREE_NODES, walk

MAX_TEXT_CHARS = 5_000  # one text in one language; the longest today is under 500
# One whole sentence per kind of item, so that each language can inflect the kind's name.
TWICE = {
    "step": mark("step id `{id}` is used twice in this playbook: by step {first} (line {line}) and by step {second} "
                 "(this line)"),
    "tree": mark("tree id `{id}` is used twice in this playbook: by tree {first} (line {line}) and by tree {second} "
                 "(this line)"),
    "script": mark("script id `{id}` is used twice in this playbook: by script {first} (line {line}) and by script "
                   "{second} (this line)"),
    "checklist": mark("checklist id `{id}` is used twice in this playbook: by checklist {first} (line {line}) and by "
                      "checklist {second} (this line)"),
    "item": mark("item id `{id}` is used twice in this playbook: by item {first} (line {line}) and by item {second} "
                 "(this line)"),
}


def iter_texts(obj: Any, path: tuple = ()) -> Iterator[tuple[tuple, Text]]:
    """Every Text in a model, with its path."""
    if isinstance(obj, Text):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from iter_texts(getattr(obj, name), path + (name,))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from iter_texts(item, path + (i,))
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from iter_texts(item, path + (key,))


class Checker:
    def __init__(self, doc: Document, problems: list[Problem]):
        self.doc, self.problems = doc, problems

    def add(self, path: tuple, message: str, hint: str = "", key: bool = False) -> None:
        line, col = self.doc.where(path, key=key)
        self.problems.append(Problem(self.doc.name, line, col, format_path(path), message, hint))

    def unique(self, items: list, path: tuple, what: str) -> None:
        """`what` is the kind of item: a key of TWICE."""
        seen: dict[str, int] = {}
        for i, item in enumerate(items or []):
            if item is None:
                continue
            if item.id in seen:
                first = seen[item.id]
                line = self.doc.where(path + (first, "id"))[0]
                self.add(path + (i, "id"), msg(TWICE[what], id=item.id, first=first + 1, line=line, second=i + 1),
                         msg("give each one its own id"))
            seen.setdefault(item.id, i)


def check_texts(chk: Checker, obj: Any, require_complete: bool, base: tuple = (),
                allowed_placeholders: set[str] | None = None, settings: Settings | None = None,
                in_script: bool = False) -> None:
    allowed = set(SETTINGS_PLACEHOLDERS) | (allowed_placeholders or set())
    in_progress = set(settings.translations.in_progress) if settings is not None else set()
    for path, text in iter_texts(obj, base):
        values = {}
        for lang in languages.current().codes:
            value = text.get(lang)
            if value is None:
                if require_complete and lang not in in_progress:
                    chk.add(path, msg("the {lang} translation is missing", lang=language(lang)),
                            msg("add `{lang}:` with the translation (settings require every language)", lang=lang))
                continue
            values[lang] = value
            for key, one in ([((), value)] if isinstance(value, str) else [((c,), v) for c, v in value.items()]):
                source = languages.current().source
                english = text.get(source) if lang != source else None
                if isinstance(english, dict):
                    english = english.get(key[0] if key else "other", english.get("other"))
                check_string(chk, path + (lang,) + key, lang, one, allowed, settings, in_script,
                             english if isinstance(english, str) else None)
        for sub, message, hint in plural_shape(values, CONTENT_COUNTS):
            chk.add(path + sub, message, hint)
        if isinstance(text, Term):
            for sub, message, hint in declared_forms(text):
                chk.add(path + sub, message, hint)


def check_string(chk: Checker, path: tuple, lang: str, value: str, allowed: set[str],
                 settings: Settings | None, in_script: bool, english: str | None = None) -> None:
    if not value.strip():
        chk.add(path, msg("the text is empty or only whitespace"), msg("write the text, or remove the key"))
        return
    if len(value) > MAX_TEXT_CHARS:
        chk.add(path, msg("the text is {size} characters long; the limit is {limit}", size=Number(len(value)),
                          limit=Number(MAX_TEXT_CHARS)),
                msg("shorten it, or split it into several steps"))
        return
    if value.count("[") > MAX_BRACKETS:
        chk.add(path, msg("the text has {count} `[` characters; the limit is {limit}", count=value.count("["),
                          limit=MAX_BRACKETS),
                msg("use fewer square brackets (each link needs two)"))
        return
    names = {name for name, _ in PLACEHOLDER_RE.findall(value)}
    for name, _ in PLACEHOLDER_RE.findall(value):
        if name not in allowed and english is not None:
            # a translation's own name for a placeholder: name the English one it stands for
            instead = sorted({n for n, _ in PLACEHOLDER_RE.findall(english)} - names)
            if instead:
                wanted = ", ".join("{" + n + "}" for n in instead)
                chk.add(path, msg("placeholder `{placeholder}` is not defined; the English has {english} here",
                                  placeholder="{" + name + "}", english=wanted),
                        msg("write {english} in place of {placeholder}, exactly as the English has it",
                            english=wanted, placeholder="{" + name + "}"))
                continue
        if name not in allowed:
            options = sorted(allowed)
            chk.add(path, msg("placeholder `{placeholder}` is not defined", placeholder="{" + name + "}"),
                    suggest(name, options) or msg("defined here: {names}",
                                                  names=", ".join("{" + o + "}" for o in options)))
    for sub, message, hint in [*placeholder_forms(value, lang, settings), *lints(value, in_script, lang)]:
        chk.add(path + sub, message, hint)
    for target in link_targets(value):  # every link form, read as the browser will (textfmt)
        scheme = unsafe_scheme(target)
        if scheme:
            chk.add(path, msg("link scheme `{scheme}:` is not allowed", scheme=clean(scheme)),
                    msg("link only to http:, https: or mailto: addresses (this link: `{link}`)", link=clean(target[:60])))
        elif names_another_host(target):
            chk.add(path, msg("the link `{link}` leads to another site although it looks like a page of this one",
                              link=clean(target[:60])),
                    msg("write the whole address of the other site, starting with https://"))


def resolve_bound(value, settings: Settings) -> float | None:
    if value is None or isinstance(value, (int, float)):
        return value
    return getattr(settings.company, value, None) if value in SETTINGS_AMOUNTS else None


def check_amount_ranges(chk: Checker, node, npath: tuple, settings: Settings) -> None:
    """An amount question's ranges must cover every amount from 0 up, once, with no gap."""
    answers = node.answers or []
    ranged = [(ai, a) for ai, a in enumerate(answers) if a.is_range]
    if not ranged:
        return
    if len(ranged) != len(answers):
        chk.add(npath + ("answers",), msg("some answers have an amount range and some do not"),
                msg("give every answer of an amount question `over:` and/or `up_to:`, or none of them"))
        return
    spans = []
    for ai, a in ranged:
        bounds = []
        for key in ("over", "up_to"):
            raw = getattr(a, key)
            value = resolve_bound(raw, settings)
            if raw is not None and value is None:
                chk.add(npath + ("answers", ai, key), msg("`{value}` is not an amount in settings.yaml", value=raw),
                        suggest(raw, list(SETTINGS_AMOUNTS)) or msg("use a number or one of: {names}",
                                                                    names=", ".join(SETTINGS_AMOUNTS)))
                return
            bounds.append(value)
        low, high = bounds
        if low is not None and high is not None and low >= high:
            chk.add(npath + ("answers", ai), msg("no amount reaches this answer: over {low} and up to {high} is empty "
                                                 "with the current settings", low=f"{low:g}", high=f"{high:g}"),
                    msg("swap the bounds or correct the amounts in settings.yaml"))
            return
        spans.append((-1.0 if low is None else low, high, ai))
    spans.sort(key=lambda s: (s[0], float("inf") if s[1] is None else s[1]))
    if spans[0][0] > 0:
        chk.add(npath + ("answers", spans[0][2]), msg("amounts from 0 up to {high} lead nowhere", high=f"{spans[0][0]:g}"),
                msg("let the lowest range start at 0 (leave out `over:`)"))
    for (low1, high1, a1), (low2, high2, a2) in zip(spans, spans[1:]):
        if high1 is None:
            chk.add(npath + ("answers", a2), msg("answers {first} and {second} overlap: answer {first} has no upper bound",
                                                 first=a1 + 1, second=a2 + 1),
                    msg("give answer {first} an `up_to:`", first=a1 + 1))
        elif low2 < high1:
            chk.add(npath + ("answers", a2), msg("answers {first} and {second} overlap: amounts over {low} up to {high} "
                                                 "match both", first=a1 + 1, second=a2 + 1, low=f"{max(low2, 0):g}",
                                                 high=f"{high1:g}"),
                    msg("start answer {second} with `over: {high}`", second=a2 + 1, high=f"{high1:g}"))
        elif low2 > high1:
            chk.add(npath + ("answers", a2), msg("amounts over {low} up to {high} (e.g. {example}) lead nowhere",
                                                 low=f"{high1:g}", high=f"{low2:g}", example=f"{(high1 + low2) / 2:g}"),
                    msg("start answer {second} with `over:` equal to answer {first}'s `up_to:`", second=a2 + 1,
                        first=a1 + 1))
    if spans[-1][1] is not None:
        chk.add(npath + ("answers", spans[-1][2]), msg("amounts over {low} lead nowhere", low=f"{spans[-1][1]:g}"),
                msg("leave out `up_to:` on the highest range"))


def check_tree(chk: Checker, pb: Playbook, ti: int, all_ids: set[str], settings: Settings) -> None:
    tree = pb.trees[ti]
    if tree is None:
        return
    base = ("trees", ti)
    if len(tree.nodes) > MAX_TREE_NODES:
        chk.add(base + ("nodes",), msg("this tree has {count} nodes; the limit is {limit}", count=len(tree.nodes),
                                       limit=MAX_TREE_NODES),
                msg("split it into several trees or playbooks"))
        return
    names = sorted(tree.nodes)
    node_list = ", ".join(names)
    if tree.start not in tree.nodes:
        chk.add(base + ("start",), msg("`start: {name}` names no node; nodes are: {nodes}", name=tree.start,
                                       nodes=node_list), suggest(tree.start, names))
    scripts = {s.id for s in pb.scripts if s}
    checklists = {c.id for c in pb.checklists if c}
    broken: dict[str, list[tuple]] = {}  # a `next:` naming no node -> the answers that name it
    for nid, node in tree.nodes.items():
        npath = base + ("nodes", nid)
        is_q, is_o = node.question is not None, node.outcome is not None
        if is_q == is_o:
            chk.add(npath, msg("a node must have either `question:` (with `answers:`) or `outcome:` (with `kind:`)"),
                    msg("keep one of the two"))
        if is_q:
            if not node.answers:
                chk.add(npath, msg("this question has no answers"), msg("add `answers:` with at least two choices"))
            for extra in ("kind", "script", "checklist", "playbook"):
                if getattr(node, extra) is not None:
                    chk.add(npath + (extra,), msg("`{key}` belongs on an outcome, not a question", key=extra),
                            msg("move it to an outcome node"))
        if is_o:
            if node.answers:
                chk.add(npath + ("answers",), msg("an outcome has no answers"),
                        msg("make this node a question, or remove `answers:`"))
            if node.kind is None:
                chk.add(npath, msg("this outcome has no `kind:`"),
                        msg("add `kind:` with one of resolved, escalated, declined, referred"))
        check_amount_ranges(chk, node, npath, settings)
        for ai, answer in enumerate(node.answers or []):
            if answer.label is None and not answer.is_range:
                chk.add(npath + ("answers", ai), msg("this answer has no `label:`"), msg("add `label:` in every language"))
            if answer.next not in tree.nodes:
                broken.setdefault(answer.next, []).append(npath + ("answers", ai, "next"))
        if node.script and node.script not in scripts:
            chk.add(npath + ("script",), msg("`script: {name}` names no script of this playbook", name=node.script),
                    suggest(node.script, sorted(scripts)) or msg("scripts are: {names}",
                                                                 names=", ".join(sorted(scripts)) or msg("none")))
        if node.checklist and node.checklist not in checklists:
            chk.add(npath + ("checklist",), msg("`checklist: {name}` names no checklist of this playbook",
                                                name=node.checklist),
                    suggest(node.checklist, sorted(checklists)) or msg("checklists are: {names}",
                                                                       names=", ".join(sorted(checklists)) or msg("none")))
        if node.playbook and node.playbook not in all_ids:
            chk.add(npath + ("playbook",), msg("`playbook: {name}` names no playbook", name=node.playbook),
                    suggest(node.playbook, sorted(all_ids)) or msg("playbooks are: {names}",
                                                                   names=", ".join(sorted(all_ids))))
        if node.kind == "referred" and not node.playbook:
            chk.add(npath, msg("a `referred` outcome must name the `playbook:` it refers to"), msg("add `playbook: ID`"))
    meant = report_broken_next(chk, broken, names, node_list)
    if tree.start not in tree.nodes:
        return
    # Reachability, cycles and depth: one iterative walk (treewalk.py), linear in the nodes.
    found = walk(tree)
    for nid, ai, loop in found.cycles:
        chk.add(base + ("nodes", nid, "answers", ai, "next"), msg("this answer makes a cycle: {loop}", loop=loop),
                msg("point it to a node further down the tree, or to an outcome"))
    if found.depth > MAX_TREE_DEPTH:
        chk.add(base + ("start",), msg("the longest way through this tree asks {count} questions; the limit is {limit}",
                                       count=found.depth, limit=MAX_TREE_DEPTH),
                msg("split the tree: end a branch with `kind: referred` and a `playbook:` that carries on"))
    state = found.reached
    for nid in tree.nodes:
        if nid in state or nid in meant:
            continue  # a node that a misspelt `next:` meant is reported there, once
        if broken:  # most likely cut off by the broken `next:` reported above: no advice to delete it
            chk.add(base + ("nodes", nid), msg("node `{node}` cannot be reached from `{start}`", node=nid,
                                               start=tree.start),
                    msg("it is probably reached again once the answers whose `next:` names no node are fixed"),
                    key=True)
        else:
            chk.add(base + ("nodes", nid), msg("node `{node}` cannot be reached from `{start}`", node=nid,
                                               start=tree.start),
                    msg("point an answer's `next:` to it, or remove it"), key=True)


def report_broken_next(chk: Checker, broken: dict[str, list[tuple]], names: list[str], node_list: str) -> set[str]:
    """One problem per missing node, at the first answer naming it, listing the others; returns
    the existing nodes that misspelt names most likely meant."""
    meant: set[str] = set()
    for target, paths in broken.items():
        guess = suggest(target, names)
        if guess:
            meant.add(guess.split("`")[1])
        lines = [str(chk.doc.where(p)[0]) for p in paths]
        if len(paths) == 1:
            hint = guess or msg("add the node `{node}` under `nodes:`, or change this answer to name an existing node",
                                node=target)
            chk.add(paths[0], msg("`next: {node}` names no node; nodes are: {nodes}", node=target, nodes=node_list),
                    hint)
            continue
        hint = guess or msg("add the node `{node}` under `nodes:`, or change these answers (lines {lines}) to name "
                            "an existing node", node=target, lines=", ".join(lines))
        chk.add(paths[0], msg_n("`next: {node}` names no node (and by the answer on line {lines}); nodes are: {nodes}",
                                "`next: {node}` names no node (and by the answers on lines {lines}); nodes are: {nodes}",
                                len(lines) - 1, node=target, lines=", ".join(lines[1:]), nodes=node_list), hint)
    return meant


def check_playbook(doc: Document, pb: Playbook, settings: Settings, sources: Sources,
                   all_ids: set[str], problems: list[Problem]) -> None:
    chk = Checker(doc, problems)
    stem = Path(doc.name).stem
    if pb.id is not None and stem != pb.id:
        chk.add(("id",), msg("the id `{id}` differs from the file name `{stem}`", id=pb.id, stem=stem),
                msg("rename the file to `{id}.yaml` or set `id: {stem}`", id=pb.id, stem=stem))
    for attr, what in (("steps", "step"), ("trees", "tree"), ("scripts", "script"), ("checklists", "checklist")):
        chk.unique(getattr(pb, attr), (attr,), what)
    for ci, checklist in enumerate(pb.checklists):
        if checklist:
            chk.unique(checklist.items, ("checklists", ci, "items"), "item")
    situations = sorted(s.id for s in settings.situations)
    for si, sid in enumerate(pb.tags.situations if pb.tags else []):
        if sid not in situations:
            chk.add(("tags", "situations", si), msg("situation `{situation}` is not defined in settings.yaml",
                                                    situation=sid),
                    suggest(sid, situations) or msg("situations are: {names}", names=", ".join(situations)))
    for ri, rid in enumerate(pb.related):
        if rid not in all_ids:
            chk.add(("related", ri), msg("`{id}` names no playbook", id=rid), suggest(rid, sorted(all_ids)))
    articles = {a.key: a for a in sources.articles}
    main_article = pb.source.article if pb.source else None
    if pb.source and main_article not in articles:
        chk.add(("source", "article"), msg("article `{article}` is not listed in sources.yaml", article=pb.source.article),
                suggest(pb.source.article, sorted(articles)) or msg("articles are: {names}",
                                                                    names=", ".join(sorted(articles))))
    roles = role_ids(settings)
    for path, src in iter_sources(pb):
        if not check_source_kind(chk, path, src, roles):
            continue
        article = articles.get(src.article or main_article)
        if article is None:
            if src.article:
                chk.add(path + ("article",), msg("article `{article}` is not listed in sources.yaml", article=src.article),
                        suggest(src.article, sorted(articles)))
            continue
        names = article.section_names
        if src.section not in names:
            chk.add(path + ("section",), msg("article `{article}` has no section `{section}`", article=article.key,
                                             section=src.section),
                    suggest(src.section, names) or msg("its sections are: {names}", names="; ".join(names)))
    require = settings.translations.require_complete
    for si, script in enumerate(pb.scripts):
        if script is None:
            continue
        declared = {p.name for p in script.placeholders}
        check_texts(chk, script, require, ("scripts", si), declared, settings, in_script=True)
        used = set()
        for vpath, text in iter_texts([script.text, *script.channels.values()]):
            per_lang = {lang: {name for s in strings(text.get(lang)) for name, _ in PLACEHOLDER_RE.findall(s)} & declared
                        for lang in languages.current().codes if text.get(lang) is not None}
            everywhere = set().union(*per_lang.values()) if per_lang else set()
            used |= everywhere
            where = ("scripts", si, "text") if vpath == (0,) else \
                ("scripts", si, "channels", list(script.channels)[vpath[0] - 1])
            for lang, names in per_lang.items():
                for name in sorted(everywhere - names):
                    chk.add(where + (lang,), msg("the {lang} text leaves out `{placeholder}`, which the other languages "
                                                 "use", lang=language(lang), placeholder="{" + name + "}"),
                            msg("put `{placeholder}` where the value belongs in the {lang} sentence", lang=language(lang),
                                placeholder="{" + name + "}"))
        for pi, ph in enumerate(script.placeholders):
            if ph.name not in used:
                chk.add(("scripts", si, "placeholders", pi, "name"), msg("placeholder `{name}` is declared but never used",
                                                                         name=ph.name),
                        msg("use `{placeholder}` in the script text, or remove the declaration",
                            placeholder="{" + ph.name + "}"))
    rest = pb.model_copy(update={"scripts": []})  # scripts were checked above, with their own placeholders
    check_texts(chk, rest, require, settings=settings)
    roles = sorted(r.id for r in settings.roles)
    if pb.owner is not None and pb.owner not in roles:
        chk.add(("owner",), msg("`owner: {owner}` is not a role in settings.yaml", owner=pb.owner),
                suggest(pb.owner, roles) or msg("roles are: {names}", names=", ".join(roles)
                                                or msg("none (add `roles:` to settings.yaml)")))
    for ti in range(len(pb.trees)):
        check_tree(chk, pb, ti, all_ids, settings)


def role_ids(settings: Settings) -> list[str] | None:
    """The role ids of settings.yaml `roles:` (a mapping or a list of roles with `id`),
    or None when the settings declare no roles, so that any role id is accepted."""
    roles = getattr(settings, "roles", None)
    if not roles:
        return None
    if isinstance(roles, dict):
        return sorted(roles)
    return sorted(r.id for r in roles if r is not None)


def role_name(settings: Settings, role: str) -> Text | None:
    """The name of a role of settings.yaml, or None when the settings do not declare it."""
    roles = getattr(settings, "roles", None) or {}
    found = roles.get(role) if isinstance(roles, dict) else next((r for r in roles if r and r.id == role), None)
    return getattr(found, "name", None)


def check_source_kind(chk: Checker, path: tuple, src, roles: list[str] | None) -> bool:
    """A source is an article section, a company policy, or a policy based on an article
    section; never neither. True when it cites an article section (which the caller then checks)."""
    if src.policy is not None and roles is not None and src.policy not in roles:
        chk.add(path + ("policy",), msg("`policy: {policy}` names no role of settings.yaml `roles:`", policy=src.policy),
                suggest(src.policy, roles) or msg("roles are: {names}", names=", ".join(roles)))
    if src.section is None:
        if src.policy is None:
            chk.add(path, msg("this source names neither an article section nor a company policy"),
                    msg("add `section: \"…\"` (the article section that says it) or `policy: ROLE-ID` (the company's own "
                        "rule, owned by that role)"))
        elif src.article is not None:
            chk.add(path + ("article",), msg("`article:` without `section:` cites nothing"),
                    msg("add the `section:` the company's rule is based on, or delete the `article:` line"))
        return False
    return True


def iter_sources(pb: Playbook) -> Iterator[tuple[tuple, Any]]:
    """Every source citation in a playbook, with its path (walked directly: this runs often)."""
    for kind in ("steps", "scripts", "checklists", "do", "dont"):
        for i, item in enumerate(getattr(pb, kind) or []):
            if item is not None and item.source is not None:
                yield (kind, i, "source"), item.source
    for ti, tree in enumerate(pb.trees or []):
        if tree is None:
            continue
        if tree.source is not None:
            yield ("trees", ti, "source"), tree.source
        for nid, node in tree.nodes.items():
            if node.source is not None:
                yield ("trees", ti, "nodes", nid, "source"), node.source
