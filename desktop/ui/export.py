"""Save the column as PNG or SVG at any size (handouts, slides, the README's screenshot)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QImage, QPainter

from desktop.ui.column import ColumnScene


def save_column(scene: ColumnScene, path: Path, size: QSize | None = None) -> None:
    """Render the scene into ``path``; the suffix picks the format (.svg, else a raster image)."""
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
