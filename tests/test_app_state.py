"""The application state, without Qt: highlights per source, one fault naming, lesson actions
as state calls, the clicker's order."""
from __future__ import annotations

import pytest

from desktop.app.highlights import FLAGS, SOURCES, Highlights
from desktop.core.sim.faults import FaultSpec, parse_fault_spec


def test_highlights_compose_and_each_source_clears_only_itself() -> None:
    h = Highlights()
    h.set("lesson", ["layer:facility", "component:gpu"])
    h.set("fault", ["component:gpu", "seam:0-1"])
    h.set("lens", ["osi:3"])
    assert h.flag_refs("highlighted") == {"layer:facility", "component:gpu", "seam:0-1", "osi:3"}
    h.clear("lens")
    assert h.flag_refs("highlighted") == {"layer:facility", "component:gpu", "seam:0-1"}
    h.clear("lesson")
    assert h.flag_refs("highlighted") == {"component:gpu", "seam:0-1"}
    with pytest.raises(KeyError):
        h.set("somewhere", [])
    assert set(SOURCES.values()) == set(FLAGS)


def test_lens_fault_lesson_and_selection_show_at_once(state) -> None:
    state.flow.load("chatbot-prompt")
    state.set_fault("chiller-trip")
    leak = state.highlights.get("fault")
    assert len(leak) > 5
    state.select("component:gpu")
    state.set_lens("osi")
    assert state.highlights.get("lens") and state.highlights.get("fault") == leak
    state.set_lens(None)
    assert state.highlights.get("fault") == leak, "a lens turned off must not clear a fault's leak path"
    assert state.highlights.get("selection") == {"component:gpu"}
    state.clear_faults()
    assert not state.highlights.get("fault") and state.highlights.get("selection") == {"component:gpu"}


def test_a_fault_with_parameters_is_one_faultspec_everywhere(state) -> None:
    spec = parse_fault_spec("utility-outage:ups_fails=true@0.2")
    assert spec == FaultSpec("utility-outage", 0.2, {"ups_fails": "true"})
    state.flow.load("card-payment")
    healthy = state.flow.timeline.latency_s
    state.set_fault("utility-outage:ups_fails=true@0.2")
    assert state.faults == (spec,)
    assert state.flow.timeline.latency_s > 10 * healthy
    state.load.load("card-payment")
    assert state.load.result is not None
    state.set_fault("utility-outage", True)          # the same id again replaces it
    assert [f.params for f in state.faults] == [{}]
    assert state.flow.timeline.latency_s == pytest.approx(healthy)


def test_unknown_fault_and_ref_are_refused_with_a_suggestion(state) -> None:
    with pytest.raises(KeyError, match="chiller-trip"):
        state.set_fault("chiller-trap")
    with pytest.raises(KeyError, match="nothing in the stack"):
        state.select("component:flux-capacitor")
    assert state.faults == () and state.selection is None


def test_next_lens_walks_every_lens_and_back(state) -> None:
    seen = []
    for _ in range(len(state.lens_ids()) + 1):
        state.cycle_lens()
        seen.append(state.lens.id if state.lens else None)
    assert seen == [*state.lens_ids(), None]


def test_a_tick_mid_flow_strikes_now(state) -> None:
    state.flow.load("card-payment")
    state.flow.step(1)
    state.flow.step(1)
    now = state.flow.clock.sim_time
    assert now > 0
    state.set_fault("dns-outage", True, now=True)
    assert state.fault("dns-outage").at == pytest.approx(now)


def test_lesson_actions_are_state_calls(state) -> None:
    lessons = state.lessons
    lessons.open("leaky-abstractions")
    kinds = {}
    for i, step in enumerate(lessons.session.lesson.steps):
        if step.action is not None:
            kinds.setdefault(step.action.kind, i)
    assert "flow" in kinds
    lessons.go_to(kinds["flow"])
    assert state.flow.loaded and lessons.note
    lessons.close()
    assert not state.highlights.get("lesson")


def test_the_clicker_steps_the_lesson_then_the_flow_then_the_column(state) -> None:
    state.advance(1)
    assert state.selection == "layer:facility"
    state.flow.load("card-payment")
    state.advance(1)
    assert state.flow.clock.event_index >= 0 and state.selection == "layer:facility"
    state.lessons.open("whole-stack")
    index = state.lessons.session.index
    state.advance(1)
    assert state.lessons.session.index == index + 1


def test_gauges_follow_the_mode(state) -> None:
    seen = []
    state.events.gauges.connect(lambda values, caption: seen.append(caption))
    state.flow.load("card-payment")
    state.set_mode("flow")
    assert seen[-1] == "share of time"
    state.load.load("card-payment")
    state.set_mode("load")
    values, caption = state.gauges()
    assert caption == "busy" and values == state.load.result.utilisation
    state.set_mode("inspector")
    assert state.gauges() == (None, "")


def test_a_failing_view_is_logged_and_the_others_still_draw(state, no_logged_errors) -> None:
    drawn = []
    state.events.selection.connect(lambda _r: 1 / 0)
    state.events.selection.connect(drawn.append)
    state.select("layer:network")
    assert drawn == ["layer:network"]
    assert len(no_logged_errors.records) == 1
    no_logged_errors.records.clear()
