"""Lenses: other ways people slice the same stack, mapped onto our nine layers.

OSI and TCP/IP slice only layer 2; the "AI cake", the 7 Layer DIP and the open-source AI stack
slice the whole column more coarsely. Each lens is data (assets/lenses.yaml) with its credit, so
the column can draw it as brackets and the inspector can say whose idea it is.
"""
from __future__ import annotations

from functools import lru_cache

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import resources
from desktop.core.data.problems import Problem, or_raise

if TYPE_CHECKING:
    from desktop.core.catalog import Known
    from desktop.core.data.source import Document, Reader

INSIDE_NETWORK = ("osi", "tcpip")   # these lenses subdivide layer 2 only


@dataclass(frozen=True)
class Band:
    name: str
    from_layer: int
    to_layer: int
    note: str


@dataclass(frozen=True)
class Lens:
    id: str
    name: str
    credit: str
    description: str
    bands: tuple[Band, ...]

    @property
    def inside_network(self) -> bool:
        return all(b.from_layer == b.to_layer == 2 for b in self.bands)


def _band(r: "Reader", _pos) -> Band:
    lo, hi = r.integer("from_layer", -1), r.integer("to_layer", -1)
    for key, value in (("from_layer", lo), ("to_layer", hi)):
        if r.has(key) and not 0 <= value <= 8:
            r.problem(key, f"{r.where}.{key}: expected a stack layer 0-8, found {value}")
    if 0 <= lo <= 8 and 0 <= hi <= 8 and hi < lo:
        r.problem("to_layer", f"{r.where}: to_layer ({hi}) is below from_layer ({lo})")
    return Band(r.text("name"), lo, hi, r.text("note", required=False))


def _lens(r: "Reader", _pos) -> Lens:
    from desktop.core.data.source import map_list

    bands = tuple(map_list(r, "bands", _band))
    lens = Lens(r.text("id"), r.text("name"), r.text("credit"), r.text("description"), bands)
    if bands and not lens.inside_network:
        # Whole-column lenses are drawn as brackets: ascending and never overlapping.
        for (prev, cur), (_n, pos, where) in zip(zip(bands, bands[1:]), r.items("bands")[1:]):
            if cur.from_layer <= prev.to_layer:
                r.doc.problem(pos, f"{where}: bands must climb the stack without overlapping; "
                                   f"'{cur.name}' starts at layer {cur.from_layer}, "
                                   f"inside '{prev.name}' (to layer {prev.to_layer})")
    return lens


def read_lenses(doc: "Document", known: "Known | None" = None) -> list[Lens] | None:
    from desktop.core.data.source import Reader, check_unique, map_list

    if doc.data is None:
        return None
    top = Reader(doc, doc.data, "lenses.yaml")
    top.integer("version", 1)
    lenses = map_list(top, "lenses", _lens)
    check_unique(doc, ((l.id, p) for l, (_n, p, _w) in zip(lenses, top.items("lenses"))), "lens")
    top.done()
    return None if doc.problems else lenses


def default_path() -> Path:
    return resources.path("assets", "lenses.yaml")


def load_lenses(path: str | Path | None = None) -> tuple[list[Lens] | None, list[Problem]]:
    from desktop.core.data.source import parse_file

    doc = parse_file(path or default_path())
    return read_lenses(doc), sorted(doc.problems)


@lru_cache(maxsize=1)
def shipped_lenses() -> list[Lens]:
    """The lenses shipped with the app, loaded once; raises DataError if the file is broken."""
    return or_raise(*load_lenses())


def lens_ids() -> list[str]:
    return [l.id for l in shipped_lenses()]


def get_lens(ident: str) -> Lens:
    for lens in shipped_lenses():
        if lens.id == ident:
            return lens
    raise KeyError(f"no lens '{ident}' (known: {', '.join(lens_ids())})")
