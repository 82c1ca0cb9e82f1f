"""Run long work (a load sweep) on Qt's thread pool and hand the result back on the UI thread.

The application state is Qt-free and calls ``runner(work, done)``; this is the runner the window
gives it. ``work`` must not touch widgets; ``done`` runs on the UI thread through a queued
signal, so views redraw safely.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], done: Callable[[Any], None], relay: ThreadRunner) -> None:
        super().__init__()
        self.work, self.done, self.relay = work, done, relay

    def run(self) -> None:
        try:
            result = self.work()
        except Exception:  # noqa: BLE001 - logged; the view keeps what it had
            logging.getLogger("stackscope").exception("background work failed")
            return
        self.relay.finished.emit(self.done, result)


class ThreadRunner(QObject):
    finished = Signal(object, object)   # (done callback, result), delivered on the UI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.finished.connect(lambda done, result: done(result))
        self.pool = QThreadPool.globalInstance()

    def __call__(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self.pool.start(_Job(work, done, self))

    def wait(self, msecs: int = 30000) -> bool:
        """Tests and ``render``: let queued work finish (then process events to deliver it)."""
        return self.pool.waitForDone(msecs)
