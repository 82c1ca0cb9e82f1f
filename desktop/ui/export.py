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


SLIDE = (1920, 1080)


def first_window_size(screen) -> QSize:
    """The window's size on first launch: 1440 × 900 where it fits, else the screen's available
    area less a margin (a 1280 × 720 laptop keeps its status bar and every layer on screen)."""
    want = QSize(1440, 900)
    if screen is None:
        return want
    room = screen.availableGeometry()
    return QSize(min(want.width(), room.width() - 16), min(want.height(), room.height() - 48))


def clean_state(scene: ColumnScene):
    """Hide what only makes sense live (the travelling token, gauges, selection, the "now"
    hop) and return a function that puts it back."""
    saved_token = scene.token.isVisible()
    gauges = [(g, g.isVisible()) for g in scene.gauges.values()]
    states = [(item, item.state.selected, item.state.active) for item in scene.items_by_ref.values()]
    scene.token.setVisible(False)
    for gauge, _shown in gauges:
        gauge.setVisible(False)
    for item, _sel, _act in states:
        item.set_state(selected=False, active=False)

    def restore() -> None:
        scene.token.setVisible(saved_token)
        for gauge, shown in gauges:
            gauge.setVisible(shown)
        for item, sel, act in states:
            item.set_state(selected=sel, active=act)
    return restore


def save_column_at(scene: ColumnScene, path: Path, width: int = SLIDE[0], height: int = SLIDE[1], *,
                   clean: bool = False) -> None:
    """Lay the column out for ``width`` × ``height`` (slide size by default; crisp text at any
    size), save, restore. ``clean`` drops the transient state first (see ``clean_state``)."""
    before = scene.size
    restore = clean_state(scene) if clean else None
    scene.layout(width, height)
    try:
        save_column(scene, path, QSize(width, height))
    finally:
        scene.layout(*before)
        if restore is not None:
            restore()


# --- handouts ------------------------------------------------------------------------------------

FIGURE_SCENE = (1500.0, 1000.0)   # the column is laid out at this size, then scaled to the page


def _uncached(scene: ColumnScene) -> None:
    for item in scene.items():
        item.setCacheMode(QGraphicsItem.NoCache)


def figure_scene(stack, figure, theme=None) -> ColumnScene:
    """A fresh column showing one handout figure: its lens, marked refs, selection, flow path."""
    from desktop.ui.lens_items import show_lens
    from desktop.ui.theme import PRINT

    scene = ColumnScene(stack, theme or PRINT)
    scene.layout(*FIGURE_SCENE)
    if figure.lens:
        from desktop.core.stack.lenses import get_lens

        try:
            show_lens(scene, get_lens(figure.lens))
        except KeyError:
            pass
    if figure.highlight:
        scene.set_flag("highlighted", list(figure.highlight))
    if figure.path:
        scene.set_flag("active", list(figure.path))
    if figure.select:
        scene.set_flag("selected", [figure.select])
    if getattr(figure, "hide", None):
        scene.set_hidden_labels(figure.hide)
    _uncached(scene)
    return scene


def save_handout_pdf(blocks, stack, path: Path, title: str = "") -> int:
    """Typeset a handout (``desktop.core.learn.handout.handout_blocks``) into an A4 PDF: text
    through Qt's text engine, each figure as a vector drawing of the column (lines and text,
    not a bitmap). Returns how many figures were drawn."""
    from PySide6.QtCore import QMarginsF, QPointF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

    from desktop.ui.fonts import ui_font

    writer = QPdfWriter(str(path))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.A4), QPageLayout.Portrait,
                                     QMarginsF(16, 16, 16, 16), QPageLayout.Millimeter))
    writer.setResolution(300)
    writer.setTitle(title)
    writer.setCreator("Stackscope")
    painter = QPainter(writer)
    if not painter.isActive():
        raise OSError(f"could not write {path}")
    page = writer.pageLayout().paintRectPixels(writer.resolution())
    width, height = float(page.width()), float(page.height())
    y = 0.0
    drawn = 0

    def new_page() -> None:
        nonlocal y
        writer.newPage()
        y = 0.0

    def document(markdown: str) -> QTextDocument:
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(writer)
        doc.setDefaultFont(ui_font(11))
        doc.setMarkdown(markdown)
        doc.setTextWidth(width)
        return doc

    def paragraphs(markdown: str) -> list[str]:
        # Page breaks fall between paragraphs; a list stays in one piece per item.
        return [p for p in markdown.split("\n\n") if p.strip()]

    pending_heading: QTextDocument | None = None
    for block in blocks:
        if block.kind == "heading":
            pending_heading = document(block.markdown)
            continue
        pieces: list[tuple[str, object]] = []
        if block.kind == "figure" and block.figure is not None:
            pieces.append(("figure", block))
        else:
            pieces += [("text", document(p)) for p in paragraphs(block.markdown)]
        for kind, piece in pieces:
            if kind == "figure":
                fig_w = width
                fig_h = fig_w * FIGURE_SCENE[1] / FIGURE_SCENE[0]
                caption = document(f"*{piece.markdown}*")
                need = fig_h + caption.size().height() + 40
            else:
                need = piece.size().height()
            head_h = pending_heading.size().height() + 20 if pending_heading is not None else 0.0
            if y > 0 and y + head_h + need > height:   # a heading stays with what follows
                new_page()
            if pending_heading is not None:
                painter.save()
                painter.translate(QPointF(0, y))
                pending_heading.drawContents(painter)
                painter.restore()
                y += head_h
                pending_heading = None
            if kind == "figure":
                scene = figure_scene(stack, piece.figure)
                target = QRectF(0, y, fig_w, fig_h)
                painter.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
                scene.render(painter, target, scene.sceneRect())
                scene.deleteLater()
                drawn += 1
                y += fig_h + 10
                painter.save()
                painter.translate(QPointF(0, y))
                caption.drawContents(painter)
                painter.restore()
                y += caption.size().height() + 30
            else:
                painter.save()
                painter.translate(QPointF(0, y))
                piece.drawContents(painter)
                painter.restore()
                y += need + 6
    painter.end()
    if not path.exists() or path.stat().st_size == 0:
        raise OSError(f"could not write {path}")
    return drawn


def save_lesson_handout(lesson, stack, path: Path, *, answers: bool = False) -> int:
    """The app's "Handout PDF…" in one call: the same PDF as ``python -m desktop handout``."""
    from desktop.core.learn.handout import handout_blocks
    from desktop.core.sim.figures import shipped_figures

    blocks = handout_blocks(lesson, stack, shipped_figures(), answers=answers)
    return save_handout_pdf(blocks, stack, path, lesson.title + (" (teacher copy)" if answers else ""))
