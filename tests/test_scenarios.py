"""Troubleshooting scenarios: the student sees symptoms, never the cause; seeds change the numbers;
probes cost budget; answers grade with credit for layer, component and path."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.learn import scenarios
from desktop.core.library import read_library, shipped_files

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = shipped_files("scenarios")
IDS = [p.stem for p in SHIPPED]


@pytest.fixture(scope="module")
def lib():
    return read_library()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def secrets_of(lib, scenario, case) -> list[str]:
    """Every word that would give the cause away."""
    from desktop.core.sim.faults import get_fault

    out = [scenario.cause, scenario.cause.partition(":")[2]]
    for h in scenario.hidden:
        fault = get_fault(h.fault)
        out += [fault.id, fault.name, fault.strikes]
    return [s for s in out if s]


def test_at_least_eight_scenarios_all_read_cleanly(lib) -> None:
    assert len(SHIPPED) >= 8
    assert lib["scenarios"].skipped == []
    assert sorted(lib["scenarios"].ids()) == sorted(IDS)


def test_the_hidden_faults_span_the_stack(lib) -> None:
    layers = {scenarios.layer_of(lib.stack, s.cause) for s in lib["scenarios"].items()}
    assert len(layers) >= 6 and min(layers) == 0 and max(layers) == 8


@pytest.mark.parametrize("ident", IDS)
def test_every_case_shows_a_symptom_and_its_answer_scores_full(lib, ident: str) -> None:
    sc = lib["scenarios"].get(ident)
    for seed in range(3):
        case = scenarios.start(sc, seed, stack=lib.stack)
        latency = case.readings()[0]
        assert latency.value > latency.usual_value * 1.01, "the fault must be visible"
        rc = case.root_cause()
        best = scenarios.grade(case, [rc["ref"], *rc["path"]])
        assert best.correct and best.score == pytest.approx(1.0)


def test_a_load_run_shows_what_only_load_can_show(lib) -> None:
    sc = lib["scenarios"].get("flaky-fabric")
    assert sc.load is not None
    case = scenarios.start(sc, 2, stack=lib.stack)
    p99 = next(r for r in case.readings() if r.label.startswith("p99"))
    assert p99.value > p99.usual_value


def test_at_least_four_scenarios_change_with_the_seed(lib) -> None:
    changing = 0
    for sc in lib["scenarios"].items():
        seen = {tuple(r.now for r in scenarios.start(sc, seed, stack=lib.stack).readings())
                for seed in range(6)}
        changing += len(seen) > 1
    assert changing >= 4


def test_the_same_seed_gives_the_same_case(lib) -> None:
    sc = lib["scenarios"].get("long-memory")
    a, b = scenarios.start(sc, 41, stack=lib.stack), scenarios.start(sc, 41, stack=lib.stack)
    assert a.specs == b.specs and a.symptoms() == b.symptoms()


def test_grading_credits_layer_component_and_path_separately(lib) -> None:
    case = scenarios.start(lib["scenarios"].get("hot-afternoon"), 3, stack=lib.stack)
    path = case.root_cause()["path"]
    full = scenarios.grade(case, ["component:chiller", *path])
    layer_only = scenarios.grade(case, ["component:grid-feed", *path])     # also layer 0
    half_path = scenarios.grade(case, ["component:chiller", *path[: len(path) // 2]])
    wrong = scenarios.grade(case, ["component:dns"])
    assert full.score > half_path.score > layer_only.score > wrong.score
    assert layer_only.parts["layer"] == 1 and layer_only.parts["component"] == 0
    assert not half_path.correct and not layer_only.correct
    assert wrong.score == 0


def test_probes_cost_budget_and_extra_probes_cost_score(lib) -> None:
    sc = lib["scenarios"].get("hot-afternoon")
    case = scenarios.start(sc, 3, stack=lib.stack)
    answer = [case.root_cause()["ref"], *case.root_cause()["path"]]
    assert any("degC" in line for line in case.probe("hall-air"))
    assert case.minutes_left == sc.budget - sc.probe("hall-air").minutes
    for ident in ("gpu-work", "network", "power"):
        case.probe(ident)
    assert scenarios.grade(case, answer).score == pytest.approx(1 - 2 * scenarios.PROBE_PENALTY)
    import dataclasses

    tight = scenarios.start(dataclasses.replace(sc, budget=12), 3, stack=lib.stack)
    tight.probe("hall-air")                          # 10 of 12 minutes
    with pytest.raises(ValueError, match="budget"):
        tight.probe("network")                       # 5 more do not fit
    assert tight.probes_run == ["hall-air"]
    with pytest.raises(KeyError, match="did you mean 'network'"):
        tight.probe("netwrk")


@pytest.mark.parametrize("ident", IDS)
def test_the_student_view_never_names_the_cause(lib, ident: str) -> None:
    sc = lib["scenarios"].get(ident)
    case = scenarios.start(sc, 5, stack=lib.stack)
    text = run_cli("scenario", ident, "--seed", "5").stdout + json.dumps(case.symptoms(), ensure_ascii=False)
    for secret in secrets_of(lib, sc, case):
        assert secret.lower() not in text.lower(), f"{secret!r} gives the cause away"


def test_json_output_uses_exactly_the_documented_keys() -> None:
    plain = json.loads(run_cli("scenario", "dark-names", "--seed", "2", "--json").stdout)
    assert set(plain) == {"symptoms"}
    full = json.loads(run_cli("scenario", "dark-names", "--seed", "2", "--json", "--reveal",
                              "--answer", "component:dns", "--answer", "seam:2-3").stdout)
    assert set(full) == {"symptoms", "root_cause", "correct", "score"}
    assert full["root_cause"]["ref"] == "component:dns"
    assert full["correct"] is False and 0 < full["score"] < 1


def test_list_and_save(tmp_path: Path) -> None:
    listed = run_cli("scenario", "--list").stdout.split()
    assert set(IDS) <= set(listed)
    result = run_cli("scenario", "dark-names", "--seed", "1", "--answer", "component:dns",
                     "--student", "Ada", "--save", str(tmp_path))
    assert result.returncode == 0, result.stderr
    [saved] = list(tmp_path.glob("*.json"))
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["student"] == "Ada" and data["activity"] == "scenario:dark-names" and data["seed"] == 1


def test_a_broken_scenario_is_located(tmp_path: Path) -> None:
    path = tmp_path / "oops.yaml"
    text = SHIPPED[0].read_text(encoding="utf-8")
    path.write_text(text.replace(f"id: {SHIPPED[0].stem}", "id: oops").replace("fault: ", "fault: no-such-"),
                    encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.returncode == 1 and f"{path}:" in result.stdout and "unknown fault" in result.stdout


def test_shipped_scenario_ids_are_listed_in_the_ids_doc() -> None:
    import re

    text = (ROOT / "docs" / "ids.md").read_text(encoding="utf-8")
    block = text[text.index("Scenarios:"):].split("\n\n")[0]
    assert sorted(re.findall(r"[a-z][a-z-]+[a-z]", block.partition(":")[2])) == sorted(IDS)
