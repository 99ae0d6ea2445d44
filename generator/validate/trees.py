"""Decision trees: every `next:` names a node, every node is reached, no cycles, amount
ranges that cover every amount once, outcomes that name what they use."""

from __future__ import annotations

from generator.errors import suggest
from generator.messages import msg, msg_n
from generator.model import SETTINGS_AMOUNTS, Playbook, Settings
from generator.validate.checker import Checker
from generator.validate.treewalk import MAX_TREE_DEPTH, MAX_TREE_NODES, walk

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
