"""Modifiers: how faults change a running flow without the simulation knowing about faults.

A fault (``assets/faults.yaml``, read by ``desktop.core.sim.faults``) becomes a list of modifiers: "from t = 2 s, hops
on ``gpu`` run at the clocks their chip temperature allows", "DNS answers 5 s late", "inlet air
rises at ``cooling.loss_ramp``". The simulation hands each hop, as it places it, to every modifier in
order; a modifier returns the hop changed or unchanged and may add its own time series. Because
hops are placed in time order, a hop slowed early pushes every later hop, which is exactly how
a leak climbs the stack.

Modifiers hold plain numbers already resolved from figures, plus the figure names for the
citation; the code that builds them from a fault file is where figures are looked up.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from typing import Protocol, runtime_checkable

import numpy as np

from desktop.core.sim.series import Series

FOREVER = math.inf


@dataclass(frozen=True)
class Target:
    """Which hops a modifier touches: by component id or stack layer. Empty means every hop.

    ``hops`` narrows the match to hops whose id fits one of these patterns (``*prefill``), for
    an effect that touches only one kind of work on a component (prefill, not decode). A
    target with ``hops`` never matches when the hop id is unknown (load mode's stations, which
    merge every visit to a component); the fault catalogue works those out itself.
    """

    components: tuple[str, ...] = ()
    layers: tuple[int, ...] = ()
    hops: tuple[str, ...] = ()

    def matches(self, component: str, layer: int, hop_id: str | None = None) -> bool:
        if self.hops and (hop_id is None or not any(fnmatchcase(hop_id, p) for p in self.hops)):
            return False
        if not self.components and not self.layers:
            return True
        return component in self.components or layer in self.layers


@dataclass(frozen=True)
class HopState:
    """One hop as the modifiers see it while the simulation places it."""

    hop_id: str
    component: str
    layer: int
    start: float
    duration: float
    power_w: float
    figures: tuple[str, ...] = ()      # figures the modifiers cited
    notes: tuple[str, ...] = ()        # what the modifiers did, for the event list
    effects: tuple["EffectRecord", ...] = ()   # the same, as data (who, what, how much)

    @property
    def end(self) -> float:
        return self.start + self.duration

    def noted(self, note: str, figures: tuple[str, ...], record: "EffectRecord | None" = None) -> "HopState":
        """This hop with one more note; ``note`` is "fault-id: what it did", and ``record`` the
        same as data (made from the note's prefix when not given)."""
        if record is None:
            source, _, text = note.partition(": ")
            record = EffectRecord(source, "note", text)
        return replace(self, notes=self.notes + (note,), effects=self.effects + (record,),
                       figures=self.figures + tuple(f for f in figures if f not in self.figures))


@dataclass(frozen=True)
class EffectRecord:
    """What one modifier did to one hop, as data: ``source`` is the modifier's name (a fault
    id), ``kind`` what changed (``time``, ``delay``, ``power``, ``outage``, ``thermal``), ``text``
    the words, and ``factor``/``seconds`` the numbers. The leak path reads these instead of
    matching note prefixes."""

    source: str
    kind: str
    text: str
    factor: float = 1.0
    seconds: float = 0.0


@runtime_checkable
class Modifier(Protocol):
    name: str

    def apply(self, hop: HopState) -> HopState:
        """The hop changed by this modifier, or the same hop."""

    def series(self, end: float) -> tuple[Series, ...]:
        """Extra series to plot beside power, up to time ``end``; usually none."""


def stretch(start: float, work: float, window: tuple[float, float], factor: float) -> float:
    """How long ``work`` seconds of service take from ``start`` if, inside ``window``, the
    component runs ``factor`` times slower. A hop that straddles the window's edge is slowed
    only for the part inside it, so a throttle that starts mid-decode slows the rest of it."""
    t, remaining = start, work
    lo, hi = window
    if t < lo:
        step = min(remaining, lo - t)
        t, remaining = t + step, remaining - step
    if remaining > 0 and t < hi:
        need = remaining * factor
        if t + need <= hi:
            t, remaining = t + need, 0.0
        else:
            remaining -= (hi - t) / factor
            t = hi
    return t + remaining - start


@dataclass(frozen=True)
class ScaleTime:
    """Service on the target runs ``factor`` times slower (or faster, < 1) from ``start`` to ``stop``."""

    name: str
    factor: float
    target: Target = Target()
    start: float = 0.0
    stop: float = FOREVER
    figures: tuple[str, ...] = ()

    def apply(self, hop: HopState) -> HopState:
        if not self.target.matches(hop.component, hop.layer, hop.hop_id) or hop.end <= self.start or hop.start >= self.stop:
            return hop
        duration = stretch(hop.start, hop.duration, (self.start, self.stop), self.factor)
        if duration == hop.duration:
            return hop
        text = f"service × {self.factor:g}"
        return replace(hop, duration=duration).noted(
            f"{self.name}: {text}", self.figures,
            EffectRecord(self.name, "time", text, factor=duration / hop.duration if hop.duration else self.factor,
                         seconds=duration - hop.duration))

    def series(self, end: float) -> tuple[Series, ...]:
        return ()


@dataclass(frozen=True)
class AddDelay:
    """Hops on the target that start between ``start`` and ``stop`` wait ``seconds`` longer
    (a DNS timeout, a retry, a TCP retransmission)."""

    name: str
    seconds: float
    target: Target = Target()
    start: float = 0.0
    stop: float = FOREVER
    figures: tuple[str, ...] = ()

    once: bool = False                 # only the first hop that matches (one lost segment)
    fired: list = field(default_factory=list, compare=False, repr=False)

    def fresh(self) -> "AddDelay":
        """A copy with no memory of earlier hops: the simulation takes one per run."""
        return replace(self, fired=[])

    def apply(self, hop: HopState) -> HopState:
        if not self.target.matches(hop.component, hop.layer, hop.hop_id) or not self.start <= hop.start < self.stop:
            return hop
        if self.once:
            if self.fired:
                return hop
            self.fired.append(hop.hop_id)
        text = f"+{self.seconds:g} s"
        return replace(hop, duration=hop.duration + self.seconds).noted(
            f"{self.name}: {text}", self.figures, EffectRecord(self.name, "delay", text, seconds=self.seconds))

    def series(self, end: float) -> tuple[Series, ...]:
        return ()


@dataclass(frozen=True)
class ScalePower:
    """Hops on the target that start between ``start`` and ``stop`` draw ``factor`` × their power
    (a throttled GPU draws less; a failed-over server runs hotter)."""

    name: str
    factor: float
    target: Target = Target()
    start: float = 0.0
    stop: float = FOREVER
    figures: tuple[str, ...] = ()

    def apply(self, hop: HopState) -> HopState:
        if not self.target.matches(hop.component, hop.layer, hop.hop_id) or not self.start <= hop.start < self.stop:
            return hop
        text = f"power × {self.factor:g}"
        return replace(hop, power_w=hop.power_w * self.factor).noted(
            f"{self.name}: {text}", self.figures, EffectRecord(self.name, "power", text, factor=self.factor))

    def series(self, end: float) -> tuple[Series, ...]:
        return ()


@dataclass(frozen=True)
class Outage:
    """The target is unavailable from ``start`` until ``until`` (a failed GPU until the request
    is queued on another one, a pod until its replacement has started, servers until the
    generators carry them and they have booted again).

    A hop on the target that would start inside the outage waits for its end. A hop already
    running at ``start`` is interrupted: with ``restart`` its work so far is lost and it starts
    over at ``until`` (a crashed GPU's half-written answer); without, it pauses and resumes.
    Waiting draws no power and lost work did, so the hop's energy is its work (redone or not)
    and its power is spread over the longer hop.
    """

    name: str
    until: float
    target: Target = Target()
    start: float = 0.0
    restart: bool = True
    figures: tuple[str, ...] = ()

    def apply(self, hop: HopState) -> HopState:
        if self.until <= self.start or not self.target.matches(hop.component, hop.layer, hop.hop_id):
            return hop
        if self.start <= hop.start < self.until:
            wait = self.until - hop.start
            text = f"waits {wait:.3g} s for the {_what(self.restart)}"
            return _stretched(hop, hop.duration + wait, hop.duration).noted(
                f"{self.name}: {text}", self.figures, EffectRecord(self.name, "outage", text, seconds=wait))
        if hop.start < self.start < hop.end:
            done = self.start - hop.start
            gap = self.until - self.start
            if self.restart:
                text = f"interrupted; {done:.3g} s of work lost, starts over {gap:.3g} s later"
                return _stretched(hop, done + gap + hop.duration, done + hop.duration).noted(
                    f"{self.name}: {text}", self.figures,
                    EffectRecord(self.name, "outage", text, seconds=done + gap))
            text = f"paused {gap:.3g} s"
            return _stretched(hop, hop.duration + gap, hop.duration).noted(
                f"{self.name}: {text}", self.figures, EffectRecord(self.name, "outage", text, seconds=gap))
        return hop

    def series(self, end: float) -> tuple[Series, ...]:
        return ()


def _stretched(hop: HopState, duration: float, busy: float) -> HopState:
    """The hop now lasts ``duration`` but draws power only for ``busy`` seconds of it (waiting
    for a replacement draws nothing; lost work did): its average power over the longer hop."""
    power = hop.power_w * busy / duration if duration > 0 else hop.power_w
    return replace(hop, duration=duration, power_w=power)


def _what(restart: bool) -> str:
    return "replacement" if restart else "outage to end"


@dataclass(frozen=True)
class Profile:
    """An extra series given by breakpoints (linear between them, or held with ``step``), such
    as inlet air that climbs after a chiller trip and falls again once it restarts. Changes no
    hop. Breakpoints may lie before 0 (the fault began before the request) or after the end;
    ``series(end)`` covers ``[0, end]`` like every other plot, exact at both ends."""

    name: str
    series_name: str
    unit: str
    times: tuple[float, ...]
    values: tuple[float, ...]
    step: bool = False
    label: str = ""
    figures: tuple[str, ...] = ()

    def apply(self, hop: HopState) -> HopState:
        return hop

    def at(self, t: float) -> float:
        return self._whole().at(t)

    def _whole(self) -> Series:
        return Series(self.series_name, self.unit, np.array(self.times), np.array(self.values),
                      step=self.step, figures=self.figures)

    def series(self, end: float) -> tuple[Series, ...]:
        whole = self._whole()
        lo, hi = 0.0, max(end, 0.0)
        inside = [t for t in self.times if lo < t < hi]
        times = [lo, *inside, hi] if hi > lo else [lo]
        values = [whole.at(t) for t in times]
        return (Series(self.series_name, self.unit, np.array(times), np.array(values),
                       step=self.step, figures=self.figures),)


MIN_POWER_SHARE = 0.1      # below this a GPU is not throttling but shutting down; held here
THERMAL_STEPS = 64         # slices a hop's work is cut into to follow a changing inlet


def throttle(inlet_c: float, limit_c: float, rise_c: float, exponent: float,
             clock_share: float) -> tuple[float, float, float]:
    """(power share, clock share, time factor) of a GPU whose air comes in at ``inlet_c``.

    At full power the chip runs ``rise_c`` above its inlet air. A GPU throttles on its *chip*
    temperature, not on the room's: when ``inlet + rise`` would pass ``limit_c`` it lowers clocks
    and voltage until the chip holds at the limit, which means drawing only
    ``(limit − inlet) / rise`` of its power. Power goes about as clock ** ``exponent`` (voltage
    falls with the clock), so clocks fall less than power. Only ``clock_share`` of a hop's time
    scales with the core clock: decode waits mostly on memory bandwidth, so it slows far less
    than prefill, which is compute bound (``clock_share`` 1).
    """
    if rise_c <= 0:
        return 1.0, 1.0, 1.0
    power = min(1.0, max(MIN_POWER_SHARE, (limit_c - inlet_c) / rise_c))
    if power >= 1.0:
        return 1.0, 1.0, 1.0
    clock = power ** (1.0 / exponent) if exponent > 0 else power
    factor = (1.0 - clock_share) + clock_share / clock
    return power, clock, factor


@dataclass(frozen=True)
class Thermal:
    """GPUs on the target run at the clocks their chip temperature allows, given the inlet air
    of ``inlet`` (a ``Profile``) at the hop's start: slower where the chip would pass its limit,
    and drawing less power (see ``throttle``)."""

    name: str
    inlet: "Profile"
    limit_c: float
    rise_c: float
    exponent: float = 1.0              # the fault gives gpu.power_exponent
    clock_share: float = 1.0
    target: Target = Target()
    figures: tuple[str, ...] = ()

    def state_at(self, t: float) -> tuple[float, float, float, float]:
        """(inlet °C, power share, clock share, time factor) at time ``t``."""
        inlet = self.inlet.at(t)
        return (inlet, *throttle(inlet, self.limit_c, self.rise_c, self.exponent, self.clock_share))

    def apply(self, hop: HopState) -> HopState:
        """The hop's work in ``THERMAL_STEPS`` slices, each at the throttle of its moment, so a
        throttle that starts or lifts mid-hop slows only that part; energy follows the power
        share of each slice."""
        if not self.target.matches(hop.component, hop.layer, hop.hop_id) or hop.duration <= 0:
            return hop
        piece = hop.duration / THERMAL_STEPS
        t, energy, worst = hop.start, 0.0, (self.inlet.at(hop.start), 1.0, 1.0, 1.0)
        for _ in range(THERMAL_STEPS):
            inlet, power, clock, factor = self.state_at(t)
            if power < worst[1]:
                worst = (inlet, power, clock, factor)
            dt = piece * factor
            energy += hop.power_w * power * dt
            t += dt
        if worst[1] >= 1.0:
            return hop
        duration = t - hop.start
        inlet, power, clock, _f = worst
        factor = duration / hop.duration
        text = (f"inlet {inlet:.1f} °C puts the chip at its {self.limit_c:g} °C limit: clocks "
                f"{clock:.0%}, power {power:.0%}, time × {factor:.3g}")
        record = EffectRecord(self.name, "thermal", text, factor=factor, seconds=duration - hop.duration)
        return replace(hop, duration=duration, power_w=energy / duration).noted(
            f"{self.name}: {text}", self.figures, record)

    def series(self, end: float) -> tuple[Series, ...]:
        return ()
