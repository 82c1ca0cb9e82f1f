"""What the column lights, kept per source so that no source overwrites another.

The selection, the flow's current hop, a fault's leak path and strike points, the lesson
step's highlight, a lens and the spotlight each own one set of refs. The column composes them
(``flag_refs``): turning a lens off clears only the lens's refs, so a fault's leak path and a
lesson's highlight stay lit.
"""
from __future__ import annotations

from collections.abc import Iterable

from desktop.app.events import Event

# source -> the visual flag its refs carry on the column
SOURCES: dict[str, str] = {
    "selection": "selected",
    "flow": "active",
    "fault": "highlighted",
    "fault-strike": "struck",
    "lesson": "highlighted",
    "lens": "highlighted",
}
FLAGS: tuple[str, ...] = tuple(dict.fromkeys(SOURCES.values()))


class Highlights:
    def __init__(self) -> None:
        self._by_source: dict[str, frozenset[str]] = {s: frozenset() for s in SOURCES}
        self.changed = Event("highlights")

    def set(self, source: str, refs: Iterable[str]) -> None:
        if source not in SOURCES:
            raise KeyError(f"unknown highlight source '{source}' (known: {', '.join(SOURCES)})")
        new = frozenset(refs)
        if new != self._by_source[source]:
            self._by_source[source] = new
            self.changed.emit(source)

    def clear(self, source: str) -> None:
        self.set(source, ())

    def get(self, source: str) -> frozenset[str]:
        return self._by_source[source]

    def flag_refs(self, flag: str) -> frozenset[str]:
        """Every ref that carries ``flag``: the union over the sources that map to it."""
        out: set[str] = set()
        for source, refs in self._by_source.items():
            if SOURCES[source] == flag:
                out |= refs
        return frozenset(out)
