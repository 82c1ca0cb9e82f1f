"""Load mode: many requests per second of one flow through the same resources, with queueing.

A flow's hops become a chain of stages. A hop that holds a resource (a CPU, a GPU, a database)
is a **station**: a FIFO queue in front of ``c`` servers. A hop that only takes time (light in a
fibre, a handshake round trip, the user's phone) is a **delay**: it adds its time and never
queues. Hops that run in parallel (a flow's ``group``) become a ``Parallel`` of lanes: the
request forks, each lane runs its stages, and it goes on when the slowest lane is done.

Requests arrive as a Poisson stream at ``rps`` for ``seconds``. Each station's departures are the
next stage's arrivals, computed a whole station at a time (``desktop.core.sim.queueing``: Lindley's
recursion as a cumulative sum and a running maximum), so a million requests cost a few hundredths
of a second per station instead of a Python loop per request.

Modelling choices, stated once:

- One station per component. A flow that visits a component twice (a gateway on the way in and
  on the way out) puts the sum of both service times at its first visit: the work the resource
  does per request, hence its utilisation and power, is exact; only the order of the visits
  within one request is simplified.
- Service time at a station is the hop's time times a random factor of mean 1: exponential by
  default (``service_cv=1``), constant with ``service_cv=0``, gamma for any other coefficient of
  variation. Delays are constant.
- ``servers`` is per resource; ``None`` sizes each station to the smallest ``c`` that keeps it at
  ``target_utilisation`` at the requested rate (a planning choice, reported per station).
- A request is **dropped** when a station's waiting room (``queue_cap`` per station) is full: it
  does no further work. It **times out** when its end-to-end latency exceeds ``timeout_s``: the
  client gave up, but the servers did the work anyway (work done for nobody). Latency
  percentiles are over every request that completed, timed out or not, so they never hide the
  slow ones.
- Utilisation is busy server-seconds over ``servers × time`` within ``[0, seconds]``; work still
  queued at the end shows as ``drain_s``. IT power of a station is
  ``c × peak × (idle + (1 - idle) × utilisation)`` with ``idle`` = ``server.idle`` (Barroso &
  Hölzle 2007); facility power = IT power × PUE (``pue.industry`` by default, or ``pue.google``).

Hooks for faults (all optional, all vectorised over a time array):

- ``arrival_multiplier(t)`` scales the arrival rate (a retry storm doubles it);
- ``service_multiplier(component, t)`` scales service time at a component for requests that
  reach it at ``t`` (a chiller trip throttles GPUs to half speed: ``gpu.throttle``);
- ``extra_delay(component, t)`` adds seconds that hold no server (a DNS timeout), after the
  component's service for a station;
- ``power_multiplier(component, t)`` scales a component's power over time.

``Schedule`` (piecewise constant) and ``Slowdowns`` (schedules per component) build them by hand;
``hooks_from_modifiers`` builds them from the flow simulation's fault modifiers.

Deterministic per seed: arrivals and each station draw from their own stream of one
``numpy.random.SeedSequence``, and each request keeps its own service draws whatever the order,
so two runs that differ only in a fault see the same requests needing the same work.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Mapping, Sequence, Union

import numpy as np

from desktop.core.sim.queueing import busy_time, fifo_queue
from desktop.core.data.units import SECONDS_PER_HOUR

PERCENTILES = (50.0, 95.0, 99.0)
PUE_FIGURE = "pue.industry"            # Uptime Institute 2025 average; "pue.google" for 1.09
IDLE_FIGURE = "server.idle"            # idle draw as a share of peak (Barroso & Hölzle 2007)
DEFAULT_TARGET_UTILISATION = 0.7       # automatic sizing headroom: a planning choice, not a figure
DEFAULT_TIMEOUT_S = 30.0               # a common client timeout: a parameter, not a figure

ArrivalHook = Callable[[np.ndarray], Any]
ComponentHook = Callable[[str, np.ndarray], Any]


# ---------------------------------------------------------------------------------------------
# inputs
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Stage:
    """One hop as load mode sees it.

    ``service_s`` is the hop's time for one request; ``peak_w`` the draw of one busy server of
    this resource. ``queues=False`` marks a pure delay (wire time): no server, no queue, no power.
    """

    component: str
    layer: int
    service_s: float
    peak_w: float = 0.0
    queues: bool = True
    label: str = ""


@dataclass(frozen=True)
class Parallel:
    """Lanes that start together (fork); the request goes on when the slowest is done (join)."""

    lanes: tuple[tuple["Element", ...], ...]


Element = Union[Stage, Parallel]


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
    def window(cls, start: float, stop: float, factor: float, base: float = 1.0) -> "Schedule":
        """``factor`` from ``start`` to ``stop``, ``base`` elsewhere: the shape of most faults."""
        return cls((start, stop), (factor, base), base)

    def __call__(self, t: np.ndarray) -> np.ndarray:
        levels = np.asarray((self.base, *self.values), dtype=np.float64)
        return levels[np.searchsorted(np.asarray(self.times, dtype=np.float64), t, side="right")]

    def __mul__(self, other: "Schedule") -> "Schedule":
        """Two schedules at once (two faults on one resource compound)."""
        times = tuple(sorted(set(self.times) | set(other.times)))
        at = np.asarray(times, dtype=np.float64)
        values = tuple(float(v) for v in self(at) * other(at)) if times else ()
        return Schedule(times, values, self.base * other.base)


@dataclass(frozen=True)
class Slowdowns:
    """A per-component hook from schedules keyed by component id; ``"*"`` applies to every
    component and multiplies with any specific entry. ``add=True`` sums instead (extra delay)."""

    by_component: Mapping[str, Callable[[np.ndarray], Any]] = field(default_factory=dict)
    add: bool = False

    def __call__(self, component: str, t: np.ndarray) -> np.ndarray | float:
        out: np.ndarray | float = 0.0 if self.add else 1.0
        for key in ("*", component):
            fn = self.by_component.get(key)
            if fn is not None:
                value = np.asarray(fn(t), dtype=np.float64)
                out = out + value if self.add else out * value
        return out


@dataclass(frozen=True)
class LoadConfig:
    rps: float
    seconds: float
    servers: int | Mapping[str, int] | None = None   # per resource; a mapping may hold "*"
    target_utilisation: float = DEFAULT_TARGET_UTILISATION
    seed: int = 0
    service_cv: float = 1.0                          # 1 exponential, 0 constant, else gamma
    timeout_s: float | None = DEFAULT_TIMEOUT_S
    queue_cap: int | None = None                     # waiting room per station; None: unbounded
    bin_s: float = 1.0
    pue: float | str | None = None                   # a number or a figure name; None: the
                                                     # flow's pue option, else pue.industry
    idle_fraction: float | str = IDLE_FIGURE
    arrival_multiplier: ArrivalHook | None = None
    service_multiplier: ComponentHook | None = None
    extra_delay: ComponentHook | None = None
    power_multiplier: ComponentHook | None = None
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
    peak_w: float           # one busy server
    offered: float          # λ × service / servers at the nominal rate; above 1 the queue grows
    utilisation: float      # busy / (servers × seconds), 0…1
    mean_wait_s: float      # mean time queued here (admitted requests); NaN if none
    dropped: int
    bin_utilisation: np.ndarray
    bin_it_w: np.ndarray


@dataclass
class LoadResult:
    """Everything the Load view plots.

    ``bin_*`` arrays hold one value per time bin of ``bin_s`` starting at ``bin_t``. Latency
    percentiles and request counts are binned by arrival time (what a request arriving then
    experienced); utilisation and power by clock time. Percentiles are NaN in a bin where no
    request completed.
    """

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
    unloaded_s: float                   # the flow's time with no queueing (mean service times)
    drain_s: float                      # after ``seconds``, how long the resources stayed busy
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

    @property
    def bottleneck(self) -> StationResult | None:
        """The busiest station: where the queue builds first."""
        return max(self.stations, key=lambda s: s.offered, default=None)

    def to_json(self, layer_ids: Mapping[int, str] | None = None) -> dict[str, Any]:
        """A plain dict for ``--json``; layers keyed by id when ``layer_ids`` is given."""
        name = _namer(layer_ids)
        return {
            "flow": self.flow, "rps": self.rps, "seconds": self.seconds, "seed": self.seed,
            "requests": self.requests, "served": self.served, "dropped": self.dropped,
            "timed_out": self.timed_out, "timeout_s": self.timeout_s, "queue_cap": self.queue_cap,
            "p50_s": _num(self.p50_s), "p95_s": _num(self.p95_s), "p99_s": _num(self.p99_s),
            "mean_s": _num(self.mean_s), "max_s": _num(self.max_s),
            "unloaded_s": self.unloaded_s, "drain_s": self.drain_s,
            "utilisation": {name(n): self.utilisation[n] for n in self.layers},
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
        name = _namer(layer_ids)
        cols: list[tuple[str, np.ndarray]] = [
            ("t_s", self.bin_t), ("requests", self.bin_requests), ("dropped", self.bin_dropped),
            ("timed_out", self.bin_timed_out), ("p50_s", self.bin_p50_s),
            ("p95_s", self.bin_p95_s), ("p99_s", self.bin_p99_s)]
        cols += [(f"util_{name(n)}", self.bin_utilisation[n]) for n in self.layers]
        cols += [(f"it_w_{name(n)}", self.bin_layer_it_w[n]) for n in self.layers]
        cols += [("it_w", self.bin_it_w), ("facility_w", self.bin_facility_w)]
        rows = np.column_stack([c for _h, c in cols]).tolist() if len(self.bin_t) else []
        return [h for h, _c in cols], rows


def _namer(layer_ids: Mapping[int, str] | None) -> Callable[[int], str]:
    if not layer_ids:
        return str
    return lambda n: layer_ids.get(n, str(n))


def _num(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


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
            elif item.component in seen:
                st = seen[item.component]
                st.service_s += item.service_s
                st.peak_w = max(st.peak_w, item.peak_w)
            else:
                st = _Station(item.component, item.layer, item.service_s, item.peak_w, len(seen))
                seen[item.component] = st
                out.append(st)
        return out

    chain = walk(elements)
    return chain, list(seen.values())


def unloaded_time(elements: Sequence[Element]) -> float:
    """The flow's time with no queueing: stages add up, parallel lanes take the slowest."""
    total = 0.0
    for item in elements:
        if isinstance(item, Parallel):
            total += max((unloaded_time(lane) for lane in item.lanes), default=0.0)
        else:
            total += item.service_s
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

    def copy(self) -> "_Live":
        return _Live(self.t.copy(), self.order, self.in_order)


class _Runner:
    def __init__(self, cfg: LoadConfig, n: int, edges: np.ndarray, idle: float,
                 seeds: list[np.random.SeedSequence]) -> None:
        self.cfg, self.n, self.edges, self.idle, self.seeds = cfg, n, edges, idle, seeds
        self.widths = np.diff(edges)
        self.mid = 0.5 * (edges[:-1] + edges[1:])
        self.results: dict[int, StationResult] = {}
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

    def delay(self, stage: Stage, live: _Live) -> _Live:
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
        cfg = self.cfg
        if not live.in_order:
            perm = np.argsort(live.t, kind="stable")
            live.t = live.t[perm]
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
            peak_w=st.peak_w, offered=cfg.rps * st.service_s / st.servers,
            utilisation=float(busy.sum()) / (st.servers * cfg.seconds),
            mean_wait_s=wait, dropped=run.dropped,
            bin_utilisation=util, bin_it_w=it_w)
        if run.admitted is not None and run.dropped:
            live.order = np.flatnonzero(run.admitted) if live.order is None else live.order[run.admitted]
        live.t = run.depart
        live.in_order = st.servers == 1        # FIFO single server: departures stay in order
        if cfg.extra_delay is not None:        # time at this component that holds no server
            live.t += np.asarray(cfg.extra_delay(st.component, arrived), dtype=np.float64)
            live.in_order = live.in_order and _is_sorted(live.t)
        return live

    def fork(self, fork: _Fork, live: _Live) -> _Live:
        joined: np.ndarray | None = None
        for lane in fork.lanes:
            out = self.chain(lane, live.copy())
            full = np.full(self.n, np.nan)
            if out.order is None:
                full[:] = out.t
            else:
                full[out.order] = out.t
            joined = full if joined is None else np.maximum(joined, full)   # NaN: lost in a lane
        if joined is None:
            return live
        alive = ~np.isnan(joined)
        if alive.all():
            return _Live(joined, None, _is_sorted(joined))
        order = np.flatnonzero(alive)
        t = joined[order]
        return _Live(t, order, _is_sorted(t))


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
    t, order = live.t, live.order
    if order is None:
        arr_done = arrivals
        lost = np.empty(0)
    else:
        if not _is_sorted(order):
            perm = np.argsort(order, kind="stable")
            order, t = order[perm], t[perm]
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
    if served:
        p50, p95, p99 = (float(x) for x in np.percentile(latency, PERCENTILES))
        mean_s, max_s = float(latency.mean()), float(latency.max())
        drain = max(0.0, runner.last_busy - cfg.seconds)
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
        unloaded_s=unloaded_time(elements), drain_s=drain, stations=tuple(station_out),
        layers=layers, utilisation=util, peak_it_w=float(it_w.max()),
        peak_facility_w=float(facility_w.max()),
        energy_wh=float(np.sum(facility_w * widths)) / SECONDS_PER_HOUR,
        bin_t=edges[:-1].copy(), bin_requests=bin_requests, bin_dropped=_count_bins(lost, edges),
        bin_timed_out=_count_bins(arr_done[timed], edges),
        bin_p50_s=pct[:, 0].copy(), bin_p95_s=pct[:, 1].copy(), bin_p99_s=pct[:, 2].copy(),
        bin_utilisation=bin_util, bin_layer_it_w=bin_layer_w, bin_it_w=it_w,
        bin_facility_w=facility_w, wall_s=time.perf_counter() - wall)


def _count_bins(times: np.ndarray, edges: np.ndarray) -> np.ndarray:
    nbins = edges.size - 1
    if times.size == 0:
        return np.zeros(nbins, dtype=np.int64)
    idx = np.searchsorted(edges[1:-1], times, side="right")
    return np.bincount(idx, minlength=nbins).astype(np.int64)


# ---------------------------------------------------------------------------------------------
# from a flow
# ---------------------------------------------------------------------------------------------
# Cost rules that are time in transit, not work on a server: light in fibre, handshake round
# trips, a trip through the datacenter network. Such hops never queue in load mode.
TRANSIT_RULES = ("wire", "handshake", "dc_trip")


def hop_queues(hop: Any) -> bool:
    """Does this hop hold a datacenter resource (and so queue)? It must draw datacenter power
    (its power rule is not ``none``: not the user's phone, not the public internet) and its cost
    must be work rather than transit (not one of ``TRANSIT_RULES``)."""
    return hop.power.rule != "none" and hop.cost.rule not in TRANSIT_RULES


def elements_for_flow(flow: Any, options: Mapping[str, Any] | None = None, *,
                      figures: Any = None) -> list[Element]:
    """The flow's hops under ``options`` as load-mode stages, timed by the flow simulation.

    Each hop's service time is its duration in a fault-free ``simulate`` run; its ``peak_w`` is
    its power rule re-evaluated with ``util = 1`` (a server of a station is one request's worth
    of the resource: for a batched GPU, one batch slot, drawing the hop's share of the GPU).
    Consecutive hops of a ``group`` become a ``Parallel``, one lane per ``lane`` (or per hop).
    """
    from desktop.core.sim.figures import shipped_figures
    from desktop.core.sim.rules import Call, Scope, evaluate
    from desktop.core.sim.simulation import simulate

    figures = figures or shipped_figures()
    timeline = simulate(flow, options, figures=figures)
    events = {e.hop_id: e for e in timeline.events}
    values = dict(timeline.options)

    def stage(hop: Any) -> Stage:
        event = events[hop.id]
        queues = hop_queues(hop)
        peak = 0.0
        if queues:
            args = tuple((k, 1.0) if k == "util" else (k, v) for k, v in hop.power.args)
            peak = evaluate(Call(hop.power.rule, args), Scope(figures, values)).value
        return Stage(hop.component, hop.layer, event.duration, peak, queues, hop.label)

    hops = [h for h in flow.hops if h.id in events]
    out: list[Element] = []
    i = 0
    while i < len(hops):
        group = hops[i].group
        if group is None:
            out.append(stage(hops[i]))
            i += 1
            continue
        lanes: dict[str, list[Element]] = {}
        while i < len(hops) and hops[i].group == group:
            lanes.setdefault(hops[i].lane or hops[i].id, []).append(stage(hops[i]))
            i += 1
        out.append(Parallel(tuple(tuple(lane) for lane in lanes.values())))
    return out


def run_flow_load(flow: Any, config: LoadConfig, options: Mapping[str, Any] | None = None, *,
                  figures: Any = None) -> LoadResult:
    """``run_load`` on a ``Flow`` under ``options``; PUE defaults to the flow's ``pue`` option."""
    elements = elements_for_flow(flow, options, figures=figures)
    if config.pue is None:
        from desktop.core.sim.figures import shipped_figures

        values = flow.resolve(options, figures or shipped_figures())
        if "pue" in values:
            config = replace(config, pue=float(values["pue"]))
    return run_load(elements, config, flow=flow.id, figures=figures)


def components_of(elements: Sequence[Element]) -> dict[str, int]:
    """Component id → layer for every stage, parallel lanes included."""
    out: dict[str, int] = {}
    for item in elements:
        if isinstance(item, Parallel):
            for lane in item.lanes:
                out.update(components_of(lane))
        else:
            out.setdefault(item.component, item.layer)
    return out


def hooks_from_modifiers(modifiers: Sequence[Any], elements: Sequence[Element]) -> dict[str, Any]:
    """``LoadConfig`` hook fields from the flow simulation's modifiers (``desktop.core.sim.modifiers``):
    ``ScaleTime`` → ``service_multiplier``, ``AddDelay`` → ``extra_delay``, ``ScalePower`` →
    ``power_multiplier``. Each holds from its ``start`` to its ``stop`` on its target's components
    or layers; several on one component multiply (delays add). Use with ``dataclasses.replace``.
    Other modifiers (a temperature ramp) change no request and are skipped.
    """
    from desktop.core.sim.modifiers import AddDelay, ScalePower, ScaleTime

    layer_of = components_of(elements)
    kinds: dict[str, tuple[type, str, bool]] = {
        "service_multiplier": (ScaleTime, "factor", False),
        "extra_delay": (AddDelay, "seconds", True),
        "power_multiplier": (ScalePower, "factor", False),
    }
    out: dict[str, Any] = {}
    for field_name, (cls, attr, add) in kinds.items():
        per: dict[str, Schedule] = {}
        for mod in modifiers:
            if not isinstance(mod, cls):
                continue
            level = float(getattr(mod, attr))
            sched = Schedule((mod.start, mod.stop), (level, 0.0 if add else 1.0), 0.0 if add else 1.0) \
                if math.isfinite(mod.stop) else Schedule((mod.start,), (level,), 0.0 if add else 1.0)
            for comp, layer in layer_of.items():
                if mod.target.matches(comp, layer):
                    old = per.get(comp)
                    per[comp] = sched if old is None else _combine(old, sched, add)
        if per:
            out[field_name] = Slowdowns(per, add=add)
    return out


def _combine(a: Schedule, b: Schedule, add: bool) -> Schedule:
    if not add:
        return a * b
    times = tuple(sorted(set(a.times) | set(b.times)))
    at = np.asarray(times, dtype=np.float64)
    return Schedule(times, tuple(float(v) for v in a(at) + b(at)), a.base + b.base)
