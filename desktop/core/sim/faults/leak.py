"""The leak path: how a fault climbs the column, one ``LeakStep`` per layer it reaches, read
from the structured effect records the modifiers leave on each event (``Event.effects``)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.core.sim.faults.model import SAME, Fault, LeakStep
from desktop.core.sim.faults.reader import get_fault
from desktop.core.sim.modifiers import FOREVER
from desktop.core.stack.ref import Ref

if TYPE_CHECKING:
    from desktop.core.sim.simulation import Timeline
    from desktop.core.stack.model import Stack


# --- the leak path --------------------------------------------------------------------------------

@dataclass
class _Change:
    layer: int
    time: float
    components: list[str]
    detail: str
    delta: float | None
    direct: bool = True        # a hop here changed (not only a milestone that came later)


def _changes(timeline: "Timeline", baseline: "Timeline | None", fault: Fault) -> list[_Change]:
    """Where this fault moved the numbers: hops it made longer or re-powered (their event notes
    carry its id), hops its forced options added or removed, and then the milestones that came
    at another time (what the layers above noticed). Other faults in the same run are ignored,
    except that milestones move for all of them together."""
    from desktop.core.data.units import format_seconds

    per_layer: dict[int, _Change] = {}

    def note(layer: int, time: float, comp: str, detail: str, delta: float | None,
             direct: bool = True) -> None:
        ch = per_layer.get(layer)
        if ch is None:
            per_layer[layer] = _Change(layer, time, [comp], detail, delta, direct)
            return
        ch.direct = ch.direct or direct
        if comp not in ch.components:
            ch.components.append(comp)
        if delta is not None and (ch.delta is None or abs(delta) > abs(ch.delta)):
            ch.delta, ch.detail = delta, detail     # the biggest change speaks for the layer

    def mine(e: Any) -> bool:
        return any(r.source == fault.id for r in e.effects)

    forced = [k for k, v in fault.options.items()
              if str(timeline.options.get(k)) == v and (baseline is None or str(baseline.options.get(k)) != v)]
    if baseline is None:
        first = min((e.start for e in timeline.events if mine(e)), default=None)
        for e in timeline.events:
            if mine(e):
                notes = "; ".join(r.text for r in e.effects if r.source == fault.id)
                note(e.layer, e.start, e.component, f"{e.label}: {notes}", None)
            elif e.milestone and first is not None and e.end > first:
                label = timeline.milestone_labels.get(e.milestone, e.milestone)
                note(e.layer, e.end, e.component,
                     f"{label} at {format_seconds(timeline.milestones[e.milestone])}", None, direct=False)
        return sorted(per_layer.values(), key=lambda c: c.time)

    before = {e.hop_id: e for e in baseline.events}
    after = {e.hop_id: e for e in timeline.events}
    for e in timeline.events:
        b = before.get(e.hop_id)
        if b is None:
            if forced:
                note(e.layer, e.start, e.component, f"{e.label}: {format_seconds(e.duration)}, new in this run",
                     e.duration)
        elif mine(e) and (not math.isclose(b.duration, e.duration, **SAME)
                          or not math.isclose(b.power_w, e.power_w, **SAME)):
            note(e.layer, e.start, e.component,
                 f"{e.label}: {format_seconds(b.duration)} → {format_seconds(e.duration)}", e.duration - b.duration)
    for b in baseline.events:
        if b.hop_id not in after and forced:
            note(b.layer, b.start, b.component, f"{b.label}: skipped in this run", -b.duration)
    if not per_layer:
        return []
    for e in timeline.events:
        if not e.milestone or e.hop_id not in before:
            continue
        old, new = baseline.milestones.get(e.milestone), timeline.milestones.get(e.milestone)
        if old is None or new is None or math.isclose(old, new, **SAME):
            continue
        label = timeline.milestone_labels.get(e.milestone, e.milestone)
        note(e.layer, e.end, e.component, f"{label}: {format_seconds(old)} → {format_seconds(new)}",
             new - old, direct=False)
    return sorted(per_layer.values(), key=lambda c: c.time)


def _signed(delta: float | None) -> str:
    from desktop.core.data.units import format_seconds

    if delta is None:
        return "moves"
    return f"{format_seconds(abs(delta))} {'later' if delta > 0 else 'sooner'}"


def _seams_between(a: int, b: int) -> tuple[str, ...]:
    lo, hi = min(a, b), max(a, b)
    return tuple(f"{n}-{n + 1}" for n in range(lo, hi))


def leak_path(stack: "Stack", fault: Fault | str, timeline: "Timeline | None" = None,
              baseline: "Timeline | None" = None) -> list[LeakStep]:
    """How the fault climbs the column, one ``LeakStep`` per layer it reaches.

    Without a timeline: the fault's declared story (its ``leak`` notes), the seams between
    consecutive steps, and in each layer the components that depend on the struck one (the
    dependency graph's blast radius: what *could* feel it). With the timeline of a
    run (and ideally ``baseline``, the same run without the fault): the struck layer first,
    then every layer whose numbers this fault changed, going down first (a full context window
    makes the GPUs at layer 1 work longer) and then climbing (the answer arrives late at layers
    7 and 8), with the seams crossed between consecutive steps. A fault that changed nothing (a
    utility outage with a healthy UPS) stops at the struck layer. Captions come from the fault's ``leak`` notes where it has one for the layer,
    otherwise from the numbers.
    """
    from desktop.core.stack.graph import blast_radius

    fault = get_fault(fault) if isinstance(fault, str) else fault
    notes = {n.layer: n for n in fault.leak}

    def layer_ref(n: int) -> str:
        return stack.layer(n).ref

    def caption(n: int, fallback: str) -> str:
        note = notes.get(n)
        return note.caption if note is not None else fallback

    if timeline is None:
        radius = blast_radius(stack, fault.component) if fault.component else {}
        steps: list[LeakStep] = []
        prev: int | None = None
        for n in [n.layer for n in fault.leak] or [fault.layer]:
            seams = () if prev is None else _seams_between(prev, n)
            declared = notes[n].refs if n in notes else ()
            comps = tuple(dict.fromkeys(
                [r.split(":", 1)[-1] for r in declared if r.startswith("component:")]
                + [c for c in radius.get(n, []) if c != fault.component]))
            refs = ([fault.strikes] if prev is None else []) + [Ref("seam", s) for s in seams] + \
                [Ref.component(c) for c in comps] + \
                [r for r in declared if not r.startswith("component:")] + [layer_ref(n)]
            steps.append(LeakStep(n, tuple(dict.fromkeys(refs)), caption(n, stack.layer(n).name), seams,
                                  comps, False))
            prev = n
        return steps

    changes = _changes(timeline, baseline, fault)
    struck = next((c for c in changes if c.layer == fault.layer and c.direct), None)
    rest = [c for c in changes if c is not struck]
    below = sorted((c for c in rest if c.layer < fault.layer), key=lambda c: -c.layer)
    above = sorted((c for c in rest if c.layer >= fault.layer), key=lambda c: c.layer)
    order = [struck or _Change(fault.layer, -FOREVER, [], "", None), *below, *above]
    steps = []
    prev = None
    for i, ch in enumerate(order):
        n = ch.layer
        seams = () if prev is None else _seams_between(prev, n)
        comps = tuple(ch.components)
        if i == 0:
            refs = [fault.strikes] + [Ref.component(c) for c in comps if Ref.component(c) != fault.strikes]
            text = caption(n, fault.summary)
        else:
            refs = [Ref("seam", s) for s in seams] + [Ref.component(c) for c in comps]
            generated = (f"The delay arrives → {ch.detail.partition(':')[0]} "
                         f"{_signed(ch.delta)}" if not ch.direct and ch.delta is not None else ch.detail)
            text = generated if n == fault.layer else caption(n, generated)
        refs.append(layer_ref(n))
        steps.append(LeakStep(n, tuple(dict.fromkeys(refs)), text, seams, comps,
                              changed=bool(ch.components), detail=ch.detail, delta_s=ch.delta))
        prev = n
    return steps
