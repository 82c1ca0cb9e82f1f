"""The energy of one request, hop by hop: stacked bars (the IT equipment's joules, and the
facility overhead PUE adds on top) and the cumulative joules at the meter, plus a fault's own
series (inlet temperature…) when a fault brings one.

The numbers are the simulation's (``Event.it_j``, ``overhead_j``, ``cumulative_j``); this
module only draws them. Items are created once per timeline and then only moved: the cursor
(``update_cursor``) is one ``setValue`` per frame, and the "so far" cumulative line grows when
the hop changes. pyqtgraph is imported here only, so start-up never pays for it.
"""
from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.core.data.units import energy_unit, format_energies, format_seconds, format_watts
from desktop.core.sim.simulation import Timeline
from desktop.ui.plot_style import outside_legend, plot_colors, restyle_if_font_changed, style_plot
from desktop.ui.theme import OKABE_ITO, Theme

BAR_WIDTH = 0.7


def energy_arrays(timeline: Timeline) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(IT J, PUE overhead J, cumulative facility J) per hop, as the simulation gives them."""
    events = timeline.events
    it = np.array([e.it_j for e in events], dtype=np.float64)
    over = np.array([e.overhead_j for e in events], dtype=np.float64)
    cum = np.array([e.cumulative_j for e in events], dtype=np.float64)
    return it, over, cum


class EnergyKey(QLabel):
    """The energy plot's key: swatches, series and units in a wrapping label above the plot
    (a legend row inside a short plot ran its entries, and rotated axis titles, past the
    plot's edges). It wraps to any width by itself; ``setColumnCount`` is kept, doing
    nothing, for callers written against the legend it replaces."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextFormat(Qt.RichText)
        self.setAccessibleName(QCoreApplication.translate("FlowPlots", "Energy key"))

    def setColumnCount(self, _columns: int) -> None:  # noqa: N802 (the legend's name)
        """The key wraps between entries at whatever width it gets."""


class EnergyPlot(pg.PlotWidget):
    """The energy plot; its key shows and hides with it (a view that shows only the fault's
    plot hides this one, and a key for bars that are not there would mislead)."""

    key: QLabel | None = None

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self.key is not None and self.key.isHidden():
            self.key.setVisible(True)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().hideEvent(event)
        if self.key is not None and self.isHidden():   # hidden itself, not with its parent
            self.key.setVisible(False)


class FlowPlots(QWidget):
    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        pg.setConfigOptions(antialias=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.energy = EnergyPlot()
        self.energy.setAccessibleName(QCoreApplication.translate("FlowPlots", "Energy plot"))
        self.energy.setAccessibleDescription(QCoreApplication.translate(
            "FlowPlots", "Energy per hop, IT and facility overhead stacked, and the cumulative energy at the meter"))
        self.fault = pg.PlotWidget()   # a fault's own series (inlet temperature…), shown when there is one
        self.fault.setAccessibleName(QCoreApplication.translate("FlowPlots", "Fault plot"))
        self.fault.setAccessibleDescription(QCoreApplication.translate(
            "FlowPlots", "What a fault changes over time, such as the inlet air temperature"))
        for plot in (self.energy, self.fault):
            plot.setMinimumHeight(110)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.setMenuEnabled(False)
        self.key = EnergyKey()
        self.legend = self.key          # (callers that set the legend's columns)
        self.energy.key = self.key
        layout.addWidget(self.key)
        layout.addWidget(self.energy, 3)
        layout.addWidget(self.fault, 2)   # under it; the Flow panel shows one of the two at a time
        self.fault.setVisible(False)
        fp = self.fault.getPlotItem()
        fp.setLabel("bottom", QCoreApplication.translate("FlowPlots", "simulated time (s)"))
        outside_legend(fp)
        self.fault_cursor = pg.InfiniteLine(angle=90, movable=False)
        fp.addItem(self.fault_cursor)
        ep = self.energy.getPlotItem()
        ep.setLabel("bottom", QCoreApplication.translate("FlowPlots", "hop number"))
        # No title and no legend: the panel's line above says what the numbers add up to, the
        # key names the series.
        self.it_bars = pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH)
        self.over_bars = pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH)
        ep.addItem(self.it_bars)
        ep.addItem(self.over_bars)
        # the running total on its own axis (right): a prompt's total dwarfs most hops
        self.total_view = pg.ViewBox()
        ep.showAxis("right")
        ep.scene().addItem(self.total_view)
        ep.getAxis("right").linkToView(self.total_view)
        self.total_view.setXLink(ep)
        ep.vb.sigResized.connect(lambda: self.total_view.setGeometry(ep.vb.sceneBoundingRect()))
        ep.vb.sigResized.connect(self._space_ticks)
        self._tops = (1.0, 1.0)   # the two y axes' upper ends, for the tick spacing
        self.total = pg.PlotDataItem([], [])
        self.total_so_far = pg.PlotDataItem([], [], symbol="o", symbolSize=5)
        self.total_b = pg.PlotDataItem([], [])
        for item in (self.total, self.total_b, self.total_so_far):
            self.total_view.addItem(item)
        self.hop_cursor = pg.InfiniteLine(angle=90, movable=False)
        ep.addItem(self.hop_cursor)
        self.extra: dict[str, pg.PlotDataItem] = {}
        self._units = ("J", "J")
        self._compared = False
        self._colours: dict[str, str] = {}
        self.timeline: Timeline | None = None
        self._cum = np.zeros(0)
        self._scale = 1.0
        self._last_index = -2
        self.energy.scene().sigMouseMoved.connect(self._on_hover)
        self.apply_theme(theme)

    # theme ----------------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Restyle once shown: only inside the window does the plot get the text size the
        style sheet gives (presenter mode's projector type)."""
        super().showEvent(event)
        restyle_if_font_changed(self)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        fg = plot_colors(theme)[0]
        accent, warm = QColor(OKABE_ITO[4] if not theme.dark else OKABE_ITO[1]), QColor(OKABE_ITO[5])
        if theme.name == "contrast":
            accent, warm = QColor("#00E5FF"), QColor("#FFD400")
        for plot in (self.energy, self.fault):
            # the theme's plot colours, titles that wrap, the text size the window gives
            style_plot(plot, theme, axes=("left", "bottom", "right"))
        it = QColor(accent)
        it.setAlpha(190)
        over = QColor(warm)
        over.setAlpha(170)
        self.it_bars.setOpts(brush=it, pen=pg.mkPen(accent))
        self.over_bars.setOpts(brush=over, pen=pg.mkPen(warm))
        self.total.setPen(pg.mkPen(fg, width=1.5, style=Qt.DotLine))
        self.total_so_far.setPen(pg.mkPen(fg, width=2.5))
        self.total_so_far.setSymbolBrush(fg)
        self.total_b.setPen(pg.mkPen(theme.q("muted"), width=2, style=Qt.DashLine))
        self.hop_cursor.setPen(pg.mkPen(theme.q("selection"), width=2))
        self.fault_cursor.setPen(pg.mkPen(theme.q("selection"), width=2))
        self._colours = {"it": accent.name(), "over": warm.name(), "total": fg.name(), "compare": theme.q("muted").name()}
        self._show_key()

    def _space_ticks(self) -> None:
        """As many y ticks as the plot's height holds at its type size (pyqtgraph counts by
        pixels alone, so projector type in a short plot stacked the labels on each other)."""
        ep = self.energy.getPlotItem()
        height = ep.vb.height()
        px = max(self.energy.font().pixelSize(), round(self.energy.font().pointSizeF() * 96 / 72), 8)
        room = max(int(height // (px * 2.2)), 1)
        for name, top in zip(("left", "right"), self._tops):
            raw = top / room
            step = 10 ** np.floor(np.log10(raw)) if raw > 0 else 1.0
            for nice in (1, 2, 5, 10):
                if nice * step >= raw:
                    step *= nice
                    break
            ep.getAxis(name).setTickSpacing(step, step / 2)
            # room above the highest tick for half its label: a label centred on a tick at the
            # very top ran past the plot's edge
            highest = np.floor(top / step) * step
            need = top if height <= 0 else highest + 0.7 * px * top / height
            (ep if name == "left" else self.total_view).setYRange(0.0, max(top, need), padding=0)

    def _show_key(self) -> None:
        """"■ IT (mJ) · ■ PUE overhead (mJ) · ━ running total (mJ, right axis)", each entry
        kept on one line, swatches in the series' colours."""
        if not self._colours:
            return
        bar_unit, tot_unit = self._units
        entries = [("it", "■", QCoreApplication.translate("FlowPlots", "IT ({unit})").format(unit=bar_unit)),
                   ("over", "■", QCoreApplication.translate("FlowPlots", "PUE overhead ({unit})").format(unit=bar_unit)),
                   ("total", "━", QCoreApplication.translate("FlowPlots", "running total ({unit}, right axis)").format(unit=tot_unit))]
        if self._compared:
            entries.append(("compare", "╌", QCoreApplication.translate("FlowPlots", "compared run, total")))
        self.key.setText("\u00a0· ".join(
            f"<span style='color:{self._colours[k]}'>{mark}</span>\u00a0{html.escape(text).replace(' ', chr(0xa0))}"
            for k, mark, text in entries))

    # data -----------------------------------------------------------------------------------
    def set_timeline(self, timeline: Timeline, compare: Timeline | None = None) -> None:
        self.timeline = timeline
        it, over, cum = energy_arrays(timeline)
        b_cum = energy_arrays(compare)[2] if compare is not None else np.zeros(0)
        bar_scale, bar_unit = energy_unit(*(it + over))
        tot_scale, tot_unit = energy_unit(*cum, *b_cum)
        self._scale = tot_scale
        self._cum = cum / tot_scale
        x = np.arange(len(it), dtype=np.float64)
        self.it_bars.setOpts(x=x, y0=np.zeros_like(x), height=it / bar_scale, width=BAR_WIDTH)
        self.over_bars.setOpts(x=x, y0=it / bar_scale, height=over / bar_scale, width=BAR_WIDTH)
        ep = self.energy.getPlotItem()
        self._units = (bar_unit, tot_unit)
        ep.setXRange(-0.6, max(len(x) - 0.4, 1), padding=0)
        top = float(np.max((it + over) / bar_scale)) if len(it) else 1.0
        self._tops = (top * 1.1 if top > 0 else 1.0, 1.0)
        ep.setYRange(0.0, top * 1.1 if top > 0 else 1.0, padding=0)
        self.total.setData(x, self._cum)
        self.total_so_far.setData([], [])
        self.total_b.setData(np.arange(len(b_cum), dtype=np.float64), b_cum / tot_scale)
        peak = max(float(np.max(self._cum)) if len(cum) else 0.0, float(np.max(b_cum / tot_scale)) if len(b_cum) else 0.0)
        self.total_view.setYRange(0.0, peak * 1.1 if peak > 0 else 1.0, padding=0)
        self._tops = (self._tops[0], peak * 1.1 if peak > 0 else 1.0)
        self._space_ticks()
        self._compared = compare is not None
        self._show_key()
        for name, item in list(self.extra.items()):
            self.fault.getPlotItem().removeItem(item)
            del self.extra[name]
        fp = self.fault.getPlotItem()
        for i, (name, series) in enumerate(timeline.series.items()):
            unit = {"degC": "°C", "degC/min": "°C/min"}.get(series.unit, series.unit)
            sx = np.asarray(series.times, dtype=np.float64)
            sy = np.asarray(series.values, dtype=np.float64)
            sx, sy = (np.repeat(sx, 2)[1:], np.repeat(sy, 2)[:-1]) if series.step else (sx, sy)
            self.extra[name] = fp.plot(sx, sy, name=f"{name} ({unit})",
                                       pen=pg.mkPen(OKABE_ITO[(5 + i) % len(OKABE_ITO)], width=2.5))
            fp.setLabel("left", f"{name} ({unit})")
        fp.setTitle(QCoreApplication.translate("FlowPlots", "What the fault changes"))   # over the x axis' time
        self.fault.setVisible(bool(timeline.series))
        self._last_index = -2

    def update_cursor(self, event_index: int, progress: float, sim_time: float) -> None:
        """Called every frame: two cursor moves and, when the hop changes, the 'so far' line."""
        self.hop_cursor.setValue(max(event_index, 0) + progress - 0.5 if event_index >= 0 else -0.5)
        self.fault_cursor.setValue(sim_time)
        if event_index != self._last_index:
            self._last_index = event_index
            n = event_index + 1
            if n > 0:
                self.total_so_far.setData(np.arange(n, dtype=np.float64), self._cum[:n])
            else:
                self.total_so_far.setData([], [])

    # hover: a hop's figures and sources ---------------------------------------------------------
    def _on_hover(self, pos) -> None:
        if self.timeline is None or not self.timeline.events:
            return
        point = self.energy.getPlotItem().vb.mapSceneToView(pos)
        index = int(round(point.x()))
        if not 0 <= index < len(self.timeline.events):
            self.energy.setToolTip("")
            return
        self.energy.setToolTip(hop_tooltip(self.timeline, index))


def hop_tooltip(timeline: Timeline, index: int) -> str:
    from desktop.core.sim.figures import shipped_figures

    event = timeline.events[index]
    figures = shipped_figures()
    tr = QCoreApplication.translate
    it, over = format_energies(event.it_j, event.overhead_j)
    lines = [f"<b>{index}. {event.label}</b> ({event.component}, "
             + tr("FlowPlots", "layer {n}").format(n=event.layer)
             + (f", OSI {event.osi}" if event.osi else "") + ")",
             tr("FlowPlots", "adds {adds} · lasts {lasts} · draws {draws}").format(
                 adds=format_seconds(event.latency_s), lasts=format_seconds(event.duration),
                 draws=format_watts(event.power_w)),
             tr("FlowPlots", "energy {it} IT + {over} PUE overhead").format(
                 it=it, over=over),
             tr("FlowPlots", "cost: {formula}").format(formula=event.cost_formula)]
    for name in event.figures:
        if name in figures:
            lines.append("• " + figures.get(name).cite())
    if event.estimate:
        lines.append("<i>" + tr("FlowPlots", "Includes an engineering estimate (grade C).") + "</i>")
    return "<br>".join(lines)
