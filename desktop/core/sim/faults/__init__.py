"""Faults as data: ``assets/faults.yaml`` → validated ``Fault`` objects → simulation modifiers.

A fault strikes one component and changes the simulation through a short list of **effects**,
each of which becomes one modifier (``desktop.core.sim.modifiers``) for a single flow, or one hook
for load mode (``desktop.core.sim.load.LoadConfig``). The simulation never learns what a fault is;
it only sees hops slowed, delayed, interrupted or re-powered from a moment on, which is how the
effect climbs the stack: a hop slowed at layer 1 pushes every later hop, up to the app.

Timing. Every fault strikes at ``at`` seconds on the run's clock (``simulate FLOW --fault
NAME@AT``); the times inside a fault (``from``, ``until``, ``points``) are seconds after that.
``at`` may be negative: the fault began before the request (a chiller trip whose room is
already hot). ``at=None`` means the fault's ``default_at`` (0 unless the file says otherwise).

File layout (``version`` and ``faults`` at the top)::

    - id: chiller-trip                    # an id from docs/ids.md
      name: Chiller trip
      strikes: component:chiller          # where it strikes
      summary: One line.
      explain: Two to four sentences in our own words.
      figures: [cooling.loss_ramp, ...]   # what it rests on; every figure an effect uses
      default_at: -100                    # optional: when it strikes if no time is given
      params:                             # scenario assumptions, as in flows, or true/false
        - {name: inlet_start, value: 24, unit: degC, note: "..."}
      options: {cache: miss}              # optional: flow options it forces (see below)
      effects:
        - {kind: scale_time, target: {component: gpu}, factor: gpu.throttle,
           while: {series: inlet, above: ashrae.inlet_high}}
      leak:                               # the story, one cause → effect line per layer
        - {layer: 0, caption: "Chiller stops → inlet air climbs"}

Effect kinds (quantities are a figure name, a parameter name, or a list of them to add up;
a bare number is allowed only for times and series levels):

==============  ==============================================  ================================
kind            fields                                           becomes
==============  ==============================================  ================================
scale_time      target, factor, [from, until | while]            ScaleTime / service_multiplier
add_delay       target, seconds, [times, from, until, once]      AddDelay / extra_delay
scale_power     target, factor, [from, until]                    ScalePower / power_multiplier
outage          target, until, [from, restart]                   Outage / extra_delay (waits)
ramp            series, label, unit, base, rate, until, [fall]   Profile (a plotted series)
steps           series, label, unit, base, points                Profile (a stepped series)
arrivals        factor, [from, until]                            load: arrival_multiplier
loss            target, share, seconds, [from, until, fast,      load: extra_delay for a share
                fast_seconds]                                    (most repaired fast)
thermal         target, series, limit, rise, [exponent,          Thermal (chip-temperature
                clock_share]                                     throttle) / service_multiplier
capacity        target, servers, lost, [from, until]             load: service_multiplier
==============  ==============================================  ================================

Every effect may also carry ``mode`` (``flow``, ``load`` or ``both``, the default), ``when``
(``{param: value}``: only under those parameter values) and ``instead_of_option`` (only when the
fault's forced option could not apply; see below). A ``target`` names ``component(s)``,
``layer(s)`` (number or id) and optionally ``hops``, patterns of hop ids (``*prefill``); with
both components and layers, each component must lie in one of the layers.

Forced options. A fault may set flow options (``cache: miss``) where that is the honest model.
Options hold for a whole run, so they apply only when the fault is in force from the start
(``at <= 0``) and the flow has the option; otherwise the effects marked ``instead_of_option``
model the same thing from ``at`` on (the cache hop pays for the database read).

Parameters can be changed per use: ``utility-outage:ups_fails=true@2`` (see ``parse_fault_spec``).

The package, by seam: ``model`` (Fault, Effect, FaultParam, FaultSpec, LeakStep…), ``reader``
(faults.yaml → faults, the shipped catalogue), ``spec`` (``'id:k=v@t'`` ⇄ ``FaultSpec``),
``binding`` (``bind(spec)`` → ``BoundFault`` with its flow, load and series operations),
``leak`` (the leak path, from structured effect records) and ``impact`` (a fault's effect on a
flow in words). Everything public is importable from ``desktop.core.sim.faults``; every function
that takes a fault accepts a ``FaultSpec``.
"""
from __future__ import annotations

from desktop.core.sim.faults.binding import (BoundFault, Prepared, bind, compose_hook, fault_series,
                                             load_config_hooks, load_hooks, load_modifiers, modifiers,
                                             option_overrides, prepare, simulate_faults)
from desktop.core.sim.faults.impact import Impact, describe, impact, impact_words
from desktop.core.sim.faults.leak import leak_path
from desktop.core.sim.faults.model import (EFFECT_KINDS, SCHEMA_VERSION, SERIES_KINDS, Condition,
                                           Effect, Fault, FaultParam, FaultSpec, LeakNote, LeakStep,
                                           Quantity, UnknownFault)
from desktop.core.sim.faults.reader import (default_path, fault_ids, get_fault, load_faults,
                                            read_faults, shipped_faults)
from desktop.core.sim.faults.spec import SpecLike, as_spec, as_specs, parse_fault_arg, parse_fault_spec

__all__ = [
    "BoundFault", "Condition", "EFFECT_KINDS", "Effect", "Fault", "FaultParam", "FaultSpec", "Impact",
    "LeakNote", "LeakStep", "Prepared", "Quantity", "SCHEMA_VERSION", "SERIES_KINDS", "SpecLike",
    "UnknownFault", "as_spec", "as_specs", "bind", "compose_hook", "default_path", "describe",
    "fault_ids", "fault_series", "get_fault", "impact", "impact_words", "leak_path", "load_config_hooks",
    "load_faults", "load_hooks", "load_modifiers", "modifiers", "option_overrides", "parse_fault_arg",
    "parse_fault_spec", "prepare", "read_faults", "shipped_faults", "simulate_faults",
]
