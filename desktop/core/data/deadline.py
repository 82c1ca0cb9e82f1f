"""Read with a time limit: no file, folder or disk can freeze the window.

The safe reader (``source.parse_file``) already refuses what could run for ever (FIFOs, devices,
huge files, alias bombs); but the user's lessons folder may sit on a network share that stops
answering, or hold a thousand files. ``read_with_deadline`` runs a reading function on a worker
thread and waits at most ``timeout`` seconds; ``BackgroundRead`` starts one without waiting, for
a UI that polls (a ``QTimer`` calling ``done()``). A worker still running at the deadline is
left to finish on its own (a daemon thread: it never keeps the app from quitting) and its result
is dropped. Qt-free, so the core and its tests can use it.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

USER_LIBRARY_SECONDS = 5.0     # how long the Lessons tab waits for the user's own lessons


@dataclass
class Outcome:
    """What a timed read gave: ``value`` if it ``finished``, else ``error`` or a timeout."""

    finished: bool = False
    value: Any = None
    error: BaseException | None = None
    seconds: float = 0.0

    @property
    def timed_out(self) -> bool:
        return not self.finished and self.error is None


class BackgroundRead:
    """``func(*args, **kwargs)`` on a daemon thread; poll ``done()``, then read ``outcome()``."""

    def __init__(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        self._result = Outcome()
        self._started = time.monotonic()
        self._finished = threading.Event()

        def run() -> None:
            try:
                value = func(*args, **kwargs)
            except BaseException as exc:  # noqa: BLE001 (reported to the caller, never lost)
                self._result = Outcome(False, None, exc, time.monotonic() - self._started)
            else:
                self._result = Outcome(True, value, None, time.monotonic() - self._started)
            finally:
                self._finished.set()

        self._thread = threading.Thread(target=run, name="stackscope-read", daemon=True)
        self._thread.start()

    def done(self) -> bool:
        return self._finished.is_set()

    def elapsed(self) -> float:
        return time.monotonic() - self._started

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds; True if the read finished."""
        return self._finished.wait(max(0.0, timeout))

    def outcome(self) -> Outcome:
        """The result so far: unfinished (a timeout) until ``done()``."""
        if self.done():
            return self._result
        return Outcome(False, None, None, self.elapsed())


def read_with_deadline(func: Callable[..., Any], *args: Any, timeout: float, **kwargs: Any) -> Outcome:
    """Run ``func`` off the calling thread and wait at most ``timeout`` seconds for it."""
    job = BackgroundRead(func, *args, **kwargs)
    job.wait(timeout)
    return job.outcome()


def load_lessons_with_deadline(folders: Iterable[str | Path], *,
                               timeout: float = USER_LIBRARY_SECONDS) -> tuple[list, list]:
    """``lessons.load_all(folders)`` within ``timeout`` seconds; past it (or on an error) the
    shipped lessons alone, plus a located problem that says why the user's were skipped."""
    from desktop.core.data.problems import Problem
    from desktop.core.learn.lessons import load_all

    folders = [str(f) for f in folders]
    outcome = read_with_deadline(load_all, folders, timeout=timeout)
    if outcome.finished:
        return outcome.value
    lessons, problems = load_all([])
    where = folders[0] if folders else "lessons"
    if outcome.error is not None:
        message = f"your lessons could not be read ({type(outcome.error).__name__}: {outcome.error})"
    else:
        message = (f"reading your lessons took longer than {timeout:g} s, so they were skipped; "
                   f"check the folder for very large files or an unreachable network drive")
    return lessons, sorted([*problems, Problem(where, 1, 1, message)])
