"""Messages a non-programmer understands: what they did, where (as the page numbers it), and
one message per mistake."""

from __future__ import annotations

import pytest
from helpers import content_project, line_of

from generator.errors import ContentError, human_path
from generator.validate.corpus import load_corpus

PB = "is-customer-right.yaml"


def problems(tmp_path, edit) -> tuple:
    content = content_project(tmp_path)
    path = content / "playbooks" / PB
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_corpus(content)
    return path, info.value.problems


def delete_node(text: str, node: str) -> str:
    lines = text.split("\n")
    start = lines.index(f"      {node}:")
    end = start + 1
    while lines[end].startswith("        "):
        end += 1
    return "\n".join(lines[:start] + lines[end:])


def test_a_deleted_node_still_named_offers_to_add_it_or_change_the_answers(tmp_path):
    path, probs = problems(tmp_path, lambda t: delete_node(t, "justified"))
    [p] = probs  # nothing else: no knock-on "cannot be reached … or remove it"
    assert p.line == line_of(path, "next: justified")
    assert p.message.startswith("`next: justified` names no node")
    assert p.hint == "add the node `justified` under `nodes:`, or change this answer to name an existing node"
    assert "tree 1 › node what-kind › answer 1 › next:" in p.format()


def test_a_deleted_question_does_not_advise_removing_the_nodes_it_cut_off(tmp_path):
    path, probs = problems(tmp_path, lambda t: delete_node(t, "why-not"))
    broken = [p for p in probs if "names no node" in p.message]
    assert len(broken) == 1 and "add the node `why-not`" in broken[0].hint
    cut_off = [p for p in probs if "cannot be reached" in p.message]
    assert cut_off, [p.format() for p in probs]
    assert all("remove it" not in p.hint for p in cut_off)


def test_a_duplicate_step_id_points_at_both_places(tmp_path):
    def twice(text: str) -> str:
        ids = [ln.split("id: ")[1] for ln in text.splitlines() if ln.startswith("  - id: ")]
        return text.replace(f"  - id: {ids[2]}\n", f"  - id: {ids[0]}\n", 1)

    path, probs = problems(tmp_path, twice)
    [p] = probs
    first = path.read_text(encoding="utf-8").splitlines().index(f"  - id: {p.message.split('`')[1]}") + 1
    assert f"by step 1 (line {first}) and by step 3 (this line)" in p.message
    assert p.format().split(": ")[1] == "step 3 › id"


def test_typographic_quotes_that_yaml_accepts_are_still_named(tmp_path):
    path, probs = problems(tmp_path, lambda t: t.replace("  en: Is the customer right?",
                                                        "  en: “Is the customer right?”", 1))
    [p] = probs
    assert p.line == 4 and "typographic quote “" in p.message


def test_typographic_quotes_inside_yaml_quotes_are_meant(tmp_path):
    content = content_project(tmp_path, {PB: ("  en: Is the customer right?", "  en: '“Is the customer right?”'")})
    load_corpus(content)


@pytest.mark.parametrize("path, shown", [
    ("steps[1].body.fi", "step 2 › body › fi"),
    ("trees[0].nodes.what-kind.answers[2].next", "tree 1 › node what-kind › answer 3 › next"),
    ("checklists[1].items[0].text", "checklist 2 › item 1 › text"),
    ("title.en", "title › en"),
])
def test_positions_are_numbered_as_on_the_page(path, shown):
    assert human_path(path) == shown


def test_yaml_jargon_is_not_shown(tmp_path):
    for old, new in (("  fi: Onko asiakas oikeassa?", " fi: Onko asiakas oikeassa?"),
                     ("  en: Is the customer right?", "  en: Rule: is the customer right?"),
                     ("  en: Is the customer right?", '  en: "Is the customer right?')):
        content = content_project(tmp_path / str(abs(hash(new))), {PB: (old, new)})
        with pytest.raises(ContentError) as info:
            load_corpus(content)
        text = str(info.value)
        for jargon in ("block mapping", "mapping values", "expected key", "scalar", "<block end>"):
            assert jargon not in text, text
