"""From a flow to load mode: which hops queue, their service times and power from the flow
simulation, and fault modifiers turned into load hooks."""
from __future__ import annotations

import math
from typing import Any, Mapping, Sequence

import numpy as np

from desktop.core.sim.load.model import Element, Parallel, Schedule, Slowdowns, Stage


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
                      figures: Any = None, random: str | None = None) -> list[Element]:
    """The flow's hops under ``options`` as load-mode stages, timed by the flow simulation.

    Each hop's service time is its duration in a fault-free ``simulate`` run; its ``peak_w`` is
    its power rule re-evaluated with ``util = 1`` (a server of a station is one request's worth
    of the resource: for a batched GPU, one batch slot, drawing the hop's share of the GPU).
    Consecutive hops of a ``group`` become a ``Parallel``, one lane per ``lane`` (or per hop).

    ``random`` names a choice option (``"cache"``) that varies per request in the world: the
    hops of every value are kept, each hop that only happens under some values marked with
    ``branch=(option, value)``, so load mode can send each request down the branch it draws
    (``LoadConfig.choices``). Each hop is timed in the run of its own value.
    """
    from desktop.core.sim.figures import shipped_figures
    from desktop.core.sim.rules import Call, Scope, evaluate
    from desktop.core.sim.simulation import simulate

    figures = figures or shipped_figures()
    timeline = simulate(flow, options, figures=figures)
    events = {e.hop_id: e for e in timeline.events}
    values = dict(timeline.options)
    branch_of: dict[str, tuple[str, str]] = {}
    choices = _choice_values(flow, random)
    if choices:
        for value in choices:
            run = simulate(flow, {**dict(options or {}), random: value}, figures=figures)
            for e in run.events:
                hop = flow.hop(e.hop_id)
                allowed = dict(hop.when).get(random)
                if allowed is not None and set(allowed) != set(choices):
                    branch_of[e.hop_id] = (random, value)
                    events[e.hop_id] = e
                events.setdefault(e.hop_id, e)

    def stage(hop: Any) -> Stage:
        event = events[hop.id]
        queues = hop_queues(hop)
        peak = 0.0
        if queues:
            args = tuple((k, 1.0) if k == "util" else (k, v) for k, v in hop.power.args)
            peak = evaluate(Call(hop.power.rule, args), Scope(figures, values)).value
        return Stage(hop.component, hop.layer, event.duration, peak, queues, hop.label,
                     branch=branch_of.get(hop.id))

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


def _choice_values(flow: Any, option: str | None) -> tuple[str, ...]:
    """The values of a choice option the flow's hops depend on; () if none or not a choice."""
    if option is None:
        return ()
    try:
        spec = flow.option(option)
    except KeyError:
        raise ValueError(f"flow {flow.id} has no option '{option}'") from None
    if not spec.choices or not flow.uses(option):
        return ()
    return tuple(spec.choices)


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

