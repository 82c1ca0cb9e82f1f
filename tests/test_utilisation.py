"""Load mode that shows the hockey stick: the control is the bottleneck's utilisation ρ."""
from __future__ import annotations

import json

import pytest

from desktop.cli import main
from desktop.core.sim.flows import load_flow
from desktop.core.sim.load import elements_for_flow
from desktop.core.sim.queueing import mm1_mean_wait
from desktop.core.sim.simulation import simulate
from desktop.core.sim.utilisation import bottleneck, overload_words, run_at_utilisation, sweep


def _json(capsys, *argv: str) -> dict:
    assert main(["load", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_queueing_wait_climbs_steeply_near_saturation(capsys):
    half = _json(capsys, "card-payment", "--utilisation", "0.5")
    busy = _json(capsys, "card-payment", "--utilisation", "0.95")
    assert half["utilisation"] == pytest.approx(0.5) and busy["utilisation"] == pytest.approx(0.95)
    assert busy["wait_p99_s"] >= 5 * half["wait_p99_s"] > 0
    # M/M/1's mean wait grows 0.95/0.05 ÷ 0.5/0.5 = 19×; fixed service times halve both
    assert mm1_mean_wait(0.95, 1.0) / mm1_mean_wait(0.5, 1.0) > 5


def test_past_saturation_requests_time_out_or_drop(capsys):
    over = _json(capsys, "card-payment", "--utilisation", "1.2")
    assert over["timed_out"] + over["dropped"] > 0
    assert "Over capacity" in over["overload"]
    capped = _json(capsys, "card-payment", "--utilisation", "1.2", "--queue-cap", "50")
    assert capped["dropped"] > 0


def test_light_load_median_is_the_unloaded_time():
    flow = load_flow("chatbot-prompt")
    alone = simulate(flow).latency_s
    light = run_at_utilisation(flow, 0.3)
    assert light.p50_s == pytest.approx(alone, rel=0.10)
    assert light.unloaded_s == pytest.approx(alone, rel=0.01)
    assert light.bottleneck.component == "gpu"
    assert light.counted < light.served                 # the warm-up is not counted
    assert light.wait_p50_s == pytest.approx(0.0, abs=1e-9)   # most requests never queue


def test_bottleneck_is_the_biggest_work_per_server():
    elements = elements_for_flow(load_flow("card-payment"))
    neck = bottleneck(elements)
    assert neck.capacity_rps == pytest.approx(1 / neck.service_s)
    assert bottleneck(elements, {"*": 1, neck.component: 4}).component != neck.component


def test_sweep_draws_a_hockey_stick():
    flow = load_flow("card-payment")
    rhos = (0.2, 0.5, 0.8, 0.95, 1.2)
    seen = []
    points = sweep(flow, rhos, requests=5000, progress=lambda done, total: seen.append((done, total)) or True)
    assert [p.rho for p in points] == list(rhos) and seen[-1] == (5, 5)
    waits = [p.wait_p99_s for p in points]
    assert waits == sorted(waits)
    assert points[-1].p99_s > 10 * points[0].p99_s
    assert points[0].p50_s == pytest.approx(points[0].unloaded_s, rel=0.05)
    stopped = sweep(flow, rhos, requests=2000, progress=lambda done, total: done < 2)
    assert len(stopped) == 2


def test_sweep_cli_prints_rho_one(capsys):
    assert main(["load", "card-payment", "--sweep"]) == 0
    out = capsys.readouterr().out
    assert "ρ = 1" in out


def test_overload_words_are_empty_below_saturation():
    assert overload_words(run_at_utilisation(load_flow("card-payment"), 0.5, requests=2000)) == ""


def test_bad_utilisation_is_refused(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["load", "card-payment", "--utilisation", "-1"])
    assert exc.value.code == 2
    assert main(["load", "card-payment", "--utilisation", "9"]) == 2
    assert "past saturation" in capsys.readouterr().err


def test_each_request_hits_or_misses_the_cache_by_chance():
    """Random where the world is: with a hit ratio, each request draws hit or miss; light load's
    median is the hit path's time and the tail holds the misses, which pay the database."""
    flow = load_flow("ride-request")
    hit = run_at_utilisation(flow, 0.2, {"cache": "hit"}, requests=4000)
    miss = run_at_utilisation(flow, 0.2, {"cache": "miss"}, requests=4000)
    mixed = run_at_utilisation(flow, 0.2, choices={"cache": {"hit": 0.8, "miss": 0.2}}, requests=4000)
    assert miss.unloaded_s > hit.unloaded_s
    assert mixed.p50_s == pytest.approx(hit.p50_s, rel=0.05)
    assert mixed.p99_s > hit.p99_s and mixed.p99_s == pytest.approx(miss.p99_s, rel=0.25)
    assert mixed.unloaded_s == pytest.approx(0.8 * hit.unloaded_s + 0.2 * miss.unloaded_s, rel=1e-6)
    db = next(s for s in mixed.stations if s.component == "database")
    assert db.utilisation < next(s for s in miss.stations if s.component == "database").utilisation
    again = run_at_utilisation(flow, 0.2, choices={"cache": {"hit": 0.8, "miss": 0.2}}, requests=4000)
    assert again.p99_s == mixed.p99_s                       # same seed, same draws


def test_cache_hit_cli(capsys):
    data = _json(capsys, "ride-request", "--rps", "50", "--seconds", "20", "--cache-hit", "0.5")
    assert data["served"] > 0
    assert main(["load", "ride-request", "--rps", "50", "--cache-hit", "2"]) == 2
