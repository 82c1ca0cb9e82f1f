"""Faults in the window: toggling one re-runs the flow and the load run and draws the leak path."""
from __future__ import annotations

import pytest

from desktop.core.sim.faults import fault_ids


@pytest.fixture
def fault_window(window):
    from desktop.ui.features import install_features

    names = ["desktop.ui.flow_panel", "desktop.ui.load_panel", "desktop.ui.fault_panel"]
    assert install_features(window, names) == names
    return window


def test_chiller_trip_climbs_the_column(fault_window) -> None:
    w = fault_window
    w.show_panel(w.flow_panel)
    w.flow_panel.load("chatbot-prompt")
    healthy = w.flow_panel.controller.timeline
    w.set_fault("chiller-trip", True)
    sick = w.flow_panel.controller.timeline
    # GPUs throttle on chip temperature (issue 15.6): the first token comes later, not twice as late
    assert sick.milestones["first-token"] > healthy.milestones["first-token"]
    scene = w.scene
    assert scene.items_by_ref["component:chiller"].state.struck
    lit = {r for r, i in scene.items_by_ref.items() if i.state.highlighted}
    assert "seam:0-1" in lit and "layer:application" in lit or "layer:agents" in lit
    assert {0, 1} <= set(scene.leak)
    assert all(scene.captions[n].isVisible() for n in scene.leak)
    assert not w.flow_panel.controller.plots.fault.isHidden()  # the inlet temperature series
    w.set_fault("chiller-trip", False)
    assert not scene.items_by_ref["component:chiller"].state.struck and not scene.leak
    assert w.flow_panel.controller.timeline.latency_s == pytest.approx(healthy.latency_s)


def test_healthy_ups_changes_nothing(fault_window) -> None:
    w = fault_window
    w.flow_panel.load("card-payment")
    before = w.flow_panel.controller.timeline.latency_s
    w.set_fault("utility-outage", True)
    assert w.flow_panel.controller.timeline.latency_s == pytest.approx(before)


def test_retry_storm_under_load(fault_window) -> None:
    w = fault_window
    w.show_panel(w.load_panel)
    w.load_panel.load("card-payment")
    w.load_panel.rate.setValue(70)
    w.load_panel.run()
    calm = w.load_panel.result
    w.set_fault("retry-storm", True)
    storm = w.load_panel.result
    assert storm.requests > calm.requests or storm.p99_s > calm.p99_s


@pytest.mark.parametrize("ident", fault_ids())
def test_every_fault_toggles_cleanly(fault_window, ident) -> None:
    w = fault_window
    w.flow_panel.load("agent-tool-call")
    w.set_fault(ident, True)
    panel = w.fault_panel
    assert ident in panel.active
    assert panel.faults[ident].name in panel.text.toPlainText()
    assert w.scene.items_by_ref[panel.faults[ident].strikes].state.struck
    panel.clear()
    assert not panel.active
