"""Run one request through a flow: a deterministic ``Timeline`` of events, power and milestones.

The simulation is a small, exact discrete-event walk, not a sampled physics model: each hop
that applies under the chosen options is placed after the one before it (or, inside a
``group``, beside its siblings), its duration and power come from its rules over named figures,
and modifiers (faults) may stretch, delay or re-power it as it is placed. Power is a step
function per stack layer with a breakpoint at every hop start and end, so ``power_at(t)`` is
one binary search and the plots are exact at every edge.

Given the same flow, options, seed, jitter and modifiers the result is identical. Jitter is off
by default; when asked for, it multiplies each hop's duration by a log-normal factor drawn from
``numpy.random.default_rng(seed)`` in hop order.

Totals: ``latency_s`` is the flow's latency milestone (e.g. first frame), ``energy_it_j`` the
IT-side energy of the request, ``energy_j``/``energy_wh`` the facility side (IT × PUE).
Each event carries its own ``it_j`` and ``facility_j`` (IT × PUE, computed here so no view
recomputes it) and ``cumulative_j`` (facility joules up to its end). ``water_ml`` is on-site
cooling water, IT kWh × WUE (the ``wue`` option, L/kWh: The Green Grid defines WUE per kWh of
IT energy); ``co2_g`` is facility kWh × grid carbon intensity (the ``carbon`` option, g/kWh).

Where the hop stands and what it carries: ``runs_on`` (the layers under it, from the stack's
dependencies: ``desktop.core.sim.path``) and, for network hops, ``pdu`` (the header stack,
outermost first: ``desktop.core.sim.pdu``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping, Sequence

import numpy as np

from desktop.core.sim.figures import Figures, shipped_figures
from desktop.core.sim.flows import (BUILTIN_CHOICES, CARBON_OPTION, PUE_FIGURES, PUE_OPTION,
                                    SITE_OPTIONS, WUE_OPTION, Flow, Hop)
from desktop.core.sim.pdu import Header, flow_pdus
from desktop.core.sim.modifiers import HopState, Modifier
from desktop.core.sim.rules import Scope, Value, describe, evaluate
from desktop.core.sim.series import Series
from desktop.core.stack.reader import LAYER_COUNT
from desktop.core.data.units import joules_to_wh

ML_PER_L = 1000.0
J_PER_KWH = 3.6e6



@dataclass(frozen=True)
class Event:
    """One hop as it happened: when, where in the stack, what it cost and why."""

    index: int
    hop_id: str
    start: float
    end: float
    duration: float                    # the hop's own cost (end − start, without rounding)
    layer: int
    osi: int | None
    component: str
    label: str
    explain: str
    direction: str                     # down / up / across: how the token moved to get here
    latency_s: float                   # what this hop added to the user's wait (critical path)
    energy_j: float                    # IT side
    power_w: float                     # IT side, while active
    figures: tuple[str, ...]
    params: tuple[str, ...]            # scenario parameters and options the rules used
    estimate: bool                     # any C-grade figure involved
    cost_formula: str
    power_formula: str
    group: str | None = None
    lane: str | None = None
    milestone: str | None = None
    modifiers: tuple[str, ...] = ()    # what faults did to this hop
    runs_on: tuple[int, ...] = ()      # layers this hop rests on, its own included
    pdu: tuple[Header, ...] = ()       # network hops: header stack, outermost first
    critical: bool = True              # on the path the user waits for
    pue: float = 1.0
    cumulative_j: float = 0.0          # facility joules of the request up to this hop's end
    effects: tuple[Any, ...] = ()      # structured records of what faults did (faults.EffectRecord)

    @property
    def it_j(self) -> float:
        """IT energy of this hop (the servers' own draw)."""
        return self.energy_j

    @property
    def facility_j(self) -> float:
        """IT energy × PUE: what the building drew for this hop."""
        return self.energy_j * self.pue

    @property
    def overhead_j(self) -> float:
        """The facility's share on top of IT (cooling, power conversion)."""
        return self.facility_j - self.energy_j

    def active_at(self, t: float) -> bool:
        return self.start <= t < self.end or self.start == self.end == t

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "hop": self.hop_id, "start_s": self.start, "end_s": self.end,
                "duration_s": self.duration, "layer": self.layer, "osi": self.osi,
                "component": self.component, "label": self.label, "explain": self.explain,
                "direction": self.direction, "latency_s": self.latency_s, "power_w": self.power_w,
                "energy_j": self.energy_j, "figures": list(self.figures), "params": list(self.params),
                "estimate": self.estimate, "cost": self.cost_formula, "power": self.power_formula,
                "group": self.group, "lane": self.lane, "milestone": self.milestone,
                "modifiers": list(self.modifiers), "runs_on": list(self.runs_on),
                "pdu": [h.to_dict() for h in self.pdu], "critical": self.critical,
                "it_j": self.it_j, "facility_j": self.facility_j, "cumulative_j": self.cumulative_j,
                "effects": [{"source": r.source, "kind": r.kind, "text": r.text, "factor": r.factor,
                             "seconds": r.seconds} for r in self.effects]}


@dataclass(frozen=True, eq=False)
class PowerProfile:
    """IT power per stack layer as a step function: ``it_by_layer[layer, k]`` watts hold on
    ``[times[k], times[k + 1])``; zero before the first and after the last breakpoint."""

    times: np.ndarray                  # shape (n + 1,)
    it_by_layer: np.ndarray            # shape (LAYER_COUNT, n)
    pue: float

    def __post_init__(self) -> None:
        for array in (self.times, self.it_by_layer):
            array.setflags(write=False)

    @property
    def it(self) -> np.ndarray:
        return self.it_by_layer.sum(axis=0)

    @property
    def facility(self) -> np.ndarray:
        return self.it * self.pue

    def _interval(self, t: float) -> int:
        k = int(np.searchsorted(self.times, t, side="right")) - 1
        return k if 0 <= k < self.it_by_layer.shape[1] else -1

    def layers_at(self, t: float) -> np.ndarray:
        k = self._interval(t)
        return self.it_by_layer[:, k] if k >= 0 else np.zeros(LAYER_COUNT)

    def it_at(self, t: float) -> float:
        return float(self.layers_at(t).sum())

    def facility_at(self, t: float) -> float:
        return self.it_at(t) * self.pue

    def sample(self, grid: np.ndarray) -> np.ndarray:
        """IT watts per layer at each time of ``grid``: shape (LAYER_COUNT, len(grid))."""
        grid = np.asarray(grid, dtype=np.float64)
        out = np.zeros((LAYER_COUNT, len(grid)))
        k = np.searchsorted(self.times, grid, side="right") - 1
        ok = (k >= 0) & (k < self.it_by_layer.shape[1])
        out[:, ok] = self.it_by_layer[:, k[ok]]
        return out

    def energy_it_j(self) -> float:
        return float((self.it * np.diff(self.times)).sum())

    def cumulative_it_j(self, grid: np.ndarray) -> np.ndarray:
        """IT joules drawn from 0 up to each time of ``grid``: exact, since power is a step
        function (linear between breakpoints), for a "cumulative joules" curve."""
        grid = np.asarray(grid, dtype=np.float64)
        at_breaks = np.concatenate(([0.0], np.cumsum(self.it * np.diff(self.times))))
        return np.interp(grid, self.times, at_breaks, left=0.0, right=float(at_breaks[-1]))

    def energy_by_layer_j(self) -> np.ndarray:
        return (self.it_by_layer * np.diff(self.times)).sum(axis=1)

    def peak_it_w(self) -> float:
        return float(self.it.max()) if self.it.size else 0.0


@dataclass(frozen=True, eq=False)
class Timeline:
    flow_id: str
    title: str
    options: Mapping[str, Value]
    seed: int
    jitter: float
    events: tuple[Event, ...]
    milestones: Mapping[str, float]
    milestone_labels: Mapping[str, str]
    latency_milestone: str | None
    latency_s: float
    end_s: float
    pue: float
    pue_figure: str | None
    energy_it_j: float
    power: PowerProfile
    series: Mapping[str, Series] = field(default_factory=dict)
    modifiers: tuple[str, ...] = ()    # names of the modifiers (faults) in force, each once
    figures_used: tuple[str, ...] = ()
    wue: float = 0.0                   # L per kWh of IT energy
    carbon: float = 0.0                # g CO2e per kWh of facility energy

    @property
    def water_ml(self) -> float:
        """On-site cooling water for this request, mL (IT kWh × WUE)."""
        return self.energy_it_j / J_PER_KWH * self.wue * ML_PER_L

    @property
    def co2_g(self) -> float:
        """Grid carbon for this request, g CO2e (facility kWh × intensity)."""
        return self.energy_j / J_PER_KWH * self.carbon

    # totals --------------------------------------------------------------------------------
    @property
    def energy_j(self) -> float:
        """Facility-side energy for this one request: IT energy × PUE."""
        return self.energy_it_j * self.pue

    @property
    def energy_wh(self) -> float:
        return joules_to_wh(self.energy_j)

    @property
    def peak_it_w(self) -> float:
        return self.power.peak_it_w()

    @property
    def peak_facility_w(self) -> float:
        return self.peak_it_w * self.pue

    @property
    def estimate(self) -> bool:
        return any(e.estimate for e in self.events)

    def cumulative_facility_j(self, grid: np.ndarray) -> np.ndarray:
        """Facility joules (IT × PUE) of this request from 0 up to each time of ``grid``."""
        return self.power.cumulative_it_j(grid) * self.pue

    # queries for playback ------------------------------------------------------------------
    def power_at(self, t: float) -> tuple[float, float]:
        """(IT watts, facility watts) at simulated time ``t``."""
        it = self.power.it_at(t)
        return it, it * self.pue

    def active(self, t: float) -> tuple[int, ...]:
        """Indices of the events running at ``t`` (parallel hops give several)."""
        return tuple(e.index for e in self.events if e.active_at(t))

    def elapsed(self, index: int) -> float:
        """Cumulative latency up to the end of event ``index`` (on the critical path)."""
        return sum(e.latency_s for e in self.events[: index + 1])

    def to_dict(self, *, power: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "flow": self.flow_id, "title": self.title, "options": dict(self.options),
            "seed": self.seed, "jitter": self.jitter, "pue": self.pue, "pue_figure": self.pue_figure,
            "latency_s": self.latency_s, "latency_milestone": self.latency_milestone,
            "end_s": self.end_s, "energy_it_j": self.energy_it_j, "energy_j": self.energy_j,
            "energy_wh": self.energy_wh, "peak_it_w": self.peak_it_w,
            "peak_facility_w": self.peak_facility_w, "milestones": dict(self.milestones),
            "milestone_labels": dict(self.milestone_labels), "estimate": self.estimate,
            "figures_used": list(self.figures_used), "modifiers": list(self.modifiers),
            "water_ml": self.water_ml, "co2_g": self.co2_g, "wue_l_per_kwh": self.wue,
            "carbon_g_per_kwh": self.carbon,
            "events": [e.to_dict() for e in self.events],
        }
        if power:
            out["power"] = {"times": self.power.times.tolist(), "it_w": self.power.it.tolist(),
                            "facility_w": self.power.facility.tolist(),
                            "it_by_layer_w": self.power.it_by_layer.tolist()}
            out["series"] = {name: s.to_dict() for name, s in self.series.items()}
        return out


# --- placing hops -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Placed:
    hop: Hop
    state: HopState
    cost_formula: str
    power_formula: str
    figures: tuple[str, ...]
    params: tuple[str, ...]
    direction: str
    critical: bool
    order: int


class _Placer:
    """Places the hops that apply, in file order, honouring groups and lanes."""

    def __init__(self, figures: Figures, values: Mapping[str, Value], *, rng: np.random.Generator,
                 jitter: float, modifiers: Sequence[Modifier], baseline: Mapping[str, float]) -> None:
        self.figures = figures
        self.values = values
        self.rng = rng
        self.jitter = jitter
        self.modifiers = modifiers
        self.baseline = baseline
        self.placed: list[_Placed] = []

    def run(self, hops: Sequence[Hop]) -> list[_Placed]:
        hops = [h for h in hops if h.applies(self.values)]
        t, layer, i = 0.0, None, 0
        while i < len(hops):
            group = hops[i].group
            if group is None:
                placed = self._place(hops[i], t, layer, critical=True)
                t, layer, i = placed.state.end, placed.hop.layer, i + 1
                continue
            j = i
            while j < len(hops) and hops[j].group == group:
                j += 1
            t, layer = self._group(hops[i:j], t, layer)
            i = j
        return self.placed

    def _group(self, block: Sequence[Hop], start: float, layer: int | None) -> tuple[float, int | None]:
        """Lanes start together; each lane runs in sequence; the group ends with its longest lane."""
        lanes: dict[str, list[Hop]] = {}
        for hop in block:
            lanes.setdefault(hop.lane or hop.id, []).append(hop)
        results: list[tuple[float, list[_Placed]]] = []
        for lane in lanes.values():
            t, lane_layer, done = start, layer, []
            for hop in lane:
                placed = self._place(hop, t, lane_layer, critical=False)
                done.append(placed)
                t, lane_layer = placed.state.end, hop.layer
            results.append((t, done))
        end, longest = max(results, key=lambda r: r[0])   # first of equals wins: stable
        for placed in longest:
            self.placed[placed.order] = _replace_critical(placed)
        return end, longest[-1].hop.layer

    def _place(self, hop: Hop, start: float, previous_layer: int | None, *, critical: bool) -> _Placed:
        scope = Scope(self.figures, self.values, start=start, baseline_start=self.baseline.get(hop.id))
        cost = evaluate(hop.cost, scope)
        power = evaluate(hop.power, scope)
        duration = cost.value
        if self.jitter > 0:
            duration *= float(self.rng.lognormal(0.0, self.jitter))
        state = HopState(hop.id, hop.component, hop.layer, start, duration, power.value)
        for modifier in self.modifiers:
            state = modifier.apply(state)
        figures = tuple(dict.fromkeys(scope.used_figures + list(state.figures)))
        placed = _Placed(hop, state, describe(cost, "cost"), describe(power, "power"), figures,
                         tuple(scope.used_values), hop.direction or _direction(previous_layer, hop.layer),
                         critical, len(self.placed))
        self.placed.append(placed)
        return placed


def _replace_critical(placed: _Placed) -> _Placed:
    return _Placed(placed.hop, placed.state, placed.cost_formula, placed.power_formula, placed.figures,
                   placed.params, placed.direction, True, placed.order)


def _direction(previous: int | None, layer: int) -> str:
    if previous is None or layer < previous:
        return "down"
    return "up" if layer > previous else "across"


def _uses_remainder(flow: Flow) -> bool:
    return any(h.cost.rule == "remainder" for h in flow.hops)


def _baseline(flow: Flow, values: Mapping[str, Value], figures: Figures) -> dict[str, float]:
    """Hop start times in the reference run that a measured end-to-end figure describes.

    A rule ``remainder`` (the player's share of Netflix's measured 2 s to first frame) is the
    figure minus what the flow's *default* run spends before that hop; so changing distance,
    connection, cache or a parameter moves the milestone by exactly the difference it makes.
    The flow's own choice options (``player: industry``) pick which measurement applies, so
    they keep the value chosen.
    """
    reference = flow.defaults()
    for option in flow.options:
        if option.choices and option.name not in BUILTIN_CHOICES:
            reference[option.name] = values[option.name]
    placer = _Placer(figures, reference, rng=np.random.default_rng(0), jitter=0.0, modifiers=(),
                     baseline={})
    return {p.hop.id: p.state.start for p in placer.run(flow.hops)}


# --- the entry point ----------------------------------------------------------------------------

def simulate(flow: Flow, options: Mapping[str, Any] | None = None, *, seed: int = 0,
             jitter: float = 0.0, modifiers: Sequence[Modifier] = (),
             figures: Figures | None = None) -> Timeline:
    """Run ``flow`` once under ``options`` (overrides of its defaults; see ``Flow.resolve``).

    ``modifiers`` (from faults) are applied in order to every hop as it is placed. Raises
    ValueError for a bad option value or a negative jitter.
    """
    if jitter < 0:
        raise ValueError(f"jitter must be 0 or more, found {jitter:g}")
    figures = figures or shipped_figures()
    modifiers = [m.fresh() if hasattr(m, "fresh") else m for m in modifiers]   # no state across runs
    values = flow.resolve(options, figures)
    baseline = _baseline(flow, values, figures) if _uses_remainder(flow) else {}
    placer = _Placer(figures, values, rng=np.random.default_rng(seed), jitter=jitter,
                     modifiers=modifiers, baseline=baseline)
    placed = sorted(placer.run(flow.hops), key=lambda p: (p.state.start, p.order))
    pue = float(values[PUE_OPTION])
    pdus = flow_pdus([_Wire(p) for p in placed], flow.protocol, values)
    events = _cumulate(tuple(_event(i, p, figures, pue, pdus.get(p.hop.id, ()))
                             for i, p in enumerate(placed)))

    end_s = max((e.end for e in events), default=0.0)
    milestones: dict[str, float] = {}
    for e in events:
        if e.milestone:
            milestones[e.milestone] = max(milestones.get(e.milestone, 0.0), e.end)
    latency = milestones.get(flow.latency, end_s) if flow.latency else end_s
    pue_figure = next((n for n in PUE_FIGURES if n in figures and figures[n] == pue), None)
    series: dict[str, Series] = {}
    for modifier in modifiers:
        for s in modifier.series(end_s):
            series[s.name] = s
    site = [_site_figure(flow, name, values, figures) for name in SITE_OPTIONS]
    used = [f for e in events for f in e.figures] + ([pue_figure] if pue_figure else []) + \
        [f for f in site if f]
    return Timeline(
        flow_id=flow.id, title=flow.title, options=MappingProxyType(dict(values)), seed=seed,
        jitter=jitter, events=events, milestones=MappingProxyType(milestones),
        milestone_labels=MappingProxyType({m.id: m.label for m in flow.milestones}),
        latency_milestone=flow.latency if flow.latency in milestones else None, latency_s=latency,
        end_s=end_s, pue=pue, pue_figure=pue_figure, energy_it_j=sum(e.energy_j for e in events),
        power=_profile(events, pue), series=MappingProxyType(series),
        modifiers=tuple(dict.fromkeys(m.name for m in modifiers)), figures_used=tuple(dict.fromkeys(used)),
        wue=float(values.get(WUE_OPTION, 0.0)), carbon=float(values.get(CARBON_OPTION, 0.0)))


def _site_figure(flow: Flow, name: str, values: Mapping[str, Value], figures: Figures) -> str | None:
    """The figure a water or carbon option's value came from, if it is one."""
    try:
        spec = flow.option(name)
    except KeyError:
        return None
    if spec.figure and spec.figure in figures and figures[spec.figure] == values.get(name):
        return spec.figure
    default = SITE_OPTIONS[name][0]
    return next((f.name for f in figures if f.unit == figures.get(default).unit
                 and f.value == values.get(name)), None) if default in figures else None


class _Wire:
    """What ``pdu.flow_pdus`` needs of a placed hop."""

    def __init__(self, p: "_Placed") -> None:
        self.id, self.component, self.layer = p.hop.id, p.hop.component, p.hop.layer
        self.osi, self.cost = p.hop.osi, p.hop.cost
        self.up = p.direction == "up"


def _cumulate(events: tuple[Event, ...]) -> tuple[Event, ...]:
    """Each event's facility joules up to its end, counting every hop that ended by then."""
    from dataclasses import replace

    ends = sorted((e.end, e.facility_j) for e in events)
    out = []
    for e in events:
        total = sum(j for end, j in ends if end <= e.end)
        out.append(replace(e, cumulative_j=total))
    return tuple(out)


def _event(index: int, p: _Placed, figures: Figures, pue: float = 1.0,
           pdu: tuple[Header, ...] = ()) -> Event:
    s = p.state
    return Event(index=index, hop_id=p.hop.id, start=s.start, end=s.end, duration=s.duration,
                 layer=p.hop.layer,
                 osi=p.hop.osi, component=p.hop.component, label=p.hop.label, explain=p.hop.explain,
                 direction=p.direction, latency_s=s.duration if p.critical else 0.0,
                 energy_j=s.power_w * s.duration, power_w=s.power_w, figures=p.figures,
                 params=p.params, estimate=any(figures.get(f).estimate for f in p.figures if f in figures),
                 cost_formula=p.cost_formula, power_formula=p.power_formula, group=p.hop.group,
                 lane=p.hop.lane, milestone=p.hop.milestone, modifiers=s.notes,
                 runs_on=p.hop.runs_on or (p.hop.layer,), pdu=pdu, critical=p.critical, pue=pue,
                 effects=s.effects)


def _profile(events: Sequence[Event], pue: float) -> PowerProfile:
    times = np.unique(np.array([0.0] + [e.start for e in events] + [e.end for e in events]))
    it = np.zeros((LAYER_COUNT, max(len(times) - 1, 0)))
    for e in events:
        if e.power_w and e.end > e.start:
            a, b = np.searchsorted(times, [e.start, e.end])
            it[e.layer, a:b] += e.power_w
    return PowerProfile(times, it, pue)
