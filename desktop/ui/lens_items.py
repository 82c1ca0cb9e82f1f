"""A lens drawn beside the column: one bracket per band, spanning the layers it maps onto."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget

from desktop.core.stack.lenses import Lens
from desktop.ui.column import ColumnItem, ColumnScene, _clamp, _draw_text, text_fits
from desktop.ui.fonts import pixel_font


class LensBandItem(ColumnItem):
    kind = "lens"

    def __init__(self, scene: ColumnScene, lens: Lens, index: int) -> None:
        super().__init__(scene, f"lens:{lens.id}/{index}")
        self.lens = lens
        self.band = lens.bands[index]
        self.setToolTip(f"{lens.name}: {self.band.name}")
        self.setZValue(2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        th, r = self.theme, self.rect
        painter.setRenderHint(QPainter.Antialiasing)
        self.begin_texts(painter, th.q("window"))   # drawn on the scene's background
        tick = _clamp(r.width() * 0.08, 4, 14)
        painter.setPen(QPen(th.q("text"), 2.2 * th.line_scale))
        path = QPainterPath(QPointF(r.left(), r.top() + 2))
        path.lineTo(r.left() + tick, r.top() + 2)
        path.lineTo(r.left() + tick, r.bottom() - 2)
        path.lineTo(r.left(), r.bottom() - 2)
        painter.drawPath(path)
        px = _clamp(r.width() * 0.11, 10, 28)
        text_rect = QRectF(r.left() + tick + 6, r.top() + 2, r.width() - tick - 8, r.height() - 4)
        # Whole words only: shrink until the name fits its bracket (the tooltip has it too).
        while px > 9 and not text_fits(self.band.name, pixel_font(px, bold=True), text_rect, wrap=True):
            px -= 0.5
        font = pixel_font(px, bold=True)
        lines = max(1, int((text_rect.height() + 1) // QFontMetricsF(font).lineSpacing()))
        painter.save()
        _draw_text(painter, text_rect, self.band.name, font, th.q("text"),
                   Qt.AlignLeft | Qt.AlignVCenter, wrap=True, max_lines=lines)
        painter.restore()
        self.outline(painter, r, 4)
        self.dim(painter)


def lens_markdown(lens: Lens, index: int | None = None) -> tuple[str, str]:
    """Inspector text for a lens (and one of its bands)."""
    parts = []
    if index is not None:
        band = lens.bands[index]
        span = f"layer {band.from_layer}" if band.from_layer == band.to_layer else \
            f"layers {band.from_layer}–{band.to_layer}"
        parts.append(f"### {band.name} ({span})\n{band.note}")
    parts.append(lens.description)
    parts.append(f"**Credit:** {lens.credit}")
    parts.append("### Its bands, bottom first\n" + "\n".join(
        f"- **{b.name}** — " + (f"layer {b.from_layer}" if b.from_layer == b.to_layer else f"layers {b.from_layer}–{b.to_layer}")
        for b in lens.bands))
    return f"Lens · {lens.name}", "\n\n".join(parts)


def show_lens(scene: ColumnScene, lens: Lens | None) -> list[LensBandItem]:
    """Replace the lens beside the column (None removes it). Lenses inside layer 2 (OSI,
    TCP/IP) need no brackets: the sub-column already draws them; they highlight it instead."""
    for item in getattr(scene, "lens_items", []):
        scene.removeItem(item)
        scene.items_by_ref.pop(item.ref, None)
    scene.lens_items = []
    scene.lens = lens
    if lens is None or lens.inside_network:
        scene.extra_right = 0.0   # the state lights the sub-column (its "lens" highlight source)
        scene.layout(*scene.size)
        return []
    items = [LensBandItem(scene, lens, i) for i in range(len(lens.bands))]
    for item in items:
        scene.addItem(item)
        scene.items_by_ref[item.ref] = item
    scene.lens_items = items
    scene.extra_right = 1.0  # any positive value: layout sizes it
    scene.layout(*scene.size)
    return items


def layout_lens(scene: ColumnScene) -> None:
    """Called by the scene's layout: place the brackets against the bands they span."""
    items: list[LensBandItem] = getattr(scene, "lens_items", [])
    if not items:
        return
    col = scene.column_rect()
    left = col.right() + 8
    width = scene.size[0] - left - 8
    for item in items:
        top = scene.bands[item.band.to_layer].rect.top()
        bottom = scene.bands[item.band.from_layer].rect.bottom()
        item.set_rect(QRectF(left, top, width, bottom - top))
