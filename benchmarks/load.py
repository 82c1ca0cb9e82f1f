"""Load mode throughput: simulated requests per wall-clock second.

    python benchmarks/load.py [--requests N] [--flow ID] [--repeat R]

The headline runs a shipped flow with one server per resource (the vectorised Lindley path)
at 90 % utilisation of its busiest resource, end to end: arrivals, every station, percentiles
per bin, utilisation and power. In the same run it measures a baseline — the same model with
every station computed by a plain Python loop per request, on a smaller sample — because these
machines are noisy and only a same-run comparison means much. It also times the bare kernels
(vectorised Lindley against the loop) and the exact c-server heap path, for information.

The last line is ``simulated_requests_per_s: N`` (the headline, best of ``--repeat``).
"""
from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from desktop.core.sim.flows import load_flow  # noqa: E402
from desktop.core.sim.load import LoadConfig, elements_for_flow, plan, run_load  # noqa: E402
from desktop.core.sim.queueing import fifo_queue, lindley_waits, lindley_waits_loop  # noqa: E402


def best(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=float, default=4e6, help="requests in the headline run (default 4e6)")
    ap.add_argument("--baseline", type=float, default=2e5, help="requests in the loop baseline (default 2e5)")
    ap.add_argument("--flow", default="netflix-play")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    flow = load_flow(args.flow)
    elements = elements_for_flow(flow)
    _chain, stations = plan(elements)
    busiest = max(s.service_s for s in stations)
    rps = 0.9 / busiest
    seconds = args.requests / rps
    config = LoadConfig(rps=rps, seconds=seconds, servers=1, seed=1, bin_s=seconds / 600)
    print(f"flow {flow.id}: {len(stations)} stations, one server each; busiest "
          f"{busiest * 1e3:.3g} ms -> {rps:.4g} rps (utilisation 0.9), {seconds:.4g} s simulated")

    run_load(elements, replace(config, seconds=seconds / 20))          # warm up
    wall, result = best(lambda: run_load(elements, config, flow=flow.id), args.repeat)
    fast = result.requests / wall
    print(f"vectorised run:  {result.requests:,} requests in {wall:.3f} s -> {fast:,.0f} requests/s "
          f"(p50 {result.p50_s * 1e3:.4g} ms, p99 {result.p99_s * 1e3:.4g} ms)")

    small = replace(config, seconds=args.baseline / rps, vectorised=False)
    wall_loop, slow_result = best(lambda: run_load(elements, small, flow=flow.id), 1)
    slow = slow_result.requests / wall_loop
    print(f"loop baseline:   {slow_result.requests:,} requests in {wall_loop:.3f} s -> {slow:,.0f} requests/s "
          f"(same model, a Python loop per request per station)")
    print(f"speed-up:        {fast / slow:.1f}x")

    rng = np.random.default_rng(2)
    n = int(args.requests)
    t = np.cumsum(rng.exponential(1.0, n))
    s = rng.exponential(0.9, n)
    k_fast, _ = best(lambda: lindley_waits(t, s), args.repeat)
    m = min(n, 1_000_000)
    k_slow, _ = best(lambda: lindley_waits_loop(t[:m], s[:m]), 1)
    print(f"kernel, 1 server: vectorised {n / k_fast:,.0f} waits/s, loop {m / k_slow:,.0f} waits/s "
          f"({(n / k_fast) / (m / k_slow):.0f}x)")
    c = 8
    s8 = rng.exponential(0.9 * c, m)
    k_heap, _ = best(lambda: fifo_queue(t[:m], s8, c), 1)
    print(f"kernel, {c} servers (exact FIFO, heap loop): {m / k_heap:,.0f} requests/s")
    print(f"simulated_requests_per_s: {fast:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
