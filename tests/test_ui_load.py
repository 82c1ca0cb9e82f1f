"""Load mode in the window: the ρ slider bends the tail up, past ρ = 1 the screen says what was
lost, the sweep is a hockey stick against ρ, and the gauges show how busy each layer is."""
from __future__ import annotations

import math

import pytest


@pytest.fixture
def load_window(window):
    window.show_panel("load")
    return window


def test_the_load_tab_opens_with_a_run(load_window) -> None:
    assert load_window.state.load.result is not None
    assert "requests in" in load_window.panel("load").summary.text()


def test_rho_slider_bends_the_tail_up(load_window) -> None:
    run = load_window.state.load
    panel = load_window.panel("load")
    run.load("card-payment")
    run.set_utilisation(0.5)
    low = run.result
    panel.rho.setValue(95)
    panel._pending.timeout.emit()    # the coalescing timer, without waiting for it
    high = run.result
    assert run.rho == pytest.approx(0.95)
    assert "0.95" in panel.rho_label.text()
    assert high.wait_p99_s > 5 * low.wait_p99_s
    assert high.bottleneck_utilisation == pytest.approx(0.95, abs=0.03)
    assert not panel.overload.isVisibleTo(panel)


def test_past_saturation_the_screen_says_requests_were_lost(load_window) -> None:
    run = load_window.state.load
    panel = load_window.panel("load")
    run.load("card-payment", utilisation=1.2)
    lost = run.result.timed_out + run.result.dropped
    assert lost > 0
    assert panel.overload.isVisibleTo(panel)
    assert f"{run.result.timed_out:,} timed out" in panel.overload.text()


def test_the_rho_range_is_point_one_to_one_point_three(load_window) -> None:
    panel = load_window.panel("load")
    assert (panel.rho.minimum(), panel.rho.maximum()) == (10, 130)
    run = load_window.state.load
    run.set_utilisation(5)
    assert run.rho == pytest.approx(1.3)


def test_a_lesson_rate_becomes_a_utilisation(stack) -> None:
    from desktop.app.state import AppState

    s = AppState(stack)
    s.load.load("card-payment", rps=1)
    low = s.load.rho
    s.load.load("card-payment", rps=s.load.capacity * 0.8)
    assert low < s.load.rho == pytest.approx(0.8)


def test_sweep_is_a_hockey_stick_against_rho(load_window) -> None:
    run = load_window.state.load
    run.load("card-payment")
    rho, p99 = run.sweep["rho"], run.sweep["p99"]
    assert 1.0 in list(rho)
    knee = [v for r, v in zip(rho, p99) if r <= 0.5 and not math.isnan(v)]
    wall = [v for r, v in zip(rho, p99) if r >= 0.95 and not math.isnan(v)]
    assert min(wall) > 1.3 * max(knee)
    plots = load_window.panel("load").plots
    assert plots.saturation.value() == 1.0
    assert plots.marker.value() == pytest.approx(run.rho)


def test_chatbot_median_at_light_load_is_its_unloaded_time(stack) -> None:
    from desktop.app.state import AppState

    s = AppState(stack)
    s.load.load("chatbot-prompt", utilisation=0.3)
    r = s.load.result
    assert r.p50_s == pytest.approx(r.unloaded_s, rel=0.1)


def test_a_sweep_from_an_older_request_is_dropped(stack) -> None:
    from desktop.app.state import AppState

    queued = []
    s = AppState(stack, runner=lambda work, done: queued.append((work, done)))
    s.load.load("card-payment")
    s.load.load("netflix-play")
    assert len(queued) == 2 and s.load.sweep is None
    old, new = queued
    new[1](new[0]())
    kept = s.load.sweep
    old[1](old[0]())
    assert s.load.sweep is kept


def test_moving_rho_does_not_sweep_again(stack) -> None:
    from desktop.app.state import AppState

    queued = []
    s = AppState(stack, runner=lambda work, done: queued.append((work, done)))
    s.load.load("card-payment")
    s.load.set_utilisation(0.9)
    assert len(queued) == 1


def test_gauges_show_utilisation_while_load_shows(load_window) -> None:
    run = load_window.state.load
    run.load("chatbot-prompt")
    gauges = load_window.scene.gauges
    shown = {n for n, g in gauges.items() if g.isVisible()}
    assert shown == set(run.result.utilisation)
    assert load_window.state.gauges()[1] == "busy"
    load_window.show_panel("inspector")
    assert not any(g.isVisible() for g in gauges.values())


def test_render_opens_load_mode_at_a_utilisation(tmp_path) -> None:
    from desktop.cli import main

    out = tmp_path / "load.png"
    assert main(["render", str(out), "--load", "card-payment", "--utilisation", "1.2",
                 "--width", "1280", "--height", "720"]) == 0
    assert out.stat().st_size > 0


def test_the_plots_fit_their_views_in_a_narrow_presenter_panel(qtbot, window) -> None:
    """A one-line title once held the plot wider than its view (axis labels ran off it)."""
    from PySide6.QtWidgets import QApplication

    window.presenter.enter(fullscreen=False)
    try:
        window.resize(1280, 720)
        QApplication.processEvents()
        QApplication.processEvents()
        panel = window.show_panel("load")
        window.state.load.load("netflix-play")
        for _ in range(3):
            QApplication.processEvents()
        for plot in (panel.plots.curve, panel.plots.time):
            panel.plots.tabs.setCurrentWidget(plot if plot is panel.plots.time else plot.parentWidget())
            QApplication.processEvents()
            item = plot.getPlotItem()
            assert item.geometry().width() <= plot.viewport().width() + 1, plot.accessibleName()
    finally:
        window.presenter.leave()
