"""Validate, second pass: semantic checks on one playbook of the typed model.

References between parts, sources, translations, placeholders and link schemes (decision
trees: trees.py). Every problem is collected, none stops the pass.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator import languages
from generator.errors import Problem, clean, suggest
from generator.grammar.forms import CONTENT_COUNTS, PLACEHOLDER_RE, strings
from generator.load.yamlfile import Document
from generator.messages import Number, language, msg
from generator.model import SETTINGS_PLACEHOLDERS, Playbook, Settings, Sources, Term
from generator.security.links import MAX_BRACKETS, link_targets, names_another_host, unsafe_scheme
from generator.validate.grammar import (
    declared_forms,
    lints,
    placeholder_forms,
    plural_shape,
)
from generator.validate.names import declared_gender, filled, gender_choices
from generator.validate.checker import Checker, iter_sources, iter_texts, role_ids
from generator.validate.trees import check_tree

MAX_TEXT_CHARS = 5_000  # one text in one language; the longest today is under 500


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
            for sub, message, hint in [*declared_forms(text), *declared_gender(text)]:
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
    for sub, message, hint in [*placeholder_forms(value, lang, settings), *lints(value, in_script, lang),
                               *gender_choices(value, lang, settings), *filled(value, lang, settings)]:
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
        if pb.source is None and not check_policy_only(chk, path, src):
            continue
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


def check_policy_only(chk: Checker, path: tuple, src) -> bool:
    """In a playbook that names no source article (all company policy), every part cites
    `policy:`, and a section it is based on names its article. False when reported."""
    if src.policy is None:
        chk.add(path, msg("this playbook names no source article, so this part must be company policy"),
                msg("add `policy: ROLE-ID` (the role that owns this rule) here, or name the playbook's source "
                    "article at the top (`source:` with `article: FILE` from sources.yaml)"))
        return False
    if src.policy is not None and src.section is not None and src.article is None:
        chk.add(path + ("section",), msg("`section:` names a section of no article: this playbook names no source article"),
                msg("add `article: FILE` (from sources.yaml) next to `section:`, or delete the `section:` line"))
        return False
    return True


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

