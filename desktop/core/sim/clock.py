"""The playback clock: play, pause, step, step back, seek and speed over a ``Timeline``.

Hops last from 100 ns (a memory read) to seconds (a pod start, an answer being written), so
playing simulated time at any single rate would show either nothing or a blur. Instead the
clock cuts the timeline at every hop boundary and gives each stretch between two boundaries a
visible slot of wall time: ``BASE_SLOT_S`` at 1×, stretched gently by the log of how long the
stretch really lasts, so slow hops still look slower without hiding fast ones. Within a slot
simulated time runs linearly, and ``sim_time`` always reports the true simulated time.

The clock is plain Python with no Qt and no timer of its own: the UI (or a test) calls
``advance(wall_dt)`` from whatever timer it has. Listeners registered with ``subscribe`` are
called after every change, the way napari's models emit their own events.
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np

from desktop.core.sim.simulation import Event, Timeline
from desktop.core.data.units import format_seconds

# Playback pacing (presentation choices, not measurements).
BASE_SLOT_S = 0.6            # wall seconds a 1 ms stretch gets at 1×
SLOT_REFERENCE_S = 1e-3      # the simulated duration that gets exactly the base slot
SLOT_LOG_GAIN = 0.15         # slot grows by 15 % per decade of simulated duration
SLOT_MIN_FACTOR = 0.5        # a 100 ns stretch still gets half a base slot
SLOT_MAX_FACTOR = 2.5        # and a minute-long one no more than 2.5 base slots
SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
MIN_SPEED, MAX_SPEED = SPEEDS[0], SPEEDS[-1]
_EPS = 1e-9                  # wall seconds: positions closer than this are the same place

Listener = Callable[["Clock"], None]


def slot_for(duration: float) -> float:
    """Wall seconds (at 1×) for a stretch of ``duration`` simulated seconds."""
    if duration <= 0:
        return BASE_SLOT_S * SLOT_MIN_FACTOR
    factor = 1.0 + SLOT_LOG_GAIN * math.log10(duration / SLOT_REFERENCE_S)
    return BASE_SLOT_S * min(max(factor, SLOT_MIN_FACTOR), SLOT_MAX_FACTOR)


class Clock:
    """Playback state over one timeline. Positions are wall seconds at 1× from the start."""

    def __init__(self, timeline: Timeline | None = None) -> None:
        self._listeners: list[Listener] = []
        self._speed = 1.0
        self._playing = False
        self._pos = 0.0
        self._timeline: Timeline | None = None
        self._events: tuple[Event, ...] = ()
        self._sim = np.zeros(1)
        self._wall = np.zeros(1)
        self._stops = np.zeros(1)
        self.load(timeline)

    # loading ---------------------------------------------------------------------------------
    def load(self, timeline: Timeline | None, *, keep_sim_time: bool = False) -> None:
        """Show a new timeline. ``keep_sim_time`` keeps the same simulated moment, for a rerun
        with a fault or another option mid-flow; otherwise playback goes back to the start."""
        before = self.sim_time if keep_sim_time and self._timeline is not None else 0.0
        self._timeline = timeline
        self._events = timeline.events if timeline is not None else ()
        self._sim, self._wall = _mapping(self._events)
        starts = sorted({e.start for e in self._events} | {float(self._sim[-1])})
        self._stops = np.array([self.position_for_sim_time(t) for t in starts])
        self._pos = self.position_for_sim_time(before)
        if not keep_sim_time or self.finished:
            self._playing = False
        self._notify()

    @property
    def timeline(self) -> Timeline | None:
        return self._timeline

    # listeners -------------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(clock)`` after every change; returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener(self)

    # state -----------------------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return self._playing

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def position(self) -> float:
        return self._pos

    @property
    def wall_duration(self) -> float:
        """Wall seconds the whole timeline takes at 1×."""
        return float(self._wall[-1])

    @property
    def finished(self) -> bool:
        return self._pos >= self.wall_duration - _EPS

    @property
    def sim_time(self) -> float:
        return self.sim_time_for_position(self._pos)

    @property
    def sim_duration(self) -> float:
        return float(self._sim[-1])

    @property
    def event_index(self) -> int:
        """The event in focus: of those running now, the one that started last (the first in
        the list on a tie); between or after events, the one that ended last; -1 if none."""
        return _focus(self._events, self.sim_time)

    @property
    def event(self) -> Event | None:
        index = self.event_index
        return self._events[index] if index >= 0 else None

    @property
    def progress_in_event(self) -> float:
        """How far through the focus event, 0-1, in simulated time."""
        event = self.event
        if event is None:
            return 0.0
        if event.end <= event.start:
            return 1.0 if self.sim_time >= event.start else 0.0
        return min(max((self.sim_time - event.start) / (event.end - event.start), 0.0), 1.0)

    @property
    def active_events(self) -> tuple[int, ...]:
        """Every event running now; parallel hops give more than one."""
        t = self.sim_time
        return tuple(e.index for e in self._events if e.active_at(t))

    @property
    def scale_note(self) -> str:
        """One or two sentences for the UI: why playback is not to scale and what is."""
        durations = [e.duration for e in self._events if e.duration > 0]
        span = (f"from {format_seconds(min(durations))} to {format_seconds(max(durations))}"
                if durations else "over very different times")
        return (f"Not to scale: these hops last {span}, so each stretch between two hop "
                f"boundaries plays for about {BASE_SLOT_S:g} s at 1× (a little longer for slower "
                f"ones, on a log scale). The clock always shows the true simulated time.")

    # mapping ---------------------------------------------------------------------------------
    def sim_time_for_position(self, position: float) -> float:
        return float(np.interp(position, self._wall, self._sim))

    def position_for_sim_time(self, sim_t: float) -> float:
        """The first wall position at which simulated time reaches ``sim_t`` (clamped)."""
        sim, wall = self._sim, self._wall
        t = min(max(sim_t, float(sim[0])), float(sim[-1]))
        k = int(np.searchsorted(sim, t, side="left"))
        if k == 0 or sim[k] == t:
            return float(wall[k])
        frac = (t - sim[k - 1]) / (sim[k] - sim[k - 1])
        return float(wall[k - 1] + frac * (wall[k] - wall[k - 1]))

    def event_span(self, index: int) -> tuple[float, float]:
        """The wall positions (at 1×) where event ``index`` starts and ends."""
        event = self._events[index]
        return self.position_for_sim_time(event.start), self.position_for_sim_time(event.end)

    # controls --------------------------------------------------------------------------------
    def play(self) -> None:
        """Play from here; from the end, play starts again from the beginning."""
        if self.finished:
            self._pos = 0.0
        self._playing = self.wall_duration > 0
        self._notify()

    def pause(self) -> None:
        self._playing = False
        self._notify()

    def toggle(self) -> None:
        self.pause() if self._playing else self.play()

    def restart(self) -> None:
        """Back to the start, playing."""
        self._pos = 0.0
        self._playing = self.wall_duration > 0
        self._notify()

    def advance(self, wall_dt: float) -> float:
        """Move on by ``wall_dt`` real seconds at the current speed (only while playing);
        stops at the end. Returns the simulated time."""
        if self._playing and wall_dt > 0:
            self._pos = min(self._pos + wall_dt * self._speed, self.wall_duration)
            if self.finished:
                self._playing = False
            self._notify()
        return self.sim_time

    def seek(self, sim_t: float) -> None:
        """Jump to a simulated time (seconds); playing or paused stays as it was."""
        self._pos = self.position_for_sim_time(sim_t)
        self._notify()

    def seek_position(self, position: float) -> None:
        self._pos = min(max(position, 0.0), self.wall_duration)
        self._notify()

    def step_forward(self) -> None:
        """Pause and jump to the start of the next hop (hops that start together are one step),
        or to the end."""
        later = self._stops[self._stops > self._pos + _EPS]
        self._playing = False
        self._pos = float(later[0]) if len(later) else self.wall_duration
        self._notify()

    def step_back(self) -> None:
        """Pause and jump to the start of the current hop, or of the one before if already there."""
        earlier = self._stops[self._stops < self._pos - _EPS]
        self._playing = False
        self._pos = float(earlier[-1]) if len(earlier) else 0.0
        self._notify()

    def set_speed(self, speed: float) -> None:
        self._speed = min(max(float(speed), MIN_SPEED), MAX_SPEED)
        self._notify()

    def faster(self) -> None:
        self.set_speed(next((s for s in SPEEDS if s > self._speed + _EPS), MAX_SPEED))

    def slower(self) -> None:
        self.set_speed(next((s for s in reversed(SPEEDS) if s < self._speed - _EPS), MIN_SPEED))


def _mapping(events: tuple[Event, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Matching breakpoints of simulated and wall time. Every stretch between two hop
    boundaries gets ``slot_for(its length)``; an instantaneous hop gets a short pause."""
    if not events:
        return np.zeros(1), np.zeros(1)
    times = sorted({0.0} | {e.start for e in events} | {e.end for e in events})
    instants: dict[float, int] = {}
    for e in events:
        if e.end == e.start:
            instants[e.start] = instants.get(e.start, 0) + 1
    sim, wall = [times[0]], [0.0]
    for k, t in enumerate(times):
        for _ in range(instants.get(t, 0)):
            sim.append(t)
            wall.append(wall[-1] + slot_for(0.0))
        if k + 1 < len(times):
            sim.append(times[k + 1])
            wall.append(wall[-1] + slot_for(times[k + 1] - t))
    return np.array(sim), np.array(wall)


def _focus(events: tuple[Event, ...], t: float) -> int:
    active = [e for e in events if e.active_at(t)]
    if active:
        return min(active, key=lambda e: (-e.start, e.index)).index
    ended = [e for e in events if e.end <= t]
    if ended:
        return max(ended, key=lambda e: (e.end, e.index)).index
    return 0 if events else -1
