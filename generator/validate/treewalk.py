"""Walks over a decision tree whose work is bounded by its size, whatever the file says.

A tree's answers may share nodes (two answers leading to the same question): then the
number of paths grows exponentially with the layers, while the nodes grow linearly. So
nothing here follows every path: the walks are iterative (an explicit stack, no Python
recursion a deep file could exhaust), visit each node once, count paths arithmetically,
and list at most a given number of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.model import Tree

MAX_TREE_DEPTH = 40  # questions on the longest way through a tree
MAX_TREE_NODES = 500  # nodes in one tree
MAX_LISTED_PATHS = 100  # paths listed under "Every path"; the rest are counted and said


@dataclass
class Walk:
    """What one walk from the start found."""

    reached: set[str] = field(default_factory=set)
    cycles: list[tuple[str, int, str]] = field(default_factory=list)  # (node, answer index, "a -> b -> a")
    depth: int = 0  # questions on the longest way from the start (cycles left out)


def walk(tree: Tree) -> Walk:
    """Reachability, cycles and depth, colouring the nodes on the current path (1) and the
    finished ones (2), iteratively."""
    out = Walk()
    if tree.start not in tree.nodes:
        return out
    state: dict[str, int] = {tree.start: 1}
    trail = [tree.start]
    stack: list[tuple[str, int]] = [(tree.start, 0)]  # (node, index of the next answer to follow)
    below: dict[str, int] = {}  # node -> questions on the longest way from it to an outcome
    while stack:
        nid, ai = stack[-1]
        answers = tree.nodes[nid].answers or []
        if ai < len(answers):
            stack[-1] = (nid, ai + 1)
            nxt = answers[ai].next
            if nxt not in tree.nodes:
                continue
            if state.get(nxt) == 1:
                out.cycles.append((nid, ai, " -> ".join(trail[trail.index(nxt):] + [nxt])))
            elif nxt not in state:
                state[nxt] = 1
                trail.append(nxt)
                stack.append((nxt, 0))
            continue
        stack.pop()
        trail.pop()
        state[nid] = 2
        deeper = [below[a.next] for a in answers if below.get(a.next) is not None]
        below[nid] = (1 + max(deeper, default=0)) if answers else 0
    out.reached = set(state)
    out.depth = below.get(tree.start, 0)
    return out


def count_paths(tree: Tree) -> int:
    """Paths from the start to an outcome, counted per node once (a validated tree: no cycles)."""
    if tree.start not in tree.nodes:
        return 0
    count: dict[str, int] = {}
    stack: list[tuple[str, bool]] = [(tree.start, False)]
    while stack:
        nid, done = stack.pop()
        if nid in count:
            continue
        answers = [a.next for a in tree.nodes[nid].answers or [] if a.next in tree.nodes]
        if done or not answers:
            count[nid] = sum(count.get(n, 0) for n in answers) if answers else 1
            continue
        stack.append((nid, True))
        stack.extend((n, False) for n in answers if n not in count)
    return count[tree.start]


def list_paths(tree: Tree, limit: int = MAX_LISTED_PATHS) -> list[list[tuple[str, int]]]:
    """The first `limit` paths, in the order of the answers: each a list of (question node,
    answer index) ending with (outcome node, -1)."""
    found: list[list[tuple[str, int]]] = []
    if tree.start not in tree.nodes:
        return found
    stack: list[tuple[str, tuple[tuple[str, int], ...]]] = [(tree.start, ())]
    while stack and len(found) < limit:
        nid, trail = stack.pop()
        node = tree.nodes[nid]
        if node.question is None or not node.answers:
            found.append([*trail, (nid, -1)])
            continue
        if len(trail) > MAX_TREE_DEPTH:  # only a tree that failed validation gets here
            continue
        for ai in reversed(range(len(node.answers))):
            nxt = node.answers[ai].next
            if nxt in tree.nodes:
                stack.append((nxt, (*trail, (nid, ai))))
    return found
