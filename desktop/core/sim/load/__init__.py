"""Load mode: many requests per second of one flow through the same resources, with queueing.

A flow's hops become a chain of stages. A hop that holds a resource (a CPU, a GPU, a database)
is a **station**: a FIFO queue in front of ``c`` servers. A hop that only takes time (light in a
fibre, a handshake round trip, the user's phone) is a **delay**: it adds its time and never
queues. Hops that run in parallel (a flow's ``group``) become a ``Parallel`` of lanes: the
request forks, each lane runs its stages, and it goes on when the slowest lane is done.

Requests arrive as a Poisson stream at ``rps`` for ``seconds``. Each station's departures are the
next stage's arrivals, computed a whole station at a time (``desktop.core.sim.queueing``: Lindley's
recursion as a cumulative sum and a running maximum), so a million requests cost a few hundredths
of a second per station instead of a Python loop per request.

Modelling choices, stated once:

- One station per component. A flow that visits a component twice (a gateway on the way in and
  on the way out) puts the sum of both service times at its first visit: the work the resource
  does per request, hence its utilisation and power, is exact; only the order of the visits
  within one request is simplified.
- Service time at a station is the hop's time times a random factor of mean 1: exponential by
  default (``service_cv=1``), constant with ``service_cv=0``, gamma for any other coefficient of
  variation. Delays are constant.
- ``servers`` is per resource; ``None`` sizes each station to the smallest ``c`` that keeps it at
  ``target_utilisation`` at the requested rate (a planning choice, reported per station).
- A request is **dropped** when a station's waiting room (``queue_cap`` per station) is full: it
  does no further work. It **times out** when its end-to-end latency exceeds ``timeout_s``: the
  client gave up, but the servers did the work anyway (work done for nobody). Latency
  percentiles are over every request that completed, timed out or not, so they never hide the
  slow ones.
- Utilisation is busy server-seconds over ``servers × time`` within ``[0, seconds]``; work still
  queued at the end shows as ``drain_s``. IT power of a station is
  ``c × peak × (idle + (1 - idle) × utilisation)`` with ``idle`` = ``server.idle`` (Barroso &
  Hölzle 2007); facility power = IT power × PUE (``pue.industry`` by default, or ``pue.google``).

Hooks for faults (all optional, all vectorised over a time array):

- ``arrival_multiplier(t)`` scales the arrival rate (a retry storm doubles it);
- ``service_multiplier(component, t)`` scales service time at a component for requests that
  reach it at ``t`` (a chiller trip throttles GPUs to half speed: ``gpu.throttle``);
- ``extra_delay(component, t)`` adds seconds that hold no server (a DNS timeout), after the
  component's service for a station;
- ``power_multiplier(component, t)`` scales a component's power over time.

``Schedule`` (piecewise constant) and ``Slowdowns`` (schedules per component) build them by hand;
``hooks_from_modifiers`` builds them from the flow simulation's fault modifiers.

Deterministic per seed: arrivals and each station draw from their own stream of one
``numpy.random.SeedSequence``, and each request keeps its own service draws whatever the order,
so two runs that differ only in a fault see the same requests needing the same work.

The package, by seam: ``model`` (inputs and results), ``run`` (planning, arrivals, the
vectorised run), ``flow`` (a flow's hops as stages; fault modifiers as hooks). Everything is
importable from ``desktop.core.sim.load``; ``desktop.core.sim.utilisation`` drives it by ρ.
"""
from __future__ import annotations

from desktop.core.sim.load.flow import (TRANSIT_RULES, components_of, elements_for_flow, hooks_from_modifiers,
                                        hop_queues)
from desktop.core.sim.load.model import (DEFAULT_TARGET_UTILISATION, DEFAULT_TIMEOUT_S, IDLE_FIGURE,
                                         PERCENTILES, PUE_FIGURE, WAIT_PERCENTILES, ArrivalHook,
                                         ComponentHook, Element, LoadConfig, LoadResult, Parallel,
                                         Schedule, Slowdowns, Stage, StationResult)
from desktop.core.sim.load.run import arrival_times, plan, run_load, size_servers, unloaded_time

__all__ = [
    "ArrivalHook", "ComponentHook", "DEFAULT_TARGET_UTILISATION", "DEFAULT_TIMEOUT_S", "Element",
    "IDLE_FIGURE", "LoadConfig", "LoadResult", "PERCENTILES", "PUE_FIGURE", "Parallel", "Schedule",
    "Slowdowns", "Stage", "StationResult", "TRANSIT_RULES", "WAIT_PERCENTILES", "arrival_times",
    "components_of", "elements_for_flow", "hooks_from_modifiers", "hop_queues", "plan", "run_load",
    "size_servers", "unloaded_time",
]
