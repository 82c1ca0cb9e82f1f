"""Theme and legend placement shared by every pyqtgraph plot in the app.

Titles, axis labels, ticks and legend text take the theme's plot colour (pyqtgraph's defaults
are light grey, unreadable on white); legends sit in a row below the plot, never on the data;
the projector theme thickens lines. Text sizes follow the widget's font, so presenter mode's
larger type reaches the plots too.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont

from desktop.ui.theme import Theme


def plot_colors(theme: Theme) -> tuple[QColor, QColor]:
    """(foreground, background) for plots in ``theme``."""
    return theme.c("plot_fg", "text"), theme.c("plot_bg", "surface")


def outside_legend(item: pg.PlotItem, columns: int = 4) -> pg.LegendItem:
    """A legend in its own row under the bottom axis; curves plotted with ``name=`` join it."""
    legend = pg.LegendItem(colCount=columns, frame=False)
    item.layout.addItem(legend, 4, 1)
    item.legend = legend
    return legend


def text_px(widget) -> int:
    """The widget's text size in pixels (presenter mode raises it through the style sheet)."""
    font: QFont = widget.font()
    return font.pixelSize() if font.pixelSize() > 0 else round(font.pointSizeF() * 96 / 72)


def style_plot(plot: pg.PlotWidget, theme: Theme, title: str = "", axes=("left", "bottom")) -> None:
    """Colour one plot from the theme, title and axis labels included."""
    fg, bg = plot_colors(theme)
    plot.setBackground(bg)
    item = plot.getPlotItem()
    px = max(text_px(plot), 11)
    tick_font = QFont(plot.font())
    tick_font.setPixelSize(px)
    for name in axes:
        axis = item.getAxis(name)
        axis.enableAutoSIPrefix(False)
        axis.setPen(pg.mkPen(fg, width=1 * theme.line_scale))
        axis.setTextPen(fg)
        axis.setStyle(tickFont=tick_font)
        text = axis.labelText
        if text:
            axis.setLabel(text, units=axis.labelUnits or None, color=fg.name(), **{"font-size": f"{px}px"})
    title = title or getattr(item, "_stackscope_title", "") or (item.titleLabel.text if item.titleLabel.isVisible() else "")
    if title:
        item._stackscope_title = title
        item.setTitle(title, color=fg.name(), size=f"{px + 1}px")
    legend = getattr(item, "legend", None)
    if legend is not None:
        legend.setLabelTextColor(fg)
        legend.setLabelTextSize(f"{px}px")
        legend.setBrush(pg.mkBrush(bg))
        for _sample, label in legend.items:
            label.setText(label.text, color=fg.name(), size=f"{px}px")
