"""Figures as data: the shipped table loads, carries the values FIGURES.md gives, and the
simulation code holds no bare physical numbers of its own."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from desktop.core.sim.figures import GRADES, dated, load_figures, shipped_figures
from desktop.core.sim.flows import shipped_flows
from desktop.core.sim.rules import (DC_RTT, FIBER_DELAY, RULES, SERVER_IDLE, SPLIT_ACCELERATORS,
                                SPLIT_HOST, SPLIT_IDLE, SWITCH_HOP)
from desktop.core.sim.simulation import simulate

ROOT = Path(__file__).resolve().parents[1]

def test_shipped_figures_load_without_problems():
    figures, problems = load_figures()
    assert problems == []
    assert figures is not None and len(figures) > 50
    assert all(f.grade in GRADES for f in figures)


def test_every_figure_states_the_year_it_describes_and_sits_inside_its_band():
    for f in shipped_figures():
        assert 1950 <= f.year <= 2100, f.name
        assert f.low is None or f.low <= f.value, f.name
        assert f.high is None or f.value <= f.high, f.name


def test_old_figures_show_their_year_and_recent_ones_do_not():
    figures = shipped_figures()
    old, new = figures.get("dean-norvig.dc_rtt"), figures.get("pue.industry")
    assert old.year == 2009 and dated(old).endswith("(2009)") and "(2009)" in old.cite()
    assert dated(new) == f"{new.value:g} {new.unit}"
    assert dated(old, "0.5 ms") == "0.5 ms (2009)"
    assert not dated(old, "0.5 ms", now=2012).endswith(")")       # not yet stale in 2012


def _figures_text(row: str) -> str:
    return f"version: 1\nfigures:\n  - {row}\n"


@pytest.mark.parametrize("row,message", [
    ("{name: x.y, value: 1, unit: s, grade: A, layer: 0, source: s}", "3:5: figures.yaml.figures[0]: missing field 'year'"),
    ("{name: x.y, year: 20, value: 1, unit: s, grade: A, layer: 0, source: s}",
     "figures.yaml.figures[0].year: expected the year the figure describes (1950-2100), found 20"),
    ("{name: x.y, year: 2020, value: 9, low: 1, high: 2, unit: s, grade: A, layer: 0, source: s}",
     "figures.yaml.figures[0].value: 9 lies outside its own band (1-2)"),
])
def test_a_figure_without_a_sane_year_or_inside_its_band_is_a_located_problem(tmp_path, row, message):
    path = tmp_path / "figures.yaml"
    path.write_text(_figures_text(row), encoding="utf-8")
    figures, problems = load_figures(path)
    assert figures is None
    assert any(message in str(p) for p in problems), [str(p) for p in problems]


def test_estimates_are_the_c_grade_figures():
    figures = shipped_figures()
    assert figures.get("svc.hop").estimate and figures.get("netflix.ttff").estimate
    assert not figures.get("h100.tdp").estimate
    assert "(estimate)" in figures.get("payment.p50").cite()


def test_rule_figures_exist_with_the_units_the_rules_assume():
    figures = shipped_figures()
    units = {FIBER_DELAY: "s/km", SWITCH_HOP: "s", DC_RTT: "s", SERVER_IDLE: "fraction",
             SPLIT_ACCELERATORS: "fraction", SPLIT_HOST: "fraction", SPLIT_IDLE: "fraction"}
    for name, unit in units.items():
        assert figures.get(name).unit == unit, name
    for rule in RULES.values():
        for arg in rule.args:
            if arg.kind == "figure" and arg.unit:
                assert any(f.unit == arg.unit for f in figures), (rule.name, arg.unit)


def test_every_number_a_flow_shows_cites_known_figures():
    figures = shipped_figures()
    for flow in shipped_flows().values():
        timeline = simulate(flow)
        assert timeline.figures_used, flow.id
        for event in timeline.events:
            assert event.figures, (flow.id, event.hop_id)       # every cost names a figure
            assert all(f in figures for f in event.figures)
            assert event.estimate == any(figures.get(f).estimate for f in event.figures)


CORE = ["rules.py", "simulation.py", "flows.py", "modifiers.py", "clock.py", "series.py"]
ALLOWED = {0, 1, -1}


def _bare_numbers(path: Path) -> list[tuple[int, object]]:
    """Numeric literals outside module-level UPPER_CASE constants (the named, cited ones)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    named: set[int] = set()
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if all(isinstance(t, ast.Name) and t.id.lstrip("_").isupper() for t in targets):
                named.update(id(n) for n in ast.walk(node))
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and type(n.value) in (int, float)
            and n.value not in ALLOWED and id(n) not in named]


@pytest.mark.parametrize("name", CORE)
def test_no_bare_magic_numbers_in_the_simulation_core(name):
    assert _bare_numbers(ROOT / "desktop" / "core" / "sim" / name) == []
