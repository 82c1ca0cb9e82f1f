"""Plots for load mode: latency against offered load, and one run over time."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.ui.plot_style import outside_legend, plot_colors, restyle_if_font_changed, style_plot
from desktop.ui.theme import OKABE_ITO, Theme

PERCENTILES = (("p50", OKABE_ITO[2], Qt.SolidLine), ("p95", OKABE_ITO[0], Qt.DashLine),
               ("p99", OKABE_ITO[5], Qt.DotLine))


class LoadPlots(QWidget):
    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.curve = pg.PlotWidget()
        self.time = pg.PlotWidget()
        self.curve.setAccessibleName("Latency against load")
        self.time.setAccessibleName("Load run over time")
        for plot in (self.curve, self.time):
            plot.setMinimumHeight(150)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.setMenuEnabled(False)
            layout.addWidget(plot)
        c = self.curve.getPlotItem()
        c.setLabel("left", "s (log)")
        c.setLabel("bottom", "requests per second")
        c.setTitle("Latency percentiles as the load rises")
        c.setLogMode(y=True)
        outside_legend(c)
        self.sweep_lines = {name: c.plot([], [], name=name, symbol="o", symbolSize=5) for name, _c, _s in PERCENTILES}
        self.marker = pg.InfiniteLine(angle=90, movable=False)
        c.addItem(self.marker)
        t = self.time.getPlotItem()
        t.setLabel("left", "s")
        t.setLabel("bottom", "time into the run (s)")
        t.setTitle("This run: percentiles, and facility power (dash-dot)")
        outside_legend(t)
        self.time_lines = {name: t.plot([], [], name=name) for name, _c, _s in PERCENTILES}
        self.power_view = pg.ViewBox()
        t.showAxis("right")
        t.scene().addItem(self.power_view)
        t.getAxis("right").linkToView(self.power_view)
        t.getAxis("right").setLabel("kW")
        self.power_view.setXLink(t)
        self.power_line = pg.PlotDataItem([], [])
        self.power_view.addItem(self.power_line)
        t.vb.sigResized.connect(lambda: self.power_view.setGeometry(t.vb.sceneBoundingRect()))
        self.apply_theme(theme)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Restyle once shown: only inside the window does the plot get the text size the
        style sheet gives (presenter mode's projector type)."""
        super().showEvent(event)
        restyle_if_font_changed(self)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        fg, _bg = plot_colors(theme)
        for plot in (self.curve, self.time):
            style_plot(plot, theme, axes=("left", "bottom", "right"))
        for name, colour, style in PERCENTILES:
            pen = pg.mkPen(QColor(colour) if not theme.dark or theme.name != "contrast" else fg,
                           width=2.5 * theme.line_scale, style=style)
            self.sweep_lines[name].setPen(pen)
            self.sweep_lines[name].setSymbolBrush(QColor(colour))
            self.time_lines[name].setPen(pen)
        self.marker.setPen(pg.mkPen(theme.q("selection"), width=2))
        self.power_line.setPen(pg.mkPen(theme.q("accent"), width=1.5, style=Qt.DashDotLine))

    def show_result(self, result, sweep: dict[str, np.ndarray] | None) -> None:
        """The run over time, and the sweep once it has arrived (it runs off the UI thread)."""
        for name, _c, _s in PERCENTILES:
            if sweep is not None:
                y = np.asarray(sweep[name], dtype=np.float64)
                ok = np.isfinite(y) & (y > 0)
                self.sweep_lines[name].setData(sweep["rps"][ok], y[ok])
            ty = np.asarray(getattr(result, f"bin_{name}_s"), dtype=np.float64)
            tok = np.isfinite(ty)
            self.time_lines[name].setData(result.bin_t[tok], ty[tok])
        self.marker.setValue(result.rps)
        # kW: shorter tick labels leave the axis room at projector type.
        self.power_line.setData(result.bin_t, np.asarray(result.bin_facility_w) / 1e3)
