"""The latency waterfall and the one-line comparison."""
from __future__ import annotations

import pytest

from desktop.core.sim.faults import simulate_faults
from desktop.core.sim.flows import flow_ids, load_flow
from desktop.core.sim.simulation import simulate
from desktop.core.sim.waterfall import MAIN_LANE, compare_words, waterfall


@pytest.mark.parametrize("ident", flow_ids())
def test_rows_are_true_time_with_parallel_lanes(ident):
    timeline = simulate(load_flow(ident))
    fall = waterfall(timeline)
    assert len(fall.rows) == len(timeline.events) and fall.lanes[0] == MAIN_LANE
    for row, e in zip(fall.rows, timeline.events):
        assert (row.start_s, row.end_s) == (e.start, e.end)
        assert 0 <= row.share <= 1 and row.lane in fall.lanes
    if any(e.group for e in timeline.events):
        assert len(fall.lanes) > 1


def test_decode_dominates_the_chatbot_and_says_so():
    fall = waterfall(simulate(load_flow("chatbot-prompt")))
    decode = next(r for r in fall.rows if r.hop_id == "decode")
    assert decode.share > 0.9 and decode.caption.endswith(" %") and "9" in decode.caption
    tiny = next(r for r in fall.rows if r.hop_id == "dc-in")
    assert tiny.caption == tiny.label


def test_compare_in_words():
    flow = load_flow("chatbot-prompt")
    base = simulate(flow)
    longer = simulate(flow, {"output_tokens": 500})
    assert compare_words(base, longer).startswith("+4.65 s, all in decode")
    assert compare_words(base, base) == "no change in latency"
    hot = simulate_faults(flow, ["chiller-trip"])
    words = compare_words(base, hot)
    assert words.startswith("+") and "decode" in words
    new = simulate(load_flow("card-payment"), {"connection": "reused"})
    fresh = simulate(load_flow("card-payment"), {"connection": "new"})
    assert "DNS" in compare_words(new, fresh) or "dns" in compare_words(new, fresh).lower()
