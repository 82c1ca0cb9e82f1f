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
    widget.ensurePolished()   # a new style sheet (presenter type) reaches the font on polish
    font: QFont = widget.font()
    return font.pixelSize() if font.pixelSize() > 0 else round(font.pointSizeF() * 96 / 72)


def _fit_title(plot: pg.PlotWidget) -> None:
    """Break the title into lines that fit the plot's width: a one-line title wider than the
    plot would push the whole plot (and its right axis) out of the widget."""
    from PySide6.QtGui import QFontMetricsF

    item = plot.getPlotItem()
    title = getattr(item, "_stackscope_title", "")
    if not title:
        return
    color, px = item._stackscope_title_style
    font = QFont(plot.font())
    font.setPixelSize(px)
    metrics = QFontMetricsF(font)
    # The title is centred over the data, so it needs the widest axis' room on both sides.
    axis = max([item.getAxis(a).width() for a in ("left", "right") if item.getAxis(a).isVisible()] + [px * 4.2])
    room = max(plot.width() - 2 * axis - 16, 80)
    lines: list[str] = []
    for word in title.split():
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    text = "<br>".join(lines)
    if (text, color, px) != getattr(item, "_stackscope_title_shown", None):
        item._stackscope_title_shown = (text, color, px)
        item.setTitle(text, color=color, size=f"{px}px")
        # pyqtgraph fixes the title row at 30 px: give it the lines the title now has.
        height = round(len(lines) * metrics.lineSpacing() + 10)
        item.titleLabel.setMaximumHeight(height)
        item.layout.setRowFixedHeight(0, height)
        # The plot grows rather than squeeze its data, axis and legend out of sight.
        legend_h = metrics.lineSpacing() * 1.6 if getattr(item, "legend", None) is not None else 0
        plot.setMinimumHeight(max(getattr(plot, "_stackscope_min_h", plot.minimumHeight()),
                                  round(height + metrics.lineSpacing() * 2.6 + legend_h + 90)))
    # A QGraphicsWidget is never set smaller than its minimum, and the one-line title was that
    # minimum when the view last resized: the plot stayed wider than the view, axis labels and
    # all. Fit it to the view again now the title wraps.
    if item.geometry().width() > plot.range.width() + 1:
        item.setGeometry(plot.range)


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
    if not hasattr(plot, "_stackscope_min_h"):
        plot._stackscope_min_h = plot.minimumHeight()
    if title:
        item._stackscope_title = title
        item._stackscope_title_style = (fg.name(), px + 1)
        _fit_title(plot)
        if not getattr(plot, "_stackscope_fits_title", False):
            plot._stackscope_fits_title = True
            plot.sigDeviceRangeChanged.connect(lambda *_a: _fit_title(plot))
    legend = getattr(item, "legend", None)
    if legend is not None:
        legend.setLabelTextColor(fg)
        legend.setLabelTextSize(f"{px}px")
        legend.setBrush(pg.mkBrush(bg))
        for _sample, label in legend.items:
            label.setText(label.text, color=fg.name(), size=f"{px}px")


def restyle_if_font_changed(widget) -> None:
    """Re-apply the theme when the text size a plot widget gets has changed since it was styled."""
    px = text_px(widget)
    if getattr(widget, "_stackscope_px", None) != px and getattr(widget, "theme", None) is not None:
        widget._stackscope_px = px
        widget.apply_theme(widget.theme)


def drop_title(plot: pg.PlotWidget, min_height: int) -> None:
    """No title and a smaller least height: the compact copy of a plot a lesson step draws
    under its text, where a caption already names the plot and every line of height counts."""
    item = plot.getPlotItem()
    item._stackscope_title = ""
    item._stackscope_title_shown = None
    item.setTitle(None)
    plot._stackscope_min_h = min_height
    plot.setMinimumHeight(min_height)
