"""JSON Schemas for the data files, built from the readers' own vocabularies, and a tiny validator.

An editor (VS Code's YAML extension, PyCharm) validates and completes a file as the author types
when it knows the file's schema; docs/schema/*.json are these, written by
``python -m desktop.core.schemas docs/schema``. They are built from the constants the readers
validate with (levels, action and check kinds, rule names and arguments, effect kinds and their
fields, probe looks), so adding a rule or an effect kind changes the schema too; a test checks
the files in docs/ are up to date and that every shipped file validates against its schema.
The schemas say what is *allowed* (keys, kinds, shapes); the readers still check what the schema
cannot (that an id exists, that a file name matches its id, units).

``validate`` covers the subset used here (type, enum, const, properties, required,
additionalProperties, items, minItems, minimum, maximum, exclusiveMinimum, pattern, anyOf, oneOf, $ref into
``$defs``), so neither the app nor the tests need the ``jsonschema`` package.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE = "https://stackscope.invalid/schema/"
KINDS = ("lesson", "flow", "faults", "figures", "scenario")

_TEXT: dict[str, Any] = {"type": "string", "minLength": 1}
_NUMBER: dict[str, Any] = {"type": "number"}
_ID: dict[str, Any] = {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"}
_REF: dict[str, Any] = {"type": "string", "pattern": r"^(layer|component|seam|osi|tcpip):\S+$"}


def _obj(props: dict[str, Any], required: tuple[str, ...] = (), **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        out["required"] = list(required)
    out.update(extra)
    return out


def _doc(kind: str, title: str, body: dict[str, Any], defs: dict[str, Any] | None = None) -> dict[str, Any]:
    out = {"$schema": DRAFT, "$id": f"{BASE}{kind}.schema.json", "title": title, **body}
    if defs:
        out["$defs"] = defs
    return out


# --- lessons ------------------------------------------------------------------------------------

def lesson_schema() -> dict[str, Any]:
    from desktop.core.learn.lesson_model import (CHECK_KINDS, LEVELS, MAX_OPTIONS, MIN_ITEMS,
                                                 MIN_OPTIONS)
    from desktop.core.learn.views import VIEW_IDS

    action = _obj({
        "select": _REF, "flow": _ID, "play": {"type": "boolean"},
        "seek": {"type": "number", "minimum": 0}, "fault": _ID,
        "at": {"type": "number", "minimum": 0}, "lens": _ID,
        "load": _obj({"flow": _ID, "utilisation": {"type": "number", "minimum": 0.1, "maximum": 1.3},
                      "rps": _NUMBER, "seconds": _NUMBER}, ("flow",)),
        "scale": _obj({"preset": _ID}, ("preset",)),
    }, minProperties=1, description="exactly one of select, flow, seek, fault, lens, load, scale")
    option = _obj({"text": _TEXT, "correct": {"type": "boolean"}, "feedback": _TEXT}, ("text", "feedback"))
    feedback = _obj({k: _TEXT for k in ("correct", "wrong", "low", "high")})
    check = _obj({
        "kind": {"enum": list(CHECK_KINDS)}, "prompt": _TEXT, "hint": _TEXT,
        "options": {"type": "array", "items": {"$ref": "#/$defs/option"},
                    "minItems": MIN_OPTIONS, "maxItems": MAX_OPTIONS},
        "answer": _NUMBER, "tolerance": {"type": "number", "minimum": 0}, "unit": _TEXT,
        "items": {"type": "array", "items": {"type": ["string", "number"]}, "minItems": MIN_ITEMS},
        "feedback": {"$ref": "#/$defs/feedback"},
    }, ("kind", "prompt", "hint"))
    step = _obj({"title": _TEXT, "text": _TEXT, "highlight": {"type": "array", "items": _REF},
                 "action": {"$ref": "#/$defs/action"}, "check": {"$ref": "#/$defs/check"},
                 "show": {"enum": list(VIEW_IDS),
                          "description": "a view of the app drawn inside the step"}},
                ("title", "text"))
    body = _obj({
        "id": _ID, "title": _TEXT, "summary": _TEXT, "level": {"enum": list(LEVELS)},
        "minutes": {"type": "integer", "minimum": 1},
        "prerequisites": {"type": "array", "items": _ID},
        "steps": {"type": "array", "items": {"$ref": "#/$defs/step"}, "minItems": 1},
    }, ("id", "title", "summary", "level", "minutes", "prerequisites", "steps"))
    return _doc("lesson", "Stackscope lesson", body,
                {"step": step, "action": action, "check": check, "option": option, "feedback": feedback})


# --- flows --------------------------------------------------------------------------------------

def _arg_schema(kind: str) -> dict[str, Any]:
    if kind == "figure":
        return {"type": "string", "description": "a figure name"}
    if kind == "fraction":
        return {"anyOf": [{"type": "number", "minimum": 0, "maximum": 1}, {"type": "string"}]}
    return {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string"}]}


def _calls(role: str) -> dict[str, Any]:
    from desktop.core.sim.rules import RULES

    variants: list[dict[str, Any]] = [{"type": "string",
                                       "description": "shorthand: a figure name (cost), a duration "
                                                      "parameter (cost) or none (power)"}]
    for rule in RULES.values():
        if rule.role != role:
            continue
        props: dict[str, Any] = {"rule": {"const": rule.name}}
        props.update({a.name: {**_arg_schema(a.kind), "description": a.help or a.kind} for a in rule.args})
        required = ("rule",) + tuple(a.name for a in rule.args if a.required)
        variants.append(_obj(props, required, description=rule.summary))
    return {"anyOf": variants}


def flow_schema() -> dict[str, Any]:
    from desktop.core.sim.flows import BUILTIN_CHOICES, DIRECTIONS

    custom = _obj({"choices": {"type": "array", "items": {"type": "string"}, "minItems": 2},
                   "default": {"type": "string"}, "label": _TEXT}, ("choices",))
    options = {"type": "object", "properties": {
        "pue": {"anyOf": [{"type": "number", "minimum": 1}, {"type": "string"}]},
        "distance_km": {"type": "number", "minimum": 0},
        **{k: {"enum": list(v)} for k, v in BUILTIN_CHOICES.items()},
    }, "required": ["distance_km"], "additionalProperties": {"$ref": "#/$defs/custom_option"}}
    param = _obj({"name": {"type": "string", "pattern": r"^[a-z][a-z0-9_]*$"},
                  "value": {"type": "number", "minimum": 0}, "unit": _TEXT, "note": _TEXT},
                 ("name", "value", "unit", "note"))
    hop = _obj({
        "id": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]*$"}, "component": _TEXT,
        "osi": {"type": "integer", "minimum": 1, "maximum": 7},
        "direction": {"enum": list(DIRECTIONS)}, "label": _TEXT, "explain": _TEXT,
        "cost": {"$ref": "#/$defs/cost"}, "power": {"$ref": "#/$defs/power"},
        "when": {"type": "object", "additionalProperties": {
            "anyOf": [{"type": ["string", "number"]}, {"type": "array"}]}},
        "group": _TEXT, "lane": _TEXT, "milestone": _TEXT,
    }, ("component", "label", "explain", "cost"))
    body = _obj({
        "version": {"const": 1}, "id": _ID, "title": _TEXT, "summary": _TEXT,
        "options": {"$ref": "#/$defs/options"},
        "params": {"type": "array", "items": {"$ref": "#/$defs/param"}},
        "milestones": {"type": "array", "items": _obj({"id": _TEXT, "label": _TEXT}, ("id", "label"))},
        "latency": _TEXT,
        "hops": {"type": "array", "items": {"$ref": "#/$defs/hop"}, "minItems": 1},
    }, ("id", "title", "summary", "options", "hops"))
    return _doc("flow", "Stackscope request flow", body,
                {"options": options, "custom_option": custom, "param": param, "hop": hop,
                 "cost": _calls("cost"), "power": _calls("power")})


# --- faults -------------------------------------------------------------------------------------

def faults_schema() -> dict[str, Any]:
    from desktop.core.sim.faults.model import COMMON_FIELDS, EFFECT_KINDS, MODES

    quantity = {"anyOf": [{"type": "number"}, {"type": "string"},
                          {"type": "array", "items": {"type": ["number", "string"]}}]}
    names = {"anyOf": [{"type": ["string", "integer"]}, {"type": "array", "items": {"type": ["string", "integer"]}}]}
    target = _obj({k: names for k in ("component", "components", "layer", "layers", "hops")})
    special = {
        "target": {"$ref": "#/$defs/target"},
        "while": _obj({"series": _TEXT, "above": quantity}, ("series", "above")),
        "points": {"type": "array", "items": _obj({"at": quantity, "value": _NUMBER}, ("at", "value"))},
        "series": _TEXT, "label": _TEXT, "unit": _TEXT, "restart": {"type": "boolean"},
        "once": {"type": "boolean"},
    }
    common = {"mode": {"enum": list(MODES)}, "when": {"type": "object"}, "instead_of_option": _TEXT}
    effects = []
    for kind, (required, optional) in EFFECT_KINDS.items():
        props: dict[str, Any] = {"kind": {"const": kind}, **common}
        for f in required + optional:
            props[f] = special.get(f, quantity)
        effects.append(_obj(props, ("kind",) + required))
    assert set(COMMON_FIELDS) == {"kind", *common}
    param = _obj({"name": _TEXT, "value": {"type": ["number", "boolean"]}, "unit": {"type": "string"},
                  "note": _TEXT}, ("name", "value", "note"))
    fault = _obj({
        "id": _ID, "name": _TEXT, "strikes": {"type": "string", "pattern": r"^component:\S+$"},
        "summary": _TEXT, "explain": _TEXT, "figures": {"type": "array", "items": _TEXT},
        "default_at": _NUMBER, "params": {"type": "array", "items": {"$ref": "#/$defs/param"}},
        "options": {"type": "object", "additionalProperties": {"type": ["string", "number"]}},
        "effects": {"type": "array", "items": {"$ref": "#/$defs/effect"}},
        "leak": {"type": "array", "items": _obj({"layer": {"type": ["integer", "string"]}, "caption": _TEXT,
                                                 "refs": {"type": "array", "items": _REF}},
                                                ("layer", "caption"))},
    }, ("id", "name", "strikes", "summary", "explain", "figures", "effects", "leak"))
    body = _obj({"version": {"const": 1}, "faults": {"type": "array", "items": {"$ref": "#/$defs/fault"}}},
                ("faults",))
    return _doc("faults", "Stackscope faults", body,
                {"fault": fault, "param": param, "effect": {"oneOf": effects}, "target": target})


# --- figures ------------------------------------------------------------------------------------

def figures_schema() -> dict[str, Any]:
    from desktop.core.sim.figures import GRADES, YEAR_RANGE

    # YAML 1.1 reads 7e-9 (no dot) as text; the reader accepts it as the number, and so do we
    number = {"anyOf": [_NUMBER, {"type": "string", "pattern": r"^[+-]?[0-9_.]+[eE][+-]?[0-9]+$"}]}
    figure = _obj({"name": {"type": "string", "pattern": r"^[A-Za-z0-9_.-]+$"}, "value": number,
                   "unit": _TEXT, "grade": {"enum": list(GRADES)}, "source": _TEXT,
                   "layer": {"type": "integer", "minimum": 0, "maximum": 8}, "note": _TEXT,
                   "low": number, "high": number,
                   "year": {"type": "integer", "minimum": YEAR_RANGE[0], "maximum": YEAR_RANGE[1]}},
                  ("name", "value", "unit", "grade", "source", "layer", "year"))
    body = _obj({"version": {"type": "integer"}, "figures": {"type": "array", "items": {"$ref": "#/$defs/figure"}}},
                ("figures",))
    return _doc("figures", "Stackscope figures", body, {"figure": figure})


# --- scenarios ----------------------------------------------------------------------------------

def scenario_schema() -> dict[str, Any]:
    from desktop.core.learn.scenarios import LEVELS, LOOK_KINDS, MODES

    draw = {"anyOf": [{"type": ["number", "string", "boolean"]},
                      _obj({"from": _NUMBER, "to": _NUMBER, "step": {"type": "number", "minimum": 0}},
                           ("from", "to")),
                      _obj({"one_of": {"type": "array", "minItems": 1}}, ("one_of",))]}
    look_values = {"layer": {"type": "integer", "minimum": 0, "maximum": 8}, "component": _TEXT,
                   "series": _TEXT, "power": {"type": "boolean"}}
    assert set(look_values) == set(LOOK_KINDS)
    probe = _obj({"id": _ID, "label": _TEXT, "minutes": {"type": "number", "minimum": 0},
                  "look": _obj(look_values, minProperties=1, maxProperties=1)},
                 ("id", "label", "minutes", "look"))
    hidden = _obj({"fault": _ID, "at": {"$ref": "#/$defs/draw"},
                   "params": {"type": "object", "additionalProperties": {"$ref": "#/$defs/draw"}}},
                  ("fault",))
    body = _obj({
        "version": {"const": 1}, "id": _ID, "title": _TEXT, "level": {"enum": list(LEVELS)},
        "mode": {"enum": list(MODES)}, "brief": _TEXT, "flow": _ID,
        "options": {"type": "object"},
        "hidden": {"type": "array", "items": {"$ref": "#/$defs/hidden"}, "minItems": 1},
        "cause": _REF, "path": {"type": "array", "items": {"type": "string", "pattern": r"^seam:\d-\d$"}},
        "load": _obj({"rps": {"type": "number", "exclusiveMinimum": 0},
                      "seconds": {"type": "number", "exclusiveMinimum": 0}}, ("rps", "seconds")),
        "budget": {"type": "number", "minimum": 0}, "free_probes": {"type": "integer", "minimum": 0},
        "probes": {"type": "array", "items": {"$ref": "#/$defs/probe"}},
        "hints": {"type": "array", "items": _TEXT},
    }, ("id", "title", "level", "brief", "flow", "hidden", "budget", "probes"))
    return _doc("scenario", "Stackscope troubleshooting scenario", body,
                {"draw": draw, "hidden": hidden, "probe": probe})


BUILDERS = {"lesson": lesson_schema, "flow": flow_schema, "faults": faults_schema,
            "figures": figures_schema, "scenario": scenario_schema}


def schema(kind: str) -> dict[str, Any]:
    return BUILDERS[kind]()


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def dumps(kind: str) -> str:
    return json.dumps(schema(kind), indent=2, ensure_ascii=False) + "\n"


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for kind in KINDS:
        path = folder / file_name(kind)
        path.write_text(dumps(kind), encoding="utf-8")
        out.append(path)
    return out


# --- a validator for the subset above -----------------------------------------------------------

_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool}


def _is_type(value: Any, name: str) -> bool:
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "null":
        return value is None
    return isinstance(value, _TYPES[name])


def validate(value: Any, sch: dict[str, Any], root: dict[str, Any] | None = None,
             where: str = "$") -> list[str]:
    """Every way ``value`` breaks ``sch``, as ``path: reason`` strings (empty: it validates)."""
    root = root or sch
    if "$ref" in sch:
        target: Any = root
        for part in sch["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return validate(value, target, root, where)
    errors: list[str] = []
    if "type" in sch:
        names = sch["type"] if isinstance(sch["type"], list) else [sch["type"]]
        if not any(_is_type(value, n) for n in names):
            return [f"{where}: expected {' or '.join(names)}, found {type(value).__name__}"]
    if "const" in sch and value != sch["const"]:
        errors.append(f"{where}: expected {sch['const']!r}")
    if "enum" in sch and value not in sch["enum"]:
        errors.append(f"{where}: expected one of {sch['enum']}, found {value!r}")
    if isinstance(value, str):
        if len(value) < sch.get("minLength", 0):
            errors.append(f"{where}: must not be empty")
        if "pattern" in sch and not re.search(sch["pattern"], value):
            errors.append(f"{where}: {value!r} does not match {sch['pattern']}")
    if _is_type(value, "number"):
        if "minimum" in sch and value < sch["minimum"]:
            errors.append(f"{where}: below {sch['minimum']}")
        if "maximum" in sch and value > sch["maximum"]:
            errors.append(f"{where}: above {sch['maximum']}")
        if "exclusiveMinimum" in sch and value <= sch["exclusiveMinimum"]:
            errors.append(f"{where}: must be above {sch['exclusiveMinimum']}")
    if isinstance(value, list):
        if len(value) < sch.get("minItems", 0) or len(value) > sch.get("maxItems", len(value)):
            errors.append(f"{where}: {len(value)} items")
        if "items" in sch:
            for i, item in enumerate(value):
                errors += validate(item, sch["items"], root, f"{where}[{i}]")
    if isinstance(value, dict):
        props = sch.get("properties", {})
        for key in sch.get("required", []):
            if key not in value:
                errors.append(f"{where}: missing {key!r}")
        if len(value) < sch.get("minProperties", 0) or len(value) > sch.get("maxProperties", len(value)):
            errors.append(f"{where}: {len(value)} keys")
        extra = sch.get("additionalProperties", True)
        for key, item in value.items():
            if key in props:
                errors += validate(item, props[key], root, f"{where}.{key}")
            elif extra is False:
                errors.append(f"{where}: unknown key {key!r}")
            elif isinstance(extra, dict):
                errors += validate(item, extra, root, f"{where}.{key}")
    for key in ("anyOf", "oneOf"):
        if key in sch:
            results = [validate(value, s, root, where) for s in sch[key]]
            passing = sum(1 for r in results if not r)
            if passing == 0 or (key == "oneOf" and passing > 1):
                best = min(results, key=len) if results else []
                errors.append(f"{where}: matches {'none' if passing == 0 else 'more than one'} of "
                              f"the allowed shapes" + (f" ({best[0]})" if best else ""))
    return errors


if __name__ == "__main__":
    for path in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/schema")):
        print(f"wrote {path}")
