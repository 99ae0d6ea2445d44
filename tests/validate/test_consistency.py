"""Outcomes that contradict the claims rules or their own kind are refused, with file:line."""

from __future__ import annotations

import pytest
from helpers import content_project, line_of

from generator.errors import ContentError
from generator.validate.consistency import grants_money
from generator.validate.corpus import load_corpus

REFUND = """        kind: resolved
        playbook: claims-escalation
        outcome:
          en: "Apologise and give the money back"""


def problems(tmp_path, new: str):
    content = content_project(tmp_path, {"defuse-unhappy-customer.yaml": (REFUND, new)})
    with pytest.raises(ContentError) as info:
        load_corpus(content)
    return content, info.value.problems


def test_words_that_grant_money_and_words_that_refuse_it():
    assert grants_money("Apologise and give the money back.")
    assert grants_money("Refund the order and add a voucher.")
    assert grants_money("Offer compensation for the lost evening.")
    assert not grants_money("Do not refund a claim you have not checked.")
    assert not grants_money("Explain why you cannot give the money back. Then offer help.")
    assert not grants_money("Offer a discount or a small gift.")


def test_a_refund_marked_declined_and_without_the_claims_rules_is_refused(tmp_path):
    content, found = problems(tmp_path, REFUND.replace("kind: resolved\n        playbook: claims-escalation\n",
                                                       "kind: declined\n"))
    by_path = {p.path: p for p in found}
    assert set(by_path) == {"trees[0].nodes.refund.kind", "trees[0].nodes.refund.outcome"}
    kind, outcome = by_path["trees[0].nodes.refund.kind"], by_path["trees[0].nodes.refund.outcome"]
    assert "`declined`" in kind.message and "resolved" in kind.hint
    assert "claims-escalation" in outcome.message and "playbook: claims-escalation" in outcome.hint
    path = content / "playbooks" / "defuse-unhappy-customer.yaml"
    assert kind.file.endswith("defuse-unhappy-customer.yaml") and kind.line == line_of(path, "kind: declined")


def test_a_refund_that_states_its_limit_needs_no_link(tmp_path):
    content = content_project(tmp_path, {"defuse-unhappy-customer.yaml": (
        REFUND, REFUND.replace("        playbook: claims-escalation\n", "").replace(
            "give the money back", "give the money back (up to {concede_limit})"))})
    load_corpus(content)  # no problem


def test_a_refund_without_a_limit_or_a_link_is_refused_even_when_resolved(tmp_path):
    _, found = problems(tmp_path, REFUND.replace("        playbook: claims-escalation\n", ""))
    assert [p.path for p in found] == ["trees[0].nodes.refund.outcome"]
