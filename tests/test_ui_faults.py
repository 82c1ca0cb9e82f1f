"""Faults in the window: toggling one re-runs the flow and the load run and draws the leak path."""
from __future__ import annotations

import pytest

from desktop.core.sim.faults import fault_ids, get_fault


def lit(window, flag: str) -> set[str]:
    return {r for r, i in window.scene.items_by_ref.items() if getattr(i.state, flag)}


def test_chiller_trip_climbs_the_column(window) -> None:
    s = window.state
    window.show_panel("flow")
    s.flow.load("chatbot-prompt")
    healthy = s.flow.timeline
    s.set_fault("chiller-trip", True)
    sick = s.flow.timeline
    # GPUs throttle on chip temperature (issue 15.6): the first token comes later, not twice as late
    assert sick.milestones["first-token"] > healthy.milestones["first-token"]
    scene = window.scene
    assert scene.items_by_ref["component:chiller"].state.struck
    highlighted = lit(window, "highlighted")
    assert "seam:0-1" in highlighted
    assert "layer:agents" in highlighted or "layer:application" in highlighted
    assert {0, 1} <= set(scene.leak)
    assert all(scene.captions[n].isVisible() for n in scene.leak)
    assert not window.panel("flow").plots.fault.isHidden()  # the inlet temperature series
    s.set_fault("chiller-trip", False)
    assert not scene.items_by_ref["component:chiller"].state.struck and not scene.leak
    assert not lit(window, "highlighted")
    assert s.flow.timeline.latency_s == pytest.approx(healthy.latency_s)


def test_ticking_a_box_in_the_panel_strikes_the_fault(window) -> None:
    from PySide6.QtCore import Qt

    panel = window.show_panel("faults")
    item = next(panel.list.item(i) for i in range(panel.list.count())
                if panel.list.item(i).data(Qt.UserRole) == "dns-outage")
    item.setCheckState(Qt.Checked)
    assert [f.id for f in window.state.faults] == ["dns-outage"]
    assert "DNS" in panel.text.toPlainText()
    panel.clear_button.click()
    assert window.state.faults == ()
    assert item.checkState() == Qt.Unchecked


def test_healthy_ups_changes_nothing_a_failed_one_does(window) -> None:
    s = window.state
    s.flow.load("card-payment")
    before = s.flow.timeline.latency_s
    s.set_fault("utility-outage", True)
    assert s.flow.timeline.latency_s == pytest.approx(before)
    s.set_fault("utility-outage:ups_fails=true@0.2", True)   # replaces the healthy-UPS one
    assert [f.params.get("ups_fails") for f in s.faults] == ["true"]
    assert s.flow.timeline.latency_s > 10 * before


def test_retry_storm_under_load(window) -> None:
    s = window.state
    window.show_panel("load")
    s.load.load("card-payment")
    s.load.set_utilisation(0.7)
    calm = s.load.result
    s.set_fault("retry-storm", True)
    storm = s.load.result
    assert storm.requests > calm.requests or storm.p99_s > calm.p99_s


@pytest.mark.parametrize("ident", fault_ids())
def test_every_fault_toggles_cleanly(window, ident) -> None:
    s = window.state
    s.flow.load("agent-tool-call")
    panel = window.show_panel("faults")
    s.set_fault(ident, True)
    fault = get_fault(ident)
    assert fault.name in panel.text.toPlainText()
    assert window.scene.items_by_ref[fault.strikes].state.struck
    s.clear_faults()
    assert s.faults == () and not lit(window, "struck")


def test_the_panel_says_what_a_fault_does_to_this_flow(window) -> None:
    s = window.state
    s.flow.load("chatbot-prompt")
    panel = window.show_panel("faults")
    panel._make_current("chiller-trip")
    text = panel.text.toPlainText()
    assert "if you strike it" in text and "at decode" in text
    s.set_fault("chiller-trip", True)
    assert "if you strike it" not in panel.text.toPlainText()
    assert s.flow.fault_impact("chiller-trip").words in panel.text.toPlainText()


def test_a_fault_that_misses_the_flow_says_why(window) -> None:
    s = window.state
    s.flow.load("chatbot-prompt")
    panel = window.show_panel("faults")
    panel._make_current("utility-outage")
    text = panel.text.toPlainText()
    assert "no change" in text
    assert s.flow.fault_impact("utility-outage").words in " ".join(text.split())
