"""Load mode: many requests a second through the same resources, and queueing blowing up.

A thin view over ``state.load`` (``desktop.app.load_run.LoadRun``): the flow picker, the design
rate and the arrival-rate slider call it; a finished run (``load`` event) and a finished sweep
(``sweep`` event, computed off the UI thread) redraw the summary and the plots.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP, QTimer, Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QSlider,
                               QSpinBox, QVBoxLayout, QWidget)

from desktop.app.load_run import RATE_RANGE
from desktop.core.data.units import format_seconds, format_watts
from desktop.core.stack.ref import Ref
from desktop.ui.panel import Panel

if TYPE_CHECKING:
    from desktop.app.state import AppState

COALESCE_MS = 30   # slider drags become one run per frame or two


def _t(text: str) -> str:
    return QCoreApplication.translate("LoadPanel", text)


class LoadPanel(Panel):
    key = "load"
    title = QT_TRANSLATE_NOOP("Panels", "Load")
    shortcut = "Ctrl+3"
    render_options = ("load", "rps")

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        from desktop.ui.flow_panel import flow_title

        self.run = state.load
        self.plots = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.picker = QComboBox()
        self.picker.setAccessibleName(QCoreApplication.translate("LoadPanel", "Load flow"))
        for ident in state.flow.flow_ids():
            self.picker.addItem(flow_title(ident), ident)
        form.addRow(QCoreApplication.translate("LoadPanel", "Flow"), self.picker)
        self.design = QSpinBox()
        self.design.setAccessibleName(QCoreApplication.translate("LoadPanel", "Capacity: requests per second the resources are sized for"))
        self.design.setRange(1, 100000)
        self.design.setValue(round(self.run.design_rps))
        self.design.setSuffix(QCoreApplication.translate("LoadPanel", " req/s"))
        form.addRow(QCoreApplication.translate("LoadPanel", "Sized for"), self.design)
        rate_row = QHBoxLayout()
        self.rate = QSlider(Qt.Horizontal)
        self.rate.setAccessibleName(QCoreApplication.translate("LoadPanel", "Arrival rate, percent of capacity"))
        self.rate.setRange(*RATE_RANGE)
        self.rate.setValue(self.run.rate_pct)
        self.rate_label = QLabel()
        self.rate_label.setMinimumWidth(150)
        rate_row.addWidget(self.rate, 1)
        rate_row.addWidget(self.rate_label)
        form.addRow(QCoreApplication.translate("LoadPanel", "Arrivals"), rate_row)
        layout.addLayout(form)
        self.csv_button = QPushButton(QCoreApplication.translate("LoadPanel", "Export CSV…"))
        self.csv_button.setAccessibleName(QCoreApplication.translate("LoadPanel", "Export this load run as CSV (what load --csv writes)"))
        self.csv_button.clicked.connect(lambda: self.export_csv())
        layout.addWidget(self.csv_button, 0, Qt.AlignRight)
        self.summary = QLabel(QCoreApplication.translate("LoadPanel", "Choose a flow to send traffic through the stack."))
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(QCoreApplication.translate("LoadPanel", "Load summary"))
        layout.addWidget(self.summary)
        self.plot_holder = QWidget()
        QVBoxLayout(self.plot_holder).setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot_holder, 1)
        self.note = QLabel(QCoreApplication.translate("LoadPanel", "Each resource gets just enough servers to be fully busy at the 'sized for' "
                              "rate. Push the arrivals towards it and watch the tail (p99) leave the "
                              "median behind as utilisation nears 1; past it, queues grow until requests "
                              "time out."))
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(COALESCE_MS)
        self._pending.timeout.connect(lambda: self.run.set_rate(self.rate.value()))
        self.picker.currentIndexChanged.connect(lambda _i: self.run.load(self.picker.currentData()))
        self.design.valueChanged.connect(lambda v: self.run.set_design(v))
        self.rate.valueChanged.connect(lambda _v: self._pending.start())
        self.run.events.load.connect(lambda _r: self._on_result())
        self.run.events.sweep.connect(lambda _r: self._on_result())
        if self.run.result is not None:
            self._on_result()

    def shown(self) -> None:
        if self.run.flow is None:
            self.run.load(self.picker.currentData())

    def set_theme(self, theme) -> None:
        if self.plots is not None:
            self.plots.apply_theme(theme)

    def apply_render(self, args) -> None:
        if getattr(args, "load", None):
            self.run.load(args.load, rps=getattr(args, "rps", None))

    # state -> widgets ------------------------------------------------------------------------
    def _on_result(self) -> None:
        run, result = self.run, self.run.result
        if result is None:
            return
        index = self.picker.findData(run.flow.id)
        if index >= 0 and index != self.picker.currentIndex():
            self.picker.blockSignals(True)
            self.picker.setCurrentIndex(index)
            self.picker.blockSignals(False)
        if self.rate.value() != run.rate_pct and not self._pending.isActive():
            self.rate.blockSignals(True)
            self.rate.setValue(run.rate_pct)
            self.rate.blockSignals(False)
        stack = self.state.stack
        self.rate_label.setText(QCoreApplication.translate("LoadPanel", "{rps} req/s ({pct} % of capacity)").format(rps=f"{run.rps:,.0f}", pct=run.rate_pct))
        self.rate.setToolTip(QCoreApplication.translate("LoadPanel", "Capacity {capacity} req/s, set by {part}").format(
            capacity=f"{run.capacity:,.0f}", part=stack.label(Ref.component(run.bottleneck))))
        self.rate.setAccessibleDescription(self.rate_label.text())
        self.design.setToolTip(QCoreApplication.translate("LoadPanel", "Whole servers give a true capacity of {capacity} req/s").format(
            capacity=f"{run.capacity:,.0f}"))
        if self.plots is None:
            from desktop.ui.load_plots import LoadPlots
            from desktop.ui.theme import resolve

            self.plots = LoadPlots(resolve(self.state.theme))
            self.plot_holder.layout().addWidget(self.plots)
        self.plots.show_result(result, run.sweep)
        busiest = max(result.stations, key=lambda s: s.utilisation)
        self.summary.setText(_t(
            "<b>{n}</b> requests in {secs} s · p50 <b>{p50}</b> · p95 {p95} · p99 <b>{p99}</b> (alone: {alone})"
            "<br>dropped {dropped}, timed out {timed_out} · peak {it} IT, {facility} facility · "
            "busiest: {part} at {busy}").format(
            n=f"{result.requests:,}", secs=f"{result.seconds:g}", p50=format_seconds(result.p50_s),
            p95=format_seconds(result.p95_s), p99=format_seconds(result.p99_s), alone=format_seconds(result.unloaded_s),
            dropped=f"{result.dropped:,}", timed_out=f"{result.timed_out:,}", it=format_watts(result.peak_it_w),
            facility=format_watts(result.peak_facility_w), part=stack.label(Ref.component(busiest.component)),
            busy=f"{busiest.utilisation:.0%}"))

    def export_csv(self, path=None) -> None:
        """One row per time bin: percentiles, drops, utilisation and power per layer."""
        import csv

        if self.run.result is None:
            return
        if path is None:
            from PySide6.QtWidgets import QFileDialog

            path, _ = QFileDialog.getSaveFileName(self, QCoreApplication.translate("LoadPanel", "Export the load run"), f"{self.run.flow.id}-load.csv",
                                                  QCoreApplication.translate("LoadPanel", "CSV (*.csv)"))
        if path:
            header, rows = self.run.csv_rows()
            with open(path, "w", newline="", encoding="utf-8") as fh:
                writer = csv.writer(fh)
                writer.writerow(header)
                writer.writerows(rows)
            self.state.status(QCoreApplication.translate("LoadPanel", "Saved {path}").format(path=path))
