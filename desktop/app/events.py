"""Plain-Python events for the application state (napari's ``EmitterGroup`` idea, Qt-free).

Views connect callbacks to the events they draw; the state emits after it has changed, so a
callback always reads a consistent state. A callback that raises is logged and skipped: one
broken view must not stop the others from drawing (and never puts a dialog in front of a
class); tests turn any such log record into a failure.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

Callback = Callable[..., Any]
_log = logging.getLogger("stackscope")


class Event:
    """One kind of change; ``connect`` a callback, ``emit`` calls each in order."""

    __slots__ = ("name", "_callbacks", "_blocked")

    def __init__(self, name: str) -> None:
        self.name = name
        self._callbacks: list[Callback] = []
        self._blocked = 0

    def connect(self, callback: Callback) -> Callback:
        if callback not in self._callbacks:
            self._callbacks.append(callback)
        return callback

    def disconnect(self, callback: Callback) -> None:
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def emit(self, *args: Any) -> None:
        if self._blocked:
            return
        for callback in list(self._callbacks):
            try:
                callback(*args)
            except Exception:  # noqa: BLE001 - a view's bug is logged, the others still draw
                _log.exception("a view failed to handle the '%s' event", self.name)

    def __len__(self) -> int:
        return len(self._callbacks)


class Events:
    """A named group of events: ``Events("selection", "lens")`` gives ``.selection`` and ``.lens``."""

    def __init__(self, *names: str) -> None:
        for name in names:
            setattr(self, name, Event(name))
        self._names = names

    def __iter__(self):
        return (getattr(self, name) for name in self._names)
