"""Keyboard navigation over the column, as pure functions of the model.

Up/Down move between layers (or between OSI sub-layers / components inside one layer),
Right enters a layer (its OSI sub-column for layer 2, else its components), Left leaves back to
the layer. Keeping this Qt-free lets the tests cover every move without a window, and lets a
lesson or a clicker reuse the same rules.
"""
from __future__ import annotations

from desktop.core.stack.model import Component, Layer, OsiLayer, Seam, Stack


def _children(stack: Stack, layer: Layer) -> list[str]:
    if layer.number == 2:
        return [o.ref for o in stack.osi] + [c.ref for c in layer.components]
    return [c.ref for c in layer.components]


def _parent(stack: Stack, ref: str) -> Layer | None:
    item = stack.find(ref)
    if isinstance(item, Component):
        return stack.layer(item.layer)
    if isinstance(item, OsiLayer):
        return stack.layer(2)
    return None


def move(stack: Stack, current: str | None, key: str) -> str | None:
    """The reference selected after pressing ``key`` (up, down, left, right) on ``current``."""
    item = stack.find(current) if current else None
    layers = list(stack.layers)
    if item is None:
        if key in ("up", "down"):
            return layers[0].ref if key == "up" else layers[-1].ref
        return current
    if isinstance(item, Seam):
        lower = stack.layer(item.lower)
        return stack.layer(item.upper).ref if key == "up" else lower.ref
    if isinstance(item, Layer):
        i = layers.index(item)
        if key == "up":
            return layers[min(i + 1, len(layers) - 1)].ref
        if key == "down":
            return layers[max(i - 1, 0)].ref
        if key == "right":
            kids = _children(stack, item)
            return kids[0] if kids else item.ref
        return item.ref
    parent = _parent(stack, current)  # an OSI sub-layer or a component
    if parent is None:
        return current
    if key == "left":
        return parent.ref
    siblings = _children(stack, parent)
    if isinstance(item, OsiLayer):
        # OSI runs bottom (1) to top (7): Up climbs the sub-column; Right jumps to components.
        osi_refs = [o.ref for o in stack.osi]
        i = osi_refs.index(current)
        if key == "up":
            return osi_refs[min(i + 1, len(osi_refs) - 1)]
        if key == "down":
            return osi_refs[max(i - 1, 0)]
        comps = [c.ref for c in parent.components]
        return comps[0] if comps else current
    comps = [s for s in siblings if s.startswith("component:")]
    i = comps.index(current)
    if key in ("down", "right"):
        return comps[min(i + 1, len(comps) - 1)]
    if key == "up":
        return comps[max(i - 1, 0)]
    return current
