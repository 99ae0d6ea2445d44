"""BENCHMARK.md is written by several tools, each owning a section between two markers."""

from __future__ import annotations


def put_section(text: str, start: str, end: str, section: str) -> str:
    """`text` with the part from `start` to `end` replaced by `section` (which carries both
    markers), or with `section` added at the end."""
    if start in text and end in text:
        before = text.split(start, 1)[0]
        after = text.split(end, 1)[1].lstrip("\n")
        return before + section + ("\n" + after if after else "")
    return text.rstrip("\n") + "\n\n" + section
