"""Start-up: process start to the main window's first paint, against a bare PySide6 window.

Both are started the same way (a fresh interpreter, offscreen, exit on first paint), alternating
so machine noise hits both alike. Prints both medians and ends with ``startup_ratio: N``
(target ≤ 1.5). Run: ``python benchmarks/startup.py [--runs 7]``.
"""
from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BARE = r"""
import os
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication([])
win = QMainWindow(); win.setCentralWidget(QLabel("bare")); win.resize(1280, 720)
class W(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Paint:
            QTimer.singleShot(0, lambda: (print("first-paint", flush=True), os._exit(0)))
        return False
w = W(); win.centralWidget().installEventFilter(w)
win.show(); app.exec()
"""


def time_once(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - start
    if "first-paint" not in proc.stdout:
        raise SystemExit(f"{cmd} never painted:\n{proc.stdout}\n{proc.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", STACKSCOPE_EXIT_AFTER_PAINT="1",
               STACKSCOPE_HOME=str(ROOT / "build" / "bench-home"))
    # An installed app runs from byte-compiled modules (pip and PyInstaller compile them). This
    # machine sets PYTHONDONTWRITEBYTECODE, which would make every start recompile whatever
    # changed since the last compile; compile once so both sides start from bytecode.
    compileall.compile_dir(str(ROOT / "desktop"), quiet=1)
    app_cmd = [sys.executable, "-m", "desktop"]
    bare_cmd = [sys.executable, "-c", BARE]
    time_once(app_cmd, env), time_once(bare_cmd, env)  # warm the disk cache for both
    app_times, bare_times = [], []
    for _ in range(args.runs):
        app_times.append(time_once(app_cmd, env))
        bare_times.append(time_once(bare_cmd, env))
    app_med, bare_med = statistics.median(app_times), statistics.median(bare_times)
    print(f"runs each: {args.runs}")
    print(f"stackscope first paint (median): {app_med * 1000:.0f} ms  "
          f"[{', '.join(f'{t * 1000:.0f}' for t in app_times)}]")
    print(f"bare QMainWindow first paint (median): {bare_med * 1000:.0f} ms  "
          f"[{', '.join(f'{t * 1000:.0f}' for t in bare_times)}]")
    print(f"startup_ratio: {app_med / bare_med:.2f}")


if __name__ == "__main__":
    main()
