"""Live plots for a flow: latency per hop with its running total, and power over the flow.

Every curve is created once per timeline and then only fed with ``setData`` (the "so far"
part grows as the clock moves) and a cursor ``setValue``: no items are rebuilt per frame.
pyqtgraph is imported here only, so the app's start-up never pays for it.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.core.sim.simulation import Timeline
from desktop.core.data.units import format_seconds, format_watts
from desktop.ui.plot_style import outside_legend, plot_colors, restyle_if_font_changed, style_plot
from desktop.ui.theme import OKABE_ITO, Theme

LOG_FLOOR_MS = 1e-6  # a hop that adds no wait (it ran in parallel) is drawn at 1 ns


def _latency_ms(timeline: Timeline) -> tuple[np.ndarray, np.ndarray]:
    per_hop = np.array([e.latency_s for e in timeline.events], dtype=np.float64) * 1e3
    return per_hop, np.cumsum(per_hop)


def _power_steps(timeline: Timeline) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Step-function arrays (x, IT W, facility W) ready for stepMode='center' style drawing."""
    times = np.asarray(timeline.power.times, dtype=np.float64)
    it = np.asarray(timeline.power.it, dtype=np.float64)
    x = np.repeat(times, 2)[1:-1]
    y = np.repeat(it, 2)
    return x, y, y * timeline.pue


class FlowPlots(QWidget):
    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        pg.setConfigOptions(antialias=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.latency = pg.PlotWidget()
        self.power = pg.PlotWidget()
        self.fault = pg.PlotWidget()   # a fault's own series (inlet temperature…), shown when there is one
        self.fault.setAccessibleName("Fault plot")
        self.fault.setAccessibleDescription("What a fault changes over time, such as the inlet air temperature")
        self.latency.setAccessibleName("Latency plot")
        self.latency.setAccessibleDescription("Per-hop latency bars and the running total, log scale")
        self.power.setAccessibleName("Power plot")
        self.power.setAccessibleDescription("IT and facility power drawn for this request over simulated time")
        for plot in (self.latency, self.power, self.fault):
            plot.setMinimumHeight(140)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.setMenuEnabled(False)
            layout.addWidget(plot)
        self.fault.setVisible(False)
        self.fault.getPlotItem().setLabel("bottom", "simulated time (s)")
        outside_legend(self.fault.getPlotItem())
        self.fault_cursor = pg.InfiniteLine(angle=90, movable=False)
        self.fault.getPlotItem().addItem(self.fault_cursor)
        lp = self.latency.getPlotItem()
        lp.setLogMode(y=True)
        lp.setLabel("left", "ms (log)")
        lp.setLabel("bottom", "hop")
        lp.setTitle("Latency per hop (bars) and running total (line)")
        pp = self.power.getPlotItem()
        pp.setLabel("left", "W")
        pp.setLabel("bottom", "simulated time (s)")
        pp.setTitle("Power for this request: IT and facility (IT × PUE)")
        pp.setClipToView(True)
        pp.setDownsampling(mode="peak")
        self.legend = outside_legend(pp)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.7)
        lp.addItem(self.bars)
        self.total = lp.plot([], [], pen=pg.mkPen(width=1.5, style=Qt.DotLine))
        self.total_so_far = lp.plot([], [], pen=pg.mkPen(width=3), symbol="o", symbolSize=5)
        self.total_b = lp.plot([], [], pen=pg.mkPen(width=2, style=Qt.DashLine))
        self.it_curve = pp.plot([], [], pen=pg.mkPen(width=2), name="IT")
        self.facility_curve = pp.plot([], [], pen=pg.mkPen(width=2, style=Qt.DashLine), name="facility")
        self.facility_b = pp.plot([], [], pen=pg.mkPen(width=2, style=Qt.DotLine))
        self.extra: dict[str, pg.PlotDataItem] = {}
        self.lat_cursor = pg.InfiniteLine(angle=90, movable=False)
        self.pow_cursor = pg.InfiniteLine(angle=90, movable=False)
        lp.addItem(self.lat_cursor)
        pp.addItem(self.pow_cursor)
        self.timeline: Timeline | None = None
        self._cum = np.zeros(0)
        self._last_index = -2
        self.latency.scene().sigMouseMoved.connect(self._on_hover)
        self.apply_theme(theme)

    # theme ----------------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Restyle once shown: only inside the window does the plot get the text size the
        style sheet gives (presenter mode's projector type)."""
        super().showEvent(event)
        restyle_if_font_changed(self)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        fg, _bg = plot_colors(theme)
        accent, warm = QColor(theme.series[0]), QColor(theme.series[1])
        for plot in (self.latency, self.power, self.fault):
            style_plot(plot, theme)
        bar = QColor(accent)
        bar.setAlpha(150)
        self.bars.setOpts(brush=bar, pen=pg.mkPen(accent, width=theme.line_scale))
        self.total.setPen(pg.mkPen(fg, width=1.5, style=Qt.DotLine))
        self.total_so_far.setPen(pg.mkPen(warm, width=3))
        self.total_so_far.setSymbolBrush(warm)
        self.total_b.setPen(pg.mkPen(fg, width=2, style=Qt.DashLine))
        self.it_curve.setPen(pg.mkPen(accent, width=2 * theme.line_scale))
        self.facility_curve.setPen(pg.mkPen(warm, width=2 * theme.line_scale, style=Qt.DashLine))
        self.facility_b.setPen(pg.mkPen(fg, width=2, style=Qt.DotLine))
        self.lat_cursor.setPen(pg.mkPen(theme.q("selection"), width=2))
        self.pow_cursor.setPen(pg.mkPen(theme.q("selection"), width=2))
        self.fault_cursor.setPen(pg.mkPen(theme.q("selection"), width=2))

    # data -----------------------------------------------------------------------------------
    def set_timeline(self, timeline: Timeline, compare: Timeline | None = None) -> None:
        self.timeline = timeline
        per_hop, cum = _latency_ms(timeline)
        self._cum = cum
        x = np.arange(len(per_hop), dtype=np.float64)
        shown = np.maximum(per_hop, LOG_FLOOR_MS)
        # Bars in log mode: draw from the floor to the value, in log10 units.
        self.bars.setOpts(x=x, y0=np.full_like(x, np.log10(LOG_FLOOR_MS)),
                          height=np.log10(shown) - np.log10(LOG_FLOOR_MS), width=0.7)
        self.total.setData(x, np.maximum(cum, LOG_FLOOR_MS))
        self.total_so_far.setData([], [])
        if compare is not None:
            _b_hop, b_cum = _latency_ms(compare)
            self.total_b.setData(np.arange(len(b_cum), dtype=np.float64), np.maximum(b_cum, LOG_FLOOR_MS))
        else:
            self.total_b.setData([], [])
        self.latency.getPlotItem().setXRange(-0.6, max(len(x) - 0.4, 1), padding=0)
        px, it, fac = _power_steps(timeline)
        self.it_curve.setData(px, it)
        self.facility_curve.setData(px, fac)
        self.legend.removeItem(self.facility_b)
        if compare is not None:
            bx, _bit, bfac = _power_steps(compare)
            self.facility_b.setData(bx, bfac)
            self.legend.addItem(self.facility_b, "compare: facility")
        else:
            self.facility_b.setData([], [])
        for name, item in list(self.extra.items()):
            self.fault.getPlotItem().removeItem(item)
            del self.extra[name]
        fp = self.fault.getPlotItem()
        for i, (name, series) in enumerate(timeline.series.items()):
            unit = {"degC": "°C", "degC/min": "°C/min"}.get(series.unit, series.unit)
            x = np.asarray(series.times, dtype=np.float64)
            y = np.asarray(series.values, dtype=np.float64)
            x, y = (np.repeat(x, 2)[1:], np.repeat(y, 2)[:-1]) if series.step else (x, y)
            self.extra[name] = fp.plot(x, y, name=f"{name} ({unit})",
                                       pen=pg.mkPen(self.theme.series[1] if i == 0 else OKABE_ITO[(5 + i) % len(OKABE_ITO)],
                                                   width=2.5 * self.theme.line_scale))
            fp.setLabel("left", unit)
        fp.setTitle("What the fault changes, over the same time")
        style_plot(self.fault, self.theme)
        self.fault.setVisible(bool(timeline.series))
        self._last_index = -2

    def update_cursor(self, event_index: int, progress: float, sim_time: float) -> None:
        """Called every frame: two cursor moves and, when the hop changes, the 'so far' line."""
        self.lat_cursor.setValue(max(event_index, 0) + progress - 0.5 if event_index >= 0 else -0.5)
        self.pow_cursor.setValue(sim_time)
        self.fault_cursor.setValue(sim_time)
        if event_index != self._last_index:
            self._last_index = event_index
            n = event_index + 1
            if n > 0:
                self.total_so_far.setData(np.arange(n, dtype=np.float64), np.maximum(self._cum[:n], LOG_FLOOR_MS))
            else:
                self.total_so_far.setData([], [])

    # hover: a hop's figures and sources ---------------------------------------------------------
    def _on_hover(self, pos) -> None:
        if self.timeline is None or not self.timeline.events:
            return
        point = self.latency.getPlotItem().vb.mapSceneToView(pos)
        index = int(round(point.x()))
        if not 0 <= index < len(self.timeline.events):
            self.latency.setToolTip("")
            return
        self.latency.setToolTip(hop_tooltip(self.timeline, index))


def hop_tooltip(timeline: Timeline, index: int) -> str:
    from desktop.core.sim.figures import shipped_figures

    event = timeline.events[index]
    figures = shipped_figures()
    lines = [f"<b>{index}. {event.label}</b> ({event.component}, layer {event.layer}"
             + (f", OSI {event.osi}" if event.osi else "") + ")",
             f"adds {format_seconds(event.latency_s)} · lasts {format_seconds(event.duration)} · "
             f"draws {format_watts(event.power_w)}",
             f"cost: {event.cost_formula}"]
    for name in event.figures:
        if name in figures:
            lines.append("• " + figures.get(name).cite())
    if event.estimate:
        lines.append("<i>Includes an engineering estimate (grade C).</i>")
    return "<br>".join(lines)
