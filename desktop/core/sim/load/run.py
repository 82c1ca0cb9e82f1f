"""The run: plan the chain (one station per resource), draw arrivals, push every request
through each station a whole station at a time, and sum up latency, waits, power and energy."""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any, Mapping, Sequence, Union

import numpy as np

from desktop.core.data.units import SECONDS_PER_HOUR
from desktop.core.sim.load.model import (CHOICE_SALT, DEFAULT_TARGET_UTILISATION, PERCENTILES, PUE_FIGURE,
                                         WAIT_PERCENTILES, ArrivalHook, Element, LoadConfig, LoadResult,
                                         Parallel, Stage, StationResult)
from desktop.core.sim.queueing import busy_time, fifo_queue


# ---------------------------------------------------------------------------------------------
# planning: merge revisits, size servers
# ---------------------------------------------------------------------------------------------
@dataclass
class _Station:
    component: str
    layer: int
    service_s: float
    peak_w: float
    stream: int
    servers: int = 1
    branch: tuple[str, str] | None = None


_Planned = Union[_Station, Stage, "_Fork"]


@dataclass
class _Fork:
    lanes: list[list[_Planned]]


def plan(elements: Sequence[Element]) -> tuple[list[_Planned], list[_Station]]:
    """The chain with one station per component (the first visit keeps the place), and the
    stations in the order they were first met."""
    seen: dict[str, _Station] = {}

    def walk(items: Sequence[Element]) -> list[_Planned]:
        out: list[_Planned] = []
        for item in items:
            if isinstance(item, Parallel):
                lanes = [walk(lane) for lane in item.lanes]
                out.append(_Fork([lane for lane in lanes if lane]))
            elif not item.queues:
                out.append(item)
            elif _key(item) in seen:
                st = seen[_key(item)]
                st.service_s += item.service_s
                st.peak_w = max(st.peak_w, item.peak_w)
            else:
                st = _Station(item.component, item.layer, item.service_s, item.peak_w, len(seen),
                              branch=item.branch)
                seen[_key(item)] = st
                out.append(st)
        return out

    chain = walk(elements)
    return chain, list(seen.values())


def _key(stage: Stage) -> str:
    """One station per resource; a resource met only on one branch (the database on a cache
    miss) is its own station, visited by that branch's requests alone."""
    return stage.component if stage.branch is None else f"{stage.component}|{stage.branch[0]}={stage.branch[1]}"


def share_of(branch: tuple[str, str] | None, choices: Mapping[str, Mapping[str, float]]) -> float:
    """The share of requests that visit a stage on ``branch`` (1 when it is on every path)."""
    if branch is None:
        return 1.0
    option, value = branch
    shares = choices.get(option)
    if not shares:
        return 1.0
    return float(shares.get(value, 0.0)) / float(sum(shares.values()) or 1.0)


def unloaded_time(elements: Sequence[Element],
                  choices: Mapping[str, Mapping[str, float]] | None = None) -> float:
    """The flow's time with no queueing: stages add up, parallel lanes take the slowest; a
    branch stage counts by the share of requests that take it (the mean over hits and misses)."""
    total = 0.0
    for item in elements:
        if isinstance(item, Parallel):
            total += max((unloaded_time(lane, choices) for lane in item.lanes), default=0.0)
        else:
            total += item.service_s * share_of(item.branch, choices or {})
    return total


def size_servers(rps: float, service_s: float,
                 target_utilisation: float = DEFAULT_TARGET_UTILISATION) -> int:
    """The fewest servers that keep a resource at or under ``target_utilisation`` at ``rps``."""
    if rps <= 0 or service_s <= 0:
        return 1
    return max(1, math.ceil(rps * service_s / target_utilisation - 1e-9))


def _servers_for(st: _Station, cfg: LoadConfig) -> int:
    choice: Any = cfg.servers
    if isinstance(choice, Mapping):
        choice = choice.get(st.component, choice.get("*"))
    if choice is None:
        return size_servers(cfg.rps, st.service_s, cfg.target_utilisation)
    if int(choice) < 1:
        raise ValueError(f"{st.component}: servers must be at least 1, got {choice}")
    return int(choice)


def _figure(value: float | str, figures: Any) -> float:
    if isinstance(value, str):
        if figures is None:
            from desktop.core.sim.figures import shipped_figures

            figures = shipped_figures()
        return float(figures[value])
    return float(value)


# ---------------------------------------------------------------------------------------------
# random inputs
# ---------------------------------------------------------------------------------------------
def arrival_times(rng: np.random.Generator, rate: float, seconds: float,
                  mult: ArrivalHook | None = None) -> np.ndarray:
    """A Poisson stream on ``[0, seconds)``; with ``mult``, of rate ``rate × mult(t)``.

    Time rescaling: unit-rate points (a cumulative sum of exponentials) are mapped through the
    inverse of the cumulative rate, which is piecewise linear on a fine grid (exact for a
    ``Schedule``, whose breakpoints join the grid). ``mult = 1`` gives the stream of none, to
    rounding.
    """
    if rate <= 0 or seconds <= 0:
        return np.empty(0)
    grid = cum = None
    total = rate * seconds
    if mult is not None:
        grid = np.linspace(0.0, seconds, max(2000, int(seconds * 100)) + 1)
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
        pts = np.cumsum(rng.standard_exponential(int(need + 6.0 * math.sqrt(need) + 16)))
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
    """``n`` service-time factors of mean 1 and coefficient of variation ``cv``."""
    if cv == 1.0:
        return rng.standard_exponential(n)
    if cv <= 0.0:
        return np.ones(n)
    shape = 1.0 / (cv * cv)
    return rng.gamma(shape, 1.0 / shape, n)


def _is_sorted(t: np.ndarray) -> bool:
    return bool(t.size < 2 or np.all(t[1:] >= t[:-1]))


# ---------------------------------------------------------------------------------------------
# the run
# ---------------------------------------------------------------------------------------------
@dataclass
class _Live:
    """The requests still in flight: where each is now, in queue order."""

    t: np.ndarray                    # current time of each live request
    order: np.ndarray | None         # original index of each (None: all, in arrival order)
    in_order: bool                   # is ``t`` sorted?
    w: np.ndarray | None = None      # time each has spent queued so far (no service)

    def __post_init__(self) -> None:
        if self.w is None:
            self.w = np.zeros_like(self.t)

    def copy(self) -> "_Live":
        return _Live(self.t.copy(), self.order, self.in_order, self.w.copy())


class _Runner:
    def __init__(self, cfg: LoadConfig, n: int, edges: np.ndarray, idle: float,
                 seeds: list[np.random.SeedSequence]) -> None:
        self.cfg, self.n, self.edges, self.idle, self.seeds = cfg, n, edges, idle, seeds
        self.widths = np.diff(edges)
        self.mid = 0.5 * (edges[:-1] + edges[1:])
        self.results: dict[int, StationResult] = {}
        self.drawn: dict[str, np.ndarray] = {}   # option -> value index per request
        self.last_busy = -math.inf               # when the last station finished its last request

    def chain(self, items: list[_Planned], live: _Live) -> _Live:
        for item in items:
            if isinstance(item, _Fork):
                live = self.fork(item, live)
            elif isinstance(item, _Station):
                live = self.station(item, live)
            else:
                live = self.delay(item, live)
        return live

    def visits(self, branch: tuple[str, str] | None, live: _Live) -> np.ndarray | None:
        """Which live requests take ``branch`` (None: all of them)."""
        shares = self.cfg.choices.get(branch[0]) if branch is not None else None
        if not shares:
            return None
        option, value = branch
        if option not in self.drawn:
            names = sorted(self.cfg.choices)
            rng = np.random.default_rng([self.cfg.seed, CHOICE_SALT, names.index(option)])
            weights = np.asarray(list(shares.values()), dtype=np.float64)
            edges = np.cumsum(weights) / weights.sum()
            self.drawn[option] = np.searchsorted(edges, rng.random(self.n), side="right")
        index = list(shares).index(value) if value in shares else -1
        drawn = self.drawn[option]
        mine = drawn if live.order is None else drawn[live.order]
        return mine == index

    def branched(self, item: Any, live: _Live, serve: Any) -> _Live:
        """Run ``serve`` on the requests that take ``item``'s branch; the rest pass by untouched."""
        visit = self.visits(item.branch, live)
        if visit is None:
            return serve(item, live)
        if not visit.any():
            return live
        order = np.arange(self.n) if live.order is None else live.order
        sub = serve(item, _Live(live.t[visit], order[visit], live.in_order, live.w[visit]))
        sub_order = np.arange(self.n)[visit] if sub.order is None else sub.order
        t = np.concatenate((live.t[~visit], sub.t))
        return _Live(t, np.concatenate((order[~visit], sub_order)), _is_sorted(t),
                     np.concatenate((live.w[~visit], sub.w)))

    def delay(self, stage: Stage, live: _Live) -> _Live:
        if stage.branch is not None:
            return self.branched(stage, live, self._delay)
        return self._delay(stage, live)

    def _delay(self, stage: Stage, live: _Live) -> _Live:
        cfg = self.cfg
        if cfg.service_multiplier is None and cfg.extra_delay is None:
            live.t += stage.service_s          # a constant shift keeps the order
            return live
        step: Any = stage.service_s
        if cfg.service_multiplier is not None:
            step = step * np.asarray(cfg.service_multiplier(stage.component, live.t), dtype=np.float64)
        if cfg.extra_delay is not None:
            step = step + np.asarray(cfg.extra_delay(stage.component, live.t), dtype=np.float64)
        live.t += step
        live.in_order = live.in_order and _is_sorted(live.t)
        return live

    def station(self, st: _Station, live: _Live) -> _Live:
        if st.branch is not None:
            return self.branched(st, live, self._station)
        return self._station(st, live)

    def _station(self, st: _Station, live: _Live) -> _Live:
        cfg = self.cfg
        if not live.in_order:
            perm = np.argsort(live.t, kind="stable")
            live.t = live.t[perm]
            live.w = live.w[perm]
            live.order = perm if live.order is None else live.order[perm]
            live.in_order = True
        t = live.t
        base = _variation(np.random.default_rng(self.seeds[1 + st.stream]), self.n, cfg.service_cv)
        s = base if live.order is None else base[live.order]
        s *= st.service_s
        if cfg.service_multiplier is not None:
            s *= np.asarray(cfg.service_multiplier(st.component, t), dtype=np.float64)
        run = fifo_queue(t, s, st.servers, queue_cap=cfg.queue_cap, vectorised=cfg.vectorised)
        arrived = t if run.admitted is None else t[run.admitted]
        busy = np.diff(busy_time(run, self.edges))
        util = busy / (st.servers * self.widths)
        it_w = st.servers * st.peak_w * (self.idle + (1.0 - self.idle) * util)
        if cfg.power_multiplier is not None:
            it_w = it_w * np.asarray(cfg.power_multiplier(st.component, self.mid), dtype=np.float64)
        done = run.start.size
        wait = float(np.mean(run.start - arrived)) if done else math.nan
        if done:
            self.last_busy = max(self.last_busy, float(run.depart.max()))
        self.results[st.stream] = StationResult(
            component=st.component, layer=st.layer, service_s=st.service_s, servers=st.servers,
            peak_w=st.peak_w, offered=cfg.rps * share_of(st.branch, cfg.choices) * st.service_s / st.servers,
            utilisation=float(busy.sum()) / (st.servers * cfg.seconds),
            mean_wait_s=wait, dropped=run.dropped,
            bin_utilisation=util, bin_it_w=it_w)
        if run.admitted is not None and run.dropped:
            live.order = np.flatnonzero(run.admitted) if live.order is None else live.order[run.admitted]
            live.w = live.w[run.admitted]
        live.w += run.start
        live.w -= arrived
        live.t = run.depart
        live.in_order = st.servers == 1        # FIFO single server: departures stay in order
        if cfg.extra_delay is not None:        # time at this component that holds no server
            live.t += np.asarray(cfg.extra_delay(st.component, arrived), dtype=np.float64)
            live.in_order = live.in_order and _is_sorted(live.t)
        return live

    def fork(self, fork: _Fork, live: _Live) -> _Live:
        joined: np.ndarray | None = None
        joined_w: np.ndarray | None = None
        for lane in fork.lanes:
            out = self.chain(lane, live.copy())
            full = np.full(self.n, np.nan)
            full_w = np.zeros(self.n)
            if out.order is None:
                full[:] = out.t
                full_w[:] = out.w
            else:
                full[out.order] = out.t
                full_w[out.order] = out.w
            if joined is None:
                joined, joined_w = full, full_w
            else:                              # the slowest lane's waits are the request's
                later = full > joined
                joined_w = np.where(later, full_w, joined_w)
                joined = np.maximum(joined, full)   # NaN: lost in a lane
        if joined is None:
            return live
        alive = ~np.isnan(joined)
        if alive.all():
            return _Live(joined, None, _is_sorted(joined), joined_w)
        order = np.flatnonzero(alive)
        t = joined[order]
        return _Live(t, order, _is_sorted(t), joined_w[order])


def run_load(elements: Sequence[Element], config: LoadConfig, *, flow: str = "",
             figures: Any = None) -> LoadResult:
    """Push ``config.rps`` requests per second through ``elements`` for ``config.seconds``."""
    wall = time.perf_counter()
    cfg = config
    if cfg.seconds <= 0:
        raise ValueError("seconds must be positive")
    if cfg.bin_s <= 0:
        raise ValueError("bin_s must be positive")
    if cfg.rps < 0:
        raise ValueError("rps must not be negative")
    pue = _figure(PUE_FIGURE if cfg.pue is None else cfg.pue, figures)
    idle = _figure(cfg.idle_fraction, figures)
    chain, stations = plan(elements)
    for st in stations:
        st.servers = _servers_for(st, cfg)

    seeds = np.random.SeedSequence(cfg.seed).spawn(1 + len(stations))
    arrivals = arrival_times(np.random.default_rng(seeds[0]), cfg.rps, cfg.seconds,
                             cfg.arrival_multiplier)
    n = arrivals.size
    nbins = max(1, math.ceil(cfg.seconds / cfg.bin_s - 1e-9))
    edges = np.minimum(np.arange(nbins + 1, dtype=np.float64) * cfg.bin_s, cfg.seconds)
    widths = np.diff(edges)

    runner = _Runner(cfg, n, edges, idle, seeds)
    live = runner.chain(chain, _Live(arrivals.copy(), None, True))
    station_out = [runner.results[st.stream] for st in stations if st.stream in runner.results]

    # latency by arrival time -----------------------------------------------------------------
    t, order, waits = live.t, live.order, live.w
    if order is None:
        arr_done = arrivals
        lost = np.empty(0)
    else:
        if not _is_sorted(order):
            perm = np.argsort(order, kind="stable")
            order, t, waits = order[perm], t[perm], waits[perm]
        arr_done = arrivals[order]
        keep = np.zeros(n, dtype=bool)
        keep[order] = True
        lost = arrivals[~keep]
    latency = t - arr_done
    served = latency.size
    timed = latency > cfg.timeout_s if cfg.timeout_s is not None else np.zeros(served, dtype=bool)

    inner = edges[1:-1]
    bin_requests = np.diff(np.concatenate(([0], np.searchsorted(arrivals, inner), [n])))
    bounds = np.concatenate(([0], np.searchsorted(arr_done, inner), [served]))
    pct = np.full((nbins, len(PERCENTILES)), np.nan)
    for b in range(nbins):
        lo, hi = bounds[b], bounds[b + 1]
        if hi > lo:
            pct[b] = np.percentile(latency[lo:hi], PERCENTILES)
    counted = arr_done >= cfg.warmup_s if cfg.warmup_s > 0 else np.ones(served, dtype=bool)
    kept = latency[counted]
    if kept.size:
        p50, p95, p99 = (float(x) for x in np.percentile(kept, PERCENTILES))
        mean_s, max_s = float(kept.mean()), float(kept.max())
        wait_p50, wait_p99 = (float(x) for x in np.percentile(waits[counted], WAIT_PERCENTILES))
    else:
        p50 = p95 = p99 = mean_s = max_s = wait_p50 = wait_p99 = math.nan
    drain = max(0.0, runner.last_busy - cfg.seconds) if served else 0.0

    # utilisation and power per layer ---------------------------------------------------------
    layers = tuple(sorted({s.layer for s in station_out}))
    util: dict[int, float] = {}
    bin_util: dict[int, np.ndarray] = {}
    bin_layer_w: dict[int, np.ndarray] = {}
    for layer in layers:
        mine = [s for s in station_out if s.layer == layer]
        capacity = sum(s.servers for s in mine)
        util[layer] = sum(s.utilisation * s.servers for s in mine) / capacity
        bin_util[layer] = sum(s.bin_utilisation * s.servers for s in mine) / capacity
        bin_layer_w[layer] = np.asarray(sum(s.bin_it_w for s in mine), dtype=np.float64)
    it_w = np.zeros(nbins)
    for series in bin_layer_w.values():
        it_w += series
    facility_w = it_w * pue

    return LoadResult(
        flow=flow, rps=cfg.rps, seconds=cfg.seconds, seed=cfg.seed, bin_s=cfg.bin_s, pue=pue,
        idle_fraction=idle, timeout_s=cfg.timeout_s, queue_cap=cfg.queue_cap,
        requests=int(n), served=int(served), dropped=int(n - served),
        timed_out=int(np.count_nonzero(timed)),
        p50_s=p50, p95_s=p95, p99_s=p99, mean_s=mean_s, max_s=max_s,
        unloaded_s=unloaded_time(elements, cfg.choices), drain_s=drain, stations=tuple(station_out),
        layers=layers, utilisation=util, peak_it_w=float(it_w.max()),
        peak_facility_w=float(facility_w.max()),
        energy_wh=float(np.sum(facility_w * widths)) / SECONDS_PER_HOUR,
        bin_t=edges[:-1].copy(), bin_requests=bin_requests, bin_dropped=_count_bins(lost, edges),
        bin_timed_out=_count_bins(arr_done[timed], edges),
        bin_p50_s=pct[:, 0].copy(), bin_p95_s=pct[:, 1].copy(), bin_p99_s=pct[:, 2].copy(),
        bin_utilisation=bin_util, bin_layer_it_w=bin_layer_w, bin_it_w=it_w,
        bin_facility_w=facility_w, wall_s=time.perf_counter() - wall,
        wait_p50_s=wait_p50, wait_p99_s=wait_p99, warmup_s=cfg.warmup_s, counted=int(kept.size))


def _count_bins(times: np.ndarray, edges: np.ndarray) -> np.ndarray:
    nbins = edges.size - 1
    if times.size == 0:
        return np.zeros(nbins, dtype=np.int64)
    idx = np.searchsorted(edges[1:-1], times, side="right")
    return np.bincount(idx, minlength=nbins).astype(np.int64)


