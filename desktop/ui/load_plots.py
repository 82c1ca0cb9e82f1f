"""Plots for load mode: the hockey stick (p50 and p99 against the bottleneck's utilisation ρ, on
a linear axis with ρ = 1 marked), and one run over time with its facility power.

Past ρ = 1 latency grows with the length of the run, so it would flatten everything below it:
the vertical range stops a little above the worst p99 at or under saturation, and a note says
what is off the top. The data comes from ``desktop.app.load_run.LoadRun``; nothing is
computed here but the drawing.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.core.data.units import format_seconds
from desktop.ui.plot_style import outside_legend, plot_colors, restyle_if_font_changed, style_plot
from desktop.ui.tab_strip import StripTabs
from desktop.ui.theme import OKABE_ITO, Theme

PERCENTILES = (("p50", OKABE_ITO[2], Qt.SolidLine), ("p99", OKABE_ITO[5], Qt.DotLine))
HEADROOM = 1.4          # the curve's top: this much above the worst p99 at ρ ≤ 1
KILOWATT = 1e3


def power_scale(watts: np.ndarray) -> tuple[float, str]:
    """kW once the power reaches a kilowatt, else W (never 0.0055 MW, never 5500 W)."""
    peak = float(np.nanmax(watts)) if len(watts) else 0.0
    return (KILOWATT, "kW") if peak >= KILOWATT else (1.0, "W")


class LoadPlots(QWidget):
    """The two plots on tabs of their own: each gets the panel's whole height, which on a
    1280×720 screen (or at projector type) two stacked plots never had."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabs = StripTabs(QCoreApplication.translate("LoadPlots", "Load plots"))
        layout.addWidget(self.tabs.holder)
        curve_page = QWidget()
        curve_layout = QVBoxLayout(curve_page)
        curve_layout.setContentsMargins(0, 0, 0, 0)
        self.curve = pg.PlotWidget()
        self.time = pg.PlotWidget()
        self.curve.setAccessibleName(QCoreApplication.translate("LoadPlots", "Latency against utilisation"))
        self.time.setAccessibleName(QCoreApplication.translate("LoadPlots", "Load run over time"))
        for plot in (self.curve, self.time):
            plot.setMinimumHeight(120)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.setMenuEnabled(False)
        curve_layout.addWidget(self.curve, 1)
        self.tabs.addTab(curve_page, QCoreApplication.translate("LoadPlots", "Against utilisation"))
        self.tabs.addTab(self.time, QCoreApplication.translate("LoadPlots", "This run over time"))
        self.tabs.setTabToolTip(0, QCoreApplication.translate("LoadPlots", "p50 and p99 at every utilisation from 0.1 to 1.3"))
        self.tabs.setTabToolTip(1, QCoreApplication.translate("LoadPlots", "The run at the chosen ρ: latency and facility power as it goes"))
        c = self.curve.getPlotItem()
        c.setLabel("left", QCoreApplication.translate("LoadPlots", "latency (s)"))
        c.setLabel("bottom", QCoreApplication.translate("LoadPlots", "utilisation ρ (1 = always busy)"))
        c.setTitle(QCoreApplication.translate("LoadPlots", "The hockey stick: p50 and p99 as the bottleneck fills up"))
        self.curve_legend = outside_legend(c)
        self.sweep_lines = {name: c.plot([], [], name=name, symbol="o", symbolSize=5) for name, _c, _s in PERCENTILES}
        self.saturation = pg.InfiniteLine(pos=1.0, angle=90, movable=False,
                                          label=QCoreApplication.translate("LoadPlots", "ρ = 1"),
                                          labelOpts={"position": 0.92, "anchors": [(1, 0), (1, 0)]})
        c.addItem(self.saturation)
        self.marker = pg.InfiniteLine(angle=90, movable=False)
        c.addItem(self.marker)
        self.off_top = QLabel("")
        self.off_top.setWordWrap(True)
        self.off_top.setVisible(False)
        curve_layout.addWidget(self.off_top)
        c.setXRange(0.05, 1.35, padding=0)
        t = self.time.getPlotItem()
        t.setLabel("left", QCoreApplication.translate("LoadPlots", "latency (s)"))
        t.setLabel("bottom", QCoreApplication.translate("LoadPlots", "time since the run started (s)"))
        t.setTitle(QCoreApplication.translate("LoadPlots", "This run over time (power: dash-dot)"))
        self.time_lines = {name: t.plot([], []) for name, _c, _s in PERCENTILES}
        self.power_view = pg.ViewBox()
        t.showAxis("right")
        t.scene().addItem(self.power_view)
        t.getAxis("right").linkToView(self.power_view)
        self.power_unit = "W"
        self.power_view.setXLink(t)
        self.power_line = pg.PlotDataItem([], [])
        self.power_view.addItem(self.power_line)
        t.vb.sigResized.connect(lambda: self.power_view.setGeometry(t.vb.sceneBoundingRect()))
        self._label_power()
        self.apply_theme(theme)

    def _label_power(self) -> None:
        self.time.getPlotItem().getAxis("right").setLabel(
            QCoreApplication.translate("LoadPlots", "power ({unit})").format(unit=self.power_unit))

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Restyle once shown: only inside the window does the plot get the text size the
        style sheet gives (presenter mode's projector type)."""
        super().showEvent(event)
        restyle_if_font_changed(self)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        fg = plot_colors(theme)[0]
        for plot in (self.curve, self.time):
            # the theme's plot colours, titles that wrap, the text size the window gives
            style_plot(plot, theme, axes=("left", "bottom", "right"))
        for name, colour, style in PERCENTILES:
            pen = pg.mkPen(QColor(colour) if theme.name != "contrast" else fg, width=2.5, style=style)
            self.sweep_lines[name].setPen(pen)
            self.sweep_lines[name].setSymbolBrush(QColor(colour))
            self.time_lines[name].setPen(pen)
        self.saturation.setPen(pg.mkPen(fg, width=1.5, style=Qt.DashLine))
        self.saturation.label.setColor(fg)
        self.marker.setPen(pg.mkPen(theme.q("selection"), width=2))
        self.power_line.setPen(pg.mkPen(theme.q("accent"), width=1.5, style=Qt.DashDotLine))

    def show_result(self, result, rho: float, sweep: dict[str, np.ndarray] | None) -> None:
        """The run over time, and the sweep once it has arrived (it runs off the UI thread)."""
        c = self.curve.getPlotItem()
        if sweep is not None:
            x = np.asarray(sweep["rho"], dtype=np.float64)
            for name, _c, _s in PERCENTILES:
                y = np.asarray(sweep[name], dtype=np.float64)
                ok = np.isfinite(y)
                self.sweep_lines[name].setData(x[ok], y[ok])
            p99 = np.asarray(sweep["p99"], dtype=np.float64)
            below = p99[(x <= 1.0) & np.isfinite(p99)]
            top = float(np.max(below)) * HEADROOM if len(below) else float(np.nanmax(p99))
            c.setYRange(0.0, max(top, 1e-6), padding=0)
            over = (x > 1.0) & np.isfinite(p99) & (p99 > top)
            text = ""
            if over.any():
                worst = int(np.argmax(np.where(over, p99, -np.inf)))
                text = QCoreApplication.translate(
                    "LoadPlots", "Off the top of the plot past ρ = 1: p99 reaches {p99} at ρ = {rho}.").format(
                    p99=format_seconds(float(p99[worst])), rho=f"{x[worst]:.2g}")
            self.off_top.setText(text)
            self.off_top.setVisible(bool(text))
        self.marker.setValue(rho)
        for name, _c, _s in PERCENTILES:
            ty = np.asarray(getattr(result, f"bin_{name}_s"), dtype=np.float64)
            tok = np.isfinite(ty)
            self.time_lines[name].setData(result.bin_t[tok], ty[tok])
        watts = np.asarray(result.bin_facility_w, dtype=np.float64)
        scale, unit = power_scale(watts)
        if unit != self.power_unit:
            self.power_unit = unit
            self._label_power()
        self.power_line.setData(result.bin_t, watts / scale)
