"""The waterfall and PDU widgets on their own, fed plain core data."""
from __future__ import annotations

import pytest

from desktop.core.sim.faults import simulate_faults
from desktop.core.sim.flows import load_flow
from desktop.core.sim.simulation import simulate
from desktop.core.sim.waterfall import waterfall
from desktop.ui.pdu_view import PduView
from desktop.ui.waterfall import WaterfallView, compare, nice_step


@pytest.fixture
def chat():
    return simulate(load_flow("chatbot-prompt"))


def test_waterfall_draws_one_bar_per_hop_in_true_time(qtbot, chat):
    view = WaterfallView(colours={"cursor": "#FF0000"})
    qtbot.addWidget(view)
    view.resize(800, 400)
    fall = waterfall(chat)
    view.set_waterfall(fall)
    assert len(view.bars) == len(fall.rows)
    decode = next(i for i, r in enumerate(fall.rows) if r.hop_id == "decode")
    prefill = next(i for i, r in enumerate(fall.rows) if r.hop_id == "prefill")
    ratio = view.bars[decode].rect().width() / view.bars[prefill].rect().width()
    assert ratio == pytest.approx(fall.rows[decode].duration_s / fall.rows[prefill].duration_s, rel=0.01)
    assert "%" in view.labels[decode].text()


def test_cursor_moves_and_zoom_keeps_the_items(qtbot, chat):
    view = WaterfallView()
    qtbot.addWidget(view)
    view.set_waterfall(waterfall(chat))
    bars = list(view.bars)
    view.set_now(1.0)
    x1 = view.cursor_line.line().x1()
    view.set_now(2.0)
    assert view.cursor_line.line().x1() > x1
    before = view.px_per_s
    view.zoom(4.0, anchor_t=2.0)
    assert view.px_per_s == pytest.approx(4 * before)
    assert view.bars == bars                               # persistent: moved, not rebuilt
    assert view.x_of(2.0) == pytest.approx(view.cursor_line.line().x1())
    view.show_range(0.005, 0.0055)                         # the microsecond hops
    assert view.px_per_s > 1e5
    assert nice_step(1.0) == pytest.approx(0.2) and nice_step(7e-6) == pytest.approx(1e-6)


def test_compare_shows_both_runs_and_the_difference_in_words(qtbot, chat):
    view = WaterfallView()
    qtbot.addWidget(view)
    hot = simulate_faults(load_flow("chatbot-prompt"), ["chiller-trip"])
    compare(view, chat, hot)
    assert view.words.text().startswith("+") and "decode" in view.words.text()
    assert sum(g.isVisible() for g in view.ghosts) == len(view.bars)


def test_pdu_view_lists_headers_with_osi_numbers(qtbot):
    view = PduView()
    qtbot.addWidget(view)
    timeline = simulate(load_flow("netflix-play"), {"connection": "new"})
    wire = next(e for e in timeline.events if e.hop_id == "fibre-in")
    view.set_pdu(wire.pdu, wire.label)
    assert view.headers() == [(2, "Ethernet"), (3, "IPv6"), (4, "TCP"), (6, "TLS 1.3"), (7, "HTTP/2")]
    ip = view.tree.topLevelItem(1)
    fields = {ip.child(i).text(1): ip.child(i).text(2) for i in range(ip.childCount())}
    assert "hop limit (TTL)" in fields and fields["destination"].startswith("2001:db8")
    assert not view.tree.isHidden() and view.empty.isHidden()
    view.set_pdu(wire.to_dict()["pdu"])                     # the JSON form works too
    assert len(view.headers()) == 5
    view.set_pdu(())
    assert view.tree.isHidden() and not view.empty.isHidden()
