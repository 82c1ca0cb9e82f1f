"""Frame pacing: play a flow in presenter mode at 1920×1080 and measure frame intervals.

Runs the real main window offscreen in presenter mode (projector type, larger column), resized
to 1920×1080, with the flow panel showing the waterfall, and drives playback from the column's
own 60 Hz timer for ``--seconds`` of wall time. Each frame does what a class sees: the clock
advances, the token travels band by band, the trail and the glow change when the hop changes,
the waterfall's now cursor and the energy plot's cursor move; Qt paints in between. A baseline
in the same run times the same 16 ms timer doing no work, so machine noise is visible. Ends
with ``frame_p95_ms: N`` (target ≤ 17 on 2 cores).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:      # run from a checkout without installing it, as the others are
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def percentiles(intervals: list[float]) -> tuple[float, float, float]:
    a = np.asarray(intervals) * 1e3
    return tuple(float(np.percentile(a, q)) for q in (50, 95, 99))  # type: ignore[return-value]


def run_baseline(app, seconds: float) -> list[float]:
    from PySide6.QtCore import QTimer, Qt

    stamps: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.PreciseTimer)
    timer.setInterval(16)
    timer.timeout.connect(lambda: stamps.append(time.perf_counter()))
    end = time.perf_counter() + seconds
    timer.start()
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.0005)
    timer.stop()
    return list(np.diff(stamps))


def run_flow(app, seconds: float, flow: str) -> tuple[list[float], int]:
    from desktop.core.stack.reader import load_with_fallback
    from desktop.ui.mainwindow import MainWindow

    stack, _ = load_with_fallback(None)
    window = MainWindow(stack, theme_name="light", remember=False)
    window.install_panels()
    window.show()
    window.show_panel("flow")
    window.presenter.enter(fullscreen=False)
    window.resize(1920, 1080)
    app.processEvents()
    run = window.state.flow
    run.load(flow)
    panel = window.panel("flow")
    panel.show_view("time")
    panel.waterfall.zoom(4.0)      # zoomed in: the cursor pages the view along as it plays
    overlay = window.binding.overlay
    seen = {"trail": 0, "glow": 0, "pages": 0}
    t0 = [panel.waterfall.t0]

    def check(_frame) -> None:   # the new visuals are really drawn during the measurement
        seen["trail"] += any(item.isVisible() for item in overlay.trail)
        seen["glow"] += any(rect.isVisible() for rect in overlay.glow.values())
        if panel.waterfall.t0 != t0[0]:
            seen["pages"] += 1
            t0[0] = panel.waterfall.t0

    run.events.frame.connect(check)
    stamps: list[float] = []
    # Each frame event is drawn by the column (tokens) and the plots (cursor) before it returns.
    run.events.frame.connect(lambda _f: stamps.append(time.perf_counter()))
    loops = 0
    end = time.perf_counter() + seconds
    run.play()
    while time.perf_counter() < end:
        if not run.playing:  # loop the flow for the whole measurement
            run.restart()
            loops += 1
        app.processEvents()
        time.sleep(0.0005)
    run.pause()
    intervals = [b - a for a, b in zip(stamps, stamps[1:]) if b - a < 1.0]
    window.presenter.leave()
    window.close()
    run_flow.seen = seen  # type: ignore[attr-defined]
    return intervals, loops


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--flow", default="netflix-play")
    args = parser.parse_args()
    from desktop.ui.app import make_app

    app = make_app()
    base = run_baseline(app, min(3.0, args.seconds))
    intervals, loops = run_flow(app, args.seconds, args.flow)
    b50, b95, b99 = percentiles(base)
    p50, p95, p99 = percentiles(intervals)
    dropped = sum(int(i * 1e3 // 16.7) - 1 for i in intervals if i * 1e3 > 2 * 16.7)
    print(f"baseline empty 16 ms timer: p50 {b50:.1f} ms, p95 {b95:.1f} ms, p99 {b99:.1f} ms ({len(base)} ticks)")
    seen = run_flow.seen  # type: ignore[attr-defined]
    print(f"drawn during the run: trail on {seen['trail']} frames, glow on {seen['glow']}, "
          f"waterfall paged {seen['pages']} times")
    print(f"{args.flow} in presenter mode at 1920x1080: {len(intervals)} frames in {args.seconds:g} s ({loops} restarts): "
          f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms, dropped frames {dropped}")
    print(f"frame_p95_ms: {p95:.1f}")


if __name__ == "__main__":
    main()
