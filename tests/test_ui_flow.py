"""Flow mode in the window: stepping the clock moves the token, relights the column and the plots."""
from __future__ import annotations

import pytest

from desktop.core.sim.flows import flow_ids


@pytest.fixture
def flow_window(window):
    from desktop.ui.features import install_features

    installed = install_features(window, ["desktop.ui.flow_panel"])
    assert installed == ["desktop.ui.flow_panel"]
    window.show_panel(window.flow_panel)
    return window


def test_stepping_moves_the_token_and_plots(qtbot, flow_window) -> None:
    panel = flow_window.flow_panel
    panel.load("chatbot-prompt")
    c = panel.controller
    token = flow_window.scene.token
    assert c.timeline is not None and token.isVisible()
    start = token.pos()
    positions, cursors, actives = [], [], []
    for _ in range(6):
        c.step(1)
        positions.append((token.pos().x(), token.pos().y()))
        cursors.append(c.plots.pow_cursor.value())
        actives.append(frozenset(r for r, i in flow_window.scene.items_by_ref.items() if i.state.active))
    assert len(set(positions)) > 2, "the token must travel"
    assert (start.x(), start.y()) != positions[-1]
    assert cursors == sorted(cursors) and cursors[-1] > cursors[0]
    assert all(a for a in actives) and len(set(actives)) > 2
    event = c.timeline.events[c.clock.event_index]
    assert f"component:{event.component}" in actives[-1]
    n = len(c.plots.total_so_far.getData()[0])
    assert n == c.clock.event_index + 1


def test_playback_is_driven_by_explicit_time(qtbot, flow_window) -> None:
    panel = flow_window.flow_panel
    panel.load("netflix-play")
    c = panel.controller
    c.clock.play()
    times = []
    for _ in range(40):
        c.advance(0.1)
        times.append(c.clock.sim_time)
    assert times == sorted(times) and times[-1] > times[0]
    c.step(-1)
    assert not c.clock.playing


def test_keys_drive_the_flow_when_its_panel_shows(qtbot, flow_window) -> None:
    from PySide6.QtCore import Qt

    panel = flow_window.flow_panel
    panel.load("card-payment")
    c = panel.controller
    flow_window.column.setFocus()
    before = c.clock.event_index
    qtbot.keyClick(flow_window.column, Qt.Key_Right)
    assert c.clock.event_index > before
    qtbot.keyClick(flow_window.column, Qt.Key_Space)
    assert c.clock.playing
    qtbot.keyClick(flow_window.column, Qt.Key_Space)
    assert not c.clock.playing
    qtbot.keyClick(flow_window.column, Qt.Key_Home)
    assert c.clock.position == 0


def test_event_list_click_seeks(qtbot, flow_window) -> None:
    panel = flow_window.flow_panel
    panel.load("page-load-cold-start")
    item = panel.events.topLevelItem(5)
    panel._on_event_clicked(item)
    assert panel.controller.clock.event_index == 5


def test_compare_overlays_a_second_run(qtbot, flow_window) -> None:
    panel = flow_window.flow_panel
    panel.load("chatbot-prompt")
    panel.compare.setCurrentIndex(panel.compare.findData("pue"))
    c = panel.controller
    assert c.compare is not None and c.compare.energy_j < c.timeline.energy_j
    assert len(c.plots.facility_b.getData()[0]) > 0
    assert "Compared with" in panel.totals.text()


@pytest.mark.parametrize("ident", flow_ids())
def test_every_flow_plays_to_the_end_and_back(qtbot, flow_window, ident) -> None:
    panel = flow_window.flow_panel
    panel.load(ident)
    c = panel.controller
    n = len(c.timeline.events)
    for _ in range(n + 2):
        c.step(1)
    assert c.clock.event_index == n - 1
    for _ in range(n + 2):
        c.step(-1)
    assert c.clock.event_index <= 0
