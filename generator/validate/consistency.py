"""Validate, across playbooks: outcomes that contradict the claims rules or their own kind.

Staff act on a decision tree's outcome. An outcome that gives money back must not bypass
the claim limits that the claims playbook sets (who may grant how much), and an outcome's
`kind` must not say the opposite of what it does. Checked on the English text, the one the
translations are made from; run over the whole corpus because "the claims rules" live in
another playbook.
"""

from __future__ import annotations

import re
from functools import lru_cache

from generator.errors import Problem
from generator.load.yamlfile import Document
from generator.messages import msg
from generator.model import SETTINGS_AMOUNTS, Playbook
from generator.validate.checker import Checker

# Giving money back: a refund, compensation, reimbursement (discounts and gifts are not money paid out).
_MONEY = re.compile(r"\b(refund\w*|reimburs\w*|compensat\w*|money back|give (?:\w+ ){0,2}money|pay \w+ back)\b", re.I)
# "Do not refund", "cannot give the money back": a sentence that denies the grant does not grant it.
_NEGATION = re.compile(r"\b(not|no|never|cannot|without|instead)\b|n't\b", re.I)
_SENTENCE = re.compile(r"[^.!?;]+[.!?;]?")


@lru_cache(maxsize=1 << 16)  # every outcome of every playbook, on every save of the live preview
def grants_money(text: str) -> bool:
    """True when a sentence of the text gives money to the customer (and does not deny it)."""
    for sentence in _SENTENCE.findall(text):
        match = _MONEY.search(sentence)
        if match and not _NEGATION.search(sentence[:match.start()]):
            return True
    return False


def _english(text) -> str:
    value = text.en if text is not None else ""
    return " ".join(value.values()) if isinstance(value, dict) else (value or "")  # plural forms: all of them


def claims_playbooks(parsed: list[tuple[Document, Playbook]]) -> set[str]:
    """The playbooks that hold the claims rules: a decision tree that routes by the claim limits.
    A playbook whose `id:` failed its schema (reported there) goes by its file's name, as links
    to it do."""
    found = set()
    for doc, pb in parsed:
        for tree in pb.trees or []:
            for node in (tree.nodes or {}).values() if tree else []:
                if node and any(a and (a.over in SETTINGS_AMOUNTS or a.up_to in SETTINGS_AMOUNTS) for a in node.answers or []):
                    found.add(pb.id if isinstance(pb.id, str) else doc.path.stem)
    return found


def check_outcomes(parsed: list[tuple[Document, Playbook]], problems: list[Problem]) -> None:
    rules = claims_playbooks(parsed)
    rules_list = ", ".join(sorted(rules)) or msg("the claims playbook")
    for doc, pb in parsed:
        chk = Checker(doc, problems)
        for ti, tree in enumerate(pb.trees or []):
            if tree is None:
                continue
            for nid, node in (tree.nodes or {}).items():
                if node is None or node.outcome is None:
                    continue
                path = ("trees", ti, "nodes", nid)
                text = _english(node.outcome)
                if not grants_money(text):
                    continue
                if node.kind == "declined":
                    chk.add(path + ("kind",), msg("this outcome gives the customer money back, but its `kind:` is "
                                                  "`declined`"),
                            msg("use `kind: resolved` (you settle it here), `escalated` (someone else decides) or "
                                "`referred` (another playbook takes over)"))
                states_limit = any("{" + name in text for name in SETTINGS_AMOUNTS)
                if pb.id not in rules and node.playbook not in rules and not states_limit:
                    chk.add(path + ("outcome",),
                            msg("this outcome gives the customer money back with no limit, but the claims rules "
                                "decide who may grant how much ({rules})", rules=rules_list),
                            msg("link the claims rules with `playbook: {id}`, or state the limit in the text with "
                                "`{placeholder}`", id=sorted(rules)[0] if rules else "claims-escalation",
                                placeholder="{concede_limit}"))
