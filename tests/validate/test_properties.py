"""Property-based tests: random valid and invalid playbooks never crash the loader or the
validator (only the project's own ContentError), every valid one renders, deterministically."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import ContentError, Problem
from generator.grammar.typography import typography
from generator.load.yamlfile import Document, load_text
from generator.model import Playbook
from generator.render.pages import Renderer
from generator.validate.checks import check_playbook
from generator.validate.corpus import Corpus, load_corpus
from generator.validate.schema_pass import parse

# Its tests share no costly module fixture: spread over the test workers (tests/conftest.py).
SPREAD_OVER_WORKERS = True

BASE = load_corpus(ROOT / "playbook")
# Example counts come from the profile tests/conftest.py loads (`ci` for `make test`, `fast`
# for `make test-fast`); PB_HYPOTHESIS_EXAMPLES still overrides them for a deeper local run.
_EXAMPLES = int(__import__("os").environ.get("PB_HYPOTHESIS_EXAMPLES", "0")) or settings.default.max_examples
FAST = settings(max_examples=_EXAMPLES)

# Text editors might type: any printable characters, markup and template syntax included,
# but no braces (placeholders are checked separately) and never blank.
words = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="{}"),
                min_size=1, max_size=40).filter(lambda s: s.strip())
ids = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)


def _no_quote_in_quote(lang: str):
    # A quotation inside the same quotation marks is refused (validate/names.py): a valid
    # text opens the language's own quotation mark at most once.
    mark = typography(lang).open
    return words.filter(lambda s: s.count(mark) < 2)


def text():
    return st.fixed_dictionaries({lang: _no_quote_in_quote(lang) for lang in ("en", "fi", "ru", "ar")})


@st.composite
def trees(draw):
    """A random tree without cycles in which every node is reachable and every path ends in an outcome."""
    questions = draw(st.integers(1, 4))
    outcomes = draw(st.integers(1, 4))
    nodes = {}
    for i in range(questions):
        nxt = f"q{i + 1}" if i + 1 < questions else "o0"
        targets = [nxt] + [f"o{j}" for j in range(outcomes) if j % questions == i and f"o{j}" != nxt]
        extra = draw(st.lists(st.sampled_from([f"o{j}" for j in range(outcomes)]), max_size=2))
        answers = [{"label": draw(text()), "next": t} for t in targets + extra]
        nodes[f"q{i}"] = {"question": draw(text()), "answers": answers}
    for j in range(outcomes):
        nodes[f"o{j}"] = {"outcome": draw(text()), "kind": draw(st.sampled_from(["resolved", "escalated", "declined"]))}
    return {"id": draw(ids), "title": draw(text()), "start": "q0", "nodes": nodes,
            "source": {"section": "Vaihe 1"}}


@st.composite
def playbooks(draw):
    steps = draw(st.lists(st.fixed_dictionaries({
        "id": ids, "title": text(), "body": text(), "source": st.just({"section": "Vaihe 2"})}),
        min_size=1, max_size=4, unique_by=lambda s: s["id"]))
    tree_list = draw(st.lists(trees(), max_size=2, unique_by=lambda t: t["id"]))
    items = draw(st.lists(st.fixed_dictionaries({"id": ids, "text": text()}), min_size=1, max_size=4,
                          unique_by=lambda i: i["id"]))
    return {
        "id": "generated", "title": draw(text()), "summary": draw(text()), "when_to_use": draw(text()),
        "tags": {"channels": ["phone"], "situations": ["angry"]},
        "source": {"article": "004_1d106220d2d25a9d.txt"},
        "steps": steps, "trees": tree_list,
        "checklists": [{"id": "list", "title": draw(text()), "items": items, "source": {"section": "Vaihe 11"}}],
        "do": [{"text": draw(text()), "source": {"section": "Vinkkejä"}}],
    }


def validate_one(data) -> list[Problem]:
    doc = Document(Path("generated.yaml"), "playbook/playbooks/generated.yaml", data)
    problems: list[Problem] = []
    pb = parse(doc, Playbook, problems, salvage=True)
    if pb is not None:
        check_playbook(doc, pb, BASE.settings, BASE.sources, {p.id for p in BASE.playbooks} | {"generated"},
                       problems)
    return problems


@FAST
@given(st.text(max_size=400))
def test_loader_never_crashes_on_any_text(source):
    try:
        doc = load_text(source, "x.yaml")
    except ContentError as err:
        assert all(p.file == "x.yaml" and p.line >= 1 and p.column >= 1 for p in err.problems)
    else:
        assert isinstance(doc, Document)


@FAST
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | words,
                    lambda children: st.lists(children, max_size=3) | st.dictionaries(
                        st.sampled_from(["id", "title", "en", "steps", "trees", "nodes", "next", "kind", "x"]),
                        children, max_size=4), max_leaves=12))
def test_validator_never_crashes_on_any_structure(data):
    for problem in validate_one({"id": "generated", **data} if isinstance(data, dict) else data):
        assert isinstance(problem, Problem) and problem.message


@FAST
@given(playbooks())
def test_valid_playbooks_pass_render_and_render_the_same_twice(data):
    assert validate_one(data) == []
    pb = Playbook.model_validate(data)
    corpus = Corpus(BASE.root, BASE.settings, BASE.sources, [*BASE.playbooks, pb])
    for lang in ("en", "ar"):
        first = Renderer(corpus).render_playbook(pb, lang)
        second = Renderer(corpus).render_playbook(pb, lang)
        assert first == second
        # embedded tree data never holds a raw "<" (tojson escapes it), whatever the text
        for chunk in first.split('class="pb-tree-data">')[1:]:
            assert "<" not in chunk.split("</script>", 1)[0]
        # every step title reaches the page
        for step in pb.steps:
            assert f"{{#step-{step.id}}}" in first


@FAST
@given(playbooks(), st.sampled_from(["drop-node", "cycle", "bad-id", "blank", "wrong-type", "unknown-key"]))
def test_broken_playbooks_are_reported_not_crashed(data, breakage):
    data = json.loads(json.dumps(data))
    if breakage == "drop-node" or breakage == "cycle":
        if not data["trees"]:
            data["trees"] = [{"id": "t", "title": data["title"], "start": "q0", "source": {"section": "Vaihe 1"},
                              "nodes": {"q0": {"question": data["title"], "answers": [{"label": data["title"], "next": "o0"}]},
                                        "o0": {"outcome": data["title"], "kind": "resolved"}}}]
        nodes = data["trees"][0]["nodes"]
        if breakage == "drop-node":
            nodes.pop("o0")
        else:
            nodes["q0"]["answers"][0]["next"] = "q0"
    elif breakage == "bad-id":
        data["steps"][0]["id"] = "Not OK"
    elif breakage == "blank":
        data["summary"]["fi"] = "   "
    elif breakage == "wrong-type":
        data["steps"][0]["title"] = 7
    else:
        data["stpes"] = data.pop("steps")
    problems = validate_one(data)
    assert problems, breakage
    assert all(p.file.endswith("generated.yaml") for p in problems)


# --- an editor's slip on any line of a real playbook ------------------------------------

_SLIP_PROJECT = Path(__import__("tempfile").mkdtemp(prefix="pb-slips-"))
(_SLIP_PROJECT / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
__import__("shutil").copytree(ROOT / "playbook", _SLIP_PROJECT / "playbook")
_REAL_FILES = sorted((_SLIP_PROJECT / "playbook" / "playbooks").glob("*.yaml"))
_LOCATED = __import__("re").compile(r"^playbook/[\w./-]+\.yaml:\d+:\d+: \S.*$", __import__("re").M)


def _slip(lines: list[str], index: int, how: str) -> list[str]:
    line = lines[index]
    if how == "delete":
        return lines[:index] + lines[index + 1:]
    if how == "duplicate":
        return lines[:index + 1] + [line] + lines[index + 1:]
    if how == "indent more":
        return lines[:index] + ["  " + line] + lines[index + 1:]
    return lines[:index] + [line[1:] if line.startswith(" ") else line] + lines[index + 1:]  # one space less


# Each slip validates a whole project: five examples in six of the others' count (50 under `ci`).
@settings(max_examples=int(__import__("os").environ.get("PB_SLIP_EXAMPLES", "0")) or max(1, _EXAMPLES * 5 // 6))
@given(st.sampled_from(_REAL_FILES), st.integers(min_value=0, max_value=10**6),
       st.sampled_from(["delete", "duplicate", "indent more", "indent less"]))
def test_one_slip_on_any_line_gives_a_located_message_never_a_traceback(path, where, how):
    import contextlib
    import io

    from generator.cli.main import main

    original = path.read_text(encoding="utf-8")
    lines = original.split("\n")
    index = where % len(lines)
    path.write_text("\n".join(_slip(lines, index, how)), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--project", str(_SLIP_PROJECT), "validate"])
    finally:
        path.write_text(original, encoding="utf-8")
    message = err.getvalue()
    assert "Traceback" not in message + out.getvalue()
    assert code in (0, 1), message
    if code == 1:  # still valid after the slip (a blank or comment line) is fine; otherwise located
        assert _LOCATED.search(message), f"{how} line {index + 1} of {path.name}:\n{message}"
