"""Accessibility: every interactive widget has an accessible name; the column's items have
labels and the view describes the selection; every menu action has a shortcut or is in a menu
reachable by keyboard; focus is drawn."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSlider, QAbstractSpinBox,
                               QComboBox, QGraphicsView, QLineEdit, QScrollBar, QTabBar, QTextEdit,
                               QWidget)


INTERACTIVE = (QAbstractButton, QComboBox, QLineEdit, QAbstractSlider, QAbstractSpinBox,
               QAbstractItemView, QGraphicsView, QTextEdit)


@pytest.fixture
def full_window(window):
    from desktop.ui.panels import PANELS

    for cls in PANELS:
        window.panel(cls.key)
    return window


def _name(widget: QWidget) -> str:
    if widget.accessibleName():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton):
        return widget.text().strip()
    return ""


def test_every_interactive_widget_has_a_name(full_window) -> None:
    # open a lesson so its check widgets exist too
    full_window.state.lessons.open("layer-1-hardware")
    full_window.state.lessons.go_to(1)
    missing = []
    for widget in full_window.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, (QTabBar, QScrollBar)):
            continue  # scroll bars are named by Qt from their orientation
        if widget.window() is not full_window:
            continue  # a combo box's popup list: Qt names it after the combo box
        if widget.objectName().startswith("qt_") or type(widget).__module__.startswith("pyqtgraph"):
            continue
        parent = widget.parentWidget()
        if parent is not None and isinstance(parent, (QComboBox, QAbstractSpinBox, QAbstractItemView)):
            continue  # Qt's own internals of a named control
        if not _name(widget):
            missing.append(f"{type(widget).__name__} in {type(parent).__name__ if parent else '-'}")
    assert missing == [], "\n".join(missing)


def test_column_items_are_labelled(full_window, stack) -> None:
    for ref in full_window.scene.items_by_ref:
        assert stack.label(ref) and stack.label(ref) != ref or ref.startswith("lens:")
    full_window.state.select("osi:4")
    assert "OSI 4" in full_window.column.accessibleDescription()


def test_focus_is_visible_in_every_theme(full_window) -> None:
    from desktop.ui import theme

    for name in theme.THEMES:
        sheet = theme.stylesheet_for(theme.resolve(name))
        assert ":focus" in sheet and "outline" in sheet


def test_keyboard_dialog_lists_the_features_keys(full_window, monkeypatch) -> None:
    shown = []
    monkeypatch.setattr("desktop.ui.dialogs.TextDialog.exec", lambda self: shown.append(self.view.toPlainText()))
    full_window.show_keyboard()
    text = shown[0]
    for key in ("F5", "Page Down", "Space", "Ctrl+E", "Esc"):
        assert key in text


def test_colour_is_never_the_only_cue(full_window) -> None:
    """Selected, highlighted, active and struck states draw outlines of different weight or dash."""
    from PySide6.QtGui import QImage

    scene = full_window.scene
    band = scene.bands[4]
    def snap() -> QImage:
        return full_window.column.grab().toImage()
    plain = snap()
    band.set_state(selected=True)
    selected = snap()
    band.set_state(selected=False, highlighted=True)
    highlighted = snap()
    band.set_state(highlighted=False)
    assert plain != selected and plain != highlighted and selected != highlighted


def test_outline_is_the_columns_accessible_twin(full_window, stack) -> None:
    from PySide6.QtCore import Qt

    outline = full_window.panel("outline")
    for ref in stack.refs():
        row = outline.rows[ref]
        assert row.data(0, Qt.AccessibleTextRole) and row.data(0, Qt.AccessibleDescriptionRole), ref
    full_window.show_panel("outline")
    outline.tree.setCurrentItem(outline.rows["component:gpu"])
    assert full_window.state.selection == "component:gpu"
    assert full_window.current_panel() is outline
    full_window.state.select("osi:3")
    assert outline.tree.currentItem() is outline.rows["osi:3"]
