"""Where a hop rests and how the token travels: ``runs_on`` and the screen path.

A hop runs on one component, and that component runs on others: a pod on a container runtime on
a VM on a server in a powered, cooled hall. ``rests_on`` reads that column off the stack's
dependency graph (``depends_on`` in layers.yaml), so no flow types it in. It follows a
dependency only into the **platform** layers (facility 0 up to data 5) or into the hop's own
layer: a service that *calls* another service (6-8) is a different hop of the flow, drawn as its
own hop, not a layer this hop stands on. So a GPU hop rests on 1 and 0, a switch on 2, 1 and 0,
an API gateway on 6 and everything under it down to 0. A hop on the hardware itself (a GPU's
prefill, an SSD read) is work that software put there: it also rests on the VM or container and
the pod (layers 3 and 4) of the service that drives it, the nearest hop before it above the
network (``hosted_runs_on``). So a GPU prefill rests on 0, 1, 3 and 4.

``screen_path`` turns a timeline into the route a token takes on screen: it moves one band at a
time, never skipping one, and arrives at each hop's band within the first part of that hop, so
a view can ``setPos`` along the waypoints as the clock runs.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

if TYPE_CHECKING:
    from desktop.core.stack.model import Stack

PLATFORM_TOP = 5          # layers 0-5 are what a hop stands on; 6-8 are what it calls
HARDWARE_TOP = 1          # hops on layers 0-1 run inside the software of the service driving them
HOSTING_LAYERS = (3, 4)   # that software's VM or container (3) and pod (4)
NETWORK_LAYER = 2         # hops here carry work between services; they drive nothing
TRAVEL_SHARE = 0.2        # the token spends at most this share of a hop moving into its band


def rests_on(stack: "Stack", component: str) -> tuple[int, ...]:
    """The layer numbers ``component`` rests on, its own included, bottom first."""
    from desktop.core.stack.graph import dependency_graph

    graph = dependency_graph(stack)
    if component not in graph:
        raise KeyError(component)
    own = graph.nodes[component]["layer"]
    seen = {component}
    todo = [component]
    layers = {own}
    while todo:
        node = todo.pop()
        for dep in graph.successors(node):
            layer = graph.nodes[dep]["layer"]
            if dep in seen or not (layer <= PLATFORM_TOP or layer == own):
                continue
            seen.add(dep)
            layers.add(layer)
            todo.append(dep)
    return tuple(sorted(layers))


def hosted_runs_on(hops: Sequence[Any]) -> list[tuple[int, ...]]:
    """``runs_on`` for each hop of a flow, in file order: its own column, and for a hop on the
    hardware (layers 0-1) the hosting layers (3, 4) of the service that drives it."""
    out: list[tuple[int, ...]] = []
    driver: tuple[int, ...] = ()
    for hop in hops:
        own = tuple(hop.runs_on) or (hop.layer,)
        if hop.layer <= HARDWARE_TOP and driver:
            own = tuple(sorted(set(own) | (set(driver) & set(HOSTING_LAYERS))))
        elif hop.layer > NETWORK_LAYER:           # above the network: a service that drives work
            driver = own
        out.append(own)
    return out


@dataclass(frozen=True)
class Waypoint:
    """The token is in band ``layer`` at time ``t``; ``event`` is the hop it is heading for or
    running (its index in the timeline), ``passing`` marks a band it only crosses."""

    t: float
    layer: int
    event: int
    passing: bool = False


def screen_path(timeline: Any) -> list[Waypoint]:
    """The token's route through the bands for a timeline, one band per step.

    The token follows the critical path (the hops the user waits for; a parallel lane that
    finishes early runs beside it). Between two hops it passes every band in between, spread
    over the first ``TRAVEL_SHARE`` of the next hop (instant when that hop takes no time), and
    it reaches the hop's band before the hop's middle, so stepping lands it on the hop.
    """
    events: Sequence[Any] = [e for e in timeline.events if getattr(e, "critical", True)]
    out: list[Waypoint] = []
    for e in events:
        if not out:
            out.append(Waypoint(e.start, e.layer, e.index))
            continue
        here = out[-1].layer
        step = 1 if e.layer > here else -1
        between = list(range(here + step, e.layer, step)) if e.layer != here else []
        travel = TRAVEL_SHARE * max(e.end - e.start, 0.0)
        n = len(between) + 1
        for k, layer in enumerate(between, start=1):
            out.append(Waypoint(e.start + travel * k / n, layer, e.index, passing=True))
        out.append(Waypoint(e.start + travel, e.layer, e.index))
    return out


def token_at(path: Sequence[Waypoint], t: float) -> float:
    """The token's band at time ``t`` as a fractional layer (linear between waypoints), for a
    view that animates it smoothly."""
    if not path:
        return 0.0
    if t <= path[0].t:
        return float(path[0].layer)
    for a, b in zip(path, path[1:]):
        if a.t <= t < b.t:
            share = (t - a.t) / (b.t - a.t) if b.t > a.t else 1.0
            return a.layer + (b.layer - a.layer) * share
    return float(path[-1].layer)
