"""The flow in play: which request, its options and comparison, the faults bound to it, its
timeline and playback clock.

Views never simulate: they call ``load``/``set_pue``/``set_compare`` and the transport
methods, and redraw on ``events.flow`` (a new timeline) and ``events.frame`` (playback moved).
What the column lights for the current hop (the component, its layer, the OSI row, the seams
crossed to get there) and each layer's share of the wait so far are worked out here once per
hop, not per frame and not in a view.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from desktop.app.events import Events
from desktop.core.stack.ref import Ref, seams_between

if TYPE_CHECKING:
    from desktop.app.state import AppState
    from desktop.core.sim.simulation import Timeline

HEALTHY = "healthy"
ENERGY_SAME = 0.005   # a change under half a percent is not worth a word   # the comparison a fault brings: the same flow without it

# The two facilities a flow can run in, as figure ids; labels come from the figures' values.
PUE_CHOICES: tuple[tuple[str, str], ...] = (("pue.industry", "Industry"), ("pue.google", "Hyperscale"))


@dataclass(frozen=True)
class CompareChoice:
    """One thing compare can change: the option it flips and how."""

    option: str
    label: str
    flip: Callable[[Any], Any]


def _other_pue(current: Any) -> str:
    ids = [ident for ident, _label in PUE_CHOICES]
    return ids[1] if current == ids[0] else ids[0]


@dataclass(frozen=True)
class Frame:
    """Where playback is: the hop in focus (-1 before the first), how far into it, the hops
    running in parallel, and simulated time."""

    index: int
    progress: float
    active: tuple[int, ...]
    sim_time: float


class FlowRun:
    def __init__(self, state: AppState) -> None:
        self.state = state
        self.events = Events("flow", "frame", "hop")
        self._clock = None
        self.flow = None
        self.pue = PUE_CHOICES[0][0]
        self.compare_option: str | None = None
        self.timeline: Timeline | None = None
        self.baseline: Timeline | None = None     # the same flow with no fault
        self.compare: Timeline | None = None      # what the dashed line shows
        self._flows: dict[str, Any] = {}
        self.path: list = []
        self.path_times: list[float] = []
        self._hop_waypoint: dict[int, int] = {}
        self._index = -2
        self._impacts: dict = {}

    @property
    def clock(self):
        """The playback clock, made on first use: it needs numpy, which start-up never pays for."""
        if self._clock is None:
            from desktop.core.sim.clock import Clock

            self._clock = Clock()
            self._clock.subscribe(lambda _c: self._moved())
        return self._clock

    # choices ------------------------------------------------------------------------------
    def pue_choices(self) -> list[tuple[str, str]]:
        """(figure id, label) for the facility picker, labelled with the figures' values."""
        figures = self.state.figures
        return [(ident, f"{label}, PUE {figures[ident]:g}") for ident, label in PUE_CHOICES]

    def compare_choices(self) -> list[CompareChoice]:
        """What compare can change for this flow: PUE always, the rest where the flow uses it."""
        figures = self.state.figures
        a, b = (figures[ident] for ident, _label in PUE_CHOICES)
        choices = [CompareChoice("pue", f"Hyperscale PUE ({b:g}) vs industry ({a:g})", _other_pue)]
        flow = self.flow
        for option, label, flip in (
                ("distance_km", "User ten times farther away", lambda v: float(v) * 10),
                ("cache", "Cache miss instead of hit (or back)", lambda v: "miss" if v == "hit" else "hit"),
                ("connection", "New connection instead of reused (or back)",
                 lambda v: "new" if v == "reused" else "reused")):
            if flow is not None and _has_option(flow, option):
                choices.append(CompareChoice(option, label, flip))
        return choices

    def compare_label(self) -> str | None:
        if self.compare is None:
            return None
        choice = next((c for c in self.compare_choices() if c.option == self.compare_option), None)
        return choice.label if choice else "the same flow without the faults"

    # loading ------------------------------------------------------------------------------
    def flow_ids(self) -> list[str]:
        """Every flow a student can pick: the shipped ones and those in their library."""
        return self.state.library["flows"].ids()

    def load(self, ident: str | None, *, play: bool = False) -> None:
        from desktop.core.library import find_flow

        if not ident:
            return
        if ident not in self._flows:
            self._flows[ident] = find_flow(ident, self.state.stack)
        self.flow = self._flows[ident]
        if self.compare_option not in {c.option for c in self.compare_choices()}:
            self.compare_option = None
        self.rerun()
        if play:
            self.play()

    def set_pue(self, figure_id: str) -> None:
        if figure_id != self.pue:
            self.pue = figure_id
            self.rerun(keep_time=True)

    def set_compare(self, option: str | None) -> None:
        if option != self.compare_option:
            self.compare_option = option
            self.rerun(keep_time=True)

    def options(self) -> dict[str, Any]:
        return {"pue": self.pue}

    def rerun(self, *, keep_time: bool = False) -> None:
        """Simulate again (new flow, option, comparison or faults) and tell the views."""
        from desktop.core.sim.simulation import simulate

        if self.flow is None:
            return
        specs = list(self.state.faults)
        options = self.options()

        def run(opts: dict[str, Any]) -> Timeline:
            if not specs:
                return simulate(self.flow, opts)
            from desktop.core.sim.faults import simulate_faults

            return simulate_faults(self.flow, specs, opts)

        timeline = run(options)
        self.baseline = simulate(self.flow, options) if specs else timeline
        compare = None
        choice = next((c for c in self.compare_choices() if c.option == self.compare_option), None)
        if choice is not None:
            current = options[choice.option] if choice.option in options else timeline.options.get(choice.option)
            compare = run(dict(options, **{choice.option: choice.flip(current)}))
        elif specs:
            compare = self.baseline
        self.timeline, self.compare = timeline, compare
        self._impacts = {}
        self._route(timeline)
        self._index = -2
        self.clock.load(timeline, keep_sim_time=keep_time)
        self.events.flow.emit(self)
        self._moved(force=True)

    def _route(self, timeline: Timeline) -> None:
        """The token's route through the bands (one band at a time) and its times."""
        from desktop.core.sim.path import screen_path

        self.path = screen_path(timeline)
        self.path_times = [w.t for w in self.path]
        self._hop_waypoint = {w.event: k for k, w in enumerate(self.path) if not w.passing}

    def path_index_of(self, index: int) -> int:
        """The waypoint where hop ``index`` is reached (a hop off the critical path: the last
        waypoint before it)."""
        if index in self._hop_waypoint:
            return self._hop_waypoint[index]
        earlier = [k for e, k in self._hop_waypoint.items() if e < index]
        return max(earlier) if earlier else 0

    def forget_flows(self) -> None:
        """The library changed: read flows again when next loaded (the current one now)."""
        self._flows.clear()
        if self.flow is not None:
            ident = self.flow.id
            self.flow = None
            if ident in self.flow_ids():
                self.load(ident)
            else:
                self.unload()

    def unload(self) -> None:
        self.pause()
        self.flow = self.timeline = self.compare = self.baseline = None
        self.state.highlights.clear("flow")
        self.events.flow.emit(self)

    # transport ----------------------------------------------------------------------------
    @property
    def loaded(self) -> bool:
        return self.timeline is not None and bool(self.timeline.events)

    def play(self) -> None:
        if not self.loaded:
            return
        if self.clock.finished:
            self.clock.restart()
        self.clock.play()

    def pause(self) -> None:
        if self._clock is not None:
            self._clock.pause()

    def toggle(self) -> None:
        self.pause() if self.clock.playing else self.play()

    def step(self, direction: int) -> bool:
        """One hop forward or back; False when there is nothing to step (the clicker then
        walks the column instead)."""
        if not self.loaded:
            return False
        self.clock.pause()
        self.clock.step_forward() if direction > 0 else self.clock.step_back()
        return True

    def restart(self) -> None:
        if self.loaded:
            self.clock.restart()

    def seek(self, sim_t: float) -> None:
        if self.loaded:
            self.clock.seek(sim_t)

    def seek_event(self, index: int) -> None:
        """Jump to the start of hop ``index`` (a row chosen in the event list)."""
        if self.loaded and 0 <= index < len(self.timeline.events):
            self.clock.pause()
            self.clock.seek_position(self.clock.event_span(index)[0] + 1e-6)

    def advance(self, wall_dt: float) -> None:
        """Move playback by ``wall_dt`` seconds of wall time (the UI's frame timer and tests)."""
        self.clock.advance(wall_dt)

    @property
    def playing(self) -> bool:
        return self._clock is not None and self._clock.playing and not self._clock.finished

    # what playback shows ------------------------------------------------------------------
    def frame(self) -> Frame:
        c = self.clock
        return Frame(c.event_index, c.progress_in_event, tuple(c.active_events), c.sim_time)

    def _moved(self, force: bool = False) -> None:
        if not self.loaded:
            return
        frame = self.frame()
        if force or frame.index != self._index:
            self._index = frame.index
            self.state.highlights.set("flow", self.active_refs(frame.index))
            self.events.hop.emit(frame.index)
        self.events.frame.emit(frame)

    def anchor_ref(self, index: int) -> Ref:
        """Where the token sits for hop ``index``: its OSI row inside layer 2, else its component."""
        event = self.timeline.events[index]
        if event.layer == 2 and event.osi:
            return Ref.osi(event.osi)
        return Ref.component(event.component)

    def active_refs(self, index: int) -> set[Ref]:
        """The hop's component, its layer, its OSI row, the parallel hops and the seams crossed
        to get here from the hop before."""
        if index < 0 or not self.loaded:
            return set()
        events = self.timeline.events
        event = events[index]
        refs = {Ref.component(event.component), self.state.stack.layer(event.layer).ref}
        if event.osi:
            refs.add(Ref.osi(event.osi))
        refs.update(Ref.component(events[i].component) for i in self.clock.active_events)
        if index > 0:
            refs.update(seams_between(events[index - 1].layer, event.layer))
        return refs

    # what the views show about the whole run ------------------------------------------------
    def waterfalls(self):
        """(this run's waterfall, the comparison's or None, the difference in words or "").

        With faults on, the comparison is the healthy run and the words say what the faults
        added; with a compare option, they say what the other choice would change."""
        from desktop.core.sim.waterfall import compare_words, waterfall

        if not self.loaded:
            return None, None, ""
        fall = waterfall(self.timeline)
        if self.compare is None:
            return fall, None, ""
        if self.compare_option is None:        # the healthy run: faults came on top of it
            words = "With the faults, " + compare_words(self.compare, self.timeline)
        else:
            words = f"{self.compare_label()}: " + compare_words(self.timeline, self.compare)
            before, after = self.timeline.energy_j, self.compare.energy_j
            if before > 0 and abs(after - before) / before >= ENERGY_SAME:
                change = (after - before) / before
                words += f"; energy per request {'+' if change > 0 else '−'}{abs(change):.0%}".replace("%", " %")
        return fall, waterfall(self.compare), words

    def fault_impact(self, ident: str):
        """What fault ``ident`` does to this flow (``faults.impact``): measured against the
        loaded run when it is the only fault on, else simulated alone with this flow's options."""
        from desktop.core.sim.faults import parse_fault_spec
        from desktop.core.sim.faults.impact import impact

        if self.flow is None:
            return None
        key = (ident, tuple(self.state.faults), self.pue)
        if key in self._impacts:
            return self._impacts[key]
        spec = self.state.fault(ident) or parse_fault_spec(ident)
        only = [f.id for f in self.state.faults] == [ident]
        result = impact(self.flow, spec, self.options(), figures=self.state.figures,
                        baseline=self.baseline, timeline=self.timeline if only else None)
        self._impacts[key] = result
        return result

    def fault_impacts(self) -> list:
        """The impact of every fault now on, in the order they were struck."""
        return [i for i in (self.fault_impact(f.id) for f in self.state.faults) if i is not None]

    def gauge_shares(self, index: int | None = None) -> dict[int, float]:
        """Each layer's share of the wait so far: the user's patience is the budget every layer
        spends."""
        if not self.loaded:
            return {}
        index = self.clock.event_index if index is None else index
        spent: dict[int, float] = {}
        for e in self.timeline.events[: index + 1]:
            spent[e.layer] = spent.get(e.layer, 0.0) + e.latency_s
        total = max(self.timeline.latency_s, 1e-12)
        return {n: v / total for n, v in spent.items()}


def _has_option(flow: Any, name: str) -> bool:
    try:
        flow.option(name)
    except KeyError:
        return False
    return flow.uses(name)
