"""Save the column as PNG or SVG at any size (handouts, slides, the README's screenshot)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem

from desktop.ui.column import ColumnScene


def save_column(scene: ColumnScene, path: Path, size: QSize | None = None) -> None:
    """Render the scene into ``path``; the suffix picks the format (.svg, else a raster image)."""
    # Items cache themselves as pixmaps for the animation; an export must paint them afresh,
    # or an SVG would hold bitmaps instead of text and lines.
    cached = [(item, item.cacheMode()) for item in scene.items()]
    for item, _mode in cached:
        item.setCacheMode(QGraphicsItem.NoCache)
    try:
        _render(scene, path, size)
    finally:
        for item, mode in cached:
            item.setCacheMode(mode)


def _render(scene: ColumnScene, path: Path, size: QSize | None) -> None:
    rect = scene.sceneRect()
    target = QSize(round(rect.width()), round(rect.height())) if size is None else size
    if path.suffix.lower() == ".svg":
        from PySide6.QtSvg import QSvgGenerator

        gen = QSvgGenerator()
        gen.setFileName(str(path))
        gen.setSize(target)
        gen.setViewBox(QRectF(0, 0, target.width(), target.height()))
        gen.setTitle("Stackscope column")
        gen.setDescription("The nine-layer datacenter stack, exported from Stackscope")
        painter = QPainter(gen)
        scene.render(painter, QRectF(0, 0, target.width(), target.height()), rect)
        painter.end()
        return
    image = QImage(target, QImage.Format_ARGB32)
    image.fill(scene.theme.q("window"))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
    scene.render(painter, QRectF(0, 0, target.width(), target.height()), rect)
    painter.end()
    if not image.save(str(path)):
        raise OSError(f"could not write {path}")


def save_pdf(markdown: str, path: Path, title: str = "") -> None:
    """Typeset Markdown into an A4 PDF with Qt's own text engine (no extra dependency)."""
    from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument

    from desktop.ui.fonts import ui_font

    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.A4))
    writer.setResolution(300)
    writer.setTitle(title)
    writer.setCreator("Stackscope")
    doc = QTextDocument()
    doc.setDefaultFont(ui_font(11))
    doc.setMarkdown(markdown)
    doc.print_(writer)
    if not path.exists() or path.stat().st_size == 0:
        raise OSError(f"could not write {path}")


def save_column_at(scene: ColumnScene, path: Path, width: int, height: int) -> None:
    """Lay the column out for ``width`` × ``height`` (crisp text at any size), save, restore."""
    before = scene.size
    scene.layout(width, height)
    try:
        save_column(scene, path, QSize(width, height))
    finally:
        scene.layout(*before)
