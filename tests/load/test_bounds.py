"""Bounded work for any input (security review, items 2 and 10): a small file cannot make the
build take hours or pages grow exponentially, and nothing deep exhausts the recursion."""

from __future__ import annotations

import json
import re

import pytest
from helpers import SiteServer, content_project, copy_project
from playwright.sync_api import expect

from generator.site.build import build
from generator.errors import ContentError
from generator.project import Project
from generator.render.textfmt import to_html
from generator.security.links import MAX_BRACKETS
from generator.validate.corpus import load_corpus
from generator.validate.treewalk import MAX_LISTED_PATHS, MAX_TREE_DEPTH
from generator.write.generate import generate

# Its tests share no costly module fixture: spread over the test workers (tests/conftest.py).
SPREAD_OVER_WORKERS = True


def t(value: str) -> dict:
    return {lang: f"{value} ({lang})" for lang in ("en", "fi", "ru", "ar")}


def playbook(nodes: dict, start: str, pid: str = "big-tree") -> dict:
    return {
        "id": pid, "title": t("Big tree"), "summary": t("A tree with many paths."), "when_to_use": t("Never."),
        "tags": {"channels": ["phone"], "situations": ["angry"]},
        "source": {"article": "004_1d106220d2d25a9d.txt"},
        "steps": [{"id": "one", "title": t("Step"), "body": t("Body"), "source": {"section": "Vaihe 1"}}],
        "trees": [{"id": "big", "title": t("Decide"), "start": start, "source": {"section": "Vaihe 2"},
                   "nodes": nodes}],
    }


def layered(layers: int) -> dict:
    """Two questions per layer; both answers of each lead to the two questions of the next
    layer: 2 * 2**layers paths through 2*layers + 3 nodes."""
    nodes = {}
    for i in range(layers):
        nxt = [f"q{i + 1}a", f"q{i + 1}b"] if i + 1 < layers else ["yes", "no"]
        for side in "ab":
            nodes[f"q{i}{side}"] = {"question": t(f"Question {i}{side}?"),
                                    "answers": [{"label": t("Left"), "next": nxt[0]},
                                                {"label": t("Right"), "next": nxt[1]}]}
    nodes["start"] = {"question": t("Where to begin?"), "answers": [{"label": t("Left"), "next": "q0a"},
                                                                 {"label": t("Right"), "next": "q0b"}]}
    nodes["yes"] = {"outcome": t("Resolved."), "kind": "resolved"}
    nodes["no"] = {"outcome": t("Escalated."), "kind": "escalated"}
    return playbook(nodes, "start")


def chain(questions: int) -> dict:
    """A chain: each question either ends (its own outcome) or goes on to the next."""
    nodes = {}
    for i in range(questions):
        nodes[f"q{i}"] = {"question": t(f"Question {i}?"),
                          "answers": [{"label": t("Stop"), "next": f"o{i}"},
                                      {"label": t("Go on"), "next": f"q{i + 1}" if i + 1 < questions else "end"}]}
        nodes[f"o{i}"] = {"outcome": t(f"Outcome {i}."), "kind": "resolved"}
    nodes["end"] = {"outcome": t("The end."), "kind": "escalated"}
    return playbook(nodes, "q0", pid="long-chain")


def project_with(tmp, data: dict) -> Project:
    root = copy_project(tmp)
    (root / "playbook" / "playbooks" / f"{data['id']}.yaml").write_text(json.dumps(data, ensure_ascii=False),
                                                                      encoding="utf-8")
    return Project(root)


def page_bytes(project: Project, pid: str) -> int:
    return sum(len((project.docs / lang / "playbooks" / f"{pid}.md").read_bytes()) for lang in ("en", "fi", "ru", "ar"))


def test_page_size_grows_linearly_with_the_nodes_of_a_shared_node_tree(tmp_path):
    """10 layers have 2,048 paths, 20 layers 2,097,152: the pages grow with the nodes (x2), not
    with the paths (x1024). Measured in bytes, not in seconds."""
    sizes = {}
    for layers in (10, 20):
        project = project_with(tmp_path / str(layers), layered(layers))
        generate(project, use_disk_cache=False)
        sizes[layers] = page_bytes(project, "big-tree")
    per_layer = (sizes[20] - sizes[10]) / 10
    assert per_layer > 0
    baseline = sizes[10] - 10 * per_layer  # what the page holds besides the layers
    assert abs(sizes[20] - (baseline + 20 * per_layer)) < 1
    assert sizes[20] < 2 * sizes[10], sizes  # linear with a fixed part; exponential would be x1000
    text = (project.docs / "en" / "playbooks" / "big-tree.md").read_text(encoding="utf-8")
    assert text.count('class="pb-q"') == 41  # every question shown once
    assert len(re.findall(r'<li><a href="#tree-big:', text)) == MAX_LISTED_PATHS


def test_a_shared_node_tree_page_shows_everything_or_says_what_it_leaves_out(tmp_path, browser):
    project = project_with(tmp_path / "p", layered(20))
    build(project)
    with SiteServer(project.site) as srv:
        # the whole-tree view is what a reader without JavaScript, or a printout, gets
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        for lang, words in (("en", "Paths not listed here: 2,097,052 of 2,097,152."),
                            ("fi", "Tässä luettelematta jääneet polut: 2\u00a0097\u00a0052/2\u00a0097\u00a0152."),
                            ("ar", "مسارًا من أصل")):  # 2,097,052 is CLDR "many" in Arabic
            page.goto(f"{srv.url}/{lang}/playbooks/big-tree.html")
            static = page.locator(".pb-tree-static")
            expect(static.locator(".pb-q")).to_have_count(41)
            # 82 answers; 42 of them lead to a node shown for the first time, 40 link back to one
            expect(static.locator(".pb-goto a")).to_have_count(40)
            page.locator(".pb-tree-paths summary").click()
            expect(page.locator(".pb-paths-more")).to_contain_text(words)
            # a shared node's link leads to where it is shown
            link = static.locator(".pb-goto a").first
            target = link.get_attribute("href")
            link.click()
            expect(page).to_have_url(re.compile(re.escape(target) + "$"))
        context.close()
    index = project.site / "en" / "search" / "search_index.json"
    assert index.stat().st_size < 2_000_000


def test_a_long_chain_is_refused_with_its_place_not_a_recursion_error(tmp_path):
    root = content_project(tmp_path, extra={"long-chain.yaml": json.dumps(chain(MAX_TREE_DEPTH + 5))})
    with pytest.raises(ContentError) as err:
        load_corpus(root)
    (problem,) = [p for p in err.value.problems if "longest way" in p.message]
    assert problem.file.endswith("long-chain.yaml") and problem.path == "trees[0].start"
    assert f"the limit is {MAX_TREE_DEPTH}" in problem.message


def test_a_huge_chain_is_refused_by_its_size(tmp_path):
    root = content_project(tmp_path, extra={"long-chain.yaml": json.dumps(chain(1100))})
    with pytest.raises(ContentError) as err:
        load_corpus(root)
    assert any("the limit is 500" in p.message and p.path == "trees[0].nodes" for p in err.value.problems)


def test_a_chain_at_the_limit_is_shown_whole(tmp_path):
    project = project_with(tmp_path / "p", chain(MAX_TREE_DEPTH))
    generate(project, use_disk_cache=False)
    text = (project.docs / "en" / "playbooks" / "long-chain.md").read_text(encoding="utf-8")
    assert text.count('class="pb-q"') == MAX_TREE_DEPTH  # no cut at depth 30 any more
    assert len(re.findall(r'<li><a href="#tree-big:', text)) == MAX_TREE_DEPTH + 1  # every outcome's path
    assert "pb-paths-more" not in text


def test_too_many_brackets_and_too_long_texts_are_refused_with_their_place(tmp_path):
    many = "[" * (MAX_BRACKETS + 1)
    long = "word " * 1200
    root = content_project(tmp_path, replace={"is-customer-right.yaml": (
        "  en: Is the customer right?\n  fi: Onko asiakas oikeassa?", f'  en: "{many}"\n  fi: {long.strip()}')})
    with pytest.raises(ContentError) as err:
        load_corpus(root)
    messages = {p.path: p.message for p in err.value.problems}
    assert f"the limit is {MAX_BRACKETS}" in messages["title.en"]
    assert "the limit is 5,000" in messages["title.fi"]


def test_rendering_many_brackets_is_bounded():
    """Even unvalidated, a text of 20,000 `[` is not given to Markdown's quadratic link search."""
    out = to_html("[" * 20_000 + "](https://example.org)")
    assert out.count("&#91;") == 20_000 and "<a" not in out


# --- round 3, finding 2: nesting measured before anything recursive reads the file ---------

DEEP = {
    "flow-sequences": "id: deep\nx: " + "[" * 30000 + "]" * 30000 + "\n",
    "flow-mappings": "id: deep\nx: " + "{a: " * 30000 + "}" * 30000 + "\n",
    "block-sequences": "id: deep\nx:\n" + "- " * 30000 + "a\n",
    "block-mappings": "id: deep\nx:\n" + "".join(" " * i + "k:\n" for i in range(300)) + " " * 300 + "k: v\n",
    "hidden-after-quoted-brackets": 'id: deep\nx: ["]]]]]]]]]]]]", ' + "[" * 30000 + "]" * 30000 + "]\n",
}


@pytest.mark.parametrize("case", sorted(DEEP))
def test_a_file_nested_thousands_of_levels_is_refused_at_its_line(tmp_path, case):
    """The review's 60 KB file nested 30,000 levels deep killed validate, build and the preview
    with a segmentation fault (libyaml's composer recurses once per level). Run in a
    subprocess, so a crash fails this test instead of ending the test run."""
    import subprocess
    import sys

    project = copy_project(tmp_path / "p")
    path = project / "playbook" / "playbooks" / "deep.yaml"
    path.write_text(DEEP[case], encoding="utf-8")
    assert path.stat().st_size < 200_000
    for command in (["validate", "--lang", "ru"], ["build"]):
        result = subprocess.run([sys.executable, "-m", "generator", "--project", str(project), *command],
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 1, (case, command, result.returncode, result.stderr[-500:])
        located = re.search(r"playbook/playbooks/deep\.yaml:(\d+):\d+: (.*)", result.stderr)
        assert located and int(located.group(1)) >= 2, result.stderr
        assert ("глубже допустимого" if command[0] == "validate" else "nested more than 40 levels") \
            in located.group(2), located.group(2)


def test_the_nesting_bound_clears_real_playbooks_without_a_second_parse():
    """The measuring pass runs only when the text could nest deeper than the composer can
    take; the real playbooks are cleared by the linear scan alone."""
    from helpers import ROOT

    from generator.load.yamlbounds import SAFE_COMPOSE_DEPTH, nesting_bound

    for path in sorted((ROOT / "playbook").rglob("*.yaml")):
        assert nesting_bound(path.read_text(encoding="utf-8")) <= SAFE_COMPOSE_DEPTH, path.name
    assert nesting_bound(DEEP["block-mappings"]) > SAFE_COMPOSE_DEPTH
    assert nesting_bound(DEEP["hidden-after-quoted-brackets"]) > SAFE_COMPOSE_DEPTH


def test_git_history_with_a_deep_file_is_read_without_crashing(tmp_path):
    """`translations confirm` and `status` read HEAD's YAML too: the same bound applies."""
    from generator.load.yamlbounds import load_bounded

    assert load_bounded(DEEP["flow-sequences"]) is None
    assert load_bounded("a: [1, [2]]\n") == {"a": [1, [2]]}
