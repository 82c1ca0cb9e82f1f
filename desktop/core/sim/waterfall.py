"""The latency waterfall: where one request's time goes, in true simulated time.

A waterfall (a Gantt chart of hops against time) shows what a log-scale bar chart hides: a
4.65 s decode is two hundred times as long as a 20 ms hop, and the chiller trip's extra seconds
appear where they are spent. ``waterfall`` turns a timeline into rows a view draws as bars,
with parallel lanes as parallel rows; ``compare_words`` says in one line what changed between
two runs ("+5.0 s, all in decode"). Qt-free, so the app state can compute them off the UI thread.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.core.data.units import format_seconds

MAIN_LANE = "main"
LABEL_SHARE = 0.05        # a bar names its share of the time when it is at least this much
ALL_IN = 0.95             # "all in decode" when one hop holds at least this share of a change
MOSTLY_IN = 0.6           # "mostly in decode" from here
SAME_S = 1e-9             # differences below a nanosecond are rounding, not change


@dataclass(frozen=True)
class Row:
    """One bar: a hop from ``start_s`` to ``end_s`` in its lane, and its share of the run."""

    index: int
    hop_id: str
    label: str
    layer: int
    lane: str
    start_s: float
    end_s: float
    share: float
    critical: bool

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    @property
    def caption(self) -> str:
        """``'Decode 92 %'`` for a bar that matters, else just the label."""
        return f"{self.label} {self.share:.0%}".replace("%", " %") if self.share >= LABEL_SHARE else self.label


@dataclass(frozen=True)
class Waterfall:
    rows: tuple[Row, ...]
    lanes: tuple[str, ...]        # in the order a view stacks them, main first
    end_s: float
    latency_s: float

    def lane_of(self, row: Row) -> int:
        return self.lanes.index(row.lane)

    def to_dict(self) -> dict[str, Any]:
        return {"end_s": self.end_s, "latency_s": self.latency_s, "lanes": list(self.lanes),
                "rows": [{"index": r.index, "hop": r.hop_id, "label": r.label, "layer": r.layer,
                          "lane": r.lane, "start_s": r.start_s, "end_s": r.end_s, "share": r.share,
                          "critical": r.critical, "caption": r.caption} for r in self.rows]}


def _lane(event: Any) -> str:
    if event.group is None:
        return MAIN_LANE
    return f"{event.group}/{event.lane or event.hop_id}"


def waterfall(timeline: Any) -> Waterfall:
    """Rows for every event of ``timeline``; share is the hop's time over the whole run."""
    total = timeline.end_s
    lanes: list[str] = [MAIN_LANE]
    rows: list[Row] = []
    for e in timeline.events:
        lane = _lane(e)
        if e.critical and e.group is not None and lane not in lanes:
            lanes.insert(1, lane)           # the lane the user waits for sits next to main
        elif lane not in lanes:
            lanes.append(lane)
        rows.append(Row(e.index, e.hop_id, e.label, e.layer, lane, e.start, e.end,
                        (e.end - e.start) / total if total > 0 else 0.0, e.critical))
    return Waterfall(tuple(rows), tuple(lanes), total, timeline.latency_s)


def short_label(label: str) -> str:
    """``'Decode, one token at a time'`` → ``'decode'``: a hop's name inside a sentence."""
    head = label.split(",")[0].strip()
    return head[:1].lower() + head[1:] if head[1:2].islower() else head


def _signed(seconds: float) -> str:
    return ("+" if seconds >= 0 else "−") + format_seconds(abs(seconds))


def changes(before: Any, after: Any) -> list[tuple[str, float]]:
    """(hop label, seconds it gained on the critical path) for every hop that changed, biggest
    first; hops only in one run count in full (added or skipped)."""
    old = {e.hop_id: e for e in before.events}
    new = {e.hop_id: e for e in after.events}
    out: dict[str, tuple[str, float]] = {}
    for hop, e in new.items():
        was = old.get(hop)
        delta = e.latency_s - (was.latency_s if was is not None else 0.0)
        if abs(delta) > SAME_S:
            out[hop] = (e.label, delta)
    for hop, e in old.items():
        if hop not in new and e.latency_s > SAME_S:
            out[hop] = (e.label, -e.latency_s)
    return sorted(out.values(), key=lambda lv: -abs(lv[1]))


def compare_words(before: Any, after: Any) -> str:
    """What changed from ``before`` to ``after`` in one line: ``'+5.0 s, all in decode'``,
    ``'+0.4 s, mostly in Prefill (80 %)'``, ``'+20 ms: DNS lookup +12 ms, TCP handshake +8 ms'``,
    or ``'no change in latency'``."""
    delta = after.latency_s - before.latency_s
    moved = changes(before, after)
    if abs(delta) <= SAME_S and not moved:
        return "no change in latency"
    head = _signed(delta)
    if not moved:
        return head
    label, biggest = moved[0]
    total = sum(abs(s) for _l, s in moved) or 1.0
    share = abs(biggest) / total
    if share >= ALL_IN:
        return f"{head}, all in {short_label(label)}"
    if share >= MOSTLY_IN:
        return f"{head}, mostly in {short_label(label)} ({share:.0%})".replace("%)", " %)")
    parts = ", ".join(f"{short_label(lab)} {_signed(s)}" for lab, s in moved[:3])
    return f"{head}: {parts}"
