"""The editor's guide in every language: fi, ru and ar carry every command, file and key of
the English guide, and on the Arabic page commands keep their own left-to-right order."""

from __future__ import annotations

import re

import pytest
from helpers import ROOT
from playwright.sync_api import expect

CODE = re.compile(r"`([^`\n]+)`")
# Code spans a translation may localise: an example file or playbook name, a link, emphasis,
# a placeholder's name, the example stem of the glossary's avoid list.
LOCALISED = re.compile(r"^рекламаци$|FILE|phone-complaint|<language>|\*word\*|\{placeholders?\}|ROLE-ID")


def _normalised(span: str) -> str:
    """A code span with its example language and grammatical form made neutral: the
    Arabic guide may show `--lang ar` and `ar.po` where the English shows fi."""
    span = re.sub(r"\b(fi|ru|ar)\.po\b", "LANG.po", span)
    span = re.sub(r"--lang (fi|ru|ar)\b", "--lang LANG", span)
    return re.sub(r"\{([a-z_]+):[a-z]+\}", r"{\1:FORM}", span)


def code_spans(lang: str) -> set[str]:
    text = (ROOT / "docs" / lang / "guide.md").read_text(encoding="utf-8")
    return {_normalised(s) for s in CODE.findall(text)}


def yaml_block(lang: str) -> str:
    text = (ROOT / "docs" / lang / "guide.md").read_text(encoding="utf-8")
    return re.search(r"```yaml\n(.*?)```", text, re.S).group(1)


@pytest.mark.parametrize("lang", ["fi", "ru", "ar"])
def test_translated_guide_carries_every_command_and_key_of_the_english(lang):
    english = code_spans("en")
    assert len(english) > 40  # the guide really has its commands, keys and placeholders
    missing = sorted(s for s in english - code_spans(lang) if not LOCALISED.search(s))
    assert missing == [], f"docs/{lang}/guide.md lacks these from the English guide: {missing}"
    assert yaml_block(lang) == yaml_block("en")
    commands = [s for s in english if s.startswith(".venv/bin/playbook")]
    assert len(commands) >= 6 and all(c in code_spans(lang) or LOCALISED.search(c) for c in commands)


def test_arabic_guide_shows_commands_left_to_right(visit):
    page = visit.goto("/ar/guide.html")
    command = page.locator("code", has_text=".venv/bin/playbook validate").first
    expect(command).to_be_visible()
    # Where each character is drawn: in reading order, each one stands right of the one before.
    xs = command.evaluate("""el => {
        const node = el.firstChild, out = [];
        for (let i = 0; i < node.length; i++) {
            const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
            out.push(r.getBoundingClientRect().left);
        }
        return out;
    }""")
    text = command.inner_text()
    assert text.startswith(".venv/bin/playbook")
    assert xs == sorted(xs), f"{text!r} is not drawn left to right on the Arabic page"
    block = page.locator("pre code", has_text="id: listen").first
    expect(block).to_contain_text("id: listen")
    assert block.evaluate("el => getComputedStyle(el.closest('pre')).direction") == "ltr"
