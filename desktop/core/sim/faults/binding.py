"""Binding a fault to a moment and parameter values, and what a bound fault does: the flow's
modifiers, load mode's hooks, the series it plots and the options it forces.

``bind(spec)`` is the one entry point: it returns a ``BoundFault``. The module-level functions
below (``modifiers``, ``load_hooks``, ``prepare``…) are thin wrappers kept for their callers.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

import numpy as np

from desktop.core.data.source import suggest
from desktop.core.sim.faults.model import (HASH_SALT, HASH_SCALE, HASH_SPREAD,
                                           SERIES_KINDS, TIME_UNITS, Effect, Fault, FaultSpec, Quantity)
from desktop.core.sim.faults.reader import get_fault
from desktop.core.sim.faults.spec import SpecLike, as_spec, as_specs
from desktop.core.sim.figures import Figures, shipped_figures
from desktop.core.sim.modifiers import (FOREVER, AddDelay, Modifier, Outage, Profile, ScalePower,
                                        ScaleTime, Target, Thermal, throttle)
from desktop.core.sim.series import Series

if TYPE_CHECKING:
    from desktop.core.sim.flows import Flow
    from desktop.core.sim.simulation import Timeline


# --- binding a fault to a moment and parameter values ---------------------------------------------

def bind(spec: SpecLike, figures: Figures | None = None, *, fault: Fault | None = None) -> "BoundFault":
    """The fault ``spec`` names, bound to its moment and parameter values. ``fault`` uses that
    definition instead of the shipped one with the same id (a fault file being checked)."""
    return BoundFault(as_spec(spec), figures, fault=fault)


class BoundFault:
    """One fault at one moment, with its parameters resolved: the numbers every effect uses,
    and everything the fault does to a flow (``modifiers``, ``options``), to load mode
    (``load_modifiers``, ``load_hooks``) and to the plots (``series``)."""

    def __init__(self, spec: FaultSpec, figures: Figures | None = None, *, fault: Fault | None = None) -> None:
        fault = fault or get_fault(spec.id)
        overrides = dict(spec.params)
        at = spec.at
        self.spec = FaultSpec(fault.id, at, spec.params)
        self.fault = fault
        self.figures = figures or shipped_figures()
        self.at = fault.default_at if at is None else float(at)
        if not math.isfinite(self.at):
            raise ValueError(f"fault {fault.id}: the time must be a finite number of seconds")
        self.params = fault.defaults()
        for key, text in overrides.items():
            self.params[key] = _param_value(fault, key, text)
        self._profiles: dict[str, Profile] | None = None

    # numbers -----------------------------------------------------------------------------
    def value(self, q: Quantity | None, default: float = 0.0) -> float:
        if q is None:
            return default
        return float(sum(self._term(t) for t in q.terms))

    def _term(self, term: str | float) -> float:
        if not isinstance(term, str):
            return float(term)
        if term in self.params:
            unit = self.fault.param(term).unit
            return float(self.params[term]) * _to_si(unit)
        fig = self.figures.get(term)
        return fig.value * _to_si(fig.unit)

    def time(self, effect: Effect, key: str, default: float) -> float:
        """An effect's ``from``/``until`` on the run's clock (``at`` + the offset)."""
        q = effect.values.get(key)
        return self.at + self.value(q) if q is not None else default

    # which effects apply -----------------------------------------------------------------
    def applies(self, effect: Effect, mode: str, flow: "Flow | None") -> bool:
        if effect.mode not in ("both", mode):
            return False
        if any(self.params.get(k) != v for k, v in effect.when):
            return False
        if effect.instead_of_option and effect.instead_of_option in self.options(flow):
            return False
        return True

    def options(self, flow: "Flow | None") -> dict[str, str]:
        """The fault's forced options that hold for this run: in force from the start, on a flow
        that has the option."""
        if self.at > 0 or flow is None:
            return {}
        names = {o.name for o in flow.options}
        return {k: v for k, v in self.fault.options.items() if k in names and flow.uses(k)}

    def cited(self, effect: Effect) -> tuple[str, ...]:
        return effect.figures(self.figures)

    # series ------------------------------------------------------------------------------
    def profiles(self) -> dict[str, Profile]:
        if self._profiles is None:
            self._profiles = {}
            for e in self.fault.effects:
                if e.kind in SERIES_KINDS and self.applies(e, "flow", None):
                    self._profiles[e.series] = self._profile(e)
        return self._profiles

    def _profile(self, e: Effect) -> Profile:
        name = self.fault.id
        if e.kind == "steps":
            pts = sorted((self.at + self.value(q), v) for q, v in e.points)
            base = self.value(e.values.get("base"))
            first = min([t for t, _v in pts] + [0.0])
            times = (first - 1, *[t for t, _v in pts])
            values = (base, *[v for _t, v in pts])
            return Profile(name, e.series, e.unit, times, values, step=True, label=e.label,
                           figures=self.cited(e))
        base = self.value(e.values.get("base"))
        rate = self.value(e.values.get("rate"))
        t0 = self.time(e, "from", self.at)
        t1 = max(self.time(e, "until", self.at), t0)
        peak = base + rate * (t1 - t0)
        times, values = [t0, t1], [base, peak]
        fall = self.value(e.values.get("fall")) if "fall" in e.values else 0.0
        if fall > 0 and peak != base:
            times.append(t1 + abs(peak - base) / fall)
            values.append(base)
        return Profile(name, e.series, e.unit, tuple(times), tuple(values), label=e.label,
                       figures=self.cited(e))

    def thermal(self, e: Effect) -> Thermal:
        """The chip-temperature throttle of a ``thermal`` effect, on its inlet-air series."""
        return Thermal(self.fault.id, self.profiles()[e.series], self.value(e.values["limit"]),
                       self.value(e.values["rise"]), self.value(e.values.get("exponent"), 1.0),
                       self.value(e.values.get("clock_share"), 1.0), e.target, self.cited(e))

    def thermal_window(self, e: Effect) -> tuple[float, float, float] | None:
        """(start, stop, worst time factor) of a thermal effect: while the inlet air is warm
        enough to throttle, and the factor at its hottest (load mode holds that all along)."""
        th = self.thermal(e)
        profile = th.inlet
        window = _above(profile.times, profile.values, th.limit_c - th.rise_c)
        if window is None:
            return None
        _p, _c, factor = throttle(max(profile.values), th.limit_c, th.rise_c, th.exponent, th.clock_share)
        return window[0], window[1], factor

    def window(self, e: Effect) -> tuple[float, float] | None:
        """When an effect acts on the run's clock; None if never (a ramp that stays below)."""
        if e.condition is not None:
            profile = self.profiles().get(e.condition.series)
            if profile is None:
                return None
            return _above(profile.times, profile.values, self.value(e.condition.above))
        start = self.time(e, "from", self.at)
        stop = self.time(e, "until", FOREVER)
        return (start, stop) if stop > start else None

    # what the fault does -----------------------------------------------------------------
    def series(self, end: float) -> tuple[Series, ...]:
        """The extra series the fault plots over ``[0, end]`` (inlet air, battery share)."""
        return tuple(s for p in self.profiles().values() for s in p.series(end))

    def flow_modifiers(self, flow: "Flow | None") -> list[Modifier]:
        return self.modifiers("flow", flow)

    def load_modifiers(self, flow: "Flow | None") -> list[Modifier]:
        return self.modifiers("load", flow)

    def load_hooks(self, flow: "Flow | None") -> dict[str, Any]:
        return _load_hooks(self, flow)

    # modifiers ---------------------------------------------------------------------------
    def modifiers(self, mode: str, flow: "Flow | None") -> list[Modifier]:
        out: list[Modifier] = []
        for e in self.fault.effects:
            if not self.applies(e, mode, flow):
                continue
            if e.kind in SERIES_KINDS:
                if mode == "flow":
                    out.append(self.profiles()[e.series])
                continue
            if mode == "load" and (e.target.hops or e.kind == "thermal"):
                continue                       # load_hooks works these out per station
            if e.kind == "thermal":
                out.append(self.thermal(e))
                continue
            window = self.window(e)
            if window is None:
                continue
            start, stop = window
            name, cited = self.fault.id, self.cited(e)
            if e.kind == "scale_time":
                out.append(ScaleTime(name, self.value(e.values["factor"]), e.target, start, stop, cited))
            elif e.kind == "add_delay":
                seconds = self.value(e.values["seconds"]) * self.value(e.values.get("times"), 1.0)
                out.append(AddDelay(name, seconds, e.target, start, stop, cited, once=e.once))
            elif e.kind == "scale_power":
                out.append(ScalePower(name, self.value(e.values["factor"]), e.target, start, stop, cited))
            elif e.kind == "outage" and mode == "flow":
                out.append(Outage(name, stop, e.target, start, e.restart, cited))
            elif e.kind == "capacity" and mode == "load":
                servers = self.value(e.values["servers"])
                left = servers - self.value(e.values["lost"])
                factor = servers / left if left > 0 else math.inf
                out.append(ScaleTime(name, factor, e.target, start, stop, cited))
        return out


def _to_si(unit: str) -> float:
    """Seconds for a time unit, per second for a rate per time unit, else 1."""
    if unit in TIME_UNITS:
        return TIME_UNITS[unit]
    per, slash, base = unit.rpartition("/")
    if slash and per and base in TIME_UNITS:
        return 1 / TIME_UNITS[base]
    return 1.0


def _param_value(fault: Fault, key: str, text: str) -> float | bool:
    try:
        param = fault.param(key)
    except KeyError:
        names = [p.name for p in fault.params]
        known = ", ".join(names) if names else "none"
        raise ValueError(f"fault {fault.id} has no parameter '{key}'{suggest(key, names) or ''} "
                         f"(its parameters: {known})") from None
    if param.is_flag:
        low = text.lower()
        if low in ("true", "yes", "on", "1"):
            return True
        if low in ("false", "no", "off", "0"):
            return False
        raise ValueError(f"fault {fault.id}: {key} is true or false, found '{text}'")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"fault {fault.id}: {key} is a number ({param.unit}), found '{text}'") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"fault {fault.id}: {key} must be zero or more, found '{text}'")
    return value


def _above(times: Sequence[float], values: Sequence[float], level: float) -> tuple[float, float] | None:
    """The first interval in which a piecewise-linear series (held flat at both ends) is above
    ``level``; the end is FOREVER if it never comes back down."""
    t, v = list(times), list(values)
    if not t:
        return None
    start: float | None = -FOREVER if v[0] > level else None
    for (t0, v0), (t1, v1) in zip(zip(t, v), zip(t[1:], v[1:])):
        if start is None and v0 <= level < v1:
            start = t0 + (level - v0) / (v1 - v0) * (t1 - t0)
        elif start is not None and v0 > level >= v1:
            return start, t0 + (v0 - level) / (v0 - v1) * (t1 - t0)
    return (start, FOREVER) if start is not None else None


# --- the contract the commands and the UI use -----------------------------------------------------

def modifiers(name: SpecLike, at: float | None = None, flow: "Flow | None" = None,
              figures: Figures | None = None) -> list[Modifier]:
    """The simulation modifiers for fault ``name`` (``id`` or ``id:param=value,…``) striking at
    ``at`` seconds (None: its default) on ``flow``. Raises ``UnknownFault`` (a KeyError and a
    ValueError) for an unknown id and ValueError for a bad parameter."""
    return _bind(name, at, figures).modifiers("flow", flow)


def load_modifiers(name: SpecLike, at: float | None = None, flow: "Flow | None" = None,
                   figures: Figures | None = None) -> list[Modifier]:
    """Load mode's share of the modifiers: those ``load.hooks_from_modifiers`` maps faithfully
    (``ScaleTime``, ``AddDelay``, ``ScalePower``), from effects that act in load mode. Effects
    that mean one request's bad luck (a lost packet, an interrupted hop) are left to
    ``load_hooks``, which gives each its load-mode form."""
    return _bind(name, at, figures).modifiers("load", flow)


def option_overrides(name: SpecLike, at: float | None = None, flow: "Flow | None" = None) -> dict[str, str]:
    """Flow options the fault forces for this run (``{'cache': 'miss'}``). With a flow: only the
    options it has, and only if the fault is in force from the start (``at <= 0``). Without a
    flow: every option the fault sets."""
    bound = _bind(name, at, None)
    return dict(bound.fault.options) if flow is None else bound.options(flow)


def fault_series(name: SpecLike, at: float | None, end: float, figures: Figures | None = None) -> tuple[Series, ...]:
    """The extra series the fault plots over ``[0, end]`` (inlet air, battery share), for load
    mode's plots; a flow's ``Timeline.series`` already holds them."""
    return _bind(name, at, figures).series(end)


def load_hooks(name: SpecLike, at: float | None = None, flow: "Flow | None" = None,
               figures: Figures | None = None) -> dict[str, Any]:
    """``LoadConfig`` hook fields for the effects ``load_modifiers`` does not cover: a changed
    arrival rate (``arrival_multiplier``), waits behind an outage and lost packets for a share of
    requests (``extra_delay``), and effects on one kind of work (``hops: [*prefill]``) turned into
    a station's service multiplier from the flow's own hop times. Combine with
    ``hooks_from_modifiers(load_modifiers(...))``; the ``load`` command does both."""
    return _bind(name, at, figures).load_hooks(flow)


def _bind(name: SpecLike, at: float | None, figures: Figures | None) -> BoundFault:
    if isinstance(name, Fault):
        return BoundFault(FaultSpec(name.id, at), figures, fault=name)
    return BoundFault(as_spec(name, at) if at is not None else as_spec(name), figures)


def _load_hooks(bound: BoundFault, flow: "Flow | None") -> dict[str, Any]:
    from desktop.core.sim.load import Schedule

    layer_of = _layers(flow)
    arrivals: list[Callable[[np.ndarray], Any]] = []
    service: list[Callable[[str, np.ndarray], Any]] = []
    delays: list[Callable[[str, np.ndarray], Any]] = []
    durations: dict[str, list[tuple[str, float]]] | None = None
    for e in bound.fault.effects:
        if not bound.applies(e, "load", flow) or e.kind in SERIES_KINDS:
            continue
        factor: float | None = None
        if e.kind == "thermal":
            hot = bound.thermal_window(e)
            if hot is None:
                continue
            start, stop, factor = hot
            if not e.target.hops:
                service.append(_on_target(e.target, layer_of, _schedule(Schedule, start, stop, factor)))
                continue
        else:
            window = bound.window(e)
            if window is None:
                continue
            start, stop = window
        if e.kind == "arrivals":
            arrivals.append(_schedule(Schedule, start, stop, bound.value(e.values["factor"])))
        elif e.kind == "outage":
            delays.append(_waiter(e.target, layer_of, start, stop))
        elif e.kind == "loss":
            delays.append(_lossy(e.target, layer_of, start, stop, bound.value(e.values["share"]),
                                 bound.value(e.values["seconds"]), bound.value(e.values.get("fast")),
                                 bound.value(e.values.get("fast_seconds"))))
        elif e.target.hops and e.kind in ("scale_time", "add_delay", "thermal"):
            if durations is None:
                durations = _hop_durations(flow, bound.figures)
            per = _per_component(e, bound, durations, layer_of, factor)
            for comp, level in per.items():
                sched = _schedule(Schedule, start, stop, level, base=0.0 if e.kind == "add_delay" else 1.0)
                hook = _one(comp, sched)
                (delays if e.kind == "add_delay" else service).append(hook)
    out: dict[str, Any] = {}
    if arrivals:
        out["arrival_multiplier"] = lambda t: _product([lambda _c, t, f=f: f(t) for f in arrivals], "", t)
    if service:
        out["service_multiplier"] = lambda c, t: _product(service, c, t)
    if delays:
        out["extra_delay"] = lambda c, t: _total(delays, c, t)
    return out


def _product(hooks: Sequence[Callable[[str, np.ndarray], Any]], c: str, t: np.ndarray) -> np.ndarray:
    out = np.ones_like(np.asarray(t, dtype=np.float64))
    for f in hooks:
        out = out * np.asarray(f(c, t), dtype=np.float64)
    return out


def _total(hooks: Sequence[Callable[[str, np.ndarray], Any]], c: str, t: np.ndarray) -> np.ndarray:
    out = np.zeros_like(np.asarray(t, dtype=np.float64))
    for f in hooks:
        out = out + np.asarray(f(c, t), dtype=np.float64)
    return out


def _schedule(cls: Any, start: float, stop: float, level: float, base: float = 1.0) -> Any:
    if math.isfinite(stop):
        return cls((start, stop), (level, base), base)
    return cls((start,), (level,), base)


def _one(component: str, sched: Callable[[np.ndarray], Any]) -> Callable[[str, np.ndarray], Any]:
    def hook(c: str, t: np.ndarray) -> Any:
        return sched(t) if c == component else sched(np.full(np.shape(t), -FOREVER))
    return hook


def _layers(flow: "Flow | None") -> dict[str, int]:
    return {h.component: h.layer for h in flow.hops} if flow is not None else {}


def _matches(target: Target, component: str, layer_of: Mapping[str, int]) -> bool:
    return target.matches(component, layer_of.get(component, -1))


def _on_target(target: Target, layer_of: Mapping[str, int],
               sched: Callable[[np.ndarray], Any]) -> Callable[[str, np.ndarray], Any]:
    """A multiplier schedule on the target's components, 1 elsewhere."""
    def hook(c: str, t: np.ndarray) -> Any:
        return sched(t) if _matches(target, c, layer_of) else np.ones(np.shape(t))
    return hook


def _waiter(target: Target, layer_of: Mapping[str, int], start: float, stop: float) -> Callable[[str, np.ndarray], Any]:
    """Requests that reach the target while it is out wait until it is back."""
    def hook(c: str, t: np.ndarray) -> Any:
        t = np.asarray(t, dtype=np.float64)
        if not _matches(target, c, layer_of):
            return np.zeros_like(t)
        return np.where((t >= start) & (t < stop), stop - t, 0.0)
    return hook


def _lossy(target: Target, layer_of: Mapping[str, int], start: float, stop: float, share: float,
           seconds: float, fast: float = 0.0, fast_seconds: float = 0.0) -> Callable[[str, np.ndarray], Any]:
    """A share of the requests crossing the target lose a segment and wait for its resend: the
    ``fast`` part of them about one round trip (``fast_seconds``: fast retransmit, RFC 5681, or
    RACK-TLP, RFC 8985), the rest the retransmission timer (``seconds``)."""
    def hook(c: str, t: np.ndarray) -> Any:
        t = np.asarray(t, dtype=np.float64)
        if not _matches(target, c, layer_of):
            return np.zeros_like(t)
        salt = sum(ord(ch) for ch in c) * HASH_SALT
        u = np.abs(np.sin(t * HASH_SCALE + salt) * HASH_SPREAD) % 1
        inside = (t >= start) & (t < stop)
        quick = inside & (u < share * fast)
        slow = inside & (u >= share * fast) & (u < share)
        return np.where(quick, fast_seconds, 0.0) + np.where(slow, seconds, 0.0)
    return hook


def _hop_durations(flow: "Flow | None", figures: Figures) -> dict[str, list[tuple[str, float]]]:
    """Component → [(hop id, seconds)] in a fault-free run of the flow at its defaults."""
    from desktop.core.sim.simulation import simulate

    if flow is None:
        return {}
    out: dict[str, list[tuple[str, float]]] = {}
    for e in simulate(flow, figures=figures).events:
        out.setdefault(e.component, []).append((e.hop_id, e.duration))
    return out


def _per_component(e: Effect, bound: BoundFault, durations: Mapping[str, list[tuple[str, float]]],
                   layer_of: Mapping[str, int], factor: float | None = None) -> dict[str, float]:
    """A hop-level effect as one number per station: the service multiplier (scale_time) or the
    seconds added per request (add_delay) once every visit to the component is merged."""
    out: dict[str, float] = {}
    for comp, hops in durations.items():
        hit = [d for hop, d in hops if e.target.matches(comp, layer_of.get(comp, -1), hop)]
        total = sum(d for _h, d in hops)
        if not hit or total <= 0:
            continue
        if e.kind in ("scale_time", "thermal"):
            k = factor if factor is not None else bound.value(e.values["factor"])
            out[comp] = (total + (k - 1) * sum(hit)) / total
        else:
            out[comp] = len(hit) * bound.value(e.values["seconds"]) * bound.value(e.values.get("times"), 1.0)
    return out


# --- several faults on one run --------------------------------------------------------------------

@dataclass(frozen=True)
class Prepared:
    """What a run with faults needs: the options (the caller's, with the faults' forced ones)
    and the modifiers, in the order the faults were named."""

    options: Mapping[str, Any]
    modifiers: tuple[Modifier, ...]
    specs: tuple[FaultSpec, ...]


def prepare(flow: "Flow", specs: Iterable[SpecLike],
            options: Mapping[str, Any] | None = None, figures: Figures | None = None) -> Prepared:
    """Options and modifiers for ``simulate(flow, prepared.options, modifiers=prepared.modifiers)``.
    ``specs`` are ``'chiller-trip@-100'`` strings, ``(name, at)`` pairs or ``FaultSpec`` objects."""
    parsed = as_specs(specs)
    merged: dict[str, Any] = dict(options or {})
    mods: list[Modifier] = []
    for spec in parsed:
        bound = BoundFault(spec, figures)
        merged.update(bound.options(flow))
        mods.extend(bound.modifiers("flow", flow))
    return Prepared(MappingProxyType(merged), tuple(mods), tuple(parsed))


def simulate_faults(flow: "Flow", specs: Iterable[SpecLike],
                    options: Mapping[str, Any] | None = None, *, figures: Figures | None = None,
                    seed: int = 0, jitter: float = 0.0) -> "Timeline":
    """``simulate`` with faults: their forced options and their modifiers."""
    from desktop.core.sim.simulation import simulate

    prepared = prepare(flow, specs, options, figures)
    return simulate(flow, prepared.options, seed=seed, jitter=jitter, modifiers=prepared.modifiers,
                    figures=figures)


def load_config_hooks(specs: Iterable[SpecLike], flow: "Flow",
                      elements: Sequence[Any], figures: Figures | None = None) -> dict[str, Any]:
    """Every ``LoadConfig`` hook field for these faults on ``flow``'s ``elements``: apply with
    ``dataclasses.replace(config, **hooks)``. Build the elements with ``prepare(...).options``
    so forced options (``cache: miss``) hold too."""
    from desktop.core.sim.load import hooks_from_modifiers

    parsed = as_specs(specs)
    bound = [BoundFault(s, figures) for s in parsed]
    mods = [m for b in bound for m in b.modifiers("load", flow)]
    hooks = hooks_from_modifiers(mods, elements)
    for b in bound:
        for key, hook in b.load_hooks(flow).items():
            hooks[key] = hook if key not in hooks else compose_hook(key, hooks[key], hook)
    return hooks


def compose_hook(key: str, a: Any, b: Any) -> Any:
    """Two hooks on one field: multipliers multiply, extra delays add."""
    if key == "arrival_multiplier":
        return lambda t: np.asarray(a(t), dtype=np.float64) * np.asarray(b(t), dtype=np.float64)
    if key == "extra_delay":
        return lambda c, t: np.asarray(a(c, t), dtype=np.float64) + np.asarray(b(c, t), dtype=np.float64)
    return lambda c, t: np.asarray(a(c, t), dtype=np.float64) * np.asarray(b(c, t), dtype=np.float64)


