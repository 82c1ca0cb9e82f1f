"""Flow mode: pick a request, play it down the column and back up, with live plots.

A thin view over ``state.flow`` (``desktop.app.flow_run.FlowRun``): the pickers and buttons
call the run's methods; a new timeline (``flow`` event) refills the event list, the totals
and the plots; a hop change (``hop`` event) moves the list's current row; each frame moves
the plots' cursor. The tokens on the column are the column's own (``ColumnBinding``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QScrollArea, QSplitter, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from desktop.core.data.units import format_joules, format_seconds, format_watts
from desktop.ui.panel import Panel

if TYPE_CHECKING:
    from desktop.app.state import AppState

SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)


def flow_title(ident: str) -> str:
    return ident.replace("-", " ").capitalize()


class EventList(QTreeWidget):
    """Every hop of the flow; choosing one seeks there."""

    def __init__(self) -> None:
        super().__init__()
        columns = [QCoreApplication.translate("FlowPanel", "#"), QCoreApplication.translate("FlowPanel", "starts"), QCoreApplication.translate("FlowPanel", "layer"), QCoreApplication.translate("FlowPanel", "where"), QCoreApplication.translate("FlowPanel", "what"), QCoreApplication.translate("FlowPanel", "adds")]
        self.setColumnCount(len(columns))
        self.setHeaderLabels(columns)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setAccessibleName(QCoreApplication.translate("FlowPanel", "Event list"))
        self.setAccessibleDescription(QCoreApplication.translate("FlowPanel", "Every hop of the flow; choose one to jump there"))
        self.header().setSectionResizeMode(4, QHeaderView.Stretch)

    def fill(self, timeline, stack) -> None:
        from desktop.core.stack.ref import Ref

        self.clear()
        items = []
        for e in timeline.events:
            where = stack.label(Ref.component(e.component)) + (f" · OSI {e.osi}" if e.osi else "")
            what = (e.label + (QCoreApplication.translate("FlowPanel", " (estimate)") if e.estimate else "")
                    + (f" ⚑ {', '.join(e.modifiers)}" if e.modifiers else ""))
            item = QTreeWidgetItem([str(e.index), format_seconds(e.start), str(e.layer), where, what,
                                    format_seconds(e.latency_s)])
            item.setToolTip(3, where)
            item.setToolTip(4, e.explain)
            items.append(item)
        self.addTopLevelItems(items)
        for col in (0, 1, 2, 5):
            self.resizeColumnToContents(col)


class FlowPanel(Panel):
    key = "flow"
    title = QT_TRANSLATE_NOOP("Panels", "Flow")
    shortcut = "Ctrl+2"
    render_options = ("flow", "at")

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self.run = state.flow
        self.plots = None
        self._build()
        self.run.events.flow.connect(lambda _r: self._on_flow())
        self.run.events.hop.connect(self._on_hop)
        self.run.events.frame.connect(self._on_frame)
        self.run.clock.subscribe(lambda _c: self._sync_play_button())
        if self.run.flow is not None:
            self._on_flow()

    # widgets ---------------------------------------------------------------------------------
    def _button(self, text: str, name: str, tip: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(name)
        button.clicked.connect(slot)
        return button

    def _build(self) -> None:
        run = self.run
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.picker = QComboBox()
        self.picker.setAccessibleName(QCoreApplication.translate("FlowPanel", "Flow"))
        for ident in run.flow_ids():
            self.picker.addItem(flow_title(ident), ident)
        self.picker.currentIndexChanged.connect(lambda _i: run.load(self.picker.currentData()))
        form.addRow(QCoreApplication.translate("FlowPanel", "Flow"), self.picker)
        self.pue = QComboBox()
        self.pue.setAccessibleName(QCoreApplication.translate("FlowPanel", "PUE"))
        for ident, label in run.pue_choices():
            self.pue.addItem(label, ident)
        self.pue.currentIndexChanged.connect(lambda _i: run.set_pue(self.pue.currentData()))
        form.addRow(QCoreApplication.translate("FlowPanel", "Facility"), self.pue)
        self.compare = QComboBox()
        self.compare.setAccessibleName(QCoreApplication.translate("FlowPanel", "Compare with"))
        self.compare.currentIndexChanged.connect(lambda _i: run.set_compare(self.compare.currentData()))
        form.addRow(QCoreApplication.translate("FlowPanel", "Compare"), self.compare)
        layout.addLayout(form)

        transport = QHBoxLayout()
        self.restart_button = self._button(QCoreApplication.translate("FlowPanel", "Restart"), QCoreApplication.translate("FlowPanel", "Restart"), QCoreApplication.translate("FlowPanel", "Restart (Home)"), run.restart)
        self.back_button = self._button(QCoreApplication.translate("FlowPanel", "◀ Back"), QCoreApplication.translate("FlowPanel", "Step back"), QCoreApplication.translate("FlowPanel", "Step back (←)"), lambda: run.step(-1))
        self.play_button = self._button(QCoreApplication.translate("FlowPanel", "Play"), QCoreApplication.translate("FlowPanel", "Play or pause"), QCoreApplication.translate("FlowPanel", "Play or pause (Space)"), run.toggle)
        self.forward_button = self._button(QCoreApplication.translate("FlowPanel", "Next ▶"), QCoreApplication.translate("FlowPanel", "Step forward"), QCoreApplication.translate("FlowPanel", "Step forward (→)"),
                                           lambda: run.step(1))
        self.speed = QComboBox()
        self.speed.setAccessibleName(QCoreApplication.translate("FlowPanel", "Speed"))
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}×", s)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.currentIndexChanged.connect(lambda _i: run.clock.set_speed(self.speed.currentData()))
        self.csv_button = self._button(QCoreApplication.translate("FlowPanel", "CSV…"), QCoreApplication.translate("FlowPanel", "Export the timeline as CSV"),
                                       QCoreApplication.translate("FlowPanel", "Export the timeline as CSV (what simulate --csv writes)"),
                                       lambda: self.export_csv())
        for w in (self.restart_button, self.back_button, self.play_button, self.forward_button, self.speed,
                  self.csv_button):
            transport.addWidget(w)
        layout.addLayout(transport)

        self.now = QLabel()
        self.now.setWordWrap(True)
        self.now.setAccessibleName(QCoreApplication.translate("FlowPanel", "Now playing"))
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.totals.setAccessibleName(QCoreApplication.translate("FlowPanel", "Totals"))
        self.scale_note = QLabel()
        self.scale_note.setWordWrap(True)
        self.scale_note.setAccessibleName(QCoreApplication.translate("FlowPanel", "Time scale"))
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
        scroll.setAccessibleName(QCoreApplication.translate("FlowPanel", "Plots"))
        self.split.addWidget(scroll)
        self.split.setSizes([200, 400])
        layout.addWidget(self.split, 1)
        layout.addWidget(self.scale_note)

    def shown(self) -> None:
        """The Flow tab never opens empty: Netflix (or the first flow) is loaded, ready to play."""
        if self.run.flow is None:
            ids = self.run.flow_ids()
            self.run.load("netflix-play" if "netflix-play" in ids else self.picker.currentData())

    def ensure_plots(self) -> None:
        if self.plots is None:
            from desktop.ui.flow_plots import FlowPlots
            from desktop.ui.theme import resolve

            self.plots = FlowPlots(resolve(self.state.theme))
            self.plot_holder.layout().addWidget(self.plots)

    def set_theme(self, theme) -> None:
        if self.plots is not None:
            self.plots.apply_theme(theme)

    def apply_render(self, args) -> None:
        if getattr(args, "flow", None):
            self.run.load(args.flow)
            if getattr(args, "at", None) is not None:
                self.run.seek(float(args.at))

    # state -> widgets ------------------------------------------------------------------------
    def _on_flow(self) -> None:
        run = self.run
        if run.flow is None:
            self.events.clear()
            self.totals.setText("")
            self.now.setText(QCoreApplication.translate("FlowPanel", "Choose a flow above, then press Space to play it."))
            return
        self._select_quietly(self.picker, run.flow.id)
        self.compare.blockSignals(True)
        self.compare.clear()
        self.compare.addItem(QCoreApplication.translate("FlowPanel", "No comparison"), None)
        for choice in run.compare_choices():
            self.compare.addItem(QCoreApplication.translate("FlowRun", choice.label), choice.option)
        self.compare.setCurrentIndex(max(0, self.compare.findData(run.compare_option)))
        self.compare.blockSignals(False)
        self._select_quietly(self.pue, run.pue)
        self.ensure_plots()
        self.events.fill(run.timeline, self.state.stack)
        self.plots.set_timeline(run.timeline, run.compare)
        self._show_totals()
        self.scale_note.setText(run.clock.scale_note)
        self._on_hop(run.clock.event_index)

    @staticmethod
    def _select_quietly(combo: QComboBox, data) -> None:
        index = combo.findData(data)
        if index >= 0 and index != combo.currentIndex():
            combo.blockSignals(True)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)

    def _show_totals(self) -> None:
        run = self.run

        def line(tl) -> str:
            ms = ", ".join(f"{tl.milestone_labels.get(k, k)}: {format_seconds(v)}" for k, v in tl.milestones.items())
            energy = (f"<b>{tl.energy_wh:.3g} Wh</b> ({format_joules(tl.energy_j)})" if tl.energy_wh >= 1e-3
                      else f"<b>{format_joules(tl.energy_j)}</b>")
            return (QCoreApplication.translate("FlowPanel", "<b>{latency}</b> end to end · {energy} at the meter · peak {it} IT / {facility} facility")
                    .format(latency=format_seconds(tl.latency_s), energy=energy, it=format_watts(tl.peak_it_w),
                            facility=format_watts(tl.peak_facility_w)) + (f"<br>{ms}" if ms else ""))

        text = line(run.timeline)
        if run.timeline.estimate:
            text += "<br><i>" + QCoreApplication.translate("FlowPanel", "Some hops use engineering estimates (grade C), marked in the list.") + "</i>"
        if run.compare is not None:
            text += ("<br><br><u>" + QCoreApplication.translate("FlowPanel", "Compared with {label}:").format(
                label=QCoreApplication.translate("FlowRun", run.compare_label())) + "</u><br>" + line(run.compare))
        self.totals.setText(text)

    def _on_hop(self, index: int) -> None:
        timeline = self.run.timeline
        if timeline is None:
            return
        if index < 0:
            self.now.setText(QCoreApplication.translate("FlowPanel", "<b>{title}</b> — press Space to play").format(title=timeline.title))
            self.events.clearSelection()
            return
        e = timeline.events[index]
        self.now.setText(QCoreApplication.translate("FlowPanel", "<b>{n}. {label}</b> — {explain}<br>at {start}; adds {adds}; running total {total}")
                         .format(n=index, label=e.label, explain=e.explain, start=format_seconds(e.start),
                                 adds=format_seconds(e.latency_s), total=format_seconds(timeline.elapsed(index))))
        item = self.events.topLevelItem(index)
        if item is not None:
            self.events.blockSignals(True)
            self.events.setCurrentItem(item)
            self.events.blockSignals(False)

    def _on_frame(self, frame) -> None:
        if self.plots is not None:
            self.plots.update_cursor(frame.index, frame.progress, frame.sim_time)

    def _sync_play_button(self) -> None:
        self.play_button.setText(QCoreApplication.translate("FlowPanel", "Pause") if self.run.clock.playing else QCoreApplication.translate("FlowPanel", "Play"))

    # widgets -> state ------------------------------------------------------------------------
    def _on_event_clicked(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        self.run.seek_event(self.events.indexOfTopLevelItem(item))

    def export_csv(self, path=None) -> None:
        from pathlib import Path

        from desktop.commands.simulate import write_csv

        if self.run.timeline is None:
            return
        if path is None:
            from PySide6.QtWidgets import QFileDialog

            path, _ = QFileDialog.getSaveFileName(self, QCoreApplication.translate("FlowPanel", "Export the timeline"), f"{self.run.flow.id}.csv",
                                                  QCoreApplication.translate("FlowPanel", "CSV (*.csv)"))
        if path:
            write_csv(self.run.timeline, Path(path))
            self.state.status(QCoreApplication.translate("FlowPanel", "Saved {path}").format(path=path))
