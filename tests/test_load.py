"""Load mode: queueing through a chain of resources, against theory and against itself."""
from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from desktop.core.sim.load import (LoadConfig, Parallel, Schedule, Slowdowns, Stage,
                               elements_for_flow, hooks_from_modifiers, plan,
                               run_load, size_servers)
from desktop.core.sim.queueing import mmc_mean_wait

def stages_from_tuples(items):
    """``[(component, layer, service_s, peak_w[, queues]), …]`` → stages (moved here from the
    library, where nothing but these tests used it)."""
    return [Stage(str(c), int(n), float(s), float(w), bool(rest[0]) if rest else True)
            for c, n, s, w, *rest in items]


ONE = stages_from_tuples([("cpu", 1, 0.01, 200.0)])     # one resource, 10 ms: μ = 100/s


def test_mm1_sojourn_through_run_load() -> None:
    result = run_load(ONE, LoadConfig(rps=50, seconds=4000, servers=1, seed=3, timeout_s=None))
    theory = 1 / (100 - 50)                              # W = 1/(μ-λ) at ρ = 0.5
    assert result.mean_s == pytest.approx(theory, rel=0.05)
    assert result.utilisation[1] == pytest.approx(0.5, rel=0.03)
    assert result.stations[0].offered == pytest.approx(0.5)


def test_tandem_of_two_mm1_adds_up() -> None:
    # Burke: the output of an M/M/1 is Poisson, so a tandem's mean time is the sum of 1/(μi-λ)
    stages = stages_from_tuples([("api-gateway", 6, 0.01, 0), ("database", 5, 0.005, 0)])
    result = run_load(stages, LoadConfig(rps=60, seconds=4000, servers=1, seed=4, timeout_s=None))
    theory = 1 / (100 - 60) + 1 / (200 - 60)
    assert result.mean_s == pytest.approx(theory, rel=0.05)


def test_mmc_station_matches_erlang_c() -> None:
    c, mu, lam = 4, 100.0, 320.0                         # ρ = 0.8
    result = run_load(ONE, LoadConfig(rps=lam, seconds=2000, servers=c, seed=5, timeout_s=None))
    assert result.stations[0].mean_wait_s == pytest.approx(mmc_mean_wait(c, lam, mu), rel=0.05)


def test_percentiles_rise_as_utilisation_nears_one() -> None:
    p99 = []
    for rho in (0.3, 0.6, 0.9, 0.97):
        r = run_load(ONE, LoadConfig(rps=100 * rho, seconds=600, servers=1, seed=6))
        p99.append(r.p99_s)
        assert r.p50_s <= r.p95_s <= r.p99_s <= r.max_s
    assert all(a < b for a, b in zip(p99, p99[1:]))
    assert p99[-1] > 10 * p99[0]                          # the knee of the curve


def test_overload_grows_a_backlog_and_saturates() -> None:
    r = run_load(ONE, LoadConfig(rps=150, seconds=60, servers=1, seed=7, timeout_s=5.0))
    assert r.stations[0].offered == pytest.approx(1.5)
    assert r.utilisation[1] == pytest.approx(1.0, abs=0.01)
    assert r.bin_p50_s[-1] > 5 * r.bin_p50_s[5]           # later arrivals wait longer
    assert r.drain_s > 10                                 # 30 s of surplus work queued at the end
    assert r.timed_out > 0 and r.timed_out == int(r.bin_timed_out.sum())


def test_queue_cap_drops_and_counts_add_up() -> None:
    cfg = LoadConfig(rps=150, seconds=60, servers=1, seed=8)
    free = run_load(ONE, cfg)
    capped = run_load(ONE, replace(cfg, queue_cap=10))
    assert free.dropped == 0 and capped.dropped > 0
    assert capped.requests == free.requests               # same arrivals: same seed
    assert capped.served + capped.dropped == capped.requests
    assert int(capped.bin_dropped.sum()) == capped.dropped
    assert int(capped.bin_requests.sum()) == capped.requests
    assert capped.p99_s < 11 * 0.01 * 3                   # ≤ 11 in system, 10 ms each, with spread
    assert capped.stations[0].dropped == capped.dropped


def test_drops_in_the_middle_of_a_chain() -> None:
    stages = stages_from_tuples([("api-gateway", 6, 0.001, 0), ("database", 5, 0.02, 0),
                                 ("cache", 5, 0.001, 0)])
    r = run_load(stages, LoadConfig(rps=80, seconds=120, servers=1, seed=9, queue_cap=3))
    assert r.stations[1].dropped == r.dropped > 0
    assert r.stations[0].dropped == r.stations[2].dropped == 0
    loop = run_load(stages, LoadConfig(rps=80, seconds=120, servers=1, seed=9, queue_cap=3,
                                       vectorised=False))
    assert loop.dropped == r.dropped and loop.p99_s == pytest.approx(r.p99_s, rel=1e-9)


def test_deterministic_per_seed() -> None:
    stages = stages_from_tuples([("api-gateway", 6, 0.002, 300), ("gpu", 1, 0.05, 700)])
    cfg = LoadConfig(rps=30, seconds=120, seed=42)
    a, b = run_load(stages, cfg), run_load(stages, cfg)
    assert a.to_json() == b.to_json()
    for name in ("bin_p50_s", "bin_p99_s", "bin_it_w", "bin_requests"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    c = run_load(stages, replace(cfg, seed=43))
    assert c.to_json() != a.to_json()


def test_vectorised_and_loop_engines_agree() -> None:
    stages = stages_from_tuples([("load-balancer", 2, 0.001, 100), ("api-gateway", 6, 0.004, 300),
                                 ("internet-path", 2, 0.02, 0, False), ("database", 5, 0.006, 400),
                                 ("api-gateway", 6, 0.001, 300)])
    cfg = LoadConfig(rps=150, seconds=200, servers={"*": 1, "database": 2}, seed=10)
    fast, slow = run_load(stages, cfg), run_load(stages, replace(cfg, vectorised=False))
    assert fast.requests == slow.requests
    for name in ("p50_s", "p95_s", "p99_s", "mean_s", "peak_facility_w"):
        assert getattr(fast, name) == pytest.approx(getattr(slow, name), rel=1e-9)
    for layer in fast.layers:
        np.testing.assert_allclose(fast.bin_utilisation[layer], slow.bin_utilisation[layer], atol=1e-7)


def test_power_accounting() -> None:
    stages = stages_from_tuples([("api-gateway", 6, 0.004, 300.0), ("gpu", 1, 0.1, 700.0),
                                 ("internet-path", 2, 0.03, 0.0, False)])
    r = run_load(stages, LoadConfig(rps=40, seconds=100, servers=None, seed=11, pue="pue.google"))
    assert r.pue == pytest.approx(1.09) and r.idle_fraction == pytest.approx(0.5)
    for s in r.stations:
        expected = s.servers * s.peak_w * (0.5 + 0.5 * s.bin_utilisation)
        np.testing.assert_allclose(s.bin_it_w, expected)
    np.testing.assert_allclose(r.bin_layer_it_w[1], r.stations[1].bin_it_w)
    np.testing.assert_allclose(r.bin_it_w, r.bin_layer_it_w[1] + r.bin_layer_it_w[6])
    np.testing.assert_allclose(r.bin_facility_w, r.bin_it_w * 1.09)
    assert r.peak_facility_w == pytest.approx(r.bin_facility_w.max())
    assert r.energy_wh == pytest.approx(r.bin_facility_w.sum() * 1.0 / 3600)
    idle_floor = sum(s.servers * s.peak_w * 0.5 for s in r.stations) * 1.09
    assert r.bin_facility_w.min() >= idle_floor - 1e-9      # idle servers still draw half
    assert 2 not in r.layers                                 # a pure delay has no server


def test_automatic_sizing() -> None:
    assert size_servers(100, 0.05, 0.7) == 8                 # 5 erlangs / 0.7 → 7.14 → 8
    assert size_servers(100, 0.007, 0.7) == 1
    r = run_load(ONE, LoadConfig(rps=500, seconds=30, seed=12))
    assert r.stations[0].servers == 8 and r.stations[0].offered <= 0.7


def test_revisits_merge_into_one_station() -> None:
    stages = stages_from_tuples([("api-gateway", 6, 0.002, 300), ("database", 5, 0.004, 400),
                                 ("api-gateway", 6, 0.001, 300)])
    _chain, stations = plan(stages)
    assert [s.component for s in stations] == ["api-gateway", "database"]
    assert stations[0].service_s == pytest.approx(0.003)


def test_parallel_lanes_join_on_the_slowest() -> None:
    lanes = Parallel(((Stage("auth-service", 6, 0.010, 100),),
                      (Stage("cache", 5, 0.002, 50), Stage("ssd", 1, 0.030, 10))))
    stages = [Stage("api-gateway", 6, 0.001, 100), lanes, Stage("internet-path", 2, 0.005, 0, False)]
    r = run_load(stages, LoadConfig(rps=1, seconds=200, servers=50, seed=13, service_cv=0.0))
    assert r.unloaded_s == pytest.approx(0.001 + 0.032 + 0.005)
    assert r.p50_s == pytest.approx(r.unloaded_s) and r.max_s == pytest.approx(r.unloaded_s)
    assert {s.component for s in r.stations} == {"api-gateway", "auth-service", "cache", "ssd"}


def test_fault_hooks_slow_and_surge() -> None:
    stages = stages_from_tuples([("api-gateway", 6, 0.002, 300), ("gpu", 1, 0.01, 700)])
    base = LoadConfig(rps=50, seconds=60, servers=1, seed=14)
    calm = run_load(stages, base)
    slow = run_load(stages, replace(base, service_multiplier=Slowdowns({"gpu": Schedule.window(20, 40, 2.0)})))
    assert calm.requests == slow.requests                  # same requests, only the GPU slowed
    assert np.nanmean(slow.bin_p99_s[22:40]) > 1.5 * np.nanmean(calm.bin_p99_s[22:40])
    np.testing.assert_allclose(slow.bin_p99_s[:19], calm.bin_p99_s[:19])
    assert slow.bin_utilisation[1][25:38].mean() == pytest.approx(2 * calm.bin_utilisation[1][25:38].mean(), rel=0.15)
    surge = run_load(stages, replace(base, arrival_multiplier=Schedule.window(30, 40, 3.0)))
    assert surge.bin_requests[30:40].sum() == pytest.approx(3 * calm.bin_requests[30:40].sum(), rel=0.15)
    np.testing.assert_array_equal(surge.bin_requests[:30], calm.bin_requests[:30])
    late = run_load(stages, replace(base, extra_delay=Slowdowns({"gpu": Schedule.window(40, 60, 0.5, 0.0)}, add=True),
                                    service_cv=0.0, rps=1, servers=100))
    assert late.max_s == pytest.approx(0.512) and late.p50_s == pytest.approx(0.012)


def test_schedule_shapes() -> None:
    s = Schedule.window(10, 20, 3.0)
    np.testing.assert_array_equal(s(np.array([0, 10, 15, 20, 30.0])), [1, 3, 3, 1, 1])
    both = s * Schedule.window(15, 30, 2.0)
    np.testing.assert_array_equal(both(np.array([5, 12, 17, 25, 35.0])), [1, 3, 6, 2, 1])
    slow = Slowdowns({"*": Schedule.window(0, 10, 2.0), "gpu": Schedule.window(5, 10, 3.0)})
    np.testing.assert_array_equal(slow("gpu", np.array([1.0, 6.0, 11.0])), [2, 6, 1])
    np.testing.assert_array_equal(slow("cpu", np.array([1.0, 6.0, 11.0])), [2, 2, 1])


def test_netflix_flow_as_stages() -> None:
    from desktop.core.sim.flows import load_flow
    from desktop.core.sim.simulation import simulate

    flow = load_flow("netflix-play")
    elements = elements_for_flow(flow)
    timeline = simulate(flow)
    assert any(isinstance(e, Parallel) for e in elements)
    flat = [s for e in elements for s in ([x for lane in e.lanes for x in lane] if isinstance(e, Parallel) else [e])]
    assert sum(s.service_s for s in flat) == pytest.approx(sum(e.duration for e in timeline.events))
    power = {e.hop_id: e.power_w for e in timeline.events}
    assert all(not s.queues for s in flat if s.component in ("internet-path", "dns", "video-player"))
    for hop, stage in zip((h for h in flow.hops if h.id in power), flat):
        if stage.queues:
            assert stage.peak_w >= power[hop.id] > 0         # util = 1 draws at least the hop's share
    r = run_load(elements, LoadConfig(rps=100, seconds=20, seed=1, pue=timeline.pue), flow=flow.id)
    assert r.flow == "netflix-play" and r.served == r.requests
    assert r.unloaded_s == pytest.approx(timeline.latency_s, rel=0.01)
    assert r.pue == pytest.approx(float(timeline.pue))


def test_hooks_from_modifiers() -> None:
    from desktop.core.sim.modifiers import AddDelay, ScalePower, ScaleTime, Target

    stages = stages_from_tuples([("api-gateway", 6, 0.002, 300), ("gpu", 1, 0.01, 700)])
    hooks = hooks_from_modifiers([ScaleTime("throttle", 2.0, Target(layers=(1,)), start=10, stop=20),
                                  AddDelay("dns", 0.5, Target(components=("api-gateway",)), start=5),
                                  ScalePower("hot", 0.8, Target(components=("gpu",)))], stages)
    t = np.array([0.0, 12.0, 25.0])
    np.testing.assert_array_equal(hooks["service_multiplier"]("gpu", t), [1, 2, 1])
    np.testing.assert_array_equal(hooks["service_multiplier"]("api-gateway", t), [1, 1, 1])
    np.testing.assert_array_equal(hooks["extra_delay"]("api-gateway", t), [0, 0.5, 0.5])
    np.testing.assert_array_equal(hooks["power_multiplier"]("gpu", t), [0.8, 0.8, 0.8])
    r = run_load(stages, LoadConfig(rps=5, seconds=30, servers=1, seed=1, **hooks))
    assert math.isfinite(r.p99_s)


def test_empty_and_bad_inputs() -> None:
    r = run_load(ONE, LoadConfig(rps=0, seconds=10))
    assert r.requests == 0 and math.isnan(r.p50_s) and r.to_json()["p50_s"] is None
    with pytest.raises(ValueError):
        run_load(ONE, LoadConfig(rps=1, seconds=0))
    with pytest.raises(ValueError):
        run_load(ONE, LoadConfig(rps=1, seconds=1, servers=0))
