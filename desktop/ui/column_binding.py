"""The column follows the state: highlights composed per source, the fault's captions, the
gauges, the spotlight, the lens brackets and the flow's tokens.

This is the only code that writes the column's flags. Each highlight source keeps its own refs
in ``state.highlights``; here every flag is the union of the sources that map to it, so a lens
turned off never clears a fault's leak path.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QObject, Qt, QTimer

from desktop.app.highlights import FLAGS
from desktop.ui.flow_overlay import FlowOverlay

if TYPE_CHECKING:
    from desktop.app.flow_run import Frame
    from desktop.app.state import AppState
    from desktop.ui.column import ColumnScene, ColumnView

FRAME_MS = 16
MAX_FRAME_S = 0.25      # a stalled frame must not skip whole hops


class ColumnBinding(QObject):
    def __init__(self, state: AppState, view: ColumnView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.view = view
        self.overlay = FlowOverlay(view.column)
        view.column.laidOut.connect(self._relaid)
        view.selectionChanged.connect(self._on_view_selection)
        state.events.selection.connect(self._on_selection)
        state.highlights.changed.connect(lambda _source: self.apply_highlights())
        state.events.faults.connect(lambda _f: self._captions())
        state.events.gauges.connect(self._gauges)
        state.events.spotlight.connect(lambda _on: self._spotlight())
        state.events.lens.connect(self._lens)
        state.flow.events.frame.connect(self._frame)
        state.flow.events.flow.connect(lambda _run: self._flow_changed())
        state.lessons.events.labels.connect(lambda hidden: self.scene.set_hidden_labels(hidden or None))
        self.player = Player(state, self)

    @property
    def scene(self) -> ColumnScene:
        return self.view.column

    def rebind(self) -> None:
        """A new scene (another layers file): draw everything the state holds on it."""
        self.overlay = FlowOverlay(self.scene)
        self.scene.laidOut.connect(self._relaid)
        self.apply_highlights()
        self._captions()
        self._lens(self.state.lens)
        self._gauges(*self.state.gauges())
        self._spotlight()
        self.scene.set_hidden_labels(self.state.lessons.hidden_labels or None)

    # state -> column ------------------------------------------------------------------------
    def apply_highlights(self) -> None:
        scene, h = self.scene, self.state.highlights
        for flag in FLAGS:
            scene.set_flag(flag, [r for r in h.flag_refs(flag) if r in scene.items_by_ref])

    def _captions(self) -> None:
        self.scene.set_leak(list(self.state.leak_captions))

    def _gauges(self, values, caption: str = "") -> None:
        """The gauges say what they measure ("share of time", "busy") in their tooltip; the
        bar itself is too narrow for the words beside its percentage."""
        self.scene.set_gauges(values)
        for gauge in self.scene.gauges.values():
            gauge.setToolTip(caption)

    def _spotlight(self) -> None:
        ref = self.state.selection
        self.scene.set_spotlight({ref} if self.state.spotlight and ref else None)

    def _lens(self, lens) -> None:
        from desktop.ui.lens_items import show_lens

        show_lens(self.scene, lens)
        self.apply_highlights()

    def _on_selection(self, ref: str | None) -> None:
        self.view.select(ref)
        self._spotlight()

    def _on_view_selection(self, ref: str | None) -> None:
        if ref != self.state.selection:
            self.state.select(ref)

    # the flow ---------------------------------------------------------------------------------
    def set_theme(self, theme) -> None:
        self.overlay.set_theme(theme)

    def _flow_changed(self) -> None:
        if not self.state.flow.loaded:
            self.overlay.hide()

    def _relaid(self) -> None:
        """The bands moved (a resize, presenter mode, a layer unfolded): the token, its trail
        and the glow are drawn again where the bands now are, not left where they were."""
        flow = self.state.flow
        if flow.loaded:
            self.overlay.redraw(flow, flow.frame(), flow.playing)

    def _frame(self, frame: Frame) -> None:
        self.overlay.draw(self.state.flow, frame, self.state.flow.playing)


class Player(QObject):
    """Drives the flow's clock from one 60 Hz timer while it plays; idle otherwise."""

    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.setTimerType(Qt.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self._elapsed = QElapsedTimer()
        state.flow.events.frame.connect(lambda _f: self._follow())

    def _follow(self) -> None:
        playing = self.state.flow.playing
        if playing and not self.timer.isActive():
            self._elapsed.start()
            self.timer.start()
        elif not playing and self.timer.isActive():
            self.timer.stop()

    def _tick(self) -> None:
        dt = self._elapsed.restart() / 1000.0
        self.state.flow.advance(min(dt, MAX_FRAME_S))
