"""Load mode: many requests per second of one flow through the same resources, with queueing.

A flow's hops become a chain of stages. A hop that holds a resource (a CPU, a GPU, a database)
is a **station**: a FIFO queue in front of ``c`` servers. A hop that only takes time (light in a
fibre, a handshake round trip) is a **delay**: it adds its time and never queues. Requests arrive
as a Poisson stream at ``rps`` for ``seconds``; each station's departures are the next stage's
arrivals, computed a whole station at a time (``desktop.core.queueing``), so a million requests
cost about a tenth of a second per station rather than a Python loop per request.

Modelling choices, stated once:

- One station per component. A flow that visits a component twice (a gateway on the way in and
  on the way out) is given the sum of both service times at its first visit: the work the
  resource does per request, and hence its utilisation and power, is exact; only the order of
  the visits within one request is simplified.
- Service time at a station is the hop's time times a random factor of mean 1: exponential by
  default (``service_cv=1``), constant with ``service_cv=0``, gamma for any other coefficient
  of variation. Delays are constant.
- ``servers`` is per resource; ``None`` sizes each station to the smallest ``c`` that keeps it at
  ``target_utilisation`` for the requested rate (a planning choice, reported in the result).
- A request may be **dropped** (a station's waiting room, ``queue_cap``, was full — it did no
  further work) or **timed out** (its end-to-end latency exceeded ``timeout_s``: the client gave
  up, but the servers did the work anyway — work done for nobody). Latency percentiles are over
  every request that completed, timed out or not, so they never hide the slow ones.
- Utilisation is busy server-seconds over ``servers × time`` within ``[0, seconds]``; work still
  queued at the end shows up as ``drain_s``. IT power of a station is
  ``c × peak × (idle + (1 - idle) × utilisation)`` with ``idle`` = ``server.idle`` (Barroso &
  Hölzle); facility power = IT power × PUE (``pue.industry`` by default, or ``pue.google``).

Hooks for faults: ``arrival_multiplier(t) -> array`` scales the arrival rate over time (a retry
storm doubles it); ``service_multiplier(component, t) -> array`` scales service times at a
component by the time a request reaches it (a chiller trip throttles GPUs to half speed). A
``Schedule`` (piecewise constant) and ``Slowdowns`` (schedules per component) build them.

Deterministic per seed: arrivals and each stage draw from their own stream of one
``numpy.random.SeedSequence``, and each request keeps its own service draws whatever the order,
so two runs that differ only in a fault see the same requests needing the same work.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np

from desktop.core.queueing import busy_time, fifo_queue

PERCENTILES = (50.0, 95.0, 99.0)

ArrivalHook = Callable[[np.ndarray], "np.ndarray | float"]
ServiceHook = Callable[[str, np.ndarray], "np.ndarray | float"]


# ---------------------------------------------------------------------------------------------
# inputs
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Stage:
    """One hop as load mode sees it.

    ``service_s`` is the hop's time for one request; ``peak_w`` the peak power of one server of
    this resource. ``queues=False`` marks a pure delay (wire time): no server, no queue, no power.
    """

    component: str
    layer: int
    service_s: float
    peak_w: float = 0.0
    queues: bool = True
    label: str = ""


def stages_from_tuples(items: Iterable[Sequence[Any]]) -> list[Stage]:
    """``[(component, layer, service_s, peak_w[, queues]), …]`` → stages (tests, quick studies)."""
    out: list[Stage] = []
    for item in items:
        comp, layer, service, power, *rest = item
        out.append(Stage(str(comp), int(layer), float(service), float(power),
                         bool(rest[0]) if rest else True))
    return out


@dataclass(frozen=True)
class Schedule:
    """A piecewise-constant multiplier over time: ``base`` until ``times[0]``, then ``values[i]``
    from ``times[i]`` until ``times[i + 1]`` (the last value holds to the end)."""

    times: tuple[float, ...] = ()
    values: tuple[float, ...] = ()
    base: float = 1.0

    def __post_init__(self) -> None:
        if len(self.times) != len(self.values):
            raise ValueError("a schedule needs one value per time")
        if any(b < a for a, b in zip(self.times, self.times[1:])):
            raise ValueError("schedule times must be in order")

    @classmethod
    def window(cls, start: float, end: float, factor: float) -> "Schedule":
        """``factor`` from ``start`` to ``end``, 1 elsewhere: the shape of most faults."""
        return cls((start, end), (factor, 1.0))

    def __call__(self, t: np.ndarray) -> np.ndarray:
        levels = np.asarray((self.base, *self.values), dtype=np.float64)
        return levels[np.searchsorted(np.asarray(self.times, dtype=np.float64), t, side="right")]


@dataclass(frozen=True)
class Slowdowns:
    """A ``service_multiplier`` hook from schedules keyed by component id; ``"*"`` applies to every
    component and multiplies with any specific entry (two faults on one resource compound)."""

    by_component: Mapping[str, Callable[[np.ndarray], Any]] = field(default_factory=dict)

    def __call__(self, component: str, t: np.ndarray) -> np.ndarray | float:
        out: np.ndarray | float = 1.0
        for key in ("*", component):
            fn = self.by_component.get(key)
            if fn is not None:
                out = out * np.asarray(fn(t), dtype=np.float64)
        return out


@dataclass(frozen=True)
class LoadConfig:
    rps: float
    seconds: float
    servers: int | Mapping[str, int] | None = None   # None: size each station automatically
    target_utilisation: float = 0.7                  # for automatic sizing (a planning choice)
    seed: int = 0
    service_cv: float = 1.0                          # 1 exponential, 0 constant, else gamma
    timeout_s: float | None = 30.0
    queue_cap: int | None = None                     # waiting room per station; None: unbounded
    bin_s: float = 1.0
    pue: float | str = "pue.industry"                # a number or a figure name
    idle_fraction: float | str = "server.idle"
    arrival_multiplier: ArrivalHook | None = None
    service_multiplier: ServiceHook | None = None
    vectorised: bool = True                          # False: per-request loops (baseline, checks)


# ---------------------------------------------------------------------------------------------
# outputs
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StationResult:
    component: str
    layer: int
    service_s: float        # mean work per request at this resource (visits summed)
    servers: int
    peak_w: float           # per server
    offered: float          # λ × service / servers at the nominal rate; above 1 the queue grows
    utilisation: float      # busy / (servers × seconds), 0…1
    mean_wait_s: float      # mean time queued here (admitted requests)
    dropped: int
    bin_utilisation: np.ndarray
    bin_it_w: np.ndarray


@dataclass
class LoadResult:
    """Everything the Load view plots. ``bin_*`` arrays have one entry per time bin of ``bin_s``
    starting at ``bin_t`` (bins by arrival time for latencies and counts, by wall-clock time for
    utilisation and power); percentiles are NaN in a bin where nothing completed."""

    flow: str
    rps: float
    seconds: float
    seed: int
    bin_s: float
    pue: float
    idle_fraction: float
    timeout_s: float | None
    queue_cap: int | None
    requests: int
    served: int
    dropped: int
    timed_out: int
    p50_s: float
    p95_s: float
    p99_s: float
    mean_s: float
    max_s: float
    delay_s: float                      # fixed (non-queueing) time per request
    drain_s: float                      # after the last arrival window, time until the queues empty
    stations: tuple[StationResult, ...]
    layers: tuple[int, ...]             # layers that have stations, bottom first
    utilisation: dict[int, float]       # per layer
    peak_it_w: float
    peak_facility_w: float
    energy_wh: float                    # facility energy over [0, seconds]
    bin_t: np.ndarray
    bin_requests: np.ndarray
    bin_dropped: np.ndarray
    bin_timed_out: np.ndarray
    bin_p50_s: np.ndarray
    bin_p95_s: np.ndarray
    bin_p99_s: np.ndarray
    bin_utilisation: dict[int, np.ndarray]     # per layer
    bin_layer_it_w: dict[int, np.ndarray]      # per layer
    bin_it_w: np.ndarray
    bin_facility_w: np.ndarray
    wall_s: float = 0.0

    @property
    def wh_per_request(self) -> float:
        return self.energy_wh / self.served if self.served else math.nan

    def to_json(self, layer_ids: Mapping[int, str] | None = None) -> dict[str, Any]:
        """A plain dict for ``--json``; layers keyed by id when ``layer_ids`` is given."""
        name = (lambda n: layer_ids.get(n, str(n))) if layer_ids else str
        return {
            "flow": self.flow, "rps": self.rps, "seconds": self.seconds, "seed": self.seed,
            "requests": self.requests, "served": self.served, "dropped": self.dropped,
            "timed_out": self.timed_out, "timeout_s": self.timeout_s, "queue_cap": self.queue_cap,
            "p50_s": _num(self.p50_s), "p95_s": _num(self.p95_s), "p99_s": _num(self.p99_s),
            "mean_s": _num(self.mean_s), "max_s": _num(self.max_s),
            "delay_s": self.delay_s, "drain_s": self.drain_s,
            "utilisation": {name(n): round(u, 6) for n, u in self.utilisation.items()},
            "peak_it_w": self.peak_it_w, "peak_facility_w": self.peak_facility_w,
            "pue": self.pue, "energy_wh": self.energy_wh, "wh_per_request": _num(self.wh_per_request),
            "stations": [{
                "component": s.component, "layer": name(s.layer), "servers": s.servers,
                "service_s": s.service_s, "offered": s.offered, "utilisation": s.utilisation,
                "mean_wait_s": _num(s.mean_wait_s), "dropped": s.dropped, "peak_w": s.peak_w,
            } for s in self.stations],
        }

    def series(self, layer_ids: Mapping[int, str] | None = None) -> tuple[list[str], list[list[float]]]:
        """``(header, rows)``: one row per bin, for ``--csv`` and the Export view."""
        name = (lambda n: layer_ids.get(n, str(n))) if layer_ids else str
        cols: list[tuple[str, np.ndarray]] = [
            ("t_s", self.bin_t), ("requests", self.bin_requests), ("dropped", self.bin_dropped),
            ("timed_out", self.bin_timed_out), ("p50_s", self.bin_p50_s),
            ("p95_s", self.bin_p95_s), ("p99_s", self.bin_p99_s)]
        cols += [(f"util_{name(n)}", self.bin_utilisation[n]) for n in self.layers]
        cols += [(f"it_w_{name(n)}", self.bin_layer_it_w[n]) for n in self.layers]
        cols += [("it_w", self.bin_it_w), ("facility_w", self.bin_facility_w)]
        rows = np.column_stack([c for _h, c in cols]).tolist() if len(self.bin_t) else []
        return [h for h, _c in cols], rows


def _num(x: float) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


# ---------------------------------------------------------------------------------------------
# the run
# ---------------------------------------------------------------------------------------------
@dataclass
class _Station:
    component: str
    layer: int
    service_s: float
    peak_w: float
    stream: int
    servers: int = 1


def plan(stages: Sequence[Stage]) -> list[_Station | Stage]:
    """Merge revisits into one station per component (first visit keeps the place)."""
    chain: list[_Station | Stage] = []
    seen: dict[str, _Station] = {}
    for stage in stages:
        if not stage.queues:
            chain.append(stage)
            continue
        st = seen.get(stage.component)
        if st is None:
            st = _Station(stage.component, stage.layer, stage.service_s, stage.peak_w, len(seen))
            seen[stage.component] = st
            chain.append(st)
        else:
            st.service_s += stage.service_s
            st.peak_w = max(st.peak_w, stage.peak_w)
    return chain


def size_servers(rps: float, service_s: float, target_utilisation: float = 0.7) -> int:
    """The fewest servers that keep a resource at or under ``target_utilisation`` at ``rps``."""
    if rps <= 0 or service_s <= 0:
        return 1
    return max(1, math.ceil(rps * service_s / target_utilisation - 1e-9))


def _figure(value: float | str, figures: Any) -> float:
    if isinstance(value, str):
        if figures is None:
            from desktop.core.figures import shipped_figures

            figures = shipped_figures()
        return float(figures[value])
    return float(value)


def _arrivals(rng: np.random.Generator, rate: float, seconds: float,
              mult: ArrivalHook | None) -> np.ndarray:
    """A Poisson stream on ``[0, seconds)``; with ``mult``, of rate ``rate × mult(t)`` (by time
    rescaling: unit-rate points mapped through the inverse of the cumulative rate)."""
    if rate <= 0 or seconds <= 0:
        return np.empty(0)
    if mult is None:
        grid = cum = None
        total = rate * seconds
    else:
        steps = max(2000, int(seconds * 100))
        grid = np.linspace(0.0, seconds, steps + 1)
        breaks = np.asarray(getattr(mult, "times", ()), dtype=np.float64)
        if breaks.size:
            grid = np.union1d(grid, breaks[(breaks > 0) & (breaks < seconds)])
        mid = 0.5 * (grid[:-1] + grid[1:])
        level = np.clip(np.broadcast_to(np.asarray(mult(mid), dtype=np.float64), mid.shape), 0.0, None)
        cum = np.empty(grid.size)
        cum[0] = 0.0
        np.cumsum(rate * level * np.diff(grid), out=cum[1:])
        total = float(cum[-1])
    if total <= 0:
        return np.empty(0)
    chunks: list[np.ndarray] = []
    reached = 0.0
    while reached < total:
        need = total - reached
        pts = np.cumsum(rng.standard_exponential(int(need + 6 * math.sqrt(need) + 16)))
        pts += reached
        chunks.append(pts)
        reached = float(pts[-1])
    unit = chunks[0] if len(chunks) == 1 else np.concatenate(chunks)
    unit = unit[:np.searchsorted(unit, total, side="left")]
    if cum is None:
        unit /= rate
        return unit
    return np.interp(unit, cum, grid)


def _variation(rng: np.random.Generator, n: int, cv: float) -> np.ndarray:
    if cv == 1.0:
        return rng.standard_exponential(n)
    if cv <= 0.0:
        return np.ones(n)
    shape = 1.0 / (cv * cv)
    return rng.gamma(shape, 1.0 / shape, n)


def _is_sorted(t: np.ndarray) -> bool:
    return bool(t.size < 2 or np.all(t[1:] >= t[:-1]))


def run_load(stages: Sequence[Stage], config: LoadConfig, *, flow: str = "",
             figures: Any = None) -> LoadResult:
    """Push ``config.rps`` requests per second through ``stages`` for ``config.seconds``."""
    wall = time.perf_counter()
    cfg = config
    if cfg.seconds <= 0:
        raise ValueError("seconds must be positive")
    if cfg.bin_s <= 0:
        raise ValueError("bin_s must be positive")
    pue = _figure(cfg.pue, figures)
    idle = _figure(cfg.idle_fraction, figures)
    chain = plan(stages)
    stations = [s for s in chain if isinstance(s, _Station)]
    for st in stations:
        if isinstance(cfg.servers, Mapping):
            c = cfg.servers.get(st.component, cfg.servers.get("*"))
            st.servers = int(c) if c is not None else size_servers(cfg.rps, st.service_s, cfg.target_utilisation)
        elif cfg.servers is None:
            st.servers = size_servers(cfg.rps, st.service_s, cfg.target_utilisation)
        else:
            st.servers = int(cfg.servers)
        if st.servers < 1:
            raise ValueError(f"{st.component}: servers must be at least 1")

    seeds = np.random.SeedSequence(cfg.seed).spawn(1 + len(stations))
    arrivals = _arrivals(np.random.default_rng(seeds[0]), cfg.rps, cfg.seconds, cfg.arrival_multiplier)
    n = arrivals.size

    nbins = max(1, math.ceil(cfg.seconds / cfg.bin_s - 1e-9))
    edges = np.minimum(np.arange(nbins + 1, dtype=np.float64) * cfg.bin_s, cfg.seconds)
    widths = np.diff(edges)

    t = arrivals.copy()                 # where each live request is now, in queue order
    order: np.ndarray | None = None     # original index of each live request (None: identity)
    in_order = True
    delay_total = 0.0
    dropped_at: list[np.ndarray] = []   # arrival times of dropped requests
    station_out: list[StationResult] = []
    hook = cfg.service_multiplier

    for stage in chain:
        if isinstance(stage, Stage):    # a pure delay
            delay_total += stage.service_s
            if hook is None:
                t += stage.service_s
            else:
                t += stage.service_s * np.asarray(hook(stage.component, t), dtype=np.float64)
                in_order = in_order and _is_sorted(t)
            continue
        if not in_order:
            perm = np.argsort(t, kind="stable")
            t = t[perm]
            order = perm if order is None else order[perm]
            in_order = True
        base = _variation(np.random.default_rng(seeds[1 + stage.stream]), n, cfg.service_cv)
        s = base if order is None else base[order]
        s *= stage.service_s
        if hook is not None:
            s *= np.asarray(hook(stage.component, t), dtype=np.float64)
        run = fifo_queue(t, s, stage.servers, queue_cap=cfg.queue_cap, vectorised=cfg.vectorised)
        arrived = t if run.admitted is None else t[run.admitted]
        busy = np.diff(busy_time(run, edges))
        util_bins = busy / (stage.servers * widths)
        served_here = run.start.size
        mean_wait = (float(run.start.sum() - arrived.sum()) / served_here) if served_here else math.nan
        if run.admitted is not None and run.dropped:
            lost = ~run.admitted
            idx = np.flatnonzero(lost) if order is None else order[lost]
            dropped_at.append(arrivals[idx])
            order = np.flatnonzero(run.admitted) if order is None else order[run.admitted]
        t = run.depart
        in_order = stage.servers == 1
        total_busy = float(busy.sum())
        station_out.append(StationResult(
            component=stage.component, layer=stage.layer, service_s=stage.service_s,
            servers=stage.servers, peak_w=stage.peak_w,
            offered=cfg.rps * stage.service_s / stage.servers,
            utilisation=total_busy / (stage.servers * cfg.seconds),
            mean_wait_s=mean_wait, dropped=run.dropped, bin_utilisation=util_bins,
            bin_it_w=stage.servers * stage.peak_w * (idle + (1.0 - idle) * util_bins)))

    # latency, by arrival time ----------------------------------------------------------------
    if order is None:
        arr_done = arrivals
    else:
        if not _is_sorted(order):
            perm = np.argsort(order, kind="stable")
            order, t = order[perm], t[perm]
        arr_done = arrivals[order]
    latency = t - arr_done
    served = latency.size
    timed = latency > cfg.timeout_s if cfg.timeout_s is not None else None

    cut = np.searchsorted(arrivals, edges[1:-1], side="left")
    bin_requests = np.diff(np.concatenate(([0], cut, [n])))
    cut_done = np.searchsorted(arr_done, edges[1:-1], side="left")
    bounds = np.concatenate(([0], cut_done, [served]))
    pct = np.full((nbins, len(PERCENTILES)), np.nan)
    for b in range(nbins):
        lo, hi = bounds[b], bounds[b + 1]
        if hi > lo:
            pct[b] = np.percentile(latency[lo:hi], PERCENTILES)
    dropped_times = np.concatenate(dropped_at) if dropped_at else np.empty(0)
    bin_dropped = _count_bins(dropped_times, edges)
    bin_timed = _count_bins(arr_done[timed], edges) if timed is not None else np.zeros(nbins, np.int64)
    if served:
        p50, p95, p99 = (float(x) for x in np.percentile(latency, PERCENTILES))
        mean_s, max_s = float(latency.mean()), float(latency.max())
        drain = max(0.0, float(t.max()) - cfg.seconds)
    else:
        p50 = p95 = p99 = mean_s = max_s = math.nan
        drain = 0.0

    # utilisation and power per layer ---------------------------------------------------------
    layers = tuple(sorted({s.layer for s in station_out}))
    util: dict[int, float] = {}
    bin_util: dict[int, np.ndarray] = {}
    bin_layer_w: dict[int, np.ndarray] = {}
    for layer in layers:
        mine = [s for s in station_out if s.layer == layer]
        cap = sum(s.servers for s in mine)
        util[layer] = sum(s.utilisation * s.servers for s in mine) / cap
        bin_util[layer] = sum(s.bin_utilisation * s.servers for s in mine) / cap
        bin_layer_w[layer] = sum(s.bin_it_w for s in mine)
    it_w = sum(bin_layer_w.values()) if layers else np.zeros(nbins)
    it_w = np.asarray(it_w, dtype=np.float64)
    facility_w = it_w * pue
    energy_wh = float(np.sum(facility_w * widths) / 3600.0)

    return LoadResult(
        flow=flow, rps=cfg.rps, seconds=cfg.seconds, seed=cfg.seed, bin_s=cfg.bin_s, pue=pue,
        idle_fraction=idle, timeout_s=cfg.timeout_s, queue_cap=cfg.queue_cap,
        requests=int(n), served=int(served), dropped=int(n - served),
        timed_out=int(np.count_nonzero(timed)) if timed is not None else 0,
        p50_s=p50, p95_s=p95, p99_s=p99, mean_s=mean_s, max_s=max_s,
        delay_s=delay_total, drain_s=drain, stations=tuple(station_out), layers=layers,
        utilisation=util, peak_it_w=float(it_w.max()) if it_w.size else 0.0,
        peak_facility_w=float(facility_w.max()) if facility_w.size else 0.0, energy_wh=energy_wh,
        bin_t=edges[:-1].copy(), bin_requests=bin_requests, bin_dropped=bin_dropped,
        bin_timed_out=bin_timed, bin_p50_s=pct[:, 0].copy(), bin_p95_s=pct[:, 1].copy(),
        bin_p99_s=pct[:, 2].copy(), bin_utilisation=bin_util, bin_layer_it_w=bin_layer_w,
        bin_it_w=it_w, bin_facility_w=facility_w, wall_s=time.perf_counter() - wall)


def _count_bins(times: np.ndarray, edges: np.ndarray) -> np.ndarray:
    nbins = edges.size - 1
    if times.size == 0:
        return np.zeros(nbins, dtype=np.int64)
    idx = np.searchsorted(edges[1:-1], times, side="right")
    return np.bincount(idx, minlength=nbins).astype(np.int64)
