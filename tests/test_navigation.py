"""Keyboard moves over the column, without Qt."""
from __future__ import annotations

from desktop.core.stack.navigation import move


def test_up_down_between_layers(stack) -> None:
    assert move(stack, None, "up") == "layer:facility"
    assert move(stack, "layer:facility", "up") == "layer:hardware"
    assert move(stack, "layer:agents", "up") == "layer:agents"
    assert move(stack, "layer:hardware", "down") == "layer:facility"


def test_right_enters_osi_in_layer_2_then_climbs_it(stack) -> None:
    assert move(stack, "layer:network", "right") == "osi:1"
    assert move(stack, "osi:1", "up") == "osi:2"
    assert move(stack, "osi:7", "up") == "osi:7"
    assert move(stack, "osi:3", "left") == "layer:network"
    first_comp = stack.layer("network").components[0].ref
    assert move(stack, "osi:3", "right") == first_comp


def test_components_and_back(stack) -> None:
    comps = [c.ref for c in stack.layer("hardware").components]
    assert move(stack, "layer:hardware", "right") == comps[0]
    assert move(stack, comps[0], "down") == comps[1]
    assert move(stack, comps[1], "up") == comps[0]
    assert move(stack, comps[1], "left") == "layer:hardware"


def test_seam_moves_to_its_layers(stack) -> None:
    assert move(stack, "seam:2-3", "up") == "layer:compute"
    assert move(stack, "seam:2-3", "down") == "layer:network"
