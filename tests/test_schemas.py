"""The JSON Schemas in docs/schema/ are built from the readers' vocabularies, are up to date, and
every shipped file validates against its schema."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from desktop.core import schemas
from desktop.core.library import shipped_files

ROOT = Path(__file__).resolve().parents[1]
FILES = {"lesson": shipped_files("lessons") + [ROOT / "docs" / "examples" / "lessons" / "dns.yaml"],
         "flow": shipped_files("flows"), "faults": shipped_files("faults"),
         "figures": shipped_files("figures"), "scenario": shipped_files("scenarios")}


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_the_schema_in_docs_is_the_generated_one(kind: str) -> None:
    path = ROOT / "docs" / "schema" / schemas.file_name(kind)
    assert path.read_text(encoding="utf-8") == schemas.dumps(kind), \
        "run: python -m desktop.core.schemas docs/schema"
    assert json.loads(path.read_text(encoding="utf-8"))["$schema"].startswith("https://json-schema.org/")


@pytest.mark.parametrize("kind,path", [(k, p) for k, ps in FILES.items() for p in ps],
                         ids=lambda v: v.name if isinstance(v, Path) else v)
def test_shipped_files_validate(kind: str, path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert schemas.validate(data, schemas.schema(kind)) == []


def test_the_schema_refuses_what_the_reader_refuses() -> None:
    lesson = yaml.safe_load((ROOT / "docs" / "examples" / "lessons" / "dns.yaml").read_text(encoding="utf-8"))
    sch = schemas.schema("lesson")
    lesson["stpes"] = lesson.pop("steps")
    errors = schemas.validate(lesson, sch)
    assert any("unknown key 'stpes'" in e for e in errors) and any("missing 'steps'" in e for e in errors)
    flow = yaml.safe_load(shipped_files("flows")[0].read_text(encoding="utf-8"))
    flow["hops"][0]["cost"] = {"rule": "no-such-rule"}
    assert schemas.validate(flow, schemas.schema("flow"))


def test_every_rule_and_effect_kind_is_in_the_schemas() -> None:
    from desktop.core.sim.faults import EFFECT_KINDS
    from desktop.core.sim.rules import RULES

    text = schemas.dumps("flow") + schemas.dumps("faults")
    for name in list(RULES) + list(EFFECT_KINDS):
        assert f'"const": "{name}"' in text
