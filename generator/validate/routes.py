"""Checks of the home page's routes: each situation in settings.yaml names the playbook
to open first (`first:`) and up to three more (`also:`); every id must be a playbook."""

from __future__ import annotations

from generator.errors import suggest
from generator.messages import msg
from generator.model import Settings
from generator.validate.checks import Checker


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
