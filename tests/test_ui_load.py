"""Load mode in the window: the rate slider bends the percentiles up; gauges show utilisation."""
from __future__ import annotations

import math

import pytest


@pytest.fixture
def load_window(window):
    from desktop.ui.features import install_features

    assert install_features(window, ["desktop.ui.load_panel"]) == ["desktop.ui.load_panel"]
    window.show_panel(window.load_panel)
    return window


def test_rate_slider_bends_the_tail_up(load_window) -> None:
    panel = load_window.load_panel
    panel.load("card-payment")
    panel.rate.setValue(30)
    panel.run()
    low = panel.result
    panel.rate.setValue(98)
    panel.run()
    high = panel.result
    assert high.requests > low.requests
    assert high.p99_s > low.p99_s
    assert max(high.utilisation.values()) > max(low.utilisation.values())
    assert max(high.utilisation.values()) > 0.85


def test_sweep_is_a_hockey_stick(load_window) -> None:
    panel = load_window.load_panel
    panel.load("card-payment")
    p99 = [v for v in panel.sweep["p99"] if not math.isnan(v)]
    assert p99[-1] > 1.5 * p99[0]


def test_gauges_show_utilisation_while_load_shows(load_window) -> None:
    panel = load_window.load_panel
    panel.load("chatbot-prompt")
    gauges = load_window.scene.gauges
    shown = {n for n, g in gauges.items() if g.isVisible()}
    assert shown == set(panel.result.utilisation)
    n = next(iter(shown))
    assert gauges[n].caption.endswith("%")
