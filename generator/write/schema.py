"""JSON Schemas for editors' tools, generated from the typed model (model.py).

Editors' YAML files point at these (`# yaml-language-server: $schema=...`), so common
editors complete keys and flag mistakes while typing. They are committed under
docs/schema/ and published with the site under schema/; a test checks they match the model.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator import languages
from generator.load import memo
from generator.model import Glossary, Playbook, Settings, Sources
from generator.write.pages import WriteLog, write_if_changed

SCHEMAS = {"playbook": Playbook, "settings": Settings, "sources": Sources, "glossary": Glossary}


def schema_for(name: str) -> dict:
    schema = SCHEMAS[name].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{name}.schema.json"
    return schema


def schema_text(name: str) -> str:
    # The model's fields follow the configured languages and nothing else (model/fields.py):
    # worked out once per configuration in a process that builds again (load/memo.py).
    key = (name, languages.current())
    text = _TEXTS.get(key)
    if text is None:
        text = json.dumps(schema_for(name), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        _TEXTS.put(key, text)
    return text


_TEXTS = memo.table(64)


def write_schemas(folder: Path, log: WriteLog) -> None:
    for name in SCHEMAS:
        write_if_changed(folder / f"{name}.schema.json", schema_text(name), log)
