"""Flow mode in the window: stepping the clock moves the token, relights the column and the plots."""
from __future__ import annotations

import pytest

from desktop.core.sim.flows import flow_ids
from desktop.core.stack.ref import Ref


@pytest.fixture
def flow_window(window):
    window.show_panel("flow")
    return window


def lit(window, flag: str) -> frozenset[str]:
    return frozenset(r for r, i in window.scene.items_by_ref.items() if getattr(i.state, flag))


def test_the_flow_tab_opens_with_a_flow_ready(flow_window) -> None:
    panel = flow_window.panel("flow")
    assert flow_window.state.flow.loaded
    assert panel.events.topLevelItemCount() == len(flow_window.state.flow.timeline.events)
    assert panel.plots is not None


def test_stepping_moves_the_token_and_plots(flow_window) -> None:
    run = flow_window.state.flow
    run.load("chatbot-prompt")
    plots = flow_window.panel("flow").plots
    token = flow_window.scene.token
    assert token.isVisible()
    start = token.pos()
    positions, cursors, actives = [], [], []
    for _ in range(6):
        run.step(1)
        positions.append((token.pos().x(), token.pos().y()))
        cursors.append(plots.pow_cursor.value())
        actives.append(lit(flow_window, "active"))
    assert len(set(positions)) > 2, "the token must travel"
    assert (start.x(), start.y()) != positions[-1]
    assert cursors == sorted(cursors) and cursors[-1] > cursors[0]
    assert all(actives) and len(set(actives)) > 2
    event = run.timeline.events[run.clock.event_index]
    assert Ref.component(event.component) in actives[-1]
    assert len(plots.total_so_far.getData()[0]) == run.clock.event_index + 1


def test_playback_is_driven_by_explicit_time(flow_window) -> None:
    run = flow_window.state.flow
    run.load("netflix-play")
    run.play()
    times = []
    for _ in range(40):
        run.advance(0.1)
        times.append(run.clock.sim_time)
    assert times == sorted(times) and times[-1] > times[0]
    run.step(-1)
    assert not run.clock.playing


def test_the_frame_timer_runs_only_while_playing(flow_window) -> None:
    run = flow_window.state.flow
    player = flow_window.binding.player
    run.load("card-payment")
    assert not player.timer.isActive()
    run.play()
    assert player.timer.isActive()
    run.pause()
    assert not player.timer.isActive()


def test_event_list_click_seeks(flow_window) -> None:
    panel = flow_window.panel("flow")
    flow_window.state.flow.load("page-load-cold-start")
    panel._on_event_clicked(panel.events.topLevelItem(5))
    assert flow_window.state.flow.clock.event_index == 5
    assert panel.events.currentItem() is panel.events.topLevelItem(5)


def test_compare_overlays_a_second_run(flow_window) -> None:
    panel = flow_window.panel("flow")
    run = flow_window.state.flow
    run.load("chatbot-prompt")
    panel.compare.setCurrentIndex(panel.compare.findData("pue"))
    assert run.compare is not None and run.compare.energy_j < run.timeline.energy_j
    assert len(panel.plots.facility_b.getData()[0]) > 0
    assert "Compared with" in panel.totals.text()


def test_pue_labels_come_from_the_figures(flow_window, figures) -> None:
    panel = flow_window.panel("flow")
    labels = [panel.pue.itemText(i) for i in range(panel.pue.count())]
    assert any(f"{figures['pue.google']:g}" in label for label in labels)
    assert any(f"{figures['pue.industry']:g}" in label for label in labels)


@pytest.mark.parametrize("ident", flow_ids())
def test_every_flow_plays_to_the_end_and_back(flow_window, ident) -> None:
    run = flow_window.state.flow
    run.load(ident)
    n = len(run.timeline.events)
    for _ in range(n + 2):
        run.step(1)
    assert run.clock.event_index == n - 1
    for _ in range(n + 2):
        run.step(-1)
    assert run.clock.event_index <= 0
