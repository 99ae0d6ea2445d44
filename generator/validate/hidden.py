r"""Invisible and control characters in editors' files (security/text.py says which and why).

The file's text is scanned as written, so each character is reported at its own line and
column, in every text, key and comment alike; values written with YAML escapes
("\u202e", "\e") are found in the parsed data and reported at their value.
"""

from __future__ import annotations

from generator.errors import Problem, format_path
from generator.load.yamlfile import Document
from generator.messages import msg
from generator.security.text import HIDDEN, hidden_characters

MAX_REPORTED = 20  # per file: a pasted block can hold hundreds; the first ones show the fix


def text_problems(text: str, name: str) -> list[Problem]:
    """Each hidden character of a file's text, at its line and column (a YAML file as
    written, or a hand-written page of docs/)."""
    found = []
    for offset, what in hidden_characters(text)[:MAX_REPORTED]:
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        found.append(_problem(name, line, col, "", what))
    return found


def hidden_problems(doc: Document) -> list[Problem]:
    text = doc.text
    found = text_problems(text, doc.name)
    if "\\" in text:  # an escape in a double-quoted value ("\u202e", "\e") hides one from the scan above
        for path, value in _strings(doc.data):
            match = HIDDEN.search(value)
            if match and len(found) < MAX_REPORTED:
                start, end = doc.spans.get(path, (0, 0))
                if HIDDEN.search(text, start, end):
                    continue  # written as it is: reported at its own column already
                line, col = doc.where(path)
                found.append(_problem(doc.name, line, col, format_path(path), hidden_characters(match.group(0))[0][1]))
    return found


def _problem(name: str, line: int, col: int, path: str, what: str) -> Problem:
    return Problem(name, line, col, path, hidden_message(what), hidden_hint())


def hidden_message(what: str) -> str:
    return msg("the text holds an invisible or control character, {char}: it changes what staff see or "
               "copy without showing itself", char=what)


def hidden_hint() -> str:
    return msg("delete it (retyping the words around it removes it too); the site itself keeps "
               "left-to-right words readable on Arabic pages")


def _strings(data):
    """(path, string) for every key and value, without recursion."""
    todo = [((), data)]
    while todo:
        path, value = todo.pop()
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str):
                    yield path + (key,), key
                todo.append((path + (key,), item))
        elif isinstance(value, list):
            todo.extend((path + (i,), item) for i, item in enumerate(value))
