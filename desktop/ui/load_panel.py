"""Load mode: many requests a second through the same resources, and queueing blowing up.

Capacity is sized once for a design rate (each resource gets enough servers to run at 70 % at
that rate); the rate slider then pushes traffic past it. A sweep over rates draws the classic
hockey stick (p50/p95/p99 against offered load) with the current rate marked; the run at the
current rate plots percentiles and facility power over time, and the column's gauges show each
layer's utilisation. Every number comes from ``desktop.core.sim.load``.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QSlider,
                               QSpinBox, QVBoxLayout, QWidget)

from desktop.core.data.units import format_seconds, format_watts

SWEEP = tuple(0.1 * k for k in range(1, 13))   # multiples of capacity for the hockey-stick curve
RUN_SECONDS = 60.0


class LoadPanel(QWidget):
    def __init__(self, window) -> None:
        super().__init__()
        from desktop.core.sim.flows import flow_ids

        self.window = window
        self.flow = None
        self.elements = None
        self.result = None
        self.servers: dict[str, int] = {}
        self.capacity = 1.0
        self.bottleneck = ""
        self.sweep: dict | None = None
        self.plots = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.picker = QComboBox()
        self.picker.setAccessibleName("Load flow")
        for ident in flow_ids():
            self.picker.addItem(ident.replace("-", " ").capitalize(), ident)
        form.addRow("Flow", self.picker)
        self.design = QSpinBox()
        self.design.setAccessibleName("Capacity: requests per second the resources are sized for")
        self.design.setRange(1, 100000)
        self.design.setValue(100)
        self.design.setSuffix(" req/s")
        form.addRow("Sized for", self.design)
        rate_row = QHBoxLayout()
        self.rate = QSlider(Qt.Horizontal)
        self.rate.setAccessibleName("Arrival rate, percent of capacity")
        self.rate.setRange(5, 130)
        self.rate.setValue(50)
        self.rate_label = QLabel()
        self.rate_label.setMinimumWidth(150)
        rate_row.addWidget(self.rate, 1)
        rate_row.addWidget(self.rate_label)
        form.addRow("Arrivals", rate_row)
        layout.addLayout(form)
        self.csv_button = QPushButton("Export CSV…")
        self.csv_button.setAccessibleName("Export this load run as CSV (what load --csv writes)")
        self.csv_button.clicked.connect(lambda: self.export_csv())
        layout.addWidget(self.csv_button, 0, Qt.AlignRight)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Load summary")
        layout.addWidget(self.summary)
        self.plot_holder = QWidget()
        QVBoxLayout(self.plot_holder).setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot_holder, 1)
        self.note = QLabel("Each resource gets just enough servers to be fully busy at the 'sized for' "
                           "rate. Push the arrivals towards it and watch the tail (p99) leave the "
                           "median behind as utilisation nears 1; past it, queues grow until requests "
                           "time out.")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(30)   # coalesce slider drags into one run per frame or two
        self._pending.timeout.connect(self.run)
        self.picker.currentIndexChanged.connect(lambda _i: self.load(self.picker.currentData()))
        self.design.valueChanged.connect(lambda _v: self.resize_capacity())
        self.rate.valueChanged.connect(lambda _v: self._pending.start())
        window.themeChanged.connect(lambda theme: self.plots and self.plots.apply_theme(theme))
        window.panelChanged.connect(self._on_tab)

    # data -------------------------------------------------------------------------------------
    def load(self, ident: str | None, *, rps: float | None = None) -> None:
        from desktop.core.sim.flows import load_flow
        from desktop.core.sim.load import elements_for_flow

        if not ident:
            return
        self.flow = load_flow(ident, self.window.stack)
        self.elements = elements_for_flow(self.flow)
        if self.picker.currentData() != ident:
            self.picker.blockSignals(True)
            self.picker.setCurrentIndex(self.picker.findData(ident))
            self.picker.blockSignals(False)
        self.resize_capacity(run=False)
        if rps is not None:
            self.rate.blockSignals(True)
            self.rate.setValue(max(5, min(130, round(100 * rps / self.capacity))))
            self.rate.blockSignals(False)
        self.run()

    def resize_capacity(self, *, run: bool = True) -> None:
        """Fix the servers per resource for the design rate; the sweep depends on them."""
        from desktop.core.sim.load import plan, size_servers

        if self.elements is None:
            return
        _planned, stations = plan(self.elements)
        design = float(self.design.value())
        # Sized so the busiest resource is just fully busy at the design rate: past 100 % the
        # queues grow without bound, which is the point of the lesson.
        self.servers = {st.component: size_servers(design, st.service_s, 1.0) for st in stations}
        # Servers come in whole numbers, so the true capacity is set by the bottleneck: the
        # station with the least headroom. The slider is a share of that.
        limits = {st.component: self.servers[st.component] / st.service_s for st in stations if st.service_s > 0}
        self.bottleneck = min(limits, key=limits.get)
        self.capacity = limits[self.bottleneck]
        self.design.setToolTip(f"Whole servers give a true capacity of {self.capacity:,.0f} req/s")
        self.sweep = self._sweep()
        if run:
            self.run()

    def config(self, rps: float, seconds: float = RUN_SECONDS):
        from desktop.core.sim.load import LoadConfig

        return LoadConfig(rps=rps, seconds=seconds, servers=dict(self.servers), service_cv=0.5, seed=1)

    def _sweep(self) -> dict:
        import numpy as np

        from desktop.core.sim.load import run_load

        rates = np.asarray(SWEEP) * self.capacity
        rows = [run_load(self.elements, self.config(r, 30.0), flow=self.flow.id) for r in rates]
        return {"rps": rates, "p50": np.array([r.p50_s for r in rows]), "p95": np.array([r.p95_s for r in rows]),
                "p99": np.array([r.p99_s for r in rows])}

    def rps(self) -> float:
        return self.capacity * self.rate.value() / 100.0

    def run(self) -> None:
        from dataclasses import replace

        from desktop.core.sim.load import elements_for_flow, run_load

        if self.elements is None:
            return
        rps = self.rps()
        self.rate_label.setText(f"{rps:,.0f} req/s ({self.rate.value()} % of capacity)")
        specs = self.window.fault_specs() if hasattr(self.window, "fault_specs") else []
        if specs:
            from desktop.core.sim.faults import load_config_hooks, prepare

            elements = elements_for_flow(self.flow, prepare(self.flow, specs).options)
            config = replace(self.config(rps), **load_config_hooks(specs, self.flow, elements))
            self.result = run_load(elements, config, flow=self.flow.id)
            self._show(self.result)
            return
        self.rate.setToolTip(f"Capacity {self.capacity:,.0f} req/s, set by "
                             f"{self.window.stack.label('component:' + self.bottleneck)}")
        self.rate.setAccessibleDescription(self.rate_label.text())
        self.result = run_load(self.elements, self.config(rps), flow=self.flow.id)
        self._show(self.result)

    def _show(self, result) -> None:
        if self.plots is None:
            from desktop.ui.load_plots import LoadPlots

            self.plots = LoadPlots(self.window.theme)
            self.plot_holder.layout().addWidget(self.plots)
        self.plots.show_result(result, self.sweep)
        busiest = max(result.stations, key=lambda s: s.utilisation)
        self.summary.setText(
            f"<b>{result.requests:,}</b> requests in {result.seconds:g} s · p50 <b>{format_seconds(result.p50_s)}</b> · "
            f"p95 {format_seconds(result.p95_s)} · p99 <b>{format_seconds(result.p99_s)}</b> "
            f"(alone: {format_seconds(result.unloaded_s)})<br>dropped {result.dropped:,}, timed out "
            f"{result.timed_out:,} · peak {format_watts(result.peak_it_w)} IT, "
            f"{format_watts(result.peak_facility_w)} facility · busiest: "
            f"{self.window.stack.label('component:' + busiest.component)} at {busiest.utilisation:.0%}")
        self._gauges()

    def export_csv(self, path=None) -> None:
        """One row per time bin: percentiles, drops, utilisation and power per layer."""
        import csv

        if self.result is None:
            return
        if path is None:
            from PySide6.QtWidgets import QFileDialog

            path, _ = QFileDialog.getSaveFileName(self, "Export the load run", f"{self.flow.id}-load.csv", "CSV (*.csv)")
        if path:
            header, rows = self.result.series({l.number: l.id for l in self.window.stack.layers})
            with open(path, "w", newline="", encoding="utf-8") as fh:
                writer = csv.writer(fh)
                writer.writerow(header)
                writer.writerows(rows)
            self.window.statusBar().showMessage(f"Saved {path}", 6000)

    def _gauges(self) -> None:
        if self.result is not None and self.window.current_panel() is self:
            self.window.scene.set_gauges({n: u for n, u in self.result.utilisation.items()})

    def _on_tab(self, _panel) -> None:
        if self.window.current_panel() is self:
            if self.flow is None:
                self.load(self.picker.currentData())
            self._gauges()


def install(window) -> None:
    window.add_panel("load_panel", "Load", LoadPanel)
    window.render_hooks.append(lambda args: _render_hook(window, args))


def _render_hook(window, args) -> None:
    flow = getattr(args, "load", None)
    if flow:
        window.show_panel(window.load_panel)
        window.load_panel.load(flow, rps=getattr(args, "rps", None))
