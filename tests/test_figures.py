"""Figures as data: the shipped table loads, carries the values FIGURES.md gives, and the
simulation code holds no bare physical numbers of its own."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from desktop.core.sim.figures import GRADES, load_figures, shipped_figures
from desktop.core.sim.flows import shipped_flows
from desktop.core.sim.rules import (DC_RTT, FIBER_DELAY, RULES, SERVER_IDLE, SPLIT_ACCELERATORS,
                                SPLIT_HOST, SPLIT_IDLE, SWITCH_HOP)
from desktop.core.sim.simulation import simulate

ROOT = Path(__file__).resolve().parents[1]

# name -> value as FIGURES.md states it (SI units: s, W, ratio)
FIGURES_MD = {
    "pue.industry": 1.56, "pue.google": 1.09, "h100.tdp": 700, "server.idle": 0.5,
    "dean-norvig.dram": 100e-9, "dean-norvig.ssd": 150e-6, "dean-norvig.disk_seek": 10e-3,
    "dean-norvig.dc_rtt": 0.5e-3, "fiber.delay": 5e-6, "switch.hop": 1e-6, "dns.lookup": 12e-3,
    "tcp.handshake": 1, "tls13.handshake": 1, "firecracker.boot": 125e-3, "k8s.pod_startup": 5,
    "redis.get": 0.25e-3, "kafka.p99": 5e-3, "svc.hop": 1e-3, "gateway.hop": 2e-3,
    "payment.p50": 0.4, "netflix.ttff": 2, "video.ttff_industry": 4, "netflix.oca": 700,
    "llm.ttft_70b": 0.4, "llm.tpot": 18.6e-3, "gemini.split.accelerators": 0.58,
    "gemini.split.host": 0.25, "gemini.split.idle": 0.10,
}


def test_shipped_figures_load_without_problems():
    figures, problems = load_figures()
    assert problems == []
    assert figures is not None and len(figures) > 50
    assert all(f.grade in GRADES for f in figures)


@pytest.mark.parametrize("name,value", sorted(FIGURES_MD.items()))
def test_figure_matches_figures_md(name, value):
    assert shipped_figures()[name] == pytest.approx(value)


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
