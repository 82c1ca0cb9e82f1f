"""The flow's token, trail and glow follow the bands when the column is laid out again."""
from __future__ import annotations


def test_glow_and_token_follow_a_new_layout(window) -> None:
    state, scene = window.state, window.scene
    state.flow.load("netflix-play")
    state.flow.step(1)
    state.flow.step(1)
    overlay = window.binding.overlay
    lit = [n for n, rect in overlay.glow.items() if rect.isVisible()]
    assert lit, "the hop rests on some bands"
    before = {n: scene.bands[n].rect for n in lit}
    scene.layout(scene.size[0] * 0.6, scene.size[1] * 0.8)     # presenter mode, a resize…
    for n in lit:
        assert scene.bands[n].rect != before[n]
        assert overlay.glow[n].rect() == scene.bands[n].rect, n
    token = overlay.tokens[0]
    assert scene.column_rect().contains(token.pos())
    assert token.pos() == overlay.hop_point(state.flow, state.flow.frame().index)
