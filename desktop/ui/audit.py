"""The layout audit: every text in the window that is cut, elided or too faint to read.

It walks widgets generically (labels, buttons, tab bars, item views, combo boxes, group boxes,
pyqtgraph plots) and the column's items (which record what they painted), comparing each text's
needed size (QFontMetrics, or heightForWidth for wrapped labels) with the rect it has, and its
colour against its background with the WCAG 2 contrast ratio (AA: 4.5:1, 3:1 for large text).

``busy_states(window)`` is the one function that knows how to make each panel busy; it goes
through the render hooks every feature registers, so adapting it to a new app state is local.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from PySide6.QtCore import QModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QCheckBox, QComboBox,
                               QGroupBox, QLabel, QRadioButton, QStyle, QTabBar, QWidget)

AA_NORMAL = 4.5
AA_LARGE = 3.0


@dataclass(frozen=True)
class Finding:
    """One problem: ``kind`` is clipped, elided or contrast; ``where`` a widget path or a
    column ref; ``text`` the text concerned; ``detail`` the numbers behind it."""

    state: str
    kind: str
    where: str
    text: str
    detail: str

    def __str__(self) -> str:
        text = self.text if len(self.text) <= 60 else self.text[:57] + "…"
        return f"[{self.state}] {self.kind}: {self.where}: \"{text}\" ({self.detail})"


# --- contrast --------------------------------------------------------------------------------

from desktop.ui.theme import contrast_ratio, luminance  # noqa: E402,F401  (re-exported for callers)



def _words(text: str) -> list[str]:
    """The runs a wrapped text cannot break inside: a zero-width space (after each '/' of a
    path, say) is a break opportunity Qt honours, so it ends a word here too."""
    return text.replace("\u200b", " ").split()

def is_large(px: float, bold: bool) -> bool:
    """WCAG "large text": 18 pt (24 px) or 14 pt (18.66 px) bold."""
    return px >= 24 or (bold and px >= 18.66)


def _font_px(font) -> float:
    if font.pixelSize() > 0:
        return float(font.pixelSize())
    return font.pointSizeF() * 96.0 / 72.0


# --- widgets -----------------------------------------------------------------------------------

def widget_path(widget: QWidget) -> str:
    """A readable path: accessible names (or object names, or class names) from the window down."""
    parts = []
    w: QWidget | None = widget
    while w is not None and not w.isWindow():
        name = w.accessibleName() or w.objectName() or type(w).__name__
        if not parts or parts[-1] != name:
            parts.append(name)
        w = w.parentWidget()
    return " > ".join(reversed(parts))


def _plain(text: str) -> str:
    if "<" in text and re.search(r"<[a-zA-Z/][^>]*>", text):
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text


def _background(widget: QWidget) -> QColor:
    """The colour behind a widget's text: its own when it fills its background, else the
    nearest ancestor's that does, else the window colour."""
    w: QWidget | None = widget
    while w is not None:
        if w.autoFillBackground() or w.isWindow():
            return w.palette().color(w.backgroundRole())
        if isinstance(w, QAbstractItemView):
            return w.palette().color(QPalette.Base)
        w = w.parentWidget()
    return widget.palette().color(QPalette.Window)


def _contrast(state: str, widget: QWidget, text: str, out: list[Finding], fg: QColor | None = None,
              bg: QColor | None = None) -> None:
    if not text.strip() or not widget.isEnabled():
        return   # a disabled control may be faint: WCAG exempts inactive components
    fg = fg or widget.palette().color(widget.foregroundRole())
    bg = bg or _background(widget)
    ratio = contrast_ratio(fg, bg)
    font = widget.font()
    need = AA_LARGE if is_large(_font_px(font), font.bold()) else AA_NORMAL
    if ratio < need:
        out.append(Finding(state, "contrast", widget_path(widget), text,
                           f"{ratio:.2f}:1 < {need}:1, {fg.name()} on {bg.name()}"))


def _visible(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0 and not widget.visibleRegion().isEmpty()


def _audit_label(state: str, label: QLabel, out: list[Finding]) -> None:
    text = _plain(label.text())
    if not text.strip() or label.pixmap() is not None and not label.pixmap().isNull():
        return
    rect = label.contentsRect()
    margin = label.margin() * 2
    if label.wordWrap():
        need = label.heightForWidth(label.width())
        longest = max((QFontMetricsF(label.font()).horizontalAdvance(w) for w in _words(text)), default=0.0)
        if longest > rect.width() - margin + 1:
            out.append(Finding(state, "clipped", widget_path(label), text,
                               f"a word needs {longest:.0f} px, has {rect.width() - margin}: it breaks mid-word"))
        elif need > label.height() + 1:
            out.append(Finding(state, "clipped", widget_path(label), text,
                               f"needs {need} px high, has {label.height()}"))
    else:
        metrics = QFontMetricsF(label.font())
        widest = max(metrics.horizontalAdvance(line) for line in text.splitlines() or [""])
        if widest > rect.width() - margin + 1:
            out.append(Finding(state, "clipped", widget_path(label), text,
                               f"needs {widest:.0f} px wide, has {rect.width() - margin}"))
    _contrast(state, label, text, out)


def _audit_button(state: str, button: QAbstractButton, out: list[Finding]) -> None:
    text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    if not text.strip():
        return
    hint = button.sizeHint()
    if hint.width() > button.width() + 1:
        out.append(Finding(state, "clipped", widget_path(button), text,
                           f"needs {hint.width()} px wide, has {button.width()}"))
    elif not isinstance(button, (QCheckBox, QRadioButton)) and hint.height() > button.height() + 2:
        out.append(Finding(state, "clipped", widget_path(button), text,
                           f"needs {hint.height()} px high, has {button.height()}"))
    _contrast(state, button, text, out, fg=button.palette().color(QPalette.ButtonText),
              bg=button.palette().color(QPalette.Button) if not isinstance(button, (QCheckBox, QRadioButton))
              else _background(button))


def _audit_tabs(state: str, bar: QTabBar, out: list[Finding]) -> None:
    visible = bar.rect()
    for i in range(bar.count()):
        if not bar.isTabVisible(i):
            continue
        text = bar.tabText(i).replace("&", "")
        rect = bar.tabRect(i)
        need = bar.tabSizeHint(i) if bar.elideMode() == Qt.ElideNone else None
        metrics = QFontMetricsF(bar.font())
        text_w = metrics.horizontalAdvance(text)
        if not visible.contains(rect):
            out.append(Finding(state, "clipped", f"{widget_path(bar)} tab {i + 1}", text,
                               "the tab is scrolled out of the bar"))
        elif text_w + 8 > rect.width() or (need is not None and need.width() > rect.width() + 1):
            out.append(Finding(state, "elided", f"{widget_path(bar)} tab {i + 1}", text,
                               f"needs {text_w:.0f} px, tab is {rect.width()}"))
        _contrast(state, bar, text, out, fg=bar.tabTextColor(i) if bar.tabTextColor(i).isValid()
                  else bar.palette().color(QPalette.WindowText))


def _audit_view(state: str, view: QAbstractItemView, out: list[Finding]) -> None:
    model = view.model()
    if model is None:
        return
    viewport = view.viewport().rect()
    metrics = QFontMetricsF(view.font())
    word_wrap = bool(getattr(view, "wordWrap", lambda: False)())
    # The item delegate's own margin on each side (QStyledItemDelegate: focus frame + 1).
    text_margin = view.style().pixelMetric(QStyle.PM_FocusFrameHMargin, None, view) + 1

    def columns(parent: QModelIndex) -> int:
        try:
            return model.columnCount(parent)
        except TypeError:   # a list model keeps columnCount private in PySide
            return 1

    def cells(parent: QModelIndex) -> Iterator[QModelIndex]:
        for row in range(min(model.rowCount(parent), 200)):
            for col in range(columns(parent)):
                index = model.index(row, col, parent)
                yield index
                if col == 0 and getattr(view, "isExpanded", lambda _i: False)(index) and model.rowCount(index):
                    yield from cells(index)

    for index in cells(QModelIndex()):
        text = index.data(Qt.DisplayRole)
        if text is None or not str(text).strip():
            continue
        text = str(text)
        rect = view.visualRect(index)
        if rect.isEmpty() or not viewport.intersects(rect):
            continue
        icon = 0 if index.data(Qt.DecorationRole) is None else rect.height()
        avail = rect.width() - 2 * text_margin - icon
        where = f"{widget_path(view)} row {index.row() + 1} col {index.column() + 1}"
        longest = max((metrics.horizontalAdvance(w) for w in _words(text)), default=0.0)
        if word_wrap and longest > avail + 1:
            out.append(Finding(state, "clipped", where, text,
                               f"a word needs {longest:.0f} px, the cell has {avail}: it breaks mid-word"))
        elif word_wrap:
            need_h = metrics.boundingRect(QRectF(0, 0, max(avail, 1), 1e5), Qt.TextWordWrap, text).height()
            if need_h > rect.height() + 1:
                out.append(Finding(state, "clipped", where, text, f"needs {need_h:.0f} px high, has {rect.height()}"))
        else:
            widest = max(metrics.horizontalAdvance(line) for line in text.splitlines() or [""])
            lines = len(text.splitlines()) or 1
            if widest > avail + 1:
                out.append(Finding(state, "elided", where, text, f"needs {widest:.0f} px, has {avail}"))
            elif lines * metrics.lineSpacing() > rect.height() + 1:
                out.append(Finding(state, "clipped", where, text,
                                   f"needs {lines * metrics.lineSpacing():.0f} px high, has {rect.height()}"))
        fg = index.data(Qt.ForegroundRole)
        bg = index.data(Qt.BackgroundRole)
        fg_c = fg.color() if hasattr(fg, "color") else (fg if isinstance(fg, QColor) else view.palette().color(QPalette.Text))
        bg_c = bg.color() if hasattr(bg, "color") else (bg if isinstance(bg, QColor) else view.palette().color(QPalette.Base))
        ratio = contrast_ratio(fg_c, bg_c)
        if ratio < AA_NORMAL:
            out.append(Finding(state, "contrast", where, text, f"{ratio:.2f}:1 < {AA_NORMAL}:1"))
    header_getters = [getattr(view, "horizontalHeader", None), getattr(view, "header", None)]
    for get in header_getters:
        header = get() if get else None
        if header is None or not header.isVisible():
            continue
        hm = QFontMetricsF(header.font())
        pad = 2 * header.style().pixelMetric(QStyle.PM_HeaderMargin, None, header)
        for section in range(columns(QModelIndex())):
            if header.isSectionHidden(section):
                continue
            text = str(model.headerData(section, Qt.Horizontal, Qt.DisplayRole) or "")
            need = hm.horizontalAdvance(text) + pad
            if text and need > header.sectionSize(section) + 1:
                out.append(Finding(state, "elided", f"{widget_path(view)} header {section + 1}", text,
                                   f"needs {need:.0f} px, has {header.sectionSize(section)}"))


def _audit_combo(state: str, combo: QComboBox, out: list[Finding]) -> None:
    text = combo.currentText()
    if not text:
        return
    need = QFontMetricsF(combo.font()).horizontalAdvance(text) + 40   # frame, padding and arrow
    if need > combo.width() + 1:
        out.append(Finding(state, "elided", widget_path(combo), text, f"needs {need:.0f} px, has {combo.width()}"))


def _audit_group(state: str, box: QGroupBox, out: list[Finding]) -> None:
    text = box.title()
    if text and QFontMetricsF(box.font()).horizontalAdvance(text) + 16 > box.width():
        out.append(Finding(state, "clipped", widget_path(box), text, f"wider than the box ({box.width()} px)"))


def _audit_plot(state: str, plot: QWidget, out: list[Finding]) -> None:
    """pyqtgraph: titles, axis labels and legend entries are text items in the plot's scene."""
    from PySide6.QtWidgets import QGraphicsTextItem

    scene = plot.scene()
    bg = plot.backgroundBrush().color()
    view_rect = QRectF(plot.viewport().rect())
    for item in scene.items():
        if not isinstance(item, QGraphicsTextItem) or not item.isVisible():
            continue
        text = item.toPlainText().strip()
        if not text:
            continue
        margin = item.document().documentMargin()
        shown = item.mapToScene(item.boundingRect().adjusted(margin, margin, -margin, -margin)).boundingRect()
        where = f"{widget_path(plot)} text"
        ancestor = item.parentItem()
        if ancestor is not None and ancestor.boundingRect().width() > 0:
            room = ancestor.sceneBoundingRect()
            if shown.width() > room.width() + 2:
                out.append(Finding(state, "clipped", where, text,
                                   f"needs {shown.width():.0f} px, has {room.width():.0f}"))
                continue
        mapped = plot.mapFromScene(shown).boundingRect()
        if not view_rect.adjusted(-1, -1, 1, 1).contains(QRectF(mapped)):
            out.append(Finding(state, "clipped", where, text, "runs outside the plot"))
            continue
        fg = item.defaultTextColor()
        html = item.toHtml()
        m = re.search(r"color:\s*(#[0-9a-fA-F]{6})", html)
        if m:
            fg = QColor(m.group(1))
        font = item.font()
        need = AA_LARGE if is_large(_font_px(font), font.bold()) else AA_NORMAL
        ratio = contrast_ratio(fg, bg)
        if ratio < need:
            out.append(Finding(state, "contrast", where, text, f"{ratio:.2f}:1 < {need}:1"))


def audit_widgets(root: QWidget, state: str = "") -> list[Finding]:
    """Every visible text under ``root`` that is cut, elided or below WCAG AA."""
    out: list[Finding] = []
    try:
        import pyqtgraph as pg   # noqa: F401  (only to recognise plots; imported by the panels already)
        plot_type = pg.PlotWidget
    except ImportError:   # pragma: no cover
        plot_type = ()
    for widget in root.findChildren(QWidget):
        if not _visible(widget):
            continue
        if isinstance(widget, QLabel):
            _audit_label(state, widget, out)
        elif isinstance(widget, QAbstractButton):
            _audit_button(state, widget, out)
        elif isinstance(widget, QTabBar):
            _audit_tabs(state, widget, out)
        elif isinstance(widget, QComboBox):
            _audit_combo(state, widget, out)
        elif plot_type and isinstance(widget, plot_type):
            _audit_plot(state, widget, out)
        elif isinstance(widget, QAbstractItemView):
            _audit_view(state, widget, out)
        if isinstance(widget, QGroupBox):
            _audit_group(state, widget, out)
    return out


# --- the column ----------------------------------------------------------------------------------

def audit_column(scene, state: str = "") -> list[Finding]:
    """Paint the column once, then read what every item recorded: texts that did not fit,
    chips that spill out of their band, colours below AA."""
    from desktop.ui.column import ChipItem

    w, h = scene.size
    image = QImage(max(1, round(w)), max(1, round(h)), QImage.Format_ARGB32)
    image.fill(scene.theme.q("window"))
    painter = QPainter(image)
    items = [i for i in scene.items() if i.isVisible()]
    for item in items:
        if hasattr(item, "texts"):
            item.texts = []
    scene.render(painter)
    painter.end()
    out: list[Finding] = []
    for item in items:
        ref = getattr(item, "ref", None) or f"{type(item).__name__}:{getattr(item, 'layer', '')}"
        if getattr(getattr(item, "state", None), "dimmed", False):
            continue
        for rec in getattr(item, "texts", []):
            if not rec.fitted:
                out.append(Finding(state, "elided", f"column {ref}", rec.text, f"at {rec.px:g} px"))
            need = AA_LARGE if is_large(rec.px, rec.bold) else AA_NORMAL
            ratio = contrast_ratio(rec.color, rec.background)
            if ratio < need:
                out.append(Finding(state, "contrast", f"column {ref}", rec.text,
                                   f"{ratio:.2f}:1 < {need}:1, {rec.color.name()} on {rec.background.name()}"))
        if isinstance(item, ChipItem):
            band = scene.bands[item.comp.layer].rect
            if not band.adjusted(-1, -1, 1, 1).contains(item.rect):
                out.append(Finding(state, "clipped", f"column {ref}", item.comp.name, "the chip spills out of its band"))
    return out


def audit_window(window, state: str = "") -> list[Finding]:
    QApplication.processEvents()
    return audit_widgets(window, state) + audit_column(window.scene, state)


# --- busy states -------------------------------------------------------------------------------

def busy_states(window) -> Iterator[str]:
    """Show each panel in turn in a busy state and yield its name once it is on screen.

    The only function here that knows the panels: it drives them through the application
    state (``window.state``) as a student would, and picks the first shipped flow, fault,
    lesson check and scale preset, so new data needs no change here."""
    s = window.state

    def settle() -> None:
        QApplication.processEvents()

    window.install_panels()
    window.show_panel("inspector")
    components = s.stack.layers[-1].components
    s.select(components[0].ref if components else None)
    settle()
    yield "inspector"
    flows = s.flow.flow_ids()
    from desktop.core.sim.faults import fault_ids

    faults = fault_ids()
    flow = "netflix-play" if "netflix-play" in flows else (flows[0] if flows else None)
    if flow:
        window.show_panel("flow")
        s.flow.load(flow)
        if faults:
            s.set_fault(faults[0], True)
        events = s.flow.timeline.events if s.flow.loaded else ()
        if events:
            s.flow.seek(float(events[len(events) // 2].start))
        settle()
        yield "flow"
        window.show_panel("faults")
        settle()
        yield "faults"
        window.show_panel("load")
        s.load.load(flow)
        settle()
        yield "load"
        s.clear_faults()
    s.lessons.ensure_loaded()
    window.show_panel("lessons")      # the list of lessons, before one is opened
    settle()
    yield "lesson list"
    checks = [(lesson.id, i, bool(st.show)) for lesson in s.lessons.lessons
              for i, st in enumerate(lesson.steps) if st.check is not None]
    # the busiest lesson page: a check under a view the step draws itself (show:), if any
    for lesson_id, index, _view in sorted(checks, key=lambda c: not c[2])[:1]:
        window.show_panel("lessons")
        s.lessons.open(lesson_id)
        s.lessons.go_to(index)
        settle()
        settle()                      # the step view's height is shared out once laid out
        yield "lesson"
        s.lessons.close()
    presets = s.scale.preset_ids()
    if presets:
        window.show_panel("scale")
        s.scale.apply_preset(presets[0])
        settle()
        yield "scale"
    view = getattr(window.show_panel("scenarios"), "view", None)
    if view is not None and view.scenario_list.count():
        view.scenario_list.setCurrentRow(0)
        settle()
        yield "scenarios"
        case = view.begin()
        if case is not None:
            if case.scenario.probes:
                view.run_probe(case.scenario.probes[0].id)
            rc = case.root_cause()
            view.set_answer(rc["ref"], rc["path"])
            view.submit(keep=False)        # the score shows; no result file is written
            view.next_hint()
            for i in range(view.case_tabs.count()):   # only the page in front is on screen
                view.case_tabs.setCurrentIndex(i)
                settle()
                yield f"scenario {view.case_tabs.tabText(i).lower()}"
            view.show_choice()
            settle()
            yield "scenarios, a case open"
    window.show_panel("outline")
    settle()
    yield "outline"
    from desktop.core.stack.lenses import shipped_lenses

    beside = [lens for lens in shipped_lenses() if not lens.inside_network]
    if beside:
        window.show_panel("inspector")
        s.set_lens(beside[0].id)
        settle()
        yield "lens"
        s.set_lens(None)
    window.show_panel("inspector")
    window.scene.set_expanded(5, True)
    settle()
    yield "expanded layer"
    window.scene.set_expanded(5, False)


def dialogs(window) -> Iterator[tuple[str, QWidget]]:
    """The dialogs and cards a user opens from the window, each built and shown in turn."""
    from desktop.ui.dialogs import SourcesDialog, about_dialog, keyboard_dialog

    yield "sources", SourcesDialog(window)
    yield "keyboard", keyboard_dialog(window.keyboard_rows(), window)
    yield "about", about_dialog(window)
    try:
        from desktop.ui.welcome import WelcomeCard
    except ImportError:   # pragma: no cover
        return
    card = WelcomeCard(window)
    card.place()
    yield "welcome", card


def audit_dialogs(window) -> list[Finding]:
    out: list[Finding] = []
    for name, dialog in dialogs(window):
        dialog.show()
        QApplication.processEvents()
        out += audit_widgets(dialog, name)
        dialog.close()
        dialog.deleteLater()
    return out


def run_audit(window, themes: list[str] | tuple[str, ...] | None = None) -> list[Finding]:
    """Every finding in every busy state and dialog (each reported once, where first seen).

    With ``themes``, each state is audited in each theme in turn (the state is built once),
    and findings name their theme; the window is left in the last one."""
    seen: set[tuple[str, str, str, str]] = set()
    findings: list[Finding] = []

    def each_theme(label: str, check) -> Iterator[tuple[str, list[Finding]]]:
        if not themes:
            yield label, check(label)
            return
        for name in themes:
            window.apply_theme(name)
            QApplication.processEvents()
            yield label, check(f"{label}, {name}")

    def states() -> Iterator[tuple[str, list[Finding]]]:
        for state in busy_states(window):
            yield from each_theme(state, lambda label: audit_window(window, label))
        yield from each_theme("dialogs", lambda label: audit_dialogs(window))

    for _state, found in states():
        for f in found:
            key = (f.kind, f.where, f.text, f.state.split(", ")[-1] if themes else "")
            if key not in seen:
                seen.add(key)
                findings.append(f)
    return findings
