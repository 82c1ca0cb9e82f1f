"""A fault's impact on the current flow, in words a student reads beside the column.

``impact(flow, spec)`` runs the flow with and without the fault and says what changed:
``"+0.62 s (1.12×) at decode; energy per request −14 %"``, or, when the fault does not touch this
flow, one sentence saying why (it acts on parts this flow never uses; its effect is switched
off by a parameter; it strikes too late or too early to meet the request). ``describe`` is the
fault's card. Both are Qt-free: the app's fault view calls them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping

from desktop.core.data.units import format_seconds
from desktop.core.sim.faults.binding import BoundFault
from desktop.core.sim.faults.model import SAME, SERIES_KINDS, Fault
from desktop.core.sim.faults.reader import get_fault
from desktop.core.sim.faults.spec import SpecLike, as_spec
from desktop.core.sim.figures import Figures, shipped_figures
from desktop.core.sim.waterfall import changes, short_label

if TYPE_CHECKING:
    from desktop.core.sim.flows import Flow
    from desktop.core.sim.simulation import Timeline


PERCENT = 100
ENERGY_SAME = 0.005          # under half a percent reads as "unchanged"


@dataclass(frozen=True)
class Impact:
    """What one fault did to one run: the numbers, and the sentence that says them."""

    fault: str
    touches: bool
    words: str
    delta_s: float = 0.0
    ratio: float = 1.0
    where: str = ""                  # the hop that gained the most time
    energy_change: float = 0.0       # relative: −0.14 is 14 % less energy per request
    water_change: float = 0.0
    co2_change: float = 0.0


def _pct(x: float) -> str:
    sign = "+" if x >= 0 else "−"
    return f"{sign}{abs(x) * PERCENT:.0f} %"


def impact_words(before: "Timeline", after: "Timeline", noun: str = "request") -> tuple[str, float, float, str, float]:
    """(words, Δlatency s, ratio, hop, relative energy change) between two runs of one flow."""
    delta = after.latency_s - before.latency_s
    ratio = after.latency_s / before.latency_s if before.latency_s > 0 else math.inf
    energy = (after.energy_j - before.energy_j) / before.energy_j if before.energy_j > 0 else 0.0
    moved = changes(before, after)
    where = short_label(moved[0][0]) if moved else ""
    sign = "+" if delta >= 0 else "−"
    parts = [f"{sign}{format_seconds(abs(delta))} ({ratio:.3g}×)" + (f" at {where}" if where else "")]
    if abs(energy) >= ENERGY_SAME:
        parts.append(f"energy per {noun} {_pct(energy)}")
    else:
        parts.append(f"energy per {noun} unchanged")
    return "; ".join(parts), delta, ratio, where, energy


def impact(flow: "Flow", spec: SpecLike, options: Mapping[str, Any] | None = None, *,
           figures: Figures | None = None, baseline: "Timeline | None" = None,
           timeline: "Timeline | None" = None, noun: str = "request") -> Impact:
    """The fault's impact on ``flow`` under ``options``, in words. Pass ``baseline``/``timeline``
    when the runs exist already (the app has them); otherwise both are simulated here."""
    from desktop.core.sim.simulation import simulate

    figures = figures or shipped_figures()
    fs = as_spec(spec)
    bound = BoundFault(fs, figures)
    if baseline is None:
        baseline = simulate(flow, options, figures=figures)
    if timeline is None:
        merged = dict(options or {})
        merged.update(bound.options(flow))
        timeline = simulate(flow, merged, modifiers=bound.modifiers("flow", flow), figures=figures)
    same = (math.isclose(baseline.latency_s, timeline.latency_s, **SAME)
            and math.isclose(baseline.energy_j, timeline.energy_j, **SAME))
    if same:
        return Impact(bound.fault.id, False, untouched_reason(bound, flow))
    words, delta, ratio, where, energy = impact_words(baseline, timeline, noun)
    rel = (lambda a, b: (b - a) / a if a > 0 else 0.0)
    return Impact(bound.fault.id, True, words, delta, ratio, where, energy,
                  rel(baseline.water_ml, timeline.water_ml), rel(baseline.co2_g, timeline.co2_g))


def untouched_reason(bound: BoundFault, flow: "Flow") -> str:
    """Why this fault leaves this flow as it was, in one sentence."""
    fault = bound.fault
    acting = [e for e in fault.effects if e.kind not in SERIES_KINDS and bound.applies(e, "flow", flow)]
    if not acting:
        switched = [e for e in fault.effects if e.kind not in SERIES_KINDS and e.mode != "load"]
        if switched:
            return (f"{fault.name} changes nothing in this flow with its parameters as set: "
                    f"{fault.summary[0].lower() + fault.summary[1:]}")
        return f"{fault.name} acts only under load (many requests at once): try it in load mode."
    used = {(h.component, h.layer) for h in flow.hops}
    reached = [e for e in acting if any(e.target.matches(c, n) for c, n in used)]
    if not reached:
        parts = sorted({c for e in acting for c in e.target.components}
                       | {f"layer {n}" for e in acting for n in e.target.layers})
        return (f"{fault.name} acts on {', '.join(parts)}, and this flow never uses "
                f"{'it' if len(parts) == 1 else 'them'}, so nothing here changes.")
    return (f"{fault.name} strikes at {format_seconds(bound.at)}, and none of the hops of "
            f"\u201c{flow.title}\u201d runs on the parts it affects while it acts, so nothing here changes.")


def describe(fault: Fault | str, figures: Figures | None = None) -> str:
    """A short plain-text card for a fault: name, where it strikes, explanation, sources."""
    fault = get_fault(fault) if isinstance(fault, str) else fault
    figures = figures or shipped_figures()
    lines = [f"{fault.name} ({fault.id}) — strikes {fault.strikes}", fault.summary, "", fault.explain, ""]
    for name in fault.figures:
        if name in figures:
            lines.append(f"  {figures.get(name).cite()}")
    for p in fault.params:
        shown = str(p.value).lower() if p.is_flag else f"{p.value:g} {p.unit}"
        lines.append(f"  parameter {p.name} = {shown}: {p.note}")
    return "\n".join(lines)
