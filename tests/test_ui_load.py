"""Load mode in the window: the rate slider bends the percentiles up; gauges show utilisation."""
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


def test_rate_slider_bends_the_tail_up(load_window) -> None:
    run = load_window.state.load
    panel = load_window.panel("load")
    run.load("card-payment")
    run.set_rate(30)
    low = run.result
    panel.rate.setValue(98)
    panel._pending.timeout.emit()    # the coalescing timer, without waiting for it
    high = run.result
    assert run.rate_pct == 98
    assert high.requests > low.requests
    assert high.p99_s > low.p99_s
    assert max(high.utilisation.values()) > max(low.utilisation.values()) > 0
    assert max(high.utilisation.values()) > 0.85


def test_sweep_is_a_hockey_stick(load_window) -> None:
    run = load_window.state.load
    run.load("card-payment")
    p99 = [v for v in run.sweep["p99"] if not math.isnan(v)]
    assert p99[-1] > 1.5 * p99[0]


def test_a_sweep_from_an_older_request_is_dropped(stack) -> None:
    from desktop.app.state import AppState

    queued = []
    s = AppState(stack, runner=lambda work, done: queued.append((work, done)))
    s.load.load("card-payment")
    s.load.set_design(200)
    assert len(queued) == 2 and s.load.sweep is None
    old, new = queued
    new[1](new[0]())
    kept = s.load.sweep
    old[1](old[0]())
    assert s.load.sweep is kept


def test_gauges_show_utilisation_while_load_shows(load_window) -> None:
    run = load_window.state.load
    run.load("chatbot-prompt")
    gauges = load_window.scene.gauges
    shown = {n for n, g in gauges.items() if g.isVisible()}
    assert shown == set(run.result.utilisation)
    load_window.show_panel("inspector")
    assert not any(g.isVisible() for g in gauges.values())
