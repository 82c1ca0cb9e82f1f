"""Load mode's data: what goes in (stages, parallel lanes, schedules, the config) and what
comes out (per-station and whole-run results). No computation beyond small properties."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Union

import numpy as np

CHOICE_SALT = 20_251_201               # seeds the per-request draws of an option, apart from service
PERCENTILES = (50.0, 95.0, 99.0)
WAIT_PERCENTILES = (50.0, 99.0)
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
    branch: tuple[str, str] | None = None   # (option, value): only requests that drew this value
                                            # (a cache miss) visit it; see LoadConfig.choices


@dataclass(frozen=True)
class Parallel:
    """Lanes that start together (fork); the request goes on when the slowest is done (join)."""

    lanes: tuple[tuple["Element", ...], ...]


Element = Union[Stage, Parallel]


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
    warmup_s: float = 0.0                            # requests arriving before this are not counted
    choices: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    # per request, each option draws one of its values with these shares ({"cache": {"hit": 0.9,
    # "miss": 0.1}}): the world's own randomness, where one request hits and the next misses


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
    wait_p50_s: float = math.nan        # time spent queued (no service), over counted requests
    wait_p99_s: float = math.nan
    warmup_s: float = 0.0
    counted: int = 0                    # completed requests that arrived after the warm-up

    @property
    def bottleneck_utilisation(self) -> float:
        """How busy the busiest resource was (busy server-seconds over capacity)."""
        b = self.bottleneck
        return b.utilisation if b is not None else math.nan

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
            "utilisation": _num(self.bottleneck.offered) if self.bottleneck else None,
            "bottleneck": ({"component": self.bottleneck.component, "layer": name(self.bottleneck.layer),
                            "offered": self.bottleneck.offered, "busy": self.bottleneck.utilisation}
                           if self.bottleneck else None),
            "utilisation_by_layer": {name(n): self.utilisation[n] for n in self.layers},
            "wait_p50_s": _num(self.wait_p50_s), "wait_p99_s": _num(self.wait_p99_s),
            "warmup_s": self.warmup_s, "counted": self.counted,
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


