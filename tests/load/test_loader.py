"""Stage 1: the loader refuses what PyYAML would accept silently or explain badly."""

from __future__ import annotations

import time

import pytest

from generator.errors import ContentError
from generator.load.yamlfile import MAX_FILE_BYTES, load_file, load_text


def problems(text: str):
    with pytest.raises(ContentError) as info:
        load_text(text, "pb.yaml")
    return info.value.problems


def test_values_keep_their_line_and_column():
    doc = load_text("id: x\ntitle:\n  en: Hello\nsteps:\n  - id: a\n", "pb.yaml")
    assert doc.data["title"]["en"] == "Hello"
    assert doc.where(("title", "en")) == (3, 7)
    assert doc.where(("steps", 0, "id")) == (5, 9)
    assert doc.where(("title", "en"), key=True) == (3, 3)


def test_duplicate_key_is_an_error_with_both_lines():
    [p] = problems("id: a\ntitle:\n  en: One\n  en: Two\n")
    assert (p.line, p.column) == (4, 3)
    assert "duplicate key `en`" in p.message and "line 3" in p.message
    assert p.path == "title.en"


def test_tab_indentation_is_named_with_line_and_column():
    [p] = problems("id: a\ntitle:\n\ten: One\n")
    assert (p.line, p.column) == (3, 1)
    assert "tab" in p.message and "spaces" in p.hint


def test_syntax_error_names_place_and_fix():
    [p] = problems("id: a\ntitle:\n  en: Rule: one\n")
    assert p.line == 3
    assert "YAML syntax error" in p.message and "quotes" in p.hint


def test_empty_and_comment_only_files():
    for text in ("", "   \n\n", "# only a comment\n"):
        [p] = problems(text)
        assert p.message == "the file is empty"


def test_bom_and_bad_encoding(tmp_path):
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbfid: a\n")
    with pytest.raises(ContentError, match="byte-order mark"):
        load_file(bom)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("id: a\ntitle:\n  fi: Hyvä\n".encode("latin-1"))
    with pytest.raises(ContentError) as info:
        load_file(latin)
    [p] = info.value.problems
    assert (p.line, "UTF-8") == (3, "UTF-8") and "not valid UTF-8" in p.message


def test_alias_bomb_is_refused_fast():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    start = time.monotonic()
    [p] = problems("\n".join(lines) + "\n")
    assert time.monotonic() - start < 5
    assert "too large or too deeply nested" in p.message


def test_very_large_file_is_refused_before_parsing(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("id: a\n" + "# padding\n" * (MAX_FILE_BYTES // 10 + 1), encoding="utf-8")
    with pytest.raises(ContentError, match="the limit is"):
        load_file(big)


TRICKY = [
    "a: 1\nb: 0x1f\nc: 1.5\nd: .inf\ne: yes\nf: off\ng: ~\nh:\ni: 2026-11-23\nj: 2026-11-23T10:00:00Z\n",
    "quoted: '1'\nplain: 1e345678\nfolded: >\n  one\n  two\nliteral: |\n  keep\n    this\n",
    "base: &b {x: 1, y: [a, b]}\nmerged:\n  <<: *b\n  y: c\nalias: *b\n",
    "1: int key\ntrue: bool key\n~: null key\n'2': str key\n",
    "explicit: !!str 123\nbin: !!binary aGk=\nset: !!set {a, b}\nseq: !!seq [1, 2]\n",
    "? [complex, key]\n: value\n",
    "nested:\n  - - deep\n    - {k: [1, {m: n}]}\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_data_is_what_pyyaml_gives(text):
    """The fast builder must give exactly PyYAML's safe_load data, types included."""
    import yaml

    try:
        expected = yaml.safe_load(text)
    except yaml.YAMLError:
        with pytest.raises(ContentError):
            load_text(text, "pb.yaml")
        return
    assert load_text(text, "pb.yaml").data == expected


def test_project_files_load_as_pyyaml_loads_them():
    import yaml

    from tests.helpers import ROOT

    files = sorted((ROOT / "playbook").rglob("*.yaml"))
    assert len(files) >= 15
    for path in files:
        text = path.read_text(encoding="utf-8")
        doc = load_text(text, path.name)
        assert doc.data == yaml.safe_load(text), path
        # positions are worked out on demand from the same text
        assert doc.where(("id",) if "id" in doc.data else ())[0] >= 1


def test_duplicate_key_inside_merge_or_alias_is_still_found():
    [p] = problems("base: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\n  y: 3\n")
    assert p.line == 5 and "duplicate key `y`" in p.message
