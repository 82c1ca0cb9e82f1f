"""The playback clock: play, pause, step, step back, seek, speed and restart, with simulated
time that never runs backwards while playing and hops from ns to s all visible."""
from __future__ import annotations

import pytest

from desktop.core.sim.clock import (BASE_SLOT_S, MAX_SPEED, MIN_SPEED, SLOT_MAX_FACTOR,
                                SLOT_MIN_FACTOR, Clock, slot_for)
from desktop.core.sim.flows import shipped_flows
from desktop.core.sim.simulation import simulate

FRAME = 1 / 60   # a UI timer tick


@pytest.fixture(scope="module")
def timelines():
    flows = shipped_flows()
    return {"netflix": simulate(flows["netflix-play"], {"cache": "miss"}),
            "chatbot": simulate(flows["chatbot-prompt"]),
            "card": simulate(flows["card-payment"])}


@pytest.fixture
def clock(timelines):
    return Clock(timelines["netflix"])


def _distinct_starts(timeline):
    return sorted({e.start for e in timeline.events})


def test_a_new_clock_waits_at_the_start(clock):
    assert not clock.playing and clock.position == 0 and clock.sim_time == 0
    assert clock.event_index == 0 and clock.progress_in_event == 0
    assert clock.speed == 1.0 and clock.wall_duration > 0


def test_playing_moves_forward_monotonically_to_the_end(clock, timelines):
    clock.play()
    seen = [clock.sim_time]
    indices = [clock.event_index]
    for _ in range(10_000):
        clock.advance(FRAME)
        seen.append(clock.sim_time)
        indices.append(clock.event_index)
        indices.extend(clock.active_events)
        if not clock.playing:
            break
    assert all(b >= a for a, b in zip(seen, seen[1:]))
    assert clock.finished and not clock.playing
    assert clock.sim_time == pytest.approx(timelines["netflix"].end_s)
    assert set(indices) == set(range(len(timelines["netflix"].events)))   # every hop was on screen


def test_pause_stops_time_and_toggle_resumes(clock):
    clock.play()
    clock.advance(0.3)
    clock.pause()
    held = clock.sim_time
    clock.advance(1.0)
    assert clock.sim_time == held
    clock.toggle()
    assert clock.playing
    clock.advance(0.3)
    assert clock.sim_time > held
    clock.toggle()
    assert not clock.playing


def test_step_forward_visits_each_hop_start_then_the_end(clock, timelines):
    timeline = timelines["netflix"]
    clock.play()
    times = []
    for _ in range(len(_distinct_starts(timeline))):
        clock.step_forward()
        times.append(clock.sim_time)
        assert not clock.playing                                # stepping pauses
    assert times == pytest.approx(_distinct_starts(timeline)[1:] + [timeline.end_s])
    clock.step_forward()
    assert clock.finished


def test_parallel_hops_that_start_together_are_one_step(clock, timelines):
    timeline = timelines["netflix"]
    licence = next(e for e in timeline.events if e.hop_id == "licence")
    clock.seek(licence.start)
    assert licence.index in clock.active_events
    assert len(clock.active_events) == 2                        # licence and the cache lookup
    clock.step_forward()
    assert clock.sim_time > licence.start


def test_step_back_goes_to_this_hop_start_then_the_one_before(clock, timelines):
    events = timelines["netflix"].events
    target = events[5]
    clock.seek((target.start + target.end) / 2)
    assert clock.event_index == 5
    clock.step_back()
    assert clock.sim_time == pytest.approx(target.start) and clock.event_index == 5
    clock.step_back()
    assert clock.event_index == 4 and clock.sim_time == pytest.approx(events[4].start)
    for _ in range(len(events) + 2):
        clock.step_back()
    assert clock.position == 0 and clock.event_index == 0


def test_seek_lands_on_the_simulated_time(clock, timelines):
    for event in timelines["netflix"].events:
        middle = event.start + event.duration / 2
        clock.seek(middle)
        assert clock.sim_time == pytest.approx(middle, abs=1e-12)
        assert clock.event.start <= middle <= clock.event.end
        assert clock.progress_in_event == pytest.approx(
            (middle - clock.event.start) / clock.event.duration, abs=1e-6)
    clock.seek(-5)
    assert clock.position == 0
    clock.seek(1e9)
    assert clock.finished


def test_position_and_sim_time_map_both_ways(clock, timelines):
    end = timelines["netflix"].end_s
    for t in (0.0, 1e-7, 0.0134, 0.4 * end, 0.9 * end, end):
        assert clock.sim_time_for_position(clock.position_for_sim_time(t)) == pytest.approx(t, abs=1e-12)


def test_speed_scales_wall_time_and_is_clamped(clock):
    clock.set_speed(2.0)
    clock.play()
    clock.advance(0.5)
    assert clock.position == pytest.approx(1.0)
    clock.set_speed(100)
    assert clock.speed == MAX_SPEED
    clock.set_speed(0.01)
    assert clock.speed == MIN_SPEED == 0.25
    clock.faster()
    assert clock.speed == 0.5
    clock.set_speed(8)
    clock.faster()
    assert clock.speed == 8
    clock.slower()
    assert clock.speed == 4


def test_restart_and_play_at_the_end(clock):
    clock.seek(1e9)
    clock.play()                                                # from the end, play starts over
    assert clock.playing and clock.position == 0
    clock.advance(2.0)
    clock.restart()
    assert clock.playing and clock.position == 0 and clock.sim_time == 0


def test_every_hop_gets_a_visible_slot_from_nanoseconds_to_seconds(clock, timelines):
    assert slot_for(100e-9) == BASE_SLOT_S * SLOT_MIN_FACTOR
    assert slot_for(1e-3) == pytest.approx(BASE_SLOT_S)
    assert BASE_SLOT_S < slot_for(2.0) < BASE_SLOT_S * SLOT_MAX_FACTOR
    spans = [clock.event_span(e.index) for e in timelines["netflix"].events]
    shortest = min(b - a for a, b in spans)
    assert shortest >= BASE_SLOT_S * SLOT_MIN_FACTOR - 1e-9     # the 100 ns lookup is visible
    assert clock.wall_duration < 60                             # a whole flow fits a lecture slide
    assert "Not to scale" in clock.scale_note and "100 ns" in clock.scale_note


def test_listeners_hear_every_change_and_can_leave(clock):
    heard = []
    leave = clock.subscribe(lambda c: heard.append(c.sim_time))
    clock.play()
    clock.advance(0.1)
    clock.step_forward()
    assert len(heard) == 3
    leave()
    clock.step_forward()
    assert len(heard) == 3


def test_load_can_keep_the_simulated_moment(clock, timelines):
    clock.seek(0.02)
    clock.load(timelines["chatbot"], keep_sim_time=True)
    assert clock.sim_time == pytest.approx(0.02) and clock.timeline is timelines["chatbot"]
    clock.load(timelines["card"])
    assert clock.sim_time == 0 and not clock.playing


def test_an_empty_clock_does_nothing_harmful():
    clock = Clock()
    clock.play()
    clock.advance(1.0)
    clock.step_forward()
    clock.step_back()
    assert not clock.playing and clock.sim_time == 0 and clock.event_index == -1
    assert clock.progress_in_event == 0 and clock.active_events == ()
