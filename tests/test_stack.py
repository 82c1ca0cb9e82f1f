"""layers.yaml: the shipped stack is sound, and every kind of breakage is reported with its place."""
from __future__ import annotations

from pathlib import Path

import pytest

from desktop import resources
from desktop.core.stack.graph import blast_radius, dependents
from desktop.core.stack.model import Component, Layer
from desktop.core.stack.reader import load_stack, load_with_fallback

SHIPPED = resources.layers_file().read_text(encoding="utf-8")


def test_nine_layers_bottom_up(stack) -> None:
    assert [l.number for l in stack.layers] == list(range(9))
    assert [l.id for l in stack.layers] == ["facility", "hardware", "network", "compute", "orchestration",
                                             "data", "services", "application", "agents"]
    for layer in stack.layers:
        assert layer.summary and layer.promise and layer.leaks and layer.budget.unit
        assert layer.components and layer.examples


def test_eight_seams_join_adjacent_layers(stack) -> None:
    assert [s.id for s in stack.seams] == [f"{n}-{n + 1}" for n in range(8)]
    for seam in stack.seams:
        assert stack.layer(seam.upper).number == stack.layer(seam.lower).number + 1
        assert seam.assumes and seam.guarantees and seam.leaks


def test_osi_sub_column_order_and_pdus(stack) -> None:
    assert [o.name for o in stack.osi] == ["Physical", "Data link", "Network", "Transport", "Session",
                                           "Presentation", "Application"]
    pdus = [o.pdu.lower() for o in stack.osi]
    assert pdus[0] == "bits" and pdus[1] == "frames" and pdus[2] == "packets"
    assert "segment" in pdus[3] and all(p == "data" for p in pdus[4:])


def test_tcpip_maps_onto_osi(stack) -> None:
    mapping = {t.id: t.osi for t in stack.tcpip}
    assert mapping == {"link": (1, 2), "internet": (3,), "transport": (4,), "application": (5, 6, 7)}


def test_naming_clash_is_explicit(stack) -> None:
    text = stack.naming_clash.lower()
    assert "layer 7" in text and "layer 8" in text and "osi" in text


def test_dependencies_never_point_up(stack) -> None:
    for comp in stack.components:
        for dep in comp.depends_on:
            assert stack.component(dep).layer <= comp.layer, (comp.id, dep)


def test_blast_radius_of_a_chiller_climbs_to_the_agents(stack) -> None:
    radius = blast_radius(stack, "chiller")
    assert min(radius) == 0 and max(radius) == 8
    assert "gpu" in radius[1] and "llm" in radius[8]
    assert sorted(blast_radius(stack, "chiller")) == list(range(9))    # it climbs every seam


def test_blast_radius_of_a_cache_stays_above_it(stack) -> None:
    above = dependents(stack, "cache")
    assert above and all(stack.component(c).layer >= 5 for c in above)
    assert "chiller" not in above


def test_lookup_and_labels(stack) -> None:
    assert isinstance(stack.find("layer:network"), Layer)
    assert isinstance(stack.find("component:gpu"), Component)
    assert stack.layer_of("osi:3") == 2 and stack.layer_of("component:gpu") == 1
    assert stack.label("osi:7").startswith("OSI 7")


# ---- bad input ---------------------------------------------------------------------------------

def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


BREAKAGES = [
    # (name, old text, new text, expected message part, line of the needle in the broken file)
    ("unknown key", "    short: Hardware\n", "    shrot: Hardware\n", "unknown key 'shrot'", "    shrot:"),
    ("missing field", "    short: Hardware\n", "", "missing field 'short'", "  - id: hardware"),
    ("wrong type", "    number: 1\n", "    number: one\n", "expected a whole number", "    number: one"),
    ("duplicate component id", "      - id: gpu\n", "      - id: cpu\n", "duplicate component id 'cpu'", "      - id: cpu\n        name: GPU"),
    ("duplicate layer id", "  - id: hardware\n", "  - id: facility\n", "duplicate layer id 'facility'", "  - id: facility\n    number: 1"),
    ("dangling reference", "depends_on: [rack, power-distribution, crah]", "depends_on: [rack, power-distribution, crahh]",
     "unknown component 'crahh'", "crahh"),
    ("dependency points up", "depends_on: [rack, power-distribution, crah]", "depends_on: [rack, power-distribution, crah, dns]",
     "dependencies point down", "crah, dns"),
    ("wrong layer order", "    number: 1\n", "    number: 3\n", "expected layer 1 here, found layer 3", "  - id: hardware"),
    ("seam not adjacent", "    lower: facility\n", "    lower: network\n", "a seam joins adjacent layers", "    upper: hardware"),
    ("duplicate key", "    short: Hardware\n", "    short: Hardware\n    short: Metal\n", "duplicate key 'short'", "    short: Metal"),
    ("empty required text", "    short: Hardware\n", "    short: ''\n", "must not be empty", "    short: ''"),
]


@pytest.mark.parametrize("name,old,new,message,needle", BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_breakage_is_located(tmp_path: Path, name, old, new, message, needle) -> None:
    assert old in SHIPPED, f"fixture text for '{name}' no longer in layers.yaml"
    broken = SHIPPED.replace(old, new, 1)
    path = tmp_path / "layers.yaml"
    path.write_text(broken, encoding="utf-8")
    stack, problems = load_stack(path)
    assert stack is None
    hits = [p for p in problems if message in p.message]
    assert hits, f"no '{message}' in {[str(p) for p in problems]}"
    assert hits[0].line == _line_of(broken, needle)
    assert str(hits[0]).startswith(f"{path}:{hits[0].line}:{hits[0].column}: ")


def test_tab_is_named(tmp_path: Path) -> None:
    path = tmp_path / "layers.yaml"
    path.write_text(SHIPPED.replace("    short: Hardware\n", "\tshort: Hardware\n", 1), encoding="utf-8")
    _stack, problems = load_stack(path)
    assert len(problems) == 1 and "tab" in problems[0].message
    assert problems[0].line == _line_of(SHIPPED, "    short: Hardware\n")


@pytest.mark.parametrize("text,message", [("{{{ not yaml", "not valid YAML"), ("", "the file is empty"),
                                          ("- just\n- a list\n", "expected a mapping"),
                                          ("version: 1\n", "missing field 'layers'")])
def test_not_a_stack_at_all(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "layers.yaml"
    path.write_text(text, encoding="utf-8")
    stack, problems = load_stack(path)
    assert stack is None and any(message in p.message for p in problems), problems


def test_missing_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    stack, problems = load_stack(tmp_path / "nope.yaml")
    assert stack is None and "cannot read file" in problems[0].message


def test_every_problem_reported_in_one_pass(tmp_path: Path) -> None:
    broken = SHIPPED.replace("    short: Hardware\n", "    shrot: Hardware\n", 1)
    broken = broken.replace("    lower: facility\n", "    lower: nowhere\n", 1)
    broken = broken.replace("depends_on: [rack, power-distribution, crah]", "depends_on: [ghost]", 1)
    path = tmp_path / "layers.yaml"
    path.write_text(broken, encoding="utf-8")
    _stack, problems = load_stack(path)
    text = "\n".join(p.message for p in problems)
    assert "shrot" in text and "unknown layer 'nowhere'" in text and "ghost" in text


def test_fallback_to_shipped_copy(tmp_path: Path) -> None:
    path = tmp_path / "layers.yaml"
    path.write_text("layers: [", encoding="utf-8")
    stack, problems = load_with_fallback(path)
    assert stack is not None and len(stack.layers) == 9
    assert problems and problems[0].path == str(path)
