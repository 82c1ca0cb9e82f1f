"""Presenter mode: projector type, clicker keys, spotlight, blank screen, Esc."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt


@pytest.fixture
def presenting(window):
    window.presenter.enter(fullscreen=False)
    yield window
    window.presenter.leave()


def test_enter_and_leave(qtbot, presenting) -> None:
    w = presenting
    w.resize(1920, 1080)
    qtbot.wait(20)
    assert w.presenter.active and not w.menuBar().isVisible()
    assert w.inspector.view.font().pixelSize() >= 24
    assert w.scene.bands[3].body_px >= 24
    assert w.scene.bands[3].head_px > w.scene.bands[3].body_px
    w.column.setFocus()
    qtbot.keyClick(w.column, Qt.Key_Escape)
    qtbot.waitUntil(lambda: not w.presenter.active, timeout=2000)   # leaves once the key returns
    assert not w.presenter.active and w.menuBar().isVisible()


def test_clicker_walks_the_column_then_the_flow(qtbot, presenting) -> None:
    w = presenting
    w.column.setFocus()
    qtbot.keyClick(w.column, Qt.Key_PageDown)
    assert w.state.selection == "layer:facility"
    qtbot.keyClick(w.column, Qt.Key_PageDown)
    assert w.state.selection == "layer:hardware"
    qtbot.keyClick(w.column, Qt.Key_PageUp)
    assert w.state.selection == "layer:facility"
    w.state.flow.load("card-payment")
    clock = w.state.flow.clock
    before = clock.event_index
    w.inspector.view.setFocus()
    qtbot.keyClick(w.inspector.view, Qt.Key_Space)
    assert clock.event_index > before


def test_clicker_steps_an_open_lesson_first(qtbot, presenting) -> None:
    w = presenting
    w.show_panel("lessons")
    w.state.lessons.open("whole-stack")
    start = w.state.lessons.session.index
    button = w.panel("lessons").back_to_list
    button.setFocus()
    qtbot.keyClick(button, Qt.Key_PageDown)
    assert w.state.lessons.session.index == start + 1


def test_spotlight_and_blank(qtbot, presenting) -> None:
    w = presenting
    w.state.select("seam:2-3")
    w.state.set_spotlight(True)
    scene = w.scene
    assert not scene.bands[2].state.dimmed and not scene.bands[3].state.dimmed
    assert scene.bands[5].state.dimmed
    w.column.setFocus()
    qtbot.keyClick(w.column, Qt.Key_B)
    assert w.presenter.blank.isVisible()
    qtbot.keyClick(w.presenter.blank, Qt.Key_A)
    assert not w.presenter.blank.isVisible()
    qtbot.keyClick(w.column, Qt.Key_S)
    assert not w.state.spotlight and not scene.bands[5].state.dimmed


def test_p_gives_the_column_the_whole_screen(qtbot, presenting) -> None:
    from PySide6.QtWidgets import QApplication

    w = presenting
    w.resize(1280, 720)
    QApplication.processEvents()
    beside = w.column.width()
    w.show_panel("flow").setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_P)
    QApplication.processEvents()
    assert not w.panels.holder.isVisible() and w.hide_panels_action.isChecked()
    assert w.column.width() > beside * 1.3
    assert QApplication.focusWidget() is w.column
    qtbot.keyClick(w.column, Qt.Key_2, Qt.ControlModifier)   # a panel's key brings them back
    QApplication.processEvents()
    assert w.panels.holder.isVisible() and w.current_panel().key == "flow"
    assert w.panels.holder.width() <= round(w.width() * 0.34) + 1
    qtbot.keyClick(w.column, Qt.Key_P)
    qtbot.keyClick(w.column, Qt.Key_P)
    assert w.panels.holder.isVisible() and not w.hide_panels_action.isChecked()


def test_projector_type_reaches_the_back_row(qtbot, presenting) -> None:
    """Issue 14's bar: at 1920×1080 in presenter mode the chips and the event rows are 24 px or
    more, with the panels beside the column; a 1280×720 screen gets the same share of its height."""
    from PySide6.QtGui import QFontMetricsF
    from PySide6.QtWidgets import QAbstractItemView, QApplication

    from desktop.ui.waterfall import WaterfallView

    w = presenting
    flow = w.show_panel("flow")
    w.state.flow.load("netflix-play")
    for width, height, least in ((1920, 1080, 24), (1280, 720, 15)):
        w.resize(width, height)
        QApplication.processEvents()
        QApplication.processEvents()
        assert w.panels.holder.isVisible()
        assert min(chip.font_px for chip in w.scene.chips.values()) >= least, (width, height)
        events = next(v for v in flow.findChildren(QAbstractItemView) if v.accessibleName() == "Event list")
        assert events.fontInfo().pixelSize() >= round(24 * height / 1080), (width, height)
        assert all(b.fontInfo().pixelSize() >= round(24 * height / 1080) for b in w.panels.strip.buttons())
        fall = flow.findChild(WaterfallView)
        assert fall.labels and all(label.font().pixelSize() >= round(24 * height / 1080) for label in fall.labels)
        assert fall.row_h > QFontMetricsF(fall.labels[0].font()).height()


def test_closing_while_presenting_remembers_the_window_from_before(qtbot, window) -> None:
    from PySide6.QtWidgets import QApplication

    window.resize(1100, 700)
    QApplication.processEvents()
    before = window.layout_to_remember()
    window.presenter.enter(fullscreen=False)
    try:
        window.resize(1920, 1080)
        QApplication.processEvents()
        assert window.saveGeometry() != before[0]
        assert window.layout_to_remember() == before
    finally:
        window.presenter.leave()
