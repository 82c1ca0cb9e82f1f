"""``AppState``: everything the app is showing, in one Qt-free object.

Data flows one way: files → validated model → simulation → this state → views. Views
subscribe to ``state.events`` (and the sub-states' events: ``flow``, ``load``, ``lessons``,
``scale``) and call methods here; they never compute physics, never look each other up and
never patch the window. Highlights are kept per source (``state.highlights``), so the
selection, the flow, a fault, a lesson step and a lens never overwrite one another.

    window/panels ──calls──▶ AppState ──events──▶ window/panels/column
                               │
                               ├─ flow: FlowRun (flow, options, compare, faults bound, clock)
                               ├─ load: LoadRun (capacity, rate, run, sweep off-thread)
                               ├─ lessons: LessonState (list, session, step actions)
                               ├─ scale: ScaleState (inputs, result)
                               └─ highlights: Highlights (per source, composed by the column)
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable

from desktop.app.events import Events
from desktop.app.flow_run import FlowRun
from desktop.app.highlights import Highlights
from desktop.app.lessons import LessonState
from desktop.app.load_run import LoadRun
from desktop.core.stack.ref import Ref

if TYPE_CHECKING:
    from pathlib import Path

    from desktop.core.learn.progress import ProgressStore
    from desktop.core.sim.faults import FaultSpec
    from desktop.core.sim.figures import Figures
    from desktop.core.stack.lenses import Lens
    from desktop.core.stack.model import Stack

Runner = Callable[[Callable[[], Any], Callable[[Any], None]], None]

# The mode (panel showing) decides which gauges the column shows, and what they mean.
GAUGE_CAPTIONS = {"flow": "share of time", "load": "busy"}


def run_inline(work: Callable[[], Any], done: Callable[[Any], None]) -> None:
    """The default runner: do the work now (headless commands and tests stay deterministic)."""
    done(work())


class AppState:
    def __init__(self, stack: Stack, *, figures: Figures | None = None, runner: Runner = run_inline,
                 store: ProgressStore | None = None, lessons_folder: Path | None = None,
                 theme: str = "system") -> None:
        self.stack = stack
        self._figures = figures
        self.runner = runner
        self.events = Events("selection", "lens", "theme", "faults", "gauges", "left_view",
                             "presenter", "spotlight", "stack", "status", "library")
        self.highlights = Highlights()
        self.selection: str | None = None
        self.lens: Lens | None = None
        self.theme = theme
        self.faults: tuple[FaultSpec, ...] = ()
        self.leak_captions: list[tuple[int, str]] = []
        self.mode = "inspector"
        self.left_view = "column"
        self.presenter = False
        self.spotlight = False
        self.flow = FlowRun(self)
        self.load = LoadRun(self)
        self.lessons = LessonState(self, store, lessons_folder)
        self._scale = None
        self.flow.events.hop.connect(lambda _i: self._gauges_changed())
        self.load.events.load.connect(lambda _l: self._gauges_changed())

    @property
    def figures(self) -> Figures:
        if self._figures is None:
            from desktop.core.sim.figures import shipped_figures

            self._figures = shipped_figures()
        return self._figures

    @property
    def library(self):
        """The shipped files and the user's library (their lessons, flows, figures, faults,
        scenarios), read on first use and again by ``reload_library``."""
        from desktop.core import library

        return library.current()

    def reload_library(self):
        """Read the user's library again (View → Reload library, or a file changed); every
        view listing flows or lessons follows through the ``library`` event."""
        from desktop.core import library

        result = library.reload(library.current())
        self.lessons.reload()
        self.flow.forget_flows()
        self.events.library.emit(result)
        self.status(result.summary())
        return result

    @property
    def scale(self):
        """Built on first use: the scale data costs nothing until the scale view is opened."""
        if self._scale is None:
            from desktop.app.scale import ScaleState

            self._scale = ScaleState(self)
        return self._scale

    # selection ----------------------------------------------------------------------------
    def select(self, ref: str | None) -> None:
        ref = ref or None
        if ref is not None and not ref.startswith("lens:") and self.stack.find(ref) is None:
            raise KeyError(f"nothing in the stack is called '{ref}'")
        if ref == self.selection:
            return
        self.selection = ref
        self.highlights.set("selection", [ref] if ref else [])
        self.events.selection.emit(ref)

    # lenses -------------------------------------------------------------------------------
    def lens_ids(self) -> list[str]:
        from desktop.core.stack.lenses import lens_ids

        return lens_ids()

    def set_lens(self, ident: str | None) -> None:
        from desktop.core.stack.lenses import get_lens

        lens = get_lens(ident) if ident else None
        if (lens and lens.id) == (self.lens and self.lens.id):
            return
        self.lens = lens
        refs: list[str] = []
        if lens is not None and lens.inside_network:  # OSI and TCP/IP: light the sub-column
            refs = [o.ref for o in self.stack.osi] if lens.id == "osi" else [t.ref for t in self.stack.tcpip]
        self.highlights.set("lens", refs)
        if self.selection and self.selection.startswith("lens:"):
            self.select(None)
        self.events.lens.emit(lens)

    def cycle_lens(self) -> None:
        order = [None, *self.lens_ids()]
        current = self.lens.id if self.lens else None
        self.set_lens(order[(order.index(current) + 1) % len(order)])

    # theme, presenter, spotlight ------------------------------------------------------------
    def set_theme(self, name: str) -> None:
        if name != self.theme:
            self.theme = name
            self.events.theme.emit(name)

    def set_presenter(self, on: bool) -> None:
        if on != self.presenter:
            self.presenter = on
            self.events.presenter.emit(on)

    def set_spotlight(self, on: bool) -> None:
        if on != self.spotlight:
            self.spotlight = on
            self.events.spotlight.emit(on)

    def set_left_view(self, view: str) -> None:
        if view != self.left_view:
            self.left_view = view
            self.events.left_view.emit(view)

    def set_mode(self, mode: str) -> None:
        """The panel now showing; it decides the gauges the column draws."""
        if mode != self.mode:
            self.mode = mode
            self._gauges_changed()

    def gauges(self) -> tuple[dict[int, float] | None, str]:
        if self.mode == "flow" and self.flow.loaded:
            return self.flow.gauge_shares(), GAUGE_CAPTIONS["flow"]
        if self.mode == "load" and self.load.result is not None:
            return self.load.utilisation(), GAUGE_CAPTIONS["load"]
        return None, ""

    def _gauges_changed(self) -> None:
        self.events.gauges.emit(*self.gauges())

    # faults -------------------------------------------------------------------------------
    def fault(self, ident: str) -> FaultSpec | None:
        return next((f for f in self.faults if f.id == ident), None)

    def set_fault(self, spec: FaultSpec | str, on: bool = True, *, now: bool = False) -> None:
        """Turn a fault on or off. One fault of each id at a time: turning it on again with
        other parameters replaces it. ``now``: strike at the moment playback is at (a box
        ticked mid-flow), unless the fault's story starts before the request (a chiller that
        tripped minutes earlier), which keeps its own default so its effect can show."""
        from desktop.core.sim.faults import FaultSpec, get_fault, parse_fault_spec

        if isinstance(spec, str):
            spec = parse_fault_spec(spec)
        fault = get_fault(spec.id)            # raises UnknownFault with a suggestion
        if on and now and spec.at is None:
            playing_at = self.flow.clock.sim_time if self.flow.loaded else 0.0
            if fault.default_at >= 0 and playing_at > 0:
                spec = replace(spec, at=playing_at)
        others = tuple(f for f in self.faults if f.id != spec.id)
        self.faults = (*others, spec) if on else others
        assert all(isinstance(f, FaultSpec) for f in self.faults)
        self.flow.rerun(keep_time=True)
        if self.load.flow is not None:
            self.load.rerun()
        self._show_leak()
        self.events.faults.emit(self.faults)

    def clear_faults(self) -> None:
        if self.faults:
            self.faults = ()
            self.flow.rerun(keep_time=True)
            if self.load.flow is not None:
                self.load.rerun()
            self._show_leak()
            self.events.faults.emit(self.faults)

    def leak_steps(self, ident: str) -> list:
        """How the fault ``ident`` climbs, measured against the loaded flow when it is on."""
        from desktop.core.sim.faults import leak_path

        timeline = baseline = None
        if self.fault(ident) is not None and self.flow.loaded:
            timeline, baseline = self.flow.timeline, self.flow.baseline
        return leak_path(self.stack, ident, timeline, baseline)

    def _show_leak(self) -> None:
        from desktop.core.sim.faults import get_fault

        struck, lit, captions = [], set(), []
        for spec in self.faults:
            struck.append(get_fault(spec.id).strikes)
            for step in self.leak_steps(spec.id):
                lit.update(r for r in step.refs if self.stack.find(r) is not None)
                captions.append((step.layer, step.caption))
        self.leak_captions = captions
        self.highlights.set("fault-strike", struck)
        self.highlights.set("fault", lit)

    # the clicker ----------------------------------------------------------------------------
    def advance(self, direction: int) -> None:
        """One clicker press: an open lesson steps, else a loaded flow steps, else the column
        walks a layer up or down."""
        if self.lessons.go(direction) or self.flow.step(direction):
            return
        current = self.selection
        if current is not None and not current.startswith("layer:"):
            number = self.stack.layer_of(current)
            current = None if number is None else self.stack.layer(number).ref
        from desktop.core.stack import navigation

        self.select(navigation.move(self.stack, current, "up" if direction > 0 else "down"))

    # the stack itself -----------------------------------------------------------------------
    def replace_stack(self, stack: Stack) -> None:
        """An instructor opened another layers file: everything that named the old one goes."""
        self.flow.unload()
        self.lessons.close()
        self.faults = ()
        self._show_leak()
        self.stack = stack
        self.selection = None
        for source in ("selection", "flow", "lesson", "lens", "fault", "fault-strike"):
            self.highlights.clear(source)
        self.events.stack.emit(stack)
        self.events.selection.emit(None)

    def status(self, text: str) -> None:
        """A short message for the status bar (the view decides how long it shows)."""
        self.events.status.emit(text)


__all__ = ["AppState", "Ref", "run_inline"]
