"""A linear waterfall (Gantt) of one request's hops against true simulated time.

Self-contained: give it a ``desktop.core.sim.waterfall.Waterfall`` with ``set_waterfall`` (and
optionally a second one to compare), move the "now" cursor with ``set_now``, zoom with the
wheel, ``zoom`` or ``show_range``. Items are made once per waterfall and only moved afterwards
(zooming re-lays them out, the cursor moves one line), so playback costs almost nothing per
frame. Colours come in as plain strings, so the view knows no theme and no other panel.
"""
from __future__ import annotations

import math
from typing import Mapping, Sequence

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import (QGraphicsLineItem, QGraphicsRectItem, QGraphicsScene,
                               QGraphicsSimpleTextItem, QGraphicsView, QWidget)

from desktop.core.data.units import format_seconds
from desktop.core.sim.waterfall import Waterfall, compare_words

ROW_H = 22.0               # at 13 px type; every size below follows the view's type (``_metrics``)
BAR_H = 14.0
LEFT = 8.0
TOP = 34.0                 # room for the axis and the comparison words
BASE_TEXT_H = 16.0         # the line height ROW_H, BAR_H and TOP were drawn for
MIN_BAR_W = 2.0            # a 1 µs hop still shows as a sliver
DEFAULT_WIDTH_PX = 900.0
ZOOM_STEP = 1.25
MAX_PX_PER_S = 1e9         # 1 px per ns: enough for the shortest hop
TICKS = 8
DEFAULT_COLOURS = {"text": "#1B1F24", "muted": "#4A525C", "grid": "#C9CED4", "cursor": "#D55E00",
                   "compare": "#9AA3AD", "background": "#FFFFFF", "outline": "#1B1F24"}
DEFAULT_LAYER_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
                         "#CC79A7", "#999999", "#3D7EBF")


def nice_step(span: float, count: int = TICKS) -> float:
    """A 1-2-5 step that cuts ``span`` seconds into about ``count`` ticks."""
    if span <= 0:
        return 1.0
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * power:
            return m * power
    return 10 * power


class WaterfallView(QGraphicsView):
    """The waterfall; ``px_per_s`` is the zoom, ``t0`` the time at the left edge."""

    def __init__(self, colours: Mapping[str, str] | None = None,
                 layer_colours: Sequence[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colours = {**DEFAULT_COLOURS, **(colours or {})}
        self._layer_colours = tuple(layer_colours or DEFAULT_LAYER_COLOURS)
        self._canvas = QGraphicsScene(self)
        self.setScene(self._canvas)
        self.setRenderHint(QPainter.Antialiasing, False)
        self.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOn)   # a steady width: no relayout loop
        self.setBackgroundBrush(QBrush(QColor(self._colours["background"])))
        self.setAccessibleName(QCoreApplication.translate("Waterfall", "Latency waterfall"))
        self.fall: Waterfall | None = None
        self.other: Waterfall | None = None
        self.row_h, self.bar_h, self.top = ROW_H, BAR_H, TOP
        self.px_per_s = 1.0
        self.t0 = 0.0
        self.now = 0.0
        self._fitted = True
        self._resizing = False
        self.bars: list[QGraphicsRectItem] = []
        self.labels: list[QGraphicsSimpleTextItem] = []
        self.ghosts: list[QGraphicsRectItem] = []
        self.ticks: list[tuple[QGraphicsLineItem, QGraphicsSimpleTextItem]] = []
        self.words = QGraphicsSimpleTextItem("")
        self.words.setBrush(QBrush(QColor(self._colours["text"])))
        self._canvas.addItem(self.words)
        self.cursor_line = QGraphicsLineItem()
        self.cursor_line.setPen(QPen(QColor(self._colours["cursor"]), 2))
        self.cursor_line.setZValue(10)
        self._canvas.addItem(self.cursor_line)

    def set_colours(self, colours: Mapping[str, str] | None = None,
                    layer_colours: Sequence[str] | None = None) -> None:
        """Restyle (a theme change): the same waterfall, drawn again in the new colours."""
        self._colours = {**DEFAULT_COLOURS, **(colours or {})}
        if layer_colours:
            self._layer_colours = tuple(layer_colours)
        self.setBackgroundBrush(QBrush(QColor(self._colours["background"])))
        self.words.setBrush(QBrush(QColor(self._colours["text"])))
        self.cursor_line.setPen(QPen(QColor(self._colours["cursor"]), 2))
        for line, text in self.ticks:
            line.setPen(QPen(QColor(self._colours["grid"]), 1))
            text.setBrush(QBrush(QColor(self._colours["muted"])))
        if self.fall is not None:
            span = (self.t0, self.t_of(max(self.viewport().width(), 1)))
            self.set_waterfall(self.fall, self.other, self.words.text())
            self.show_range(*span)

    def _metrics(self) -> None:
        """Rows, bars and labels in the view's own type: projector-sized in presenter mode
        (the style sheet sets the widget's font; graphics items do not inherit it)."""
        from PySide6.QtGui import QFontMetricsF

        font = self.font()
        k = max(1.0, QFontMetricsF(font).height() / BASE_TEXT_H)
        self.row_h, self.bar_h, self.top = ROW_H * k, BAR_H * k, TOP * k
        for item in [*self.labels, self.words, *(text for _line, text in self.ticks)]:
            item.setFont(font)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        from PySide6.QtCore import QEvent

        if event.type() in (QEvent.FontChange, QEvent.StyleChange):
            self._metrics()
            self._layout()

    # data --------------------------------------------------------------------------------
    def set_waterfall(self, fall: Waterfall, compare: Waterfall | None = None,
                      words: str | None = None) -> None:
        """Show ``fall`` (and ``compare``, drawn as thin bars under each row of the same hop,
        with the difference in words above: ``compare_words`` of the two timelines)."""
        for item in [*self.bars, *self.labels, *self.ghosts]:
            self._canvas.removeItem(item)
        self.fall, self.other = fall, compare
        self.bars, self.labels, self.ghosts = [], [], []
        others = {r.hop_id: r for r in compare.rows} if compare is not None else {}
        for row in fall.rows:
            bar = QGraphicsRectItem()
            colour = QColor(self._layer_colours[row.layer % len(self._layer_colours)])
            bar.setBrush(QBrush(colour))
            bar.setPen(QPen(QColor(self._colours["outline"]), 1.5 if row.critical else 0.5))
            bar.setToolTip(QCoreApplication.translate("Waterfall", "{label}: starts at {start}, takes {takes} ({share} of the run)").format(
                label=row.label, start=format_seconds(row.start_s), takes=format_seconds(row.duration_s),
                share=f"{row.share:.0%}"))
            bar.setData(0, row.hop_id)
            self._canvas.addItem(bar)
            self.bars.append(bar)
            label = QGraphicsSimpleTextItem(row.caption)
            label.setFont(self.font())
            label.setBrush(QBrush(QColor(self._colours["text"])))
            self._canvas.addItem(label)
            self.labels.append(label)
            ghost = QGraphicsRectItem()
            ghost.setBrush(QBrush(QColor(self._colours["compare"])))
            ghost.setPen(QPen(Qt.NoPen))
            ghost.setVisible(row.hop_id in others)
            self._canvas.addItem(ghost)
            self.ghosts.append(ghost)
        self.words.setText(words or "")
        self.fit()

    def set_now(self, t: float) -> None:
        """Move the "now" cursor to simulated time ``t`` (nothing else is touched)."""
        self.now = t
        x = self.x_of(t)
        self.cursor_line.setLine(x, self.top - 4, x, self.top + self.row_h * max(len(self.bars), 1))

    # zoom --------------------------------------------------------------------------------
    def x_of(self, t: float) -> float:
        return LEFT + (t - self.t0) * self.px_per_s

    def t_of(self, x: float) -> float:
        return self.t0 + (x - LEFT) / self.px_per_s

    def end_s(self) -> float:
        ends = [self.fall.end_s] if self.fall else [1.0]
        if self.other is not None:
            ends.append(self.other.end_s)
        return max(max(ends), 1e-9)

    def fit(self) -> None:
        """Show the whole run (and keep showing it whole when the view is resized)."""
        self.show_range(0.0, self.end_s())
        self._fitted = True

    def show_range(self, t0: float, t1: float) -> None:
        """Zoom so that ``[t0, t1]`` fills the view's width (the microsecond hops of a flow
        become visible when you zoom onto them)."""
        width = max(self.viewport().width(), 1) if self.isVisible() else DEFAULT_WIDTH_PX
        span = max(t1 - t0, 1e-12)
        self.px_per_s = min((width - 2 * LEFT) / span, MAX_PX_PER_S)
        self.t0 = t0
        self._fitted = False
        self._layout()

    def zoom(self, factor: float, anchor_t: float | None = None) -> None:
        """Zoom in (``factor`` > 1) or out around ``anchor_t`` (default: the cursor)."""
        anchor = self.now if anchor_t is None else anchor_t
        x = self.x_of(anchor)
        self.px_per_s = min(max(self.px_per_s * factor, 1e-6), MAX_PX_PER_S)
        self.t0 = anchor - (x - LEFT) / self.px_per_s
        self._fitted = False
        self._layout()

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(ZOOM_STEP ** steps, self.t_of(event.position().x()))
            event.accept()
        else:
            super().wheelEvent(event)

    def _layout(self) -> None:
        if self.fall is None:
            return
        others = {r.hop_id: r for r in self.other.rows} if self.other is not None else {}
        view_w = max(self.viewport().width(), 1) if self.isVisible() else DEFAULT_WIDTH_PX
        for i, row in enumerate(self.fall.rows):
            y = self.top + i * self.row_h
            x0, x1 = self.x_of(row.start_s), self.x_of(row.end_s)
            self.bars[i].setRect(QRectF(x0, y, max(x1 - x0, MIN_BAR_W), self.bar_h))
            label = self.labels[i]
            after = max(x0, LEFT) + max(x1 - x0, MIN_BAR_W) + 4
            width = label.boundingRect().width()
            if after + width > view_w and x0 - width - 4 >= LEFT:
                after = x0 - width - 4            # a bar reaching the right edge: name it on its left
            elif after + width > view_w:
                after = max(LEFT, min(after, view_w - width))
            label.setPos(after, y)
            twin = others.get(row.hop_id)
            if twin is not None:
                g0, g1 = self.x_of(twin.start_s), self.x_of(twin.end_s)
                self.ghosts[i].setRect(QRectF(g0, y + self.bar_h, max(g1 - g0, MIN_BAR_W), self.row_h - self.bar_h - 2))
        self._axis()
        self.words.setPos(LEFT, 0)
        self.set_now(self.now)
        # time runs along x through t0 and the zoom, never by scrolling: the scene is as wide as the view
        self._canvas.setSceneRect(QRectF(0, 0, view_w, self.top + self.row_h * (len(self.bars) + 1)))

    def _axis(self) -> None:
        width = max(self.viewport().width(), DEFAULT_WIDTH_PX)
        t_end = self.t_of(width)
        step = nice_step(t_end - self.t0)
        first = math.ceil(self.t0 / step) * step
        times = []
        t = first
        while t <= t_end and len(times) <= 2 * TICKS:
            times.append(t)
            t += step
        while len(self.ticks) < len(times):          # grow the pool; never rebuilt per frame
            line = QGraphicsLineItem()
            line.setPen(QPen(QColor(self._colours["grid"]), 1))
            line.setZValue(-1)
            text = QGraphicsSimpleTextItem("")
            text.setFont(self.font())
            text.setBrush(QBrush(QColor(self._colours["muted"])))
            self._canvas.addItem(line)
            self._canvas.addItem(text)
            self.ticks.append((line, text))
        bottom = self.top + self.row_h * max(len(self.bars), 1)
        for k, (line, text) in enumerate(self.ticks):
            if k < len(times):
                x = self.x_of(times[k])
                line.setLine(x, self.top - 6, x, bottom)
                text.setText(format_seconds(times[k] if abs(times[k]) > step / 1e6 else 0.0))
                text.setPos(x + 2, self.top - 18 * self.top / TOP)
            line.setVisible(k < len(times))
            text.setVisible(k < len(times))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._resizing:      # a scroll bar coming or going while we lay out resizes us again
            return
        self._resizing = True
        try:
            if self._fitted and self.fall is not None:
                self.fit()      # the whole run, now at the view's real width
            else:
                self._layout()
        finally:
            self._resizing = False


def compare(view: WaterfallView, before, after) -> None:
    """Show ``after``'s waterfall with ``before`` under it and the difference in words, from two
    timelines: the convenience a compare button calls."""
    from desktop.core.sim.waterfall import waterfall

    view.set_waterfall(waterfall(after), waterfall(before), compare_words(before, after))
