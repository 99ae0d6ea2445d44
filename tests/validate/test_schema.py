"""The JSON Schema editors' tools use is the model's, and agrees with it on real and broken files."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from helpers import ROOT

from generator.model import Playbook
from generator.write.schema import SCHEMAS, schema_text


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_matches_the_model(name):
    committed = (ROOT / "docs" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(name), "run `make site` and commit docs/schema/"


def test_every_playbook_points_editors_at_the_schema():
    for path in (ROOT / "playbook" / "playbooks").glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../docs/schema/playbook.schema.json", path


def _agree(data) -> tuple[bool, bool]:
    schema = json.loads(schema_text("playbook"))
    by_schema = jsonschema.Draft202012Validator(schema, format_checker=None).is_valid(
        json.loads(json.dumps(data, default=str)))
    try:
        Playbook.model_validate(data)
        by_model = True
    except Exception:
        by_model = False
    return by_schema, by_model


def test_schema_and_model_agree_on_real_and_broken_playbooks():
    real = yaml.safe_load((ROOT / "playbook" / "playbooks" / "is-customer-right.yaml").read_text(encoding="utf-8"))
    assert _agree(real) == (True, True)
    broken = [
        {**real, "stpes": real["steps"]},
        {k: v for k, v in real.items() if k != "title"},
        {**real, "id": "Not An Id"},
        {**real, "steps": []},
        {**real, "tags": {"channels": ["fax"], "situations": ["angry"]}},
        {**real, "title": {"fi": "vain suomeksi"}},
        {**real, "trees": [{**real["trees"][0], "nodes": {"x": {"kind": "maybe"}}}]},
    ]
    for data in broken:
        assert _agree(data) == (False, False), data.keys()
