"""The component dependency graph and its blast radius.

An edge ``a -> b`` means "a depends on b". Faults strike a component and climb: everything that
transitively depends on it is in its blast radius (``desktop.core.sim.faults.leak`` reads the
seams off it), and a hop rests on what its component depends on (``desktop.core.sim.path``).
networkx keeps this honest and short; the graph is built once per ``Stack``.
"""
from __future__ import annotations

from functools import lru_cache

import networkx as nx

from desktop.core.stack.model import Stack


@lru_cache(maxsize=8)
def dependency_graph(stack: Stack) -> nx.DiGraph:
    graph = nx.DiGraph()
    for comp in stack.components:
        graph.add_node(comp.id, layer=comp.layer)
    for comp in stack.components:
        for dep in comp.depends_on:
            graph.add_edge(comp.id, dep)
    return graph


def dependents(stack: Stack, component: str) -> set[str]:
    """Every component that depends on ``component``, directly or through others."""
    graph = dependency_graph(stack)
    if component not in graph:
        raise KeyError(component)
    return set(nx.ancestors(graph, component))


def blast_radius(stack: Stack, component: str) -> dict[int, list[str]]:
    """What above depends on this, grouped by layer number (the struck layer included)."""
    hit = dependents(stack, component) | {component}
    by_layer: dict[int, list[str]] = {}
    for comp in stack.components:
        if comp.id in hit:
            by_layer.setdefault(comp.layer, []).append(comp.id)
    return dict(sorted(by_layer.items()))
