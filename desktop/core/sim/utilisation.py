"""Load at a chosen utilisation of the bottleneck, and the sweep that draws the hockey stick.

Queueing delay depends on how busy the busiest resource is, ρ = λ × service / servers, not on
requests per second: the same 100 requests/s is idle for one flow and a traffic jam for
another. So the control is ρ itself. ``run_at_utilisation`` finds the rate that puts the
bottleneck at ρ (with a fixed number of servers, so the queue can grow), runs enough requests
for a steady tail, discards the warm-up, and reports latency, queueing wait, drops and
timeouts. ``sweep`` does that for a row of ρ values: p50 and p99 against ρ, flat until about
0.7 and then a wall at 1 (M/M/1: the mean wait is ρ / (1 − ρ) service times).

Service times are the flow's own, fixed (``service_cv = 0``): a 250-token answer takes as long
under load as alone, so at light load the median equals the unloaded time. What is random is
what is random in the world: when requests arrive (Poisson) and, with ``choices``, whether each
request's cache lookup hits or misses. Past ρ = 1 the queues grow for as
long as requests keep coming, and requests time out (``timeout_s``) or are dropped when a
waiting room is full (``queue_cap``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, Callable, Mapping, Sequence

from desktop.core.sim.load import (DEFAULT_TIMEOUT_S, Element, LoadConfig, LoadResult, Parallel,
                                   elements_for_flow, plan, run_load)
from desktop.core.sim.load.run import share_of

RHO_MIN, RHO_MAX = 0.1, 1.3            # the range the control offers; ρ = 1 is saturation
DEFAULT_REQUESTS = 20_000              # enough for a steady p99 well short of saturation
MIN_SECONDS = 300.0                    # five minutes of traffic: an overloaded queue outgrows
                                       # the 30 s client timeout well within it
WARMUP_SHARE = 0.1                     # the first tenth of the run fills the queues; not counted
DEFAULT_RHOS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0, 1.1, 1.2, 1.3)
BOTTLENECK_SERVERS = 1                 # servers per resource unless the caller says otherwise


@dataclass(frozen=True)
class Bottleneck:
    component: str
    layer: int
    service_s: float                   # work per request at this resource
    servers: int

    @property
    def capacity_rps(self) -> float:
        """Requests per second at which this resource is busy all the time (ρ = 1)."""
        return self.servers / self.service_s if self.service_s > 0 else math.inf


@dataclass(frozen=True)
class Point:
    """One run of the sweep."""

    rho: float
    rps: float
    p50_s: float
    p99_s: float
    wait_p50_s: float
    wait_p99_s: float
    busy: float                        # measured utilisation of the bottleneck
    requests: int
    served: int
    timed_out: int
    dropped: int
    unloaded_s: float


def bottleneck(elements: Sequence[Element], servers: int | Mapping[str, int] = BOTTLENECK_SERVERS,
               choices: Mapping[str, Mapping[str, float]] | None = None) -> Bottleneck:
    """The resource that saturates first: the largest work per request per server (a resource
    on one branch, the database on a cache miss, counts by the share of requests that go there)."""
    _chain, stations = plan(elements)
    if not stations:
        raise ValueError("this flow holds no resource, so nothing queues")

    def count(component: str) -> int:
        if isinstance(servers, Mapping):
            return int(servers.get(component, servers.get("*", BOTTLENECK_SERVERS)))
        return int(servers)

    def work(st: Any) -> float:
        return st.service_s * share_of(st.branch, choices or {})

    best = max(stations, key=lambda st: work(st) / count(st.component))
    return Bottleneck(best.component, best.layer, work(best), count(best.component))


def _check(rho: float) -> None:
    if not math.isfinite(rho) or rho <= 0:
        raise ValueError(f"utilisation must be above 0, found {rho:g}")


def config_for(elements: Sequence[Element], rho: float, *, servers: int | Mapping[str, int] = BOTTLENECK_SERVERS,
               requests: int = DEFAULT_REQUESTS, seed: int = 0, timeout_s: float | None = DEFAULT_TIMEOUT_S,
               queue_cap: int | None = None, pue: float | str | None = None,
               service_cv: float = 0.0,
               choices: Mapping[str, Mapping[str, float]] | None = None) -> LoadConfig:
    """The ``LoadConfig`` that puts the bottleneck at ``rho`` for about ``requests`` requests."""
    _check(rho)
    neck = bottleneck(elements, servers, choices)
    rps = rho * neck.capacity_rps
    seconds = max(requests / rps, MIN_SECONDS)
    return LoadConfig(rps=rps, seconds=seconds, servers=servers, seed=seed, service_cv=service_cv,
                      timeout_s=timeout_s, queue_cap=queue_cap, pue=pue, bin_s=seconds / 200,
                      warmup_s=WARMUP_SHARE * seconds, choices=dict(choices or {}))


def run_at_utilisation(flow: Any, rho: float, options: Mapping[str, Any] | None = None, *,
                       hooks: Callable[[Sequence[Element], LoadConfig], Mapping[str, Any]] | None = None,
                       figures: Any = None, **kw: Any) -> LoadResult:
    """One load run of ``flow`` with its bottleneck at ``rho``. ``hooks(elements, config)``
    may add fault hooks (``faults.load_config_hooks``); ``kw`` go to ``config_for``
    (``choices={"cache": {"hit": 0.9, "miss": 0.1}}`` makes each request hit or miss by chance)."""
    choices = kw.get("choices") or {}
    random = next(iter(choices), None)
    elements = elements_for_flow(flow, options, figures=figures, random=random)
    config = config_for(elements, rho, **kw)
    if config.pue is None:
        values = flow.resolve(options, figures) if figures is not None else flow.resolve(options)
        config = replace(config, pue=float(values.get("pue", 1.0)))
    if hooks is not None:
        config = replace(config, **hooks(elements, config))
    return run_load(elements, config, flow=flow.id, figures=figures)


def sweep(flow: Any, rhos: Sequence[float] = DEFAULT_RHOS, options: Mapping[str, Any] | None = None, *,
          progress: Callable[[int, int], bool] | None = None, **kw: Any) -> list[Point]:
    """p50, p99 and queueing wait against ρ, one run per value, in order. Pure and Qt-free: call
    it off the UI thread; ``progress(done, total)`` returning False stops early (what was done
    so far is returned)."""
    out: list[Point] = []
    for i, rho in enumerate(rhos):
        r = run_at_utilisation(flow, rho, options, **kw)
        out.append(Point(rho, r.rps, r.p50_s, r.p99_s, r.wait_p50_s, r.wait_p99_s,
                         r.bottleneck_utilisation, r.requests, r.served, r.timed_out, r.dropped,
                         r.unloaded_s))
        if progress is not None and progress(i + 1, len(rhos)) is False:
            break
    return out


def overload_words(result: LoadResult) -> str:
    """What the screen says past ρ = 1: how many requests gave up or were turned away."""
    neck = result.bottleneck
    if neck is None or neck.offered < 1:
        return ""
    lost = result.timed_out + result.dropped
    share = lost / result.requests if result.requests else 0.0
    parts = []
    if result.timed_out:
        parts.append(f"{result.timed_out:,} timed out")
    if result.dropped:
        parts.append(f"{result.dropped:,} dropped")
    told = ", ".join(parts) if parts else "none lost yet, but the queue is still growing"
    return (f"Over capacity: {neck.component} is asked for {neck.offered:.0%} of what it can do, so its "
            f"queue grows for as long as requests arrive; {told} ({share:.0%} of {result.requests:,}).")


__all__ = ["Bottleneck", "DEFAULT_RHOS", "Parallel", "Point", "RHO_MAX", "RHO_MIN", "bottleneck",
           "config_for", "overload_words", "run_at_utilisation", "sweep"]
