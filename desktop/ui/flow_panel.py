"""Flow mode: pick a request, play it down the column and back up, with live plots.

The panel owns a Qt-free ``Clock`` and drives it from one 60 Hz ``QTimer``. Each frame asks the
clock where playback is, moves the persistent tokens with ``setPos``, and, only when the hop in
focus changes, relights the column and the event list. The simulation runs once per choice of
options (and again when a fault is toggled), never per frame.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtWidgets import (QApplication, QComboBox, QFormLayout, QHBoxLayout, QHeaderView,
                               QLabel, QPushButton, QScrollArea, QSplitter, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from desktop.core.data.units import format_joules, format_seconds, format_watts

FRAME_MS = 16
SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
MAX_TOKENS = 4
TRANSIT = 0.35  # share of a hop's slot the token spends travelling to it

# What "compare" can change, and how: (label, option name, function of the current value).
COMPARE_CHOICES: list[tuple[str, str, Any]] = [
    ("Hyperscale PUE (1.09) vs industry (1.54)", "pue", lambda v: "pue.google" if float(v) > 1.3 else "pue.industry"),
    ("User ten times farther away", "distance_km", lambda v: float(v) * 10),
    ("Cache miss instead of hit (or back)", "cache", lambda v: "miss" if v == "hit" else "hit"),
    ("New connection instead of reused (or back)", "connection", lambda v: "new" if v == "reused" else "reused"),
]


class FlowController(QObject):
    """Plays a timeline on the column; owned by the panel, usable headless by tests."""

    eventChanged = Signal(int)
    frameDrawn = Signal()

    def __init__(self, window) -> None:
        super().__init__(window)
        from desktop.core.sim.clock import Clock

        self.window = window
        self.clock = Clock()
        self.timeline = None
        self.compare = None
        self._index = -2
        self._tokens: list = []
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.setTimerType(Qt.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self._elapsed = QElapsedTimer()
        self.plots = None

    # loading ---------------------------------------------------------------------------------
    def load(self, timeline, compare=None, *, keep_time: bool = False) -> None:
        self.timeline, self.compare = timeline, compare
        self.clock.load(timeline, keep_sim_time=keep_time)
        self._index = -2
        if self.plots is not None:
            self.plots.set_timeline(timeline, compare)
        self.render_frame()

    def unload(self) -> None:
        self.timer.stop()
        self.timeline = None
        scene = self.window.scene
        scene.set_flag("active", [])
        for token in self._all_tokens():
            token.setVisible(False)

    # transport -------------------------------------------------------------------------------
    def play(self) -> None:
        if self.timeline is None:
            return
        if self.clock.finished:
            self.clock.restart()
        self.clock.play()
        self._elapsed.start()
        self.timer.start()

    def pause(self) -> None:
        self.clock.pause()
        self.timer.stop()
        self.render_frame()

    def toggle(self) -> None:
        self.pause() if self.clock.playing else self.play()

    def step(self, direction: int) -> bool:
        if self.timeline is None:
            return False
        self.pause()
        self.clock.step_forward() if direction > 0 else self.clock.step_back()
        self.render_frame()
        return True

    def restart(self) -> None:
        self.clock.restart()
        self.render_frame()

    def seek(self, sim_t: float) -> None:
        self.clock.seek(sim_t)
        self.render_frame()

    def advance(self, wall_dt: float) -> None:
        """Move playback by ``wall_dt`` seconds of wall time and draw (tests call this)."""
        self.clock.advance(wall_dt)
        self.render_frame()

    def _tick(self) -> None:
        dt = self._elapsed.restart() / 1000.0
        self.clock.advance(min(dt, 0.25))  # a stalled frame must not skip whole hops
        self.render_frame()
        if not self.clock.playing or self.clock.finished:
            self.timer.stop()

    # drawing ---------------------------------------------------------------------------------
    def _all_tokens(self) -> list:
        scene = self.window.scene
        if not self._tokens or self._tokens[0].scene() is not scene:
            from desktop.ui.column import TokenItem

            extra = []
            for _ in range(MAX_TOKENS - 1):
                token = TokenItem(scene.theme)
                scene.addItem(token)
                extra.append(token)
            self._tokens = [scene.token, *extra]
        return self._tokens

    def anchor_ref(self, event) -> str:
        if event.layer == 2 and event.osi:
            return f"osi:{event.osi}"
        return f"component:{event.component}"

    def render_frame(self) -> None:
        timeline = self.timeline
        if timeline is None or not timeline.events:
            return
        scene = self.window.scene
        clock = self.clock
        index = clock.event_index
        progress = clock.progress_in_event
        tokens = self._all_tokens()
        events = timeline.events
        if index < 0:
            tokens[0].setPos(scene.anchor(self.anchor_ref(events[0])))
            tokens[0].setVisible(True)
            for token in tokens[1:]:
                token.setVisible(False)
        else:
            event = events[index]
            here = scene.anchor(self.anchor_ref(event))
            if index > 0 and progress < TRANSIT:
                before = scene.anchor(self.anchor_ref(events[index - 1]))
                f = progress / TRANSIT
                here = QPointF(before.x() + (here.x() - before.x()) * f, before.y() + (here.y() - before.y()) * f)
            tokens[0].setPos(here)
            tokens[0].setVisible(True)
            others = [i for i in clock.active_events if i != index][: MAX_TOKENS - 1]
            for token, other in zip(tokens[1:], others):
                token.setPos(scene.anchor(self.anchor_ref(events[other])) + QPointF(6, -6))
                token.setVisible(True)
            for token in tokens[1 + len(others):]:
                token.setVisible(False)
        if index != self._index:
            self._index = index
            self._relight(index)
            self.eventChanged.emit(index)
        if self.plots is not None:
            self.plots.update_cursor(index, progress, clock.sim_time)
        self.frameDrawn.emit()

    def _relight(self, index: int) -> None:
        scene = self.window.scene
        if index < 0:
            scene.set_flag("active", [])
            return
        events = self.timeline.events
        event = events[index]
        refs = {f"component:{event.component}", scene.stack.layer(event.layer).ref}
        if event.osi:
            refs.add(f"osi:{event.osi}")
        for other in self.clock.active_events:
            refs.add(f"component:{events[other].component}")
        if index > 0:  # the seams crossed to get here
            a, b = sorted((events[index - 1].layer, event.layer))
            refs.update(f"seam:{n}-{n + 1}" for n in range(a, b))
        scene.set_flag("active", refs)
        self.show_gauges(index)

    def show_gauges(self, index: int | None = None) -> None:
        """Budget gauges in flow mode: each layer's share of the wait so far (the user's
        patience is the budget every layer spends)."""
        if self.timeline is None or self.window.current_panel() is not self.window.__dict__.get("flow_panel"):
            return
        index = self.clock.event_index if index is None else index
        spent: dict[int, float] = {}
        for e in self.timeline.events[: index + 1]:
            spent[e.layer] = spent.get(e.layer, 0.0) + e.latency_s
        total = max(self.timeline.latency_s, 1e-12)
        self.window.scene.set_gauges({n: v / total for n, v in spent.items()})


class EventList(QTreeWidget):
    COLUMNS = ("#", "starts", "layer", "where", "what", "adds")

    def __init__(self) -> None:
        super().__init__()
        self.setColumnCount(len(self.COLUMNS))
        self.setHeaderLabels(self.COLUMNS)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setAccessibleName("Event list")
        self.setAccessibleDescription("Every hop of the flow; choose one to jump there")
        self.header().setSectionResizeMode(4, QHeaderView.Stretch)

    def fill(self, timeline, stack) -> None:
        self.clear()
        items = []
        for e in timeline.events:
            where = stack.label(f"component:{e.component}") + (f" · OSI {e.osi}" if e.osi else "")
            what = e.label + (" (estimate)" if e.estimate else "") + (f" ⚑ {', '.join(e.modifiers)}" if e.modifiers else "")
            item = QTreeWidgetItem([str(e.index), format_seconds(e.start), str(e.layer), where, what,
                                    format_seconds(e.latency_s)])
            item.setToolTip(4, e.explain)
            items.append(item)
        self.addTopLevelItems(items)
        for col in (0, 1, 2, 5):
            self.resizeColumnToContents(col)


class FlowPanel(QWidget):
    """Controls, event list and plots for flow mode."""

    def __init__(self, window) -> None:
        super().__init__()
        self.window = window
        self.controller = FlowController(window)
        self.flows: dict[str, Any] = {}
        self.flow = None
        self.baseline = None
        self._build()
        self.controller.eventChanged.connect(self._on_event)
        window.steppers.append(self.controller.step)
        window.panelChanged.connect(lambda _p: self.controller.show_gauges())
        QApplication.instance().installEventFilter(FlowKeys(window, self))
        window.themeChanged.connect(self._on_theme)

    # widgets ---------------------------------------------------------------------------------
    def _button(self, text: str, tip: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        button.clicked.connect(slot)
        return button

    def _build(self) -> None:
        from desktop.core.sim.flows import flow_ids

        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.picker = QComboBox()
        self.picker.setAccessibleName("Flow")
        for ident in flow_ids():
            self.picker.addItem(ident.replace("-", " ").capitalize(), ident)
        self.picker.currentIndexChanged.connect(lambda _i: self.load(self.picker.currentData()))
        form.addRow("Flow", self.picker)
        self.pue = QComboBox()
        self.pue.setAccessibleName("PUE")
        self.pue.addItem("Industry average, PUE 1.54", "pue.industry")
        self.pue.addItem("Hyperscale, PUE 1.09", "pue.google")
        self.pue.currentIndexChanged.connect(lambda _i: self.rerun())
        form.addRow("Facility", self.pue)
        self.compare = QComboBox()
        self.compare.setAccessibleName("Compare with")
        self.compare.addItem("No comparison", None)
        self.compare.currentIndexChanged.connect(lambda _i: self.rerun())
        form.addRow("Compare", self.compare)
        layout.addLayout(form)

        transport = QHBoxLayout()
        self.restart_button = self._button("Restart", "Restart (Home)", self.controller.restart)
        self.back_button = self._button("◀ Back", "Step back (←)", lambda: self.controller.step(-1))
        self.play_button = self._button("Play", "Play or pause (Space)", self.controller.toggle)
        self.forward_button = self._button("Next ▶", "Step forward (→)", lambda: self.controller.step(1))
        self.speed = QComboBox()
        self.speed.setAccessibleName("Speed")
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}×", s)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.currentIndexChanged.connect(lambda _i: self.controller.clock.set_speed(self.speed.currentData()))
        self.csv_button = self._button("CSV…", "Export the timeline as CSV (what simulate --csv writes)", self.export_csv)
        for w in (self.restart_button, self.back_button, self.play_button, self.forward_button, self.speed,
                  self.csv_button):
            transport.addWidget(w)
        layout.addLayout(transport)

        self.now = QLabel()
        self.now.setWordWrap(True)
        self.now.setAccessibleName("Now playing")
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.totals.setAccessibleName("Totals")
        self.scale_note = QLabel()
        self.scale_note.setWordWrap(True)
        self.scale_note.setAccessibleName("Time scale")
        self.scale_note.setStyleSheet("font-size: small;")
        for w in (self.now, self.totals):
            layout.addWidget(w)

        self.split = QSplitter(Qt.Vertical)
        self.events = EventList()
        self.events.itemClicked.connect(self._on_event_clicked)
        self.events.itemActivated.connect(self._on_event_clicked)
        self.split.addWidget(self.events)
        self.plot_holder = QWidget()
        QVBoxLayout(self.plot_holder).setContentsMargins(0, 0, 0, 0)
        # On a small screen the plots keep a readable height and scroll instead of squashing.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setWidget(self.plot_holder)
        scroll.setAccessibleName("Plots")
        self.split.addWidget(scroll)
        self.split.setSizes([200, 400])
        layout.addWidget(self.split, 1)
        layout.addWidget(self.scale_note)
        self.controller.clock.subscribe(lambda _c: self._sync_play_button())

    def ensure_plots(self) -> None:
        if self.controller.plots is None:
            from desktop.ui.flow_plots import FlowPlots

            self.controller.plots = FlowPlots(self.window.theme)
            self.plot_holder.layout().addWidget(self.controller.plots)

    # flows -----------------------------------------------------------------------------------
    def load(self, ident: str | None) -> None:
        from desktop.core.sim.flows import load_flow

        if not ident:
            return
        if ident not in self.flows:
            self.flows[ident] = load_flow(ident, self.window.stack)
        self.flow = self.flows[ident]
        if self.picker.currentData() != ident:
            self.picker.blockSignals(True)
            self.picker.setCurrentIndex(self.picker.findData(ident))
            self.picker.blockSignals(False)
        self.compare.blockSignals(True)
        self.compare.clear()
        self.compare.addItem("No comparison", None)
        for label, option, _fn in COMPARE_CHOICES:
            if option == "pue" or self._flow_has_option(option):
                self.compare.addItem(label, option)
        self.compare.blockSignals(False)
        self.rerun()

    def _flow_has_option(self, name: str) -> bool:
        try:
            self.flow.option(name)
        except KeyError:
            return False
        return self.flow.uses(name)

    def options(self) -> dict[str, Any]:
        return {"pue": self.pue.currentData()}

    def rerun(self, *, keep_time: bool = False) -> None:
        """Simulate again (new flow, new options, or a fault toggled) and show it."""
        from desktop.core.sim.simulation import simulate

        if self.flow is None:
            return
        self.ensure_plots()
        options = self.options()
        specs = self.window.fault_specs() if hasattr(self.window, "fault_specs") else []

        def run(opts):
            if not specs:
                return simulate(self.flow, opts)
            from desktop.core.sim.faults import simulate_faults

            return simulate_faults(self.flow, specs, opts)

        timeline = run(options)
        self.baseline = simulate(self.flow, options) if specs else timeline
        compare = None
        choice = self.compare.currentData()
        if choice:
            fn = next(f for _l, o, f in COMPARE_CHOICES if o == choice)
            current = timeline.options.get(choice, options.get(choice))
            compare = run(dict(options, **{choice: fn(current)}))
        elif specs:
            compare = self.baseline  # with a fault on, the dashed line is the healthy run
        self.events.fill(timeline, self.window.stack)
        self.controller.load(timeline, compare, keep_time=keep_time)
        self._show_totals(timeline, compare, choice)
        self.scale_note.setText(self.controller.clock.scale_note)

    def _show_totals(self, timeline, compare, choice) -> None:
        def line(tl) -> str:
            ms = ", ".join(f"{tl.milestone_labels.get(k, k)}: {format_seconds(v)}" for k, v in tl.milestones.items())
            energy = (f"<b>{tl.energy_wh:.3g} Wh</b> ({format_joules(tl.energy_j)})" if tl.energy_wh >= 1e-3
                      else f"<b>{format_joules(tl.energy_j)}</b>")
            return (f"<b>{format_seconds(tl.latency_s)}</b> end to end · {energy} at the meter · peak {format_watts(tl.peak_it_w)} IT / "
                    f"{format_watts(tl.peak_facility_w)} facility" + (f"<br>{ms}" if ms else ""))

        text = line(timeline)
        if timeline.estimate:
            text += "<br><i>Some hops use engineering estimates (grade C), marked in the list.</i>"
        if compare is not None:
            label = next((l for l, o, _f in COMPARE_CHOICES if o == choice), "the same flow without the faults")
            text += f"<br><br><u>Compared with {label}:</u><br>" + line(compare)
        self.totals.setText(text)

    def export_csv(self, path=None) -> None:
        from pathlib import Path

        from desktop.commands.simulate import write_csv

        if self.controller.timeline is None:
            return
        if path is None:
            from PySide6.QtWidgets import QFileDialog

            path, _ = QFileDialog.getSaveFileName(self, "Export the timeline", f"{self.flow.id}.csv", "CSV (*.csv)")
        if path:
            write_csv(self.controller.timeline, Path(path))
            self.window.statusBar().showMessage(f"Saved {path}", 6000)

    # reactions -------------------------------------------------------------------------------
    def _on_event(self, index: int) -> None:
        timeline = self.controller.timeline
        if timeline is None:
            return
        if index < 0:
            self.now.setText(f"<b>{timeline.title}</b> — press Space to play")
            self.events.clearSelection()
            return
        e = timeline.events[index]
        self.now.setText(f"<b>{index}. {e.label}</b> — {e.explain}<br>at {format_seconds(e.start)}; "
                         f"adds {format_seconds(e.latency_s)}; running total {format_seconds(timeline.elapsed(index))}")
        item = self.events.topLevelItem(index)
        if item is not None:
            self.events.blockSignals(True)
            self.events.setCurrentItem(item)
            self.events.blockSignals(False)

    def _on_event_clicked(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        index = self.events.indexOfTopLevelItem(item)
        timeline = self.controller.timeline
        if timeline is None or index < 0:
            return
        self.controller.pause()
        self.controller.clock.seek_position(self.controller.clock.event_span(index)[0] + 1e-6)
        self.controller.render_frame()

    def _sync_play_button(self) -> None:
        self.play_button.setText("Pause" if self.controller.clock.playing else "Play")

    def _on_theme(self, theme) -> None:
        if self.controller.plots is not None:
            self.controller.plots.apply_theme(theme)
        for token in self.controller._tokens:
            token.theme = theme
            token.update()


class FlowKeys(QObject):
    """Space, ←/→ and Home drive the flow while the Flow panel is showing."""

    def __init__(self, window, panel: FlowPanel) -> None:
        super().__init__(window)
        self.window, self.panel = window, panel

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() != QEvent.KeyPress or self.window.current_panel() is not self.panel:
            return False
        if not isinstance(obj, QWidget) or obj.window() is not self.window:
            return False  # another window's keys (a dialog, or a second main window)
        if getattr(self.window.presenter, "active", False):
            return False  # presenter mode's clicker keys already cover these
        focus = QApplication.focusWidget()
        if focus is not None and (focus.inherits("QLineEdit") or focus.inherits("QAbstractSpinBox")):
            return False
        key, c = event.key(), self.panel.controller
        if key == Qt.Key_Space:
            c.toggle()
        elif key == Qt.Key_Right:
            c.step(1)
        elif key == Qt.Key_Left:
            c.step(-1)
        elif key == Qt.Key_Home:
            c.restart()
        else:
            return False
        return True


def install(window) -> None:
    window.add_panel("flow_panel", "Flow", FlowPanel)
    window.extra_shortcuts += [
        ("Space", "Flow panel: play or pause"), ("→ / ←", "Flow panel: step to the next / previous hop"),
        ("Home", "Flow panel: restart the flow")]
    window.render_hooks.append(lambda args: _render_hook(window, args))


def _render_hook(window, args) -> None:
    flow = getattr(args, "flow", None)
    if not flow:
        return
    panel = window.flow_panel
    window.show_panel(panel)
    panel.load(flow)
    at = getattr(args, "at", None)
    if at is not None:
        panel.controller.seek(float(at))
    QApplication.processEvents()
