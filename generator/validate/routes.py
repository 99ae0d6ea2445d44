"""Checks of the home page's routes: each situation in settings.yaml names the playbook
to open first (`first:`) and up to three more (`also:`); every id must be a playbook."""

from __future__ import annotations

from generator.errors import suggest
from generator.messages import msg
from generator.model import Settings
from generator.validate.checker import Checker


def check_routes(chk: Checker, settings: Settings, playbook_ids: set[str]) -> None:
    known = sorted(playbook_ids)
    for si, sit in enumerate(settings.situations):
        path = ("situations", si)
        chosen = [("first", None, sit.first)] + [("also", ai, pid) for ai, pid in enumerate(sit.also)]
        seen: set[str] = set()
        for key, index, pid in chosen:
            where = path + ((key,) if index is None else (key, index))
            if pid not in playbook_ids:
                chk.add(where, msg("situation `{situation}`: `{id}` is not a playbook", situation=sit.id, id=pid),
                        suggest(pid, known) or msg("playbooks are: {names}", names=", ".join(known)))
            elif pid in seen:
                chk.add(where, msg("situation `{situation}` lists `{id}` twice", situation=sit.id, id=pid),
                        msg("list each playbook once"))
            seen.add(pid)


def check_safety_tree(chk: Checker, settings: Settings, playbooks: list) -> None:
    """settings.yaml `safety_tree` names a playbook and one of its trees; it must exist when a
    playbook asks for it (`safety_first: true`)."""
    st = settings.safety_tree
    if st is None:
        wanting = sorted(pb.id for pb in playbooks if pb.safety_first and isinstance(pb.id, str))
        if wanting:
            chk.add(("company",), msg("`safety_first: true` in {names} needs `safety_tree` in settings.yaml",
                                      names=", ".join(wanting)),
                    msg("add `safety_tree:` with the `playbook:` and `tree:` ids of the abuse and threat tree"))
        return
    by_id = {pb.id: pb for pb in playbooks}
    known = sorted(i for i in by_id if isinstance(i, str))
    pb = by_id.get(st.playbook)
    if pb is None:
        chk.add(("safety_tree", "playbook"), msg("`safety_tree`: `{id}` is not a playbook", id=st.playbook),
                suggest(st.playbook, known) or msg("playbooks are: {names}", names=", ".join(known)))
        return
    if any(t is None for t in pb.trees or []):
        return  # one of its trees failed its schema, reported at its line: it may be this one
    trees = sorted(t.id for t in pb.trees or [] if isinstance(t.id, str))
    if st.tree not in trees:
        chk.add(("safety_tree", "tree"), msg("`safety_tree`: playbook `{playbook}` has no tree `{id}`",
                                             playbook=st.playbook, id=st.tree),
                suggest(st.tree, trees) or msg("its trees are: {names}", names=", ".join(trees) or "–"))
