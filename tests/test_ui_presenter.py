"""Presenter mode: projector type, clicker keys, spotlight, blank screen, Esc."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt


@pytest.fixture
def pres_window(window):
    from desktop.ui.features import install_features

    install_features(window, ["desktop.ui.presenter", "desktop.ui.flow_panel"])
    return window


def test_enter_and_leave(qtbot, pres_window) -> None:
    p = pres_window.presenter
    p.enter(fullscreen=False)
    pres_window.resize(1920, 1080)
    qtbot.wait(20)
    assert p.active and not pres_window.menuBar().isVisible()
    assert pres_window.inspector.view.font().pixelSize() >= 24
    assert pres_window.scene.bands[3].body_px >= 24
    assert pres_window.scene.bands[3].head_px > pres_window.scene.bands[3].body_px
    qtbot.keyClick(pres_window.column, Qt.Key_Escape)
    assert not p.active and pres_window.menuBar().isVisible()


def test_clicker_walks_the_column_then_the_flow(qtbot, pres_window) -> None:
    p = pres_window.presenter
    p.enter(fullscreen=False)
    qtbot.keyClick(pres_window.column, Qt.Key_PageDown)
    assert pres_window.column.selected == "layer:facility"
    qtbot.keyClick(pres_window.column, Qt.Key_PageDown)
    assert pres_window.column.selected == "layer:hardware"
    qtbot.keyClick(pres_window.column, Qt.Key_PageUp)
    assert pres_window.column.selected == "layer:facility"
    pres_window.flow_panel.load("card-payment")
    clock = pres_window.flow_panel.controller.clock
    before = clock.event_index
    qtbot.keyClick(pres_window.inspector.view, Qt.Key_Space)
    assert clock.event_index > before
    p.leave()


def test_spotlight_and_blank(qtbot, pres_window) -> None:
    p = pres_window.presenter
    p.enter(fullscreen=False)
    pres_window.select("seam:2-3")
    p.toggle_spotlight()
    scene = pres_window.scene
    assert not scene.bands[2].state.dimmed and not scene.bands[3].state.dimmed
    assert scene.bands[5].state.dimmed
    qtbot.keyClick(pres_window.column, Qt.Key_B)
    assert p.blank.isVisible()
    qtbot.keyClick(pres_window.column, Qt.Key_A)
    assert not p.blank.isVisible()
    p.toggle_spotlight()
    assert not scene.bands[5].state.dimmed
    p.leave()
