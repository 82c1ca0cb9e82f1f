"""The nine-layer column: a QGraphicsScene built once, laid out again only when its size changes.

Every band, OSI sub-layer, TCP/IP bracket, component chip and seam is a persistent item that
knows its reference (``layer:network``, ``osi:3`` …). Resizing moves and resizes the items; the
animation moves tokens with ``setPos``; selection and highlights only repaint the items whose
state changed. Nothing is rebuilt per frame.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QKeyEvent, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (QGraphicsItem, QGraphicsObject, QGraphicsScene, QGraphicsView,
                               QStyleOptionGraphicsItem, QWidget)

from desktop.core.stack import navigation
from desktop.core.stack.model import Stack
from desktop.ui.fonts import pixel_font
from desktop.ui.theme import LIGHT, Theme, ink_on, readable

LAYER_WEIGHT = 1.0
NETWORK_WEIGHT = 2.3      # layer 2 holds the seven OSI sub-layers
EXPANDED_EXTRA = 1.4      # Enter on a layer gives it room for its description


@dataclass
class ItemState:
    selected: bool = False
    highlighted: bool = False   # named by a lesson step or a fault's leak path
    active: bool = False        # the hop playing now
    dimmed: bool = False        # spotlight: everything but the selection recedes
    struck: bool = False        # where a fault strikes


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


class ColumnItem(QGraphicsItem):
    """Base for everything clickable in the column: a rectangle with a reference and a state."""

    kind = "item"

    def __init__(self, scene: "ColumnScene", ref: str) -> None:
        super().__init__()
        self.column = scene
        self.ref = ref
        self.rect = QRectF()
        self.state = ItemState()
        self.texts: list[TextRecord] = []   # what the last paint drew (for the layout audit)
        self.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
        self.setAcceptHoverEvents(True)

    def begin_texts(self, painter: QPainter, background: QColor) -> None:
        """Start recording this paint's texts, drawn over ``background``."""
        self.texts = []
        painter._stackscope_item = self   # type: ignore[attr-defined]
        painter._stackscope_bg = QColor(background)   # type: ignore[attr-defined]

    def hidden(self, kind: str) -> bool:
        """Is this item's ``kind`` label (number, pdu, name) hidden by a lesson check?"""
        hide = self.column.hidden_labels
        return bool(hide) and (f"{kind}:{self.ref}" in hide or f"{kind}:{self.ref.split(':')[0]}:*" in hide)

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-3, -3, 3, 3)

    def set_rect(self, rect: QRectF) -> None:
        self.prepareGeometryChange()
        self.rect = rect
        self.update()

    def set_state(self, **changes: bool) -> None:
        changed = False
        for key, value in changes.items():
            if getattr(self.state, key) != value:
                setattr(self.state, key, value)
                changed = True
        if changed:
            self.update()

    @property
    def theme(self) -> Theme:
        return self.column.theme

    def outline(self, painter: QPainter, path_rect: QRectF, radius: float) -> None:
        """Selection, highlight and strike are outlines of different weight and dash, so they
        read without colour."""
        st = self.state
        if st.selected:
            painter.setPen(QPen(self.theme.q("selection"), 3.5))
        elif st.struck:
            painter.setPen(QPen(self.theme.q("selection"), 3, Qt.DashDotLine))
        elif st.highlighted or st.active:
            painter.setPen(QPen(self.theme.q("accent"), 2.5, Qt.DashLine if st.highlighted else Qt.SolidLine))
        else:
            return
        painter.setBrush(Qt.NoBrush)
        painter.drawRoundedRect(path_rect.adjusted(1, 1, -1, -1), radius, radius)

    def dim(self, painter: QPainter) -> None:
        if self.state.dimmed:
            painter.fillRect(self.rect, QColor(0, 0, 0, 150 if self.theme.dark else 120))


@dataclass
class TextRecord:
    """One text an item painted: what it had to say, whether all of it fitted, and the
    colours it was drawn in (``desktop.ui.audit`` reads these to report cuts and contrast)."""

    text: str
    fitted: bool
    color: QColor
    background: QColor
    px: float
    bold: bool = False


def wrap_lines(text: str, metrics: QFontMetricsF, width: float) -> list[str]:
    """Whole words into lines no wider than ``width`` (a single over-long word gets its own line)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if metrics.horizontalAdvance(trial) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def text_fits(text: str, font, rect: QRectF, *, wrap: bool = False) -> bool:
    """Does ``text`` fit ``rect`` whole (on one line, or wrapped by words)?"""
    metrics = QFontMetricsF(font)
    if not wrap:
        return metrics.horizontalAdvance(text) <= rect.width() + 0.5 and metrics.height() <= rect.height() + 1.0
    lines = wrap_lines(text, metrics, rect.width())
    widest = max((metrics.horizontalAdvance(line) for line in lines), default=0.0)
    return widest <= rect.width() + 0.5 and len(lines) * metrics.lineSpacing() <= rect.height() + 1.0


def _record(painter: QPainter, text: str, fitted: bool, font, color: QColor) -> None:
    item = getattr(painter, "_stackscope_item", None)
    if item is not None:
        item.texts.append(TextRecord(text, fitted, QColor(color), QColor(getattr(painter, "_stackscope_bg", color)),
                                     font.pixelSize(), font.bold()))


def _draw_text(painter: QPainter, rect: QRectF, text: str, font, color: QColor,
               flags=Qt.AlignLeft | Qt.AlignVCenter, *, wrap: bool = False, max_lines: int = 1) -> bool:
    """Draw ``text`` in ``rect``; True if all of it fitted. Wrapped text breaks between words
    only; when the lines run out the last one is elided (the item's tooltip has it all)."""
    painter.setFont(font)
    painter.setPen(color)
    metrics = QFontMetricsF(font)
    if wrap and max_lines > 1:
        lines = wrap_lines(text, metrics, rect.width())
        fitted = len(lines) <= max_lines and all(metrics.horizontalAdvance(x) <= rect.width() + 0.5 for x in lines)
        if len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = metrics.elidedText(lines[-1] + " …", Qt.ElideRight, rect.width())
        painter.drawText(rect, (flags & ~Qt.AlignVCenter) | Qt.AlignTop, "\n".join(lines))
        _record(painter, text, fitted, font, color)
        return fitted
    fitted = metrics.horizontalAdvance(text) <= rect.width() + 0.5
    painter.drawText(rect, flags, text if fitted else metrics.elidedText(text, Qt.ElideRight, rect.width()))
    _record(painter, text, fitted, font, color)
    return fitted


def _fit_px(text: str, px: float, low: float, width: float, *, bold: bool = False) -> float:
    """The largest size from ``px`` down to ``low`` at which ``text`` fits ``width`` on one line."""
    while px > low and QFontMetricsF(pixel_font(px, bold=bold)).horizontalAdvance(text) > width:
        px -= 0.5
    return px


class BandItem(ColumnItem):
    """One layer: number badge, name, summary (and its description when expanded)."""

    kind = "layer"

    def __init__(self, scene: "ColumnScene", number: int) -> None:
        layer = scene.stack.layer(number)
        super().__init__(scene, layer.ref)
        self.layer = layer
        self.label_width = 0.0
        self.badge = 40.0
        self.head_px = 18.0
        self.body_px = 12.0
        self.body_floor = 10.0        # smallest body text worth printing
        self.desc_rect = QRectF()     # where an expanded band writes its description
        self.expanded = False
        self.setToolTip(f"{layer.number} · {layer.name}\n{layer.summary}")
        self.setZValue(0)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        th, r, layer = self.theme, self.rect, self.layer
        painter.setRenderHint(QPainter.Antialiasing)
        fill = th.band_fill(layer.number)
        self.begin_texts(painter, fill)
        radius = _clamp(r.height() * 0.12, 3, 10)
        painter.setPen(QPen(th.q("border"), 1 * th.line_scale))
        painter.setBrush(fill)
        painter.drawRoundedRect(r, radius, radius)
        # A stripe of the layer's hue at the left edge, then the number badge.
        stripe = QRectF(r.left(), r.top(), max(5.0, self.badge * 0.12), r.height())
        painter.setPen(Qt.NoPen)
        painter.setBrush(th.layer_color(layer.number))
        painter.drawRoundedRect(stripe, radius, radius)
        pad = _clamp(self.badge * 0.16, 3, 14)
        badge_rect = QRectF(stripe.right() + pad, r.top() + pad, self.badge, min(self.badge, r.height() - 2 * pad))
        painter.setBrush(th.q("surface"))
        painter.setPen(QPen(th.q("text"), 1.5 * th.line_scale))
        painter.drawRoundedRect(badge_rect, 6, 6)
        painter._stackscope_bg = th.q("surface")   # type: ignore[attr-defined]
        _draw_text(painter, badge_rect, "?" if self.hidden("number") else str(layer.number),
                   pixel_font(badge_rect.height() * 0.62, bold=True), th.q("text"), Qt.AlignCenter)
        painter._stackscope_bg = fill   # type: ignore[attr-defined]
        text_left = badge_rect.right() + pad
        width = self.label_width - (text_left - r.left()) - pad
        # The name wraps onto a second line rather than lose a word ("Agents and intel…"); in
        # a band too small even for that (a lens beside a small screen) this band's name shrinks.
        px = self.head_px
        while px > 8 and not text_fits(layer.name, pixel_font(px, bold=True),
                                       QRectF(0, 0, width, r.height() - pad * 0.5), wrap=True):
            px -= 0.5
        head = pixel_font(px, bold=True)
        name_lines = len(wrap_lines(layer.name, QFontMetricsF(head), width))
        name_h = QFontMetricsF(head).lineSpacing() * max(1, name_lines) + 2
        _draw_text(painter, QRectF(text_left, r.top() + pad * 0.5, width, name_h),
                   layer.name, head, th.q("text"), wrap=name_lines > 1, max_lines=max(1, name_lines))
        top = r.top() + pad * 0.5 + name_h
        if self.expanded and not self.desc_rect.isEmpty():
            # Expanded: the description gets the band's whole width below the chips.
            rest = QRectF(text_left, top, width, self.desc_rect.top() - top)
            self._paragraph(painter, rest, layer.summary, th)
            self._paragraph(painter, self.desc_rect, layer.description, th, grow=1.5)
        else:
            rest = QRectF(text_left, top, width, r.bottom() - top - max(pad, 4.0))
            self._paragraph(painter, rest, layer.summary, th)
        self.outline(painter, r, radius)
        self.dim(painter)

    def background(self) -> QColor:
        return self.theme.band_fill(self.layer.number)

    def _paragraph(self, painter: QPainter, rect: QRectF, text: str, th: Theme, grow: float = 1.0) -> None:
        """Body text that fits whole: the body size, smaller down to a readable floor, or not
        at all (the band's tooltip holds it) rather than cut mid-sentence."""
        if rect.height() < self.body_floor or rect.width() < 40:
            return
        px = self.body_px * grow   # an expanded description may use the room it was given
        while px > self.body_floor and not text_fits(text, pixel_font(px), rect, wrap=True):
            px -= 0.5
        font = pixel_font(px)
        if text_fits(text, font, rect, wrap=True):
            lines = max(1, int((rect.height() + 1) // QFontMetricsF(font).lineSpacing()))
            color = readable(th.q("muted"), self.background(), th.q("text"))
            _draw_text(painter, rect, text, font, color, wrap=True, max_lines=lines)


class ChipItem(ColumnItem):
    """A component: a rounded chip inside its layer's band."""

    kind = "component"

    def __init__(self, scene: "ColumnScene", comp_id: str) -> None:
        comp = scene.stack.component(comp_id)
        super().__init__(scene, comp.ref)
        self.comp = comp
        self.font_px = 12.0
        self.setToolTip(comp.name)
        self.setZValue(2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        th, r = self.theme, self.rect
        painter.setRenderHint(QPainter.Antialiasing)
        radius = min(r.height() * 0.3, self.font_px * 0.6)
        fill = th.q("chip")
        if self.state.active:
            fill = _mix(th.q("chip"), th.q("accent"), 0.35)
        self.begin_texts(painter, fill)
        painter.setBrush(fill)
        painter.setPen(QPen(th.layer_color(self.comp.layer).darker(120) if th.name not in ("contrast", "projector")
                            else th.q("border"), 1.2 * th.line_scale))
        painter.drawRoundedRect(r, radius, radius)
        font = pixel_font(self.font_px, bold=True)
        inner = r.adjusted(self.font_px * 0.5, 1, -self.font_px * 0.5, -1)
        lines = len(wrap_lines(self.comp.name, QFontMetricsF(font), inner.width()))
        if lines > 1:
            _draw_text(painter, inner, self.comp.name, font, th.q("text"), Qt.AlignHCenter | Qt.AlignVCenter,
                       wrap=True, max_lines=lines)
        else:
            _draw_text(painter, inner, self.comp.name, font, th.q("text"), Qt.AlignCenter)
        self.outline(painter, r, radius)
        self.dim(painter)


def _mix(base: QColor, tint: QColor, amount: float) -> QColor:
    """An opaque blend (text on it has a single, measurable background)."""
    return QColor(round(base.red() * (1 - amount) + tint.red() * amount),
                  round(base.green() * (1 - amount) + tint.green() * amount),
                  round(base.blue() * (1 - amount) + tint.blue() * amount))


class OsiItem(ColumnItem):
    """One OSI sub-layer inside layer 2: number, name and PDU."""

    kind = "osi"

    def __init__(self, scene: "ColumnScene", number: int) -> None:
        osi = scene.stack.osi[number - 1]
        super().__init__(scene, osi.ref)
        self.osi = osi
        self.setToolTip(f"OSI {osi.number} · {osi.name}: {osi.pdu}")
        self.setZValue(2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        th, r = self.theme, self.rect
        painter.setRenderHint(QPainter.Antialiasing)
        fill = th.q("chip")
        if self.state.active:
            fill = _mix(th.q("chip"), th.q("accent"), 0.35)
        self.begin_texts(painter, fill)
        painter.setBrush(fill)
        painter.setPen(QPen(th.q("border"), 1 * th.line_scale))
        painter.drawRect(r)
        px = _clamp(r.height() * 0.55, 8, 30)
        num_w = px * 1.6
        name = self.osi.name
        pdu = "" if self.hidden("pdu") else self.osi.pdu
        room = r.width() - num_w - 8
        # Name and PDU share the row: shrink both until they fit; a PDU that still does not
        # fit goes under the name when the row is tall enough, else only into the tooltip.
        gap = px * 0.6
        def need(size: float) -> float:
            return (QFontMetricsF(pixel_font(size, bold=True)).horizontalAdvance(name) + gap
                    + (QFontMetricsF(pixel_font(size * 0.85, italic=True)).horizontalAdvance(pdu) if pdu else 0))
        low = max(9.0, px * 0.6)
        while px > low and need(px) > room:
            px -= 0.5

        def need_short(text: str) -> float:
            return (QFontMetricsF(pixel_font(px, bold=True)).horizontalAdvance(name) + gap
                    + QFontMetricsF(pixel_font(px * 0.85, italic=True)).horizontalAdvance(text))
        _draw_text(painter, QRectF(r.left(), r.top(), num_w, r.height()),
                   "?" if self.hidden("number") else str(self.osi.number),
                   pixel_font(px, bold=True), th.q("text"), Qt.AlignCenter)
        name_font = pixel_font(px, bold=self.state.active)
        pdu_font = pixel_font(px * 0.85, italic=True)
        if not pdu or need(px) <= room:
            name_w = QFontMetricsF(pixel_font(px, bold=True)).horizontalAdvance(name) + 2
            _draw_text(painter, QRectF(r.left() + num_w, r.top(), min(name_w, room), r.height()), name,
                       name_font, th.q("text"))
            if pdu:
                _draw_text(painter, QRectF(r.left() + num_w + name_w + gap * 0.5, r.top(),
                                           r.right() - 4 - (r.left() + num_w + name_w + gap * 0.5), r.height()),
                           pdu, pdu_font, readable(th.q("muted"), fill, th.q("text")), Qt.AlignRight | Qt.AlignVCenter)
        else:
            # Too narrow for both on one row: the PDU without its asides ("Segments /
            # datagrams"), beside the name or under it; the tooltip always has it all.
            short = re.sub(r"\s*\([^)]*\)", "", pdu).strip()
            if need_short(short) <= room:
                pdu = short
                name_w = QFontMetricsF(pixel_font(px, bold=True)).horizontalAdvance(name) + 2
                _draw_text(painter, QRectF(r.left() + num_w, r.top(), name_w, r.height()), name, name_font, th.q("text"))
                _draw_text(painter, QRectF(r.left() + num_w + name_w, r.top(), room - name_w + 4, r.height()),
                           short, pdu_font, readable(th.q("muted"), fill, th.q("text")), Qt.AlignRight | Qt.AlignVCenter)
            else:
                _draw_text(painter, QRectF(r.left() + num_w, r.top(), room, r.height()), name, name_font, th.q("text"))
        self.outline(painter, r, 2)
        self.dim(painter)


class BracketItem(ColumnItem):
    """A TCP/IP layer drawn as a bracket beside the OSI sub-layers it covers."""

    kind = "tcpip"

    def __init__(self, scene: "ColumnScene", ident: str) -> None:
        layer = next(t for t in scene.stack.tcpip if t.id == ident)
        super().__init__(scene, layer.ref)
        self.tcpip = layer
        self.setToolTip(f"TCP/IP: {layer.name}")
        self.setZValue(2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        th, r = self.theme, self.rect
        painter.setRenderHint(QPainter.Antialiasing)
        self.begin_texts(painter, self.column.bands[2].background())
        pen = QPen(th.q("text"), 1.6 * th.line_scale)
        painter.setPen(pen)
        x = r.left() + 4
        tick = _clamp(r.width() * 0.12, 3, 8)
        path = QPainterPath(QPointF(x + tick, r.top() + 2))
        path.lineTo(x, r.top() + 2)
        path.lineTo(x, r.bottom() - 2)
        path.lineTo(x + tick, r.bottom() - 2)
        painter.drawPath(path)
        label_rect = QRectF(x + tick + 2, r.top(), r.width() - tick - 6, r.height())
        px = _clamp(min(r.height() * 0.45, 22.0), 8, 22)
        while px > 8 and QFontMetricsF(pixel_font(px)).horizontalAdvance("Application") > label_rect.width():
            px -= 0.5
        px = _fit_px(self.tcpip.name, px, 8, label_rect.width())
        fits = QFontMetricsF(pixel_font(px)).horizontalAdvance(self.tcpip.name) <= label_rect.width() + 0.5
        if not self.hidden("name") and fits:   # too narrow: the bracket alone, its name in the tooltip
            _draw_text(painter, label_rect, self.tcpip.name, pixel_font(px), th.q("text"))
        self.outline(painter, r, 3)
        self.dim(painter)


class SeamItem(ColumnItem):
    """The boundary between two layers: a dashed line plus a labelled tab you can click."""

    kind = "seam"

    def __init__(self, scene: "ColumnScene", seam_id: str) -> None:
        super().__init__(scene, f"seam:{seam_id}")
        self.seam_id = seam_id
        self.tab = QRectF()
        self.setZValue(3)

    def boundingRect(self) -> QRectF:
        return self.rect.united(self.tab).adjusted(-3, -3, 3, 3)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.setFillRule(Qt.WindingFill)  # the tab overlaps the line; odd-even would cancel it out
        path.addRect(self.rect)
        path.addRoundedRect(self.tab, 4, 4)
        return path

    def set_geometry(self, line: QRectF, tab: QRectF) -> None:
        self.prepareGeometryChange()
        self.rect, self.tab = line, tab
        self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        th = self.theme
        painter.setRenderHint(QPainter.Antialiasing)
        strong = self.state.selected or self.state.highlighted or self.state.active or self.state.struck
        pen = QPen(th.q("selection") if strong else th.q("seam"), (3 if strong else 1.4) * th.line_scale, Qt.DashLine)
        painter.setPen(pen)
        y = self.rect.center().y()
        painter.drawLine(QPointF(self.rect.left(), y), QPointF(self.rect.right(), y))
        badge = th.q("selection") if strong else th.q("surface")
        self.begin_texts(painter, badge)
        painter.setBrush(badge)
        painter.setPen(QPen(th.q("seam") if not strong else th.q("selection"), 1.4 * th.line_scale))
        painter.drawRoundedRect(self.tab, 4, 4)
        color = readable(th.q("on_accent"), badge, ink_on(badge)) if strong else th.q("text")
        text = f"seam {self.seam_id.replace('-', '|')}"
        px = _fit_px(text, _clamp(self.tab.height() * 0.62, 8, 22), 8, self.tab.width() - 6, bold=True)
        _draw_text(painter, self.tab, text, pixel_font(px, bold=strong), color, Qt.AlignCenter)
        if self.state.dimmed:
            painter.fillRect(self.tab, QColor(0, 0, 0, 130))


class TokenItem(QGraphicsObject):
    """A request travelling the column; moved with setPos, never recreated."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.theme = theme
        self.radius = 9.0
        self.label = ""
        self.setZValue(10)
        self.setVisible(False)
        self.setCacheMode(QGraphicsItem.DeviceCoordinateCache)

    def boundingRect(self) -> QRectF:
        r = self.radius + 3
        return QRectF(-r, -r, 2 * r, 2 * r)

    def set_radius(self, radius: float) -> None:
        if abs(radius - self.radius) > 0.5:
            self.prepareGeometryChange()
            self.radius = radius
            self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setPen(QPen(QColor("#000000"), 2))
        painter.setBrush(self.theme.q("token"))
        painter.drawEllipse(QPointF(0, 0), self.radius, self.radius)
        painter.setBrush(QColor("#000000"))
        painter.drawEllipse(QPointF(0, 0), self.radius * 0.35, self.radius * 0.35)


class GaugeItem(QGraphicsItem):
    """A layer's budget gauge: how much of it the current flow or load run is spending.

    Drawn in the band's right gutter as a bar with its percentage written on it, so the value
    reads without colour; hidden until a flow or load run sets it."""

    def __init__(self, scene: "ColumnScene", layer: int) -> None:
        super().__init__()
        self.column = scene
        self.layer = layer
        self.rect = QRectF()
        self.fraction = 0.0
        self.caption = ""
        self.texts: list[TextRecord] = []
        self.setZValue(4)
        self.setVisible(False)
        self.setCacheMode(QGraphicsItem.DeviceCoordinateCache)

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-2, -2, 2, 2)

    def set_rect(self, rect: QRectF) -> None:
        self.prepareGeometryChange()
        self.rect = rect
        self.update()

    def set_value(self, fraction: float, caption: str) -> None:
        if abs(fraction - self.fraction) > 1e-4 or caption != self.caption:
            self.fraction, self.caption = fraction, caption
            self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        th, r = self.column.theme, self.rect
        painter.setRenderHint(QPainter.Antialiasing)
        track = th.c("gauge_track", "surface")
        painter.setPen(QPen(th.q("text"), 1.2 * th.line_scale))
        painter.setBrush(track)
        painter.drawRoundedRect(r, 3, 3)
        filled = QRectF(r.left(), r.top(), r.width() * _clamp(self.fraction, 0.0, 1.0), r.height())
        over = self.fraction >= 0.9
        painter.setBrush(QBrush(th.q("selection") if over else th.q("accent"), Qt.BDiagPattern if over else Qt.SolidPattern))
        painter.setPen(Qt.NoPen)
        painter.drawRoundedRect(filled, 3, 3)
        # The percentage sits on its own plate of the track colour, so it reads over the fill.
        font = pixel_font(_fit_px(self.caption, _clamp(r.height() * 0.62, 11, 22), 8, r.width() * 0.64 - 4, bold=True),
                          bold=True)
        back = QRectF(r.center().x() - r.width() * 0.32, r.top() + 1, r.width() * 0.64, r.height() - 2)
        painter.setBrush(track)
        painter.drawRoundedRect(back, 2, 2)
        self.texts = []
        painter._stackscope_item = self   # type: ignore[attr-defined]
        painter._stackscope_bg = track    # type: ignore[attr-defined]
        _draw_text(painter, back, self.caption, font, th.q("text"), Qt.AlignCenter)


class CaptionItem(QGraphicsItem):
    """A one-line cause → effect caption on a band, written where a fault's effect arrived."""

    def __init__(self, scene: "ColumnScene") -> None:
        super().__init__()
        self.column = scene
        self.rect = QRectF()
        self.text = ""
        self.texts: list[TextRecord] = []
        self.setZValue(6)

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-2, -2, 2, 2)

    def place(self, rect: QRectF, text: str) -> None:
        self.prepareGeometryChange()
        self.rect, self.text = rect, text
        self.setToolTip(text)
        self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        th = self.column.theme
        painter.setRenderHint(QPainter.Antialiasing)
        box = th.c("callout", "surface")
        painter.setPen(QPen(th.q("selection"), 1.5 * th.line_scale))
        painter.setBrush(box)
        painter.drawRoundedRect(self.rect, 4, 4)
        inner = self.rect.adjusted(6, 2, -6, -2)
        text = "⚠ " + self.text
        self.texts = []
        painter._stackscope_item = self   # type: ignore[attr-defined]
        painter._stackscope_bg = box      # type: ignore[attr-defined]
        px = _clamp(inner.height() * 0.42, 8, 20)  # two lines fit
        while px > 8 and not text_fits(text, pixel_font(px, bold=True), inner, wrap=True):
            px -= 0.5
        font = pixel_font(px, bold=True)
        lines = max(1, int((inner.height() + 1) // QFontMetricsF(font).lineSpacing()))
        _draw_text(painter, inner, text, font, th.q("text"), wrap=True, max_lines=lines)


class ColumnScene(QGraphicsScene):
    """Owns the items and their layout; knows nothing about flows or lessons."""

    laidOut = Signal()   # after every layout: what others draw on the bands must follow them

    def __init__(self, stack: Stack, theme: Theme = LIGHT) -> None:
        super().__init__()
        self.stack = stack
        self.theme = theme
        self.setItemIndexMethod(QGraphicsScene.NoIndex)
        self.items_by_ref: dict[str, ColumnItem] = {}
        self.bands: dict[int, BandItem] = {}
        self.chips: dict[str, ChipItem] = {}
        self.osi_items: dict[int, OsiItem] = {}
        self.brackets: dict[str, BracketItem] = {}
        self.seams: dict[str, SeamItem] = {}
        self.expanded: set[int] = set()
        self.presenter = False     # projector type: body text at least 24 px
        self.hidden_labels: frozenset[str] = frozenset()   # "number:osi:3"… (a lesson check)
        self.size = (800.0, 600.0)
        self.extra_right = 0.0     # non-zero: room reserved beside the column for a lens
        self.lens = None
        self.lens_items: list = []
        self._build()

    def _add(self, item: ColumnItem) -> None:
        self.addItem(item)
        self.items_by_ref[item.ref] = item

    def _build(self) -> None:
        for layer in self.stack.layers:
            band = BandItem(self, layer.number)
            self.bands[layer.number] = band
            self._add(band)
            for comp in layer.components:
                chip = ChipItem(self, comp.id)
                self.chips[comp.id] = chip
                self._add(chip)
        for osi in self.stack.osi:
            item = OsiItem(self, osi.number)
            self.osi_items[osi.number] = item
            self._add(item)
        for t in self.stack.tcpip:
            item = BracketItem(self, t.id)
            self.brackets[t.id] = item
            self._add(item)
        for seam in self.stack.seams:
            item = SeamItem(self, seam.id)
            self.seams[seam.id] = item
            self._add(item)
        self.token = TokenItem(self.theme)
        self.addItem(self.token)
        self.captions: dict[int, CaptionItem] = {}
        self.leak: dict[int, str] = {}
        self.gauges: dict[int, GaugeItem] = {}
        for n in self.bands:
            gauge = GaugeItem(self, n)
            self.gauges[n] = gauge
            self.addItem(gauge)

    # theme --------------------------------------------------------------------------------
    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.token.theme = theme
        self.setBackgroundBrush(QBrush(theme.q("window")))
        for item in self.items_by_ref.values():
            item.update()
        self.token.update()

    def set_hidden_labels(self, hidden: set[str] | frozenset[str] | None) -> None:
        """Hide the labels a lesson check asks about (``LessonSession.labels_to_hide()``:
        ``number:osi:3``, ``pdu:osi:4``, ``number:layer:*``…); None or empty shows them all.
        A hidden number is drawn as "?", a hidden PDU or TCP/IP name is left out."""
        self.hidden_labels = frozenset(hidden or ())
        for item in self.items_by_ref.values():
            item.update()

    # layout -------------------------------------------------------------------------------
    def column_rect(self) -> QRectF:
        w, h = self.size
        margin = _clamp(min(w, h) * 0.012, 4, 24)
        extra = _clamp(w * 0.16, 120, 420) if self.extra_right else 0.0
        return QRectF(margin, margin, w - 2 * margin - extra, h - 2 * margin)

    def presenter_scale(self) -> float:
        """Presenter sizes are set for a 1080-line screen; a smaller one gets the same share."""
        return _clamp(self.size[1] / 1040.0, 0.6, 1.0)

    def chip_floor(self) -> float:
        """The smallest chip text worth drawing: projector type in presenter mode (24 px on a
        1080-line screen, the same share of the height on others), else a readable 11 px."""
        if self.presenter:
            return _clamp(24.0 * self.size[1] / 1040.0, 12.0, 24.0)
        return 11.0

    def layout(self, width: float, height: float) -> None:
        """Place every item for a scene of ``width`` × ``height`` pixels (layer 0 at the bottom).

        The chip size is the largest at which every layer's chips fit in the column; each
        band then gets at least the height its chips need and the rest is shared by weight,
        so a layer with many chips grows rather than every chip shrinking to 8 px."""
        self.size = (max(width, 200.0), max(height, 200.0))
        self.setSceneRect(0, 0, *self.size)
        col = self.column_rect()
        gap = _clamp(col.height() * 0.011, 5, 22)
        weights = {n: (NETWORK_WEIGHT if n == 2 else LAYER_WEIGHT) + (EXPANDED_EXTRA if n in self.expanded else 0)
                   for n in self.bands}
        room = col.height() - gap * (len(self.bands) - 1)
        unit0 = room / sum(weights.values())
        label_width = col.width() * (0.22 if self.presenter else 0.28)
        badge = _clamp(unit0 * 0.6, 18, 90)
        pad = _clamp(badge * 0.16, 3, 14)
        tab_h = _clamp(gap * 1.9, 14, 36)
        tab_w = max(tab_h * 3.6, QFontMetricsF(pixel_font(_clamp(tab_h * 0.62, 8, 22), bold=True))
                    .horizontalAdvance("seam 8|8") + 12)
        gutter = tab_w + 12
        widths = {n: col.right() - gutter - self._comp_left(n, col, label_width) for n in self.bands}

        def needs(px: int) -> dict[int, float]:
            return {n: self._chips_need(n, widths[n], px) + (EXPANDED_EXTRA * unit0 if n in self.expanded else 0)
                    for n in self.bands}

        top_px = int(_clamp(unit0 * 0.3, 9, 30))
        px = top_px
        while px > 7 and sum(needs(px).values()) > room:
            px -= 1
        heights = self._share(needs(px), weights, room)
        unit = min(heights.values())
        y = col.bottom()
        band_rects: dict[int, QRectF] = {}
        for n in sorted(self.bands):
            band_rects[n] = QRectF(col.left(), y - heights[n], col.width(), heights[n])
            y -= heights[n] + gap
        text_w = label_width - max(5.0, badge * 0.12) - badge - 3 * pad - 2
        head, body = self._fit_label_fonts(unit, text_w, heights)
        for n, rect in band_rects.items():
            gh = min(_clamp(rect.height() * 0.34, 18, 34), rect.height() - 4)
            self.gauges[n].set_rect(QRectF(rect.right() - gutter + 2, rect.center().y() - gh / 2, gutter - 8, gh))
        for n, rect in band_rects.items():
            band = self.bands[n]
            band.label_width, band.badge, band.head_px, band.body_px = label_width, badge, head, body
            band.body_floor = body if self.presenter else min(body, 10.0)
            band.set_rect(rect)
            chip_h = rect.height() - (EXPANDED_EXTRA * unit0 if n in self.expanded else 0)
            comp_left = rect.left() + label_width
            if n == 2:
                comp_left = self._layout_osi(QRectF(rect.left(), rect.top(), rect.width(), chip_h), comp_left)
            area = QRectF(comp_left, rect.top(), rect.right() - gutter - comp_left, chip_h)
            self._layout_chips(n, area, px)
            text_left = rect.left() + max(5.0, badge * 0.12) + 2 * pad + badge
            band.desc_rect = (QRectF(text_left, rect.top() + chip_h, rect.right() - gutter - text_left,
                                     rect.bottom() - pad - rect.top() - chip_h)
                              if n in self.expanded else QRectF())
        for seam_id, item in self.seams.items():
            lower = int(seam_id.split("-")[0])
            top_of_lower = band_rects[lower].top()
            line = QRectF(col.left(), top_of_lower - gap, col.width(), gap)
            tab = QRectF(col.right() - tab_w - 8, line.center().y() - tab_h / 2, tab_w, tab_h)
            item.set_geometry(line, tab)
        self.token.set_radius(_clamp(unit * 0.16, 6, 22))
        self._layout_captions()
        if self.extra_right:
            from desktop.ui.lens_items import layout_lens

            layout_lens(self)
        self.laidOut.emit()

    def _comp_left(self, n: int, col: QRectF, label_width: float) -> float:
        """Where a band's chips start (after its label, and in layer 2 after the OSI column)."""
        left = col.left() + label_width
        if n == 2:
            pad = 12.0   # the most _layout_osi leaves after the brackets: never promise more room
            left += col.width() * 0.21 + col.width() * 0.10 + pad
        return left

    def _chips_need(self, layer: int, width: float, px: int) -> float:
        """The band height this layer's chips need at ``px`` in an area ``width`` wide."""
        pad = _clamp(px * 0.5, 3, 14)
        inner = QRectF(0, 0, max(width - 2 * pad, 20.0), 1e6)
        return self._chips_height(layer, inner, px) + 2 * pad

    @staticmethod
    def _share(need: dict[int, float], weights: dict[int, float], room: float) -> dict[int, float]:
        """Heights: every band at least its need, the rest of ``room`` shared by weight."""
        fixed: dict[int, float] = {}
        while True:
            free = {n: w for n, w in weights.items() if n not in fixed}
            left = room - sum(fixed.values())
            total = sum(free.values()) or 1.0
            grow = {n: need[n] for n, w in free.items() if need[n] > left * w / total}
            if not grow or not free:
                break
            fixed.update(grow)
        heights = {n: left * w / total for n, w in free.items()}
        heights.update(fixed)
        scale = room / max(sum(heights.values()), 1e-6)   # only if even the needs overflow
        return {n: h * min(1.0, scale) for n, h in heights.items()}

    def _chips_height(self, layer: int, inner: QRectF, px: int) -> float:
        rows, chip_h, spacing = self._chip_rows(layer, inner, px)
        return len(rows) * chip_h + (len(rows) - 1) * spacing

    def _fit_label_fonts(self, unit: float, width: float,
                         heights: dict[int, float] | None = None) -> tuple[float, float]:
        """One name size for every band: as large as the band allows, small enough that every
        layer name fits its label area in at most two lines, never splitting a word. Each name
        is measured against its own band's height (``heights``): a one-line name in the
        shortest band must not hold a two-line name in a tall one to the short band's size."""
        k = self.presenter_scale()
        low = 26 * k if self.presenter else 11
        head = _clamp(unit * (0.34 if self.presenter else 0.28), low, 48)

        def fits(px: float) -> bool:
            metrics = QFontMetricsF(pixel_font(px, bold=True))
            for layer in self.stack.layers:
                lines = wrap_lines(layer.name, metrics, width)
                if len(lines) > 2 or any(metrics.horizontalAdvance(x) > width for x in lines):
                    return False
                room = heights.get(layer.number, unit) if heights else unit
                if len(lines) * metrics.lineSpacing() > room * 0.9:
                    return False
            return True

        while head > low and not fits(head):
            head -= 1
        while head > 11 and not fits(head):   # a very small screen: smaller still, never cut
            head -= 1
        if self.presenter:
            return head, max(24.0 * k, head * 0.7)   # projector body text: 24 px at least on 1080 lines
        return head, _clamp(head * 0.66, 9, 28)

    def _layout_osi(self, band: QRectF, left: float) -> float:
        pad = _clamp(band.height() * 0.04, 3, 12)
        osi_w = band.width() * 0.21
        bracket_w = band.width() * 0.10
        inner = QRectF(left, band.top() + pad, osi_w, band.height() - 2 * pad)
        row = inner.height() / 7
        for number, item in self.osi_items.items():
            top = inner.bottom() - number * row
            item.set_rect(QRectF(inner.left(), top, inner.width(), row))
        for t in self.stack.tcpip:
            lo, hi = min(t.osi), max(t.osi)
            top = inner.bottom() - hi * row
            bottom = inner.bottom() - (lo - 1) * row
            self.brackets[t.id].set_rect(QRectF(inner.right() + 2, top + 1, bracket_w - 4, bottom - top - 2))
        return inner.right() + bracket_w + pad

    def _chip_rows(self, layer: int, inner: QRectF, px: int) -> tuple[list[list[tuple[ChipItem, float]]], float, float]:
        """Wrap a layer's chips into rows at font size ``px``: (rows, chip height, spacing)."""
        metrics = QFontMetricsF(pixel_font(px, bold=True))
        # Projector chips are packed tighter: at 24 px the room's letters matter more than air.
        tight = self.presenter
        chip_h, spacing = px * (1.45 if tight else 1.9), px * (0.3 if tight else 0.5)
        side = px * (1.0 if tight else 1.6)
        rows: list[list[tuple[ChipItem, float]]] = [[]]
        x = 0.0
        for comp in self.stack.layer(layer).components:
            chip = self.chips[comp.id]
            w = min(metrics.horizontalAdvance(comp.name) + side, inner.width())
            if rows[-1] and x + w > inner.width():
                rows.append([])
                x = 0.0
            rows[-1].append((chip, w))
            x += w + spacing
        return rows, chip_h, spacing

    @staticmethod
    def _chip_inner(area: QRectF, px: float = 12) -> QRectF:
        pad = _clamp(px * 0.5, 3, 14)
        return area.adjusted(pad, pad, -pad, -pad)

    def _fit_chips(self, layer: int, area: QRectF) -> int:
        """The largest chip font at which this layer's chips fit its band."""
        inner = self._chip_inner(area)

        def fits(px: int) -> bool:
            rows, chip_h, spacing = self._chip_rows(layer, inner, px)
            return len(rows) * chip_h + (len(rows) - 1) * spacing <= inner.height()

        # Fitting is monotone in the font size: bisect rather than try every size.
        low, high = 7, int(_clamp(inner.height() * 0.3, 9, 30))
        if fits(high):
            return high
        while high - low > 1:
            mid = (low + high) // 2
            low, high = (mid, high) if fits(mid) else (low, mid)
        return low

    def _layout_chips(self, layer: int, area: QRectF, px: int) -> None:
        inner = self._chip_inner(area, px)
        rows, chip_h, spacing = self._chip_rows(layer, inner, px)
        total_h = len(rows) * chip_h + (len(rows) - 1) * spacing
        top = inner.top() + max(0.0, (inner.height() - total_h) / 2)
        for r, row in enumerate(rows):
            x = inner.left()
            y = top + r * (chip_h + spacing)
            for chip, w in row:
                chip.font_px = px
                chip.set_rect(QRectF(x, y, w, chip_h))
                x += w + spacing

    # state --------------------------------------------------------------------------------
    def set_expanded(self, layer: int, expanded: bool) -> None:
        if expanded:
            self.expanded.add(layer)
        else:
            self.expanded.discard(layer)
        self.bands[layer].expanded = expanded
        self.layout(*self.size)

    def set_flag(self, flag: str, refs: set[str] | list[str] | tuple[str, ...]) -> None:
        """Set a state flag (selected, highlighted, active, struck) on exactly these refs."""
        wanted = set(refs)
        for ref, item in self.items_by_ref.items():
            item.set_state(**{flag: ref in wanted})

    def set_leak(self, captions: list[tuple[int, str]]) -> None:
        """Show one caption per layer a fault reached (several faults on a layer share it)."""
        by_layer: dict[int, list[str]] = {}
        for layer, text in captions:
            if text not in by_layer.setdefault(layer, []):
                by_layer[layer].append(text)
        self.leak = {n: " · ".join(texts) for n, texts in by_layer.items()}
        self._layout_captions()

    def _layout_captions(self) -> None:
        for n, item in list(self.captions.items()):
            if n not in self.leak:
                item.setVisible(False)
        for n, text in self.leak.items():
            item = self.captions.get(n)
            if item is None:
                item = self.captions[n] = CaptionItem(self)
                self.addItem(item)
            # Over the summary, below the layer's name: the summary can wait while a fault is on.
            band_item = self.bands[n]
            band = band_item.rect
            left = band.left() + band_item.badge * 1.45   # clear of the number badge
            width = max(band_item.label_width - band_item.badge * 1.45, band.width() * 0.4)
            h = self._caption_height("⚠ " + text, width - 12, band.height() - 8)
            item.place(QRectF(left, band.bottom() - h - 4, width, h), text)
            item.setVisible(True)

    def _caption_height(self, text: str, width: float, room: float) -> float:
        """Two lines of a readable size if they hold the caption, else as many as it needs."""
        px = _clamp(self.bands[0].body_px, 11, 20)
        metrics = QFontMetricsF(pixel_font(px, bold=True))
        lines = max(2, len(wrap_lines(text, metrics, width)))
        return _clamp(lines * metrics.lineSpacing() + 6, 22, max(22.0, room))

    def set_gauges(self, values: dict[int, float] | None, fmt: str = "{:.0%}") -> None:
        """Show each layer's budget spent (0-1, may exceed 1); None hides every gauge."""
        for n, gauge in self.gauges.items():
            if values is None or n not in values:
                gauge.setVisible(False)
                continue
            gauge.set_value(values[n], fmt.format(values[n]))
            gauge.setVisible(True)

    def set_spotlight(self, keep: set[str] | None) -> None:
        """Dim everything except ``keep`` (and the layers that contain it); None lifts it."""
        if not keep:
            for item in self.items_by_ref.values():
                item.set_state(dimmed=False)
            return
        layers = {self.stack.layer_of(r) for r in keep}
        for ref in keep:  # a seam lights both layers it joins
            if ref.startswith("seam:"):
                layers.update(int(n) for n in ref[5:].split("-"))
        for ref, item in self.items_by_ref.items():
            inside = ref in keep or (isinstance(item, BandItem) and item.layer.number in layers)
            item.set_state(dimmed=not inside)

    def anchor(self, ref: str) -> QPointF:
        """Where a token should sit to show it is at ``ref``."""
        item = self.items_by_ref.get(ref)
        if item is None:
            return self.column_rect().center()
        if isinstance(item, SeamItem):
            return item.rect.center()
        return item.rect.center()


class ColumnView(QGraphicsView):
    """Shows the scene at the widget's own size; turns clicks and keys into selections."""

    selectionChanged = Signal(object)     # the selected ref, or None
    expandRequested = Signal(object)      # a layer ref

    def __init__(self, scene: ColumnScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.column = scene
        self.selected: str | None = None
        self.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setFrameShape(QGraphicsView.NoFrame)
        self.setViewportUpdateMode(QGraphicsView.SmartViewportUpdate)
        self.setFocusPolicy(Qt.StrongFocus)
        self.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        self.setMinimumSize(360, 360)
        self.setAccessibleName("Stack column")
        self.setAccessibleDescription("The nine layers of the datacenter stack, layer 0 at the bottom. "
                                      "Up and Down move between layers; Right enters a layer; Left leaves.")

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        size = self.viewport().size()
        self.column.layout(size.width(), size.height())

    def select(self, ref: str | None) -> None:
        if ref == self.selected:
            return
        self.selected = ref
        self.column.set_flag("selected", [ref] if ref else [])
        if ref:
            self.setAccessibleDescription(f"Selected: {self.column.stack.label(ref)}")
        self.selectionChanged.emit(ref)

    def item_ref_at(self, pos) -> str | None:
        for item in self.items(pos):
            if isinstance(item, ColumnItem):
                return item.ref
        return None

    def mousePressEvent(self, event) -> None:  # noqa: N802
        self.setFocus(Qt.MouseFocusReason)
        ref = self.item_ref_at(event.position().toPoint())
        if event.button() == Qt.LeftButton:
            self.select(ref)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        ref = self.item_ref_at(event.position().toPoint())
        if ref and ref.startswith("layer:"):
            self.toggle_expanded(ref)

    def toggle_expanded(self, ref: str) -> None:
        number = self.column.stack.layer(ref.split(":", 1)[1]).number
        self.column.set_expanded(number, number not in self.column.expanded)
        self.expandRequested.emit(ref)

    KEYS = {Qt.Key_Up: "up", Qt.Key_Down: "down", Qt.Key_Left: "left", Qt.Key_Right: "right"}

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in self.KEYS and not event.modifiers() & (Qt.ControlModifier | Qt.AltModifier):
            self.select(navigation.move(self.column.stack, self.selected, self.KEYS[key]))
            return
        if key in (Qt.Key_Return, Qt.Key_Enter) and self.selected:
            layer = self.column.stack.layer_of(self.selected)
            if layer is not None:
                self.toggle_expanded(self.column.stack.layer(layer).ref)
            return
        if key == Qt.Key_Escape and self.selected:
            self.select(None)
            return
        super().keyPressEvent(event)
