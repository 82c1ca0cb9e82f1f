"""Load mode: many requests a second through the same resources, and queueing blowing up.

A thin view over ``state.load`` (``desktop.app.load_run.LoadRun``): the flow picker and the ρ
slider (the bottleneck's utilisation, 0.1 to 1.3) call it; a finished run (``load`` event) and
a finished sweep (``sweep`` event, computed off the UI thread) redraw the summary and the
plots. Past ρ = 1 the summary says how many requests timed out or were dropped.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP, QTimer, Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from desktop.app.load_run import RHO_RANGE
from desktop.core.data.units import format_seconds, format_watts
from desktop.core.stack.ref import Ref
from desktop.ui.panel import Panel

if TYPE_CHECKING:
    from desktop.app.state import AppState

COALESCE_MS = 30   # slider drags become one run per frame or two
SLIDER_STEPS = 100  # the slider holds ρ × 100


def duration_text(seconds: float) -> str:
    """How long the run lasted as a person says it: 300 s, 83 min, 62.6 h."""
    if seconds >= 2 * 3600:
        return QCoreApplication.translate("LoadPanel", "{n} h").format(n=f"{seconds / 3600:.3g}")
    if seconds >= 10 * 60:
        return QCoreApplication.translate("LoadPanel", "{n} min").format(n=f"{seconds / 60:.3g}")
    return format_seconds(seconds)


class LoadPanel(Panel):
    key = "load"
    title = QT_TRANSLATE_NOOP("Panels", "Load")
    shortcut = "Ctrl+3"
    render_options = ("load", "rps", "utilisation")

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        from desktop.ui.flow_panel import flow_title

        self._flow_title = flow_title
        self.run = state.load
        self.plots = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.picker = QComboBox()
        self.picker.setAccessibleName(QCoreApplication.translate("LoadPanel", "Load flow"))
        self._fill_picker()
        form.addRow(QCoreApplication.translate("LoadPanel", "Flow"), self.picker)
        rho_row = QHBoxLayout()
        self.rho = QSlider(Qt.Horizontal)
        self.rho.setAccessibleName(QCoreApplication.translate("LoadPanel", "ρ: utilisation of the bottleneck"))
        self.rho.setRange(round(RHO_RANGE[0] * SLIDER_STEPS), round(RHO_RANGE[1] * SLIDER_STEPS))
        self.rho.setSingleStep(5)
        self.rho.setPageStep(10)
        self.rho.setTickPosition(QSlider.TicksBelow)
        self.rho.setTickInterval(10)
        self.rho.setValue(round(self.run.rho * SLIDER_STEPS))
        self.rho_label = QLabel()
        self.rho_label.setMinimumWidth(170)
        rho_row.addWidget(self.rho, 1)
        rho_row.addWidget(self.rho_label)
        form.addRow(QCoreApplication.translate("LoadPanel", "ρ"), rho_row)
        layout.addLayout(form)
        self.summary = QLabel(QCoreApplication.translate("LoadPanel", "Choose a flow to send traffic through the stack."))
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.RichText)
        self.summary.setAccessibleName(QCoreApplication.translate("LoadPanel", "Load summary"))
        layout.addWidget(self.summary)
        self.overload = QLabel()
        self.overload.setWordWrap(True)
        self.overload.setAccessibleName(QCoreApplication.translate("LoadPanel", "Over capacity"))
        self.overload.setVisible(False)
        layout.addWidget(self.overload)
        self.plot_holder = QWidget()
        QVBoxLayout(self.plot_holder).setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot_holder, 1)
        self.note = QLabel(QCoreApplication.translate("LoadPanel", "ρ is how busy the busiest resource is. Below about 0.7 the "
                                                      "queue stays short; towards 1 the tail (p99) leaves the median "
                                                      "behind; past 1 the queue grows until requests time out."))
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        # Beside the plots' tabs once there is a run to export (see _ensure_plots).
        self.csv_button = QPushButton(QCoreApplication.translate("LoadPanel", "Export CSV…"), self)
        self.csv_button.hide()
        self.csv_button.setAccessibleName(QCoreApplication.translate("LoadPanel", "Export this load run as CSV (what load --csv writes)"))
        self.csv_button.clicked.connect(lambda: self.export_csv())
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(COALESCE_MS)
        self._pending.timeout.connect(lambda: self.run.set_utilisation(self.rho.value() / SLIDER_STEPS))
        self.picker.currentIndexChanged.connect(lambda _i: self.run.load(self.picker.currentData()))
        self.rho.valueChanged.connect(self._on_slider)
        self.run.events.load.connect(lambda _r: self._on_result())
        self.run.events.sweep.connect(lambda _r: self._on_result())
        state.events.library.connect(lambda _r: self._fill_picker())
        if self.run.result is not None:
            self._on_result()

    def _fill_picker(self) -> None:
        current = self.picker.currentData()
        self.picker.blockSignals(True)
        self.picker.clear()
        for ident in self.state.flow.flow_ids():
            self.picker.addItem(self._flow_title(ident), ident)
        want = self.run.flow.id if self.run.flow is not None else current
        index = self.picker.findData(want)
        self.picker.setCurrentIndex(max(index, 0))
        self.picker.blockSignals(False)

    def _on_slider(self, value: int) -> None:
        self.rho_label.setText(self._rho_text(value / SLIDER_STEPS))
        self._pending.start()

    def _rho_text(self, rho: float) -> str:
        return QCoreApplication.translate("LoadPanel", "ρ = {rho} · {rps} req/s").format(
            rho=f"{rho:.2f}", rps=f"{rho * self.run.capacity:,.3g}")

    def shown(self) -> None:
        """Never empty: the flow the Flow tab shows (Netflix at first) goes under load."""
        if self.run.flow is None:
            playing = self.state.flow.flow
            self.run.load(playing.id if playing is not None else self.picker.currentData())

    def set_theme(self, theme) -> None:
        if self.plots is not None:
            self.plots.apply_theme(theme)

    def apply_render(self, args) -> None:
        if getattr(args, "load", None):
            self.run.load(args.load, rps=getattr(args, "rps", None),
                          utilisation=getattr(args, "utilisation", None))

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
        if self.rho.value() != round(run.rho * SLIDER_STEPS) and not self._pending.isActive():
            self.rho.blockSignals(True)
            self.rho.setValue(round(run.rho * SLIDER_STEPS))
            self.rho.blockSignals(False)
        stack = self.state.stack
        part = stack.label(Ref.component(run.bottleneck)) if stack.find(Ref.component(run.bottleneck)) else run.bottleneck
        self.rho_label.setText(self._rho_text(run.rho))
        self.rho.setToolTip(QCoreApplication.translate("LoadPanel", "The bottleneck is {part}: one server of it is busy all the time at {capacity} req/s (ρ = 1)").format(
            capacity=f"{run.capacity:,.3g}", part=part))
        self.rho.setAccessibleDescription(self.rho_label.text())
        if self.plots is None:
            from desktop.ui.load_plots import LoadPlots
            from desktop.ui.theme import resolve

            self.plots = LoadPlots(resolve(self.state.theme))
            self.plot_holder.layout().addWidget(self.plots)
            self.plots.tabs.setCornerWidget(self.csv_button)
            self.csv_button.show()
        self.plots.show_result(result, run.rho, run.sweep)
        self.summary.setText(QCoreApplication.translate(
            "LoadPanel",
            "<b>{n}</b> requests in {secs} · p50 <b>{p50}</b> · p99 <b>{p99}</b> (one request alone: {alone})"
            "<br>queued p99 {wait} · bottleneck {part} busy {busy} · dropped {dropped}, timed out {timed_out}"
            " · peak {it} IT, {facility} facility").format(
            n=f"{result.requests:,}", secs=duration_text(result.seconds), p50=format_seconds(result.p50_s),
            p99=format_seconds(result.p99_s), alone=format_seconds(result.unloaded_s),
            wait=format_seconds(result.wait_p99_s), part=part, busy=f"{result.bottleneck_utilisation:.0%}",
            dropped=f"{result.dropped:,}", timed_out=f"{result.timed_out:,}", it=format_watts(result.peak_it_w),
            facility=format_watts(result.peak_facility_w)))
        words = run.overload()
        self.overload.setText(f"<b>⚠ {words}</b>" if words else "")
        self.overload.setVisible(bool(words))

    def export_csv(self, path=None) -> None:
        """One row per time bin: percentiles, drops, utilisation and power per layer."""
        from pathlib import Path

        from desktop.core.data.tables import write_csv

        if self.run.result is None:
            return
        path = Path(path) if path else self.save_path(
            QCoreApplication.translate("LoadPanel", "Export the load run"), f"{self.run.flow.id}-load.csv",
            QCoreApplication.translate("LoadPanel", "CSV (*.csv)"))
        if path:
            write_csv(path, *self.run.csv_rows())
            self.state.status(QCoreApplication.translate("LoadPanel", "Saved {path}").format(path=path))
