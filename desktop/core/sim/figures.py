"""Sourced figures as data: every constant the simulation uses, by name, with its source.

Rules in flows, faults and the scale model name figures (``dean-norvig.dc_rtt``) rather than
hold numbers, so the Sources view, the inspector's hover text and the tests all see the same
value and citation. Grade C figures are engineering estimates and the UI labels them so.

Every figure also carries the ``year`` it describes (not the year it was looked up): a student
reads "0.5 ms round trip" very differently once it says "(2009)". ``dated`` is the one helper
every text surface uses to put the year beside a number once it is older than ``STALE_YEARS``.
"""
from __future__ import annotations

from functools import lru_cache

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from desktop import resources
from desktop.core.data.problems import Problem, or_raise
from desktop.core.data.source import Document, Reader, check_unique, map_list, parse_file, suggest

GRADES = ("A", "B", "C")
YEAR_RANGE = (1950, 2100)        # a year outside this is a typo, not a measurement
STALE_YEARS = 5                  # older than this, the year is shown beside the number
REFERENCE_YEAR = 2026            # "now" for staleness: the year this table was last reviewed


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    grade: str
    source: str
    layer: int
    year: int = 0                # the year the figure describes
    note: str = ""
    low: float | None = None
    high: float | None = None

    @property
    def estimate(self) -> bool:
        return self.grade == "C"

    def cite(self) -> str:
        """A one-line citation for tooltips and exports."""
        tag = " (estimate)" if self.estimate else ""
        return f"{self.name} = {self.value:g} {self.unit}{tag} — {self.dated_source()} [grade {self.grade}]"

    def dated_source(self) -> str:
        """The source with the year the figure describes, unless the source already names it."""
        if not self.year or str(self.year) in self.source:
            return self.source
        return f"{self.source} ({self.year})"

    def stale(self, now: int = REFERENCE_YEAR) -> bool:
        """True when the figure describes a year more than ``STALE_YEARS`` before ``now``."""
        return bool(self.year) and now - self.year > STALE_YEARS


def dated(figure: Figure, text: str | None = None, *, now: int = REFERENCE_YEAR) -> str:
    """``text`` (default: the figure's value and unit) with "(year)" appended when it is old.

    Qt-free so the inspector, the Sources dialog, the CLI and exports all show the same thing:
    ``dated(f)`` → "0.0005 s (2009)" for ``dean-norvig.dc_rtt``, "1.54 ratio" for a 2025 figure.
    """
    body = text if text is not None else f"{figure.value:g} {figure.unit}"
    return f"{body} ({figure.year})" if figure.stale(now) else body


def dated_name(figures: "Figures", name: str, *, now: int = REFERENCE_YEAR) -> str:
    """A figure's name, with its year when it is old: ``dean-norvig.dc_rtt (2009)``."""
    return dated(figures.get(name), name, now=now) if name in figures else name


class Figures:
    """A name → Figure table; ``figures["h100.tdp"]`` is the number, ``figures.get(name)`` the figure."""

    def __init__(self, items: list[Figure], source: str = "") -> None:
        self._by_name = {f.name: f for f in items}
        self.source = source

    def __getitem__(self, name: str) -> float:
        return self._by_name[name].value

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[Figure]:
        return iter(self._by_name.values())

    def __len__(self) -> int:
        return len(self._by_name)

    def get(self, name: str) -> Figure:
        return self._by_name[name]

    def names(self) -> list[str]:
        return list(self._by_name)


def _figure(r: Reader, _pos: tuple[int, int]) -> Figure:
    grade = r.text("grade")
    r.get("year", object, None, required=False)   # h13: tolerated until h15's year field lands
    if grade and grade not in GRADES:
        r.problem("grade", f"{r.where}.grade: expected one of A, B, C, found '{grade}'")
    layer = r.integer("layer")
    if not 0 <= layer <= 8:
        r.problem("layer", f"{r.where}.layer: expected a stack layer 0-8, found {layer}")
    year = r.integer("year")
    if r.has("year") and not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        r.problem("year", f"{r.where}.year: expected the year the figure describes "
                          f"({YEAR_RANGE[0]}-{YEAR_RANGE[1]}), found {year}")
    low = r.number("low", required=False) if r.has("low") else None
    high = r.number("high", required=False) if r.has("high") else None
    if low is not None and high is not None and low > high:
        r.problem("low", f"{r.where}: low ({low:g}) is above high ({high:g})")
    value = r.number("value")
    if (low is not None and value < low) or (high is not None and value > high):
        r.problem("value", f"{r.where}.value: {value:g} lies outside its own band "
                           f"({'' if low is None else f'{low:g}'}-{'' if high is None else f'{high:g}'})")
    return Figure(name=r.text("name"), value=value, unit=r.text("unit"), grade=grade,
                  source=r.text("source"), layer=layer, year=year, note=r.text("note", required=False),
                  low=low, high=high)


def read_figures(doc: Document) -> Figures | None:
    if doc.data is None:
        return None
    top = Reader(doc, doc.data, "figures.yaml")
    top.integer("version", 1)
    items = map_list(top, "figures", _figure)
    check_unique(doc, ((f.name, p) for f, (_n, p, _w) in zip(items, top.items("figures"))), "figure")
    top.done()
    return None if doc.problems else Figures(items, doc.path)


def default_path() -> Path:
    return resources.path("assets", "figures.yaml")


def load_figures(path: str | Path | None = None) -> tuple[Figures | None, list[Problem]]:
    doc = parse_file(path or default_path())
    figures = read_figures(doc)
    return figures, sorted(doc.problems)


@lru_cache(maxsize=1)
def shipped_figures() -> Figures:
    """The figures shipped with the app, loaded once; raises DataError if the file is broken."""
    return or_raise(*load_figures(default_path()))


def check_figure_ref(figures: Figures, doc: Document, pos: tuple[int, int], name: str, where: str) -> bool:
    """Record a located problem if ``name`` is not a known figure; used by flow and fault loaders."""
    if name in figures:
        return True
    doc.problem(pos, f"{where}: unknown figure '{name}'{suggest(name, figures.names())}")
    return False
