"""What a playing flow draws on the column: the tokens on their route, a fading trail of where
the request has been, and a faint glow on every band the current hop rests on.

The route comes from ``desktop.core.sim.path.screen_path``: one band at a time, never skipping
one. Every item here is persistent and moved or shown with ``setPos``/``setVisible``; the
trail and the glow change only when the hop changes, not per frame. While playback is paused
(a step, a seek) the token sits at its hop; while it plays it travels between hops. A token
sits at a chip's top-right corner, like a badge, so it never covers the chip's name.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsRectItem

if TYPE_CHECKING:
    from desktop.app.flow_run import FlowRun, Frame
    from desktop.ui.column import ColumnScene

MAX_TOKENS = 4
TRAIL_AGES = (0.85, 0.55, 0.3, 0.15)   # opacity of the trail's newest … oldest parts
TRAIL_HOPS = 3                          # hops per part
GLOW_ALPHA = 40                         # of 255: a faint wash over a band the hop rests on


class FlowOverlay:
    def __init__(self, scene: ColumnScene) -> None:
        self.scene = scene
        self.tokens: list = []
        self.trail: list[QGraphicsPathItem] = []
        self.glow: dict[int, QGraphicsRectItem] = {}
        self._hop = -2

    # items ----------------------------------------------------------------------------------
    def _ensure(self) -> None:
        scene = self.scene
        if self.tokens and self.tokens[0].scene() is scene:
            return
        from desktop.ui.column import TokenItem

        self.tokens = [scene.token]
        for _ in range(MAX_TOKENS - 1):
            token = TokenItem(scene.theme)
            scene.addItem(token)
            self.tokens.append(token)
        self.trail = []
        for _ in TRAIL_AGES:
            item = QGraphicsPathItem()
            item.setZValue(8)
            item.setVisible(False)
            scene.addItem(item)
            self.trail.append(item)
        self.glow = {}
        for n in scene.bands:
            rect = QGraphicsRectItem()
            rect.setPen(QPen(Qt.NoPen))
            rect.setZValue(0.5)
            rect.setVisible(False)
            scene.addItem(rect)
            self.glow[n] = rect
        self.set_theme(scene.theme)

    def set_theme(self, theme) -> None:
        for token in self.tokens:
            token.theme = theme
            token.update()
        accent = QColor(theme.q("accent"))
        for opacity, item in zip(TRAIL_AGES, self.trail):
            colour = QColor(accent)
            colour.setAlphaF(opacity)
            item.setPen(QPen(colour, 3, Qt.SolidLine, Qt.RoundCap, Qt.RoundJoin))
        glow = QColor(accent)
        glow.setAlpha(GLOW_ALPHA)
        for rect in self.glow.values():
            rect.setBrush(glow)

    def hide(self) -> None:
        self._ensure()
        for item in [*self.tokens, *self.trail, *self.glow.values()]:
            item.setVisible(False)
        self._hop = -2

    # geometry -------------------------------------------------------------------------------
    def hop_point(self, run: FlowRun, index: int) -> QPointF:
        """Where the token sits for hop ``index``: a chip's top-right corner, an OSI row's
        right end, else the middle of what it names."""
        ref = run.anchor_ref(index)
        item = self.scene.items_by_ref.get(ref)
        if item is None:
            return self.scene.anchor(ref)
        rect = item.rect
        if ref.startswith("component:"):
            return QPointF(rect.right(), rect.top())
        if ref.startswith("osi:"):
            return QPointF(rect.right() - rect.height() * 0.5, rect.center().y())
        return rect.center()

    def _point(self, run: FlowRun, k: int) -> QPointF:
        """Waypoint ``k``'s place: its hop's point, or for a band only passed through, that
        band's middle height at the x the token has reached on its way."""
        path = run.path
        w = path[k]
        if not w.passing:
            return self.hop_point(run, w.event)
        start = k
        while start > 0 and path[start].passing:
            start -= 1
        end = k
        while end < len(path) - 1 and path[end].passing:
            end += 1
        a, b = self.hop_point(run, path[start].event), self.hop_point(run, path[end].event)
        f = (k - start) / max(end - start, 1)
        band = self.scene.bands[w.layer].rect
        return QPointF(a.x() + (b.x() - a.x()) * f, band.center().y())

    # per frame ------------------------------------------------------------------------------
    def draw(self, run: FlowRun, frame: Frame, playing: bool) -> None:
        self._ensure()
        tokens = self.tokens
        if not run.loaded:
            self.hide()
            return
        path, times = run.path, run.path_times
        if frame.index < 0 or not path:
            tokens[0].setPos(self.hop_point(run, 0))
            k = 0
        elif not playing:
            tokens[0].setPos(self.hop_point(run, frame.index))   # a step lands on the hop
            k = run.path_index_of(frame.index)
        else:
            k = max(0, bisect_right(times, frame.sim_time) - 1)
            here = self._point(run, k)
            if k + 1 < len(path) and times[k + 1] > times[k]:
                f = min(1.0, (frame.sim_time - times[k]) / (times[k + 1] - times[k]))
                there = self._point(run, k + 1)
                here = QPointF(here.x() + (there.x() - here.x()) * f, here.y() + (there.y() - here.y()) * f)
            tokens[0].setPos(here)
        tokens[0].setVisible(True)
        others = [i for i in frame.active if i != frame.index][: MAX_TOKENS - 1]
        for token, other in zip(tokens[1:], others):
            token.setPos(self.hop_point(run, other) + QPointF(0, token.radius * 1.6))
            token.setVisible(True)
        for token in tokens[1 + len(others):]:
            token.setVisible(False)
        if frame.index != self._hop:
            self._hop = frame.index
            self._draw_trail(run, k)
            self._draw_glow(run, frame.index)

    def redraw(self, run: FlowRun, frame: Frame, playing: bool) -> None:
        """Everything again, the trail and glow too (they follow the hop, not the frame)."""
        self._hop = -2
        self.draw(run, frame, playing)

    def _draw_trail(self, run: FlowRun, upto: int) -> None:
        """The route so far, in parts that fade with age (older hops fainter)."""
        points = [self._point(run, k) for k in range(min(upto, len(run.path) - 1) + 1)] if run.path else []
        hops = [k for k, w in enumerate(run.path[: len(points)]) if not w.passing]
        for age, item in enumerate(self.trail):
            # part ``age`` covers the hops from TRAIL_HOPS*(age+1) back to TRAIL_HOPS*age back
            stop = hops[-1 - TRAIL_HOPS * age] if len(hops) > TRAIL_HOPS * age else None
            begin = hops[max(0, len(hops) - 1 - TRAIL_HOPS * (age + 1))] if hops else None
            if stop is None or begin is None or stop <= begin and age > 0:
                item.setVisible(False)
                continue
            if age == len(self.trail) - 1:
                begin = 0
            painter_path = QPainterPath(points[begin])
            for p in points[begin + 1: stop + 1]:
                painter_path.lineTo(p)
            item.setPath(painter_path)
            item.setVisible(stop > begin)

    def _draw_glow(self, run: FlowRun, index: int) -> None:
        rests = set(run.timeline.events[index].runs_on) if index >= 0 else set()
        for n, rect in self.glow.items():
            if n in rests:
                band: QRectF = self.scene.bands[n].rect
                rect.setRect(band)
            rect.setVisible(n in rests)
